using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>Apache to Ubuntu's tomcat10 over AJP. An AJP connector with no <c>address</c> listens on the JVM's loopback
/// address (AbstractAjpProtocol's constructor: <c>setAddress(InetAddress.getLoopbackAddress())</c>, 9.0.31 and later):
/// 127.0.0.1, or ::1 with <c>-Djava.net.preferIPv6Addresses=true</c>; every address before 9.0.31. The package's unit is
/// what runs the Tomcat: a Tomcat whose unit the root's links prove not enabled does not start at boot (CL001). The
/// finding's note points at the connector of the target's protocol.</summary>
public sealed class TomcatAjpDefaultAddressTests
{
    private const string Unit = "[Unit]\nDescription=Apache Tomcat 10 Web Application Server\n\n[Service]\nEnvironment=\"CATALINA_HOME=/usr/share/tomcat10\"\n"
        + "Environment=\"CATALINA_BASE=/var/lib/tomcat10\"\nEnvironment=\"JAVA_OPTS=-Djava.awt.headless=true\"\nType=simple\n"
        + "ExecStart=/bin/sh /usr/libexec/tomcat10/tomcat-start.sh\nSuccessExitStatus=143\nRestart=on-failure\nUser=tomcat\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string Apache = "[Service]\nType=forking\nExecStart=/usr/sbin/apachectl start\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static string ServerXml(string ajpAddress) => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Server port=\"-1\" shutdown=\"SHUTDOWN\">\n  <Service name=\"Catalina\">\n"
        + "    <Connector port=\"8080\" protocol=\"HTTP/1.1\" connectionTimeout=\"20000\"/>\n"
        + $"    <Connector protocol=\"AJP/1.3\"{ajpAddress} port=\"8009\" secret=\"s3cret\"/>\n"
        + "    <Engine name=\"Catalina\" defaultHost=\"localhost\">\n      <Host name=\"localhost\" appBase=\"webapps\"/>\n    </Engine>\n  </Service>\n</Server>\n";

    /// <summary>Ubuntu's tomcat10 (<paramref name="version"/> in dpkg's status) and Apache sending /server to
    /// <paramref name="target"/>; both units enabled by links unless <paramref name="tomcatEnabled"/> is false.</summary>
    private static TempTree Tree(string target, string ajpAddress = "", string hosts = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n",
        string defaults = "JAVA_OPTS=\"-Djava.awt.headless=true -Xmx2048m\"\n", bool tomcatEnabled = true, string package = "tomcat10", string version = "10.1.16-1")
    {
        var tree = new TempTree()
            .Write($"lib/systemd/system/{package}.service", Unit.Replace("tomcat10", package, StringComparison.Ordinal))
            .Write("lib/systemd/system/apache2.service", Apache)
            .Link("etc/systemd/system/multi-user.target.wants/apache2.service", "/lib/systemd/system/apache2.service")
            .Write($"etc/default/{package}", "# Read by tomcat-start.sh\n" + defaults)
            .Write($"etc/{package}/server.xml", ServerXml(ajpAddress))
            .Write("var/lib/dpkg/status", $"Package: {package}\nStatus: install ok installed\nVersion: {version}\n\n")
            .Write("etc/hosts", hosts)
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\ntomcat:x:998:998::/var/lib/tomcat10:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\ntomcat:x:998:\n")
            .Write("etc/apache2/apache2.conf", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n"
                + "LoadModule proxy_ajp_module /usr/lib/apache2/modules/mod_proxy_ajp.so\nErrorLog /dev/null\nServerName localhost\nListen 80\n"
                + $"<VirtualHost *:80>\n    ServerName repository.example.edu\n    ProxyPass /server {target} secret=s3cret\n    ProxyPassReverse /server {target}\n</VirtualHost>\n");
        if (tomcatEnabled)
        {
            tree.Link($"etc/systemd/system/multi-user.target.wants/{package}.service", $"/lib/systemd/system/{package}.service");
        }

        return tree;
    }

    private static List<Diagnostic> Lint(TempTree tree) =>
        Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All).Diagnostics.ToList();

    [Fact]
    public void The_default_ajp_address_is_the_IPv4_loopback_so_the_IPv6_one_is_refused()
    {
        // The default is InetAddress.getLoopbackAddress(), one address, not the name localhost (which the hosts file
        // gives as both loopbacks here).
        using var tree = Tree("ajp://[::1]:8009/server");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.EndsWith("apache2/apache2.conf", finding.Location.Path.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Contains("ProxyPass ajp://[::1]:8009/server: nothing on this host listens there", finding.Message, StringComparison.Ordinal);
        Assert.Contains("listens on 127.0.0.1:8009", finding.Message, StringComparison.Ordinal);
        Assert.Contains("the JVM's loopback address, 127.0.0.1", finding.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8009", finding.Fix!.Title, StringComparison.Ordinal);

        // The note points at the AJP connector (line 5 of server.xml), not the HTTP one on line 4.
        var note = Assert.Single(finding.Related, r => r.Location.Path.Replace('\\', '/').EndsWith("tomcat10/server.xml", StringComparison.Ordinal));
        Assert.Equal(5, note.Location.Start.Line);
    }

    [Fact]
    public void The_default_ajp_address_reached_on_127_0_0_1_is_silent()
    {
        using var tree = Tree("ajp://127.0.0.1:8009/server");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void An_ajp_connector_on_the_IPv6_loopback_reached_there_is_silent()
    {
        using var tree = Tree("ajp://[::1]:8009/server", " address=\"::1\"");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void Localhost_that_the_hosts_file_gives_both_loopbacks_is_silent()
    {
        // mod_proxy (and nginx) try each address a name resolves to: 127.0.0.1 answers.
        using var tree = Tree("ajp://localhost:8009/server");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void An_explicit_address_localhost_is_what_the_hosts_file_says()
    {
        // address="localhost" is resolved (by /etc/hosts here: 127.0.0.1 only), unlike the default, which is no name.
        using var tree = Tree("ajp://[::1]:8009/server", " address=\"localhost\"", hosts: "127.0.0.1 localhost\n::1 ip6-localhost ip6-loopback\n");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Contains("listens on 127.0.0.1:8009", finding.Message, StringComparison.Ordinal);
        Assert.Contains("'localhost', as /etc/hosts gives it", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PreferIPv6Addresses_makes_the_default_the_IPv6_loopback()
    {
        const string Defaults = "JAVA_OPTS=\"-Djava.awt.headless=true -Djava.net.preferIPv6Addresses=true -Xmx2048m\"\n";
        using (var refused = Tree("ajp://127.0.0.1:8009/server", defaults: Defaults))
        {
            var finding = Assert.Single(Lint(refused), d => d.Code == "CL001");
            Assert.Equal(Severity.Error, finding.Severity);
            Assert.Contains("listens on [::1]:8009", finding.Message, StringComparison.Ordinal);
            Assert.Contains("-Djava.net.preferIPv6Addresses=true in /etc/default/tomcat10:2", finding.Message, StringComparison.Ordinal);
        }

        using var reached = Tree("ajp://[::1]:8009/server", defaults: Defaults);
        Assert.DoesNotContain(Lint(reached), d => d.Code == "CL001");
    }

    [Fact]
    public void PreferIPv6Addresses_is_read_from_the_units_environment_and_setenv_sh()
    {
        using (var dropIn = Tree("ajp://127.0.0.1:8009/server")
            .Write("etc/systemd/system/tomcat10.service.d/ipv6.conf", "[Service]\nEnvironment=\"CATALINA_OPTS=-Djava.net.preferIPv6Addresses=true\"\n"))
        {
            var finding = Assert.Single(Lint(dropIn), d => d.Code == "CL001");
            Assert.Contains("listens on [::1]:8009", finding.Message, StringComparison.Ordinal);
            Assert.Contains("CATALINA_OPTS of tomcat10.service's environment", finding.Message, StringComparison.Ordinal);
        }

        using var setenv = Tree("ajp://127.0.0.1:8009/server")
            .Write("var/lib/tomcat10/bin/setenv.sh", "#!/bin/sh\nCATALINA_OPTS=\"$CATALINA_OPTS -Djava.net.preferIPv6Addresses=true\"\n");
        var fromSetenv = Assert.Single(Lint(setenv), d => d.Code == "CL001");
        Assert.Contains("/var/lib/tomcat10/bin/setenv.sh:2", fromSetenv.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PreferIPv6Addresses_in_a_comment_or_set_to_system_is_no_evidence_either_way()
    {
        using (var commented = Tree("ajp://127.0.0.1:8009/server", defaults: "#JAVA_OPTS=\"-Djava.net.preferIPv6Addresses=true\"\n"))
        {
            Assert.DoesNotContain(Lint(commented), d => d.Code == "CL001");
        }

        // "system" puts the IPv6 loopback first on JDK 9 and later, not on 8: either loopback may be the one.
        foreach (var target in (string[])["ajp://127.0.0.1:8009/server", "ajp://[::1]:8009/server"])
        {
            using var system = Tree(target, defaults: "JAVA_OPTS=\"-Djava.net.preferIPv6Addresses=system\"\n");
            Assert.DoesNotContain(Lint(system), d => d.Code == "CL001");
        }
    }

    [Fact]
    public void Before_9_0_31_the_ajp_connector_listens_on_every_address()
    {
        using var tree = Tree("ajp://[::1]:8009/server", package: "tomcat9", version: "9.0.16-4");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void A_tomcat_of_unknown_version_is_not_judged_on_the_default_address()
    {
        // Every address before 9.0.31, the loopback since: an error only where every version agrees.
        using var tree = new TempTree()
            .Write("opt/tomcat/conf/server.xml", ServerXml(string.Empty))
            .Write("etc/hosts", "127.0.0.1 localhost\n")
            .Write("etc/apache2/apache2.conf", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_ajp_module /usr/lib/apache2/modules/mod_proxy_ajp.so\n"
                + "Listen 80\n<VirtualHost *:80>\n    ProxyPass /server ajp://[::1]:8009/server secret=s3cret\n</VirtualHost>\n");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void A_tomcat_whose_unit_is_not_enabled_does_not_start_at_boot()
    {
        using var tree = Tree("ajp://127.0.0.1:8009/server", tomcatEnabled: false);
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("only service 'tomcat10.service' listens at 127.0.0.1:8009", finding.Message, StringComparison.Ordinal);
        Assert.Contains("it is not enabled", finding.Message, StringComparison.Ordinal);
        Assert.Contains("systemctl enable tomcat10.service", finding.Fix!.Title, StringComparison.Ordinal);
        Assert.Contains(finding.Related, r => r.Message.Contains("WantedBy", StringComparison.Ordinal) || r.Message.Contains("multi-user.target", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tomcat_whose_unit_is_enabled_by_a_link_is_silent()
    {
        using var tree = Tree("ajp://127.0.0.1:8009/server");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001" || d.Code == "CL007");
    }
}
