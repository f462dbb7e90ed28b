using ConfLint.Host;
using ConfLint.Rules.Support;

namespace ConfLint.Rules.Tomcat;

/// <summary>
/// CL001 for Tomcat: an <c>ajp://</c> target on this host where Tomcat runs with no AJP connector at all (the stock
/// server.xml of Tomcat 9 and 10 has it commented out). The generic check stays silent there, for lack of an
/// unreached back end that speaks AJP; this is the one that was meant. Not judged while some back end's address is
/// unknown (it could be listening there).
/// </summary>
internal static class TomcatTargets
{
    public static Finding? MissingAjpConnector(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        if (frontEnd.Protocol != BackendProtocol.Ajp || target.Endpoint.Kind != EndpointKind.Tcp || !target.Endpoint.IsLocal
            || host.Tomcat.Count == 0 || host.Tomcat.Any(t => t.Connectors.Any(c => c.IsAjp)) || host.UnknownListeners.Count > 0)
        {
            return null;
        }

        var tomcat = host.Tomcat[0];
        var connectors = tomcat.Connectors.Count == 0 ? "no connector" : "only " + string.Join(", ", tomcat.Connectors.Select(c => c.Describe()));
        var message = $"{frontEnd.DirectiveName} {target.Token?.Value}: nothing on this host listens there: {tomcat.Describe()} has {connectors} and no AJP " +
                      "connector (the stock server.xml has it commented out); Apache answers 503";
        var service = tomcat.Root.Root?.Children.FirstOrDefault(c => c.Name == "Service") ?? tomcat.Root.Root;
        var related = service is null ? [] : new[] { new Diagnostics.RelatedLocation(service.NameToken.Location, "Tomcat's connectors are defined here") };
        return new Finding(target.Location, message, related);
    }
}
