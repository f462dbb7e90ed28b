using System.Globalization;

namespace ConfLint.Syntax.Apache;

/// <summary>
/// mod_version's <c>&lt;IfVersion [[!]operator] version&gt;</c>, judged for the httpd that reads ConfLint's files: 2.4,
/// at a patch level ConfLint does not know. <c>start_ifversion</c> takes one argument as <c>=</c>; <c>compare_version</c>
/// reads <c>major[.minor[.patch]]</c> with missing parts 0 and compares all three, so <c>= 2.4</c> means 2.4.0 only.
/// A condition is decided only where every 2.4 patch level gives the same answer; regular expressions are not.
/// </summary>
public static class ApacheIfVersion
{
    private const int Major = 2;
    private const int Minor = 4;

    /// <summary>Whether httpd 2.4 reads the section's body: true, false, or null where the patch level or a regular
    /// expression decides (or the condition is one httpd refuses).</summary>
    public static bool? IsActive(IReadOnlyList<string> args)
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

        var low = Test(op, Compare((Major, Minor, 0), wanted));
        var high = Test(op, Compare((Major, Minor, int.MaxValue), wanted));
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
