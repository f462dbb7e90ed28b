using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A Compose project whose published port moved (Tiny Tiny RSS's <c>HTTP_PORT</c> in <c>.env</c>, 127.0.0.1:8280 to
/// 127.0.0.1:8380) while the host's site still proxies to the old port: nothing listens there (connect() fails with 111,
/// a 502). The service is tied to the site where one of its settings names the site: a value of the environment Compose
/// gives its container (<c>env_file</c>, <c>environment</c>) or of the project's <c>.env</c> that is the server's name
/// (BookWyrm's <c>DOMAIN</c>), or a URL on it whose path is the location's (<c>TTRSS_SELF_URL_PATH=https://example.org/tt-rss/</c>
/// and <c>location ^~ /tt-rss/</c>). The near variants stay as they were: another server's name, another path, a wildcard
/// <c>server_name</c>, the port another project publishes, the fixed port.
/// </summary>
public class ComposeSiteSettingTests
{
    private const string DefaultEnv = "TTRSS_DB_USER=ttrss\nTTRSS_SELF_URL_PATH=https://example.org/tt-rss/\n# moved off 8280\nHTTP_PORT=127.0.0.1:8380\n";

    private const string Compose = "services:\n  web-nginx:\n    image: ghcr.io/tt-rss/tt-rss-web-nginx:latest\n    restart: unless-stopped\n    env_file:\n      - .env\n"
        + "    ports:\n      - ${HTTP_PORT}:80\n";

    private static TempTree Tree(string target = "127.0.0.1:8280", string serverName = "example.org", string location = "^~ /tt-rss/", string env = DefaultEnv, string compose = Compose)
        => new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name " + serverName + ";\n        location " + location + " {\n"
                + "            proxy_pass http://" + target + "/tt-rss/;\n        }\n    }\n}\n")
            .Write("opt/ttrss-docker/.env", env)
            .Write("opt/ttrss-docker/docker-compose.yml", compose);

    private static CliRunner.Output Lint(TempTree tree) => CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL019", "--verbose");

    [Fact]
    public void A_url_on_the_server_at_the_location_ties_the_service_whose_port_moved()
    {
        using var tree = Tree();
        var output = Lint(tree);
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("etc/nginx/nginx.conf:7:24: error CL001 [*] proxy_pass http://127.0.0.1:8280/tt-rss/: nothing on this host listens there (Compose service 'web-nginx' listens on 127.0.0.1:8380, published by Docker for port 80 of the container", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("opt/ttrss-docker/.env:2:1: Compose service 'web-nginx' is configured for this site here", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("the project's .env sets TTRSS_SELF_URL_PATH=https://example.org/tt-rss/ (opt/ttrss-docker/.env:2), a URL on the server's name example.org at /tt-rss/", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("Point proxy_pass at 127.0.0.1:8380", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A target written with <c>localhost</c> or <c>[::1]</c> is judged as before: nothing listens there either.</summary>
    [Theory]
    [InlineData("localhost:8280")]
    [InlineData("[::1]:8280")]
    public void A_loopback_name_or_ipv6_target_is_judged_alike(string target)
    {
        using var tree = Tree(target);
        var output = Lint(tree);
        Assert.Equal(1, output.ExitCode);
        Assert.Contains($"error CL001 [*] proxy_pass http://{target}/tt-rss/: nothing on this host listens there", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("opt/ttrss-docker/.env:2:1: Compose service 'web-nginx' is configured for this site here", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The fix is not applied unreviewed: what the image serves behind the port is not in ConfLint's image table.</summary>
    [Fact]
    public void The_fix_is_offered_but_not_safe_where_the_image_is_not_known()
    {
        using var tree = Tree();
        var output = CliRunner.Run("fix", "--dry-run", "--root", tree.Root, "--select", "CL001");
        Assert.DoesNotContain("127.0.0.1:8380/tt-rss/", output.Stdout, StringComparison.Ordinal);
        var unsafeOutput = CliRunner.Run("fix", "--dry-run", "--unsafe-fixes", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("127.0.0.1:8380/tt-rss/", unsafeOutput.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A bare host value (BookWyrm's DOMAIN) in the service's own <c>environment</c>, written as a list or a
    /// mapping, and a URL at <c>/</c> (GeoNode's SITEURL) for a site at <c>/</c>: each ties the service, at its line.</summary>
    [Theory]
    [InlineData("      - DOMAIN=example.org\n", "^~ /tt-rss/", "opt/ttrss-docker/docker-compose.yml:8:9", "its environment sets DOMAIN=example.org (opt/ttrss-docker/docker-compose.yml:8), the server's name example.org")]
    [InlineData("      DOMAIN: example.org\n", "^~ /tt-rss/", "opt/ttrss-docker/docker-compose.yml:8:7", "its environment sets DOMAIN=example.org (opt/ttrss-docker/docker-compose.yml:8), the server's name example.org")]
    [InlineData("      - SITEURL=https://example.org/\n", "/", "opt/ttrss-docker/docker-compose.yml:8:9", "a URL on the server's name example.org")]
    public void A_host_or_site_url_in_the_environment_ties_the_service(string entry, string location, string at, string said)
    {
        var compose = "services:\n  web-nginx:\n    image: ghcr.io/tt-rss/tt-rss-web-nginx:latest\n    restart: unless-stopped\n    env_file:\n      - .env\n    environment:\n"
            + entry + "    ports:\n      - ${HTTP_PORT}:80\n";
        using var tree = Tree(location: location, env: "HTTP_PORT=127.0.0.1:8380\n", compose: compose);
        var output = Lint(tree);
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:8280/tt-rss/: nothing on this host listens there", output.Stdout, StringComparison.Ordinal);
        Assert.Contains(at + ": Compose service 'web-nginx' is configured for this site here", output.Stdout, StringComparison.Ordinal);
        Assert.Contains(said, output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A value of the project's <c>.env</c> that no service is given still ties: Compose reads it for the
    /// project's files, which are configured for the site.</summary>
    [Fact]
    public void A_dot_env_value_read_only_for_interpolation_ties_the_project()
    {
        var compose = "services:\n  web-nginx:\n    image: ghcr.io/tt-rss/tt-rss-web-nginx:latest\n    restart: unless-stopped\n    ports:\n      - ${HTTP_PORT}:80\n";
        using var tree = Tree(env: "DOMAIN=example.org\nHTTP_PORT=127.0.0.1:8380\n", compose: compose);
        var output = Lint(tree);
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("opt/ttrss-docker/.env:1:1: Compose service 'web-nginx' is configured for this site here", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The controls: the same value on another server's name, a URL at another path than the location's, a
    /// wildcard server_name (no guess at which name the URL's host would match), a regex location for a URL with a path:
    /// nothing ties the service, so the target stays CL019's (no error). The fixed port and a port another project
    /// publishes are reached.</summary>
    [Theory]
    [InlineData("127.0.0.1:8280", "rss.example.net", "^~ /tt-rss/", DefaultEnv)]
    [InlineData("127.0.0.1:8280", "example.org", "^~ /tt-rss/", "TTRSS_SELF_URL_PATH=https://example.org/rss/\nHTTP_PORT=127.0.0.1:8380\n")]
    [InlineData("127.0.0.1:8280", "example.org", "/", DefaultEnv)]
    [InlineData("127.0.0.1:8280", "*.example.org", "^~ /tt-rss/", "TTRSS_SELF_URL_PATH=https://rss.example.org/tt-rss/\nHTTP_PORT=127.0.0.1:8380\n")]
    [InlineData("127.0.0.1:8280", ".example.org", "^~ /tt-rss/", "TTRSS_SELF_URL_PATH=https://rss.example.org/tt-rss/\nHTTP_PORT=127.0.0.1:8380\n")]
    [InlineData("127.0.0.1:8280", "example.org", "~ ^/tt-rss/", DefaultEnv)]
    [InlineData("127.0.0.1:8280", "example.org", "^~ /tt-rss/", "TTRSS_SELF_URL_PATH=https://example.org.evil.net/tt-rss/\nHTTP_PORT=127.0.0.1:8380\n")]
    [InlineData("127.0.0.1:8380", "example.org", "^~ /tt-rss/", DefaultEnv)]
    public void A_setting_that_does_not_name_this_site_ties_nothing(string target, string serverName, string location, string env)
    {
        using var tree = Tree(target, serverName, location, env);
        var output = Lint(tree);
        Assert.DoesNotContain("error CL001", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warning CL001", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("is configured for this site here", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_project_publishing_the_old_port_is_what_listens_there()
    {
        using var tree = Tree()
            .Write("opt/other/docker-compose.yml", "services:\n  web:\n    image: nginx:1-alpine\n    restart: unless-stopped\n    ports:\n      - 127.0.0.1:8280:80\n");
        var output = Lint(tree);
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A unit's environment names the site by URL as well (a base URL at the location's path): the unit
    /// whose port moved is the one the site was meant for; a URL at another path leaves it untied (info).</summary>
    [Theory]
    [InlineData("https://example.org/portal/", "error CL001")]
    [InlineData("https://example.org/other/", "info CL001")]
    public void A_units_base_url_ties_it_as_a_compose_setting_does(string url, string expected)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name example.org;\n        location /portal/ {\n"
                + "            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n")
            .Write("etc/systemd/system/zeta.service", "[Service]\nWorkingDirectory=/srv/zeta\nEnvironment=BASE_URL=" + url
                + "\nExecStart=/srv/zeta/venv/bin/gunicorn --bind 127.0.0.1:8001 zeta.wsgi\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/multi-user.target.wants/zeta.service", "[Service]\nWorkingDirectory=/srv/zeta\nEnvironment=BASE_URL=" + url
                + "\nExecStart=/srv/zeta/venv/bin/gunicorn --bind 127.0.0.1:8001 zeta.wsgi\n\n[Install]\nWantedBy=multi-user.target\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Matches(expected + @"( \[\*\])? proxy_pass http://127\.0\.0\.1:8000", output.Stdout);
    }
}
