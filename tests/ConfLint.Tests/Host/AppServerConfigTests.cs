using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Tests.Support;
using ConfLint.Text;

namespace ConfLint.Tests.Host;

/// <summary>Application servers read as each reads itself: gunicorn's Python file, uwsgi's ini files and emperor, puma's
/// Ruby file; literal values only, anything computed is unknown.</summary>
public class AppServerConfigTests
{
    private static AppServer Server(HostModel host, string unit) =>
        host.BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == unit).Server!;

    [Fact]
    public void Python_literals_are_read_and_anything_computed_is_unknown()
    {
        var file = PythonAssignments.Read(new SourceText("g.py", """
            import multiprocessing
            bind = ["127.0.0.1:8001", 'unix:/run/app.sock']  # two
            workers = multiprocessing.cpu_count() * 2 + 1
            timeout = 120
            timeout = 180
            worker_class = "sync"
            if DEBUG:
                threads = 4
            raw_env: list = [
                "A=1",
                "B=2",
            ]
            accesslog = f"/var/log/{name}.log"
            """));
        Assert.Equal(["127.0.0.1:8001", "unix:/run/app.sock"], file.Get("bind")!.Values);
        Assert.True(file.Get("workers")!.IsComputed);
        Assert.Equal(["180"], file.Get("timeout")!.Values);
        Assert.Equal(5, file.Get("timeout")!.Location.Start.Line);
        Assert.True(file.Get("threads")!.IsComputed);
        Assert.Equal(["A=1", "B=2"], file.Get("raw_env")!.Values);
        Assert.True(file.Get("accesslog")!.IsComputed);
        Assert.Null(file.Get("graceful_timeout"));
        Assert.False(file.Opaque);
        Assert.True(PythonAssignments.Read(new SourceText("g.py", "from settings import *\n")).Opaque);
        Assert.True(PythonAssignments.Read(new SourceText("g.py", "bind = '1.2.3.4:1'\nbind += ['x']\n")).Get("bind")!.IsComputed);
    }

    [Fact]
    public void Gunicorn_reads_its_file_from_the_working_folder_and_the_command_line_wins()
    {
        using var tree = new TempTree()
            .Service("a.service", "/srv/a/venv/bin/gunicorn app:app", "WorkingDirectory=/srv/a")
            .Write("srv/a/gunicorn.conf.py", "bind = '127.0.0.1:8002'\ntimeout = 90\n")
            .Service("b.service", "/srv/b/venv/bin/gunicorn -c /srv/b/conf.py -b 127.0.0.1:9001 app:app")
            .Write("srv/b/conf.py", "bind = '127.0.0.1:9000'\nthreads = 4\ntimeout = 90\n")
            .Service("c.service", "/srv/c/venv/bin/gunicorn -c python:settings.gunicorn app:app")
            .Service("d.service", "/srv/d/venv/bin/gunicorn app:app", "Environment=PORT=5000 \"GUNICORN_CMD_ARGS=--timeout 45\"");
        var host = HostTrees.Model(tree);

        var a = Server(host, "a.service");
        Assert.Equal("127.0.0.1:8002", Assert.Single(a.Binds).Endpoint.Describe());
        Assert.Equal("srv/a/gunicorn.conf.py", a.Binds[0].Location.Path);
        Assert.Equal(90, a.RequestTimeout!.Value.TotalSeconds);

        var b = Server(host, "b.service");
        Assert.Equal("127.0.0.1:9001", Assert.Single(b.Binds).Endpoint.Describe());
        Assert.Null(b.RequestTimeout);

        var c = Server(host, "c.service");
        Assert.True(c.BindsUnknown);
        Assert.Empty(c.Binds);

        var d = Server(host, "d.service");
        Assert.Equal("0.0.0.0:5000", Assert.Single(d.Binds).Endpoint.Describe());
        Assert.Equal(45, d.RequestTimeout!.Value.TotalSeconds);
    }

    [Fact]
    public void A_socket_activated_service_listens_where_its_socket_does()
    {
        using var tree = new TempTree()
            .Service("app.service", "/srv/app/venv/bin/gunicorn app:app", "WorkingDirectory=/srv/app")
            .Write("srv/app/gunicorn.conf.py", "bind = '127.0.0.1:8000'\n")
            .Write("etc/systemd/system/app.socket", "[Socket]\nListenStream=/run/app.sock\n");
        var host = HostTrees.Model(tree);
        var service = host.BackEndsOf<ServiceBackEnd>().Single();
        Assert.True(service.IsSocketActivated);
        Assert.Empty(service.Listeners);
        Assert.Empty(host.Providers(Endpoint.Tcp("127.0.0.1", 8000)));
        var socket = Assert.Single(host.Providers(Endpoint.Unix("/run/app.sock")));
        Assert.Same(service, host.ServiceOf(socket));
    }

    [Fact]
    public void Uwsgi_ini_files_placeholders_and_an_emperors_vassals()
    {
        using var tree = new TempTree()
            .Service("emperor.service", "/usr/bin/uwsgi --ini /etc/uwsgi/emperor.ini", "Environment=SOCKDIR=/run/uwsgi")
            .Write("etc/uwsgi/emperor.ini", "[uwsgi]\nemperor = /etc/uwsgi/vassals\n")
            .Write("etc/uwsgi/vassals/shop.ini", "[uwsgi]\n; the shop\nsocket = $(SOCKDIR)/%n.sock\nharakiri = 60\nchdir = /srv/shop\n")
            .Write("etc/uwsgi/vassals/api.ini", "[uwsgi]\nname = api\nhttp-socket = 127.0.0.1:9090\nstats = %(name).stats\n")
            .Write("etc/uwsgi/vassals/odd.ini", "[uwsgi]\nsocket = @(exec://hostname)\n")
            .Service("plain.service", "/usr/bin/uwsgi --master /etc/uwsgi/plain.ini")
            .Write("etc/uwsgi/plain.ini", "[other]\nsocket = :1\n[uwsgi]\nsocket = :3031\n");
        var host = HostTrees.Model(tree);

        var vassals = host.BackEndsOf<VassalBackEnd>().ToDictionary(v => v.VassalName);
        Assert.Equal(["api", "odd", "shop"], vassals.Keys.Order());
        Assert.Equal("unix:/run/uwsgi/shop.sock", Assert.Single(vassals["shop"].Listeners).Endpoint.Describe());
        Assert.Equal(BackendProtocol.Uwsgi, vassals["shop"].Protocol);
        Assert.Equal(60, vassals["shop"].Server.RequestTimeout!.Value.TotalSeconds);
        Assert.Equal("/srv/shop", vassals["shop"].Server.WorkingDirectory);
        Assert.Equal(BackendProtocol.Http, vassals["api"].Protocol);
        Assert.True(vassals["odd"].Server.BindsUnknown);
        Assert.Contains(host.UnknownListeners, u => u.BackEnd == vassals["odd"]);
        Assert.Equal("emperor.service", host.ServiceOf(vassals["shop"])!.UnitName);

        Assert.Equal("0.0.0.0:3031", Assert.Single(Server(host, "plain.service").Binds).Endpoint.Describe());
    }

    /// <summary>uwsgi's core/xmlconf.c: the root is the stanza when it is &lt;uwsgi&gt;, else the &lt;uwsgi&gt; child whose id
    /// follows the colon (the first one without an id asked for); option nodes of another id, or of another mode than
    /// --mode, are left out (every mode counts without --mode); an empty element is a flag; a bare .xml argument and an
    /// emperor's .xml vassals are read the same way.</summary>
    [Fact]
    public void Uwsgi_xml_files_as_xmlconf_reads_them()
    {
        const string stanzas = """
            <?xml version="1.0"?>
            <deploy>
              <uwsgi id="staging"><socket>/run/app/staging.sock</socket><harakiri>300</harakiri></uwsgi>
              <uwsgi id="production">
                <socket>/run/app/app.sock</socket>
                <socket mode="debug">127.0.0.1:9191</socket>
                <harakiri id="staging">999</harakiri>
                <harakiri>60</harakiri>
                <master/>
              </uwsgi>
            </deploy>
            """;
        using var tree = new TempTree()
            .Write("srv/app/uwsgi.xml", stanzas)
            .Service("prod.service", "/usr/bin/uwsgi --xml /srv/app/uwsgi.xml:production")
            .Service("prodmode.service", "/usr/bin/uwsgi --mode live -x /srv/app/uwsgi.xml:production")
            .Service("first.service", "/usr/bin/uwsgi --master /srv/app/uwsgi.xml")
            .Service("emperor.service", "/usr/bin/uwsgi --emperor /etc/uwsgi/vassals")
            .Write("etc/uwsgi/vassals/blog.xml", "<uwsgi>\n  <http-socket>127.0.0.1:8081</http-socket>\n  <chdir>/srv/blog</chdir>\n</uwsgi>\n")
            .Write("etc/uwsgi/vassals/shop.xml", "<uwsgi><socket>/run/%n.sock</socket></uwsgi>");
        var host = HostTrees.Model(tree);

        var production = Server(host, "prod.service");
        Assert.Equal(["unix:/run/app/app.sock", "127.0.0.1:9191"], production.Binds.Select(b => b.Endpoint.Describe()));
        Assert.Equal(60, production.RequestTimeout!.Value.TotalSeconds);
        Assert.Equal(["unix:/run/app/app.sock"], Server(host, "prodmode.service").Binds.Select(b => b.Endpoint.Describe()));
        var first = Server(host, "first.service");
        Assert.Equal("unix:/run/app/staging.sock", Assert.Single(first.Binds).Endpoint.Describe());
        Assert.Equal(300, first.RequestTimeout!.Value.TotalSeconds);

        var vassals = host.BackEndsOf<VassalBackEnd>().ToDictionary(v => v.VassalName);
        Assert.Equal("unix:/run/shop.sock", Assert.Single(vassals["shop"].Listeners).Endpoint.Describe());
        Assert.Equal("127.0.0.1:8081", Assert.Single(vassals["blog"].Listeners).Endpoint.Describe());
        Assert.Equal(BackendProtocol.Http, vassals["blog"].Protocol);
        Assert.Equal("/srv/blog", vassals["blog"].Server.WorkingDirectory);
    }

    [Fact]
    public void Puma_reads_config_puma_rb_from_its_working_folder_literal_calls_only()
    {
        using var tree = new TempTree()
            .Service("a.service", "/usr/bin/bundle exec --keep-file-descriptors puma", "WorkingDirectory=/srv/a/current", "Environment=RAILS_ENV=production")
            .Link("srv/a/current", "/srv/a/releases/2")
            .Write("srv/a/releases/2/config/puma/production.rb", "bind 'unix:///srv/a/shared/puma.sock'\nport 3000, '127.0.0.1'\nworker_timeout 60\n")
            .Write("srv/a/releases/2/config/puma.rb", "port 4000\n")
            .Service("b.service", "/usr/bin/bundle exec puma -C config/puma.rb -p 5000", "WorkingDirectory=/srv/b")
            .Write("srv/b/config/puma.rb", "port 4000\n")
            .Service("c.service", "/usr/bin/bundle exec puma -C config/puma.rb", "WorkingDirectory=/srv/c")
            .Write("srv/c/config/puma.rb", "if ENV['SOCKET']\n  bind \"unix://#{ENV['SOCKET']}\"\nelse\n  port 3000\nend\n")
            .Service("d.service", "/usr/bin/bundle exec puma", "WorkingDirectory=/srv/d")
            .Write("srv/d/config/puma.rb", "bind 'tcp://0.0.0.0:1'\nclear_binds!\nport 2\non_worker_boot do\n  puts 'booted'\nend\n");
        var host = HostTrees.Model(tree);

        var a = Server(host, "a.service");
        Assert.Equal(["unix:/srv/a/shared/puma.sock", "127.0.0.1:3000"], a.Binds.Select(b => b.Endpoint.Describe()));
        Assert.Null(a.RequestTimeout);
        Assert.Equal(60, a.WorkerTimeout!.Value.Value.TotalSeconds);
        Assert.Equal("0.0.0.0:5000", Assert.Single(Server(host, "b.service").Binds).Endpoint.Describe());
        Assert.True(Server(host, "c.service").BindsUnknown);
        Assert.Equal("0.0.0.0:2", Assert.Single(Server(host, "d.service").Binds).Endpoint.Describe());
    }

    [Fact]
    public void Ruby_calls_in_blocks_or_with_computed_arguments_are_marked()
    {
        var calls = RubyCalls.Read(new SourceText("puma.rb", """
            threads 0, 16 # comment
            bind "tcp://#{host}:3000"
            port 3000 if ENV['X']
            on_worker_boot do
              port 4000
            end
            port(5000)
            """));
        Assert.Equal(["0", "16"], calls[0].Arguments);
        Assert.Null(calls[1].Arguments);
        Assert.False(calls[2].Unconditional);
        Assert.False(calls.Single(c => c.Name == "port" && c.Arguments is ["4000"]).Unconditional);
        Assert.True(calls.Single(c => c.Name == "port" && c.Arguments is ["5000"]).Unconditional);
    }
}
