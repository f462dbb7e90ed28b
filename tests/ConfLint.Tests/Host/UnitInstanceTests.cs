using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Tests.Host;

/// <summary>Enabled instances of template units, with systemd's specifiers expanded.</summary>
public class UnitInstanceTests
{
    [Theory]
    [InlineData("PORT=%i", "app@3000.service", "PORT=3000")]
    [InlineData("%p-%I.sock in %t", "web@srv-www.service", "web-srv/www.sock in /run")]
    [InlineData("/var/lib/%N %%", "a.service", "/var/lib/a %")]
    [InlineData("%f", "mount@var-lib-x.service", "/var/lib/x")]
    public void Specifiers(string value, string unit, string expected)
    {
        Assert.Equal(expected, UnitSpecifiers.Expand(value, unit, out var complete));
        Assert.True(complete);
        UnitSpecifiers.Expand("%H", unit, out complete);
        Assert.False(complete);
    }

    [Fact]
    public void An_instance_enabled_by_a_wants_link_runs_with_its_instance()
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system/node@.service", "[Service]\nEnvironment=PORT=%i\nExecStart=/usr/bin/node /srv/app/server.js\nRestart=always\n")
            .Link("etc/systemd/system/multi-user.target.wants/node@4000.service", "/etc/systemd/system/node@.service")
            .Link("etc/systemd/system/app.target.wants/node@4001.service", "../node@.service")
            .Write("etc/systemd/system/other@.service", "[Service]\nExecStart=/usr/bin/node /x.js\n");
        var host = HostTrees.Model(tree);
        var services = host.BackEndsOf<ServiceBackEnd>().ToDictionary(s => s.UnitName);
        Assert.Equal(["node@4000.service", "node@4001.service"], services.Keys.Order());
        Assert.Equal("0.0.0.0:4000", Assert.Single(services["node@4000.service"].Listeners).Endpoint.Describe());
        Assert.Single(host.Providers(Endpoint.Tcp("127.0.0.1", 4001)));
        Assert.Equal("etc/systemd/system/node@.service", services["node@4001.service"].File.DisplayPath);
    }

    /// <summary>The back ends listening on a port are the answer as they are where all accept the address, and those that
    /// do where one does not (the model answers with its own list in the first case, a new one in the second).</summary>
    [Fact]
    public void The_providers_of_an_address_are_those_of_its_port_that_accept_it()
    {
        using var tree = new TempTree()
            .Service("a.service", "/srv/api/bin/uvicorn --host 10.0.0.5 --port 7000 app:api")
            .Service("b.service", "/srv/api/bin/uvicorn --host 127.0.0.1 --port 7000 app:api")
            .Service("c.service", "/srv/api/bin/uvicorn --host 0.0.0.0 --port 7000 app:api")
            .Service("d.service", "/srv/api/bin/uvicorn --host 127.0.0.1 --port 7001 app:api")
            .Service("e.service", "/srv/api/bin/uvicorn --host 0.0.0.0 --port 7001 app:api");
        var host = HostTrees.Model(tree);
        string[] Names(Endpoint endpoint) => host.Providers(endpoint).Cast<ServiceBackEnd>().Select(s => s.UnitName).Order().ToArray();
        Assert.Equal(["b.service", "c.service"], Names(Endpoint.Tcp("127.0.0.1", 7000)));
        Assert.Equal(["a.service", "c.service"], Names(Endpoint.Tcp("10.0.0.5", 7000)));
        Assert.Equal(["c.service"], Names(Endpoint.Tcp("10.0.0.6", 7000)));
        Assert.Equal(["d.service", "e.service"], Names(Endpoint.Tcp("127.0.0.1", 7001)));
        Assert.Equal(["e.service"], Names(Endpoint.Tcp("10.0.0.5", 7001)));
        Assert.Empty(Names(Endpoint.Tcp("127.0.0.1", 7002)));
    }

    [Fact]
    public void Command_words_take_the_units_environment()
    {
        using var tree = new TempTree()
            .Service("api.service", "/srv/api/bin/uvicorn --host ${HOST} --port $PORT app:api", "Environment=HOST=127.0.0.1 PORT=7000")
            .Service("raw.service", ":/srv/api/bin/uvicorn --port $PORT app:api", "Environment=PORT=7001");
        var host = HostTrees.Model(tree);
        var api = host.BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "api.service");
        Assert.Equal("127.0.0.1:7000", Assert.Single(api.Listeners).Endpoint.Describe());
        var raw = host.BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "raw.service");
        Assert.Empty(raw.Listeners);
        Assert.True(raw.Server!.BindsUnknown);
    }

    [Fact]
    public void An_environment_file_that_holds_secrets_is_not_read()
    {
        using var tree = new TempTree()
            .Write("etc/shadow", "PORT=4321\n")
            .Write("etc/app.env", "PORT=4000\n")
            .Service("a.service", "/usr/bin/node /srv/a.js", "EnvironmentFile=/etc/shadow")
            .Service("b.service", "/usr/bin/node /srv/b.js", "EnvironmentFile=-/etc/app.env");
        var host = HostTrees.Model(tree);
        Assert.Empty(host.BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "a.service").Listeners);
        Assert.Equal("0.0.0.0:4000", host.BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "b.service").Listeners.Single().Endpoint.Describe());
    }
}
