namespace ConfLint.Tools.GenServerTree;

/// <summary>
/// One service per app under <c>etc/systemd/system</c>, each binding 127.0.0.1 on its own port; 15% have a
/// drop-in <c>appNNNN.service.d/override.conf</c>. 12% have no <c>Restart=</c> (the mistake CL007 finds).
/// Also Debian's <c>lib/systemd/system/php8.2-fpm.service</c>.
/// </summary>
public static class SystemdFiles
{
    public static IEnumerable<GeneratedFile> Write(GeneratorOptions options)
    {
        yield return new GeneratedFile("lib/systemd/system/php8.2-fpm.service", PhpFpmService());
        for (var unit = 0; unit < options.Units; unit++)
        {
            var rng = Rng.For(options.Seed, "unit", unit);
            var name = Names.Unit(unit);
            yield return new GeneratedFile($"etc/systemd/system/{name}.service", Service(rng, unit));
            if (rng.Chance(15))
            {
                yield return new GeneratedFile($"etc/systemd/system/{name}.service.d/override.conf", Override(rng));
            }
        }
    }

    private static string Service(Rng rng, int unit)
    {
        var name = Names.Unit(unit);
        var port = Names.Port(unit);
        var (description, execStart, environment) = rng.Next(4) switch
        {
            0 => ("gunicorn", $"/srv/{name}/venv/bin/gunicorn --workers {rng.Between(2, 8)} --bind 127.0.0.1:{port} --timeout {rng.Pick(new[] { 30, 60, 120 })} app.wsgi:application", "DJANGO_SETTINGS_MODULE=app.settings.production"),
            1 => ("uvicorn", $"/srv/{name}/venv/bin/uvicorn main:app --host 127.0.0.1 --port {port} --workers {rng.Between(1, 4)} --proxy-headers", "PYTHONUNBUFFERED=1"),
            2 => ("node", $"/usr/bin/node /srv/{name}/dist/server.js --host 127.0.0.1 --port {port}", "NODE_ENV=production"),
            _ => ("puma", $"/usr/local/bin/bundle exec puma -C config/puma.rb -b tcp://127.0.0.1:{port} -e production", "RAILS_ENV=production"),
        };

        var w = new ConfigWriter();
        w.Line("[Unit]").Line($"Description={name} ({description})").Line("After=network.target");
        if (rng.Chance(20))
        {
            w.Line("Wants=postgresql.service").Line("After=postgresql.service");
        }

        w.Line().Line("[Service]").Line(description == "node" ? "Type=simple" : "Type=exec");
        w.Line(rng.Chance(70) ? $"User={name}" : "User=www-data").Line("Group=www-data");
        w.Line($"WorkingDirectory=/srv/{name}").Line($"Environment={environment}");
        if (rng.Chance(30))
        {
            w.Line($"EnvironmentFile=-/etc/default/{name}");
        }

        w.Line($"ExecStart={execStart}");
        if (description is "gunicorn" or "puma")
        {
            w.Line("ExecReload=/bin/kill -s HUP $MAINPID");
        }

        switch (rng.Next(100))
        {
            case < 80:
                w.Line("Restart=on-failure").Line($"RestartSec={rng.Pick(new[] { 2, 5, 10 })}");
                break;
            case < 88:
                w.Line("Restart=always").Line("RestartSec=3");
                break;
            default:
                w.Line("# Restart= left out when the unit was copied from the staging box.");
                break;
        }

        w.Line("TimeoutStopSec=30").Line("KillMode=mixed").Line("PrivateTmp=true").Line("NoNewPrivileges=true");
        w.Line().Line("[Install]").Line("WantedBy=multi-user.target");
        return w.ToString();
    }

    private static string Override(Rng rng)
    {
        var w = new ConfigWriter();
        var style = rng.Next(3);
        if (style == 2)
        {
            w.Line("[Unit]").Line("StartLimitIntervalSec=0").Line();
        }

        w.Line("[Service]");
        switch (style)
        {
            case 0:
                w.Line("LimitNOFILE=65536").Line($"MemoryMax={rng.Pick(new[] { "512M", "1G", "2G" })}");
                break;
            case 1:
                w.Line("Environment=WEB_CONCURRENCY=4").Line("Environment=\"LOG_LEVEL=info\"");
                break;
            default:
                w.Line("Restart=always").Line("RestartSec=1");
                break;
        }

        return w.ToString();
    }

    private static string PhpFpmService()
    {
        var w = new ConfigWriter();
        w.Line("[Unit]").Line("Description=The PHP 8.2 FastCGI Process Manager").Line("Documentation=man:php-fpm8.2(8)");
        w.Line("After=network.target").Line().Line("[Service]").Line("Type=notify");
        w.Line("ExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf");
        w.Line("ExecStartPost=-/usr/lib/php/php-fpm-socket-helper install /run/php/php-fpm.sock /etc/php/8.2/fpm/pool.d/www.conf 82");
        w.Line("ExecStopPost=-/usr/lib/php/php-fpm-socket-helper remove /run/php/php-fpm.sock /etc/php/8.2/fpm/pool.d/www.conf 82");
        w.Line("ExecReload=/bin/kill -USR2 $MAINPID").Line().Line("[Install]").Line("WantedBy=multi-user.target");
        return w.ToString();
    }
}
