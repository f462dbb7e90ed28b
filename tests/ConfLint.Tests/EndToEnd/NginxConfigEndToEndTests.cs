using ConfLint.Tests.Rules;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.EndToEnd;

/// <summary>
/// Breakages between nginx and PHP-FPM with the real daemons, as an operator meets them: php-fpm8.2 and nginx start from a
/// bad fixture and a request for a PHP page fails the way it really fails (nginx refusing to start leaves nothing
/// listening; PHP-FPM without SCRIPT_FILENAME answers "File not found."; php-fpm refusing its pool, or its children
/// refusing nginx's address, give 502); then nothing but <c>conflint fix</c> runs, and after a restart the
/// same request gets 200 from PHP. The daemons run in private mount, network and PID namespaces, on loopback only, as in
/// <see cref="BadGatewayTests"/>. Needs root; CI runs as root and must not skip.
/// </summary>
public class NginxConfigEndToEndTests
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
        start() {
            php-fpm8.2 -y /etc/php/8.2/fpm/php-fpm.conf -D || echo "php-fpm did not start" >> "$STATE/log"
            nginx -c /etc/nginx/nginx.conf 2>> "$STATE/log" || echo "nginx did not start" >> "$STATE/log"
            sleep 1
        }
        stop() {
            nginx -c /etc/nginx/nginx.conf -s stop 2>/dev/null || true
            if [ -f /run/php/php8.2-fpm.pid ]; then kill "$(cat /run/php/php8.2-fpm.pid)" || true; fi
            sleep 1
        }
        request() {
            curl -s -o "$STATE/$1.body" -w '%{http_code}' -H 'Host: shop.example.com' http://127.0.0.1/index.php > "$STATE/$1" || true
        }
        start
        request before
        touch "$STATE/ready"
        for i in $(seq 1 600); do [ -f "$STATE/go" ] && break; sleep 0.2; done
        stop
        start
        request after
        stop
        """;

    /// <summary>(code, fixture, the status before the fix, what the body holds before).</summary>
    public static TheoryData<string, string, string, string> Cases() => new()
    {
        // PHP-FPM gets no SCRIPT_FILENAME: "Primary script unknown", its 404 page.
        { "CL014", "bad-fastcgi-params-only", "404", "File not found." },

        // nginx refuses the configuration ("no port in upstream"): nothing listens, curl gets no answer at all.
        { "CL015", "bad-fastcgi-upstream-typo", "000", string.Empty },

        // php-fpm refuses the pool at start (pm.start_servers above pm.max_spare_servers): nginx's connect() fails, 502.
        { "CL010", "bad-start-above-max-spare", "502", "Bad Gateway" },

        // A PHP-FPM child closes nginx's connection from 127.0.0.1 at once (only ::1 is allowed): 502.
        { "CL016", "bad-ipv6-loopback-only", "502", "Bad Gateway" },

        // php-fpm cannot read "localhost" as an address, so its children admit nobody: 502.
        { "CL016", "bad-localhost-by-name", "502", "Bad Gateway" },

        // "10.0.0.5, 127.0.0.1": php-fpm cannot read " 127.0.0.1" (the blank) and drops it: 502.
        { "CL016", "bad-blank-after-comma", "502", "Bad Gateway" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_failing_site_answers_200_after_conflint_fix(string code, string name, string statusBefore, string bodyBefore)
    {
        if (!(HostTools.IsRoot && HostTools.Exists("unshare") && HostTools.Exists("nginx") && HostTools.Exists("php-fpm8.2") && HostTools.Exists("curl") && HostTools.Exists("ip")))
        {
            Assert.False(Repository.IsCI, "CI must run as root with nginx, php8.2-fpm, curl and iproute2 installed");
            Assert.Skip("needs root, unshare, nginx, php-fpm8.2, curl and ip to run the daemons in a namespace");
        }

        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder(code, name));
        using var state = new TempTree();
        using var namespaceRun = await NamespaceRun.StartAsync(Script, tree, state, TimeSpan.FromMinutes(2));
        var log = File.Exists(state.Path("log")) ? state.Read("log") : string.Empty;
        Assert.True(statusBefore == state.Read("before"), $"before the fix: expected {statusBefore}, got {state.Read("before")}; daemons said: {log}");
        Assert.Contains(bodyBefore, File.Exists(state.Path("before.body")) ? state.Read("before.body") : string.Empty);

        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", code);
        Assert.Equal(1, lint.ExitCode);
        var fix = CliRunner.Run("fix", "--root", tree.Root);
        Assert.True(fix.ExitCode == 0, fix.Stdout + fix.Stderr);

        await namespaceRun.GoAsync();
        log = File.Exists(state.Path("log")) ? state.Read("log") : string.Empty;
        Assert.True(state.Read("after") == "200", $"after the fix: {state.Read("after")}; daemons said: {log}");
        Assert.Equal("ok from php", state.Read("after.body"));
    }
}
