using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A proxy target written as a host name without a port (Alfresco's <c>proxy_pass http://control-center/;</c>, from
/// acs-ingress's README table): nginx makes an implicit upstream of the name with the scheme's default port, 80 for
/// <c>http://</c> and 443 for <c>https://</c> (ngx_http_proxy_module.c, <c>ngx_http_proxy_pass</c>: <c>u.default_port</c>),
/// unless an <c>upstream</c> block has the name; an http upstream's <c>server NAME</c> is port 80 too. A service that
/// listens elsewhere refuses the connection: CL001, and the service is reached (CL007). Controls: an upstream of that
/// name, a port written, a service that listens on 80.
/// </summary>
public class ProxyDefaultPortTests
{
    private static string Compose(string appImage = "nginxinc/nginx-unprivileged:1.27") =>
        $"services:\n  app:\n    image: {appImage}\n  proxy:\n    image: nginx:1.27\n    restart: unless-stopped\n    ports:\n      - \"127.0.0.1:8080:80\"\n"
        + "    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n";

    private static string Nginx(string location, string http = "") =>
        $"events {{}}\nhttp {{\n{http}    server {{\n        listen 80;\n        location /admin/ {{\n            {location}\n        }}\n    }}\n}}\n";

    private static TempTree Tree(string nginx, string? compose = null) => new TempTree()
        .Write("opt/app/docker-compose.yml", compose ?? Compose())
        .Write("opt/app/nginx.conf", nginx);

    private static string Lint(TempTree tree, string select = "CL001,CL007")
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", select, "--verbose");
        Assert.True(output.ExitCode is 0 or 1 or 2, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    [Fact]
    public void A_name_without_a_port_is_port_80_and_the_service_listening_on_8080_refuses_it()
    {
        using var tree = Tree(Nginx("proxy_pass http://app/;"));
        var report = Lint(tree);
        Assert.Contains("opt/app/nginx.conf:6:24: error CL001 proxy_pass http://app/ connects to service 'app' on port 80 (no port is written: nginx uses http's default), but it listens on *:8080", report, StringComparison.Ordinal);
        // The service is reached: its missing restart policy matters.
        Assert.Contains("opt/app/docker-compose.yml:2:3: warning CL007", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Https_without_a_port_is_port_443()
    {
        using var tree = Tree(Nginx("proxy_pass https://app/;"));
        var report = Lint(tree, "CL001");
        Assert.Contains("connects to service 'app' on port 443 (no port is written: nginx uses https's default)", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_upstream_servers_name_without_a_port_is_port_80()
    {
        using var tree = Tree(Nginx("proxy_pass http://backend/;", "    upstream backend {\n        server app;\n    }\n"));
        var report = Lint(tree, "CL001");
        Assert.Contains("error CL001", report, StringComparison.Ordinal);
        Assert.Contains("on port 80", report, StringComparison.Ordinal);
    }

    /// <summary>Control: an upstream block of the name wins (no default port): its server's own port is where nginx connects.</summary>
    [Fact]
    public void A_name_an_upstream_block_has_takes_its_servers_port()
    {
        using var tree = Tree(Nginx("proxy_pass http://app/;", "    upstream app {\n        server app:8080;\n    }\n"));
        var report = Lint(tree, "CL001");
        Assert.DoesNotContain("error CL001", report, StringComparison.Ordinal);
        Assert.DoesNotContain("on port 80", report, StringComparison.Ordinal);
    }

    /// <summary>Control: the port written; and a service that listens on the default port.</summary>
    [Fact]
    public void A_written_port_or_a_service_on_port_80_is_silent()
    {
        using var written = Tree(Nginx("proxy_pass http://app:8080/;"));
        Assert.DoesNotContain("error CL001", Lint(written, "CL001"), StringComparison.Ordinal);

        using var onEighty = Tree(Nginx("proxy_pass http://app/;"), Compose("nginx:1.27"));
        Assert.DoesNotContain("error CL001", Lint(onEighty, "CL001"), StringComparison.Ordinal);
    }

    /// <summary>Control: an include nginx reads that ConfLint does not (a folder outside the root) may hold an upstream of
    /// the name: no default port is assumed.</summary>
    [Fact]
    public void An_unread_include_where_upstreams_are_defined_leaves_the_name_unjudged()
    {
        using var tree = Tree(Nginx("proxy_pass http://app/;", "    include /etc/nginx/upstreams/*.conf;\n"));
        var report = Lint(tree, "CL001");
        Assert.DoesNotContain("error CL001", report, StringComparison.Ordinal);
    }
}
