using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Knowledge;

/// <summary>
/// Directive values the fourth differential round saw <c>apache2 -t</c> and <c>haproxy -c</c> (Debian 12) refuse or
/// accept, each with the daemon's own answer: worker parameters, keyword and number values of core and common modules,
/// timeouts, balance algorithms and server keywords. The daemons themselves check the most telling ones in
/// AgreementTests.
/// </summary>
public sealed class ValueRefusalTests
{
    private static List<string> Cl000(TempTree tree)
    {
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL000", null));
        return result.Diagnostics.Where(d => d.Code == "CL000" && d.Severity == Severity.Error).Select(d => $"{d.Location}: {d.Message}").ToList();
    }

    private static TempTree Apache(string site, params string[] modules)
    {
        var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "ErrorLog /var/log/apache2/error.log\nIncludeOptional mods-enabled/*.load\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/sites-enabled/shop.conf", site);
        foreach (var module in modules.Concat(["authz_core", "authz_host", "mpm_event", "deflate", "dir", "negotiation", "reqtimeout", "access_compat", "alias", "setenvif", "autoindex"]))
        {
            tree.Write($"etc/apache2/mods-enabled/{module}.load", $"LoadModule {module}_module /usr/lib/apache2/modules/mod_{module}.so\n");
        }

        return tree;
    }

    private static TempTree Haproxy(string config, bool debian = true)
    {
        var tree = new TempTree().Write("etc/haproxy/haproxy.cfg", config);
        return debian ? tree.Write("var/lib/dpkg/status", "Package: haproxy\nStatus: install ok installed\nVersion: 2.6.12-1+deb12u4\n\n") : tree;
    }

    private const string Front = "defaults\n    mode http\n    timeout connect 5s\n    timeout client 50s\n    timeout server 50s\n\n"
        + "frontend web\n    bind 127.0.0.1:8080\n    default_backend app\n\n";

    /// <summary>A frontend and the section given, with a backend app where the section is not it.</summary>
    private static string Config(string section) =>
        Front + section + (section.StartsWith("backend app", StringComparison.Ordinal) ? string.Empty : "\nbackend app\n    server a 127.0.0.1:8000 check\n");

    [Theory]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ timeout=abc", "ProxyPass Timeout must be at least one second")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ retry=-1", "ProxyPass Retry must be a positive value")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ max=-1", "ProxyPass Max must be a positive number")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ ttl=0", "ProxyPass TTL must be at least one second")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ keepalive=maybe", "ProxyPass KeepAlive must be On|Off")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ loadfactor=101", "ProxyPass LoadFactor must be a number between 1..100")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ status=+Z", "ProxyPass Unknown status parameter option")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ connectiontimeout=abc", "ProxyPass Connectiontimeout has wrong format")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ acquire=0", "ProxyPass Acquire must be at least one millisecond")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ iobuffersize=100", "ProxyPass IOBufferSize must be >= 512 bytes, or 0 for system default.")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ lbset=100", "ProxyPass lbset must be between 0 and 99")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ flushpackets=maybe", "ProxyPass flushpackets must be on|off|auto")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ retry", "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'.")]
    [InlineData("ProxyPass / foo", "ProxyPass URL must be absolute!: foo")]
    [InlineData("ProxyPass / unix:/run/app.sock", "ProxyPass URL must be absolute!: unix:/run/app.sock")]
    [InlineData("ProxyPass / \"unix:/run/app.sock|\"", "ProxyPass|ProxyPassMatch uses an invalid \"unix:\" URL")]
    [InlineData("ProxyPassMatch ^/(.*)$ http://127.0.0.1:8000/$1 timeout=abc", "ProxyPass Timeout must be at least one second")]
    [InlineData("<Proxy balancer://c>\nBalancerMember http://127.0.0.1:8001 loadfactor=abc\n</Proxy>", "BalancerMember LoadFactor must be a number between 1..100")]
    [InlineData("ProxyTimeout 0", "Proxy Timeout must be at least 1 second.")]
    [InlineData("ProxyVia bogus", "ProxyVia must be one of: off | on | full | block")]
    [InlineData("ProxyErrorOverride On 200", "ProxyErrorOverride: status codes to intercept must be valid HTTP Status Codes >=400 && <600")]
    [InlineData("ProxyIOBufferSize 100", "ProxyIOBufferSize must be >= 512 bytes, or 0 for system default.")]
    [InlineData("RewriteOptions bogus", "RewriteOptions: unknown option 'bogus'")]
    [InlineData("RewriteMap m int:bogus", "RewriteMap: internal map not found:bogus")]
    [InlineData("SSLProtocol +TLSv1.4", "SSLProtocol: Illegal protocol 'TLSv1.4'")]
    [InlineData("SSLVerifyClient bogus", "SSLVerifyClient: Invalid argument 'bogus'")]
    [InlineData("LogLevel warn rewrite:trace3 nomod:info", "Cannot find module nomod")]
    [InlineData("RewriteRule ( /x", "RewriteRule: cannot compile regular expression '('")]
    [InlineData("RewriteCond %{HTTP_HOST} (\nRewriteRule ^ /x", "RewriteCond: cannot compile regular expression '('")]
    public void Apache_proxy_and_module_values_httpd_refuses_are_reported(string line, string message)
    {
        using var tree = Apache($"<VirtualHost *:80>\n{line}\n</VirtualHost>\n", "proxy", "proxy_http", "proxy_balancer", "rewrite", "ssl");
        Assert.Contains(Cl000(tree), f => f.EndsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("LimitRequestBody 10M", "LimitRequestBody requires a non-negative integer.")]
    [InlineData("LimitRequestBody 99999999999999999999", "LimitRequestBody argument is not parsable.")]
    [InlineData("LimitRequestFields -1", "LimitRequestFields \"-1\" must be a non-negative integer (0 = no limit)")]
    [InlineData("LimitInternalRecursion 0", "The recursion limit must be greater than zero.")]
    [InlineData("UseCanonicalName maybe", "parameter must be 'on', 'off', or 'dns'")]
    [InlineData("TraceEnable maybe", "TraceEnable must be one of 'on', 'off', or 'extended'")]
    [InlineData("AcceptPathInfo maybe", "AcceptPathInfo must be set to on, off or default")]
    [InlineData("EnableSendfile maybe", "parameter must be 'on' or 'off'")]
    [InlineData("FileETag Bogus", "Unknown keyword 'Bogus' for FileETag directive")]
    [InlineData("MaxRanges bogus", "MaxRanges requires 'none', 'default', 'unlimited' or a positive integer")]
    [InlineData("ListenBacklog abc", "ListenBacklog must be > 0")]
    [InlineData("SendBufferSize -1", "SendBufferSize must be >= 512 bytes, or 0 for system default.")]
    [InlineData("AsyncRequestWorkerFactor abc", "error parsing value")]
    [InlineData("DeflateCompressionLevel 10", "Compression Level must be between 1 and 9")]
    [InlineData("DirectoryIndexRedirect 200", "DirectoryIndexRedirect only accepts values between 300 and 399")]
    [InlineData("IndexOrderDefault Ascending Bogus", "Second keyword must be 'Name', 'Date', 'Size', or 'Description'")]
    [InlineData("RequestReadTimeout header=40-20", "RequestReadTimeout: header=40-20: Must set MinRate option if using timeout range")]
    [InlineData("RequestReadTimeout bogus=10", "RequestReadTimeout: bogus=10: Unknown RequestReadTimeout parameter")]
    [InlineData("Redirect bogus /a http://b.example/", "Redirect: invalid first argument (of three)")]
    [InlineData("Redirect permanent /a relative", "Redirect to non-URL")]
    [InlineData("Redirect 200 /a http://b.example", "Redirect URL not valid for this status")]
    [InlineData("Mutex bogus", "Invalid Mutex argument bogus (Mutex mechanisms are: 'none', 'default', 'flock:/path/to/file', 'fcntl:/path/to/file', 'file:/path/to/file', 'pthread', 'sysvsem', 'posixsem', 'sem')")]
    [InlineData("LogLevel ssl:warn", "Cannot find module ssl")]
    [InlineData("AliasMatch \"(\" /var/www", "Regular expression could not be compiled.")]
    [InlineData("SetEnvIf Host \"(\" x=1", "SetEnvIf regex could not be compiled.")]
    [InlineData("BrowserMatch \"[\" x", "BrowserMatch regex could not be compiled.")]
    public void Apache_core_values_httpd_refuses_are_reported(string line, string message)
    {
        using var tree = Apache($"{line}\n<VirtualHost *:80>\n</VirtualHost>\n");
        Assert.Contains(Cl000(tree), f => f.EndsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Require ip 300.1.1.1", "ip address '300.1.1.1' appears to be invalid: The specified IP address is invalid.")]
    [InlineData("Require ip 10.0.0.0/33", "ip address '10.0.0.0/33' appears to be invalid: The specified network mask is invalid.")]
    [InlineData("Require ip abc", "ip address 'abc' appears to be invalid")]
    [InlineData("Allow from 10.0.0.0/33", "The specified network mask is invalid.")]
    [InlineData("Order bogus", "unknown order")]
    [InlineData("Satisfy bogus", "Satisfy either 'any' or 'all'.")]
    [InlineData("AuthMerging bogus", "AuthMerging must be one of: Off | And | Or")]
    public void Apache_access_values_httpd_refuses_are_reported(string line, string message)
    {
        using var tree = Apache($"<VirtualHost *:80>\n<Directory /var/www>\n{line}\n</Directory>\n</VirtualHost>\n");
        Assert.Contains(Cl000(tree), f => f.EndsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ timeout=30 retry=0 max=20 ttl=60 keepalive=On loadfactor=1.5 status=+I-D acquire=500 connectiontimeout=500ms")]
    [InlineData("ProxyPass / http://127.0.0.1:8000/ retry=abc max=abc iobuffersize=abc flushwait=0 nocanon")]
    [InlineData("ProxyPass / balancer://c/ timeout=5 lbmethod=byrequests")]
    [InlineData("ProxyPass / \"unix:/run/app.sock|http://localhost/\"")]
    [InlineData("ProxyPass /x !")]
    [InlineData("ProxyTimeout 500ms")]
    [InlineData("ProxyErrorOverride On 502 503")]
    [InlineData("ProxyIOBufferSize 0")]
    [InlineData("LogLevel warn rewrite:trace3 proxy:info core:info mpm_event:debug mod_ssl.c:warn")]
    [InlineData("RewriteOptions Inherit MaxRedirects=5")]
    [InlineData("SSLProtocol -all +TLSv1.2 +TLSv1.3")]
    [InlineData("SSLVerifyDepth abc")]
    [InlineData("Redirect permanent /a /b")]
    [InlineData("Redirect 410 /a")]
    [InlineData("Timeout abc")]
    [InlineData("LimitRequestBody 2147483648")]
    [InlineData("LimitRequestFields abc")]
    [InlineData("MaxRanges unlimited")]
    [InlineData("DeflateWindowSize 7")]
    [InlineData("RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500")]
    [InlineData("Mutex file:/var/lock default")]
    [InlineData("FileETag -INode +MTime")]
    [InlineData("SetEnvIf Remote_Addr ^10\\. internal")]
    [InlineData("BrowserMatch \"MSIE [2-6]\" nokeepalive")]
    [InlineData("AliasMatch ^/x/([a-z]+)$ /var/www/$1")]
    [InlineData("RedirectMatch 301 ^/old/(.*)$ /new/$1")]
    [InlineData("RewriteEngine On\nRewriteCond %{REQUEST_URI} !\\.(css|js)$\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^/a/([^/]+)$ /b/$1 [R=301,L]")]
    public void Values_httpd_takes_are_not_reported(string line)
    {
        using var tree = Apache($"{line}\n<VirtualHost *:80>\n</VirtualHost>\n", "proxy", "proxy_http", "proxy_balancer", "rewrite", "ssl");
        Assert.Empty(Cl000(tree));
    }

    [Theory]
    [InlineData("Require ip 10.1 10.0.0.0/255.255.0.0 ::1 192.168.0.0/16")]
    [InlineData("Allow from example.com 10.0.0.0/8 env=x all")]
    [InlineData("Order deny,allow")]
    [InlineData("AllowOverride FileInfo=x AuthConfig")]
    public void Access_values_httpd_takes_are_not_reported(string line)
    {
        using var tree = Apache($"<VirtualHost *:80>\n<Directory /var/www>\n{line}\n</Directory>\n</VirtualHost>\n");
        Assert.Empty(Cl000(tree));
    }

    [Fact]
    public void A_log_module_is_judged_only_where_the_loaded_modules_are_known()
    {
        using var site = new TempTree().Write("etc/apache2/sites-enabled/shop.conf", "<VirtualHost *:80>\nLogLevel warn nomod:info\n</VirtualHost>\n");
        Assert.Empty(Cl000(site));
    }

    [Theory]
    [InlineData("backend app\n    timeout server 30x\n", "unexpected character 'x' in 'timeout server'")]
    [InlineData("backend app\n    timeout server 25d\n", "timer overflow in argument '25d' to 'timeout server' (maximum value is 2147483647 ms or ~24.8 days)")]
    [InlineData("backend app\n    timeout check 5S\n", "unexpected character 'S' in 'timeout check'")]
    [InlineData("backend app\n    balance bogus\n", "balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.")]
    [InlineData("backend app\n    balance uri depth abc\n", "balance uri : 'depth' expects a positive integer (got 'abc').")]
    [InlineData("backend app\n    balance random(0)\n", "balance random : number of draws must be at least 1.")]
    [InlineData("backend app\n    mode bogus\n", "unknown proxy mode 'bogus'.")]
    [InlineData("backend app\n    hash-type bogus\n", "'hash-type' only supports 'consistent' and 'map-based'.")]
    [InlineData("backend app\n    http-reuse bogus\n", "'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.")]
    [InlineData("backend app\n    retry-on bogus\n", "'retry-on': unknown keyword 'bogus'")]
    [InlineData("backend app\n    http-request bogus\n", "but got 'bogus'.")]
    [InlineData("backend app\n    errorfile 999 /etc/haproxy/errors/503.http\n", "errorfile : status code '999' not handled.")]
    [InlineData("backend app\n    server b 127.0.0.1:8001 check inter 2x\n", "'server app/b' : unexpected character 'x' in 'agent-inter' argument of server b.")]
    [InlineData("backend app\n    server b 127.0.0.1:8001 weight 300\n", "'server app/b' : weight of server b is not within 0 and 256 (300).")]
    [InlineData("backend app\n    server b 127.0.0.1:8001 rise 0\n", "'server app/b' : 'rise' has to be > 0.")]
    [InlineData("backend app\n    server b 127.0.0.1:8001 bogus\n", "'server app/b' : unknown keyword 'bogus'.")]
    [InlineData("backend app\n    server b 127.0.0.1:8001 observe bogus\n", "'server app/b' : 'observe' expects one of 'none', 'layer4', 'layer7' but got 'bogus'.")]
    [InlineData("backend app\n    server b 127.0.0.1:70000\n", "'server app/b' : invalid port '70000'")]
    [InlineData("backend app\n    default-server weight 300\n", "weight of server default-server is not within 0 and 256 (300).")]
    [InlineData("frontend web2\n    bind 127.0.0.1:8081\n    option httplog bogus\n", "keyword 'httplog' only supports option 'clf'.")]
    [InlineData("frontend web2\n    bind 127.0.0.1:8081\n    tcp-request inspect-delay 5x\n", "'tcp-request inspect-delay' expects a positive delay in milliseconds, in frontend 'web2' (unexpected character 'x')")]
    [InlineData("global\n    nbthread 0\n", "'nbthread' value must be between 1 and 64 (was 0)")]
    [InlineData("global\n    hard-stop-after 10x\n", "unexpected character 'x' in argument to <hard-stop-after>.")]
    [InlineData("global\n    stats bogus\n", "'stats' only supports 'socket', 'maxconn', 'bind-process' and 'timeout' (got 'bogus')")]
    public void Haproxy_values_haproxy_refuses_are_reported(string section, string message)
    {
        using var tree = Haproxy(Config(section));
        Assert.Contains(Cl000(tree), f => f.EndsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("backend app\n    timeout server 30s\n    timeout connect 5sec\n    timeout client 500ms\n    timeout tunnel 1h\n    timeout check 100us\n    timeout queue 24d\n")]
    [InlineData("backend app\n    balance uri len 10 depth 2 whole\n    hash-type consistent djb2 avalanche\n")]
    [InlineData("backend app\n    balance hdr(Host) use_domain_only\n")]
    [InlineData("backend app\n    balance random(2)\n")]
    [InlineData("backend app\n    balance roundrobin\n    http-reuse safe\n    retry-on all-retryable-errors 503\n")]
    [InlineData("backend app\n    server b 127.0.0.1:8001 check inter 2s fall 3 rise 2 weight 256 maxconn 100 on-marked-down shutdown-sessions init-addr last,libc,none\n")]
    [InlineData("backend app\n    server b 127.0.0.1:0 weight abc\n    server c unix@/run/app.sock\n    server d 127.0.0.1:8002 source 127.0.0.1\n")]
    [InlineData("backend app\n    http-request set-var(txn.x) str(a)\n    http-request set-header X-A b\n    http-response set-status 200\n")]
    [InlineData("frontend web2\n    bind 127.0.0.1:8081\n    option httplog clf\n    option forwardfor except 127.0.0.1\n    errorfile 503 /etc/haproxy/errors/503.http\n")]
    [InlineData("global\n    nbthread 2\n    hard-stop-after 30s\n    stats timeout 30s\n")]
    public void Haproxy_values_haproxy_takes_are_not_reported(string section)
    {
        using var tree = Haproxy(Config(section));
        Assert.Empty(Cl000(tree));
    }

    [Fact]
    public void A_server_keyword_of_a_later_release_is_judged_only_where_the_root_shows_haproxy_2_6()
    {
        const string Section = "backend app\n    server b 127.0.0.1:8001 hash-key id\n    http-request set-bandwidth-limit x\n";
        using var image = Haproxy(Config(Section), debian: false);
        Assert.Empty(Cl000(image));
        using var debian = Haproxy(Config(Section));
        Assert.Equal(2, Cl000(debian).Count);
    }
}
