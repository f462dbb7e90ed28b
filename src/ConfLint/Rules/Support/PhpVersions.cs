using System.Globalization;
using System.Text.RegularExpressions;

namespace ConfLint.Rules.Support;

/// <summary>PHP versions as paths name them: <c>php8.1-fpm.sock</c>, <c>/opt/remi/php81</c>, <c>php-fpm74.sock</c>,
/// <c>/etc/php/8.2/fpm</c>; compared as major and minor.</summary>
public static partial class PhpVersions
{
    /// <summary>The version a path or address names, as a number (8.1 is 801), or null.</summary>
    public static int? In(string text) =>
        Named().Match(text) is { Success: true } m ? Number(m.Groups["major"].Value, m.Groups["minor"].Value) : null;

    /// <summary>The text with the PHP version it names masked (<c>/run/php/php7.3-fpm-app.sock</c> gives
    /// <c>/run/php/php*-fpm-app.sock</c>), or null where it names none: two sockets equal once masked differ only in the
    /// version, as YunoHost's PHP migration rewrites them (<c>0022_php73_to_php74_pools</c>: <c>/run/php/php7.3-fpm</c>
    /// becomes <c>/run/php/php7.4-fpm</c>).</summary>
    public static string? Masked(string text)
    {
        if (Named().Match(text) is not { Success: true } m)
        {
            return null;
        }

        var major = m.Groups["major"];
        var minor = m.Groups["minor"];
        var end = minor.Success ? minor.Index + minor.Length : major.Index + major.Length;
        return string.Concat(text.AsSpan(0, major.Index), "*", text.AsSpan(end));
    }

    /// <summary>A version written <c>8.2</c> (or <c>5</c>) as a number, or null.</summary>
    public static int? Parse(string? version)
    {
        if (version is null)
        {
            return null;
        }

        // Read in place: a large host asks this for each of its thousands of pools and sites.
        var text = version.AsSpan();
        var dot = text.IndexOf('.');
        var major = dot < 0 ? text : text[..dot];
        var rest = dot < 0 ? [] : text[(dot + 1)..];
        var minorEnd = rest.IndexOf('.');
        var minor = minorEnd < 0 ? rest : rest[..minorEnd];
        return major.Length > 0 && !major.ContainsAnyExceptInRange('0', '9') ? Number(major, minor) : null;
    }

    private static int? Number(ReadOnlySpan<char> major, ReadOnlySpan<char> minor) =>
        major.Length <= 4 && int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && (minor.Length == 0 ? 0 : minor.Length <= 2 && int.TryParse(minor, NumberStyles.None, CultureInfo.InvariantCulture, out var low) ? low : -1) is >= 0 and var rest
            ? (high * 100) + rest
            : null;

    [GeneratedRegex(@"php[-_]?(?:fpm[-_]?)?/?(?<major>[5-9])(?:\.?(?<minor>\d{1,2}))?(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex Named();
}
