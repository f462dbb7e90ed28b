namespace ConfLint.Tests.Differential;

/// <summary>
/// The sixth round's classes: mod_macro read as httpd reads it (a macro's body judged only where a <c>Use</c> expands it,
/// with its arguments put in; undefined, recursive and miscounted uses; duplicate parameter names), <c>&lt;Else&gt;</c>
/// and <c>&lt;ElseIf&gt;</c> after the last <c>&lt;If&gt;</c> of the same configuration, and the regular expressions
/// both daemons compile with PCRE2 at start (what PCRE2 takes and .NET's Regex does not is taken).
/// </summary>
internal static partial class AgreementCases
{
    private const string MacroModule = "LoadModule macro_module /usr/lib/apache2/modules/mod_macro.so\n";

    /// <summary>nginx.conf's <c>user www-data;</c> line replaced.</summary>
    private static AgreementCase NginxUser(string text, bool refused) =>
        new(new Variant("nginx", text, "etc/nginx/nginx.conf", "user www-data;", text), refused);

    private static IEnumerable<AgreementCase> Expansion()
    {
        // An unused macro's body is text: nothing in it is judged.
        yield return Apache("#@TOP@", MacroModule + "<Macro VHost $name>\nFrobnicate $name\n</Macro>", refused: false);
        yield return Apache("#@TOP@", MacroModule + "<Macro VHost $name>\nFrobnicate $name\n</Macro>\nUse VHost a.example", refused: true);
        yield return Apache("#@TOP@", MacroModule + "<Macro VHost $name $port>\n<VirtualHost *:$port>\nServerName $name\n</VirtualHost>\n</Macro>\nUse VHost a.example 80\nUse vhost b.example 80", refused: false);
        yield return Apache("#@TOP@", MacroModule + "<Macro VHost $name $port>\n<VirtualHost *:$port>\nServerName $name\n</VirtualHost>\n</Macro>\nUse VHost b.example", refused: true);
        yield return Apache("#@TOP@", MacroModule + "<Macro VHost $name>\nServerAlias $name\n</Macro>\nUse Other a.example", refused: true);
        yield return Apache("#@TOP@", MacroModule + "Use VHost a.example", refused: true);
        yield return Apache("#@TOP@", MacroModule + "<Macro A $x>\nUse A $x\n</Macro>\nUse A 1", refused: true);
        yield return Apache("#@TOP@", MacroModule + "<Macro A $x $x>\nServerAdmin $x\n</Macro>", refused: true);
        yield return Apache("#@TOP@", MacroModule + "<Macro A $x>\nServerAdmin $x\n</Macro>\nUndefMacro A\nUse A 1", refused: true);
        yield return Apache("#@TOP@", MacroModule + "<Macro A $port>\nListen $port\n</Macro>\nUse A 8081\nUse A 8081", refused: true);
        yield return Apache("#@TOP@", MacroModule + "<Macro A $port>\nListen $port\n</Macro>\nUse A 8081\nUse A 8082", refused: false);
        yield return Apache("#@VH@", "ServerAlias www.shop.example", refused: false);
        yield return Apache("#@TOP@", "ServerAlias www.shop.example", refused: true);
        yield return Apache("#@TOP@", "<Macro A>\n</Macro>", refused: true);

        // ap_add_if_conf: <Else>/<ElseIf> after the last <If> or <ElseIf> added to the same configuration.
        yield return Apache("#@DIR@", "<Else>\n</Else>", refused: true);
        yield return Apache("#@LOC@", "<If \"true\">\n</If>\n<ElseIf \"false\">\n</ElseIf>\n<Else>\n</Else>", refused: false);
        yield return Apache("#@VH@", "<If \"true\">\n</If>\nServerAdmin a@b.example\n<Else>\n</Else>", refused: false);
        yield return Apache("#@VH@", "<If \"true\">\n</If>\n<Else>\n</Else>\n<Else>\n</Else>", refused: true);
        yield return Apache("#@VH@", "<If \"true\">\n</If>\n<Directory /srv>\n<ElseIf \"true\">\n</ElseIf>\n</Directory>", refused: true);
        yield return Apache("#@VH@", "<If \"true\">\n</If>\n<Else x>\n</Else>", refused: true);

        // ap_build_config_sub reads a '<Name' line with nothing after the name as '<Name>'.
        yield return Apache("#@VH@", "<If \"true\">\n</If>\n<Else\n</Else>", refused: false);
        yield return Apache("#@VH@", "<If \"true\">\n</If\n<Else>\n</Else>", refused: true);

        // ap_expr's scanner: strings, variables and regular expressions left open, parentheses that do not pair.
        yield return Apache("#@VH@", "<If \"(%{REQUEST_URI} == '/a'\">\n</If>", refused: true);
        yield return Apache("#@VH@", "<If \"%{REQUEST_URI} == '/a\">\n</If>", refused: true);
        yield return Apache("#@VH@", "<If \"%{REQUEST_URI} =~ m#^/a(#\">\n</If>", refused: true);
        yield return Apache("#@VH@", "<If \"%{REQUEST_URI} =~ /^\\/a/\">\n</If>", refused: true);
        yield return Apache("#@VH@", "<If \"%{HTTP_HOST} == 'a' and %{HTTP:X-Foo} -strmatch 'b*' || tolower(%{REQUEST_URI}) =~ m#^/(?|a|b)++$#i\">\n</If>", refused: false);

        // mod_ssl's SSLEngine words; nginx's user looked up by a master that runs as root (Debian's unit), its group too.
        const string Ssl = "LoadModule socache_shmcb_module /usr/lib/apache2/modules/mod_socache_shmcb.so\nLoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n";
        yield return Apache("#@TOP@", Ssl + "SSLEngine yes", refused: true);
        yield return Apache("#@TOP@", Ssl + "SSLEngine off", refused: false);
        yield return NginxUser("user nobody;", refused: true);
        yield return NginxUser("user www-data-x;", refused: true);
        yield return NginxUser("user nobody nogroup;", refused: false);
        yield return NginxUser("user www-data;", refused: false);

        // SSL_CTX_set_cipher_list in a server with a certificate: OpenSSL's names are case-sensitive, and a list none of
        // whose elements adds a cipher is "no cipher match"; a list with one element that adds is taken, and so is any
        // list where no server makes an SSL context.
        const string Tls = "server {\n    listen 8443 ssl;\n    ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem;\n    ssl_certificate_key /etc/ssl/private/ssl-cert-snakeoil.key;\n    ssl_ciphers CIPHERS;\n}";
        yield return Nginx("#@HTTP@", Tls.Replace("CIPHERS", "eecdh+chacha20:eecdh+aes", StringComparison.Ordinal), refused: true);
        yield return Nginx("#@HTTP@", Tls.Replace("CIPHERS", "EECDH+CHACHA20:EECDH+AES", StringComparison.Ordinal), refused: false);
        yield return Nginx("#@HTTP@", Tls.Replace("CIPHERS", "high:!aNULL:!MD5", StringComparison.Ordinal), refused: true);
        yield return Nginx("#@HTTP@", Tls.Replace("CIPHERS", "HIGH:!anull:!md5", StringComparison.Ordinal), refused: false);
        yield return Nginx("#@HTTP@", Tls.Replace("CIPHERS", "ecdhe-rsa-aes128-gcm-sha256:ECDHE-RSA-AES256-GCM-SHA384", StringComparison.Ordinal), refused: false);
        yield return Nginx("#@HTTP@", Tls.Replace("CIPHERS", "kEECDH+aECDSA+AESGCM:kEECDH+aRSA+AESGCM:@STRENGTH", StringComparison.Ordinal), refused: false);
        yield return Nginx("#@HTTP@", Tls.Replace("    ssl_ciphers CIPHERS;\n", string.Empty, StringComparison.Ordinal) + "\nssl_ciphers ecdhe+aesgcm;", refused: true);
        yield return Nginx("#@HTTP@", "ssl_ciphers ecdhe+aesgcm;", refused: false);

        // ngx_stream_ssl_init: a stream server's "listen ... ssl" needs a certificate of its own or from the stream block.
        const string Main = "include /etc/nginx/modules-enabled/*.conf;\nevents {\n}\nstream {\n";
        yield return NginxMain(Main + "    server {\n        listen 15432 ssl;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);

        // ngx_stream_core_merge_srv_conf: a stream server needs its own content handler (proxy_pass, return).
        yield return NginxMain(Main + "    server {\n        listen 15433;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    server {\n        listen 15433;\n        return \"ok\";\n    }\n}", refused: false);
        yield return NginxMain(Main + "    server {\n        listen 15433;\n        proxy_timeout 5s;\n    }\n    proxy_pass 127.0.0.1:5432;\n}", refused: true);

        // ngx_parse_url reads a stream server's listen as it reads an http one: a port with a slip is a host name that
        // never resolves, and a bracketed address must be IPv6.
        yield return NginxMain(Main + "    server {\n        listen 15o32;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    server {\n        listen [zz::1]:15432;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    server {\n        listen [::1]:15432;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: false);
        // ngx_stream_core_listen before 1.25.5 (Debian's 1.22): one address and port (and type) for one stream listen.
        yield return NginxMain(Main + "    server {\n        listen 15432;\n        proxy_pass 127.0.0.1:5432;\n    }\n    server {\n        listen 0.0.0.0:15432;\n        proxy_pass 127.0.0.1:5433;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    server {\n        listen 15432;\n        listen 15432 udp;\n        listen 127.0.0.1:15433;\n        listen 15433;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: false);
        yield return NginxMain("worker_processes axuto;\n" + Main + "}", refused: true);
        // ngx_stream_core_listen reads its socket options' values (ngx_atoi, ngx_parse_size) as http's listen does.
        foreach (var (parameter, refused) in new[] { ("backlog=many", true), ("backlog=0", true), ("backlog=511", false), ("rcvbuf=8x", true), ("rcvbuf=64k", false), ("sndbuf=1m", false), ("so_keepalive=sometimes", true), ("so_keepalive=on", false) })
        {
            yield return NginxMain(Main + $"    server {{\n        listen 15432 {parameter};\n        proxy_pass 127.0.0.1:5432;\n    }}\n}}", refused: refused);
        }


        // ngx_parse_url reads "unix:" without case.
        yield return Nginx("#@HTTP@", "upstream upper {\n    server UNIX:/run/gunicorn.sock;\n}", refused: false);
        yield return Nginx("#@SRV@", "location /u/ {\n    proxy_pass http://Unix:/run/app.sock:/u/;\n}", refused: false);
        yield return NginxMain("worker_processes 2;\n" + Main + "}", refused: false);
        yield return NginxMain(Main + "    server {\n        listen 15432 ipv6only=yes;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    server {\n        listen [::1]:15432 ipv6only=of;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    server {\n        listen [::1]:15432 ipv6only=on;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: false);
        yield return NginxMain(Main + "    server {\n        listen 15432;\n        proxy_pass 127.0.0.1:5432;\n        set $t 20s;\n        proxy_timeout $t;\n    }\n}", refused: true);

        // A stream proxy_pass without a port names a stream upstream (an http one of the name does not count); a stream
        // log has no default format; a format is found without case but refused twice only as written.
        yield return NginxMain(Main + "    server {\n        listen 15432;\n        proxy_pass postgres;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    server {\n        listen 15432;\n        proxy_pass postgres;\n    }\n    upstream POSTGRES {\n        server 127.0.0.1:5432;\n    }\n}", refused: false);
        yield return NginxMain("include /etc/nginx/modules-enabled/*.conf;\nevents {\n}\nhttp {\n    upstream postgres {\n        server 127.0.0.1:5432;\n    }\n}\nstream {\n    server {\n        listen 15432;\n        proxy_pass postgres;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    access_log /var/log/nginx/stream.log;\n    server {\n        listen 15432;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    log_format Basic '$remote_addr';\n    access_log /var/log/nginx/stream.log basic;\n    server {\n        listen 15432;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: false);
        // ngx_stream_log_set_log reads what follows the format as ngx_http_log_set_log does: buffer=, flush=, gzip, if=.
        yield return NginxMain(Main + "    log_format basic '$remote_addr';\n    access_log /var/log/nginx/stream.log basic basic;\n    server {\n        listen 15432;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    log_format basic '$remote_addr';\n    access_log /var/log/nginx/stream.log basic buffer=32k flush=5s;\n    server {\n        listen 15432;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: false);
        yield return NginxMain(Main + "    server {\n        listen 15432;\n        access_log off basic;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);
        yield return Nginx("#@HTTP@", "log_format Main '$remote_addr';\naccess_log /var/log/nginx/m.log main;", refused: false);
        yield return Nginx("#@HTTP@", "log_format Main '$remote_addr';\nlog_format main '$remote_addr';", refused: false);
        yield return Nginx("#@SRV@", "access_log /var/log/nginx/b.log buffer=32k;", refused: true);

        // ngx_stream_core_listen of Debian's 1.22: default_server and deferred came to stream with server names (1.25.5).
        yield return NginxMain(Main + "    server {\n        listen 127.0.0.1:15432 default_server;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    server {\n        listen 127.0.0.1:15432 deferred;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    server {\n        listen 127.0.0.1:15432 fastopen=16 reuseport so_keepalive=on;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: false);

        // An upstream server's name is resolved at start: one whose last label is a number is no name, unless inet_aton
        // reads it (127.1, 0x7f.0.0.1).
        yield return Nginx("#@HTTP@", "upstream slip {\n    server 127.0.x0.1:3000;\n}", refused: true);
        yield return Nginx("#@HTTP@", "upstream short {\n    server 127.1:3000;\n    server 0x7f.0.0.1:3001;\n}", refused: false);

        // fpm_conf_process_all_pools: a status or ping path starts with '/', has two characters, and only [alphanum]/_-.~
        yield return Fpm("#@POOL@", "ping.path = /fpm ping", refused: true);
        yield return Fpm("#@POOL@", "pm.status_path = /status?full", refused: true);
        yield return Fpm("#@POOL@", "pm.status_path = /", refused: true);
        yield return Fpm("#@POOL@", "pm.status_path = \"/fpm-status_1.~x\"\nping.path = /ping", refused: false);
        yield return Fpm("#@POOL@", "pm.status_path = /fpm-status.~x", refused: true);

        // try_files: a last "=code" is a number up to 999.
        yield return Nginx("#@LOC@", "try_files $uri =4x04;", refused: true);
        yield return Nginx("#@LOC@", "try_files $uri =1000;", refused: true);
        yield return Nginx("#@LOC@", "try_files $uri =00404;", refused: false);

        // limit_conn's number is read as written: 1 to 65535, no variables; a listen port with a slip is a host name.
        const string LimitConn = "events {\n}\nhttp {\n    limit_conn_zone $binary_remote_addr zone=perip:10m;\n    server {\n        listen 8080;\n        limit_conn perip ";
        yield return NginxMain(LimitConn + "$n;\n    }\n}", refused: true);
        yield return NginxMain(LimitConn + "70000;\n    }\n}", refused: true);
        yield return NginxMain(LimitConn + "20;\n    }\n}", refused: false);
        yield return Nginx("#@SRV@", "listen -80;", refused: true);

        // Stream variables are the stream module's own: http's $uri, or a map of the http block, is unknown there.
        yield return NginxMain(Main + "    upstream pg {\n        hash $rxemote_addr consistent;\n        server 127.0.0.1:5432;\n    }\n    server {\n        listen 15432;\n        proxy_pass pg;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    upstream pg {\n        hash $remote_addr consistent;\n        server 127.0.0.1:5432;\n    }\n    server {\n        listen 15432;\n        proxy_pass pg;\n    }\n}", refused: false);
        yield return NginxMain(Main + "    server {\n        listen 15432;\n        return $uri;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    map $ssl_preread_server_name $target {\n        default 127.0.0.1:5432;\n    }\n    server {\n        listen 15432;\n        ssl_preread on;\n        proxy_pass $target;\n    }\n}", refused: false);
        yield return NginxMain("include /etc/nginx/modules-enabled/*.conf;\nevents {\n}\nhttp {\n    map $uri $target {\n        default 127.0.0.1:5432;\n    }\n}\nstream {\n    server {\n        listen 15432;\n        proxy_pass $target;\n    }\n}", refused: true);
        yield return NginxMain(Main + "    log_format basic '$remote_addr $upstream_addr $bytes_sent $session_time';\n    access_log /var/log/nginx/stream.log basic;\n    server {\n        listen 15432;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: false);
        yield return NginxMain(Main + "    log_format basic '$remote_addr $request_uri';\n    server {\n        listen 15432;\n        proxy_pass 127.0.0.1:5432;\n    }\n}", refused: true);

        // ngx_log_set_levels: one level, or debug_* flags only.
        yield return Nginx("#@SRV@", "error_log /var/log/nginx/e.log warn warn;", refused: true);
        yield return Nginx("#@SRV@", "error_log /var/log/nginx/e.log debug_http info;", refused: true);
        yield return Nginx("#@SRV@", "error_log /var/log/nginx/e.log info debug_http;", refused: true);
        yield return Nginx("#@SRV@", "error_log /var/log/nginx/e.log debug_http debug_core;", refused: false);

        // ngx_http_script_compile: a '$' with no name after it, or a "${" never closed; a backslash hides nothing.
        yield return Nginx("#@LOC@", "return 200 \"cost 5$\";", refused: true);
        yield return Nginx("#@LOC@", "set $pattern \"^(.+\\.php)(/.+)$\";", refused: true);
        yield return Nginx("#@LOC@", "add_header X-A \"a$ b\";", refused: true);
        yield return Nginx("#@LOC@", "return 200 \"a${b\";", refused: true);
        yield return Nginx("#@LOC@", "return 200 \"a\\$nosuchvariable\";", refused: true);
        yield return Nginx("#@HTTP@", "log_format lone '$remote_addr $';", refused: true);
        yield return Nginx("#@LOC@", "rewrite ^/(.*)$ /x/$1 last;", refused: false);
        yield return Nginx("#@LOC@", "return 200 \"a$1b ${uri}x\";", refused: false);

        // ap_resolve_env keeps an undefined ${NAME} as written (a warning): a log folder named with it does not exist.
        yield return Apache("#@VH@", "CustomLog ${APACHE_LOG_DIRx}/site_access.log combined", refused: true);
        yield return Apache("#@VH@", "ErrorLog ${xAPACHE_LOG_DIR}/site_error.log", refused: true);
        yield return Apache("#@VH@", "CustomLog ${APACHE_LOG_DIR}/site_access.log combined", refused: false);
        yield return Apache("#@VH@", "ServerAdmin ${APACHE_RUN_USRE}@example.net", refused: false);

        // mod_expires' check_code, and add_pass: a bare ProxyPass has no URL even in a <Location>.
        const string Expires = "LoadModule expires_module /usr/lib/apache2/modules/mod_expires.so\n";
        yield return Apache("#@TOP@", Expires + "ExpiresByType image/png \"access xplus 1 year\"", refused: true);
        yield return Apache("#@TOP@", Expires + "ExpiresByType image/png \"access plus 1 yaer\"", refused: false);
        yield return Apache("#@TOP@", Expires + "ExpiresByType image/png \"access plus 1 mnth\"", refused: true);
        yield return Apache("#@TOP@", Expires + "ExpiresDefault \"later plus 1 day\"", refused: true);
        yield return Apache("#@TOP@", Expires + "ExpiresDefault \"access plus 1\"", refused: true);
        yield return Apache("#@TOP@", Expires + "ExpiresByType imagepng \"access plus 1 day\"", refused: true);
        yield return Apache("#@TOP@", Expires + "ExpiresByType image/png A2592000\nExpiresDefault \"now plus 2 months 3 hours\"\nExpiresByType text/css \"modification 1 week\"", refused: false);
        yield return Apache("#@TOP@", ProxyModules + "<Location /health>\nProxyPass\n</Location>", refused: true);

        // PCRE2, as the daemons compile: what it refuses, and what it takes that .NET's Regex would not.
        yield return Apache("#@VH@", "<FilesMatch \"\\.(php\">\n</FilesMatch>", refused: true);
        yield return Apache("#@VH@", "<LocationMatch \"x**\">\n</LocationMatch>", refused: true);
        yield return Apache("#@VH@", "<Location ~ \"^/a{2,1}\">\n</Location>", refused: true);
        yield return Apache("#@VH@", "<DirectoryMatch \"^/srv/(?<=a+)b\">\n</DirectoryMatch>", refused: true);
        yield return Apache("#@VH@", "<LocationMatch \"^/a++b(?P<n>x)\\Qa.b\\E(?|a|b)(?R)?\">\n</LocationMatch>", refused: false);
        yield return Apache("#@TOP@", Rewrite + "RewriteRule \"^/(a\" /b", refused: true);
        yield return Apache("#@TOP@", Rewrite + "RewriteRule \"^/[z-a]\" /b", refused: true);
        yield return Apache("#@TOP@", Rewrite + "RewriteCond %{REQUEST_URI} ^/x*+\nRewriteRule ^/(?<n>a)\\k<n> /b", refused: false);
        yield return Nginx("#@SRV@", "location ~ \\.(php$ {\n}", refused: true);
        yield return Nginx("#@SRV@", "location ~*\\.(php$ {\n}", refused: true);
        yield return Nginx("#@SRV@", "location ~* \"^/a++b(?P<n>x)\\Qa.b\\E(?|a|b)\" {\n}", refused: false);
        yield return Nginx("#@SRV@", "rewrite \"^/(?<=a+)b\" /c;", refused: true);
        yield return Nginx("#@SRV@", "rewrite \"^/a\\\\d+\" /c;", refused: false);
        yield return Nginx("#@LOC@", "if ($uri !~ \"[z-a]\") { return 404; }", refused: true);
        yield return Nginx("#@SRV@", "server_name ~^(www\\.)?(?<d>.+$;", refused: true);
        yield return Nginx("#@HTTP@", "map $uri $mapped {\n    default 0;\n    ~^/a(b 1;\n}", refused: true);
        yield return Nginx("#@HTTP@", "map $uri $mapped {\n    default 0;\n    ~*^/a(?<q>b) 1;\n    \"~^/c\\d\" 2;\n}", refused: false);
        yield return Nginx("#@PHP@", "fastcgi_split_path_info ^(.+\\.php)(/.+$;", refused: true);
        yield return Nginx("#@SRV@", "gzip_disable \"MSIE [1-6\\.\";", refused: true);
        yield return Nginx("#@SRV@", "valid_referers none ~\\.google\\.(;", refused: true);
        yield return Nginx("#@LOC@", "proxy_redirect ~^http://(a http://b;", refused: true);
        yield return Nginx("#@SRV@", "location ~ a\\ {\n}", refused: false);
        // nginx makes "\\" one backslash before PCRE sees the pattern: ^/a\( is an escaped parenthesis, not an open one.
        yield return Nginx("#@SRV@", "location ~ \"^/a\\\\(\" {\n}", refused: false);
        yield return Nginx("#@SRV@", "location ~ \"^/a\\\\\\\\(\" {\n}", refused: true);
    }
}
