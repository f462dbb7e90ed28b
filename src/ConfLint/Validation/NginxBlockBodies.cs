using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// The bodies nginx reads with a handler of their own rather than as directives: <c>map</c> (ngx_http_map: "hostnames",
/// "volatile", two parameters a line, one default, keys put in a hash that refuses a key twice and, with hostnames, a
/// wildcard of another form), <c>geo</c> (ngx_http_geo: networks as ngx_ptocidr reads them, "ranges" first and ranges
/// that overlap) and <c>split_clients</c> (percentages as ngx_atofp reads them, summing to 100% at most); and the
/// names these three define (a <c>$</c>, not a built-in variable nginx will not let change).
/// </summary>
internal static class NginxBlockBodies
{
    // Built-in variables whose definition is not NGX_HTTP_VAR_CHANGEABLE (ngx_http_variables.c): a map, geo or
    // split_clients that defines one is "the duplicate ... variable" (seen with nginx -t for host, uri, binary_remote_addr,
    // upstream_addr, realip_remote_addr; $args, $limit_rate and the $http_/$arg_ families are taken). Only names every
    // build has.
    private static readonly HashSet<string> Fixed = new(StringComparer.OrdinalIgnoreCase)
    {
        "uri", "document_uri", "request_uri", "host", "remote_addr", "binary_remote_addr", "remote_port", "server_addr", "server_port",
        "server_name", "server_protocol", "scheme", "request_method", "request", "document_root", "realpath_root", "query_string",
        "is_args", "content_type", "content_length", "hostname", "pid", "msec", "time_iso8601", "time_local", "nginx_version",
        "request_time", "status", "body_bytes_sent", "bytes_sent", "connection", "connection_requests", "request_length",
        "request_id", "request_filename", "remote_user", "https", "realip_remote_addr", "realip_remote_port", "upstream_addr",
        "upstream_status", "upstream_response_time", "upstream_connect_time", "upstream_header_time", "upstream_response_length",
        "upstream_bytes_received", "upstream_bytes_sent", "upstream_cache_status",
    };

    /// <summary>The defined variable's name (the last header argument) as the block's handler refuses it.</summary>
    public static string? Header(NginxDirective directive)
    {
        var args = directive.Args;
        var name = directive.Name switch
        {
            "map" or "split_clients" when args.Count == 2 => args[1],
            "geo" when args.Count is 1 or 2 => args[^1],
            _ => null,
        };
        if (name is null || name.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        if (name.Length == 0 || name[0] != '$')
        {
            return $"invalid variable name \"{name}\"";
        }

        return Fixed.Contains(name[1..]) ? $"the duplicate \"{name[1..]}\" variable" : null;
    }

    /// <summary>
    /// The variable <c>set</c>, <c>auth_request_set</c> or <c>perl_set</c> defines (its first argument) as the handler
    /// refuses it: <c>ngx_http_rewrite_set</c>, <c>ngx_http_auth_request_set</c> and <c>ngx_http_perl_set</c> want a
    /// <c>$</c> ("invalid variable name"), then <c>ngx_http_add_variable</c> refuses a built-in variable that is not
    /// NGX_HTTP_VAR_CHANGEABLE ("the duplicate ... variable": seen with nginx -t for <c>set $host</c> and
    /// <c>auth_request_set $host</c>; <c>set $args</c> is taken). The stream module's <c>set</c> (ngx_stream_set) wants the
    /// <c>$</c> too; its own built-ins are not judged.
    /// </summary>
    public static string? SetTarget(NginxDirective directive, bool stream)
    {
        var args = directive.Args;
        if (args.Count == 0 || args[0] is not { Length: > 0 } name || name.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        if (name[0] != '$')
        {
            return $"invalid variable name \"{name}\"";
        }

        return !stream && Fixed.Contains(name[1..]) ? $"the duplicate \"{name[1..]}\" variable" : null;
    }

    /// <summary>Judges the body of a map, geo or split_clients block.</summary>
    public static void Check(NginxDirective directive, ConfigFile file, Findings findings)
    {
        if (directive.Block is not { RawBody: null } block)
        {
            return;
        }

        switch (directive.Name)
        {
            case "map":
                Map(block, file, findings);
                break;
            case "geo":
                Geo(block, file, findings);
                break;
            case "split_clients":
                SplitClients(block, file, findings);
                break;
        }
    }

    private static bool Plain(NginxDirective entry) =>
        !entry.HasBlock && !entry.Name.Contains('$', StringComparison.Ordinal) && entry.Arguments.Count == entry.Args.Count;

    /// <summary>ngx_http_map and ngx_hash_add_key.</summary>
    private static void Map(NginxBlock block, ConfigFile file, Findings findings)
    {
        var hostnames = false;
        var complete = true;
        var hasDefault = false;
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var head = new HashSet<string>(StringComparer.Ordinal);
        var tail = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in block.Directives)
        {
            if (entry.HasBlock)
            {
                return;
            }

            var key = entry.Name;
            var count = entry.Args.Count + 1;
            if (count == 1 && key is "hostnames" or "volatile")
            {
                hostnames |= key == "hostnames";
                continue;
            }

            if (count != 2)
            {
                findings.Error(file, entry, "invalid number of the map parameters");
                return;
            }

            if (key == "include")
            {
                // What the file holds is not read here: later keys are not compared.
                complete = false;
                continue;
            }

            if (key == "default")
            {
                if (hasDefault && complete)
                {
                    findings.Error(file, entry, "duplicate default map parameter");
                    return;
                }

                hasDefault = true;
                continue;
            }

            if (key.StartsWith('~') || !complete || !Plain(entry))
            {
                continue;
            }

            if (key.StartsWith('\\'))
            {
                key = key[1..];
            }

            var problem = HashAdd(key, hostnames, exact, head, tail);
            if (problem is not null)
            {
                findings.Error(file, entry, problem);
                return;
            }
        }
    }

    /// <summary>ngx_hash_add_key with NGX_HASH_WILDCARD_KEY where the map has "hostnames": the wildcard forms
    /// "*.example.com", ".example.com" and "www.example.*", each key once (compared without case).</summary>
    private static string? HashAdd(string key, bool wildcard, HashSet<string> exact, HashSet<string> head, HashSet<string> tail)
    {
        if (wildcard)
        {
            var stars = 0;
            for (var i = 0; i < key.Length; i++)
            {
                if ((key[i] == '*' && ++stars > 1) || (key[i] == '.' && i + 1 < key.Length && key[i + 1] == '.'))
                {
                    return $"invalid hostname or wildcard \"{key}\"";
                }
            }

            string? headKey = null, tailKey = null;
            if (key.Length > 1 && key[0] == '.')
            {
                headKey = key[1..];
            }
            else if (key.Length > 2 && key.StartsWith("*.", StringComparison.Ordinal))
            {
                headKey = key[2..];
            }
            else if (key.Length > 2 && key.EndsWith(".*", StringComparison.Ordinal))
            {
                tailKey = key[..^2];
            }
            else if (stars > 0)
            {
                return $"invalid hostname or wildcard \"{key}\"";
            }

            if (headKey is not null)
            {
                headKey = headKey.ToLowerInvariant();
                // ".example.com" is also the exact name example.com.
                if ((key[0] == '.' && !exact.Add(headKey)) || !head.Add(headKey))
                {
                    return $"conflicting parameter \"{key}\"";
                }

                return null;
            }

            if (tailKey is not null)
            {
                return tail.Add(tailKey.ToLowerInvariant()) ? null : $"conflicting parameter \"{key}\"";
            }
        }

        return exact.Add(key.ToLowerInvariant()) ? null : $"conflicting parameter \"{key}\"";
    }

    /// <summary>ngx_http_geo: "ranges" first, "proxy_recursive", two parameters a line, networks (ngx_ptocidr) or, with
    /// ranges, address ranges that do not overlap (ngx_http_geo_add_range).</summary>
    private static void Geo(NginxBlock block, ConfigFile file, Findings findings)
    {
        var ranges = false;
        var tree = false;
        var complete = true;
        var segments = new Dictionary<uint, List<(uint Start, uint End)>>();
        foreach (var entry in block.Directives)
        {
            if (entry.HasBlock || !Plain(entry))
            {
                return;
            }

            var key = entry.Name;
            var args = entry.Args;
            if (args.Count == 0 && key == "ranges")
            {
                if (tree)
                {
                    findings.Error(file, entry, "the \"ranges\" directive must be the first directive inside \"geo\" block");
                    return;
                }

                ranges = true;
                continue;
            }

            if (args.Count == 0 && key == "proxy_recursive")
            {
                continue;
            }

            if (args.Count != 1)
            {
                findings.Error(file, entry, "invalid number of the geo parameters");
                return;
            }

            if (key == "include")
            {
                complete = false;
                tree = true;
                continue;
            }

            if (key == "proxy")
            {
                if (!TryCidr(args[0]))
                {
                    findings.Error(file, entry, $"invalid network \"{args[0]}\"");
                    return;
                }

                continue;
            }

            var delete = key == "delete";
            var net = delete ? args[0] : key;
            if (!ranges)
            {
                tree = true;
                if (key != "default" && !TryCidr(net))
                {
                    findings.Error(file, entry, $"invalid network \"{net}\"");
                    return;
                }

                continue;
            }

            if (key == "default")
            {
                continue;
            }

            var dash = net.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0 || InetAddr(net.AsSpan(0, dash)) is not { } start || InetAddr(net.AsSpan(dash + 1)) is not { } end || start > end)
            {
                findings.Error(file, entry, $"invalid range \"{net}\"");
                return;
            }

            if (delete)
            {
                complete = false;
            }
            else if (complete && AddRange(segments, start, end) is { } overlapped)
            {
                findings.Error(file, entry, $"range \"{net}\" overlaps \"{Dotted(overlapped.Start)}-{Dotted(overlapped.End)}\"");
                return;
            }
        }
    }

    /// <summary>ngx_http_geo_add_range: a range is split at each /16; in a segment it may equal an earlier range (a
    /// warning), lie inside one, or lie apart; one that overlaps an earlier range otherwise is refused.</summary>
    private static (uint Start, uint End)? AddRange(Dictionary<uint, List<(uint Start, uint End)>> segments, uint start, uint end)
    {
        for (ulong n = start; n <= end; n = (n + 0x10000) & 0xffff0000)
        {
            var high = (uint)(n >> 16);
            var s = n == start ? (uint)(n & 0xffff) : 0;
            var e = (n | 0xffff) > end ? end & 0xffff : 0xffff;
            if (!segments.TryGetValue(high, out var list))
            {
                segments[high] = list = [];
            }

            var placed = false;
            for (var i = list.Count - 1; i >= 0 && !placed; i--)
            {
                var (rs, re) = list[i];
                if (e < rs)
                {
                    continue;
                }

                if (s > re)
                {
                    list.Insert(i + 1, (s, e));
                    placed = true;
                    continue;
                }

                if (s >= rs && e <= re)
                {
                    // Within it (or the same range, a warning): nginx splits the earlier range around the new one.
                    var pieces = new List<(uint, uint)>(3);
                    if (s > rs)
                    {
                        pieces.Add((rs, s - 1));
                    }

                    pieces.Add((s, e));
                    if (e < re)
                    {
                        pieces.Add((e + 1, re));
                    }

                    list.RemoveAt(i);
                    list.InsertRange(i, pieces);
                    placed = true;
                    continue;
                }

                return ((high << 16) | rs, (high << 16) | re);
            }

            if (!placed)
            {
                list.Insert(0, (s, e));
            }

            if (high == 0xffff)
            {
                break;
            }
        }

        return null;
    }

    private static string Dotted(uint address) => $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}";

    /// <summary>ngx_inet_addr: four dotted decimal octets (an empty one is 0), nothing else.</summary>
    private static uint? InetAddr(ReadOnlySpan<char> text)
    {
        uint address = 0, octet = 0, dots = 0;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                octet = (octet * 10) + (uint)(c - '0');
                if (octet > 255)
                {
                    return null;
                }
            }
            else if (c == '.')
            {
                address = (address << 8) + octet;
                octet = 0;
                dots++;
            }
            else
            {
                return null;
            }
        }

        // INADDR_NONE (255.255.255.255) is the failure value.
        return dots == 3 && ((address << 8) + octet) != uint.MaxValue ? (address << 8) + octet : null;
    }

    /// <summary>ngx_http_geo_cidr_value: 255.255.255.255, or an address with an optional /bits (ngx_ptocidr).</summary>
    private static bool TryCidr(string text)
    {
        if (text == "255.255.255.255")
        {
            return true;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? text : text[..slash];
        int limit;
        if (InetAddr(address) is not null)
        {
            limit = 32;
        }
        else if (address.Contains(':', StringComparison.Ordinal) && !address.Contains('%', StringComparison.Ordinal)
            && System.Net.IPAddress.TryParse(address, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            limit = 128;
        }
        else
        {
            return false;
        }

        return slash < 0 || (NginxValues.TryParseNumber(text[(slash + 1)..], out var bits) && bits <= limit);
    }

    /// <summary>ngx_http_split_clients: "*" or a percentage (two decimals, above 0); the parts may not pass 100%,
    /// which nginx finds at the block's end.</summary>
    private static void SplitClients(NginxBlock block, ConfigFile file, Findings findings)
    {
        long sum = 0;
        foreach (var entry in block.Directives)
        {
            if (entry.HasBlock || !Plain(entry))
            {
                return;
            }

            var key = entry.Name;
            if (key == "*")
            {
                sum = 10000;
                continue;
            }

            if (key.Length == 0 || key[^1] != '%' || AtoFp(key.AsSpan(0, key.Length - 1)) is not (> 0 and var percent))
            {
                findings.Error(file, entry, $"invalid percent value \"{key}\"");
                return;
            }

            sum = sum == 10000 ? 10001 : sum + percent;
        }

        if (sum > 10000)
        {
            findings.Error(file, block.CloseBrace, "percent total is greater than 100%");
        }
    }

    /// <summary>ngx_atofp with two decimals: digits and one point, at most two digits after it.</summary>
    private static long? AtoFp(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        long value = 0;
        var point = 2;
        var dot = false;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (dot)
                {
                    return null;
                }

                dot = true;
                continue;
            }

            if (c is < '0' or > '9')
            {
                return null;
            }

            if (point == 0)
            {
                return null;
            }

            if (value > (long.MaxValue / 100) - 10)
            {
                return null;
            }

            value = (value * 10) + (c - '0');
            point -= dot ? 1 : 0;
        }

        while (point-- > 0)
        {
            value *= 10;
        }

        return value;
    }

    /// <summary>Zone sizes as ngx_http_upstream_zone reads them: a size of at least eight pages (32k).</summary>
    public static string? UpstreamZone(IReadOnlyList<string> args)
    {
        if (args.Count != 2 || args[1].Contains('$', StringComparison.Ordinal))
        {
            return args.Count >= 1 && args[0].Length == 0 ? $"invalid zone name \"{args[0]}\"" : null;
        }

        if (!NginxValues.TryParseSize(args[1], out var size))
        {
            return $"invalid zone size \"{args[1]}\"";
        }

        return size < 8 * 4096 ? $"zone \"{args[0]}\" is too small" : null;
    }

    /// <summary>The balancer directives' own parameters (hash's "consistent", random's "two" and "least_conn",
    /// keepalive's count above zero).</summary>
    public static string? Balancer(string name, IReadOnlyList<string> args, NginxVersion version) => name switch
    {
        "hash" when args.Count == 2 && args[1] != "consistent" => $"invalid parameter \"{args[1]}\"",
        "random" when args.Count >= 1 && args[0] != "two" => $"invalid parameter \"{args[0]}\"",
        "random" when args.Count == 2 && args[1] != "least_conn" => $"invalid parameter \"{args[1]}\"",
        "keepalive" when version < new NginxVersion(1, 29, 7) && args.Count == 1 && !args[0].Contains('$', StringComparison.Ordinal)
            && (!NginxValues.TryParseNumber(args[0], out var n) || n == 0 || n > int.MaxValue) => $"invalid value \"{args[0]}\" in \"keepalive\" directive",
        _ => null,
    };
}
