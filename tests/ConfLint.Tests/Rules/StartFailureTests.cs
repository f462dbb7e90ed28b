using System.Text.Json;
using ConfLint.Rules.Support;
using ConfLint.Tests.Corpus;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 on back ends that provably cannot start or bind while a front end points at them (the phorge and
/// funkwhale roots of the precision round 29): a socket in a folder of /run nothing makes (php-fpm and gunicorn bind the
/// path as given), gunicorn given a bind systemd leaves unparseable (a bare $NAME inside a word, an inline comment kept in
/// an environment file's value, the variables of a missing optional file left empty), and an <c>EnvironmentFile=</c>
/// without '-' that is not there. Each with the evidence that keeps it silent.</summary>
public sealed class StartFailureTests
{
    private const string FpmUnit = "[Unit]\nDescription=The PHP 8.2 FastCGI Process Manager\n\n[Service]\nType=notify\n"
        + "ExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\nExecReload=/bin/kill -USR2 $MAINPID\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Phorge(bool unit = true)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name phorge.example.org;\n        root /var/www/phorge/webroot;\n"
                + "        location /index.php {\n            include fastcgi_params;\n            fastcgi_pass unix:/run/phorge/php-fpm.sock;\n        }\n    }\n}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\nfastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/phorge.conf", "[phorge]\nuser = www-data\ngroup = www-data\nlisten = /run/phorge/php-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\npm.max_requests = 500\n")
            .Write("var/www/phorge/webroot/index.php", "<?php\n");
        return unit ? tree.Write("lib/systemd/system/php8.2-fpm.service", FpmUnit) : tree;
    }

    private static TempTree Gunicorn(string unit, string? env = "/srv/app/config/.env", string envText = "APP_IP=127.0.0.1\nAPP_PORT=5000\n", string upstream = "app-api") =>
        (env is null ? new TempTree() : new TempTree().Write(env.TrimStart('/'), envText))
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    upstream " + upstream + " {\n        server 127.0.0.1:5000;\n    }\n    server {\n        listen 80;\n        server_name app.example.org;\n"
                + "        location /api/ {\n            proxy_pass http://" + upstream + ";\n        }\n    }\n}\n")
            .Write("etc/systemd/system/app-server.service", unit)
            .Write("srv/app/api/.keep", string.Empty);

    private static string AppUnit(string environmentFile, string bind) =>
        $"[Service]\nUser=app\nWorkingDirectory=/srv/app/api\nEnvironmentFile={environmentFile}\nExecStart=/srv/app/venv/bin/gunicorn config.wsgi:application --bind {bind}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static List<JsonElement> Findings(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var document = JsonDocument.Parse(output.Stdout);
        return document.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == "CL001").Select(d => d.Clone()).ToList();
    }

    private static (string Severity, string File, int Line) Where(JsonElement finding) =>
        (finding.GetProperty("severity").GetString()!, finding.GetProperty("path").GetString()!.Replace('\\', '/'), finding.GetProperty("line").GetInt32());

    private static string Message(JsonElement finding) => finding.GetProperty("message").GetString()!;

    private static bool Applied(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object && fix.GetProperty("edits").GetArrayLength() > 0;

    [Fact]
    public void A_pool_socket_in_a_run_folder_nothing_makes_is_an_error_at_its_listen_line()
    {
        using var tree = Phorge();
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/php/8.2/fpm/pool.d/phorge.conf", 4), Where(finding));
        Assert.Contains("FPM initialization failed", Message(finding));
        Assert.Contains("fastcgi_pass unix:/run/phorge/php-fpm.sock", Message(finding));
        Assert.False(Applied(finding));
    }

    [Theory]
    [InlineData("etc/systemd/system/php8.2-fpm.service.d/run.conf", "[Service]\nRuntimeDirectory=phorge\nRuntimeDirectoryPreserve=yes\n")]
    [InlineData("etc/tmpfiles.d/phorge.conf", "d /run/phorge 0755 www-data www-data -\n")]
    [InlineData("usr/lib/tmpfiles.d/phorge.conf", "d /var/run/phorge 0755 www-data www-data -\n")]
    [InlineData("etc/systemd/system/php8.2-fpm.service.d/pre.conf", "[Service]\nExecStartPre=/bin/mkdir -p /run/phorge\n")]
    [InlineData("etc/systemd/system/php8.2-fpm.service.d/pre.conf", "[Service]\nExecStartPre=/opt/phorge/bin/prepare\n")]
    [InlineData("etc/systemd/system/aphlict.service", "[Service]\nRuntimeDirectory=phorge\nExecStart=/usr/bin/node /srv/aphlict/aphlict.js\n")]
    [InlineData("run/phorge/.keep", "")]
    public void Anything_that_may_make_the_folder_keeps_it_silent(string path, string text)
    {
        using var tree = Phorge().Write(path, text);
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void Without_the_php_fpm_unit_in_the_root_nothing_is_known()
    {
        using var tree = Phorge(unit: false);
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_gunicorn_socket_in_a_run_folder_its_unit_does_not_make_is_an_error_at_the_bind_and_silent_with_RuntimeDirectory()
    {
        const string Unit = "[Service]\nUser=www-data\nWorkingDirectory=/srv/app\n{0}ExecStart=/srv/app/venv/bin/gunicorn --bind unix:/run/app/gunicorn.sock app.wsgi\n\n[Install]\nWantedBy=multi-user.target\n";
        TempTree Tree(string extra) => new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name app.example.org;\n        location / { proxy_pass http://unix:/run/app/gunicorn.sock; }\n    }\n}\n")
            .Write("etc/systemd/system/app.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Unit, extra));
        using (var tree = Tree(string.Empty))
        {
            var finding = Assert.Single(Findings(tree));
            Assert.Equal(("error", "etc/systemd/system/app.service", 4), Where(finding));
            Assert.Contains("RuntimeDirectory=app", finding.GetProperty("fix").GetProperty("description").GetString());
        }

        using (var tree = Tree("RuntimeDirectory=app\n"))
        {
            Assert.Empty(Findings(tree));
        }
    }

    [Fact]
    public void A_bare_variable_inside_the_bind_word_is_an_error_at_the_upstream_with_the_ExecStart_line()
    {
        using var tree = Gunicorn(AppUnit("/srv/app/config/.env", "$APP_IP:$APP_PORT"));
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 4), Where(finding));
        Assert.Contains("'$APP_PORT' is not a valid port number", Message(finding));
        Assert.Contains("${APP_IP}:${APP_PORT}", finding.GetProperty("fix").GetProperty("description").GetString());
        Assert.Equal("etc/systemd/system/app-server.service", finding.GetProperty("related")[0].GetProperty("path").GetString()!.Replace('\\', '/'));
    }

    [Fact]
    public void Braced_variables_that_give_the_target_are_fine()
    {
        using var tree = Gunicorn(AppUnit("/srv/app/config/.env", "${APP_IP}:${APP_PORT}"));
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void An_inline_comment_kept_in_the_port_is_an_error_with_the_environment_file_line()
    {
        using var tree = Gunicorn(AppUnit("/srv/app/config/.env", "${APP_IP}:${APP_PORT}"), envText: "APP_IP=127.0.0.1\nAPP_PORT=5000  # default\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 4), Where(finding));
        var related = finding.GetProperty("related")[0];
        Assert.Equal(("srv/app/config/.env", 2), (related.GetProperty("path").GetString()!.Replace('\\', '/'), related.GetProperty("line").GetInt32()));
    }

    [Fact]
    public void A_required_environment_file_missing_from_a_folder_the_root_holds_is_an_error_where_the_upstream_is_named_for_the_unit()
    {
        using var tree = Gunicorn(AppUnit("/srv/app/.env", "${APP_IP}:${APP_PORT}"), upstream: "app-server");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 4), Where(finding));
        Assert.Contains("Failed to load environment files", Message(finding));
        Assert.Equal(("etc/systemd/system/app-server.service", 4), (finding.GetProperty("related")[0].GetProperty("path").GetString()!.Replace('\\', '/'), finding.GetProperty("related")[0].GetProperty("line").GetInt32()));
    }

    [Fact]
    public void Untied_the_missing_environment_file_is_info()
    {
        using var tree = Gunicorn(AppUnit("/srv/app/.env", "${APP_IP}:${APP_PORT}"));
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("info", "etc/nginx/nginx.conf", 4), Where(finding));
    }

    [Fact]
    public void An_optional_environment_file_missing_leaves_the_bind_empty_which_gunicorn_refuses()
    {
        using var tree = Gunicorn(AppUnit("-/srv/app/.env", "${APP_IP}:${APP_PORT}"), upstream: "app-server");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 4), Where(finding));
        Assert.Contains("--bind ':'", Message(finding));
    }

    [Theory]
    [InlineData("/opt/app/.env")]
    [InlineData("-/opt/app/.env")]
    public void An_environment_file_whose_folder_the_root_does_not_hold_is_not_judged(string file)
    {
        using var tree = Gunicorn(AppUnit(file, "${APP_IP}:${APP_PORT}"), env: null);
        Assert.DoesNotContain(Findings(tree), f => f.GetProperty("severity").GetString() == "error");
    }

    [Theory]
    [InlineData("127.0.0.1:5000", null)]
    [InlineData(" 127.0.0.1: 5000 ", null)]
    [InlineData("localhost", null)]
    [InlineData("[::1]:8000", null)]
    [InlineData("127.0.0.1:5_000", null)]
    [InlineData(":", "")]
    [InlineData("127.0.0.1:5000  # default", "5000  # default")]
    [InlineData("$IP:$PORT", "$PORT")]
    [InlineData("tcp://0.0.0.0:http", "http")]
    public void Gunicorns_port_parsing(string bind, string? refused)
    {
        Assert.Equal(refused, StartFailures.GunicornRefusedPort(bind));
    }

    private static TempTree Fcgiwrap(string execStart, string? defaults, string environment = "Environment=DAEMON_OPTS=-f\nEnvironmentFile=-/etc/default/fcgiwrap\n")
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name nvr.example.org;\n"
                + "        location /cgi-bin/ {\n            include fastcgi_params;\n            fastcgi_pass unix:/run/fcgiwrap.socket;\n        }\n    }\n}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param SCRIPT_NAME $fastcgi_script_name;\nfastcgi_param DOCUMENT_ROOT $document_root;\n")
            .Write("lib/systemd/system/fcgiwrap.service", "[Unit]\nDescription=Simple CGI Server\nRequires=fcgiwrap.socket\n\n[Service]\n" + environment + "ExecStart=" + execStart + "\nUser=www-data\nGroup=www-data\n\n[Install]\nAlso=fcgiwrap.socket\n")
            .Write("lib/systemd/system/fcgiwrap.socket", "[Unit]\nDescription=fcgiwrap Socket\n\n[Socket]\nListenStream=/run/fcgiwrap.socket\nSocketUser=www-data\nSocketGroup=www-data\nSocketMode=0660\n\n[Install]\nWantedBy=sockets.target\n")
            .Link("etc/systemd/system/sockets.target.wants/fcgiwrap.socket", "/lib/systemd/system/fcgiwrap.socket");
        return defaults is null ? tree : tree.Write("etc/default/fcgiwrap", defaults);
    }

    [Fact]
    public void Fcgiwrap_given_its_options_as_one_braced_word_cannot_start_and_its_socket_answers_nothing()
    {
        using var tree = Fcgiwrap("/usr/sbin/fcgiwrap ${DAEMON_OPTS}", "# ZoneMinder: one wrapper per camera\nDAEMON_OPTS=\"-f -c 6\"\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 9), Where(finding));
        Assert.Contains("nothing answers at unix:/run/fcgiwrap.socket, since service 'fcgiwrap.service' cannot start", Message(finding));
        Assert.Contains("the option character ' ' in '-f -c 6'", Message(finding));
        Assert.Contains("ExecStart=/usr/sbin/fcgiwrap $DAEMON_OPTS", finding.GetProperty("fix").GetProperty("description").GetString());
        Assert.False(Applied(finding));
    }

    [Theory]
    [InlineData("/usr/sbin/fcgiwrap ${DAEMON_OPTS}", "DAEMON_OPTS=\"-c 6\"\n")] // -c takes " 6": atoi gives 6
    [InlineData("/usr/sbin/fcgiwrap $DAEMON_OPTS", "DAEMON_OPTS=\"-f -c 6\"\n")] // a bare word: systemd splits it
    [InlineData("/usr/sbin/fcgiwrap ${DAEMON_OPTS}", null)] // the unit's own -f
    [InlineData("/usr/sbin/fcgiwrap -f -c6 -p /usr/lib/cgit/cgit.cgi", null)]
    public void Fcgiwrap_with_options_it_takes_is_not_judged(string execStart, string? defaults)
    {
        using var tree = Fcgiwrap(execStart, defaults);
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void Fcgiwrap_whose_environment_is_not_all_known_is_not_judged()
    {
        using var tree = Fcgiwrap("/usr/sbin/fcgiwrap ${DAEMON_OPTS}", "DAEMON_OPTS=\"-f -c 6\"\n", "Environment=DAEMON_OPTS=-f\nEnvironmentFile=-/etc/default/fcgiwrap\nPassEnvironment=DAEMON_OPTS\n");
        Assert.Empty(Findings(tree));
    }

    [Theory]
    [InlineData("-f", null)]
    [InlineData("-f -c 6", "' '")]
    [InlineData("-c", "without a value")]
    [InlineData("-fc", "without a value")]
    [InlineData("-fc4|-s|unix:/run/x.sock", null)]
    [InlineData("-c|4|-x", "'x'")]
    [InlineData("--children=4", "'-'")]
    [InlineData("-h", "-h")]
    [InlineData("--|-x", null)]
    [InlineData("extra|-f", null)]
    [InlineData("-p|/usr/lib/cgit/cgit.cgi|-p", "without a value")]
    public void Fcgiwraps_getopt(string words, string? refused)
    {
        var why = StartFailures.FcgiwrapRefuses(words.Split('|'));
        if (refused is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(refused, why);
        }
    }
}
