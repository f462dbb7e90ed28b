namespace ConfLint.Knowledge;

/// <summary>The Apache 2.4 table (<c>data/directives/apache.txt</c>), parsed once on first use; names compare without case.</summary>
public sealed class ApacheDirectiveTable
{
    /// <summary>The modules Debian's apache2 has compiled in (<c>apache2 -l</c>): never loaded, always there.</summary>
    public static readonly IReadOnlySet<string> BuiltIn = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "core", "http_core", "mod_so", "mod_watchdog", "mod_log_config", "mod_logio", "mod_version", "mod_unixd",
    };

    /// <summary>The modules RHEL's (and Fedora's) httpd has compiled in (<c>httpd -l</c>: core.c, mod_so.c, http_core.c):
    /// the package builds every other module shared, mod_version, mod_log_config, mod_logio, mod_unixd and mod_watchdog
    /// included, and its <c>conf.modules.d/00-base.conf</c> loads them.</summary>
    public static readonly IReadOnlySet<string> RhelBuiltIn = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "core", "http_core", "mod_so",
    };

    /// <summary>The compiled-in modules of the httpd that reads a configuration whose main file is
    /// <paramref name="mainPath"/>: RHEL's where it is <c>/etc/httpd/conf/httpd.conf</c> and
    /// <paramref name="modulesFolder"/> (files of <c>/etc/httpd/conf.modules.d</c> are read), else Debian's larger list,
    /// so that a module of a build not known is never called missing.</summary>
    public static IReadOnlySet<string> BuiltInFor(string mainPath, bool modulesFolder) =>
        mainPath == "/etc/httpd/conf/httpd.conf" && modulesFolder ? RhelBuiltIn : BuiltIn;

    /// <summary>Whether <paramref name="path"/> is a file of RHEL's module folder, <c>/etc/httpd/conf.modules.d</c>.</summary>
    public static bool InRhelModulesFolder(string path) => path.StartsWith("/etc/httpd/conf.modules.d/", StringComparison.Ordinal);

    private static readonly Lazy<ApacheDirectiveTable> Shared = new(Load);

    private readonly Dictionary<string, ApacheDirectiveInfo[]> _byName;

    private readonly Dictionary<string, string> _sourceById;

    private ApacheDirectiveTable(Dictionary<string, ApacheDirectiveInfo[]> byName, IEnumerable<string> modules, Dictionary<string, string> sourceById)
    {
        _byName = byName;
        _sourceById = sourceById;
        _modules.UnionWith(modules);
        _modules.UnionWith(byName.Values.SelectMany(v => v).Select(i => i.Module));
    }

    public static ApacheDirectiveTable Instance => Shared.Value;

    /// <summary>Reads and parses the embedded table anew (<see cref="Instance"/> keeps one per process).</summary>
    internal static ApacheDirectiveTable Load() => Parse(DirectiveData.Lines("apache.txt"));

    public int Count => _byName.Values.Sum(v => v.Length);

    /// <summary>Every module the table knows (<c>mod_proxy</c>, <c>mpm_event</c>, <c>core</c>).</summary>
    public IReadOnlySet<string> Modules => _modules;

    private readonly HashSet<string> _modules = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The source name (<c>mod_php</c>) of a third-party module the table knows by the identifier LoadModule
    /// names (<c>php_module</c>, from an <c>@module</c> line), or null.</summary>
    public string? SourceOf(string identifier) => _sourceById.GetValueOrDefault(identifier);

    /// <summary>The definitions of a directive (<c>ProxyPass</c>) or section (<c>&lt;Directory</c>), any case.</summary>
    public IReadOnlyList<ApacheDirectiveInfo> Named(string name) => _byName.GetValueOrDefault(name) ?? [];

    /// <summary>The definition among <paramref name="name"/>'s whose module is loaded (null: every module counts), or null.</summary>
    /// <param name="builtIn">The compiled-in modules (<see cref="BuiltInFor"/>; Debian's where null).</param>
    public ApacheDirectiveInfo? Find(string name, Func<string, bool>? isLoaded = null, IReadOnlySet<string>? builtIn = null) =>
        Named(name).FirstOrDefault(i => isLoaded is null || (builtIn ?? BuiltIn).Contains(i.Module) || isLoaded(i.Module));

    public string? Suggest(string name) => Suggestions.Closest(name, _byName.Keys.Where(k => k[0] != '<'), ignoreCase: true);

    internal static ApacheDirectiveTable Parse(List<string> lines)
    {
        var byName = new Dictionary<string, List<ApacheDirectiveInfo>>(StringComparer.OrdinalIgnoreCase);
        var modules = new List<string>();
        var sourceById = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            if (line.StartsWith("@module ", StringComparison.Ordinal))
            {
                // @module SOURCE ID
                var m = line.Split(' ');
                if (m.Length != 3)
                {
                    throw new FormatException($"apache.txt: expected '@module SOURCE ID' in '{line}'");
                }

                sourceById[m[2]] = m[1];
                modules.Add(m[1]);
                continue;
            }

            if (line.StartsWith("@modules ", StringComparison.Ordinal))
            {
                modules.AddRange(line.Split(' ').Skip(1));
                continue;
            }

            // name module contexts args checks
            var f = line.Split(' ');
            if (f.Length != 5)
            {
                throw new FormatException($"apache.txt: expected 5 fields in '{line}'");
            }

            var info = new ApacheDirectiveInfo(f[0], f[1], f[2].Contains('s'), f[2].Contains('d'), ArgumentCount.Parse(f[3]), f[3] != "?", f[4]);
            if (!byName.TryGetValue(info.Name, out var list))
            {
                byName[info.Name] = list = [];
            }

            list.Add(info);
        }

        return new ApacheDirectiveTable(byName.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase), modules, sourceById);
    }
}
