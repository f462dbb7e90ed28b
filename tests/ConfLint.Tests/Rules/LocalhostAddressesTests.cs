using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 and a target written as <c>localhost</c>: nginx makes a peer of every address the name resolves to and
/// tries the next on a refused connection, so a back end on <c>[::1]</c> answers <c>proxy_pass http://localhost:PORT</c>
/// where /etc/hosts gives localhost ::1 too; where it gives only 127.0.0.1, nothing answers.</summary>
public class LocalhostAddressesTests
{
    private static string Lint(string? hosts, string bind = "[::1]:8001", string target = "localhost:8001")
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name app.example.com;\n        location / {\n            proxy_pass http://" + target + ";\n        }\n    }\n}\n")
            .Write("etc/systemd/system/app.service", "[Unit]\nDescription=app\n\n[Service]\nUser=app\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/gunicorn --bind " + bind + " app.wsgi\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
        if (hosts is not null)
        {
            tree.Write("etc/hosts", hosts);
        }

        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Theory]
    [InlineData("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")]
    [InlineData(null)]
    public void A_back_end_on_the_IPv6_loopback_answers_localhost(string? hosts)
    {
        var report = Lint(hosts);
        Assert.DoesNotContain("CL001", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Where_localhost_is_only_127_0_0_1_nothing_answers()
    {
        var report = Lint("127.0.0.1\tlocalhost\n");
        Assert.Contains("CL001", report, StringComparison.Ordinal);
        Assert.Contains("\"severity\": \"error\"", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_written_as_such_is_that_address_only()
    {
        var report = Lint("127.0.0.1\tlocalhost\n::1\tlocalhost\n", target: "127.0.0.1:8001");
        Assert.Contains("CL001", report, StringComparison.Ordinal);
    }
}
