using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Whether a back end's listeners speak TLS (<see cref="EndpointSite.Tls"/>), as each program's settings say:
/// gunicorn's <c>certfile</c>/<c>keyfile</c>, uvicorn's <c>--ssl-certfile</c>, granian's <c>--ssl-certificate</c>, puma's
/// <c>ssl://</c> binds and <c>ssl_bind</c>, uwsgi's <c>https-socket</c>, Kestrel's <c>https</c> URLs; unknown where a
/// setting is computed or may be set where ConfLint cannot look.</summary>
public class BackendTlsReaderTests
{
    private static AppServer Server(TempTree tree) =>
        HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "web.service").Server!;

    private static string Tls(AppServer server) => string.Join(" ", server.Binds.Select(b => $"{b.Endpoint.Describe()}={b.Tls}"));

    [Theory]
    [InlineData("/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app.wsgi", "127.0.0.1:8000=No")]
    [InlineData("/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 --certfile /etc/ssl/app.crt --keyfile /etc/ssl/app.key app.wsgi", "127.0.0.1:8000=Yes")]
    [InlineData("/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 --keyfile=/etc/ssl/app.pem app.wsgi", "127.0.0.1:8000=Yes")]
    [InlineData("/srv/app/venv/bin/hypercorn --bind 127.0.0.1:8000 app:app", "127.0.0.1:8000=No")]
    [InlineData("/srv/app/venv/bin/hypercorn --bind 127.0.0.1:8000 --certfile /etc/ssl/app.crt --keyfile /etc/ssl/app.key app:app", "127.0.0.1:8000=Yes")]
    [InlineData("/srv/app/venv/bin/uvicorn --port 8000 app:app", "127.0.0.1:8000=No")]
    [InlineData("/srv/app/venv/bin/uvicorn --port 8000 --ssl-keyfile /etc/ssl/app.key --ssl-certfile /etc/ssl/app.crt app:app", "127.0.0.1:8000=Yes")]
    [InlineData("/srv/app/venv/bin/granian --interface asgi app:app", "127.0.0.1:8000=No")]
    [InlineData("/srv/app/venv/bin/granian --interface asgi --ssl-certificate /etc/ssl/a.pem --ssl-keyfile /etc/ssl/a.key app:app", "127.0.0.1:8000=Yes")]
    [InlineData("/usr/bin/puma -b tcp://127.0.0.1:9292 -b ssl://127.0.0.1:9443?key=/k.pem&cert=/c.pem", "127.0.0.1:9292=No 127.0.0.1:9443=Yes")]
    [InlineData("/usr/bin/uwsgi --http-socket 127.0.0.1:8001 --https-socket 127.0.0.1:8443,/c.pem,/k.pem", "127.0.0.1:8001=No 127.0.0.1:8443=Yes")]
    public void The_command_line_says_whether_the_binds_speak_tls(string command, string expected)
    {
        using var tree = new TempTree().Service("web.service", command, "WorkingDirectory=/srv/app");
        var server = Server(tree);
        Assert.False(server.BindsUnknown, string.Join("; ", server.Unknowns));
        Assert.Equal(expected, Tls(server));
    }

    [Theory]
    [InlineData("bind = \"127.0.0.1:8000\"\ncertfile = \"/etc/ssl/app.crt\"\nkeyfile = \"/etc/ssl/app.key\"\n", "127.0.0.1:8000=Yes")]
    [InlineData("bind = \"127.0.0.1:8000\"\nworkers = 3\n", "127.0.0.1:8000=No")]
    // Computed: whether it serves TLS is not known.
    [InlineData("import os\nbind = \"127.0.0.1:8000\"\ncertfile = os.environ.get(\"CERT\").strip()\n", "127.0.0.1:8000=Unknown")]
    // The unit's environment is complete and has no CERT: os.environ.get gives None, which is no certificate (is_ssl).
    [InlineData("import os\nbind = \"127.0.0.1:8000\"\ncertfile = os.environ.get(\"CERT\")\n", "127.0.0.1:8000=No")]
    [InlineData("bind = \"127.0.0.1:8000\"\ncertfile = None\n", "127.0.0.1:8000=No")]
    public void Gunicorns_file_says_whether_it_serves_tls(string file, string expected)
    {
        using var tree = new TempTree()
            .Write("srv/app/gunicorn.conf.py", file)
            .Service("web.service", "/srv/app/venv/bin/gunicorn -c /srv/app/gunicorn.conf.py app.wsgi", "WorkingDirectory=/srv/app");
        Assert.Equal(expected, Tls(Server(tree)));
    }

    [Fact]
    public void An_environment_that_is_not_all_known_leaves_uvicorns_tls_unknown()
    {
        using var tree = new TempTree().Service("web.service", "/srv/app/venv/bin/uvicorn --port 8000 app:app", "EnvironmentFile=/etc/missing.env");
        Assert.Equal("127.0.0.1:8000=Unknown", Tls(Server(tree)));
    }

    [Fact]
    public void Pumas_file_marks_ssl_bind_and_a_plain_port()
    {
        using var tree = new TempTree()
            .Write("srv/app/config/puma.rb", "port 3000, '127.0.0.1'\nssl_bind '127.0.0.1', '3443', key: '/k.pem', cert: '/c.pem'\n")
            .Service("web.service", "/usr/local/bin/bundle exec puma -C config/puma.rb", "WorkingDirectory=/srv/app");
        Assert.Equal("127.0.0.1:3000=No 127.0.0.1:3443=Yes", Tls(Server(tree)));
    }
}
