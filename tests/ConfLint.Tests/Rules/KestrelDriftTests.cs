using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 with ASP.NET Core applications read as Kestrel reads its configuration: a proxy on a port the application
/// does not listen on is an error; where the application's own appsettings.json replaces the unit's ASPNETCORE_URLS with
/// another application's port, the fix is not safe (the port the unit names may be the one meant, and the address is
/// contested); where the two sides meet, silence.</summary>
public class KestrelDriftTests
{
    private const string AspNetCore8 = "{ \"runtimeOptions\": { \"tfm\": \"net8.0\", \"frameworks\": [ { \"name\": \"Microsoft.NETCore.App\", \"version\": \"8.0.0\" }, { \"name\": \"Microsoft.AspNetCore.App\", \"version\": \"8.0.0\" } ] } }\n";

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    private static TempTree Site(TempTree tree, string name, int port) => tree
        .Write($"etc/nginx/conf.d/{name}.conf", $"server {{\n    listen 80;\n    server_name {name}.example.com;\n    location / {{\n        proxy_pass http://127.0.0.1:{port};\n        proxy_http_version 1.1;\n        proxy_set_header Host $host;\n    }}\n}}\n");

    private static TempTree App(TempTree tree, string name, string environment, string unit = "kestrel-") => tree
        .Write($"etc/systemd/system/{unit}{name}.service", $"[Service]\nWorkingDirectory=/var/www/{name}\nExecStart=/usr/bin/dotnet /var/www/{name}/{name}.dll\nRestart=always\nUser=www-data\nEnvironment=ASPNETCORE_ENVIRONMENT=Production\n{environment}")
        .Write($"var/www/{name}/{name}.runtimeconfig.json", AspNetCore8);

    private static TempTree Nginx() => new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n");

    /// <summary>reports.service and reports.example.com: the site's name ties the application to it.</summary>
    [Fact]
    public void A_proxy_left_on_the_old_port_is_a_drift_with_a_safe_fix_where_the_site_is_tied_to_the_application()
    {
        using var tree = Site(App(Nginx(), "reports", "Environment=ASPNETCORE_URLS=http://127.0.0.1:5002\n", unit: string.Empty), "reports", 5001);
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:5001: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("etc/systemd/system/reports.service:7:1: kestrel in service 'reports.service' listens here (Kestrel: ASPNETCORE_URLS=http://127.0.0.1:5002 in the environment)", output, StringComparison.Ordinal);
        Assert.Contains("help: Point proxy_pass at 127.0.0.1:5002", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(unsafe fix)", output, StringComparison.Ordinal);

        // Nothing ties kestrel-reports.service to reports.example.com: advice, at info.
        using var untied = Site(App(Nginx(), "reports", "Environment=ASPNETCORE_URLS=http://127.0.0.1:5002\n"), "reports", 5001);
        output = Lint(untied);
        Assert.Contains("info CL001", output, StringComparison.Ordinal);
        Assert.Contains("(advice: never applied automatically)", output, StringComparison.Ordinal);
    }

    /// <summary>The corpus root aspnetcore-kestrel-nginx in small: the supplier's appsettings.json names the portal's
    /// port, which replaces the unit's 5001.</summary>
    [Fact]
    public void Endpoints_in_appsettings_that_replace_the_units_URL_are_a_drift_without_a_safe_fix()
    {
        using var tree = Site(Site(App(App(Nginx(), "portal", string.Empty), "reports", "Environment=ASPNETCORE_URLS=http://127.0.0.1:5001\n"), "portal", 5000), "reports", 5001)
            .Write("var/www/reports/appsettings.json", "{\n  \"AllowedHosts\": \"*\",\n  \"Kestrel\": {\n    \"Endpoints\": {\n      \"Http\": {\n        \"Url\": \"http://localhost:5000\"\n      }\n    }\n  }\n}\n");
        var output = Lint(tree);
        Assert.Contains("error CL001", output, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://127.0.0.1:5001", output, StringComparison.Ordinal);
        Assert.Contains("var/www/reports/appsettings.json:6:9: kestrel in service 'kestrel-reports.service' listens here", output, StringComparison.Ordinal);
        Assert.Contains("help: Point proxy_pass at 127.0.0.1:5000", output, StringComparison.Ordinal);
        Assert.Contains("or make it listen on port 5001 as ASPNETCORE_URLS=http://127.0.0.1:5001 in the environment, which Kestrel:Endpoints replaces", output, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", output, StringComparison.Ordinal);
        // The portal's site is not judged (it reaches the portal, or the supplier when that started first): no finding is
        // at it; it is named only beside the two programs given one port (precision round 25).
        Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith("etc/nginx/conf.d/portal.conf", StringComparison.Ordinal));
        Assert.Contains("two programs cannot listen on one port", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Environment=ASPNETCORE_URLS=http://127.0.0.1:5001\n", "")]
    [InlineData("", "{ \"Kestrel\": { \"Endpoints\": { \"Http\": { \"Url\": \"http://127.0.0.1:5001\" } } } }\n")]
    [InlineData("Environment=Kestrel__Endpoints__Http__Url=http://127.0.0.1:5001\n", "{ \"Kestrel\": { \"Endpoints\": { \"Http\": { \"Url\": \"http://localhost:5000\" } } } }\n")]
    public void Kestrel_where_the_proxy_meets_it_is_silent(string environment, string appsettings)
    {
        using var tree = Site(App(Nginx(), "reports", environment), "reports", 5001);
        if (appsettings.Length > 0)
        {
            tree.Write("var/www/reports/appsettings.json", appsettings);
        }

        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }
}
