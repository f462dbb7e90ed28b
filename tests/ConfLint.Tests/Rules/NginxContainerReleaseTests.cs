using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL000 judges a Compose container's nginx by its image's release, not by the host's package (the root's dpkg status
/// names the host's nginx): an exact tag of the official image (<c>nginx:1.27.3-alpine</c>) says which release reads the
/// mounted file; a minor release's tag or <c>latest</c> says too little, and the host's package never applies.
/// </summary>
public class NginxContainerReleaseTests
{
    private const string Status = "Package: nginx\nStatus: install ok installed\nVersion: 1.22.1-9+deb12u1\n\nPackage: nginx-common\nStatus: install ok installed\nVersion: 1.22.1-9+deb12u1\n";

    private const string Quic = "events {}\nhttp {\n    server {\n        listen 443 quic reuseport;\n        listen 443 ssl;\n        ssl_certificate /etc/nginx/certs/site.pem;\n        ssl_certificate_key /etc/nginx/certs/site.key;\n        location / { return 204; }\n    }\n}\n";

    private static TempTree Tree(string image) => new TempTree()
        .Write("var/lib/dpkg/status", Status)
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {}\n")
        .Write("opt/web/nginx.conf", Quic)
        .Write("opt/web/compose.yaml", $"services:\n  web:\n    image: {image}\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL000", "--color", "never");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Theory]
    [InlineData("nginx:1.27.3-alpine")]
    [InlineData("nginx:1.27")]
    [InlineData("nginx:latest")]
    [InlineData("example/web:2.0")]
    public void A_container_nginx_is_not_judged_by_the_host_package(string image)
    {
        using var tree = Tree(image);
        Assert.DoesNotContain("opt/web/nginx.conf", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exact_image_release_is_the_release_judged()
    {
        using var tree = Tree("nginx:1.24.0");
        Assert.Contains("opt/web/nginx.conf:4:", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_nginx_is_judged_by_its_package()
    {
        using var tree = Tree("nginx:1.27.3").Write("etc/nginx/nginx.conf", "user www-data;\n" + Quic);
        Assert.Contains("etc/nginx/nginx.conf:5:", Lint(tree), StringComparison.Ordinal);
    }
}
