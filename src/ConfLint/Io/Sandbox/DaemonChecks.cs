using System.Text.RegularExpressions;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Haproxy;
using ConfLint.Syntax.Nginx;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Workspace;
using ConfLint.Workspace.Haproxy;

namespace ConfLint.Io.Sandbox;

/// <summary>The daemons' checks that can judge the kinds of file a fix changed, as this stage and machine allow.</summary>
internal static partial class DaemonChecks
{
    /// <summary>What every check of one tree shares.</summary>
    internal sealed record Context(
        IReadOnlyCollection<ConfigKind> Kinds,
        StagedTree Stage,
        RootedFileSystem Tree,
        IReadOnlyList<ConfigWorkspace> Workspaces,
        IReadOnlyList<string> ChangedUnits,
        IReadOnlyDictionary<string, string> ApacheEnvironment);

    public static List<DaemonCheck> For(Context context)
    {
        var checks = new List<DaemonCheck>();
        var writable = WritableFolders(context);
        if (context.Kinds.Contains(ConfigKind.Nginx) && context.Stage.Exists("/etc/nginx/nginx.conf"))
        {
            checks.Add(new DaemonCheck
            {
                Name = "nginx -t",
                Kind = ConfigKind.Nginx,
                Program = "nginx",
                Binary = Tools.Find("nginx"),
                Arguments = ["-t", "-q", "-c", "/etc/nginx/nginx.conf"],
                Folders = ["/var/log/nginx", "/var/lib/nginx", "/var/cache/nginx", "/run/nginx", .. writable],
                Mounts = stage => ModulePolicy.ModuleMounts(stage, ConfigKind.Nginx),
                Refusals = stage => ModulePolicy.Nginx(StageFiles(stage), Files(context, stage, ConfigKind.Nginx, "/etc/nginx", ".conf")),
            });
        }

        if (context.Kinds.Contains(ConfigKind.PhpFpm))
        {
            foreach (var conf in context.Tree.Glob("/etc/php/*/fpm/php-fpm.conf"))
            {
                var version = conf.Split('/')[3];
                if (!PhpVersion().IsMatch(version))
                {
                    continue;
                }

                var program = Tools.Find("php-fpm" + version) is not null ? "php-fpm" + version : "php-fpm";
                checks.Add(PhpFpm(context, program, conf, $"/etc/php/{version}", writable));
            }

            if (context.Stage.Exists("/etc/php-fpm.conf"))
            {
                checks.Add(PhpFpm(context, "php-fpm", "/etc/php-fpm.conf", "/etc/php-fpm.d", writable));
            }
        }

        if (context.Kinds.Contains(ConfigKind.Apache))
        {
            var environment = context.ApacheEnvironment.Where(e => ApacheName().IsMatch(e.Key) && !PosixFiles.HasNul(e.Value)).ToDictionary(e => e.Key, e => e.Value);
            if (context.Stage.Exists("/etc/apache2/apache2.conf"))
            {
                checks.Add(new DaemonCheck
                {
                    Name = "apache2 -t",
                    Kind = ConfigKind.Apache,
                    Program = "apache2",
                    Binary = Tools.Find("apache2"),
                    Arguments = ["-t", "-d", "/etc/apache2", "-f", "/etc/apache2/apache2.conf"],
                    Environment = environment,
                    Folders = ["/var/log/apache2", "/run/apache2", "/run/lock/apache2", "/var/cache/apache2", .. writable],
                    Refusals = stage => ModulePolicy.Apache(StageFiles(stage), Files(context, stage, ConfigKind.Apache, "/etc/apache2", ".conf", ".load"), environment, "/etc/apache2"),
                });
            }
            else if (context.Stage.Exists("/etc/httpd/conf/httpd.conf"))
            {
                checks.Add(new DaemonCheck
                {
                    Name = "httpd -t",
                    Kind = ConfigKind.Apache,
                    Program = "httpd",
                    Binary = Tools.Find("httpd"),
                    Arguments = ["-t", "-d", "/etc/httpd", "-f", "/etc/httpd/conf/httpd.conf"],
                    Folders = ["/var/log/httpd", "/run/httpd", .. writable],
                    Mounts = stage => ModulePolicy.ModuleMounts(stage, ConfigKind.Apache),
                    Refusals = stage => ModulePolicy.Apache(StageFiles(stage), Files(context, stage, ConfigKind.Apache, "/etc/httpd", ".conf"), environment, "/etc/httpd"),
                });
            }
        }

        if (context.Kinds.Contains(ConfigKind.Haproxy) && HaproxyFiles(context) is { Count: > 0 } haproxyFiles)
        {
            checks.Add(new DaemonCheck
            {
                Name = "haproxy -c",
                Kind = ConfigKind.Haproxy,
                Program = "haproxy",
                Binary = Tools.Find("haproxy"),
                Arguments = ["-c", .. haproxyFiles.SelectMany(f => new[] { "-f", f })],
                Folders = ["/run/haproxy", "/var/lib/haproxy", .. writable],
                Refusals = _ => HaproxyRefusals(context),
            });
        }

        if (context.Kinds.Contains(ConfigKind.Systemd) && context.ChangedUnits.Count > 0)
        {
            checks.Add(new DaemonCheck
            {
                Name = "systemd-analyze verify",
                Kind = ConfigKind.Systemd,
                Program = "systemd-analyze",
                Binary = Tools.Find("systemd-analyze"),
                Arguments = ["verify", "--man=no", .. context.ChangedUnits],
                Mounts = stage => [(stage.UnitsPath, "/usr/lib/systemd/system")],
                Refusals = _ => [],
            });
        }

        return checks;
    }

    /// <summary>HAProxy's files as its service reads them (<see cref="HaproxyLaunch"/>), the first launch's.</summary>
    private static List<string> HaproxyFiles(Context context) =>
        HaproxyLaunch.Find(context.Tree, context.Workspaces[0].Units).FirstOrDefault()?.ConfigPaths.Where(context.Stage.Exists).ToList() ?? [];

    /// <summary>HAProxy runs Lua code (<c>lua-load</c>, <c>lua-load-per-thread</c>) and loads OpenSSL engines and
    /// providers (<c>ssl-engine</c>, <c>ssl-provider</c>) while it reads its configuration: never from a tree. HAProxy
    /// resolves environment variables in every word of a line, its keyword included, and <c>setenv</c> sets them as
    /// it reads: a keyword holding <c>$</c> (<c>setenv K lua-load</c>, then <c>"${K}" evil.lua</c>) cannot be judged.</summary>
    private static List<string> HaproxyRefusals(Context context) =>
        context.Workspaces.SelectMany(w => w.FilesOfKind(ConfigKind.Haproxy))
            .Where(f => f.Tree?.Root is HaproxyConfigFile)
            .SelectMany(f => ((HaproxyConfigFile)f.Tree!.Root).AllLines()
                .Where(l => l.Keyword.StartsWith("lua-", StringComparison.Ordinal) || l.Keyword is "ssl-engine" or "ssl-provider" or "ssl-provider-path"
                            || l.Keyword.Contains('$', StringComparison.Ordinal))
                .Select(l => l.Keyword.Contains('$', StringComparison.Ordinal)
                    ? $"{f.DisplayPath}:{l.Position.Line}: the keyword '{l.Keyword}' is made of an environment variable, so what it does cannot be told"
                    : $"{f.DisplayPath}:{l.Position.Line}: '{l.Keyword}' would load code named by the configuration"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static DaemonCheck PhpFpm(Context context, string program, string conf, string folder, IReadOnlyList<string> writable) => new()
    {
        Name = $"{program} -t",
        Kind = ConfigKind.PhpFpm,
        Program = program,
        Binary = Tools.Find(program),
        Arguments = ["-t", "-y", conf],
        Folders = ["/run/php", "/run/php-fpm", "/var/log/php-fpm", "/var/lib/php/sessions", .. writable],
        Refusals = stage => ModulePolicy.Php(StageFiles(stage), Files(context, stage, ConfigKind.PhpFpm, folder, string.Empty).Append(conf)),
    };

    private static RootedFileSystem StageFiles(StagedTree stage) => new(stage.TreePath);

    /// <summary>The files a daemon may read from a stage: its files in the workspaces, and every file of its folder
    /// in the stage whose name ends as given (all of them for an empty ending).</summary>
    private static IEnumerable<string> Files(Context context, StagedTree stage, ConfigKind kind, string folder, params string[] endings)
    {
        var files = context.Workspaces.SelectMany(w => w.FilesOfKind(kind)).Select(f => f.ResolvedPath).ToList();
        var fs = StageFiles(stage);
        var pending = new Stack<string>([folder]);
        var visited = new HashSet<(ulong, ulong)>();
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (fs.IdentityOf(current) is { } identity && !visited.Add(identity))
            {
                continue;
            }

            foreach (var entry in fs.EnumerateEntries(current))
            {
                var type = fs.TypeOf(entry);
                if (type == FileType.Directory)
                {
                    pending.Push(entry);
                }
                else if (type == FileType.Regular && endings.Any(e => entry.EndsWith(e, StringComparison.Ordinal)))
                {
                    files.Add(entry);
                }
            }
        }

        return files;
    }

    /// <summary>
    /// Folders for the logs, run files and temporary paths the configuration names, when they lie in the sandbox's
    /// writable areas (<c>/var</c>, <c>/run</c>, <c>/tmp</c>) and not in a staged folder: a daemon's test opens its log
    /// files, and the folders of a tree copied from a repository are not on the build machine.
    /// </summary>
    private static List<string> WritableFolders(Context context)
    {
        var paths = new List<string>();
        foreach (var file in context.Workspaces.SelectMany(w => w.Files).Where(f => f.Tree is not null))
        {
            switch (file.Tree!.Root)
            {
                case NginxConfigFile nginx:
                    var pending = new Stack<NginxDirective>(nginx.Directives);
                    while (pending.Count > 0)
                    {
                        var directive = pending.Pop();
                        foreach (var child in directive.Block?.Directives ?? [])
                        {
                            pending.Push(child);
                        }

                        if (directive.Args.Count > 0 && directive.Name is "error_log" or "access_log" or "pid" or "lock_file")
                        {
                            paths.Add(Parent(directive.Args[0]));
                        }
                        else if (directive.Args.Count > 0 && directive.Name.EndsWith("_temp_path", StringComparison.Ordinal))
                        {
                            paths.Add(directive.Args[0]);
                        }
                    }

                    break;
                case PhpFpmConfigFile fpm:
                    paths.AddRange(fpm.AllEntries().Where(e => e.Key is "error_log" or "slowlog" or "access.log" or "pid").Select(e => Parent(e.Value)));
                    break;
                case ApacheConfigFile apache:
                    paths.AddRange(apache.DescendantItems()
                        .Where(i => i.Args.Count > 0 && (i.IsNamed("ErrorLog") || i.IsNamed("CustomLog") || i.IsNamed("PidFile")))
                        .Select(i => Parent(ApacheVariables.Expand(i.Args[0], context.ApacheEnvironment))));
                    break;
            }
        }

        foreach (var name in new[] { "APACHE_RUN_DIR", "APACHE_LOCK_DIR", "APACHE_LOG_DIR" })
        {
            if (context.ApacheEnvironment.TryGetValue(name, out var value))
            {
                paths.Add(value);
            }
        }

        var staged = context.Stage.VarFolders().Select(v => "/var/" + v).ToList();
        return paths
            .Where(p => p.StartsWith('/') && !p.Contains('$', StringComparison.Ordinal) && !PosixFiles.HasNul(p) && !p.Contains('\n', StringComparison.Ordinal))
            .Select(RootedFileSystem.Normalize)
            .Select(p => p.StartsWith("/var/run/", StringComparison.Ordinal) ? p[4..] : p.StartsWith("/var/lock/", StringComparison.Ordinal) ? "/run/lock/" + p[10..] : p)
            .Where(p => (p.StartsWith("/var/", StringComparison.Ordinal) || p.StartsWith("/run/", StringComparison.Ordinal) || p.StartsWith("/tmp/", StringComparison.Ordinal))
                && !staged.Any(s => p == s || p.StartsWith(s + "/", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    [GeneratedRegex(@"^\d+\.\d+$")]
    private static partial Regex PhpVersion();

    [GeneratedRegex(@"^APACHE_[A-Z0-9_]+$")]
    private static partial Regex ApacheName();
}
