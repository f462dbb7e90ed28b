using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A Compose publication's container side (EmptyPublications, ContainerNginx): a host proxy to a port Docker
/// publishes on a container port nothing in the container listens on is CL001, where the container's listeners are
/// known whole (a server's binds all read, an nginx whose whole configuration is read); and the publication's TLS comes
/// from the service's own nginx's listen. From the Label Studio probe (label-studio-nginx-uwsgi-compose, variants v09-v11,
/// v27) and the OpenMRS one (openmrs-compose-gateway-tomcat, v23).</summary>
public sealed class ComposeContainerSideTests
{
    private static TempTree Host(string target, string compose) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/app", $"server {{\n    listen 80;\n    server_name app.example.org;\n    location / {{\n        proxy_pass {target};\n    }}\n}}\n")
        .Write("srv/app/compose.yaml", compose);

    private static TempTree Uwsgi(string ini, string ports = "127.0.0.1:8000:8000", string extra = "") => Host("http://127.0.0.1:8000",
            "services:\n  app:\n    image: python:3.12-slim\n    restart: always\n" + extra + $"    ports:\n      - \"{ports}\"\n"
            + "    volumes:\n      - ./uwsgi.ini:/app/uwsgi.ini:ro\n    command: [\"uwsgi\", \"--ini\", \"/app/uwsgi.ini\"]\n")
        .Write("srv/app/uwsgi.ini", ini);

    private static TempTree Nginx(string target, string ports, string site, string mountedAs = "/etc/nginx/conf.d/default.conf") => Host(target,
            "services:\n  web:\n    image: nginx:1.27-alpine\n    restart: always\n" + $"    ports:\n      - \"{ports}\"\n"
            + $"    volumes:\n      - ./site.conf:{mountedAs}:ro\n")
        .Write("srv/app/site.conf", site);

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
    public void A_publication_of_the_port_uwsgi_binds_is_silent()
    {
        using var tree = Uwsgi("[uwsgi]\nhttp = 0.0.0.0:8000\nmodule = app.wsgi:application\n");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_publication_of_a_port_uwsgi_does_not_bind_leads_to_nothing()
    {
        using var tree = Uwsgi("[uwsgi]\nhttp = 0.0.0.0:8080\nmodule = app.wsgi:application\n");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("error", finding.Severity);
        Assert.Contains("Docker publishes 127.0.0.1:8000 for port 8000 of service 'app''s container, but nothing listens there inside it: it listens on port 8080", finding.Message, StringComparison.Ordinal);
        Assert.Contains("srv/app/uwsgi.ini:2", finding.Message, StringComparison.Ordinal);
        Assert.Equal("display-only", finding.Fix);
        Assert.Contains("Publish port 8080 of the container instead of 8000", finding.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bind_from_an_environment_not_known_is_silent()
    {
        // The port comes from a variable of an env_file the root does not hold: where uWSGI listens is not known.
        using var tree = Uwsgi("[uwsgi]\nhttp = 0.0.0.0:$(APP_PORT)\nmodule = app.wsgi:application\n", extra: "    env_file: ./app.env\n");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_publication_of_a_port_the_mounted_nginx_does_not_listen_on_leads_to_nothing()
    {
        // OpenMRS v23: the gateway's configuration listens on 8080, Docker publishes the container's 80; the mount
        // replaces the image's only conf.d file, so its whole configuration is read.
        using var tree = Nginx("http://127.0.0.1:8088", "127.0.0.1:8088:80", "server {\n    listen 8080;\n    location / {\n        return 200;\n    }\n}\n");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("error", finding.Severity);
        Assert.Contains("for port 80 of service 'web''s container, but nothing listens there inside it: it listens on port 8080 (its nginx: listen 8080 (srv/app/site.conf:2))", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publication_of_the_port_the_mounted_nginx_listens_on_is_silent()
    {
        using var tree = Nginx("http://127.0.0.1:8088", "127.0.0.1:8088:8080", "server {\n    listen 8080;\n    location / {\n        return 200;\n    }\n}\n");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void An_nginx_beside_the_images_own_default_conf_is_not_known_whole()
    {
        // Mounted beside the image's default.conf (not read), which may listen on 80: not judged.
        using var tree = Nginx("http://127.0.0.1:8088", "127.0.0.1:8088:80", "server {\n    listen 8080;\n    location / {\n        return 200;\n    }\n}\n", "/etc/nginx/conf.d/app.conf");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void An_unread_include_leaves_the_container_unjudged()
    {
        using var tree = Nginx("http://127.0.0.1:8088", "127.0.0.1:8088:80", "include /etc/nginx/extra/*.conf;\nserver {\n    listen 8080;\n    location / {\n        return 200;\n    }\n}\n");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void TLS_to_an_nginx_listening_with_ssl_is_silent()
    {
        using var tree = Nginx("https://127.0.0.1:8443", "127.0.0.1:8443:8443", "server {\n    listen 8443 ssl;\n    ssl_certificate /certs/a.pem;\n    ssl_certificate_key /certs/a.key;\n    location / {\n        return 200;\n    }\n}\n");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void TLS_to_an_nginx_listening_without_ssl_fails_the_handshake()
    {
        // Label Studio v27: proxy_pass https:// to the stack's nginx, whose listen has no ssl.
        using var tree = Nginx("https://127.0.0.1:8443", "127.0.0.1:8443:8443", "server {\n    listen 8443;\n    location / {\n        return 200;\n    }\n}\n");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("error", finding.Severity);
        Assert.Contains("opens TLS (https://) to 127.0.0.1:8443, where nothing serves TLS", finding.Message, StringComparison.Ordinal);
        Assert.Contains("listens on port 8443 of the container without ssl: listen 8443 (srv/app/site.conf:2)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TLS_to_a_plain_listen_beside_an_unread_include_is_silent()
    {
        // The unread files may say `listen 8443 ssl`, which makes the port's socket TLS for every server on it.
        using var tree = Nginx("https://127.0.0.1:8443", "127.0.0.1:8443:8443", "include /etc/nginx/extra/*.conf;\nserver {\n    listen 8443;\n    location / {\n        return 200;\n    }\n}\n");
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void Plain_HTTP_to_an_nginx_listening_without_ssl_is_silent()
    {
        using var tree = Nginx("http://127.0.0.1:8443", "127.0.0.1:8443:8443", "server {\n    listen 8443;\n    location / {\n        return 200;\n    }\n}\n");
        Assert.Empty(Lint(tree));
    }
}
