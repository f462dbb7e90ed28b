using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL015 and what was not read: a name with a port is never an upstream's (nginx refuses "upstream X may not have
/// port"), so a lone file's <c>proxy_pass http://localhost:8008</c> gets no "may be an upstream of a file not read" note;
/// a bare name still does.</summary>
public class UpstreamNameWithPortTests
{
    private static string Notes(string target)
    {
        using var tree = new TempTree()
            .Write("site.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://" + target + ";\n    }\n}\n");
        var output = CliRunner.Run("lint", tree.Path("site.conf"), "--select", "CL015", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    [Fact]
    public void A_name_with_a_port_is_not_left_to_unread_upstreams()
    {
        Assert.DoesNotContain("may be an upstream of a file ConfLint did not read", Notes("localhost:8008"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_name_may_still_be_an_unread_upstream()
    {
        Assert.Contains("'matrix' may be an upstream of a file ConfLint did not read", Notes("matrix"), StringComparison.Ordinal);
    }
}
