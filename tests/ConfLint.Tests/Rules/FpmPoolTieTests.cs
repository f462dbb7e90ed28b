using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's choice of the PHP-FPM pool a broken <c>fastcgi_pass</c> was meant for on a shared host, where each
/// customer's pool runs as the customer, often chrooted into the customer's folder: a pool whose <c>chroot</c> (with
/// <c>$pool</c> expanded) or whose user's home (any one account's, not only <c>/home/NAME</c>) holds the site's root, or
/// that is named like the first label of the site's server name, is tied to the site and ranked before the socket's
/// spelling; one tied pool gets the safe fix. A pool tied to another site (another customer's code) is never guessed.</summary>
public class FpmPoolTieTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
        + "alder:x:2001:2001::/srv/www/alder:/usr/sbin/nologin\nhazel:x:2003:2003::/srv/www/hazel:/usr/sbin/nologin\n";

    private const string Group = "root:x:0:\nwww-data:x:33:\nalder:x:2001:\nhazel:x:2003:\n";

    private static string Server(string name, string root, string pass, string parameters = "        include fastcgi_params;\n") =>
        "    server {\n        listen 80;\n        server_name " + name + ";\n        root " + root + ";\n        location ~ \\.php$ {\n" + parameters + "            fastcgi_pass " + pass + ";\n        }\n    }\n";

    private static string Pool(string name, string user, string listen, string extra = "") =>
        $"[{name}]\nuser = {user}\ngroup = {user}\nlisten = {listen}\nlisten.owner = www-data\nlisten.group = www-data\n{extra}pm = ondemand\npm.max_children = 4\n";

    private const string Www = "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\n";

    private static TempTree Tree(string servers, params (string Name, string Text)[] pools)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n" + servers + "}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/passwd", Passwd)
            .Write("etc/group", Group);
        foreach (var (name, text) in pools)
        {
            tree.Write($"etc/php/8.2/fpm/pool.d/{name}.conf", text);
        }

        return tree;
    }

    private static JsonElement At(List<JsonElement> findings, string socket) =>
        Assert.Single(findings, f => f.GetProperty("message").GetString()!.StartsWith("fastcgi_pass " + socket + ":", StringComparison.Ordinal));

    private static (string? Applicability, string? Description, string? Content) Fix(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object
            ? (fix.GetProperty("applicability").GetString(), fix.GetProperty("description").GetString(),
                fix.GetProperty("edits").GetArrayLength() > 0 ? fix.GetProperty("edits")[0].GetProperty("content").GetString() : null)
            : (null, null, null);

    private const string ChrootParameters = "            include fastcgi_params;\n            fastcgi_param SCRIPT_FILENAME /htdocs$fastcgi_script_name;\n            fastcgi_param DOCUMENT_ROOT /htdocs;\n";

    /// <summary>The corpus's shared host (php-fpm-chroot-pool-nginx): hazel's site names its old host's socket; the stock
    /// www pool's socket is closer by spelling, but hazel's pool is chrooted into the folder that holds the site's root.</summary>
    [Fact]
    public void A_pool_whose_chroot_holds_the_root_is_meant_with_a_safe_fix()
    {
        var chroot = "chroot = /srv/www/$pool\nchdir = /\n";
        using var tree = Tree(
            Server("alder.example.net www.alder.example.net", "/srv/www/alder/htdocs", "unix:/run/php/alder.sock", ChrootParameters)
            + Server("hazel.example.net www.hazel.example.net", "/srv/www/hazel/htdocs", "unix:/srv/www/hazel/run/php-fpm.sock", ChrootParameters),
            ("alder", Pool("alder", "alder", "/run/php/$pool.sock", chroot)), ("hazel", Pool("hazel", "hazel", "/run/php/$pool.sock", chroot)), ("www", Www));
        var (applicability, description, content) = Fix(At(Findings(tree), "unix:/srv/www/hazel/run/php-fpm.sock"));
        Assert.Equal("safe", applicability);
        Assert.Equal("unix:/run/php/hazel.sock", content);
        Assert.Contains("its chroot /srv/www/hazel holds /srv/www/hazel/htdocs", description, StringComparison.Ordinal);
    }

    /// <summary>Only the chroot ties: the pool runs as www-data (a shared home) and is named for no server name.</summary>
    [Fact]
    public void The_chroot_alone_ties_with_pool_expanded()
    {
        using var tree = Tree(
            Server("store.example", "/srv/jails/p1/public", "127.0.0.1:9001"),
            ("p1", Pool("p1", "www-data", "127.0.0.1:9002", "chroot = /srv/jails/$pool\n")), ("p2", Pool("p2", "www-data", "127.0.0.1:9003")), ("www", Www));
        var (applicability, description, content) = Fix(At(Findings(tree), "127.0.0.1:9001"));
        Assert.Equal("safe", applicability);
        Assert.Equal("127.0.0.1:9002", content);
        Assert.Contains("its chroot /srv/jails/p1 holds /srv/jails/p1/public", description, StringComparison.Ordinal);
    }

    /// <summary>A pool named like the first label of the server name (after www.) is tied, as other back ends are.</summary>
    [Fact]
    public void A_pool_named_like_the_server_names_first_label_is_tied()
    {
        using var tree = Tree(
            Server("www.shop.example", "/srv/sites/shop", "127.0.0.1:9001"),
            ("shop", Pool("shop", "www-data", "127.0.0.1:9002")), ("blog", Pool("blog", "www-data", "127.0.0.1:9000")), ("www", Www));
        var (applicability, description, content) = Fix(At(Findings(tree), "127.0.0.1:9001"));
        Assert.Equal("safe", applicability);
        Assert.Equal("127.0.0.1:9002", content);
        Assert.Contains("the server name 'www.shop.example' begins with its name", description, StringComparison.Ordinal);
    }

    /// <summary>A home outside /home (/srv/www/NAME) that one account has to itself ties its user's pool.</summary>
    [Fact]
    public void A_home_outside_home_ties_its_users_pool()
    {
        using var tree = Tree(
            Server("store.example", "/srv/www/alder/public", "127.0.0.1:9001"),
            ("p1", Pool("p1", "alder", "127.0.0.1:9002")), ("p2", Pool("p2", "hazel", "127.0.0.1:9003")), ("www", Www));
        var (applicability, description, content) = Fix(At(Findings(tree), "127.0.0.1:9001"));
        Assert.Equal("safe", applicability);
        Assert.Equal("127.0.0.1:9002", content);
        Assert.Contains("running as 'alder', whose home /srv/www/alder holds /srv/www/alder/public", description, StringComparison.Ordinal);
    }

    /// <summary>The probe that found it: alder's pool moved to another socket while hazel's site is broken too. alder's
    /// site gets its own pool, never hazel's (another customer's code, chrooted into hazel's folder).</summary>
    [Fact]
    public void Another_sites_pool_is_never_offered()
    {
        var chroot = "chroot = /srv/www/$pool\nchdir = /\n";
        var servers = Server("alder.example.net", "/srv/www/alder/htdocs", "unix:/run/php/alder.sock", ChrootParameters)
            + Server("hazel.example.net", "/srv/www/hazel/htdocs", "unix:/srv/www/hazel/run/php-fpm.sock", ChrootParameters);
        using (var tree = Tree(servers, ("alder", Pool("alder", "alder", "/run/php/$pool-php82.sock", chroot)), ("hazel", Pool("hazel", "hazel", "/run/php/$pool.sock", chroot)), ("www", Www)))
        {
            var findings = Findings(tree);
            var (applicability, _, content) = Fix(At(findings, "unix:/run/php/alder.sock"));
            Assert.Equal("unix:/run/php/alder-php82.sock", content);
            Assert.Equal("safe", applicability);
            Assert.Equal("unix:/run/php/hazel.sock", Fix(At(findings, "unix:/srv/www/hazel/run/php-fpm.sock")).Content);
        }

        // alder's pool gone and no stock pool: the only pool left is hazel's, and none is offered to alder's site.
        using (var tree = Tree(servers, ("hazel", Pool("hazel", "hazel", "/run/php/$pool.sock", chroot))))
        {
            var alder = At(Findings(tree), "unix:/run/php/alder.sock");
            Assert.Null(Fix(alder).Applicability);
            Assert.Contains("no pool is offered, each being another site's: PHP 8.2 pool 'hazel' is the site hazel.example.net's", alder.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // With another customer's pool beside the stock one, the guess is the stock pool, never the customer's.
        using (var tree = Tree(servers, ("hazel", Pool("hazel", "hazel", "/run/php/$pool.sock", chroot)), ("www", Www)))
        {
            var (applicability, _, content) = Fix(At(Findings(tree), "unix:/run/php/alder.sock"));
            Assert.NotEqual("unix:/run/php/hazel.sock", content);
            Assert.NotEqual("safe", applicability);
        }
    }
}
