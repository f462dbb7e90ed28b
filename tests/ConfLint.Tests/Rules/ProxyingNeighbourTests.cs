using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001 for a target nothing listens on, where the host's other web server answers for the same site (LedgerSMB's nginx
/// on 443 and a test Apache on 8443, each in front of its own Starman: precision round 41). A web server whose site
/// proxies every request on (<c>ProxyPass /</c>, a catch-all <c>RewriteRule ... [P]</c>, nginx's <c>location /</c>
/// <c>proxy_pass</c> or its <c>try_files</c> fallback) is another front end, never the application the target was meant for;
/// an Apache listener's TLS (<c>SSLEngine on</c>) keeps a plain-HTTP target from moving there safely (mod_ssl answers plain
/// HTTP with 400). A program ConfLint does not read, tied to the site by its working folder, whose <c>--listen</c> names
/// another port is the candidate offered (unsafe). A listen word on another literal address (<c>--listen
/// 192.168.10.21:5763</c>) does not name a target on the loopback: the kernel refuses a connection to an address no socket
/// is bound to, and nginx and mod_proxy try each address of <c>localhost</c> in turn, all refused.
/// </summary>
public class ProxyingNeighbourTests
{
    private static string Nginx(string target) =>
        "events {}\nhttp {\n    server {\n        listen 80;\n        server_name books.example.com;\n        root /srv/ledgersmb/UI;\n"
        + "        location / {\n            proxy_pass http://" + target + ";\n        }\n    }\n}\n";

    private const string ApacheHead = "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n"
        + "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n"
        + "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\nErrorLog /dev/null\nServerName localhost\nListen 8443\n"
        + "<VirtualHost *:8443>\n    ServerName books.example.com\n    DocumentRoot /srv/ledgersmb-1.13/UI\n";

    /// <summary>LedgerSMB's Apache sample: static files served, every other request proxied by mod_rewrite.</summary>
    private const string Rewrite = "    RewriteEngine On\n    RewriteCond %{DOCUMENT_ROOT}%{REQUEST_FILENAME} !-f\n"
        + "    RewriteRule \"^/(.*)\" \"http://localhost:5763/$1\" [P]\n    ProxyPassReverse \"/\" \"http://localhost:5763/\"\n";

    private static string Unit(string folder, string listen) =>
        $"[Service]\nUser=ledgersmb\nWorkingDirectory={folder}\nExecStart=/usr/bin/starman --preload-app --listen {listen} -I lib bin/ledgersmb-server.psgi\nRestart=always\n";

    private static TempTree Tree(string nginxTarget, string proxying, string? production, string test = "localhost:5763")
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx(nginxTarget))
            .Write("etc/apache2/apache2.conf", ApacheHead + proxying + "</VirtualHost>\n")
            .Write("etc/systemd/system/ledgersmb-test_starman.service", Unit("/srv/ledgersmb-1.13", test));
        return production is null ? tree : tree.Write("etc/systemd/system/ledgersmb_starman.service", Unit("/srv/ledgersmb", production));
    }

    /// <summary>Probe 10: the drop-in moved Starman to 5772, nginx still sends to 5762. The Apache virtual host of the same
    /// name proxies every request to its own Starman (and speaks TLS in the root): not the answer. Starman, run from the
    /// folder nginx serves UI/ of, is offered, unsafely (what else it listens on is not read).</summary>
    [Theory]
    [InlineData(Rewrite)]
    [InlineData("    ProxyPass / http://localhost:5763/\n")]
    [InlineData("    <Location />\n        ProxyPass http://localhost:5763/\n    </Location>\n")]
    public void A_proxying_virtual_host_is_not_offered_and_the_tied_program_is(string proxying)
    {
        using var tree = Tree("localhost:5762", proxying, "localhost:5772");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("etc/nginx/nginx.conf:8:24: warning CL001 [*] proxy_pass http://localhost:5762: nothing on this host listens there (service 'ledgersmb_starman.service' listens on 127.0.0.1:5772, command line says '--listen')", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("Point proxy_pass at 127.0.0.1:5772 (service 'ledgersmb_starman.service': the server serves /srv/ledgersmb/UI, in its working folder /srv/ledgersmb", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("8443", lint.Stdout, StringComparison.Ordinal);

        // An unsafe fix is not applied by `fix`.
        CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("proxy_pass http://localhost:5762;", File.ReadAllText(tree.Path("etc/nginx/nginx.conf")), StringComparison.Ordinal);
    }

    /// <summary>Without the program, nothing is left to offer: the proxying virtual host is no candidate at all.</summary>
    [Fact]
    public void A_proxying_virtual_host_alone_is_never_offered()
    {
        using var tree = Tree("localhost:5762", Rewrite, production: null);
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.DoesNotContain("8443", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", lint.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Control: a virtual host that serves the site itself (no proxy) is still the back end meant, and a plain one
    /// is still a safe move (ApacheBehindNginxTests); one with <c>SSLEngine on</c> is offered, never safely: mod_ssl
    /// answers plain HTTP on a TLS port with 400.</summary>
    [Fact]
    public void A_tls_virtual_host_that_serves_the_site_is_offered_unsafely()
    {
        const string Apache = "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n"
            + "ErrorLog /dev/null\nServerName localhost\nListen 127.0.0.1:8081\n<VirtualHost 127.0.0.1:8081>\n    ServerName blog.example.net\n    DocumentRoot /var/www/blog\n"
            + "    SSLEngine on\n    SSLCertificateFile /etc/ssl/certs/ssl-cert-snakeoil.pem\n    SSLCertificateKeyFile /etc/ssl/private/ssl-cert-snakeoil.key\n</VirtualHost>\n";
        const string Nginx = "events {}\nhttp {\n    server {\n        listen 80;\n        server_name blog.example.net;\n        root /srv/other;\n"
            + "        location / {\n            proxy_pass http://127.0.0.1:8080;\n        }\n    }\n}\n";
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx)
            .Write("etc/apache2/apache2.conf", Apache)
            .Write("etc/systemd/system/admin.service", "[Service]\nUser=www-data\nWorkingDirectory=/srv/admin\nExecStart=/srv/admin/venv/bin/gunicorn --bind 127.0.0.1:5000 admin:app\nRestart=on-failure\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("etc/nginx/nginx.conf:8:24: error CL001 [*] proxy_pass http://127.0.0.1:8080: nothing on this host listens there (Apache listens on 127.0.0.1:8081)", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("Apache serves TLS only there (SSLEngine on in its <VirtualHost> on port 8081 (etc/apache2/apache2.conf:9))", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", lint.Stdout, StringComparison.Ordinal);
    }

    /// <summary>nginx's other server of the same name that proxies every request on (its <c>try_files</c> falls back to a
    /// named location with <c>proxy_pass</c>) is not offered; one that serves files itself still is.</summary>
    [Theory]
    [InlineData("try_files $uri @app;", false)]
    [InlineData("proxy_pass http://127.0.0.1:5000;", false)]
    [InlineData("try_files $uri $uri/ =404;", true)]
    public void A_proxying_nginx_server_is_not_offered(string rootLocation, bool offered)
    {
        var nginx = "events {}\nhttp {\n    server {\n        listen 80;\n        server_name blog.example.net;\n        location / {\n            proxy_pass http://127.0.0.1:8080;\n        }\n    }\n"
            + "    server {\n        listen 127.0.0.1:8081;\n        server_name blog.example.net;\n        root /var/www/blog;\n        location / {\n            " + rootLocation + "\n        }\n"
            + "        location @app {\n            proxy_pass http://127.0.0.1:5000;\n        }\n    }\n}\n";
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", nginx)
            .Write("etc/systemd/system/admin.service", "[Service]\nUser=www-data\nWorkingDirectory=/srv/admin\nExecStart=/srv/admin/venv/bin/gunicorn --bind 127.0.0.1:5000 admin:app\nRestart=on-failure\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        if (offered)
        {
            Assert.Contains("Point proxy_pass at 127.0.0.1:8081", lint.Stdout, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("8081", lint.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>The root's seed 2: Starman bound to the LAN address, Apache sending to localhost (127.0.0.1 and ::1, both
    /// refused): an error, and pointing the rule at the LAN address is one remedy of two (unsafe). Probe 14: Starman on
    /// 127.0.0.1 only, nginx sending to [::1].</summary>
    [Fact]
    public void A_listen_on_another_address_does_not_name_the_target()
    {
        using var tree = Tree("localhost:5762", Rewrite, "localhost:5762", test: "192.168.10.21:5763");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("etc/apache2/apache2.conf:13:26: error CL001 [*] RewriteRule http://localhost:5763/$1: nothing on this host listens there (service 'ledgersmb-test_starman.service' listens on 192.168.10.21:5763, command line says '--listen')", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("Point RewriteRule at 192.168.10.21:5763", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("nginx.conf", lint.Stdout, StringComparison.Ordinal);

        using var v6 = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx("[::1]:5762"))
            .Write("etc/systemd/system/ledgersmb_starman.service", Unit("/srv/ledgersmb", "127.0.0.1:5762"));
        var refused = CliRunner.Run("lint", "--root", v6.Root, "--select", "CL001");
        Assert.Contains("etc/nginx/nginx.conf:8:24: error CL001 [*] proxy_pass http://[::1]:5762: nothing on this host listens there (service 'ledgersmb_starman.service' listens on 127.0.0.1:5762, command line says '--listen'); it binds port 5762 on 127.0.0.1 only, and a connection to ::1 does not reach a socket bound to another address", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", refused.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A program ConfLint does not read at an address nothing names (a server binary run with no address word) may
    /// be what listens at the target: the finding stands on the tie, a warning, not an error.</summary>
    [Fact]
    public void A_program_of_unknown_address_leaves_the_listen_elsewhere_a_warning()
    {
        using var tree = Tree("localhost:5762", Rewrite, "localhost:5762", test: "192.168.10.21:5763")
            .Write("etc/systemd/system/reports.service", "[Service]\nUser=ledgersmb\nExecStart=/opt/reports/bin/reports-server\nRestart=always\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("etc/apache2/apache2.conf:13:26: warning CL001 [*] RewriteRule http://localhost:5763/$1: no back end ConfLint reads listens there", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", lint.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Controls: a listen that takes the target's connection (every address, the port alone, localhost, 127.0.0.1
    /// for a localhost target) leaves the target unjudged, as before.</summary>
    [Theory]
    [InlineData("127.0.0.1:5762", "--listen 0.0.0.0:5762")]
    [InlineData("127.0.0.1:5762", "--listen :5762")]
    [InlineData("127.0.0.1:5762", "--port 5762")]
    [InlineData("127.0.0.1:5762", "--listen localhost:5762")]
    [InlineData("127.0.0.1:5762", "--listen [::]:5762")]
    [InlineData("localhost:5762", "--listen 127.0.0.1:5762")]
    [InlineData("[::1]:5762", "--listen localhost:5762")]
    public void A_listen_that_takes_the_connection_leaves_the_target_unjudged(string target, string listen)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx(target))
            .Write("etc/systemd/system/ledgersmb_starman.service", $"[Service]\nUser=ledgersmb\nWorkingDirectory=/srv/ledgersmb\nExecStart=/usr/bin/starman {listen} bin/ledgersmb-server.psgi\nRestart=always\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("CL001 did not judge", lint.Stdout + lint.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warning CL001", lint.Stdout, StringComparison.Ordinal);
    }
}
