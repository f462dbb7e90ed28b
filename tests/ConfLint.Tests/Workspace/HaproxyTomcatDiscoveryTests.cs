using ConfLint.Syntax;
using ConfLint.Tests.Support;
using ConfLint.Workspace;
using ConfLint.Workspace.Haproxy;
using ConfLint.Workspace.Tomcat;

namespace ConfLint.Tests.Workspace;

/// <summary>Where a root's HAProxy and Tomcat configurations are: as their services start them.</summary>
public class HaproxyTomcatDiscoveryTests
{
    private const string DebianUnit = """
        [Service]
        EnvironmentFile=-/etc/default/haproxy
        Environment="CONFIG=/etc/haproxy/haproxy.cfg" "PIDFILE=/run/haproxy.pid" "EXTRAOPTS=-S /run/haproxy-master.sock"
        ExecStart=/usr/sbin/haproxy -Ws -f $CONFIG -p $PIDFILE $EXTRAOPTS
        """;

    private static ConfigWorkspace LoadRoot(TempTree tree) => WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });

    private static IReadOnlyList<HaproxyLaunch> Launches(TempTree tree)
    {
        var workspace = LoadRoot(tree);
        return HaproxyLaunch.Find(workspace.FileSystem, workspace.Units);
    }

    [Fact]
    public void Debians_unit_reads_the_default_file_whose_settings_override_its_environment_and_a_folder_gives_its_cfg_files_in_byte_order()
    {
        using var tree = new TempTree()
            .Write("lib/systemd/system/haproxy.service", DebianUnit)
            .Write("etc/default/haproxy", "# defaults\nCONFIG=\"/etc/haproxy/conf.d\"\nEXTRAOPTS=\"-f /etc/haproxy/extra.cfg\"\n")
            .Write("etc/haproxy/haproxy.cfg", "global\n")
            .Write("etc/haproxy/extra.cfg", "global\n")
            .Write("etc/haproxy/conf.d/b.cfg", "backend b\n")
            .Write("etc/haproxy/conf.d/A.cfg", "frontend a\n")
            .Write("etc/haproxy/conf.d/.hidden.cfg", "frontend h\n")
            .Write("etc/haproxy/conf.d/c.cfg.bak", "frontend c\n")
            .Write("etc/haproxy/conf.d/notes.txt", "x\n");
        var launch = Assert.Single(Launches(tree));
        Assert.Equal("haproxy.service", launch.UnitName);
        Assert.Equal(["/etc/haproxy/conf.d/A.cfg", "/etc/haproxy/conf.d/b.cfg", "/etc/haproxy/extra.cfg"], launch.ConfigPaths);
        Assert.Equal("/run/haproxy.pid", launch.Environment["PIDFILE"]);

        var workspace = LoadRoot(tree);
        Assert.Equal(
            ["etc/haproxy/conf.d/A.cfg", "etc/haproxy/conf.d/b.cfg", "etc/haproxy/extra.cfg"],
            workspace.FilesOfKind(ConfigKind.Haproxy).Select(f => f.DisplayPath));
        Assert.DoesNotContain(workspace.Files, f => f.DisplayPath == "etc/haproxy/haproxy.cfg");
    }

    [Fact]
    public void Without_a_unit_the_default_file_is_read_and_a_unit_that_runs_no_haproxy_is_none()
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system/app.service", "[Service]\nExecStart=/usr/bin/node /srv/app.js\n")
            .Write("etc/haproxy/haproxy.cfg", "global\n");
        var launch = Assert.Single(Launches(tree));
        Assert.Null(launch.UnitName);
        Assert.Equal([HaproxyLaunch.DefaultConfig], launch.ConfigPaths);
    }

    [Fact]
    public void A_unit_of_another_name_that_runs_haproxy_counts_and_a_missing_file_is_reported()
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system/edge.service", "[Service]\nExecStart=/usr/sbin/haproxy -Ws -f /srv/lb/edge.cfg -f /srv/lb/missing.cfg\n")
            .Write("srv/lb/edge.cfg", "global\n");
        var launch = Assert.Single(Launches(tree));
        Assert.Equal("edge.service", launch.UnitName);
        Assert.Equal(["/srv/lb/edge.cfg", "/srv/lb/missing.cfg"], launch.ConfigPaths);
        var workspace = LoadRoot(tree);
        Assert.Contains(workspace.Diagnostics, d => d.Code == "CL000" && d.Location.Path == "srv/lb/missing.cfg");
    }

    [Fact]
    public void Tomcat_is_found_through_catalina_base_and_named_by_the_packages_path()
    {
        using var tree = new TempTree()
            .Write("lib/systemd/system/tomcat10.service", "[Service]\nEnvironment=\"CATALINA_HOME=/usr/share/tomcat10\"\nEnvironment=\"CATALINA_BASE=/var/lib/tomcat10\"\nExecStart=/bin/sh /usr/libexec/tomcat10/tomcat-start.sh\n")
            .Write("etc/tomcat10/server.xml", "<Server/>\n")
            .Link("var/lib/tomcat10/conf", "/etc/tomcat10")
            .Write("opt/tomcat/conf/server.xml", "<Server/>\n")
            .Write("opt/tomcat/conf/web.xml", "<web-app/>\n");
        var workspace = LoadRoot(tree);
        var installs = TomcatInstall.Find(workspace.FileSystem, workspace.Units);
        Assert.Equal(["/etc/tomcat10/server.xml", "/opt/tomcat/conf/server.xml"], installs.Select(i => i.ServerXml));
        Assert.Equal("tomcat10.service", installs[0].UnitName);
        Assert.Equal(["etc/tomcat10/server.xml", "opt/tomcat/conf/server.xml"], workspace.FilesOfKind(ConfigKind.Tomcat).Select(f => f.DisplayPath));
    }

    [Fact]
    public void A_catalina_base_from_the_default_file_wins()
    {
        using var tree = new TempTree()
            .Write("lib/systemd/system/tomcat9.service", "[Service]\nEnvironment=\"CATALINA_BASE=/var/lib/tomcat9\"\nExecStart=/bin/sh /usr/libexec/tomcat9/tomcat-start.sh\n")
            .Write("etc/default/tomcat9", "CATALINA_BASE=/srv/tomcat-base\n")
            .Write("srv/tomcat-base/conf/server.xml", "<Server/>\n");
        var install = Assert.Single(TomcatInstall.Find(LoadRoot(tree).FileSystem, LoadRoot(tree).Units));
        Assert.Equal("/srv/tomcat-base/conf/server.xml", install.ServerXml);
    }

    [Theory]
    [InlineData("etc/haproxy/haproxy.cfg", ConfigKind.Haproxy)]
    [InlineData("srv/lb/haproxy-edge.cfg", ConfigKind.Haproxy)]
    [InlineData("etc/tomcat9/server.xml", ConfigKind.Tomcat)]
    [InlineData("etc/haproxy/errors/503.http", null)]
    [InlineData("etc/tomcat10/web.xml", null)]
    [InlineData("etc/tomcat10/policy.d/01system.policy", null)]
    public void Kinds_from_paths(string path, ConfigKind? kind) => Assert.Equal(kind, KindDetector.Detect(path));

    [Theory]
    [InlineData("global\n    maxconn 10\n", ConfigKind.Haproxy)]
    [InlineData("# lb\nfrontend web\n    bind :80\n", ConfigKind.Haproxy)]
    [InlineData("listen stats\n    bind :8404\n", ConfigKind.Haproxy)]
    [InlineData("Listen 80\n", ConfigKind.Apache)]
    [InlineData("listen 8080\n", ConfigKind.Apache)]
    public void Kinds_from_content(string head, ConfigKind kind) => Assert.Equal(kind, KindDetector.FromContent(head));
}
