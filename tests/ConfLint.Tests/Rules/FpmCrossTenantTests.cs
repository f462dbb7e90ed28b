using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 on a shared host (a Froxlor server: per-customer PHP-FPM pools, Apache virtual hosts whose
/// <c>SetHandler "proxy:unix:...-php-fpm.socket|fcgi://localhost"</c> names the customer's pool): where a site's own pool
/// is missing, no pool is offered that another site already reaches, nor one whose user is provably not the site's
/// (the panel's pool as froxlorlocal, another customer's); and a pool file php-fpm's include glob does not load
/// (<c>pool.d/NAME.conf.disabled</c>) that would listen at the socket is named, with its rename as advice.</summary>
public class FpmCrossTenantTests
{
    private const string Socket = "/var/lib/apache2/fastcgi/1-web4-four.example-php-fpm.socket";

    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
        + "web1:x:10000:10000:Customer One:/var/customers/webs/web1/:/bin/false\nweb4:x:10003:10003:Customer Four:/var/customers/webs/web4/:/bin/false\n"
        + "froxlorlocal:x:1001:1001::/home/froxlorlocal:/bin/false\n";

    private const string Group = "root:x:0:\nwww-data:x:33:\nweb1:x:10000:web1,www-data\nweb4:x:10003:web4,www-data\nfroxlorlocal:x:1001:www-data,web1,web4\n";

    private const string Apache = "User www-data\nGroup www-data\nListen 80\n"
        + "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
        + "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n"
        + "IncludeOptional sites-enabled/*.conf\n";

    private const string Unit = "[Unit]\nDescription=The PHP 8.2 FastCGI Process Manager\n\n[Service]\nType=notify\n"
        + "ExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\nExecReload=/bin/kill -USR2 $MAINPID\n\n[Install]\nWantedBy=multi-user.target\n";

    private static string Vhost(string name, string root, string socket, string extra = "") =>
        $"<VirtualHost *:80>\n  ServerName {name}\n{extra}  DocumentRoot \"{root}\"\n  <Directory \"{root}/\">\n    <FilesMatch \\.(php)$>\n"
        + $"      SetHandler proxy:unix:{socket}|fcgi://localhost\n    </FilesMatch>\n    Require all granted\n  </Directory>\n</VirtualHost>\n";

    private static string Pool(string name, string user, string socket) =>
        $"[{name}]\nlisten = {socket}\nlisten.owner = {user}\nlisten.group = {user}\nlisten.mode = 0660\nuser = {user}\ngroup = {user}\npm = ondemand\npm.max_children = 5\npm.max_requests = 500\n";

    /// <summary>The Froxlor root of the report: web1's site and pool, the panel's site and pool (froxlorlocal), and
    /// four.example's site, whose pool is not among the loaded files.</summary>
    private static TempTree Froxlor(bool panel = true, bool web1 = true)
    {
        var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", Apache)
            .Write("etc/apache2/sites-enabled/35_froxlor_normal_vhost_four.example.conf", Vhost("four.example", "/var/customers/webs/web4/site", Socket))
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("lib/systemd/system/php8.2-fpm.service", Unit)
            .Write("etc/passwd", Passwd)
            .Write("etc/group", Group)
            .Write("var/customers/webs/web4/site/index.php", "<?php\n");
        if (panel)
        {
            tree.Write("etc/apache2/sites-enabled/10_froxlor_ipandport_panel.conf", Vhost("srv01.example.net", "/var/www/html/froxlor", "/var/lib/apache2/fastcgi/1-froxlor.panel-srv01.example.net-php-fpm.socket"))
                .Write("etc/php/8.2/fpm/pool.d/srv01.example.net.conf", Pool("srv01.example.net", "froxlorlocal", "/var/lib/apache2/fastcgi/1-froxlor.panel-srv01.example.net-php-fpm.socket"));
        }

        if (web1)
        {
            tree.Write("etc/apache2/sites-enabled/35_froxlor_normal_vhost_one.example.conf", Vhost("one.example", "/var/customers/webs/web1/site", "/var/lib/apache2/fastcgi/1-web1-one.example-php-fpm.socket"))
                .Write("etc/php/8.2/fpm/pool.d/one.example.conf", Pool("one.example", "web1", "/var/lib/apache2/fastcgi/1-web1-one.example-php-fpm.socket"));
        }

        return tree;
    }

    private static JsonElement Four(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var document = JsonDocument.Parse(output.Stdout);
        return Assert.Single(document.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.Clone()),
            d => d.GetProperty("message").GetString()!.Contains(Socket + "|fcgi://localhost:", StringComparison.Ordinal));
    }

    private static string Message(JsonElement finding) => finding.GetProperty("message").GetString()!;

    private static (string? Applicability, string? Description, int Edits) Fix(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object
            ? (fix.GetProperty("applicability").GetString(), fix.GetProperty("description").GetString(), fix.GetProperty("edits").GetArrayLength())
            : (null, null, 0);

    /// <summary>The report's root: the panel's pool (froxlorlocal, which the panel's virtual host reaches) was offered as
    /// the closest candidate; web1's pool was already left out. Now no pool is offered, and the message says why.</summary>
    [Fact]
    public void The_panels_pool_is_not_offered_to_a_customers_site()
    {
        using var tree = Froxlor();
        var four = Four(tree);
        Assert.Equal("error", four.GetProperty("severity").GetString());
        Assert.Null(Fix(four).Applicability);
        Assert.Contains("no pool is offered, each being another site's", Message(four), StringComparison.Ordinal);
        Assert.DoesNotContain("1-froxlor.panel", Fix(four).Description ?? string.Empty, StringComparison.Ordinal);
    }

    /// <summary>The panel's pool alone: reached by the panel's virtual host, whose folder is not the customer's.</summary>
    [Fact]
    public void A_pool_another_sites_virtual_host_reaches_is_another_sites()
    {
        using var tree = Froxlor(web1: false);
        var four = Four(tree);
        Assert.Null(Fix(four).Applicability);
        Assert.Contains("PHP 8.2 pool 'srv01.example.net' is the site srv01.example.net's (its socket is the one SetHandler names in etc/apache2/sites-enabled/10_froxlor_ipandport_panel.conf:6, running as 'froxlorlocal')",
            Message(four), StringComparison.Ordinal);
    }

    /// <summary>A pool no site reaches, whose user has a home of its own elsewhere, while the site's folder lies in
    /// web4's home: another account's pool, never offered.</summary>
    [Fact]
    public void An_unreached_pool_of_another_account_is_not_offered()
    {
        using var tree = Froxlor(web1: false);
        tree.Write("etc/apache2/sites-enabled/10_froxlor_ipandport_panel.conf", "# panel moved\n");
        var four = Four(tree);
        Assert.Null(Fix(four).Applicability);
        Assert.Contains("PHP 8.2 pool 'srv01.example.net' runs as 'froxlorlocal', whose home is /home/froxlorlocal, while the site's folder /var/customers/webs/web4/site lies in another account's home /var/customers/webs/web4",
            Message(four), StringComparison.Ordinal);
    }

    /// <summary>SuexecUserGroup says whose scripts the site runs: a pool as another user is not the site's, though no
    /// site reaches it and the accounts are not known.</summary>
    [Fact]
    public void SuexecUserGroup_names_the_sites_user()
    {
        using var tree = Froxlor(web1: false);
        tree.Write("etc/apache2/sites-enabled/10_froxlor_ipandport_panel.conf", "# panel moved\n").Write("etc/passwd", string.Empty).Write("etc/group", string.Empty)
            .Write("etc/apache2/sites-enabled/35_froxlor_normal_vhost_four.example.conf", Vhost("four.example", "/var/customers/webs/web4/site", Socket, "  SuexecUserGroup web4 web4\n"));
        var four = Four(tree);
        Assert.Null(Fix(four).Applicability);
        Assert.Contains("runs as 'froxlorlocal', while the site's virtual host runs its scripts as 'web4' (SuexecUserGroup web4 web4)", Message(four), StringComparison.Ordinal);
    }

    /// <summary>A pool as the web server's user (the stock www pool every site may share) is still a candidate, though
    /// another site reaches it: here the host's only pool, so the fix points there as before.</summary>
    [Fact]
    public void A_pool_as_the_web_servers_user_is_still_offered()
    {
        using var tree = Froxlor(web1: false);
        tree.Write("etc/php/8.2/fpm/pool.d/srv01.example.net.conf", Pool("srv01.example.net", "www-data", "/var/lib/apache2/fastcgi/1-froxlor.panel-srv01.example.net-php-fpm.socket"));
        var (applicability, description, _) = Fix(Four(tree));
        Assert.Equal("safe", applicability);
        Assert.Contains("the host's only PHP-FPM pool", description, StringComparison.Ordinal);
        Assert.Contains("1-froxlor.panel-srv01.example.net-php-fpm.socket", description, StringComparison.Ordinal);
    }

    /// <summary>The report's other half: pool.d/four.example.conf.disabled defines the pool at exactly this socket, which
    /// php-fpm does not load (include=pool.d/*.conf): named in the message, its rename the advice (no edit).</summary>
    [Fact]
    public void A_disabled_pool_file_at_the_socket_is_named_with_its_rename_as_advice()
    {
        using var tree = Froxlor();
        tree.Write("etc/php/8.2/fpm/pool.d/four.example.conf.disabled", Pool("four.example", "web4", Socket));
        var four = Four(tree);
        Assert.Contains($"pool [four.example] in etc/php/8.2/fpm/pool.d/four.example.conf.disabled listens on {Socket}, but php-fpm loads only /etc/php/8.2/fpm/pool.d/*.conf", Message(four), StringComparison.Ordinal);
        var (applicability, description, edits) = Fix(four);
        Assert.Equal("display-only", applicability);
        Assert.Equal(0, edits);
        Assert.Equal("If pool [four.example] is the one meant, rename etc/php/8.2/fpm/pool.d/four.example.conf.disabled back to four.example.conf (php-fpm loads only /etc/php/8.2/fpm/pool.d/*.conf), check it with php-fpm -t, then reload php8.2-fpm", description);
        Assert.Contains(four.GetProperty("related").EnumerateArray(), r => r.GetProperty("message").GetString() == "pool [four.example] would listen here, but php-fpm does not load this file");
    }

    /// <summary>A hidden file (<c>.four.conf</c>: glob's * does not match a leading dot) and a <c>.bak</c> with
    /// <c>$pool</c> in its socket are not loaded either; a file the glob matches is a live pool, never this advice; and a
    /// file naming another socket is not named.</summary>
    [Fact]
    public void Hidden_and_backup_files_count_and_other_sockets_do_not()
    {
        using (var tree = Froxlor())
        {
            tree.Write("etc/php/8.2/fpm/pool.d/1-web4-four.example.conf.bak", Pool("1-web4-four.example", "web4", "/var/lib/apache2/fastcgi/$pool-php-fpm.socket"));
            var four = Four(tree);
            Assert.Contains("pool [1-web4-four.example] in etc/php/8.2/fpm/pool.d/1-web4-four.example.conf.bak listens on", Message(four), StringComparison.Ordinal);
            Assert.Contains("rename etc/php/8.2/fpm/pool.d/1-web4-four.example.conf.bak back to 1-web4-four.example.conf", Fix(four).Description, StringComparison.Ordinal);
        }

        using (var tree = Froxlor())
        {
            tree.Write("etc/php/8.2/fpm/pool.d/.four.example.conf", Pool("four.example", "web4", Socket));
            var four = Four(tree);
            Assert.Contains("pool [four.example] in etc/php/8.2/fpm/pool.d/.four.example.conf listens on", Message(four), StringComparison.Ordinal);
            Assert.Contains("give etc/php/8.2/fpm/pool.d/.four.example.conf a name /etc/php/8.2/fpm/pool.d/*.conf matches", Fix(four).Description, StringComparison.Ordinal);
        }

        using (var tree = Froxlor())
        {
            tree.Write("etc/php/8.2/fpm/pool.d/four.example.conf.disabled", Pool("four.example", "web4", "/run/php/other.sock"));
            var four = Four(tree);
            Assert.DoesNotContain("php-fpm loads only", Message(four), StringComparison.Ordinal);
        }
    }

    /// <summary>A pool file in a folder beside the include's (<c>pools-available/</c>, <c>pool.d.disabled/</c>) is not
    /// loaded either (php-fpm reads only what its include= globs return): named, its move into the include's folder the
    /// advice, and no live pool offered in its place; a folder another include= line reaches is live, not this; a folder
    /// of other things (<c>conf.d/</c>) is not looked at.</summary>
    [Fact]
    public void A_pool_file_in_a_folder_beside_the_include_is_named_with_its_move_as_advice()
    {
        foreach (var folder in new[] { "pools-available", "pool.d.disabled" })
        {
            using var tree = Froxlor();
            tree.Write($"etc/php/8.2/fpm/{folder}/four.example.conf", Pool("four.example", "web4", Socket));
            var four = Four(tree);
            Assert.Contains($"pool [four.example] in etc/php/8.2/fpm/{folder}/four.example.conf listens on {Socket}, but php-fpm loads only /etc/php/8.2/fpm/pool.d/*.conf (include= in etc/php/8.2/fpm/php-fpm.conf), which does not reach the file's folder", Message(four), StringComparison.Ordinal);
            var (applicability, description, edits) = Fix(four);
            Assert.Equal("display-only", applicability);
            Assert.Equal(0, edits);
            Assert.StartsWith($"If pool [four.example] is the one meant, move etc/php/8.2/fpm/{folder}/four.example.conf into /etc/php/8.2/fpm/pool.d (or link it there)", description, StringComparison.Ordinal);
        }

        using (var tree = Froxlor())
        {
            tree.Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\ninclude=/etc/php/8.2/fpm/pools-enabled/*.conf\n")
                .Write("etc/php/8.2/fpm/pools-enabled/four.example.conf", Pool("four.example", "web4", Socket));
            var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
            Assert.True(output.ExitCode is 0 or 1, output.Stderr);
            Assert.DoesNotContain(Socket + "|fcgi://localhost:", output.Stdout, StringComparison.Ordinal);
        }

        using (var tree = Froxlor())
        {
            tree.Write("etc/php/8.2/fpm/conf.d/four.example.conf", Pool("four.example", "web4", Socket));
            Assert.DoesNotContain("php-fpm loads only", Message(Four(tree)), StringComparison.Ordinal);
        }
    }
}
