using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Haproxy;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// Variables whose values double at each line (Apache <c>Define V2 ${V1}${V1}</c>, the same in <c>envvars</c>, HAProxy
/// <c>setenv</c>): 44 lines made 2^44 characters, and ConfLint ended in an OutOfMemoryException after 8.7 GB. A value
/// longer than 64 KiB after expansion is now unknown, and the lint ends with a report.
/// </summary>
public class ExpansionBombTests
{
    private static string Doubling(string first, Func<int, string> line) =>
        string.Join('\n', new[] { first }.Concat(Enumerable.Range(1, 44).Select(line))) + "\n";

    public static TheoryData<string, string, string> Trees => new()
    {
        { "etc/apache2/apache2.conf", Doubling("Define V0 xxxxxxxxxxxxxxxx", i => $"Define V{i} ${{V{i - 1}}}${{V{i - 1}}}") + "ServerName ${V44}\nListen 80\n", string.Empty },
        { "etc/apache2/envvars", Doubling("export V0=xxxxxxxxxxxxxxxx", i => $"export V{i}=\"$V{i - 1}$V{i - 1}\"") + "export APACHE_RUN_USER=$V44\n", "User ${APACHE_RUN_USER}\nServerName ${V44}\nListen 80\n" },
        { "etc/haproxy/haproxy.cfg", "global\n" + Doubling("    setenv V0 xxxxxxxxxxxxxxxx", i => $"    setenv V{i} \"${{V{i - 1}}}${{V{i - 1}}}\"")
            + "defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend f\n    bind \"${V44}:80\"\n    default_backend b\nbackend b\n    server s1 \"${V44}:8080\"\n", string.Empty },
    };

    [Theory]
    [MemberData(nameof(Trees))]
    public void Values_that_double_at_each_line_end_in_a_report(string path, string text, string apacheConf)
    {
        using var tree = new TempTree().Write(path, text);
        if (apacheConf.Length > 0)
        {
            tree.Write("etc/apache2/apache2.conf", apacheConf);
        }

        var result = ConflintProcess.Run(Repository.Root, TimeSpan.FromSeconds(60), "lint", "--root", tree.Root, "--format", "json", "--verbose");
        Assert.False(result.TimedOut);
        Assert.DoesNotContain("internal error", result.Output);
        Assert.InRange(result.ExitCode, 0, 1);
    }

    [Fact]
    public void A_replacement_past_the_bound_is_left_as_written()
    {
        var variables = new Dictionary<string, string> { ["BIG"] = new string('x', ApacheVariables.MaxExpandedLength), ["SMALL"] = "s" };
        Assert.Equal(ApacheVariables.MaxExpandedLength, ApacheVariables.Expand("${BIG}", variables).Length);
        Assert.Equal("${BIG}${BIG}", ApacheVariables.Expand("${BIG}${BIG}", variables));
        Assert.Equal("s-s", ApacheVariables.Expand("${SMALL}-${SMALL}", variables));

        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["BIG"] = new string('y', HaproxyText.MaxExpandedLength) };
        Assert.Equal(HaproxyText.MaxExpandedLength, HaproxyText.Expand("\"${BIG}\"", environment, out var unknown).Length);
        Assert.False(unknown);
        HaproxyText.Expand("\"${BIG}${BIG}\"", environment, out unknown);
        Assert.True(unknown);
    }
}
