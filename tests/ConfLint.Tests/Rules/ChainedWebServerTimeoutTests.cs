using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL006 through a chain of web servers (LibreTime's shape): a TLS site proxies to the host's own nginx server,
/// which waits for a PHP-FPM pool. The outer proxy must wait as long as the inner server may (its read timeout bounded by
/// its pool's limit); the controls stay silent: an outer that waits longer, an inner server on another port, a regular
/// expression location passing requests on inside, a Compose service's port whose nginx is not read.</summary>
public class ChainedWebServerTimeoutTests
{
    private static string Front(string timeout = "", string target = "http://localhost:8080/", string host = "proxy_set_header Host $host;") =>
        "server {\n    listen 443 ssl;\n    server_name libretime.example.org;\n    ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem;\n    ssl_certificate_key /etc/ssl/private/ssl-cert-snakeoil.key;\n"
        + $"    location / {{\n        {host}\n        proxy_pass {target};\n{timeout}    }}\n}}\n";

    private static string Inner(string read = "fastcgi_read_timeout 305s;", string listen = "8080", string location = "location /") =>
        $"server {{\n    listen {listen};\n    listen [::]:{listen};\n    root /usr/share/libretime/legacy/public;\n    index index.php;\n"
        + $"    {location} {{\n        include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        fastcgi_pass unix:/run/libretime-legacy.sock;\n        {read}\n    }}\n}}\n";

    private static TempTree Root(string front, string inner, string terminate = "300") => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\n")
        .Write("etc/nginx/sites-enabled/libretime.example.org.conf", front)
        .Write("etc/nginx/sites-enabled/libretime.conf", inner)
        .Write("usr/share/libretime/legacy/public/index.php", "<?php\n")
        .Write("etc/php/8.1/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.1-fpm.pid\ninclude=/etc/php/8.1/fpm/pool.d/*.conf\n")
        .Write("etc/php/8.1/fpm/pool.d/libretime-legacy.conf", $"[libretime-legacy]\nuser = libretime\ngroup = libretime\nlisten = /run/libretime-legacy.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\nrequest_terminate_timeout = {terminate}\n");

    private static string Lint(TempTree tree, bool verbose = false)
    {
        var output = verbose ? CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--verbose") : CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    [Fact]
    public void The_front_on_the_default_60_s_is_cut_before_the_inner_server_and_its_pool()
    {
        using var tree = Root(Front(), Inner());
        var report = Lint(tree);
        Assert.Contains("etc/nginx/sites-enabled/libretime.example.org.conf:8:9: warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("the nginx server at etc/nginx/sites-enabled/libretime.conf:1", report, StringComparison.Ordinal);
        // min(305 s of the inner wait, the pool's 300 s): the pool's limit is the one the front must allow.
        Assert.Contains("lets a request run for 5m (request_terminate_timeout)", report, StringComparison.Ordinal);
        Assert.Contains("libretime-legacy.conf:12", report, StringComparison.Ordinal);
        Assert.Contains("Set proxy_read_timeout 305s", report, StringComparison.Ordinal);
        Assert.DoesNotContain("(unsafe fix)", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inner_wait_shorter_than_its_pools_limit_is_the_limit()
    {
        using var tree = Root(Front(), Inner(read: "fastcgi_read_timeout 120s;"));
        var report = Lint(tree);
        Assert.Contains("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("lets a request run for 2m (fastcgi_read_timeout 2m", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outer_that_waits_as_long_or_longer_is_silent()
    {
        using var longer = Root(Front(timeout: "        proxy_read_timeout 400s;\n"), Inner());
        Assert.DoesNotContain("CL006", Lint(longer), StringComparison.Ordinal);

        // 300 s: as long as the pool lets a request run (the inner 305 s bounded by it).
        using var equal = Root(Front(timeout: "        proxy_read_timeout 300s;\n"), Inner());
        Assert.DoesNotContain("warning CL006", Lint(equal), StringComparison.Ordinal);
    }

    [Fact]
    public void An_inner_server_on_another_port_is_not_compared()
    {
        using var tree = Root(Front(), Inner(listen: "8081"));
        Assert.DoesNotContain("warning CL006", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_regular_expression_location_passing_inside_a_prefix_is_silent_with_a_note()
    {
        // The inner pass stands in a regex location: which requests it takes is the regex's, not provable here.
        using var regex = Root(Front(), Inner(location: "location ~ \\.php$"));
        var noted = Lint(regex, verbose: true);
        Assert.DoesNotContain("warning CL006", noted, StringComparison.Ordinal);
        Assert.Contains("stands in a regular-expression or named location", noted, StringComparison.Ordinal);
    }

    [Fact]
    public void An_internal_regular_expression_location_takes_no_request_of_the_outer_proxy()
    {
        // Label Studio's shape: X-Accel-Redirect downloads go through an internal regex location that proxies on; no
        // client request reaches it by matching (nginx answers 404), so the chain through location / is judged.
        var download = "    location ~ ^/file_download/(.*)$ {\n        internal;\n        proxy_pass http://storage.example.org/$1;\n    }\n";
        var inner = Inner();
        using var tree = Root(Front(), inner[..^2] + download + "}\n");
        Assert.Contains("warning CL006", Lint(tree), StringComparison.Ordinal);

        // Control: the same location without `internal` may take any request: not judged, with the note.
        using var open = Root(Front(), inner[..^2] + download.Replace("        internal;\n", string.Empty, StringComparison.Ordinal) + "}\n");
        var noted = Lint(open, verbose: true);
        Assert.DoesNotContain("warning CL006", noted, StringComparison.Ordinal);
        Assert.Contains("stands in a regular-expression or named location", noted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_host_header_is_silent_with_a_note()
    {
        using var tree = Root(Front(host: "proxy_set_header Host $upstream_name;"), Inner());
        var report = Lint(tree, verbose: true);
        Assert.DoesNotContain("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("it sends Host $upstream_name, known only per request", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compose_services_published_port_is_compared_only_where_its_nginx_is_read()
    {
        var compose = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\"\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n";
        var inside = "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://app:8000;\n            proxy_read_timeout 600s;\n        }\n    }\n}\n";
        using var read = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/site.conf", Front(target: "http://127.0.0.1:8080"))
            .Write("opt/app/docker-compose.yml", compose)
            .Write("opt/app/nginx.conf", inside);
        var report = Lint(read);
        // The inner nginx's 600 s with nothing known behind it (app:8000) is how long it waits, not a back end's limit: info.
        Assert.Contains("etc/nginx/sites-enabled/site.conf:8:9: info CL006", report, StringComparison.Ordinal);
        Assert.Contains("in Compose service 'web' (Docker publishes its port 80 on 8080)", report, StringComparison.Ordinal);

        using var unread = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/site.conf", Front(target: "http://127.0.0.1:8080"))
            .Write("opt/app/docker-compose.yml", compose.Replace("    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain(" CL006 ", Lint(unread), StringComparison.Ordinal);
    }
}
