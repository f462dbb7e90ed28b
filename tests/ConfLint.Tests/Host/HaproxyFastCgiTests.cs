using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Host.Haproxy;
using ConfLint.Linting;
using ConfLint.Rules.Support;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Host;

/// <summary>HAProxy speaking FastCGI to PHP-FPM (<c>fcgi-app</c>, <c>use-fcgi-app</c>, <c>server ... proto fcgi</c>), and a
/// chrooted HAProxy whose Unix socket server is looked up inside the chroot.</summary>
public sealed class HaproxyFastCgiTests
{
    private const string Global = "global\n    chroot /var/lib/haproxy\n    user haproxy\n    group haproxy\n\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 50s\n    timeout server 50s\n\n";

    private static TempTree Tree(string haproxy, string listen = "127.0.0.1:9000") => new TempTree()
        .Write("etc/haproxy/haproxy.cfg", haproxy)
        .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
        .Write("etc/php/8.2/fpm/pool.d/www.conf", $"[www]\nuser = www-data\ngroup = www-data\nlisten = {listen}\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n");

    private static (List<Diagnostic> Findings, IReadOnlyList<string> Notes) Lint(TempTree tree)
    {
        var run = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All);
        return (run.Diagnostics.Where(d => d.Code == "CL001").ToList(), run.Notes);
    }

    private static string Backend(string app, string routing = "    default_backend php\n") =>
        Global + app + "\nfrontend www\n    bind :80\n" + routing + "\nbackend php\n    use-fcgi-app site\n    server php1 127.0.0.1:9001 proto fcgi\n";

    [Theory]
    [InlineData("fcgi-app site\n    docroot /var/www/site\n    index index.php\n", true)]
    [InlineData("fcgi-app site\n    docroot /var/www/site\n    path-info ^(/.+\\.php)(/.*)?$\n", true)]
    [InlineData("fcgi-app site\n    docroot /var/www/site\n    index index.html\n", false)]
    public void A_fastcgi_server_is_phps_by_the_index_or_path_info_of_its_fcgi_app(string app, bool judged)
    {
        using var tree = Tree(Backend(app));
        var (findings, notes) = Lint(tree);
        if (judged)
        {
            var finding = Assert.Single(findings);
            Assert.Equal(Severity.Error, finding.Severity);
            Assert.Contains("no PHP-FPM pool listens there", finding.Message, StringComparison.Ordinal);
            Assert.Contains("127.0.0.1:9000", finding.Fix!.Title, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(findings);
            Assert.Contains(notes, n => n.Contains("CL001 did not judge 127.0.0.1:9001: neither the address, the index and path-info of the backend's fcgi-app", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("    use_backend php if { path_end .php }\n", true)]
    [InlineData("    acl script path_reg ^/.+\\.php(/.*)?$\n    acl admin src 10.0.0.0/8\n    use_backend php if admin script || folder\n    acl folder path_end /\n", true)]
    [InlineData("    use_backend php unless !{ path_end .php }\n", true)]
    [InlineData("    acl script path_end .php\n    use_backend php if !script\n", false)]
    [InlineData("    acl script path_end .php\n    use_backend php unless script\n", false)]
    [InlineData("    use_backend php if { hdr(host) -i php.example.org }\n", false)]
    [InlineData("    use_backend php if { url_param(php) -m found }\n", false)]
    public void The_path_patterns_of_the_use_backend_lines_say_it_is_php(string routing, bool judged)
    {
        using var tree = Tree(Backend("fcgi-app site\n    docroot /var/www/site\n", routing));
        var (findings, _) = Lint(tree);
        Assert.Equal(judged, findings.Count == 1);
    }

    [Fact]
    public void The_fcgi_app_is_the_backends_own_and_its_docroot_is_the_folder_served()
    {
        using var tree = Tree(Global + "fcgi-app site\n    docroot /var/www/old\n    docroot /var/www/site\n    index index.php\n\nbackend php\n    use-fcgi-app site\n    server php1 127.0.0.1:9000 proto fcgi\n\nbackend plain\n    server web1 127.0.0.1:8080\n");
        var model = HostTrees.Model(tree);
        var instance = model.Haproxy.Single();
        var app = Assert.Single(instance.FcgiApps);
        Assert.Equal("/var/www/site", app.Docroot);
        Assert.Equal("index.php", app.Index);
        Assert.Same(app, instance.Backend("php")!.FcgiApp);
        Assert.Null(instance.Backend("plain")!.FcgiApp);
        var php = model.FrontEnds.Single(f => f.DirectiveName == "server php1");
        Assert.Equal(["/var/www/site"], FrontEndSurroundings.Folders(php));
        Assert.Contains("index.php", FrontEndSurroundings.Patterns(php));
        Assert.Empty(FrontEndSurroundings.Folders(model.FrontEnds.Single(f => f.DirectiveName == "server web1")));
    }

    private static TempTree Chrooted(params string[] unitLines) =>
        Tree(Global + "fcgi-app site\n    docroot /var/www/site\n    index index.php\n\nfrontend www\n    bind :80\n    default_backend php\n\nbackend php\n    use-fcgi-app site\n    server php1 /run/php/php8.2-fpm.sock proto fcgi\n", "/run/php/php8.2-fpm.sock")
            .Service("haproxy.service", "/usr/sbin/haproxy -Ws -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid", unitLines.Prepend("BindReadOnlyPaths=/dev/log:/var/lib/haproxy/dev/log").ToArray());

    [Fact]
    public void A_socket_the_chroot_hides_is_reported_where_the_root_shows_the_chroot_and_nothing_puts_it_there()
    {
        using var tree = Chrooted().Write("var/lib/haproxy/dev/.keep", string.Empty);
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("HAProxy chroots into /var/lib/haproxy before it connects to its servers, so it looks for /var/lib/haproxy/run/php/php8.2-fpm.sock, where nothing listens", finding.Message, StringComparison.Ordinal);
        Assert.Contains("PHP 8.2 pool 'www' creates /run/php/php8.2-fpm.sock outside the chroot", finding.Message, StringComparison.Ordinal);
        Assert.Null(finding.Fix);
        Assert.Equal(2, finding.Related.Count);
    }

    [Theory]
    [InlineData(false, new string[0], "the root does not hold /var/lib/haproxy")]
    [InlineData(true, new[] { "BindPaths=/run/php:/var/lib/haproxy/run/php" }, "haproxy.service binds /run/php over /var/lib/haproxy/run/php (BindPaths=)")]
    [InlineData(true, new[] { "RootDirectory=/srv/jail" }, "haproxy.service runs HAProxy in another root (RootDirectory=, RootImage=)")]
    public void Otherwise_verbose_says_why_it_is_not_judged(bool chrootFolder, string[] unitLines, string why)
    {
        using var tree = Chrooted(unitLines);
        if (chrootFolder)
        {
            tree.Write("var/lib/haproxy/dev/.keep", string.Empty);
        }

        var (findings, notes) = Lint(tree);
        Assert.Empty(findings);
        Assert.Contains(notes, n => n.Contains("CL001 did not judge /run/php/php8.2-fpm.sock: HAProxy chroots into /var/lib/haproxy and looks for the socket there (/var/lib/haproxy/run/php/php8.2-fpm.sock); " + why, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bind_mount_in_fstab_or_a_pool_inside_the_chroot_puts_the_socket_there()
    {
        using var fstab = Chrooted().Write("var/lib/haproxy/dev/.keep", string.Empty).Write("etc/fstab", "# <file system> <mount point> <type> <options>\n/run/php /var/lib/haproxy/run/php none bind 0 0\n");
        Assert.Empty(Lint(fstab).Findings);
        Assert.Contains(Lint(fstab).Notes, n => n.Contains("/etc/fstab mounts /run/php on /var/lib/haproxy/run/php", StringComparison.Ordinal));

        using var inside = Chrooted().Write("var/lib/haproxy/dev/.keep", string.Empty)
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /var/lib/haproxy/run/php/php8.2-fpm.sock\npm = ondemand\npm.max_children = 5\n");
        var (findings, notes) = Lint(inside);
        Assert.Empty(findings);
        Assert.DoesNotContain(notes, n => n.Contains("CL001 did not judge /run/php", StringComparison.Ordinal));
    }

    [Fact]
    public void Verbose_says_which_haproxy_servers_were_not_judged()
    {
        using var tree = new TempTree().Write("etc/haproxy/haproxy.cfg", "defaults\n    mode http\n\nbackend app\n    server off 127.0.0.1:8000 disabled\n    server env \"127.0.0.1:${NOT_SET}\"\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stdout + output.Stderr);
        var all = output.Stdout + output.Stderr;
        Assert.Contains("etc/haproxy/haproxy.cfg:5: CL001 did not judge 127.0.0.1:8000: the server is disabled", all, StringComparison.Ordinal);
        Assert.Contains("etc/haproxy/haproxy.cfg:6: CL001 did not judge ", all, StringComparison.Ordinal);
        Assert.Contains(": the address holds an environment variable ConfLint does not know", all, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_reports_the_chrooted_socket_and_exits_with_a_finding()
    {
        using var tree = Chrooted().Write("var/lib/haproxy/dev/.keep", string.Empty);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("error CL001 server php1 /run/php/php8.2-fpm.sock: HAProxy chroots into /var/lib/haproxy", output.Stdout, StringComparison.Ordinal);
    }
}
