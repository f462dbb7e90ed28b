using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Workspace.Compose;

namespace ConfLint.Rules.Support;

/// <summary>
/// Which Compose services a front end reaches, by evidence: from a container, the services that answer to the target's
/// name on a network they share (a variable's literal values included); from the host, a service that publishes the
/// target's loopback port.
/// </summary>
internal static class ComposeTargets
{
    /// <summary>A target of a front end, as a name and port (or the host's loopback and a port), with the services it reaches.</summary>
    public sealed record Reach(FrontEnd FrontEnd, ComposeProject Project, ComposeService Service, string Host, int Port);

    public static IEnumerable<Reach> Reached(HostModel host)
    {
        var projects = host.Workspace.ComposeProjects;
        if (projects.Count == 0)
        {
            yield break;
        }

        foreach (var frontEnd in host.FrontEnds)
        {
            foreach (var (name, port) in Addresses(frontEnd))
            {
                if (frontEnd.File.Container is { } container)
                {
                    foreach (var service in container.Project.Answering(container.Service, name).Where(s => s != container.Service))
                    {
                        yield return new Reach(frontEnd, container.Project, service, name, port);
                    }
                }
                else if (ConnectsToLoopback(name))
                {
                    foreach (var project in projects)
                    {
                        foreach (var service in project.Running.Where(s => s.Ports.Any(p => p.Published == port && p.Protocol == "tcp" && HostIpAccepts(p.HostIp))))
                        {
                            yield return new Reach(frontEnd, project, service, name, port);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The names and ports a front end connects to: its target, its upstream's servers, a variable's literal values.</summary>
    public static IEnumerable<(string Name, int Port)> Addresses(FrontEnd frontEnd)
    {
        var seen = new HashSet<(string, int)>();
        IEnumerable<ProxyTarget> targets = [frontEnd.Target];
        if (frontEnd.Target.HostVariable is { } variable && frontEnd.Details is NginxPass { Instance: var nginx, Scope: var scope }
            && NginxVariables.ValuesOf(nginx, scope, variable) is { } values)
        {
            // A value without a port has the scheme's default as a target written out does (ngx_http_proxy_eval:
            // u.default_port 80, or 443 after "https://"), unless an upstream block has the name (ngx_http_upstream_init_request
            // matches a block's name when no port is given): NginxFrontEnds.DefaultPortTarget's conditions.
            var upstreams = nginx.UpstreamsFor(scope);
            targets = values.Select(v => ProxyTarget.ParseNginx(frontEnd.Target.Text.Replace("$" + variable, v, StringComparison.Ordinal)))
                .Select(t => t.Name is { } n && !upstreams.ContainsKey(n) && NginxFrontEnds.DefaultPortTarget(nginx, frontEnd.DirectiveName, t) is { } withDefault ? withDefault : t);
        }

        foreach (var target in targets)
        {
            if (!target.HasVariable && target.Endpoint is { Kind: EndpointKind.Tcp, Host: { } h, Port: > 0 } endpoint && seen.Add((h, endpoint.Port)))
            {
                yield return (h, endpoint.Port);
            }
            else if (!target.HasVariable && target.Name is { } name && target.Endpoint is { Port: > 0 } named && seen.Add((name, named.Port)))
            {
                yield return (name, named.Port);
            }
        }

        foreach (var site in frontEnd.Targets)
        {
            if (site.Endpoint is { Kind: EndpointKind.Tcp, Host: { } h, Port: > 0 } endpoint && seen.Add((h, endpoint.Port)))
            {
                yield return (h, endpoint.Port);
            }
        }
    }

    public static bool IsLoopback(string host) =>
        host is "localhost" or "::1" or "[::1]" || host.StartsWith("127.", StringComparison.Ordinal);

    /// <summary>Whether the service's container listens on <paramref name="port"/> by its Compose file (exposed, or the
    /// target of a published port) or by the Dockerfile of its build in the root (<c>EXPOSE</c>:
    /// <see cref="Host.Compose.ImageEntrypoint.Exposed"/>, read once per host).</summary>
    public static bool HasContainerPort(ComposeService service, int port, HostModel host) =>
        service.Expose.Any(e => e.Port == port) || service.Ports.Any(p => p.Target == port) || DockerfileExposes(service, port, host);

    /// <summary>Whether the Dockerfile the service is built from (in the root) EXPOSEs <paramref name="port"/>.</summary>
    public static bool DockerfileExposes(ComposeService service, int port, HostModel host) =>
        service.Build && host.Workspace.Options.Root is not null
        && Host.Compose.ImageEntrypoint.Of(service, host.Files.FileSystem, host).Exposed.Any(e => e.Port == port);

    /// <summary>Whether a connection to <paramref name="host"/> goes to the host's loopback: a loopback address, or the
    /// unspecified address, which Linux sends there (<see cref="Endpoint"/>'s Accepts).</summary>
    public static bool ConnectsToLoopback(string host) => IsLoopback(host) || host is "0.0.0.0" or "::" or "[::]";

    /// <summary>Whether Docker's publishing address takes a connection to the host's loopback.</summary>
    public static bool HostIpAccepts(string hostIp) => hostIp is "" or "0.0.0.0" or "::" || IsLoopback(hostIp);
}
