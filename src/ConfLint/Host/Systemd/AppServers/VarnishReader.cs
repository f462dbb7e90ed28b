namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Varnish Cache's <c>varnishd</c>, which proxies often stand in front of (nginx for TLS, then Varnish, then the site):
/// where it accepts client requests, from each <c>-a [name=][address][:port][,PROTO][,option=value...]</c> of its
/// command line (varnishd(1)). An address left out is every IPv4 and IPv6 interface, a port left out is 80, a path
/// that begins with <c>/</c> is a Unix socket (Varnish 6 and later); without any <c>-a</c> it listens on <c>:80</c>.
/// A listener that speaks the PROXY protocol (<c>,PROXY</c>) is recorded without a protocol of its own: what speaks to
/// it is not judged by protocol. <c>-T</c> (the management interface) is no HTTP listener and is left out.
/// </summary>
internal sealed class VarnishReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var arguments = context.Command.Arguments;
        var listens = 0;
        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i];
            string value;
            if (word.Value == "-a" && i + 1 < arguments.Count)
            {
                word = arguments[++i];
                value = word.Value;
            }
            else if (word.Value.StartsWith("-a", StringComparison.Ordinal) && word.Value.Length > 2)
            {
                value = word.Value[2..];
            }
            else
            {
                continue;
            }

            listens++;
            Listen(server, word, value);
        }

        if (listens == 0)
        {
            server.AddBind(Endpoint.Tcp(string.Empty, 80), null, BackendProtocol.Http, "varnishd's default -a :80");
        }
    }

    private static void Listen(AppServer server, Syntax.Systemd.SystemdWord word, string value)
    {
        var parts = value.Split(',');
        var address = parts[0];

        // "name=address": the name is for logs and VCL (local.socket); an address never holds '='.
        if (address.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0)
        {
            address = address[(equals + 1)..];
        }

        var protocol = parts.Skip(1).Any(p => !p.Contains('=', StringComparison.Ordinal) && p.Equals("PROXY", StringComparison.OrdinalIgnoreCase))
            ? BackendProtocol.Other
            : BackendProtocol.Http;
        var endpoint = address.Contains('$', StringComparison.Ordinal) || address.Length == 0 ? null
            : address.StartsWith('/') ? Endpoint.Unix(address)
            : Endpoint.TrySplitHostPort(address, 80, out var host, out var port) ? Endpoint.Tcp(host.Trim('[', ']'), port)
            : null;
        if (endpoint is null)
        {
            server.Unknown($"varnishd's -a {value} is not one ConfLint can read");
        }
        else
        {
            server.AddBind(endpoint, word, protocol);
        }
    }
}
