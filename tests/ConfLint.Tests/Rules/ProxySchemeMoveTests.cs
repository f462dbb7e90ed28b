using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's move candidates among a Compose service's publications (TargetMoves): ranked by the scheme the pass
/// speaks, and never a port a web server of this host binds as well. An https:// pass goes to the container's 443 (HTTPS's by
/// convention), not to its 80 (a TLS handshake to plain HTTP: "SSL_do_handshake() failed ... wrong version number", a 502);
/// a plain one to its 80; where every publication is a port the host's nginx or Apache listens on itself, no move is offered
/// (pointing the site at its own listen is a loop). From the MISP probe (misp-docker-nginx-fpm-supervisor, rootfix and
/// v18b).</summary>
public sealed class ProxySchemeMoveTests
{
    private const string Compose = "services:\n  misp-core:\n    build: ./core\n    restart: always\n    ports:\n";

    private static TempTree Nginx(string pass, string[] listens, params string[] ports) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/misp.example.org", "server {\n" + string.Concat(listens.Select(l => $"    listen {l};\n"))
            + $"    server_name misp.example.org;\n    ssl_certificate /etc/ssl/misp/fullchain.pem;\n    ssl_certificate_key /etc/ssl/misp/privkey.pem;\n    location / {{\n        proxy_pass {pass};\n    }}\n}}\n")
        .Write("opt/misp.example.org/docker-compose.yml", Compose + string.Concat(ports.Select(p => $"      - \"{p}\"\n")))
        .Write("opt/misp.example.org/core/Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n");

    private static TempTree Apache(string target, params string[] ports) => new TempTree()
        .Write("etc/apache2/apache2.conf", "LoadModule mpm_event_module modules/mod_mpm_event.so\nErrorLog /var/log/apache2/error.log\nListen 80\nListen 443\nLoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_http_module modules/mod_proxy_http.so\nLoadModule ssl_module modules/mod_ssl.so\nIncludeOptional sites-enabled/*.conf\n")
        .Write("var/log/apache2/.keep", string.Empty)
        .Write("etc/apache2/sites-enabled/misp.conf", $"<VirtualHost *:443>\n    ServerName misp.example.org\n    SSLEngine on\n    SSLCertificateFile /etc/ssl/misp/fullchain.pem\n    SSLCertificateKeyFile /etc/ssl/misp/privkey.pem\n    SSLProxyEngine on\n    ProxyPass / https://{target}/\n    ProxyPassReverse / https://{target}/\n</VirtualHost>\n")
        .Write("opt/misp.example.org/docker-compose.yml", Compose + string.Concat(ports.Select(p => $"      - \"{p}\"\n")))
        .Write("opt/misp.example.org/core/Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n");

    private static TempTree Portainer(string pass, params string[] ports) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write("etc/nginx/conf.d/portainer.conf", $"server {{\n    listen 80;\n    server_name portainer.example.net;\n    location / {{\n        proxy_pass {pass};\n    }}\n}}\n")
        .Write("opt/portainer/compose.yaml", "services:\n  portainer:\n    image: portainer/portainer-ce:2.21.5\n    restart: always\n    ports:\n"
            + string.Concat(ports.Select(p => $"      - \"{p}\"\n")) + "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n");

    private sealed record Finding(string Message, string? Fix, string? Help);

    private static List<Finding> Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json", "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);

        // The findings at the front end's target; a publication colliding with the host's own listen is reported at its
        // ports: entry too (PublicationCollisionTests).
        return json.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => !d.GetProperty("path").GetString()!.EndsWith("docker-compose.yml", StringComparison.Ordinal)).Select(d => new Finding(
            d.GetProperty("message").GetString()!,
            d.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("applicability").GetString() : null,
            d.TryGetProperty("fix", out var help) && help.ValueKind == JsonValueKind.Object ? help.GetProperty("description").GetString() : null)).ToList();
    }

    private static string FixUnsafe(TempTree tree, string path)
    {
        var output = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001", "--unsafe-fixes");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return File.ReadAllText(tree.Path(path));
    }

    [Fact]
    public void An_https_pass_goes_to_the_containers_443_not_to_its_nearer_80()
    {
        // 8080 is nearer to 4443, but it is the container's port 80: TLS there fails the handshake.
        using var tree = Nginx("https://127.0.0.1:4443", ["443 ssl"], "127.0.0.1:8080:80", "127.0.0.1:8443:443");
        var finding = Assert.Single(Lint(tree));
        Assert.NotNull(finding.Help);
        Assert.StartsWith("Point proxy_pass at 127.0.0.1:8443 ", finding.Help, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8443 is taken for TLS", finding.Help, StringComparison.Ordinal);
        // What the built image serves on its 443 is convention only: never safe.
        Assert.Equal("unsafe", finding.Fix);
        Assert.Contains("proxy_pass https://127.0.0.1:8443;", FixUnsafe(tree, "etc/nginx/sites-enabled/misp.example.org"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_pass_goes_to_the_containers_80_not_to_its_nearer_443()
    {
        // Control: the same publications, a plain HTTP pass nearer to 8443: the container's 80 is the destination.
        using var tree = Nginx("http://127.0.0.1:8444", ["80"], "127.0.0.1:8080:80", "127.0.0.1:8443:443");
        var finding = Assert.Single(Lint(tree));
        Assert.NotNull(finding.Help);
        Assert.StartsWith("Point proxy_pass at 127.0.0.1:8080 ", finding.Help, StringComparison.Ordinal);
        Assert.Equal("unsafe", finding.Fix);
        Assert.Contains("proxy_pass http://127.0.0.1:8080;", FixUnsafe(tree, "etc/nginx/sites-enabled/misp.example.org"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_https_pass_to_the_containers_80_alone_is_moved_with_the_doubt_said()
    {
        using var tree = Nginx("https://127.0.0.1:4443", ["443 ssl"], "127.0.0.1:8080:80");
        var finding = Assert.Single(Lint(tree));
        Assert.NotNull(finding.Help);
        Assert.StartsWith("Point proxy_pass at 127.0.0.1:8080 ", finding.Help, StringComparison.Ordinal);
        Assert.Contains("port 80 of the container is plain HTTP's by convention", finding.Help, StringComparison.Ordinal);
        Assert.Equal("unsafe", finding.Fix);
    }

    [Fact]
    public void An_apache_https_pass_goes_to_the_containers_443()
    {
        using var tree = Apache("127.0.0.1:4443", "127.0.0.1:8080:80", "127.0.0.1:8443:443");
        var finding = Assert.Single(Lint(tree));
        Assert.NotNull(finding.Help);
        Assert.Contains("at 127.0.0.1:8443", finding.Help, StringComparison.Ordinal);
        Assert.DoesNotContain("at 127.0.0.1:8080", finding.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_ports_the_host_nginx_holds_leave_no_move()
    {
        // The .env's ports commented: the defaults 80:80 and 443:443, where the host's nginx listens itself. Pointing the
        // site at 127.0.0.1:443 sends it back to this nginx (a loop): no fix, and the why said.
        using var tree = Nginx("https://127.0.0.1:8443", ["80", "443 ssl"], "80:80", "443:443");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("display-only", finding.Fix);
        Assert.NotNull(finding.Help);
        Assert.StartsWith("No address of Compose service 'misp-core' to point proxy_pass at", finding.Help, StringComparison.Ordinal);
        Assert.Contains("(80, 443)", finding.Help, StringComparison.Ordinal);
        Assert.Contains("proxy_pass https://127.0.0.1:8443;", FixUnsafe(tree, "etc/nginx/sites-enabled/misp.example.org"), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_ports_the_host_apache_holds_leave_no_move()
    {
        using var tree = Apache("127.0.0.1:8443", "80:80", "443:443");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("display-only", finding.Fix);
        Assert.NotNull(finding.Help);
        Assert.StartsWith("No address of Compose service 'misp-core' to point ProxyPass at", finding.Help, StringComparison.Ordinal);
        Assert.Contains("ProxyPass / https://127.0.0.1:8443/", FixUnsafe(tree, "etc/apache2/sites-enabled/misp.conf"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_free_port_beside_a_held_one_is_still_the_destination()
    {
        // Control: 443 is the host's, 8443 is free: the move goes there.
        using var tree = Nginx("https://127.0.0.1:4443", ["80", "443 ssl"], "80:80", "8443:443");
        var finding = Assert.Single(Lint(tree));
        Assert.NotNull(finding.Help);
        Assert.StartsWith("Point proxy_pass at 127.0.0.1:8443 ", finding.Help, StringComparison.Ordinal);
        Assert.Contains("proxy_pass https://127.0.0.1:8443;", FixUnsafe(tree, "etc/nginx/sites-enabled/misp.example.org"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_known_tls_port_is_still_a_safe_move_for_an_https_pass()
    {
        // The image table says portainer serves HTTPS on 9443: nothing in doubt.
        using var tree = Portainer("https://127.0.0.1:9444", "127.0.0.1:9443:9443");
        var finding = Assert.Single(Lint(tree));
        Assert.NotNull(finding.Help);
        Assert.StartsWith("Point proxy_pass at 127.0.0.1:9443 ", finding.Help, StringComparison.Ordinal);
        Assert.Equal("safe", finding.Fix);
    }

    [Fact]
    public void A_known_tls_port_wins_over_a_nearer_known_plain_one_for_an_https_pass()
    {
        using var tree = Portainer("https://127.0.0.1:9001", "127.0.0.1:9000:9000", "127.0.0.1:9443:9443");
        var finding = Assert.Single(Lint(tree));
        Assert.NotNull(finding.Help);
        Assert.StartsWith("Point proxy_pass at 127.0.0.1:9443 ", finding.Help, StringComparison.Ordinal);
    }
}
