namespace ConfLint.Knowledge;

/// <summary>The systemd 252 unit keys (<c>data/directives/systemd.txt</c>): each section's keys and their value type.</summary>
public sealed class SystemdKeyTable
{
    private static readonly Lazy<SystemdKeyTable> Shared = new(Load);

    private readonly Dictionary<string, Dictionary<string, string>> _sections;

    private SystemdKeyTable(Dictionary<string, Dictionary<string, string>> sections)
    {
        _sections = sections;
    }

    public static SystemdKeyTable Instance => Shared.Value;

    /// <summary>Reads and parses the embedded table anew (<see cref="Instance"/> keeps one per process).</summary>
    internal static SystemdKeyTable Load() => Parse(DirectiveData.Lines("systemd.txt"));

    public IEnumerable<string> Sections => _sections.Keys;

    public bool HasSection(string section) => _sections.ContainsKey(section);

    /// <summary>The value type systemd documents for a key (<c>BOOLEAN</c>, <c>SECONDS</c>), or null where systemd says
    /// "Unknown key name"; names compare with case, as systemd does.</summary>
    public string? Find(string section, string key) =>
        _sections.TryGetValue(section, out var keys) && keys.TryGetValue(key, out var type) ? type : null;

    public string? Suggest(string section, string key) =>
        _sections.TryGetValue(section, out var keys) ? Suggestions.Closest(key, keys.Keys) : null;

    internal static SystemdKeyTable Parse(List<string> lines)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var line in lines)
        {
            if (line[0] == '[')
            {
                var name = line[1..^1];
                if (!sections.TryGetValue(name, out current))
                {
                    sections[name] = current = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                continue;
            }

            var tab = line.IndexOf('\t');
            current![tab < 0 ? line : line[..tab]] = tab < 0 ? string.Empty : line[(tab + 1)..];
        }

        return new SystemdKeyTable(sections);
    }
}
