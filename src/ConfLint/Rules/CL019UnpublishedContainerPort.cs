using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Rules.Support;
using ConfLint.Workspace.Compose;

namespace ConfLint.Rules;

public sealed class CL019UnpublishedContainerPort : Rule
{
    public override string Code => "CL019";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var host = context.Host;
        var projects = host.Workspace.ComposeProjects;
        if (projects.Count == 0)
        {
            yield break;
        }

        foreach (var frontEnd in host.FrontEnds.Where(f => f.File.Container is null))
        {
            foreach (var site in frontEnd.Targets)
            {
                if (site.Endpoint is not { Kind: EndpointKind.Tcp, Host: { } address, Port: var port } endpoint || !ComposeTargets.ConnectsToLoopback(address)
                    || host.Providers(endpoint).Count > 0 || host.UnknownListeners.Count > 0)
                {
                    continue;
                }

                // nginx in front of the host's own Apache or HAProxy (or another nginx server) on that port.
                if (WebServerListens.Covering(host, endpoint) is { } listens)
                {
                    context.Notes.Add($"{site.File.DisplayPath}:{site.Location.Start.Line}: CL019 did not judge {endpoint.Describe()}: {listens}");
                    continue;
                }

                // A project not fully known (an include not read) may publish the port in what ConfLint does not see.
                if (projects.FirstOrDefault(p => p.Incomplete is not null) is { } partial)
                {
                    context.Notes.Add($"{site.File.DisplayPath}:{site.Location.Start.Line}: CL019 did not judge {endpoint.Describe()}: the Compose project of {partial.Files[0].DisplayPath} is not fully known ({partial.Incomplete})");
                    continue;
                }

                var running = projects.SelectMany(p => p.Running.Select(s => (Project: p, Service: s))).ToList();
                if (running.Any(r => r.Service.PortsIncomplete || (r.Service.NetworkMode is { } mode && mode.Value is null or "host")
                    || r.Service.Ports.Any(p => p.Published == port && ComposeTargets.HostIpAccepts(p.HostIp))))
                {
                    continue;
                }

                var candidates = running.Where(r => ComposeTargets.HasContainerPort(r.Service, port, host)).ToList();
                if (candidates.Count == 0 && ProfiledOnly(projects, frontEnd, site, endpoint, port) is { } profiled)
                {
                    yield return profiled;
                    continue;
                }

                if (candidates.Count != 1)
                {
                    continue;
                }

                var (project, service) = candidates[0];
                if (project.NotFullyKnown(service) is { } unknown)
                {
                    context.Notes.Add($"{site.File.DisplayPath}:{site.Location.Start.Line}: CL019 did not judge {endpoint.Describe()}: {unknown}");
                    continue;
                }

                var elsewhere = service.Ports.Where(p => p.Target == port && p.Published is not null && ComposeTargets.HostIpAccepts(p.HostIp)).ToList();
                // Only the Dockerfile's EXPOSE names the port: its line is the evidence (Docker publishes nothing for it
                // without ports: or -P; Dockerfile reference, EXPOSE: "does not actually publish the port").
                var imageOnly = elsewhere.Count == 0 && !service.Ports.Any(p => p.Target == port) && !service.Expose.Any(e => e.Port == port);
                var exposedAt = imageOnly ? Host.Compose.ImageEntrypoint.Of(service, host.Files.FileSystem, host).ExposedAt(port, host.Files) : null;
                if (imageOnly && exposedAt is null)
                {
                    continue;
                }

                var evidence = elsewhere.Count > 0
                    ? $"service '{service.Name}' publishes its port {port} on the host's port {elsewhere[0].Published}, not {port}"
                    : $"service '{service.Name}' {(service.Ports.Any(p => p.Target == port) ? "publishes its port " + port + " only on an ephemeral or another address's port" : imageOnly ? "only exposes port " + port + " (its Dockerfile's EXPOSE, which publishes nothing) to the containers of its networks" : "only exposes port " + port + " to the containers of its networks")}, and nothing publishes {port} on the host";
                var at = elsewhere.Count > 0 ? elsewhere[0].At : imageOnly ? null : (ComposeNode?)service.Expose.FirstOrDefault(e => e.Port == port)?.At ?? service.Ports.First(p => p.Target == port).At;
                var diagnostic = Report(site.Location,
                    $"{frontEnd.DirectiveName} {frontEnd.Target.Text} connects to {endpoint.Describe()} on the host, but {evidence}: connect() is refused and the proxy answers {ProxyStatus.Unreachable([frontEnd])}",
                    [at is null ? Related(exposedAt!, $"EXPOSE {port} of the Dockerfile service '{service.Name}' is built from")
                        : Related(at.Location, (elsewhere.Count > 0 ? $"published as {elsewhere[0].Published}:{port} here" : $"port {port} of service '{service.Name}'")
                        + (at.Scalar is { } written && written.Replace("$$", string.Empty, StringComparison.Ordinal).Contains('$', StringComparison.Ordinal)
                            ? $" ({(project.Variables.DotEnvDisplay is { } env ? $"its variables from {env} or their defaults" : "its variables' defaults")})" : string.Empty))],
                    elsewhere.Count == 1 ? RetargetFix(frontEnd, site, elsewhere[0].Published!.Value) : PublishFix(service, port));

                // A front end whose file may be copied into an image (a build context holds it) may be a container's, not the host's.
                var inBuild = host.Workspace.Options.Root is null && projects.SelectMany(p => p.Services)
                    .Any(s => s.BuildContext is { } build && (frontEnd.File.ServerPath + "/").StartsWith(build.TrimEnd('/') + "/", StringComparison.Ordinal));
                if (inBuild)
                {
                    context.Notes.Add($"{frontEnd.File.DisplayPath}: CL019 says info only: the file lies in a service's build context and may run inside a container, where 127.0.0.1 is the container's own");
                }

                yield return inBuild ? diagnostic with { Severity = Severity.Info } : diagnostic;
            }
        }
    }

    /// <summary>
    /// A port of the host's loopback that only services under <c>profiles:</c> publish, none of whose profiles the
    /// project's <c>.env</c> enables (<c>COMPOSE_PROFILES</c>): <c>docker compose up</c> starts a service with profiles only
    /// when one of them is enabled (docs.docker.com/compose/how-tos/profiles: "Services with profiles are only started when
    /// their profile is active"; <c>COMPOSE_PROFILES</c> or <c>--profile</c>), so nothing listens there and connect() is
    /// refused. Info only: the command that starts the project is not seen, and <c>--profile</c> on it would start the
    /// service. Null where <c>COMPOSE_PROFILES</c>'s value is not known, or where no such service publishes the port.
    /// </summary>
    private Diagnostic? ProfiledOnly(IReadOnlyList<ComposeProject> projects, FrontEnd frontEnd, EndpointSite site, Endpoint endpoint, int port)
    {
        if (projects.Any(p => p.Variables.Lookup("COMPOSE_PROFILES").Unknown))
        {
            return null;
        }

        var idle = projects.SelectMany(p => p.Services.Where(s => !s.ScaledToZero && s.Profiles.Count > 0 && !s.Profiles.Any(p.EnabledProfiles.Contains)
            && s.Ports.Any(x => x.Published == port && ComposeTargets.HostIpAccepts(x.HostIp))).Select(s => (Project: p, Service: s))).ToList();
        if (idle.Count == 0 || idle.Any(i => i.Project.NotFullyKnown(i.Service) is not null))
        {
            return null;
        }

        var (project, service) = idle[0];
        var published = service.Ports.First(x => x.Published == port && ComposeTargets.HostIpAccepts(x.HostIp));
        var profiles = string.Join(", ", service.Profiles.Select(p => $"'{p}'"));
        var enable = service.Profiles[0];
        return Report(site.Location,
            $"{frontEnd.DirectiveName} {frontEnd.Target.Text} connects to {endpoint.Describe()} on the host, which only service '{service.Name}' publishes, and it has profiles: [{string.Join(", ", service.Profiles)}] "
            + $"that {(project.Variables.DotEnvDisplay is { } env ? env + "'s COMPOSE_PROFILES does not enable" : "no .env enables (COMPOSE_PROFILES)")}: 'docker compose up' does not start it, so connect() is refused and the proxy answers {ProxyStatus.Unreachable([frontEnd])} "
            + $"unless the project is started with --profile {enable} (not seen here)",
            [Related(published.At.Location, $"published here by service '{service.Name}' (profiles {profiles})")],
            new Fix($"Enable the profile: COMPOSE_PROFILES={enable} in the project's .env, or start it with 'docker compose --profile {enable} up -d'", Applicability.DisplayOnly, [])) with { Severity = Severity.Info };
    }

    /// <summary>The target pointed at the host port Docker publishes the container's port on. Unsafe: something of the host
    /// that ConfLint does not see might have been meant to listen on the old port.</summary>
    private static Fix RetargetFix(FrontEnd frontEnd, EndpointSite site, int published)
    {
        var title = $"Connect to the published port {published}";
        if (site.Token is not { } token || site.Target is not { } target || site.Endpoint is not { Host: { } hostName })
        {
            return new Fix(title, Applicability.DisplayOnly, []);
        }

        var rewritten = target.WithEndpoint(Endpoint.Tcp(hostName, published));
        return new Fix($"{title}: {frontEnd.DirectiveName} {rewritten}", Applicability.Unsafe, [Edits.ReplaceValue(frontEnd.File, token, rewritten)]);
    }

    /// <summary>The container port published on the host's loopback only (<c>127.0.0.1:PORT:PORT</c>), where the service has
    /// no <c>ports</c> yet. Unsafe: it changes what the host exposes.</summary>
    private static Fix PublishFix(ComposeService service, int port)
    {
        var title = $"Publish port {port} of service '{service.Name}' on the host's loopback (ports: \"127.0.0.1:{port}:{port}\")";
        if (service.Bodies.Any(b => b.Node is YamlDotNet.RepresentationModel.YamlMappingNode map && map.Children.ContainsKey(new YamlDotNet.RepresentationModel.YamlScalarNode("ports"))))
        {
            return new Fix(title, Applicability.DisplayOnly, []);
        }

        return ComposeEdits.InsertLines(service, ["ports:", $"  - \"127.0.0.1:{port}:{port}\""]) is { } edit
            ? new Fix(title, Applicability.Unsafe, [edit])
            : new Fix(title, Applicability.DisplayOnly, []);
    }
}
