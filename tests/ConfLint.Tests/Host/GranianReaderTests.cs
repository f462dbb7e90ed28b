using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>granian as its click command line reads it (granian/cli.py): <c>--uds</c>, else <c>--host</c> (127.0.0.1) and
/// <c>--port</c> (8000), each also from <c>GRANIAN_*</c> in the environment (auto_envvar_prefix), the option winning; and
/// the environment a <c>sh -c</c> script leaves it (Paperless-ngx's unit).</summary>
public class GranianReaderTests
{
    private static ServiceBackEnd Service(TempTree tree) =>
        HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "web.service");

    private static string Binds(AppServer server) => string.Join(" ", server.Binds.Select(b => b.Endpoint.Describe()));

    private const string Paperless =
        "/bin/sh -c '[ -n \"$PAPERLESS_BIND_ADDR\" ] && export GRANIAN_HOST=$PAPERLESS_BIND_ADDR; "
        + "[ -n \"$PAPERLESS_PORT\" ] && export GRANIAN_PORT=$PAPERLESS_PORT; "
        + "exec /opt/paperless/venv/bin/granian --interface asginl --ws --loop uvloop \"paperless.asgi:application\"'";

    [Theory]
    [InlineData("/usr/local/bin/granian --interface asgi app:app", "", "127.0.0.1:8000")]
    [InlineData("/srv/app/venv/bin/granian --interface asgi --host 0.0.0.0 --port 9000 --workers 4 app:app", "", "0.0.0.0:9000")]
    [InlineData("/usr/bin/python3 -m granian --interface wsgi --port=8001 app:app", "", "127.0.0.1:8001")]
    [InlineData("/srv/app/venv/bin/granian --interface asgi app:app", "Environment=GRANIAN_HOST=:: GRANIAN_PORT=8010", "[::]:8010")]
    [InlineData("/srv/app/venv/bin/granian --port 9000 --interface asgi app:app", "Environment=GRANIAN_PORT=8010", "127.0.0.1:9000")]
    [InlineData("/srv/app/venv/bin/granian --host 10.0.0.5 app:app", "Environment=GRANIAN_HOST=:: GRANIAN_PORT=8010", "10.0.0.5:8010")]
    [InlineData("/srv/app/venv/bin/granian app:app", "Environment=GRANIAN_PORT=", "127.0.0.1:8000")]
    [InlineData("/srv/app/venv/bin/granian --uds /run/app/granian.sock --port 9000 app:app", "", "unix:/run/app/granian.sock")]
    [InlineData("/srv/app/venv/bin/granian app:app", "Environment=GRANIAN_UDS=/run/app/web.sock GRANIAN_PORT=9000", "unix:/run/app/web.sock")]
    [InlineData("/srv/app/venv/bin/granian --uds run/web.sock app:app", "WorkingDirectory=/srv/app", "unix:/srv/app/run/web.sock")]
    [InlineData("/usr/bin/env GRANIAN_PORT=8005 /srv/app/venv/bin/granian app:app", "Environment=GRANIAN_PORT=8010", "127.0.0.1:8005")]
    [InlineData("/bin/sh -c 'cd /srv/app && GRANIAN_PORT=8006 exec granian app:app'", "", "127.0.0.1:8006")]
    [InlineData("/bin/bash -c 'export GRANIAN_HOST=0.0.0.0 GRANIAN_PORT=${APP_PORT:-8007}; exec granian app:app'", "", "0.0.0.0:8007")]
    [InlineData(Paperless, "Environment=GRANIAN_HOST=:: GRANIAN_PORT=8000 GRANIAN_WORKERS=1", "[::]:8000")]
    [InlineData(Paperless, "Environment=GRANIAN_HOST=:: GRANIAN_PORT=8000\nEnvironment=PAPERLESS_PORT=8010", "[::]:8010")]
    public void Binds_as_granian_reads_its_options_and_environment(string command, string lines, string binds)
    {
        using var tree = new TempTree().Service("web.service", command, lines.Length == 0 ? [] : [lines]);
        var server = Service(tree).Server!;
        Assert.Equal("granian", server.Program);
        Assert.False(server.BindsUnknown, string.Join("; ", server.Unknowns));
        Assert.Equal(binds, Binds(server));
    }

    /// <summary>A <c>sh -c</c> script is read by the shell reader that follows script files: a redirection is left out of
    /// the server's words (its <c>2&gt;&amp;1</c> puts nothing in the background), <c>: ${NAME:=word}</c> sets the default,
    /// and the shell's own options before <c>-c</c> are read as the shell reads them.</summary>
    [Theory]
    [InlineData("/bin/sh -c ': ${GRANIAN_PORT:=8012}; export GRANIAN_PORT; exec granian app:app >>/var/log/granian.log 2>&1'", "", "127.0.0.1:8012")]
    [InlineData("/bin/sh -c ': ${GRANIAN_PORT:=8012}; export GRANIAN_PORT; exec granian app:app >>/var/log/granian.log 2>&1'", "Environment=GRANIAN_PORT=8013", "127.0.0.1:8013")]
    [InlineData("/bin/sh -c 'export GRANIAN_PORT=8014 2>/dev/null; exec granian app:app'", "", "127.0.0.1:8014")]
    [InlineData("/bin/bash --norc -o pipefail -c 'GRANIAN_PORT=8015 exec granian app:app'", "", "127.0.0.1:8015")]
    public void A_script_with_redirections_and_defaults_reaches_granian(string command, string lines, string binds)
    {
        using var tree = new TempTree().Service("web.service", command, lines.Length == 0 ? [] : [lines]);
        var server = Service(tree).Server!;
        Assert.False(server.BindsUnknown, string.Join("; ", server.Unknowns));
        Assert.Equal(binds, Binds(server));
        Assert.Equal(["app:app"], server.Command.Arguments.Select(a => a.Value));
    }

    [Fact]
    public void A_variable_from_an_environment_file_overrides_the_unit_and_the_script_reads_it()
    {
        using var tree = new TempTree()
            .Write("etc/paperless.env", "PAPERLESS_PORT=8011\n")
            .Service("web.service", Paperless, "Environment=GRANIAN_HOST=:: GRANIAN_PORT=8000", "EnvironmentFile=/etc/paperless.env");
        Assert.Equal("[::]:8011", Binds(Service(tree).Server!));
    }

    [Theory]
    [InlineData("/srv/app/venv/bin/granian --host localhost app:app", "", "not an IP address")]
    [InlineData("/srv/app/venv/bin/granian --port ${PORT} app:app", "", "not a number")]
    [InlineData("/srv/app/venv/bin/granian --port 0 app:app", "", "port 0")]
    // An environment file that is not in the root may set GRANIAN_PORT (or PAPERLESS_PORT for the script).
    [InlineData("/srv/app/venv/bin/granian app:app", "EnvironmentFile=/etc/missing.env", "cannot see")]
    [InlineData(Paperless, "Environment=GRANIAN_PORT=8000\nEnvironmentFile=-/etc/missing.env", "cannot see")]
    [InlineData(Paperless, "Environment=GRANIAN_PORT=8000\nPassEnvironment=PAPERLESS_PORT", "cannot see")]
    [InlineData("/bin/sh -c 'export GRANIAN_PORT=$(cat /etc/app/port); exec granian app:app'", "", "cannot see")]
    [InlineData("/bin/sh -c '. /etc/default/app; exec granian app:app'", "Environment=GRANIAN_PORT=8000", "cannot see")]
    [InlineData("/bin/sh -c 'test -f /etc/app/v6 && GRANIAN_HOST=::; export GRANIAN_HOST; exec granian app:app'", "", "cannot see")]
    public void What_cannot_be_known_leaves_the_binds_unknown(string command, string lines, string why)
    {
        using var tree = new TempTree().Service("web.service", command, lines.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var server = Service(tree).Server!;
        Assert.True(server.BindsUnknown, Binds(server));
        Assert.Contains(why, string.Join("; ", server.Unknowns), StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_managers_default_environment_leaves_an_unset_variable_unknown()
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system.conf", "[Manager]\nDefaultEnvironment=GRANIAN_PORT=9001\n")
            .Service("web.service", "/srv/app/venv/bin/granian app:app");
        Assert.True(Service(tree).Server!.BindsUnknown);
    }

    [Fact]
    public void Paperless_port_mismatch_and_missing_Restart_are_reported()
    {
        // Paperless-ngx's release unit: PAPERLESS_PORT set in paperless.conf (which the unit never reads), nginx moved to it.
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    upstream paperless {\n        server localhost:8010;\n    }\n    server {\n        listen 80;\n        server_name docs.example.org;\n        location / {\n            proxy_pass http://paperless;\n        }\n    }\n}\n")
            .Write("opt/paperless/paperless.conf", "PAPERLESS_PORT=8010\n")
            .Service("paperless-webserver.service", Paperless, "User=paperless", "WorkingDirectory=/opt/paperless/src", "Environment=GRANIAN_HOST=::", "Environment=GRANIAN_PORT=8000")
            .Service("paperless-consumer.service", "/opt/paperless/venv/bin/python3 manage.py document_consumer", "WorkingDirectory=/opt/paperless/src");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL007");
        Assert.Contains("error CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("granian in service 'paperless-webserver.service' listens on [::]:8000, host from GRANIAN_HOST and port from GRANIAN_PORT", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("'paperless' names the application it is named for", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning CL007", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("service 'paperless-webserver.service' runs granian", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("paperless-consumer.service", output.Stdout, StringComparison.Ordinal);

        // Pointed at granian's port: nothing to report but the missing Restart=.
        tree.Write("etc/nginx/nginx.conf", File.ReadAllText(tree.Path("etc/nginx/nginx.conf")).Replace("localhost:8010", "localhost:8000", StringComparison.Ordinal));
        var fixedPort = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL007");
        Assert.DoesNotContain("CL001", fixedPort.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning CL007", fixedPort.Stdout, StringComparison.Ordinal);
    }
}
