using ConfLint.Rules.Support;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL006 takes the <c>max_execution_time</c> a location passes with <c>fastcgi_param PHP_VALUE</c> or
/// <c>PHP_ADMIN_VALUE</c> as the pool's limit for that location's requests (php-fpm applies it per request, over php.ini and
/// the pool's php_admin_value), as nginx's list semantics make it effective there; a value from a variable is not judged.
/// The message no longer promises a 502 from a reused connection: neither nginx nor Apache reuses a timed-out one.</summary>
public class PhpValueTimeoutTests
{
    private const string Pool = "[app]\nuser = www-data\ngroup = www-data\nlisten = /run/php/app.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\n";

    private static TempTree Root(string server, string pool = Pool) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/app", server)
        .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\nfastcgi_param REQUEST_METHOD $request_method;\n")
        .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
        .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmax_execution_time = 1800\nmemory_limit = 256M\n")
        .Write("etc/php/8.2/fpm/pool.d/app.conf", pool);

    private static (string Stdout, string Stderr) Lint(TempTree tree, bool verbose = false)
    {
        var output = verbose
            ? CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--verbose")
            : CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return (output.Stdout, output.Stderr);
    }

    private static string Location(string inner) =>
        "server {\n    listen 80;\n    root /srv/app;\n    location ~ \\.php$ {\n        fastcgi_pass unix:/run/php/app.sock;\n        fastcgi_read_timeout 600s;\n" + inner + "    }\n}\n";

    [Fact]
    public void A_locations_PHP_VALUE_is_the_limit_of_its_requests()
    {
        // php.ini says 1800 s, the location's PHP_VALUE 600 s, as long as nginx waits: nothing to report.
        using var equal = Root(Location("        fastcgi_param PHP_VALUE \"memory_limit=756M \\n max_execution_time=600\";\n        include fastcgi_params;\n"));
        Assert.DoesNotContain("CL006", Lint(equal).Stdout, StringComparison.Ordinal);

        // Without it, php.ini's value speaks.
        using var none = Root(Location("        include fastcgi_params;\n"));
        var report = Lint(none).Stdout;
        Assert.Contains("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("30m (max_execution_time, from etc/php/8.2/fpm/php.ini)", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_longer_PHP_VALUE_is_named_and_a_fix_over_an_hour_is_unsafe()
    {
        using var tree = Root(Location("        fastcgi_param PHP_VALUE \"memory_limit=756M \\n max_execution_time=18000\";\n"));
        var report = Lint(tree).Stdout;
        Assert.Contains("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("lets a request run for 5h (max_execution_time=18000, from fastcgi_param PHP_VALUE)", report, StringComparison.Ordinal);
        Assert.Contains("etc/nginx/sites-enabled/app:7:", report, StringComparison.Ordinal);
        Assert.Contains("Raise fastcgi_read_timeout to 18005s (over an hour", report, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("php.ini", report, StringComparison.Ordinal);

        // A shorter one below what nginx waits is no finding either, and one within the hour gets a safe raise.
        using var within = Root(Location("        fastcgi_param PHP_VALUE \"max_execution_time=900\";\n"));
        report = Lint(within).Stdout;
        Assert.Contains("Raise fastcgi_read_timeout to 905s", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_no_longer_promises_a_502_from_a_reused_connection()
    {
        using var tree = Root("upstream php {\n    server unix:/run/php/app.sock;\n    keepalive 8;\n}\nserver {\n    listen 80;\n    location ~ \\.php$ {\n        fastcgi_pass php;\n        fastcgi_keep_conn on;\n    }\n}\n");
        var report = Lint(tree).Stdout;
        Assert.Contains("nginx gives up first, with 'upstream timed out' (a 504)\n", report, StringComparison.Ordinal);
        Assert.DoesNotContain("reused connection", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_level_PHP_VALUE_applies_where_the_location_has_no_fastcgi_param_of_its_own()
    {
        const string Server = "server {{\n    listen 80;\n    fastcgi_param PHP_VALUE \"max_execution_time=600\";\n    location ~ \\.php$ {{\n        fastcgi_pass unix:/run/php/app.sock;\n        fastcgi_read_timeout 600s;\n{0}    }}\n}}\n";
        using var inherited = Root(string.Format(System.Globalization.CultureInfo.InvariantCulture, Server, string.Empty));
        Assert.DoesNotContain("CL006", Lint(inherited).Stdout, StringComparison.Ordinal);

        // One fastcgi_param in the location (here through an include) and the server's list, PHP_VALUE with it, is gone.
        using var dropped = Root(string.Format(System.Globalization.CultureInfo.InvariantCulture, Server, "        include fastcgi_params;\n"));
        var report = Lint(dropped).Stdout;
        Assert.Contains("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("from etc/php/8.2/fpm/php.ini", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_from_a_variable_is_not_compared_with_php_ini()
    {
        using var tree = Root(Location("        fastcgi_param PHP_VALUE \"max_execution_time=$php_time\";\n"));
        var (report, notes) = Lint(tree, verbose: true);
        Assert.DoesNotContain("CL006", report, StringComparison.Ordinal);
        Assert.Contains("CL006 does not know how long PHP 8.2 pool 'app' lets requests of fastcgi_pass unix:/run/php/app.sock run: fastcgi_param PHP_VALUE sets max_execution_time from a variable", report + notes, StringComparison.Ordinal);

        // A variable in another setting's value changes nothing: open_basedir=$document_root is common.
        using var other = Root(Location("        fastcgi_param PHP_ADMIN_VALUE \"open_basedir=$document_root:/tmp \\n max_execution_time=18000\";\n"));
        Assert.Contains("5h (max_execution_time=18000, from fastcgi_param PHP_ADMIN_VALUE)", Lint(other).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PHP_VALUE_wins_over_the_pools_php_admin_value_but_request_terminate_timeout_stays_first()
    {
        // fpm_php_zend_ini_alter_master sets the value without checking the entry's `modifiable`.
        using var admin = Root(Location("        fastcgi_param PHP_VALUE \"max_execution_time=600\";\n"), Pool + "php_admin_value[max_execution_time] = 3000\n");
        Assert.DoesNotContain("CL006", Lint(admin).Stdout, StringComparison.Ordinal);

        using var terminate = Root(Location("        fastcgi_param PHP_VALUE \"max_execution_time=600\";\n"), Pool + "request_terminate_timeout = 900\n");
        var report = Lint(terminate).Stdout;
        Assert.Contains("15m (request_terminate_timeout)", report, StringComparison.Ordinal);

        // PHP_ADMIN_VALUE is applied after PHP_VALUE, whatever their order in the list.
        using var both = Root(Location("        fastcgi_param PHP_ADMIN_VALUE \"max_execution_time=18000\";\n        fastcgi_param PHP_VALUE \"max_execution_time=600\";\n"));
        Assert.Contains("5h (max_execution_time=18000, from fastcgi_param PHP_ADMIN_VALUE)", Lint(both).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_locations_value_that_stays_in_the_children_is_named_in_verbose()
    {
        // The plain location is judged by php.ini's 1800 s; the admin location's 18000 s stays in each child that served it.
        using var tree = Root("server {\n    listen 80;\n    location /admin/ {\n        fastcgi_pass unix:/run/php/app.sock;\n        fastcgi_read_timeout 18000s;\n        fastcgi_param PHP_VALUE \"max_execution_time=18000\";\n    }\n    location ~ \\.php$ {\n        fastcgi_pass unix:/run/php/app.sock;\n        fastcgi_read_timeout 1800s;\n    }\n}\n");
        var (report, notes) = Lint(tree, verbose: true);
        Assert.DoesNotContain("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("etc/nginx/sites-enabled/app:9: CL006 compares with 30m (max_execution_time, from etc/php/8.2/fpm/php.ini), but max_execution_time=18000, from fastcgi_param PHP_VALUE at etc/nginx/sites-enabled/app:6 stays in each child of PHP 8.2 pool 'app' that served one of its requests (php-fpm does not restore it), so requests here may run for 5h", report + notes, StringComparison.Ordinal);
        Assert.DoesNotContain("sites-enabled/app:4: CL006 compares", report + notes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory_limit=756M \\n max_execution_time=600", true, "600")]
    [InlineData("max_execution_time = \"300\" ; the exports\\nmax_execution_time=90", true, "90")]
    [InlineData("memory_limit=756M", null, null)]
    [InlineData("max_execution_time=${T}", false, null)]
    [InlineData("open_basedir=$document_root\\nmax_execution_time=60", true, "60")]
    [InlineData("$php_settings", false, null)]
    [InlineData("max_execution_time=60\\n$more", false, null)]
    [InlineData("Max_Execution_Time=60", null, null)]
    public void The_INI_text_is_read_as_php_fpm_reads_it(string text, bool? known, string? value)
    {
        var read = FastcgiPhpValues.Read(text, "max_execution_time");
        Assert.Equal(known, read?.Known);
        Assert.Equal(value, read?.Value);
    }
}
