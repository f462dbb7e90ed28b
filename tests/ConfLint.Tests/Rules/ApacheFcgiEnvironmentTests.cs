using ConfLint.Rules.Support;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL006 takes the <c>max_execution_time</c> an Apache front end sends php-fpm in its FastCGI environment
/// (mod_proxy_fcgi sends <c>r-&gt;subprocess_env</c>: <c>SetEnv</c>, <c>SetEnvIf</c>, <c>ProxyFCGISetEnvIf</c>) as the limit
/// of its requests, as it does nginx's <c>fastcgi_param PHP_VALUE</c>; a value that may or may not apply (a condition of the
/// request, a section that may not match, another case of the name) is not compared, and --verbose says so.</summary>
public class ApacheFcgiEnvironmentTests
{
    private const string Handler = "    <FilesMatch \".+\\.php$\">\n        SetHandler \"proxy:unix:/run/php/app.sock|fcgi://app/\"\n    </FilesMatch>\n";

    private static TempTree Root(string inVhost, string timeout = "60", string atTop = "", string handler = Handler) => new TempTree()
        .Write("etc/apache2/apache2.conf", "Timeout 300\nIncludeOptional mods-enabled/*.load\n" + atTop + "IncludeOptional sites-enabled/*.conf\n")
        .Write("etc/apache2/mods-enabled/proxy.load", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n")
        .Write("etc/apache2/mods-enabled/proxy_fcgi.load", "LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n")
        .Write("etc/apache2/mods-enabled/env.load", "LoadModule env_module /usr/lib/apache2/modules/mod_env.so\n")
        .Write("etc/apache2/mods-enabled/setenvif.load", "LoadModule setenvif_module /usr/lib/apache2/modules/mod_setenvif.so\n")
        .Write("etc/apache2/sites-enabled/app.conf", "<VirtualHost *:80>\n    ServerName app.example.net\n    DocumentRoot /srv/app\n" + inVhost + handler
            + "    <Proxy \"fcgi://app/\">\n        ProxySet timeout=" + timeout + "\n    </Proxy>\n</VirtualHost>\n")
        .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
        .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmax_execution_time = 300\n")
        .Write("etc/php/8.2/fpm/pool.d/app.conf", "[app]\nuser = www-data\ngroup = www-data\nlisten = /run/php/app.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\n");

    private static string Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    [Fact]
    public void A_virtual_hosts_SetEnv_PHP_VALUE_is_the_limit_of_its_requests()
    {
        // php.ini allows 300 s, the worker waits 60 s; the vhost sends max_execution_time=50: PHP stops first.
        using var shorter = Root("    SetEnv PHP_VALUE \"max_execution_time=50\"\n");
        Assert.DoesNotContain("warning CL006", Lint(shorter), StringComparison.Ordinal);

        // Control: without it, php.ini's 300 s is cut at 60 s.
        using var none = Root(string.Empty);
        var report = Lint(none);
        Assert.Contains("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("5m (max_execution_time, from etc/php/8.2/fpm/php.ini)", report, StringComparison.Ordinal);

        // A longer one is named, at its line; one set at the server's top applies to the virtual host too.
        using var longer = Root(string.Empty, timeout: "400", atTop: "SetEnv PHP_VALUE \"memory_limit=256M\"\nSetEnv PHP_VALUE \"max_execution_time=600\"\n");
        report = Lint(longer);
        Assert.Contains("10m (max_execution_time=600, from SetEnv PHP_VALUE)", report, StringComparison.Ordinal);
        Assert.Contains("etc/apache2/apache2.conf:4:", report, StringComparison.Ordinal);

        // The virtual host's own value is merged over the server's.
        using var merged = Root("    SetEnv PHP_VALUE \"max_execution_time=50\"\n", atTop: "SetEnv PHP_VALUE \"max_execution_time=600\"\n");
        Assert.DoesNotContain("warning CL006", Lint(merged), StringComparison.Ordinal);

        // UnsetEnv in the virtual host drops the server's SetEnv: php.ini's value again.
        using var dropped = Root("    UnsetEnv PHP_VALUE\n", atTop: "SetEnv PHP_VALUE \"max_execution_time=50\"\n");
        Assert.Contains("5m (max_execution_time, from etc/php/8.2/fpm/php.ini)", Lint(dropped), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unconditional_ProxyFCGISetEnvIf_PHP_ADMIN_VALUE_wins_over_SetEnv()
    {
        // mod_proxy_fcgi's fix_cgivars runs last; \n is a newline in its ap_expr string; PHP_ADMIN_VALUE is applied last.
        using var tree = Root("    SetEnv PHP_VALUE \"max_execution_time=50\"\n    ProxyFCGISetEnvIf \"true\" PHP_ADMIN_VALUE \"memory_limit=512M\\nmax_execution_time=600\"\n", timeout: "400");
        var report = Lint(tree);
        Assert.Contains("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("10m (max_execution_time=600, from ProxyFCGISetEnvIf PHP_ADMIN_VALUE)", report, StringComparison.Ordinal);
        Assert.Contains("etc/apache2/sites-enabled/app.conf:5:", report, StringComparison.Ordinal);

        // One that unsets the variable leaves php.ini's value.
        using var unset = Root("    SetEnv PHP_VALUE \"max_execution_time=50\"\n    ProxyFCGISetEnvIf \"true\" !PHP_VALUE\n");
        Assert.Contains("5m (max_execution_time, from etc/php/8.2/fpm/php.ini)", Lint(unset), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_may_or_may_not_apply_is_not_compared()
    {
        // A condition of the request: only some requests get 600 s.
        using var conditional = Root("    ProxyFCGISetEnvIf \"%{REQUEST_URI} =~ m#^/admin#\" PHP_VALUE \"max_execution_time=600\"\n", timeout: "400");
        var report = Lint(conditional);
        Assert.DoesNotContain("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("ProxyFCGISetEnvIf PHP_VALUE may set max_execution_time, on a condition of the request", report, StringComparison.Ordinal);

        // SetEnvIf: same.
        using var setEnvIf = Root("    SetEnvIf Request_URI \"^/import\" PHP_VALUE=max_execution_time=600\n", timeout: "400");
        Assert.DoesNotContain("warning CL006", Lint(setEnvIf), StringComparison.Ordinal);

        // A section that may not match the handler's requests: the value of the vhost's top level is not proved.
        using var section = Root("    SetEnv PHP_VALUE \"max_execution_time=50\"\n    <Location /import>\n        SetEnv PHP_VALUE \"max_execution_time=600\"\n    </Location>\n", timeout: "60");
        report = Lint(section);
        Assert.DoesNotContain("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("in a section that may or may not match these requests", report, StringComparison.Ordinal);

        // A value from a variable.
        using var variable = Root("    ProxyFCGISetEnvIf \"true\" PHP_VALUE \"max_execution_time=%{ENV:LIMIT}\"\n", timeout: "400");
        Assert.DoesNotContain("warning CL006", Lint(variable), StringComparison.Ordinal);

        // Control: another virtual host's value does not reach this one's requests.
        using var elsewhere = Root(string.Empty, atTop: "<VirtualHost *:8080>\n    SetEnv PHP_VALUE \"max_execution_time=50\"\n</VirtualHost>\n");
        Assert.Contains("5m (max_execution_time, from etc/php/8.2/fpm/php.ini)", Lint(elsewhere), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\\nb", "a\nb")]
    [InlineData("x=\\101", "x=A")]
    [InlineData("x=\\q", "x=q")]
    [InlineData("x=%{HTTP_HOST}", null)]
    [InlineData("x=$1", null)]
    public void ProxyFCGISetEnvIf_values_are_read_as_ap_expr_strings(string text, string? expected) =>
        Assert.Equal(expected, ApacheFcgiEnvironment.Expression(text));
}
