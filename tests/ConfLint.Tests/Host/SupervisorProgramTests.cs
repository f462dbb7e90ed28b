using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Supervisor;
using ConfLint.Syntax.Supervisor;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>supervisord programs as back ends: their commands read by the same readers as a systemd unit's ExecStart
/// (uwsgi's ini, puma's Ruby file, node's PORT, gunicorn's defaults), and PHP-FPM joined to the pools it runs.</summary>
public class SupervisorProgramTests
{
    private const string Pool = "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php-fpm.sock\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n";

    private static TempTree Program(string body) => new TempTree().Write("etc/supervisor/conf.d/app.conf", "[program:app]\n" + body + "\n");

    private static SupervisorBackEnd Single(HostModel host) => Assert.Single(host.BackEndsOf<SupervisorBackEnd>());

    [Theory]
    [InlineData("etc/php83/php-fpm.conf", "etc/php83/php-fpm.d/www.conf", "command=php-fpm83 -F")]
    [InlineData("etc/php/8.2/fpm/php-fpm.conf", "etc/php/8.2/fpm/pool.d/www.conf", "command=/usr/sbin/php-fpm8.2 --nodaemonize")]
    [InlineData("etc/php/8.2/fpm/php-fpm.conf", "etc/php/8.2/fpm/pool.d/www.conf", "command=php-fpm -F -y /etc/php/8.2/fpm/php-fpm.conf")]
    [InlineData("usr/local/etc/php-fpm.conf", "usr/local/etc/php-fpm.d/www.conf", "command=php-fpm -F")]
    public void A_program_running_php_fpm_keeps_the_pools_of_its_installation(string main, string pool, string command)
    {
        var folder = pool[..pool.LastIndexOf('/')];
        using var tree = Program(command + "\nautorestart=false")
            .Write(main, $"[global]\ninclude=/{folder}/*.conf\n")
            .Write(pool, Pool);
        var host = HostTrees.Model(tree);
        var program = Single(host);
        var install = Assert.Single(host.PhpInstalls);
        Assert.Same(install, program.PhpFpm);
        Assert.Same(program, install.Supervisor);
        Assert.Same(program, host.SupervisorOf(Assert.Single(host.BackEndsOf<FpmPool>())));
        Assert.False(program.RestartsAfterCrash);
    }

    [Theory]
    [InlineData("", "user=www-data", "www-data", true)]
    [InlineData("", "", "root", true)]
    [InlineData("User=deploy", "user=www-data", "deploy", true)]
    public void The_php_fpm_master_runs_as_the_programs_user_when_supervisord_is_root(string supervisordUser, string programUser, string master, bool proven)
    {
        using var tree = Program("command=php-fpm8.2 --nodaemonize\n" + programUser)
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", Pool)
            .Service("supervisor.service", "/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf", supervisordUser.Length > 0 ? [supervisordUser] : []);
        var install = Assert.Single(HostTrees.Model(tree).PhpInstalls);
        Assert.Equal((master, proven), (install.Master.User, install.Master.Proven));
    }

    [Fact]
    public void A_php_fpm_program_whose_installation_is_not_found_leaves_its_pools_unknown()
    {
        using var tree = Program("command=php-fpm -F -y /srv/fpm/custom.conf");
        var host = HostTrees.Model(tree);
        Assert.Null(Single(host).PhpFpm);
        Assert.Contains(host.UnknownListeners, u => u.BackEnd is SupervisorBackEnd && u.Why.Contains("PHP-FPM", StringComparison.Ordinal));
    }

    [Fact]
    public void Uwsgi_reads_its_ini_file_as_under_systemd()
    {
        using var tree = Program("command=/srv/app/venv/bin/uwsgi --ini /srv/app/uwsgi.ini")
            .Write("srv/app/uwsgi.ini", "[uwsgi]\nmodule = app:app\nhttp-socket = 127.0.0.1:8001\nharakiri = 60\n");
        var program = Single(HostTrees.Model(tree));
        var bind = Assert.Single(program.Listeners);
        Assert.Equal(("127.0.0.1", 8001), (bind.Endpoint.Host, bind.Endpoint.Port));
        Assert.Equal(3, bind.Location.Start.Line);
        Assert.Equal(60, program.Server!.RequestTimeout!.Value.TotalSeconds);
    }

    [Fact]
    public void Puma_reads_its_config_file_from_the_programs_directory()
    {
        using var tree = Program("command=bundle exec puma -C config/puma.rb\ndirectory=/srv/rails")
            .Write("srv/rails/config/puma.rb", "workers 2\nbind \"tcp://127.0.0.1:3001\"\n");
        var bind = Assert.Single(Single(HostTrees.Model(tree)).Listeners);
        Assert.Equal(("127.0.0.1", 3001), (bind.Endpoint.Host, bind.Endpoint.Port));
    }

    [Theory]
    [InlineData("command=node /srv/web/server.js\nenvironment=NODE_ENV=\"production\",PORT=\"3005\"", 3005)]
    [InlineData("command=/usr/bin/node server.js --port 3006\ndirectory=/srv/web", 3006)]
    public void Node_listens_on_its_port_flag_or_port_from_environment(string body, int port)
    {
        using var tree = Program(body);
        var bind = Assert.Single(Single(HostTrees.Model(tree)).Listeners);
        Assert.Equal(port, bind.Endpoint.Port);
    }

    [Fact]
    public void Gunicorn_without_bind_or_working_folder_is_unknown_but_with_its_folder_takes_the_default()
    {
        using var unknown = Program("command=gunicorn app:app");
        var host = HostTrees.Model(unknown);
        Assert.Empty(Single(host).Listeners);
        Assert.Contains(host.UnknownListeners, u => u.BackEnd is SupervisorBackEnd);

        using var known = Program("command=gunicorn app:app\ndirectory=/srv/app");
        var bind = Assert.Single(Single(HostTrees.Model(known)).Listeners);
        Assert.Equal(("127.0.0.1", 8000), (bind.Endpoint.Host, bind.Endpoint.Port));
    }

    [Fact]
    public void A_program_ConfLint_does_not_read_is_no_back_end()
    {
        using var tree = Program("command=/usr/local/bin/worker --queue mail");
        Assert.Empty(HostTrees.Model(tree).BackEndsOf<SupervisorBackEnd>());
    }
    /// <summary>supervisord's dict_of_key_value_pairs (shlex, not POSIX): quotes keep a comma in the value.</summary>
    [Theory]
    [InlineData("A=1,B=2", "A=1;B=2")]
    [InlineData("ALLOWED_HOSTS=\"app.example.com,localhost\",GUNICORN_CMD_ARGS=\"--bind unix:/opt/app/run/gunicorn.sock\"", "ALLOWED_HOSTS=app.example.com,localhost;GUNICORN_CMD_ARGS=--bind unix:/opt/app/run/gunicorn.sock")]
    [InlineData("PATH=\"/opt/app/venv/bin:/usr/bin\", HOME='/home/app'", "PATH=/opt/app/venv/bin:/usr/bin;HOME=/home/app")]
    [InlineData("TIMEOUT=\"%(ENV_MAYAN_TIMEOUT)s\",PORT=8000", "TIMEOUT=?;PORT=8000")]
    [InlineData("A=1,B=x y", "A=1;B=x")]
    [InlineData("", "")]
    public void Environment_is_read_as_supervisord_reads_it(string value, string expected)
    {
        var environment = SupervisorBackEnds.Environment(value)!;
        Assert.Equal(expected, string.Join(';', environment.Select(e => $"{e.Key}={e.Value ?? "?"}")));
    }

    [Theory]
    [InlineData("A=\"never closed")]
    [InlineData("A=1,B")]
    [InlineData("PORT=%(ENV_PORT)s")]
    public void An_environment_supervisord_refuses_or_an_expansion_outside_quotes_is_not_known(string value)
    {
        Assert.Null(SupervisorBackEnds.Environment(value));
    }

    [Fact]
    public void A_quoted_comma_keeps_the_bind_of_GUNICORN_CMD_ARGS()
    {
        using var tree = Program("command=/opt/app/venv/bin/gunicorn app.wsgi\ndirectory=/opt/app\nenvironment=ALLOWED_HOSTS=\"app.example.com,localhost\",GUNICORN_CMD_ARGS=\"--bind unix:/opt/app/run/gunicorn.sock\"");
        var program = Single(HostTrees.Model(tree));
        Assert.Equal("/opt/app/run/gunicorn.sock", Assert.Single(program.Listeners).Endpoint.Path);
    }

    private const string Main = "[supervisord]\nenvironment=APP_BIN=/opt/app/bin/gunicorn,APP_TIMEOUT=300,EMPTY=\"\"\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n";

    /// <summary>supervisord 4.2.2+ expands %(ENV_X)s from the [supervisord] section's environment= (options.py read_config),
    /// and an empty value leaves no argument (shlex.split); the words keep their place at the expansion.</summary>
    [Fact]
    public void A_command_expands_the_supervisord_sections_environment()
    {
        using var tree = new TempTree().Write("etc/supervisor/supervisord.conf", Main)
            .Write("etc/supervisor/conf.d/app.conf", "[program:app]\ncommand=%(ENV_APP_BIN)s --bind 127.0.0.1:8000 %(ENV_EMPTY)s --timeout %(ENV_APP_TIMEOUT)s app.wsgi\ndirectory=/opt/app\n");
        var program = Single(HostTrees.Model(tree));
        Assert.Equal(("127.0.0.1", 8000), (Assert.Single(program.Listeners).Endpoint.Host, Assert.Single(program.Listeners).Endpoint.Port));
        Assert.Equal(300, program.Server!.RequestTimeout!.Value.TotalSeconds);
        var at = program.Server.RequestTimeoutAt!;
        Assert.Equal("%(ENV_APP_TIMEOUT)s", at.Source!.Text.Substring(at.Span.Start, at.Span.Length));
    }

    /// <summary>The [supervisord] section's environment is every program's too (options.py: section.environment updated with
    /// the program's own).</summary>
    [Fact]
    public void The_supervisord_sections_environment_is_the_programs()
    {
        using var tree = new TempTree().Write("etc/supervisor/supervisord.conf", "[supervisord]\nenvironment=GUNICORN_CMD_ARGS=\"--bind unix:/opt/app/run/app.sock\"\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/app.conf", "[program:app]\ncommand=/opt/app/bin/gunicorn app.wsgi\ndirectory=/opt/app\n");
        Assert.Equal("/opt/app/run/app.sock", Assert.Single(Single(HostTrees.Model(tree)).Listeners).Endpoint.Path);
    }

    /// <summary>A program's own environment= is expanded first (%% as %), and its entries are expansions of its command.</summary>
    [Fact]
    public void A_command_expands_the_programs_own_environment()
    {
        using var tree = new TempTree().Write("etc/supervisor/supervisord.conf", Main)
            .Write("etc/supervisor/conf.d/app.conf", "[program:app]\ncommand=%(ENV_COMMAND)s --timeout %(ENV_APP_TIMEOUT)s app.wsgi\nenvironment=COMMAND=\"%(ENV_APP_BIN)s --bind 127.0.0.1:800%(process_num)d\",APP_TIMEOUT=60\ndirectory=/opt/app\n");
        var program = Single(HostTrees.Model(tree));
        Assert.Equal(8000, Assert.Single(program.Listeners).Endpoint.Port);
        Assert.Equal(60, program.Server!.RequestTimeout!.Value.TotalSeconds);
    }

    [Theory]
    [InlineData("A=\"50%%\",B=%(program_name)s", "A=50%;B=app")]
    [InlineData("A=%(program_name)s,B=\"%(ENV_X)s\"", "A=app;B=?")]
    public void An_environment_is_read_after_its_expansions(string value, string expected)
    {
        var names = new Dictionary<string, SupervisorName> { ["program_name"] = SupervisorName.Of("app"), ["ENV_X"] = SupervisorName.Unknown };
        var environment = SupervisorBackEnds.Environment(value, n => names.TryGetValue(n, out var v) ? v : null)!;
        Assert.Equal(expected, string.Join(';', environment.Select(e => $"{e.Key}={e.Value ?? "?"}")));
    }

    /// <summary>A name of supervisord's own environment (not in the files) leaves the program unread, never missing: what it
    /// names may listen.</summary>
    [Theory]
    [InlineData("command=%(ENV_HOME)s/bin/gunicorn --bind 127.0.0.1:8000 app.wsgi")]
    [InlineData("command=/opt/app/bin/gunicorn --bind 127.0.0.1:8000 app.wsgi\nenvironment=PORT=%(ENV_PORT)s")]
    [InlineData("command=/opt/app/bin/gunicorn --bind 127.0.0.1:8000 --workers %(nope)s app.wsgi")]
    public void A_command_that_cannot_be_expanded_is_an_unread_program(string body)
    {
        using var tree = Program(body + "\ndirectory=/opt/app");
        var host = HostTrees.Model(tree);
        Assert.Empty(host.BackEndsOf<SupervisorBackEnd>());
        Assert.Contains(host.UnreadPrograms, p => p.Who == "supervisord program 'app'");
        Assert.NotNull(host.UnreadProgramNaming(Endpoint.Tcp("127.0.0.1", 8000)));
        Assert.Contains(host.UnreadSupervisorCommands, n => n.Contains("supervisord program 'app'", StringComparison.Ordinal));
    }

    /// <summary>Without directory=, the program runs in supervisord's folder: its service's WorkingDirectory=, / when unset
    /// (supervisord -n does not change folder), so gunicorn.conf.py is looked for there; without a service, not known.</summary>
    [Theory]
    [InlineData(true, "", "127.0.0.1:8000 300s")]
    [InlineData(true, "WorkingDirectory=/srv/app", "127.0.0.1:9000 300s")]
    [InlineData(false, "", " (unknown)")]
    public void Without_directory_the_program_runs_in_supervisords_folder(bool unit, string workingDirectory, string expected)
    {
        using var tree = Program("command=/opt/app/bin/gunicorn --worker-class sync --timeout 300 app.wsgi")
            .Write("srv/app/gunicorn.conf.py", "bind = \"127.0.0.1:9000\"\n");
        if (unit)
        {
            tree.Service("supervisor.service", "/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf", workingDirectory.Length > 0 ? [workingDirectory] : []);
        }

        var program = Single(HostTrees.Model(tree));
        var host = HostTrees.Model(tree);
        var described = string.Join(", ", program.Listeners.Select(l => l.Endpoint.Describe()))
            + (host.UnknownListeners.Any(u => u.BackEnd is SupervisorBackEnd) ? " (unknown)" : $" {program.Server!.RequestTimeout!.Value.TotalSeconds}s");
        Assert.Equal(expected, described);
    }

    /// <summary>Python's % with a mapping, as supervisord's expand applies it.</summary>
    [Theory]
    [InlineData("%(program_name)s-%(process_num)02d", "app-07")]
    [InlineData("%(process_num)3d|%(process_num)-3d|", "  7|7  |")]
    [InlineData("50%% of %(here)s", "50% of /etc/supervisor/conf.d")]
    [InlineData("%(ENV_X)s/bin", "?/bin")]
    [InlineData("%(program_name)d", null)]
    [InlineData("50% off", null)]
    [InlineData("%(unknown)s", null)]
    [InlineData("%(program_name)", null)]
    public void Expansions_follow_pythons_percent_format(string value, string? expected)
    {
        var names = new Dictionary<string, SupervisorName>
        {
            ["program_name"] = SupervisorName.Of("app"),
            ["process_num"] = SupervisorName.Of(7),
            ["here"] = SupervisorName.Of("/etc/supervisor/conf.d"),
            ["ENV_X"] = SupervisorName.Unknown,
        };
        var expanded = ConfLint.Syntax.Supervisor.SupervisorText.Expand(value, n => names.TryGetValue(n, out var v) ? v : null, _ => "?");
        Assert.Equal(expected, expanded?.Text);
        Assert.Equal(expected?.Contains('?') != true, expanded?.Complete ?? true);
    }
}
