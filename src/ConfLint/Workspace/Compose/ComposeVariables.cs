using System.Collections.Concurrent;

namespace ConfLint.Workspace.Compose;

/// <summary>
/// The variables a Compose project's files are interpolated with, as far as ConfLint can see them: the <c>.env</c> file
/// of the project folder (Compose's default env file; <c>env_file:</c> gives variables to containers, never to
/// interpolation). The environment <c>docker compose</c> is started from on the server is not seen (the environment of
/// the machine running ConfLint is not the server's and is never read): its values win over <c>.env</c>'s there, so a
/// value from <c>.env</c> is what the project's own files say, and a variable set nowhere ConfLint reads is unknown
/// unless its reference gives a default.
/// </summary>
public sealed class ComposeVariables
{
    /// <summary>Larger than any env file written by hand: left unread.</summary>
    private const int MaxDotEnvBytes = 256 * 1024;

    private readonly IReadOnlyDictionary<string, string?> _values;

    private readonly ConcurrentDictionary<string, byte> _unresolved = new(StringComparer.Ordinal);

    private readonly bool _allUnknown;

    private int _used;

    private ComposeVariables(string? dotEnv, IReadOnlyDictionary<string, string?> values, string? problem)
    {
        DotEnvDisplay = dotEnv;
        _values = values;
        Problem = problem;
        _allUnknown = problem is not null;
    }

    /// <summary>No <c>.env</c>: every variable without a default is unknown. A new one each time: it records what its
    /// project's files used.</summary>
    public static ComposeVariables None() => new(null, new Dictionary<string, string?>(), null);

    /// <summary>The <c>.env</c> of the project folder as reports name it, or null when it has none.</summary>
    public string? DotEnvDisplay { get; }

    /// <summary>Why the <c>.env</c> was not used (Compose refuses it, or it cannot be read): every variable is then unknown.</summary>
    public string? Problem { get; }

    public IReadOnlyDictionary<string, string?> Values => _values;

    /// <summary>Whether any value of the project's files referred to a variable.</summary>
    public bool Used => _used > 0;

    /// <summary>The variables values referred to without a value ConfLint knows and without a default, in order.</summary>
    public IReadOnlyList<string> Unresolved => _unresolved.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The <c>.env</c> of <paramref name="folder"/> as Compose reads it, through the root's file system (links
    /// followed only inside the root; never a secret path).</summary>
    internal static ComposeVariables Load(RootedFileSystem fs, string folder)
    {
        var path = folder.TrimEnd('/') + "/.env";
        return fs.FileExists(path) ? LoadFile(fs, path) : None();
    }

    /// <summary>
    /// The variables an included Compose model is interpolated with (compose-go <c>loader/include.go</c>, ApplyInclude:
    /// <c>environment.Clone().Merge(envFromFile)</c>, and <c>Mapping.Merge</c> adds only the keys not set yet): the
    /// including project's variables win, the include's env files (its <c>env_file</c>, else the <c>.env</c> of its
    /// project directory) add the ones it does not set, a later env file over an earlier one (dotenv's
    /// <c>GetEnvFromFile</c>). Either side's problem makes every variable unknown.
    /// </summary>
    internal static ComposeVariables Imported(ComposeVariables parent, IReadOnlyList<ComposeVariables> own)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in own)
        {
            foreach (var (key, value) in file._values)
            {
                values[key] = value;
            }
        }

        foreach (var (key, value) in parent._values)
        {
            values[key] = value;
        }

        var problem = parent.Problem ?? own.Select(o => o.Problem).FirstOrDefault(p => p is not null);
        var display = own.Select(o => o.DotEnvDisplay).LastOrDefault(d => d is not null) ?? parent.DotEnvDisplay;
        return new ComposeVariables(display, values, problem);
    }

    /// <summary>One env file read as Compose reads <c>.env</c> (an include's <c>env_file</c>), through the root's file system.</summary>
    internal static ComposeVariables LoadFile(RootedFileSystem fs, string path)
    {

        if (fs.ReadablePath(path) is null)
        {
            return new ComposeVariables(fs.DisplayPath(path), new Dictionary<string, string?>(), "it is not read (outside the root, or a secret path)");
        }

        try
        {
            var bytes = fs.ReadAllBytes(path);
            if (bytes.Length > MaxDotEnvBytes)
            {
                return new ComposeVariables(fs.DisplayPath(path), new Dictionary<string, string?>(), $"it is larger than {MaxDotEnvBytes / 1024} KiB; not read");
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            var text = System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
            var problem = DotEnv.Read(text, values, _ => ComposeVariable.Unset);
            return new ComposeVariables(fs.DisplayPath(path), values, problem is null ? null : $"Compose refuses it ({problem})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ComposeVariables(fs.DisplayPath(path), new Dictionary<string, string?>(), $"it cannot be read ({e.Message})");
        }
    }

    /// <summary>What ConfLint knows of one variable.</summary>
    public ComposeVariable Lookup(string name)
    {
        if (_allUnknown)
        {
            return ComposeVariable.Unresolved;
        }

        return _values.TryGetValue(name, out var value) ? (value is null ? ComposeVariable.Unresolved : ComposeVariable.Of(value)) : ComposeVariable.Unset;
    }

    /// <summary>A value of the project's files after interpolation, or null when it is unknown (see <see cref="ComposeInterpolation"/>).</summary>
    public string? Interpolate(string text)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        // The names whose missing value makes a value unknown are remembered, for the note of what was not judged.
        var looked = false;
        var result = ComposeInterpolation.Substitute(
            text,
            name =>
            {
                looked = true;
                return Lookup(name);
            },
            name => _unresolved.TryAdd(name, 0));
        if (looked)
        {
            Interlocked.Increment(ref _used);
        }

        return result;
    }

    /// <summary>What --verbose says of the project's variables: where they came from and what was not seen; null when its
    /// files use none.</summary>
    public string? Note(string composeFile)
    {
        if (!Used)
        {
            return null;
        }

        var source = DotEnvDisplay is null ? "no .env beside it"
            : Problem is not null ? $"{DotEnvDisplay} not used: {Problem}"
            : $"variables from {DotEnvDisplay} ({_values.Count} set)";
        var unresolved = Unresolved;
        var missing = unresolved.Count == 0 ? string.Empty
            : $"; {string.Join(", ", unresolved.Take(8).Select(n => "${" + n + "}"))}{(unresolved.Count > 8 ? $" and {unresolved.Count - 8} more" : string.Empty)} "
              + "without a known value or a default: what depends on them is not judged";
        return $"{composeFile}: Compose interpolation: {source}{missing}; the environment 'docker compose' is started from on the server " +
            "is not seen (it wins over .env; the environment of the machine running ConfLint is not read)";
    }
}
