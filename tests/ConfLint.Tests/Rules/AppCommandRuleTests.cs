using System.Text.Json;
using ConfLint.Tests.Corpus;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 and CL006 on the corpus roots whose app servers are started through wrappers, Rails and artisan: Zulip's
/// <c>nice -n5 uv run --no-sync uwsgi --ini</c> (harakiri 300 against nginx's 60 s), Pixelfed's <c>php artisan
/// websockets:serve --port=2096</c> (nginx on 6001), Chatwoot's <c>bin/rails server -p $PORT</c> beside a Sidekiq unit
/// that copies <c>PORT=3000</c> (which no longer hides a drift of the web unit's port).</summary>
public sealed class AppCommandRuleTests
{
    private static TempTree Root(string name) => new TempTree().CopyFrom(Path.Combine(CorpusRoot.Corpus, name));

    private static List<(string Code, string Severity, string Where, string? Fix, string Message)> Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => (
            d.GetProperty("code").GetString()!, d.GetProperty("severity").GetString()!, $"{d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}",
            d.GetProperty("fix").ValueKind == JsonValueKind.Null ? null : d.GetProperty("fix").GetProperty("applicability").GetString(),
            d.GetProperty("message").GetString()!)).ToList();
    }

    [Fact]
    public void CL006_finds_harakiri_past_uwsgi_read_timeout_behind_nice_and_uv_run()
    {
        using var tree = Root("zulip-nginx-uwsgi-tornado");
        var finding = Assert.Single(Lint(tree), f => f.Code == "CL006");
        Assert.Equal(("warning", "etc/nginx/uwsgi_params:23", "safe"), (finding.Severity, finding.Where, finding.Fix));
        Assert.Contains("zulip-django", finding.Message, StringComparison.Ordinal);

        // Zulip's own 55 s under nginx's 60 s: nothing to say.
        tree.Write("etc/zulip/uwsgi.ini", tree.Read("etc/zulip/uwsgi.ini").Replace("harakiri=300", "harakiri=55", StringComparison.Ordinal));
        Assert.DoesNotContain(Lint(tree), f => f.Code == "CL006" && f.Severity != "info");
    }

    [Fact]
    public void CL001_finds_the_websocket_server_moved_to_another_port()
    {
        using var tree = Root("pixelfed-nginx-fpm-horizon");
        var finding = Assert.Single(Lint(tree), f => f.Code == "CL001");
        Assert.Equal(("error", "etc/nginx/sites-enabled/pixelfed.conf:40", "safe"), (finding.Severity, finding.Where, finding.Fix));
        Assert.Contains("127.0.0.1:2096", finding.Message, StringComparison.Ordinal);

        var output = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Contains("proxy_pass             http://127.0.0.1:2096;", tree.Read("etc/nginx/sites-available/pixelfed.conf"), StringComparison.Ordinal);
        Assert.DoesNotContain(Lint(tree), f => f.Code == "CL001");
    }

    [Fact]
    public void Rails_server_reaches_the_proxy_and_the_sidekiq_units_port_hides_no_drift()
    {
        using var tree = Root("chatwoot-puma-nginx");
        Assert.DoesNotContain(Lint(tree), f => f.Code == "CL001");

        // The web unit moved to 3001: the Sidekiq unit's PORT=3000 is no listener on 3000.
        var unit = "etc/systemd/system/chatwoot-web.1.service";
        tree.Write(unit, tree.Read(unit).Replace("PORT=3000", "PORT=3001", StringComparison.Ordinal));
        var finding = Assert.Single(Lint(tree), f => f.Code == "CL001");
        Assert.Equal("etc/nginx/sites-enabled/nginx_chatwoot.conf:25", finding.Where);
        Assert.Contains("0.0.0.0:3001", finding.Message, StringComparison.Ordinal);
    }
}
