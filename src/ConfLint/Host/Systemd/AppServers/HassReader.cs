using ConfLint.Diagnostics;
using ConfLint.Syntax.Documents;
using ConfLint.Text;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Home Assistant Core (<c>hass</c>, <c>python -m homeassistant</c>): its web server is the <c>http</c> integration of
/// <c>configuration.yaml</c> in the configuration folder (<c>-c</c>/<c>--config</c>; without it <c>~/.homeassistant</c>
/// of the service's user, which is not placed here). Read: <c>http: server_port</c> (8123) and <c>server_host</c> (a
/// string or a list; by default every IPv4 and IPv6 address), and <c>ssl_certificate</c>, which makes it speak TLS.
/// Where the <c>http</c> settings may come from elsewhere (an <c>!include</c> or <c>!secret</c> on them,
/// <c>homeassistant: packages</c>, which may merge an <c>http</c> block), or the file is not in the root, the address
/// is unknown. Home Assistant writes a default configuration.yaml on its first start, but a root without one is
/// a tree ConfLint cannot see whole: nothing is guessed.
/// </summary>
internal sealed class HassReader : AppServerReader
{
    private const int DefaultPort = 8123;

    public override void Read(AppServer server, AppServerContext context)
    {
        var folder = context.Command.OptionValues("--config", "-c").LastOrDefault().Value;
        if (folder is null)
        {
            server.Unknown("hass is given no --config: it reads ~/.homeassistant/configuration.yaml of the service's user");
            return;
        }

        var path = HostFiles.Absolute(folder.TrimEnd('/') + "/configuration.yaml", context.WorkingDirectory ?? "/");
        if (path.Contains('$') || path.Contains('~'))
        {
            server.Unknown($"Home Assistant's configuration folder {folder} is not a path ConfLint can place");
            return;
        }

        if (context.Files?.Read(path) is not { } source)
        {
            server.Unknown($"Home Assistant's configuration file {path} is not in the root");
            return;
        }

        server.ConfigFiles.Add(source.File);
        if (Root(source.Text) is not { } root)
        {
            server.Unknown($"{path} is not YAML ConfLint reads");
            return;
        }

        if (Child(root, "homeassistant") is YamlMappingNode core && Child(core, "packages") is not null)
        {
            server.Unknown($"{path} loads packages, which may set the http integration's address");
            return;
        }

        var http = Child(root, "http");
        if (http is not null and not YamlMappingNode || Tagged(http))
        {
            server.Unknown($"the http settings in {path} come from another file");
            return;
        }

        var settings = http as YamlMappingNode;
        var port = Child(settings, "server_port");
        var host = Child(settings, "server_host");
        var certificate = Child(settings, "ssl_certificate");
        if (Tagged(port) || Tagged(host) || Tagged(certificate))
        {
            server.Unknown($"the http settings in {path} name a secret or a variable");
            return;
        }

        var number = DefaultPort;
        if (port is not null && (port is not YamlScalarNode { Value: { } portText } || !int.TryParse(portText, out number) || number is < 1 or > 65535))
        {
            server.Unknown($"http: server_port in {path} is not a port number");
            return;
        }

        var hosts = host switch
        {
            null => ["*"],
            YamlScalarNode { Value: { Length: > 0 } one } => [one],
            YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }) => list.Children.Select(c => ((YamlScalarNode)c).Value!).ToList(),
            _ => (List<string>?)null,
        };
        if (hosts is null || hosts.Any(h => h != "*" && !Endpoint.IsIpAddress(h)))
        {
            server.Unknown($"http: server_host in {path} is not an address ConfLint can place");
            return;
        }

        var tls = certificate is YamlScalarNode { Value.Length: > 0 } ? ", TLS (http: ssl_certificate)" : string.Empty;
        var where = port ?? host;
        foreach (var address in hosts.Distinct(StringComparer.Ordinal))
        {
            var note = (port is null ? "Home Assistant's default port 8123" : $"http: server_port in {path}")
                + (host is null ? ", every address (server_host's default)" : $", server_host {address}") + tls;
            var endpoint = Endpoint.Tcp(address, number);
            if (where is not null)
            {
                server.AddBindAt(endpoint, HostFiles.At(source, (int)where.Start.Index, (int)(where.End.Index - where.Start.Index)), BackendProtocol.Http, note);
            }
            else
            {
                server.AddBind(endpoint, null, BackendProtocol.Http, note);
            }
        }
    }

    private static YamlMappingNode? Root(string text) => YamlLimits.SingleMapping(text);

    private static YamlNode? Child(YamlMappingNode? map, string key) =>
        map?.Children.LastOrDefault(c => c.Key is YamlScalarNode { Value: var name } && name == key).Value;

    /// <summary>A node Home Assistant replaces when it loads the file (<c>!include</c>, <c>!secret</c>, <c>!env_var</c>).</summary>
    private static bool Tagged(YamlNode? node) => node is not null && !node.Tag.IsEmpty && node.Tag.Value.StartsWith('!') && !node.Tag.Value.StartsWith("!!", StringComparison.Ordinal);
}
