using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>Compose publications as Docker makes them (DockerPublishing): a port without a host address listens on every
/// IPv4 and IPv6 address, or on daemon.json's <c>ip</c>; an address written in the entry keeps its meaning. And CL001's move
/// candidates among publications (TargetMoves): one whose host port the host's own web server binds too is said and never
/// a destination; a container's port 443 with nothing known behind it ranks below the others. From the Dify probe
/// (dify-compose-nginx-templates, variants v21 and v09).</summary>
public sealed class ComposePublicationTests
{
    private static TempTree Site(string target, string listen, params string[] ports) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/app", $"server {{\n    listen {listen};\n    server_name app.example.org;\n    location / {{\n        proxy_pass http://{target};\n    }}\n}}\n")
        .Write("srv/app.example.org/compose.yaml", "services:\n  web:\n    image: nginx:latest\n    restart: always\n    ports:\n"
            + string.Concat(ports.Select(p => $"      - \"{p}\"\n")));

    private sealed record Finding(string Severity, string Message, string? Fix, string? Help);

    private static List<Finding> Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json", "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => new Finding(
            d.GetProperty("severity").GetString()!,
            d.GetProperty("message").GetString()!,
            d.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("applicability").GetString() : null,
            d.TryGetProperty("fix", out var help) && help.ValueKind == JsonValueKind.Object ? help.GetProperty("description").GetString() : null)).ToList();
    }

    [Fact]
    public void A_publication_without_host_address_takes_the_IPv6_loopback_too()
    {
        using var tree = Site("[::1]:8081", "80", "8081:80");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_publication_on_the_IPv4_loopback_does_not_take_the_IPv6_one()
    {
        using var tree = Site("[::1]:8081", "80", "127.0.0.1:8081:80");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("error", finding.Severity);
        Assert.Contains("127.0.0.1:8081", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publication_on_the_IPv6_loopback_takes_it()
    {
        using var tree = Site("[::1]:8081", "80", "[::1]:8081:80");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void Daemon_json_ip_is_the_default_address_of_a_publication_without_one()
    {
        using var tree = Site("[::1]:8081", "80", "8081:80").Write("etc/docker/daemon.json", "{\n  \"ip\": \"127.0.0.1\"\n}\n");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("error", finding.Severity);
        Assert.Contains("daemon.json's ip", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Daemon_json_without_ip_leaves_every_address()
    {
        using var tree = Site("[::1]:8081", "80", "8081:80").Write("etc/docker/daemon.json", "{\n  \"data-root\": \"/srv/docker\"\n}\n");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_publication_the_host_nginx_binds_too_is_said_and_never_the_destination()
    {
        using var tree = Site("127.0.0.1:8081", "80", "80:80", "8000:3000");
        var finding = Assert.Single(Lint(tree), f => !f.Message.StartsWith("Docker publishes port", StringComparison.Ordinal)); // and the collision itself (PublicationCollisionTests)
        Assert.Equal("error", finding.Severity);
        Assert.Contains("Docker publishes port 80 for Compose service 'web'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("nginx listens there itself (etc/nginx/sites-enabled/app:2)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("which one depends on the order they start", finding.Message, StringComparison.Ordinal);
        Assert.NotNull(finding.Help);
        Assert.Contains("127.0.0.1:8000", finding.Help, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:80 ", finding.Help, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:80)", finding.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publication_on_a_port_the_host_does_not_bind_stays_a_candidate()
    {
        // Control: the host's nginx on 8080, the same publications: port 80 is the container's, and the nearer one.
        using var tree = Site("127.0.0.1:81", "8080", "80:80", "8000:3000");
        var finding = Assert.Single(Lint(tree), f => !f.Message.StartsWith("Docker publishes port", StringComparison.Ordinal)); // and the collision itself (PublicationCollisionTests)
        Assert.DoesNotContain("binds it too", finding.Message, StringComparison.Ordinal);
        Assert.StartsWith("Point proxy_pass at 127.0.0.1:80 ", finding.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void The_containers_443_ranks_below_a_port_with_evidence_for_a_plain_pass()
    {
        // 8443 is nearer to 8444, but it is the container's 443: the move goes to the container's 80 first.
        using var tree = Site("127.0.0.1:8444", "80", "8443:443", "8081:80");
        var finding = Assert.Single(Lint(tree));
        Assert.NotNull(finding.Help);
        Assert.StartsWith("Point proxy_pass at 127.0.0.1:8081 ", finding.Help, StringComparison.Ordinal);
        Assert.Equal("unsafe", finding.Fix);
    }

    [Fact]
    public void The_containers_443_alone_is_a_doubt_for_a_plain_pass()
    {
        using var tree = Site("127.0.0.1:8081", "80", "80:80", "8443:443");
        var finding = Assert.Single(Lint(tree), f => !f.Message.StartsWith("Docker publishes port", StringComparison.Ordinal)); // and the collision itself (PublicationCollisionTests)
        Assert.Equal("unsafe", finding.Fix);
        Assert.Contains("port 443 of the container is HTTPS's by convention", finding.Help, StringComparison.Ordinal);
        Assert.Contains("binds it too", finding.Message, StringComparison.Ordinal);
    }
}
