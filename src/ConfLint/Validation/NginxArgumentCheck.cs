using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;

namespace ConfLint.Validation;

/// <summary>
/// The arguments nginx's own handlers refuse (beyond the standard slots), in the words they print: listen
/// parameters and ports (<c>ngx_http_core_listen</c>), location modifiers, add_header's <c>always</c>, limit_req and
/// upstream server parameters, ssl_session_cache, error_log levels, temporary path levels, if conditions, return
/// codes, rewrite flags, error_page codes, proxy_pass URLs (prefix, and a URI part where nginx forbids one).
/// Arguments with variables are left alone where the handler takes variables.
/// </summary>
internal static class NginxArgumentCheck
{
    /// <summary>
    /// OpenSSL's TLS group names (providers/common/capabilities.c of 3.0 to 3.5: the names and the curves they stand for),
    /// compared as written (tls1_group_name2id uses strcmp; "p-384" is refused), and nginx's "auto". Releases differ
    /// (3.0 has no ML-KEM): a name here is not judged.
    /// </summary>
    private static readonly HashSet<string> TlsGroups = new(StringComparer.Ordinal)
    {
        "auto", "DEFAULT", "x25519", "X25519", "x448", "X448", "secp256r1", "prime256v1", "P-256", "secp384r1", "P-384", "secp521r1", "P-521",
        "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192", "MLKEM512", "MLKEM768", "MLKEM1024", "X25519MLKEM768",
        "SecP256r1MLKEM768", "SecP384r1MLKEM1024", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1", "brainpoolP256r1tls13",
        "brainpoolP384r1tls13", "brainpoolP512r1tls13", "sect163k1", "K-163", "sect163r1", "sect163r2", "B-163", "sect193r1", "sect193r2",
        "sect233k1", "K-233", "sect233r1", "B-233", "sect239k1", "sect283k1", "K-283", "sect283r1", "B-283", "sect409k1", "K-409", "sect409r1",
        "B-409", "sect571k1", "K-571", "sect571r1", "B-571", "secp160k1", "secp160r1", "secp160r2", "secp192k1", "secp192r1", "prime192v1",
        "P-192", "secp224k1", "secp224r1", "P-224", "secp256k1",
    };

    /// <summary>Whether the block, or one around it, names a certificate (as written, or read so far through its includes):
    /// nginx makes a server's TLS context, and applies its ssl_ecdh_curve, only where it has one.</summary>
    private static bool HasCertificate(NginxLevel level)
    {
        for (NginxLevel? at = level; at is not null; at = at.Parent)
        {
            if (at.Owner?.Block?.DirectiveArray.Any(d => d.Name == "ssl_certificate") == true || at.Children.Exists(c => c.Directive.Name == "ssl_certificate"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>SSL_CTX_set1_curves_list</c> refuses a list with a name it does not know (in a server with a certificate: nginx
    /// makes no TLS context for one without). Only a slip of a known name is said
    /// (one letter added, lost, changed or two swapped: X255x19, p-384): a name unlike all may be a provider's own
    /// (oqs-provider's hybrids). A name marked to be ignored when unknown (<c>?name</c>, OpenSSL 3.3) is not judged.
    /// </summary>
    private static string? CurveSlip(string list)
    {
        foreach (var word in list.Split([':', '/']))
        {
            var name = word.TrimStart('*');
            if (name.Length == 0 || name.StartsWith('?') || name.StartsWith('-') || name.Contains('$', StringComparison.Ordinal) || TlsGroups.Contains(name))
            {
                continue;
            }

            if (TlsGroups.FirstOrDefault(known => Knowledge.Suggestions.IsSlip(name, known)) is { } meant)
            {
                return $"SSL_CTX_set1_curves_list(\"{list}\") failed (group '{name}' cannot be set; did you mean '{meant}'?)";
            }
        }

        return null;
    }

    private static readonly NginxVersion StreamFastOpen = new(1, 21, 0);
    private static readonly NginxVersion StreamServerNames = new(1, 25, 5);
    private static readonly NginxVersion Multipath = new(1, 29, 7);

    /// <summary>Port ranges in <c>listen</c> (CHANGES 1.15.10: "port ranges in the \"listen\" directive").</summary>
    private static readonly NginxVersion PortRanges = new(1, 15, 10);

    private static readonly string[] BasicErrorLevels = ["emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"];

    private static readonly string[] DebugErrorLevels = ["debug_core", "debug_alloc", "debug_mutex", "debug_event", "debug_http", "debug_mail", "debug_stream"];

    private static readonly string[] IfOperators = ["=", "!=", "~", "~*", "!~", "!~*"];

    private static readonly string[] FileTests = ["-f", "!-f", "-d", "!-d", "-e", "!-e", "-x", "!-x"];

    public static string? Problem(NginxDirective directive, NginxDirectiveInfo info, NginxLevel level, NginxVersion version)
    {
        var args = directive.Args;
        if (args.Count == 0)
        {
            return null;
        }

        return directive.Name switch
        {
            // Parameters of releases newer than the tables know are not judged.
            // listen takes no variables: "$x" is read as a host name that never resolves.
            "listen" when !Host.Endpoint.IsUnixAddress(args[0]) && args[0].Contains('$', StringComparison.Ordinal)
                => $"host not found in \"{args[0]}\" of the \"listen\" directive",
            "listen" when level.Context == NginxContext.Server && version <= NginxVersion.Newest => Listen(args, version),
            "listen" when level.Context == NginxContext.StreamServer => StreamListen(args, version),
            "location" when level.Context == NginxContext.Location && NestedLocation(args, level.Owner!) is { } nested => nested,
            "location" when DuplicateLocation(args, level) is { } duplicate => duplicate,
            "limit_req" or "limit_conn" when level.Context is NginxContext.Http or NginxContext.Server or NginxContext.Location
                && SameZoneTwice(directive, level) => $"\"{directive.Name}\" directive is duplicate",
            "proxy_redirect" or "proxy_cookie_domain" or "proxy_cookie_path" when OffBesideOthers(directive.Name, level) => $"\"{directive.Name}\" directive is duplicate",
            "ssl_ecdh_curve" when args.Count == 1 && HasCertificate(level) => CurveSlip(args[0]),
            // ngx_http_limit_conn (and stream's): a number from 1 to 65535, read as written (no variables).
            "limit_conn" when args.Count == 2 => args[1].Length == 0 || args[1].AsSpan().ContainsAnyExceptInRange('0', '9') || args[1].TrimStart('0') is not { Length: > 0 and <= 9 } digits
                ? $"invalid number of connections \"{args[1]}\""
                : int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) > 65535 ? "connection limit must be less 65536" : null,
            "expires" => Expires(args),
            // ngx_http_core_try_files (later ngx_http_try_files_module): a last "=code" must be a number up to 999.
            "try_files" when args.Count >= 2 && args[^1].StartsWith('=')
                && (args[^1].Length == 1 || args[^1].AsSpan(1).ContainsAnyExceptInRange('0', '9') || args[^1].AsSpan(1).TrimStart('0').Length > 3)
                => $"invalid code \"{args[^1]}\"",
            // ngx_http_set_complex_value_size_slot: without variables, a size.
            "limit_rate" or "limit_rate_after" when args.Count == 1 && !args[0].Contains('$', StringComparison.Ordinal) && !NginxValues.TryParseSize(args[0], out _)
                => $"\"{directive.Name}\" directive invalid value",
            "proxy_redirect" when args.Count == 1 && args[0] is not ("off" or "default") => $"invalid parameter \"{args[0]}\"",
            "fastcgi_param" or "uwsgi_param" or "scgi_param" or "grpc_set_header" when args.Count == 3 && args[2] != "if_not_empty" => $"invalid parameter \"{args[2]}\"",
            "worker_connections" when !args[0].Contains('$', StringComparison.Ordinal) && !NginxValues.TryParseNumber(args[0], out _) => $"invalid number \"{args[0]}\"",
            // ngx_set_worker_processes: "auto" or a number (ngx_atoi).
            "worker_processes" when args[0] != "auto" && !args[0].Contains('$', StringComparison.Ordinal) && !NginxValues.TryParseNumber(args[0], out _)
                => "\"worker_processes\" directive invalid value",
            "allow" or "deny" when level.Context is not (NginxContext.Stream or NginxContext.StreamServer) && args[0] != "all" && !args[0].StartsWith("unix:", StringComparison.Ordinal)
                && args[0].Any(c => !(char.IsAsciiHexDigit(c) || c is ':' or '.' or '/')) => $"invalid parameter \"{args[0]}\"",
            "access_log" => AccessLog(args),
            "keepalive_timeout" when args.All(a => !a.Contains('$', StringComparison.Ordinal)) && args.Any(a => !NginxValues.TryParseTime(a, seconds: true, out _))
                => "\"keepalive_timeout\" directive invalid value",
            "proxy_cache_valid" or "fastcgi_cache_valid" or "uwsgi_cache_valid" or "scgi_cache_valid" => CacheValid(args),
            "location" when args.Count == 2 && args[0] is not ("=" or "~" or "~*" or "^~") => $"invalid location modifier \"{args[0]}\"",
            "add_header" or "add_trailer" when args.Count == 3 && args[2] != "always" => $"invalid parameter \"{args[2]}\"",
            "limit_req" when level.Context is NginxContext.Http or NginxContext.Server or NginxContext.Location => LimitReq(args),
            "server" when level.Context is NginxContext.Upstream or NginxContext.StreamUpstream && version <= NginxVersion.Newest
                => UpstreamServer(args, version, level.Context == NginxContext.Upstream),
            "ssl_session_cache" => SessionCache(args),
            "error_log" => ErrorLog(args),
            "if" => IfCondition(args),
            "return" when level.Context is not (NginxContext.StreamServer) => Return(args),
            "rewrite" when args.Count == 3 && args[2] is not ("last" or "break" or "redirect" or "permanent") => $"invalid parameter \"{args[2]}\"",
            "error_page" => ErrorPage(args),
            "proxy_pass" when level.Context is not (NginxContext.StreamServer) => ProxyPass(args[0], level),
            "proxy_pass" => Host.Nginx.NginxUrl.PassProblem(directive.Name, args[0], stream: true),
            "fastcgi_pass" or "uwsgi_pass" or "scgi_pass" or "grpc_pass" or "memcached_pass" => Host.Nginx.NginxUrl.PassProblem(directive.Name, args[0], stream: false),
            "proxy_cache_path" or "fastcgi_cache_path" or "uwsgi_cache_path" or "scgi_cache_path" when level.Context == NginxContext.Http
                => NginxCacheParameters.CachePath(directive.Name, args, version),
            "resolver" => NginxCacheParameters.Resolver(args, version),
            _ when info.Value == NginxValueKind.Path => TempPath(directive.Name, args),
            _ => null,
        };
    }

    // Apart from Problem: a lambda there that captured the directive would cost an allocation for every directive.
    private static bool SameZoneTwice(NginxDirective directive, NginxLevel level) =>
        level.Children.Count(c => c.Directive.Name == directive.Name && ZoneOf(c.Directive) == ZoneOf(directive)) > 1;

    private static bool OffBesideOthers(string name, NginxLevel level) =>
        level.Children.Count(c => c.Directive.Name == name) > 1 && level.Children.Any(c => c.Directive.Name == name && c.Directive.Args is ["off"]);

    private static string? Listen(IReadOnlyList<string> args, NginxVersion version)
    {
        if (ListenAddress(args[0], version) is { } address)
        {
            return address;
        }

        for (var at = 1; at < args.Count; at++)
        {
            var parameter = args[at];
            var eq = parameter.IndexOf('=');
            var key = eq < 0 ? parameter : parameter[..(eq + 1)];
            var value = eq < 0 ? string.Empty : parameter[(eq + 1)..];
            switch (key)
            {
                case "default_server" or "default" or "bind" or "deferred" or "reuseport" or "ssl" or "http2" or "proxy_protocol":
                case "quic" when version >= new NginxVersion(1, 25, 0):
                case "multipath" when version >= new NginxVersion(1, 29, 7):
                case "accept_filter=":
                    // FreeBSD's; elsewhere a warning ("not supported on this platform, ignored"). setfib= (FreeBSD's too) has
                    // no such branch: a Linux build refuses it as any unknown parameter.
                    break;
                case "fastopen=" when !NginxValues.TryParseNumber(value, out _):
                    return $"invalid fastopen \"{parameter}\"";
                case "fastopen=":
                    break;
                case "so_keepalive=" when !SoKeepalive(value):
                    return $"invalid so_keepalive value: \"{value}\"";
                case "so_keepalive=":
                    break;
                case "backlog=" or "rcvbuf=" or "sndbuf=":
                    var ok = key == "backlog=" ? NginxValues.TryParseNumber(value, out var n) && n > 0 : NginxValues.TryParseSize(value, out _);
                    if (!ok)
                    {
                        return $"invalid {key.TrimEnd('=')} \"{value}\"";
                    }

                    break;
                case "ipv6only=" when Ipv6Only(parameter) is { } flags:
                    return flags.Length == 0 ? $"invalid parameter \"{parameter}\"" : flags;
                case "ipv6only=":
                    break;
                default:
                    return $"invalid parameter \"{parameter}\"";
            }
        }

        return NginxListenCheck.IsQuic(args) ? QuicIncompatible(args, version) : null;
    }

    /// <summary>The parameters ngx_http_core_listen refuses beside <c>quic</c> (a UDP socket): <c>ssl</c>, <c>http2</c> and
    /// <c>proxy_protocol</c> since 1.25.0; <c>fastopen=</c>, <c>backlog=</c>, <c>deferred</c> and <c>so_keepalive=</c> since
    /// 1.25.4; <c>multipath</c> since 1.29.7 (its own release). <c>accept_filter=</c> only on FreeBSD (elsewhere nginx
    /// ignores it with a warning), so not here. <c>reuseport</c>, <c>bind</c>, <c>rcvbuf=</c>, <c>sndbuf=</c>,
    /// <c>ipv6only=</c> and <c>default_server</c> are accepted. nginx names the first of its checks that fails, in that
    /// order.</summary>
    private static string? QuicIncompatible(IReadOnlyList<string> args, NginxVersion version)
    {
        var later = version >= new NginxVersion(1, 25, 4);
        string[] order = ["fastopen=", "backlog=", "deferred", "multipath", "ssl", "http2", "so_keepalive=", "proxy_protocol"];
        foreach (var key in order)
        {
            if (!later && key is "fastopen=" or "backlog=" or "deferred" or "so_keepalive=")
            {
                continue;
            }

            for (var at = 1; at < args.Count; at++)
            {
                if (key.EndsWith('=') ? args[at].StartsWith(key, StringComparison.Ordinal) : args[at] == key)
                {
                    return $"\"{key.TrimEnd('=')}\" parameter is incompatible with \"quic\"";
                }
            }
        }

        return null;
    }

    private static string ZoneOf(NginxDirective directive) =>
        directive.Name == "limit_conn" ? directive.Args.FirstOrDefault() ?? string.Empty : directive.Args.FirstOrDefault(a => a.StartsWith("zone=", StringComparison.Ordinal)) ?? string.Empty;

    /// <summary><c>ngx_http_join_exact_locations</c>: two exact, or two prefix locations of one name in one block.</summary>
    private static string? DuplicateLocation(IReadOnlyList<string> args, NginxLevel level)
    {
        var (mod, name) = LocationName(args);
        if (mod is "~" or "~*" or "@" || name.Length == 0)
        {
            return null;
        }

        // The block's children are those read so far: this location and the ones before it. A loop, not a lambda: a
        // tree has a location scan for each of its tens of thousands of locations.
        var exact = mod == "=";
        var same = 0;
        var children = level.Children;
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i].Directive;
            if (child.Name == "location" && child.Args.Count > 0
                && LocationName(child.Args) is var (m, n) && m is not ("~" or "~*" or "@") && (m == "=") == exact && n == name)
            {
                same++;
            }
        }

        return same > 1 ? $"duplicate location \"{name}\"" : null;
    }

    /// <summary>ngx_http_core_listen's so_keepalive=: on, off, or [idle]:[interval]:[count] (times, then a number), not all
    /// of them zero.</summary>
    private static bool SoKeepalive(string value)
    {
        if (value is "on" or "off")
        {
            return true;
        }

        var parts = value.Split(':', 3);
        long idle = 0, interval = 0, count = 0;
        if ((parts[0].Length > 0 && !NginxValues.TryParseTime(parts[0], seconds: true, out idle))
            || (parts.Length > 1 && parts[1].Length > 0 && !NginxValues.TryParseTime(parts[1], seconds: true, out interval))
            || (parts.Length > 2 && parts[2].Length > 0 && !NginxValues.TryParseNumber(parts[2], out count)))
        {
            return false;
        }

        return idle != 0 || interval != 0 || count != 0;
    }

    /// <summary><c>ngx_http_headers_expires</c>: [modified] time, epoch, max, off, or a variable.</summary>
    private static string? Expires(IReadOnlyList<string> args)
    {
        if (args.Count == 2 && args[0] != "modified")
        {
            return "\"expires\" directive invalid value";
        }

        var value = args[^1];
        if (value is "epoch" or "max" or "off" || value.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        if (value.StartsWith('@'))
        {
            // A time of day: below 24 hours.
            return !NginxValues.TryParseTime(value[1..], seconds: true, out var daily) ? "\"expires\" directive invalid value"
                : daily > 24 * 60 * 60 ? "\"expires\" directive daily time value must be less than 24 hours" : null;
        }

        var time = value.StartsWith('-') || value.StartsWith('+') ? value[1..] : value;
        return NginxValues.TryParseTime(time, seconds: true, out _) ? null : "\"expires\" directive invalid value";
    }

    /// <summary>The host of a <c>listen</c> address as <c>ngx_parse_url</c> reads it, in http and stream alike: a bracketed
    /// address not closed or followed by anything but <c>:PORT</c> (<c>[::]x:80</c>), a bracketed IPv6 address that is none, or a port with a slip (<c>80x</c>, <c>8o80</c>) read as a host name of one label
    /// starting with a digit, which never resolves. Null where neither.</summary>
    /// <summary>The address of a listen (http or stream) as <c>ngx_parse_url</c> reads it with <c>u.listen</c> set
    /// (<see cref="Host.Nginx.NginxUrl.ListenProblem"/>: port ranges from nginx 1.15.10), then its host: nginx resolves a
    /// listen's name at start, so a word that no resolver gives is refused.</summary>
    private static string? ListenAddress(string address, NginxVersion version)
    {
        if (address.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        if (Host.Nginx.NginxUrl.ListenProblem(address, version >= PortRanges, out var hostLength) is { } problem)
        {
            return $"{problem} in \"{address}\" of the \"listen\" directive";
        }

        if (hostLength <= 0)
        {
            return null;
        }

        // A word that starts as a port but is none ("80a", with no ':'), one that starts with a hyphen ("-80": a port with
        // a slip), or an address with a slip (0.0.x0.0:80) is a name no resolver gives (NoHostName).
        var whole = hostLength == address.Length;
        return (whole && char.IsAsciiDigit(address[0]) && !address.Contains('.') && address.AsSpan().ContainsAnyExceptInRange('0', '9'))
                || (whole && address[0] == '-')
                || NoHostName(hostLength == address.Length ? address : address[..hostLength])
            ? $"host not found in \"{address}\" of the \"listen\" directive"
            : null;
    }

    /// <summary>The stream module's listen parameters, by the release that brought each to stream (ngx_stream_core_listen:
    /// fastopen= at 1.21.0; default_server, deferred, setfib= and accept_filter= with server names at 1.25.5; multipath at
    /// 1.29.7). The release assumed where none is known is the newest: the union.</summary>
    private static string? StreamListen(IReadOnlyList<string> args, NginxVersion version)
    {
        if (ListenAddress(args[0], version) is { } bad)
        {
            return bad;
        }

        for (var at = 1; at < args.Count; at++)
        {
            var parameter = args[at];
            var eq = parameter.IndexOf('=');
            var key = eq < 0 ? parameter : parameter[..(eq + 1)];
            if (key is not ("default_server" or "udp" or "bind" or "setfib=" or "fastopen=" or "backlog=" or "rcvbuf=" or "sndbuf=" or "accept_filter="
                or "deferred" or "ipv6only=" or "reuseport" or "multipath" or "ssl" or "so_keepalive=" or "proxy_protocol")
                || (key == "fastopen=" && version < StreamFastOpen) || (key is "default_server" or "deferred" or "setfib=" or "accept_filter=" && version < StreamServerNames)
                || (key == "multipath" && version < Multipath))
            {
                return $"the invalid \"{parameter}\" parameter";
            }

            if (key == "ipv6only=" && Ipv6Only(parameter) is { } flags)
            {
                return flags.Length == 0 ? $"the invalid \"{parameter}\" parameter" : flags;
            }

            // The values as ngx_stream_core_listen reads them (ngx_atoi, ngx_parse_size); its messages quote the whole word.
            var value = eq < 0 ? string.Empty : parameter[(eq + 1)..];
            var refusedValue = key switch
            {
                "backlog=" => !(NginxValues.TryParseNumber(value, out var n) && n > 0),
                "rcvbuf=" or "sndbuf=" => !NginxValues.TryParseSize(value, out _),
                "fastopen=" => !NginxValues.TryParseNumber(value, out _),
                _ => false,
            };
            if (refusedValue)
            {
                return $"invalid {key.TrimEnd('=')} \"{parameter}\"";
            }

            if (key == "so_keepalive=" && !SoKeepalive(value))
            {
                return $"invalid so_keepalive value: \"{value}\"";
            }
        }

        if (args.Contains("udp"))
        {
            for (var at = 1; at < args.Count; at++)
            {
                var parameter = args[at];
                var name = parameter.Split('=')[0];
                if (name is "backlog" or "ssl" or "so_keepalive" or "proxy_protocol")
                {
                    return $"\"listen\" directive \"{name}\" parameter is incompatible with \"udp\"";
                }
            }
        }

        return null;
    }

    /// <summary>The listen parameters of http and stream read <c>ipv6only=</c> alike: a word that starts
    /// <c>ipv6only=o</c> must end <c>n</c> or <c>ff</c> ("invalid ipv6only flags"); any other is no parameter they know
    /// (the empty string: the caller's words for an unknown parameter). Null where it is <c>on</c> or <c>off</c>.</summary>
    private static string? Ipv6Only(string parameter) =>
        !parameter.StartsWith("ipv6only=o", StringComparison.Ordinal) ? string.Empty
        : parameter.AsSpan(10) is "n" or "ff" ? null
        : $"invalid ipv6only flags \"{parameter[9..]}\"";

    /// <summary>A port nginx refuses in an address (<c>ngx_parse_url</c>), or null.</summary>
    /// <summary><c>ngx_http_core_location</c> for a location inside another: not in an exact or named one, a named one
    /// only at the server level, and a prefix one only under its parent's prefix.</summary>
    private static string? NestedLocation(IReadOnlyList<string> args, NginxDirective parent)
    {
        var (mod, name) = LocationName(args);
        var (parentMod, parentName) = LocationName(parent.Args);
        if (parentMod == "=")
        {
            return $"location \"{name}\" cannot be inside the exact location \"{parentName}\"";
        }

        if (parentMod == "@")
        {
            return $"location \"{name}\" cannot be inside the named location \"{parentName}\"";
        }

        if (mod == "@")
        {
            return $"named location \"{name}\" can be on the server level only";
        }

        if (mod is not ("~" or "~*") && !name.StartsWith(parentName, StringComparison.Ordinal))
        {
            return $"location \"{name}\" is outside location \"{parentName}\"";
        }

        return null;
    }

    private static (string Modifier, string Name) LocationName(IReadOnlyList<string> args)
    {
        if (args.Count >= 2)
        {
            return (args[0], args[1]);
        }

        var a = args.Count == 1 ? args[0] : string.Empty;
        return a switch
        {
            _ when a.StartsWith("^~", StringComparison.Ordinal) => ("^~", a[2..]),
            _ when a.StartsWith("~*", StringComparison.Ordinal) => ("~*", a[2..]),
            _ when a.StartsWith('=') => ("=", a[1..]),
            _ when a.StartsWith('~') => ("~", a[1..]),
            _ when a.StartsWith('@') => ("@", a),
            _ => (string.Empty, a),
        };
    }

    /// <summary><c>ngx_http_log_set_log</c>: <c>off</c> alone, else path, format, then buffer=, gzip, flush=, if=.</summary>
    private static string? AccessLog(IReadOnlyList<string> args)
    {
        if (args[0] == "off")
        {
            return args.Count > 1 ? $"invalid parameter \"{args[1]}\"" : null;
        }

        for (var at = 2; at < args.Count; at++)
        {
            var parameter = args[at];
            if (!(parameter.StartsWith("buffer=", StringComparison.Ordinal) || parameter.StartsWith("flush=", StringComparison.Ordinal)
                || parameter.StartsWith("if=", StringComparison.Ordinal) || parameter == "gzip" || parameter.StartsWith("gzip=", StringComparison.Ordinal)))
            {
                return $"invalid parameter \"{parameter}\"";
            }
        }

        return null;
    }

    /// <summary><c>ngx_http_file_cache_valid_set_slot</c>: status codes (100-599) or <c>any</c>, then a time.</summary>
    private static string? CacheValid(IReadOnlyList<string> args)
    {
        if (!NginxValues.TryParseTime(args[^1], seconds: true, out _))
        {
            return $"invalid time value \"{args[^1]}\"";
        }

        foreach (var status in args.Take(args.Count - 1))
        {
            if (status != "any" && (!NginxValues.TryParseNumber(status, out var code) || code is < 100 or > 599))
            {
                return $"invalid status \"{status}\"";
            }
        }

        return null;
    }

    private static string? LimitReq(IReadOnlyList<string> args)
    {
        var zone = false;
        foreach (var arg in args)
        {
            if (arg.StartsWith("zone=", StringComparison.Ordinal))
            {
                zone = true;
            }
            else if (arg.StartsWith("burst=", StringComparison.Ordinal) || arg.StartsWith("delay=", StringComparison.Ordinal))
            {
                var value = arg[(arg.IndexOf('=') + 1)..];
                if (!NginxValues.TryParseNumber(value, out var n) || n <= 0 && arg[0] == 'b')
                {
                    return $"invalid {arg[..arg.IndexOf('=')]} value \"{value}\"";
                }
            }
            else if (arg != "nodelay")
            {
                return $"invalid parameter \"{arg}\"";
            }
        }

        return zone ? null : "\"limit_req\" must have \"zone\" parameter";
    }

    /// <summary>
    /// A host that no resolver gives at start: its last label is all digits (no top-level domain is), yet it is no
    /// address getaddrinfo reads as numbers (inet_aton's forms: 127.1, 0x7f.0.0.1, each part decimal, octal or hex).
    /// An address with a slip (127.0.x0.1) is one: nginx resolves an upstream server's name at start and stops
    /// ("host not found in upstream").
    /// </summary>
    internal static bool NoHostName(string host)
    {
        var lastDot = host.LastIndexOf('.');
        if (lastDot <= 0 || lastDot == host.Length - 1 || host.AsSpan(lastDot + 1).ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            var numeric = label.Length > 0 && (!label.AsSpan().ContainsAnyExceptInRange('0', '9')
                || (label.Length > 2 && label[0] == '0' && label[1] is 'x' or 'X' && !label.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF")));
            if (!numeric)
            {
                return true;
            }
        }

        return false;
    }

    // ngx_parse_url takes "unix:" without case (listen, upstream servers, the proxy_pass family); allow and deny do not.
    private static string? UpstreamServer(IReadOnlyList<string> args, NginxVersion version, bool http)
    {
        var address = args[0];
        if (Host.Nginx.NginxUrl.Problem(address, uriPart: false) is { } problem)
        {
            return $"{problem} in upstream \"{address}\"";
        }

        if (!Host.Endpoint.IsUnixAddress(address) && !address.Contains('$', StringComparison.Ordinal))
        {
            var hostEnd = address.StartsWith('[') ? address.IndexOf(']', StringComparison.Ordinal) + 1 : 0;
            var colon = address.IndexOf(':', Math.Max(hostEnd, 0));

            if (!http && colon < 0)
            {
                return $"no port in upstream \"{address}\"";
            }

            if (hostEnd == 0 && NoHostName(colon >= 0 ? address[..colon] : address) && !args.Contains("resolve"))
            {
                return $"host not found in upstream \"{address}\"";
            }
        }

        for (var at = 1; at < args.Count; at++)
        {
            var parameter = args[at];
            var eq = parameter.IndexOf('=');
            var key = eq < 0 ? parameter : parameter[..(eq + 1)];
            var value = eq < 0 ? string.Empty : parameter[(eq + 1)..];
            switch (key)
            {
                case "backup" or "down":
                case "resolve" when version >= new NginxVersion(1, 27, 3):
                case "service=" when version >= new NginxVersion(1, 27, 3):
                case "drain" or "route=" when http && version >= new NginxVersion(1, 29, 6):
                    break;
                case "weight=" or "max_fails=" or "max_conns=":
                    if (!NginxValues.TryParseNumber(value, out var n) || (key == "weight=" && n == 0))
                    {
                        return $"invalid parameter \"{parameter}\"";
                    }

                    break;
                case "fail_timeout=":
                    if (!NginxValues.TryParseTime(value, seconds: true, out _))
                    {
                        return $"invalid parameter \"{parameter}\"";
                    }

                    break;
                default:
                    return $"invalid parameter \"{parameter}\"";
            }
        }

        return null;
    }

    private static string? SessionCache(IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            if (arg is "off" or "none" or "builtin")
            {
                continue;
            }

            if (arg.StartsWith("builtin:", StringComparison.Ordinal) && NginxValues.TryParseNumber(arg[8..], out var n) && n > 0)
            {
                continue;
            }

            if (arg.StartsWith("shared:", StringComparison.Ordinal))
            {
                var colon = arg.LastIndexOf(':');
                if (colon > 7 && NginxValues.TryParseSize(arg[(colon + 1)..], out var size) && size > 0)
                {
                    continue;
                }
            }

            return $"invalid session cache \"{arg}\"";
        }

        return null;
    }

    private static string? ErrorLog(IReadOnlyList<string> args)
    {
        if (args[0] == "stderr" && args.Count == 1)
        {
            return null;
        }

        // ngx_log_set_levels: one of the eight levels, or debug_* flags only; a level after any other word is "duplicate",
        // a debug_* flag after a level is "invalid".
        var leveled = false;
        var flagged = false;
        for (var at = 1; at < args.Count; at++)
        {
            var level = args[at];
            if (Array.IndexOf(BasicErrorLevels, level) >= 0)
            {
                if (leveled || flagged)
                {
                    return $"duplicate log level \"{level}\"";
                }

                leveled = true;
            }
            else if (Array.IndexOf(DebugErrorLevels, level) >= 0 && !leveled)
            {
                flagged = true;
            }
            else
            {
                return $"invalid log level \"{level}\"";
            }
        }

        return null;
    }

    /// <summary>
    /// The words of an <c>if</c> condition inside its parentheses, as <c>ngx_http_rewrite_if_condition</c> reads them: the
    /// parentheses taken off the first and last words, and those two dropped where nothing else was in them
    /// (<c>( $a )</c>). Null where the condition is not in parentheses.
    /// </summary>
    public static List<string>? ConditionWords(IReadOnlyList<string> args)
    {
        var count = args.Count;
        if (count == 0 || args[0].Length == 0 || args[0][0] != '(' || args[^1].Length == 0 || args[^1][^1] != ')')
        {
            return null;
        }

        // One list, no query: each if of a large tree is read here two or three times.
        var words = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var word = args[i];
            var start = i == 0 ? 1 : 0;
            var end = i == count - 1 ? word.Length - 1 : word.Length;
            if (end - start > 0 || (i != 0 && i != count - 1))
            {
                words.Add(start == 0 && end == word.Length ? word : word[start..end]);
            }
        }

        return words;
    }

    /// <summary>Whether a word is one of the file tests of an <c>if</c> condition (<c>-f</c>, <c>!-d</c>...).</summary>
    public static bool IsFileTest(string word) => FileTests.Contains(word);

    /// <summary><c>ngx_http_rewrite_if_condition</c>: ( $var ), ( $var op value ), ( -f path ).</summary>
    private static string? IfCondition(IReadOnlyList<string> args)
    {
        if (ConditionWords(args) is not { } words)
        {
            return $"invalid condition \"{args[0]}\"";
        }

        if (words.Count == 0)
        {
            return "invalid condition \"(\"";
        }

        if (words[0].Length > 1 && words[0][0] == '$')
        {
            return words.Count == 1 || (words.Count == 3 && IfOperators.Contains(words[1])) ? null
                : words.Count == 2 || !IfOperators.Contains(words[1]) ? $"unexpected \"{words[1]}\" in condition" : $"unexpected \"{words[3]}\" in condition";
        }

        if (FileTests.Contains(words[0]))
        {
            return words.Count == 2 ? null : $"invalid condition \"{words[0]}\"";
        }

        return $"invalid condition \"{words[0]}\"";
    }

    private static string? Return(IReadOnlyList<string> args)
    {
        var first = args[0];
        if (!first.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return int.Parse(first.Length > 4 ? "9999" : first, System.Globalization.CultureInfo.InvariantCulture) > 999 ? $"invalid return code \"{first}\"" : null;
        }

        // One argument that is not a code is a redirect only when it starts with http://, https:// or $scheme.
        if (args.Count == 2 || !(first.StartsWith("http://", StringComparison.Ordinal) || first.StartsWith("https://", StringComparison.Ordinal) || first.StartsWith("$scheme", StringComparison.Ordinal)))
        {
            return $"invalid return code \"{first}\"";
        }

        return null;
    }

    private static string? ErrorPage(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            var arg = args[i];
            if (arg.StartsWith('='))
            {
                if (i != args.Count - 2)
                {
                    return $"invalid value \"{arg}\"";
                }

                continue;
            }

            if (!NginxValues.TryParseNumber(arg, out var code))
            {
                return $"invalid value \"{arg}\"";
            }

            if (code is < 300 or > 599)
            {
                return $"value \"{arg}\" must be between 300 and 599";
            }
        }

        return null;
    }

    private static string? ProxyPass(string url, NginxLevel level)
    {
        if (url.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        var lower = url.ToLowerInvariant();
        var prefix = lower.StartsWith("http://", StringComparison.Ordinal) ? 7 : lower.StartsWith("https://", StringComparison.Ordinal) ? 8 : 0;
        if (prefix == 0)
        {
            return $"invalid URL prefix in \"{url}\"";
        }

        if (Host.Nginx.NginxUrl.PassProblem("proxy_pass", url, stream: false) is { } problem)
        {
            return problem;
        }

        var hasUri = url.IndexOf('/', prefix) >= 0 && !Host.Endpoint.IsUnixAddress(url[prefix..]);
        if (Host.Endpoint.IsUnixAddress(url[prefix..]))
        {
            // unix:/path.sock:/uri: the URI follows the colon after the socket path.
            var close = url.IndexOf(':', prefix + 5);
            hasUri = close >= 0 && close + 1 < url.Length;
        }

        var owner = level.Owner;
        var noname = level.Context is NginxContext.LocationIf or NginxContext.LimitExcept;
        var named = owner is { Name: "location" } && owner.Args.Count > 0 && owner.Args[0].StartsWith('@');
        var regex = owner is { Name: "location" } && owner.Args.Count > 0
            && (owner.Args[0] is "~" or "~*" || (owner.Args.Count == 1 && owner.Args[0].StartsWith('~') && !owner.Args[0].StartsWith("~ ", StringComparison.Ordinal)));
        if (hasUri && level.Context is NginxContext.Location or NginxContext.LocationIf or NginxContext.LimitExcept && (noname || named || regex))
        {
            return "\"proxy_pass\" cannot have URI part in location given by regular expression, or inside named location, or inside \"if\" statement, or inside \"limit_except\" block";
        }

        return null;
    }

    /// <summary><c>ngx_conf_set_path_slot</c>: a path and up to three levels of 1 or 2 digits.</summary>
    private static string? TempPath(string name, IReadOnlyList<string> args)
    {
        var length = 0;
        for (var i = 1; i < args.Count; i++)
        {
            if (!NginxValues.TryParseNumber(args[i], out var level) || level == 0 || level > 1000)
            {
                return $"\"{name}\" directive invalid value";
            }

            length += (int)level + 1;
        }

        return length > 10 + (args.Count - 1) ? $"\"{name}\" directive invalid value" : null;
    }
}
