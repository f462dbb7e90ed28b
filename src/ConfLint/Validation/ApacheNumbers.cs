using System.Globalization;

namespace ConfLint.Validation;

/// <summary>How httpd's handlers read numbers: C's <c>atoi</c> (a word that is no number reads as 0, "30s" as 30),
/// <c>apr_strtoff</c> for sizes (the whole word must be digits), and <c>ap_timeout_parameter_parse</c> for times.</summary>
internal static class ApacheNumbers
{
    /// <summary>C's atoi: blanks, a sign, then digits as far as they go; a huge number is clamped (C leaves it undefined,
    /// glibc's strtol saturates).</summary>
    public static long Atoi(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        var negative = i < text.Length && text[i] == '-';
        i += i < text.Length && text[i] is '+' or '-' ? 1 : 0;
        long value = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            value = Math.Min(value * 10 + (text[i] - '0'), (long)int.MaxValue + 1);
            i++;
        }

        return negative ? -value : value;
    }

    /// <summary>A whole word of digits (apr_strtoff with nothing after the number), or null.</summary>
    public static decimal? Digits(string text) =>
        text.Length > 0 && !text.AsSpan().ContainsAnyExceptInRange('0', '9') && decimal.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary><c>ap_timeout_parameter_parse</c>: digits, then nothing (the default unit) or s, ms, mi(n), h; the time in
    /// milliseconds, or null where httpd answers "wrong format" (a negative number included).</summary>
    public static long? TimeoutMilliseconds(string text, string defaultUnit)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 && text.Length > 0 && text[0] is '-' or '+')
        {
            return null;
        }

        var number = digits == 0 ? 0 : long.Parse(text[..Math.Min(digits, 15)], CultureInfo.InvariantCulture);
        var unit = digits == text.Length ? defaultUnit : text[digits..];
        return unit[0] switch
        {
            's' => number * 1000,
            'h' => number * 3_600_000,
            'm' when unit.Length > 1 && unit[1] == 's' => number,
            'm' when unit.Length > 1 && unit[1] == 'i' => number * 60_000,
            _ => null,
        };
    }
}
