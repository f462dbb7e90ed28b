using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.RealConfigs;

/// <summary>
/// What ConfLint says about the trees Debian's nginx-full, apache2, php8.2-fpm and systemd packages install,
/// copied under one root (the README explains each finding): golden files, so that a rule that fires on a stock
/// install is reviewed there. Skips where the packages are absent; under CI, which installs them, it must not.
/// </summary>
public class StockDebianTests
{
    private static readonly string[] Folders = ["/etc/nginx", "/etc/apache2", "/etc/php/8.2/fpm", "/lib/systemd/system"];

    private static TempTree StockRoot()
    {
        var missing = Folders.Where(f => !Directory.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            Assert.False(Repository.IsCI, $"{string.Join(", ", missing)} missing under CI: .ci/run must install nginx-full, apache2, php8.2-fpm and systemd");
            Assert.Skip($"{string.Join(", ", missing)} not on this machine (install nginx-full, apache2, php8.2-fpm and systemd)");
        }

        var tree = new TempTree();
        tree.CopyHostFolder("/etc/nginx", "etc/nginx")
            .CopyHostFolder("/etc/apache2", "etc/apache2")
            .CopyHostFolder("/etc/php/8.2/fpm", "etc/php/8.2/fpm")
            .CopyHostFolder("/lib/systemd/system", "lib/systemd/system");
        if (Directory.Exists("/etc/systemd/system"))
        {
            tree.CopyHostFolder("/etc/systemd/system", "etc/systemd/system");
        }

        return tree;
    }

    private static List<string> Findings(TempTree tree) => Report(tree).Select(d => d.Finding).ToList();

    /// <summary>Each finding as <c>CODE path:line</c>, and as the golden file shows it, with column, severity and message.</summary>
    private static List<(string Finding, string Line)> Report(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (
                $"{d.GetProperty("code").GetString()} {d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}",
                $"{d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}:{d.GetProperty("column").GetInt32()}: {d.GetProperty("severity").GetString()} {d.GetProperty("code").GetString()} {d.GetProperty("message").GetString()}\n"))
            .ToList();
    }

    private static int LineOf(TempTree tree, string relative, string startsWith) =>
        File.ReadAllLines(tree.Path(relative)).Select((l, i) => (l, i)).First(x => x.l.TrimStart().StartsWith(startsWith, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void As_installed_nothing_is_reported_php_fpm_serves_no_site_yet()
    {
        // php8.2-fpm.service has no Restart=, but no site reaches PHP-FPM until one is configured: CL007 waits for that.
        using var tree = StockRoot();
        var report = Report(tree);
        Golden.Verify("stock-debian", string.Concat(report.Select(d => d.Line)));
        Assert.DoesNotContain(report, d => d.Finding.StartsWith("CL007", StringComparison.Ordinal));
    }

    [Fact]
    public void Uncommenting_the_default_sites_php_block_meets_the_old_php_socket()
    {
        using var tree = StockRoot();
        var site = tree.Path("etc/nginx/sites-available/default");
        var lines = File.ReadAllLines(site).ToList();
        var start = lines.FindIndex(l => l.Contains("#location ~ \\.php$ {", StringComparison.Ordinal));
        var pass = lines.FindIndex(start, l => l.Contains("#\tfastcgi_pass unix:", StringComparison.Ordinal));
        var end = lines.FindIndex(pass, l => l.Trim() == "#}");
        Assert.True(start > 0 && pass > start && end > pass, "the default site's PHP block has moved");
        lines[start] = lines[start].Replace("#location", "location", StringComparison.Ordinal);
        lines[start + 1] = lines[start + 1].Replace("#\tinclude", "\tinclude", StringComparison.Ordinal);
        lines[pass] = lines[pass].Replace("#\tfastcgi_pass", "\tfastcgi_pass", StringComparison.Ordinal);
        lines[end] = lines[end].Replace("#}", "}", StringComparison.Ordinal);
        File.WriteAllLines(site, lines);

        var report = Report(tree);
        Golden.Verify("stock-debian-php-block", string.Concat(report.Select(d => d.Line)));
        var findings = report.Select(d => d.Finding).ToList();
        Assert.Contains($"CL001 etc/nginx/sites-enabled/default:{pass + 1}", findings);

        // nginx's default buffer size is no finding (issue 9), and Debian's snippet brings SCRIPT_FILENAME through fastcgi.conf.
        Assert.DoesNotContain(findings, f => f.StartsWith("CL005", StringComparison.Ordinal) || f.StartsWith("CL014", StringComparison.Ordinal));
        var execStart = LineOf(tree, "lib/systemd/system/php8.2-fpm.service", "ExecStart=");
        Assert.Contains($"CL007 lib/systemd/system/php8.2-fpm.service:{execStart}", findings);

        // Debian's own php-fpm.sock link (php-fpm-socket-helper in php8.2-fpm.service) reaches the www pool.
        lines[pass] = "\t\tfastcgi_pass unix:/run/php/php-fpm.sock;";
        File.WriteAllLines(site, lines);
        Assert.DoesNotContain(Findings(tree), f => f.StartsWith("CL001", StringComparison.Ordinal));
    }

    [Fact]
    public void Enabling_php_fpm_in_apache_the_debian_way_reaches_the_pool()
    {
        using var tree = StockRoot();
        foreach (var module in new[] { "proxy", "proxy_fcgi", "setenvif" })
        {
            foreach (var suffix in new[] { ".load", ".conf" })
            {
                if (File.Exists(tree.Path($"etc/apache2/mods-available/{module}{suffix}")) && !File.Exists(tree.Path($"etc/apache2/mods-enabled/{module}{suffix}")))
                {
                    tree.Link($"etc/apache2/mods-enabled/{module}{suffix}", $"../mods-available/{module}{suffix}");
                }
            }
        }

        tree.Link("etc/apache2/conf-enabled/php8.2-fpm.conf", "../conf-available/php8.2-fpm.conf");
        var findings = Findings(tree);
        Assert.DoesNotContain(findings, f => f.StartsWith("CL001", StringComparison.Ordinal) || f.StartsWith("CL003", StringComparison.Ordinal));

        var workspace = ConfLint.Workspace.WorkspaceLoader.Load(new ConfLint.Workspace.LoadOptions { Root = tree.Root });
        var host = ConfLint.Host.HostModelBuilder.Build(workspace, ConfLint.Configuration.ConfLintConfig.Empty);
        var handler = Assert.Single(host.FrontEnds, f => f.Daemon == ConfLint.Syntax.ConfigKind.Apache);
        Assert.Equal("SetHandler", handler.DirectiveName);
        Assert.Equal("www-data", handler.Web.User);
        var pool = Assert.Single(host.Providers(handler.Targets[0].Endpoint));
        Assert.Equal("pool 'www'", pool.Name);
    }
}
