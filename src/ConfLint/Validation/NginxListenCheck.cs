using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// What nginx refuses when it joins the <c>listen</c> lines of the http servers (<c>ngx_http_add_listen</c>,
/// <c>ngx_http_ssl_init</c>): two default servers for one address and port, listen options given twice for one
/// address and port, and an <c>ssl</c> (or <c>quic</c>) address whose default server has no certificate.
/// A listening socket is an address, a port AND a socket type: <c>ngx_http_add_listen</c> looks a port up by
/// <c>p != port[i].port || lsopt->type != port[i].type || sa->sa_family != port[i].family</c>, and
/// <c>ngx_http_core_listen</c> makes a <c>quic</c> listen <c>SOCK_DGRAM</c> (1.25.0+). So <c>listen 443 quic</c> beside
/// <c>listen 443 ssl</c> in one server is no duplicate (nginx's documented HTTP/3 setup,
/// https://nginx.org/en/docs/http/ngx_http_v3_module.html), and the UDP socket has its own default server and its own
/// options (<c>reuseport</c> on it is no second set of options for the TCP socket).
/// </summary>
internal static class NginxListenCheck
{
    private static readonly string[] SocketOptions = ["backlog=", "rcvbuf=", "sndbuf=", "setfib=", "fastopen=", "accept_filter=", "deferred", "bind", "ipv6only=", "reuseport", "so_keepalive="];

    public static void Check(List<(NginxDirective Server, ConfigFile File, NginxLevel Level)> servers, Findings findings)
    {
        var byAddress = new Dictionary<(string Address, bool Quic), List<(NginxDirective Listen, ConfigFile File, NginxLevel Server)>>();
        // A server's own sockets so far (most servers have one or two listens: a list, lent from server to server).
        var own = new List<(string Address, bool Quic)>();
        // Each text's address is read once: thousands of servers listen on the same few ports, and each reading made
        // a handful of strings.
        var addresses = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (_, _, level) in servers)
        {
            own.Clear();
            foreach (var (listen, file) in level.Children)
            {
                if (listen.Name != "listen" || listen.Args.Count == 0)
                {
                    continue;
                }

                var text = listen.Args[0];
                if (!addresses.TryGetValue(text, out var address))
                {
                    addresses[text] = address = Address(text);
                }

                if (address is null)
                {
                    return; // a name nginx resolves at start: the addresses are not known.
                }

                // nginx's messages name the address only (addr_text); the socket is keyed by its type as well.
                var socket = (address, IsQuic(listen.Args));
                if (own.Contains(socket))
                {
                    findings.Error(file, listen, $"a duplicate listen {address}");
                }
                else
                {
                    own.Add(socket);
                }

                if (!byAddress.TryGetValue(socket, out var list))
                {
                    byAddress[socket] = list = [];
                }

                list.Add((listen, file, level));
            }
        }

        foreach (var ((address, quic), listens) in byAddress)
        {
            (NginxDirective Listen, ConfigFile File)? defaultServer = null, options = null;
            foreach (var (listen, file, _) in listens)
            {
                var parameters = listen.Args;
                if (HasParameter(parameters, static p => p is "default_server" or "default"))
                {
                    if (defaultServer is { } earlier)
                    {
                        findings.Error(file, listen, $"a duplicate default server for {address}", [Findings.Related(earlier.File, earlier.Listen, "the first default server")]);
                    }
                    else
                    {
                        defaultServer = (listen, file);
                    }
                }

                if (HasParameter(parameters, IsSocketOption))
                {
                    if (options is { } earlier)
                    {
                        findings.Error(file, listen, $"duplicate listen options for {address}", [Findings.Related(earlier.File, earlier.Listen, "the options given first")]);
                    }
                    else
                    {
                        options = (listen, file);
                    }
                }
            }

            CheckCertificate(address, listens, defaultServer, findings, quic: quic);
        }
    }

    /// <summary>Whether a listen's parameters hold <c>quic</c>: a UDP socket (<c>lsopt.type = SOCK_DGRAM</c> in
    /// ngx_http_core_listen), keyed apart from a TCP listen of the same address and port.</summary>
    public static bool IsQuic(IReadOnlyList<string> args) => HasParameter(args, static p => p == "quic");

    private static bool IsSocketOption(string parameter)
    {
        foreach (var option in SocketOptions)
        {
            if (option.EndsWith('=') ? parameter.StartsWith(option, StringComparison.Ordinal) : parameter == option)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a listen's parameters (its arguments after the address) hold <c>ssl</c>.</summary>
    private static bool HasSsl(IReadOnlyList<string> args) => HasParameter(args, static p => p == "ssl");

    /// <summary>Whether a parameter of a listen (its arguments after the address) is such.</summary>
    private static bool HasParameter(IReadOnlyList<string> args, Func<string, bool> such)
    {
        for (var i = 1; i < args.Count; i++)
        {
            if (such(args[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Releases from which a stream server may have a server_name (1.25.5): several servers may then listen on one
    /// address, as in http.</summary>
    private static readonly NginxVersion StreamServerNames = new(1, 25, 5);

    public static void CheckStream(List<(NginxDirective Server, ConfigFile File, NginxLevel Level)> servers, Findings findings, NginxVersion version)
    {
        // ngx_stream_core_listen before 1.25.5: an address and port (and type: udp or not) taken by an earlier listen of
        // any stream server is refused at the later one. Addresses are compared as written (host names not judged).
        if (version < StreamServerNames)
        {
            var taken = new HashSet<(string Address, bool Udp)>();
            foreach (var (_, _, level) in servers)
            {
                foreach (var (directive, file) in level.Children)
                {
                    if (directive.Name == "listen" && directive.Args.Count > 0 && HasPort(directive.Args[0]) && Address(directive.Args[0]) is { } address
                        && !taken.Add((address, directive.Args.Contains("udp"))))
                    {
                        findings.Error(file, directive, $"duplicate \"{address}\" address and port pair");
                    }
                }
            }
        }

        // ngx_stream_ssl_init: each stream server with a "listen ... ssl" needs an ssl_certificate of its own or from the
        // stream block (no default server decides, as in http).
        foreach (var (_, _, level) in servers)
        {
            var listens = level.Children.Where(c => c.Directive.Name == "listen" && HasSsl(c.Directive.Args))
                .Select(c => (c.Directive, c.File, level)).ToList();
            if (listens.Count > 0)
            {
                CheckCertificate(listens[0].Directive.Args[0], listens, null, findings, stream: true);
            }
        }
    }

    /// <summary>An <c>ssl</c> address needs a certificate in its default server (or <c>ssl_reject_handshake on</c>); so does a
    /// <c>quic</c> one (ngx_http_ssl_init: <c>if (!addr[a].opt.ssl &amp;&amp; !addr[a].opt.quic) continue;</c>, then
    /// "no "ssl_certificate" is defined for the "listen ... quic" directive").</summary>
    private static void CheckCertificate(string address, List<(NginxDirective Listen, ConfigFile File, NginxLevel Server)> listens, (NginxDirective Listen, ConfigFile File)? explicitDefault, Findings findings, bool stream = false, bool quic = false)
    {
        if (!quic && !listens.Exists(l => HasSsl(l.Listen.Args)))
        {
            return;
        }

        var chosen = explicitDefault is { } d ? listens.First(l => l.Listen == d.Listen) : listens[0];
        bool Sets(NginxLevel? level, string name)
        {
            for (; level is not null; level = level.Parent)
            {
                if (level.Children.Any(c => c.Directive.Name == name && (name != "ssl_reject_handshake" || c.Directive.Args is ["on"])))
                {
                    return true;
                }
            }

            return false;
        }

        // A certificate may stand in an include not read, or in the http block around a lone file.
        if (!Sets(chosen.Server, "ssl_certificate") && !Sets(chosen.Server, "ssl_reject_handshake") && !chosen.Server.MaySetUnseen())
        {
            // ngx_http_ssl_init names the default server's "server {" line; ngx_stream_ssl_init the listen's.
            var ssl = quic ? listens[0] : listens.Find(l => HasSsl(l.Listen.Args));
            var (atFile, at) = stream || chosen.Server.Owner is null ? (ssl.File, ssl.Listen) : (chosen.Server.File ?? ssl.File, chosen.Server.Owner);
            findings.Error(atFile, at, $"no \"ssl_certificate\" is defined for the \"listen ... {(quic ? "quic" : "ssl")}\" directive ({address})");
        }
    }

    /// <summary>Whether a listen address names its port (a stream listen must; http's defaults to 80).</summary>
    private static bool HasPort(string text) =>
        Host.Endpoint.IsUnixAddress(text) || !text.AsSpan().ContainsAnyExceptInRange('0', '9')
        || (text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Contains(':', StringComparison.Ordinal));

    /// <summary><c>80</c>, <c>*:80</c> and <c>0.0.0.0:80</c> as <c>0.0.0.0:80</c>; <c>[::]:80</c>; <c>unix:/run/x.sock</c>;
    /// null for a host name.</summary>
    public static string? Address(string text)
    {
        if (Host.Endpoint.IsUnixAddress(text))
        {
            return text;
        }

        string host, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            host = text[..(close + 1)];
            port = close + 1 < text.Length && text[close + 1] == ':' ? text[(close + 2)..] : "80";
        }
        else if (text.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
        {
            (host, port) = (text[..colon], text[(colon + 1)..]);
        }
        else if (!text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            (host, port) = ("*", text);
        }
        else
        {
            (host, port) = (text, "80");
        }

        if (host == "*")
        {
            host = "0.0.0.0";
        }

        var isAddress = host.StartsWith('[') || IsDottedQuad(host);
        if (!isAddress || port.AsSpan().ContainsAnyExceptInRange('0', '9') || port.Length is 0 or > 5)
        {
            // Not a port nginx takes (more than 65535 is "invalid port", reported where the arguments are checked).
            return null;
        }

        return $"{host}:{int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>Four runs of digits between three dots, none empty (<c>10.0.0.1</c>).</summary>
    private static bool IsDottedQuad(string host)
    {
        var parts = 0;
        foreach (var range in host.AsSpan().Split('.'))
        {
            var part = host.AsSpan()[range];
            if (++parts > 4 || part.IsEmpty || part.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }

        return parts == 4;
    }
}
