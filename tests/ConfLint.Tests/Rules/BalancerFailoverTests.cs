using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A dead member of an Apache balancer or of a HAProxy backend beside one that answers, as each daemon fails
/// over (UpstreamFailover): Apache's mod_proxy retries the request on another member after the connect error (POST
/// too), so CL001 says info, unless the dead member ignores errors (status=+I), maxattempts=0, or nofailover=On with
/// stickysession; HAProxy sends nothing to a server its 'check' marks DOWN and moves the last retry elsewhere with
/// 'option redispatch', and otherwise gives the dead server a share of the requests, which fail: the error stays and
/// says so. Every member dead stays an error; a disabled member is no target.</summary>
public class BalancerFailoverTests
{
    private const string App = "[Service]\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app:app\n";

    /// <summary>The site's own application (named as the site), which no front end reaches: what CL001 compares a dead
    /// member with, so that the member gets an error where it is judged alone.</summary>
    private const string Shop = "[Service]\nWorkingDirectory=/srv/shop\nExecStart=/srv/shop/venv/bin/gunicorn --bind 127.0.0.1:8002 shop:app\n";

    private static TempTree Apache(string members, string pass = "") => new TempTree()
        .Write("etc/apache2/apache2.conf", "Listen 80\n<VirtualHost *:80>\n    ServerName shop.example.com\n    <Proxy balancer://app>\n" + members + "    </Proxy>\n    ProxyPass / balancer://app/" + pass + "\n</VirtualHost>\n")
        .Write("etc/systemd/system/app.service", App)
        .Write("etc/systemd/system/shop.service", Shop);

    private static TempTree Haproxy(string servers, string defaults = "", string backend = "") => new TempTree()
        .Write("etc/haproxy/haproxy.cfg", "defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n" + defaults
            + "frontend web\n    bind :80\n    default_backend shop\nbackend shop\n" + backend + servers)
        .Write("etc/systemd/system/app.service", App)
        .Write("etc/systemd/system/shop.service", Shop);

    private static (string Stdout, string All) Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        return (output.Stdout, output.Stdout + output.Stderr);
    }

    private static string[] Findings(string report) =>
        report.Split('\n').Where(l => l.Contains(" CL001 ", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Apache_a_dead_member_beside_a_live_one_is_info_with_the_reason()
    {
        using var tree = Apache("        BalancerMember http://127.0.0.1:8001\n        BalancerMember http://127.0.0.1:8000\n");
        var (stdout, all) = Lint(tree);
        var finding = Assert.Single(Findings(stdout));
        Assert.Contains("apache2.conf:5:", finding, StringComparison.Ordinal);
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.DoesNotContain("[*]", finding, StringComparison.Ordinal);
        Assert.Contains("no 502 comes of it", finding, StringComparison.Ordinal);
        Assert.Contains("mod_proxy retries the request on another member of balancer://app", finding, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8000 (", finding, StringComparison.Ordinal);
        Assert.Contains("Apache's balancer retries the request on a member that answers", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Apache_every_member_dead_stays_an_error()
    {
        using var tree = Apache("        BalancerMember http://127.0.0.1:8001\n        BalancerMember http://127.0.0.1:8003\n");
        var (stdout, _) = Lint(tree);
        Assert.Contains("error CL001", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("no 502 comes of it", stdout, StringComparison.Ordinal);
    }

    [Theory]
    // nofailover=On with sticky sessions: a session routed to the dead member gets 503 (find_session_route).
    [InlineData("        BalancerMember http://127.0.0.1:8001 route=a\n        BalancerMember http://127.0.0.1:8000 route=b\n", " stickysession=ROUTEID nofailover=On", "'nofailover=On'")]
    [InlineData("        BalancerMember http://127.0.0.1:8001 route=a\n        BalancerMember http://127.0.0.1:8000 route=b\n        ProxySet stickysession=ROUTEID nofailover=On\n", "", "'nofailover=On'")]
    // status=+I: never put in error state, the retry loop ends on its 503.
    [InlineData("        BalancerMember http://127.0.0.1:8001 status=+I\n        BalancerMember http://127.0.0.1:8000\n", "", "status=+I")]
    // maxattempts=0: no other member is tried.
    [InlineData("        BalancerMember http://127.0.0.1:8001\n        BalancerMember http://127.0.0.1:8000\n        ProxySet maxattempts=0\n", "", "'maxattempts=0'")]
    public void Apache_without_failover_the_error_stays_and_says_some_requests_fail(string members, string pass, string why)
    {
        using var tree = Apache(members, pass);
        var (stdout, _) = Lint(tree);
        var finding = Assert.Single(Findings(stdout));
        Assert.Contains("error CL001", finding, StringComparison.Ordinal);
        Assert.Contains("some requests still fail", finding, StringComparison.Ordinal);
        Assert.Contains(why, finding, StringComparison.Ordinal);
        // No safe rewrite of one member of a group whose other member answers.
        Assert.DoesNotContain("(safe fix)", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fixable with `conflint fix`", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Apache_nofailover_without_sticky_sessions_still_fails_over()
    {
        using var tree = Apache("        BalancerMember http://127.0.0.1:8001\n        BalancerMember http://127.0.0.1:8000\n", " nofailover=On");
        var finding = Assert.Single(Findings(Lint(tree).Stdout));
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+D")]
    [InlineData("S")]
    [InlineData("+H-H+D")]
    public void Apache_a_disabled_or_stopped_member_is_no_target(string status)
    {
        using var tree = Apache($"        BalancerMember http://127.0.0.1:8001 status={status}\n        BalancerMember http://127.0.0.1:8000\n");
        Assert.Empty(Findings(Lint(tree).Stdout));
    }

    [Fact]
    public void Apache_a_live_hot_standby_behind_dead_members_is_info_naming_it()
    {
        using var tree = Apache("        BalancerMember http://127.0.0.1:8001\n        BalancerMember http://127.0.0.1:8000 status=+H\n");
        var finding = Assert.Single(Findings(Lint(tree).Stdout));
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.Contains("the hot standby (status=+H) 127.0.0.1:8000", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Apache_a_dead_hot_standby_beside_a_live_member_is_info()
    {
        using var tree = Apache("        BalancerMember http://127.0.0.1:8000\n        BalancerMember http://127.0.0.1:8001 status=+H\n");
        var finding = Assert.Single(Findings(Lint(tree).Stdout));
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.Contains("it is a hot standby (status=+H) of balancer://app", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Haproxy_a_dead_server_without_check_or_redispatch_stays_an_error_saying_a_share_fails()
    {
        using var tree = Haproxy("    server dead 127.0.0.1:8001\n    server live 127.0.0.1:8000\n");
        var stdout = Lint(tree).Stdout;
        var finding = Assert.Single(Findings(stdout));
        Assert.Contains("haproxy.cfg:10:", finding, StringComparison.Ordinal);
        Assert.Contains("error CL001", finding, StringComparison.Ordinal);
        Assert.Contains("some requests still fail", finding, StringComparison.Ordinal);
        Assert.Contains("gets a 503 after 3 retries", finding, StringComparison.Ordinal);
        Assert.DoesNotContain("fixable with `conflint fix`", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    server dead 127.0.0.1:8001 check\n    server live 127.0.0.1:8000 check\n", "", "", "its 'check' health checks mark it DOWN")]
    [InlineData("    server dead 127.0.0.1:8001\n    server live 127.0.0.1:8000\n", "", "    default-server check\n", "its 'check' health checks mark it DOWN")]
    [InlineData("    server dead 127.0.0.1:8001\n    server live 127.0.0.1:8000\n", "    option redispatch\n", "", "'option redispatch' (defaults, etc/haproxy/haproxy.cfg:6)")]
    [InlineData("    server dead 127.0.0.1:8001\n    server live 127.0.0.1:8000\n", "", "    option redispatch\n", "'option redispatch' (backend 'shop'")]
    public void Haproxy_a_dead_server_with_check_or_redispatch_is_info(string servers, string defaults, string backend, string why)
    {
        using var tree = Haproxy(servers, defaults, backend);
        var finding = Assert.Single(Findings(Lint(tree).Stdout));
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.Contains("no 502 comes of it", finding, StringComparison.Ordinal);
        Assert.Contains(why, finding, StringComparison.Ordinal);
    }

    [Theory]
    // 'no option redispatch' in the backend undoes the defaults' line; retries 0 leaves no retry to move.
    [InlineData("    option redispatch\n", "    no option redispatch\n")]
    [InlineData("    option redispatch\n", "    retries 0\n")]
    [InlineData("", "    option redispatch 0\n")]
    public void Haproxy_redispatch_turned_off_keeps_the_error(string defaults, string backend)
    {
        using var tree = Haproxy("    server dead 127.0.0.1:8001\n    server live 127.0.0.1:8000\n", defaults, backend);
        var finding = Assert.Single(Findings(Lint(tree).Stdout));
        Assert.Contains("error CL001", finding, StringComparison.Ordinal);
        Assert.Contains("some requests still fail", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Haproxy_a_disabled_dead_server_gets_nothing()
    {
        using var tree = Haproxy("    server dead 127.0.0.1:8001 disabled\n    server live 127.0.0.1:8000\n");
        Assert.Empty(Findings(Lint(tree).Stdout));
    }

    [Fact]
    public void Haproxy_every_server_dead_stays_an_error()
    {
        using var tree = Haproxy("    server a 127.0.0.1:8001 check\n    server b 127.0.0.1:8003 check\n");
        var findings = Findings(Lint(tree).Stdout);
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Contains("error CL001", f, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain("no 502 comes of it", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Haproxy_a_live_backup_behind_checked_dead_primaries_is_info()
    {
        using var tree = Haproxy("    server dead 127.0.0.1:8001 check\n    server spare 127.0.0.1:8000 check backup\n");
        var finding = Assert.Single(Findings(Lint(tree).Stdout));
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.Contains("sends the requests to the backup server: 127.0.0.1:8000", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Haproxy_a_live_backup_behind_an_unchecked_dead_primary_keeps_the_error()
    {
        using var tree = Haproxy("    server dead 127.0.0.1:8001\n    server spare 127.0.0.1:8000 backup\n");
        var finding = Assert.Single(Findings(Lint(tree).Stdout));
        Assert.Contains("error CL001", finding, StringComparison.Ordinal);
        Assert.Contains("never turns to the backup", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Haproxy_a_dead_backup_beside_a_live_server_is_info()
    {
        using var tree = Haproxy("    server live 127.0.0.1:8000\n    server spare 127.0.0.1:8001 backup\n");
        var finding = Assert.Single(Findings(Lint(tree).Stdout));
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.Contains("it is a backup server of backend 'shop'", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configurations_are_ones_the_daemons_accept()
    {
        if (HostTools.Exists("haproxy"))
        {
            using var tree = Haproxy("    server dead 127.0.0.1:8001 check\n    server spare 127.0.0.1:8000 check backup\n", "    option redispatch\n", "    no option redispatch\n    retries 0\n");
            var (exit, output) = HostTools.Run(tree.Root, "haproxy", "-c", "-f", tree.Path("etc/haproxy/haproxy.cfg"));
            Assert.True(exit == 0, output);
        }
    }
}
