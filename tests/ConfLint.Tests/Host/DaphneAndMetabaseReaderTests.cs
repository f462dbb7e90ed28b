using ConfLint.Host.Systemd;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>daphne listens on each of its binds (127.0.0.1:8000 with none); Metabase's Jetty where MB_JETTY_HOST and
/// MB_JETTY_PORT say (localhost:3000), a JVM system property first.</summary>
public class DaphneAndMetabaseReaderTests
{
    /// <summary>The one service's listeners, " (unknown)" where an address of it is unknown.</summary>
    private static string Read(TempTree tree)
    {
        var model = HostTrees.Model(tree);
        var service = Assert.Single(model.BackEndsOf<ServiceBackEnd>());
        return string.Join(", ", service.Listeners.Select(l => l.Endpoint.Describe()).Order(StringComparer.Ordinal))
            + (model.UnknownListeners.Any(u => ReferenceEquals(u.BackEnd, service)) ? " (unknown)" : string.Empty);
    }

    [Theory]
    [InlineData("daphne app.asgi:application", "127.0.0.1:8000")]
    [InlineData("daphne -b 0.0.0.0 app.asgi:application", "0.0.0.0:8000")]
    [InlineData("daphne -p 8001 app.asgi:application", "127.0.0.1:8001")]
    [InlineData("daphne -u /run/daphne/daphne.sock app.asgi:application", "unix:/run/daphne/daphne.sock")]
    [InlineData("daphne -b 127.0.0.1 -p 8001 -u /run/daphne.sock app.asgi:application", "127.0.0.1:8001, unix:/run/daphne.sock")]
    [InlineData("daphne -e tcp:port=8002:interface=127.0.0.1 app.asgi:application", "127.0.0.1:8002")]
    [InlineData("daphne -e unix:/run/app/ws.sock app.asgi:application", "unix:/run/app/ws.sock")]
    [InlineData("daphne --fd 3 app.asgi:application", " (unknown)")]
    [InlineData("daphne -e ssl:443:privateKey=key.pem app.asgi:application", " (unknown)")]
    [InlineData("python -m daphne --port=8003 app.asgi:application", "127.0.0.1:8003")]
    public void Daphne_listens_on_each_of_its_binds(string command, string expected)
    {
        using var tree = new TempTree().Write("etc/systemd/system/daphne.service", $"[Service]\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/{command}\nRestart=always\n");
        Assert.Equal(expected, Read(tree));
    }

    [Theory]
    [InlineData("tcp:8000", "0.0.0.0:8000")]
    [InlineData("tcp6:port=8000:interface=\\:\\:1", "[::1]:8000")]
    [InlineData("unix:address=/run/x.sock", "unix:/run/x.sock")]
    [InlineData("tcp:port=8000:interface=example.org", null)]
    [InlineData("systemd:domain=INET:index=0", null)]
    public void Twisted_endpoint_strings_of_the_kinds_daphne_documents(string text, string? expected) =>
        Assert.Equal(expected, DaphneReader.Twisted(text)?.Describe());

    [Theory]
    [InlineData("", "", "127.0.0.1:3000")]
    [InlineData("Environment=MB_JETTY_HOST=127.0.0.1 MB_JETTY_PORT=3001\n", "", "127.0.0.1:3001")]
    [InlineData("Environment=MB_JETTY_PORT=3001\n", "-Dmb.jetty.port=3005 ", "127.0.0.1:3005")]
    [InlineData("EnvironmentFile=/etc/default/missing\n", "", " (unknown)")]
    public void Metabase_listens_where_its_jetty_settings_say(string environment, string options, string expected)
    {
        using var tree = new TempTree().Write("etc/systemd/system/metabase.service", $"[Service]\nUser=metabase\n{environment}ExecStart=/usr/bin/java -Xmx2g {options}-jar /opt/metabase/metabase.jar\nRestart=always\n");
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void Another_jar_is_not_metabase()
    {
        using var tree = new TempTree().Write("etc/systemd/system/app.service", "[Service]\nExecStart=/usr/bin/java -jar /opt/app/app.jar\nRestart=always\n");
        Assert.DoesNotContain(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>(), s => s.Server is not null);
    }
}
