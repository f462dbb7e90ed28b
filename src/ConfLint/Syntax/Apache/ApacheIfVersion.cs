using System.Globalization;

namespace ConfLint.Syntax.Apache;

/// <summary>
/// mod_version's <c>&lt;IfVersion [[!]operator] version&gt;</c>, judged for the httpd that reads ConfLint's files: 2.4, at
/// the patch level the root's package database gives (dpkg's apache2), else at any patch level from 2.4.8 on (no
/// distribution release still supported ships an older 2.4: Debian 8 had 2.4.10, Ubuntu 14.04 2.4.7 and RHEL 7 2.4.6 are
/// past their support; as for nginx, where the root does not say, a current release is assumed). <c>start_ifversion</c>
/// takes one argument as <c>=</c>; <c>compare_version</c> reads <c>major[.minor[.patch]]</c> with missing parts 0 and
/// compares all three, so <c>= 2.4</c> means 2.4.0 only. A condition is decided only where every patch level assumed
/// gives the same answer; regular expressions are not.
/// </summary>
public static class ApacheIfVersion
{
    private const int Major = 2;
    private const int Minor = 4;

    /// <summary>The oldest 2.4 patch level assumed where the root does not say which httpd it has.</summary>
    public const int OldestSupportedPatch = 8;

    /// <summary>Whether httpd 2.4 reads the section's body: true, false, or null where the patch level or a regular
    /// expression decides (or the condition is one httpd refuses). <paramref name="patch"/>: the 2.4 patch level the
    /// root shows, or null.</summary>
    public static bool? IsActive(IReadOnlyList<string> args, int? patch = null)
    {
        var (op, version) = args.Count switch
        {
            1 => ("=", args[0]),
            2 => (args[0], args[1]),
            _ => (string.Empty, string.Empty),
        };
        var negated = op.StartsWith('!');
        op = negated && op.Length > 1 ? op[1..] : op;
        if (op is not ("=" or "==" or "<" or "<=" or ">" or ">=") || version.StartsWith('/') || Parse(version) is not { } wanted)
        {
            return null;
        }

        var low = Test(op, Compare((Major, Minor, patch ?? OldestSupportedPatch), wanted));
        var high = Test(op, Compare((Major, Minor, patch ?? int.MaxValue), wanted));
        return low == high ? low != negated : null;
    }

    private static bool Test(string op, int compare) => op switch
    {
        "=" or "==" => compare == 0,
        "<" => compare < 0,
        "<=" => compare <= 0,
        ">" => compare > 0,
        _ => compare >= 0,
    };

    /// <summary>The 2.4 patch level of a package version (<c>2.4.62-1~deb12u2</c> gives 62), or null for another.</summary>
    public static int? PatchOf(string packageVersion)
    {
        var end = packageVersion.IndexOfAny(['-', '+', '~']);
        var upstream = end >= 0 ? packageVersion[..end] : packageVersion;
        return upstream.Split('.').Length == 3 && Parse(upstream) is (Major, Minor, var patch) ? patch : null;
    }

    private static int Compare((int, int, int) running, (int, int, int) wanted) => running.CompareTo(wanted);

    private static (int, int, int)? Parse(string version)
    {
        var parts = version.Split('.');
        if (parts.Length is 0 or > 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit) || p.Length > 9))
        {
            return null;
        }

        var numbers = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Concat([0, 0]).ToArray();
        return (numbers[0], numbers[1], numbers[2]);
    }
}
