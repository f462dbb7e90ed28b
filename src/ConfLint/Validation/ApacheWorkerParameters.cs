namespace ConfLint.Validation;

/// <summary>
/// The values mod_proxy's <c>set_worker_param</c> refuses in a ProxyPass, ProxyPassMatch, BalancerMember or ProxySet
/// key=value, in its own words (httpd prefixes them with the directive: "ProxyPass Timeout must be at least one
/// second"). Numbers are read as httpd reads them: <c>atoi</c> (a word that is no number is 0), <c>apr_strtod</c> for
/// loadfactor, <c>ap_timeout_parameter_parse</c> for acquire, connectiontimeout and ping. Only refusals seen with
/// Debian 12's apache2 are judged.
/// </summary>
internal static class ApacheWorkerParameters
{
    /// <summary>The status letters <c>ap_proxy_set_wstatus</c> knows (mod_proxy.h's PROXY_WORKER_*_FLAG).</summary>
    private const string StatusFlags = "OINGUDSEHRFC";

    /// <summary>What httpd answers for the key's value (without the directive's prefix), or null where it takes it.</summary>
    public static string? Problem(string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "loadfactor" when !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var factor) || factor < 1 || factor > 100:
                return "LoadFactor must be a number between 1..100";
            case "retry" when ApacheNumbers.Atoi(value) < 0:
                return "Retry must be a positive value";
            case "ttl" when ApacheNumbers.Atoi(value) < 1:
                return "TTL must be at least one second";
            case "timeout" when ApacheNumbers.Atoi(value) < 1:
                return "Timeout must be at least one second";
            case "min" when ApacheNumbers.Atoi(value) < 0:
                return "Min must be a positive number";
            case "max" when ApacheNumbers.Atoi(value) < 0:
                return "Max must be a positive number";
            case "smax" when ApacheNumbers.Atoi(value) < 0:
                return "Smax must be a positive number";
            case "acquire":
                return ApacheNumbers.TimeoutMilliseconds(value, "ms") is not { } acquire ? "Acquire timeout has wrong format"
                    : acquire < 1 ? "Acquire must be at least one millisecond" : null;
            case "connectiontimeout" when ApacheNumbers.TimeoutMilliseconds(value, "s") is null:
                return "Connectiontimeout has wrong format";
            case "ping" when ApacheNumbers.TimeoutMilliseconds(value, "s") is null:
                return "Ping/Pong timeout has wrong format";
            case "iobuffersize" when ApacheNumbers.Atoi(value) is < 512 and not 0:
                return "IOBufferSize must be >= 512 bytes, or 0 for system default.";
            case "receivebuffersize" when ApacheNumbers.Atoi(value) is < 512 and not 0:
                return "ReceiveBufferSize must be >= 512 bytes, or 0 for system default.";
            case "keepalive" when !IsOnOff(value):
                return "KeepAlive must be On|Off";
            case "disablereuse" when !IsOnOff(value):
                return "DisableReuse must be On|Off";
            case "enablereuse" when !IsOnOff(value):
                return "EnableReuse must be On|Off";
            case "flushpackets" when !IsOnOff(value) && !value.Equals("auto", StringComparison.OrdinalIgnoreCase):
                return "flushpackets must be on|off|auto";
            case "flushwait" when ApacheNumbers.Atoi(value) is < 0 or > 1000:
                return "flushwait must be <= 1000, or 0 for system default of 10 millseconds.";
            case "lbset" when ApacheNumbers.Atoi(value) is < 0 or > 99:
                return "lbset must be between 0 and 99";
            case "route" when value.Length >= 64:
                return "Route length must be < 64 characters";
            case "status" when !IsStatus(value):
                return "Unknown status parameter option";
            case "addressttl" when !long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var ttl) || ttl < -1 || ttl > int.MaxValue:
                return "AddressTTL must be -1 or a number of seconds not exceeding (2147483647)";
            default:
                return null;
        }
    }

    private static bool IsOnOff(string value) => value.Equals("on", StringComparison.OrdinalIgnoreCase) || value.Equals("off", StringComparison.OrdinalIgnoreCase);

    /// <summary>status=+H-D: a '+' or '-' switches the mode, each other letter must be a status flag.</summary>
    private static bool IsStatus(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] is '+' or '-')
            {
                i++;
            }

            if (i < value.Length && !StatusFlags.Contains(char.ToUpperInvariant(value[i]), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
