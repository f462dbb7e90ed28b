namespace ConfLint.Validation;

/// <summary>
/// HAProxy's <c>parse_time_err</c>: digits, then one of the units us, ms, s, m, h, d (lower case; none is milliseconds),
/// and nothing after; the time must fit in 2147483647 ms (~24.8 days).
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

        var unit = text[digits..];
        long scale = unit switch
        {
            "" or "ms" => 1,
            "us" => 0,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => -1,
        };
        if (scale < 0)
        {
            // The unit's first letter is read when it is one of u, m, s, h, d; the character after it is the one refused.
            var bad = unit[0] is 'u' or 'm' or 's' or 'h' or 'd' && unit.Length > 1
                ? unit[unit[0] is 'u' or 'm' && unit[1] == 's' ? 2 : 1]
                : unit[0];
            return (bad, false);
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
