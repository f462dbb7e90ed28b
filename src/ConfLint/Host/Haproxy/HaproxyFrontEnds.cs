using ConfLint.Syntax;
using ConfLint.Syntax.Haproxy;
using ConfLint.Workspace;

namespace ConfLint.Host.Haproxy;

/// <summary>
/// HAProxy's servers as front ends: one per <c>server</c> (or <c>server-template</c>) line of a backend or listen
/// section, reaching its address. In <c>mode http</c> it speaks HTTP (FastCGI with <c>proto fcgi</c>); in <c>mode tcp</c>
/// anything. A Unix socket of a chrooted HAProxy is looked up inside the chroot, and a disabled server gets no traffic:
/// neither is given to the rules as an address.
/// </summary>
internal static class HaproxyFrontEnds
{
    public static void Add(HostModel model, HaproxyInstance instance)
    {
        foreach (var proxy in instance.Proxies.Where(p => p.IsBackend))
        {
            var routes = Routes(instance, proxy);
            foreach (var server in proxy.Servers)
            {
                if (server is not { Target: { } target, AddressToken: { } token })
                {
                    continue;
                }

                var protocol = server.Parameter("proto") == "fcgi" ? BackendProtocol.FastCgi : proxy.Mode == "http" ? BackendProtocol.Http : BackendProtocol.Other;
                var notJudged = target.Endpoint switch
                {
                    _ when server.Has("disabled") => "the server is disabled",
                    { Kind: EndpointKind.Unix } when instance.Chroot is { } chroot => $"HAProxy chroots into {chroot} and looks for the socket there",
                    { Kind: EndpointKind.Unix or EndpointKind.Tcp } => null,
                    { Kind: EndpointKind.Variable } => "the address holds an environment variable ConfLint does not know",
                    _ => "the address names no port ConfLint can tell (the client's port, an offset) or no address on this host",
                };
                var chrooted = notJudged is not null && target.Endpoint is { Kind: EndpointKind.Unix, Path: { } socket } && !server.Has("disabled") && instance.Chroot is { } root && root.StartsWith('/')
                    ? Workspace.RootedFileSystem.Normalize(root.TrimEnd('/') + "/" + socket.TrimStart('/'))
                    : null;
                var line = server.Setting.Line;
                var targets = notJudged is null
                    ? [new EndpointSite(target.Endpoint!, server.Setting.File, token.Location, line) { Token = token, Target = target, Protocol = protocol, Backup = server.Has("backup") }]
                    : new List<EndpointSite>();
                model.FrontEnds.Add(new FrontEnd(ConfigKind.Haproxy, server.Setting.File, line, $"{server.Setting.Keyword} {server.Name}", token, target, protocol, instance.Web)
                {
                    Targets = targets,
                    Details = new HaproxyPass(instance, proxy, server) { Routes = routes, NotJudged = notJudged, ChrootedSocket = chrooted },
                });
            }
        }
    }

    /// <summary>The <c>use_backend</c> and <c>default_backend</c> lines that name the proxy (a listen section serves itself).</summary>
    private static List<(HaproxyLine Line, ConfigFile File)> Routes(HaproxyInstance instance, HaproxyProxy backend)
    {
        var routes = new List<(HaproxyLine, ConfigFile)>();
        if (backend.Kind == "listen")
        {
            routes.Add((backend.Section.Header, backend.File));
        }

        foreach (var proxy in instance.Proxies.Where(p => p.IsFrontend || p.Kind == "defaults"))
        {
            foreach (var setting in proxy.Settings)
            {
                if (setting.Keyword is "use_backend" or "default_backend" && setting.Arg(0) == backend.Name)
                {
                    routes.Add((setting.Line, setting.File));
                }
            }
        }

        return routes;
    }
}
