using System.Text.Json;
using ConfLint.Configuration;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Cli;

/// <summary><c>.conflint.yml</c>: what it changes, and the errors that name the file, line and key.</summary>
public class SettingsTests
{
    [Theory]
    [InlineData("hosts:\n  web1: [a/**]\nrulez:\n  CL005: off\n", "3:1: unknown key 'rulez': expected host, rules or hosts")]
    [InlineData("host:\n  memory: lots\n", "2:11: host.memory: 'lots' is not a size (write it like 16GiB, 512MiB, 8G)")]
    [InlineData("host:\n  memroy: 16GiB\n", "2:3: unknown key 'host.memroy': expected memory, web-user or nginx-version")]
    [InlineData("rules:\n  CL099: off\n", "2:3: unknown rule 'CL099' under rules: see `conflint rules`")]
    [InlineData("rules:\n  CL006: { min: soon }\n", "2:17: rules.CL006.min: 'soon' is not a duration (write it like 30s, 5m, 1h)")]
    [InlineData("rules:\n  CL005: { minimum: 16k }\n", "2:12: unknown option 'minimum' for CL005 (small-proxy-buffer): expected min, severity")]
    [InlineData("rules:\n  CL005: { severity: loud }\n", "2:22: rules.CL005.severity: 'loud' is not error, warning, info or off")]
    [InlineData("host: [\n", "2:1: not valid YAML")]
    public void Bad_settings_name_the_file_line_and_key(string yaml, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse("site/.conflint.yml", yaml));
        Assert.StartsWith("site/.conflint.yml:" + expected, error.Message);
    }

    [Fact]
    public void A_bad_settings_file_exits_2()
    {
        using var tree = new TempTree().CopyFrom(Repository.Fixture("demo"));
        File.WriteAllText(tree.Path(".conflint.yml"), "rules:\n  CL005: { min: huge }\n");
        var output = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Equal(2, output.ExitCode);
        Assert.Contains(".conflint.yml:2:17: rules.CL005.min: 'huge' is not a size", output.Stderr);
    }

    [Fact]
    public void Settings_change_options_severities_and_turn_rules_off()
    {
        using var tree = new TempTree().CopyFrom(Repository.Fixture("demo"));
        File.WriteAllText(tree.Path(".conflint.yml"), "host:\n  memory: 16GiB\nrules:\n  CL005: { min: 4k }\n  CL006: { severity: error }\n  CL007: off\n");
        using var json = JsonDocument.Parse(CliRunner.Run("lint", "--root", tree.Root, "--format", "json").Stdout);
        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.DoesNotContain(diagnostics, d => d.GetProperty("code").GetString() is "CL007");
        Assert.DoesNotContain(diagnostics, d => d.GetProperty("code").GetString() is "CL005");
        var timeouts = diagnostics.Where(d => d.GetProperty("code").GetString() == "CL006").ToList();
        Assert.NotEmpty(timeouts);
        Assert.All(timeouts, d => Assert.Equal("error", d.GetProperty("severity").GetString()));
    }

    [Fact]
    public void Config_option_points_at_another_file()
    {
        using var tree = new TempTree().CopyFrom(Repository.Fixture("CL008", "good-memory-unknown"));
        tree.Write("settings/conflint.yml", "host:\n  memory: 32GiB\n");
        var silent = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL008");
        Assert.Equal(0, silent.ExitCode);
        var configured = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL008", "--config", tree.Path("settings/conflint.yml"));
        Assert.Equal(1, configured.ExitCode);
        Assert.Contains("the host's 32 GiB", configured.Stdout);
    }

    [Fact]
    public void Hosts_keep_cross_file_rules_within_one_host()
    {
        using var tree = new TempTree();
        tree.CopyFrom(Repository.Fixture("CL001", "bad-php-version-socket"));
        Directory.CreateDirectory(tree.Path("hosts/web1"));
        Directory.Move(tree.Path("etc"), tree.Path("hosts/web1/etc"));
        Directory.Move(tree.Path("lib"), tree.Path("hosts/web1/lib"));
        foreach (var file in Directory.EnumerateFiles(Repository.Fixture("CL001", "good-matching-socket"), "*", SearchOption.AllDirectories))
        {
            var target = tree.Path("hosts/web2/" + Path.GetRelativePath(Repository.Fixture("CL001", "good-matching-socket"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // web2's pool listens on php8.2-fpm.sock; web1's nginx must not be satisfied by it.
        File.WriteAllText(tree.Path("hosts/web1/etc/php/8.2/fpm/pool.d/www.conf"), File.ReadAllText(tree.Path("hosts/web1/etc/php/8.2/fpm/pool.d/www.conf")).Replace("php8.2-fpm.sock", "php8.2-other.sock"));
        File.WriteAllText(tree.Path("hosts/web2/etc/php/8.2/fpm/pool.d/www.conf"), File.ReadAllText(tree.Path("hosts/web2/etc/php/8.2/fpm/pool.d/www.conf")).Replace("php8.2-fpm.sock", "php8.1-fpm.sock"));
        File.WriteAllText(tree.Path("hosts/web2/etc/nginx/sites-enabled/shop.conf"), File.ReadAllText(tree.Path("hosts/web2/etc/nginx/sites-enabled/shop.conf")).Replace("php8.2-fpm.sock", "php8.1-fpm.sock"));
        tree.Write(".conflint.yml", "hosts:\n  web1: [hosts/web1/**]\n  web2: [hosts/web2/**]\n");

        var output = CliRunner.RunIn(tree.Root, "lint", "--format", "json", "--select", "CL001");
        using var json = JsonDocument.Parse(output.Stdout);
        var diagnostic = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("hosts/web1/etc/nginx/sites-enabled/shop.conf", diagnostic.GetProperty("path").GetString());
        Assert.Contains("listens on /run/php/php8.2-other.sock", diagnostic.GetProperty("message").GetString());
    }
}
