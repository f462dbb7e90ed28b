using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL015 on HAProxy's server names: HAProxy resolves each server's name at start by its init-addr methods (default
/// last,libc) and refuses to start when none answers ("could not resolve address", haproxy -c 2.6.12), unless init-addr
/// lets it start without one (none, an address) or a server-state file may hold the last address.
/// </summary>
public class HaproxyServerNameTests
{
    private static string Config(string backend) =>
        "global\n\tuser haproxy\n\tgroup haproxy\n\ndefaults\n\tmode http\n\ttimeout connect 5s\n\ttimeout client 50s\n\ttimeout server 50s\n\n" +
        "frontend web\n\tbind :80\n\tdefault_backend app\n\n" + backend;

    private static TempTree Tree(string backend, bool resolution = true)
    {
        var tree = new TempTree().Write("etc/haproxy/haproxy.cfg", Config(backend));
        return resolution ? tree.WithHostResolution() : tree;
    }

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL015", "--verbose", "--color", "never");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void A_name_the_host_cannot_resolve_stops_haproxy()
    {
        using var tree = Tree("backend app\n\tserver app1 appserver:8000 check\n");
        Assert.Contains("etc/haproxy/haproxy.cfg:16:14: error CL015 backend 'app' server app1 appserver:8000: this host cannot resolve 'appserver'", Lint(tree), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backend app\n\tserver app1 appserver:8000 check init-addr libc,none\n")]
    [InlineData("backend app\n\tdefault-server init-addr last,libc,none\n\tserver app1 appserver:8000 check\n")]
    [InlineData("backend app\n\tserver app1 appserver:8000 check init-addr libc,10.0.0.9\n")]
    [InlineData("backend app\n\tload-server-state-from-file global\n\tserver app1 appserver:8000 check\n")]
    [InlineData("backend app\n\tserver-template app 3 appserver:8000 check\n")]
    [InlineData("backend app\n\tserver app1 localhost:8000 check\n")]
    [InlineData("backend app\n\tserver app1 app.example.com:8000 check\n")]
    public void Haproxy_starts_anyway_or_the_name_resolves(string backend)
    {
        using var tree = Tree(backend);
        Assert.DoesNotContain("CL015 backend", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_without_its_hosts_file_and_resolv_conf_proves_nothing()
    {
        using var tree = Tree("backend app\n\tserver app1 appserver:8000 check\n", resolution: false);
        var output = Lint(tree);
        Assert.DoesNotContain("error CL015", output, StringComparison.Ordinal);
        Assert.Contains("CL015 cannot tell whether the host's /etc/hosts or DNS (the root holds no /etc/hosts or /etc/resolv.conf to show them) resolves 'appserver'", output, StringComparison.Ordinal);
    }
}
