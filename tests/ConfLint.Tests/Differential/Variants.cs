namespace ConfLint.Tests.Differential;

/// <summary>One variation of a real configuration: a daemon, a name, and the edit made to the staged tree.</summary>
internal sealed record Variant(string Daemon, string Name, string File, string Marker, string Text)
{
    public override string ToString() => $"{Daemon}: {Name} at {Marker}";
}

/// <summary>
/// The operators' everyday edits, each written at the places it could stand: typos, a missing ';', directives in
/// the wrong block, argument counts, repeats, bad values, default servers, buffer arithmetic, empty upstreams,
/// unloaded modules, pools without listen or user; and harmless edits of the same kinds that the daemons take.
/// The daemon decides which are refused; the test only compares.
/// </summary>
internal static class Variants
{
    public const string NginxSite = "etc/nginx/sites-enabled/shop";
    public const string ApacheSite = "etc/apache2/sites-enabled/shop.conf";
    public const string FpmPool = "etc/php/8.2/fpm/pool.d/www.conf";
    public const string HaproxyConfig = "etc/haproxy/haproxy.cfg";

    public static IEnumerable<Variant> All() => Nginx().Concat(Apache()).Concat(Fpm());

    private static IEnumerable<Variant> Nginx()
    {
        string[] anywhere = ["#@SRV@", "#@LOC@", "#@PHP@", "#@IF@"];
        (string Name, string Text, string[] Markers)[] edits =
        [
            ("nothing", "", ["#@SRV@"]),
            ("comment", "# a note", anywhere),
            ("missing ';' before a block", "listen 8080\n    location /x {\n    }", ["#@SRV@"]),
            ("missing ';' before a directive", "proxy_read_timeout 30s\n    proxy_send_timeout 30s;", ["#@LOC@", "#@SRV@"]),
            ("typo proxy_pas", "proxy_pas http://app;", ["#@LOC@"]),
            ("typo fastcgi_parm", "fastcgi_parm X 1;", ["#@PHP@"]),
            ("typo server_nam", "server_nam a.example;", ["#@SRV@"]),
            ("typo client_max_body_sise", "client_max_body_sise 10m;", ["#@SRV@", "#@LOC@", "#@HTTP@"]),
            ("typo keepalive_timout", "keepalive_timout 5s;", ["#@SRV@", "#@HTTP@"]),
            ("unknown directive", "frobnicate on;", ["#@SRV@", "#@LOC@"]),
            ("proxy_buffer_size in if", "proxy_buffer_size 16k;", ["#@IF@"]),
            ("proxy_buffering in if", "proxy_buffering off;", ["#@IF@"]),
            ("listen in location", "listen 8081;", ["#@LOC@", "#@IF@", "#@HTTP@"]),
            ("server_name in location", "server_name b.example;", ["#@LOC@", "#@HTTP@"]),
            ("location in if", "location /y { }", ["#@IF@"]),
            ("upstream in server", "upstream x { server 127.0.0.1:1; }", ["#@SRV@", "#@LOC@"]),
            ("server in location", "server { }", ["#@LOC@"]),
            ("worker_processes in http", "worker_processes 2;", ["#@HTTP@", "#@SRV@"]),
            ("proxy_pass without argument", "proxy_pass;", ["#@LOC@"]),
            ("root with two arguments", "root /a /b;", ["#@LOC@", "#@SRV@"]),
            ("gzip with two arguments", "gzip on off;", ["#@SRV@", "#@LOC@"]),
            ("return without argument", "return;", ["#@LOC@", "#@IF@"]),
            ("location without a block", "location /z;", ["#@SRV@"]),
            ("proxy_pass with a block", "proxy_pass http://app { }", ["#@LOC@"]),
            ("root twice", "root /srv/a;", ["#@SRV@"]),
            ("alias after root", "alias /srv/b/;", ["#@LOC@", "#@SRV@"]),
            ("proxy_pass twice", "proxy_pass http://app;", ["#@LOC@"]),
            ("client_max_body_size twice", "client_max_body_size 1m;\n    client_max_body_size 2m;", ["#@SRV@", "#@LOC@", "#@HTTP@"]),
            ("size 10MB", "client_max_body_size 10MB;", ["#@SRV@", "#@LOC@", "#@HTTP@"]),
            ("size 1g", "client_max_body_size 1g;", ["#@SRV@"]),
            ("size 512k", "client_max_body_size 512k;", ["#@SRV@", "#@LOC@"]),
            ("time 30x", "proxy_read_timeout 30x;", ["#@LOC@", "#@SRV@"]),
            ("time 1h30m", "proxy_read_timeout 1h30m;", ["#@LOC@"]),
            ("time 500ms", "proxy_connect_timeout 500ms;", ["#@LOC@"]),
            ("time 1y in msec", "proxy_read_timeout 1y;", ["#@LOC@"]),
            ("time 1 h", "proxy_read_timeout \"1h 5s\";", ["#@LOC@"]),
            ("flag yes", "gzip yes;", ["#@SRV@", "#@LOC@", "#@HTTP@"]),
            ("flag ON", "sendfile ON;", ["#@SRV@", "#@HTTP@"]),
            ("flag 1", "tcp_nodelay 1;", ["#@LOC@"]),
            ("number abc", "keepalive_requests abc;", ["#@SRV@", "#@HTTP@"]),
            ("number 1000", "keepalive_requests 1000;", ["#@SRV@"]),
            ("enum bad", "proxy_http_version 3.0;", ["#@LOC@"]),
            ("enum good", "proxy_http_version 1.1;", ["#@LOC@", "#@IF@"]),
            ("bitmask bad", "proxy_next_upstream error sometimes;", ["#@LOC@"]),
            ("bitmask good", "proxy_next_upstream error timeout http_502;", ["#@LOC@"]),
            ("buffers 8 zero", "proxy_buffers 8 0;", ["#@LOC@"]),
            ("buffer size 64k alone", "proxy_buffer_size 64k;", ["#@LOC@", "#@SRV@", "#@HTTP@"]),
            ("buffer size 8k alone", "proxy_buffer_size 8k;", ["#@LOC@", "#@SRV@"]),
            ("buffer size 16k with buffers", "proxy_buffer_size 16k;\n    proxy_buffers 8 16k;", ["#@LOC@", "#@SRV@"]),
            ("one proxy buffer", "proxy_buffers 1 4k;", ["#@LOC@", "#@HTTP@"]),
            ("busy above all buffers", "proxy_busy_buffers_size 64k;", ["#@LOC@", "#@SRV@"]),
            ("busy below one buffer", "proxy_buffers 4 16k;\n    proxy_busy_buffers_size 8k;", ["#@LOC@"]),
            ("fastcgi buffer size 32k", "fastcgi_buffer_size 32k;", ["#@PHP@", "#@SRV@"]),
            ("fastcgi buffers fit", "fastcgi_buffer_size 32k;\n    fastcgi_buffers 16 16k;", ["#@PHP@"]),
            ("uwsgi busy", "uwsgi_busy_buffers_size 1m;", ["#@LOC@", "#@HTTP@"]),
            ("scgi one buffer", "scgi_buffers 1 8k;", ["#@SRV@"]),
            ("max temp file small", "proxy_buffer_size 16k;\n    proxy_buffers 8 16k;\n    proxy_max_temp_file_size 8k;", ["#@LOC@"]),
            ("max temp file zero", "proxy_max_temp_file_size 0;", ["#@LOC@"]),
            ("second default server", "server { listen 80 default_server; server_name other.example; }", ["#@HTTP@"]),
            ("default server elsewhere", "server { listen 8082 default_server; server_name other.example; }", ["#@HTTP@"]),
            ("default for ipv6 twice", "server { listen [::]:80 default_server; }", ["#@HTTP@"]),
            ("listen options twice", "server { listen 80 backlog=100; }\nserver { listen 80 backlog=200; }", ["#@HTTP@"]),
            ("empty upstream", "upstream spare { keepalive 8; }", ["#@HTTP@"]),
            ("upstream with server", "upstream spare { server 127.0.0.1:9000; keepalive 8; }", ["#@HTTP@"]),
            ("server in upstream with weight", "server 127.0.0.1:8001 weight=2;", ["#@UPS@"]),
            ("keepalive in upstream", "keepalive 16;", ["#@UPS@"]),
            ("keepalive twice in upstream", "keepalive 16;\n    keepalive 8;", ["#@UPS@"]),
            ("proxy_pass in upstream", "proxy_pass http://x;", ["#@UPS@"]),
            ("ssl listen without certificate", "server { listen 8443 ssl; server_name s.example; }", ["#@HTTP@"]),
            ("ssl listen with certificate", "server { listen 8443 ssl; ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem; ssl_certificate_key /etc/ssl/private/ssl-cert-snakeoil.key; }", ["#@HTTP@"]),
            ("variables", "set $backend app;\n    add_header X-Backend $backend always;", ["#@LOC@", "#@SRV@"]),
            ("if return", "if ($request_method = POST) { return 405; }", ["#@SRV@", "#@LOC@"]),
            ("limit_except", "limit_except GET { deny all; }", ["#@LOC@"]),
            ("limit_except in server", "limit_except GET { deny all; }", ["#@SRV@"]),
            ("map block", "map $uri $flag { default 0; /x 1; ~^/y 2; }", ["#@HTTP@"]),
            ("map in server", "map $uri $flag2 { default 0; }", ["#@SRV@"]),
            ("types block", "types { text/x-a a; }", ["#@SRV@", "#@LOC@"]),
            ("geo block", "geo $local { default 0; 127.0.0.1 1; }", ["#@HTTP@"]),
            ("split_clients", "split_clients \"${remote_addr}\" $variant { 50% a; * b; }", ["#@HTTP@"]),
            ("exact location", "location = /health { return 204; }", ["#@SRV@", "#@LOC@"]),
            ("named location", "location @fallback { proxy_pass http://app; }", ["#@SRV@"]),
            ("error_page", "error_page 502 503 /50x.html;", ["#@SRV@", "#@LOC@", "#@IF@"]),
            ("expires", "expires 1M;", ["#@LOC@", "#@IF@"]),
            ("keepalive_timeout two", "keepalive_timeout 65 60;", ["#@SRV@", "#@HTTP@"]),
            ("http2 directive", "http2 on;", ["#@SRV@"]),
            ("geoip2 block", "geoip2 /nonexistent.mmdb { $geo_country country iso_code; }", ["#@HTTP@"]),
            ("echo", "echo hello;", ["#@LOC@"]),
            ("include snippet", "include snippets/snakeoil.conf;", ["#@SRV@"]),
            ("include missing", "include /etc/nginx/missing.conf;", ["#@SRV@"]),
            ("stray brace", "}", ["#@HTTP@"]),
            ("quoted", "add_header \"X-A\" \"b c\";", ["#@LOC@"]),
            ("ssl_protocols", "ssl_protocols TLSv1.2 TLSv1.3;", ["#@SRV@", "#@HTTP@"]),
            ("resolver", "resolver 127.0.0.53 valid=30s;", ["#@SRV@", "#@LOC@"]),
            ("resolver twice", "resolver 127.0.0.53;\n    resolver 127.0.0.1;", ["#@SRV@"]),
        ];
        foreach (var (name, text, markers) in edits)
        {
            foreach (var marker in markers)
            {
                yield return new Variant("nginx", name, NginxSite, marker, text);
            }
        }
    }

    private static IEnumerable<Variant> Apache()
    {
        (string Name, string File, string Marker, string Text)[] edits =
        [
            ("nothing", ApacheSite, "#@VH@", ""),
            ("comment", ApacheSite, "#@VH@", "# a note"),
            ("typo ServerNmae", ApacheSite, "#@VH@", "ServerNmae a.example"),
            ("typo DocumentRot", ApacheSite, "#@VH@", "DocumentRot /var/www"),
            ("unknown directive", ApacheSite, "#@DIR@", "Frobnicate On"),
            ("ProxyPass without mod_proxy", ApacheSite, "#@VH@", "ProxyPass / http://127.0.0.1:8000/"),
            ("ProxyPass in IfModule", ApacheSite, "#@VH@", "<IfModule mod_proxy.c>\n  ProxyPass / http://127.0.0.1:8000/\n</IfModule>"),
            ("Header without mod_headers", ApacheSite, "#@VH@", "Header set X-A b"),
            ("Header in IfModule", ApacheSite, "#@VH@", "<IfModule headers_module>\n  Header set X-A b\n</IfModule>"),
            ("RewriteEngine without mod_rewrite", ApacheSite, "#@VH@", "RewriteEngine On"),
            ("duplicate Listen", "etc/apache2/ports.conf", "#@TOP@", "Listen 80"),
            ("other Listen", "etc/apache2/ports.conf", "#@TOP@", "Listen 8080"),
            ("Listen with address", "etc/apache2/ports.conf", "#@TOP@", "Listen 127.0.0.1:8081"),
            ("Listen in vhost", ApacheSite, "#@VH@", "Listen 8082"),
            ("nested VirtualHost", ApacheSite, "#@VH@", "<VirtualHost *:8083>\n</VirtualHost>"),
            ("AllowOverride at top", ApacheSite, "#@TOP@", "AllowOverride None"),
            ("AllowOverride in vhost", ApacheSite, "#@VH@", "AllowOverride None"),
            ("AllowOverride in Directory", ApacheSite, "#@DIR@", "AllowOverride All"),
            ("DocumentRoot in Directory", ApacheSite, "#@DIR@", "DocumentRoot /var/www"),
            ("ServerName in Directory", ApacheSite, "#@DIR@", "ServerName x.example"),
            ("Directory in Directory", ApacheSite, "#@DIR@", "<Directory /tmp>\n</Directory>"),
            ("Directory in Location", ApacheSite, "#@LOC@", "<Directory /tmp>\n</Directory>"),
            ("Location in Location", ApacheSite, "#@LOC@", "<Location /y>\n</Location>"),
            ("Require at top", ApacheSite, "#@TOP@", "Require all granted"),
            ("Require in vhost", ApacheSite, "#@VH@", "Require all granted"),
            ("Require in Location", ApacheSite, "#@LOC@", "Require all granted"),
            ("ServerName two args", ApacheSite, "#@VH@", "ServerName a.example b.example"),
            ("ServerName no arg", ApacheSite, "#@VH@", "ServerName"),
            ("ServerAlias many", ApacheSite, "#@VH@", "ServerAlias a.example b.example c.example"),
            ("KeepAlive maybe", ApacheSite, "#@VH@", "KeepAlive maybe"),
            ("KeepAlive on", ApacheSite, "#@VH@", "KeepAlive on"),
            ("HostnameLookups bad", ApacheSite, "#@TOP@", "HostnameLookups sometimes"),
            ("Timeout two args", ApacheSite, "#@TOP@", "Timeout 30 60"),
            ("Timeout in vhost", ApacheSite, "#@VH@", "Timeout 30"),
            ("LoadModule in vhost", ApacheSite, "#@VH@", "LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so"),
            ("LoadModule headers", ApacheSite, "#@TOP@", "LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n<VirtualHost *:80>\nHeader set X-A b\n</VirtualHost>"),
            ("Alias", ApacheSite, "#@VH@", "Alias /static /var/www/static"),
            ("Redirect", ApacheSite, "#@VH@", "Redirect permanent /old /new"),
            ("Options", ApacheSite, "#@DIR@", "Options -Indexes +FollowSymLinks"),
            ("LogLevel", ApacheSite, "#@VH@", "LogLevel warn"),
            ("SetHandler proxy fcgi", ApacheSite, "#@DIR@", "<FilesMatch \\.php$>\n  SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</FilesMatch>"),
            ("IfDefine inactive", ApacheSite, "#@VH@", "<IfDefine NOPE>\n  Frobnicate\n</IfDefine>"),
            ("IfModule missing inactive", ApacheSite, "#@VH@", "<IfModule mod_nope.c>\n  Frobnicate\n</IfModule>"),
            ("Define and IfDefine", ApacheSite, "#@TOP@", "Define SHOP\n<IfDefine SHOP>\n  ServerAdmin a@b.example\n</IfDefine>"),
            ("ErrorLog in Directory", ApacheSite, "#@DIR@", "ErrorLog /tmp/x.log"),
            ("CustomLog", ApacheSite, "#@VH@", "CustomLog ${APACHE_LOG_DIR}/shop.log combined"),
            ("DirectoryIndex", ApacheSite, "#@DIR@", "DirectoryIndex index.php index.html"),
            ("ProxyTimeout without module", ApacheSite, "#@VH@", "ProxyTimeout 60"),
            ("SSLEngine without ssl", ApacheSite, "#@VH@", "SSLEngine on"),
            ("ServerTokens in vhost", ApacheSite, "#@VH@", "ServerTokens Prod"),
            ("ServerTokens at top", ApacheSite, "#@TOP@", "ServerTokens Prod"),
            ("Limit section", ApacheSite, "#@DIR@", "<Limit POST>\n  Require all denied\n</Limit>"),
            ("Limit at top", ApacheSite, "#@TOP@", "<Limit POST>\n</Limit>"),
        ];
        foreach (var (name, file, marker, text) in edits)
        {
            yield return new Variant("apache", name, file, marker, text);
        }
    }

    private static IEnumerable<Variant> Fpm()
    {
        (string Name, string Marker, string Text)[] edits =
        [
            ("nothing", "#@POOL@", ""),
            ("comment", "#@POOL@", "; a note"),
            ("unknown key", "#@POOL@", "pm.max_child = 5"),
            ("unknown global key", "#@GLOBAL@", "worker_processes = 2"),
            ("typo listen.ownr", "#@POOL@", "listen.ownr = www-data"),
            ("max_children 0", "#@POOL@", "pm.max_children = 0"),
            ("max_children 20", "#@POOL@", "pm.max_children = 20"),
            ("max_children abc", "#@POOL@", "pm.max_children = abc"),
            ("max_children -1", "#@POOL@", "pm.max_children = -1"),
            ("pm dyn", "#@POOL@", "pm = dyn"),
            ("pm static", "#@POOL@", "pm = static"),
            ("pm ondemand", "#@POOL@", "pm = ondemand"),
            ("start above max spare", "#@POOL@", "pm.start_servers = 10"),
            ("min spare 0", "#@POOL@", "pm.min_spare_servers = 0"),
            ("max spare above children", "#@POOL@", "pm.max_spare_servers = 50"),
            ("max spare below min", "#@POOL@", "pm.min_spare_servers = 3\npm.max_spare_servers = 2"),
            ("spares raised with children", "#@POOL@", "pm.max_children = 50\npm.start_servers = 10\npm.min_spare_servers = 5\npm.max_spare_servers = 20"),
            ("spawn rate 0", "#@POOL@", "pm.max_spawn_rate = 0"),
            ("spawn rate 4", "#@POOL@", "pm.max_spawn_rate = 4"),
            ("ondemand idle 0", "#@POOL@", "pm = ondemand\npm.process_idle_timeout = 0"),
            ("ondemand idle 5s", "#@POOL@", "pm = ondemand\npm.process_idle_timeout = 5s"),
            ("events poll with dynamic", "#@GLOBAL@", "events.mechanism = poll"),
            ("ondemand second pool", "#@END@", "[shop]\nuser = www-data\ngroup = www-data\nlisten = /run/php/shop.sock\npm = ondemand\npm.max_children = 2"),
            ("backlog abc", "#@POOL@", "listen.backlog = abc"),
            ("backlog 511", "#@POOL@", "listen.backlog = 511"),
            ("catch_workers_output maybe", "#@POOL@", "catch_workers_output = maybe"),
            ("catch_workers_output yes", "#@POOL@", "catch_workers_output = yes"),
            ("clear_env no", "#@POOL@", "clear_env = no"),
            ("clear_env 0", "#@POOL@", "clear_env = 0"),
            ("terminate 30x", "#@POOL@", "request_terminate_timeout = 30x"),
            ("terminate 60s", "#@POOL@", "request_terminate_timeout = 60s"),
            ("terminate 5m", "#@POOL@", "request_terminate_timeout = 5m"),
            ("slowlog timeout without slowlog", "#@POOL@", "request_slowlog_timeout = 5s"),
            ("slowlog timeout with slowlog", "#@POOL@", "request_slowlog_timeout = 5s\nslowlog = /var/log/php-slow.log"),
            ("ping path relative", "#@POOL@", "ping.path = ping"),
            ("ping path", "#@POOL@", "ping.path = /ping"),
            ("status path relative", "#@POOL@", "pm.status_path = status"),
            ("php_admin_value", "#@POOL@", "php_admin_value[memory_limit] = 256M"),
            ("php_flag bad", "#@POOL@", "php_flag[display_errors] = maybe"),
            ("php_flag off", "#@POOL@", "php_flag[display_errors] = off"),
            ("env", "#@POOL@", "env[PATH] = /usr/local/bin:/usr/bin:/bin"),
            ("log_level verbose", "#@GLOBAL@", "log_level = verbose"),
            ("log_level debug", "#@GLOBAL@", "log_level = debug"),
            ("rlimit_core unlimited", "#@GLOBAL@", "rlimit_core = unlimited"),
            ("rlimit_core lots", "#@GLOBAL@", "rlimit_core = lots"),
            ("emergency interval 1x", "#@GLOBAL@", "emergency_restart_interval = 1x"),
            ("second pool same listen", "#@END@", "[shop]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\npm = static\npm.max_children = 2"),
            ("second pool own listen", "#@END@", "[shop]\nuser = www-data\ngroup = www-data\nlisten = /run/php/shop.sock\npm = static\npm.max_children = 2"),
            ("second pool without listen", "#@END@", "[shop]\nuser = www-data\npm = static\npm.max_children = 2"),
            ("second pool without user", "#@END@", "[shop]\nlisten = /run/php/shop.sock\npm = static\npm.max_children = 2"),
            ("second pool without pm", "#@END@", "[shop]\nuser = www-data\nlisten = /run/php/shop.sock\npm.max_children = 2"),
            ("no pool", "#@NOPOOL@", ""),
            ("listen removed", "#@NOLISTEN@", ""),
        ];
        foreach (var (name, marker, text) in edits)
        {
            yield return new Variant("php-fpm", name, FpmPool, marker, text);
        }
    }
}
