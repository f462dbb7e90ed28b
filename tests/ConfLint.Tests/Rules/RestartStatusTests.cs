using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>CL007 reads SuccessExitStatus= and RestartPreventExitStatus= with Restart= (systemd's service_shall_restart), and
/// judges the unit of a program ConfLint does not read when its own command line names the front end's target and the
/// front end is named for it.</summary>
public class RestartStatusTests
{
    private const string Site = "user www-data;\nevents {}\nhttp {\n    upstream navidrome { server 127.0.0.1:4533; }\n    server {\n        listen 80;\n        server_name den.example.net;\n        location /music/ { proxy_pass http://navidrome; }\n    }\n}\n";

    private static TempTree Navidrome(string service) => new TempTree()
        .Write("etc/nginx/nginx.conf", Site)
        .Write("etc/navidrome/navidrome.toml", "Address = \"127.0.0.1\"\nPort = 4533\n")
        .Write("etc/systemd/system/navidrome.service", "[Service]\nExecStart=/usr/bin/navidrome \"service\" \"execute\" \"-c\" \"/etc/navidrome/navidrome.toml\"\nUser=navidrome\n" + service);

    private static List<JsonElement> Findings(TempTree tree) => JsonLint.Findings(tree, "CL007");

    private static (string? Applicability, string Description, string Content) Fix(JsonElement finding)
    {
        var fix = finding.GetProperty("fix");
        return (fix.GetProperty("applicability").GetString(), fix.GetProperty("description").GetString()!, fix.GetProperty("edits")[0].GetProperty("content").GetString()!);
    }

    [Fact]
    public void SuccessExitStatus_listing_crashes_beside_on_failure_is_a_warning_with_a_safe_drop_in()
    {
        using var tree = Navidrome("Restart=on-failure\nSuccessExitStatus=1 2 8 SIGKILL\nRestartSec=120\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(5, finding.GetProperty("line").GetInt32());
        Assert.Contains("SuccessExitStatus=1 2 8 SIGKILL counts a fatal error's exit status 1, exit status 2 (a Go panic or fatal runtime error) and SIGKILL", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        var (applicability, description, content) = Fix(finding);
        Assert.Equal("safe", applicability);
        Assert.Contains("keeping 8 and the clean stops", description, StringComparison.Ordinal);
        Assert.Equal("[Service]\nSuccessExitStatus=\nSuccessExitStatus=8\n", content);
    }

    [Theory]
    [InlineData("Restart=on-failure\nSuccessExitStatus=143\n")]
    [InlineData("Restart=on-failure\nSuccessExitStatus=0 143 SIGTERM\n")]
    [InlineData("Restart=always\nSuccessExitStatus=1 2 SIGKILL\n")]
    [InlineData("Restart=on-abnormal\nSuccessExitStatus=1\n")]
    [InlineData("Restart=on-failure\nSuccessExitStatus=1 SIGKILL\nRestartForceExitStatus=1 SIGKILL\n")]
    public void Statuses_that_hide_no_crash_leave_it_silent(string service)
    {
        using var tree = Navidrome(service);
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void Restart_on_abort_is_an_info_naming_the_oom_kill_it_does_not_restart_after_with_an_unsafe_fix()
    {
        using var tree = Navidrome("Restart=on-abort\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal("info", finding.GetProperty("severity").GetString());
        var message = finding.GetProperty("message").GetString()!;
        Assert.Contains("has Restart=on-abort: systemd starts it again after a crash by a signal, but not after an OOM kill", message, StringComparison.Ordinal);
        Assert.Contains("'oom-kill'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("after a crash, or an OOM kill", message, StringComparison.Ordinal);
        var (applicability, _, content) = Fix(finding);
        Assert.Equal("unsafe", applicability);
        Assert.Equal("on-failure", content);
    }

    [Fact]
    public void Restart_on_abort_with_OOMPolicy_continue_restarts_after_every_kill_and_is_left_alone()
    {
        using var tree = Navidrome("Restart=on-abort\nOOMPolicy=continue\n");
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void Restart_on_abort_with_a_crash_counted_clean_is_still_the_warning_of_the_hidden_crash()
    {
        using var tree = Navidrome("Restart=on-abort\nSuccessExitStatus=SIGKILL\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Contains("SuccessExitStatus=SIGKILL counts", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_assignment_in_a_drop_in_resets_the_list()
    {
        using var tree = Navidrome("Restart=on-failure\nSuccessExitStatus=1 2 8 SIGKILL\n")
            .Write("etc/systemd/system/navidrome.service.d/status.conf", "[Service]\nSuccessExitStatus=\nSuccessExitStatus=8\n");
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void The_fix_keeps_what_a_Java_service_lists_for_its_stop()
    {
        using var tree = Navidrome("Restart=on-failure\nSuccessExitStatus=143 1 SIGTERM\n");
        var (applicability, _, content) = Fix(Assert.Single(Findings(tree)));
        Assert.Equal("safe", applicability);
        Assert.Equal("[Service]\nSuccessExitStatus=\nSuccessExitStatus=143 SIGTERM\n", content);
    }

    [Fact]
    public void RestartPreventExitStatus_on_a_crash_is_reported_with_a_fix_to_review()
    {
        using var tree = Navidrome("Restart=always\nRestartPreventExitStatus=SIGSEGV 78\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Contains("forbids a restart after SIGSEGV", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        var (applicability, _, content) = Fix(finding);
        Assert.Equal("unsafe", applicability);
        Assert.Equal("[Service]\nRestartPreventExitStatus=\nRestartPreventExitStatus=78\n", content);
    }

    [Fact]
    public void A_word_systemd_would_not_take_leaves_it_unjudged()
    {
        using var tree = Navidrome("Restart=on-failure\nSuccessExitStatus=1 NOSUCH\n");
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void An_unread_service_named_for_the_front_end_at_its_exact_target_without_Restart_is_a_warning()
    {
        using var tree = Navidrome(string.Empty);
        var finding = Assert.Single(Findings(tree));
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Contains("has no Restart=", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("safe", Fix(finding).Applicability);
    }

    [Fact]
    public void An_unread_service_at_the_target_without_a_tie_by_name_stays_silent()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Site.Replace("navidrome", "music", StringComparison.Ordinal))
            .Write("etc/systemd/system/streamd.service", "[Service]\nExecStart=/usr/local/bin/streamd --listen=127.0.0.1:4533\n");
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void An_unread_service_named_for_the_front_end_elsewhere_stays_silent()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Site)
            .Write("etc/systemd/system/navidrome.service", "[Service]\nExecStart=/usr/bin/navidrome --port=4534\n");
        Assert.Empty(Findings(tree));
    }
}
