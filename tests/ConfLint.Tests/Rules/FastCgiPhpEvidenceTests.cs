using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL014 on FastCGI back ends that are not PHP (precision round 30, Request Tracker under spawn-fcgi; here a launcher of
/// the same options that ConfLint does not read, and spawn-fcgi itself, which it reads): whether PHP-FPM is
/// what answers is the host's evidence (a pool listening there, a back end ConfLint reads that is something else, a program
/// it does not read naming the address), then the location's own words; a socket's name under /run/php is no proof. Where
/// the location's parameters are a PSGI application's, or another program may hold the pool's address, the parameter is
/// advice, not a safe fix.
/// </summary>
public class FastCgiPhpEvidenceTests
{
    /// <summary>RT's parameters (web_deployment.pod): SCRIPT_NAME "" and the whole path as PATH_INFO.</summary>
    private const string RtLocation = "    location / {\n        include fastcgi_params;\n        fastcgi_param SCRIPT_NAME \"\";\n        fastcgi_param PATH_INFO $uri;\n        fastcgi_param DOCUMENT_ROOT $document_root;\n        fastcgi_pass {0};\n    }\n";

    /// <summary>A PHP location sending no SCRIPT_FILENAME.</summary>
    private const string PhpLocation = "    location ~ \\.php$ {\n        include fastcgi_params;\n        fastcgi_pass {0};\n    }\n";

    private static TempTree Tree(string location, string target, string listen = "/run/php/php8.2-fpm.sock", string? spawn = null, string launcher = "/usr/local/bin/fcgi-launcher", string program = "/usr/share/request-tracker5/libexec/rt-server.fcgi")
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/rt", "server {\n    listen 80;\n    root /usr/share/request-tracker5/html;\n" + location.Replace("{0}", target, StringComparison.Ordinal) + "}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\nfastcgi_param REQUEST_METHOD $request_method;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", $"[www]\nuser = www-data\ngroup = www-data\nlisten = {listen}\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
            .Write("lib/systemd/system/php8.2-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/php8.2-fpm.service", "/lib/systemd/system/php8.2-fpm.service");
        if (spawn is not null)
        {
            tree.Write("etc/systemd/system/rt-fcgi.service", $"[Service]\nType=forking\nExecStart={launcher} -F 6 -u www-data -g www-data {spawn} -P /run/rt-fcgi.pid -- {program}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
                .Link("etc/systemd/system/multi-user.target.wants/rt-fcgi.service", "/etc/systemd/system/rt-fcgi.service");
        }

        return tree;
    }

    private static (List<(string Severity, string? Fix, string Message)> Findings, string Notes) Cl014(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL014", "--format", "json", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        var findings = json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => (d.GetProperty("severity").GetString()!,
            d.GetProperty("fix").ValueKind == JsonValueKind.Null ? null : d.GetProperty("fix").GetProperty("applicability").GetString(), d.GetProperty("message").GetString()!)).ToList();
        return (findings, output.Stderr);
    }

    [Fact]
    public void A_socket_under_run_php_that_an_unread_program_names_is_not_taken_for_PHP_FPM()
    {
        using var tree = Tree(RtLocation, "unix:/run/php/rt5.sock", spawn: "-s /run/php/rt5.sock -M 0660 -U www-data -G www-data");
        var (findings, notes) = Cl014(tree);
        Assert.Empty(findings);
        Assert.Contains("CL014 did not judge fastcgi_pass unix:/run/php/rt5.sock: service 'rt-fcgi.service' runs a program ConfLint does not read", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PHP_location_passed_to_an_unread_program_is_advice_not_an_error()
    {
        using var tree = Tree(PhpLocation, "unix:/run/php/rt5.sock", spawn: "-s /run/php/rt5.sock");
        var finding = Assert.Single(Cl014(tree).Findings);
        Assert.Equal(("info", "unsafe"), (finding.Severity, finding.Fix));
        Assert.Contains("(service 'rt-fcgi.service' runs a program ConfLint does not read", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_nothing_naming_the_socket_a_PHP_location_is_still_PHP()
    {
        using var tree = Tree(PhpLocation, "unix:/run/php/rt5.sock");
        var finding = Assert.Single(Cl014(tree).Findings);
        Assert.Equal(("error", "safe"), (finding.Severity, finding.Fix));
        Assert.Contains("PHP-FPM cannot find the script", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_back_end_ConfLint_reads_that_is_not_PHP_leaves_the_socket_unjudged_whatever_its_name()
    {
        using var tree = Tree(RtLocation, "unix:/run/php/app.sock")
            .Write("etc/systemd/system/app.service", "[Service]\nUser=www-data\nExecStart=/srv/app/venv/bin/gunicorn --bind unix:/run/php/app.sock app:app\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/app.service", "/etc/systemd/system/app.service");
        var (findings, notes) = Cl014(tree);
        Assert.Empty(findings);
        Assert.Contains("CL014 did not judge fastcgi_pass unix:/run/php/app.sock: gunicorn in service 'app.service' listens there, which does not run PHP", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PSGI_location_on_the_pools_socket_keeps_its_error_but_the_fix_is_not_safe()
    {
        using var tree = Tree(RtLocation, "unix:/run/php/php8.2-fpm.sock");
        var finding = Assert.Single(Cl014(tree).Findings);
        Assert.Equal(("error", "unsafe"), (finding.Severity, finding.Fix));
        Assert.Contains("the location's own parameters (SCRIPT_NAME \"\", PATH_INFO $uri) are those of an application that takes the whole path as PATH_INFO", finding.Message, StringComparison.Ordinal);

        // The same pool behind a PHP location: one outcome fits, the fix is safe.
        using var php = Tree(PhpLocation, "unix:/run/php/php8.2-fpm.sock");
        var plain = Assert.Single(Cl014(php).Findings);
        Assert.Equal(("error", "safe"), (plain.Severity, plain.Fix));
    }

    [Fact]
    public void A_pool_whose_address_an_unread_program_also_names_gets_no_safe_fix()
    {
        using var tree = Tree(PhpLocation, "127.0.0.1:9000", listen: "127.0.0.1:9000", spawn: "-a 127.0.0.1 -p 9000");
        var finding = Assert.Single(Cl014(tree).Findings);
        Assert.Equal(("error", "unsafe"), (finding.Severity, finding.Fix));
        Assert.Contains("PHP-FPM may not be what answers there: service 'rt-fcgi.service' runs a program ConfLint does not read", finding.Message, StringComparison.Ordinal);

        using var alone = Tree(PhpLocation, "127.0.0.1:9000", listen: "127.0.0.1:9000");
        var sole = Assert.Single(Cl014(alone).Findings);
        Assert.Equal(("error", "safe"), (sole.Severity, sole.Fix));
    }

    [Fact]
    public void Spawn_fcgi_running_a_program_other_than_php_cgi_is_not_PHP_FPM_and_php_cgi_is_PHP()
    {
        // spawn-fcgi is read: RT's handler under /run/php is a back end that does not run PHP.
        using var tree = Tree(RtLocation, "unix:/run/php/rt5.sock", spawn: "-s /run/php/rt5.sock -M 0660 -U www-data -G www-data", launcher: "/usr/bin/spawn-fcgi");
        var (findings, notes) = Cl014(tree);
        Assert.Empty(findings);
        Assert.Contains("CL014 did not judge fastcgi_pass unix:/run/php/rt5.sock: spawn-fcgi in service 'rt-fcgi.service' listens there, which does not run PHP", notes, StringComparison.Ordinal);

        // The same socket served by php-cgi under spawn-fcgi: PHP, and a PHP location without SCRIPT_FILENAME is an error.
        using var php = Tree(PhpLocation, "unix:/run/php/rt5.sock", spawn: "-s /run/php/rt5.sock -M 0660 -U www-data -G www-data", launcher: "/usr/bin/spawn-fcgi", program: "/usr/bin/php-cgi8.2");
        var finding = Assert.Single(Cl014(php).Findings);
        Assert.Equal("error", finding.Severity);
        Assert.Contains("PHP-FPM cannot find the script", finding.Message, StringComparison.Ordinal);
    }
}
