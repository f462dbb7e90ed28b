using ConfLint.Host.Systemd;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>daphne listens on each of its binds (127.0.0.1:8000 with none); Metabase's Jetty where MB_JETTY_HOST and
/// MB_JETTY_PORT say (localhost:3000), a JVM system property first.</summary>
public class DaphneAndMetabaseReaderTests
{
    private static string Read(TempTree tree) => HostTrees.ServiceListeners(tree, sorted: true);

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
    [InlineData("Environment=MB_JETTY_PORT=3002\n", "--add-opens java.base/java.nio=ALL-UNNAMED ", "127.0.0.1:3002")]
    public void Metabase_listens_where_its_jetty_settings_say(string environment, string options, string expected)
    {
        using var tree = new TempTree().Write("etc/systemd/system/metabase.service", $"[Service]\nUser=metabase\n{environment}ExecStart=/usr/bin/java -Xmx2g {options}-jar /opt/metabase/metabase.jar\nRestart=always\n");
        Assert.Equal(expected, Read(tree));
    }

    /// <summary>Metabase moved by a drop-in's Environment= that its EnvironmentFile= overrides: it stays on Grafana's
    /// 127.0.0.1:3000, which Grafana's site reaches, while Metabase's site points at 3001.</summary>
    [Fact]
    public void A_back_end_reached_only_at_a_port_another_claims_is_still_a_candidate_and_its_fix_unsafe()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/metabase", "server {\n    listen 80;\n    server_name bi.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:3001;\n    }\n}\n")
            .Write("etc/nginx/sites-enabled/grafana", "server {\n    listen 80;\n    server_name grafana.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:3000;\n    }\n}\n")
            .Write("etc/default/metabase", "MB_JETTY_HOST=127.0.0.1\nMB_JETTY_PORT=3000\n")
            .Write("etc/systemd/system/metabase.service", "[Service]\nUser=metabase\nEnvironmentFile=/etc/default/metabase\nExecStart=/usr/bin/java -jar /opt/metabase/metabase.jar\nRestart=always\n")
            .Write("etc/systemd/system/metabase.service.d/override.conf", "[Service]\nEnvironment=MB_JETTY_PORT=3001\n")
            .Write("etc/systemd/system/grafana-server.service", "[Service]\nUser=grafana\nExecStart=/usr/sbin/grafana-server --config=/etc/grafana/grafana.ini --homepath=/usr/share/grafana\nRestart=on-failure\n")
            .Write("etc/grafana/grafana.ini", "[server]\nhttp_addr = 127.0.0.1\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("sites-enabled/metabase:5:20: error CL001 [*] proxy_pass http://127.0.0.1:3001: nothing on this host listens there", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("etc/default/metabase:2:1: metabase.jar in service 'metabase.service' listens here", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("but grafana-server in service 'grafana-server.service' also listens there", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sites-enabled/grafana", lint.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_jar_is_not_metabase()
    {
        using var tree = new TempTree().Write("etc/systemd/system/app.service", "[Service]\nExecStart=/usr/bin/java -jar /opt/app/app.jar\nRestart=always\n");
        Assert.DoesNotContain(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>(), s => s.Server is not null);
    }
}
