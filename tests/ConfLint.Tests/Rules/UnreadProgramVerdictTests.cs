using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001 beside programs ConfLint does not read (precision round 23). RStudio Server's rserver, reading its port from
/// /etc/rstudio/rserver.conf by itself, listens on 8787 by default: a gunicorn portal named like the site was an error
/// with a safe fix that sent RStudio's traffic to it; now the target is not judged. A daemon whose address nothing in
/// the root names and that the site is named for (location /lab/ and labserver-lab.service) may be what listens there:
/// info with advice only. A one-shot job, a data store, or one that names its address elsewhere is no such program. A program ConfLint does not read that is named for the
/// application as well (streamlit-forecast beside forecast-api) makes the upstream's name no proof of which one is meant.
/// </summary>
public class UnreadProgramVerdictTests
{
    private const string NginxConf = "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n";

    private static List<(string Code, string Severity, string Message, string? Fix)> Findings(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--format", "json");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        using var json = JsonDocument.Parse(lint.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (d.GetProperty("code").GetString()!, d.GetProperty("severity").GetString()!, d.GetProperty("message").GetString()!,
                d.GetProperty("fix") is { ValueKind: JsonValueKind.Object } fix ? fix.GetProperty("applicability").GetString() : null))
            .ToList();
    }

    /// <summary>RStudio at 8787 (its own default, in a file ConfLint does not read) and a lab portal under gunicorn on
    /// 8000 that no front end reaches, its unit named like the site.</summary>
    private static TempTree Site(string path, int port, string unitName, string unit)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", NginxConf)
            .Write("etc/nginx/conf.d/rlab.conf", $"server {{\n    listen 80;\n    server_name rlab.example.edu;\n    location /{path}/ {{\n        proxy_pass http://127.0.0.1:{port}/;\n    }}\n}}\n")
            .Write("etc/systemd/system/rlab.service", "[Service]\nUser=rlab\nWorkingDirectory=/srv/rlab\nExecStart=/srv/rlab/venv/bin/gunicorn -b 127.0.0.1:8000 portal.wsgi\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
        return unit.Length == 0 ? tree : tree.Write($"lib/systemd/system/{unitName}", unit);
    }

    [Fact]
    public void A_program_listening_on_its_own_default_port_keeps_the_target_from_being_judged()
    {
        const string RServer = "[Service]\nType=forking\nExecStart=/usr/lib/rstudio-server/bin/rserver\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";
        using var rstudio = Site("rstudio", 8787, "rstudio-server.service", RServer);
        Assert.DoesNotContain(Findings(rstudio), f => f.Code == "CL001");

        // Moved by its own file, which ConfLint does not read, to another port: still not judged against the portal...
        // but a target that is not its default is judged as before (the portal named like the site, an error).
        using var elsewhere = Site("rstudio", 8788, "rstudio-server.service", RServer);
        Assert.Equal("error", Assert.Single(Findings(elsewhere), f => f.Code == "CL001").Severity);

        // Shiny Server's packaged unit runs it through a shell: its default, 3838, is known all the same.
        using var shiny = Site("shiny", 3838, "shiny-server.service", "[Service]\nExecStart=/usr/bin/env bash -c 'exec /opt/shiny-server/bin/shiny-server >> /var/log/shiny-server.log 2>&1'\nRestart=on-failure\n");
        Assert.DoesNotContain(Findings(shiny), f => f.Code == "CL001");

        // Without it the name ties the portal to the site, as before.
        using var without = Site("rstudio", 8787, "rstudio-server.service", string.Empty);
        Assert.Equal("error", Assert.Single(Findings(without), f => f.Code == "CL001").Severity);
    }

    [Fact]
    public void A_daemon_whose_address_nothing_names_and_the_site_is_named_for_may_be_what_listens_there()
    {
        const string Lab = "[Service]\nUser=lab\nExecStart=/opt/labserver/bin/labserver\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";
        using var lab = Site("lab", 8890, "labserver-lab.service", Lab);
        var finding = Assert.Single(Findings(lab), f => f.Code == "CL001");
        Assert.Equal("info", finding.Severity);
        Assert.Contains("service 'labserver-lab.service' runs a program ConfLint does not read, named for 'lab' as the front end is, and ConfLint does not read where it listens: it may be what listens there", finding.Message, StringComparison.Ordinal);
        Assert.NotEqual("safe", finding.Fix);

        // The site not named for it: the portal's tie stands (an error, as before).
        using var unnamed = Site("tools", 8890, "labserver-lab.service", Lab);
        Assert.Equal("error", Assert.Single(Findings(unnamed), f => f.Code == "CL001").Severity);

        // A one-shot job listens nowhere; one whose command line names its address elsewhere is known not to be there.
        using var oneshot = Site("lab", 8890, "labserver-lab.service", "[Service]\nType=oneshot\nExecStart=/opt/labserver/bin/labserver\n");
        Assert.Equal("error", Assert.Single(Findings(oneshot), f => f.Code == "CL001").Severity);
        // Named for the location and naming its port elsewhere, it is the candidate (round 41: no longer the portal's
        // gunicorn by a safe fix); a program ConfLint does not read may listen on more than its words say: a warning.
        using var named = Site("lab", 8890, "labserver-lab.service", "[Service]\nExecStart=/opt/labserver/bin/labserver --port 9100\nRestart=always\n");
        var toLab = Assert.Single(Findings(named), f => f.Code == "CL001");
        Assert.Equal("warning", toLab.Severity);
        Assert.Equal("unsafe", toLab.Fix);
        Assert.Contains("labserver-lab.service' listens on 0.0.0.0:9100", toLab.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_ConfLint_does_not_read_named_for_the_application_makes_the_name_no_proof()
    {
        TempTree Dashboards(string dashboardUnit) => new TempTree()
            .Write("etc/nginx/nginx.conf", NginxConf)
            .Write("etc/nginx/conf.d/dash.conf", "upstream forecast {\n    server 127.0.0.1:8502;\n}\nserver {\n    listen 80;\n    location /forecast/ {\n        proxy_pass http://forecast;\n    }\n}\n")
            .Write("etc/systemd/system/forecast-api.service", "[Service]\nUser=dash\nWorkingDirectory=/home/dash/forecast\nExecStart=/home/dash/forecast/.venv/bin/gunicorn -w 2 -b 127.0.0.1:8000 main:app\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write($"etc/systemd/system/{dashboardUnit}", "[Service]\nUser=dash\nWorkingDirectory=/home/dash/forecast\nExecStart=/home/dash/forecast/.venv/bin/panel serve app.py --port 8501 --prefix forecast\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");

        using var dashboard = Dashboards("panel-forecast.service");
        var finding = Assert.Single(Findings(dashboard), f => f.Code == "CL001");
        Assert.Equal("info", finding.Severity);
        Assert.NotEqual("safe", finding.Fix);

        // A worker of the application that ConfLint knows listens nowhere leaves the tie as it was.
        using var worker = Dashboards("forecast-worker.service")
            .Write("etc/systemd/system/forecast-worker.service", "[Service]\nUser=dash\nWorkingDirectory=/home/dash/forecast\nExecStart=/home/dash/forecast/.venv/bin/celery -A tasks worker\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");
        Assert.Equal("error", Assert.Single(Findings(worker), f => f.Code == "CL001").Severity);
    }

    /// <summary>Round 24: a back end ConfLint reads, named for the application by a prefix or a part (inventory-events,
    /// reports-webhooks), is no proof where the application itself runs from a program ConfLint does not read whose
    /// address is in its build (inventory.service running java -jar, kestrel-reports.service running dotnet): the fix that
    /// sent the site to the helper was safe; now the target is info with advice only.</summary>
    [Theory]
    [InlineData("inventory", "inventory.service", "/usr/bin/java -Xmx512m -jar /opt/inventory/inventory.jar", "inventory-events.service")]
    [InlineData("reports", "kestrel-reports.service", "/usr/bin/dotnet /var/www/reports/Reports.Api.dll", "reports-webhooks.service")]
    public void An_application_run_by_a_program_ConfLint_does_not_read_is_not_its_helper(string upstream, string appUnit, string appCommand, string helperUnit)
    {
        TempTree Tree(bool withApplication)
        {
            var tree = new TempTree()
                .Write("etc/nginx/nginx.conf", NginxConf)
                .Write("etc/nginx/conf.d/shop.conf", $"upstream {upstream} {{\n    server 127.0.0.1:8081;\n}}\nserver {{\n    listen 80;\n    server_name shop.example.net;\n    location / {{\n        proxy_pass http://{upstream};\n    }}\n}}\n")
                .Write($"etc/systemd/system/{helperUnit}", "[Service]\nUser=app\nWorkingDirectory=/opt/helper\nExecStart=/opt/helper/venv/bin/gunicorn -b 127.0.0.1:3005 hooks:app\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");
            return withApplication
                ? tree.Write($"etc/systemd/system/{appUnit}", $"[Service]\nUser=app\nExecStart={appCommand}\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
                : tree;
        }

        // The application's own program (Spring Boot's jar without evidence of Spring, a dotnet app whose runtimeconfig is
        // not there): info at most, never a fix that sends the site to the helper.
        using var both = Tree(withApplication: true);
        Assert.DoesNotContain(Findings(both), f => f.Code == "CL001" && (f.Severity != "info" || f.Fix == "safe"));

        // Without the application's own unit the helper is the one back end named for it, as before.
        using var helperOnly = Tree(withApplication: false);
        var tied = Assert.Single(Findings(helperOnly), f => f.Code == "CL001");
        Assert.Equal("error", tied.Severity);
        Assert.Equal("safe", tied.Fix);
    }

    /// <summary>ntfy reads /etc/ntfy/server.yml by itself; its <c>listen-http</c> there names the target: the site (named
    /// push, like a gunicorn relay beside it) reaches ntfy, and the relay's "safe" fix sent it away. A file of that folder
    /// naming the port where the program connects (prometheus.yml's scrape targets) proves nothing of the kind.</summary>
    [Fact]
    public void A_listen_address_in_the_programs_own_folder_in_etc_keeps_the_target_from_being_judged()
    {
        TempTree Tree(string file, string text) => new TempTree()
            .Write("etc/nginx/nginx.conf", NginxConf)
            .Write("etc/nginx/conf.d/push.conf", "server {\n    listen 80;\n    server_name push.example.net;\n    location / {\n        proxy_pass http://127.0.0.1:2586;\n    }\n}\n")
            .Write("etc/systemd/system/push.service", "[Service]\nUser=relay\nWorkingDirectory=/opt/relay\nExecStart=/opt/relay/venv/bin/gunicorn -b 127.0.0.1:8000 relay:app\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("lib/systemd/system/ntfy.service", "[Service]\nUser=ntfy\nExecStart=/usr/bin/ntfy serve --no-log-dates\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write(file, text);

        using var listening = Tree("etc/ntfy/server.yml", "base-url: \"https://push.example.net\"\nlisten-http: \"127.0.0.1:2586\"\nbehind-proxy: true\n");
        Assert.DoesNotContain(Findings(listening), f => f.Code == "CL001");

        using var connecting = Tree("etc/ntfy/client.yml", "default-host: https://push.example.net\nsubscribe:\n  - topic: http://127.0.0.1:2586/alerts\n");
        Assert.Equal("error", Assert.Single(Findings(connecting), f => f.Code == "CL001").Severity);
    }

    /// <summary>A unit that only holds others together (<c>ExecStart=/bin/sleep infinity</c>, pkgr's zammad.service) is no
    /// program that serves the application it is named for.</summary>
    [Fact]
    public void A_holding_unit_named_for_the_application_is_no_server()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", NginxConf)
            .Write("etc/nginx/conf.d/desk.conf", "upstream desk-rails {\n    server 127.0.0.1:3000;\n}\nserver {\n    listen 80;\n    root /opt/desk/public;\n    location / {\n        proxy_pass http://desk-rails;\n    }\n}\n")
            .Write("etc/systemd/system/desk.service", "[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/desk-web.service", "[Service]\nUser=desk\nWorkingDirectory=/opt/desk\nExecStart=/opt/desk/venv/bin/gunicorn -b 127.0.0.1:3001 desk.wsgi\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");
        var finding = Assert.Single(Findings(tree), f => f.Code == "CL001");
        Assert.Equal("error", finding.Severity);
        Assert.Equal("safe", finding.Fix);
    }

    /// <summary>Round 26, Nexus beside Jenkins: nexus.service runs a program ConfLint does not read (its install folder,
    /// with nexus.vmoptions and nexus-default.properties, is not in the root, so the launcher is not taken for Nexus's),
    /// which keeps its port in its own nexus.properties. The repository site at 8081 works, yet CL001 said "nothing on this host listens there" and
    /// offered Jenkins' 8080; named for nexus, it said "nothing in the root says where it listens"; with nexus.service not
    /// enabled, it did not say so.</summary>
    private static TempTree Repository(string upstream, bool nexusEnabled, bool jenkins = true)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\n" + NginxConf)
            .Write("etc/nginx/conf.d/repo.conf", $"upstream {upstream} {{\n    server 127.0.0.1:8081;\n}}\nserver {{\n    listen 80;\n    server_name repo.example.com;\n    location / {{\n        proxy_pass http://{upstream};\n    }}\n}}\n")
            .Write("etc/systemd/system/nexus.service", "[Unit]\nDescription=nexus service\n\n[Service]\nType=forking\nExecStart=/opt/nexus/bin/nexus start\nExecStop=/opt/nexus/bin/nexus stop\nUser=nexus\nRestart=on-abort\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("opt/sonatype-work/nexus3/etc/nexus.properties", "application-port=8081\napplication-host=127.0.0.1\n");
        if (jenkins)
        {
            tree.Write("lib/systemd/system/jenkins.service", "[Service]\nType=notify\nUser=jenkins\nEnvironment=\"JENKINS_PORT=8080\"\nExecStart=/usr/bin/jenkins\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
                .Link("etc/systemd/system/multi-user.target.wants/jenkins.service", "/lib/systemd/system/jenkins.service");
        }

        return nexusEnabled ? tree.Link("etc/systemd/system/multi-user.target.wants/nexus.service", "/etc/systemd/system/nexus.service") : tree;
    }

    [Fact]
    public void A_program_ConfLint_does_not_read_keeps_nothing_listens_from_being_said()
    {
        // Not named for nexus: only the back ends ConfLint reads are ruled out, and Jenkins, tied to nothing, is not offered.
        using var unnamed = Repository("backend", nexusEnabled: true);
        var finding = Assert.Single(Findings(unnamed), f => f.Code == "CL001");
        Assert.Equal("info", finding.Severity);
        Assert.Contains("reaches 127.0.0.1:8081: no back end ConfLint reads listens there, and service 'nexus.service' runs a program ConfLint does not read, and ConfLint does not read where it listens: it may be what listens there", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing on this host listens there", finding.Message, StringComparison.Ordinal);
        Assert.Null(finding.Fix);

        // Named for nexus: ConfLint does not read where it listens (it does not say that nothing says so); no Jenkins either.
        using var named = Repository("nexus", nexusEnabled: true);
        finding = Assert.Single(Findings(named), f => f.Code == "CL001");
        Assert.Equal("info", finding.Severity);
        Assert.Contains("service 'nexus.service' runs a program ConfLint does not read, named for 'nexus' as the front end is, and ConfLint does not read where it listens: it may be what listens there", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not enabled", finding.Message, StringComparison.Ordinal);
        Assert.Null(finding.Fix);

        // A unit the root's links prove not started at boot listens nowhere after it: Jenkins is compared with, as before.
        using var notEnabledUnnamed = Repository("backend", nexusEnabled: false);
        finding = Assert.Single(Findings(notEnabledUnnamed), f => f.Code == "CL001");
        Assert.Contains("nothing on this host listens there", finding.Message, StringComparison.Ordinal);
        Assert.Equal("display-only", finding.Fix);
    }

    [Fact]
    public void The_only_program_the_site_is_named_for_not_enabled_is_said()
    {
        using var tree = Repository("nexus", nexusEnabled: false);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("info CL001 proxy_pass http://nexus reaches 127.0.0.1:8081: no back end ConfLint reads listens there, and service 'nexus.service' runs a program ConfLint does not read, named for 'nexus' as the front end is", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("; and nexus.service is not enabled (the root enables other units by links, and none names it): systemd does not start it at boot", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("nexus.service is to be enabled for multi-user.target, and no link in the root enables it", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("help: Enable nexus.service if its program is what listens on 127.0.0.1:8081: systemctl enable nexus.service", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:8080", output.Stdout.Split("help:")[1], StringComparison.Ordinal);

        // Two such programs: which one listens is not known, and neither is said to be off.
        using var two = Repository("nexus", nexusEnabled: false)
            .Write("etc/systemd/system/nexus-repo.service", "[Service]\nExecStart=/opt/nexus-repo/bin/repo serve\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nexus-repo.service", "/etc/systemd/system/nexus-repo.service");
        var finding = Assert.Single(Findings(two), f => f.Code == "CL001");
        Assert.Equal("info", finding.Severity);
        Assert.DoesNotContain("not enabled", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>An HTTP proxy on a FastCGI pool's port gets no answer it can read (CL001 says so): the pool's request limit
    /// is no timeout of the proxy's to match (CL006 said nginx's 60 s was shorter than the pool's hour).</summary>
    [Fact]
    public void No_timeout_is_matched_across_protocols()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", NginxConf)
            .Write("etc/nginx/conf.d/push.conf", "server {\n    listen 80;\n    location /push/ {\n        proxy_pass http://127.0.0.1:7867/;\n    }\n}\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude = /etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/stray.conf", "[stray]\nuser = www-data\ngroup = www-data\nlisten = 127.0.0.1:7867\npm = static\npm.max_children = 4\nrequest_terminate_timeout = 3600\n");
        var findings = Findings(tree);
        Assert.Contains(findings, f => f.Code == "CL001" && f.Severity == "error");
        Assert.DoesNotContain(findings, f => f.Code == "CL006");
    }
    /// <summary>Round 39, Mobilizon's second instance: a unit ConfLint does not read whose environment names the site's port
    /// (MOBILIZON_INSTANCE_PORT=4001), nothing else tying it to the site, left without its multi-user.target.wants link
    /// where the root enables its other units by links. Its own words are the tie: after the next boot nothing listens
    /// there, a warning with advice. Enabled, or with a second program naming the port, nothing is said.</summary>
    [Theory]
    [InlineData("off", true)]
    [InlineData("enabled", false)]
    [InlineData("second", false)]
    public void The_only_unit_naming_the_target_not_enabled_is_said(string variant, bool said)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", NginxConf)
            .Write("etc/nginx/conf.d/agenda.conf", "server {\n    listen 80;\n    server_name agenda.example.net;\n    location / {\n        proxy_pass http://127.0.0.1:4001;\n    }\n}\n")
            .Write("lib/systemd/system/nginx.service", "[Service]\nType=forking\nExecStart=/usr/sbin/nginx\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
            .Write("etc/systemd/system/mobilizon-agenda.service", "[Service]\nUser=mobilizon\nEnvironment=MOBILIZON_INSTANCE_PORT=4001\nExecStart=/opt/mobilizon/bin/mobilizon start\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
        if (variant == "enabled")
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/mobilizon-agenda.service", "/etc/systemd/system/mobilizon-agenda.service");
        }

        if (variant == "second")
        {
            tree.Write("etc/systemd/system/agenda-worker.service", "[Service]\nExecStart=/opt/worker/bin/worker --listen 127.0.0.1:4001\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
                .Link("etc/systemd/system/multi-user.target.wants/agenda-worker.service", "/etc/systemd/system/agenda-worker.service");
        }

        using (tree)
        {
            var findings = Findings(tree).Where(f => f.Code == "CL001").ToList();
            if (said)
            {
                var finding = Assert.Single(findings);
                Assert.Equal("warning", finding.Severity);
                Assert.Contains("only service 'mobilizon-agenda.service' (it runs a program ConfLint does not read, and its command line or environment names port 4001 ('MOBILIZON_INSTANCE_PORT=4001'); no other program's command line or environment names 127.0.0.1:4001) listens at 127.0.0.1:4001, and it is not enabled", finding.Message, StringComparison.Ordinal);
                Assert.Equal("display-only", finding.Fix);
            }
            else
            {
                Assert.DoesNotContain(findings, f => f.Severity is "warning" or "error");
            }
        }
    }
}
