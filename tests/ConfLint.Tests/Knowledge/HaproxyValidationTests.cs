using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Knowledge;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Knowledge;

/// <summary>CL000 for HAProxy from haproxy.txt, each case compared with what <c>haproxy -c</c> of this machine says.</summary>
public sealed class HaproxyValidationTests
{
    private const string Defaults = "defaults\n    mode http\n    timeout connect 5s\n    timeout client 50s\n    timeout server 50s\n\n";

    public static TheoryData<string, string, string?> Cases() => new()
    {
        { "global\n    tune.bufsize 32768\n    daemon\n" + Defaults + "frontend web\n    bind 127.0.0.1:8080\n    default_backend app\n\nbackend app\n    server a 127.0.0.1:8000 check\n", "accepted", null },
        { "global\n    tune.bufsiz 32768\n", "error", "unknown keyword 'tune.bufsiz' in 'global' section; did you mean 'tune.bufsize'?" },
        { Defaults + "backend app\n    option htpchk\n    server a 127.0.0.1:8000\n", "error", "unknown keyword 'option htpchk' in 'backend' section; did you mean 'option httpchk'?" },
        { Defaults + "backend app\n    timeout sever 5s\n    server a 127.0.0.1:8000\n", "error", "unknown keyword 'timeout sever' in 'backend' section; did you mean 'timeout server'?" },
        { "defaults\n    bind :8080\n", "error", "'bind' not allowed in 'defaults' section" },
        { "defaults\n    acl local src 127.0.0.1\n", "error", "'acl' not allowed in anonymous 'defaults' section" },
        { Defaults + "frontend web\n    bind 127.0.0.1:8080\n    server a 127.0.0.1:8000\n", "error", "'server' not allowed in 'frontend' section" },
        { Defaults + "frontend web\n    bind 127.0.0.1:8080\n    balance roundrobin\n    default_backend app\nbackend app\n    server a 127.0.0.1:8000\n", "warning", "'balance' ignored because frontend 'web' has no backend capability" },
        { Defaults + "backend app\n    srvtimeout 50s\n    server a 127.0.0.1:8000\n", "error", "'srvtimeout' is not supported anymore by HAProxy 2.6" },
        { "global\n    tune.bufsize 16384 2\n", "error", "'tune.bufsize' takes 1 argument, not 2" },
        { Defaults + "backend app\n    server a\n", "error", "'server' takes at least 2 arguments, not 1" },
        { Defaults + "backend app\n    stats show-modules\n    server a 127.0.0.1:8000\n", "accepted", null },
        { Defaults + "listen stats 127.0.0.1:8080\n    stats enable\n", "error", "please use the 'bind' keyword for listening addresses" },
        { "global\n    maxconn 10", "error", "Missing LF on last line, file might have been truncated" },
        { "global\n    master-worker\n    daemon\n", "accepted", null },
        { "global\n    master-worker no-exit-on-failure\n", "accepted", null },
        { "defaults\n    master-worker\n", "error", "'master-worker' not allowed in 'defaults' section" },
        { Defaults + "backend app\n    balance uri\n    hash-type consistent\n    hash-balance-factor 150\n    server a 127.0.0.1:8000\n", "accepted", null },
        { Defaults + "backend app\n    max-session-srv-conns 10\n    server a 127.0.0.1:8000\n", "warning", "'max-session-srv-conns' ignored because backend 'app' has no frontend capability" },
        { "global\n    master-worker\n" + Defaults + "frontend web\n    bind 127.0.0.1:8080\n    default_backend app\n\nbackend app\n    server a 127.0.0.1:8000\n", "accepted", null },
        { Defaults + "backend app\n    use-fcgi-app php\n    server a 127.0.0.1:9000 proto fcgi\nfcgi-app php\n    log-stderr global\n    docroot /var/www\n    index index.php\n    path-info ^(/.+\\.php)(/.*)?$\n    no option keep-conn\n    option max-reqs 1\n    set-param REDIRECT_STATUS 200\n    pass-header Authorization\n", "accepted", null },
        { Defaults + "fcgi-app php\n    docroot /var/www\n    unset-param HTTP_PROXY\nbackend app\n    use-fcgi-app php\n    server a 127.0.0.1:9000 proto fcgi\n", "error", "unknown keyword 'unset-param' in 'fcgi-app' section" },
        { Defaults + "fcgi-app php\n    docroot /var/www\n    option keep-con\nbackend app\n    use-fcgi-app php\n    server a 127.0.0.1:9000 proto fcgi\n", "error", "unknown option 'keep-con'." },
        { Defaults + "fcgi-app php\n    index index.php\nbackend app\n    use-fcgi-app php\n    server a 127.0.0.1:9000 proto fcgi\n", "error", "fcgi-app 'php': no docroot configured." },
        { Defaults + "fcgi-app php\n    docroot /var/www\nbackend app\n    use-fcgi-app php-fpm\n    server a 127.0.0.1:9000 proto fcgi\n", "error", "proxy 'app' : fcgi-app 'php-fpm' not found." },
        { Defaults + "fcgi-app php\n    docroot /var/www\nbackend app\n    default-server proto fcgi\n    server a 127.0.0.1:9000\n", "error", "proxy 'app': FCGI server 'a' has no FCGI app configured." },
        { Defaults + "fcgi-app php\n    docroot /var/www\nbackend app\n    use-fcgi-app php\n    server a 127.0.0.1:9000\n", "error", "proxy 'app': FCGI app configured but no FCGI server found." },
        { Defaults + "fcgi-app php\n    docroot /var/www\nbackend app\n    mode tcp\n    use-fcgi-app php\n    server a 127.0.0.1:9000 proto fcgi\n", "error", "proxy 'app': FCGI application cannot be used in non-HTTP mode." },
        { Defaults + "    use-fcgi-app php\nfcgi-app php\n    docroot /var/www\nbackend app\n    use-fcgi-app php\n    server a 127.0.0.1:9000 proto fcgi\n", "error", "'use-fcgi-app' only available in backend or listen section" },
    };

    /// <summary>haproxytech's images run HAProxy 3.x with keywords Debian's 2.6 does not know: a keyword of a later
    /// release is unknown only where the root shows Debian's haproxy 2.6 installed, as haproxy -c of this machine says.</summary>
    [Fact]
    public void A_keyword_of_a_later_release_is_unknown_only_where_the_root_shows_haproxy_2_6()
    {
        const string Config = "global\n    tune.h2.fe.max-total-streams 1000\n    httpclient.retries 2\n";
        using var image = new TempTree().Write("etc/haproxy/haproxy.cfg", Config);
        var run = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = image.Root }), ConfLintConfig.Empty, RuleSelection.All);
        Assert.DoesNotContain(run.Diagnostics, d => d.Code == "CL000");
        Assert.Contains(run.Notes, n => n.Contains("'httpclient.retries' is a keyword of HAProxy releases after 2.6", StringComparison.Ordinal));

        using var debian = new TempTree()
            .Write("etc/haproxy/haproxy.cfg", Config)
            .Write("var/lib/dpkg/status", "Package: haproxy\nStatus: install ok installed\nVersion: 2.6.12-1+deb12u1\n\n");
        var found = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = debian.Root }), ConfLintConfig.Empty, RuleSelection.All)
            .Diagnostics.Where(d => d.Code == "CL000").Select(d => d.Message).ToList();
        Assert.Equal(2, found.Count);
        Assert.Contains(found, m => m.EndsWith("unknown keyword 'tune.h2.fe.max-total-streams' in 'global' section", StringComparison.Ordinal));
        if (HostTools.Exists("haproxy"))
        {
            var (exit, output) = HostTools.Run(debian.Root, "haproxy", "-c", "-f", debian.Path("etc/haproxy/haproxy.cfg"));
            Assert.True(exit == 1 && output.Contains("unknown keyword 'httpclient.retries'", StringComparison.Ordinal), output);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Haproxy_keywords_are_judged_as_haproxy_does(string config, string verdict, string? message)
    {
        using var tree = new TempTree().Write("etc/haproxy/haproxy.cfg", config);
        var found = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All)
            .Diagnostics.Where(d => d.Code == "CL000").ToList();
        if (message is null)
        {
            Assert.Empty(found);
        }
        else
        {
            var finding = Assert.Single(found);
            Assert.EndsWith(message, finding.Message, StringComparison.Ordinal);
            Assert.Equal(verdict, finding.Severity.Name());
        }

        if (HostTools.Exists("haproxy"))
        {
            var (exit, output) = HostTools.Run(tree.Root, "haproxy", "-c", "-f", tree.Path("etc/haproxy/haproxy.cfg"));
            // 2: no error but no listener, so it would not start; 1: errors.
            Assert.True((exit == 1) == (verdict == "error"), $"haproxy -c exits {exit} where ConfLint says {verdict}:\n{output}");
            Assert.True(verdict != "warning" || output.Contains("[WARNING]", StringComparison.Ordinal), output);
        }
    }

    /// <summary>Files no service names are read one by one: a backend's fcgi-app may be in another file that the same
    /// haproxy reads (<c>-f FOLDER</c>), so its name is looked up only where the unit says which files go together.</summary>
    [Fact]
    public void An_fcgi_app_in_another_file_is_looked_up_where_the_unit_says_the_files_are_read_together()
    {
        const string Backend = Defaults + "backend app\n    use-fcgi-app php\n    server a 127.0.0.1:9000 proto fcgi\n";
        const string App = "fcgi-app php\n    docroot /var/www\n    index index.php\n";
        using var unit = new TempTree().Write("etc/haproxy/conf.d/10-app.cfg", Backend).Write("etc/haproxy/conf.d/20-php.cfg", App)
            .Write("etc/systemd/system/haproxy.service", "[Service]\nExecStart=/usr/sbin/haproxy -Ws -f /etc/haproxy/conf.d/10-app.cfg\n");
        var found = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = unit.Root }), ConfLintConfig.Empty, RuleSelection.All)
            .Diagnostics.Where(d => d.Code == "CL000").Select(d => d.Message).ToList();
        Assert.Equal(["proxy 'app' : fcgi-app 'php' not found."], found);

        using var both = new TempTree().Write("etc/haproxy/conf.d/10-app.cfg", Backend).Write("etc/haproxy/conf.d/20-php.cfg", App)
            .Write("etc/systemd/system/haproxy.service", "[Service]\nExecStart=/usr/sbin/haproxy -Ws -f /etc/haproxy/conf.d\n");
        Assert.DoesNotContain(Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = both.Root }), ConfLintConfig.Empty, RuleSelection.All).Diagnostics, d => d.Code == "CL000");
        if (HostTools.Exists("haproxy"))
        {
            var (exit, output) = HostTools.Run(both.Root, "haproxy", "-c", "-f", both.Path("etc/haproxy/conf.d"));
            Assert.True(exit != 1, output);
            (exit, output) = HostTools.Run(unit.Root, "haproxy", "-c", "-f", unit.Path("etc/haproxy/conf.d/10-app.cfg"));
            Assert.True(exit == 1 && output.Contains("fcgi-app 'php' not found", StringComparison.Ordinal), output);
        }
    }

    [Fact]
    public void The_table_places_new_lines_where_haproxy_reads_them()
    {
        var table = HaproxyKeywordTable.Instance;
        Assert.True(table.Allows("tune.bufsize", "global"));
        Assert.False(table.Allows("tune.bufsize", "backend"));
        Assert.True(table.Allows("timeout server", "defaults"));
        Assert.False(table.Allows("server", "frontend"));
        Assert.True(table.Allows("parse-resolv-conf", "resolvers"));
        Assert.False(table.Allows("acl", "defaults"));
        Assert.True(table.Allows("acl", "defaults", named: true));
    }
}
