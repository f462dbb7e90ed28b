using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>An Apache <c>SetHandler</c> that a later section of the same kind and scope replaces for every file it matches
/// is no front end: httpd merges <c>&lt;Files&gt;</c>/<c>&lt;FilesMatch&gt;</c> sections in the order they appear, the later
/// handler winning (sections.html, "How the sections are merged"). Debian reads conf-enabled/*.conf in alphabetical order,
/// so a site's <c>dolibarr-fpm.conf</c> is merged before the package's <c>php8.2-fpm.conf</c>, whose
/// <c>.+\.ph(?:ar|p|tml)$</c> covers every <c>\.php$</c> name: the dolibarr pool gets no request, and its 600 s
/// max_execution_time against Timeout 300 is no finding. The controls keep the handler live: read after the package's,
/// in a virtual host (merged after the main server's), or replaced only for some names.</summary>
public class ApacheOverriddenHandlerTests
{
    private const string Package = "<FilesMatch \".+\\.ph(?:ar|p|tml)$\">\n    SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</FilesMatch>\n";

    private static string Handler(string pattern) => $"<FilesMatch \"{pattern}\">\n    SetHandler \"proxy:unix:/run/php-dolibarr/dolibarr.sock|fcgi://dolibarr\"\n</FilesMatch>\n";

    private static string Lint(Func<TempTree, TempTree> configure, string includes = "IncludeOptional conf-enabled/*.conf\nIncludeOptional sites-enabled/*.conf\n")
    {
        using var tree = configure(new TempTree()
            .Write("etc/apache2/apache2.conf", "Timeout 300\nIncludeOptional mods-enabled/*.load\n" + includes)
            .Write("etc/apache2/mods-enabled/proxy.load", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n")
            .Write("etc/apache2/mods-enabled/proxy_fcgi.load", "LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n")
            .Write("etc/apache2/sites-enabled/erp.conf", "<VirtualHost *:80>\n    ServerName erp.example.com\n    DocumentRoot /usr/share/dolibarr/htdocs\n</VirtualHost>\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmax_execution_time = 30\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\n")
            .Write("etc/php/8.2/fpm/pool.d/dolibarr.conf", "[dolibarr]\nuser = www-data\ngroup = www-data\nlisten = /run/php-dolibarr/dolibarr.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\nphp_admin_value[max_execution_time] = 600\n"));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    private static bool Warns(string report) => report.Split('\n').Any(l => l.Contains("warning CL006", StringComparison.Ordinal) && l.Contains("dolibarr.sock", StringComparison.Ordinal));

    [Fact]
    public void A_handler_the_packages_later_FilesMatch_covers_is_no_front_end()
    {
        var report = Lint(t => t
            .Write("etc/apache2/conf-enabled/dolibarr-fpm.conf", Handler("\\.php$"))
            .Write("etc/apache2/conf-enabled/php8.2-fpm.conf", Package));
        Assert.False(Warns(report), report);
        Assert.Contains("etc/apache2/conf-enabled/dolibarr-fpm.conf:2:5: SetHandler proxy:unix:/run/php-dolibarr/dolibarr.sock|fcgi://dolibarr was not judged as a proxy: it is overridden by SetHandler proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost at etc/apache2/conf-enabled/php8.2-fpm.conf:2:5", report, StringComparison.Ordinal);
    }

    /// <summary>Two <c>SetHandler</c>s in one section: core keeps the later.</summary>
    [Fact]
    public void A_second_SetHandler_in_the_same_section_replaces_the_first()
    {
        var report = Lint(t => t.Write("etc/apache2/conf-enabled/php.conf", Handler("\\.php$").Replace("</FilesMatch>", "    SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</FilesMatch>", StringComparison.Ordinal)));
        Assert.False(Warns(report), report);
        Assert.Contains("was not judged as a proxy: it is overridden by", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_after_the_packages_handler_it_stays_live()
    {
        var report = Lint(t => t
            .Write("etc/apache2/conf-enabled/php8.2-fpm.conf", Package)
            .Write("etc/apache2/conf-enabled/zz-dolibarr-fpm.conf", Handler("\\.php$")));
        Assert.True(Warns(report), report);
        Assert.DoesNotContain("overridden by", report, StringComparison.Ordinal);
    }

    /// <summary>A virtual host's sections are merged after the main server's, wherever the main server's are read.</summary>
    [Fact]
    public void A_virtual_hosts_handler_is_not_overridden_by_a_server_level_one_read_later()
    {
        var report = Lint(
            t => t
                .Write("etc/apache2/sites-enabled/erp.conf", "<VirtualHost *:80>\n    ServerName erp.example.com\n    DocumentRoot /usr/share/dolibarr/htdocs\n    " + Handler("\\.php$") + "</VirtualHost>\n")
                .Write("etc/apache2/conf-enabled/php8.2-fpm.conf", Package),
            "IncludeOptional sites-enabled/*.conf\nIncludeOptional conf-enabled/*.conf\n");
        Assert.True(Warns(report), report);
        Assert.DoesNotContain("overridden by", report, StringComparison.Ordinal);
    }

    /// <summary>A later section that matches only some of the names: <c>\.phtml$</c> leaves every .php to the first;
    /// <c>\.php$</c> after <c>.+\.ph(?:ar|p|tml)$</c> leaves .phtml and .phar to it; a later handler inside
    /// <c>&lt;Directory&gt;</c> covers one folder only.</summary>
    [Theory]
    [InlineData(".+\\.ph(?:ar|p|tml)$", "<FilesMatch \"\\.phtml$\">\n    SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</FilesMatch>\n")]
    [InlineData("\\.php$", "<FilesMatch \"^index\\.php$\">\n    SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</FilesMatch>\n")]
    [InlineData("\\.php$", "<FilesMatch \"^[a-z]+\\.php$\">\n    SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</FilesMatch>\n")]
    [InlineData("\\.php$", "<Directory /usr/share/dolibarr/htdocs/public>\n" + Package + "</Directory>\n")]
    [InlineData("\\.php$", "<If \"%{HTTP_HOST} == 'www.example.com'\">\n" + Package + "</If>\n")]
    public void A_later_section_covering_only_some_requests_leaves_it_live(string pattern, string later)
    {
        var report = Lint(t => t
            .Write("etc/apache2/conf-enabled/dolibarr-fpm.conf", Handler(pattern))
            .Write("etc/apache2/conf-enabled/php8.2-fpm.conf", later));
        Assert.True(Warns(report), report);
        Assert.DoesNotContain("overridden by", report, StringComparison.Ordinal);
    }

    /// <summary>A later section matching every name the first one matches overrides it whatever its handler: a
    /// <c>&lt;Files&gt;</c> wildcard over the same names, or <c>SetHandler None</c> (core_override_type then sets no
    /// handler, and the default handler serves the file).</summary>
    [Theory]
    [InlineData("\\.php$", "<Files \"*.php\">\n    SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</Files>\n")]
    [InlineData("\\.php$", "<FilesMatch \\.php$>\n    SetHandler None\n</FilesMatch>\n")]
    public void A_later_section_covering_every_name_overrides_whatever_its_handler(string pattern, string later)
    {
        var report = Lint(t => t
            .Write("etc/apache2/conf-enabled/dolibarr-fpm.conf", Handler(pattern))
            .Write("etc/apache2/conf-enabled/php8.2-fpm.conf", later));
        Assert.False(Warns(report), report);
        Assert.Contains("overridden by", report, StringComparison.Ordinal);
    }
}
