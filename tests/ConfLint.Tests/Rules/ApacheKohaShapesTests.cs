using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>
/// What a Koha server's Apache (fixtures/corpus/koha-apache-plack) is made of: mpm-itk on prefork (a module hooking into
/// prefork, no second MPM), <c>Define instance</c> in each virtual host before the shared includes that use
/// <c>${instance}</c> (httpd expands each line as it reads it, with the Defines read so far), Plack's lines inside
/// <c>&lt;IfVersion &gt;= 2.4.8&gt;</c>, and Apache's proxy timeouts judged against CL006's minimum.
/// </summary>
public sealed class ApacheKohaShapesTests
{
    private const string Main = """
        DefaultRuntimeDir ${APACHE_RUN_DIR}
        PidFile ${APACHE_PID_FILE}
        User ${APACHE_RUN_USER}
        Group ${APACHE_RUN_GROUP}
        ErrorLog ${APACHE_LOG_DIR}/error.log
        IncludeOptional mods-enabled/*.load
        Listen 80
        IncludeOptional sites-enabled/*.conf

        """;

    private const string Envvars = "export APACHE_RUN_USER=www-data\nexport APACHE_RUN_GROUP=www-data\nexport APACHE_PID_FILE=/var/run/apache2/apache2.pid\nexport APACHE_RUN_DIR=/var/run/apache2\nexport APACHE_LOG_DIR=/var/log/apache2\n";

    private static TempTree Debian(params string[] modules)
    {
        var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", Main)
            .Write("etc/apache2/envvars", Envvars)
            .Write("etc/apache2/mods-enabled/authz_core.load", "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n")
            .Write("etc/apache2/mods-enabled/log_config.load", "LoadModule log_config_module /usr/lib/apache2/modules/mod_log_config.so\n")
            .Write("etc/apache2/sites-enabled/000-default.conf", "<VirtualHost *:80>\n    DocumentRoot /var/www/html\n</VirtualHost>\n");
        foreach (var module in modules)
        {
            tree.Write($"etc/apache2/mods-enabled/{module}.load", module == "mpm_itk"
                ? "# Depends: mpm_prefork\nLoadModule mpm_itk_module /usr/lib/apache2/modules/mpm_itk.so\n"
                : $"LoadModule {module}_module /usr/lib/apache2/modules/mod_{module}.so\n");
        }

        return tree;
    }

    private static List<string> Lint(TempTree tree, string codes) =>
        Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse(codes, null)).Diagnostics
            .Where(d => d.Severity > Severity.Info)
            .Select(d => $"{d.Severity.Name()} {d.Code} {d.Location.Path}:{d.Location.Start.Line}: {d.Message}")
            .ToList();

    [Fact]
    public void Mpm_itk_on_prefork_is_no_second_mpm()
    {
        using var tree = Debian("mpm_itk", "mpm_prefork");

        Assert.Empty(Lint(tree, "CL000"));
    }

    [Fact]
    public void Mpm_itk_on_a_threaded_mpm_stops_httpd_at_start()
    {
        using var tree = Debian("mpm_event", "mpm_itk");

        var finding = Assert.Single(Lint(tree, "CL000"));
        Assert.StartsWith("error CL000 etc/apache2/mods-enabled/mpm_itk.load:2: mpm-itk cannot use threaded MPMs; please use prefork.", finding, StringComparison.Ordinal);
        Assert.Contains("a2dismod mpm_event && a2enmod mpm_prefork", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Mpm_itk_alone_is_no_mpm_at_all()
    {
        using var itk = Debian("mpm_itk");
        using var two = Debian("mpm_itk", "mpm_prefork", "mpm_worker");

        var finding = Assert.Single(Lint(itk, "CL000"));
        Assert.StartsWith("error CL000 etc/apache2/apache2.conf:1: AH00534: apache2: Configuration error: No MPM loaded. (mpm_itk_module", finding, StringComparison.Ordinal);
        Assert.Contains(Lint(two, "CL000"), f => f.Contains("More than one MPM loaded. (mpm_prefork_module", StringComparison.Ordinal));
    }

    /// <summary>Two virtual hosts each Define site before including the same handler line: each gets its own pool's
    /// socket, not the value of the last Define of the configuration (a third vhost's, read after them).</summary>
    [Fact]
    public void A_shared_include_takes_the_define_in_effect_where_each_vhost_reads_it()
    {
        using var tree = Debian("mpm_event", "proxy", "proxy_fcgi")
            .Write("etc/apache2/snippets/php.conf", "<FilesMatch \\.php$>\n    SetHandler \"proxy:unix:/run/php/php8.2-fpm-${site}.sock|fcgi://localhost\"\n</FilesMatch>\n")
            .Write("etc/apache2/sites-enabled/alpha.conf", "<VirtualHost *:80>\n    ServerName alpha.example\n    Define site alpha\n    Include /etc/apache2/snippets/php.conf\n</VirtualHost>\n")
            .Write("etc/apache2/sites-enabled/beta.conf", "<VirtualHost *:80>\n    ServerName beta.example\n    Define site beta\n    Include /etc/apache2/snippets/php.conf\n</VirtualHost>\n")
            .Write("etc/apache2/sites-enabled/zz-static.conf", "<VirtualHost *:80>\n    ServerName static.example\n    Define site static\n</VirtualHost>\n");

        var host = HostModelBuilder.Build(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty);

        Assert.Equal(
            ["proxy:unix:/run/php/php8.2-fpm-alpha.sock|fcgi://localhost", "proxy:unix:/run/php/php8.2-fpm-beta.sock|fcgi://localhost"],
            host.FrontEnds.Where(f => f.DirectiveName == "SetHandler").Select(f => f.Target.Text).ToList());
    }

    /// <summary>A vhost read before any Define of the name keeps <c>${instance}</c> as written (httpd's AH00111).</summary>
    [Fact]
    public void A_variable_not_yet_defined_where_the_line_is_read_stays_as_written()
    {
        using var tree = Debian("mpm_prefork", "proxy", "proxy_http")
            .Write("etc/koha/plack.conf", "ProxyPass /cgi-bin/koha \"unix:/var/run/koha/${instance}/plack.sock|http://localhost/cgi-bin/koha\"\n")
            .Write("etc/apache2/sites-enabled/catalogue.conf", "<VirtualHost *:80>\n    ServerName catalogue.example\n    Include /etc/koha/plack.conf\n</VirtualHost>\n")
            .Write("etc/apache2/sites-enabled/library.conf", "<VirtualHost *:80>\n    ServerName library.example\n    Define instance \"library\"\n    Include /etc/koha/plack.conf\n</VirtualHost>\n");

        var host = HostModelBuilder.Build(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty);

        Assert.Equal(
            ["unix:/var/run/koha/${instance}/plack.sock|http://localhost/cgi-bin/koha", "unix:/var/run/koha/library/plack.sock|http://localhost/cgi-bin/koha"],
            host.FrontEnds.Where(f => f.DirectiveName == "ProxyPass").Select(f => f.Target.Text).ToList());
        var finding = Assert.Single(Lint(tree, "CL001"));
        Assert.StartsWith("error CL001 etc/koha/plack.conf:1: ProxyPass unix:/var/run/koha/${instance}/plack.sock|http://localhost/cgi-bin/koha: httpd keeps ${instance} as written here", finding, StringComparison.Ordinal);
        Assert.Contains("in the virtual host at etc/apache2/sites-enabled/catalogue.conf:1 before the first Define instance (etc/apache2/sites-enabled/library.conf:3)", finding, StringComparison.Ordinal);
    }

    /// <summary>httpd's version from dpkg decides a patch-level condition (2.4.57 skips a <c>&gt;= 2.4.60</c> section);
    /// without it, 2.4.8 or later is assumed, so <c>&gt;= 2.4.8</c> holds and <c>&gt;= 2.4.60</c> is left unjudged.</summary>
    [Theory]
    [InlineData(">= 2.4.8", null, true)]
    [InlineData(">= 2.4.60", null, false)]
    [InlineData(">= 2.4.60", "2.4.62-1~deb12u2", true)]
    [InlineData(">= 2.4.60", "2.4.57-2", false)]
    public void A_module_missing_inside_a_patch_level_IfVersion_is_judged_where_the_version_is_known(string condition, string? installed, bool reported)
    {
        using var tree = Debian("mpm_event")
            .Write("etc/apache2/sites-enabled/site.conf", $"<VirtualHost *:80>\n    ServerName a.example\n    <IfVersion {condition}>\n        RequestHeader set X-Forwarded-Proto https\n    </IfVersion>\n</VirtualHost>\n");
        if (installed is not null)
        {
            tree.Write("var/lib/dpkg/status", $"Package: apache2-bin\nStatus: install ok installed\nVersion: {installed}\n\nPackage: apache2\nStatus: install ok installed\nVersion: {installed}\n");
        }

        var findings = Lint(tree, "CL000").Where(f => f.Contains("RequestHeader", StringComparison.Ordinal)).ToList();
        Assert.Equal(reported ? 1 : 0, findings.Count);
    }

    /// <summary>CL006's minimum applies to Apache as to nginx where no back end's limit is known.</summary>
    [Fact]
    public void A_short_ProxyTimeout_in_front_of_an_unread_back_end_is_below_the_minimum()
    {
        using var tree = Debian("mpm_event", "proxy", "proxy_http")
            .Write("etc/apache2/sites-enabled/site.conf", "<VirtualHost *:80>\n    ServerName a.example\n    ProxyTimeout 10\n    ProxyPass / unix:/run/app/app.sock|http://localhost/\n</VirtualHost>\n");
        using var fine = Debian("mpm_event", "proxy", "proxy_http")
            .Write("etc/apache2/sites-enabled/site.conf", "<VirtualHost *:80>\n    ServerName a.example\n    ProxyTimeout 45\n    ProxyPass / unix:/run/app/app.sock|http://localhost/\n</VirtualHost>\n");

        var finding = Assert.Single(Lint(tree, "CL006"));
        Assert.Equal("warning CL006 etc/apache2/sites-enabled/site.conf:3: ProxyTimeout 10s for ProxyPass unix:/run/app/app.sock|http://localhost/, below the minimum of 30s: slow requests are cut off with 'The timeout specified has expired'", finding);
        Assert.Empty(Lint(fine, "CL006"));
    }
}
