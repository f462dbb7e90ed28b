using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's protocol check: something listens at the target but speaks another protocol (nginx's HTTP to uWSGI's
/// uwsgi-protocol <c>socket</c>, run by <c>nautobot-server start</c>); the Django commands that run uWSGI in process; and
/// the services that claim one address told apart by the root's <c>.wants</c> links.</summary>
public sealed class ProtocolMismatchTests
{
    private const string Unit = "[Unit]\nDescription=app\n\n[Service]\nUser=app\nEnvironment=NAUTOBOT_ROOT=/srv/app\nWorkingDirectory=/srv/app\nExecStart={0}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Tree(string pass, string command, string ini) => new TempTree()
        .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\napp:x:1001:1001::/srv/app:/bin/bash\n")
        .Write("etc/group", "root:x:0:\nwww-data:x:33:\napp:x:1001:\n")
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name app.example.com;\n        location / {\n            " + pass + "\n        }\n    }\n}\n")
        .Write("etc/systemd/system/app.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Unit, command))
        .Write("srv/app/uwsgi.ini", ini)
        .Write("srv/app/nautobot_config.py", "from nautobot.core.settings import *  # noqa\n");

    private static List<(string Code, string Severity, string Where, string Message)> Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json", "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => (
            d.GetProperty("code").GetString()!, d.GetProperty("severity").GetString()!, $"{d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}",
            d.GetProperty("message").GetString()!)).ToList();
    }

    [Theory]
    [InlineData("/srv/app/bin/nautobot-server start --ini /srv/app/uwsgi.ini")]
    [InlineData("/srv/app/bin/nautobot-server -c /srv/app/nautobot_config.py start --pidfile /var/tmp/app.pid --ini /srv/app/uwsgi.ini")]
    [InlineData("/usr/bin/uwsgi --ini /srv/app/uwsgi.ini")]
    public void Proxy_pass_to_a_uwsgi_socket_is_an_error(string command)
    {
        using var tree = Tree("proxy_pass http://127.0.0.1:8001;", command, "[uwsgi]\nsocket = 127.0.0.1:8001\n");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal(("CL001", "error", "etc/nginx/nginx.conf:8"), (finding.Code, finding.Severity, finding.Where));
        Assert.Contains("speaks the uwsgi protocol", finding.Message, StringComparison.Ordinal);
        Assert.Contains("uwsgi_pass 127.0.0.1:8001", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[uwsgi]\nsocket = 127.0.0.1:8001\nprotocol = http\n")]
    [InlineData("[uwsgi]\nhttp-socket = 127.0.0.1:8001\n")]
    [InlineData("[uwsgi]\nhttp = 127.0.0.1:8001\nsocket = 127.0.0.1:3031\n")]
    public void Proxy_pass_to_uwsgi_speaking_http_is_fine(string ini)
    {
        using var tree = Tree("proxy_pass http://127.0.0.1:8001;", "/srv/app/bin/nautobot-server start --ini /srv/app/uwsgi.ini", ini);
        Assert.DoesNotContain(Lint(tree), f => f.Severity is "error" or "warning");
    }

    [Fact]
    public void Settings_that_set_PYUWSGI_ARGS_leave_the_socket_protocol_unknown()
    {
        using var tree = Tree("proxy_pass http://127.0.0.1:8001;", "/srv/app/bin/nautobot-server start --ini /srv/app/uwsgi.ini", "[uwsgi]\nsocket = 127.0.0.1:8001\n")
            .Write("srv/app/nautobot_config.py", "from nautobot.core.settings import *  # noqa\nPYUWSGI_ARGS = ['--protocol=http']\n");
        Assert.DoesNotContain(Lint(tree), f => f.Severity is "error" or "warning");
    }

    [Fact]
    public void Uwsgi_pass_to_gunicorn_is_an_error()
    {
        using var tree = Tree("include uwsgi_params;\n            uwsgi_pass 127.0.0.1:8001;", "/srv/app/venv/bin/gunicorn -b 127.0.0.1:8001 app.wsgi", "[uwsgi]\n");
        var finding = Assert.Single(Lint(tree), f => f.Severity == "error");
        Assert.Contains("gunicorn in service 'app.service' speaks HTTP there", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_unit_on_the_same_port_does_not_answer_where_the_root_enables_units_by_links()
    {
        using var tree = Tree("proxy_pass http://127.0.0.1:8001;", "/srv/app/bin/nautobot-server start --ini /srv/app/uwsgi.ini", "[uwsgi]\nsocket = 127.0.0.1:8001\n")
            .Write("etc/systemd/system/old.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Unit, "/opt/old/venv/bin/gunicorn -b 127.0.0.1:8001 old.wsgi"));
        // No .wants links at all (a repository of units): both may run, and gunicorn speaks HTTP.
        Assert.DoesNotContain(Lint(tree), f => f.Severity is "error" or "warning");

        Directory.CreateDirectory(Path.Combine(tree.Root, "etc/systemd/system/multi-user.target.wants"));
        File.CreateSymbolicLink(Path.Combine(tree.Root, "etc/systemd/system/multi-user.target.wants/app.service"), "/etc/systemd/system/app.service");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("error", finding.Severity);
        Assert.Contains("gunicorn in service 'old.service' also binds it, but is disabled", finding.Message, StringComparison.Ordinal);

        // Both enabled: which one binds the port first is a race; gunicorn may be the one, so no protocol verdict: the
        // finding is the race itself (two programs given one port, a warning since round 25).
        File.CreateSymbolicLink(Path.Combine(tree.Root, "etc/systemd/system/multi-user.target.wants/old.service"), "/etc/systemd/system/old.service");
        var race = Assert.Single(Lint(tree), f => f.Severity is "error" or "warning");
        Assert.Equal("warning", race.Severity);
        Assert.Contains("two programs cannot listen on one port", race.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manage_py_pyuwsgi_is_read_as_uwsgi_but_its_socket_protocol_is_not_known()
    {
        using var tree = Tree("proxy_pass http://127.0.0.1:8001;", "/srv/app/venv/bin/python manage.py pyuwsgi --ini /srv/app/uwsgi.ini", "[uwsgi]\nsocket = 127.0.0.1:8001\n");
        Assert.DoesNotContain(Lint(tree), f => f.Severity is "error" or "warning");
        var verbose = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("PYUWSGI_ARGS", verbose.Stdout + verbose.Stderr, StringComparison.Ordinal);
    }

    // gunicorn's protocol setting (gunicorn 24+): the four pairs of nginx's pass and what gunicorn speaks.
    [Theory]
    [InlineData("include uwsgi_params;\n            uwsgi_pass 127.0.0.1:8001;", "", "error")]
    [InlineData("include uwsgi_params;\n            uwsgi_pass 127.0.0.1:8001;", "--protocol uwsgi ", null)]
    [InlineData("proxy_pass http://127.0.0.1:8001;", "", null)]
    [InlineData("proxy_pass http://127.0.0.1:8001;", "--protocol=uwsgi ", "error")]
    public void Nginxs_pass_against_gunicorns_protocol(string pass, string protocol, string? severity)
    {
        using var tree = Tree(pass, $"/srv/app/venv/bin/gunicorn -b 127.0.0.1:8001 {protocol}app.wsgi", "[uwsgi]\n");
        var findings = Lint(tree).Where(f => f.Severity is "error" or "warning").ToList();
        if (severity is null)
        {
            Assert.Empty(findings);
            return;
        }

        var finding = Assert.Single(findings);
        Assert.Equal((severity, pass.StartsWith("include", StringComparison.Ordinal) ? "etc/nginx/nginx.conf:9" : "etc/nginx/nginx.conf:8"), (finding.Severity, finding.Where));
        Assert.Contains(protocol.Length == 0 ? "gunicorn in service 'app.service' speaks HTTP there" : "gunicorn in service 'app.service' speaks the uwsgi protocol there (--protocol uwsgi)", finding.Message, StringComparison.Ordinal);
        // Two remedies, no fix: nginx's pass, or gunicorn's protocol.
        Assert.Contains(protocol.Length == 0 ? "given --protocol uwsgi" : "--protocol uwsgi taken out", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gunicorns_protocol_from_its_file_or_the_environment_counts_as_from_its_command_line()
    {
        using var file = Tree("proxy_pass http://127.0.0.1:8001;", "/srv/app/venv/bin/gunicorn -c /srv/app/gunicorn.conf.py app.wsgi", "[uwsgi]\n")
            .Write("srv/app/gunicorn.conf.py", "bind = '127.0.0.1:8001'\nprotocol = 'uwsgi'\n");
        var finding = Assert.Single(Lint(file), f => f.Severity == "error");
        Assert.Contains("(protocol = 'uwsgi' in ", finding.Message, StringComparison.Ordinal);

        using var environment = Tree("include uwsgi_params;\n            uwsgi_pass 127.0.0.1:8001;", "/srv/app/venv/bin/gunicorn -b 127.0.0.1:8001 app.wsgi", "[uwsgi]\n");
        File.WriteAllText(Path.Combine(environment.Root, "etc/systemd/system/app.service"),
            File.ReadAllText(Path.Combine(environment.Root, "etc/systemd/system/app.service")).Replace("[Service]\n", "[Service]\nEnvironment=\"GUNICORN_CMD_ARGS=--protocol uwsgi\"\n", StringComparison.Ordinal));
        Assert.DoesNotContain(Lint(environment), f => f.Severity is "error" or "warning");
    }

    [Fact]
    public void Uwsgi_from_a_gunicorn_whose_worker_parses_requests_itself_is_not_judged_and_verbose_says_so()
    {
        using var tree = Tree("include uwsgi_params;\n            uwsgi_pass 127.0.0.1:8001;", "/srv/app/venv/bin/gunicorn -b 127.0.0.1:8001 -k uvicorn.workers.UvicornWorker --protocol uwsgi app:app", "[uwsgi]\n");
        Assert.DoesNotContain(Lint(tree), f => f.Severity is "error" or "warning");
        var verbose = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("CL001 did not judge the protocol at 127.0.0.1:8001", verbose.Stdout + verbose.Stderr, StringComparison.Ordinal);
        Assert.Contains("worker class uvicorn.workers.UvicornWorker parses requests with a server of its own", verbose.Stdout + verbose.Stderr, StringComparison.Ordinal);
    }

    // A socket unit hands its sockets to gunicorn, which speaks on them what its settings say.
    [Theory]
    [InlineData("include uwsgi_params;\n            uwsgi_pass unix:/run/app.sock;", "--protocol uwsgi ", null)]
    [InlineData("include uwsgi_params;\n            uwsgi_pass unix:/run/app.sock;", "", "error")]
    [InlineData("proxy_pass http://unix:/run/app.sock;", "", null)]
    [InlineData("proxy_pass http://unix:/run/app.sock;", "--protocol uwsgi ", "error")]
    public void A_socket_activated_gunicorn_is_judged_by_its_protocol(string pass, string protocol, string? severity)
    {
        using var tree = Tree(pass, $"/srv/app/venv/bin/gunicorn -k asgi {protocol}app.asgi:application", "[uwsgi]\n")
            .Write("etc/systemd/system/app.socket", "[Unit]\nDescription=app socket\n\n[Socket]\nListenStream=/run/app.sock\nSocketUser=www-data\n\n[Install]\nWantedBy=sockets.target\n");
        var findings = Lint(tree).Where(f => f.Severity is "error" or "warning").ToList();
        if (severity is null)
        {
            Assert.Empty(findings);
            return;
        }

        var finding = Assert.Single(findings);
        Assert.Equal(severity, finding.Severity);
        Assert.Contains("socket unit 'app.socket' speaks " + (protocol.Length == 0 ? "HTTP" : "the uwsgi protocol") + " there (it hands each connection to gunicorn in service 'app.service'", finding.Message, StringComparison.Ordinal);
        Assert.Contains(protocol.Length == 0 ? "gunicorn in service 'app.service' given --protocol uwsgi" : "gunicorn in service 'app.service' made to speak HTTP", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_unit_of_another_program_is_still_not_judged()
    {
        using var tree = Tree("proxy_pass http://unix:/run/app.sock;", "/usr/bin/uwsgi --ini /srv/app/uwsgi.ini", "[uwsgi]\nsocket = /run/app.sock\n")
            .Write("etc/systemd/system/app.socket", "[Unit]\nDescription=app socket\n\n[Socket]\nListenStream=/run/app.sock\nSocketUser=www-data\n\n[Install]\nWantedBy=sockets.target\n");
        Assert.DoesNotContain(Lint(tree), f => f.Severity is "error" or "warning");
    }
}
