using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;
using ConfLint.Workspace.Tomcat;

namespace ConfLint.Tests.Host;

/// <summary>A vendor's bundled Tomcat (Atlassian's Confluence under /opt/atlassian) found the way its unit runs it, a
/// target written as the host's own name resolved through the root's /etc/hosts, and the Tomcat's unit judged by CL007.</summary>
public sealed class BundledTomcatTests
{
    private const string Unit = "[Unit]\nDescription=Atlassian Confluence\n\n[Service]\nType=forking\nUser=confluence\nPIDFile=/opt/atlassian/confluence/work/catalina.pid\n"
        + "ExecStart=/opt/atlassian/confluence/bin/start-confluence.sh\nExecStop=/opt/atlassian/confluence/bin/stop-confluence.sh\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string Wrapper = "#!/bin/bash\nPRGDIR=$(dirname \"$0\")\n# not catalina.sh here\nexec \"$PRGDIR/catalina.sh\" start \"$@\"\n";

    private const string ServerXml = """
        <Server port="8000" shutdown="SHUTDOWN">
            <Service name="Tomcat-Standalone">
                <Connector port="8090" address="127.0.0.1" connectionTimeout="20000"
                           protocol="org.apache.coyote.http11.Http11NioProtocol"
                           scheme="https" secure="true" proxyName="wiki.example.com" proxyPort="443"/>
                <Engine name="Standalone" defaultHost="localhost">
                    <Host name="localhost" appBase="webapps"/>
                </Engine>
            </Service>
        </Server>

        """;

    private static string Site(string host) => $"""
        <VirtualHost *:80>
            ServerName wiki.example.com
            ProxyPass        / http://{host}:8090/
            ProxyPassReverse / http://{host}:8090/
        </VirtualHost>

        """;

    private static TempTree Confluence(string proxyHost = "wiki.example.com", string? hosts = null, bool interfaces = true)
    {
        var tree = new TempTree()
            .Write("lib/systemd/system/confluence.service", Unit)
            .Link("etc/systemd/system/multi-user.target.wants/confluence.service", "/lib/systemd/system/confluence.service")
            .Write("opt/atlassian/confluence/bin/start-confluence.sh", Wrapper)
            .Write("opt/atlassian/confluence/conf/server.xml", ServerXml)
            .Write("etc/hostname", "wiki\n")
            .Write("etc/hosts", hosts ?? "127.0.0.1\tlocalhost\n10.20.0.15\twiki.example.com\twiki\n::1 localhost ip6-localhost\n")
            .Write("etc/apache2/apache2.conf", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\nListen 80\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/sites-enabled/wiki.conf", Site(proxyHost));
        if (interfaces)
        {
            tree.Write("etc/network/interfaces", "auto lo\niface lo inet loopback\n\nauto ens18\niface ens18 inet static\n\taddress 10.20.0.15/24\n\tgateway 10.20.0.1\n");
        }

        return tree;
    }

    private static IReadOnlyList<Diagnostic> Lint(TempTree tree) =>
        Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All).Diagnostics;

    [Fact]
    public void The_install_is_found_through_the_units_vendor_wrapper()
    {
        using var tree = Confluence();
        var install = Assert.Single(HostTrees.Model(tree).Tomcat).Install;
        Assert.Equal("/opt/atlassian/confluence/conf/server.xml", install.ServerXml);
        Assert.Equal("confluence.service", install.UnitName);
        Assert.Equal("/opt/atlassian/confluence", install.CatalinaHome);
    }

    [Fact]
    public void Catalina_base_set_in_setenv_sh_moves_the_server_xml()
    {
        using var tree = Confluence()
            .Write("opt/atlassian/confluence/bin/setenv.sh", "CATALINA_BASE=/srv/confluence-base\nexport CATALINA_BASE\n")
            .Write("srv/confluence-base/conf/server.xml", ServerXml);
        var fs = new RootedFileSystem(tree.Root);
        var install = Assert.Single(TomcatInstall.Find(fs, WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }).Units));
        Assert.Equal("/srv/confluence-base/conf/server.xml", install.ServerXml);
        Assert.Equal("/opt/atlassian/confluence", install.CatalinaHome);
    }

    [Fact]
    public void An_init_script_the_unit_runs_is_followed_to_the_bin_folder()
    {
        using var tree = new TempTree()
            .Write("lib/systemd/system/jira.service", "[Service]\nType=forking\nExecStart=/etc/init.d/jira start\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/jira.service", "/lib/systemd/system/jira.service")
            .Write("etc/init.d/jira", "#!/bin/bash\n# runs ./start-jira.sh\ncd \"/opt/atlassian/jira/bin\" || exit 1\ncase \"$1\" in\n  start) ./start-jira.sh ;;\nesac\n")
            .Write("opt/atlassian/jira/bin/start-jira.sh", "#!/bin/bash\n\"$(dirname \"$0\")/startup.sh\"\n")
            .Write("opt/atlassian/jira/conf/server.xml", ServerXml);
        var fs = new RootedFileSystem(tree.Root);
        var install = Assert.Single(TomcatInstall.Find(fs, WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }).Units));
        Assert.Equal("/opt/atlassian/jira/conf/server.xml", install.ServerXml);
        Assert.Equal("jira.service", install.UnitName);
    }

    [Fact]
    public void A_script_that_names_no_tomcat_script_finds_nothing()
    {
        using var tree = Confluence().Write("opt/atlassian/confluence/bin/start-confluence.sh", "#!/bin/bash\n# catalina.sh is not run here\nexec java -jar app.jar\n");
        var fs = new RootedFileSystem(tree.Root);
        Assert.Empty(TomcatInstall.Find(fs, WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }).Units));
    }

    [Fact]
    public void Names_of_the_hosts_file_resolve_to_this_host_only_with_evidence()
    {
        using var tree = new TempTree()
            .Write("etc/hostname", "box.example.com\n")
            .Write("etc/hosts", "127.0.0.1 localhost\n127.0.1.1 box.example.com box\n10.0.0.9 Wiki.Example.com\n10.0.0.7 db.example.com\n10.0.0.8 api.example.com\n10.0.0.9 other\n")
            .Write("etc/netplan/50-cloud-init.yaml", "network:\n  ethernets:\n    eth0:\n      addresses: [10.0.0.9/24]\n      nameservers:\n        addresses: [10.0.0.8]\n");
        var resolution = HostResolution.Read(new RootedFileSystem(tree.Root));
        Assert.Equal("127.0.1.1", resolution.OnThisHost("BOX")!.Value.Address);
        Assert.Equal("10.0.0.9", resolution.OnThisHost("wiki.example.com")!.Value.Address);
        Assert.Contains("50-cloud-init.yaml", resolution.OnThisHost("wiki.example.com")!.Value.Evidence, StringComparison.Ordinal);
        Assert.Null(resolution.OnThisHost("db.example.com"));
        Assert.Null(resolution.OnThisHost("api.example.com"));
        Assert.Null(resolution.OnThisHost("unlisted.example.com"));
    }

    [Fact]
    public void A_loopback_only_connector_behind_the_hosts_lan_name_is_an_error_with_a_safe_fix()
    {
        using var tree = Confluence();
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("/etc/hosts gives wiki.example.com as 10.20.0.15", finding.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8090", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Applicability.Safe, finding.Fix!.Applicability);
        Assert.Contains("proxyName", finding.Fix.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void The_name_is_the_hosts_by_etc_hostname_without_the_interfaces_file()
    {
        using var tree = Confluence(interfaces: false);
        Assert.Equal(Severity.Error, Assert.Single(Lint(tree), d => d.Code == "CL001").Severity);
    }

    [Fact]
    public void A_connector_on_every_address_answers_the_name()
    {
        using var tree = Confluence().Write("opt/atlassian/confluence/conf/server.xml", ServerXml.Replace("address=\"127.0.0.1\" ", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void A_name_not_in_the_hosts_file_is_not_judged_and_verbose_says_so()
    {
        using var tree = Confluence(proxyHost: "confluence.example.com");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("confluence.example.com is not in the root's /etc/hosts", output.Stdout + output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_the_hosts_file_gives_another_address_is_not_judged()
    {
        using var tree = Confluence(hosts: "127.0.0.1 localhost\n10.20.0.15 wiki\n10.20.0.40 wiki.example.com\n");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void The_units_missing_restart_is_judged_for_the_tomcat_a_front_end_is_meant_for()
    {
        using var tree = Confluence();
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL007");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("confluence.service", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Applicability.Safe, finding.Fix!.Applicability);
    }

    [Fact]
    public void The_units_restart_on_failure_satisfies_cl007()
    {
        using var tree = Confluence().Write("lib/systemd/system/confluence.service", Unit.Replace("TimeoutSec", "X", StringComparison.Ordinal).Replace("[Install]", "Restart=on-failure\n\n[Install]", StringComparison.Ordinal));
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL007");
    }
}
