using System.Globalization;

namespace ConfLint.Knowledge;

/// <summary>
/// The nginx directive table (<c>data/directives/nginx.txt</c>), parsed once on first use. Answers what nginx's
/// <c>ngx_conf_handler</c> answers: whether a name is known, whether it is allowed in a context, for a release and
/// a set of loaded dynamic modules; and, for fixes, the nearest enclosing context where a directive is allowed.
/// </summary>
public sealed class NginxDirectiveTable
{
    private static readonly Lazy<NginxDirectiveTable> Shared = new(Load);

    /// <summary>The table as stored (UTF-8): not decoded as a whole, only the lines of the names asked for. Null for the
    /// compiled-in table, which <see cref="Text"/> reads where it lies.</summary>
    private readonly byte[]? _text;

    /// <summary>Each name's slot; a slot's lines (start and length in <see cref="_text"/>) are found when the table is
    /// read, and made into <see cref="NginxDirectiveInfo"/>s when the name is first asked for: a run that meets twenty
    /// directive names parses twenty entries, not the eight hundred of the table.</summary>
    private readonly Dictionary<string, int> _slots;

    private readonly List<(int Start, int Length)>[] _lines;

    private readonly NginxDirectiveInfo[]?[] _infos;

    private readonly Lock _gate = new();

    private readonly Dictionary<string, (NginxValueKind, IReadOnlyList<string>)> _values = new(64, StringComparer.Ordinal);

    private readonly Dictionary<string, (NginxVersion, NginxVersion?)[]> _versions = new(64, StringComparer.Ordinal);

    private readonly Dictionary<string, string> _names = new(128, StringComparer.Ordinal);

    private NginxDirectiveTable(byte[]? text, Dictionary<string, int> slots, List<(int Start, int Length)>[] lines)
    {
        _text = text;
        _slots = slots;
        _lines = lines;
        _infos = new NginxDirectiveInfo[]?[lines.Length];
    }

    public static NginxDirectiveTable Instance => Shared.Value;

    /// <summary>Reads and parses the embedded table anew (<see cref="Instance"/> keeps one per process).</summary>
    internal static NginxDirectiveTable Load() => Parse(DirectiveData.Bytes(TableName), null);

    private const string TableName = "nginx.txt";

    private ReadOnlySpan<byte> Text => _text ?? DirectiveData.Bytes(TableName);

    /// <summary>Every dynamic module the table knows by its load name (<c>stream</c>, <c>http_geoip2</c>).</summary>
    public IReadOnlySet<string> DynamicModules => _dynamic ??= All().SelectMany(p => p.Infos).Select(i => i.Load).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private HashSet<string>? _dynamic;

    public int Count => All().Sum(p => p.Infos.Length);

    /// <summary>Every definition of a name, across modules and releases.</summary>
    public IReadOnlyList<NginxDirectiveInfo> Named(string name) => _slots.TryGetValue(name, out var slot) ? Infos(slot) : [];

    private NginxDirectiveInfo[] Infos(int slot)
    {
        if (Volatile.Read(ref _infos[slot]) is { } infos)
        {
            return infos;
        }

        lock (_gate)
        {
            if (_infos[slot] is { } parsed)
            {
                return parsed;
            }

            var lines = _lines[slot];
            var result = new NginxDirectiveInfo[lines.Count];
            Span<char> buffer = stackalloc char[256];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = ParseLine(Decode(Text.Slice(lines[i].Start, lines[i].Length), buffer));
            }

            Volatile.Write(ref _infos[slot], result);
            return result;
        }
    }

    private IEnumerable<(string Name, NginxDirectiveInfo[] Infos)> All() => _slots.Select(p => (p.Key, Infos(p.Value)));

    /// <summary>What nginx of <paramref name="version"/> makes of <paramref name="name"/> in <paramref name="context"/>.
    /// <paramref name="isLoaded"/> says whether a dynamic module is loaded (null: every module counts as loaded).</summary>
    public NginxLookup Find(string name, NginxContext context, NginxVersion version, Func<string, bool>? isLoaded = null)
    {
        NginxDirectiveInfo? found = null;
        var named = Named(name);
        for (var i = 0; i < named.Count; i++)
        {
            var info = named[i];
            if (!info.ExistsIn(version) || (info.Load is { } load && isLoaded is not null && !isLoaded(load)))
            {
                continue;
            }

            if (info.IsAllowedIn(context))
            {
                return new NginxLookup(NginxLookupStatus.Allowed, info);
            }

            found ??= info;
        }

        return found is null ? new NginxLookup(NginxLookupStatus.Unknown, null) : new NginxLookup(NginxLookupStatus.NotAllowedHere, found);
    }

    /// <summary>Whether nginx of <paramref name="version"/> takes <paramref name="name"/> in <paramref name="context"/>.</summary>
    public bool IsAllowed(string name, NginxContext context, NginxVersion? version = null) =>
        Find(name, context, version ?? NginxVersion.Newest).Status == NginxLookupStatus.Allowed;

    /// <summary>
    /// For a fix that inserts <paramref name="name"/>: the index in <paramref name="enclosing"/> (the contexts around
    /// the place, innermost first: <c>if in location</c>, <c>location</c>, <c>server</c>, <c>http</c>) of the nearest
    /// one where it is allowed, or -1 where none is.
    /// </summary>
    public int NearestAllowed(string name, IReadOnlyList<NginxContext> enclosing, NginxVersion? version = null)
    {
        for (var i = 0; i < enclosing.Count; i++)
        {
            if (IsAllowed(name, enclosing[i], version))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A known directive close to a name nginx does not know ("did you mean"), or null.</summary>
    public string? Suggest(string name, NginxContext context, NginxVersion version) =>
        Suggestions.Closest(name, All().Where(p => p.Infos.Any(i => i.ExistsIn(version) && i.IsAllowedIn(context))).Select(p => p.Name));

    internal static NginxDirectiveTable Parse(List<string> lines) => Parse(string.Join('\n', lines));

    /// <summary>
    /// Reads the table's text by hand, line by line over spans: here only each line's name and place (and that it has
    /// its eight fields); the fields are parsed when the name is first asked for, each distinct value, version and
    /// module field once (most lines share <c>-</c> and <c>*</c>).
    /// </summary>
    internal static NginxDirectiveTable Parse(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return Parse(bytes, bytes);
    }

    /// <summary>Indexes <paramref name="text"/>; <paramref name="owned"/> is the array that holds it, or null for the
    /// compiled-in table.</summary>
    private static NginxDirectiveTable Parse(ReadOnlySpan<byte> text, byte[]? owned)
    {
        var slots = new Dictionary<string, int>(1024, StringComparer.Ordinal);
        var lookup = slots.GetAlternateLookup<ReadOnlySpan<char>>();
        var lines = new List<List<(int Start, int Length)>>(1024);
        Span<char> buffer = stackalloc char[128];
        var offset = 0;
        while (offset < text.Length)
        {
            var rest = text[offset..];
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            var start = offset;
            offset += newline < 0 ? rest.Length : newline + 1;
            line = line.TrimEnd((byte)'\r');
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            // name module contexts args flags value load versions
            if (line.Count((byte)' ') != 7)
            {
                throw new FormatException($"nginx.txt: expected 8 fields in '{System.Text.Encoding.UTF8.GetString(line)}'");
            }

            var name = Decode(line[..line.IndexOf((byte)' ')], buffer);
            if (!lookup.TryGetValue(name, out var slot))
            {
                slot = lines.Count;
                lookup[name] = slot;
                lines.Add(new List<(int, int)>(1));
            }

            lines[slot].Add((start, line.Length));
        }

        return new NginxDirectiveTable(owned, slots, lines.ToArray());
    }

    /// <summary>UTF-8 to UTF-16, into <paramref name="buffer"/> when it is long enough.</summary>
    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes, Span<char> buffer)
    {
        if (bytes.Length > buffer.Length)
        {
            buffer = new char[bytes.Length];
        }

        return buffer[..System.Text.Encoding.UTF8.GetChars(bytes, buffer)];
    }

    /// <summary>One line of the table (called under <see cref="_gate"/>, which guards the shared field caches).</summary>
    private NginxDirectiveInfo ParseLine(ReadOnlySpan<char> line)
    {
        Span<Range> fields = stackalloc Range[9];
        line.Split(fields, ' ');
        var flags = line[fields[4]];
        var values = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        var value = line[fields[5]];
        if (!values.TryGetValue(value, out var parsedValue))
        {
            parsedValue = ParseValue(value.ToString());
            values[value] = parsedValue;
        }

        var versions = _versions.GetAlternateLookup<ReadOnlySpan<char>>();
        var versionField = line[fields[7]];
        if (!versions.TryGetValue(versionField, out var parsedVersions))
        {
            parsedVersions = ParseVersions(versionField.ToString());
            versions[versionField] = parsedVersions;
        }

        var names = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        var load = line[fields[6]];
        string? loadName = null;
        if (load is not "-" && !names.TryGetValue(load, out loadName))
        {
            loadName = load.ToString();
            names[load] = loadName;
        }

        var module = line[fields[1]];
        if (!names.TryGetValue(module, out var moduleName))
        {
            moduleName = module.ToString();
            names[module] = moduleName;
        }

        var name = _slots.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(line[fields[0]], out var actualName, out _) ? actualName : line[fields[0]].ToString();
        return new NginxDirectiveInfo(name, moduleName, NginxContexts.Parse(line[fields[2]]), ArgumentCount.Parse(line[fields[3]]),
            flags.Contains('b'), flags.Contains('d'), flags.Contains('r'), parsedValue.Item1, parsedValue.Item2, loadName, parsedVersions);
    }

    private static (NginxValueKind, IReadOnlyList<string>) ParseValue(string code)
    {
        var colon = code.IndexOf(':');
        var head = colon < 0 ? code : code[..colon];
        var values = colon < 0 ? [] : code[(colon + 1)..].Split('/');
        var kind = head switch
        {
            "flag" => NginxValueKind.Flag,
            "num" => NginxValueKind.Number,
            "size" => NginxValueKind.Size,
            "off" => NginxValueKind.Offset,
            "msec" => NginxValueKind.Milliseconds,
            "sec" => NginxValueKind.Seconds,
            "enum" => NginxValueKind.Enum,
            "bitmask" => NginxValueKind.Bitmask,
            "bufs" => NginxValueKind.Buffers,
            "str" => NginxValueKind.String,
            "path" => NginxValueKind.Path,
            "access" => NginxValueKind.Access,
            _ => NginxValueKind.Custom,
        };
        return (kind, values);
    }

    private static (NginxVersion, NginxVersion?)[] ParseVersions(string code)
    {
        if (code == "*")
        {
            return [(new NginxVersion(0, 0, 0), null)];
        }

        var ranges = code.Split(',');
        var result = new (NginxVersion, NginxVersion?)[ranges.Length];
        for (var i = 0; i < ranges.Length; i++)
        {
            var range = ranges[i];
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var from = dash == 0 ? new NginxVersion(0, 0, 0) : Version(range[..dash]);
            NginxVersion? to = dash == range.Length - 1 ? null : Version(range[(dash + 1)..]);
            result[i] = (from, to);
        }

        return result;
    }

    private static NginxVersion Version(string text) =>
        NginxVersion.TryParse(text, out var version) ? version : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"nginx.txt: bad version '{text}'"));
}
