using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Nginx;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Io.Sandbox;

/// <summary>
/// What a daemon's own check would load or run from a staged tree, decided before it runs. Only modules of this
/// machine's own module folders may load: nginx's (<c>load_module</c>), Apache's (<c>LoadModule</c>; <c>LoadFile</c>
/// only from the system's libraries), PHP's extension folder (<c>extension=</c>, <c>zend_extension=</c>). Anything
/// else, a path that climbs with <c>..</c>, a variable that cannot be read, a file whose text cannot be parsed, or a
/// directive that makes a module run code named by the configuration at load time (nginx <c>perl*</c>, <c>js_*</c>,
/// <c>*_by_lua*</c>, <c>ssl_engine</c>, <c>engine:</c> keys; Apache <c>&lt;Perl&gt;</c>, <c>Perl*</c>, an
/// <c>SSLCryptoDevice</c>, a directive named by a variable or a macro's parameter, any <c>exec:</c> argument (<c>SSLPassPhraseDialog</c>, <c>SSLRandomSeed</c>); PHP <c>opcache.preload</c>, <c>ffi.preload</c>), makes
/// that daemon's verdict "cannot judge": its check is not run at all.
/// </summary>
internal static class ModulePolicy
{
    private static readonly string[] NginxModuleFolders = ["/usr/lib/nginx/modules", "/usr/lib64/nginx/modules", "/usr/share/nginx/modules"];
    private static readonly string[] ApacheModuleFolders = ["/usr/lib/apache2/modules", "/usr/lib64/httpd/modules", "/usr/lib/httpd/modules"];
    private static readonly string[] SystemLibraryFolders = ["/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/local/lib"];

    /// <summary>Where a tree expects a module folder that the sandbox fills with this machine's (RHEL keeps links there).</summary>
    public static IReadOnlyList<(string Source, string Target)> ModuleMounts(StagedTree stage, ConfigKind kind)
    {
        var (target, folders) = kind == ConfigKind.Nginx ? ("/etc/nginx/modules", NginxModuleFolders) : ("/etc/httpd/modules", ApacheModuleFolders);
        var host = folders.FirstOrDefault(f => PosixFiles.Stat(f).Type == FileType.Directory);
        var parent = target[..target.LastIndexOf('/')];
        if (host is null || !stage.Exists(parent))
        {
            return [];
        }

        // The tree's own folder there is never staged; the mount needs a folder to cover.
        stage.AddFolder(target);
        return [(host, target)];
    }

    /// <summary>The nginx files of a stage that must not be run, and why; empty when nginx may check it.</summary>
    public static List<string> Nginx(RootedFileSystem stage, IEnumerable<string> files)
    {
        var problems = new List<string>();
        foreach (var (path, tree) in Parsed(stage, files, ConfigKind.Nginx, ["load_module", "perl", "js_", "lua", "ssl_engine", "engine:"], problems))
        {
            var pending = new Stack<NginxDirective>(((NginxConfigFile)tree.Root).Directives.Reverse());
            while (pending.Count > 0)
            {
                var directive = pending.Pop();
                foreach (var child in directive.Block?.Directives.Reverse() ?? [])
                {
                    pending.Push(child);
                }

                var name = directive.Name;
                var where = $"{path.TrimStart('/')}:{directive.Position.Line}";
                if (name == "load_module")
                {
                    var module = directive.Args.Count > 0 ? directive.Args[0] : string.Empty;
                    var absolute = module.StartsWith('/') ? module : "/usr/share/nginx/" + module;
                    if (!IsHostFile(absolute, NginxModuleFolders, ("/etc/nginx/modules", NginxModuleFolders)))
                    {
                        problems.Add($"{where} loads {module}, which is not one of this machine's nginx modules ({string.Join(", ", NginxModuleFolders.Where(Directory.Exists))}); it is not loaded");
                    }
                }
                else if (name.StartsWith("perl", StringComparison.Ordinal) || name.StartsWith("js_", StringComparison.Ordinal)
                         || name.Contains("_by_lua", StringComparison.Ordinal) || name.StartsWith("lua_", StringComparison.Ordinal) || name == "ssl_engine")
                {
                    problems.Add($"{where}: {name} makes a module run code the configuration names when nginx starts; not run");
                }
                else if (directive.Args.Any(a => a.StartsWith("engine:", StringComparison.Ordinal)))
                {
                    problems.Add($"{where}: {name} takes a key from an OpenSSL engine, which loads code; not run");
                }
            }
        }

        return problems;
    }

    /// <summary>The Apache files of a stage that must not be run, and why.</summary>
    public static List<string> Apache(RootedFileSystem stage, IEnumerable<string> files, IReadOnlyDictionary<string, string> environment, string serverRoot)
    {
        var problems = new List<string>();
        // "${": httpd resolves variables in the whole line, the directive's name included (ap_build_config_sub).
        var keywords = new[] { "loadmodule", "loadfile", "perl", "sslcryptodevice", "sslpassphrasedialog", "exec:", "${", "macro" };
        var parsed = Parsed(stage, files, ConfigKind.Apache, keywords, problems, ignoreCase: true);
        var variables = WithDefines(parsed, environment);
        var roots = new List<string> { serverRoot };
        foreach (var (_, tree) in Parsed(stage, files, ConfigKind.Apache, ["serverroot"], problems, ignoreCase: true))
        {
            roots.AddRange(((ApacheConfigFile)tree.Root).DescendantItems().Where(i => i.IsNamed("ServerRoot") && i.Args.Count > 0).Select(i => i.Args[0]));
        }

        foreach (var (path, tree) in parsed)
        {
            foreach (var item in ((ApacheConfigFile)tree.Root).DescendantItems())
            {
                var where = $"{path.TrimStart('/')}:{item.NameToken.Position.Line}";
                var args = item.Args.Select(a => ApacheVariables.Expand(a, variables)).ToList();
                if (item is ApacheSection { Args.Count: > 1 } macro && macro.IsNamed("Macro"))
                {
                    // mod_macro puts a Use line's words for the parameters wherever they stand in the body, in a name too.
                    var parameters = macro.Args.Skip(1).Where(p => p.Length > 0).ToList();
                    foreach (var inner in macro.DescendantItems().Where(i => parameters.Any(p => i.Name.Contains(p, StringComparison.OrdinalIgnoreCase))))
                    {
                        problems.Add($"{path.TrimStart('/')}:{inner.NameToken.Position.Line}: the directive {inner.Name} of macro {macro.Args[0]} is named by a parameter, so what it does cannot be told; not run");
                    }
                }

                if (item.Name.Contains("${", StringComparison.Ordinal))
                {
                    problems.Add($"{where}: the directive {item.Name} is named by a variable, so what it does cannot be told; not run");
                }
                else if (item.IsNamed("LoadModule") || item.IsNamed("LoadFile"))
                {
                    var skip = item.IsNamed("LoadModule") ? 1 : 0;
                    var folders = item.IsNamed("LoadModule") ? ApacheModuleFolders : SystemLibraryFolders;
                    foreach (var (written, module) in item.Args.Zip(args).Skip(skip).Take(item.IsNamed("LoadModule") ? 1 : int.MaxValue))
                    {
                        var candidates = module.StartsWith('/') ? [module] : roots.Distinct().Select(r => r.TrimEnd('/') + "/" + module).ToList();
                        if (module.Contains("${", StringComparison.Ordinal) || !candidates.All(c => IsHostFile(c, folders, ("/etc/httpd/modules", ApacheModuleFolders))))
                        {
                            var shown = written == module ? written : $"{written} ({module})";
                            problems.Add($"{where} loads {shown}, which is not one of this machine's {(item.IsNamed("LoadModule") ? "Apache modules" : "system libraries")}; it is not loaded");
                        }
                    }
                }
                else if (item.Name.StartsWith("Perl", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{where}: {item.Name} runs Perl code the configuration names when Apache reads it; not run");
                }
                else if ((item.IsNamed("SSLCryptoDevice") || item.IsNamed("SSLPassPhraseDialog") || item.IsNamed("SSLRandomSeed")) && args.Any(a => a.Contains("${", StringComparison.Ordinal)))
                {
                    problems.Add($"{where}: {item.Name} holds a variable that cannot be read, so what it runs cannot be told; not run");
                }
                else if (item.IsNamed("SSLCryptoDevice") && args.FirstOrDefault() is { } device && !device.Equals("builtin", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{where}: SSLCryptoDevice {device} loads an OpenSSL engine; not run");
                }
                else if (args.Any(a => a.StartsWith("exec:", StringComparison.OrdinalIgnoreCase)) || (item.IsNamed("SSLPassPhraseDialog") && args.Any(a => a.StartsWith('|'))))
                {
                    problems.Add($"{where}: {item.Name} runs a program the configuration names; not run");
                }
            }
        }

        return problems;
    }

    /// <summary>The variables an Apache line may name: the environment, then every <c>Define NAME VALUE</c> of the
    /// files in their order, each value resolved as httpd resolves it when it reads that line.</summary>
    private static Dictionary<string, string> WithDefines(List<(string Path, SyntaxTree Tree)> parsed, IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var item in parsed.SelectMany(p => ((ApacheConfigFile)p.Tree.Root).DescendantItems()).Where(i => i.IsNamed("Define") && i.Args.Count == 2))
        {
            variables[ApacheVariables.Expand(item.Args[0], variables)] = ApacheVariables.Expand(item.Args[1], variables);
        }

        return variables;
    }

    /// <summary>
    /// The PHP settings of a stage's <c>etc/php/X.Y</c> (php.ini, conf.d, the FPM configuration and pools) that
    /// load or run something: read line by line as PHP's INI reader does, <c>;</c> comments skipped.
    /// </summary>
    public static List<string> Php(RootedFileSystem stage, IEnumerable<string> files)
    {
        var problems = new List<string>();
        var extensionFolders = Directory.Exists("/usr/lib/php")
            ? Directory.EnumerateDirectories("/usr/lib/php").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).ToList()
            : [];
        extensionFolders.Add("/usr/lib64/php/modules");
        var settings = new List<(string Where, string Key, string Value)>();
        foreach (var path in files.Distinct(StringComparer.Ordinal))
        {
            string text;
            try
            {
                text = System.Text.Encoding.UTF8.GetString(stage.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // PHP's INI scanner ends a line at \r, \n or \r\n (zend_ini_scanner.l): a file of \r alone is many lines.
            var lines = text.Split(["\r\n", "\r", "\n"], StringSplitOptions.None);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim().Trim('\uFEFF');
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (line.Length == 0 || line[0] is ';' or '#' or '[' || equals <= 0)
                {
                    continue;
                }

                var key = line[..equals].Trim().ToLowerInvariant();
                var open = key.IndexOf('[', StringComparison.Ordinal);
                if (open > 0 && key.EndsWith(']') && key[..open] is "php_value" or "php_admin_value" or "php_flag" or "php_admin_flag")
                {
                    key = key[(open + 1)..^1].Trim();
                }

                var value = line[(equals + 1)..].Trim();
                var comment = value.IndexOf(';', StringComparison.Ordinal);
                if (comment >= 0 && !value.StartsWith('"'))
                {
                    value = value[..comment].Trim();
                }

                settings.Add(($"{path.TrimStart('/')}:{i + 1}", key, value.Trim('"', '\'')));
            }
        }

        var extensionDirs = settings.Where(s => s.Key == "extension_dir").ToList();
        foreach (var (where, _, value) in extensionDirs)
        {
            if (!extensionFolders.Any(f => Strip(value) == f))
            {
                problems.Add($"{where} sets extension_dir {value}, which is not this machine's PHP extension folder; PHP is not run");
            }
        }

        foreach (var (where, key, value) in settings)
        {
            if (key is "extension" or "zend_extension")
            {
                var absolute = value.Contains('/', StringComparison.Ordinal) ? (value.StartsWith('/') ? value : "/" + value) : null;
                if (value.Contains('$', StringComparison.Ordinal) || (absolute is not null && !IsHostFile(absolute, [.. extensionFolders])))
                {
                    problems.Add($"{where} loads {value}, which is not one of this machine's PHP extensions; it is not loaded");
                }
            }
            else if (key is "opcache.preload" or "ffi.preload" && value.Length > 0)
            {
                problems.Add($"{where}: {key} runs or loads what the configuration names when PHP starts; not run");
            }
        }

        return problems;
    }

    private static string Strip(string folder) => folder.Length > 1 ? folder.TrimEnd('/') : folder;

    /// <summary>
    /// Whether a path in the sandbox names a file of this machine's <paramref name="folders"/>: written without
    /// <c>.</c> or <c>..</c> (so no staged link can steer it), below one of them (or below a mount point that
    /// shows one of them), and still there once this machine's own links are followed.
    /// </summary>
    private static bool IsHostFile(string path, string[] folders, (string MountPoint, string[] Folders)? mount = null)
    {
        if (!path.StartsWith('/') || PosixFiles.HasNul(path))
        {
            return false;
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is "." or ".."))
        {
            return false;
        }

        var normalized = "/" + string.Join('/', parts);
        if (mount is var (point, hosts) && normalized.StartsWith(point + "/", StringComparison.Ordinal))
        {
            var host = hosts.FirstOrDefault(f => PosixFiles.Stat(f).Type == FileType.Directory);
            return host is not null && IsHostFile(host + normalized[point.Length..], hosts);
        }

        var real = RealPath(normalized);
        return folders.Any(f => normalized.StartsWith(f + "/", StringComparison.Ordinal))
            && folders.Select(RealPath).Any(f => real.StartsWith(f + "/", StringComparison.Ordinal));
    }

    /// <summary>A host path with every link followed (a missing rest kept as written).</summary>
    private static string RealPath(string path)
    {
        var current = "/";
        var pending = new Queue<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        for (var hops = 0; pending.Count > 0 && hops < 40;)
        {
            var part = pending.Dequeue();
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + part : current + "/" + part;
            if (PosixFiles.Lstat(next).Type == FileType.Link && new FileInfo(next).LinkTarget is { } target)
            {
                hops++;
                var rest = pending.ToArray();
                pending = new Queue<string>(target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                current = target.StartsWith('/') ? "/" : current;
                continue;
            }

            current = next;
        }

        return current;
    }

    /// <summary>The files among <paramref name="files"/> that mention a keyword, parsed; one that does not parse
    /// is a problem (what it would load cannot be told).</summary>
    private static List<(string Path, SyntaxTree Tree)> Parsed(RootedFileSystem stage, IEnumerable<string> files, ConfigKind kind, string[] keywords, List<string> problems, bool ignoreCase = false)
    {
        var result = new List<(string, SyntaxTree)>();
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var path in files.Distinct(StringComparer.Ordinal))
        {
            byte[] bytes;
            try
            {
                bytes = stage.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var source = SourceText.FromBytes(path, bytes);
            // Apache joins a line ending in a backslash with the next one, inside a word too ("Load\" + "Module").
            var text = kind == ConfigKind.Apache ? source.Text.Replace("\\\r\n", string.Empty, StringComparison.Ordinal).Replace("\\\n", string.Empty, StringComparison.Ordinal) : source.Text;
            if (!keywords.Any(k => text.Contains(k, comparison)))
            {
                continue;
            }

            var parsed = ConfigParser.Parse(source, kind);
            if (parsed.Tree is null)
            {
                problems.Add($"{path.TrimStart('/')} does not parse, so what it would load cannot be told; not run");
                continue;
            }

            result.Add((path, parsed.Tree));
        }

        return result;
    }
}
