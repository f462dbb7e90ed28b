namespace ConfLint.Tests.Differential;

/// <summary>
/// The fifth round's classes, found by running the daemons' own checks on configurations of public deployments and
/// their mutations (written anew here): what httpd 2.4 skips in <c>&lt;IfVersion&gt;</c>, where mod_rewrite takes
/// <c>RewriteBase</c>, PHP-FPM's <c>include</c> inside a pool, variables in map values, a main file without
/// <c>events</c>, and a directive of a later nginx in the package's own nginx.conf.
/// </summary>
internal static partial class AgreementCases
{
    private const string ProxyModules = "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n";

    private const string Rewrite = "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n";

    private static IEnumerable<AgreementCase> Deployments()
    {
        // Commands httpd runs while it reads the file (EXEC_ON_READ: LoadModule, LoadFile, ServerRoot,
        // DefaultRuntimeDir, Define) run with the top level's rights wherever they stand and are passed over when the
        // sections are walked: no section refuses them. Another server-wide directive there is refused.
        yield return Apache("#@DIR@", "DefaultRuntimeDir /tmp\nLoadModule status_module /usr/lib/apache2/modules/mod_status.so", refused: false);
        yield return Apache("#@LOC@", "LoadFile /usr/lib/apache2/modules/mod_status.so\nDefine CONFLINT_X on", refused: false);
        yield return Apache("#@VH@", "ServerRoot /etc/apache2\nDefaultRuntimeDir /tmp", refused: false);
        yield return Apache("#@DIR@", "PidFile /tmp/conflint.pid", refused: true);

        // httpd opens its logs before it says the configuration is good (AH02291, AH02297): a folder that went wrong
        // inside ServerRoot is refused; a pipe, syslog, or the package's own log folder (not in the staged tree) is not.
        yield return Apache("#@VH@", "ErrorLog $x{APACHE_LOG_DIR}/error.log", refused: true);
        yield return Apache("#@VH@", "CustomLog logs-typo/access.log combined", refused: true);
        yield return Apache("#@VH@", "ErrorLog syslog:local1\nCustomLog \"|/bin/cat\" combined\nTransferLog /var/log/apache2/shop.log", refused: false);

        // ap_check_cmd_context: <If>, <ElseIf> and <Else> count with <Files>; AllowOverride only warns where it is useless;
        // mod_alias's two-word Alias belongs outside every section with a path; ProxyPassReverse takes its section's path.
        yield return Apache("#@TOP@", "<Location /x>\n<If \"true\">\nProxyPassReverse http://127.0.0.1:8000/\n</If>\n</Location>", refused: true);
        yield return Apache("#@DIR@", "<Files x>\nAllowOverride None\n</Files>\n<If \"true\">\nAllowOverrideList None\n</If>", refused: false);
        yield return Apache("#@LOC@", "Alias /app /srv/app", refused: true);
        yield return Apache("#@LOC@", "Alias /srv/app", refused: false);
        yield return Apache("#@VH@", "ScriptAlias /srv/cgi", refused: true);
        yield return Apache("#@TOP@", ProxyModules + "<Location /x>\nProxyPassReverse /x http://127.0.0.1:8000/\n</Location>", refused: true);
        yield return Apache("#@TOP@", ProxyModules + "<Proxy http://127.0.0.1:8000/*>\nProxyPassReverse http://127.0.0.1:8000/ interpolate\n</Proxy>", refused: false);

        // mod_macro's use_macro: a Use without a name, after a macro is defined.
        yield return Apache("#@TOP@", "LoadModule macro_module /usr/lib/apache2/modules/mod_macro.so\n<Macro Alias $n>\nServerAlias $n\n</Macro>\nUse", refused: true);
        // mod_version's compare_version: missing parts are 0 and all three are compared, so "= 2.4" is 2.4.0 alone.
        yield return Apache("#@TOP@", "<IfVersion < 2.4>\nInclude /etc/apache2/nowhere/*.conf\nFrobnicate on\n</IfVersion>", refused: false);
        yield return Apache("#@TOP@", "<IfVersion = 2.4>\nFrobnicate on\n</IfVersion>", refused: false);
        yield return Apache("#@TOP@", "<IfVersion >= 2.4>\nFrobnicate on\n</IfVersion>", refused: true);
        yield return Apache("#@TOP@", "<IfVersion > 2.2>\nInclude /etc/apache2/nowhere/*.conf\n</IfVersion>", refused: true);

        // cmd_rewritebase: only where the command has a path (directory, location, files, proxy, <If>), and a URL path.
        yield return Apache("#@TOP@", Rewrite + "<VirtualHost *:8080>\nRewriteEngine On\nRewriteBase /\n</VirtualHost>", refused: true);
        yield return Apache("#@TOP@", Rewrite + "RewriteBase /", refused: true);
        yield return Apache("#@TOP@", Rewrite + "<Directory /srv>\nRewriteBase app/\n</Directory>", refused: true);
        yield return Apache("#@TOP@", Rewrite + "<Directory /srv>\nRewriteBase /app/\n</Directory>\n<Location /x>\nRewriteBase /x/\n</Location>\n<VirtualHost *:8080>\n<If \"true\">\nRewriteBase /\n</If>\n</VirtualHost>", refused: false);

        // ap_check_cmd_context: NOT_IN_DIRECTORY, NOT_IN_LOCATION, NOT_IN_FILES name the first such section around.
        yield return Apache("#@TOP@", ProxyModules + "<Directory /srv>\nProxyPassReverse http://127.0.0.1:8000/\n</Directory>", refused: true);
        yield return Apache("#@TOP@", ProxyModules + "<Location /x>\nProxyPassReverse http://127.0.0.1:8000/\n</Location>", refused: false);
        // set_proxy_param takes the worker from the section only when the section right around is <Proxy...>.
        yield return Apache("#@TOP@", ProxyModules + "<Directory /srv>\nProxySet timeout=300\n</Directory>", refused: true);
        yield return Apache("#@TOP@", ProxyModules + "<Proxy http://127.0.0.1:8000>\nProxySet timeout=300\n</Proxy>", refused: false);
        // set_proxy_param outside <Proxy>: the URL must name a worker its server defined before (ap_proxy_get_worker_ex); a
        // virtual host does not see the main server's while the files are read, and a <Proxy> with nothing for the worker defines none.
        yield return Apache("#@TOP@", ProxyModules + "ProxySet http://127.0.0.1:8000/ timeout=60", refused: true);
        yield return Apache("#@TOP@", ProxyModules + "ProxyPass /x http://127.0.0.1:8000/\nProxySet HTTP://127.0.0.1:8000/app/ timeout=60\nProxySet http://127.0.0.1:8000/app timeout=60", refused: false);
        yield return Apache("#@TOP@", ProxyModules + "ProxyPass /x http://127.0.0.1:8000/\n<VirtualHost *:8080>\nProxySet http://127.0.0.1:8000/ timeout=60\n</VirtualHost>", refused: true);
        yield return Apache("#@TOP@", ProxyModules + "<Proxy http://127.0.0.1:8000/>\nRequire all granted\n</Proxy>\nProxySet http://127.0.0.1:8000/ timeout=60", refused: true);
        yield return Apache("#@TOP@", ProxyModules + "<Proxy http://127.0.0.1:8000/ timeout=5>\n</Proxy>\nProxySet http://127.0.0.1:8000/ timeout=60", refused: false);
        yield return Apache("#@LOC@", "<Files x>\n</Files>", refused: true);
        yield return Apache("#@LOC@", "<FilesMatch \"\\.php$\">\n</FilesMatch>", refused: true);

        // add_authz_provider with nothing to read: an empty provider name.
        yield return Apache("#@DIR@", "Require", refused: true);

        // fpm_stdio_open_error_log and fpm_log_open open the logs with O_CREAT: among a process's descriptors only a
        // number names one (the Docker images log to /proc/self/fd/2), and nothing can be created there.
        yield return Fpm("#@POOL@", "access.log = /proc/self/fd/2", refused: false);
        yield return Fpm("#@POOL@", "access.log = /proc/self/fd/2 extra", refused: true);
        yield return Fpm("#@POOL@", "access.log = /dev/fd/stderr", refused: true);
        yield return Fpm("#@GLOBAL@", "error_log = /proc/self/fd/2", refused: false);
        // Debian's php-fpm.conf sets its own error_log after the one put at its [global]: the later one is opened.
        yield return Fpm("#@GLOBAL@", "error_log = /proc/self/fd/two", refused: false);
        yield return Fpm("#@END@", "[global]\nerror_log = /proc/self/fd/two", refused: true);

        // fpm_conf_ini_parser_entry takes "include" (case-sensitive) before it looks at the section.
        yield return Fpm("#@POOL@", "include = /etc/php/8.2/fpm/conf.d/*.none", refused: false);
        yield return Fpm("#@POOL@", "Include = /etc/php/8.2/fpm/conf.d/*.none", refused: true);

        // Plesk's pools: prefix = .../$pool and listen = php-fpm.sock. fpm_conf_process_all_pools takes a relative socket
        // from the pool's prefix (else the build's, /usr here) before it compares the pools' addresses, with strcmp. The
        // prefixes are folders the staged tree has (php-fpm refuses a prefix that is none).
        const string Pool = "user = www-data\npm = static\npm.max_children = 1";
        yield return Fpm("#@END@", $"[fpm]\nprefix = /etc/php/8.2/$pool\nlisten = php.sock\n{Pool}\n[pool.d]\nprefix = /etc/php/8.2/fpm/$pool\nlisten = php.sock\n{Pool}", refused: false);
        yield return Fpm("#@END@", $"[fpm]\nprefix = /etc/php/8.2/$pool\nlisten = php.sock\n{Pool}\n[shop]\nprefix = /etc/php/8.2/fpm\nlisten = php.sock\n{Pool}", refused: true);
        yield return Fpm("#@END@", $"[shop]\nprefix = /etc/php/8.2/fpm\nlisten = ../fpm/php.sock\n{Pool}\n[blog]\nlisten = /etc/php/8.2/fpm/php.sock\n{Pool}", refused: false);
        yield return Fpm("#@END@", $"[shop]\nlisten = shop.sock\n{Pool}\n[blog]\nlisten = /usr/shop.sock\n{Pool}", refused: true);
        yield return Fpm("#@END@", $"[shop]\nlisten = ../run/php/php8.2-fpm.sock\n{Pool}", refused: false);
        // pm.status_listen's pool copies no prefix: its relative socket is the build's (/usr/s.sock), not the pool's.
        yield return Fpm("#@END@", $"[shop]\nprefix = /etc/php/8.2/fpm\nlisten = s.sock\npm.status_listen = s.sock\n{Pool}", refused: false);
        yield return Fpm("#@END@", $"[shop]\nprefix = /etc/php/8.2/fpm\nlisten = /usr/s.sock\npm.status_listen = s.sock\n{Pool}", refused: true);

        // ngx_http_map compiles a value that holds a variable.
        yield return Nginx("#@HTTP@", "map $uri $m5 {\n    default $nosuchvar;\n}", refused: true);
        yield return Nginx("#@HTTP@", "map $uri $m5 {\n    hostnames;\n    default \"$host:$nosuchvar\";\n}", refused: true);
        yield return Nginx("#@HTTP@", "map $uri $m5 {\n    ~^/(?<section>[a-z]+) $section;\n    default $host$1;\n}", refused: false);

        // The main file: events is required (ngx_event_init_conf); without modules-enabled, the package's nginx.conf loads
        // only static modules, so a later release's directive (http2, 1.25.1) is unknown to Debian 12's nginx.
        yield return NginxMain("user www-data;\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}", refused: true);
        yield return NginxMain("events {\n}\nhttp {\n    http2 on;\n    include /etc/nginx/sites-enabled/*;\n}", refused: true);
        yield return NginxMain("events {\n}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}", refused: false);

        // httpd's AH00534 once the whole configuration is read: no MPM (a2dismod mpm_event without another), or two.
        const string Event = "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so";
        yield return new AgreementCase(new Variant("apache", "mpm_event.load emptied", "etc/apache2/mods-enabled/mpm_event.load", Event, "# a2dismod mpm_event"), Refused: true);
        yield return new AgreementCase(new Variant("apache", "mpm_event.load and prefork", "etc/apache2/mods-enabled/mpm_event.load", Event, Event + "\nLoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so"), Refused: true);
        yield return new AgreementCase(new Variant("apache", "mpm_event.load twice", "etc/apache2/mods-enabled/mpm_event.load", Event, Event + "\n" + Event), Refused: false);
    }

    /// <summary>The stock nginx.conf replaced whole (its text is the marker).</summary>
    private static AgreementCase NginxMain(string text, bool refused) =>
        new(new Variant("nginx", "nginx.conf: " + text.Replace('\n', ' '), "etc/nginx/nginx.conf", File.ReadAllText("/etc/nginx/nginx.conf"), text), refused);
}
