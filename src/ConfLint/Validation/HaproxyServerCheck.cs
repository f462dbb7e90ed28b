using ConfLint.Syntax.Haproxy;

namespace ConfLint.Validation;

/// <summary>
/// A <c>server</c> or <c>default-server</c> line as HAProxy 2.6's <c>parse_server</c> reads it: the address's port, then
/// each keyword (from <c>haproxy -dKall</c> of Debian 12's 2.6.12; those taking a value read the next word) with the
/// values its parser refuses: weight, rise, fall, the check intervals, slowstart, id and the keyword choices. An unknown
/// keyword is judged only where the root shows haproxy 2.6 (later releases add keywords: hash-key, shard...). After
/// <c>source</c>, whose words vary, nothing is judged.
/// </summary>
internal static class HaproxyServerCheck
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "agent-check", "allow-0rtt", "backup", "check", "check-send-proxy", "check-ssl", "check-via-socks4", "disabled", "enabled",
        "force-sslv3", "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13", "no-agent-check", "no-backup", "no-check",
        "no-check-send-proxy", "no-check-ssl", "no-send-proxy", "no-send-proxy-v2", "no-send-proxy-v2-ssl", "no-send-proxy-v2-ssl-cn", "no-ssl",
        "no-ssl-reuse", "no-sslv3", "no-tfo", "no-tls-tickets", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13", "non-stick", "send-proxy",
        "send-proxy-v2", "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn", "ssl", "ssl-reuse", "stick", "tfo", "tls-tickets", "usesrc",
    };

    private static readonly HashSet<string> WithValue = new(StringComparer.Ordinal)
    {
        "addr", "agent-addr", "agent-inter", "agent-port", "agent-send", "alpn", "ca-file", "check-alpn", "check-proto", "check-sni", "ciphers",
        "ciphersuites", "cookie", "crl-file", "crt", "downinter", "error-limit", "fall", "fastinter", "id", "init-addr", "inter", "log-proto",
        "max-reuse", "maxconn", "maxqueue", "minconn", "namespace", "npn", "observe", "on-error", "on-marked-down", "on-marked-up",
        "pool-low-conn", "pool-max-conn", "pool-purge-delay", "port", "proto", "proxy-v2-options", "redir", "resolve-net", "resolve-opts",
        "resolve-prefer", "resolvers", "rise", "slowstart", "sni", "socks4", "ssl-max-ver", "ssl-min-ver", "tcp-ut", "track", "verify",
        "verifyhost", "weight", "ws",
    };

    private static readonly Dictionary<string, (string[] Words, string Expects)> Choices = new(StringComparer.Ordinal)
    {
        ["on-error"] = (["fastinter", "fail-check", "sudden-death", "mark-down"], "expects one of 'fastinter', 'fail-check', 'sudden-death' or 'mark-down'"),
        ["on-marked-down"] = (["shutdown-sessions"], "expects 'shutdown-sessions'"),
        ["on-marked-up"] = (["shutdown-backup-sessions"], "expects 'shutdown-backup-sessions'"),
        ["observe"] = (["none", "layer4", "layer7"], "expects one of 'none', 'layer4', 'layer7'"),
        ["log-proto"] = (["legacy", "octet-count"], "expects one of 'legacy' or 'octet-count'"),
    };

    /// <summary>What HAProxy answers for the line (without its "[file:line]"), or null.</summary>
    public static string? Problem(HaproxySection section, HaproxyLine line, bool release26)
    {
        var args = line.KeywordArgs;
        var isDefault = line.Keyword == "default-server";
        if (args.Any(a => a.Contains('$', StringComparison.Ordinal)) || (!isDefault && args.Count < 2))
        {
            return null;
        }

        var server = isDefault ? "default-server" : args[0];
        var prefix = isDefault ? string.Empty : $"'server {section.Name}/{server}' : ";
        if (!isDefault && PortProblem(args[1]) is { } port)
        {
            return prefix + port;
        }

        for (var i = isDefault ? 0 : 2; i < args.Count; i++)
        {
            var keyword = args[i];
            if (keyword == "source")
            {
                return null;
            }

            if (Flags.Contains(keyword))
            {
                continue;
            }

            if (!WithValue.Contains(keyword))
            {
                var hint = isDefault ? " Hint: no address was expected for this server." : string.Empty;
                return release26 ? $"{prefix}unknown keyword '{keyword}'.{hint}" : null;
            }

            if (i + 1 >= args.Count)
            {
                return null;
            }

            var value = args[++i];
            if (ValueProblem(keyword, value, server) is { } problem)
            {
                return prefix + problem;
            }
        }

        return null;
    }

    private static string? ValueProblem(string keyword, string value, string server)
    {
        switch (keyword)
        {
            case "weight" when ApacheNumbers.Atoi(value) is < 0 or > 256:
                return $"weight of server {server} is not within 0 and 256 ({ApacheNumbers.Atoi(value)}).";
            case "rise" or "fall" when ApacheNumbers.Atoi(value) <= 0:
                return $"'{keyword}' has to be > 0.";
            case "error-limit" when ApacheNumbers.Atoi(value) <= 0:
                return "error-limit has to be > 0.";
            case "id" when ApacheNumbers.Atoi(value) <= 0:
                return "'id' : custom id has to be > 0";
            case "inter" or "fastinter" or "downinter" or "agent-inter":
                // HAProxy 2.6 names every one of them 'agent-inter' in this message.
                return HaproxyTime.Parse(value) switch
                {
                    ({ } c, _) => $"unexpected character '{c}' in 'agent-inter' argument of server {server}.",
                    (_, true) => $"timer overflow in argument <{value}> to <{keyword}> of server {server}, maximum value is 2147483647 ms (~24.8 days).",
                    _ when value.TrimStart('0').Length == 0 => $"invalid value 0 for argument '{keyword}' of server {server}.",
                    _ => null,
                };
            case "slowstart" when HaproxyTime.Parse(value).Unexpected is { } c:
                return $"unexpected character '{c}' in 'slowstart' argument of server {server}.";
            case "ws" when value is not ("auto" or "h1" or "h2"):
                return "'ws' has to be 'auto', 'h1' or 'h2'.";
            case "resolve-prefer" when value is not ("ipv4" or "ipv6"):
                return "'resolve-prefer' expects either ipv4 or ipv6 as argument.";
            case "init-addr" when value.Split(',').FirstOrDefault(m => m is not ("libc" or "last" or "none") && !System.Net.IPAddress.TryParse(m, out _)) is { } method:
                return $"'init-addr' : unknown init-addr method '{method}', supported methods are 'libc', 'last', 'none'.";
            case var k when Choices.TryGetValue(k, out var choice) && !choice.Words.Contains(value, StringComparer.Ordinal):
                return $"'{k}' {choice.Expects} but got '{value}'.";
            default:
                return null;
        }
    }

    /// <summary>str2sa_range on the server's address: a port of digits from 1 to 65535 where one is given (no range).</summary>
    private static string? PortProblem(string address)
    {
        if (address.Contains('@', StringComparison.Ordinal) || address.StartsWith('/') || address.Count(c => c == ':') != 1)
        {
            return null;
        }

        var port = address[(address.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (port.Length == 0 || port[0] is '+' or '-')
        {
            return null;
        }

        if (port.Contains('-', StringComparison.Ordinal) && port.Split('-').All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return $"port range not permitted here in '{address}'";
        }

        if (port.FirstOrDefault(c => !char.IsAsciiDigit(c)) is var bad && bad != '\0')
        {
            return $"invalid character '{bad}' in port number '{port}' in '{address}'";
        }

        // Port 0 is taken: the server is reached on the port the client came to.
        return port.Length > 5 || int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) > 65535 ? $"invalid port '{port}'" : null;
    }
}
