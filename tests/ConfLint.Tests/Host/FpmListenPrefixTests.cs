using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Host.PhpFpm;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Host;

/// <summary>
/// A relative <c>listen</c> as php-fpm resolves it (fpm_evaluate_full_path): Plesk's pools, each with
/// <c>prefix = /var/www/vhosts/system/$pool</c> and <c>listen = php-fpm.sock</c>, listen on two sockets, which CL000
/// compares and the front ends reach.
/// </summary>
public class FpmListenPrefixTests
{
    private const string PleskMain = "[global]\npid = /run/plesk-php82-fpm.pid\ninclude=/opt/plesk/php/8.2/etc/php-fpm.d/*.conf\n";

    private static string PleskPool(string name, string prefix = "/var/www/vhosts/system/$pool", string listen = "php-fpm.sock") =>
        $"[{name}]\nprefix = {prefix}\nuser = www-data\ngroup = www-data\n\nlisten = {listen}\nlisten.owner = www-data\nlisten.group = www-data\nlisten.mode = 0660\n\npm = ondemand\npm.max_children = 5\n";

    private static TempTree Plesk(string first, string second) => new TempTree()
        .Write("opt/plesk/php/8.2/etc/php-fpm.conf", PleskMain)
        .Write("opt/plesk/php/8.2/etc/php-fpm.d/example.com.conf", first)
        .Write("opt/plesk/php/8.2/etc/php-fpm.d/shop.example.net.conf", second);

    private static List<Diagnostic> Cl000(TempTree tree) =>
        Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL000", null))
            .Diagnostics.Where(d => d.Code == "CL000").ToList();

    [Fact]
    public void Pools_whose_relative_sockets_lie_in_their_own_prefixes_do_not_share_an_address()
    {
        using var tree = Plesk(PleskPool("example.com"), PleskPool("shop.example.net"));
        Assert.Empty(Cl000(tree));

        var pools = HostTrees.Model(tree).BackEndsOf<FpmPool>().ToDictionary(p => p.PoolName);
        Assert.Equal("/opt/plesk/php/8.2", pools["example.com"].Install.GlobalPrefix);
        Assert.Equal("/var/www/vhosts/system/example.com", pools["example.com"].Prefix);
        Assert.Equal("/var/www/vhosts/system/example.com/php-fpm.sock", Assert.Single(pools["example.com"].Listeners).Endpoint.Path);
        Assert.Equal("/var/www/vhosts/system/shop.example.net/php-fpm.sock", Assert.Single(pools["shop.example.net"].Listeners).Endpoint.Path);
    }

    [Fact]
    public void Pools_whose_relative_sockets_resolve_to_one_path_are_refused_at_the_later_listen()
    {
        using var tree = Plesk(PleskPool("example.com", prefix: "/srv/php"), PleskPool("shop.example.net", prefix: "/srv/php"));
        var finding = Assert.Single(Cl000(tree));
        Assert.Equal("[pool shop.example.net] unable to set listen address as it's already used in another pool 'example.com'", finding.Message);
        Assert.Equal("opt/plesk/php/8.2/etc/php-fpm.d/shop.example.net.conf", finding.Location.Path);
        Assert.Equal(6, finding.Location.Start.Line);

        // The same socket written absolute in one pool and relative to the build's prefix in the other.
        using var mixed = Plesk(PleskPool("example.com", prefix: "/srv/php"), PleskPool("shop.example.net", prefix: "", listen: "/srv/php/php-fpm.sock").Replace("prefix = \n", string.Empty, StringComparison.Ordinal));
        Assert.Single(Cl000(mixed));
        using var fromBuild = Plesk(
            PleskPool("example.com", listen: "/opt/plesk/php/8.2/php.sock").Replace("prefix = /var/www/vhosts/system/$pool\n", string.Empty, StringComparison.Ordinal),
            PleskPool("shop.example.net", listen: "php.sock").Replace("prefix = /var/www/vhosts/system/$pool\n", string.Empty, StringComparison.Ordinal));
        Assert.Single(Cl000(fromBuild));
    }

    [Fact]
    public void Paths_are_compared_as_written_out_not_normalized()
    {
        // php-fpm joins PREFIX/path and compares with strcmp: /srv/php/../php/php-fpm.sock is another address to it.
        using var tree = Plesk(PleskPool("example.com", prefix: "/srv/php"), PleskPool("shop.example.net", prefix: "/srv/php", listen: "../php/php-fpm.sock"));
        Assert.Empty(Cl000(tree));
    }

    [Fact]
    public void A_status_listener_has_no_prefix_of_its_own()
    {
        // pm.status_listen makes the pool "shop.example.net_status", which copies no prefix: its relative socket is taken
        // from the build's prefix (/opt/plesk/php/8.2/php-fpm.sock), not the pool's.
        using var tree = Plesk(PleskPool("example.com"), PleskPool("shop.example.net") + "pm.status_listen = php-fpm.sock\n");
        Assert.Empty(Cl000(tree));

        using var clash = Plesk(PleskPool("example.com", prefix: "/opt/plesk/php/8.2"), PleskPool("shop.example.net") + "pm.status_listen = php-fpm.sock\n");
        var finding = Assert.Single(Cl000(clash));
        Assert.Equal("[pool shop.example.net_status] unable to set listen address as it's already used in another pool 'example.com'", finding.Message);
    }

    [Fact]
    public void The_services_prefix_option_comes_before_the_builds()
    {
        using var tree = Plesk(PleskPool("example.com"), PleskPool("shop.example.net"))
            .Service("plesk-php82-fpm.service", "/opt/plesk/php/8.2/sbin/php-fpm --nodaemonize -p /srv/fpm --fpm-config /opt/plesk/php/8.2/etc/php-fpm.conf");
        var pools = HostTrees.Model(tree).BackEndsOf<FpmPool>().ToDictionary(p => p.PoolName);
        Assert.Equal("/srv/fpm", pools["example.com"].Install.GlobalPrefix);

        tree.Write("opt/plesk/php/8.2/etc/php-fpm.d/shop.example.net.conf", PleskPool("shop.example.net", prefix: "sites/$pool"));
        Assert.Equal("/srv/fpm/sites/shop.example.net/php-fpm.sock", Assert.Single(HostTrees.Model(tree).BackEndsOf<FpmPool>().Single(p => p.PoolName == "shop.example.net").Listeners).Endpoint.Path);

        // With the build's prefix, the same relative pool prefix clashes with a pool listening under /opt/plesk/php/8.2;
        // with -p /srv/fpm it does not.
        tree.Write("opt/plesk/php/8.2/etc/php-fpm.d/example.com.conf", PleskPool("example.com", listen: "/opt/plesk/php/8.2/sites/shop.example.net/php-fpm.sock"));
        Assert.Empty(Cl000(tree));
        tree.Write("etc/systemd/system/plesk-php82-fpm.service", "[Service]\nExecStart=/opt/plesk/php/8.2/sbin/php-fpm --nodaemonize --fpm-config /opt/plesk/php/8.2/etc/php-fpm.conf\n");
        Assert.Single(Cl000(tree));
    }

    [Fact]
    public void The_front_ends_reach_the_resolved_sockets()
    {
        using var tree = Plesk(PleskPool("example.com"), PleskPool("shop.example.net"))
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example.net;\n        location ~ \\.php$ {\n            fastcgi_pass \"unix:///var/www/vhosts/system/shop.example.net/php-fpm.sock\";\n        }\n    }\n    server {\n        listen 80;\n        server_name example.com;\n        location ~ \\.php$ {\n            fastcgi_pass unix:/var/www/vhosts/system/example.com/php-fpm.sok;\n        }\n    }\n}\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        // Only example.com's target, one letter off its pool's socket, is reported.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output.Stdout, "\"code\": \"CL001\""));
        Assert.Contains("php-fpm.sok", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("listen = php-fpm.sock, relative to the pool's prefix", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_socket_of_a_php_fpm_in_no_known_layout_is_unknown_and_not_judged()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location ~ \\.php$ {\n            fastcgi_pass unix:/srv/fpm/app.sock;\n        }\n    }\n}\n")
            .Write("srv/fpm/php-fpm.conf", "[www]\nuser = www-data\nlisten = app.sock\npm = static\npm.max_children = 5\n[api]\nuser = www-data\nlisten = /run/api.sock\npm = static\npm.max_children = 5\n")
            .Service("fpm.service", "/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /srv/fpm/php-fpm.conf");
        var host = HostTrees.Model(tree);
        var www = host.BackEndsOf<FpmPool>().Single(p => p.PoolName == "www");
        Assert.Empty(www.Listeners);
        Assert.Contains(host.UnknownListeners, u => u.BackEnd == www && u.Why.Contains("listen = app.sock is relative", StringComparison.Ordinal));

        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.DoesNotContain("CL001 [", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("listen = app.sock is relative to a prefix ConfLint cannot know", output.Stdout + output.Stderr, StringComparison.Ordinal);
    }
}
