using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// A back end's Unix socket in a folder that <c>RuntimeDirectory=</c> of another running unit makes too. systemd.exec(5):
/// with <c>RuntimeDirectoryPreserve=no</c> (the default) "the directories specified in RuntimeDirectory= are always
/// removed when the service stops" (and so on <c>systemctl restart</c>, a stop then a start); <c>restart</c> keeps them
/// over a restart, <c>yes</c> always. systemd counts no references: a folder several units declare is removed, with all
/// it holds, when any of them stops (systemd/systemd#5394 "Same RuntimeDirectory across multiple services", open; Debian
/// bug 793016, redis-server and redis-sentinel). So with <c>gunicorn@.service</c> declaring <c>RuntimeDirectory=gunicorn</c>
/// and its instances binding <c>/run/gunicorn/%i.sock</c>, stopping or restarting instance a unlinks instance b's socket:
/// b keeps serving a socket no path reaches, the front end's connect(2) gets ENOENT, and its site answers 502 until b
/// restarts. Judged where the back end's own unit makes a folder at or above the socket (the folder is shared, not
/// another unit's alone) and another unit the root's links enable makes a folder at or above it too, without
/// <c>RuntimeDirectoryPreserve=yes</c>. Per-instance folders (<c>RuntimeDirectory=gunicorn/%i</c>) are each removed
/// alone. A socket unit's socket is systemd's own, and judged apart (<see cref="SocketAt"/>): it does not come back when a
/// <c>RuntimeDirectory=</c> folder holding it is removed.
/// </summary>
internal static class SharedRuntimeFolders
{
    /// <summary>A <c>RuntimeDirectory=</c> folder a unit makes, the entry that names it, and its
    /// <c>RuntimeDirectoryPreserve=</c> entry when that says <c>restart</c>.</summary>
    public sealed record Maker(string Folder, MergedUnit Unit, SystemdEntry Directory, SystemdEntry? PreserveRestart);

    /// <summary>What removes the back end's socket: the folder, the back end's own unit's entry, and the other units'
    /// (enabled, without <c>RuntimeDirectoryPreserve=yes</c>) that remove it when they stop.</summary>
    public sealed record Shared(string Folder, ServiceBackEnd Service, Maker Own, IReadOnlyList<Maker> Others);

    /// <summary>The shared folder above the socket at <paramref name="endpoint"/>, where its one listener is a service's
    /// and another enabled unit removes the folder when it stops; null otherwise.</summary>
    public static Shared? At(HostModel host, Endpoint endpoint)
    {
        if (endpoint.Kind != EndpointKind.Unix || endpoint.CanonicalPath is not { } path || !path.StartsWith("/run/", StringComparison.Ordinal))
        {
            return null;
        }

        var providers = host.Providers(endpoint);
        if (providers.Count != 1 || providers[0] is SocketBackEnd || host.ServiceOf(providers[0]) is not { } service)
        {
            return null;
        }

        var makers = Makers(host);
        // The folders from the socket's up to /run's child, innermost first: the innermost one the service makes.
        for (var folder = SocketFolders.FolderOf(path); folder.Length > "/run".Length; folder = folder[..folder.LastIndexOf('/')])
        {
            if (!makers.TryGetValue(folder, out var here))
            {
                continue;
            }

            Entry? own = null;
            foreach (var maker in here)
            {
                if (ReferenceEquals(maker.Unit, service.Unit) || maker.Unit.Name == service.UnitName)
                {
                    own ??= maker;
                }
            }

            if (own is null)
            {
                continue;
            }

            // Every other enabled unit that makes this folder or one above it (removed with all below it).
            var others = new List<Maker>();
            for (var above = folder; above.Length > "/run".Length; above = above[..above.LastIndexOf('/')])
            {
                if (!makers.TryGetValue(above, out var list))
                {
                    continue;
                }

                foreach (var maker in list)
                {
                    if (maker.Unit.Name != service.UnitName && maker.Enabled && !maker.Preserved)
                    {
                        others.Add(maker.Made);
                    }
                }
            }

            return others.Count > 0 ? new Shared(folder, service, own.Made, others) : null;
        }

        return null;
    }

    /// <summary>What removes a socket unit's socket: the folder, the socket unit, and the units (the service it activates,
    /// or another enabled one) whose <c>RuntimeDirectory=</c> makes the folder or one above it, without
    /// <c>RuntimeDirectoryPreserve=yes</c>.</summary>
    public sealed record UnderSocket(string Folder, SocketBackEnd Socket, IReadOnlyList<Maker> Makers);

    /// <summary>
    /// A socket unit's file-system socket (<c>ListenStream=</c> and its kin) in a folder a unit's <c>RuntimeDirectory=</c>
    /// makes: the socket unit makes the socket once, when it starts (sockets.target), and holds it open; when the unit
    /// that declares the folder stops (or restarts, without <c>RuntimeDirectoryPreserve=restart</c>), systemd removes the
    /// folder with the socket in it (systemd.exec(5), <c>RuntimeDirectory=</c>), and the socket unit goes on listening on
    /// a socket no path names: the service it starts is handed that socket and serves nobody, and a front end's connect(2)
    /// gets ENOENT, a 502, until the socket unit itself is restarted (osbuild/osbuild-composer#20; NixOS/nixpkgs#35690,
    /// the same with the activated service's own folder). Judged where every listener at the endpoint is the socket unit
    /// (or the service it activates), for the service it activates (whether or not enabled: the socket starts it) and for
    /// other units the root's links enable, unless the socket unit is <c>PartOf=</c> or <c>BindsTo=</c> that unit (then it
/// stops and starts with it, and makes the socket again). Null otherwise.
    /// </summary>
    public static UnderSocket? SocketAt(HostModel host, Endpoint endpoint)
    {
        if (endpoint.Kind != EndpointKind.Unix || endpoint.CanonicalPath is not { } path || !path.StartsWith("/run/", StringComparison.Ordinal))
        {
            return null;
        }

        var providers = host.Providers(endpoint);
        if (providers.OfType<SocketBackEnd>().ToList() is not [var socket]
            || providers.Any(p => !ReferenceEquals(p, socket) && !(p is ServiceBackEnd service && ReferenceEquals(service, socket.Service))))
        {
            return null;
        }

        // PartOf= or BindsTo= of the socket unit: stopping or restarting that unit stops or restarts the socket unit too
        // (systemd.unit(5)), which makes its socket again when it starts.
        var boundTo = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in (ReadOnlySpan<string>)["PartOf", "BindsTo"])
        {
            foreach (var entry in socket.Unit.Effective("Unit", key))
            {
                boundTo.UnionWith(entry.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            }
        }

        var makers = Makers(host);
        for (var folder = SocketFolders.FolderOf(path); folder.Length > "/run".Length; folder = folder[..folder.LastIndexOf('/')])
        {
            if (!makers.ContainsKey(folder))
            {
                continue;
            }

            // The innermost folder a removing unit makes; every unit that removes it or a folder above it.
            var removing = new List<Maker>();
            for (var above = folder; above.Length > "/run".Length; above = above[..above.LastIndexOf('/')])
            {
                foreach (var maker in makers.GetValueOrDefault(above) ?? [])
                {
                    var activated = socket.Service is { } started && (ReferenceEquals(maker.Unit, started.Unit) || maker.Unit.Name == started.UnitName);
                    if (!maker.Preserved && (activated || maker.Enabled) && !boundTo.Contains(maker.Unit.Name))
                    {
                        removing.Add(maker.Made);
                    }
                }
            }

            if (removing.Count > 0)
            {
                return new UnderSocket(folder, socket, removing);
            }
        }

        return null;
    }

    private sealed record Entry(Maker Made, bool Enabled, bool Preserved)
    {
        public MergedUnit Unit => Made.Unit;
    }

    /// <summary>Every service unit's <c>RuntimeDirectory=</c> folders, specifiers expanded (a name with one that cannot be
    /// expanded left out), by folder; read once per host.</summary>
    private static Dictionary<string, List<Entry>> Makers(HostModel host) =>
        host.Shared("SharedRuntimeFolders.Makers", host, () =>
        {
            var byFolder = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
            var enablements = HostEnablements.Of(host);
            foreach (var (unit, _) in host.ServiceUnits.Values)
            {
                var preserve = Preserve(unit.EffectiveEntry("Service", "RuntimeDirectoryPreserve"));
                var enabled = enablements.Of(unit) == UnitEnablement.Enabled;
                foreach (var (entry, name, complete) in UnitFolders.Names(unit, "RuntimeDirectory"))
                {
                    if (!complete || name.Split('/').Any(p => p.Length == 0))
                    {
                        continue;
                    }

                    var folder = "/run/" + name;
                    if (!byFolder.TryGetValue(folder, out var list))
                    {
                        byFolder[folder] = list = [];
                    }

                    list.Add(new Entry(new Maker(folder, unit, entry, preserve.Restart), enabled, preserve.Yes));
                }
            }

            return byFolder;
        });

    /// <summary><c>RuntimeDirectoryPreserve=</c>: <c>no</c>, <c>yes</c> or <c>restart</c>, or a boolean (systemd's
    /// exec_preserve_mode_from_string); an unknown value is ignored with a warning, leaving the default, no.</summary>
    private static (bool Yes, SystemdEntry? Restart) Preserve(SystemdEntry? entry)
    {
        var value = entry?.Value.Trim().ToLowerInvariant();
        return value switch
        {
            "yes" or "y" or "true" or "t" or "on" or "1" => (true, null),
            "restart" => (false, entry),
            _ => (false, null),
        };
    }
}
