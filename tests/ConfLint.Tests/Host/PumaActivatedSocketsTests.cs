using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>A socket-activated puma (puma's docs/systemd.md, lib/puma/binder.rb) binds what its configuration says as well,
/// reusing an activated socket of the same address, unless <c>bind_to_activated_sockets 'only'</c> drops its own binds.</summary>
public class PumaActivatedSocketsTests
{
    private static string Lint(string pumaRb, string command = "/var/www/blog/bin/puma -C /var/www/blog/config/puma.rb")
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    upstream blog {\n        server 127.0.0.1:3000;\n    }\n    server {\n        listen 80;\n        server_name blog.example.com;\n        location / {\n            proxy_pass http://blog;\n        }\n    }\n}\n")
            .Write("etc/systemd/system/puma.socket", "[Unit]\nDescription=puma sockets\n\n[Socket]\nListenStream=127.0.0.1:9292\n\n[Install]\nWantedBy=sockets.target\n")
            .Write("etc/systemd/system/puma.service", "[Unit]\nDescription=blog\nRequires=puma.socket\n\n[Service]\nUser=deploy\nWorkingDirectory=/var/www/blog\nExecStart=" + command + "\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("var/www/blog/config/puma.rb", pumaRb);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Theory]
    [InlineData("port 3000\n")]
    [InlineData("port 3000\nbind_to_activated_sockets\n")]
    [InlineData("bind 'tcp://127.0.0.1:3000'\nbind_to_activated_sockets true\n")]
    public void Its_own_bind_answers_beside_the_activated_socket(string pumaRb)
    {
        Assert.DoesNotContain("CL001", Lint(pumaRb), StringComparison.Ordinal);
    }

    [Fact]
    public void With_only_the_activated_sockets_its_own_bind_is_gone()
    {
        var report = Lint("port 3000\nbind_to_activated_sockets 'only'\n");
        Assert.Contains("CL001", report, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9292", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_flag_counts_as_the_setting()
    {
        var report = Lint("port 3000\n", "/var/www/blog/bin/puma -C /var/www/blog/config/puma.rb --bind-to-activated-sockets only");
        Assert.Contains("CL001", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bind_computed_by_code_leaves_the_target_unjudged()
    {
        Assert.DoesNotContain("CL001", Lint("port ENV.fetch(\"PORT\", 3000)\n"), StringComparison.Ordinal);
    }
}
