using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Airflow 2's <c>airflow webserver</c> binds gunicorn where its options, <c>AIRFLOW__WEBSERVER__*</c> and
/// airflow.cfg say (0.0.0.0:8080 and a 120 s sync-worker timeout by default); Home Assistant's <c>hass -c DIR</c> listens
/// where configuration.yaml's <c>http:</c> says (every address, 8123 by default). What cannot be seen leaves the address
/// unknown.</summary>
public class AirflowAndHassReaderTests
{
    private const string Cfg = "[core]\ndags_folder = /home/airflow/airflow/dags\n\n[webserver]\nWEB_SERVER_HOST = 127.0.0.1\nweb_server_port: 8793\nweb_server_worker_timeout = 240\n";

    private static TempTree Airflow(string execStart, string environment = "Environment=AIRFLOW_HOME=/home/airflow/airflow\n", string? cfg = Cfg)
    {
        var tree = new TempTree().Write("etc/systemd/system/airflow-webserver.service", $"[Service]\nUser=airflow\n{environment}ExecStart={execStart}\nRestart=always\n");
        return cfg is null ? tree : tree.Write("home/airflow/airflow/airflow.cfg", cfg);
    }

    private static string Read(TempTree tree) => HostTrees.ServiceListeners(tree, timeout: true);

    [Theory]
    [InlineData("/opt/airflow/bin/airflow webserver", "127.0.0.1:8793 240s")]
    [InlineData("/opt/airflow/bin/airflow webserver -p 9090 --hostname 0.0.0.0 -t 30", "0.0.0.0:9090 30s")]
    [InlineData("/opt/airflow/bin/airflow webserver --workerclass gevent", "127.0.0.1:8793")]
    [InlineData("/bin/bash -c 'source /opt/airflow/bin/activate && airflow webserver --pid /run/airflow/webserver.pid'", "127.0.0.1:8793 240s")]
    [InlineData("/opt/airflow/bin/python -m airflow webserver", "127.0.0.1:8793 240s")]
    public void The_webserver_binds_where_its_options_and_airflow_cfg_say(string execStart, string expected)
    {
        using var tree = Airflow(execStart);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void Its_variables_come_before_the_file_and_its_defaults_fill_the_rest()
    {
        using var variables = Airflow("/opt/airflow/bin/airflow webserver", "Environment=AIRFLOW_HOME=/home/airflow/airflow AIRFLOW__WEBSERVER__WEB_SERVER_PORT=8081\n");
        Assert.Equal("127.0.0.1:8081 240s", Read(variables));

        using var defaults = Airflow("/opt/airflow/bin/airflow webserver", cfg: "[core]\nload_examples = False\n");
        Assert.Equal("0.0.0.0:8080 120s", Read(defaults));

        using var named = Airflow("/opt/airflow/bin/airflow webserver", "Environment=AIRFLOW_HOME=/srv/elsewhere AIRFLOW_CONFIG=/home/airflow/airflow/airflow.cfg\n");
        Assert.Equal("127.0.0.1:8793 240s", Read(named));
    }

    [Theory]
    [InlineData("", Cfg)] // no AIRFLOW_HOME: ~/airflow of the user
    [InlineData("Environment=AIRFLOW_HOME=/home/airflow/airflow\n", null)] // the file is not in the root
    [InlineData("Environment=AIRFLOW_HOME=/home/airflow/airflow\n", "[webserver]\nweb_server_port = %(port)s\n")]
    [InlineData("Environment=AIRFLOW_HOME=/home/airflow/airflow\n", "[webserver]\nweb_server_port = 8080\nweb_server_port = 8081\n")]
    [InlineData("EnvironmentFile=/etc/default/missing\nEnvironment=AIRFLOW_HOME=/home/airflow/airflow\n", Cfg)]
    public void What_cannot_be_seen_leaves_the_address_unknown(string environment, string? cfg)
    {
        using var tree = Airflow("/opt/airflow/bin/airflow webserver", environment, cfg);
        Assert.Equal(" (unknown)", Read(tree));
    }

    [Fact]
    public void Other_airflow_commands_are_no_webserver()
    {
        using var tree = Airflow("/opt/airflow/bin/airflow scheduler");
        var model = HostTrees.Model(tree);
        Assert.DoesNotContain(model.BackEndsOf<ServiceBackEnd>(), s => s.Server is not null);
        Assert.Contains(model.UnreadPrograms, p => p.Words.Contains("scheduler"));
    }

    private static TempTree Hass(string? configuration, string execStart = "/srv/homeassistant/bin/hass -c \"/home/%i/.homeassistant\"")
    {
        var tree = new TempTree().Write("etc/systemd/system/home-assistant@homeassistant.service", $"[Service]\nUser=%i\nExecStart={execStart}\n");
        return configuration is null ? tree : tree.Write("home/homeassistant/.homeassistant/configuration.yaml", configuration);
    }

    [Theory]
    [InlineData("default_config:\nautomation: !include automations.yaml\n", "*:8123")]
    [InlineData("http:\n  server_port: 8124\n  use_x_forwarded_for: true\n", "*:8124")]
    [InlineData("http:\n  server_host: 127.0.0.1\n", "127.0.0.1:8123")]
    [InlineData("http:\n  server_host:\n    - 127.0.0.1\n    - ::1\n  server_port: 8300\n", "127.0.0.1:8300, [::1]:8300")]
    public void Hass_listens_where_its_http_settings_say(string configuration, string expected)
    {
        using var tree = Hass(configuration);
        Assert.Equal(expected, Read(tree));
    }

    [Theory]
    [InlineData("http: !include http.yaml\n")]
    [InlineData("http:\n  server_port: !secret ha_port\n")]
    [InlineData("homeassistant:\n  packages: !include_dir_named packages\n")]
    [InlineData("http:\n  server_host: ha.local\n")]
    [InlineData(null)]
    public void Settings_from_elsewhere_or_a_missing_file_leave_hass_unknown(string? configuration)
    {
        using var tree = Hass(configuration);
        Assert.Equal(" (unknown)", Read(tree));
    }

    [Fact]
    public void Hass_without_a_config_folder_reads_a_home_not_placed()
    {
        using var tree = Hass("http:\n  server_port: 8124\n", "/srv/homeassistant/bin/hass");
        Assert.Equal(" (unknown)", Read(tree));
    }
}
