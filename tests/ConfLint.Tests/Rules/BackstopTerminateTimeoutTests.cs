using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL006 takes a pool's <c>request_terminate_timeout</c> over an hour and longer than the known
/// <c>max_execution_time</c> (YunoHost's <c>1d</c> in every pool) for the backstop PHP's manual calls it, and compares the
/// <c>max_execution_time</c> (the pool's, else php.ini's, else the one the location passes) instead. A shorter
/// <c>request_terminate_timeout</c>, or one over a <c>max_execution_time</c> of 0, stays the limit, as before.</summary>
public class BackstopTerminateTimeoutTests
{
    private const string Server = "server {\n    listen 80;\n    root /var/www/app;\n    location ~ \\.php$ {\n        include fastcgi_params;\n        fastcgi_pass unix:/var/run/php/php8.2-fpm-app.sock;\n{0}    }\n}\n";

    /// <summary>A YunoHost-style pool (<paramref name="extra"/> lines after its settings) behind an nginx location that
    /// waits nginx's default 60 s (<paramref name="inner"/> adds lines to the location), php.ini at <paramref name="ini"/>.</summary>
    private static TempTree Root(string extra, string ini = "30", string inner = "") => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write("etc/nginx/conf.d/app.conf", Server.Replace("{0}", inner, StringComparison.Ordinal))
        .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\nfastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n")
        .Write("var/www/app/index.php", "<?php echo 'app';\n")
        .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
        .Write("etc/php/8.2/fpm/php.ini", $"[PHP]\nmax_execution_time = {ini}\nmemory_limit = 128M\n")
        .Write("etc/php/8.2/fpm/pool.d/app.conf", "[app]\nuser = app\ngroup = app\nchdir = /var/www/app\nlisten = /var/run/php/php8.2-fpm-app.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 8\npm.max_requests = 500\n" + extra);

    private static string Lint(TempTree tree, bool verbose = false)
    {
        var output = verbose
            ? CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--verbose")
            : CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    [Fact]
    public void A_day_long_terminate_timeout_over_php_ini_within_nginxs_wait_is_no_finding()
    {
        using var tree = Root("request_terminate_timeout = 1d\n");
        var report = Lint(tree, verbose: true);
        Assert.DoesNotContain("warning CL006", report, StringComparison.Ordinal);
        Assert.DoesNotContain("86405s", report, StringComparison.Ordinal);
        // --verbose says what was compared, and what is not judged.
        Assert.Contains("CL006 compares with 30s (max_execution_time, from etc/php/8.2/fpm/php.ini), not with the request_terminate_timeout of 24h of PHP 8.2 pool 'app', a backstop", report, StringComparison.Ordinal);
        Assert.Contains("counts the script's CPU time on Linux", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Behind_the_backstop_the_pools_max_execution_time_is_the_limit_and_its_raise_is_safe()
    {
        using var tree = Root("request_terminate_timeout = 1d\nphp_admin_value[max_execution_time] = 300\n");
        var report = Lint(tree);
        Assert.Contains("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("lets a request run for 5m (max_execution_time, from php_admin_value[max_execution_time] of PHP 8.2 pool 'app'; its request_terminate_timeout of 24h is a backstop)", report, StringComparison.Ordinal);
        Assert.Contains("etc/php/8.2/fpm/pool.d/app.conf:12:", report, StringComparison.Ordinal);
        Assert.Contains("Set fastcgi_read_timeout 305s", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
        Assert.DoesNotContain("86405s", report, StringComparison.Ordinal);

        // The same pool without the backstop line: the same finding and fix, as before.
        using var without = Root("php_admin_value[max_execution_time] = 300\n");
        report = Lint(without);
        Assert.Contains("lets a request run for 5m (max_execution_time, from php_admin_value[max_execution_time] of PHP 8.2 pool 'app')", report, StringComparison.Ordinal);
        Assert.Contains("Set fastcgi_read_timeout 305s", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Behind_the_backstop_a_locations_PHP_VALUE_is_the_limit_of_its_requests()
    {
        using var tree = Root("request_terminate_timeout = 1d\n", inner: "        fastcgi_param PHP_VALUE \"max_execution_time=900\";\n");
        var report = Lint(tree);
        Assert.Contains("lets a request run for 15m (max_execution_time=900, from fastcgi_param PHP_VALUE; its request_terminate_timeout of 24h is a backstop)", report, StringComparison.Ordinal);
        Assert.Contains("Set fastcgi_read_timeout 905s", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminate_timeout_within_the_hour_stays_the_limit()
    {
        // Ten minutes of wall-clock time the operator chose: requests that wait on a database may use it all.
        using var tree = Root("request_terminate_timeout = 600\n");
        var report = Lint(tree);
        Assert.Contains("lets a request run for 10m (request_terminate_timeout)", report, StringComparison.Ordinal);
        Assert.Contains("Set fastcgi_read_timeout 605s", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_max_execution_time_the_day_long_terminate_timeout_stays_the_limit()
    {
        // max_execution_time = 0: PHP never stops the script, so request_terminate_timeout is the only limit, as before.
        using var tree = Root("request_terminate_timeout = 1d\n", ini: "0");
        var report = Lint(tree);
        Assert.Contains("lets a request run for 24h (request_terminate_timeout)", report, StringComparison.Ordinal);
        Assert.Contains("Set fastcgi_read_timeout 86405s (over an hour", report, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", report, StringComparison.Ordinal);

        // A max_execution_time as long as the backstop or longer leaves it the limit too.
        using var longer = Root("request_terminate_timeout = 2h\nphp_admin_value[max_execution_time] = 10800\n");
        report = Lint(longer);
        Assert.Contains("lets a request run for 2h (request_terminate_timeout)", report, StringComparison.Ordinal);
    }
}
