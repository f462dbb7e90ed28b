using System.Globalization;
using System.Text;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// What PHP-FPM 8.2 makes of a value once PHP's INI parser has read it (php-src <c>sapi/fpm/fpm/fpm_conf.c</c>,
/// <c>Zend/zend_ini.c</c>): variable and <c>$pool</c> expansion, sizes, times, integers and booleans. Pure functions.
/// </summary>
public static class PhpFpmValues
{
    private const string PoolToken = "$pool";

    /// <summary>
    /// The entry's value with <c>${NAME}</c> taken from <paramref name="environment"/> (PHP reads them while parsing;
    /// an unset one reads as the empty string; PHP would look in php.ini's settings first) and then every
    /// <c>$pool</c> replaced by <paramref name="poolName"/> (<c>fpm_conf_expand_pool_name</c>, for string options and
    /// array values; FPM refuses <c>$pool</c> outside a pool, so with no pool name it is left as it is).
    /// </summary>
    public static string Expand(PhpFpmEntry entry, string? poolName, IReadOnlyDictionary<string, string> environment)
    {
        var value = entry.ValueToken is { } token
            ? PhpFpmText.DecodeValue(token, name => environment.TryGetValue(name, out var found) ? found : null)
            : string.Empty;
        return ExpandPool(value, poolName);
    }

    /// <summary>
    /// <see cref="Expand(PhpFpmEntry, string?, IReadOnlyDictionary{string, string})"/> for a value already read: every
    /// <c>${NAME}</c> in it is expanded, which is right unless the value had it inside single quotes or as <c>\${</c>.
    /// </summary>
    public static string Expand(string value, string? poolName, IReadOnlyDictionary<string, string> environment)
    {
        var expanded = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var open = value.IndexOf("${", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : value.IndexOf('}', open + 2);
            if (close < 0)
            {
                expanded.Append(value, i, value.Length - i);
                break;
            }

            expanded.Append(value, i, open - i);
            var name = value.AsSpan(open + 2, close - open - 2).Trim(' ').ToString();
            expanded.Append(environment.TryGetValue(name, out var found) ? found : string.Empty);
            i = close + 1;
        }

        return ExpandPool(expanded.ToString(), poolName);
    }

    /// <summary>
    /// A size as PHP 8.2 reads <c>memory_limit</c> and other quantities (<c>zend_ini_parse_quantity</c>): optional
    /// blanks and sign, digits (<c>0x</c>, <c>0o</c>, <c>0b</c> or a leading <c>0</c> for octal), an optional
    /// <c>K</c>, <c>M</c> or <c>G</c> (any case, binary multiples). <c>-1</c> means no limit. An empty value is 0.
    /// Returns false where PHP warns (<c>64MB</c>, <c>1.5G</c>, <c>abc</c>) or overflows.
    /// </summary>
    public static bool TryParseSize(string value, out long bytes)
    {
        bytes = 0;
        var text = value.AsSpan().Trim(" \t\n\r\v\f");
        if (text.IsEmpty)
        {
            return true;
        }

        var negative = text[0] == '-';
        if (text[0] is '-' or '+')
        {
            text = text[1..];
        }

        var numberBase = 10;
        if (text.Length >= 2 && text[0] == '0' && char.ToLowerInvariant(text[1]) is 'x' or 'o' or 'b')
        {
            numberBase = char.ToLowerInvariant(text[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            text = text[2..];
        }
        else if (text.Length >= 2 && text[0] == '0' && char.IsAsciiDigit(text[1]))
        {
            numberBase = 8;
            text = text[1..];
        }

        var digits = 0;
        while (digits < text.Length && DigitValue(text[digits]) is var digit && digit >= 0 && digit < numberBase)
        {
            digits++;
        }

        var rest = text[digits..].TrimStart(" \t\n\r\v\f");
        var multiplier = rest.IsEmpty ? 1L : rest.Length == 1 ? char.ToLowerInvariant(rest[0]) switch
        {
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            _ => 0L,
        } : 0L;
        if (digits == 0 || multiplier == 0)
        {
            return false;
        }

        try
        {
            var number = 0L;
            foreach (var c in text[..digits])
            {
                number = checked((number * numberBase) + DigitValue(c));
            }

            bytes = checked((negative ? -number : number) * multiplier);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// A time in seconds as <c>fpm_conf_set_time</c> reads <c>request_terminate_timeout</c> and the other time
    /// options: a number with an optional last character <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c> (lower case only).
    /// The number is read as C's <c>atoi</c> does (<c>1.5m</c> is 60 seconds, <c>m</c> is 0). Returns false where FPM
    /// refuses the value: empty, or another last character (<c>30x</c>, <c>5M</c>); <c>30 s</c> is 30 seconds.
    /// </summary>
    public static bool TryParseTime(string value, out long seconds)
    {
        seconds = 0;
        if (value.Length == 0)
        {
            return false;
        }

        var unit = value[^1] switch { 'm' => 60L, 'h' => 3600L, 'd' => 86400L, 's' => 1L, >= '0' and <= '9' => 1L, _ => 0L };
        if (unit == 0)
        {
            return false;
        }

        // FPM multiplies in a C int: the product wraps as the compiled code does.
        var number = char.IsAsciiDigit(value[^1]) ? value : value[..^1];
        seconds = unchecked((int)(AsciiToInteger(number) * unit));
        return true;
    }

    /// <summary>
    /// A whole number as <c>fpm_conf_set_integer</c> reads <c>pm.max_children</c> and the other counts: digits, with
    /// one leading <c>-</c> allowed; the empty value is 0. Returns false for anything else (<c>2x</c>, <c>+3</c>, <c> 5</c>).
    /// </summary>
    public static bool TryParseInteger(string value, out long number)
    {
        number = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]) && !(i == 0 && value[i] == '-'))
            {
                return false;
            }
        }

        number = AsciiToInteger(value);
        return true;
    }

    /// <summary>
    /// A flag as FPM 8.2 reads its boolean options and <c>php_flag</c>/<c>php_admin_flag</c>: <c>1 yes true on</c> are
    /// true, the empty value and <c>0 no false off none</c> are false, in lower case; anything else is refused (null).
    /// An unquoted word is first read by PHP's INI parser, which turns <c>On</c>, <c>YES</c>, <c>null</c> and the rest
    /// (any case) into <c>1</c> or the empty value: pass <paramref name="isQuoted"/> so that <c>"YES"</c> is refused as FPM does.
    /// </summary>
    public static bool? ParseBoolean(string value, bool isQuoted = false)
    {
        if (!isQuoted && PhpFpmValueReader.IsReservedWord(value))
        {
            value = value.ToLowerInvariant() is "true" or "on" or "yes" ? "1" : string.Empty;
        }

        return value switch
        {
            "1" or "yes" or "true" or "on" => true,
            "" or "0" or "no" or "false" or "off" or "none" => false,
            _ => null,
        };
    }

    /// <summary>Every <c>$pool</c> of a value replaced by the pool's name (<c>fpm_conf_expand_pool_name</c>); with no pool
    /// name the value as it is.</summary>
    public static string ExpandPool(string value, string? poolName) =>
        poolName is null || !value.Contains(PoolToken, StringComparison.Ordinal) ? value : value.Replace(PoolToken, poolName, StringComparison.Ordinal);

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// glibc's <c>atoi</c>, which FPM stores in a C int: leading whitespace, a sign, then digits up to the first other
    /// character (0 if none), read as <c>strtol</c> does (saturating at the 64-bit limits) and then cut to 32 bits, so
    /// <c>2147483648</c> is -2147483648 and <c>99999999999999999999</c> is -1.
    /// </summary>
    private static long AsciiToInteger(string text)
    {
        var span = text.AsSpan().TrimStart(" \t\n\r\v\f");
        var negative = span.Length > 0 && span[0] == '-';
        if (span.Length > 0 && span[0] is '-' or '+')
        {
            span = span[1..];
        }

        var number = 0L;
        var saturated = false;
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                break;
            }

            if (!saturated && number > (long.MaxValue - (c - '0')) / 10)
            {
                saturated = true;
            }

            number = saturated ? long.MaxValue : (number * 10) + (c - '0');
        }

        var signed = negative ? (saturated ? long.MinValue : -number) : number;
        return unchecked((int)signed);
    }
}
