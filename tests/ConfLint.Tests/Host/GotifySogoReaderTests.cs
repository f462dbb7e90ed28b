using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Gotify's server as gotify/server reads its settings (2.x: configor, /etc/gotify/config.yml under the working
/// folder's config.yml, the GOTIFY_ variables over both; 3.0: the environment over the first env file), and SOGo's sogod as
/// SOGoSystemDefaults orders its defaults (the command line, the user's GNUstep defaults, sogo.conf over debconf.conf,
/// SOGoDefaults.plist), with SOPE's reading of WOPort.</summary>
public class GotifySogoReaderTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\ngotify:x:996:996::/var/lib/gotify:/usr/sbin/nologin\nsogo:x:105:109::/var/lib/sogo:/usr/sbin/nologin\n";

    private const string Group = "root:x:0:\ngotify:x:996:\nsogo:x:109:\n";

    private static AppServer Server(HostModel host, string unit) =>
        host.BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == unit).Server!;

    private static string Binds(AppServer server) => string.Join(" ", server.Binds.Select(b => b.Endpoint.Describe()));

    private static TempTree Gotify(string execStart = "/opt/gotify/gotify-linux-amd64", string environment = "", string? etc = null, string? local = null, string? etcEnv = null)
    {
        var tree = new TempTree().Write("etc/passwd", Passwd).Write("etc/group", Group)
            .Write("etc/systemd/system/gotify.service", $"[Service]\nUser=gotify\nWorkingDirectory=/var/lib/gotify\nExecStart={execStart}\n{environment}Restart=always\n\n[Install]\nWantedBy=multi-user.target\n");
        if (etc is not null)
        {
            tree.Write("etc/gotify/config.yml", etc);
        }

        if (local is not null)
        {
            tree.Write("var/lib/gotify/config.yml", local);
        }

        if (etcEnv is not null)
        {
            tree.Write("etc/gotify/server.env", etcEnv);
        }

        return tree;
    }

    [Theory]
    [InlineData("/opt/gotify/gotify-linux-amd64")]
    [InlineData("/usr/local/bin/gotify")]
    [InlineData("/opt/gotify/gotify-linux-arm-7")]
    [InlineData("/usr/local/bin/gotify serve")]
    public void With_no_file_Gotify_listens_on_port_80_on_every_address(string execStart)
    {
        using var tree = Gotify(execStart);
        var server = Server(HostTrees.Model(tree), "gotify.service");
        Assert.Equal("gotify", server.Program);
        Assert.Equal("*:80", Binds(server));
        Assert.False(server.BindsUnknown);
    }

    [Fact]
    public void A_command_other_than_serve_is_no_server()
    {
        using var tree = Gotify("/usr/local/bin/gotify migrate-config /etc/gotify/config.yml");
        Assert.DoesNotContain(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>(), s => s.UnitName == "gotify.service" && s.Server is not null);
    }

    [Fact]
    public void The_etc_file_sets_the_address_and_the_port()
    {
        using var tree = Gotify(etc: "server:\n  listenaddr: \"127.0.0.1\"\n  port: 8090\n");
        var server = Server(HostTrees.Model(tree), "gotify.service");
        Assert.Equal("127.0.0.1:8090", Binds(server));
        Assert.Equal(3, server.Binds[0].Location.Start.Line);
    }

    [Fact]
    public void The_working_folders_file_wins_key_by_key_over_etcs()
    {
        using var tree = Gotify(etc: "server:\n  listenaddr: \"127.0.0.1\"\n  port: 8090\n", local: "server:\n  port: 8095\n");
        Assert.Equal("127.0.0.1:8095", Binds(Server(HostTrees.Model(tree), "gotify.service")));
    }

    [Fact]
    public void The_environment_wins_over_both_files()
    {
        using var tree = Gotify(environment: "Environment=GOTIFY_SERVER_PORT=8080\n", etc: "server:\n  listenaddr: \"127.0.0.1\"\n  port: 8090\n");
        var server = Server(HostTrees.Model(tree), "gotify.service");
        Assert.Equal("127.0.0.1:8080", Binds(server));
        // Located at the Environment= line.
        Assert.Equal(5, server.Binds[0].Location.Start.Line);
        Assert.Contains("GOTIFY_SERVER_PORT=8080", server.Binds[0].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_variable_changes_nothing_in_2x()
    {
        using var tree = Gotify(environment: "Environment=GOTIFY_SERVER_PORT=\n", etc: "server:\n  port: 8090\n");
        Assert.Equal("*:8090", Binds(Server(HostTrees.Model(tree), "gotify.service")));
    }

    [Fact]
    public void Tls_adds_the_second_listener()
    {
        using var tree = Gotify(etc: "server:\n  port: 8090\n  ssl:\n    enabled: true\n    port: 8443\n    listenaddr: 127.0.0.1\n");
        Assert.Equal("*:8090 127.0.0.1:8443", Binds(Server(HostTrees.Model(tree), "gotify.service")));
    }

    [Fact]
    public void A_unix_socket_listenaddr_is_the_socket()
    {
        using var tree = Gotify(etc: "server:\n  listenaddr: unix:/run/gotify/gotify.sock\n");
        Assert.Equal("unix:/run/gotify/gotify.sock", Binds(Server(HostTrees.Model(tree), "gotify.service")));
    }

    [Fact]
    public void A_3x_env_file_is_read_under_the_environment()
    {
        using var tree = Gotify(environment: "Environment=GOTIFY_SERVER_LISTENADDR=127.0.0.1\n", etcEnv: "# gotify 3\nGOTIFY_SERVER_PORT=8070\nGOTIFY_SERVER_LISTENADDR=0.0.0.0\n");
        var server = Server(HostTrees.Model(tree), "gotify.service");
        Assert.Equal("127.0.0.1:8070", Binds(server));
        Assert.False(server.BindsUnknown);
    }

    [Theory]
    [InlineData("server:\n  port: 8090\n", "GOTIFY_SERVER_PORT=8070\n", null)]
    [InlineData("server:\n  Port: 8090\n", null, null)]
    [InlineData("server:\n  port: \"8090\"\n", null, null)]
    [InlineData("server:\n  port: 8090\n", null, "etc/gotify/config.development.yml")]
    [InlineData("server:\n  listenaddr: localhost\n", null, null)]
    [InlineData("server: [\n", null, null)]
    public void What_ConfLint_cannot_place_is_unknown(string etc, string? etcEnv, string? other)
    {
        using var tree = Gotify(etc: etc, etcEnv: etcEnv);
        if (other is not null)
        {
            tree.Write(other, "server:\n  port: 9000\n");
        }

        var server = Server(HostTrees.Model(tree), "gotify.service");
        Assert.True(server.BindsUnknown);
        Assert.Empty(server.Binds);
    }

    [Fact]
    public void An_environment_file_the_unit_names_but_the_root_lacks_leaves_it_unknown()
    {
        using var tree = Gotify(environment: "EnvironmentFile=/etc/default/gotify\n", etc: "server:\n  port: 8090\n");
        Assert.True(Server(HostTrees.Model(tree), "gotify.service").BindsUnknown);
    }

    private const string SogoConf = "{\n  /* SOGo */\n  SOGoProfileURL = \"postgresql://sogo:pw@127.0.0.1:5432/sogo/sogo_user_profile\";\n  SOGoUserSources = (\n    {\n      type = ldap;\n      bindFields = (uid, mail);\n    }\n  );\n  WOLogFile = /var/log/sogo/sogo.log;\n  //WOPort = \"127.0.0.1:20001\";\n{0}}\n";

    private static TempTree Sogo(string settings = "", string arguments = "", string defaultFile = "PREFORK=15\n", string? debconf = null)
    {
        var tree = new TempTree().Write("etc/passwd", Passwd).Write("etc/group", Group)
            .Write("etc/default/sogo", defaultFile)
            .Write("etc/sogo/sogo.conf", SogoConf.Replace("{0}", settings, StringComparison.Ordinal))
            .Write("lib/systemd/system/sogo.service", $"[Service]\nType=forking\nUser=sogo\nEnvironment=\"PREFORK=3\"\nEnvironmentFile=-/etc/default/sogo\nExecStart=/usr/sbin/sogod -WOWorkersCount ${{PREFORK}} -WOPidFile /run/sogo/sogo.pid{arguments}\n\n[Install]\nWantedBy=multi-user.target\n");
        if (debconf is not null)
        {
            tree.Write("etc/sogo/debconf.conf", debconf);
        }

        return tree;
    }

    [Fact]
    public void Sogod_listens_on_its_default_WOPort()
    {
        using var tree = Sogo();
        var server = Server(HostTrees.Model(tree), "sogo.service");
        Assert.Equal("sogod", server.Program);
        Assert.Equal("127.0.0.1:20000", Binds(server));
        Assert.False(server.BindsUnknown);
    }

    [Theory]
    [InlineData("  WOPort = \"127.0.0.1:20001\";\n", "", null, "127.0.0.1:20001")]
    [InlineData("  WOPort = 20002;\n", "", null, "127.0.0.1:20002")]
    [InlineData("  WOPort = 20002;\n  WOHttpAllowHost = (10.0.0.5);\n", "", null, "*:20002")]
    [InlineData("  WOPort = \"127.0.0.1:20001\";\n", " -WOPort 127.0.0.1:20005", null, "127.0.0.1:20005")]
    [InlineData("  WOPort = \"127.0.0.1:20001\";\n", " -p 20006", null, "127.0.0.1:20006")]
    [InlineData("", "", "{\n  WOPort = \"127.0.0.1:20007\";\n}\n", "127.0.0.1:20007")]
    [InlineData("  WOPort = \"127.0.0.1:20001\";\n", "", "{\n  WOPort = \"127.0.0.1:20007\";\n}\n", "127.0.0.1:20001")]
    public void The_command_line_wins_over_sogo_conf_which_wins_over_debconf(string settings, string arguments, string? debconf, string binds)
    {
        using var tree = Sogo(settings, arguments, debconf: debconf);
        var server = Server(HostTrees.Model(tree), "sogo.service");
        Assert.Equal(binds, Binds(server));
        Assert.False(server.BindsUnknown);
    }

    [Fact]
    public void The_users_GNUstep_defaults_leave_it_unknown()
    {
        using var tree = Sogo().Write("var/lib/sogo/GNUstep/Defaults/.GNUstepDefaults", "{\n  sogod = {\n    WOPort = 20010;\n  };\n}\n");
        Assert.True(Server(HostTrees.Model(tree), "sogo.service").BindsUnknown);
    }

    [Theory]
    [InlineData("  WOPort = \"127.0.0.1:20001\"\n")]
    [InlineData("  WOPort = (20001);\n")]
    public void A_file_sogod_cannot_parse_or_a_WOPort_that_is_no_address_is_unknown(string settings)
    {
        using var tree = Sogo(settings);
        Assert.True(Server(HostTrees.Model(tree), "sogo.service").BindsUnknown);
    }

    [Fact]
    public void ActiveSync_is_held_up_to_the_longer_interval_within_the_watchdog()
    {
        using var tree = Sogo("  SOGoMaximumPingInterval = 3540;\n  SOGoMaximumSyncInterval = 3000;\n  WOWatchDogRequestTimeout = 60;\n");
        var server = Server(HostTrees.Model(tree), "sogo.service");
        var held = Assert.Single(server.PathRequestTimeouts);
        Assert.Equal("/SOGo/Microsoft-Server-ActiveSync", held.Path);
        Assert.Equal(3540, held.Value.TotalSeconds);
        Assert.Contains("SOGoMaximumPingInterval = 3540 in /etc/sogo/sogo.conf", held.Setting, StringComparison.Ordinal);
        Assert.Contains("-WOWorkersCount 15", held.Setting, StringComparison.Ordinal);
        Assert.Null(server.RequestTimeout);
    }

    [Fact]
    public void The_watchdog_ends_a_hold_longer_than_its_minutes()
    {
        using var tree = Sogo("  SOGoMaximumPingInterval = 3540;\n");
        var held = Assert.Single(Server(HostTrees.Model(tree), "sogo.service").PathRequestTimeouts);
        Assert.Equal(600, held.Value.TotalSeconds);
        Assert.Contains("WOWatchDogRequestTimeout", held.Setting, StringComparison.Ordinal);
    }

    [Fact]
    public void By_default_a_Sync_is_held_30_seconds()
    {
        using var tree = Sogo();
        Assert.Equal(30, Assert.Single(Server(HostTrees.Model(tree), "sogo.service").PathRequestTimeouts).Value.TotalSeconds);
    }
}
