using ConfLint.Host;
using ConfLint.Host.Tomcat;
using ConfLint.Rules.Support;

namespace ConfLint.Rules.Tomcat;

/// <summary>
/// CL001 for Tomcat, where the generic check stays silent for lack of an unreached back end to compare with: an
/// <c>ajp://</c> target on this host where Tomcat runs with no AJP connector at all (the stock server.xml of Tomcat 9 and
/// 10 has it commented out), and an <c>http://</c> target on a local port where the Tomcat the configuration ties to the
/// front end has no HTTP connector on that port (Atlassian's server.xml instructions: comment out the DEFAULT connector,
/// uncomment the one for the proxy; the second step forgotten leaves no HTTP connector at all). Tomcat listens on nothing
/// but its connectors (<c>Connector.java</c>'s protocol handler binds each one's endpoint; nothing else of server.xml
/// opens a port but the <c>Server</c>'s shutdown port, which speaks no HTTP). Not judged while some back end's address is
/// unknown (it could be listening there).
/// </summary>
internal static class TomcatTargets
{
    public static Finding? MissingAjpConnector(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        if (frontEnd.Protocol != BackendProtocol.Ajp || target.Endpoint.Kind != EndpointKind.Tcp || !target.Endpoint.IsLocal
            || OnHost(host) is not { Count: > 0 } tomcats || tomcats.Any(t => t.Connectors.Any(c => c.IsAjp)) || host.UnknownListeners.Count > 0)
        {
            return null;
        }

        var tomcat = tomcats[0];
        var connectors = tomcat.Connectors.Count == 0 ? "no connector" : "only " + string.Join(", ", tomcat.Connectors.Select(c => c.Describe()));
        var message = $"{frontEnd.DirectiveName} {target.Token?.Value}: nothing on this host listens there: {tomcat.Describe()} has {connectors} and no AJP " +
                      "connector (the stock server.xml has it commented out); Apache answers 503";
        return new Finding(target.Location, message, ServiceRelated(tomcat));
    }

    /// <summary>
    /// An HTTP target on a local port, not judged by the generic check (<see cref="UnmatchedTargets.NoneLeftToCompare"/>:
    /// every back end ConfLint reads is reached elsewhere, or listens nowhere), where exactly one Tomcat is tied to the
    /// front end (<see cref="SameApplication.Evidence"/>: its connector's <c>proxyName</c> is the server's name, its
    /// unit is named for the site...; or it is the host's only back end, and no program ConfLint does not read may serve at
    /// an address nothing read names) and none of its HTTP connectors has that port.
    /// A connector whose port is a property or whose path is not read leaves it unjudged. With the finding:
    /// <paramref name="proven"/> false (info) where a program ConfLint does not read has a file outside the root that may
    /// name the port, as for the generic check.
    /// </summary>
    public static Finding? MissingHttpConnector(HostModel host, FrontEnd frontEnd, EndpointSite target, string skip, out bool proven)
    {
        proven = false;
        if (frontEnd.Protocol != BackendProtocol.Http || target.Endpoint.Kind != EndpointKind.Tcp || !target.Endpoint.IsLocal
            || skip != UnmatchedTargets.NoneLeftToCompare || OnHost(host).Count == 0 || host.UnknownListeners.Count > 0
            || Tied(host, frontEnd) is not var (tomcat, tie))
        {
            return null;
        }

        var port = target.Endpoint.Port;
        var http = new List<TomcatConnector>();
        foreach (var connector in tomcat.Connectors)
        {
            if (connector.IsAjp)
            {
                continue;
            }

            // A port written as a property, or not written with no socket in its place, is not known: it may be this one.
            if (connector.Port == port || (connector.Port is null && connector.SocketPath is null))
            {
                return null;
            }

            http.Add(connector);
        }

        var has = http.Count == 0
            ? (tomcat.Connectors.Count == 0 ? "no connector at all" : "no HTTP connector, only the " + string.Join(", ", tomcat.Connectors.Select(c => c.Describe())))
            : $"no HTTP connector on port {port}, only the " + string.Join(", ", http.Select(c => c.Describe() + Reached(host, c)));
        var unread = UnmatchedTargets.UnreadAtUnknownAddress(host);
        var unseen = host.UnreadProgramWithUnseenFile();
        proven = unseen is null;
        var what = unseen is not null ? $"no back end ConfLint reads listens there, and {unseen}{UnmatchedTargets.MayListenThere}"
            : unread is not null ? "no back end ConfLint reads listens there"
            : "nothing on this host listens there";
        var message = $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}: {what}: {tomcat.Describe()}, tied to this site ({tie}), has {has}" +
                      (http.Count == 0 ? " (Tomcat listens on its Connectors only; Atlassian's server.xml has the DEFAULT one commented out for the proxy's, which must then be uncommented)" : string.Empty) +
                      $"; {frontEnd.Daemon switch { Syntax.ConfigKind.Nginx => "nginx", Syntax.ConfigKind.Apache => "Apache", _ => "the proxy" }} answers {ProxyStatus.Unreachable([frontEnd])}";
        var related = ServiceRelated(tomcat);
        foreach (var connector in http.Take(3))
        {
            related.Add(new Diagnostics.RelatedLocation(connector.Element.NameToken.Location, $"the {connector.Describe()}"));
        }

        return new Finding(target.Location, message, related);
    }

    /// <summary>The Tomcats that listen in the host's own network: one whose server.xml is mounted into a container listens in
    /// that container's (<see cref="BackEnd.ContainerNetwork"/>), out of a host address's reach. Made once per host.</summary>
    private static List<TomcatInstance> OnHost(HostModel host) =>
        host.Shared("TomcatTargets.OnHost", host, () => host.Tomcat.Where(t => t.ContainerNetwork is null).ToList());

    /// <summary>The one Tomcat the configuration ties to the front end, and what ties it; null for none or several.</summary>
    private static (TomcatInstance Tomcat, string Tie)? Tied(HostModel host, FrontEnd frontEnd)
    {
        // By elimination only where nothing else may serve: a program ConfLint does not read, at an address nothing read
        // names (a process manager whose apps are not read among them), is a back end too, and may be the one meant.
        var tomcats = OnHost(host);
        if (tomcats.Count == 1 && host.Tomcat.Count == 1 && host.BackEnds.Count == 1 && UnmatchedTargets.UnreadAtUnknownAddress(host) is null)
        {
            return (tomcats[0], "the host's only back end");
        }

        (TomcatInstance, string)? found = null;
        foreach (var tomcat in tomcats)
        {
            if (SameApplication.Evidence(host, frontEnd, tomcat) is { } evidence)
            {
                if (found is not null)
                {
                    return null;
                }

                found = (tomcat, evidence);
            }
        }

        return found;
    }

    /// <summary>", which proxy_pass http://... uses" for a connector a front end reaches.</summary>
    private static string Reached(HostModel host, TomcatConnector connector)
    {
        foreach (var frontEnd in host.FrontEnds)
        {
            foreach (var target in frontEnd.Targets)
            {
                if (connector.Listeners.Any(l => l.Endpoint.Accepts(target.Endpoint)))
                {
                    return $", which {frontEnd.DirectiveName} {frontEnd.Target.Text} ({frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}) uses";
                }
            }
        }

        return string.Empty;
    }

    private static List<Diagnostics.RelatedLocation> ServiceRelated(TomcatInstance tomcat)
    {
        var service = tomcat.Root.Root?.Children.FirstOrDefault(c => c.Name == "Service") ?? tomcat.Root.Root;
        return service is null ? [] : [new Diagnostics.RelatedLocation(service.NameToken.Location, "Tomcat's connectors are defined here")];
    }
}
