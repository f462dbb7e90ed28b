using System.Text.RegularExpressions;
using ConfLint.Diagnostics;
using ConfLint.Host.Systemd;
using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;

namespace ConfLint.Host.PhpFpm;

/// <summary>
/// Reads the pools of each php-fpm.conf (a PHP-FPM file no other includes), following <c>include=</c> in
/// place: php-fpm keeps the section it is in across an include, and a section name seen again continues
/// that pool. Each pool with a <c>listen</c> becomes a back end.
/// </summary>
internal static partial class PhpFpmReader
{
    [GeneratedRegex(@"/php/(?<version>\d+\.\d+)/fpm/")]
    private static partial Regex VersionInPath();

    public static void Add(HostModel model)
    {
        var workspace = model.Workspace;
        foreach (var main in workspace.FilesOfKind(ConfigKind.PhpFpm))
        {
            if (main.Tree?.Root is not PhpFpmConfigFile || main.IncludedFrom.Count > 0)
            {
                continue;
            }

            var paths = PhpLayouts.ForFpmConfig(main.ServerPath) ?? PhpLayouts.ForFpmConfig(main.ResolvedPath);
            var version = paths?.Version ?? (VersionInPath().Match(main.ServerPath) is { Success: true } m ? m.Groups["version"].Value : null);
            var install = new PhpInstall(main, paths, version, model.Accounts)
            {
                MayBeCompletedElsewhere = FpmPoolFiles.MayBeCompletedElsewhere(main, (PhpFpmConfigFile)main.Tree.Root),
            };
            var pools = new Dictionary<string, FpmPool>(StringComparer.Ordinal);
            var state = new WalkState(pools, main, install);
            Walk(workspace, main, state, []);
            foreach (var pool in pools.Values)
            {
                install.Pools.Add(pool);
                model.BackEnds.Add(pool);
            }

            // The service that runs the installation may name its prefix (-p): a relative socket is taken from it.
            PhpInstallReader.Complete(model, install);
            foreach (var pool in install.Pools)
            {
                AddListener(model, pool);
            }

            model.PhpInstalls.Add(install);
        }

        AddDebianSocketLink(model);
        foreach (var service in model.BackEndsOf<ServiceBackEnd>().Where(s => s.IsPhpFpm && model.PhpInstalls.All(i => i.Service != s)))
        {
            model.UnknownListeners.Add((service, $"{service.Describe()} runs PHP-FPM from a configuration ConfLint did not find: its pools are unknown"));
        }
    }

    private sealed class WalkState(Dictionary<string, FpmPool> pools, ConfigFile main, PhpInstall install)
    {
        public Dictionary<string, FpmPool> Pools { get; } = pools;

        public ConfigFile Main { get; } = main;

        public PhpInstall Install { get; } = install;

        public FpmPool? Current { get; set; }
    }

    private static void Walk(ConfigWorkspace workspace, ConfigFile file, WalkState state, HashSet<ConfigFile> including)
    {
        if (file.Tree?.Root is not PhpFpmConfigFile root || !including.Add(file))
        {
            return;
        }

        foreach (var entry in root.Entries)
        {
            Visit(workspace, entry, file, state, including);
        }

        foreach (var section in root.Sections)
        {
            if (section.IsGlobal)
            {
                state.Current = null;
            }
            else
            {
                if (!state.Pools.TryGetValue(section.Name, out var pool))
                {
                    pool = new FpmPool(section.Name, section, file, state.Main, state.Install);
                    state.Pools[section.Name] = pool;
                }

                state.Current = pool;
            }

            foreach (var entry in section.Entries)
            {
                Visit(workspace, entry, file, state, including);
            }
        }

        including.Remove(file);
    }

    private static void Visit(ConfigWorkspace workspace, PhpFpmEntry entry, ConfigFile file, WalkState state, HashSet<ConfigFile> including)
    {
        if (workspace.IncludeAt(entry) is { ClosesCycle: false } site)
        {
            foreach (var target in site.Targets)
            {
                Walk(workspace, target, state, including);
            }
        }
        else if (state.Current is { } pool)
        {
            pool.Set(entry, file);
        }
        else
        {
            state.Install.SetGlobal(entry);
        }
    }

    /// <summary>
    /// The pool's <c>listen</c> as php-fpm binds it (<see cref="FpmPool.ListenAddress"/>): a relative socket taken from
    /// the pool's prefix, else the global one. Where that prefix is unknown (a php-fpm.conf in no known layout), the
    /// socket is unknown too: the pool is one whose address ConfLint cannot know, and CL001 does not judge PHP targets.
    /// </summary>
    private static void AddListener(HostModel model, FpmPool pool)
    {
        if (pool.Entry("listen") is not var (entry, file) || entry.ValueToken is not { } token || pool.ListenAddress is not { } address)
        {
            return;
        }

        if (!address.StartsWith('/') && PhpFpmPaths.IsUnixAddress(address))
        {
            model.UnknownListeners.Add((pool, $"{pool.Describe()}: listen = {pool.Get("listen")} is relative to a prefix ConfLint cannot know (the php-fpm binary's)"));
            return;
        }

        if (Listen(address) is not { } endpoint)
        {
            return;
        }

        var written = pool.Get("listen")!.Trim();
        pool.Listeners.Add(new EndpointSite(endpoint, file, token.Location, entry)
        {
            Token = token,
            Protocol = BackendProtocol.FastCgi,
            Note = written != address ? $"listen = {written}, relative to {(pool.Get("prefix") is not null ? "the pool's prefix" : $"php-fpm's prefix {pool.Install.GlobalPrefix}")}" : null,
        });
    }

    /// <summary><c>listen</c>: a socket path, <c>ADDRESS:PORT</c>, <c>[IPv6]:PORT</c>, or a port (all addresses).</summary>
    public static Endpoint? Listen(string value)
    {
        var text = value.Trim();
        if (text.StartsWith('/'))
        {
            return Endpoint.Unix(text, text);
        }

        if (!text.AsSpan().ContainsAnyExceptInRange('0', '9') && Endpoint.TrySplitHostPort(text, -1, out _, out var port))
        {
            return Endpoint.Tcp(string.Empty, port, text);
        }

        return Endpoint.TrySplitHostPort(text, -1, out var host, out var p) ? Endpoint.Tcp(host, p, text) : null;
    }

    /// <summary>
    /// Debian's php-fpm services link /run/php/php-fpm.sock to one pool's socket when they start
    /// (<c>ExecStartPost=-/usr/lib/php/php-fpm-socket-helper install LINK POOL.conf PRIORITY</c>, through
    /// update-alternatives: the highest priority wins). That link is one more way to reach the pool.
    /// </summary>
    private static void AddDebianSocketLink(HostModel model)
    {
        var candidates = new List<(string Link, FpmPool Pool, int Priority, SystemdEntry Entry, ConfigFile File)>();
        foreach (var service in model.BackEndsOf<ServiceBackEnd>().Where(s => s.IsPhpFpm))
        {
            foreach (var entry in service.Unit.Effective("Service", "ExecStartPost"))
            {
                foreach (var command in SystemdCommandLine.Parse(entry.Value).Commands)
                {
                    var args = command.Arguments.Select(a => a.Value).ToList();
                    if (command.ProgramName != "php-fpm-socket-helper" || args.Count < 4 || args[0] != "install")
                    {
                        continue;
                    }

                    var pool = model.BackEndsOf<FpmPool>().FirstOrDefault(p => p.File.ServerPath == args[2] || p.File.ResolvedPath == args[2]);
                    var file = model.Workspace.FileOf(entry.Tree);
                    // The helper links to the pool's socket only: a pool listening on TCP installs no link.
                    if (pool is not null && file is not null && int.TryParse(args[3], out var priority) && pool.Listeners.Any(l => l.Endpoint.Kind == EndpointKind.Unix))
                    {
                        candidates.Add((args[1], pool, priority, entry, file));
                    }
                }
            }
        }

        foreach (var group in candidates.GroupBy(c => c.Link))
        {
            var best = group.MaxBy(c => c.Priority);
            best.Pool.Listeners.Add(new EndpointSite(Endpoint.Unix(best.Link), best.File, new Location(best.File.Source!, best.Entry.Span), best.Entry)
            {
                Protocol = BackendProtocol.FastCgi,
                Note = $"{best.Link} links to this pool's socket (php-fpm-socket-helper in {best.File.DisplayPath})",
                LinkTo = best.Pool.Listeners.FirstOrDefault(l => l.Endpoint.Kind == EndpointKind.Unix),
            });
        }
    }
}
