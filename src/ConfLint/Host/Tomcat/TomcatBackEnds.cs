using System.Globalization;
using ConfLint.Syntax;
using ConfLint.Syntax.Tomcat;
using ConfLint.Workspace;
using ConfLint.Workspace.Tomcat;

namespace ConfLint.Host.Tomcat;

/// <summary>
/// Each Tomcat as a back end, its connectors as its listeners: each <c>&lt;Connector&gt;</c> of each <c>&lt;Service&gt;</c> listens on its port, at
/// its <c>address</c>; without one, an HTTP connector listens on every address, and an AJP connector on
/// <c>localhost</c> since 9.0.31 (every address before). <c>localhost</c> is what the root's /etc/hosts says it is
/// (both loopbacks are accepted where it lists both: which one Java picks is not judged). A value holding a
/// <c>${property}</c> is not known.
/// </summary>
internal static class TomcatBackEnds
{
    public static void Add(HostModel model)
    {
        var fs = model.Workspace.FileSystem;
        var installs = fs.Root is null ? [] : model.Workspace.TomcatInstalls ?? TomcatInstall.Find(fs, model.Workspace.Units);
        foreach (var file in model.Workspace.FilesOfKind(ConfigKind.Tomcat))
        {
            if (file.Tree?.Root is not TomcatXmlFile { Root: { Name: "Server" } } root)
            {
                continue;
            }

            var install = installs.FirstOrDefault(i => model.Workspace.FindFile(i.ServerXml) == file) ?? new TomcatInstall(file.ServerPath, null, null);
            var instance = new TomcatInstance(file, root, install, TomcatVersion.Find(fs, install));
            foreach (var element in root.Root.Children.Where(s => s.Name == "Service").SelectMany(s => s.Children).Where(c => c.Name == "Connector"))
            {
                var connector = Connector(model, instance, element, file);
                instance.Connectors.Add(connector);
                instance.Listeners.AddRange(connector.Listeners);
            }

            model.Tomcat.Add(instance);
            model.BackEnds.Add(instance);
        }
    }

    /// <summary>
    /// The <c>unixDomainSocketPath</c> a connector binds in place of its port (Tomcat 9.0.55+, 10.x: the NIO connectors on
    /// Java 16 and later, the APR one with Tomcat Native; "when this is specified, the otherwise mandatory port attribute
    /// may be omitted", http.xml). The NIO2 connector has no such property (Nio2Endpoint: Tomcat warns that it could not
    /// set it and binds the port): not read there. The path is null where it is a property or relative.
    /// </summary>
    private static (TomcatAttribute Attribute, string? Path)? SocketPath(TomcatElement element, string protocol)
    {
        if (element.Attribute("unixDomainSocketPath") is not { Value.Length: > 0 } attribute || protocol.Contains("Nio2", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = attribute.Value;
        return (attribute, path.StartsWith('/') && !path.Contains("${", StringComparison.Ordinal) ? path : null);
    }

    private static TomcatConnector Connector(HostModel model, TomcatInstance instance, TomcatElement element, ConfigFile file)
    {
        var protocol = element.Get("protocol") ?? "HTTP/1.1";
        var isAjp = protocol.StartsWith("AJP/", StringComparison.OrdinalIgnoreCase) || protocol.Contains(".ajp.", StringComparison.OrdinalIgnoreCase);
        var portText = element.Get("port");
        int? port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536 ? number : null;
        var secure = instance.Version.AjpSecureDefaults;
        var secretRequired = element.Get("secretRequired") is { } written ? written.Equals("true", StringComparison.OrdinalIgnoreCase)
            : isAjp ? secure : false;
        if (SocketPath(element, protocol) is var (socketAttribute, path))
        {
            // The socket, not the port: NioEndpoint.initServerSocket binds unixDomainSocketPath where it is set, and the port
            // only otherwise. A path that is a property or relative (to the JVM's working folder) is not known.
            var onSocket = new TomcatConnector(instance, element, isAjp, null) { SecretRequired = secretRequired, SocketPath = path };
            if (path is not null)
            {
                onSocket.Listeners.Add(new EndpointSite(Endpoint.Unix(path), file, socketAttribute.ValueToken.Location, element)
                {
                    Token = socketAttribute.ValueToken,
                    Protocol = onSocket.Protocol,
                    Note = "unixDomainSocketPath: Tomcat binds this socket in place of a port",
                });
            }

            return onSocket;
        }

        var connector = new TomcatConnector(instance, element, isAjp, port) { SecretRequired = secretRequired };
        if (port is not { } p)
        {
            return connector;
        }

        var location = element.Attribute("port")!.ValueToken.Location;
        var address = element.Get("address");
        string? note = null;
        if (address is null)
        {
            if (!isAjp || secure == false)
            {
                address = "*";
                note = "Tomcat's default address: all of them";
            }
            else if (secure == true)
            {
                address = "localhost";
                note = $"Tomcat's default AJP address since 9.0.31: localhost ({instance.Version.Source})";
            }
            else
            {
                address = "*";
                note = "AJP address not written; Tomcat's version is unknown, so any address is accepted";
            }
        }

        if (address.Contains("${", StringComparison.Ordinal))
        {
            return connector;
        }

        var addresses = address.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? model.Resolution.HostsAddresses("localhost") : [address];
        foreach (var host in addresses)
        {
            connector.Listeners.Add(new EndpointSite(Endpoint.Tcp(host, p), file, location, element)
            {
                Token = element.Attribute("port")!.ValueToken,
                Protocol = connector.Protocol,
                Note = note ?? (address.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? "'localhost', as /etc/hosts gives it" : null),
            });
        }

        return connector;
    }
}
