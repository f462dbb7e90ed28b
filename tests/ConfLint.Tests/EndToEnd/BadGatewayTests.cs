using ConfLint.Fixing;
using ConfLint.Tests.Rules;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.EndToEnd;

/// <summary>
/// The whole story with the real daemons: php-fpm8.2 and nginx start from a bad fixture, a request for a PHP
/// page gets 502; <c>conflint fix</c> writes the fix; after a restart the same request gets 200. The daemons run
/// in private mount, network and PID namespaces (the fixture's folders mounted over /etc/nginx and /etc/php,
/// loopback only, port 80 of that namespace), so they touch nothing of the machine, and all of them end when
/// the namespace's first process does. Needs root; CI runs as root and must not skip.
/// </summary>
public class BadGatewayTests
{
    private const string Script = """
        set -eu
        ip link set lo up
        mount -t tmpfs tmpfs /run
        mkdir -p /run/php /run/nginx
        mount -t tmpfs tmpfs /var/www
        mkdir -p /var/www/shop/public
        printf '<?php echo "ok from php";\n' > /var/www/shop/public/index.php
        mount --bind "$TREE/etc/nginx" /etc/nginx
        mkdir -p /etc/php
        mount --bind "$TREE/etc/php" /etc/php
        if [ -f "$TREE/etc/passwd" ]; then mount --bind "$TREE/etc/passwd" /etc/passwd; mount --bind "$TREE/etc/group" /etc/group; fi
        start() { php-fpm8.2 -y /etc/php/8.2/fpm/php-fpm.conf -D; nginx -c /etc/nginx/nginx.conf; sleep 1; }
        stop() { nginx -c /etc/nginx/nginx.conf -s stop || true; kill "$(cat /run/php/php8.2-fpm.pid)" || true; sleep 1; }
        status() { curl -s -o /dev/null -w '%{http_code}' -H 'Host: shop.example.com' http://127.0.0.1/index.php || echo 000; }
        start
        status > "$STATE/before"
        touch "$STATE/ready"
        for i in $(seq 1 600); do [ -f "$STATE/go" ] && break; sleep 0.2; done
        stop
        start
        status > "$STATE/after"
        curl -s -H 'Host: shop.example.com' http://127.0.0.1/index.php > "$STATE/body" || true
        stop
        """;

    public static TheoryData<string, string> Cases() => new()
    {
        { "CL001", "bad-php-version-socket" },
        { "CL001", "bad-upstream-tcp-vs-socket" },
        { "CL003", "bad-site-user-pool" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_502_becomes_a_200_after_conflint_fix(string code, string name)
    {
        if (!(HostTools.IsRoot && HostTools.Exists("unshare") && HostTools.Exists("nginx") && HostTools.Exists("php-fpm8.2") && HostTools.Exists("curl") && HostTools.Exists("ip")))
        {
            Assert.False(Repository.IsCI, "CI must run as root with nginx, php8.2-fpm, curl and iproute2 installed");
            Assert.Skip("needs root, unshare, nginx, php-fpm8.2, curl and ip to run the daemons in a namespace");
        }

        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder(code, name));
        using var state = new TempTree();
        using var namespaceRun = await NamespaceRun.StartAsync(Script, tree, state, TimeSpan.FromMinutes(2));
        Assert.Equal("502", state.Read("before"));

        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", code);
        Assert.True(fix.ExitCode == 0, fix.Stderr);

        await namespaceRun.GoAsync();
        Assert.Equal("200", state.Read("after"));
        Assert.Equal("ok from php", state.Read("body"));
    }
}
