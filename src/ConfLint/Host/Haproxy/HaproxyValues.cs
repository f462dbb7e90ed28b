using System.Globalization;
using ConfLint.Units;

namespace ConfLint.Host.Haproxy;

/// <summary>How HAProxy 2.6 reads numbers in its configuration.</summary>
public static class HaproxyValues
{
    /// <summary>
    /// A time as <c>parse_time_err</c> reads it: digits, then an optional unit (<c>us ms s m h d</c>); without one,
    /// milliseconds (the unit of every <c>timeout</c>). A number must start the value; HAProxy only warns about text
    /// after the unit.
    /// </summary>
    public static bool TryParseTime(string text, out Duration duration)
    {
        duration = default;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var unit = text[digits..];
        double milliseconds;
        if (unit.Length == 0 || unit.StartsWith("ms", StringComparison.Ordinal))
        {
            milliseconds = value;
        }
        else if (unit.StartsWith("us", StringComparison.Ordinal))
        {
            milliseconds = value / 1000.0;
        }
        else
        {
            milliseconds = unit[0] switch
            {
                's' => value * 1000.0,
                'm' => value * 60_000.0,
                'h' => value * 3_600_000.0,
                'd' => value * 86_400_000.0,
                _ => double.NaN,
            };
        }

        if (double.IsNaN(milliseconds))
        {
            return false;
        }

        duration = new Duration((long)Math.Ceiling(milliseconds));
        return true;
    }

    /// <summary>A byte count as <c>atol</c> reads it (<c>tune.bufsize</c>, <c>tune.maxrewrite</c>): the leading digits
    /// only, so <c>16k</c> is 16. Null when the value does not start with a digit.</summary>
    public static long? LeadingInteger(string text)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        return digits > 0 && long.TryParse(text.AsSpan(0, Math.Min(digits, 18)), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>A duration written for HAProxy: whole seconds (<c>90s</c>), or milliseconds when it is not whole seconds.</summary>
    public static string FormatTime(Duration duration) =>
        duration.Milliseconds % 1000 == 0
            ? (duration.Milliseconds / 1000).ToString(CultureInfo.InvariantCulture) + "s"
            : duration.Milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
}
