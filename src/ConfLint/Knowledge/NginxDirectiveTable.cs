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

    private readonly Dictionary<string, NginxDirectiveInfo[]> _byName;

    private NginxDirectiveTable(Dictionary<string, NginxDirectiveInfo[]> byName)
    {
        _byName = byName;
    }

    public static NginxDirectiveTable Instance => Shared.Value;

    /// <summary>Reads and parses the embedded table anew (<see cref="Instance"/> keeps one per process).</summary>
    internal static NginxDirectiveTable Load() => Parse(DirectiveData.Text("nginx.txt"));

    /// <summary>Every dynamic module the table knows by its load name (<c>stream</c>, <c>http_geoip2</c>).</summary>
    public IReadOnlySet<string> DynamicModules => _dynamic ??= _byName.Values.SelectMany(v => v).Select(i => i.Load).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private HashSet<string>? _dynamic;

    public int Count => _byName.Values.Sum(v => v.Length);

    /// <summary>Every definition of a name, across modules and releases.</summary>
    public IReadOnlyList<NginxDirectiveInfo> Named(string name) => _byName.GetValueOrDefault(name) ?? [];

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
        Suggestions.Closest(name, _byName.Where(p => p.Value.Any(i => i.ExistsIn(version) && i.IsAllowedIn(context))).Select(p => p.Key));

    internal static NginxDirectiveTable Parse(List<string> lines) => Parse(string.Join('\n', lines));

    /// <summary>
    /// Reads the table's text by hand, line by line over spans: no field strings but the name, and each distinct value
    /// and version field parsed once (most lines share <c>-</c> and <c>*</c>).
    /// </summary>
    internal static NginxDirectiveTable Parse(string text)
    {
        var lists = new Dictionary<string, List<NginxDirectiveInfo>>(1024, StringComparer.Ordinal);
        var values = new Dictionary<string, (NginxValueKind, IReadOnlyList<string>)>(64, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var versions = new Dictionary<string, (NginxVersion, NginxVersion?)[]>(64, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var loads = new Dictionary<string, string>(16, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var modules = new Dictionary<string, string>(128, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        Span<Range> fields = stackalloc Range[9];
        var rest = text.AsSpan();
        while (rest.Length > 0)
        {
            var newline = rest.IndexOf('\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? [] : rest[(newline + 1)..];
            line = line.TrimEnd('\r');
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            // name module contexts args flags value load versions
            if (line.Split(fields, ' ') != 8)
            {
                throw new FormatException($"nginx.txt: expected 8 fields in '{line}'");
            }

            var flags = line[fields[4]];
            var value = line[fields[5]];
            if (!values.TryGetValue(value, out var parsedValue))
            {
                parsedValue = ParseValue(value.ToString());
                values[value] = parsedValue;
            }

            var versionField = line[fields[7]];
            if (!versions.TryGetValue(versionField, out var parsedVersions))
            {
                parsedVersions = ParseVersions(versionField.ToString());
                versions[versionField] = parsedVersions;
            }

            var load = line[fields[6]];
            string? loadName = null;
            if (load is not "-" && !loads.TryGetValue(load, out loadName))
            {
                loadName = load.ToString();
                loads[load] = loadName;
            }

            var module = line[fields[1]];
            if (!modules.TryGetValue(module, out var moduleName))
            {
                moduleName = module.ToString();
                modules[module] = moduleName;
            }

            var name = line[fields[0]].ToString();
            var info = new NginxDirectiveInfo(name, moduleName, NginxContexts.Parse(line[fields[2]]), ArgumentCount.Parse(line[fields[3]]),
                flags.Contains('b'), flags.Contains('d'), flags.Contains('r'), parsedValue.Item1, parsedValue.Item2, loadName, parsedVersions);
            if (!lists.TryGetValue(name, out var list))
            {
                lists[name] = list = new List<NginxDirectiveInfo>(2);
            }

            list.Add(info);
        }

        var byName = new Dictionary<string, NginxDirectiveInfo[]>(lists.Count, StringComparer.Ordinal);
        foreach (var (name, list) in lists)
        {
            byName[name] = list.ToArray();
        }

        return new NginxDirectiveTable(byName);
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
