namespace ConfLint.Host.Haproxy;

/// <summary>
/// A <c>server</c> address as HAProxy 2.6 reads it (<c>str2sa_range</c>): an optional family prefix (<c>ipv4@</c>,
/// <c>ipv6@</c>, <c>unix@</c>, <c>abns@</c>...), a Unix socket path starting with <c>/</c>, or a host and a port after
/// the last colon that is not inside brackets. A port that is missing (the client's destination port), an offset
/// (<c>+1</c>) or a range leaves the endpoint unknown, and so does an abstract socket.
/// </summary>
public static class HaproxyAddress
{
    private static readonly string[] Families = ["ipv4@", "ipv6@", "unix@", "abns@", "sockpair@", "fd@", "udp@", "udp4@", "udp6@", "quic4@", "quic6@", "rhttp@"];

    /// <param name="text">The address as HAProxy reads it (environment variables expanded).</param>
    /// <param name="hasVariable">It held an environment variable whose value is not known.</param>
    public static ProxyTarget Parse(string text, bool hasVariable = false)
    {
        var prefix = Families.FirstOrDefault(f => text.StartsWith(f, StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        var target = new ProxyTarget { Text = text, Syntax = ProxyTargetSyntax.Haproxy, Prefix = prefix, HasVariable = hasVariable };
        if (hasVariable)
        {
            return target with { Endpoint = Endpoint.Variable(text) };
        }

        var rest = text[prefix.Length..];
        if (prefix.Equals("unix@", StringComparison.OrdinalIgnoreCase) || (prefix.Length == 0 && rest.StartsWith('/')))
        {
            return target with { SocketPath = rest, Endpoint = Endpoint.Unix(rest, text) };
        }

        if (prefix.Length > 0 && !prefix.StartsWith("ipv", StringComparison.OrdinalIgnoreCase))
        {
            return target;
        }

        var colon = -1;
        for (var i = rest.Length - 1; i > 0; i--)
        {
            if (rest[i] is ']' or ':')
            {
                colon = rest[i] == ':' ? i : -1;
                break;
            }
        }

        var host = colon >= 0 ? rest[..colon] : rest;
        var port = colon >= 0 ? rest[(colon + 1)..] : string.Empty;
        var bare = host.Trim('[', ']');
        target = target with { PortWritten = port.Length > 0, HostAt = host.Length > 0 ? (prefix.Length, host.Length) : null };
        if (!Endpoint.IsIpAddress(bare))
        {
            target = target with { Name = bare.Length > 0 ? bare : null };
        }

        if (port.Length == 0 || port.AsSpan().ContainsAnyExceptInRange('0', '9') || !int.TryParse(port, out var number) || number is <= 0 or > 65535 || bare.Length == 0)
        {
            return target;
        }

        // A hostname keeps its name: not local, so no rule judges who listens there (localhost excepted).
        return target with { Endpoint = Endpoint.Tcp(bare, number, rest) };
    }

    /// <summary>The address written to reach <paramref name="connect"/> instead, keeping a family prefix that still fits:
    /// <c>unix@PATH</c> or <c>PATH</c> for a socket, <c>HOST:PORT</c> (<c>[V6]:PORT</c>) for TCP.</summary>
    public static string Write(ProxyTarget target, Endpoint connect)
    {
        if (connect.Kind == EndpointKind.Unix)
        {
            return target.Prefix.Equals("unix@", StringComparison.OrdinalIgnoreCase) ? target.Prefix + connect.Path : connect.Path!;
        }

        var v6 = connect.Host!.Contains(':');
        var keep = (target.Prefix.Equals("ipv4@", StringComparison.OrdinalIgnoreCase) && !v6) || (target.Prefix.Equals("ipv6@", StringComparison.OrdinalIgnoreCase) && v6);
        return (keep ? target.Prefix : string.Empty) + connect.Describe();
    }
}
