using ConfLint.Knowledge;

namespace ConfLint.Validation;

/// <summary>
/// The parameters of <c>proxy_cache_path</c> (and fastcgi_, uwsgi_, scgi_), read by <c>ngx_http_file_cache_set_slot</c>
/// (src/http/ngx_http_file_cache.c), and of <c>resolver</c>, read by <c>ngx_resolver_create</c> (src/core/ngx_resolver.c),
/// in the words those handlers print. Neither takes variables: a <c>$</c> is a character of the value.
/// </summary>
internal static class NginxCacheParameters
{
    /// <summary>proxy_cache_path's <c>min_free=</c> (CHANGES 1.19.1); before it the word is "invalid parameter".</summary>
    private static readonly NginxVersion MinFree = new(1, 19, 1);

    /// <summary>resolver's <c>ipv4=</c> (CHANGES 1.23.1); before it the word is read as a name server's address.</summary>
    private static readonly NginxVersion Ipv4 = new(1, 23, 1);

    /// <summary>
    /// ngx_http_file_cache_set_slot: after the path, each parameter by its prefix (case matters), the first refused one
    /// named; nginx Plus's <c>purger*</c> and any other word are "invalid parameter". <c>levels=</c> is one to three
    /// levels of 1 or 2 characters joined by ':'; <c>inactive=</c> a time in seconds, <c>loader_sleep=</c> and the other
    /// sleeps and thresholds milliseconds, <c>max_size=</c>/<c>min_free=</c> offsets, <c>*_files=</c> numbers (ngx_atoi),
    /// <c>keys_zone=</c> a name, ':' and a size of two pages at least (8k here: pages are 4k or more); without a named
    /// keys zone the directive "must have "keys_zone" parameter".
    /// </summary>
    public static string? CachePath(string directive, IReadOnlyList<string> args, NginxVersion version)
    {
        var zoned = false;
        for (var i = 1; i < args.Count; i++)
        {
            var word = args[i];
            if (word.StartsWith("levels=", StringComparison.Ordinal))
            {
                if (!IsLevels(word.AsSpan(7)))
                {
                    return $"invalid \"levels\" \"{word}\"";
                }
            }
            else if (word.StartsWith("use_temp_path=", StringComparison.Ordinal))
            {
                if (word[14..] is not ("on" or "off"))
                {
                    return $"invalid use_temp_path value \"{word}\", it must be \"on\" or \"off\"";
                }
            }
            else if (word.StartsWith("keys_zone=", StringComparison.Ordinal))
            {
                var colon = word.IndexOf(':', 10);
                if (colon < 0 || !NginxValues.TryParseSize(word[(colon + 1)..], out var size))
                {
                    return $"invalid keys zone size \"{word}\"";
                }

                if (size < 8192)
                {
                    return $"keys zone \"{word}\" is too small";
                }

                zoned = colon > 10;
            }
            else if (Refused(word, version) is { } refused)
            {
                return refused;
            }
        }

        return zoned ? null : $"\"{directive}\" must have \"keys_zone\" parameter";
    }

    private static string? Refused(string word, NginxVersion version)
    {
        var eq = word.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? word : word[..(eq + 1)];
        var value = eq < 0 ? string.Empty : word[(eq + 1)..];
        var ok = key switch
        {
            "inactive=" => NginxValues.TryParseTime(value, seconds: true, out _),
            "max_size=" => NginxValues.TryParseOffset(value, out _),
            "min_free=" when version >= MinFree => NginxValues.TryParseOffset(value, out _),
            "loader_files=" or "manager_files=" => NginxValues.TryParseNumber(value, out _),
            "loader_sleep=" or "loader_threshold=" or "manager_sleep=" or "manager_threshold=" => NginxValues.TryParseTime(value, seconds: false, out _),
            _ => (bool?)null,
        };
        return ok switch
        {
            null => $"invalid parameter \"{word}\"",
            false => $"invalid {key[..^1]} value \"{word}\"",
            true => null,
        };
    }

    /// <summary>One to three levels of "1" or "2" joined by ':' (an empty value is taken: no levels).</summary>
    private static bool IsLevels(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return true;
        }

        var levels = 0;
        for (var at = 0; ; at += 2)
        {
            if (at >= value.Length || value[at] is not ('1' or '2') || ++levels > 3)
            {
                return false;
            }

            if (at + 1 == value.Length)
            {
                return true;
            }

            if (value[at + 1] != ':')
            {
                return false;
            }
        }
    }

    /// <summary>
    /// ngx_resolver_create: <c>valid=</c> a time in seconds, <c>ipv6=</c> (and from 1.23.1 <c>ipv4=</c>) "on" or "off",
    /// else "invalid parameter: ipv6=maybe"; from 1.23.1 both off is refused. Other words are name servers (not judged
    /// here: an address that does not parse or resolve is CL015's); with parameters only, "no name servers defined".
    /// </summary>
    public static string? Resolver(IReadOnlyList<string> args, NginxVersion version)
    {
        var servers = 0;
        bool ipv4 = true, ipv6 = true;
        foreach (var word in args)
        {
            if (word.StartsWith("valid=", StringComparison.Ordinal))
            {
                if (!NginxValues.TryParseTime(word[6..], seconds: true, out _))
                {
                    return $"invalid parameter: {word}";
                }
            }
            else if (word.StartsWith("ipv6=", StringComparison.Ordinal) || (word.StartsWith("ipv4=", StringComparison.Ordinal) && version >= Ipv4))
            {
                if (word[5..] is not ("on" or "off"))
                {
                    return $"invalid parameter: {word}";
                }

                if (word[3] == '6')
                {
                    ipv6 = word[5..] == "on";
                }
                else
                {
                    ipv4 = word[5..] == "on";
                }
            }
            else
            {
                servers++;
            }
        }

        return servers == 0 ? "no name servers defined"
            : !ipv4 && !ipv6 && version >= Ipv4 ? "\"ipv4\" and \"ipv6\" cannot both be \"off\""
            : null;
    }
}
