using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>Debian's uwsgi package: a target <c>/run/uwsgi/app/NAME/socket</c> names the application the init script
/// starts for <c>apps-enabled/NAME.ini</c> (CL001's tie), and the applications run from the SysV script, whose generated
/// unit never restarts them (CL007).</summary>
public class DebianUwsgiTargetTests
{
    private const string InitScript = "#!/bin/bash\n### BEGIN INIT INFO\n# Provides:          uwsgi\n# Default-Start:     2 3 4 5\n### END INIT INFO\nDAEMON=/usr/bin/uwsgi\n";

    private static TempTree Tree(string app)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name l10n.example.net;\n        location / {\n            include uwsgi_params;\n            uwsgi_pass unix:///run/uwsgi/app/" + app + "/socket;\n        }\n    }\n}\n")
            .Write("etc/nginx/uwsgi_params", "uwsgi_param QUERY_STRING $query_string;\n");
        return tree;
    }

    private static TempTree App(TempTree tree, string file) =>
        tree.Write(file, "[uwsgi]\nplugins = python3\nmodule = app.wsgi\n");

    private static string? Applicability(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("applicability").GetString() : null;

    [Fact]
    public void The_one_enabled_application_named_for_the_target_is_meant_with_a_safe_fix()
    {
        using var tree = App(Tree("weblate"), "etc/uwsgi/apps-enabled/weblate.uwsgi.ini");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal("safe", Applicability(finding));
        var fix = finding.GetProperty("fix");
        Assert.Contains("weblate.uwsgi.ini is the only enabled application named for 'weblate'", fix.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("unix:/run/uwsgi/app/weblate.uwsgi/socket", fix.GetProperty("edits")[0].GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("weblate-web.ini")]
    [InlineData("weblate_web.xml")]
    public void A_name_followed_by_a_dash_or_underscore_is_named_for_it(string file)
    {
        using var tree = file.EndsWith(".xml", StringComparison.Ordinal)
            ? Tree("weblate").Write("etc/uwsgi/apps-enabled/" + file, "<uwsgi>\n  <module>app.wsgi</module>\n</uwsgi>\n")
            : App(Tree("weblate"), "etc/uwsgi/apps-enabled/" + file);
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal("safe", Applicability(finding));
    }

    [Fact]
    public void The_only_application_of_another_name_is_meant_but_the_fix_is_not_safe()
    {
        using var tree = App(Tree("blog"), "etc/uwsgi/apps-enabled/wiki.ini");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal("unsafe", Applicability(finding));
        Assert.Contains("wiki.ini is the only application it starts", finding.GetProperty("fix").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_applications_named_for_the_target_leave_it_at_info()
    {
        using var tree = App(App(Tree("weblate"), "etc/uwsgi/apps-enabled/weblate.uwsgi.ini"), "etc/uwsgi/apps-enabled/weblate-api.ini");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("info", finding.GetProperty("severity").GetString());
    }

    [Fact]
    public void Two_applications_named_otherwise_leave_it_at_info()
    {
        using var tree = App(App(Tree("blog"), "etc/uwsgi/apps-enabled/wiki.ini"), "etc/uwsgi/apps-enabled/shop.ini");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("info", finding.GetProperty("severity").GetString());
    }

    /// <summary>A name that merely begins the same (weblatex) is no application named for 'weblate'; with a second
    /// application the target is untied.</summary>
    [Fact]
    public void A_longer_name_without_a_separator_is_not_named_for_it()
    {
        using var tree = App(App(Tree("weblate"), "etc/uwsgi/apps-enabled/weblatex.ini"), "etc/uwsgi/apps-enabled/shop.ini");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("info", finding.GetProperty("severity").GetString());
    }

    [Fact]
    public void An_application_only_in_apps_available_is_said_to_be_not_enabled()
    {
        using var tree = App(App(Tree("blog"), "etc/uwsgi/apps-enabled/wiki.ini"), "etc/uwsgi/apps-available/blog.ini");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Contains("/etc/uwsgi/apps-available/blog.ini is not enabled", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("display-only", Applicability(finding));
    }

    /// <summary>With nothing in apps-enabled the root may be a role's files, whose deployment makes the links: info.</summary>
    [Fact]
    public void An_application_not_enabled_in_a_tree_without_apps_enabled_is_info()
    {
        using var tree = App(Tree("blog"), "etc/uwsgi/apps-available/blog.ini");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("info", finding.GetProperty("severity").GetString());
        Assert.Contains("is not enabled", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_application_reached_from_the_sysv_script_is_never_restarted()
    {
        using var tree = App(Tree("weblate"), "etc/uwsgi/apps-enabled/weblate.ini").Write("etc/init.d/uwsgi", InitScript);
        var finding = Assert.Single(Findings(tree, "CL007"));
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal("etc/init.d/uwsgi", finding.GetProperty("path").GetString());
        Assert.Contains("RemainAfterExit=yes", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("display-only", Applicability(finding));
        Assert.True(finding.GetProperty("fix").GetProperty("edits").GetArrayLength() == 0);
    }

    /// <summary>The meant application (CL001's tie) counts as reached.</summary>
    [Fact]
    public void The_application_a_broken_target_is_meant_for_counts_as_reached()
    {
        using var tree = App(Tree("weblate"), "etc/uwsgi/apps-enabled/weblate.uwsgi.ini").Write("etc/init.d/uwsgi", InitScript);
        var finding = Assert.Single(Findings(tree, "CL007"));
        Assert.Contains("is meant to reach uwsgi application 'weblate.uwsgi'", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("etc/systemd/system/uwsgi.service")]
    [InlineData("lib/systemd/system/uwsgi.service")]
    public void A_native_unit_of_the_same_name_takes_the_scripts_place(string unit)
    {
        using var tree = App(Tree("weblate"), "etc/uwsgi/apps-enabled/weblate.ini").Write("etc/init.d/uwsgi", InitScript)
            .Write(unit, "[Service]\nExecStart=/usr/bin/uwsgi --emperor /etc/uwsgi/vassals\nRestart=on-failure\n");
        Assert.DoesNotContain(Findings(tree, "CL007"), f => f.GetProperty("path").GetString() == "etc/init.d/uwsgi");
    }

    [Fact]
    public void Without_the_script_in_the_root_nothing_is_said()
    {
        using var tree = App(Tree("weblate"), "etc/uwsgi/apps-enabled/weblate.ini");
        Assert.Empty(Findings(tree, "CL007"));
    }

    [Fact]
    public void Only_the_reached_application_is_named()
    {
        using var tree = App(App(Tree("weblate"), "etc/uwsgi/apps-enabled/weblate.ini"), "etc/uwsgi/apps-enabled/other.ini").Write("etc/init.d/uwsgi", InitScript);
        var finding = Assert.Single(Findings(tree, "CL007"));
        Assert.Contains("uwsgi application 'weblate'", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("'other'", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Applications_no_front_end_reaches_are_not_judged()
    {
        using var tree = App(App(Tree("blog"), "etc/uwsgi/apps-enabled/wiki.ini"), "etc/uwsgi/apps-enabled/shop.ini").Write("etc/init.d/uwsgi", InitScript);
        Assert.Empty(Findings(tree, "CL007"));
    }
}
