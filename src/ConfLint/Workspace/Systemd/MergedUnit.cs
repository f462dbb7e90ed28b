using System.Runtime.InteropServices;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Workspace.Systemd;

/// <summary>
/// A unit as systemd loads it: the unit file, then each drop-in in order, read as one stream of assignments
/// per section (assignments before the first section are ignored, as systemd ignores them). A list setting
/// (<see cref="SystemdListSettings"/>) accumulates and an empty assignment resets it; any other setting takes
/// its last assignment, and an empty one restores the default. Every value comes with the entry it was read
/// from, so a rule can point at the file and line.
/// </summary>
public sealed class MergedUnit
{
    // Each setting's assignments as an array of their number: most are assigned once, and a list per setting was two
    // objects each of the 30,000 settings of a host of 2,000 services.
    private readonly Dictionary<(string Section, string Key), SystemdEntry[]> _assignments = new();

    /// <param name="files">The unit's files.</param>
    /// <param name="sources">The parsed files, in the order systemd applies them (the unit file first).</param>
    /// <param name="errors">Files that could not be parsed (systemd refuses a unit whose file has a bad section header).</param>
    public MergedUnit(UnitFileSet files, IReadOnlyList<SystemdUnitFile> sources, IReadOnlyList<SyntaxError>? errors = null)
    {
        Files = files;
        Sources = sources;
        Errors = errors ?? [];
        // A setting assigned again grows its array by doubling (a unit may repeat Environment= thousands of times), the
        // slots used counted aside and the arrays cut to size at the end.
        Dictionary<(string Section, string Key), int>? repeated = null;
        foreach (var source in sources)
        {
            foreach (var section in source.Sections)
            {
                foreach (var entry in section.Entries)
                {
                    var key = (section.Name, entry.Key);
                    ref var assigned = ref CollectionsMarshal.GetValueRefOrAddDefault(_assignments, key, out var exists);
                    if (!exists)
                    {
                        assigned = [entry];
                        continue;
                    }

                    ref var used = ref CollectionsMarshal.GetValueRefOrAddDefault(repeated ??= [], key, out var counted);
                    used = counted ? used : 1;
                    if (used == assigned!.Length)
                    {
                        Array.Resize(ref assigned, used * 2);
                    }

                    assigned[used++] = entry;
                }
            }
        }

        foreach (var (key, used) in repeated ?? [])
        {
            ref var assigned = ref CollectionsMarshal.GetValueRefOrNullRef(_assignments, key);
            Array.Resize(ref assigned, used);
        }
    }

    public UnitFileSet Files { get; }

    public string Name => Files.Name;

    /// <summary>The parsed files that were applied, unit file first; none for a masked unit.</summary>
    public IReadOnlyList<SystemdUnitFile> Sources { get; }

    public IReadOnlyList<SyntaxError> Errors { get; }

    /// <summary>
    /// Reads and parses the files of <paramref name="files"/>. <paramref name="parse"/> may supply trees already
    /// parsed (by server path); a file that cannot be read or parsed is left out, its syntax error kept in
    /// <see cref="Errors"/>.
    /// </summary>
    public static MergedUnit Load(RootedFileSystem fs, UnitFileSet files, Func<string, ParseResult?>? parse = null)
    {
        var sources = new List<SystemdUnitFile>();
        var errors = new List<SyntaxError>();
        foreach (var path in files.Files)
        {
            var result = parse?.Invoke(path) ?? Parse(fs, path);
            if (result?.Tree?.Root is SystemdUnitFile file)
            {
                sources.Add(file);
            }
            else if (result?.Error is { } error)
            {
                errors.Add(error);
            }
        }

        return new MergedUnit(files, sources, errors);
    }

    /// <summary>Every assignment of <paramref name="key"/> in <paramref name="section"/>, in the order applied.</summary>
    public IReadOnlyList<SystemdEntry> Assignments(string section, string key) =>
        _assignments.TryGetValue((section, key), out var list) ? list : [];

    /// <summary>
    /// The assignments that are in effect: for a list setting, the non-empty ones after the last empty one; for
    /// another setting, the last one, or none when it is empty (the default applies).
    /// </summary>
    public IReadOnlyList<SystemdEntry> Effective(string section, string key)
    {
        var all = Assignments(section, key);
        if (all.Count == 0)
        {
            return [];
        }

        if (!SystemdListSettings.IsList(key))
        {
            return all[^1].IsEmpty ? [] : all.Count == 1 ? all : [all[^1]];
        }

        var reset = -1;
        for (var i = all.Count - 1; i >= 0; i--)
        {
            if (all[i].IsEmpty)
            {
                reset = i;
                break;
            }
        }

        return reset < 0 ? all : all.Skip(reset + 1).ToList();
    }

    /// <summary>The entry that sets a single-valued setting, or null when it is unset or reset to its default.</summary>
    public SystemdEntry? EffectiveEntry(string section, string key) => Effective(section, key) is { Count: > 0 } list ? list[^1] : null;

    /// <summary>The value of a single-valued setting, or null when unset or reset.</summary>
    public string? Get(string section, string key) => EffectiveEntry(section, key)?.Value;

    /// <summary>The values in effect, one per assignment (split them with <see cref="SystemdText.SplitWords(string)"/>
    /// or <see cref="SystemdCommandLine.Parse"/> as the setting requires).</summary>
    public IReadOnlyList<string> GetAll(string section, string key) => Effective(section, key).Select(e => e.Value).ToList();

    /// <summary>Whether any applied file has a section called <paramref name="section"/>.</summary>
    public bool HasSection(string section) => Sources.Any(s => s.Sections.Any(x => x.Name == section));

    public override string ToString() => Name;

    private static ParseResult? Parse(RootedFileSystem fs, string path)
    {
        try
        {
            var source = SourceText.FromBytes(fs.DisplayPath(path), fs.ReadAllBytes(path));
            return ConfigParser.Parse(source, ConfigKind.Systemd);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
