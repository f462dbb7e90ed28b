using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>nginx in front of the host's own Apache, the two ports drifted apart (Apache moved to 8081, nginx still sends
/// to 8080: every request refused, a 502). CL001 names Apache as the back end meant only where the configuration ties
/// them: a <c>&lt;VirtualHost&gt;</c> on Apache's port whose ServerName or ServerAlias is the nginx server's name, or whose
/// DocumentRoot is the folder nginx serves. Without such a tie, in an inactive section, or where the same nginx server
/// already sends its other requests to Apache, it says nothing. The configurations are ones <c>apache2 -t</c> and
/// <c>nginx -t</c> of this machine accept, before and after the fix.</summary>
public class ApacheBehindNginxTests
{
    private static string Nginx(string name, string root, string api = "") =>
        "events {}\nhttp {\n    server {\n        listen 80;\n        server_name " + name + ";\n        root " + root + ";\n"
        + "        location / {\n            proxy_pass http://127.0.0.1:8080;\n        }\n" + api + "    }\n}\n";

    private static string Apache(string listen, string name, string root, bool inactive = false) =>
        "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nErrorLog /dev/null\nServerName localhost\n"
        + (inactive ? "<IfDefine NOPE>\n" : string.Empty) + "Listen 127.0.0.1:" + listen + "\n" + (inactive ? "</IfDefine>\n" : string.Empty)
        + "<VirtualHost 127.0.0.1:" + listen + ">\n    ServerName " + name + "\n    ServerAlias www." + name + "\n    DocumentRoot " + root + "\n</VirtualHost>\n";

    private static TempTree Tree(string nginx, string apache) => new TempTree()
        .Write("etc/nginx/nginx.conf", nginx)
        .Write("etc/apache2/apache2.conf", apache)
        .Write("etc/systemd/system/admin.service", "[Service]\nUser=www-data\nWorkingDirectory=/srv/admin\nExecStart=/srv/admin/venv/bin/gunicorn --bind 127.0.0.1:5000 admin:app\nRestart=on-failure\n");

    [Theory]
    [InlineData("blog.example.net", "/srv/other", "'blog.example.net' is the ServerName of Apache's <VirtualHost> on port 8081 (etc/apache2/apache2.conf:5)")]
    [InlineData("www.blog.example.net", "/srv/other", "'www.blog.example.net' is the ServerAlias of Apache's <VirtualHost> on port 8081 (etc/apache2/apache2.conf:5)")]
    [InlineData("shop.example.net", "/var/www/blog", "the server serves /var/www/blog, the DocumentRoot of Apache's <VirtualHost> on port 8081 (etc/apache2/apache2.conf:5)")]
    public void A_proxy_to_the_port_apache_left_is_pointed_at_the_port_it_listens_on(string nginxName, string nginxRoot, string evidence)
    {
        using var tree = Tree(Nginx(nginxName, nginxRoot), Apache("8081", "blog.example.net", "/var/www/blog"));
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("etc/nginx/nginx.conf:8:24: error CL001 [*] proxy_pass http://127.0.0.1:8080: nothing on this host listens there (Apache listens on 127.0.0.1:8081)", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Point proxy_pass at 127.0.0.1:8081 (Apache: {evidence})", lint.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, lint.ExitCode);
        DaemonsAccept(tree);

        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.Equal(0, fix.ExitCode);
        Assert.Contains("proxy_pass http://127.0.0.1:8081;", File.ReadAllText(tree.Path("etc/nginx/nginx.conf")), StringComparison.Ordinal);
        Assert.DoesNotContain("CL001", CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001").Stdout, StringComparison.Ordinal);
        DaemonsAccept(tree);
    }

    /// <summary>No tie: other names and folders; a catch-all name on both sides; both servers' package default folder.</summary>
    [Theory]
    [InlineData("shop.example.net", "/srv/shop", "blog.example.net", "/var/www/blog")]
    [InlineData("localhost", "/srv/shop", "localhost", "/var/www/blog")]
    [InlineData("_", "/srv/shop", "_", "/var/www/blog")]
    [InlineData("shop.example.net", "/var/www/html", "blog.example.net", "/var/www/html")]
    public void Without_a_tie_apache_is_not_offered(string nginxName, string nginxRoot, string apacheName, string apacheRoot)
    {
        using var tree = Tree(Nginx(nginxName, nginxRoot), Apache("8081", apacheName, apacheRoot));
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.DoesNotContain("Apache", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", lint.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listen_in_an_inactive_section_is_not_offered()
    {
        using var tree = Tree(Nginx("blog.example.net", "/var/www/blog"), Apache("8081", "blog.example.net", "/var/www/blog", inactive: true));
        Assert.DoesNotContain("Apache listens", CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001").Stdout, StringComparison.Ordinal);
    }

    /// <summary>The site goes to Apache, /api to a program ConfLint does not read: the shared server name does not make
    /// Apache the answer for /api.</summary>
    [Fact]
    public void A_server_that_already_reaches_apache_is_not_tied_to_it_for_another_target()
    {
        const string Api = "        location /api/ {\n            proxy_pass http://127.0.0.1:3000;\n        }\n";
        using var tree = Tree(Nginx("blog.example.net", "/var/www/blog", Api), Apache("8080", "blog.example.net", "/var/www/blog"));
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.DoesNotContain("127.0.0.1:3000: nothing on this host listens there (Apache", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", lint.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Apache's own proxy (a VirtualHost handing its requests to Gitea on :3000): its VirtualHost names its own
    /// listen, which is no answer for the program behind it (gitea-go-apache of the corpus).</summary>
    [Fact]
    public void An_apache_front_end_is_never_pointed_at_apache_itself()
    {
        const string Site = "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nErrorLog /dev/null\nServerName localhost\nListen 80\n"
            + "<VirtualHost *:80>\n    ServerName git.example.net\n    ProxyPass / http://127.0.0.1:3000/\n</VirtualHost>\n";
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", Site)
            .Write("etc/systemd/system/admin.service", "[Service]\nUser=www-data\nExecStart=/srv/admin/venv/bin/gunicorn --bind 127.0.0.1:5000 admin:app\n");
        Assert.DoesNotContain("Apache listens", CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001").Stdout, StringComparison.Ordinal);
    }

    private static void DaemonsAccept(TempTree tree)
    {
        if (HostTools.Exists("apache2"))
        {
            var (exit, output) = HostTools.Run(tree.Root, "apache2", "-t", "-d", tree.Path("etc/apache2"), "-f", tree.Path("etc/apache2/apache2.conf"));
            Assert.True(exit == 0, output);
        }

        if (HostTools.Exists("nginx"))
        {
            var (exit, output) = HostTools.Run(tree.Root, "nginx", "-t", "-p", tree.Root, "-c", tree.Path("etc/nginx/nginx.conf"), "-g", "pid /dev/null; error_log stderr;");
            Assert.True(exit == 0, output);
        }
    }
}
