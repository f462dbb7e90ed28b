using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Jenkins as the packaging's launcher (jenkinsci/packaging systemd/jenkins.sh) and winstone read it, and Grafana
/// as pkg/setting merges defaults.ini, its configuration file, GF_ variables and cfg: arguments.</summary>
public class JenkinsGrafanaReaderTests
{
    private const string JenkinsUnit = "[Unit]\nDescription=Jenkins\n\n[Service]\nType=notify\nExecStart=/usr/bin/jenkins\nUser=jenkins\nEnvironment=\"JENKINS_HOME=/var/lib/jenkins\"\nWorkingDirectory=/var/lib/jenkins\nEnvironment=\"JAVA_OPTS=-Djava.awt.headless=true\"\nEnvironment=\"JENKINS_PORT=8080\"\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string GrafanaUnit = "[Unit]\nDescription=Grafana\n\n[Service]\nEnvironmentFile=/etc/default/grafana-server\nWorkingDirectory=/usr/share/grafana\nExecStart=/usr/share/grafana/bin/grafana server --config=${CONF_FILE} --packaging=deb cfg:default.paths.logs=${LOG_DIR}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string Defaults = "[server]\nprotocol = http\nhttp_addr =\nhttp_port = 3000\nsocket = /tmp/grafana.sock\nroot_url = %(protocol)s://%(domain)s:%(http_port)s/\nserve_from_sub_path = false\n\n[dataproxy]\ntimeout = 30\n";

    private static AppServer Server(HostModel host, string unit) =>
        host.BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == unit).Server!;

    private static string Binds(AppServer server) => string.Join(" ", server.Binds.Select(b => b.Endpoint.Describe()));

    private static TempTree Jenkins(string? dropIn = null)
    {
        var tree = new TempTree().Write("lib/systemd/system/jenkins.service", JenkinsUnit);
        return dropIn is null ? tree : tree.Write("etc/systemd/system/jenkins.service.d/override.conf", "[Service]\n" + dropIn);
    }

    [Fact]
    public void The_launcher_listens_on_the_units_port_on_every_address_by_default()
    {
        using var tree = Jenkins();
        var server = Server(HostTrees.Model(tree), "jenkins.service");
        Assert.Equal("jenkins", server.Program);
        Assert.Equal("*:8080", Binds(server));
        Assert.False(server.BindsUnknown);
        Assert.Null(server.ContextPath);
        // Located at the Environment= line that sets JENKINS_PORT.
        Assert.Equal(11, server.Binds[0].Location.Start.Line);
    }

    [Fact]
    public void A_drop_in_sets_the_address_the_port_and_the_prefix()
    {
        using var tree = Jenkins("Environment=\"JENKINS_LISTEN_ADDRESS=127.0.0.1\"\nEnvironment=\"JENKINS_PORT=8090\" \"JENKINS_PREFIX=/ci/\"\n");
        var server = Server(HostTrees.Model(tree), "jenkins.service");
        Assert.Equal("127.0.0.1:8090", Binds(server));
        Assert.Equal("/ci", server.ContextPath!.Value.Path);
        Assert.Contains("JENKINS_PREFIX", server.ContextPath.Value.Setting, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Environment=\"JENKINS_PORT=\"", "*:8080")]
    [InlineData("Environment=\"JENKINS_PORT=-1\" \"JENKINS_HTTPS_PORT=8443\" \"JENKINS_HTTPS_LISTEN_ADDRESS=127.0.0.1\"", "127.0.0.1:8443")]
    [InlineData("Environment=\"JENKINS_OPTS=--sessionTimeout=60 --httpPort=9000\"", "*:9000")]
    [InlineData("Environment=\"JENKINS_UNIX_DOMAIN_PATH=/run/jenkins/jenkins.socket\"", "unix:/run/jenkins/jenkins.socket")]
    public void Empty_variables_are_the_default_off_is_minus_one_and_the_last_option_wins(string dropIn, string binds)
    {
        using var tree = Jenkins(dropIn + "\n");
        var server = Server(HostTrees.Model(tree), "jenkins.service");
        Assert.Equal(binds, Binds(server));
        Assert.False(server.BindsUnknown);
    }

    [Fact]
    public void The_launchers_arguments_come_after_JENKINS_OPTS()
    {
        using var tree = new TempTree().Service("ci.service", "/usr/bin/jenkins --httpPort=7000", "Environment=JENKINS_PORT=8080 \"JENKINS_OPTS=--httpPort=9000\"");
        Assert.Equal("*:7000", Binds(Server(HostTrees.Model(tree), "ci.service")));
    }

    [Theory]
    [InlineData("Environment=\"JENKINS_OPTS=--httpPort=$PORT\"")]
    [InlineData("Environment=\"JENKINS_OPTS=--httpPort 9000\"")]
    [InlineData("Environment=\"JENKINS_PORT=eighty\"")]
    [InlineData("Environment=\"JENKINS_OPTS=--config=/etc/jenkins/winstone.properties\"")]
    public void What_the_shell_expands_a_refused_option_or_a_missing_file_is_unknown(string dropIn)
    {
        using var tree = Jenkins(dropIn + "\n");
        var server = Server(HostTrees.Model(tree), "jenkins.service");
        Assert.True(server.BindsUnknown);
        Assert.NotEmpty(server.Unknowns);
    }

    [Fact]
    public void Winstone_properties_fill_in_only_what_the_command_line_leaves_out()
    {
        using var tree = Jenkins().Write("var/lib/jenkins/winstone.properties", "# local\nhttpPort=9999\nhttpListenAddress = 127.0.0.2\n");
        var server = Server(HostTrees.Model(tree), "jenkins.service");
        Assert.Equal("127.0.0.2:8080", Binds(server));
    }

    [Fact]
    public void Java_jar_jenkins_war_reads_its_own_options_and_no_JENKINS_variables()
    {
        using var tree = new TempTree()
            .Service("a.service", "/usr/bin/java -Xmx1g -jar /opt/jenkins/jenkins.war --httpPort=8081 --httpListenAddress=127.0.0.1 --prefix=/jenkins", "Environment=JENKINS_PORT=9000")
            .Service("b.service", "/usr/bin/java -jar /opt/other/app.jar --httpPort=8082")
            .Service("c.service", "/opt/tools/jenkins --httpPort=8083");
        var host = HostTrees.Model(tree);
        var a = Server(host, "a.service");
        Assert.Equal("jenkins.war", a.Program);
        Assert.Equal("127.0.0.1:8081", Binds(a));
        Assert.Equal("/jenkins", a.ContextPath!.Value.Path);
        // Another jar, or a program named jenkins that is not the packaging's launcher, is not Jenkins.
        Assert.DoesNotContain(host.BackEndsOf<ServiceBackEnd>(), s => s.UnitName is "b.service" or "c.service");
    }

    [Fact]
    public void The_SysV_scripts_port_is_an_unread_port_when_Jenkins_does_not_listen_there()
    {
        using var tree = Jenkins().Write("etc/default/jenkins", "NAME=jenkins\nHTTP_PORT=8090\nJENKINS_ARGS=\"--httpPort=$HTTP_PORT\"\n");
        var server = Server(HostTrees.Model(tree), "jenkins.service");
        Assert.Equal("*:8080", Binds(server));
        var unread = Assert.Single(server.UnreadPorts);
        Assert.Equal(8090, unread.Port);
        Assert.Equal(2, unread.Location.Start.Line);

        using var same = Jenkins().Write("etc/default/jenkins", "HTTP_PORT=8080\n");
        Assert.Empty(Server(HostTrees.Model(same), "jenkins.service").UnreadPorts);
    }

    /// <summary>A drop-in moved Jenkins to 8081; /etc/default/jenkins is as the package installed it (HTTP_PORT=8080):
    /// the packaged value is no port an operator named, so nginx left on 8080 gets the fix to 8081 as safe.</summary>
    [Fact]
    public void The_packaged_port_in_an_untouched_init_script_file_is_no_unread_port()
    {
        using var tree = Jenkins("Environment=\"JENKINS_PORT=8081\"\n").Write("etc/default/jenkins", "NAME=jenkins\nHTTP_PORT=8080\nJENKINS_ARGS=\"--httpPort=$HTTP_PORT\"\n");
        var server = Server(HostTrees.Model(tree), "jenkins.service");
        Assert.Equal("*:8081", Binds(server));
        Assert.Empty(server.UnreadPorts);

        using var moved = Jenkins("Environment=\"JENKINS_PORT=8081\"\n").Write("etc/default/jenkins", "HTTP_PORT=8090\n");
        Assert.Equal(8090, Assert.Single(Server(HostTrees.Model(moved), "jenkins.service").UnreadPorts).Port);
    }

    [Fact]
    public void Environment_files_override_Environment_lines_as_systemd_applies_them()
    {
        using var tree = Jenkins("EnvironmentFile=/etc/jenkins.env\n").Write("etc/jenkins.env", "JENKINS_PORT=8181\n");
        Assert.Equal("*:8181", Binds(Server(HostTrees.Model(tree), "jenkins.service")));
    }

    private static TempTree Grafana(string? ini, string environment = "CONF_FILE=/etc/grafana/grafana.ini\nLOG_DIR=/var/log/grafana\n", bool defaults = true, string unit = GrafanaUnit)
    {
        var tree = new TempTree()
            .Write("lib/systemd/system/grafana-server.service", unit)
            .Write("etc/default/grafana-server", environment);
        if (defaults)
        {
            tree.Write("usr/share/grafana/conf/defaults.ini", Defaults);
        }

        return ini is null ? tree : tree.Write("etc/grafana/grafana.ini", ini);
    }

    [Fact]
    public void Grafana_takes_defaults_ini_then_its_configuration_file_with_comments_and_empty_keys_left_out()
    {
        using var tree = Grafana("[server]\n;http_port = 4000\nhttp_addr = 127.0.0.1 ; loopback\nhttp_port =\nroot_url = https://ops.example.com/grafana/\nserve_from_sub_path = true\n\n[dataproxy]\n# longer\ntimeout = 300\n");
        var server = Server(HostTrees.Model(tree), "grafana-server.service");
        Assert.Equal("grafana", server.Program);
        Assert.Equal("127.0.0.1:3000", Binds(server));
        Assert.Equal(300, server.RequestTimeout!.Value.TotalSeconds);
        Assert.Equal(10, server.RequestTimeoutAt!.Start.Line);
        Assert.Contains("[dataproxy] timeout", server.RequestTimeoutSetting, StringComparison.Ordinal);
        Assert.Equal("/grafana", server.ContextPath!.Value.Path);
    }

    [Fact]
    public void Grafana_without_a_configuration_line_listens_everywhere_on_3000_and_waits_30_s()
    {
        using var tree = Grafana("[server]\n;http_addr =\n");
        var server = Server(HostTrees.Model(tree), "grafana-server.service");
        Assert.Equal("*:3000", Binds(server));
        Assert.Equal(30, server.RequestTimeout!.Value.TotalSeconds);
        Assert.Null(server.ContextPath);

        // defaults.ini outside the root: the values the package ships in it.
        using var shipped = Grafana("[server]\nhttp_port = 3001\n", defaults: false);
        var fromPackage = Server(HostTrees.Model(shipped), "grafana-server.service");
        Assert.Equal("*:3001", Binds(fromPackage));
        Assert.Equal(30, fromPackage.RequestTimeout!.Value.TotalSeconds);
    }

    [Fact]
    public void GF_variables_override_the_file_and_cfg_arguments_override_them()
    {
        using var tree = Grafana("[server]\nhttp_port = 3001\n[dataproxy]\ntimeout = 300\n", "CONF_FILE=/etc/grafana/grafana.ini\nGF_SERVER_HTTP_PORT=3002\nGF_DATAPROXY_TIMEOUT=120\nGF_SERVER_HTTP_ADDR=\n");
        var server = Server(HostTrees.Model(tree), "grafana-server.service");
        Assert.Equal("*:3002", Binds(server));
        Assert.Equal(120, server.RequestTimeout!.Value.TotalSeconds);

        var unit = GrafanaUnit.Replace("cfg:default.paths.logs=${LOG_DIR}", "cfg:server.http_port=3003 cfg:default.dataproxy.timeout=45", StringComparison.Ordinal);
        using var arguments = Grafana("[server]\nhttp_addr = 127.0.0.1\n", "CONF_FILE=/etc/grafana/grafana.ini\nGF_SERVER_HTTP_PORT=3002\n", unit: unit);
        var fromArguments = Server(HostTrees.Model(arguments), "grafana-server.service");
        Assert.Equal("127.0.0.1:3003", Binds(fromArguments));
        Assert.Equal(45, fromArguments.RequestTimeout!.Value.TotalSeconds);
    }

    [Fact]
    public void Grafana_on_a_socket_listens_there()
    {
        using var tree = Grafana("[server]\nprotocol = socket\nsocket = /run/grafana/grafana.sock\n");
        Assert.Equal("unix:/run/grafana/grafana.sock", Binds(Server(HostTrees.Model(tree), "grafana-server.service")));
    }

    [Theory]
    [InlineData("[server]\nhttp_port = $__env{PORT}\n", "CONF_FILE=/etc/grafana/grafana.ini\n")]
    [InlineData("[server]\nhttp_port = 3000\n", "CONF_FILE=/etc/grafana/missing.ini\n")]
    [InlineData("[server]\nhttp_port = 3000\n", "LOG_DIR=/var/log/grafana\n")]
    public void An_expanded_value_or_a_configuration_file_not_in_the_root_is_unknown(string ini, string environment)
    {
        using var tree = Grafana(ini, environment);
        var server = Server(HostTrees.Model(tree), "grafana-server.service");
        Assert.True(server.BindsUnknown);
        Assert.Empty(server.Binds);
    }

    [Fact]
    public void The_older_grafana_server_binary_and_a_timeout_of_zero()
    {
        using var tree = new TempTree()
            .Service("grafana-server.service", "/usr/sbin/grafana-server --config=/etc/grafana/grafana.ini --homepath /usr/share/grafana")
            .Write("usr/share/grafana/conf/defaults.ini", Defaults)
            .Write("etc/grafana/grafana.ini", "[server]\nhttp_port = 3100\n[dataproxy]\ntimeout = 0\n")
            .Service("cli.service", "/usr/share/grafana/bin/grafana cli plugins ls");
        var host = HostTrees.Model(tree);
        var server = Server(host, "grafana-server.service");
        Assert.Equal("grafana-server", server.Program);
        Assert.Equal("*:3100", Binds(server));
        Assert.Null(server.RequestTimeout);
        Assert.DoesNotContain(host.BackEndsOf<ServiceBackEnd>(), s => s.UnitName == "cli.service");
    }
}
