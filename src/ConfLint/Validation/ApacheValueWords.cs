namespace ConfLint.Validation;

/// <summary>
/// Keyword and number values of core, mod_alias, mod_deflate, mod_dir, mod_negotiation, mod_access_compat, mod_authz_core,
/// mod_proxy, mod_rewrite, mod_ssl and the MPMs, with the words their handlers answer (each seen refused by Debian 12's
/// <c>apache2 -t</c>; a directive of a module not loaded never gets here). Numbers are read as the handler reads them:
/// <c>atoi</c> where "abc" is taken as 0, <c>apr_strtoff</c> where the whole word must be digits.
/// </summary>
internal static class ApacheValueWords
{
    private static readonly Dictionary<string, (string[] Words, string Message)> OneOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UseCanonicalName"] = (["on", "off", "dns"], "parameter must be 'on', 'off', or 'dns'"),
        ["UseCanonicalPhysicalPort"] = (["on", "off"], "parameter must be 'on' or 'off'"),
        ["EnableMMAP"] = (["on", "off"], "parameter must be 'on' or 'off'"),
        ["EnableSendfile"] = (["on", "off"], "parameter must be 'on' or 'off'"),
        ["ProtocolsHonorOrder"] = (["on", "off"], "ProtocolsHonorOrder must be 'on' or 'off'"),
        ["TraceEnable"] = (["on", "off", "extended"], "TraceEnable must be one of 'on', 'off', or 'extended'"),
        ["AcceptPathInfo"] = (["on", "off", "default"], "AcceptPathInfo must be set to on, off or default"),
        ["AllowEncodedSlashes"] = (["on", "off", "nodecode"], "AllowEncodedSlashes must be On, Off, or NoDecode"),
        ["AuthMerging"] = (["off", "and", "or"], "AuthMerging must be one of: Off | And | Or"),
        ["Satisfy"] = (["any", "all"], "Satisfy either 'any' or 'all'."),
        ["Order"] = (["allow,deny", "deny,allow", "mutual-failure"], "unknown order"),
        ["ProxyVia"] = (["off", "on", "full", "block"], "ProxyVia must be one of: off | on | full | block"),
        ["ProxyStatus"] = (["off", "on", "full"], "ProxyStatus must be one of: off | on | full"),
        ["ProxyBadHeader"] = (["iserror", "ignore", "startbody"], "ProxyBadHeader must be one of: IsError | Ignore | StartBody"),
        ["ProxyFCGIBackendType"] = (["generic", "fpm"], "ProxyFCGIBackendType requires one of the following arguments: 'GENERIC', 'FPM'"),
    };

    /// <summary>Numbers read with atoi: the lowest and highest value taken (0 may be allowed apart), and the answer.</summary>
    private static readonly Dictionary<string, (long Min, long Max, bool ZeroToo, string Message)> Atoi = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DeflateCompressionLevel"] = (1, 9, false, "Compression Level must be between 1 and 9"),
        ["DeflateMemLevel"] = (1, 9, false, "DeflateMemLevel must be between 1 and 9"),
        ["DeflateWindowSize"] = (1, 15, false, "DeflateWindowSize must be between 1 and 15"),
        ["DeflateBufferSize"] = (1, long.MaxValue, false, "DeflateBufferSize should be positive"),
        ["ListenBacklog"] = (1, long.MaxValue, false, "ListenBacklog must be > 0"),
        ["SendBufferSize"] = (512, long.MaxValue, true, "SendBufferSize must be >= 512 bytes, or 0 for system default."),
        ["ReceiveBufferSize"] = (512, long.MaxValue, true, "ReceiveBufferSize must be >= 512 bytes, or 0 for system default."),
        ["LimitXMLRequestBody"] = (0, long.MaxValue, false, "LimitXMLRequestBody requires a non-negative integer."),
        ["ProxyTimeout"] = (1, long.MaxValue, false, "Proxy Timeout must be at least 1 second."),
        ["ProxyIOBufferSize"] = (512, long.MaxValue, true, "ProxyIOBufferSize must be >= 512 bytes, or 0 for system default."),
        ["ProxyReceiveBufferSize"] = (512, long.MaxValue, true, "ProxyReceiveBufferSize must be >= 512 bytes, or 0 for system default."),
        ["BalancerGrowth"] = (0, 1000, false, "BalancerGrowth must be between 0 and 1000"),
    };

    private static readonly string[] RewriteOptionWords =
        ["inherit", "inheritbefore", "inheritdown", "inheritdownbefore", "ignoreinherit", "allownoslash", "allowanyuri", "mergebase", "ignorecontextinfo", "legacyprefixdocroot"];

    private static readonly string[] SslProtocols = ["all", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

    private static readonly string[] VerifyWords = ["none", "optional", "require", "optional_no_ca"];

    /// <summary>What the handler answers for these arguments, or null (taken, or not judged here).</summary>
    public static string? Problem(string name, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return null;
        }

        if (args.Count == 1 && OneOf.TryGetValue(name, out var oneOf) && !oneOf.Words.Contains(args[0], StringComparer.OrdinalIgnoreCase))
        {
            return oneOf.Message;
        }

        if (args.Count == 1 && Atoi.TryGetValue(name, out var range) && ApacheNumbers.Atoi(args[0]) is var n && (n < range.Min || n > range.Max) && !(range.ZeroToo && n == 0))
        {
            return range.Message;
        }

        return name.ToLowerInvariant() switch
        {
            "limitrequestbody" or "deflateinflatelimitrequestbody" when args.Count == 1 && ApacheNumbers.Digits(args[0]) is null
                => $"{(name.Equals("LimitRequestBody", StringComparison.OrdinalIgnoreCase) ? "LimitRequestBody" : "DeflateInflateLimitRequestBody")} requires a non-negative integer.",
            "limitrequestbody" when args.Count == 1 && ApacheNumbers.Digits(args[0]) > long.MaxValue => "LimitRequestBody argument is not parsable.",
            "limitrequestfields" when args.Count == 1 && ApacheNumbers.Atoi(args[0]) < 0 => $"LimitRequestFields \"{args[0]}\" must be a non-negative integer (0 = no limit)",
            "limitrequestfieldsize" when args.Count == 1 && ApacheNumbers.Atoi(args[0]) < 0 => $"LimitRequestFieldsize \"{args[0]}\" must be a non-negative integer",
            "limitrequestline" when args.Count == 1 && ApacheNumbers.Atoi(args[0]) < 0 => $"LimitRequestLine \"{args[0]}\" must be a non-negative integer",
            "limitinternalrecursion" when args.Any(a => ApacheNumbers.Atoi(a) <= 0) => "The recursion limit must be greater than zero.",
            "maxranges" or "maxrangeoverlaps" or "maxrangereversals" when args.Count == 1 && !IsRangeLimit(args[0])
                => $"{Spelled(name)} requires 'none', 'default', 'unlimited' or a positive integer",
            "directoryindexredirect" when args.Count == 1 => IndexRedirect(args[0]),
            "indexorderdefault" when args.Count == 2 && !args[0].Equals("ascending", StringComparison.OrdinalIgnoreCase) && !args[0].Equals("descending", StringComparison.OrdinalIgnoreCase)
                => "First keyword must be 'Ascending' or 'Descending'",
            "indexorderdefault" when args.Count == 2 && !new[] { "name", "date", "size", "description" }.Contains(args[1], StringComparer.OrdinalIgnoreCase)
                => "Second keyword must be 'Name', 'Date', 'Size', or 'Description'",
            "fileetag" => args.Select(a => a.TrimStart('+', '-')).FirstOrDefault(w => !new[] { "inode", "mtime", "size", "none", "all", "digest" }.Contains(w, StringComparer.OrdinalIgnoreCase)) is { } etag
                ? $"Unknown keyword '{etag}' for FileETag directive" : null,
            "forcelanguagepriority" => args.FirstOrDefault(w => !new[] { "none", "prefer", "fallback" }.Contains(w, StringComparer.OrdinalIgnoreCase)) is { } priority
                ? $"Invalid ForceLanguagePriority option {priority}" : null,
            "multiviewsmatch" => args.FirstOrDefault(w => !new[] { "any", "negotiatedonly", "filters", "handlers" }.Contains(w, StringComparer.OrdinalIgnoreCase)) is { } match
                ? $"Unrecognized option '{match}'" : null,
            "httpprotocoloptions" when args.Any(w => !new[] { "strict", "unsafe", "registeredmethods", "lenientmethods", "allow0.9", "require1.0" }.Contains(w, StringComparer.OrdinalIgnoreCase))
                => "HttpProtocolOptions accepts 'Unsafe' or 'Strict' (default), 'RegisteredMethods' or 'LenientMethods' (default), and 'Require1.0' or 'Allow0.9' (default)",
            "asyncrequestworkerfactor" when args.Count == 1 => WorkerFactor(args[0]),
            "proxyerroroverride" => ErrorOverride(args),
            "proxydomain" when args.Count == 1 && !args[0].StartsWith('.') => "ProxyDomain: domain name must start with a dot.",
            "rewriteoptions" => args.FirstOrDefault(w => !RewriteOptionWords.Contains(w, StringComparer.OrdinalIgnoreCase) && !w.StartsWith("maxredirects=", StringComparison.OrdinalIgnoreCase)) is { } option
                ? $"RewriteOptions: unknown option '{option}'" : null,
            "rewritemap" when args.Count >= 2 && args[1].StartsWith("int:", StringComparison.OrdinalIgnoreCase)
                && !new[] { "tolower", "toupper", "escape", "unescape" }.Contains(args[1][4..], StringComparer.OrdinalIgnoreCase)
                => $"RewriteMap: internal map not found:{args[1][4..]}",
            "sslprotocol" => args.Select(a => a.TrimStart('+', '-')).FirstOrDefault(p => !SslProtocols.Contains(p, StringComparer.OrdinalIgnoreCase) && !p.Equals("SSLv2", StringComparison.OrdinalIgnoreCase)) is { } protocol
                ? $"SSLProtocol: Illegal protocol '{protocol}'" : null,
            "sslverifyclient" or "sslproxyverify" when args.Count == 1 && !VerifyWords.Contains(args[0], StringComparer.OrdinalIgnoreCase) => $"{Spelled(name)}: Invalid argument '{args[0]}'",
            "sslverifydepth" or "sslproxyverifydepth" when args.Count == 1 && ApacheNumbers.Atoi(args[0]) < 0 => $"{Spelled(name)}: Invalid argument '{args[0]}'",
            "redirect" when args.Count == 3 => Redirect(args),
            "mutex" => MutexMechanism(args[0]),
            "requestreadtimeout" => ApacheRequestTimeout.Problem(args),
            _ => null,
        };
    }

    private static string Spelled(string name) => name.ToLowerInvariant() switch
    {
        "maxranges" => "MaxRanges",
        "maxrangeoverlaps" => "MaxRangeOverlaps",
        "maxrangereversals" => "MaxRangeReversals",
        "sslverifyclient" => "SSLVerifyClient",
        "sslproxyverify" => "SSLProxyVerify",
        "sslverifydepth" => "SSLVerifyDepth",
        "sslproxyverifydepth" => "SSLProxyVerifyDepth",
        _ => name,
    };

    private static bool IsRangeLimit(string word) =>
        new[] { "none", "default", "unlimited" }.Contains(word, StringComparer.OrdinalIgnoreCase) || ApacheNumbers.Atoi(word) > 0;

    /// <summary>mod_dir: ON, OFF, permanent, temp, seeother, or a number from 300 to 399.</summary>
    private static string? IndexRedirect(string word)
    {
        if (new[] { "on", "off", "permanent", "temp", "seeother" }.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        return char.IsAsciiDigit(word[0])
            ? ApacheNumbers.Atoi(word) is < 300 or > 399 ? "DirectoryIndexRedirect only accepts values between 300 and 399" : null
            : "DirectoryIndexRedirect ON|OFF|permanent|temp|seeother|3xx";
    }

    private static string? WorkerFactor(string word)
    {
        if (!double.TryParse(word, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var factor))
        {
            return char.IsAsciiDigit(word[0]) || word[0] is '-' or '+' or '.' ? null : "error parsing value";
        }

        return factor < 0 ? "AsyncRequestWorkerFactor argument must be a positive number" : null;
    }

    /// <summary>ProxyErrorOverride on|off, then (after on) the status codes to intercept, each from 400 to 599.</summary>
    private static string? ErrorOverride(IReadOnlyList<string> args)
    {
        var on = args[0].Equals("on", StringComparison.OrdinalIgnoreCase);
        if (!on && !args[0].Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return "ProxyErrorOverride first parameter must be one of: off | on";
        }

        foreach (var code in args.Skip(1))
        {
            if (ApacheNumbers.Digits(code) is not { } number)
            {
                return "ProxyErrorOverride: status codes to intercept must be numeric";
            }

            if (!on)
            {
                return "ProxyErrorOverride: status codes must follow a value of 'on'";
            }

            if (number is < 400 or >= 600)
            {
                return "ProxyErrorOverride: status codes to intercept must be valid HTTP Status Codes >=400 && <600";
            }
        }

        return null;
    }

    /// <summary>mod_alias with three arguments: a status (permanent, temp, seeother, gone or a number), the path and the
    /// URL, which a redirect status needs absolute (or a path) and any other status may not have.</summary>
    private static string? Redirect(IReadOnlyList<string> args)
    {
        var status = args[0].ToLowerInvariant() switch
        {
            "permanent" => 301,
            "temp" => 302,
            "seeother" => 303,
            "gone" => 410,
            _ when char.IsAsciiDigit(args[0][0]) => ApacheNumbers.Atoi(args[0]),
            _ => -1,
        };
        if (status < 0)
        {
            return "Redirect: invalid first argument (of three)";
        }

        var url = args[2];
        if (status is >= 300 and < 400)
        {
            var scheme = url.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.').Count();
            var isUrl = scheme > 0 && scheme < url.Length && url[scheme] == ':';
            return isUrl || url.StartsWith('/') ? null : "Redirect to non-URL";
        }

        return "Redirect URL not valid for this status";
    }

    /// <summary>
    /// mod_alias's add_redirect_internal with one or two words (three: <see cref="Redirect"/>): a first word it does not
    /// know as a status is the path, the status then 302; a known redirect status (permanent, temp, seeother, 3xx) takes
    /// the next word as the path. Where the command has a path (inside &lt;Location&gt;, &lt;Directory&gt;, &lt;Files&gt;,
    /// &lt;If&gt;, &lt;Proxy&gt;), a status and one word, or one unknown word, is an expression for the URL and "gone" (or
    /// another non-redirect status) alone is taken. Otherwise a redirect with no URL left is "URL to redirect to is
    /// missing", and a URL that is neither absolute nor a path "Redirect to non-URL".
    /// </summary>
    public static string? ShortRedirect(IReadOnlyList<string> args, bool inSection)
    {
        if (args.Count is 0 or > 2 || args.Any(a => a.Length == 0 || a.Contains("${", StringComparison.Ordinal)))
        {
            return null;
        }

        var first = args[0];
        var (grok, status) = first.ToLowerInvariant() switch
        {
            "permanent" => (1, 301),
            "temp" => (1, 302),
            "seeother" => (1, 303),
            "gone" => (-1, 410),
            _ when char.IsAsciiDigit(first[0]) => ApacheNumbers.Atoi(first) is var n && n is >= 300 and < 400 ? (1, (int)n) : (-1, (int)n),
            _ => (0, 302),
        };
        if (inSection && ((grok > 0 && args.Count == 2) || (grok == 0 && args.Count == 1) || (grok < 0 && args.Count == 1)))
        {
            return null;
        }

        var url = grok == 0 && args.Count == 2 ? args[1] : null;
        if (status is < 300 or >= 400)
        {
            return url is null ? null : "Redirect URL not valid for this status";
        }

        if (url is null)
        {
            return "URL to redirect to is missing";
        }

        var scheme = url.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.').Count();
        return (scheme > 0 && scheme < url.Length && url[scheme] == ':') || url.StartsWith('/') ? null : "Redirect to non-URL";
    }

    /// <summary><c>ap_parse_mutex</c>'s mechanisms.</summary>
    private static string? MutexMechanism(string word)
    {
        var mechanism = word.Split(':')[0].ToLowerInvariant();
        return mechanism is "none" or "no" or "default" or "yes" or "pthread" or "sysvsem" or "posixsem" or "sem" or "flock" or "fcntl" or "file"
            ? null
            : $"Invalid Mutex argument {word} (Mutex mechanisms are: 'none', 'default', 'flock:/path/to/file', 'fcntl:/path/to/file', 'file:/path/to/file', 'pthread', 'sysvsem', 'posixsem', 'sem')";
    }
}
