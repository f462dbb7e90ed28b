using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Cli;

/// <summary>Inline suppressions: on the line, alone on the line before, for the whole file; and unused ones reported.</summary>
public class SuppressionTests
{
    private static List<string> Findings(TempTree tree)
    {
        using var json = JsonDocument.Parse(CliRunner.Run("lint", "--root", tree.Root, "--format", "json").Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("code").GetString()} {d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}")
            .ToList();
    }

    private static TempTree Demo() => new TempTree().CopyFrom(Repository.Fixture("demo"));

    [Fact]
    public void A_comment_on_the_line_silences_that_code_there()
    {
        using var tree = Demo();
        var path = tree.Path("etc/nginx/sites-enabled/api.conf");
        File.WriteAllText(path, File.ReadAllText(path).Replace("proxy_buffer_size 4k;", "proxy_buffer_size 4k; # conflint: ignore CL005 -- measured: headers under 1k"));
        var findings = Findings(tree);
        Assert.DoesNotContain("CL005 etc/nginx/sites-enabled/api.conf:15", findings);
        Assert.Contains("CL006 etc/nginx/sites-enabled/api.conf:19", findings);
        Assert.DoesNotContain(findings, f => f.StartsWith("CL017", StringComparison.Ordinal));
    }

    [Fact]
    public void A_comment_alone_on_the_line_before_silences_the_next_line_only()
    {
        using var tree = Demo();
        var path = tree.Path("etc/nginx/sites-enabled/api.conf");
        File.WriteAllText(path, File.ReadAllText(path).Replace("    location /partners/ {\n", "    location /partners/ {\n        # conflint: ignore proxy-hostname-without-resolver -- fixed IP behind the name\n"));
        var findings = Findings(tree);
        Assert.DoesNotContain(findings, f => f.StartsWith("CL004", StringComparison.Ordinal));
        Assert.Contains("CL005 etc/nginx/sites-enabled/api.conf:15", findings);
    }

    [Fact]
    public void Ignore_file_silences_a_code_in_the_whole_file_and_a_stale_one_is_reported()
    {
        using var tree = Demo();
        var pool = tree.Path("etc/php/8.2/fpm/pool.d/www.conf");
        File.WriteAllText(pool, "; conflint: ignore-file CL008 -- the shop gets its own VM next month\n; conflint: ignore-file CL003\n" + File.ReadAllText(pool));
        var findings = Findings(tree);
        Assert.DoesNotContain(findings, f => f.StartsWith("CL008", StringComparison.Ordinal));
        Assert.Contains("CL017 etc/php/8.2/fpm/pool.d/www.conf:2", findings);
    }

    [Fact]
    public void A_suppression_in_a_string_is_not_a_comment()
    {
        using var tree = Demo();
        var path = tree.Path("etc/nginx/sites-enabled/api.conf");
        File.WriteAllText(path, File.ReadAllText(path).Replace("proxy_buffer_size 4k;", "proxy_buffer_size 4k; add_header X-Note \"conflint: ignore CL005 -- not a comment\";"));
        Assert.Contains("CL005 etc/nginx/sites-enabled/api.conf:15", Findings(tree));
    }
}
