using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Host.PhpFpm;

/// <summary>One setting as php.ini (or a file of its scan folder) leaves it: the value and where it is written.</summary>
public sealed record PhpIniValue(string Name, string Value, Location Location);

/// <summary>
/// The php.ini settings of one PHP installation and SAPI, as PHP reads them: the main php.ini, then each <c>*.ini</c>
/// of the scan folder in byte order of their names, a later assignment replacing an earlier one. Sections that apply
/// only to some paths or hosts (<c>[PATH=...]</c>, <c>[HOST=...]</c>) are left out: they do not set the pool's value.
/// </summary>
public sealed class PhpIni
{
    private readonly Dictionary<string, PhpIniValue> _values = new(StringComparer.Ordinal);

    /// <summary>No php.ini known: the installation's layout is not known (the built-in defaults may not apply).</summary>
    public static PhpIni Unknown { get; } = new() { IsKnown = false };

    /// <summary>Whether ConfLint knows where this installation's php.ini is (whether or not the file exists: without one
    /// PHP runs on its built-in defaults).</summary>
    public bool IsKnown { get; private init; } = true;

    /// <summary>The files read, in the order PHP reads them.</summary>
    public List<FileId> Files { get; } = [];

    /// <summary>Values written with <c>${VAR}</c> that the environment does not give: unknown.</summary>
    public HashSet<string> Unresolved { get; } = new(StringComparer.Ordinal);

    public PhpIniValue? Get(string name) => _values.GetValueOrDefault(name);

    internal void Set(PhpIniValue value)
    {
        _values[value.Name] = value;
        Unresolved.Remove(value.Name);
    }

    internal void SetUnresolved(string name)
    {
        _values.Remove(name);
        Unresolved.Add(name);
    }
}
