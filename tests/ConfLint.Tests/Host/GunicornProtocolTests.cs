using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>What gunicorn's listeners speak: its <c>protocol</c> setting (gunicorn 24+, config.py's <c>Protocol</c>) from
/// the command line, <c>GUNICORN_CMD_ARGS</c> (Environment= or EnvironmentFile=) and the <c>-c</c> file, in that order of
/// strength; exactly <c>uwsgi</c> selects the uwsgi protocol, and only gunicorn's own workers read it. A value ConfLint
/// cannot know leaves it unknown (<see cref="BackendProtocol.Other"/>), with the reason for --verbose.</summary>
public class GunicornProtocolTests
{
    private static AppServer Server(TempTree tree) =>
        HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "web.service").Server!;

    private static string Protocols(AppServer server) => string.Join(" ", server.Binds.Select(b => $"{b.Endpoint.Describe()}={b.Protocol}"));

    [Theory]
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 app.wsgi", "127.0.0.1:8000=Http")]
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 --protocol uwsgi app.wsgi", "127.0.0.1:8000=Uwsgi")]
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 --protocol=uwsgi app.wsgi", "127.0.0.1:8000=Uwsgi")]
    [InlineData("/srv/app/venv/bin/gunicorn --protocol uwsgi app.wsgi", "127.0.0.1:8000=Uwsgi")]
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 --protocol http app.wsgi", "127.0.0.1:8000=Http")]
    // get_parser selects the uWSGI parser for exactly 'uwsgi'; any other string (validate_string takes any) is HTTP.
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 --protocol UWSGI app.wsgi", "127.0.0.1:8000=Http")]
    // The last one given wins, as argparse keeps it.
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 --protocol uwsgi --protocol http app.wsgi", "127.0.0.1:8000=Http")]
    // gunicorn's own workers read it, by name, class path or entry point.
    [InlineData("/srv/app/venv/bin/gunicorn -b unix:/run/app.sock -k asgi --protocol uwsgi app:app", "unix:/run/app.sock=Uwsgi")]
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 --worker-class=gthread --threads 4 --protocol uwsgi app.wsgi", "127.0.0.1:8000=Uwsgi")]
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 -k egg:gunicorn#gevent --protocol uwsgi app.wsgi", "127.0.0.1:8000=Uwsgi")]
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 -k gunicorn.workers.sync.SyncWorker --protocol uwsgi app.wsgi", "127.0.0.1:8000=Uwsgi")]
    // Workers that parse requests with servers of their own: not judged.
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 -k uvicorn.workers.UvicornWorker --protocol uwsgi app:app", "127.0.0.1:8000=Other")]
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 -k gevent_pywsgi --protocol uwsgi app.wsgi", "127.0.0.1:8000=Other")]
    // ... and a worker class alone changes nothing: HTTP, gunicorn's default.
    [InlineData("/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 -k uvicorn.workers.UvicornWorker app:app", "127.0.0.1:8000=Http")]
    // hypercorn has no such setting.
    [InlineData("/srv/app/venv/bin/hypercorn --bind 127.0.0.1:8000 app:app", "127.0.0.1:8000=Http")]
    public void The_command_line_says_what_the_binds_speak(string command, string expected)
    {
        using var tree = new TempTree().Service("web.service", command, "WorkingDirectory=/srv/app");
        Assert.Equal(expected, Protocols(Server(tree)));
    }

    [Theory]
    [InlineData("Environment=\"GUNICORN_CMD_ARGS=--protocol uwsgi --workers 3\"", "--protocol uwsgi app.wsgi", "Uwsgi")]
    [InlineData("Environment=\"GUNICORN_CMD_ARGS=--protocol uwsgi\"", "app.wsgi", "Uwsgi")]
    // The command line over GUNICORN_CMD_ARGS.
    [InlineData("Environment=\"GUNICORN_CMD_ARGS=--protocol uwsgi\"", "--protocol http app.wsgi", "Http")]
    [InlineData("Environment=\"GUNICORN_CMD_ARGS=--protocol=http\"", "--protocol uwsgi app.wsgi", "Uwsgi")]
    [InlineData("EnvironmentFile=/etc/default/web", "app.wsgi", "Uwsgi")]
    public void Gunicorn_cmd_args_sets_it_under_the_command_line(string environment, string arguments, string expected)
    {
        using var tree = new TempTree()
            .Write("etc/default/web", "GUNICORN_CMD_ARGS=\"--protocol=uwsgi\"\n")
            .Service("web.service", "/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 " + arguments, "WorkingDirectory=/srv/app", environment);
        var server = Server(tree);
        Assert.Equal($"127.0.0.1:8000={expected}", Protocols(server));
        if (!arguments.Contains("--protocol", StringComparison.Ordinal))
        {
            Assert.Equal("--protocol uwsgi in GUNICORN_CMD_ARGS", server.ProtocolSetting?.Setting);
        }
    }

    [Theory]
    [InlineData("-c /srv/app/gunicorn.conf.py app.wsgi", "", "Uwsgi")]
    // gunicorn.conf.py of the working folder, read without -c.
    [InlineData("app.wsgi", "", "Uwsgi")]
    // GUNICORN_CMD_ARGS over the file, the command line over both.
    [InlineData("-c /srv/app/gunicorn.conf.py app.wsgi", "GUNICORN_CMD_ARGS=--protocol http", "Http")]
    [InlineData("-c /srv/app/gunicorn.conf.py --protocol http app.wsgi", "", "Http")]
    public void The_configuration_file_sets_it_under_both(string arguments, string environment, string expected)
    {
        using var tree = new TempTree()
            .Write("srv/app/gunicorn.conf.py", "bind = \"127.0.0.1:8000\"\nprotocol = \"uwsgi\"\n")
            .Service("web.service", "/srv/app/venv/bin/gunicorn " + arguments, "WorkingDirectory=/srv/app", environment.Length > 0 ? $"Environment=\"{environment}\"" : "Restart=on-failure");
        var server = Server(tree);
        Assert.Equal($"127.0.0.1:8000={expected}", Protocols(server));
        if (expected == "Uwsgi")
        {
            Assert.Matches("^protocol = 'uwsgi' in .*srv/app/gunicorn.conf.py:2$", server.ProtocolSetting?.Setting);
            Assert.Equal(2, server.ProtocolSetting?.At?.Start.Line);
        }
    }

    [Theory]
    // Computed by code.
    [InlineData("import os\nbind = \"127.0.0.1:8000\"\nprotocol = os.environ.get(\"PROTOCOL\", \"http\").lower()\n", "app.wsgi", "is computed by code")]
    // A star import may set it.
    [InlineData("from settings import *\nbind = \"127.0.0.1:8000\"\n", "app.wsgi", "imports settings ConfLint cannot read")]
    // uwsgi, but the worker class is computed.
    [InlineData("import os\nbind = \"127.0.0.1:8000\"\nworker_class = os.environ[\"WORKER\"]\n", "--protocol uwsgi app.wsgi", "worker_class in")]
    // uwsgi, and the file names a worker with a server of its own.
    [InlineData("bind = \"127.0.0.1:8000\"\nworker_class = \"uvicorn.workers.UvicornWorker\"\n", "--protocol uwsgi app:app", "parses requests with a server of its own")]
    public void What_cannot_be_known_is_left_unknown_and_says_why(string file, string arguments, string why)
    {
        using var tree = new TempTree()
            .Write("srv/app/gunicorn.conf.py", file)
            .Service("web.service", "/srv/app/venv/bin/gunicorn -c /srv/app/gunicorn.conf.py " + arguments, "WorkingDirectory=/srv/app");
        var server = Server(tree);
        Assert.Equal("127.0.0.1:8000=Other", Protocols(server));
        Assert.Contains(why, server.ProtocolUnknown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_not_in_the_root_or_a_variable_not_known_leave_it_unknown_unless_the_command_line_decides()
    {
        using var missing = new TempTree().Service("web.service", "/srv/app/venv/bin/gunicorn -c /srv/app/missing.py -b 127.0.0.1:8000 app.wsgi", "WorkingDirectory=/srv/app");
        Assert.Contains("missing.py is not in the root", Server(missing).ProtocolUnknown, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1:8000=Other", Protocols(Server(missing)));

        // HTTP on the command line needs no worker: the file cannot change it.
        using var http = new TempTree().Service("web.service", "/srv/app/venv/bin/gunicorn -c /srv/app/missing.py -b 127.0.0.1:8000 --protocol http app.wsgi", "WorkingDirectory=/srv/app");
        Assert.Equal("127.0.0.1:8000=Http", Protocols(Server(http)));

        // An environment file that is not there: $PROTOCOL is not known.
        using var variable = new TempTree().Service("web.service", "/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 --protocol $PROTOCOL app.wsgi", "WorkingDirectory=/srv/app", "EnvironmentFile=/etc/default/missing");
        Assert.Equal("127.0.0.1:8000=Other", Protocols(Server(variable)));
        Assert.Contains("$PROTOCOL is not known", Server(variable).ProtocolUnknown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--protocol uwsgi", "Uwsgi")]
    [InlineData("", "Http")]
    [InlineData("-k uvicorn.workers.UvicornWorker --protocol uwsgi", "Other")]
    public void A_socket_unit_speaks_what_its_gunicorn_speaks(string arguments, string expected)
    {
        using var tree = new TempTree()
            .Write("etc/systemd/system/web.socket", "[Unit]\nDescription=web socket\n\n[Socket]\nListenStream=/run/web.sock\n\n[Install]\nWantedBy=sockets.target\n")
            .Service("web.service", $"/srv/app/venv/bin/gunicorn {arguments} app.wsgi", "WorkingDirectory=/srv/app");
        var socket = HostTrees.Model(tree).BackEndsOf<SocketBackEnd>().Single();
        Assert.Equal($"unix:/run/web.sock={expected}", string.Join(" ", socket.Listeners.Select(l => $"{l.Endpoint.Describe()}={l.Protocol}")));
    }
}
