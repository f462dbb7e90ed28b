using ConfLint.Tests.Corpus;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// RHEL's httpd, as the icingaweb2-apache-fpm corpus root has it: mod_systemd (conf.modules.d/00-systemd.conf) is a module
/// ConfLint knows (it defines no directive), so the modules' judgements stay on; RHEL builds mod_version, mod_log_config,
/// mod_unixd... as modules, so without their LoadModule their directives are refused; and a proxy handler whose module
/// is not loaded reaches no pool (CL001, not a front end the other rules follow). Two pools a broken handler may have
/// been meant for, one reached only by php.conf's server-wide handler, give no safe fix.
/// </summary>
public class RhelApacheModuleTests
{
    private static TempTree Icinga() => new TempTree().CopyFrom(Path.Combine(CorpusRoot.Corpus, "icingaweb2-apache-fpm"));

    private static void Edit(TempTree tree, string file, string text, string replacement)
    {
        var content = tree.Read(file);
        Assert.Contains(text, content, StringComparison.Ordinal);
        tree.Write(file, content.Replace(text, replacement, StringComparison.Ordinal));
    }

    private static CliRunner.Output Lint(TempTree tree, string select)
    {
        var output = CliRunner.Run(["lint", "--root", tree.Root, "--select", select, "--verbose"]);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output;
    }

    [Fact]
    public void Mod_systemd_is_known_so_a_directive_whose_module_is_not_loaded_is_refused()
    {
        using var tree = Icinga();
        Edit(tree, "etc/httpd/conf.modules.d/00-base.conf", "LoadModule alias_module modules/mod_alias.so\n", string.Empty);
        var output = Lint(tree, "CL000");
        Assert.Contains("Invalid command 'Alias'", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ConfLint does not know", output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void On_RHEL_IfVersion_without_mod_version_is_refused()
    {
        using var tree = Icinga();
        Assert.DoesNotContain("'<IfVersion'", Lint(tree, "CL000").Stdout, StringComparison.Ordinal);
        Edit(tree, "etc/httpd/conf.modules.d/00-base.conf", "LoadModule version_module modules/mod_version.so\n", string.Empty);
        var output = Lint(tree, "CL000");
        Assert.Contains("error CL000", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("Invalid command '<IfVersion', perhaps misspelled or defined by a module not included in the server configuration (its module mod_version is not loaded)", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void On_RHEL_TransferLog_without_mod_log_config_is_refused()
    {
        // httpd.conf's LogFormat lines stand in <IfModule log_config_module>; ssl.conf's TransferLog does not.
        using var tree = Icinga();
        Edit(tree, "etc/httpd/conf.modules.d/00-base.conf", "LoadModule log_config_module modules/mod_log_config.so\n", string.Empty);
        var output = Lint(tree, "CL000").Stdout;
        Assert.Contains("etc/httpd/conf.d/ssl.conf:17:1: error CL000 Invalid command 'TransferLog'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Invalid command 'LogFormat'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void On_Debian_mod_version_is_built_in()
    {
        using var tree = new TempTree().Write("etc/apache2/apache2.conf",
            "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
            + "ErrorLog /var/log/apache2/error.log\nListen 80\n<IfVersion >= 2.4>\n    LogFormat \"%h %l %u %t\" common\n</IfVersion>\n");
        var output = Lint(tree, "CL000");
        Assert.DoesNotContain("Invalid command", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handler_without_mod_proxy_fcgi_reaches_no_pool()
    {
        using var tree = Icinga();
        Edit(tree, "etc/httpd/conf.modules.d/00-proxy.conf", "LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so\n", string.Empty);
        var output = Lint(tree, "CL001,CL007,CL011");
        Assert.Contains("etc/httpd/conf.d/php.conf:23:", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("error CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("mod_proxy_fcgi is not loaded (no LoadModule proxy_fcgi_module is read)", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("a PHP script's source, status 200", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so", output.Stdout, StringComparison.Ordinal);
        // Neither handler is a front end: no pool is reached, no back end is meant.
        Assert.DoesNotContain("no PHP-FPM pool listens there", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("reaches pool", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CL007", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handler_without_mod_proxy_names_both_modules_and_a_guarded_one_is_silent()
    {
        using var tree = Icinga();
        Edit(tree, "etc/httpd/conf.modules.d/00-proxy.conf", "LoadModule proxy_module modules/mod_proxy.so\n", string.Empty);
        Edit(tree, "etc/httpd/conf.modules.d/00-proxy.conf", "LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so\n", string.Empty);
        var output = Lint(tree, "CL001");
        Assert.Contains("mod_proxy and mod_proxy_fcgi are not loaded", output.Stdout, StringComparison.Ordinal);

        Edit(tree, "etc/httpd/conf.d/icingaweb2.conf", "SetHandler \"proxy:fcgi://127.0.0.1:9000\"", "<IfModule proxy_fcgi_module>\nSetHandler \"proxy:fcgi://127.0.0.1:9000\"\n</IfModule>");
        output = Lint(tree, "CL001");
        Assert.DoesNotContain("icingaweb2.conf", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_pools_the_handler_may_be_meant_for_give_no_safe_fix()
    {
        using var tree = Icinga();
        var safe = Lint(tree, "CL001").Stdout;
        Assert.Contains("Point SetHandler at unix:/run/php-fpm/www.sock", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("(unsafe fix)", safe, StringComparison.Ordinal);

        // A Remi PHP 8.3 pool beside the stock one, which only php.conf's server-wide handler reaches (a handler that
        // covers Icinga's files too): either may be the one meant.
        tree.Write("etc/opt/remi/php83/php-fpm.conf", "include=/etc/opt/remi/php83/php-fpm.d/*.conf\n[global]\npid = /var/opt/remi/php83/run/php-fpm/php-fpm.pid\ndaemonize = yes\n")
            .Write("etc/opt/remi/php83/php-fpm.d/www.conf", "[www]\nuser = apache\ngroup = apache\nlisten = /var/opt/remi/php83/run/php-fpm/www.sock\nlisten.acl_users = apache,nginx\npm = dynamic\npm.max_children = 10\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
            .Write("usr/lib/systemd/system/php83-php-fpm.service", "[Unit]\nDescription=The PHP FastCGI Process Manager\n\n[Service]\nType=notify\nExecStart=/opt/remi/php83/root/usr/sbin/php-fpm --nodaemonize\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/php83-php-fpm.service", "/usr/lib/systemd/system/php83-php-fpm.service");
        var output = Lint(tree, "CL001").Stdout;
        Assert.Contains("icingaweb2.conf:56:", output, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("the only pool no front end reaches", output, StringComparison.Ordinal);
    }
}
