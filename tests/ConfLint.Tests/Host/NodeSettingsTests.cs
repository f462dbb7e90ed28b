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
}
