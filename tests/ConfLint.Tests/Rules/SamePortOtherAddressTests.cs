using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 and a target at the port of a listener on another address: a back end that a front end reaches at one
/// of its listeners and that binds the target's port on another address (gunicorn bound to 127.0.0.1:8001 and
/// [::1]:8002, a second site sent to 127.0.0.1:8002; Tomcat's AJP connector on ::1, Apache's ProxyPass to
/// ajp://127.0.0.1:8009). A socket bound to one address takes no connection made to another, so the site gets 502: an
/// error, the fix to that listener's address safe where exactly one listener fits. Not where the target is a name, where
/// the port differs as well, where a front end reaches that port already, or where a program ConfLint does not read may
/// listen at the target.</summary>
public sealed class SamePortOtherAddressTests
{
    private const string Shop = "server {\n    listen 80;\n    server_name shop.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8001;\n    }\n}\n";

    private static string Api(string target) => "server {\n    listen 8443;\n    server_name api.example.net;\n    location / {\n        proxy_pass http://" + target + ";\n    }\n}\n";

    private static TempTree Gunicorn(string binds, string target) => new TempTree()
        .Write("etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/shop", Shop)
        .Write("etc/nginx/sites-enabled/api", Api(target))
        .Write("etc/systemd/system/shop.service", "[Service]\nUser=shop\nWorkingDirectory=/srv/shop\nExecStart=/srv/shop/venv/bin/gunicorn " + binds + " shop.wsgi\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
        .Link("etc/systemd/system/multi-user.target.wants/shop.service", "/etc/systemd/system/shop.service");

    private static IReadOnlyList<Diagnostic> Lint(TempTree tree) =>
        Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All).Diagnostics;

    private static (IReadOnlyList<Diagnostic> Findings, IReadOnlyList<string> Notes) LintWithNotes(TempTree tree)
    {
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All);
        return (result.Diagnostics, result.Notes);
    }

    private static string Replacement(TempTree tree, Diagnostic finding, string path)
    {
        var text = File.ReadAllText(tree.Path(path));
        foreach (var edit in finding.Fix!.Edits.Select(e => e.Edit).OrderByDescending(e => e.Span.Start))
        {
            text = text[..edit.Span.Start] + edit.NewText + text[edit.Span.End..];
        }

        return text;
    }

    [Fact]
    public void A_target_at_the_port_gunicorn_binds_on_the_IPv6_loopback_is_pointed_there()
    {
        using var tree = Gunicorn("--bind 127.0.0.1:8001 --bind [::1]:8002", "127.0.0.1:8002");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.EndsWith("sites-enabled/api", finding.Location.Path.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://127.0.0.1:8002: nothing on this host listens there", finding.Message, StringComparison.Ordinal);
        Assert.Contains("listens on [::1]:8002", finding.Message, StringComparison.Ordinal);
        Assert.Contains("it binds port 8002 on ::1 only, and a connection to 127.0.0.1 does not reach a socket bound to another address", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Applicability.Safe, finding.Fix!.Applicability);
        Assert.StartsWith("Point proxy_pass at [::1]:8002", finding.Fix.Title, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://[::1]:8002;", Replacement(tree, finding, "etc/nginx/sites-enabled/api"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_other_way_round_the_IPv4_listener_is_the_fix()
    {
        using var tree = Gunicorn("--bind [::1]:8002 --bind 127.0.0.1:8001", "[::1]:8001")
            .Write("etc/nginx/sites-enabled/shop", Shop.Replace("127.0.0.1:8001", "[::1]:8002", StringComparison.Ordinal));
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(Applicability.Safe, finding.Fix!.Applicability);
        Assert.Contains("proxy_pass http://127.0.0.1:8001;", Replacement(tree, finding, "etc/nginx/sites-enabled/api"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_listeners_at_the_port_leave_the_fix_unsafe()
    {
        using var tree = Gunicorn("--bind 127.0.0.1:8001 --bind [::1]:8002 --bind 127.0.0.2:8002", "127.0.0.1:8002");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(Applicability.Unsafe, finding.Fix!.Applicability);
        Assert.Contains("it binds port 8002 on ::1 and 127.0.0.2 only", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_written_as_a_name_is_not_judged_so()
    {
        // localhost is 127.0.0.1 alone here: nothing answers, but nginx's peers for a name are what /etc/hosts gives, and
        // a name is not an address the listener was copied from.
        using var tree = Gunicorn("--bind 127.0.0.1:8001 --bind [::1]:8002", "localhost:8002")
            .Write("etc/hosts", "127.0.0.1\tlocalhost\n");
        var (findings, notes) = LintWithNotes(tree);
        Assert.DoesNotContain(findings, d => d.Code == "CL001");
        Assert.Contains(notes, n => n.Contains("CL001 did not judge 127.0.0.1:8002: no back end ConfLint reads listens there, and none is left unreached", StringComparison.Ordinal));
    }

    [Fact]
    public void A_target_at_another_port_as_well_is_not_judged()
    {
        using var tree = Gunicorn("--bind 127.0.0.1:8001 --bind [::1]:8002", "127.0.0.1:8003");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void A_port_a_front_end_reaches_already_is_no_evidence()
    {
        // gunicorn's [::1]:8002 is another site's; the target 127.0.0.2:8002 may be a program ConfLint does not read.
        using var tree = Gunicorn("--bind 127.0.0.1:8001 --bind [::1]:8002", "127.0.0.2:8002")
            .Write("etc/nginx/sites-enabled/shop", Shop.Replace("127.0.0.1:8001", "[::1]:8002", StringComparison.Ordinal));
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void A_program_conflint_does_not_read_leaves_it_info_with_the_listener_named()
    {
        using var tree = Gunicorn("--bind 127.0.0.1:8001 --bind [::1]:8002", "127.0.0.1:8002")
            .Write("etc/systemd/system/worker.service", "[Service]\nUser=shop\nExecStart=/srv/worker/bin/worker --serve\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/worker.service", "/etc/systemd/system/worker.service");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("listens on [::1]:8002", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Applicability.DisplayOnly, finding.Fix!.Applicability);
        Assert.Contains("point proxy_pass at [::1]:8002", finding.Fix.Title, StringComparison.Ordinal);
    }

    private const string Unit = "[Service]\nType=forking\nUser=jira\nRestart=on-failure\nExecStart=/opt/atlassian/jira/bin/start-jira.sh\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Tomcat(string ajpAddress, string proxyPass) => new TempTree()
        .Write("etc/systemd/system/jira.service", Unit)
        .Link("etc/systemd/system/multi-user.target.wants/jira.service", "/etc/systemd/system/jira.service")
        .Write("opt/atlassian/jira/bin/start-jira.sh", "#!/bin/bash\nexec \"$(dirname \"$0\")/startup.sh\" \"$@\"\n")
        .Write("opt/atlassian/jira/conf/server.xml", "<Server port=\"-1\" shutdown=\"SHUTDOWN\">\n  <Service name=\"Catalina\">\n"
            + "    <Connector port=\"8080\" protocol=\"HTTP/1.1\"/>\n"
            + $"    <Connector protocol=\"AJP/1.3\" address=\"{ajpAddress}\" port=\"8009\" secret=\"s3cret\"/>\n"
            + "    <Engine name=\"Catalina\" defaultHost=\"localhost\">\n      <Host name=\"localhost\" appBase=\"webapps\"/>\n    </Engine>\n  </Service>\n</Server>\n")
        .Write("etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name tools.example.com;\n        location /jira/ {\n            proxy_pass http://127.0.0.1:8080/jira/;\n        }\n    }\n}\n")
        .Write("etc/apache2/apache2.conf", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n"
            + "LoadModule proxy_ajp_module /usr/lib/apache2/modules/mod_proxy_ajp.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\nErrorLog /dev/null\nServerName localhost\nListen 127.0.0.1:8081\n"
            + "<VirtualHost 127.0.0.1:8081>\n    ServerName wiki.corp.example.org\n    ProxyPass /jira " + proxyPass + " secret=s3cret\n    ProxyPassReverse /jira " + proxyPass + "\n</VirtualHost>\n");

    [Fact]
    public void Apache_to_the_ajp_port_tomcat_binds_on_the_IPv6_loopback_is_pointed_there()
    {
        using var tree = Tomcat("::1", "ajp://127.0.0.1:8009/jira");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.EndsWith("apache2/apache2.conf", finding.Location.Path.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Contains("ProxyPass ajp://127.0.0.1:8009/jira: nothing on this host listens there", finding.Message, StringComparison.Ordinal);
        Assert.Contains("listens on [::1]:8009", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Applicability.Safe, finding.Fix!.Applicability);
        Assert.Equal(2, finding.Fix.Edits.Count);
        var fixedText = Replacement(tree, finding, "etc/apache2/apache2.conf");
        Assert.Contains("ProxyPass /jira ajp://[::1]:8009/jira secret=s3cret\n    ProxyPassReverse /jira ajp://[::1]:8009/jira\n", fixedText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listener_of_another_protocol_at_the_port_is_no_evidence()
    {
        // HTTP to the port of the AJP connector on another address: that connector would not understand the site either
        // (what CL001 says is Tomcat's own finding, that it has no HTTP connector on the port).
        using var tree = Tomcat("127.0.0.1", "http://[::1]:8009/jira");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Contains("has no HTTP connector on port 8009", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("binds port 8009", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:8009", finding.Fix?.Title ?? string.Empty, StringComparison.Ordinal);
    }
}
