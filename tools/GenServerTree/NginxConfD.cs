namespace ConfLint.Tools.GenServerTree;

/// <summary>The http-level files under <c>etc/nginx/conf.d</c>: defaults, limits, maps, the catch-all server.</summary>
public static class NginxConfD
{
    public static IEnumerable<GeneratedFile> Write()
    {
        var defaults = new ConfigWriter();
        defaults.Line("# Defaults for every proxied and FastCGI site; sites override them where they need to.");
        defaults.Line("proxy_connect_timeout 30s;").Line("proxy_read_timeout 60s;").Line("proxy_send_timeout 60s;");
        defaults.Line("proxy_buffer_size 16k;").Line("proxy_buffers 8 16k;").Line("proxy_busy_buffers_size 32k;");
        defaults.Line("fastcgi_read_timeout 120s;").Line("fastcgi_buffer_size 32k;").Line("fastcgi_buffers 16 16k;");
        defaults.Line("fastcgi_busy_buffers_size 32k;");
        yield return new GeneratedFile("etc/nginx/conf.d/00-upstream-defaults.conf", defaults.ToString());

        var limits = new ConfigWriter();
        limits.Line("limit_req_zone $binary_remote_addr zone=perip:10m rate=10r/s;");
        limits.Line("limit_conn_zone $binary_remote_addr zone=addr:10m;");
        limits.Line("limit_req_status 429;");
        yield return new GeneratedFile("etc/nginx/conf.d/10-limits.conf", limits.ToString());

        var maps = new ConfigWriter();
        maps.Open("map $http_upgrade $connection_upgrade").Line("default upgrade;").Line("''      close;").Close().Line();
        maps.Open("map $http_user_agent $bad_bot").Line("default 0;").Line("\"~*(ahrefs|semrush|mj12bot)\" 1;");
        maps.Line("~*^$ 1;").Close();
        yield return new GeneratedFile("etc/nginx/conf.d/20-maps.conf", maps.ToString());

        var catchAll = new ConfigWriter();
        catchAll.Line("# Requests for names this box does not serve are closed without an answer.");
        catchAll.Open("server").Line("listen 80 default_server;").Line("listen [::]:80 default_server;");
        catchAll.Line("server_name _;").Line("return 444;").Close();
        yield return new GeneratedFile("etc/nginx/conf.d/99-default-server.conf", catchAll.ToString());
    }
}
