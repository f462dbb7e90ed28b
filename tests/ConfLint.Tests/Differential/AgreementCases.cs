namespace ConfLint.Tests.Differential;

/// <summary>One edit of <see cref="Variants"/>' staged configurations whose verdict the daemon was seen to give: refused
/// (CL000 must report it, at the line the daemon names) or accepted (CL000 must stay silent).</summary>
internal sealed record AgreementCase(Variant Variant, bool Refused)
{
    public override string ToString() => $"{Variant} ({(Refused ? "refused" : "accepted")})";
}

/// <summary>
/// Disagreements a generated differential round found between CL000 and the daemons, one case per class, kept so
/// that each class stays fixed: numbers PHP-FPM reads through atoi into a C int, FPM's global checks, duplicate
/// nginx log formats and shared zones, if conditions' variables, the line nginx names after a lost ';', Apache sections
/// without arguments, unknown sections and server-wide directives in a virtual host; and directive values httpd and
/// HAProxy refuse (the fourth round).
/// </summary>
internal static partial class AgreementCases
{
    public static IEnumerable<AgreementCase> All()
    {
        // PHP-FPM stores atoi's result in an int: 2147483648 wraps to a negative start_servers, which FPM treats as
        // unset (a notice), while 99999999999999999999 saturates to -1 for max_children (refused).
        yield return Fpm("#@POOL@", "pm.start_servers = 2147483648", refused: false);
        yield return Fpm("#@POOL@", "pm.start_servers = 99999999999999999999", refused: false);
        yield return Fpm("#@POOL@", "pm.max_children = 99999999999999999999", refused: true);
        yield return Fpm("#@POOL@", "pm.max_spawn_rate = 2147483648", refused: true);
        yield return Fpm("#@POOL@", "process.priority = 2147483648", refused: true);
        yield return Fpm("#@POOL@", "process.priority = 99999999999999999999", refused: false);
        yield return Fpm("#@POOL@", "request_slowlog_trace_depth = 5", refused: true);
        yield return Fpm("#@POOL@", "request_slowlog_trace_depth = 0", refused: false);
        yield return Fpm("#@POOL@", "slowlog = /var/log/php-slow.log\nrequest_slowlog_trace_depth = 5", refused: false);
        yield return Fpm("#@POOL@", "request_slowlog_timeout = -1", refused: true);
        yield return Fpm("#@GLOBAL@", "log_limit = 100", refused: true);
        yield return Fpm("#@GLOBAL@", "log_limit = 512", refused: false);
        yield return Fpm("#@GLOBAL@", "log_limit = 2147483648", refused: true);
        yield return Fpm("#@GLOBAL@", "process.max = -1", refused: true);
        yield return Fpm("#@GLOBAL@", "process.max = 0", refused: false);
        yield return Fpm("#@GLOBAL@", "process.priority = 30", refused: true);
        yield return Fpm("#@GLOBAL@", "events.mechanism = bogus", refused: true);
        yield return Fpm("#@GLOBAL@", "events.mechanism = EPOLL", refused: false);

        yield return Nginx("#@HTTP@", "log_format main '$remote_addr';\nlog_format main '$remote_addr';", refused: true);
        yield return Nginx("#@HTTP@", "log_format combined '$remote_addr';", refused: true);
        yield return Nginx("#@HTTP@", "log_format main '$remote_addr';\nlog_format other '$remote_addr';", refused: false);
        yield return Nginx("#@HTTP@", "proxy_cache_path /var/lib/nginx/c keys_zone=z:1m;\nproxy_cache_path /var/lib/nginx/d keys_zone=z:1m;", refused: true);
        yield return Nginx("#@HTTP@", "limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;\nlimit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;", refused: true);
        yield return Nginx("#@HTTP@", "limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;\nlimit_conn_zone $binary_remote_addr zone=one:10m;", refused: true);
        yield return Nginx("#@HTTP@", "limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;\nlimit_conn_zone $binary_remote_addr zone=two:10m;", refused: false);

        // An if condition compiles its variable, the value compared with = or !=, and a file test's path.
        yield return Nginx("#@SRV@", "if ($nosuchvar) { return 404; }", refused: true);
        yield return Nginx("#@LOC@", "if (!-f $nosuchvar) { return 404; }", refused: true);
        yield return Nginx("#@LOC@", "if ($host = $nosuchvar) { return 404; }", refused: true);
        yield return Nginx("#@LOC@", "if ($host ~ ^(?<sub>[a-z]+)\\.) { return 404; }", refused: false);
        yield return Nginx("#@LOC@", "if ($http_x_debug ~* \"^on$\") { return 404; }", refused: false);

        // nginx names the line where the directive ended (its ';' or '{'), where a lost ';' made it swallow the next line.
        yield return Nginx("#@LOC@", "proxy_read_timeout 30s", refused: true);
        yield return Nginx("#@SRV@", "client_max_body_size 10m\n    client_body_timeout 30s;", refused: true);
        yield return Nginx("#@SRV@", "add_header X-A\n        \"b\" always;", refused: false);

        // httpd: sections need an argument; unknown sections are unknown commands; server-wide settings in a vhost.
        yield return Apache("#@VH@", "<Directory>\n</Directory>", refused: true);
        yield return Apache("#@DIR@", "<Files>\n</Files>", refused: true);
        yield return Apache("#@VH@", "<IfModule>\n</IfModule>", refused: true);
        yield return Apache("#@LOC@", "<If>\n</If>", refused: true);
        yield return Apache("#@DIR@", "<Bogus x>\n</Bogus>", refused: true);
        yield return Apache("#@VH@", "ExtendedStatus On", refused: true);
        yield return Apache("#@VH@", "MaxConnectionsPerChild 100", refused: true);
        yield return Apache("#@VH@", "Mutex file:/var/lock default", refused: true);
        yield return Apache("#@TOP@", "ExtendedStatus On\nMaxConnectionsPerChild 100", refused: false);

        foreach (var value in Values().Concat(Deployments()).Concat(Expansion()).Concat(Addresses()).Concat(ThirdPartyModules()).Concat(Handlers()))
        {
            yield return value;
        }
    }

    /// <summary>The addresses of the pass directives and upstream servers as ngx_parse_url reads them at load: only
    /// proxy_pass may have a URI after the address ("invalid host" elsewhere), the first ':' starts the port, "unix:"
    /// needs a path; a mutation round found 'fastcgi_pass unixx:/run/php-fpm.sock' passed as a host name.</summary>
    private static IEnumerable<AgreementCase> Addresses()
    {
        yield return Nginx("#@SRV@", "location /a { fastcgi_pass unixx:/run/php-fpm.sock; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { uwsgi_pass unixx:/run/app.sock; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { proxy_pass http://unixx:/run/app.sock; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { fastcgi_pass 127.0.0.1:9000/x; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { scgi_pass app?x; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { grpc_pass grpc://app:/x; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { fastcgi_pass 127.0.0.1:90000; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { proxy_pass http://:8000; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { fastcgi_pass [::1]x; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { fastcgi_pass [::g]:9000; }", refused: true);
        yield return Nginx("#@SRV@", "location /a { fastcgi_pass unix:; }", refused: true);
        yield return Nginx("#@UPS@", "server 127.0.0.1:8001/x;", refused: true);
        yield return Nginx("#@UPS@", "server 127.0.0.1:;", refused: true);
        yield return Nginx("#@SRV@", "location /a { uwsgi_pass unix:/run/app.sock:; }", refused: false);
        yield return Nginx("#@SRV@", "location /a { proxy_pass http://unix:/run/app.sock:/x; }", refused: false);
        yield return Nginx("#@SRV@", "location /a { proxy_pass http://[::1]:8000/x?y; }", refused: false);
        yield return Nginx("#@SRV@", "location /a { uwsgi_pass uwsgi://127.0.0.1:0008000; }", refused: false);
        yield return Nginx("#@SRV@", "location /a { fastcgi_pass UNIX:/run/php/php8.2-fpm.sock; }", refused: false);

        yield return Nginx("#@SRV@", "listen 0.0.x0.0:8081;", refused: true);
        yield return Nginx("#@SRV@", "listen 127.1:8081;", refused: false);

        // A listen's port may be a range (nginx 1.15.10 on), after a host or alone; nginx checks the port of a bracketed
        // address before the address itself, and says "no host" for an empty one.
        yield return Nginx("#@SRV@", "listen 127.0.0.1:18082-18084;", refused: false);
        yield return Nginx("#@SRV@", "listen [::1]:18082-18084;", refused: false);
        yield return Nginx("#@SRV@", "listen 18082-18084;", refused: false);
        yield return Nginx("#@SRV@", "listen 127.0.0.1:18084-18082;", refused: true);
        yield return Nginx("#@SRV@", "listen 0-8081;", refused: true);
        yield return Nginx("#@SRV@", "listen 18082-;", refused: true);
        yield return Nginx("#@SRV@", "listen []:8081;", refused: true);
        yield return Nginx("#@SRV@", "listen [zz]:99999;", refused: true);

        // mod_setenvif: a header (SetEnvIf), a regular expression, then at least one variable; "" ends the words.
        yield return Apache("#@TOP@", "SetEnvIfNoCase ^Authorization$", refused: true);
        yield return Apache("#@DIR@", "SetEnvIf Request_URI \"\\.gif$\"", refused: true);
        yield return Apache("#@DIR@", "SetEnvIf Request_URI \"\\.gif$\" \"\" nolog", refused: true);
        yield return Apache("#@VH@", "BrowserMatch \"MSIE\"", refused: true);
        yield return Apache("#@VH@", "SetEnvIfExpr \"-R '10.0.0.0/8'\"", refused: true);
        yield return Apache("#@DIR@", "SetEnvIf Request_URI \"\\.gif$\" nolog !x y=1", refused: false);
        yield return Apache("#@VH@", "BrowserMatch MSIE ms", refused: false);
    }

    /// <summary>Round 39's misses: what nginx's handlers refuse while reading (set's and auth_request_set's variable,
    /// ngx_conf_check_num_bounds, proxy_cache_path's and resolver's parameters), each beside its nearest accepted
    /// variant.</summary>
    private static IEnumerable<AgreementCase> Handlers()
    {
        yield return Nginx("#@LOC@", "set a 1;", refused: true);
        yield return Nginx("#@LOC@", "set $host x;", refused: true);
        yield return Nginx("#@LOC@", "auth_request_set a $upstream_status;", refused: true);
        yield return Nginx("#@LOC@", "auth_request_set $host $upstream_status;", refused: true);
        yield return Nginx("#@LOC@", "set $args x;", refused: false);
        yield return Nginx("#@LOC@", "set $limit_rate 10k;", refused: false);
        yield return Nginx("#@SRV@", "gzip_comp_level 10;", refused: true);
        yield return Nginx("#@SRV@", "gzip_comp_level 0;", refused: true);
        yield return Nginx("#@SRV@", "gzip_comp_level 9;", refused: false);
        yield return Nginx("#@SRV@", "location /s { limit_req_status 399; }", refused: true);
        yield return Nginx("#@SRV@", "location /s { limit_conn_status 600; }", refused: true);
        yield return Nginx("#@SRV@", "location /s { limit_conn_status 599; uwsgi_modifier1 255; }", refused: false);
        yield return Nginx("#@SRV@", "uwsgi_modifier2 256;", refused: true);
        yield return Nginx("#@HTTP@", "proxy_cache_path /var/cache/nginx/x levels=1:2:3:4 keys_zone=x:10m;", refused: true);
        yield return Nginx("#@HTTP@", "proxy_cache_path /var/cache/nginx/x levels=3 keys_zone=x:10m;", refused: true);
        yield return Nginx("#@HTTP@", "proxy_cache_path /var/cache/nginx/x keys_zone=x:10m inactive=1x;", refused: true);
        yield return Nginx("#@HTTP@", "fastcgi_cache_path /var/cache/nginx/x keys_zone=x:10m use_temp_path=yes;", refused: true);
        yield return Nginx("#@HTTP@", "proxy_cache_path /var/cache/nginx/x keys_zone=x:10m purger=on;", refused: true);
        yield return Nginx("#@HTTP@", "proxy_cache_path /var/cache/nginx/x levels=1:2;", refused: true);
        yield return Nginx("#@HTTP@", "proxy_cache_path /var/cache/nginx/x keys_zone=x:1k;", refused: true);
        yield return Nginx("#@SRV@", "resolver 127.0.0.53 valid=30s ipv6=maybe;", refused: true);
        yield return Nginx("#@SRV@", "resolver 127.0.0.53 valid=30x;", refused: true);
        yield return Nginx("#@SRV@", "resolver valid=30s;", refused: true);
        yield return Nginx("#@SRV@", "resolver 127.0.0.53 valid=30s ipv6=off;", refused: false);

        // httpd: a Redirect without its URL outside a section (mod_alias add_redirect_internal); <RequireAll> of negatives
        // only (mod_authz_core AH01624); ProxyPass given a path inside <Location> (mod_proxy add_pass).
        yield return Apache("#@VH@", "Redirect permanent /a", refused: true);
        yield return Apache("#@VH@", "Redirect /a", refused: true);
        yield return Apache("#@VH@", "Redirect gone /a", refused: false);
        yield return Apache("#@VH@", "<Location /a>\nRedirect permanent /b\n</Location>", refused: false);
        yield return Apache("#@DIR@", "<RequireAll>\nRequire not ip 1.2.3.4\n</RequireAll>", refused: true);
        yield return Apache("#@DIR@", "<RequireAll>\nRequire all granted\nRequire not ip 1.2.3.4\n</RequireAll>", refused: false);
        const string Proxy = "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n";
        yield return Apache("#@TOP@", Proxy + "<Location /x>\nProxyPass /x http://127.0.0.1:8000/\n</Location>", refused: true);
        yield return Apache("#@TOP@", Proxy + "<Location /x>\nProxyPass http://127.0.0.1:8000/ retry=0\n</Location>", refused: false);
    }

    /// <summary>The fourth round's value refusals: a module's values only where it is loaded (mod_proxy by LoadModule
    /// lines in the site, as a2enmod would), numbers read as httpd and HAProxy read them, and the same words taken.</summary>
    private static IEnumerable<AgreementCase> Values()
    {
        const string Proxy = "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n";
        yield return Apache("#@TOP@", Proxy + "ProxyPass /x http://127.0.0.1:8000/ timeout=abc", refused: true);
        yield return Apache("#@TOP@", Proxy + "ProxyPass /x http://127.0.0.1:8000/ keepalive=maybe", refused: true);
        yield return Apache("#@TOP@", Proxy + "ProxyPass /x foo", refused: true);
        yield return Apache("#@TOP@", Proxy + "ProxyTimeout 0", refused: true);
        yield return Apache("#@TOP@", Proxy + "ProxyErrorOverride On 200", refused: true);
        yield return Apache("#@TOP@", Proxy + "ProxyPass /x http://127.0.0.1:8000/ timeout=30 retry=abc max=abc loadfactor=1.5 status=+H", refused: false);
        yield return Apache("#@TOP@", Proxy + "ProxyTimeout 500ms", refused: false);
        yield return Apache("#@VH@", "LimitRequestBody 10M", refused: true);
        yield return Apache("#@TOP@", "LimitRequestFields -1", refused: true);
        yield return Apache("#@TOP@", "LimitRequestFields abc\nTimeout abc", refused: false);
        yield return Apache("#@VH@", "UseCanonicalName maybe", refused: true);
        yield return Apache("#@DIR@", "AcceptPathInfo maybe", refused: true);
        yield return Apache("#@VH@", "LogLevel warn rewrite:trace3", refused: true);
        yield return Apache("#@VH@", "LogLevel warn core:info mpm_event:debug", refused: false);
        yield return Apache("#@DIR@", "Require ip 10.0.0.0/33", refused: true);
        yield return Apache("#@DIR@", "Require ip 10.1 192.168.0.0/255.255.0.0", refused: false);
        yield return Apache("#@VH@", "RequestReadTimeout header=40-20", refused: true);
        yield return Apache("#@VH@", "DeflateCompressionLevel 10", refused: true);
        yield return Apache("#@VH@", "Redirect permanent /a relative", refused: true);

        yield return Haproxy("#@BE@", "timeout server 30x", refused: true);
        yield return Haproxy("#@DEF@", "timeout client 25d", refused: true);
        yield return Haproxy("#@BE@", "timeout server 1h", refused: false);
        yield return Haproxy("#@DEF@", "timeout connect 5sec", refused: false);
        yield return Haproxy("#@BE@", "balance bogus", refused: true);
        yield return Haproxy("#@BE@", "balance uri len 10 depth 2", refused: false);
        yield return Haproxy("#@BE@", "server b 127.0.0.1:8001 check inter 2x", refused: true);
        yield return Haproxy("#@BE@", "server b 127.0.0.1:8001 weight 300", refused: true);
        yield return Haproxy("#@BE@", "server b 127.0.0.1:8001 check inter 2s weight 256 rise 2 fall 3", refused: false);
        yield return Haproxy("#@FE@", "mode bogus", refused: true);
        yield return Haproxy("#@FE@", "http-request bogus", refused: true);
        yield return Haproxy("#@FE@", "option httplog bogus", refused: true);
        yield return Haproxy("#@FE@", "option forwardfor except 127.0.0.1", refused: false);
        yield return Haproxy("#@GLOBAL@", "nbthread 0", refused: true);
    }

    private static AgreementCase Haproxy(string marker, string text, bool refused) =>
        new(new Variant("haproxy", text.Replace('\n', ' '), Variants.HaproxyConfig, marker, text), refused);

    private static AgreementCase Fpm(string marker, string text, bool refused) =>
        new(new Variant("php-fpm", text.Replace('\n', ' '), Variants.FpmPool, marker, text), refused);

    private static AgreementCase Apache(string marker, string text, bool refused) =>
        new(new Variant("apache", text.Replace('\n', ' '), Variants.ApacheSite, marker, text), refused);

    private static AgreementCase Nginx(string marker, string text, bool refused) =>
        new(new Variant("nginx", text.Replace('\n', ' '), Variants.NginxSite, marker, text), refused);
}
