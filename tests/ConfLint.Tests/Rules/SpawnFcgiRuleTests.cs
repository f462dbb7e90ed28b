using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>The rules on a spawn-fcgi back end (round 30, Request Tracker behind nginx, after RT's web_deployment.pod):
/// CL001 where nginx's socket is not the unit's <c>-s</c> (a safe fix to the unit), where <c>/run/rt5</c> is made by
/// nothing, and where spawn-fcgi and a PHP-FPM pool both bind 127.0.0.1:9000; CL003 where the socket, chowned to
/// <c>-u</c>/<c>-g</c> without <c>-U</c>/<c>-G</c>, shuts nginx's www-data out.</summary>
public class SpawnFcgiRuleTests
{
    private const string Rt = "/usr/share/request-tracker5/libexec/rt-server.fcgi";

    private static TempTree Tree(string target, string options, string unitLines = "RuntimeDirectory=rt5\n", string? poolListen = null, bool fpmEnabled = true)
    {
        var tree = new TempTree()
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\nrt:x:990:990::/opt/rt:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nrt:x:990:\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n\tserver {\n\t\tlisten 80;\n\t\tserver_name rt.example.org;\n\t\tlocation / {\n\t\t\tfastcgi_param SCRIPT_NAME \"\";\n\t\t\tfastcgi_param PATH_INFO $uri;\n\t\t\tfastcgi_pass " + target + ";\n\t\t}\n\t}\n}\n")
            .Write("etc/systemd/system/rt-fcgi.service", $"[Unit]\nDescription=RT\n\n[Service]\nType=forking\nExecStart=/usr/bin/spawn-fcgi -F 6 -d / {options} -P /run/rt-fcgi.pid -- {Rt}\n{unitLines}Restart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/rt-fcgi.service", "/etc/systemd/system/rt-fcgi.service");
        if (poolListen is not null)
        {
            tree.Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
                .Write("etc/php/8.2/fpm/pool.d/www.conf", $"[www]\nuser = www-data\ngroup = www-data\nlisten = {poolListen}\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
                .Write("lib/systemd/system/php8.2-fpm.service", "[Unit]\nDescription=PHP 8.2 FastCGI\n\n[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
            if (fpmEnabled)
            {
                tree.Link("etc/systemd/system/multi-user.target.wants/php8.2-fpm.service", "/lib/systemd/system/php8.2-fpm.service");
            }
        }

        return tree;
    }

    private static string Lint(TempTree tree, string select)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", select, "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void Nginx_s_socket_that_is_not_the_unit_s_s_path_is_an_error_with_a_safe_fix_to_the_unit()
    {
        using var tree = Tree("unix:/run/rt5/rt5.sock", "-u www-data -g www-data -s /run/rt5/rt.sock -M 0660 -U www-data -G www-data");
        var output = Lint(tree, "CL001,CL003");
        Assert.Contains("error CL001", output, StringComparison.Ordinal);
        Assert.Contains("spawn-fcgi in service 'rt-fcgi.service'", output, StringComparison.Ordinal);
        Assert.Contains("/run/rt5/rt.sock", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL003", output, StringComparison.Ordinal);

        var fixedTree = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(fixedTree.ExitCode is 0 or 1, fixedTree.Stderr);
        var unit = File.ReadAllText(Path.Combine(tree.Root, "etc/systemd/system/rt-fcgi.service"));
        var nginx = File.ReadAllText(Path.Combine(tree.Root, "etc/nginx/nginx.conf"));
        Assert.True(unit.Contains("-s /run/rt5/rt5.sock", StringComparison.Ordinal) || nginx.Contains("fastcgi_pass unix:/run/rt5/rt.sock", StringComparison.Ordinal), unit + nginx);
    }

    [Fact]
    public void A_matching_socket_nginx_may_write_is_no_finding()
    {
        using var tree = Tree("unix:/run/rt5/rt.sock", "-u www-data -g www-data -s /run/rt5/rt.sock -M 0660 -U www-data -G www-data");
        var output = Lint(tree, "CL001,CL003");
        Assert.DoesNotContain("CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL003", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_chowned_to_u_and_g_shuts_nginx_out()
    {
        using var tree = Tree("unix:/run/rt5/rt.sock", "-u rt -g rt -s /run/rt5/rt.sock -M 0660");
        var output = Lint(tree, "CL001,CL003");
        Assert.Contains("error CL003 spawn-fcgi in service 'rt-fcgi.service' creates /run/rt5/rt.sock as rt:rt mode 0660 (-u rt (no -U: the socket's owner is the process's), -g rt; -M 0660)", output, StringComparison.Ordinal);
        Assert.Contains("'www-data' (nginx 'user' directive) is neither the owner nor in group 'rt'", output, StringComparison.Ordinal);
        Assert.Contains("give spawn-fcgi -G www-data", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_M_the_socket_is_0640_under_systemd_s_umask_and_only_its_owner_may_connect()
    {
        using var owner = Tree("unix:/run/rt5/rt.sock", "-u www-data -g www-data -s /run/rt5/rt.sock");
        Assert.DoesNotContain("CL003", Lint(owner, "CL003"), StringComparison.Ordinal);
        using var group = Tree("unix:/run/rt5/rt.sock", "-u rt -G www-data -s /run/rt5/rt.sock");
        Assert.Contains("creates /run/rt5/rt.sock as rt:www-data mode 0640", Lint(group, "CL003"), StringComparison.Ordinal);
        using var umask = Tree("unix:/run/rt5/rt.sock", "-u rt -G www-data -s /run/rt5/rt.sock", "RuntimeDirectory=rt5\nUMask=0002\n");
        Assert.DoesNotContain("CL003", Lint(umask, "CL003"), StringComparison.Ordinal);
    }

    /// <summary>The umask spawn-fcgi inherits is read as uwsgi's is (<c>InheritedUmask</c>): a unit with <c>PAMName=</c>
    /// (pam_umask may set it) leaves a socket without <c>-M</c> unjudged, with a note; <c>-M</c> makes the umask moot.</summary>
    [Fact]
    public void A_PAMName_session_leaves_the_umask_unknown_unless_M_sets_the_mode()
    {
        using var pam = Tree("unix:/run/rt5/rt.sock", "-u rt -G www-data -s /run/rt5/rt.sock", "RuntimeDirectory=rt5\nPAMName=login\n");
        var output = Lint(pam, "CL003");
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains("sets PAMName=, whose session (pam_umask) may set the umask", output, StringComparison.Ordinal);
        using var mode = Tree("unix:/run/rt5/rt.sock", "-u rt -G www-data -M 0640 -s /run/rt5/rt.sock", "RuntimeDirectory=rt5\nPAMName=login\n");
        Assert.Contains("creates /run/rt5/rt.sock as rt:www-data mode 0640", Lint(mode, "CL003"), StringComparison.Ordinal);
    }

    /// <summary>Sympa's template's <c>-U nginx</c> kept on a Debian host without that account (round 35): spawn-fcgi, as
    /// root, cannot look it up and exits before it binds, so CL001 says the back end cannot start, and CL003 does not
    /// describe a socket that is never made (nor take <c>-g</c> for <c>-U</c>'s group). Controls: the account there (or
    /// made by a sysusers.d line) keeps the service a listener.</summary>
    [Fact]
    public void An_account_spawn_fcgi_cannot_find_keeps_it_from_starting()
    {
        using var missing = Tree("unix:/run/rt5/rt.sock", "-u rt -g rt -U nginx -M 0600 -s /run/rt5/rt.sock");
        var cl001 = Lint(missing, "CL001");
        Assert.Contains("spawn-fcgi in rt-fcgi.service starts as root and looks up -U nginx, which names no user of the host", cl001, StringComparison.Ordinal);
        Assert.Contains("can't find user name nginx", cl001, StringComparison.Ordinal);
        Assert.DoesNotContain("as nginx:rt", Lint(missing, "CL003"), StringComparison.Ordinal);

        using var made = Tree("unix:/run/rt5/rt.sock", "-u rt -g rt -U nginx -M 0600 -s /run/rt5/rt.sock");
        made.Write("usr/lib/sysusers.d/nginx.conf", "u nginx - \"nginx\" /var/lib/nginx\n");
        Assert.DoesNotContain("names no user of the host", Lint(made, "CL001"), StringComparison.Ordinal);

        using var present = Tree("unix:/run/rt5/rt.sock", "-u rt -g rt -U www-data -M 0600 -s /run/rt5/rt.sock");
        Assert.DoesNotContain("names no user of the host", Lint(present, "CL001"), StringComparison.Ordinal);
    }

    /// <summary>The remedy "add 'www-data' to group G" is not given where the web server's user is already in G.</summary>
    [Fact]
    public void The_advice_does_not_ask_to_add_a_member_to_its_own_group()
    {
        using var tree = Tree("unix:/run/rt5/rt.sock", "-u rt -G www-data -M 0640 -s /run/rt5/rt.sock");
        var output = Lint(tree, "CL003");
        Assert.Contains("creates /run/rt5/rt.sock as rt:www-data mode 0640", output, StringComparison.Ordinal);
        Assert.DoesNotContain("add 'www-data' to group 'www-data'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_folder_under_run_nothing_makes_is_an_error()
    {
        using var tree = Tree("unix:/run/rt5/rt.sock", "-u www-data -g www-data -s /run/rt5/rt.sock -M 0660 -U www-data -G www-data", unitLines: string.Empty);
        var output = Lint(tree, "CL001");
        Assert.Contains("error CL001", output, StringComparison.Ordinal);
        Assert.Contains("spawn-fcgi in service 'rt-fcgi.service' binds /run/rt5/rt.sock, in /run/rt5, which nothing makes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Spawn_fcgi_and_a_php_fpm_pool_on_one_address_is_an_error_where_both_start()
    {
        using var tree = Tree("127.0.0.1:9000", "-u www-data -g www-data -a 127.0.0.1 -p 9000", unitLines: string.Empty, poolListen: "127.0.0.1:9000");
        var output = Lint(tree, "CL001");
        Assert.Contains("two programs cannot listen on one port", output, StringComparison.Ordinal);
        Assert.Contains("spawn-fcgi in service 'rt-fcgi.service'", output, StringComparison.Ordinal);

        // The PHP-FPM service not enabled, or the pool on another address: no clash is proven.
        using var disabled = Tree("127.0.0.1:9000", "-u www-data -g www-data -a 127.0.0.1 -p 9000", unitLines: string.Empty, poolListen: "127.0.0.1:9000", fpmEnabled: false);
        Assert.DoesNotContain("two programs cannot listen", Lint(disabled, "CL001"), StringComparison.Ordinal);
        using var apart = Tree("127.0.0.1:9000", "-u www-data -g www-data -a 127.0.0.1 -p 9000", unitLines: string.Empty, poolListen: "/run/php/php8.2-fpm.sock");
        Assert.DoesNotContain("CL001", Lint(apart, "CL001"), StringComparison.Ordinal);
    }
}
