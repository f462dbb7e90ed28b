using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// fcgiwrap on Debian (precision round 26, cgit): the package's fcgiwrap.socket listens on /run/fcgiwrap.socket and hands
/// connections to fcgiwrap.service, which speaks FastCGI. A fastcgi_pass to a socket nothing creates (an Arch guide's
/// /run/fcgiwrap.sock) is CL001's, judged against the wrappers' sockets where no PHP-FPM pool is meant; its fix is safe where
/// fcgiwrap is the host's only FastCGI server.
/// </summary>
public class FcgiwrapTests
{
    private const string Socket = "[Unit]\nDescription=fcgiwrap Socket\n\n[Socket]\nListenStream=/run/fcgiwrap.socket\nSocketUser=www-data\nSocketGroup=www-data\nSocketMode=0660\n\n[Install]\nWantedBy=sockets.target\n";

    private const string Service = "[Unit]\nDescription=Simple CGI Server\nAfter=nss-user-lookup.target\nRequires=fcgiwrap.socket\n\n[Service]\nEnvironment=DAEMON_OPTS=-f\nEnvironmentFile=-/etc/default/fcgiwrap\nExecStart=/usr/sbin/fcgiwrap ${DAEMON_OPTS}\nUser=www-data\nGroup=www-data\n\n[Install]\nAlso=fcgiwrap.socket\n";

    private static TempTree Tree(string socketPath, bool pool = false)
    {
        var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/git", $"server {{\n    listen 80;\n    location /cgit {{\n        include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME /usr/lib/cgit/cgit.cgi;\n        fastcgi_pass unix:{socketPath};\n    }}\n}}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\nfastcgi_param SCRIPT_NAME $fastcgi_script_name;\nfastcgi_param DOCUMENT_ROOT $document_root;\n")
            .Write("lib/systemd/system/fcgiwrap.socket", Socket)
            .Write("lib/systemd/system/fcgiwrap.service", Service)
            .Link("etc/systemd/system/sockets.target.wants/fcgiwrap.socket", "/lib/systemd/system/fcgiwrap.socket");
        if (pool)
        {
            tree.Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
                .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
                .Write("lib/systemd/system/php8.2-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
                .Link("etc/systemd/system/multi-user.target.wants/php8.2-fpm.service", "/lib/systemd/system/php8.2-fpm.service");
        }

        return tree;
    }

    private static List<JsonElement> Cl001(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = JsonDocument.Parse(output.Stdout);
        return report.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.Clone()).ToList();
    }

    [Fact]
    public void A_socket_nothing_creates_is_an_error_with_a_safe_fix_to_the_wrappers_socket()
    {
        using var tree = Tree("/run/fcgiwrap.sock");
        var finding = Assert.Single(Cl001(tree));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(6, finding.GetProperty("line").GetInt32());
        Assert.Contains("no FastCGI server listens there (socket unit 'fcgiwrap.socket' listens on /run/fcgiwrap.socket)", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("safe", finding.GetProperty("fix").GetProperty("applicability").GetString());
    }

    [Fact]
    public void The_wrappers_own_socket_is_fine()
    {
        using var tree = Tree("/run/fcgiwrap.socket");
        Assert.Empty(Cl001(tree));
    }

    [Fact]
    public void Beside_a_PHP_FPM_pool_the_wrapper_is_not_certain_and_the_fix_is_not_safe()
    {
        using var tree = Tree("/run/fcgiwrap.sock", pool: true);
        var finding = Assert.Single(Cl001(tree));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.NotEqual("safe", finding.GetProperty("fix").GetProperty("applicability").GetString());
    }

    [Fact]
    public void A_program_ConfLint_does_not_read_that_names_the_socket_leaves_it_unjudged()
    {
        using var tree = Tree("/run/cgit.sock")
            .Write("etc/systemd/system/cgit-spawn.service", "[Service]\nExecStart=/usr/local/bin/fcgi-launcher -n -s /run/cgit.sock -M 0660 -U www-data -- /usr/lib/cgit/cgit.cgi\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");
        Assert.DoesNotContain(Cl001(tree), f => f.GetProperty("severity").GetString() is "error" or "warning");
    }

    private static List<JsonElement> Cl003(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = JsonDocument.Parse(output.Stdout);
        return report.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.Clone()).ToList();
    }

    [Theory]
    [InlineData("user nginx;", "", true)]
    [InlineData("user www-data;", "", false)]
    [InlineData("user nginx;", "nginx", false)]
    public void The_socket_units_owner_group_and_mode_are_judged_against_the_web_servers_user(string user, string inGroup, bool refused)
    {
        using var tree = Tree("/run/fcgiwrap.socket")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nnginx:x:101:101::/var/cache/nginx:/usr/sbin/nologin\n")
            .Write("etc/group", $"root:x:0:\nwww-data:x:33:{inGroup}\nnginx:x:101:\n")
            .Write("etc/nginx/nginx.conf", $"{user}\nevents {{}}\nhttp {{\n    include /etc/nginx/sites-enabled/*;\n}}\n");
        var found = Cl003(tree);
        if (!refused)
        {
            Assert.Empty(found);
            return;
        }

        var finding = Assert.Single(found);
        Assert.Equal(("error", 8), (finding.GetProperty("severity").GetString(), finding.GetProperty("line").GetInt32()));
        Assert.Contains("creates /run/fcgiwrap.socket as www-data:www-data mode 0660", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("display-only", finding.GetProperty("fix").GetProperty("applicability").GetString());
    }

    [Fact]
    public void A_socket_unit_without_socket_settings_is_root_s_with_mode_0666_which_anyone_may_write()
    {
        using var tree = Tree("/run/fcgiwrap.socket")
            .Write("lib/systemd/system/fcgiwrap.socket", "[Socket]\nListenStream=/run/fcgiwrap.socket\n\n[Install]\nWantedBy=sockets.target\n");
        Assert.Empty(Cl003(tree));
    }
}
