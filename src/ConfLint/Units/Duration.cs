using System.Globalization;

namespace ConfLint.Units;

/// <summary>A length of time in milliseconds, read in the spellings of nginx, systemd, PHP-FPM and ConfLint's settings.</summary>
public readonly record struct Duration(long Milliseconds) : IComparable<Duration>
{
    public static Duration FromSeconds(double seconds) => new((long)Math.Round(seconds * 1000));

    public double TotalSeconds => Milliseconds / 1000.0;

    public int CompareTo(Duration other) => Milliseconds.CompareTo(other.Milliseconds);

    public static bool operator <(Duration a, Duration b) => a.Milliseconds < b.Milliseconds;

    public static bool operator >(Duration a, Duration b) => a.Milliseconds > b.Milliseconds;

    public static bool operator <=(Duration a, Duration b) => a.Milliseconds <= b.Milliseconds;

    public static bool operator >=(Duration a, Duration b) => a.Milliseconds >= b.Milliseconds;

    /// <summary>
    /// nginx's <c>ngx_parse_time</c>: one or more <c>NUMBER[UNIT]</c> parts, optionally separated by spaces, in
    /// decreasing units (<c>1h 30m</c>); units <c>ms s m h d w M y</c>; a bare number means seconds.
    /// </summary>
    public static bool TryParseNginx(string text, out Duration duration) =>
        TryParseParts(text, NginxUnit, out duration);

    /// <summary>Durations in <c>.conflint.yml</c> and rule options: nginx's spelling (<c>60s</c>, <c>5m</c>, <c>1h 30m</c>, <c>90</c>).</summary>
    public static bool TryParseSetting(string text, out Duration duration) => TryParseNginx(text.Trim(), out duration);

    /// <summary>The shortest exact nginx spelling: <c>300s</c> is written <c>5m</c>, <c>90s</c> stays <c>90s</c>.</summary>
    public string ToNginx()
    {
        var ms = Milliseconds;
        if (ms % 1000 != 0)
        {
            return ms.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var s = ms / 1000;
        if (s != 0 && s % 3600 == 0)
        {
            return (s / 3600).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (s != 0 && s % 60 == 0)
        {
            return (s / 60).ToString(CultureInfo.InvariantCulture) + "m";
        }

        return s.ToString(CultureInfo.InvariantCulture) + "s";
    }

    /// <summary>For messages: <c>30s</c>, <c>5m</c>, <c>1500ms</c>.</summary>
    public override string ToString() => Milliseconds == long.MaxValue ? "infinity" : ToNginx();

    private static long NginxUnit(string unit) => unit switch
    {
        "" or "s" => 1000,
        "ms" => 1,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        "w" => 7 * 86_400_000L,
        "M" => 30 * 86_400_000L,
        "y" => 365 * 86_400_000L,
        _ => -1,
    };

    private static bool TryParseParts(string text, Func<string, long> unitOf, out Duration duration)
    {
        duration = default;
        var i = 0;
        long total = 0;
        var any = false;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (start == i || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]) || (i < text.Length && text[i] == 'µ'))
            {
                i++;
            }

            var multiplier = unitOf(text[unitStart..i]);
            if (multiplier < 0)
            {
                return false;
            }

            // nginx refuses a value past its maximum as invalid; so does this (no overflow exception).
            if (number > (long.MaxValue - total) / multiplier)
            {
                return false;
            }

            total += number * multiplier;
            any = true;
        }

        if (!any)
        {
            return false;
        }

        duration = new Duration(total);
        return true;
    }
}
