using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Cli;

/// <summary>The outside contract (../shared/CONTRACT.md): exit codes, the JSON report, gating options, settings errors.</summary>
public class ContractTests
{
    private static string Demo => Repository.Fixture("demo");

    [Fact]
    public void Json_report_has_the_contract_shape()
    {
        var output = CliRunner.Run("lint", "--root", Demo, "--format", "json");
        Assert.Equal(1, output.ExitCode);
        using var json = JsonDocument.Parse(output.Stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Contains(root.GetProperty("files").EnumerateArray(), f =>
            f.GetProperty("path").GetString() == "etc/nginx/nginx.conf" && f.GetProperty("kind").GetString() == "nginx");
        var cl001 = Assert.Single(root.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "CL001");
        Assert.Equal("backend-endpoint-mismatch", cl001.GetProperty("rule").GetString());
        Assert.Equal("error", cl001.GetProperty("severity").GetString());
        Assert.Equal("etc/nginx/sites-enabled/shop.conf", cl001.GetProperty("path").GetString());
        Assert.Equal((16, 22, 16, 51), (cl001.GetProperty("line").GetInt32(), cl001.GetProperty("column").GetInt32(), cl001.GetProperty("endLine").GetInt32(), cl001.GetProperty("endColumn").GetInt32()));
        Assert.Equal("fastcgi_pass unix:/run/php/php8.1-fpm.sock: no PHP-FPM pool listens there (PHP 8.2 pool 'www' listens on /run/php/php8.2-fpm.sock)",
            cl001.GetProperty("message").GetString());
        var related = cl001.GetProperty("related")[0];
        Assert.Equal("etc/php/8.2/fpm/pool.d/www.conf", related.GetProperty("path").GetString());
        Assert.Equal(6, related.GetProperty("line").GetInt32());
        Assert.Equal("PHP 8.2 pool 'www' listens here", related.GetProperty("message").GetString());
        Assert.True(cl001.TryGetProperty("fix", out _));
        foreach (var diagnostic in root.GetProperty("diagnostics").EnumerateArray())
        {
            Assert.Equal(
                ["code", "rule", "severity", "path", "line", "column", "endLine", "endColumn", "message", "related", "fix"],
                diagnostic.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public void Json_fixes_carry_their_edits_and_applying_them_is_what_fix_writes()
    {
        using var json = JsonDocument.Parse(CliRunner.Run("lint", "--root", Demo, "--format", "json").Stdout);
        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        var fix = diagnostics.Single(d => d.GetProperty("code").GetString() == "CL001").GetProperty("fix");
        Assert.Equal(["applicability", "description", "edits"], fix.EnumerateObject().Select(p => p.Name));
        Assert.Equal("safe", fix.GetProperty("applicability").GetString());
        var edit = Assert.Single(fix.GetProperty("edits").EnumerateArray());
        Assert.Equal(["path", "line", "column", "endLine", "endColumn", "content"], edit.EnumerateObject().Select(p => p.Name));
        Assert.Equal("etc/nginx/sites-enabled/shop.conf", edit.GetProperty("path").GetString());
        Assert.Equal((16, 22, 16, 51), (edit.GetProperty("line").GetInt32(), edit.GetProperty("column").GetInt32(), edit.GetProperty("endLine").GetInt32(), edit.GetProperty("endColumn").GetInt32()));
        Assert.Equal("unix:/run/php/php8.2-fpm.sock", edit.GetProperty("content").GetString());

        // An editor applying the range gets what `conflint fix` writes.
        using var tree = new TempTree().CopyFrom(Demo);
        var lines = File.ReadAllLines(tree.Path("etc/nginx/sites-enabled/shop.conf"));
        var line = lines[15];
        lines[15] = line[..21] + edit.GetProperty("content").GetString() + line[50..];
        var fixRun = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(fixRun.ExitCode is 0 or 1, fixRun.Stderr);
        Assert.Equal(string.Join("\n", lines) + "\n", tree.Read("etc/nginx/sites-enabled/shop.conf"));

        // A created file: its whole content at 1:1.
        var dropIn = diagnostics.Single(d => d.GetProperty("path").GetString() == "lib/systemd/system/php8.2-fpm.service").GetProperty("fix");
        var created = Assert.Single(dropIn.GetProperty("edits").EnumerateArray());
        Assert.Equal("etc/systemd/system/php8.2-fpm.service.d/restart.conf", created.GetProperty("path").GetString());
        Assert.Equal((1, 1, 1, 1), (created.GetProperty("line").GetInt32(), created.GetProperty("column").GetInt32(), created.GetProperty("endLine").GetInt32(), created.GetProperty("endColumn").GetInt32()));
        Assert.Equal("[Service]\nRestart=on-failure\nRestartSec=5s\n", created.GetProperty("content").GetString());
    }

    [Fact]
    public void Exit_code_is_0_without_findings_at_or_above_fail_on_and_1_with()
    {
        Assert.Equal(0, CliRunner.Run("lint", "--root", Repository.Fixture("CL001", "good-matching-socket"), "--select", "CL001").ExitCode);
        Assert.Equal(1, CliRunner.Run("lint", "--root", Demo).ExitCode);
        Assert.Equal(1, CliRunner.Run("lint", "--root", Demo, "--fail-on", "error").ExitCode);
        Assert.Equal(0, CliRunner.Run("lint", "--root", Demo, "--fail-on", "error", "--select", "CL005,CL007").ExitCode);
        var infoOnly = Repository.Fixture("CL017", "bad-stale-suppression");
        Assert.Equal(0, CliRunner.Run("lint", "--root", infoOnly).ExitCode);
        Assert.Equal(1, CliRunner.Run("lint", "--root", infoOnly, "--fail-on", "info").ExitCode);
    }

    [Theory]
    [InlineData("lint", "--format", "xml")]
    [InlineData("lint", "--fail-on", "fatal")]
    [InlineData("lint", "--select", "CL999")]
    [InlineData("lint", "--ignore", "no-such-rule")]
    [InlineData("lint", "--no-such-option")]
    [InlineData("lint", "fixtures/does-not-exist")]
    [InlineData("lint", "--root", "fixtures/does-not-exist")]
    [InlineData("rules", "CL999")]
    [InlineData("parse", "fixtures/does-not-exist.conf")]
    [InlineData("parse", "fixtures/syntax/nginx/shop.conf", "--format", "yaml")]
    [InlineData("frobnicate")]
    public void Usage_errors_and_unreadable_input_exit_2_with_a_message(params string[] args)
    {
        var output = CliRunner.Run(args);
        Assert.Equal(2, output.ExitCode);
        Assert.StartsWith("conflint: ", output.Stderr);
    }

    [Fact]
    public void Select_and_ignore_take_codes_and_slugs()
    {
        string Codes(params string[] args)
        {
            using var json = JsonDocument.Parse(CliRunner.Run(["lint", "--root", Demo, "--format", "json", .. args]).Stdout);
            return string.Join(",", json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()).Distinct().Order());
        }

        var all = Codes().Split(',');
        Assert.Subset(all.ToHashSet(), new HashSet<string> { "CL003", "CL005", "CL007" });
        Assert.Equal("CL003,CL005", Codes("--select", "fpm-socket-permissions,CL005"));
        Assert.Equal(string.Join(",", all.Except(["CL005", "CL007"])), Codes("--ignore", "CL005,missing-restart-policy"));
    }

    [Fact]
    public void A_broken_file_is_CL000_and_the_other_files_are_still_linted()
    {
        using var tree = new TempTree().CopyFrom(Demo);
        File.WriteAllText(tree.Path("etc/nginx/sites-enabled/blog.conf"), "server {\n    listen 80\n}\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json");
        Assert.Equal(1, output.ExitCode);
        using var json = JsonDocument.Parse(output.Stdout);
        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        var syntax = Assert.Single(diagnostics, d => d.GetProperty("code").GetString() == "CL000");
        Assert.Equal("etc/nginx/sites-enabled/blog.conf", syntax.GetProperty("path").GetString());
        Assert.Equal(3, syntax.GetProperty("line").GetInt32());
        Assert.Contains(diagnostics, d => d.GetProperty("code").GetString() == "CL001");
    }

    [Fact]
    public void Parse_prints_the_tree_the_source_or_the_error()
    {
        var file = "fixtures/syntax/nginx/crlf-tabs.conf";
        var source = CliRunner.Run("parse", file, "--format", "source");
        Assert.Equal(0, source.ExitCode);
        Assert.Equal(File.ReadAllBytes(Repository.Fixture("syntax", "nginx", "crlf-tabs.conf")), source.StdoutBytes);

        var json = CliRunner.Run("parse", file);
        Assert.Equal(0, json.ExitCode);
        using var tree = JsonDocument.Parse(json.Stdout);
        Assert.Equal("user", tree.RootElement[0].GetProperty("directive").GetString());

        var broken = CliRunner.Run("parse", "fixtures/syntax/nginx/errors/missing-semicolon.conf");
        Assert.Equal(1, broken.ExitCode);
        Assert.Equal("fixtures/syntax/nginx/errors/missing-semicolon.conf:4:5: expected ';' or '{' after 'proxy_pass http://app'\n", broken.Stderr);

        var missing = CliRunner.Run("parse", "fixtures/nope.conf");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("conflint: cannot read 'fixtures/nope.conf': no such file\n", missing.Stderr);
    }

    [Fact]
    public void Rules_lists_every_code_and_explains_one()
    {
        var list = CliRunner.Run("rules");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(ConfLint.Catalog.RuleCatalog.Rules.Select(r => r.Code), list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));

        var one = CliRunner.Run("rules", "fpm-socket-permissions");
        Assert.Equal(0, one.ExitCode);
        Assert.StartsWith("CL003 fpm-socket-permissions: ", one.Stdout);
        Assert.Contains("Why it leads to 502:", one.Stdout);
        Assert.Contains("13: Permission denied", one.Stdout);
        Assert.Equal(one.Stdout, CliRunner.Run("rules", "cl003").Stdout);
    }
}
