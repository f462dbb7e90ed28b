using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Validation;
using ConfLint.Workspace;

namespace ConfLint.Tests.Knowledge;

/// <summary>
/// A LoadModule of a third-party module (mod_wsgi, mod_php, ModSecurity...) once switched CL000's unknown-directive check
/// off for the whole configuration: a typo httpd refuses ("Invalid command 'Alais'") went unreported as soon as mod_wsgi
/// was loaded. The modules Debian packages are in the tables now, found by the identifier LoadModule names; a module
/// still unknown leaves unjudged only what it may define: a near miss of a known directive that does not start as the
/// module's own names do is still the typo httpd refuses.
/// </summary>
public sealed class ApacheThirdPartyModuleTests
{
    private const string Modules = "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n"
        + "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
        + "LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so\n";

    private static (List<string> Errors, List<string> Notes) Lint(string apache2Conf)
    {
        using var tree = new TempTree().Write("var/log/apache2/.keep", string.Empty).Write("etc/apache2/apache2.conf", "ServerRoot /etc/apache2\nErrorLog /var/log/apache2/error.log\n" + apache2Conf);
        var run = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL000", null));
        return (run.Diagnostics.Where(d => d.Code == "CL000" && d.Severity >= Severity.Warning).Select(d => $"{d.Location}: {d.Message}").ToList(), run.Notes.ToList());
    }

    private const string Wsgi = "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so\n";

    private const string Typo = "<VirtualHost *:80>\n    Alais /media/ /srv/app/media/\n</VirtualHost>\n";

    [Fact]
    public void A_typo_is_refused_with_mod_wsgi_loaded_as_without_it()
    {
        foreach (var modules in new[] { Modules, Modules + Wsgi })
        {
            var (errors, _) = Lint(modules + Typo);
            var error = Assert.Single(errors);
            Assert.Contains("Invalid command 'Alais'", error, StringComparison.Ordinal);
            Assert.Contains("did you mean 'Alias'", error, StringComparison.Ordinal);
        }
    }

    private const string Passenger = "LoadModule passenger_module /usr/lib/apache2/modules/mod_passenger.so\n";

    /// <summary>Debian's Redmine example (examples/apache2-passenger-host.conf) with the legacy names Passenger still takes
    /// and a server-wide option inside the virtual host (Passenger only warns there).</summary>
    private const string RedmineHost = "<IfModule mod_passenger.c>\n    PassengerRoot /usr/lib/ruby/vendor_ruby/phusion_passenger/locations.ini\n    PassengerDefaultRuby /usr/bin/ruby\n</IfModule>\n"
        + "<VirtualHost *:80>\n    ServerName redmine.example.org\n    DocumentRoot /usr/share/redmine/public\n"
        + "    PassengerDefaultUser www-data\n    RailsEnv production\n    RackBaseURI /\n    PassengerAppGroupName redmine_default\n"
        + "    <Directory /usr/share/redmine/public>\n        PassengerEnabled on\n        Require all granted\n    </Directory>\n</VirtualHost>\n";

    [Fact]
    public void Passengers_own_and_legacy_directives_are_accepted_where_it_takes_them()
    {
        var (errors, _) = Lint(Modules + Passenger + RedmineHost);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_misspelt_Passenger_directive_is_refused_as_httpd_with_the_module_refuses_it()
    {
        var (errors, _) = Lint(Modules + Passenger + RedmineHost.Replace("PassengerAppGroupName", "PassengerAppGroupNmae", StringComparison.Ordinal));
        var error = Assert.Single(errors);
        Assert.Contains("Invalid command 'PassengerAppGroupNmae'", error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'PassengerAppGroupName'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_wide_Passenger_option_inside_Directory_is_refused()
    {
        var (errors, _) = Lint(Modules + Passenger + RedmineHost.Replace("        PassengerEnabled on\n", "        PassengerMaxPoolSize 6\n", StringComparison.Ordinal));
        var error = Assert.Single(errors);
        Assert.Contains("PassengerMaxPoolSize not allowed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Mod_wsgi_daemon_mode_directives_are_accepted()
    {
        var (errors, _) = Lint(Modules + Wsgi
            + "WSGISocketPrefix /var/run/apache2/wsgi\nWSGIRestrictEmbedded On\n"
            + "<VirtualHost *:80>\n"
            + "    WSGIDaemonProcess app user=www-data group=www-data processes=2 threads=15 display-name=%{GROUP} python-home=/srv/app/venv python-path=/srv/app\n"
            + "    WSGIProcessGroup app\n    WSGIApplicationGroup %{GLOBAL}\n"
            + "    WSGIScriptAlias / /srv/app/wsgi.py process-group=app application-group=%{GLOBAL}\n"
            + "    <Directory /srv/app>\n        <Files wsgi.py>\n            Require all granted\n        </Files>\n    </Directory>\n"
            + "</VirtualHost>\n<IfModule mod_wsgi.c>\n    WSGIPythonOptimize 1\n</IfModule>\n");
        Assert.Empty(errors);
    }

    [Fact]
    public void Mod_wsgi_directives_keep_their_contexts()
    {
        // RSRC_CONF only: httpd refuses WSGIDaemonProcess inside <Directory>.
        var (errors, _) = Lint(Modules + Wsgi + "<Directory /srv/app>\n    WSGIDaemonProcess app processes=2\n</Directory>\n");
        Assert.Contains(errors, e => e.Contains("WSGIDaemonProcess not allowed here", StringComparison.Ordinal));
    }

    [Fact]
    public void Php_value_is_accepted_with_mod_php_loaded_from_debians_libphp()
    {
        var (errors, _) = Lint(Modules + "LoadModule php_module /usr/lib/apache2/modules/libphp8.2.so\n"
            + "<Directory /var/www>\n    php_value upload_max_filesize 64M\n    php_admin_flag engine on\n</Directory>\n"
            + "<IfModule mod_php.c>\n    php_flag display_errors off\n</IfModule>\n<IfModule php_module>\n    php_admin_value memory_limit 256M\n</IfModule>\n");
        Assert.Empty(errors);

        // mod_php known, its neighbour's typo is httpd's Invalid command; php_value without mod_php too.
        Assert.Contains(Lint(Modules + "LoadModule php_module /usr/lib/apache2/modules/libphp8.2.so\nphp_valeu memory_limit 256M\n").Errors,
            e => e.Contains("Invalid command 'php_valeu'", StringComparison.Ordinal));
        Assert.Contains(Lint(Modules + "php_value memory_limit 256M\n").Errors,
            e => e.Contains("Invalid command 'php_value'", StringComparison.Ordinal) && e.Contains("mod_php", StringComparison.Ordinal));
    }

    [Fact]
    public void Modsecurity_and_mod_php7_are_found_by_their_identifiers()
    {
        var (errors, _) = Lint(Modules + "LoadModule security2_module /usr/lib/apache2/modules/mod_security2.so\n"
            + "LoadModule php7_module /usr/lib/apache2/modules/libphp7.4.so\n"
            + "SecRuleEngine On\nSecRequestBodyAccess On\nSecAuditLog /var/log/apache2/modsec_audit.log\nphp_value memory_limit 256M\n");
        Assert.Empty(errors);
    }

    [Fact]
    public void An_unknown_modules_own_names_are_not_judged_and_verbose_says_why()
    {
        var (errors, notes) = Lint(Modules + "LoadModule foo_module /usr/lib/apache2/modules/mod_foo.so\nFooCacheSize 10\nFooAlias /x\n");
        Assert.Empty(errors);
        Assert.Contains(notes, n => n.Contains("FooCacheSize is not judged", StringComparison.Ordinal) && n.Contains("foo_module", StringComparison.Ordinal));

        // A name unlike any known one may be the module's: not judged either.
        (errors, notes) = Lint(Modules + "LoadModule foo_module /usr/lib/apache2/modules/mod_foo.so\nCompletelyOther on\n");
        Assert.Empty(errors);
        Assert.Contains(notes, n => n.Contains("CompletelyOther is not judged", StringComparison.Ordinal) && n.Contains("foo_module from mod_foo.so", StringComparison.Ordinal));
    }

    [Fact]
    public void A_near_miss_of_a_known_directive_is_refused_unless_it_starts_as_the_unknown_modules_names()
    {
        // ServAlias is two edits from ServerAlias: with foo_module it is a typo; serv_module's names may start with Serv.
        const string Site = "<VirtualHost *:80>\n    ServerName a.example\n    ServAlias b.example\n</VirtualHost>\n";
        Assert.Contains(Lint(Modules + "LoadModule foo_module /usr/lib/apache2/modules/mod_foo.so\n" + Site).Errors,
            e => e.Contains("Invalid command 'ServAlias'", StringComparison.Ordinal) && e.Contains("did you mean 'ServerAlias'", StringComparison.Ordinal));
        Assert.Empty(Lint(Modules + "LoadModule serv_module /usr/lib/apache2/modules/mod_serv.so\n" + Site).Errors);
    }

    [Theory]
    [InlineData("FooCacheSize", "foo_module", "mod_foo.so", true)]
    [InlineData("AuthFooProvider", "auth_foo_module", "mod_auth_foo.so", true)]
    [InlineData("FooBar", "auth_foo_module", "mod_auth_foo.so", true)]
    [InlineData("BarSet", "foo2_module", "mod_bar2.so", true)]
    [InlineData("Alais", "foo_module", "mod_foo.so", false)]
    [InlineData("Alais", "auth_module", "mod_auth.so", false)]
    public void A_name_shares_an_unknown_modules_stem_by_its_identifier_or_file(string name, string identifier, string file, bool shares) =>
        Assert.Equal(shares, ApacheValidator.SharesStem(name, identifier, file));
}
