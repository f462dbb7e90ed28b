namespace ConfLint.Tools.GenServerTree;

/// <summary>
/// <c>etc/php/8.2/fpm/php-fpm.conf</c> and one pool a file under <c>pool.d</c>, each on its own socket.
/// Every pool runs as www-data so that <c>php-fpm8.2 -t</c> accepts the tree on a stock Debian box.
/// A few carry mistakes: a socket only root can open (2%), <c>pm.max_requests = 0</c> (3%).
/// </summary>
public static class PhpFpmFiles
{
    public static IEnumerable<GeneratedFile> Write(GeneratorOptions options)
    {
        var main = new ConfigWriter();
        main.Line(";;;;;;;;;;;;;;;;;;;;;").Line("; FPM Configuration ;").Line(";;;;;;;;;;;;;;;;;;;;;").Line();
        main.Line("[global]").Line("pid = /run/php/php8.2-fpm.pid").Line("error_log = /var/log/php8.2-fpm.log");
        main.Line("log_level = notice").Line("emergency_restart_threshold = 10").Line("emergency_restart_interval = 1m");
        main.Line("process_control_timeout = 10s").Line();
        main.Line(";;;;;;;;;;;;;;;;;;;;").Line("; Pool Definitions ;").Line(";;;;;;;;;;;;;;;;;;;;").Line();
        main.Line("include=/etc/php/8.2/fpm/pool.d/*.conf");
        yield return new GeneratedFile("etc/php/8.2/fpm/php-fpm.conf", main.ToString());

        for (var pool = 0; pool < options.Pools; pool++)
        {
            yield return new GeneratedFile($"etc/php/8.2/fpm/pool.d/{Names.Pool(pool)}.conf", Pool(options.Seed, pool));
        }
    }

    private static string Pool(ulong seed, int pool)
    {
        var rng = Rng.For(seed, "pool", pool);
        var name = Names.Pool(pool);
        var w = new ConfigWriter();
        w.Line($"; {name}: managed by hostctl").Line($"[{name}]").Line("user = www-data").Line("group = www-data").Line();
        w.Line($"listen = {Names.PoolSocket(pool)}");
        var rootOnly = rng.Chance(2);
        w.Line(rootOnly ? "listen.owner = root" : "listen.owner = www-data");
        w.Line(rootOnly ? "listen.group = root" : "listen.group = www-data");
        w.Line(rootOnly ? "listen.mode = 0600" : "listen.mode = 0660").Line();

        var maxChildren = rng.Pick(new[] { 5, 10, 16, 20, 30, 50, 80 });
        switch (rng.Next(10))
        {
            case < 6:
                var minSpare = Math.Max(1, maxChildren / 10);
                var maxSpare = Math.Max(minSpare + 1, maxChildren / 3);
                w.Line("pm = dynamic").Line($"pm.max_children = {maxChildren}");
                w.Line($"pm.start_servers = {(minSpare + maxSpare) / 2}");
                w.Line($"pm.min_spare_servers = {minSpare}");
                w.Line($"pm.max_spare_servers = {maxSpare}");
                break;
            case < 9:
                w.Line("pm = ondemand").Line($"pm.max_children = {maxChildren}");
                w.Line($"pm.process_idle_timeout = {rng.Pick(new[] { "10s", "30s", "60s" })}");
                break;
            default:
                w.Line("pm = static").Line($"pm.max_children = {maxChildren}");
                break;
        }

        w.Line(rng.Chance(3) ? "pm.max_requests = 0" : $"pm.max_requests = {rng.Pick(new[] { 200, 500, 1000 })}");
        w.Line(";pm.status_path = /status").Line();
        w.Line($"request_terminate_timeout = {rng.Pick(new[] { "30s", "60s", "120s", "300", "600s" })}");
        if (rng.Chance(20))
        {
            w.Line("request_slowlog_timeout = 10s").Line($"slowlog = /var/log/php8.2-fpm/{name}-slow.log");
        }

        w.Line("catch_workers_output = yes").Line();
        w.Line($"php_admin_value[memory_limit] = {rng.Pick(new[] { "128M", "256M", "256M", "512M" })}");
        w.Line($"php_admin_value[error_log] = /var/log/php8.2-fpm/{name}-error.log");
        w.Line("php_admin_flag[log_errors] = on");
        w.Line($"php_value[upload_max_filesize] = {rng.Pick(new[] { "16M", "64M", "128M" })}");
        w.Line("php_value[session.save_path] = \"/var/lib/php/sessions\"");
        if (rng.Chance(30))
        {
            w.Line("php_admin_value[open_basedir] = /var/www:/tmp:/usr/share/php");
        }

        return w.ToString();
    }
}
