using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Compose;
using ConfLint.Text;
using ConfLint.Workspace.Compose;

namespace ConfLint.Rules.Support;

/// <summary>
/// CL001 across containers: a front end in a Compose service whose target names a service that answers on a shared
/// network but does not listen on that port (or listens only on its container's loopback), or, resolved per request,
/// a name no service answers to. Judged only where the project's names are all known and the service's listeners are
/// read from its command, a server's file mounted into it, or its image's fixed default (<see cref="ContainerListeners"/>).
/// </summary>
internal static class ContainerTargets
{
    public sealed record Finding(Location Location, string Message, IReadOnlyList<RelatedLocation> Related, Fix? Fix)
    {
        /// <summary>Info rather than error: the name is a service of a Compose file of the project's folder that does not
        /// run (<see cref="ComposeProject.LeftOutDefinition"/>), so which files run decides.</summary>
        public bool Info { get; init; }
    }

    public static IEnumerable<Finding> Judge(HostModel host, ICollection<string> notes)
    {
        foreach (var frontEnd in host.FrontEnds)
        {
            if (frontEnd.File.Container is not { } container)
            {
                continue;
            }

            var names = host.ResolutionFor(frontEnd.File);
            foreach (var (name, port) in ComposeTargets.Addresses(frontEnd))
            {
                if (Endpoint.IsIpAddress(name.Trim('[', ']')) || name.Contains('.', StringComparison.Ordinal) || names.StaticNames.Contains(name))
                {
                    continue;
                }

                var answering = container.Project.Answering(container.Service, name).Where(container.Project.Running.Contains).ToList();
                if (answering.Count == 0)
                {
                    // A name written out is resolved at start: nginx refuses to start, which is CL015's finding.
                    if (frontEnd.Target.HasVariable && names.ComposeNames is not null && container.Project.LeftOutDefinition(name) is { } overlay)
                    {
                        // An overlay the project's folder holds and the files that run leave out (docker-compose.grafana.yml):
                        // the route works once the operator adds it, so the choice of files decides, not a mistake.
                        yield return new Finding(frontEnd.TargetToken.Location,
                            $"{frontEnd.DirectiveName} {frontEnd.Target.Text} resolves '{name}' per request, and only {overlay} defines a service '{name}', a Compose file of the project's folder that 'docker compose' does not read here: " +
                            $"until it runs with the project, every request here fails ('{name} could not be resolved (3: Host not found)') with a 502",
                            [], null) { Info = true };
                    }
                    else if (frontEnd.Target.HasVariable && names.ComposeNames is not null)
                    {
                        yield return new Finding(frontEnd.TargetToken.Location,
                            $"{frontEnd.DirectiveName} {frontEnd.Target.Text} resolves '{name}' per request, but no service on the networks of service '{container.Service.Name}' answers to it: " +
                            $"every request fails ('{name} could not be resolved (3: Host not found)') with a 502",
                            [], null);
                    }

                    continue;
                }

                if (answering.Count > 1)
                {
                    continue;
                }

                var service = answering[0];
                if (ContainerListeners.Of(service, host) is not { } listeners)
                {
                    notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL001 did not judge {name}:{port}: where service '{service.Name}' listens is not known from its command or image" + (ContainerServers.Of(service, host)?.Note is { } why ? $" ({why})" : string.Empty));
                    continue;
                }

                if (listeners.Any(l => l.Port == port && l.Reachable))
                {
                    continue;
                }

                var related = listeners.Select(l => new RelatedLocation(WordLocation(service, l) ?? l.At ?? service.Key.Location, $"service '{service.Name}' listens on {Describe(l)} ({l.How})")).ToList();
                if (listeners.FirstOrDefault(l => l.Port == port) is { } inside)
                {
                    yield return new Finding(frontEnd.TargetToken.Location,
                        $"{frontEnd.DirectiveName} {frontEnd.Target.Text} connects to service '{service.Name}' on port {port}{DefaultPortNote(frontEnd, name, port)}, but it listens on {Describe(inside)} inside its container ({inside.How}): " +
                        $"other containers cannot connect (111: Connection refused) and the proxy answers {ProxyStatus.Unreachable([frontEnd])}",
                        related, ListenEverywhereFix(service, inside));
                    continue;
                }

                var reachable = listeners.Where(l => l.Reachable).Select(l => l.Port).Distinct().ToList();
                yield return new Finding(frontEnd.TargetToken.Location,
                    $"{frontEnd.DirectiveName} {frontEnd.Target.Text} connects to service '{service.Name}' on port {port}{DefaultPortNote(frontEnd, name, port)}, but it listens on {string.Join(", ", listeners.Select(Describe))}: " +
                    $"connect() is refused (111: Connection refused) and the proxy answers {ProxyStatus.Unreachable([frontEnd])}",
                    related, reachable.Count == 1 ? RetargetFix(frontEnd, name, reachable[0], service) : null);
            }
        }
    }

    /// <summary>Where the port is no one's writing but the scheme's default (<see cref="ProxyTarget"/>'s endpoint of a host
    /// written without a port: nginx's <c>proxy_pass</c>, mod_proxy's URL), the words saying so; else empty.</summary>
    private static string DefaultPortNote(FrontEnd frontEnd, string name, int port) =>
        frontEnd.Target is { PortWritten: false, Name: { } written, Endpoint.Port: var p, Scheme: { } scheme } && p == port && written.Equals(name, StringComparison.OrdinalIgnoreCase)
            ? $" (no port is written: {(frontEnd.Target.Syntax == ProxyTargetSyntax.Apache ? "mod_proxy" : "nginx")} uses {scheme}'s default)"
            : string.Empty;

    private static string Describe(ContainerListener listener) =>
        (listener.Host.Length == 0 ? "*" : listener.Host.Contains(':') ? "[" + listener.Host + "]" : listener.Host) + ":" + listener.Port;

    private static Location? WordLocation(ComposeService service, ContainerListener listener)
    {
        if (listener.Word is not { } word)
        {
            return null;
        }

        var command = service.Command?.Words.Contains(word) == true ? service.Command : service.Entrypoint;
        return command?.At.File.Source is { } source ? new Location(source, word.Span) : null;
    }

    /// <summary>The front end's port changed to the one port the service listens on. Safe: with the command proving the only
    /// port, no other outcome connects; unsafe where the command's port comes through Compose's interpolation (the
    /// environment it is started from on the server may set another value than <c>.env</c>).</summary>
    private static Fix RetargetFix(FrontEnd frontEnd, string name, int port, ComposeService service)
    {
        var title = $"Connect to port {port}, where service '{service.Name}' listens";
        if (frontEnd.Target.HasVariable || !frontEnd.Target.PortWritten)
        {
            return new Fix(title, Applicability.DisplayOnly, []);
        }

        var rewritten = frontEnd.Target.WithEndpoint(Endpoint.Tcp(name, port));
        var safety = new[] { service.Entrypoint, service.Command }.Any(c => c?.Interpolated == true) ? Applicability.Unsafe : Applicability.Safe;
        return new Fix($"{title}: {frontEnd.DirectiveName} {rewritten}", safety, [Edits.ReplaceValue(frontEnd.File, frontEnd.TargetToken, rewritten)]);
    }

    /// <summary>The command word's loopback address replaced by <c>0.0.0.0</c> in the Compose file, where the word is written
    /// out as it is read; a mounted file's address attribute (Tomcat's connector) in that file. Safe: inside a container every address but the loopback is the container's networks'.</summary>
    private static Fix ListenEverywhereFix(ComposeService service, ContainerListener listener)
    {
        var title = $"Listen on 0.0.0.0:{listener.Port} in service '{service.Name}'s container";
        if (listener.HostSetting is var (setIn, token))
        {
            // A mounted file's address (a Tomcat connector's address="127.0.0.1"): the same value in the file.
            return new Fix($"{title}: address=\"0.0.0.0\" in {setIn.DisplayPath}", Applicability.Safe, [Edits.ReplaceValue(setIn, token, "0.0.0.0")]);
        }

        var command = listener.Word is { } w && service.Command?.Words.Contains(w) == true ? service.Command : service.Entrypoint;
        if (listener.Word is not { } word || command?.At.File is not { Source: { } source } file || word.Span.Length != word.Value.Length
            || source.Text.Substring(word.Span.Start, word.Span.Length) != word.Value)
        {
            return new Fix(title, Applicability.DisplayOnly, []);
        }

        var hostAt = word.Value.IndexOf(listener.Host, StringComparison.Ordinal);
        return hostAt < 0
            ? new Fix(title, Applicability.DisplayOnly, [])
            : new Fix(title, Applicability.Safe, [Edits.Replace(file, new TextSpan(word.Span.Start + hostAt, listener.Host.Length), "0.0.0.0")]);
    }
}
