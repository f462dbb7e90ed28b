using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Knowledge;

/// <summary>
/// What the red-team differential run found CL000 missing or wrongly reporting, one behaviour per test, each checked
/// against the daemon's source (nginx handlers, httpd core.c, mod_headers, mod_rewrite, mod_authz_*, php-src
/// fpm_conf.c).
/// </summary>
public sealed class RedTeamValidationTests
{
    private static List<string> Cl000(TempTree tree, List<string>? notes = null)
    {
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL000", null));
        notes?.AddRange(result.Notes);
        return result.Diagnostics.Where(d => d.Code == "CL000" && d.Severity == Severity.Error).Select(d => $"{d.Location}: {d.Message}").ToList();
    }

    private static TempTree Nginx(string site) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/shop", site);

    private static TempTree Apache(string site, params string[] modules)
    {
        var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "ErrorLog /var/log/apache2/error.log\nIncludeOptional mods-enabled/*.load\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/sites-enabled/shop.conf", site);
        foreach (var module in modules.Concat(["authz_core", "authz_host", "mpm_event"]))
        {
            tree.Write($"etc/apache2/mods-enabled/{module}.load", $"LoadModule {module}_module /usr/lib/apache2/modules/mod_{module}.so\n");
        }

        return tree;
    }

    private static TempTree Fpm(string pool, bool unitRunsAsRoot)
    {
        var tree = new TempTree()
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", pool)
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\n");
        if (unitRunsAsRoot)
        {
            tree.Write("usr/lib/systemd/system/php8.2-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\n");
        }

        return tree;
    }

    [Theory]
    [InlineData("listen 80 80;", "invalid parameter \"80\"")]
    [InlineData("listen 70000;", "invalid port in \"70000\" of the \"listen\" directive")]
    [InlineData("listen 80 backlog=many;", "invalid backlog \"many\"")]
    [InlineData("listen 80;\n    listen 0.0.0.0:80;", "a duplicate listen 0.0.0.0:80")]
    [InlineData("add_header X-A b forever;", "invalid parameter \"forever\"")]
    [InlineData("location / /x { }", "invalid location modifier \"/\"")]
    [InlineData("error_log /var/log/nginx/e.log wxarn;", "invalid log level \"wxarn\"")]
    [InlineData("ssl_session_cache sharxed:SSL:10m;", "invalid session cache \"sharxed:SSL:10m\"")]
    [InlineData("location ~ \\.php$ { proxy_pass http://127.0.0.1:9000/; }", "\"proxy_pass\" cannot have URI part in location given by regular expression, or inside named location, or inside \"if\" statement, or inside \"limit_except\" block")]
    [InlineData("location / { proxy_pass 127.0.0.1:9000; }", "invalid URL prefix in \"127.0.0.1:9000\"")]
    [InlineData("if ($a = b c) { return 403; }", "unexpected \"c\" in condition")]
    [InlineData("limit_req zone=nowhere burst=5 nodelay;", "zero size shared memory zone \"nowhere\"")]
    [InlineData("access_log /var/log/nginx/a.log nosuchformat;", "unknown log format \"nosuchformat\"")]
    [InlineData("location / { proxy_pass http://127.0.0.1; proxy_cache NOPE; }", "\"proxy_cache\" zone \"NOPE\" is unknown")]
    [InlineData("client_body_temp_path /var/lib/nginx/body 2 9 2;", "\"client_body_temp_path\" directive invalid value")]
    [InlineData("listen 80x;", "host not found in \"80x\" of the \"listen\" directive")]
    [InlineData("listen [x::]:443;", "invalid IPv6 address in \"[x::]:443\" of the \"listen\" directive")]
    [InlineData("listen [::]x:80;", "invalid host in \"[::]x:80\" of the \"listen\" directive")]
    [InlineData("listen [::1:80;", "invalid host in \"[::1:80\" of the \"listen\" directive")]
    [InlineData("listen []:8081;", "no host in \"[]:8081\" of the \"listen\" directive")]
    [InlineData("listen [zz]:99999;", "invalid port in \"[zz]:99999\" of the \"listen\" directive")]
    [InlineData("listen 127.0.0.1:8084-8082;", "invalid port range in \"127.0.0.1:8084-8082\" of the \"listen\" directive")]
    [InlineData("listen 0-8081;", "invalid port in \"0-8081\" of the \"listen\" directive")]
    [InlineData("location /a { location /b { } }", "location \"/b\" is outside location \"/a\"")]
    [InlineData("location /x { } location ^~ /x { }", "duplicate location \"/x\"")]
    [InlineData("location / { proxy_pass http://127.0.0.1; proxy_redirect on; }", "invalid parameter \"on\"")]
    [InlineData("deny axll;", "invalid parameter \"axll\"")]
    [InlineData("access_log off log_not_found off;", "invalid parameter \"log_not_found\"")]
    [InlineData("expires 1y 2d;", "\"expires\" directive invalid value")]
    [InlineData("location /php { fastcgi_pass php; }", "no port in upstream \"php\"")]
    [InlineData("return $mutated;", "invalid return code \"$mutated\"")]
    [InlineData("location /a { fastcgi_pass unixx:/run/php-fpm.sock; }", "invalid host in upstream \"unixx:/run/php-fpm.sock\"")]
    [InlineData("location /a { proxy_pass http://unixx:/run/app.sock; }", "invalid port in upstream \"unixx:/run/app.sock\"")]
    [InlineData("location /a { grpc_pass grpcs://app/x; }", "invalid host in upstream \"app/x\"")]
    [InlineData("location /a { proxy_pass https://:8443; }", "no host in upstream \":8443\"")]
    [InlineData("location /a { fastcgi_pass [::g]:9000; }", "invalid IPv6 address in upstream \"[::g]:9000\"")]
    [InlineData("location /a { uwsgi_pass unix:; }", "no path in the unix domain socket in upstream \"unix:\"")]
    public void Nginx_handler_refusals_are_reported(string line, string message)
    {
        using var tree = Nginx($"server {{\n    listen 8080;\n    {line}\n}}\n");
        Assert.Contains(Cl000(tree), f => f.EndsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_address_nginx_cannot_parse_is_refused_once_and_not_taken_for_a_host_by_the_rules()
    {
        // 'unixx:' is no socket: nginx stops at "invalid host"; CL015 must not call 'unixx' an unknown upstream, nor
        // CL001 compare a port "/run/php-fpm.sock" with the pool's socket.
        using var tree = Nginx("server {\n    listen 8080;\n    location ~ \\.php$ {\n        include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        fastcgi_pass unixx:/run/php/php8.2-fpm.sock;\n    }\n}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n");
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All);
        var found = result.Diagnostics.Where(d => d.Severity >= Severity.Warning).Select(d => $"{d.Code} {d.Location}: {d.Message}").ToList();
        Assert.Equal(["CL000 etc/nginx/sites-enabled/shop:6:9: invalid host in upstream \"unixx:/run/php/php8.2-fpm.sock\""], found);
    }

    [Theory]
    [InlineData("add_header X-A $hots;", "unknown \"hots\" variable")]
    [InlineData("location / { proxy_set_header Connection $connection_upgrad; proxy_pass http://127.0.0.1; }", "unknown \"connection_upgrad\" variable")]
    public void Unknown_variables_are_reported(string line, string message)
    {
        using var tree = Nginx($"map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}\nserver {{\n    listen 8080;\n    {line}\n}}\n");
        Assert.Contains(Cl000(tree), f => f.EndsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("add_header X-A \"$host $http_x_forwarded_proto $arg_q $cookie_sid $1 ${request_uri}\";")]
    [InlineData("location ~ ^/(?<section>[a-z]+)/ { add_header X-S $section; }")]
    [InlineData("set $target app; location / { proxy_pass http://$target; }")]
    [InlineData("location ~ \\.php$ { add_header X-A $connection_upgrade; }")]
    [InlineData("error_log /var/log/nginx/$nosuch.log;")]
    public void Known_and_defined_variables_are_not_reported(string line)
    {
        using var tree = Nginx($"map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}\nserver {{\n    listen 8080;\n    {line}\n}}\n");
        Assert.Empty(Cl000(tree));
    }

    [Theory]
    [InlineData("listen 80 default_server reuseport backlog=511 deferred;")]
    [InlineData("listen 127.0.0.1:8082-8084;")]
    [InlineData("listen [::1]:8082-8084;")]
    [InlineData("listen 8082-8084;")]
    [InlineData("location ~ \\.php$ { proxy_pass http://127.0.0.1:9000; }")]
    [InlineData("location @app { proxy_pass http://unix:/run/app.sock; }")]
    [InlineData("if ( $http_user_agent ~ ^DavClnt ) { return 302 /x; }")]
    [InlineData("if (-f $request_filename) { break; }")]
    [InlineData("add_header X-A b always;")]
    [InlineData("error_page 404 =200 /empty.gif;")]
    [InlineData("access_log /var/log/nginx/a.log combined buffer=32k;")]
    [InlineData("ssl_session_cache builtin:1000 shared:SSL:10m;")]
    [InlineData("location /a { uwsgi_pass unix:/run/app.sock:; }")]
    [InlineData("location /a { proxy_pass http://[::1]:8000/x?y; }")]
    [InlineData("location /a { set $u 127.0.0.1:9000; fastcgi_pass $u; }")]
    public void What_the_nginx_handlers_accept_is_not_reported(string line)
    {
        using var tree = Nginx($"server {{\n    listen 8080;\n    {line}\n}}\n");
        Assert.Empty(Cl000(tree));
    }

    [Fact]
    public void A_certificate_is_judged_missing_only_where_its_folder_is_under_the_root()
    {
        using var tree = Nginx("server {\n    listen 443 ssl;\n    ssl_certificate /etc/nginx/ssl/typo.crt;\n    ssl_certificate_key /etc/letsencrypt/live/x/privkey.pem;\n}\n")
            .Write("etc/nginx/ssl/site.crt", "x");
        var notes = new List<string>();
        var found = Cl000(tree, notes);
        Assert.Contains(found, f => f.Contains("cannot load certificate \"/etc/nginx/ssl/typo.crt\"", StringComparison.Ordinal));
        Assert.DoesNotContain(found, f => f.Contains("letsencrypt", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("/etc/letsencrypt/live/x/privkey.pem\" cannot be judged", StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_under_a_slip_of_a_folder_the_tree_holds_is_missing()
    {
        // One letter off a folder beside it, through which the file is there: the folder named does not exist.
        using var tree = Nginx("server {\n    listen 443 ssl;\n    ssl_certificate /etc/nginxx/ssl/site.crt;\n    ssl_certificate_key /etc/nginx/sslx/site.key;\n}\n"
            + "server {\n    listen 8443 ssl;\n    ssl_certificate /etc/nginx/certs/site.crt;\n    ssl_certificate_key /etc/ngx/ssl/site.key;\n}\n")
            .Write("etc/nginx/ssl/site.crt", "x")
            .Write("etc/nginx/ssl/site.key", "x");
        var notes = new List<string>();
        var found = Cl000(tree, notes);

        Assert.Equal(
            [
                "etc/nginx/sites-enabled/shop:3:5: cannot load certificate \"/etc/nginxx/ssl/site.crt\": no such file (its folder /etc/nginxx/ssl does not exist; /etc/nginx/ssl/site.crt does)",
                "etc/nginx/sites-enabled/shop:4:5: cannot load certificate key \"/etc/nginx/sslx/site.key\": no such file (its folder /etc/nginx/sslx does not exist; /etc/nginx/ssl/site.key does)",
            ],
            found);

        // certs/ is no slip of ssl/, and /etc/ngx is two letters from /etc/nginx: either may be kept out of the repository.
        Assert.Contains(notes, n => n.Contains("/etc/nginx/certs/site.crt\" cannot be judged", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("/etc/ngx/ssl/site.key\" cannot be judged", StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_beside_a_file_of_a_name_one_letter_off_is_missing()
    {
        using var tree = Nginx("server {\n    listen 443 ssl;\n    ssl_certificate /etc/nginx/ssl/site.crt;\n    ssl_certificate_key /etc/nginx/ssl/site.xkey;\n}\n")
            .Write("etc/nginx/ssl/site.crt", "x")
            .Write("etc/nginx/ssl/site.key", "x");

        Assert.Equal(
            ["etc/nginx/sites-enabled/shop:4:5: cannot load certificate key \"/etc/nginx/ssl/site.xkey\": no such file (its folder /etc/nginx/ssl has no such entry)"],
            Cl000(tree));
    }

    [Fact]
    public void A_certificate_named_in_the_wrong_case_is_missing()
    {
        using var tree = Nginx("server {\n    listen 443 ssl;\n    ssl_certificate /etc/nginx/ssl/site.crt;\n    ssl_certificate_key /ETC/NGINX/SSL/SITE.KEY;\n}\n")
            .Write("etc/nginx/ssl/site.crt", "x")
            .Write("etc/nginx/ssl/site.key", "x");

        Assert.Equal(
            ["etc/nginx/sites-enabled/shop:4:5: cannot load certificate key \"/ETC/NGINX/SSL/SITE.KEY\": no such file (its folder /ETC/NGINX/SSL does not exist; /etc/nginx/ssl/site.key does)"],
            Cl000(tree));
    }

    [Fact]
    public void A_slip_of_a_tls_group_is_refused_where_the_server_has_a_certificate()
    {
        // nginx applies ssl_ecdh_curve only to a TLS context, made for a server with a certificate; a name unlike every
        // group OpenSSL knows may be a provider's own.
        using var tree = Nginx("server {\n    listen 443 ssl;\n    ssl_certificate /etc/nginx/ssl/site.crt;\n    ssl_certificate_key /etc/nginx/ssl/site.key;\n    ssl_ecdh_curve X25519:secp384xr1;\n}\n"
            + "server {\n    listen 8080;\n    ssl_ecdh_curve X255x19;\n}\n"
            + "server {\n    listen 8443 ssl;\n    ssl_certificate /etc/nginx/ssl/site.crt;\n    ssl_certificate_key /etc/nginx/ssl/site.key;\n    ssl_ecdh_curve x25519:P-256:p256_kyber768:?brainpoolP256r2;\n}\n")
            .Write("etc/nginx/ssl/site.crt", "x")
            .Write("etc/nginx/ssl/site.key", "x");

        Assert.Equal(
            ["etc/nginx/sites-enabled/shop:5:5: SSL_CTX_set1_curves_list(\"X25519:secp384xr1\") failed (group 'secp384xr1' cannot be set; did you mean 'secp384r1'?)"],
            Cl000(tree));
    }

    [Fact]
    public void Without_a_main_error_log_httpd_opens_its_default_under_server_root()
    {
        // Debian's ServerRoot holds no logs folder: an ErrorLog lost from the main server (here in a vhost only) stops httpd.
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "IncludeOptional mods-enabled/*.load\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/mods-enabled/mpm_event.load", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n")
            .Write("etc/apache2/sites-enabled/shop.conf", "<VirtualHost *:80>\n    ErrorLog /var/log/apache2/shop.log\n</VirtualHost>\n");
        using var logs = new TempTree()
            .Write("etc/apache2/apache2.conf", "IncludeOptional mods-enabled/*.load\n")
            .Write("etc/apache2/mods-enabled/mpm_event.load", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n")
            .Write("etc/apache2/logs/README", "x");

        Assert.Equal(
            ["etc/apache2/apache2.conf:1:1: Cannot access directory '/etc/apache2/logs/' for main error log (no ErrorLog is set for the main server: httpd opens its default, logs/error_log under ServerRoot)"],
            Cl000(tree));
        Assert.Empty(Cl000(logs));

        // An include of a folder the tree does not hold may set it.
        using var unread = new TempTree()
            .Write("etc/apache2/apache2.conf", "IncludeOptional mods-enabled/*.load\nIncludeOptional conf-enabled/*.conf\n")
            .Write("etc/apache2/mods-enabled/mpm_event.load", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n");
        Assert.Empty(Cl000(unread));

        // A main ErrorLog to syslog or to a pipe is the main server's log: httpd opens no default then.
        foreach (var target in new[] { "syslog:local1", "syslog", "\"|/usr/bin/rotatelogs /var/log/apache2/error.%Y%m%d 86400\"" })
        {
            using var piped = new TempTree()
                .Write("etc/apache2/apache2.conf", $"ErrorLog {target}\nIncludeOptional mods-enabled/*.load\n")
                .Write("etc/apache2/mods-enabled/mpm_event.load", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n");
            Assert.Empty(Cl000(piped));
        }
    }

    [Fact]
    public void A_certificate_or_generated_file_is_not_judged_where_the_tree_keeps_none_of_its_kind()
    {
        // A repository keeps keys and DH parameters out: a folder that exists but holds no file of the kind proves nothing.
        using var tree = Nginx("server {\n    listen 443 ssl;\n    ssl_certificate /etc/nginx/ssl/site.crt;\n    ssl_certificate_key /etc/nginx/ssl/site.key;\n    ssl_dhparam /etc/nginx/dhparams.pem;\n}\n")
            .Write("etc/nginx/ssl/README", "certificates are installed by the deployment\n");
        var notes = new List<string>();
        Assert.Empty(Cl000(tree, notes));
        Assert.Contains(notes, n => n.Contains("/etc/nginx/dhparams.pem\" cannot be judged: its folder holds no other .pem file", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("/etc/nginx/ssl/site.crt\" cannot be judged", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Options -Indexes +FollowSymLinks Includes", "Either all Options must start with + or -, or no Option may.")]
    [InlineData("Options FollowSymlink", "Illegal option FollowSymlink")]
    [InlineData("AllowOverride Alll", "Illegal override option Alll")]
    [InlineData("Require all grant", "Argument for 'Require all' must be 'granted' or 'denied'")]
    [InlineData("Require ip 127.0.0.1 localhost", "ip address 'localhost' appears to be invalid")]
    [InlineData("Require valid-user", "Unknown Authz provider: valid-user")]
    [InlineData("RewriteRule ^ /x [R=301,LL]", "RewriteRule: unknown flag 'LL'")]
    [InlineData("RewriteRule ^ /x [R=301, L]", "bad flag delimiters: third argument must end with ']' but found ',' - unintended whitespace within the flags definition?")]
    [InlineData("RewriteRule ^ /x [R=3o1]", "RewriteRule: invalid HTTP response code '3o1' for flag 'R'")]
    [InlineData("RewriteCond %{HTTPS} off [NV,ON]", "RewriteCond: unknown flag 'ON'")]
    public void Apache_directory_values_the_handlers_refuse_are_reported(string line, string message)
    {
        using var tree = Apache($"<VirtualHost *:80>\n<Directory /var/www>\n{line}\n</Directory>\n</VirtualHost>\n", "rewrite");
        Assert.Contains(Cl000(tree), f => f.EndsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Header set X-A", "headers", "Header requires three arguments")]
    [InlineData("Header always sett X-A b", "headers", "first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.")]
    [InlineData("Header set X-A b c", "headers", "Unknown parameter: c")]
    [InlineData("HostnameLookups sometimes", "", "parameter must be 'on', 'off', or 'double'")]
    [InlineData("ErrorDocument 999 /x.html", "", "Unsupported HTTP response code 999")]
    [InlineData("SSLCompression", "ssl", "SSLCompression must be On or Off")]
    [InlineData("SSLCertificateFile /etc/apache2/ssl/a.crt /etc/apache2/ssl/b.crt", "ssl", "SSLCertificateFile takes one argument")]
    [InlineData("SSLCertificateFile /etc/apache2/ssl/typo.crt", "ssl", "SSLCertificateFile: file '/etc/apache2/ssl/typo.crt' does not exist or is empty")]
    public void Apache_vhost_values_the_handlers_refuse_are_reported(string line, string module, string message)
    {
        using var tree = Apache($"<VirtualHost *:443>\n{line}\n</VirtualHost>\n", module.Length > 0 ? [module] : [])
            .Write("etc/apache2/ssl/site.crt", "x");
        Assert.Contains(Cl000(tree), f => f.EndsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SSLCompression off off", "ssl")]
    [InlineData("Header always set X-A \"b c\" env=HTTPS", "headers")]
    [InlineData("Header unset X-Powered-By", "headers")]
    [InlineData("Header edit Set-Cookie ^(.*)$ $1;HttpOnly", "headers")]
    [InlineData("RewriteRule ^/?(.*) https://%{SERVER_NAME}/$1 [END,NE,R=permanent]", "rewrite")]
    [InlineData("<IfModule mod_nope.c>\nFrobnicate\n</IfModule>", "")]
    public void What_the_apache_handlers_accept_is_not_reported(string line, string module)
    {
        using var tree = Apache($"<VirtualHost *:443>\n{line}\n</VirtualHost>\n", module.Length > 0 ? [module] : []);
        Assert.Empty(Cl000(tree));
    }

    [Fact]
    public void An_active_ifmodule_left_open_at_the_end_of_a_file_is_taken_and_an_inactive_one_is_not()
    {
        using var open = Apache("<IfModule mod_headers.c>\nHeader set X-A b\n", "headers");
        Assert.Empty(Cl000(open));
        using var inactive = Apache("<IfModule mod_nope.c>\nFrobnicate\n");
        Assert.Contains(Cl000(inactive), f => f.EndsWith("Expected </IfModule> before end of configuration", StringComparison.Ordinal));
    }

    [Fact]
    public void A_macro_used_with_the_wrong_number_of_arguments_is_refused()
    {
        using var tree = Apache("<Macro VHost $name $root>\n<VirtualHost *:80>\nServerName $name\n</VirtualHost>\n</Macro>\nUse VHost a.example\n", "macro");
        Assert.Contains(Cl000(tree), f => f.EndsWith("used with 1 arguments instead of 2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pool_without_user_is_refused_only_when_the_master_runs_as_root()
    {
        const string pool = "[www]\nlisten = /run/php/a.sock\npm = static\npm.max_children = 2\n";
        using (var unprivileged = Fpm(pool, unitRunsAsRoot: false))
        {
            Assert.Empty(Cl000(unprivileged));
        }

        using var root = Fpm(pool, unitRunsAsRoot: true);
        Assert.Contains(Cl000(root), f => f.EndsWith("[pool www] user has not been defined", StringComparison.Ordinal));
    }

    [Fact]
    public void Accounts_are_looked_up_only_for_a_root_master_and_in_the_roots_passwd()
    {
        const string pool = "[www]\nuser = www-dta\ngroup = www-data\nlisten = /run/php/a.sock\nlisten.group = nosuch\npm = static\npm.max_children = 2\n";
        using var root = Fpm(pool, unitRunsAsRoot: true);
        var found = Cl000(root);
        Assert.Contains(found, f => f.EndsWith("[pool www] cannot get uid for user 'www-dta'", StringComparison.Ordinal));
        Assert.Contains(found, f => f.EndsWith("[pool www] cannot get gid for group 'nosuch'", StringComparison.Ordinal));
        using var unprivileged = Fpm(pool, unitRunsAsRoot: false);
        Assert.Empty(Cl000(unprivileged));
    }

    [Theory]
    [InlineData("catch_workers_output = \"yes\"", false)]
    [InlineData("catch_workers_output = \"Yes\"", true)]
    [InlineData("process.priority = 30", true)]
    [InlineData("request_terminate_timeout = 10s\nrequest_slowlog_timeout = 20s\nslowlog = /var/log/slow.log", true)]
    public void Php_fpm_values_are_judged_as_fpm_conf_c_does(string line, bool refused)
    {
        using var tree = Fpm($"[www]\nuser = www-data\nlisten = /run/php/a.sock\npm = static\npm.max_children = 2\n{line}\n", unitRunsAsRoot: true);
        Assert.Equal(refused, Cl000(tree).Count > 0);
    }
}
