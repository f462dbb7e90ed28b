using ConfLint.Host;
using ConfLint.Host.Supervisor;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Command lines of application servers: the priority and scheduling wrappers before them, each read with its
/// own options' arity (an unknown option leaves the command unread, never a value taken for the program); <c>rails
/// server</c> as puma under Rails' options; Laravel's artisan servers; and programs known to listen on no port, which
/// no longer keep a port drift from being judged.</summary>
public class AppCommandTests
{
    /// <summary>The binds of the service's server, "unknown", or null when the command runs no server ConfLint reads.</summary>
    private static string? Binds(TempTree tree, string unit = "app.service")
    {
        var service = HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().SingleOrDefault(s => s.UnitName == unit);
        return service?.Server is not { } server ? null : (server.BindsUnknown ? "unknown" : string.Join(", ", server.Binds.Select(b => b.Endpoint.Describe())));
    }

    private static string? Wrapped(string wrappers) =>
        Binds(new TempTree().Service("app.service", $"{wrappers} /srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 app:app", "WorkingDirectory=/srv/app"));

    [Theory]
    [InlineData("/usr/bin/nice -n5")]
    [InlineData("/usr/bin/nice -n 5")]
    [InlineData("nice -5")]
    [InlineData("nice --adjustment=5")]
    [InlineData("nice --adj 5")]
    [InlineData("nice")]
    [InlineData("ionice -c2 -n7")]
    [InlineData("ionice -c 3 -t")]
    [InlineData("ionice --class idle")]
    [InlineData("chrt -f 50")]
    [InlineData("chrt --rr 10")]
    [InlineData("chrt -o 0")]
    [InlineData("chrt --batch")]
    [InlineData("taskset -c 0,1")]
    [InlineData("taskset 0x3")]
    [InlineData("stdbuf -oL")]
    [InlineData("stdbuf -o L -e L")]
    [InlineData("stdbuf --output=L")]
    [InlineData("timeout 1d")]
    [InlineData("timeout -s KILL 30")]
    [InlineData("timeout --kill-after=5 --signal TERM 1h")]
    [InlineData("timeout -k 5s --foreground 1h")]
    [InlineData("setpriv --reuid=app --regid=app --init-groups")]
    [InlineData("setpriv --reuid app --clear-groups --no-new-privs")]
    [InlineData("chpst -u app:app -o 1024")]
    [InlineData("chpst -uapp -n 5")]
    [InlineData("numactl --interleave=all")]
    [InlineData("numactl -N 0 -m 0")]
    [InlineData("timeout -s KILL 1d nice -n 5 ionice -c 3 taskset -c 0 stdbuf -oL")]
    [InlineData("nice -n5 /usr/bin/env PYTHONUNBUFFERED=1")]
    public void A_wrapper_is_read_with_its_own_options(string wrappers)
    {
        Assert.Equal("127.0.0.1:8000", Wrapped(wrappers));
    }

    [Theory]
    [InlineData("nice -x")]
    [InlineData("nice --frobnicate=5")]
    [InlineData("ionice -p 1")]
    [InlineData("ionice -z")]
    [InlineData("chrt -p 50")]
    [InlineData("chrt -q 50")]
    [InlineData("taskset -p 0x3")]
    [InlineData("taskset -z 0x3")]
    [InlineData("stdbuf -x L")]
    [InlineData("timeout --frobnicate 30")]
    [InlineData("timeout -z 30")]
    [InlineData("setpriv --reset-env --reuid=app")]
    [InlineData("setpriv --frobnicate app")]
    [InlineData("chpst -e /etc/app/env")]
    [InlineData("chpst -/ /srv/jail")]
    [InlineData("chpst -x")]
    [InlineData("numactl --show")]
    [InlineData("numactl --frobnicate 0")]
    [InlineData("dotenv -o")]
    public void A_wrapper_option_of_unknown_meaning_leaves_the_command_unread(string wrappers)
    {
        Assert.Null(Wrapped(wrappers));
    }

    [Theory]
    [InlineData("nice -n 5 gunicorn")]
    [InlineData("timeout -s KILL 30 gunicorn")]
    [InlineData("chrt -f 50 gunicorn")]
    [InlineData("taskset -c 0 gunicorn")]
    public void An_options_value_is_never_taken_for_the_program(string command)
    {
        // The trap: "5", "KILL" or "30", "50", "0" are the wrappers', and gunicorn (with its defaults) is the program.
        using var tree = new TempTree().Service("app.service", "/usr/bin/" + command + " app:app", "WorkingDirectory=/srv/app");
        var service = Assert.Single(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>());
        Assert.Equal("gunicorn", service.Server!.Program);
    }

    [Fact]
    public void Zulips_supervisord_program_reads_uwsgis_ini_through_nice_and_uv_run()
    {
        using var tree = new TempTree()
            .Write("etc/supervisor/conf.d/zulip.conf", "[program:zulip-django]\ncommand=nice -n5 uv run --no-sync uwsgi --ini /etc/zulip/uwsgi.ini\ndirectory=/home/zulip/deployments/current/\n")
            .Write("etc/zulip/uwsgi.ini", "[uwsgi]\nsocket=/home/zulip/deployments/uwsgi-socket\nharakiri=300\n");
        var program = Assert.Single(HostTrees.Model(tree).BackEndsOf<SupervisorBackEnd>());
        Assert.Equal("uwsgi", program.Server!.Program);
        Assert.Equal("unix:/home/zulip/deployments/uwsgi-socket", Assert.Single(program.Server.Binds).Endpoint.Describe());
        Assert.Equal(300, program.Server.RequestTimeout!.Value.TotalSeconds);
    }

    /// <summary>systemd's expansion (replace_env_argv): a word that is exactly <c>$VAR</c> becomes the value split at
    /// blanks; <c>${VAR}</c> is one piece wherever it stands; a bare <c>$VAR</c> inside a longer word is passed as
    /// written (gunicorn then gets no address it can use: unknown, never its default).</summary>
    [Theory]
    [InlineData("$GUNICORN_OPTS", "GUNICORN_OPTS=\"--workers 5 --bind=127.0.0.1:8345 --timeout 30\"", "127.0.0.1:8345")]
    [InlineData("$GUNICORN_OPTS", "GUNICORN_OPTS='-w 3 -b unix:/run/app/app.sock'", "unix:/run/app/app.sock")]
    [InlineData("--bind ${ADDRESS}", "ADDRESS=127.0.0.1:8100", "127.0.0.1:8100")]
    [InlineData("--bind=${HOST}:${PORT}", "HOST=127.0.0.1\nPORT=8101", "127.0.0.1:8101")]
    [InlineData("--bind=$ADDRESS", "ADDRESS=127.0.0.1:8102", "unknown")]
    [InlineData("$GUNICORN_OPTS", "OTHER=1", "127.0.0.1:8000")] // unset where the environment is all known: no word at all
    [InlineData("$GUNICORN_OPTS", null, "unknown")] // the environment file is not in the tree: the options may be anything
    [InlineData("--bind ${ADDRESS}", null, "unknown")]
    public void Variables_in_a_command_are_expanded_as_systemd_does(string arguments, string? environmentFile, string expected)
    {
        using var tree = new TempTree()
            .Service("app.service", $"/srv/app/venv/bin/gunicorn app.wsgi --name app {arguments}", "WorkingDirectory=/srv/app", "EnvironmentFile=/etc/default/app");
        if (environmentFile is not null)
        {
            tree.Write("etc/default/app", environmentFile + "\n");
        }

        Assert.Equal(expected, Binds(tree));
    }

    /// <summary>A Rails application in /srv/app, its puma.rb given.</summary>
    private static TempTree Rails(string command, string pumaRb = "threads 5, 5\nport 3000\n", params string[] lines) =>
        new TempTree()
            .Service("app.service", command, ["WorkingDirectory=/srv/app", .. lines])
            .Write("srv/app/config/puma.rb", pumaRb);

    [Theory]
    [InlineData("/bin/bash -lc 'bin/rails server -p $PORT -e $RAILS_ENV'", "Environment=PORT=3000 RAILS_ENV=production", "0.0.0.0:3000")]
    [InlineData("/srv/app/bin/rails server -p 3001", "Environment=RAILS_ENV=production", "0.0.0.0:3001")]
    [InlineData("/srv/app/bin/rails s -p3001 -b 127.0.0.1", "", "127.0.0.1:3001")]
    [InlineData("/usr/bin/bundle exec rails server --port=3002 --binding=127.0.0.1 -e production", "", "127.0.0.1:3002")]
    [InlineData("/usr/bin/bundle exec rails server -e production", "", "0.0.0.0:3000")]
    [InlineData("/usr/bin/bundle exec rails server", "", "127.0.0.1:3000")]
    [InlineData("/usr/bin/bundle exec rails server -b 10.0.0.5", "Environment=RAILS_ENV=production", "10.0.0.5:3000")]
    [InlineData("/usr/bin/bundle exec rails server -e production", "Environment=BINDING=127.0.0.1", "127.0.0.1:3000")]
    [InlineData("/usr/bin/ruby bin/rails server -e production -d", "", "0.0.0.0:3000")]
    public void Rails_server_is_puma_with_rails_host_and_port(string command, string environment, string expected)
    {
        using var tree = Rails(command, lines: environment.Length > 0 ? [environment] : []);
        Assert.Equal(expected, Binds(tree));
    }

    [Fact]
    public void Rails_server_without_user_given_port_reads_puma_rb_binds()
    {
        using var tree = Rails("/usr/bin/bundle exec rails server -e production", "bind 'unix:///srv/app/tmp/puma.sock'\n");
        Assert.Equal("unix:/srv/app/tmp/puma.sock", Binds(tree));

        // -p replaces the file's binds, as puma's Rack handler clears them for what the user gave Rails.
        using var given = Rails("/usr/bin/bundle exec rails server -e production -p 4000", "bind 'unix:///srv/app/tmp/puma.sock'\n");
        Assert.Equal("0.0.0.0:4000", Binds(given));

        // Without puma.rb, Rails' own host and port, whatever Rack server the bundle has.
        using var bare = new TempTree().Service("app.service", "/usr/bin/bundle exec rails server -e production", "WorkingDirectory=/srv/app");
        Assert.Equal("0.0.0.0:3000", Binds(bare));
    }

    [Theory]
    [InlineData("/usr/bin/bundle exec rails server -u thin")]
    [InlineData("/usr/bin/bundle exec rails server --frobnicate")]
    [InlineData("/usr/bin/bundle exec rails server -p $WEB_PORT")]
    public void Rails_server_that_cannot_be_known_is_unknown(string command)
    {
        using var tree = Rails(command);
        Assert.Equal("unknown", Binds(tree));
    }

    [Theory]
    [InlineData("/usr/bin/bundle exec rails runner 'Job.run'")]
    [InlineData("/usr/bin/bundle exec rails console")]
    public void Other_rails_commands_run_no_server(string command)
    {
        using var tree = Rails(command);
        Assert.Null(Binds(tree));
    }

    /// <summary>A Laravel application in /var/www/app whose .env is given.</summary>
    private static TempTree Laravel(string command, string dotEnv = "", params string[] lines) =>
        new TempTree()
            .Service("app.service", command, ["WorkingDirectory=/var/www/app", .. lines])
            .Write("var/www/app/artisan", "#!/usr/bin/env php\n<?php\n")
            .Write("var/www/app/.env", dotEnv);

    [Theory]
    [InlineData("/usr/bin/php /var/www/app/artisan websockets:serve", "", "0.0.0.0:6001")]
    [InlineData("/usr/bin/php artisan websockets:serve --port=2096 --host=127.0.0.1", "", "127.0.0.1:2096")]
    [InlineData("/usr/bin/php8.2 -d memory_limit=512M artisan websockets:serve --port 2096", "", "0.0.0.0:2096")]
    [InlineData("/usr/bin/php artisan reverb:start", "", "0.0.0.0:8080")]
    [InlineData("/usr/bin/php artisan reverb:start", "REVERB_SERVER_PORT=8090\nREVERB_SERVER_HOST=\"127.0.0.1\"\n", "127.0.0.1:8090")]
    [InlineData("/usr/bin/php artisan reverb:start --port=9000", "REVERB_SERVER_PORT=8090\n", "0.0.0.0:9000")]
    [InlineData("/usr/bin/php artisan octane:start --server=swoole", "", "127.0.0.1:8000")]
    [InlineData("/usr/bin/php artisan octane:start --server=roadrunner --host=0.0.0.0 --port=8010", "", "0.0.0.0:8010")]
    [InlineData("/usr/bin/php artisan octane:frankenphp", "OCTANE_PORT=8020\n", "127.0.0.1:8020")]
    public void Artisan_servers_listen_where_their_packages_say(string command, string dotEnv, string expected)
    {
        using var tree = Laravel(command, dotEnv);
        Assert.Equal(expected, Binds(tree));
    }

    [Fact]
    public void The_process_environment_wins_over_dot_env_and_a_cached_configuration_is_unknown()
    {
        using var tree = Laravel("/usr/bin/php artisan reverb:start", "REVERB_SERVER_PORT=8090\n", "Environment=REVERB_SERVER_PORT=8095");
        Assert.Equal("0.0.0.0:8095", Binds(tree));

        using var cached = Laravel("/usr/bin/php artisan reverb:start", "REVERB_SERVER_PORT=8090\n").Write("var/www/app/bootstrap/cache/config.php", "<?php return [];\n");
        Assert.Equal("unknown", Binds(cached));

        // websockets:serve's defaults are its command's, not the configuration's.
        using var websockets = Laravel("/usr/bin/php artisan websockets:serve").Write("var/www/app/bootstrap/cache/config.php", "<?php return [];\n");
        Assert.Equal("0.0.0.0:6001", Binds(websockets));

        // $_ENV holds the process's OCTANE_PORT only where php.ini's variables_order says so.
        using var octane = Laravel("/usr/bin/php artisan octane:start", "", "Environment=OCTANE_PORT=8030");
        Assert.Equal("unknown", Binds(octane));
    }

    /// <summary>Octane's max_execution_time (config/octane.php, a literal of the application's own file): the request limit
    /// CL006 compares with the proxy's; 0, a computed value, no file or a cached configuration set none.</summary>
    [Theory]
    [InlineData("<?php\nreturn [\n    'server' => env('OCTANE_SERVER', 'swoole'),\n    'max_execution_time' => 120,\n];\n", false, 120)]
    [InlineData("<?php\nreturn [\n    'max_execution_time' => 0,\n];\n", false, null)]
    [InlineData("<?php\nreturn [\n    'max_execution_time' => env('OCTANE_MAX', 90),\n];\n", false, null)]
    [InlineData("<?php\nreturn [\n    'max_execution_time' => 120,\n];\n", true, null)]
    public void Octanes_max_execution_time_is_its_request_limit(string config, bool cached, int? seconds)
    {
        using var tree = Laravel("/usr/bin/php artisan octane:start --server=swoole").Write("var/www/app/config/octane.php", config);
        if (cached)
        {
            tree.Write("var/www/app/bootstrap/cache/config.php", "<?php return [];\n");
        }

        var server = Assert.Single(HostTrees.Model(tree).BackEndsOf<ConfLint.Host.Systemd.ServiceBackEnd>()).Server!;
        Assert.Equal(seconds, server.RequestTimeout?.TotalSeconds is { } total ? (int)total : null);
    }

    [Theory]
    [InlineData("/usr/bin/php artisan horizon")]
    [InlineData("/usr/bin/php artisan queue:work --sleep=3")]
    [InlineData("/usr/bin/php artisan migrate")]
    [InlineData("/usr/bin/php -r 'echo 1;'")]
    public void Other_artisan_commands_run_no_server(string command)
    {
        using var tree = Laravel(command);
        Assert.Null(Binds(tree));
    }

    [Theory]
    [InlineData("/bin/bash -lc 'dotenv bundle exec sidekiq -C config/sidekiq.yml'")]
    [InlineData("/usr/bin/bundle exec sidekiq -e production")]
    [InlineData("/srv/app/venv/bin/celery -A proj worker -l info")]
    [InlineData("/srv/app/venv/bin/celery --app=proj beat")]
    [InlineData("/srv/app/venv/bin/rq worker high default")]
    [InlineData("/usr/bin/bundle exec good_job start")]
    [InlineData("/srv/app/bin/delayed_job run")]
    [InlineData("/usr/bin/bundle exec rake jobs:work")]
    [InlineData("/srv/app/bin/rails runner 'Worker.run'")]
    [InlineData("/usr/bin/php /var/www/app/artisan queue:work")]
    [InlineData("/usr/bin/php artisan horizon")]
    [InlineData("/usr/bin/php artisan schedule:work")]
    [InlineData("/usr/bin/nice -n 10 /usr/bin/bundle exec sidekiq")]
    public void A_program_known_not_to_listen_names_no_port(string command)
    {
        using var tree = new TempTree().Service("worker.service", command, "WorkingDirectory=/srv/app", "Environment=PORT=3000");
        var host = HostTrees.Model(tree);
        Assert.Null(host.UnreadProgramNaming(Endpoint.Tcp("127.0.0.1", 3000)));
    }

    [Theory]
    [InlineData("/srv/app/venv/bin/celery -A proj flower")]
    [InlineData("/usr/bin/bundle exec good_job start --probe-port=7001")]
    [InlineData("/usr/local/bin/some-daemon")]
    [InlineData("/bin/bash -lc 'dotenv bundle exec sidekiq && ./bin/other'")]
    public void A_program_that_may_listen_still_may_be_what_listens(string command)
    {
        using var tree = new TempTree().Service("worker.service", command, "WorkingDirectory=/srv/app", "Environment=PORT=3000");
        Assert.NotNull(HostTrees.Model(tree).UnreadProgramNaming(Endpoint.Tcp("127.0.0.1", 3000)));
    }

    [Fact]
    public void A_supervisord_queue_worker_names_no_port()
    {
        using var tree = new TempTree()
            .Write("etc/supervisor/conf.d/worker.conf", "[program:worker]\ncommand=php /var/www/app/artisan queue:work\nenvironment=PORT=\"6001\"\n[program:other]\ncommand=/usr/local/bin/relay\nenvironment=PORT=\"7001\"\n");
        var host = HostTrees.Model(tree);
        Assert.Null(host.UnreadProgramNaming(Endpoint.Tcp("127.0.0.1", 6001)));
        Assert.NotNull(host.UnreadProgramNaming(Endpoint.Tcp("127.0.0.1", 7001)));
    }

    /// <summary>Debian's names for gunicorn (gunicorn3, a link to gunicorn) and for uwsgi with a plugin (uwsgi_python3,
    /// uwsgi_python311, uwsgi-core) are read as those servers, behind wrappers too.</summary>
    [Theory]
    [InlineData("/usr/bin/gunicorn3 --bind 127.0.0.1:8000 graphite.wsgi", "127.0.0.1:8000")]
    [InlineData("/usr/bin/python3 -m gunicorn3 --bind 127.0.0.1:8000 app:app", null)]
    [InlineData("/usr/bin/nice -n 5 gunicorn3 -b unix:/run/app/app.sock app:app", "unix:/run/app/app.sock")]
    [InlineData("/usr/bin/uwsgi_python3 --http-socket 127.0.0.1:8001 --module app", "127.0.0.1:8001")]
    [InlineData("/usr/bin/uwsgi_python311 --socket /run/app/uwsgi.sock --module app", "unix:/run/app/uwsgi.sock")]
    [InlineData("/usr/bin/uwsgi-core --plugin python3 --http-socket :8002 --module app", "0.0.0.0:8002")]
    [InlineData("/usr/bin/uwsgi_ --http-socket 127.0.0.1:8001 --module app", null)]
    [InlineData("/usr/bin/gunicorn3x --bind 127.0.0.1:8000 app:app", null)]
    public void A_packaged_alias_of_a_server_is_read_as_that_server(string command, string? binds)
    {
        using var tree = new TempTree().Service("app.service", command, "WorkingDirectory=/srv/app");
        Assert.Equal(binds, Binds(tree));
    }
}
