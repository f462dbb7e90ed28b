using System.Runtime.InteropServices;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Security;

/// <summary>
/// The daemons' own matchers are the oracle: glibc's <c>fnmatch(3)</c> with <c>FNM_PERIOD</c> (what <c>glob(3)</c>
/// applies to each component for nginx and PHP-FPM) and APR's <c>apr_fnmatch</c> with <c>APR_FNM_PERIOD</c> (what
/// Apache's <c>Include</c> uses), called directly, on every pair of a set of patterns and names; and the
/// hostile pattern that made the old recursive matcher backtrack without end finishes.
/// </summary>
public partial class GlobOracleTests
{
    private const int FnmPeriod = 4;
    private const int AprFnmPeriod = 4;

    [LibraryImport("libc", EntryPoint = "fnmatch", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Fnmatch(string pattern, string name, int flags);

    [LibraryImport("libapr-1.so.0", EntryPoint = "apr_fnmatch", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AprFnmatch(string pattern, string name, int flags);

    private static readonly string[] Patterns =
    [
        "*", "*.conf", "*.c?nf", "?", "a*b*c", "*a*a*b", ".*", "\\.*", "[.]*", "[a-c]*", "[!a-c]*", "[^a-c]*", "[]a]*",
        "[!]a]*", "[a-]*", "[-a]*", "[a-m-z]", "[[:alpha:]]*", "[[:digit:]]*", "[![:alpha:]]*", "[[:bogus:]]*",
        "[", "[a", "a[", "[\\]]", "\\[a]", "a\\*", "a\\", "[a\\-z]", "*[0-9].load", "php?.?-fpm.sock", "**", "*.*",
        "[z-a]", "x*y*", "[[]*", "[\\!]*",
    ];

    private static readonly string[] Names =
    [
        "", "a", "b", "abc", "a.conf", "a.cnf", ".hidden", ".conf", "]x", "-x", "!x", "\\x", "z", "m", "-", "7.load",
        "proxy_fcgi.load", "php8.2-fpm.sock", "[a]", "a*", "ab", "a\\", "aXbYc", "aaab", "xy", "x.y", "[x", "[", "a[",
        "]", "*", "0", "Z",
    ];

    public static TheoryData<string> PatternCases()
    {
        var data = new TheoryData<string>();
        foreach (var pattern in Patterns)
        {
            data.Add(pattern);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PatternCases))]
    public void Nginx_and_php_fpm_patterns_match_as_glibc_fnmatch_does(string pattern)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "glibc's fnmatch is the oracle");
        foreach (var name in Names)
        {
            var expected = Fnmatch(pattern, name, FnmPeriod) == 0;
            Assert.True(expected == GlobMatcher.IsMatch(pattern, name, GlobDialect.Glob), $"glob '{pattern}' on '{name}': glibc says {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(PatternCases))]
    public void Apache_patterns_match_as_apr_fnmatch_does(string pattern)
    {
        if (!File.Exists("/usr/lib/x86_64-linux-gnu/libapr-1.so.0") && !File.Exists("/usr/lib/aarch64-linux-gnu/libapr-1.so.0"))
        {
            Assert.False(Repository.IsCI, "CI installs apache2, and with it libapr1");
            Assert.Skip("needs libapr1 (installed with apache2)");
        }

        foreach (var name in Names)
        {
            var expected = AprFnmatch(pattern, name, AprFnmPeriod) == 0;
            Assert.True(expected == GlobMatcher.IsMatch(pattern, name, GlobDialect.Fnmatch), $"fnmatch '{pattern}' on '{name}': APR says {expected}");
        }
    }

    [Fact]
    public async Task A_pattern_built_to_backtrack_finishes()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 20)) + "*b";
        var name = new string('a', 40);
        var match = Task.Run(() => GlobMatcher.IsMatch(pattern, name) || GlobMatcher.IsMatch(pattern, name, GlobDialect.Fnmatch), TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(match, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.True(finished == match, "the match did not finish in 10 s");
        Assert.False(await match);
        Assert.True(GlobMatcher.IsMatch(pattern, name + "b"));
    }
}
