using ConfLint.Host.Tomcat;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// Where a service's container listens when it runs Tomcat with a server.xml of the repository bind-mounted where Tomcat
/// reads it: <c>$CATALINA_BASE/conf/server.xml</c> (catalina.sh sets <c>-Dcatalina.base</c>, and Catalina's
/// <c>configFile</c> is <c>conf/server.xml</c> under it), <c>CATALINA_BASE</c> being <c>CATALINA_HOME</c> when not set
/// (catalina.sh: <c>[ -z "$CATALINA_BASE" ] &amp;&amp; CATALINA_BASE="$CATALINA_HOME"</c>), and <c>CATALINA_HOME</c>
/// <c>/usr/local/tomcat</c> in the official tomcat image (its Dockerfile's <c>ENV CATALINA_HOME /usr/local/tomcat</c>),
/// which images built from it keep (Alfresco's alfresco-base-tomcat). Each connector's listeners are the container's
/// (<see cref="TomcatBackEnds"/> reads them as Tomcat does: no <c>address</c> is every address, so every interface of
/// the container; <c>127.0.0.1</c> its own loopback only).
/// <para>Unknown (null) where the service's command is not the image's Tomcat in the foreground (an entrypoint, or a
/// command other than <c>catalina.sh run</c>), where its environment names another <c>CATALINA_BASE</c>/<c>CATALINA_HOME</c>
/// than the mount's, where a connector's port or address is a property, or where no such file is mounted (the image's own
/// server.xml, not seen).</para>
/// </summary>
internal static class MountedTomcat
{
    private const string OfficialHome = "/usr/local/tomcat";

    public static IReadOnlyList<ContainerListener>? Of(ComposeService service, HostModel host) =>
        host.Shared<ComposeService, IReadOnlyList<ContainerListener>?>("MountedTomcat", service, s => Read(s, host));

    private static List<ContainerListener>? Read(ComposeService service, HostModel host)
    {
        if (service.Entrypoint is not null || (service.Command is { Words: var words } && !RunsCatalina(words)))
        {
            return null;
        }

        var (environment, _) = ComposeEnvironment.Of(service, host);
        var home = environment.GetValueOrDefault("CATALINA_HOME") ?? OfficialHome;
        var catalinaBase = environment.GetValueOrDefault("CATALINA_BASE") ?? home;
        if (catalinaBase.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        var serverXml = catalinaBase.TrimEnd('/') + "/conf/server.xml";
        TomcatInstance? instance = null;
        foreach (var tomcat in host.Tomcat)
        {
            if (tomcat.File.Container is { } view && view.Service == service && view.ContainerPath == serverXml)
            {
                instance = tomcat;
            }
        }

        if (instance is null || instance.Connectors.Any(c => c.Port is null && c.SocketPath is null))
        {
            return null;
        }

        var listeners = new List<ContainerListener>();
        foreach (var connector in instance.Connectors)
        {
            var address = connector.Element.Attribute("address");
            foreach (var site in connector.Listeners)
            {
                if (site.Endpoint is not { Kind: EndpointKind.Tcp, Host: { } inside } endpoint)
                {
                    continue;
                }

                var how = $"the {connector.Describe()} of {instance.File.DisplayPath}, mounted at {serverXml}"
                    + (address is null ? string.Empty : $", address=\"{address.Value}\"");
                listeners.Add(new ContainerListener(inside, endpoint.Port, null, how)
                {
                    At = address?.ValueToken.Location ?? site.Location,
                    HostSetting = address is null ? null : (instance.File, address.ValueToken),
                });
            }
        }

        return listeners;
    }

    /// <summary>The official image's command, <c>catalina.sh run</c> (with <c>-security</c>, as Alfresco's images run it):
    /// Tomcat in the foreground, reading <c>$CATALINA_BASE/conf/server.xml</c>.</summary>
    private static bool RunsCatalina(IReadOnlyList<ComposeWord> words) =>
        words.Count is 2 or 3 && words[0].Value is "catalina.sh" or OfficialHome + "/bin/catalina.sh" && words[1].Value == "run"
        && (words.Count == 2 || words[2].Value == "-security");
}
