using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL006 on a pool whose <c>request_terminate_timeout</c> (wall-clock, php-fpm's kill) is shorter than the
/// <c>max_execution_time</c> its scripts get (CPU time, PHP's own limit): the kill comes first and the front end meets a
/// connection closed without a response (precision round 32, Zabbix 7.0 on Debian: <c>php_value[max_execution_time] =
/// 300</c> beside a tuning guide's <c>request_terminate_timeout = 60s</c>).</summary>
public class KillBeforeScriptLimitTests
{
    /// <summary>nginx waiting 180 s for a Debian PHP 8.2 pool (<paramref name="pool"/> lines after its settings), php.ini
    /// at <paramref name="ini"/> (none: no php.ini); <paramref name="socket"/> is where nginx sends requests.</summary>
    private static TempTree Root(string pool, string? ini = "30", string socket = "/run/php/zabbix.sock")
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/zabbix.conf", $"server {{\n    listen 80;\n    root /usr/share/zabbix;\n    location ~ \\.php$ {{\n        fastcgi_pass unix:{socket};\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        fastcgi_read_timeout 180;\n    }}\n}}\n")
            .Write("usr/share/zabbix/index.php", "<?php echo 'zabbix';\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/zabbix.conf", "[zabbix]\nuser = www-data\ngroup = www-data\nlisten = /run/php/zabbix.sock\nlisten.owner = www-data\npm = static\npm.max_children = 4\npm.max_requests = 200\n" + pool);
        return ini is null ? tree : tree.Write("etc/php/8.2/fpm/php.ini", $"[PHP]\nmax_execution_time = {ini}\nmemory_limit = 128M\n");
    }

    private static string Lint(TempTree tree, bool verbose = false)
    {
        var output = verbose
            ? CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--verbose")
            : CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    [Fact]
    public void A_kill_limit_shorter_than_the_pools_script_limit_is_a_warning_on_request_terminate_timeout()
    {
        using var tree = Root("request_terminate_timeout = 60s\nphp_value[max_execution_time] = 300\n");
        var report = Lint(tree, verbose: true);
        Assert.Contains("etc/php/8.2/fpm/pool.d/zabbix.conf:9:29: warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("request_terminate_timeout = 60s of PHP 8.2 pool 'zabbix' kills a request after 1m of wall-clock time, before its scripts' own limit of 5m (max_execution_time, from php_value[max_execution_time] of PHP 8.2 pool 'zabbix'", report, StringComparison.Ordinal);
        Assert.Contains("a 502", report, StringComparison.Ordinal);
        Assert.Contains("etc/php/8.2/fpm/pool.d/zabbix.conf:10:1: max_execution_time lets a script run 5m", report, StringComparison.Ordinal);
        Assert.Contains("Raise request_terminate_timeout of PHP 8.2 pool 'zabbix' to 300s", report, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", report, StringComparison.Ordinal);
        Assert.Contains("set_time_limit() call, which changes its limit, is not seen", report, StringComparison.Ordinal);
        // nginx waits 180 s, longer than the kill: no finding of its own (one warning in all).
        Assert.Single(report.Split('\n'), l => l.Contains("warning CL006", StringComparison.Ordinal));

        // The unsafe fix writes the script limit in the kill limit's unit.
        var fix = CliRunner.Run("fix", "--dry-run", "--unsafe-fixes", "--select", "CL006", "--root", tree.Root);
        Assert.Contains("+request_terminate_timeout = 300s", fix.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PHPs_built_in_30_seconds_count_where_nothing_sets_max_execution_time()
    {
        using var tree = Root("request_terminate_timeout = 20\n", ini: null);
        var report = Lint(tree);
        Assert.Contains("etc/php/8.2/fpm/pool.d/zabbix.conf:9:29: warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("before its scripts' own limit of 30s (max_execution_time, from PHP's built-in default", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("request_terminate_timeout = 300\nphp_value[max_execution_time] = 300\n")]
    [InlineData("request_terminate_timeout = 10m\nphp_value[max_execution_time] = 300\n")]
    [InlineData("request_terminate_timeout = 60s\n")]
    public void A_kill_limit_as_long_as_the_script_limit_or_longer_is_no_finding(string pool)
    {
        // (nginx's 180 s against a 300 s kill limit is the proxy's own finding, not this one.)
        using var tree = Root(pool);
        // The pool's line may be a related note of that finding; no finding of its own stands on it.
        Assert.DoesNotMatch(@"zabbix\.conf:9:\d+: (warning|error)", Lint(tree));
    }

    [Fact]
    public void Without_a_script_limit_the_kill_limit_is_the_only_one()
    {
        using var tree = Root("request_terminate_timeout = 60s\n", ini: "0");
        Assert.DoesNotContain("warning CL006", Lint(tree), StringComparison.Ordinal);

        using var pool = Root("request_terminate_timeout = 60s\nphp_admin_value[max_execution_time] = 0\n", ini: "300");
        Assert.DoesNotContain("warning CL006", Lint(pool), StringComparison.Ordinal);
    }

    [Fact]
    public void Php_admin_value_beats_php_value()
    {
        // php-fpm applies php_value first and php_admin_value over it (fpm_php_apply_defines).
        using var shorter = Root("request_terminate_timeout = 60s\nphp_admin_value[max_execution_time] = 30\nphp_value[max_execution_time] = 300\n");
        Assert.DoesNotContain("warning CL006", Lint(shorter), StringComparison.Ordinal);

        using var longer = Root("request_terminate_timeout = 60s\nphp_value[max_execution_time] = 30\nphp_admin_value[max_execution_time] = 300\n");
        var report = Lint(longer);
        Assert.Contains("before its scripts' own limit of 5m (max_execution_time, from php_admin_value[max_execution_time] of PHP 8.2 pool 'zabbix'", report, StringComparison.Ordinal);
        Assert.Contains("etc/php/8.2/fpm/pool.d/zabbix.conf:11:1: max_execution_time lets a script run 5m", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_no_front_end_reaches_is_no_finding()
    {
        using var tree = Root("request_terminate_timeout = 60s\nphp_value[max_execution_time] = 300\n", socket: "/run/php/php8.2-fpm.sock");
        Assert.DoesNotContain("zabbix.conf:9", Lint(tree), StringComparison.Ordinal);
    }
}
