using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>
/// DSpace's shape (precision round 39, dspace-apache-tomcat-pm2): nginx sends <c>/server</c> to Tomcat's 8080 and <c>/</c>
/// to the Angular UI that PM2 runs on 4000. PM2 is started by a service (<c>pm2 startup</c>'s <c>pm2 resurrect</c>, or
/// <c>pm2 start FILE</c>, <c>pm2-runtime FILE</c>): the apps it starts are read from the file it reads (an ecosystem file of
/// any name Common.isConfigFile takes, or <c>$PM2_HOME/dump.pm2</c>), and where that is not read, PM2's apps are back ends at
/// addresses not known: CL001 does not judge the UI's target, and Tomcat is no longer "the host's only back end".
/// </summary>
public sealed class Pm2LaunchTests
{
    private const string Tomcat = "[Service]\nType=forking\nUser=tomcat\nRestart=on-failure\nExecStart=/opt/atlassian/jira/bin/start-jira.sh\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string ServerXml = """
        <Server port="-1" shutdown="SHUTDOWN">
          <Service name="Catalina">
            <Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000"/>
            <Engine name="Catalina" defaultHost="localhost">
              <Host name="localhost" appBase="webapps"/>
            </Engine>
          </Service>
        </Server>

        """;

    private const string Site = "server {\n    listen 80;\n    server_name repository.example.edu;\n    location /server {\n        proxy_pass http://127.0.0.1:8080;\n    }\n    location / {\n        proxy_pass http://127.0.0.1:4000/;\n    }\n}\n";

    private static string Pm2Unit(string execStart, string extra = "Environment=PM2_HOME=/home/dspace/.pm2\n") =>
        $"[Unit]\nDescription=PM2 process manager\nAfter=network.target\n\n[Service]\nType=forking\nUser=dspace\n{extra}PIDFile=/home/dspace/.pm2/pm2.pid\nRestart=on-failure\nExecStart={execStart}\nExecReload=/usr/lib/node_modules/pm2/bin/pm2 reload all\nExecStop=/usr/lib/node_modules/pm2/bin/pm2 kill\n\n[Install]\nWantedBy=multi-user.target\n";

    /// <summary>The UI's ecosystem file as DSpace documents it, its node reading <c>PORT</c>.</summary>
    private static string UiJson(int port) =>
        "{\n    \"apps\": [\n        {\n            \"name\": \"dspace-ui\",\n            \"cwd\": \"/home/dspace/dspace-ui-deploy\",\n            \"script\": \"server.js\",\n" +
        $"            \"instances\": 1,\n            \"exec_mode\": \"cluster\",\n            \"env\": {{\n                \"NODE_ENV\": \"production\",\n                \"PORT\": \"{port}\"\n            }}\n        }}\n    ]\n}}\n";

    /// <summary>What <c>pm2 save</c> writes of the same app (its pm2_env: the script resolved, the whole environment).</summary>
    private static string Dump(int port) =>
        "[{\"name\":\"dspace-ui\",\"pm_exec_path\":\"/home/dspace/dspace-ui-deploy/server.js\",\"pm_cwd\":\"/home/dspace/dspace-ui-deploy\",\"exec_interpreter\":\"node\"," +
        "\"exec_mode\":\"cluster_mode\",\"instances\":1,\"autorestart\":true,\"node_args\":[],\"args\":[]," +
        $"\"env\":{{\"HOME\":\"/home/dspace\",\"NODE_ENV\":\"production\",\"PORT\":\"{port}\",\"PM2_HOME\":\"/home/dspace/.pm2\",\"dspace-ui\":{{}}}}}}]\n";

    private static TempTree Host(string? pm2Unit)
    {
        var tree = Without()
            .Write("home/dspace/dspace-ui-deploy/server.js", "const http = require('http');\nhttp.createServer(() => {}).listen(process.env.PORT || 4000);\n");
        return pm2Unit is null ? tree : tree.Write("etc/systemd/system/pm2-dspace.service", pm2Unit);
    }

    private static TempTree Without() => new TempTree()
        .Write("etc/systemd/system/jira.service", Tomcat)
        .Write("opt/atlassian/jira/bin/start-jira.sh", "#!/bin/bash\nexec \"$(dirname \"$0\")/startup.sh\" \"$@\"\n")
        .Write("opt/atlassian/jira/conf/server.xml", ServerXml)
        .Write("etc/hostname", "repository\n")
        .Write("etc/hosts", "127.0.0.1\tlocalhost\n")
        .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\ntomcat:x:996:996::/opt/tomcat:/usr/sbin/nologin\ndspace:x:1001:1001::/home/dspace:/bin/bash\n")
        .Write("etc/group", "root:x:0:\nwww-data:x:33:\ntomcat:x:996:\ndspace:x:1001:\n")
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/repository", Site);

    private static (List<Diagnostic> Findings, List<string> Notes) Lint(TempTree tree)
    {
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL001", null));
        return (result.Diagnostics.Where(d => d.Code == "CL001").ToList(), result.Notes.ToList());
    }

    [Fact]
    public void Pm2_resurrect_whose_dump_the_root_lacks_keeps_tomcat_from_being_the_only_back_end()
    {
        // The false error of round 39: Tomcat, the only back end read, "has no HTTP connector on port 4000".
        using var tree = Host(Pm2Unit("/usr/lib/node_modules/pm2/bin/pm2 resurrect"));
        var (findings, notes) = Lint(tree);
        Assert.Empty(findings);
        Assert.Contains(notes, n => n.Contains("CL001 did not judge 127.0.0.1:4000", StringComparison.Ordinal)
            && n.Contains("pm2-dspace.service", StringComparison.Ordinal) && n.Contains("/home/dspace/.pm2/dump.pm2", StringComparison.Ordinal));
    }

    [Fact]
    public void Pm2_resurrect_without_pm2_home_reads_the_dump_of_the_users_home()
    {
        // No PM2_HOME: PM2 takes $HOME/.pm2 (lib/paths.js), and systemd sets HOME to User='s home.
        using var tree = Host(Pm2Unit("/usr/bin/pm2 resurrect", extra: string.Empty)).Write("home/dspace/.pm2/dump.pm2", Dump(4000));
        Assert.Empty(Lint(tree).Findings);
    }

    [Fact]
    public void The_dump_pm2_resurrect_reads_is_read_and_a_port_drift_there_is_found()
    {
        using var tree = Host(Pm2Unit("/usr/lib/node_modules/pm2/bin/pm2 resurrect")).Write("home/dspace/.pm2/dump.pm2", Dump(4001));
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.EndsWith("sites-enabled/repository", finding.Location.Path.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Equal(8, finding.Location.Start.Line);
        Assert.Contains("4001", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the host's only back end", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dump_with_the_port_the_proxy_uses_is_silent()
    {
        using var tree = Host(Pm2Unit("/usr/lib/node_modules/pm2/bin/pm2 resurrect")).Write("home/dspace/.pm2/dump.pm2", Dump(4000));
        Assert.Empty(Lint(tree).Findings);
    }

    [Fact]
    public void An_ecosystem_file_of_any_name_pm2_start_is_given_is_read()
    {
        // DSpace's dspace-ui.json: PM2 reads any name holding .json as an ecosystem file (Common.isConfigFile).
        using var tree = Host(Pm2Unit("/usr/bin/pm2 start /home/dspace/dspace-ui.json")).Write("home/dspace/dspace-ui.json", UiJson(4001));
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Equal(8, finding.Location.Start.Line);
        Assert.Contains("4001", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_file_with_the_port_the_proxy_uses_is_silent()
    {
        using var tree = Host(Pm2Unit("/usr/bin/pm2 start /home/dspace/dspace-ui.json")).Write("home/dspace/dspace-ui.json", UiJson(4000));
        Assert.Empty(Lint(tree).Findings);
    }

    [Fact]
    public void A_relative_file_is_the_working_folders_and_pm2_runtime_reads_yaml()
    {
        var yaml = "apps:\n  - name: dspace-ui\n    cwd: /home/dspace/dspace-ui-deploy\n    script: server.js\n    env:\n      PORT: \"4001\"\n";
        using var tree = Host(Pm2Unit("/usr/bin/pm2-runtime start ui.yml", extra: "WorkingDirectory=/home/dspace\n")).Write("home/dspace/ui.yml", yaml);
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Contains("4001", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_pm2_starts_is_an_app_at_an_address_not_known()
    {
        using var tree = Host(Pm2Unit("/usr/bin/pm2 start /home/dspace/dspace-ui-deploy/server.js --name dspace-ui"));
        var (findings, notes) = Lint(tree);
        Assert.Empty(findings);
        Assert.Contains(notes, n => n.Contains("CL001 did not judge 127.0.0.1:4000", StringComparison.Ordinal) && n.Contains("server.js under PM2", StringComparison.Ordinal));
    }

    [Fact]
    public void An_ecosystem_file_the_root_lacks_leaves_the_target_unjudged()
    {
        using var tree = Host(Pm2Unit("/usr/bin/pm2 start /home/dspace/dspace-ui.json"));
        var (findings, notes) = Lint(tree);
        Assert.Empty(findings);
        Assert.Contains(notes, n => n.Contains("/home/dspace/dspace-ui.json, a file the root does not hold", StringComparison.Ordinal));
    }

    [Fact]
    public void An_ecosystem_config_js_in_the_users_home_is_read_as_before()
    {
        // pm2 startup's resurrect, no dump in the root, the app's ecosystem.config.js in the user's home: taken as what
        // pm2 save wrote, as before (a port drift there still found, the right port silent).
        var js = "module.exports = {\n  apps: [{\n    name: 'dspace-ui',\n    cwd: '/home/dspace/dspace-ui-deploy',\n    script: 'server.js',\n    env: { PORT: 4001 },\n  }],\n};\n";
        using var drift = Host(Pm2Unit("/usr/lib/node_modules/pm2/bin/pm2 resurrect")).Write("home/dspace/dspace-ui-deploy/ecosystem.config.js", js);
        Assert.Contains("4001", Assert.Single(Lint(drift).Findings).Message, StringComparison.Ordinal);
        using var right = Host(Pm2Unit("/usr/lib/node_modules/pm2/bin/pm2 resurrect")).Write("home/dspace/dspace-ui-deploy/ecosystem.config.js", js.Replace("4001", "4000", StringComparison.Ordinal));
        Assert.Empty(Lint(right).Findings);
    }

    [Fact]
    public void Without_pm2_tomcat_is_still_the_only_back_end()
    {
        // The control: no program of unknown address, so the tie by elimination stands and the missing connector is found.
        using var tree = Host(null);
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Contains("the host's only back end", finding.Message, StringComparison.Ordinal);
    }
}
