using ConfLint.Knowledge;
using ConfLint.Syntax.PhpFpm;

namespace ConfLint.Validation;

/// <summary>PHP-FPM's value parsers (<c>fpm_conf_set_*</c>), given the value as PHP's INI scanner hands it over.</summary>
internal static class FpmValues
{
    private static readonly string[] Facilities =
        ["AUTH", "AUTHPRIV", "CRON", "DAEMON", "FTP", "KERN", "LPR", "MAIL", "NEWS", "SYSLOG", "USER", "UUCP", "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7"];

    /// <summary>The value after the INI scanner: unquoted <c>yes</c>/<c>on</c>/<c>true</c> are <c>1</c>; <c>no</c>,
    /// <c>off</c>, <c>false</c>, <c>none</c> and <c>null</c> are empty.</summary>
    public static string Ini(PhpFpmEntry entry)
    {
        var value = entry.Value;
        if (entry.IsQuoted)
        {
            return value;
        }

        var trimmed = value.Trim();
        if (trimmed.Equals("yes", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("on", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return "1";
        }

        if (trimmed.Equals("no", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("off", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("false", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("none", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return string.Empty;
        }

        return value;
    }

    /// <summary>What FPM answers for the value, or null where it takes it. Values with <c>${VAR}</c> are not judged.</summary>
    public static string? Problem(FpmValueKind kind, PhpFpmEntry entry)
    {
        var value = Ini(entry);
        if (value.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        return kind switch
        {
            FpmValueKind.Integer when !IsInteger(value) => "is not a valid number (greater or equal than zero)",
            FpmValueKind.Time when value.Length == 0 => "invalid time value",
            FpmValueKind.Time when value[^1] is not ('m' or 'h' or 'd' or 's' or (>= '0' and <= '9')) => "unknown suffix used in time value",
            // fpm_conf_set_boolean compares with case what the INI scanner left: unquoted on/yes/true are "1" already,
            // quoted words stay as written.
            FpmValueKind.Boolean or FpmValueKind.FlagArray when value is not ("1" or "yes" or "true" or "on" or "" or "0" or "no" or "none" or "false" or "off") => "invalid boolean value",
            FpmValueKind.LogLevel when !new[] { "debug", "notice", "warning", "warn", "error", "alert" }.Contains(value, StringComparer.OrdinalIgnoreCase) => "invalid value for 'log_level'",
            FpmValueKind.RlimitCore when !value.Equals("unlimited", StringComparison.OrdinalIgnoreCase) && !IsInteger(value) => "is not a valid number (greater or equal than zero)",
            FpmValueKind.RlimitCore when value.StartsWith('-') => "must be greater than zero or 'unlimited'",
            FpmValueKind.ProcessManager when !new[] { "static", "dynamic", "ondemand" }.Contains(value, StringComparer.OrdinalIgnoreCase) => "invalid process manager (static, dynamic or ondemand)",
            FpmValueKind.SyslogFacility when !Facilities.Contains(value, StringComparer.OrdinalIgnoreCase) => "invalid value",
            _ => null,
        };
    }

    /// <summary><c>fpm_conf_set_integer</c>: an optional leading <c>-</c>, then digits (none at all reads as 0).</summary>
    private static bool IsInteger(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if ((i > 0 || value[i] != '-') && value[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
