namespace ConfLint.Validation;

/// <summary>
/// HAProxy's <c>parse_time_err</c>: digits, then a unit read from its first letter, us, ms, s, m, h or d (lower case;
/// none is milliseconds); the time must fit in 2147483647 ms (~24.8 days). Seen with haproxy -c 2.6: "30x", "5S" and
/// "1.5s" are refused, "5sec" is taken.
/// </summary>
internal static class HaproxyTime
{
    /// <summary>The character HAProxy stops at (null where the word is a time), and whether the time overflows.</summary>
    public static (char? Unexpected, bool Overflow) Parse(string text)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0)
        {
            return (text.Length > 0 ? text[0] : null, false);
        }

        // The unit is read from its first letter (s, m, h, d; ms and us); what follows it is not refused ("5sec" is taken).
        var unit = text[digits..];
        long scale = unit.Length == 0 ? 1 : unit[0] switch
        {
            's' => 1000,
            'm' => unit.Length > 1 && unit[1] == 's' ? 1 : 60_000,
            'h' => 3_600_000,
            'd' => 86_400_000,
            'u' => unit.Length > 1 && unit[1] == 's' ? 0 : -2,
            _ => -1,
        };
        if (scale < 0)
        {
            return (scale == -1 ? unit[0] : null, false);
        }

        if (digits > 15)
        {
            return (null, true);
        }

        var number = decimal.Parse(text[..digits], System.Globalization.CultureInfo.InvariantCulture);
        var milliseconds = scale == 0 ? number / 1000 : number * scale;
        return (null, milliseconds > int.MaxValue);
    }
}
