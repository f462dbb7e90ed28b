using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A <c>quic</c> listen is a UDP socket (ngx_http_core_listen: <c>lsopt.type = SOCK_DGRAM</c>), and nginx keys a
/// listening socket by port, socket type and family (ngx_http_add_listen): beside a TCP listen of the same address and port
/// it is no duplicate, and it has its own default server and its own options. Two of one kind still are.</summary>
public class NginxQuicListenTests
{
    private static CliRunner.Output Lint(string servers, string? version = null, string select = "CL000")
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    ssl_certificate /etc/ssl/site.pem;\n    ssl_certificate_key /etc/ssl/site.key;\n" + servers + "}\n")
            .Write("etc/ssl/site.pem", "x")
            .Write("etc/ssl/site.key", "x");
        if (version is not null)
        {
            tree.Write(".conflint.yml", $"host:\n  nginx-version: {version}\n");
        }

        return CliRunner.Run("lint", "--root", tree.Root, "--select", select, "--verbose");
    }

    private const string Http3 = "    server {\n        listen 443 ssl;\n        listen 443 quic reuseport;\n        http2 on;\n        http3 on;\n        server_name a.example;\n    }\n";

    [Fact]
    public void Quic_beside_ssl_on_one_port_is_no_duplicate()
    {
        var output = Lint(Http3 + "    server {\n        listen 443 ssl default_server deferred;\n        listen 443 quic;\n        server_name b.example;\n    }\n");
        Assert.DoesNotContain("CL000", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Quic_default_server_beside_a_tcp_default_server_is_no_duplicate() =>
        Assert.DoesNotContain("CL000", Lint("    server {\n        listen 443 ssl default_server;\n        server_name a.example;\n    }\n    server {\n        listen 443 quic default_server;\n        server_name b.example;\n    }\n").Stdout, StringComparison.Ordinal);

    [Fact]
    public void Two_quic_listens_with_options_are_duplicate_options()
    {
        var output = Lint(Http3 + "    server {\n        listen 443 quic reuseport;\n        server_name b.example;\n    }\n");
        Assert.Contains("etc/nginx/nginx.conf:13:9: error CL000 duplicate listen options for 0.0.0.0:443", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_tcp_default_servers_are_still_a_duplicate()
    {
        var output = Lint("    server {\n        listen 443 ssl default_server;\n        listen 443 quic default_server;\n    }\n    server {\n        listen 443 ssl default_server;\n    }\n");
        Assert.Contains("etc/nginx/nginx.conf:10:9: error CL000 a duplicate default server for 0.0.0.0:443", output.Stdout, StringComparison.Ordinal);
        Assert.Single(output.Stdout.Split('\n'), l => l.Contains("error CL000", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_quic_listens_in_one_server_are_a_duplicate_listen() =>
        Assert.Contains("etc/nginx/nginx.conf:7:9: error CL000 a duplicate listen 0.0.0.0:443",
            Lint("    server {\n        listen 443 quic;\n        listen 443 quic;\n    }\n").Stdout, StringComparison.Ordinal);

    [Theory]
    [InlineData("deferred", null)]
    [InlineData("backlog=511", null)]
    [InlineData("ssl", "1.25.0")]
    [InlineData("http2", null)]
    public void A_tcp_parameter_on_a_quic_listen_is_refused(string parameter, string? version)
    {
        var output = Lint($"    server {{\n        listen 443 quic {parameter};\n    }}\n", version);
        Assert.Contains($"etc/nginx/nginx.conf:6:9: error CL000 \"{parameter.Split('=')[0]}\" parameter is incompatible with \"quic\"", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Deferred_on_quic_before_1_25_4_is_not_refused() =>
        Assert.DoesNotContain("incompatible", Lint("    server {\n        listen 443 quic deferred;\n    }\n", "1.25.3").Stdout, StringComparison.Ordinal);

    [Fact]
    public void Reuseport_on_quic_is_accepted() =>
        Assert.DoesNotContain("CL000", Lint("    server {\n        listen 443 quic reuseport;\n    }\n").Stdout, StringComparison.Ordinal);

    [Fact]
    public void Before_1_25_quic_is_an_invalid_parameter()
    {
        // nginx 1.22's ngx_http_core_listen has no "quic": "invalid parameter" where the release is known; the newest
        // (assumed where none is known) takes it.
        Assert.Contains("etc/nginx/nginx.conf:7:9: error CL000 invalid parameter \"quic\"", Lint(Http3, "1.22.1").Stdout, StringComparison.Ordinal);
        Assert.Contains("etc/nginx/nginx.conf:7:9: error CL000 invalid parameter \"quic\"", Lint(Http3, "1.24.0").Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CL000", Lint(Http3, "1.25.0").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quic_default_server_without_a_certificate_is_refused()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 443 quic;\n        server_name a.example;\n    }\n}\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL000");
        Assert.Contains("no \"ssl_certificate\" is defined for the \"listen ... quic\" directive (0.0.0.0:443)", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quic_listen_covers_no_tcp_proxy_target()
    {
        // nginx listens on 127.0.0.1:8443 over UDP only: a proxy_pass there (TCP) reaches nothing of nginx's.
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8443;\n        }\n    }\n    server {\n        listen 127.0.0.1:8443 quic;\n        ssl_certificate /etc/ssl/site.pem;\n        ssl_certificate_key /etc/ssl/site.key;\n    }\n}\n")
            .Write("etc/ssl/site.pem", "x")
            .Write("etc/ssl/site.key", "x")
            .Write("etc/systemd/system/app.service", "[Service]\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app:app\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.DoesNotContain("nginx listens there itself", output.Stderr, StringComparison.Ordinal);
        Assert.Contains("CL001", output.Stdout, StringComparison.Ordinal);
    }
}
