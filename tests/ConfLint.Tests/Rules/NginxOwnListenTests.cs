using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A target the host's own nginx listens on (an assets-only server behind HAProxy, one server proxying to another)
/// is not "nothing listens there": CL001 leaves it unjudged and says why; a port no listen covers is still judged.</summary>
public class NginxOwnListenTests
{
    private static CliRunner.Output Lint(string target)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name app.example.com;\n        location / {\n            proxy_pass http://" + target + ";\n        }\n    }\n    server {\n        listen 127.0.0.1:8081;\n        root /srv/app/public;\n    }\n}\n")
            .Write("etc/systemd/system/app.service", "[Service]\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app:app\n");
        return CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
    }

    [Theory]
    [InlineData("127.0.0.1:8081")]
    [InlineData("localhost:8081")]
    public void A_target_nginx_itself_listens_on_is_not_judged(string target)
    {
        var output = Lint(target);
        Assert.Equal(0, output.ExitCode);
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("nginx listens there itself (etc/nginx/nginx.conf:11)", output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_no_listen_covers_is_still_judged() =>
        Assert.Contains("CL001", Lint("127.0.0.1:8082").Stdout, StringComparison.Ordinal);
}
