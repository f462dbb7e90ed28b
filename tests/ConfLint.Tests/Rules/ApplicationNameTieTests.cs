using ConfLint.Tests.Host;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's tie through an application's name: an upstream named for the application a unit is named for
/// (<c>upstream paperless</c>, <c>paperless-webserver.service</c>) proves the target missing (error) only where no other
/// back end on the host is named for that application; a server name's label is matched whole only.</summary>
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
}
