using System.Globalization;

namespace ConfLint.Units;

/// <summary>A size in bytes, read and written in the spellings of nginx and of ConfLint's own settings.</summary>
public readonly record struct ByteSize(long Bytes) : IComparable<ByteSize>
{
    public const long Kilo = 1024;
    public const long Mega = 1024 * 1024;
    public const long Giga = 1024L * 1024 * 1024;

    public static ByteSize FromKilobytes(long k) => new(k * Kilo);

    public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);

    public static bool operator <(ByteSize a, ByteSize b) => a.Bytes < b.Bytes;

    public static bool operator >(ByteSize a, ByteSize b) => a.Bytes > b.Bytes;

    public static bool operator <=(ByteSize a, ByteSize b) => a.Bytes <= b.Bytes;

    public static bool operator >=(ByteSize a, ByteSize b) => a.Bytes >= b.Bytes;

    /// <summary>nginx's <c>ngx_parse_size</c>: digits with an optional <c>k</c>/<c>K</c>, <c>m</c>/<c>M</c> or <c>g</c>/<c>G</c>.</summary>
    public static bool TryParseNginx(string text, out ByteSize size)
    {
        size = default;
        if (text.Length == 0)
        {
            return false;
        }

        var multiplier = char.ToLowerInvariant(text[^1]) switch
        {
            'k' => Kilo,
            'm' => Mega,
            'g' => Giga,
            _ => 1L,
        };
        var digits = multiplier == 1 ? text : text[..^1];
        if (digits.Length == 0 || digits.AsSpan().ContainsAnyExceptInRange('0', '9') || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        if (value > long.MaxValue / multiplier)
        {
            // nginx's ngx_parse_size refuses it as invalid.
            return false;
        }

        size = new ByteSize(value * multiplier);
        return true;
    }

    /// <summary>
    /// Sizes in <c>.conflint.yml</c> and rule options: a number with an optional unit, binary in every spelling
    /// (<c>16GiB</c>, <c>16G</c>, <c>16gb</c>, <c>512M</c>, <c>16k</c>, <c>4096</c>).
    /// </summary>
    public static bool TryParseSetting(string text, out ByteSize size)
    {
        size = default;
        var trimmed = text.Trim();
        var i = 0;
        while (i < trimmed.Length && (char.IsAsciiDigit(trimmed[i]) || trimmed[i] == '.'))
        {
            i++;
        }

        if (i == 0 || !double.TryParse(trimmed[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var unit = trimmed[i..].Trim().ToLowerInvariant();
        long multiplier = unit switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => Kilo,
            "m" or "mb" or "mib" => Mega,
            "g" or "gb" or "gib" => Giga,
            "t" or "tb" or "tib" => Giga * 1024,
            _ => -1,
        };
        if (multiplier < 0)
        {
            return false;
        }

        size = new ByteSize((long)(number * multiplier));
        return true;
    }

    /// <summary>The shortest exact nginx spelling: <c>16k</c>, <c>1m</c>, <c>4097</c>.</summary>
    public string ToNginx()
    {
        if (Bytes != 0 && Bytes % Giga == 0)
        {
            return (Bytes / Giga).ToString(CultureInfo.InvariantCulture) + "g";
        }

        if (Bytes != 0 && Bytes % Mega == 0)
        {
            return (Bytes / Mega).ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (Bytes != 0 && Bytes % Kilo == 0)
        {
            return (Bytes / Kilo).ToString(CultureInfo.InvariantCulture) + "k";
        }

        return Bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>For messages: <c>4 KiB</c>, <c>16 GiB</c>, <c>1.5 GiB</c>.</summary>
    public override string ToString()
    {
        static string Format(double value, string unit) =>
            (Math.Abs(value - Math.Round(value)) < 0.05 ? Math.Round(value).ToString(CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture)) + " " + unit;

        return Bytes switch
        {
            >= Giga => Format((double)Bytes / Giga, "GiB"),
            >= Mega => Format((double)Bytes / Mega, "MiB"),
            >= Kilo => Format((double)Bytes / Kilo, "KiB"),
            _ => Bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
        };
    }
}
