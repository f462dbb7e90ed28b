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

    /// <summary>Where each directive line starts and how long it is, in the order of the lines' names (ordinal, the
    /// lines of one name in the table's order): a name's lines are found by binary search. Reading the table costs this
    /// one array and no string; a string per name, a dictionary and a list per name had made the table a millisecond of
    /// a one-file lint, most of it the first touch of the memory they took.</summary>
    private readonly (int Start, int Length)[] _lines;

    /// <summary>The definitions of each name asked for, made into <see cref="NginxDirectiveInfo"/>s when first asked: a
    /// run that meets twenty directive names parses twenty entries, not the eight hundred of the table. Names the table
    /// does not have are not kept (a hostile file can hold any number of them). Read without a lock and replaced by a
    /// copy with one more name under <see cref="_gate"/>: a plain dictionary hashes a name faster than a concurrent one,
    /// and it is asked once for every directive of a tree.</summary>
    private Dictionary<string, NginxDirectiveInfo[]> _infos = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();

    private readonly Dictionary<string, (NginxValueKind, IReadOnlyList<string>)> _values = new(64, StringComparer.Ordinal);

    private readonly Dictionary<string, (NginxVersion, NginxVersion?)[]> _versions = new(64, StringComparer.Ordinal);

    private readonly Dictionary<string, string> _names = new(128, StringComparer.Ordinal);

    private NginxDirectiveTable(byte[]? text, (int Start, int Length)[] lines)
    {
        _text = text;
        _lines = lines;
    }

    public static NginxDirectiveTable Instance => Shared.Value;

    /// <summary>Reads and parses the embedded table anew (<see cref="Instance"/> keeps one per process).</summary>
    internal static NginxDirectiveTable Load() => Parse(DirectiveData.Bytes(TableName), null);

    private const string TableName = "nginx.txt";

    private ReadOnlySpan<byte> Text => _text ?? DirectiveData.Bytes(TableName);

    /// <summary>Every dynamic module the table knows by its load name (<c>stream</c>, <c>http_geoip2</c>).</summary>
    public IReadOnlySet<string> DynamicModules => _dynamic ??= ReadDynamicModules();

    private HashSet<string>? _dynamic;

    /// <summary>The load field (the seventh) of every line, read where it lies: no line is made into a definition.</summary>
    private HashSet<string> ReadDynamicModules()
    {
        var modules = new HashSet<string>(StringComparer.Ordinal);
        var text = Text;
        foreach (var (start, length) in _lines)
        {
            // name module contexts args flags value load versions: the load field lies between the sixth and seventh space.
            var rest = text.Slice(start, length);
            for (var field = 0; field < 6; field++)
            {
                rest = rest[(rest.IndexOf((byte)' ') + 1)..];
            }

            var load = rest[..rest.IndexOf((byte)' ')];
            if (!(load.Length == 1 && load[0] == (byte)'-'))
            {
                modules.Add(System.Text.Encoding.UTF8.GetString(load));
            }
        }

        return modules;
    }

    public int Count => _lines.Length;

    /// <summary>Every definition of a name, across modules and releases.</summary>
    public IReadOnlyList<NginxDirectiveInfo> Named(string name)
    {
        if (Volatile.Read(ref _infos).TryGetValue(name, out var known))
        {
            return known;
        }

        var (first, count) = Range(name);
        return count == 0 ? [] : Infos(name, first, count);
    }

    /// <summary>The lines of <paramref name="name"/>: the first one's index in <see cref="_lines"/>, and how many.</summary>
    private (int First, int Count) Range(ReadOnlySpan<char> name)
    {
        var text = Text;
        int low = 0, high = _lines.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (CompareName(NameOf(text, _lines[middle]), name) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var end = low;
        while (end < _lines.Length && CompareName(NameOf(text, _lines[end]), name) == 0)
        {
            end++;
        }

        return (low, end - low);
    }

    private static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> text, (int Start, int Length) line)
    {
        var span = text.Slice(line.Start, line.Length);
        return span[..span.IndexOf((byte)' ')];
    }

    /// <summary>A name in the table (UTF-8) against one asked for, ordinal by UTF-16 unit; the table's names are ASCII, and
    /// a byte of 0x80 or more sorts after them as any non-ASCII character does.</summary>
    private static int CompareName(ReadOnlySpan<byte> stored, ReadOnlySpan<char> name)
    {
        var length = Math.Min(stored.Length, name.Length);
        for (var i = 0; i < length; i++)
        {
            var difference = stored[i] - name[i];
            if (difference != 0)
            {
                return difference;
            }
        }

        return stored.Length - name.Length;
    }

    private static int CompareNames(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b);

    private NginxDirectiveInfo[] Infos(string name, int first, int count)
    {
        lock (_gate)
        {
            if (_infos.TryGetValue(name, out var parsed))
            {
                return parsed;
            }

            var result = new NginxDirectiveInfo[count];
            Span<char> buffer = stackalloc char[256];
            for (var i = 0; i < count; i++)
            {
                var (start, length) = _lines[first + i];
                result[i] = ParseLine(name, Decode(Text.Slice(start, length), buffer));
            }

            Volatile.Write(ref _infos, new Dictionary<string, NginxDirectiveInfo[]>(_infos, StringComparer.Ordinal) { [name] = result });
            return result;
        }
    }

    private IEnumerable<(string Name, NginxDirectiveInfo[] Infos)> All()
    {
        var first = 0;
        while (first < _lines.Length)
        {
            var nameBytes = NameOf(Text, _lines[first]);
            var name = System.Text.Encoding.UTF8.GetString(nameBytes);
            var count = 1;
            while (first + count < _lines.Length && NameOf(Text, _lines[first + count]).SequenceEqual(NameOf(Text, _lines[first])))
            {
                count++;
            }

            yield return (name, Volatile.Read(ref _infos).TryGetValue(name, out var known) ? known : Infos(name, first, count));
            first += count;
        }
    }

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
        var lines = new List<(int Start, int Length)>(1024);
        var sorted = true;
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

            if (lines.Count > 0 && CompareNames(NameOf(text, lines[^1]), line[..line.IndexOf((byte)' ')]) > 0)
            {
                sorted = false;
            }

            lines.Add((start, line.Length));
        }

        var index = lines.ToArray();
        if (!sorted)
        {
            // The embedded table is kept in name order; a table written otherwise (tests) is put in it, stably.
            var copy = owned ??= text.ToArray();
            var order = new int[index.Length];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            var entries = index;
            Array.Sort(order, (a, b) =>
            {
                var bytes = (ReadOnlySpan<byte>)copy;
                var byName = CompareNames(NameOf(bytes, entries[a]), NameOf(bytes, entries[b]));
                return byName != 0 ? byName : a.CompareTo(b);
            });
            index = order.Select(i => entries[i]).ToArray();
        }

        return new NginxDirectiveTable(owned, index);
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
    private NginxDirectiveInfo ParseLine(string name, ReadOnlySpan<char> line)
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
