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

    private static TomcatConnector Connector(HostModel model, TomcatInstance instance, TomcatElement element, ConfigFile file)
    {
        var protocol = element.Get("protocol") ?? "HTTP/1.1";
        var isAjp = protocol.StartsWith("AJP/", StringComparison.OrdinalIgnoreCase) || protocol.Contains(".ajp.", StringComparison.OrdinalIgnoreCase);
        var portText = element.Get("port");
        int? port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536 ? number : null;
        var secure = instance.Version.AjpSecureDefaults;
        var secretRequired = element.Get("secretRequired") is { } written ? written.Equals("true", StringComparison.OrdinalIgnoreCase)
            : isAjp ? secure : false;
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
