using ConfLint.Tests.Host;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's tie through an application's name: an upstream named for the application a unit is named for
/// (<c>upstream paperless</c>, <c>paperless-webserver.service</c>) proves the target missing (error) only where no other
/// back end on the host is named for that application; a server name's label is matched whole only. Names with a role after
/// the application's on both sides (<c>upstream funkwhale-api</c>, <c>funkwhale-server.service</c>), a site file named for
/// the application, and a unit's environment that names the site (its server name, a folder it serves) tie too.</summary>
public class ApplicationNameTieTests
{
    private static string Lint(string upstream, string serverName, params (string Unit, int Port)[] units)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", $"events {{}}\nhttp {{\n    upstream {upstream} {{\n        server 127.0.0.1:8010;\n    }}\n    server {{\n        listen 80;\n        server_name {serverName};\n        location / {{\n            proxy_pass http://{upstream};\n        }}\n    }}\n}}\n");
        foreach (var (unit, port) in units)
        {
            tree.Service(unit, $"/srv/app/venv/bin/granian --interface asgi --port {port} app:app", "Restart=on-failure");
        }

        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Theory]
    [InlineData("paperless", "paperless-webserver.service")]
    [InlineData("paperless", "paperless_web.service")]
    [InlineData("shop_api", "shop-api-granian.service")]
    public void An_upstream_named_for_the_units_application_ties_it(string upstream, string unit)
    {
        var report = Lint(upstream, "docs.example.org", (unit, 8000));
        Assert.Contains("\"severity\": \"error\"", report, StringComparison.Ordinal);
        Assert.Contains($"'{upstream}' names the application it is named for", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_back_ends_named_for_the_application_leave_it_untied()
    {
        var report = Lint("shop", "www.example.org", ("shop-web.service", 8000), ("shop-api.service", 8001));
        Assert.Contains("\"severity\": \"info\"", report, StringComparison.Ordinal);
        Assert.DoesNotContain("\"severity\": \"error\"", report, StringComparison.Ordinal);
    }

    [Theory]
    // A server name's label names no application by its prefix.
    [InlineData("backend", "api.example.org", "api-gateway.service")]
    // A part in the middle of the unit's name is not the application it is named for.
    [InlineData("web", "www.example.org", "shop-web.service")]
    public void Other_names_tie_nothing(string upstream, string serverName, string unit)
    {
        var report = Lint(upstream, serverName, (unit, 8000));
        Assert.Contains("\"severity\": \"info\"", report, StringComparison.Ordinal);
        Assert.DoesNotContain("\"severity\": \"error\"", report, StringComparison.Ordinal);
    }

    [Theory]
    // Funkwhale's own names: deploy/nginx.template's upstream and deploy/funkwhale-server.service.
    [InlineData("funkwhale-api", "funkwhale-server.service")]
    [InlineData("shop_backend", "shop-web.service")]
    [InlineData("ledger-app", "ledger_gunicorn.service")]
    public void An_upstream_and_a_unit_named_for_one_application_with_roles_tie(string upstream, string unit)
    {
        var report = Lint(upstream, "docs.example.org", (unit, 8000));
        Assert.Contains("\"severity\": \"error\"", report, StringComparison.Ordinal);
        Assert.Contains("are both named for the application", report, StringComparison.Ordinal);
    }

    [Theory]
    // A stem too common to name an application.
    [InlineData("app-api", "app-server.service")]
    [InlineData("web-backend", "web-app.service")]
    // The unit's part after the stem is no role (an exporter, a worker).
    [InlineData("funkwhale-api", "funkwhale-exporter.service")]
    // The upstream's part after the stem is no role.
    [InlineData("funkwhale-media", "funkwhale-server.service")]
    public void Roles_of_a_common_stem_or_parts_that_are_no_role_tie_nothing(string upstream, string unit)
    {
        var report = Lint(upstream, "docs.example.org", (unit, 8000));
        Assert.Contains("\"severity\": \"info\"", report, StringComparison.Ordinal);
        Assert.DoesNotContain("\"severity\": \"error\"", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_back_ends_with_roles_of_the_application_leave_it_untied()
    {
        var report = Lint("funkwhale-api", "docs.example.org", ("funkwhale-server.service", 8000), ("funkwhale-web.service", 8001));
        Assert.Contains("\"severity\": \"info\"", report, StringComparison.Ordinal);
        Assert.DoesNotContain("\"severity\": \"error\"", report, StringComparison.Ordinal);
    }

    /// <summary>A site in sites-enabled/<paramref name="siteFile"/> whose upstream names nothing, serving
    /// <paramref name="root"/>, before one unit on port 8000 that reads <paramref name="environment"/> through
    /// <c>EnvironmentFile=</c>.</summary>
    private static string LintSite(string siteFile, string unit, string serverName, string root, string environment)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write($"etc/nginx/sites-enabled/{siteFile}", $"upstream backend {{\n    server 127.0.0.1:8010;\n}}\nserver {{\n    listen 80;\n    server_name {serverName};\n    root {root};\n    location /api/ {{\n        proxy_pass http://backend;\n    }}\n}}\n")
            .Write("srv/app/config/.env", environment)
            .Service(unit, "/srv/app/venv/bin/granian --interface asgi --port 8000 app:app", "Restart=on-failure", "EnvironmentFile=/srv/app/config/.env");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Fact]
    public void A_site_file_named_for_the_application_of_a_unit_with_a_role_ties_it()
    {
        var report = LintSite("funkwhale.conf", "funkwhale-server.service", "docs.example.org", "/var/www/html", "X=1\n");
        Assert.Contains("\"severity\": \"error\"", report, StringComparison.Ordinal);
        Assert.Contains("its file funkwhale.conf is named for the application 'funkwhale'", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FUNKWHALE_HOSTNAME=tunes.example.org\n", "/var/www/html", "FUNKWHALE_HOSTNAME=tunes.example.org, the server's name")]
    [InlineData("FUNKWHALE_FRONTEND_PATH=/srv/funkwhale/front/dist\n", "/srv/funkwhale/front/dist", "and the server serves /srv/funkwhale/front/dist")]
    [InlineData("APP_HOME=/srv/funkwhale\n", "/srv/funkwhale/front/dist/", "APP_HOME=/srv/funkwhale, and the server serves")]
    public void A_units_environment_that_names_the_site_ties_it(string environment, string root, string said)
    {
        var report = LintSite("default", "ledger.service", "tunes.example.org", root, environment);
        Assert.Contains("\"severity\": \"error\"", report, StringComparison.Ordinal);
        Assert.Contains(said, report, StringComparison.Ordinal);
    }

    [Theory]
    // Another name, a part of the name, localhost, a stock root, a shared folder: nothing.
    [InlineData("HOST=www.example.org\n", "/srv/funkwhale/front/dist")]
    [InlineData("DOMAIN=example.org\n", "/srv/funkwhale/front/dist")]
    [InlineData("HOST=localhost\n", "/srv/funkwhale/front/dist")]
    [InlineData("DOCUMENT_ROOT=/var/www/html\n", "/var/www/html")]
    [InlineData("DATA=/srv\n", "/srv/funkwhale/front/dist")]
    public void An_environment_that_does_not_name_the_site_ties_nothing(string environment, string root)
    {
        var report = LintSite("default", "ledger.service", "tunes.example.org", root, environment);
        Assert.Contains("\"severity\": \"info\"", report, StringComparison.Ordinal);
        Assert.DoesNotContain("\"severity\": \"error\"", report, StringComparison.Ordinal);
    }
}
