using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A back end's socket in a folder a tmpfiles.d line makes at every boot (precision round 33, Mail-in-a-Box's PHP pool in
/// /run/php-mail): connect() needs search permission on every folder of the path (unix(7)), so a folder whose owner,
/// group and mode give the web server none fails every request with (13: Permission denied). CL003 warns at the socket's
/// line, the tmpfiles.d line related; advice only.
/// </summary>
public class TmpfilesFolderSearchTests
{
    private const string Site = "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /var/www/html;\n        location ~ \\.php$ {\n            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n            fastcgi_pass unix:/run/php-mail/www.sock;\n        }\n    }\n}\n";

    private const string Pool = "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php-mail/www.sock\nlisten.owner = root\nlisten.group = www-data\nlisten.mode = 0660\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n";

    private static TempTree Tree(string tmpfiles) =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", Site)
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", Pool)
            .Write("lib/systemd/system/php8.2-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\nRestart=on-failure\n")
            .Write("etc/tmpfiles.d/php-mail.conf", tmpfiles)
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void A_root_only_folder_shuts_the_web_server_out()
    {
        using var tree = Tree("d /run/php-mail 0750 root root -\n");
        var output = Lint(tree);
        Assert.Contains("etc/php/8.2/fpm/pool.d/www.conf:4:10: warning CL003 PHP 8.2 pool 'www' makes its socket /run/php-mail/www.sock inside /run/php-mail, which is root:root mode 0750 at every boot (etc/tmpfiles.d/php-mail.conf:1 makes it: 'd /run/php-mail 0750 root root -')", output, StringComparison.Ordinal);
        Assert.Contains("'www-data' (nginx 'user' directive) is neither its owner nor in group 'root', and the mode gives others no search (x) permission", output, StringComparison.Ordinal);
        Assert.Contains("none is applied", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL003 did not judge the folders on the way", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_web_servers_group_on_the_folder_lets_it_pass()
    {
        using var tree = Tree("d /run/php-mail 0750 root www-data -\n");
        var output = Lint(tree);
        Assert.DoesNotContain("CL003 PHP 8.2 pool", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL003 did not judge the folders on the way", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_that_may_not_search_shuts_its_member_out()
    {
        using var tree = Tree("d /run/php-mail 0705 root www-data -\n");
        Assert.Contains("is in group 'www-data', but the mode gives the group no search (x) permission", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_mode_lets_everyone_pass()
    {
        using var tree = Tree("d /run/php-mail - root root -\n");
        Assert.DoesNotContain("warning CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_that_may_change_the_folder_leaves_it_unjudged()
    {
        using var tree = Tree("d /run/php-mail 0750 root root -\n");
        tree.Write("etc/systemd/system/php8.2-fpm.service.d/dir.conf", "[Service]\nExecStartPre=/bin/chmod 0755 /run/php-mail\n");
        Assert.DoesNotContain("warning CL003", Lint(tree), StringComparison.Ordinal);
    }
}
