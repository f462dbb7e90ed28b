using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>One nginx server proxying to another server of the same nginx, the two ports drifted apart (LibreTime's
/// installer renders its site to <c>listen 8081</c> from its <c>.env</c>, the TLS site in front still sends to
/// <c>localhost:8080</c>: every request refused, a 502). CL001 names the other server as the back end meant where the
/// configuration ties them (the same server_name, a file named for the site, the same root, or the host's only such
/// server with nothing else left unreached), and stays silent without a tie, for the proxying server's own listen, and
/// where a listen takes the target. A listen takes a connection as the kernel does: 127.0.0.1 not ::1, 0.0.0.0 IPv4 only,
/// [::] IPv6 only unless <c>ipv6only=off</c> (nginx's default since 1.3.4).</summary>
public class NginxNeighbourServerTests
{
    private const string Main = "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n";

    private static string Front(string name, string target, string more = "") =>
        "server {\n    listen 80;\n" + more + "    server_name " + name + ";\n    location / {\n        proxy_pass http://" + target + "/;\n    }\n}\n";

    private static string Back(string listens, string rest = "    root /srv/app/public;\n") =>
        "server {\n" + listens + rest + "    location / {\n        try_files $uri /index.html;\n    }\n}\n";

    private static TempTree Tree(params (string File, string Text)[] sites)
    {
        var tree = new TempTree().Write("etc/nginx/nginx.conf", Main);
        foreach (var (file, text) in sites)
        {
            tree.Write("etc/nginx/sites-enabled/" + file, text);
        }

        return tree;
    }

    private static CliRunner.Output Lint(TempTree tree) => CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");

    /// <summary>LibreTime: the site's file is named for the front site's name; the fix points it at the port the server
    /// listens on, and after it nothing is reported.</summary>
    [Fact]
    public void A_proxy_to_the_port_a_site_left_is_pointed_at_its_server()
    {
        using var tree = Tree(
            ("libretime.example.org.conf", Front("libretime.example.org", "localhost:8080")),
            ("libretime.conf", Back("    listen 8081;\n    listen [::]:8081;\n", "    root /usr/share/libretime/legacy/public;\n")));
        var lint = Lint(tree);
        Assert.Contains("etc/nginx/sites-enabled/libretime.example.org.conf:5:20: error CL001 [*] proxy_pass http://localhost:8080/: nothing on this host listens there", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("Point proxy_pass at 127.0.0.1:8081 (nginx's server at etc/nginx/sites-enabled/libretime.conf:1: its file etc/nginx/sites-enabled/libretime.conf is named for 'libretime.example.org'", lint.Stdout, StringComparison.Ordinal);

        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.Equal(0, fix.ExitCode);
        Assert.Contains("proxy_pass http://127.0.0.1:8081/;", File.ReadAllText(tree.Path("etc/nginx/sites-enabled/libretime.example.org.conf")), StringComparison.Ordinal);
        Assert.DoesNotMatch(@": \w+ CL001", Lint(tree).Stdout);
    }

    [Theory]
    [InlineData("    server_name app.example.com;\n    root /srv/other;\n", "'app.example.com' is the server_name of nginx's server at etc/nginx/sites-enabled/b:1 too")]
    [InlineData("    root /srv/app/public;\n", "both servers serve /srv/app/public")]
    public void A_server_tied_by_name_or_root_is_the_one_meant(string rest, string evidence)
    {
        using var tree = Tree(("a", Front("app.example.com", "127.0.0.1:8080", "    root /srv/app/public;\n")), ("b", Back("    listen 127.0.0.1:8081;\n", rest)),
            ("c", Back("    listen 127.0.0.1:9000;\n", "    root /srv/other;\n")));
        var lint = Lint(tree);
        Assert.Matches(@"etc/nginx/sites-enabled/a:6:\d+: error CL001 \[\*\]", lint.Stdout);
        Assert.Contains($"Point proxy_pass at 127.0.0.1:8081 (nginx's server at etc/nginx/sites-enabled/b:1: {evidence})", lint.Stdout, StringComparison.Ordinal);
    }

    /// <summary>No tie (other names, folders and file names, two such servers), the proxying server's own port, a status
    /// page or a server on every address (a site of its own on another port) as the only such server, a socket target
    /// beside a server tied by name: nothing is said at warning or error, and no fix.</summary>
    [Theory]
    [InlineData("two")]
    [InlineData("own")]
    [InlineData("status")]
    [InlineData("public")]
    [InlineData("socket")]
    public void Without_a_tie_no_server_is_offered(string variant)
    {
        using var tree = variant switch
        {
            "status" => Tree(("a", Front("shop.example.net", "127.0.0.1:8080")), ("b", Back("    listen 127.0.0.1:8081;\n", "    location /nginx_status {\n        stub_status;\n    }\n"))),
            "own" => Tree(("shop", Front("shop.example.net", "127.0.0.1:8080", "    listen 8081;\n    root /srv/shop;\n"))),
            "public" => Tree(("a", Front("shop.example.net", "127.0.0.1:8080")), ("b", Back("    listen 8081;\n", "    root /srv/blog;\n"))),
            "socket" => Tree(("a", Front("shop.example.net", "unix:/run/varnish/shop.sock:")), ("b", Back("    listen 127.0.0.1:8081;\n", "    server_name shop.example.net;\n"))),
            _ => Tree(("a", Front("shop.example.net", "127.0.0.1:8080")), ("b", Back("    listen 127.0.0.1:8081;\n", "    root /srv/blog;\n")), ("c", Back("    listen 127.0.0.1:8082;\n", "    root /srv/wiki;\n"))),
        };
        var lint = Lint(tree);
        Assert.DoesNotContain("error CL001", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("nginx's server at", lint.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The host's only nginx server on a port of its own, reached by no proxy, with no other back end left: the
    /// one meant as far as the root shows, but only by elimination (an internal admin page on the loopback fits as well),
    /// so the fix is offered unsafe and <c>fix</c> leaves the site alone; <c>--unsafe-fixes</c> applies it.</summary>
    [Fact]
    public void The_only_server_left_is_the_one_meant_but_not_certainly()
    {
        using var tree = Tree(("a", Front("shop.example.net", "127.0.0.1:8080")), ("b", Back("    listen 127.0.0.1:8081;\n", "    root /srv/blog;\n")));
        var lint = Lint(tree);
        Assert.Matches(@"etc/nginx/sites-enabled/a:5:\d+: error CL001 \[\*\] proxy_pass", lint.Stdout);
        Assert.Contains("Point proxy_pass at 127.0.0.1:8081 (nginx's server at etc/nginx/sites-enabled/b:1: it is the host's only nginx server on a port of its own", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("another remedy may be meant", lint.Stdout, StringComparison.Ordinal);

        CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("proxy_pass http://127.0.0.1:8080/;", File.ReadAllText(tree.Path("etc/nginx/sites-enabled/a")), StringComparison.Ordinal);
        CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001", "--unsafe-fixes");
        Assert.Contains("proxy_pass http://127.0.0.1:8081/;", File.ReadAllText(tree.Path("etc/nginx/sites-enabled/a")), StringComparison.Ordinal);
    }

    /// <summary>Listens that take the target: the same port on every IPv4 address, a localhost target where 127.0.0.1
    /// listens, [::] with ipv6only=off for 127.0.0.1. CL001 says nginx listens there.</summary>
    [Theory]
    [InlineData("127.0.0.1:8081", "    listen 8081;\n")]
    [InlineData("localhost:8081", "    listen 127.0.0.1:8081;\n")]
    [InlineData("localhost:8081", "    listen [::1]:8081;\n")]
    [InlineData("127.0.0.1:8081", "    listen [::]:8081 ipv6only=off;\n")]
    [InlineData("[::1]:8081", "    listen [::]:8081;\n")]
    public void A_listen_that_takes_the_target_leaves_it_unjudged(string target, string listen)
    {
        using var tree = Tree(("app.conf", Front("app.example.com", target)), ("app-backend.conf", Back(listen, "    server_name app.example.com;\n")));
        var lint = Lint(tree);
        Assert.DoesNotMatch(@": \w+ CL001", lint.Stdout);
        Assert.Contains("nginx listens there itself (etc/nginx/sites-enabled/app-backend.conf:2)", lint.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A listen of the other family refuses the connection (ECONNREFUSED): 127.0.0.1 for ::1, IPv4's wildcard for
    /// ::1, [::] (IPV6_V6ONLY on) for 127.0.0.1. Judged, and the fix points where the server does take it.</summary>
    [Theory]
    [InlineData("[::1]:8081", "    listen 127.0.0.1:8081;\n", "127.0.0.1:8081")]
    [InlineData("[::1]:8081", "    listen 8081;\n", "127.0.0.1:8081")]
    [InlineData("127.0.0.1:8081", "    listen [::]:8081;\n", "[::1]:8081")]
    public void A_listen_of_the_other_family_is_judged(string target, string listen, string fixedTo)
    {
        using var tree = Tree(("app.conf", Front("app.example.com", target)), ("app-backend.conf", Back(listen, "    server_name app.example.com;\n")));
        var lint = Lint(tree);
        Assert.Matches(@"etc/nginx/sites-enabled/app.conf:5:\d+: error CL001 \[\*\] proxy_pass " + System.Text.RegularExpressions.Regex.Escape("http://" + target + "/") + ": nothing on this host listens there", lint.Stdout);
        Assert.Contains($"Point proxy_pass at {fixedTo} (nginx's server at etc/nginx/sites-enabled/app-backend.conf:1: 'app.example.com' is the server_name", lint.Stdout, StringComparison.Ordinal);
    }
}
