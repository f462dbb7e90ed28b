using System.Text.Json;
using ConfLint.Host;
using ConfLint.Rules.Support;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>A followed script whose every command is known to run no server (shell builtins, mkdir, chown and the like,
/// or a program known to listen on no port such as a Celery worker) is no program that may listen anywhere, and makes
/// only the paths its mkdir and the like name: Mail-in-a-Box's munin_start.sh, Open edX's worker.sh. A command not
/// known, a substitution not read, or a folder maker's operand not known keeps the script one that may do anything.</summary>
public class NonServerScriptTests
{
    private const string Supervisord = "[supervisord]\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n";

    private const string Celery = "#!/opt/app/venv/bin/python3\nfrom celery.__main__ import main\nmain()\n";

    [Theory]
    [InlineData("mkdir -p /var/run/munin && chown munin /var/run/munin\n")]
    [InlineData("set -e\nexport LANG=C\ntest -d /var/run/munin || /bin/mkdir -p /var/run/munin\n/bin/chown munin:munin /var/run/munin\nchmod 0755 /var/run/munin\necho \"made $(dirname /var/run/munin/x)\"\n")]
    [InlineData("if [ ! -d /var/run/munin ]; then\n  install -d -o munin -m 0755 /var/run/munin\nfi\nexit 0\n")]
    [InlineData("while true; do sleep 3600; done\n# /var/run/munin is said here only\n")]
    public void A_script_that_runs_only_known_non_servers_is_no_unread_program(string body)
    {
        using var tree = new TempTree()
            .Service("munin.service", "/usr/local/lib/mailinabox/munin_start.sh", "Type=idle")
            .Write("usr/local/lib/mailinabox/munin_start.sh", "#!/bin/bash\n" + body);
        var host = HostTrees.Model(tree);

        Assert.Empty(host.UnreadPrograms);
        Assert.Empty(host.UnfollowedScripts);
        var script = Assert.Single(host.NonServerScripts);
        Assert.Equal("service 'munin.service'", script.Who);
        Assert.Equal("/usr/local/lib/mailinabox/munin_start.sh", script.Script);
        if (body.StartsWith("while", StringComparison.Ordinal))
        {
            Assert.Empty(script.Made);
        }
        else
        {
            Assert.Contains("/var/run/munin", script.Made);
        }
    }

    /// <summary>The folders such a script makes are the ones its mkdir names, and no other.</summary>
    [Fact]
    public void Only_the_folders_its_mkdir_names_may_be_made_by_it()
    {
        using var tree = new TempTree()
            .Service("munin.service", "/usr/local/lib/mailinabox/munin_start.sh", "Type=idle")
            .Write("usr/local/lib/mailinabox/munin_start.sh", "#!/bin/bash\nmkdir -p /var/run/munin && chown munin /var/run/munin\n");
        var host = HostTrees.Model(tree);

        Assert.True(StartFailures.UnreadMayMake(host, "/run/munin"));
        Assert.False(StartFailures.UnreadMayMake(host, "/run/php-mail"));
    }

    [Theory]
    [InlineData("mkdir -p /run/x\n/usr/local/bin/agent --serve\n")]
    [InlineData("mkdir -p /run/x\nsocat TCP-LISTEN:8000,fork UNIX-CONNECT:/run/x/app.sock\n")]
    [InlineData("mkdir -p \"$(/usr/local/bin/where)\"\n")]
    [InlineData("mkdir -p \"$STATE_DIRECTORY/sockets\"\n")]
    [InlineData("x=`hostname`\nmkdir -p /run/x\n")]
    [InlineData("sed -i 's/a/b/' /etc/app.conf\n")]
    [InlineData("/opt/tools/mkdir -p /run/x\n")]
    [InlineData("trap '/usr/local/bin/agent --serve' EXIT\nmkdir -p /run/x\n")]
    [InlineData("exec \"$@\"\n")]
    public void A_script_that_also_runs_something_not_known_stays_unread(string body)
    {
        using var tree = new TempTree()
            .Service("helper.service", "/usr/local/lib/app/helper.sh /usr/local/bin/agent --serve")
            .Write("usr/local/lib/app/helper.sh", "#!/bin/bash\n" + body);
        var host = HostTrees.Model(tree);

        Assert.Empty(host.NonServerScripts);
        Assert.Contains(host.UnreadPrograms, p => p.Who == "service 'helper.service'");
        Assert.StartsWith("etc/systemd/system/helper.service: helper.service runs the script /usr/local/lib/app/helper.sh", Assert.Single(host.UnfollowedScripts), StringComparison.Ordinal);
        Assert.True(StartFailures.UnreadMayMake(host, "/run/anything"));
    }

    /// <summary>Open edX's worker.sh: it sources the app's environment (whose <c>$(manpath)</c> only prints a path) and
    /// replaces itself with celery and the program's arguments, quoted or not: a Celery worker, which listens on no port,
    /// as when supervisord runs celery directly.</summary>
    [Theory]
    [InlineData("exec /opt/app/venv/bin/celery $@\n")]
    [InlineData("exec /opt/app/venv/bin/celery \"$@\"\n")]
    [InlineData("cd /opt/app\nexec celery \"$@\"\n")]
    public void A_script_that_execs_a_celery_worker_is_a_non_listener(string last)
    {
        using var tree = OpenEdx(last, "--app=app.celery:APP worker --loglevel=info");
        var host = HostTrees.Model(tree);

        Assert.Empty(host.UnfollowedScripts);
        Assert.DoesNotContain(host.UnreadPrograms, p => p.Who == "supervisord program 'worker'");
        var script = Assert.Single(host.NonServerScripts);
        Assert.Equal("supervisord program 'worker'", script.Who);
        Assert.Contains("celery worker listens on no port", script.Why, StringComparison.Ordinal);
    }

    /// <summary>celery's flower serves a page; <c>exec "$@"</c> of a program not known may listen anywhere.</summary>
    [Theory]
    [InlineData("exec /opt/app/venv/bin/celery \"$@\"\n", "--app=app.celery:APP flower --port=5555")]
    [InlineData("exec \"$@\"\n", "/opt/app/bin/agent --serve")]
    public void A_script_that_execs_a_program_that_may_listen_stays_unread(string last, string arguments)
    {
        using var tree = OpenEdx(last, arguments);
        var host = HostTrees.Model(tree);

        Assert.Empty(host.NonServerScripts);
        Assert.Contains(host.UnreadPrograms, p => p.Who == "supervisord program 'worker'");
        Assert.Contains(host.UnfollowedScripts, n => n.Contains("supervisord program 'worker'", StringComparison.Ordinal));
    }

    /// <summary>repro: a unit whose script only makes munin's folder no longer hides that the only PHP-FPM service is not
    /// enabled.</summary>
    [Fact]
    public void A_mkdir_script_unit_does_not_hide_a_php_fpm_service_that_is_not_enabled()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location ~ \\.php$ {\n            fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n        }\n    }\n}\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
            .Write("lib/systemd/system/nginx.service", "[Service]\nType=forking\nExecStart=/usr/sbin/nginx\n[Install]\nWantedBy=multi-user.target\n")
            .Write("lib/systemd/system/php8.2-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\n[Install]\nWantedBy=multi-user.target\n")
            .Write("lib/systemd/system/munin.service", "[Service]\nType=idle\nExecStart=/usr/local/lib/mailinabox/munin_start.sh\n[Install]\nWantedBy=multi-user.target\n")
            .Write("usr/local/lib/mailinabox/munin_start.sh", "#!/bin/bash\nmkdir -p /var/run/munin && chown munin /var/run/munin\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
            .Link("etc/systemd/system/multi-user.target.wants/munin.service", "/lib/systemd/system/munin.service");

        var finding = Assert.Single(Findings(tree), f => f.Code == "CL001");
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("it is not enabled", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>repro: a Celery program started through worker.sh no longer hides that the only web program is not started
    /// by supervisord.</summary>
    [Fact]
    public void A_celery_wrapper_does_not_hide_a_web_program_supervisord_does_not_start()
    {
        using var tree = OpenEdx("exec /opt/app/venv/bin/celery $@\n", "--app=app.celery:APP worker --loglevel=info")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n");

        var finding = Assert.Single(Findings(tree), f => f.Code == "CL001");
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("autostart=false", finding.Message, StringComparison.Ordinal);
    }

    private static TempTree OpenEdx(string last, string arguments) =>
        new TempTree()
            .Write("etc/supervisor/supervisord.conf", Supervisord)
            .Write("etc/supervisor/conf.d/app.conf", "[program:app]\ncommand=/opt/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app.wsgi\nuser=www-data\ndirectory=/opt/app\nautostart=false\n\n"
                + $"[program:worker]\ncommand=/opt/app/worker.sh {arguments}\nuser=www-data\ndirectory=/opt/app\n")
            .Write("opt/app/venv/bin/gunicorn", "#!/opt/app/venv/bin/python3\nfrom gunicorn.app.wsgiapp import run\nrun()\n")
            .Write("opt/app/venv/bin/celery", Celery)
            .Write("opt/app/app_env", "export LANG=\"en_US.UTF-8\"\nexport PATH=\"/opt/app/venv/bin:/usr/bin:/bin\"\nexport MANPATH=\"/opt/app/share/man:$(manpath)\"\n")
            .Write("opt/app/worker.sh", "#!/usr/bin/env bash\nsource /opt/app/app_env\n" + last);

    private static List<(string Code, string Severity, string Message)> Findings(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = JsonDocument.Parse(output.Stdout);
        return report.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (d.GetProperty("code").GetString()!, d.GetProperty("severity").GetString()!, d.GetProperty("message").GetString()!)).ToList();
    }
}
