using ConfLint.Tests.Rules;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.EndToEnd;

/// <summary>
/// What CL004 says of a container's nginx, with the real daemon: the nginx file of the Compose fixture
/// (<c>proxy_pass http://app:8000;</c>) serves requests while <c>app</c> resolves to one address; the back end is then
/// recreated at another address and the name moves (as Docker does when a container is recreated), and the running
/// nginx keeps connecting to the old address: 502. Only a reload, which resolves the name again, reaches the new back end.
/// The name moves in a hosts file bind-mounted over /etc/hosts; the daemons run in private mount, network and PID
/// namespaces on loopback addresses only. Needs root; CI runs as root and must not skip.
/// </summary>
public class NameResolvedOnceTests
{
    private const string Script = """
        set -eu
        ip link set lo up
        mount -t tmpfs tmpfs /run
        printf '127.0.0.2 app\n' > "$STATE/hosts"
        mount --bind "$STATE/hosts" /etc/hosts
        backend() {
            mkdir -p "$STATE/$2"
            printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\n    access_log off;\n    server {\n        listen %s:8000;\n        return 200 "%s\\n";\n    }\n}\n' \
                "$STATE/$2" "$STATE/$2" "$1" "$2" > "$STATE/$2/nginx.conf"
            nginx -c "$STATE/$2/nginx.conf"
        }
        printf 'pid %s/front.pid;\nerror_log %s/front.log;\nevents {}\nhttp {\n    access_log off;\n    include %s;\n}\n' \
            "$STATE" "$STATE" "$TREE/nginx/default.conf" > "$STATE/front.conf"
        request() { curl -s -o "$STATE/$1.body" -w '%{http_code}' -H 'Host: app.example.com' http://127.0.0.1/ > "$STATE/$1" || echo 000 > "$STATE/$1"; }
        backend 127.0.0.2 old
        nginx -c "$STATE/front.conf"
        sleep 1
        request first
        nginx -c "$STATE/old/nginx.conf" -s stop
        backend 127.0.0.3 new
        printf '127.0.0.3 app\n' > "$STATE/hosts"
        sleep 1
        request moved
        nginx -c "$STATE/front.conf" -s reload
        sleep 1
        request reloaded
        nginx -c "$STATE/front.conf" -s stop || true
        nginx -c "$STATE/new/nginx.conf" -s stop || true
        """;

    [Fact]
    public async Task A_running_nginx_keeps_the_address_it_resolved_at_start()
    {
        if (!(HostTools.IsRoot && HostTools.Exists("unshare") && HostTools.Exists("nginx") && HostTools.Exists("curl") && HostTools.Exists("ip")))
        {
            Assert.False(Repository.IsCI, "CI must run as root with nginx, curl and iproute2 installed");
            Assert.Skip("needs root, unshare, nginx, curl and ip to run nginx in a namespace");
        }

        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL004", "bad-compose-service-name"));
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL004");
        Assert.Equal(1, lint.ExitCode);
        Assert.Contains("'app' is resolved once", lint.Stderr + lint.Stdout);

        using var state = new TempTree();
        await NamespaceRun.RunToEndAsync(Script, tree, state, TimeSpan.FromMinutes(1));

        Assert.Equal("200", state.Read("first"));
        Assert.Equal("old", state.Read("first.body").Trim());
        Assert.Equal("502", state.Read("moved"));
        Assert.Equal("200", state.Read("reloaded"));
        Assert.Equal("new", state.Read("reloaded.body").Trim());
    }
}
