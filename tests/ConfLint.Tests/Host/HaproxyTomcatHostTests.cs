using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Haproxy;
using ConfLint.Host.Tomcat;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Host;

/// <summary>HAProxy's servers as front ends and Tomcat's connectors as back ends, as the daemons set them up.</summary>
public sealed class HaproxyTomcatHostTests
{
    private static List<string> Findings(TempTree tree, string code) =>
        Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All)
            .Diagnostics.Where(d => d.Code == code).Select(d => $"{d.Severity.Name()} {d.Location}: {d.Message}").ToList();

    [Fact]
    public void A_proxy_inherits_from_the_last_defaults_or_the_one_it_names()
    {
        using var tree = new TempTree().Write("etc/haproxy/haproxy.cfg", """
            defaults base
                mode http
                timeout server 20s
            defaults
                mode tcp
                timeout server 40s
            backend plain
                server a 127.0.0.1:8000
            backend named from base
                server b 127.0.0.1:8001
            backend own
                timeout server 90s
                server c 127.0.0.1:8002

            """);
        var proxies = HostTrees.Model(tree).Haproxy.Single().Proxies.Where(p => p.Kind == "backend").ToDictionary(p => p.Name!);
        Assert.Equal(40_000, proxies["plain"].Timeout("server")!.Value.Value.Milliseconds);
        Assert.Equal("tcp", proxies["plain"].Mode);
        Assert.Equal(20_000, proxies["named"].Timeout("server")!.Value.Value.Milliseconds);
        Assert.Equal("http", proxies["named"].Mode);
        Assert.Equal(90_000, proxies["own"].Timeout("server")!.Value.Value.Milliseconds);
    }

    [Fact]
    public void Servers_are_front_ends_with_what_haproxy_reads_of_them()
    {
        using var tree = new TempTree().Write("etc/haproxy/haproxy.cfg", """
            global
                setenv APP_PORT 8000
            defaults
                mode http
            frontend web
                bind :80
                use_backend app if { path_beg /app }
                default_backend app
            backend app
                server env "127.0.0.1:${APP_PORT}"
                server unknown "127.0.0.1:${NOT_SET}"
                server off 127.0.0.1:9000 disabled
            .if 0
                server never 127.0.0.1:9001
            .endif

            """);
        var frontEnds = HostTrees.Model(tree).FrontEnds.Where(f => f.Details is HaproxyPass).ToList();
        Assert.Equal(["server env", "server unknown", "server off"], frontEnds.Select(f => f.DirectiveName));
        Assert.Equal("127.0.0.1:8000", Assert.Single(frontEnds[0].Targets).Endpoint.Address);
        Assert.Empty(frontEnds[1].Targets);
        Assert.Equal("the server is disabled", ((HaproxyPass)frontEnds[2].Details!).NotJudged);
        Assert.Equal(BackendProtocol.Http, frontEnds[0].Protocol);
        Assert.Equal(2, ((HaproxyPass)frontEnds[0].Details!).Routes.Count);
    }

    [Fact]
    public void The_workers_run_as_global_user_when_the_master_is_root()
    {
        using var tree = new TempTree()
            .Write("etc/haproxy/haproxy.cfg", "global\n    user haproxy\n    group haproxy\nbackend app\n    server a 127.0.0.1:8000\n");
        var frontEnd = HostTrees.Model(tree).FrontEnds.Single(f => f.Details is HaproxyPass);
        Assert.Equal("haproxy", frontEnd.Web.User);
        Assert.Equal("haproxy", frontEnd.Web.Group);
    }

    /// <summary>Tomcat 10's AJP connector without an address binds the JVM's loopback address (AbstractAjpProtocol's
    /// constructor: <c>InetAddress.getLoopbackAddress()</c>, 127.0.0.1 unless <c>java.net.preferIPv6Addresses</c>), one
    /// address whatever /etc/hosts gives <c>localhost</c>: ::1 is refused.</summary>
    [Theory]
    [InlineData("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n", "127.0.0.1", false)]
    [InlineData("::1\tlocalhost ip6-localhost\n127.0.0.1\tlocalhost\n", "[::1]", true)]
    [InlineData("127.0.0.1\tlocalhost\n", "[::1]", true)]
    public void An_ajp_connector_listens_on_the_jvms_loopback_whatever_the_hosts_file_says(string hosts, string target, bool reported)
    {
        using var tree = new TempTree()
            .Write("etc/hosts", hosts)
            .Write("etc/tomcat10/server.xml", "<Server port=\"-1\" shutdown=\"SHUTDOWN\">\n  <Service name=\"Catalina\">\n    <Connector protocol=\"AJP/1.3\" port=\"8009\" secret=\"s3cret\" />\n  </Service>\n</Server>\n")
            .Write("etc/apache2/apache2.conf", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_ajp_module /usr/lib/apache2/modules/mod_proxy_ajp.so\nListen 80\n<VirtualHost *:80>\n    ProxyPass / ajp://" + target + ":8009/ secret=s3cret\n</VirtualHost>\n")
            .Write("etc/systemd/system/web.service", "[Service]\nExecStart=/usr/sbin/apache2 -DFOREGROUND\n");
        var tomcat = HostTrees.Model(tree).Tomcat.Single();
        var connector = Assert.Single(tomcat.Connectors);
        Assert.True(connector.IsAjp);
        Assert.Equal(true, connector.SecretRequired);
        Assert.Equal(["127.0.0.1"], connector.Listeners.Select(l => l.Endpoint.Host));
        Assert.True(hosts.Length > 0);
        var cl001 = Findings(tree, "CL001");
        Assert.Equal(reported, cl001.Count > 0);
    }
}
