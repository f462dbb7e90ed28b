using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 where the only listener at a target is a service the root's links prove not enabled (units are enabled
/// by links in /etc/systemd/system, it has an [Install] section and no link, nothing enabled starts it): the site works
/// until the next reboot, then answers 502. A warning with advice; nothing where the service is enabled, or where the
/// root shows no enabling links at all.</summary>
public class DisabledServiceTests
{
    private static TempTree Tree(bool appEnabled, bool anyLinks = true)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/shop.conf", "server {\n    listen 80;\n    server_name shop.example.org;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n")
            .Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/shop.service", "[Service]\nWorkingDirectory=/srv/shop\nExecStart=/srv/shop/venv/bin/gunicorn --bind 127.0.0.1:8000 shop.wsgi\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");
        if (anyLinks)
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service");
        }

        if (appEnabled)
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/shop.service", "/etc/systemd/system/shop.service");
        }

        return tree;
    }

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Fact]
    public void The_only_listener_a_service_not_enabled_is_a_warning_with_advice()
    {
        using var tree = Tree(appEnabled: false);
        var output = Lint(tree);
        Assert.Contains("warning CL001 proxy_pass http://127.0.0.1:8000: only gunicorn in service 'shop.service' listens at 127.0.0.1:8000, and it is not enabled", output, StringComparison.Ordinal);
        Assert.Contains("shop.service is to be enabled for multi-user.target, and no link in the root enables it", output, StringComparison.Ordinal);
        Assert.Contains("help: Enable it: systemctl enable shop.service", output, StringComparison.Ordinal);
        Assert.Contains("so after the next reboot nothing listens there and nginx answers 502", output, StringComparison.Ordinal);

        // Behind Apache the same failure is a 503 (mod_proxy_http's "failed to make connection to backend").
        tree.Write("etc/apache2/apache2.conf", "Listen 8080\nLoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_http_module modules/mod_proxy_http.so\n"
            + "<VirtualHost *:8080>\n    ServerName shop.example.org\n    ProxyPass / http://127.0.0.1:8000/\n</VirtualHost>\n");
        Assert.Contains("so after the next reboot nothing listens there and Apache answers 503", Lint(tree), StringComparison.Ordinal);
    }

    [Theory]
    // PartOf= the target and pulled in by its Wants=: the target is what is enabled (Funkwhale's funkwhale.target).
    [InlineData("PartOf=shop.target\n", "Wants=shop.service shop-worker.service\n", "help: Enable shop.target, which pulls it in and which it is PartOf=: systemctl enable shop.target")]
    // Pulled in but not PartOf=, or PartOf= a target that does not pull it in: the service itself.
    [InlineData("", "Wants=shop.service\n", "help: Enable it: systemctl enable shop.service")]
    [InlineData("PartOf=shop.target\n", "", "help: Enable it: systemctl enable shop.service")]
    public void A_service_of_a_group_is_enabled_through_its_target(string partOf, string wants, string advice)
    {
        using var tree = Tree(appEnabled: false);
        tree.Write("etc/systemd/system/shop.service", $"[Unit]\n{partOf}\n[Service]\nWorkingDirectory=/srv/shop\nExecStart=/srv/shop/venv/bin/gunicorn --bind 127.0.0.1:8000 shop.wsgi\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/shop.target", $"[Unit]\nDescription=Shop\n{wants}\n[Install]\nWantedBy=multi-user.target\n");
        var output = Lint(tree);
        Assert.Contains("only gunicorn in service 'shop.service' listens at 127.0.0.1:8000, and it is not enabled", output, StringComparison.Ordinal);
        Assert.Contains(advice, output, StringComparison.Ordinal);

        // The target enabled starts the service: no finding.
        tree.Link("etc/systemd/system/multi-user.target.wants/shop.target", "/etc/systemd/system/shop.target");
        Assert.Equal(wants.Length > 0, !Lint(tree).Contains("CL001", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Enabled_or_not_shown_is_no_finding(bool appEnabled, bool anyLinks)
    {
        using var tree = Tree(appEnabled, anyLinks);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("autostart=false\n", true)]
    [InlineData("autostart = OFF\n", true)]
    [InlineData("autostart=true\n", false)]
    [InlineData("", false)]
    public void A_supervisord_program_that_does_not_start_by_itself_is_a_warning(string autostart, bool reported)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/staging.conf", "server {\n    listen 80;\n    server_name staging.example.org;\n    location / {\n        proxy_pass http://127.0.0.1:8001;\n    }\n}\n")
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/staging.conf", $"[program:staging]\ncommand=/srv/staging/venv/bin/gunicorn --bind 127.0.0.1:8001 app:app\ndirectory=/srv/staging\n{autostart}autorestart=true\n");
        var output = Lint(tree);
        if (reported)
        {
            Assert.Contains("warning CL001 proxy_pass http://127.0.0.1:8001: only supervisord program 'staging' listens at 127.0.0.1:8001, and supervisord does not start it (autostart=false)", output, StringComparison.Ordinal);
            Assert.Contains("help: Set autostart=true for [program:staging]", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("CL001", output, StringComparison.Ordinal);
        }
    }

    /// <summary>An autostart=false twin beside the program supervisord does start on the same port: the live one read through
    /// its %(ENV_X)s expansions (supervisord 4.2.2+), or left unread where its binary is not known, is never "nothing
    /// listens", and starting the twin is never advised.</summary>
    [Theory]
    [InlineData("environment=APP_GUNICORN=/opt/app/bin/gunicorn", "command=%(ENV_APP_GUNICORN)s --bind 127.0.0.1:8000 app.wsgi")]
    [InlineData("", "command=%(ENV_APP_GUNICORN)s --bind 127.0.0.1:8000 app.wsgi")]
    [InlineData("", "command=/opt/app/bin/app-serve --port 8000")]
    public void An_autostart_false_twin_of_a_live_program_is_no_finding(string supervisord, string command)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/app.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n")
            .Write("etc/supervisor/supervisord.conf", $"[supervisord]\n{supervisord}\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/app.conf", $"[program:app]\n{command}\ndirectory=/opt/app\nautorestart=true\n")
            .Write("etc/supervisor/conf.d/app-old.conf", "[program:app-old]\ncommand=/opt/app/bin/gunicorn --bind 127.0.0.1:8000 app.wsgi\ndirectory=/opt/app\nautostart=false\nautorestart=true\n");
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>supervisord globs each pattern of [include] files= in turn, relative ones from the including file's folder.</summary>
    [Fact]
    public void Every_pattern_of_supervisords_include_is_read()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/app.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://unix:/run/app/gunicorn.sock;\n    }\n}\n")
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = conf.d/*.conf\n    /opt/app/supervisor/*.ini\n")
            .Write("etc/supervisor/conf.d/README.conf", "; programs go here\n")
            .Write("opt/app/supervisor/app.ini", "[program:app]\ncommand=/opt/app/bin/gunicorn --bind unix:/opt/app/run/gunicorn.sock app.wsgi\ndirectory=/opt/app\n");
        Assert.Contains("error CL001 [*] proxy_pass http://unix:/run/app/gunicorn.sock: nothing on this host listens there (supervisord program 'app' listens on /opt/app/run/gunicorn.sock)", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>A socket unit that is the only listener at a target and that nothing enables: no link, and no enabled unit
    /// pulls it in (its service's Requires=/Wants=/Sockets=). systemd does not create it at boot; its service, where it is
    /// enabled on its own, runs without it and binds gunicorn's default address, not the socket (round 32).</summary>
    [Theory]
    [InlineData(false, false, "Requires=shop.socket\n", "its service 'shop.service' is not enabled either")]
    [InlineData(true, false, "Requires=shop.socket\n", null)]
    [InlineData(false, true, "Requires=shop.socket\n", null)]
    [InlineData(false, true, "", "its service 'shop.service' runs at boot without it (it does not pull the socket unit in: no Requires=, Wants=, BindsTo= or Sockets= names it), handed no socket, and gunicorn in service 'shop.service' binds 127.0.0.1:8000 itself")]
    public void The_only_listener_a_socket_unit_not_enabled_is_a_warning_with_advice(bool socketLinked, bool serviceLinked, string requires, string? reported)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/shop.conf", "server {\n    listen 80;\n    server_name shop.example.org;\n    location / {\n        proxy_pass http://unix:/run/shop.sock;\n    }\n}\n")
            .Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/shop.socket", "[Socket]\nListenStream=/run/shop.sock\n\n[Install]\nWantedBy=sockets.target\n")
            .Write("etc/systemd/system/shop.service", $"[Unit]\n{requires}\n[Service]\nWorkingDirectory=/srv/shop\nExecStart=/srv/shop/venv/bin/gunicorn shop.wsgi\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service");
        if (socketLinked)
        {
            tree.Link("etc/systemd/system/sockets.target.wants/shop.socket", "/etc/systemd/system/shop.socket");
        }

        if (serviceLinked)
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/shop.service", "/etc/systemd/system/shop.service");
        }

        var output = Lint(tree);
        if (reported is not null)
        {
            Assert.Contains("warning CL001 proxy_pass http://unix:/run/shop.sock: only socket unit 'shop.socket' listens at unix:/run/shop.sock, and it is not enabled", output, StringComparison.Ordinal);
            Assert.Contains(reported, output, StringComparison.Ordinal);
            Assert.Contains("shop.socket is to be enabled for sockets.target, and no link in the root enables it", output, StringComparison.Ordinal);
            Assert.Contains(serviceLinked ? "help: Either enable it (systemctl enable --now shop.socket), or point the site at 127.0.0.1:8000, where gunicorn in service 'shop.service' listens without it" : "help: Enable it: systemctl enable shop.socket", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("CL001", output, StringComparison.Ordinal);
        }
    }

    /// <summary>A back end whose address is unknown blocks a verdict on a target nothing listens at, unless the root's links
    /// prove it not started at boot.</summary>
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void A_disabled_service_of_unknown_address_does_not_block_the_verdict(bool oldEnabled, bool reported)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/shop.conf", "server {\n    listen 80;\n    server_name shop.example.org;\n    location / {\n        proxy_pass http://127.0.0.1:8080;\n    }\n}\n")
            .Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/shop.service", "[Service]\nWorkingDirectory=/srv/shop\nExecStart=/srv/shop/venv/bin/gunicorn --bind 127.0.0.1:8000 shop.wsgi\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/legacy.service", "[Service]\nWorkingDirectory=/srv/legacy\nExecStart=/usr/bin/node server.js\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("srv/legacy/server.js", "const http = require('http');\nhttp.createServer((q, r) => r.end('ok')).listen(process.env.PORT);\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
            .Link("etc/systemd/system/multi-user.target.wants/shop.service", "/etc/systemd/system/shop.service");
        if (oldEnabled)
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/legacy.service", "/etc/systemd/system/legacy.service");
        }

        var output = Lint(tree);
        if (reported)
        {
            Assert.Contains("CL001 [*] proxy_pass http://127.0.0.1:8080: nothing on this host listens there", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("CL001", output, StringComparison.Ordinal);
        }
    }
}
