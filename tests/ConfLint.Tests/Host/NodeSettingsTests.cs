using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>A node application's address: <c>--port</c>/<c>PORT</c> by convention, Wiki.js's own config.yml
/// (server/core/config.js takes PORT only for a port below 1 or under HEROKU), and an application whose own settings
/// name another port than the service gives it (not judged).</summary>
public class NodeSettingsTests
{
    private static TempTree Wiki(string config, string environment = "") => new TempTree()
        .Write("etc/systemd/system/wiki.service", $"[Service]\nWorkingDirectory=/var/wiki\n{environment}ExecStart=/usr/bin/node server\nRestart=always\n")
        .Write("var/wiki/config.yml", config);

    private static ServiceBackEnd Service(TempTree tree) => Assert.Single(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>());

    [Fact]
    public void WikiJs_listens_on_its_config_files_port_whatever_PORT_says()
    {
        using var tree = Wiki("port: 8080\nbindIP: 127.0.0.1\ndb:\n  type: postgres\n  port: 5432\n", "Environment=PORT=3000\n");
        var listener = Assert.Single(Service(tree).Listeners);
        Assert.Equal("127.0.0.1:8080", listener.Endpoint.Describe());
        Assert.Equal(("var/wiki/config.yml", 1), (listener.Location.Path, listener.Location.Start.Line));
    }

    [Theory]
    [InlineData("port: $(WIKI_PORT)\ndb:\n  type: sqlite\n", "Environment=WIKI_PORT=4000\n", "0.0.0.0:4000")]
    [InlineData("port: $(WIKI_PORT:4100)\ndb:\n  type: sqlite\n", "", "0.0.0.0:4100")]
    [InlineData("port: 0\ndb:\n  type: sqlite\n", "Environment=PORT=5000\n", "0.0.0.0:5000")]
    [InlineData("port: 8080\ndb:\n  type: sqlite\n", "Environment=HEROKU=1 PORT=5001\n", "0.0.0.0:5001")]
    [InlineData("port: 0\ndb:\n  type: sqlite\n", "", "0.0.0.0:80")]
    public void WikiJs_placeholders_and_its_PORT_fallback(string config, string environment, string expected)
    {
        using var tree = Wiki(config, environment);
        Assert.Equal(expected, Assert.Single(Service(tree).Listeners).Endpoint.Describe());
    }

    [Fact]
    public void WikiJs_with_a_variable_the_unit_does_not_set_is_unknown()
    {
        using var tree = Wiki("port: $(WIKI_PORT)\ndb:\n  type: sqlite\n", "EnvironmentFile=/etc/wiki/env\n");
        Assert.Empty(Service(tree).Listeners);
    }

    [Fact]
    public void Another_apps_own_port_that_differs_from_PORT_leaves_the_address_unknown()
    {
        using var differs = new TempTree()
            .Write("etc/systemd/system/app.service", "[Service]\nWorkingDirectory=/srv/app\nEnvironment=PORT=3000\nExecStart=/usr/bin/node index.js\n")
            .Write("srv/app/config.json", "{\n  \"port\": 4000\n}\n");
        Assert.Empty(Service(differs).Listeners);

        using var agrees = new TempTree()
            .Write("etc/systemd/system/app.service", "[Service]\nWorkingDirectory=/srv/app\nEnvironment=PORT=3000\nExecStart=/usr/bin/node index.js\n")
            .Write("srv/app/config.json", "{\n  \"port\": 3000\n}\n");
        Assert.Equal("0.0.0.0:3000", Assert.Single(Service(agrees).Listeners).Endpoint.Describe());
    }

    /// <summary>Uptime Kuma reads UPTIME_KUMA_PORT before PORT (server/config.js): with both set to different ports, PORT
    /// proves nothing. A port the application connects to (DB_PORT, REDIS_PORT) is no such variable.</summary>
    [Theory]
    [InlineData("Environment=UPTIME_KUMA_PORT=3011 PORT=3001\n", null)]
    [InlineData("Environment=APP_PORT=8080 PORT=3001\n", null)]
    [InlineData("Environment=UPTIME_KUMA_PORT=3001 PORT=3001\n", "0.0.0.0:3001")]
    [InlineData("Environment=DB_PORT=5432 REDIS_PORT=6379 SMTP_PORT=587 PORT=3001\n", "0.0.0.0:3001")]
    public void PORT_beside_another_listening_port_variable_is_unknown(string environment, string? expected)
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system/kuma.service", $"[Service]\nWorkingDirectory=/opt/kuma\n{environment}ExecStart=/usr/bin/npm run start-server\nRestart=always\n");
        var listeners = Service(tree).Listeners;
        if (expected is null)
        {
            Assert.Empty(listeners);
        }
        else
        {
            Assert.Equal(expected, Assert.Single(listeners).Endpoint.Describe());
        }
    }
}
