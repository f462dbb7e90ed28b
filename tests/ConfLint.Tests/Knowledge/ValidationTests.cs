using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Knowledge;

public sealed class ValidationTests
{
    private static List<string> Cl000(TempTree tree, ConfLintConfig? config = null) =>
        Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), config ?? ConfLintConfig.Empty, RuleSelection.All)
            .Diagnostics.Where(d => d.Code == "CL000").Select(d => $"{d.Severity.Name()} {d.Location}: {d.Message}").ToList();

    private static TempTree NginxTree(string site) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/shop", site);

    [Fact]
    public void A_listen_without_its_semicolon_before_a_location_is_what_nginx_says()
    {
        using var tree = NginxTree("server {\n    listen 80\n    location / {\n        return 200;\n    }\n}\n");
        var finding = Assert.Single(Cl000(tree));
        // nginx names the line of the "{" that ended the directive (ngx_conf_handler runs once it is read).
        Assert.Equal("error etc/nginx/sites-enabled/shop:3:5: directive \"listen\" is not terminated by \";\"", finding);
    }

    /// <summary>SSL_CTX_set_cipher_list compares names case and all: a list none of whose elements can add a cipher is
    /// "no cipher match" in a server with a certificate; one element that may add is enough, and a word in upper case
    /// OpenSSL may not have is not judged.</summary>
    [Theory]
    [InlineData("eecdh+chacha20:eecdh+aes", "eecdh")]
    [InlineData("high:!aNULL:!MD5", "high")]
    [InlineData("anull+aes:-md5", "anull")]
    [InlineData("HIGH:!anull", null)]
    [InlineData("kEECDH+aECDSA+AESGCM:TLSv1.2:@STRENGTH", null)]
    [InlineData("ecdhe-rsa-aes128-gcm-sha256:NOSUCHCIPHER", null)]
    [InlineData("!aNULL:-md5", null)]
    public void A_cipher_list_written_in_the_wrong_case_is_refused_where_a_server_has_a_certificate(string ciphers, string? word)
    {
        const string Server = "server {\n    listen 443 ssl;\n    ssl_certificate /etc/ssl/site.pem;\n    ssl_certificate_key /etc/ssl/site.key;\n    ssl_ciphers C;\n}\n";
        using var tree = NginxTree(Server.Replace("C;", ciphers + ";", StringComparison.Ordinal));
        var found = Cl000(tree).Where(f => f.Contains("cipher", StringComparison.Ordinal)).ToList();
        if (word is null)
        {
            Assert.Empty(found);
            return;
        }

        var finding = Assert.Single(found);
        Assert.StartsWith($"error etc/nginx/sites-enabled/shop:5:5: SSL_CTX_set_cipher_list(\"{ciphers}\") failed (SSL: no cipher match)", finding);
        Assert.Contains($"no cipher or alias is named '{word}'", finding);

        // Without a certificate no SSL context is made, and nginx takes any list.
        using var plain = NginxTree(Server.Replace("    ssl_certificate /etc/ssl/site.pem;\n    ssl_certificate_key /etc/ssl/site.key;\n", string.Empty, StringComparison.Ordinal)
            .Replace("443 ssl", "80", StringComparison.Ordinal).Replace("C;", ciphers + ";", StringComparison.Ordinal));
        Assert.DoesNotContain(Cl000(plain), f => f.Contains("cipher", StringComparison.Ordinal));
    }

    /// <summary>The walk lends a judged location's level to the next location: what one location set (its root, the
    /// levels inside it) is not seen as set in the next, whose own repeat is still said, at its own line.</summary>
    [Fact]
    public void A_location_judged_after_another_knows_only_its_own_settings()
    {
        using var tree = NginxTree("""
            server {
                listen 80;
                location /a { root /a; location /a/in { root /in; } }
                location /b { root /b; if ($x) { return 404; } }
                location /c { if ($y) { return 403; } root /c; }
                location /d { alias /d/; root /d2; }
                location /e { root /e; }
            }

            """);
        var duplicate = Assert.Single(Cl000(tree), f => f.Contains("duplicate", StringComparison.Ordinal));
        Assert.Equal("error etc/nginx/sites-enabled/shop:6:30: \"root\" directive is duplicate, \"alias\" directive was specified earlier", duplicate);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var tree = NginxTree("""
            upstream empty { keepalive 4; }
            server {
                listen 80 default_server;
                proxy_pas http://x;
                client_max_body_size 10MB;
                location / {
                    if ($x) { proxy_buffer_size 16k; }
                    proxy_buffer_size 64k;
                    root /a;
                    root /b;
                }
            }
            server { listen 80 default_server; }

            """);
        var found = Cl000(tree);
        Assert.Contains(found, f => f.EndsWith("unknown directive \"proxy_pas\" (did you mean \"proxy_pass\"?)", StringComparison.Ordinal));
        Assert.Contains(found, f => f.EndsWith("\"client_max_body_size\" directive invalid value", StringComparison.Ordinal));
        Assert.Contains(found, f => f.EndsWith("\"proxy_buffer_size\" directive is not allowed here", StringComparison.Ordinal));
        Assert.Contains(found, f => f.EndsWith("\"proxy_busy_buffers_size\" must be less than the size of all \"proxy_buffers\" minus one buffer", StringComparison.Ordinal));
        Assert.Contains(found, f => f.EndsWith("\"root\" directive is duplicate", StringComparison.Ordinal));
        Assert.Contains(found, f => f.EndsWith("a duplicate default server for 0.0.0.0:80", StringComparison.Ordinal));
        Assert.Contains(found, f => f.EndsWith("no servers are inside upstream", StringComparison.Ordinal));
        Assert.Equal(7, found.Count);
    }

    [Fact]
    public void Buffer_failures_are_found_below_and_after_locations_that_set_no_buffers()
    {
        // The walk lets a judged location go when it sets no buffer setting and holds no level that does: the check after
        // the walk must still reach the nested and the later ones, and their settings inherited from around them.
        using var tree = NginxTree("""
            server {
                listen 80;
                location /a { return 200; }
                location /b {
                    location /b/c { return 200; }
                    location /b/d { proxy_buffer_size 64k; }
                }
                location /e { if ($request_method = POST) { return 403; } }
                location /f { proxy_buffer_size 64k; }
                location /g { proxy_buffer_size 8k; }
                proxy_buffers 2 4k;
            }

            """);
        var found = Cl000(tree);
        const string Busy = "\"proxy_busy_buffers_size\" must be less than the size of all \"proxy_buffers\" minus one buffer";
        Assert.Equal(
            [$"error etc/nginx/sites-enabled/shop:6:25: {Busy}", $"error etc/nginx/sites-enabled/shop:9:19: {Busy}", $"error etc/nginx/sites-enabled/shop:10:19: {Busy}",
                $"error etc/nginx/sites-enabled/shop:11:5: {Busy}"],
            found);
    }

    [Fact]
    public void What_nginx_accepts_is_not_reported()
    {
        using var tree = NginxTree("""
            map $uri $flag { default 0; ~^/x 1; }
            server {
                listen 80;
                location / {
                    proxy_pass http://127.0.0.1:8000;
                    proxy_buffer_size 16k;
                    proxy_buffers 8 16k;
                    proxy_read_timeout 1h30m;
                    if ($flag) { return 403; }
                    limit_except GET { deny all; }
                    types { text/x a; }
                }
            }

            """);
        Assert.Empty(Cl000(tree));
    }

    [Fact]
    public void The_release_judged_comes_from_the_settings()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/modules-enabled/50-none.conf", "# no modules\n")
            .Write("etc/nginx/sites-enabled/shop", "server {\n    listen 80;\n    http2 on;\n}\n");
        Assert.Empty(Cl000(tree));
        var old = Assert.Single(Cl000(tree, new ConfLintConfig { NginxVersion = new ConfLint.Knowledge.NginxVersion(1, 22, 1) }));
        Assert.EndsWith("unknown directive \"http2\" (not in nginx 1.22.1)", old, StringComparison.Ordinal);
    }

    [Fact]
    public void A_systemd_line_without_equals_is_a_warning_and_the_rest_of_the_unit_is_linted()
    {
        using var tree = new TempTree().Write("etc/systemd/system/app.service",
            "[Unit]\nDescription=app\n[Service]\nRestart on-failure\nExecStart=/usr/bin/app\nRestartSecs=5\n");
        var found = Cl000(tree);
        Assert.Equal(2, found.Count);
        Assert.Contains("warning etc/systemd/system/app.service:4:1: Missing '=', ignoring line.", found);
        Assert.Contains(found, f => f.StartsWith("warning etc/systemd/system/app.service:6:1: Unknown key name 'RestartSecs' in section 'Service', ignoring.", StringComparison.Ordinal));
        Assert.DoesNotContain(found, f => f.StartsWith("error", StringComparison.Ordinal));
    }

    [Fact]
    public void Php_fpm_without_a_pool_and_with_a_bad_pool_is_refused()
    {
        using var tree = new TempTree()
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\nlisten = /run/php/a.sock\npm = dynamic\npm.max_children = 5\npm.start_servers = 9\npm.min_spare_servers = 1\npm.max_spare_servers = 3\npm.max_child = 5\n");
        var found = Cl000(tree);
        Assert.Contains(found, f => f.EndsWith("unknown entry 'pm.max_child'", StringComparison.Ordinal));
        // php-fpm stops at an error while reading (fpm_conf_load_ini_file), before fpm_conf_post_process judges the pool.
        Assert.DoesNotContain(found, f => f.Contains("pm.start_servers(9)", StringComparison.Ordinal));

        using var readable = new TempTree()
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\nlisten = /run/php/a.sock\npm = dynamic\npm.max_children = 5\npm.start_servers = 9\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n");
        Assert.Contains(Cl000(readable), f => f.EndsWith("[pool www] pm.start_servers(9) must not be less than pm.min_spare_servers(1) and not greater than pm.max_spare_servers(3)", StringComparison.Ordinal));
    }

    /// <summary>A pool file mounted into the php image's php-fpm.d continues the image's [www] (the image's www.conf has
    /// the process manager): its entries are judged, its pool is not; the same file as the only pool of a host is.</summary>
    [Fact]
    public void A_pool_file_mounted_into_a_container_is_not_judged_whole()
    {
        const string Fragment = "[www]\nlisten = 9001\npm.max_child = 5\n";
        using var tree = new TempTree()
            .Write("compose.yaml", "services:\n  app:\n    image: php:8.3-fpm\n    volumes:\n      - ./php/zzz-port.conf:/usr/local/etc/php-fpm.d/zzz-port.conf:ro\n")
            .Write("php/zzz-port.conf", Fragment);
        var found = Cl000(tree);
        Assert.Contains(found, f => f.EndsWith("unknown entry 'pm.max_child'", StringComparison.Ordinal));
        Assert.DoesNotContain(found, f => f.Contains("[pool www]", StringComparison.Ordinal));

        using var host = new TempTree()
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/zzz-port.conf", Fragment.Replace("pm.max_child = 5\n", string.Empty, StringComparison.Ordinal));
        Assert.Contains(Cl000(host), f => f.Contains("[pool www]", StringComparison.Ordinal));
    }

    /// <summary>serversideup/docker-php keeps an empty placeholder in php-fpm.d: a file of an include folder defines no
    /// pool of its own, and only the file php-fpm starts with must have one.</summary>
    [Fact]
    public void Only_a_main_php_fpm_file_must_define_a_pool()
    {
        using var tree = new TempTree()
            .Write("repo/usr/local/etc/php-fpm.d/zzz-debug.conf", "; an intentionally empty file\n")
            .Write("other/etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\n")
            .Write("webdevops/etc/php/fpm/php-fpm.conf", "[global]\ninclude=/opt/docker/etc/php/fpm/pool.d/*.conf\n");
        List<string> Lint(string path) =>
            Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = [path], WorkingDirectory = tree.Root }), ConfLintConfig.Empty, RuleSelection.All)
                .Diagnostics.Where(d => d.Code == "CL000").Select(d => d.Message).ToList();
        Assert.Empty(Lint("repo"));
        Assert.Contains(Lint("other"), m => m.StartsWith("No pool defined", StringComparison.Ordinal));
        Assert.Empty(Lint("webdevops")); // its pools are in a folder outside the linted paths
    }

    /// <summary>hestiacp's nginx.conf uses $rfc_early_data, which a map in a file its installer copies into conf.d
    /// defines: with that include unread (path mode, outside the linted paths) the variable is not judged.</summary>
    [Fact]
    public void A_variable_an_unread_include_may_define_is_not_judged()
    {
        const string Uses = "events {}\nhttp {\n    proxy_set_header Early-Data $rfc_early_data;\n";
        using var tree = new TempTree()
            .Write("hidden/nginx.conf", Uses + "    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("plain/nginx.conf", Uses + "}\n");
        List<string> Lint(string path) =>
            Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = [path], WorkingDirectory = tree.Root }), ConfLintConfig.Empty, RuleSelection.All)
                .Diagnostics.Where(d => d.Code == "CL000").Select(d => d.Message).ToList();
        Assert.DoesNotContain(Lint("hidden"), m => m.Contains("rfc_early_data", StringComparison.Ordinal));
        Assert.Contains(Lint("plain"), m => m == "unknown \"rfc_early_data\" variable");
    }

    /// <summary>httpd ignores AllowOverride outside &lt;Directory&gt; and says so at start (AH00114, "Useless use of
    /// AllowOverride"), serving as before: info, not a warning (puppet-foreman's assets fragment ships one in
    /// &lt;LocationMatch&gt;); inside &lt;Directory&gt; it is what it should be: nothing.</summary>
    [Fact]
    public void A_useless_allowoverride_is_info_as_httpd_only_notes_it()
    {
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "ServerRoot /etc/apache2\nListen 80\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/sites-enabled/app.conf",
                "<VirtualHost *:80>\n    <LocationMatch \"^/(assets|webpack)\">\n        AllowOverride None\n    </LocationMatch>\n    <Directory /var/www>\n        AllowOverride All\n    </Directory>\n</VirtualHost>\n");
        var found = Cl000(tree).Where(f => f.Contains("AllowOverride", StringComparison.Ordinal)).ToList();
        Assert.Equal(["info etc/apache2/sites-enabled/app.conf:3:9: Useless use of AllowOverride inside <LocationMatch>: httpd ignores it there"], found);
    }

    /// <summary>A lone Apache file (its loaded modules unknown): a one-letter slip from a known directive is a typo,
    /// while mod_ruid2's RGroups, two letters from Group, may be a module's and is not judged.</summary>
    [Fact]
    public void A_lone_apache_file_calls_only_a_one_letter_slip_a_typo()
    {
        using var tree = new TempTree()
            .Write("apache2/sites-available/ruid.conf", "<VirtualHost *:80>\n    RGroups www-data\n</VirtualHost>\n")
            .Write("apache2/sites-available/slip.conf", "<VirtualHost *:80>\n    DocumentRot /var/www\n</VirtualHost>\n");
        var found = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = ["apache2"], WorkingDirectory = tree.Root }), ConfLintConfig.Empty, RuleSelection.All)
            .Diagnostics.Where(d => d.Code == "CL000").Select(d => $"{d.Location}: {d.Message}").ToList();
        Assert.DoesNotContain(found, f => f.Contains("RGroups", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("Invalid command 'DocumentRot'", StringComparison.Ordinal) && f.Contains("did you mean 'DocumentRoot'", StringComparison.Ordinal));
    }

    /// <summary>A certificate, an upstream's servers or a stream server's listen may stand in a file nginx includes and
    /// ConfLint did not read, or in the http block of the nginx.conf around a lone site file: then nothing is said to be
    /// missing. Where every level is read, the same server is refused as nginx refuses it.</summary>
    [Fact]
    public void What_an_unread_include_or_the_http_block_around_a_lone_file_may_set_is_not_called_missing()
    {
        const string Site = "server {\n    listen 443 ssl;\n    include /srv/proxy/ssl.conf;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n";
        const string Bare = "server {\n    listen 443 ssl;\n    ssl_certificate /etc/ssl/certs/site.pem;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n";
        using var repo = new TempTree().Write("proxy-confs/app.subdomain.conf", Site).Write("proxy-confs/bare.conf", Bare)
            .Write("stream/passthrough.conf", "upstream tls_backends {\n    include /srv/proxy/backends.conf;\n}\n");
        var lone = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = ["proxy-confs", "stream"], WorkingDirectory = repo.Root }), ConfLintConfig.Empty, RuleSelection.All);
        Assert.DoesNotContain(lone.Diagnostics, d => d.Code == "CL000");

        // The whole configuration read: the certificate nginx needs is nowhere, and the certificate has no key.
        using var whole = NginxTree(Bare.Replace("listen 443 ssl;\n", "listen 443 ssl;\n    listen 8443 ssl;\n    ssl_certificate_key /etc/ssl/private/site.key;\n", StringComparison.Ordinal)
            .Replace("    ssl_certificate /etc/ssl/certs/site.pem;\n", string.Empty, StringComparison.Ordinal) + Bare.Replace("443", "9443", StringComparison.Ordinal));
        var found = Cl000(whole);
        Assert.Contains(found, f => f.EndsWith("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive (0.0.0.0:443)", StringComparison.Ordinal));
        Assert.Contains(found, f => f.EndsWith("no \"ssl_certificate_key\" is defined for certificate \"/etc/ssl/certs/site.pem\"", StringComparison.Ordinal));

        // The http block includes a folder the deployment fills: the certificate may be there.
        using var unread = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/tls/*.conf;\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/shop", Site.Replace("    include /srv/proxy/ssl.conf;\n", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain(Cl000(unread), f => f.Contains("ssl_certificate", StringComparison.Ordinal));

        // An include at the main level (Debian's modules-enabled, absent here) brings main-level directives only: the
        // missing certificate is still refused.
        using var modules = new TempTree()
            .Write("etc/nginx/nginx.conf", "include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/shop", Site.Replace("    include /srv/proxy/ssl.conf;\n", string.Empty, StringComparison.Ordinal));
        Assert.Contains(Cl000(modules), f => f.EndsWith("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive (0.0.0.0:443)", StringComparison.Ordinal));
    }

    private const string ModulesMain = "include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\n    geoip_country /usr/share/GeoIP/GeoIP.dat;\n    server {\n        listen 80;\n        passenger_enabled on;\n    }\n}\n";

    /// <summary>Debian's modules-enabled holds links into /usr/share/nginx/modules-available. A root of /etc alone (a
    /// configuration repository, etckeeper) has the links and not their targets: the modules they load are not known, so
    /// neither a module of the tables (geoip) nor a foreign one (Passenger) is "unknown", and --verbose names the link.</summary>
    [Fact]
    public void A_modules_enabled_link_into_a_folder_the_root_lacks_leaves_the_modules_unknown()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", ModulesMain)
            .Link("etc/nginx/modules-enabled/50-mod-http-geoip.conf", "/usr/share/nginx/modules-available/mod-http-geoip.conf")
            .Link("etc/nginx/modules-enabled/50-mod-http-passenger.conf", "/usr/share/nginx/modules-available/mod-http-passenger.load");
        Assert.Empty(Cl000(tree));
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All);
        Assert.Contains(result.Notes, n => n.Contains("50-mod-http-passenger.conf, a link to /usr/share/nginx/modules-available/mod-http-passenger.load in a folder the root does not hold", StringComparison.Ordinal));
    }

    /// <summary>Where the root holds the links' folder and the target is not there, the link dangles on this server: glob(3)
    /// lists it and nginx fails to open it (one refusal, on the include), and a link that is there loads its module.</summary>
    [Fact]
    public void A_modules_enabled_link_that_surely_dangles_is_refused_on_the_include()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", ModulesMain.Replace("        passenger_enabled on;\n", string.Empty, StringComparison.Ordinal))
            .Write("usr/share/nginx/modules-available/mod-http-geoip.conf", "load_module modules/ngx_http_geoip_module.so;\n")
            .Link("etc/nginx/modules-enabled/50-mod-http-geoip.conf", "/usr/share/nginx/modules-available/mod-http-geoip.conf")
            .Link("etc/nginx/modules-enabled/50-mod-http-passenger.conf", "/usr/share/nginx/modules-available/mod-http-passenger.load");
        var found = Assert.Single(Cl000(tree));
        Assert.StartsWith("error etc/nginx/nginx.conf:1:", found, StringComparison.Ordinal);
        Assert.Contains("50-mod-http-passenger.conf is a link to /usr/share/nginx/modules-available/mod-http-passenger.load, which does not exist", found, StringComparison.Ordinal);
    }

    /// <summary>A site file read alone that loads the modules it adds (searxng's Apache site) stands in a configuration
    /// whose main file loads the rest: its Require and RedirectMatch are not "Invalid command". The main file's own
    /// LoadModule lines are all the modules there are.</summary>
    [Fact]
    public void Apache_modules_count_as_known_only_from_the_main_file()
    {
        const string Site = "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n<Location /search>\n    Require all granted\n    RedirectMatch 308 ^/search$ /search/\n    ProxyPass http://127.0.0.1:8888\n</Location>\n";
        using var repo = new TempTree().Write("templates/etc/apache2/sites-available/search.conf", Site);
        var lone = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = ["templates"], WorkingDirectory = repo.Root }), ConfLintConfig.Empty, RuleSelection.All);
        Assert.DoesNotContain(lone.Diagnostics, d => d.Code == "CL000");

        using var main = new TempTree().Write("etc/apache2/apache2.conf", Site.Replace("<Location", "ServerRoot /etc/apache2\n<Location", StringComparison.Ordinal));
        var found = Cl000(main);
        Assert.Contains(found, f => f.Contains("Invalid command 'Require'", StringComparison.Ordinal) && f.Contains("mod_authz_core is not loaded", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("Invalid command 'RedirectMatch'", StringComparison.Ordinal));
    }

    /// <summary>invoiceninja's php/php-fpm.conf is one pool line that its Dockerfile copies into php-fpm.d: walking the
    /// repository, a file with no section at all is a pool fragment whatever its name; as a server's php-fpm.conf it is
    /// refused.</summary>
    [Fact]
    public void A_sectionless_php_fpm_conf_in_a_repository_is_a_pool_fragment()
    {
        using var repo = new TempTree().Write("debian/php/php-fpm.conf", "pm.max_children = 10\n");
        var walked = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = ["debian"], WorkingDirectory = repo.Root }), ConfLintConfig.Empty, RuleSelection.All);
        Assert.DoesNotContain(walked.Diagnostics, d => d.Code == "CL000");

        using var server = new TempTree().Write("etc/php/8.2/fpm/php-fpm.conf", "pm.max_children = 10\n");
        var found = Cl000(server);
        Assert.Contains(found, f => f.EndsWith("unknown entry 'pm.max_children'", StringComparison.Ordinal));
        // php-fpm stops there, before it looks for a pool.
        Assert.DoesNotContain(found, f => f.Contains("No pool defined", StringComparison.Ordinal));
        using var empty = new TempTree().Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\n");
        Assert.Contains(Cl000(empty), f => f.Contains("No pool defined", StringComparison.Ordinal));
    }

    /// <summary>passbolt's image copies a pool file into Debian's pool.d that adds two settings to <c>[www]</c> (and a
    /// <c>[global]</c> of its own): php-fpm merges it with www.conf's <c>[www]</c>. Read on its own it lacks listen and pm
    /// only because the rest is in a file not read; under its php-fpm.conf with nothing else the pool is refused.</summary>
    [Fact]
    public void A_pool_file_read_on_its_own_lacks_no_setting_another_file_of_its_folder_may_hold()
    {
        const string Fragment = "[global]\nerror_log = /proc/self/fd/2\n\n[www]\ncatch_workers_output = yes\npm.max_childs = 5\n";
        using var repo = new TempTree().Write("conf/php/zz-docker.conf", Fragment);
        var walked = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = ["conf"], WorkingDirectory = repo.Root }), ConfLintConfig.Empty, RuleSelection.All);
        var found = Assert.Single(walked.Diagnostics, d => d.Severity != Severity.Info);
        Assert.EndsWith("unknown entry 'pm.max_childs'", found.Message, StringComparison.Ordinal);
        Assert.Contains(walked.Notes, n => n.Contains("php-fpm stops at an error while reading this configuration", StringComparison.Ordinal));
        Assert.Contains(walked.Notes, n => n.Contains("CL010 did not judge pool 'www': it sets no pm", StringComparison.Ordinal));

        // Its own explicit values are still judged.
        using var explicitValues = new TempTree().Write("conf/php/zz-docker.conf", "[www]\npm = dynamic\npm.max_children = 5\npm.start_servers = 9\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n");
        var refused = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = ["conf"], WorkingDirectory = explicitValues.Root }), ConfLintConfig.Empty, RuleSelection.All);
        Assert.Contains(refused.Diagnostics, d => d.Code == "CL010");

        using var server = new TempTree()
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/zz-docker.conf", Fragment.Replace("pm.max_childs = 5\n", string.Empty, StringComparison.Ordinal));
        var all = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = server.Root }), ConfLintConfig.Empty, RuleSelection.All).Diagnostics;
        Assert.Contains(all, d => d.Code == "CL000" && d.Message.Contains("[pool www] no listen address have been defined!", StringComparison.Ordinal));
        Assert.Contains(all, d => d.Code == "CL010");
    }

    /// <summary>Debian's ports.conf listens on 443 under both <c>&lt;IfModule ssl_module&gt;</c> and
    /// <c>&lt;IfModule mod_gnutls.c&gt;</c> (moodle-docker mounts a copy): read without apache2.conf the loaded modules are
    /// unknown, so the two are not one address listened twice; with the main file loading the module they are.</summary>
    [Fact]
    public void A_listen_repeated_in_ifmodule_sections_of_unknown_modules_is_not_judged()
    {
        const string Ports = "Listen 80\n\n<IfModule ssl_module>\n\tListen 443\n</IfModule>\n\n<IfModule mod_gnutls.c>\n\tListen 443\n</IfModule>\n";
        using var repo = new TempTree().Write("assets/apache2/ports.conf", Ports);
        var walked = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = ["assets"], WorkingDirectory = repo.Root }), ConfLintConfig.Empty, RuleSelection.All);
        Assert.DoesNotContain(walked.Diagnostics, d => d.Code == "CL000");
        Assert.Contains(walked.Notes, n => n.Contains("Listen 443 again", StringComparison.Ordinal));

        using var twice = new TempTree().Write("assets/apache2/ports.conf", "Listen 80\nListen 80\n");
        var plain = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Paths = ["assets"], WorkingDirectory = twice.Root }), ConfLintConfig.Empty, RuleSelection.All);
        Assert.Contains(plain.Diagnostics, d => d.Code == "CL000" && d.Message.StartsWith("Cannot define multiple Listeners", StringComparison.Ordinal));

        using var server = new TempTree()
            .Write("etc/apache2/apache2.conf", "ServerRoot /etc/apache2\nLoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\nInclude ports.conf\n")
            .Write("etc/apache2/ports.conf", "Listen 443\n<IfModule ssl_module>\n\tListen 443\n</IfModule>\n");
        Assert.Contains(Cl000(server), f => f.Contains("Cannot define multiple Listeners", StringComparison.Ordinal));
    }
}
