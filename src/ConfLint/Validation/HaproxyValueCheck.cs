using ConfLint.Syntax.Haproxy;

namespace ConfLint.Validation;

/// <summary>
/// The values HAProxy 2.6's keyword parsers refuse, in <c>haproxy -c</c>'s words: timeouts and timers
/// (<c>parse_time_err</c>), <c>balance</c> algorithms and their options, <c>mode</c>, <c>hash-type</c>, <c>http-reuse</c>,
/// <c>retry-on</c>, <c>option httplog</c> and <c>option forwardfor</c> options, <c>errorfile</c> codes, compression
/// algorithms, <c>load-server-state-from-file</c>, and global numbers with a range. Words a later release may add
/// (a mode, a hash function, an action) are judged only where the root shows Debian's haproxy 2.6.
/// </summary>
internal static class HaproxyValueCheck
{
    private static readonly string[] RetryOn =
        ["none", "conn-failure", "empty-response", "junk-response", "response-timeout", "0rtt-rejected", "401", "403", "404", "408", "425", "500", "501", "502", "503", "504", "all-retryable-errors"];

    private static readonly int[] ErrorCodes = [200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 421, 422, 425, 429, 500, 501, 502, 503, 504];

    /// <summary>What HAProxy answers for the line (without its "[file:line]"), or null where it takes it.</summary>
    public static string? Problem(HaproxySection section, string name, IReadOnlyList<string> words, bool release26)
    {
        var args = name.Contains(' ', StringComparison.Ordinal) ? words.Skip(1).ToList() : words.ToList();
        if (args.Any(a => a.Contains('$', StringComparison.Ordinal)))
        {
            return null;
        }

        if (name.StartsWith("timeout ", StringComparison.Ordinal) && section.Kind != "resolvers" && args.Count >= 1)
        {
            return HaproxyTime.Parse(args[0]) switch
            {
                ({ } c, _) => $"unexpected character '{c}' in '{name}'",
                (_, true) => $"timer overflow in argument '{args[0]}' to '{name}' (maximum value is 2147483647 ms or ~24.8 days)",
                _ => null,
            };
        }

        if (args.Count == 0)
        {
            return name == "retry-on" ? "'retry-on' needs at least one keyword to specify when to retry" : null;
        }

        return name switch
        {
            "hard-stop-after" or "tune.idletimer" or "tune.ssl.lifetime" when HaproxyTime.Parse(args[0]).Unexpected is { } c
                => $"unexpected character '{c}' in argument to <{name}>.",
            "tune.idletimer" when HaproxyTime.Parse(args[0]) is (null, _) && long.TryParse(args[0], out var idle) && idle > 65535
                => "'tune.idletimer' expects a timer value between 0 and 65535 ms.",
            "tcp-request inspect-delay" or "tcp-response inspect-delay" when HaproxyTime.Parse(args[0]).Unexpected is { } c
                => $"'{name}' expects a positive delay in milliseconds, in {section.Describe()} (unexpected character '{c}')",
            "balance" => HaproxyBalance.Problem(args),
            "mode" when args[0] == "health" => "'mode health' doesn't exist anymore. Please use 'http-request return status 200' instead.",
            "mode" when args[0] is not ("tcp" or "http") && (release26 || args[0] is not ("log" or "spop")) => $"unknown proxy mode '{args[0]}'.",
            "hash-type" => HashType(args, release26),
            "http-reuse" when args[0] is not ("never" or "safe" or "aggressive" or "always") => "'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.",
            "http-reuse" when args.Count > 1 => $"'http-reuse {args[0]}' cannot handle unexpected argument '{args[1]}'.",
            "retry-on" when args.FirstOrDefault(a => !RetryOn.Contains(a, StringComparer.Ordinal)) is { } retry && release26 => $"'retry-on': unknown keyword '{retry}'",
            "option httplog" when args[0] != "clf" => "keyword 'httplog' only supports option 'clf'.",
            "option forwardfor" when args[0] is not ("except" or "header" or "if-none") => "'option forwardfor' only supports optional values: 'except', 'header' and 'if-none'.",
            "load-server-state-from-file" when args[0] is not ("global" or "local" or "none") => $"'load-server-state-from-file' expects 'global', 'local' or 'none'. Got '{args[0]}'",
            "errorfile" or "errorloc" or "errorloc302" or "errorloc303" when args.Count >= 2 && ApacheNumbers.Atoi(args[0]) is var code
                && !ErrorCodes.Contains((int)code) && (release26 || code is < 100 or > 599)
                => $"{name} : status code '{code}' not handled.",
            "compression" when args.Count >= 2 && args[0] == "algo" && args.Skip(1).FirstOrDefault(a => a is not ("identity" or "gzip" or "deflate" or "raw-deflate")) is { } algo
                => $"'compression' : '{algo}' is not a supported algorithm.",
            "nbthread" when !int.TryParse(args[0], out _) => $"'nbthread' passed a missing or unparsable integer value in '{args[0]}'",
            "nbthread" when int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) is < 1 or > 64 && release26
                => $"'nbthread' value must be between 1 and 64 (was {args[0]})",
            "tune.http.maxhdr" when ApacheNumbers.Atoi(args[0]) is < 1 or > 32767 => "'tune.http.maxhdr' expects a numeric value between 1 and 32767",
            "tune.comp.maxlevel" when ApacheNumbers.Atoi(args[0]) is < 1 or > 9 => "'tune.comp.maxlevel' expects a numeric value between 1 and 9",
            "tune.bufsize" when ApacheNumbers.Atoi(args[0]) <= 0 => "'tune.bufsize' expects a positive integer argument.",
            "spread-checks" when ApacheNumbers.Atoi(args[0]) is < 0 or > 50 => "'spread-checks' needs a positive value in range 0..50.",
            "ssl-server-verify" when args[0] is not ("none" or "required") => "'ssl-server-verify' expects 'none' or 'required' as argument.",
            "stats" when section.Kind == "global" && args[0] is not ("socket" or "maxconn" or "bind-process" or "timeout") && release26
                => $"'stats' only supports 'socket', 'maxconn', 'bind-process' and 'timeout' (got '{args[0]}')",
            "stats" when section.Kind == "global" && args.Count >= 2 && args[0] == "timeout" && HaproxyTime.Parse(args[1]).Unexpected is { } c
                => $"'stats timeout' : unexpected character '{c}'",
            "http-request" or "http-response" when release26 => HaproxyActions.Problem(name, args[0]),
            _ => null,
        };
    }

    private static string? HashType(List<string> args, bool release26)
    {
        if (args[0] is not ("consistent" or "map-based"))
        {
            return "'hash-type' only supports 'consistent' and 'map-based'.";
        }

        if (args.Count > 1 && args[1] is not ("sdbm" or "djb2" or "crc32" or "wt6") && release26)
        {
            return "'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions.";
        }

        return args.Count > 2 && args[2] != "avalanche" && release26 ? "'hash-type' only supports 'avalanche' as a modifier for hash functions." : null;
    }
}
