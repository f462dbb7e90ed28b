using ConfLint.Tests.Rules;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.EndToEnd;

/// <summary>
/// HAProxy (Debian's package) in front of a small back end (an nginx that answers 200 on 127.0.0.1:8000), both in
/// private mount, network and PID namespaces on loopback: the bad fixture's <c>server</c> line points at a port nothing
/// listens on, so a request gets 503 (or 502); <c>conflint fix</c> rewrites the line; after a restart the same request
/// gets the back end's 200. Needs root; CI runs as root and must not skip.
/// </summary>
public class HaproxyEndToEndTests
{
    private const string Script = """
        set -eu
        ip link set lo up
        mount -t tmpfs tmpfs /run
        mkdir -p /run/haproxy /run/nginx
        cat > "$STATE/backend.conf" <<CONF
        pid /run/nginx/backend.pid;
        error_log stderr;
        events {}
        http {
            access_log off;
            client_body_temp_path $STATE/body;
            proxy_temp_path $STATE/proxy;
            fastcgi_temp_path $STATE/fastcgi;
            uwsgi_temp_path $STATE/uwsgi;
            scgi_temp_path $STATE/scgi;
            server { listen 127.0.0.1:8000; location / { return 200 "ok from the app"; } }
        }
        CONF
        nginx -c "$STATE/backend.conf"
        start() { haproxy -f "$TREE/etc/haproxy/haproxy.cfg" -D -p /run/haproxy.pid; sleep 1; }
        stop() { kill "$(cat /run/haproxy.pid)" || true; sleep 1; }
        status() { curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/ || echo 000; }
        start
        status > "$STATE/before"
        touch "$STATE/ready"
        for i in $(seq 1 600); do [ -f "$STATE/go" ] && break; sleep 0.2; done
        stop
        start
        status > "$STATE/after"
        curl -s http://127.0.0.1/ > "$STATE/response" || true
        stop
        nginx -c "$STATE/backend.conf" -s stop || true
        """;

    [Fact]
    public async Task A_503_from_haproxy_becomes_a_200_after_conflint_fix()
    {
        if (!(HostTools.IsRoot && HostTools.Exists("unshare") && HostTools.Exists("haproxy") && HostTools.Exists("nginx") && HostTools.Exists("curl") && HostTools.Exists("ip")))
        {
            Assert.False(Repository.IsCI, "CI must run as root with haproxy, nginx, curl and iproute2 installed");
            Assert.Skip("needs root, unshare, haproxy, nginx, curl and ip to run the daemons in a namespace");
        }

        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL001", "bad-haproxy-server-port"));
        using var state = new TempTree();
        using var namespaceRun = await NamespaceRun.StartAsync(Script, tree, state, TimeSpan.FromMinutes(2));
        Assert.Contains(state.Read("before"), new[] { "503", "502" });

        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(fix.ExitCode == 0, fix.Stderr);
        Assert.Contains("server app1 127.0.0.1:8000 check", File.ReadAllText(tree.Path("etc/haproxy/haproxy.cfg")), StringComparison.Ordinal);

        await namespaceRun.GoAsync();
        Assert.Equal("200", state.Read("after"));
        Assert.Equal("ok from the app", state.Read("response"));
    }
}
