namespace ConfLint.Knowledge;

/// <summary>
/// nginx's value parsers, as <c>src/core/ngx_parse.c</c> and the standard slots of <c>ngx_conf_file.c</c> read
/// values: sizes (<c>ngx_parse_size</c>), offsets (<c>ngx_parse_offset</c>), times (<c>ngx_parse_time</c>), numbers
/// (<c>ngx_atoi</c>) and flags. Each returns false where nginx answers <c>NGX_ERROR</c>.
/// </summary>
public static class NginxValues
{
    private const long MaxValue = long.MaxValue;

    /// <summary>A size: digits with an optional <c>k</c>/<c>K</c> or <c>m</c>/<c>M</c> (no <c>g</c>).</summary>
    public static bool TryParseSize(string text, out long bytes) => TryScaled(text, allowGiga: false, out bytes);

    /// <summary>An offset: digits with an optional <c>k</c>, <c>m</c> or <c>g</c> (either case).</summary>
    public static bool TryParseOffset(string text, out long bytes) => TryScaled(text, allowGiga: true, out bytes);

    /// <summary><c>ngx_atoi</c>: one or more digits, nothing else (no sign).</summary>
    public static bool TryParseNumber(string text, out long value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9' || value > (MaxValue - (c - '0')) / 10)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary><c>on</c> or <c>off</c>, in any case.</summary>
    public static bool TryParseFlag(string text, out bool value)
    {
        value = text.Equals("on", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("off", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A time, as <c>ngx_parse_time</c>: units in falling order, each at most once (<c>y M w d h m s</c>, and <c>ms</c>
    /// for milliseconds); a number without a unit is seconds. With <paramref name="seconds"/> false (the msec slots)
    /// years and months are refused and the result is in milliseconds; with it true, <c>ms</c> is refused.
    /// </summary>
    public static bool TryParseTime(string text, bool seconds, out long value)
    {
        // Steps as ngx_parse_time numbers them: start, year, month, week, day, hour, min, sec, msec, last.
        const int start = 0, year = 1, month = 2, week = 3, day = 4, hour = 5, min = 6, sec = 7, msec = 8, last = 9;
        value = 0;
        long total = 0, current = 0;
        var valid = false;
        var step = seconds ? start : month;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i++];
            if (c is >= '0' and <= '9')
            {
                if (current > (MaxValue - (c - '0')) / 10)
                {
                    return false;
                }

                current = (current * 10) + (c - '0');
                valid = true;
                continue;
            }

            long scale;
            switch (c)
            {
                case 'y' when step <= start:
                    (step, scale) = (year, 60L * 60 * 24 * 365);
                    break;
                case 'M' when step < month:
                    (step, scale) = (month, 60L * 60 * 24 * 30);
                    break;
                case 'w' when step < week:
                    (step, scale) = (week, 60L * 60 * 24 * 7);
                    break;
                case 'd' when step < day:
                    (step, scale) = (day, 60L * 60 * 24);
                    break;
                case 'h' when step < hour:
                    (step, scale) = (hour, 60L * 60);
                    break;
                case 'm' when i < text.Length && text[i] == 's':
                    if (seconds || step >= msec)
                    {
                        return false;
                    }

                    i++;
                    (step, scale) = (msec, 1);
                    break;
                case 'm' when step < min:
                    (step, scale) = (min, 60);
                    break;
                case 's' when step < sec:
                    (step, scale) = (sec, 1);
                    break;
                case ' ' when step < sec:
                    (step, scale) = (last, 1);
                    break;
                default:
                    return false;
            }

            var max = MaxValue / scale;
            if (step != msec && !seconds)
            {
                scale *= 1000;
                max /= 1000;
            }

            if (current > max || total > MaxValue - (current * scale))
            {
                return false;
            }

            total += current * scale;
            current = 0;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }
        }

        if (!valid)
        {
            return false;
        }

        if (!seconds)
        {
            if (current > MaxValue / 1000)
            {
                return false;
            }

            current *= 1000;
        }

        if (total > MaxValue - current)
        {
            return false;
        }

        value = total + current;
        return true;
    }

    private static bool TryScaled(string text, bool allowGiga, out long bytes)
    {
        bytes = 0;
        if (text.Length == 0)
        {
            return false;
        }

        long scale = char.ToLowerInvariant(text[^1]) switch
        {
            'k' => 1024,
            'm' => 1024 * 1024,
            'g' when allowGiga => 1024 * 1024 * 1024,
            _ => 1,
        };
        var digits = scale == 1 ? text : text[..^1];
        if (!TryParseNumber(digits, out var number) || number > MaxValue / scale)
        {
            return false;
        }

        bytes = number * scale;
        return true;
    }
}
