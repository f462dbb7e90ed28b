using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Host;

/// <summary>Debian's packaged Tomcat (tomcat10.service runs /usr/libexec/tomcat10/tomcat-start.sh with CATALINA_BASE
/// /var/lib/tomcat10, whose conf is /etc/tomcat10): the unit is the Tomcat whose server.xml is read, not a program ConfLint
/// does not read; a removed package's /etc/tomcat9/server.xml runs nothing; the context files tie a Tomcat to the path a
/// front end asks for.</summary>
public sealed class DebianTomcatTests
{
    private const string Unit = "[Unit]\nDescription=Apache Tomcat 10 Web Application Server\n\n[Service]\nEnvironment=\"CATALINA_HOME=/usr/share/tomcat10\"\n"
        + "Environment=\"CATALINA_BASE=/var/lib/tomcat10\"\nType=simple\nExecStartPre=+/usr/libexec/tomcat10/tomcat-update-policy.sh\n"
        + "ExecStart=/bin/sh /usr/libexec/tomcat10/tomcat-start.sh\nSuccessExitStatus=143\nRestart=on-abort\nUser=tomcat\n\n[Install]\nWantedBy=multi-user.target\n";

    private static string ServerXml(string connectors) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Server port="-1" shutdown="SHUTDOWN">
          <Service name="Catalina">
            {connectors}
            <Engine name="Catalina" defaultHost="localhost">
              <Host name="localhost" appBase="webapps"/>
            </Engine>
          </Service>
        </Server>

        """;

    private const string Site = "server {\n    listen 80;\n    server_name wiki.example.org;\n    location ^~ /xwiki {\n        proxy_pass http://127.0.0.1:8080;\n    }\n}\n";

    /// <summary>Debian's tomcat10 with its HTTP connector on 127.0.0.1:8081 and nginx sent to 8080; the XWiki context
    /// file deploys /xwiki where <paramref name="context"/>.</summary>
    private static TempTree Tree(bool context = true, string connector = "<Connector port=\"8081\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"/>")
    {
        var tree = new TempTree()
            .Write("lib/systemd/system/tomcat10.service", Unit)
            .Write("lib/systemd/system/nginx.service", "[Service]\nType=forking\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\nRestart=on-failure\n")
            .Write("etc/tomcat10/server.xml", ServerXml(connector))
            .Write("etc/hosts", "127.0.0.1 localhost\n::1 localhost ip6-localhost\n")
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/xwiki", Site);
        if (context)
        {
            tree.Write("etc/xwiki/xwiki-tomcat10.xml", "<Context path=\"/xwiki\" docBase=\"/usr/lib/xwiki\"/>\n")
                .Link("etc/tomcat10/Catalina/localhost/xwiki.xml", "/etc/xwiki/xwiki-tomcat10.xml");
        }

        return tree;
    }

    private static (List<Diagnostic> Findings, IReadOnlyList<string> Notes) Lint(TempTree tree)
    {
        var run = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All);
        return (run.Diagnostics.ToList(), run.Notes);
    }

    [Fact]
    public void The_packaged_unit_is_the_tomcat_read_and_a_drift_is_an_error_with_a_safe_fix()
    {
        using var tree = Tree();
        var model = HostTrees.Model(tree);
        Assert.DoesNotContain(model.UnreadPrograms, p => p.Who.Contains("tomcat10.service", StringComparison.Ordinal));
        Assert.Equal("tomcat10.service", Assert.Single(model.Tomcat).UnitName);

        var finding = Assert.Single(Lint(tree).Findings, d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.DoesNotContain("does not read", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Applicability.Safe, finding.Fix!.Applicability);
        Assert.Contains("127.0.0.1:8081", finding.Fix.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_context_file_nothing_ties_the_tomcat_and_the_drift_is_info_but_not_for_an_unread_program()
    {
        using var tree = Tree(context: false);
        var finding = Assert.Single(Lint(tree).Findings, d => d.Code == "CL001");
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("nothing on this host listens there", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("runs a program ConfLint does not read", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catalina_base_the_root_lacks_leaves_the_unit_unread()
    {
        // /etc/default/tomcat10 moves CATALINA_BASE to a folder the root does not hold: /etc/tomcat10/server.xml only
        // stands in for the file that Tomcat reads, so the unit may listen anywhere.
        using var tree = Tree(context: false).Write("etc/default/tomcat10", "CATALINA_BASE=/srv/tomcat-base\n");
        var model = HostTrees.Model(tree);
        Assert.Contains(model.UnreadPrograms, p => p.Who.Contains("tomcat10.service", StringComparison.Ordinal));
        var finding = Assert.Single(Lint(tree).Findings, d => d.Code == "CL001");
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("service 'tomcat10.service' runs a program ConfLint does not read", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_tomcat9s_server_xml_is_no_listener_where_the_unit_folder_holds_tomcat10s_unit()
    {
        using var tree = Tree().Write("etc/tomcat9/server.xml", ServerXml("<Connector port=\"8080\" protocol=\"HTTP/1.1\"/>"));
        var model = HostTrees.Model(tree);
        Assert.Equal("/etc/tomcat10/server.xml", Assert.Single(model.Tomcat).ServerXml.ServerPath);

        var (findings, notes) = Lint(tree);
        Assert.Equal(Severity.Error, Assert.Single(findings, d => d.Code == "CL001").Severity);
        Assert.Contains(notes, n => n.Contains("etc/tomcat9/server.xml: leftover configuration of a removed package (tomcat9.service has no unit file", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("usr/share/tomcat9/bin/catalina.sh", "#!/bin/sh\n")]
    [InlineData("etc/init.d/tomcat9", "#!/bin/sh\n")]
    [InlineData("lib/systemd/system/tomcat9.service", "[Service]\nExecStart=/bin/sh /usr/libexec/tomcat9/tomcat-start.sh\n")]
    [InlineData("etc/systemd/system/xwiki.service", "[Service]\nEnvironment=CATALINA_BASE=/var/lib/tomcat9\nExecStart=/usr/share/java/run-tomcat /var/lib/tomcat9\n")]
    [InlineData("var/lib/dpkg/status", "Package: tomcat9\nStatus: install ok installed\nVersion: 9.0.70-2\n\n")]
    public void Any_sign_the_package_may_still_run_keeps_tomcat9_a_listener(string path, string text)
    {
        using var tree = Tree().Write("etc/tomcat9/server.xml", ServerXml("<Connector port=\"8080\" protocol=\"HTTP/1.1\"/>")).Write(path, text);
        Assert.Equal(2, HostTrees.Model(tree).Tomcat.Count);
        Assert.DoesNotContain(Lint(tree).Findings, d => d.Code == "CL001");
    }

    [Fact]
    public void A_tree_of_etc_alone_proves_nothing_removed()
    {
        using var tree = Tree().Write("etc/tomcat9/server.xml", ServerXml("<Connector port=\"8080\" protocol=\"HTTP/1.1\"/>"));
        File.Delete(Path.Combine(tree.Root, "lib/systemd/system/tomcat10.service"));
        Assert.Equal(2, HostTrees.Model(tree).Tomcat.Count);
        Assert.DoesNotContain(Lint(tree).Findings, d => d.Code == "CL001");
    }

    [Fact]
    public void Dpkgs_config_files_state_proves_the_removal_without_the_unit_folder()
    {
        using var tree = Tree()
            .Write("etc/tomcat9/server.xml", ServerXml("<Connector port=\"8080\" protocol=\"HTTP/1.1\"/>"))
            .Write("var/lib/dpkg/status", "Package: tomcat9\nStatus: deinstall ok config-files\nVersion: 9.0.70-2\n\n");
        File.Delete(Path.Combine(tree.Root, "lib/systemd/system/tomcat10.service"));
        Assert.Single(HostTrees.Model(tree).Tomcat);
        Assert.Contains(Lint(tree).Notes, n => n.Contains("dpkg lists tomcat9 as 'deinstall ok config-files'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_connector_whose_port_is_a_property_may_listen_anywhere()
    {
        using var tree = Tree(connector: "<Connector port=\"8081\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"/>\n<Connector port=\"${xwiki.port}\" protocol=\"HTTP/1.1\"/>");
        var model = HostTrees.Model(tree);
        Assert.Contains(model.UnknownListeners, u => u.Why.Contains("${xwiki.port}", StringComparison.Ordinal));
        Assert.DoesNotContain(Lint(tree).Findings, d => d.Code == "CL001" && d.Severity == Severity.Error);
    }
}
