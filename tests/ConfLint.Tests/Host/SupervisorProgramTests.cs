using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Supervisor;
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
}
