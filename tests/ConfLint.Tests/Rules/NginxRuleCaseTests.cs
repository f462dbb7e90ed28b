using System.Text.Json;
using ConfLint.Host;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Cases of the nginx-side rules that fixtures do not show well: links under the root (CL002), exactly what a variable
/// <c>proxy_pass</c> sends (CL004), what the root says about name resolution (CL004, CL015), the evidence each rule needs
/// before it speaks above <c>info</c>, and what it leaves unjudged.
/// </summary>
public sealed class NginxRuleCaseTests
{
    private const string NginxConf = "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n";

    private sealed record Finding(string Code, string Severity, string Where, string Message, string? Fix, string? FixTitle);

    private static List<Finding> Lint(TempTree tree, string code)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json", "--select", code);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code).Select(d => new Finding(
            d.GetProperty("code").GetString()!, d.GetProperty("severity").GetString()!, $"{d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}",
            d.GetProperty("message").GetString()!,
            d.GetProperty("fix").ValueKind == JsonValueKind.Null ? null : d.GetProperty("fix").GetProperty("applicability").GetString(),
            d.GetProperty("fix").ValueKind == JsonValueKind.Null ? null : d.GetProperty("fix").GetProperty("description").GetString())).ToList();
    }

    private static string Fixed(TempTree tree, string code, string file, bool unsafeFixes = false)
    {
        var output = CliRunner.Run(["fix", "--root", tree.Root, "--select", code, .. unsafeFixes ? new[] { "--unsafe-fixes" } : []]);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return tree.Read(file);
    }

    private static TempTree Nginx(string site) => new TempTree().Write("etc/nginx/nginx.conf", NginxConf).Write("etc/nginx/sites-enabled/app", site);

    [Fact]
    public void CL002_follows_a_linked_release_folder_and_CL001_sees_one_socket()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", NginxConf)
            .Write("etc/nginx/sites-enabled/shop", "server {\n    listen 80;\n    location ~ \\.php$ {\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        fastcgi_pass unix:/srv/shop/current/sockets/php.sock;\n    }\n}\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/shop.conf", "[shop]\nuser = shop\ngroup = shop\nlisten = /srv/shop/shared/sockets/php.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 4\n")
            .Write("srv/shop/shared/sockets/.keep", string.Empty)
            .Write("srv/shop/releases/20240301/index.php", "<?php\n")
            .Link("srv/shop/releases/20240301/sockets", "../../shared/sockets")
            .Link("srv/shop/current", "releases/20240301");

        var host = HostModelBuilder.Build(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLint.Configuration.ConfLintConfig.Empty);
        Assert.Equal("/srv/shop/shared/sockets/php.sock", host.SocketFile("/srv/shop/current/sockets/php.sock"));
        Assert.Empty(Lint(tree, "CL001"));
        var finding = Assert.Single(Lint(tree, "CL002"));
        Assert.Equal(("info", "etc/nginx/sites-enabled/shop:5", "safe"), (finding.Severity, finding.Where, finding.Fix));
        Assert.Contains("a link under the root makes /srv/shop/current/sockets the folder /srv/shop/shared/sockets", finding.Message);
        Assert.Contains("fastcgi_pass unix:/srv/shop/shared/sockets/php.sock;", Fixed(tree, "CL002", "etc/nginx/sites-enabled/shop"));
    }

    [Fact]
    public void An_unread_include_at_the_main_level_does_not_make_a_list_fix_unsafe()
    {
        // Debian's nginx.conf includes modules-enabled/*.conf at the main level; that folder holds load_module lines
        // and cannot hold a proxy_set_header for a location inside http: CL012's fix stays safe without it.
        const string site = "upstream app { server 127.0.0.1:8000; keepalive 16; }\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://app;\n    }\n}\n";
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", site);
        Assert.Equal(["etc/nginx/sites-enabled/app:5 safe"], Lint(tree, "CL012").Select(f => $"{f.Where} {f.Fix}"));

        // The same include inside http may hold the list: then the fix is only shown.
        using var inside = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/extra/*.conf;\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", site);
        Assert.Equal(["etc/nginx/sites-enabled/app:5 display-only"], Lint(inside, "CL012").Select(f => $"{f.Where} {f.Fix}"));
    }

    /// <summary>The websocket map (<c>map $http_upgrade $connection_upgrade</c>) is read for what a request that asks for
    /// no upgrade sends in the site's catch-all location: <c>'' close</c> ends each keepalive connection (reported, the
    /// map's change shown), <c>'' ""</c> keeps it; a map ConfLint cannot evaluate (a regex key) stays a note, and a
    /// location kept for websockets is left alone.</summary>
    [Theory]
    [InlineData("default upgrade;\n    '' close;", "warning display-only")]
    [InlineData("default upgrade;\n    '' \"\";", null)]
    [InlineData("default upgrade;\n    ~^$ close;", null)]
    [InlineData("default upgrade;\n    '' close;", null, "/ws/")]
    public void CL012_reads_the_websocket_map_for_ordinary_requests(string entries, string? expected, string location = "/")
    {
        var site = "upstream app { server 127.0.0.1:8000; keepalive 16; }\nmap $http_upgrade $connection_upgrade {\n    " + entries + "\n}\n" +
            "server {\n    listen 80;\n    location " + location + " {\n        proxy_pass http://app;\n        proxy_http_version 1.1;\n" +
            "        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection $connection_upgrade;\n    }\n}\n";
        using var tree = Nginx(site);
        var findings = Lint(tree, "CL012").Select(f => $"{f.Severity} {f.Fix}").ToList();
        Assert.Equal(expected is null ? [] : [expected], findings);
    }

    [Fact]
    public void CL004_keeps_a_proxy_pass_with_a_uri_as_it_is_and_only_advises()
    {
        using var tree = Nginx("server {\n    listen 80;\n    location /api/ {\n        proxy_pass http://backend.internal:8080/v1/;\n    }\n}\n").Write("etc/resolv.conf", "nameserver 10.0.0.2\n");
        var finding = Assert.Single(Lint(tree, "CL004"));
        Assert.Equal("display-only", finding.Fix);
        Assert.Contains("Keep the URI '/v1/'", finding.FixTitle);
        Assert.Contains("proxy_pass http://backend.internal:8080/v1/;", Fixed(tree, "CL004", "etc/nginx/sites-enabled/app", unsafeFixes: true));
    }

    [Fact]
    public void CL004_writes_out_the_redirect_nginx_drops_for_a_variable_target()
    {
        using var tree = Nginx("server {\n    listen 80;\n    location / {\n        proxy_pass http://backend.internal:8080;\n        proxy_redirect default;\n    }\n}\n").Write("etc/resolv.conf", "nameserver 10.0.0.2\n");
        var text = Fixed(tree, "CL004", "etc/nginx/sites-enabled/app", unsafeFixes: true);
        Assert.Contains("        set $backend_backend_internal backend.internal;\n        proxy_pass http://$backend_backend_internal:8080;\n", text);
        Assert.Contains("        proxy_redirect http://backend.internal:8080/ /;\n", text);
        Assert.DoesNotContain("proxy_redirect default", text);
        Assert.Contains("resolver 10.0.0.2 valid=30s;", text);
    }

    /// <summary>A variable anywhere in the value (here only the URI) makes nginx evaluate the URL per request and resolve
    /// its written host with its own resolver (ngx_http_proxy_eval, no_resolve): localhost and a DNS name fail on every
    /// request without one; an IP address, an implicit upstream of the same host and port, an upstream block named
    /// without a port, or a resolver in scope need nothing more.</summary>
    [Theory]
    [InlineData("proxy_pass http://localhost:8080/VirtualHostBase/http/$host:80/Plone/VirtualHostRoot$request_uri;", "", "localhost")]
    [InlineData("proxy_pass http://plone-app.internal:8080/VirtualHostBase/http/$host:80/Plone/VirtualHostRoot$request_uri;", "", "plone-app.internal")]
    [InlineData("proxy_pass http://localhost:8080$request_uri;", "", "localhost")]
    [InlineData("proxy_pass http://app:8080/$request_uri;", "upstream app { server 127.0.0.1:8080; }\n", "app")]
    [InlineData("proxy_pass http://localhost:8080/$request_uri;", "server { listen 8000; location / { proxy_pass http://localhost:8081; } }\n", "localhost")]
    [InlineData("proxy_pass http://127.0.0.1:8080/VirtualHostBase/http/$host:80/Plone/VirtualHostRoot$request_uri;", "", null)]
    [InlineData("proxy_pass http://localhost:8080/VirtualHostBase/http/$host:80/Plone/VirtualHostRoot$request_uri;", "server { listen 8000; location / { proxy_pass http://LOCALHOST:8080; } }\n", null)]
    [InlineData("proxy_pass http://localhost/$request_uri;", "server { listen 8000; location / { proxy_pass http://localhost; } }\n", null)]
    [InlineData("proxy_pass http://app/$request_uri;", "upstream app { server 127.0.0.1:8080; }\n", null)]
    [InlineData("proxy_pass http://localhost:8080/$request_uri;", "server { listen 8000; location / { proxy_pass http://localhost:8080/$uri; } }\n", "localhost")]
    public void CL004_resolves_a_written_host_per_request_when_the_uri_holds_a_variable(string pass, string before, string? name)
    {
        using var tree = Nginx(before + "server {\n    listen 80;\n    location / {\n        " + pass + "\n    }\n}\n")
            .Write("etc/hosts", "127.0.0.1 localhost\n::1 localhost ip6-localhost\n");
        // Only this pass's findings: a pass elsewhere with variables of its own is reported for itself.
        var written = pass["proxy_pass ".Length..].TrimEnd(';');
        var findings = Lint(tree, "CL004").Where(f => f.Message.StartsWith($"proxy_pass {written}:", StringComparison.Ordinal)).ToList();
        if (name is null)
        {
            Assert.Empty(findings);
            return;
        }

        var finding = Assert.Single(findings);
        Assert.Equal("error", finding.Severity);
        Assert.Contains($"the value contains variables, so nginx resolves '{name}' per request and needs a resolver", finding.Message);
        Assert.Contains($"'no resolver defined to resolve {name}' and a 502", finding.Message);
        Assert.DoesNotContain("resolved once", finding.Message);

        // With a resolver in scope nginx resolves the name per request through it.
        using var resolved = Nginx(before + "server {\n    listen 80;\n    resolver 10.0.0.2;\n    location / {\n        " + pass + "\n    }\n}\n");
        Assert.DoesNotContain(Lint(resolved, "CL004"), f => f.Message.StartsWith($"proxy_pass {written}:", StringComparison.Ordinal));
    }

    /// <summary>localhost's address is the fix only when one outcome fits: the name has one loopback address, or one back
    /// end alone listens on its addresses; and proxy_pass sets Host itself (else $proxy_host, the Host sent, changes).</summary>
    [Theory]
    [InlineData("127.0.0.1 localhost\n::1 localhost\n", "127.0.0.1:8080", true, "safe", "127.0.0.1")]
    [InlineData("127.0.0.1 localhost\n::1 localhost\n", "[::1]:8080", true, "safe", "[::1]")]
    [InlineData("127.0.0.1 localhost\n::1 localhost\n", "127.0.0.1:8080", false, "unsafe", "127.0.0.1")]
    [InlineData("127.0.0.1 localhost\n::1 localhost\n", null, true, "unsafe", "127.0.0.1")]
    [InlineData("127.0.0.1 localhost\n", null, true, "safe", "127.0.0.1")]
    public void CL004_writes_localhosts_address_only_when_the_evidence_picks_it(string hosts, string? bind, bool hostHeader, string applicability, string address)
    {
        using var tree = Nginx("server {\n    listen 80;\n    location / {\n        proxy_pass http://localhost:8080/VirtualHostBase/http/$host:80/Plone/VirtualHostRoot$request_uri;\n"
            + (hostHeader ? "        proxy_set_header Host $host;\n" : string.Empty) + "    }\n}\n").Write("etc/hosts", hosts);
        if (bind is not null)
        {
            tree.Write("etc/systemd/system/app.service", $"[Service]\nExecStart=/usr/bin/gunicorn --bind {bind} app:app\n");
        }

        var finding = Assert.Single(Lint(tree, "CL004"));
        Assert.Equal(("error", applicability), (finding.Severity, finding.Fix));
        Assert.Contains($"proxy_pass http://{address}:8080/VirtualHostBase/http/$host:80/Plone/VirtualHostRoot$request_uri;",
            Fixed(tree, "CL004", "etc/nginx/sites-enabled/app", unsafeFixes: applicability == "unsafe"));
    }

    [Fact]
    public void CL004_without_the_roots_resolver_only_advises_and_in_a_container_uses_dockers()
    {
        const string site = "server {\n    listen 80;\n    location / {\n        set $api api.internal;\n        proxy_pass http://$api:8080;\n    }\n}\n";
        using var plain = Nginx(site);
        Assert.Equal("display-only", Assert.Single(Lint(plain, "CL004")).Fix);

        // /.dockerenv alone: Docker's embedded DNS, which a container on the default bridge does not have. Unsafe.
        using var container = Nginx(site).Write(".dockerenv", string.Empty);
        var finding = Assert.Single(Lint(container, "CL004"));
        Assert.Equal("unsafe", finding.Fix);
        Assert.Contains("resolver 127.0.0.11", finding.FixTitle);
        Assert.Contains("user-defined network", finding.FixTitle);

        // The container's resolv.conf names it: on a user-defined network. Safe.
        using var onNetwork = Nginx(site).Write(".dockerenv", string.Empty).Write("etc/resolv.conf", "nameserver 127.0.0.11\noptions ndots:0\n");
        var confirmed = Assert.Single(Lint(onNetwork, "CL004"));
        Assert.Equal("safe", confirmed.Fix);
        Assert.Contains("resolver 127.0.0.11", confirmed.FixTitle);
    }

    /// <summary>A site file named for the application ties its proxy to the service of that name (JupyterHub's
    /// sites-available/jupyterhub.conf and jupyterhub.service); a daemon's default file names none.</summary>
    [Fact]
    public void CL001_takes_a_site_file_named_for_a_service_as_its_tie()
    {
        const string site = "server {\n    listen 80;\n    server_name hub.example.edu;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n";
        const string unit = "[Service]\nExecStart=/opt/jupyterhub/bin/jupyterhub --port 8080\nRestart=always\n";
        using var named = new TempTree().Write("etc/nginx/nginx.conf", NginxConf).Write("etc/nginx/sites-enabled/jupyterhub.conf", site)
            .Write("etc/systemd/system/jupyterhub.service", unit);
        var tied = Assert.Single(Lint(named, "CL001"));
        Assert.Equal(("error", "safe"), (tied.Severity, tied.Fix));
        Assert.Contains("its file jupyterhub.conf is named for it", tied.FixTitle);

        using var stock = new TempTree().Write("etc/nginx/nginx.conf", NginxConf).Write("etc/nginx/sites-enabled/default", site)
            .Write("etc/systemd/system/jupyterhub.service", unit);
        Assert.Equal("info", Assert.Single(Lint(stock, "CL001")).Severity);
    }

    /// <summary>Linux sends a connection to the unspecified address to the loopback (lemmy-ansible's nginx template writes
    /// <c>proxy_pass http://0.0.0.0:PORT</c>): a server on 127.0.0.1 answers it, one on another port does not.</summary>
    [Fact]
    public void CL001_reads_a_target_on_the_unspecified_address_as_the_loopback()
    {
        static TempTree Tree(string bind) => new TempTree().Write("etc/nginx/nginx.conf", NginxConf)
            .Write("etc/nginx/sites-enabled/app.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://0.0.0.0:8000;\n    }\n}\n")
            .Write("etc/systemd/system/app.service", $"[Service]\nExecStart=/usr/bin/gunicorn --bind {bind} app:app\nRestart=always\n");
        using var loopback = Tree("127.0.0.1:8000");
        Assert.Empty(Lint(loopback, "CL001"));

        using var moved = Tree("127.0.0.1:8001");
        Assert.Equal("error", Assert.Single(Lint(moved, "CL001")).Severity);
    }

    /// <summary>nginx looks its <c>user</c> up when a master started as root reads the line: in the main file the unit
    /// loads, not in another nginx.conf of the root (Sentry's, mounted by Compose into an image with its own accounts).</summary>
    [Fact]
    public void CL000_checks_the_user_line_of_the_main_file_a_root_unit_loads_only()
    {
        const string unit = "[Service]\nType=forking\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\n";
        const string main = "user nginx;\nevents {}\nhttp {}\n";
        static TempTree Tree(string unitText) => new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\n")
            .Write("lib/systemd/system/nginx.service", unitText);

        using var host = Tree(unit).Write("etc/nginx/nginx.conf", main);
        var refused = Assert.Single(Lint(host, "CL000"));
        Assert.Equal(("error", "etc/nginx/nginx.conf:1"), (refused.Severity, refused.Where));
        Assert.Contains("getpwnam(\"nginx\") failed", refused.Message);

        // The same line in a Compose project's nginx.conf: the image's accounts, which the root does not show.
        using var mounted = Tree(unit).Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {}\n").Write("opt/sentry/nginx.conf", main)
            .Write("opt/sentry/docker-compose.yml", "services:\n  nginx:\n    image: nginx:1.31.3-alpine\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n");
        Assert.Empty(Lint(mounted, "CL000"));

        // A unit that names its file with -c: that file is judged, the default one is not.
        using var named = Tree("[Service]\nExecStart=/usr/sbin/nginx -c /etc/nginx/nginx.conf -g 'daemon off;'\n").Write("etc/nginx/nginx.conf", main);
        Assert.Equal(["etc/nginx/nginx.conf:1"], Lint(named, "CL000").Select(f => f.Where));
        using var elsewhere = Tree("[Service]\nExecStart=/usr/sbin/nginx -c /srv/web/nginx.conf -g 'daemon off;'\n").Write("etc/nginx/nginx.conf", main);
        Assert.Empty(Lint(elsewhere, "CL000"));
    }

    /// <summary>Jitsi's packaged site: a map whose default is an upstream sends ordinary requests there without a
    /// resolver; only the requests whose key picks a bare name fail, and a resolver cannot help a one-label name
    /// outside Docker's DNS.</summary>
    [Fact]
    public void CL004_weighs_a_map_whose_default_is_an_upstream()
    {
        const string map = "upstream prosody { server 127.0.0.1:5280; }\nmap $arg_vnode $prosody_node {\n    default prosody;\n    v1 v1;\n    v2 v2;\n    v3 v3;\n    v4 v4;\n}\n";
        const string server = "server {\n    listen 80;\n    location = /http-bind {\n        proxy_pass http://$prosody_node/http-bind;\n    }\n}\n";
        using var tree = Nginx(map + server).Write("etc/resolv.conf", "nameserver 192.0.2.53\n");
        var finding = Assert.Single(Lint(tree, "CL004"));
        Assert.Equal(("info", "unsafe"), (finding.Severity, finding.Fix));
        Assert.Contains("requests whose $arg_vnode is 'v1', 'v2', 'v3' and 1 more set $prosody_node to a hostname ('v1')", finding.Message);
        Assert.Contains("map's default 'prosody'", finding.Message);
        Assert.Contains("those requests fail", finding.Message);
        Assert.Contains("one-label name", finding.FixTitle);

        // Without the bare names nothing needs a resolver.
        using var plain = Nginx("upstream prosody { server 127.0.0.1:5280; }\nmap $arg_vnode $prosody_node {\n    default prosody;\n}\n" + server);
        Assert.Empty(Lint(plain, "CL004"));

        // A default that is itself a hostname: every ordinary request needs the resolver.
        using var hostDefault = Nginx("map $arg_vnode $prosody_node {\n    default prosody.internal.example;\n    v1 prosody;\n}\nupstream prosody { server 127.0.0.1:5280; }\n" + server)
            .Write("etc/resolv.conf", "nameserver 192.0.2.53\n");
        var all = Assert.Single(Lint(hostDefault, "CL004"));
        Assert.Equal(("warning", "safe"), (all.Severity, all.Fix));
        Assert.Contains("each request fails", all.Message);

        // A map with no default gives the empty string to other requests: not a working fallback, judged as before.
        using var noDefault = Nginx("upstream prosody { server 127.0.0.1:5280; }\nmap $arg_vnode $prosody_node {\n    v0 prosody;\n    v1 node1.example.org;\n}\n" + server)
            .Write("etc/resolv.conf", "nameserver 192.0.2.53\n");
        Assert.Equal(("warning", "safe"), Assert.Single(Lint(noDefault, "CL004")) is var f ? (f.Severity, f.Fix) : default);
    }

    /// <summary>A resolver may come from a file nginx reads and ConfLint did not: an include in the location (a
    /// reverse-proxy collection's resolver.conf), or the http block of the nginx.conf around a lone site file.</summary>
    [Fact]
    public void CL004_does_not_call_the_resolver_missing_where_an_unread_file_may_set_it()
    {
        const string location = "        set $upstream_app app;\n        proxy_pass http://$upstream_app:8080;\n";
        const string site = "server {\n    listen 80;\n    location / {\n        include /config/nginx/resolver.conf;\n" + location + "    }\n    location /api/ {\n" + location + "    }\n}\n";
        using var repo = new TempTree().Write("proxy-confs/app.subdomain.conf", site);
        var output = CliRunner.RunIn(repo.Root, "lint", "proxy-confs", "--format", "json", "--select", "CL004", "--verbose");
        Assert.Equal(0, output.ExitCode);
        Assert.Contains("CL004 cannot see whether include /config/nginx/resolver.conf sets 'resolver'; not judged", output.Stderr);

        // The other location has no include: only the http block of the nginx.conf around the file may hold a resolver.
        // Info, and the fix only shown (a resolver added here would replace the http block's).
        using (var json = JsonDocument.Parse(output.Stdout))
        {
            var finding = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray());
            Assert.Equal(("info", 10), (finding.GetProperty("severity").GetString(), finding.GetProperty("line").GetInt32()));
            Assert.EndsWith("(unless the http block around this file (its nginx.conf is not in the linted paths) sets it)", finding.GetProperty("message").GetString());
            Assert.Equal("display-only", finding.GetProperty("fix").GetProperty("applicability").GetString());
        }

        // The whole configuration read, the location without the include has no resolver; with a folder the deployment
        // fills included at http, neither is judged.
        using var whole = Nginx(site.Replace("/config/nginx/resolver.conf", "/etc/nginx/resolver.conf", StringComparison.Ordinal)).Write("etc/nginx/resolver.conf", "resolver 127.0.0.11 valid=30s;\n");
        Assert.Equal(["etc/nginx/sites-enabled/app:10"], Lint(whole, "CL004").Select(f => f.Where));
        using var filled = new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/dns/*.conf;\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", site.Replace("        include /config/nginx/resolver.conf;\n", string.Empty, StringComparison.Ordinal));
        Assert.Empty(Lint(filled, "CL004"));
    }

    /// <summary>Compose restarts nginx's service after it recreates a dependency marked <c>restart: true</c>: the
    /// name resolved once is then only info; a dependency without it stays a warning.</summary>
    [Fact]
    public void CL004_weighs_a_compose_dependency_that_restarts_nginx_with_it()
    {
        const string Compose = "services:\n  api:\n    image: example/api\n    restart: always\n  worker:\n    image: example/worker\n    restart: always\n  proxy:\n    image: nginx:1.27\n    restart: always\n    depends_on:\n      api:\n        condition: service_started\n        restart: true\n      worker:\n        condition: service_started\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n";
        const string Conf = "events {}\nhttp {\n    upstream api {\n        server api:8000;\n    }\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://api;\n        }\n        location /jobs/ {\n            proxy_pass http://worker:9000;\n        }\n    }\n}\n";
        using var tree = new TempTree().Write("compose.yaml", Compose).Write("nginx.conf", Conf);
        var findings = Lint(tree, "CL004");
        Assert.Equal(["info nginx.conf:4", "warning nginx.conf:12"], findings.Select(f => $"{f.Severity} {f.Where}"));
        Assert.Contains("Compose restarts service 'proxy' whenever it recreates or restarts 'api' (depends_on with restart: true)", findings[0].Message);
    }

    /// <summary>A PHP location in a site file linted alone: nginx.conf's http block may set the parameters (info, the fix
    /// only shown: a fastcgi_param added in the location would replace that list whole); behind an unread include, not
    /// judged; with the whole configuration read, an error with its fix.</summary>
    [Fact]
    public void CL014_weighs_what_it_cannot_see_before_calling_the_parameters_missing()
    {
        const string site = "server {\n    listen 80;\n    root /var/www/html;\n    location ~ \\.php$ {\n        fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n    }\n    location ~ ^/legacy/.+\\.php$ {\n        include /opt/shared/php-params.conf;\n        fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n    }\n}\n";
        using var repo = new TempTree().Write("sites/app.conf", site);
        var output = CliRunner.RunIn(repo.Root, "lint", "sites", "--format", "json", "--select", "CL014", "--verbose");
        Assert.Equal(0, output.ExitCode);
        Assert.Contains("CL014 cannot see whether include /opt/shared/php-params.conf sets fastcgi_param; not judged", output.Stderr);
        using (var json = JsonDocument.Parse(output.Stdout))
        {
            var finding = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray());
            Assert.Equal(("info", 5, "display-only"), (finding.GetProperty("severity").GetString(), finding.GetProperty("line").GetInt32(), finding.GetProperty("fix").GetProperty("applicability").GetString()));
        }

        using var whole = Nginx(site.Replace("        include /opt/shared/php-params.conf;\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal(["error etc/nginx/sites-enabled/app:5 safe", "error etc/nginx/sites-enabled/app:8 safe"], Lint(whole, "CL014").Select(f => $"{f.Severity} {f.Where} {f.Fix}"));
    }

    [Fact]
    public void CL015_and_CL004_split_a_name_by_what_the_root_resolves()
    {
        const string site = "upstream app_backend {\n    server 127.0.0.1:8000;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://app_backnd:8000;\n    }\n    location /api/ {\n        proxy_pass http://api:9000;\n    }\n}\n";

        // A VM without a search domain: both names fail at start, one is an upstream typo (with a port: unsafe fix).
        using var vm = Nginx(site).WithHostResolution();
        Assert.Empty(Lint(vm, "CL004"));
        var findings = Lint(vm, "CL015");
        Assert.Equal(["error etc/nginx/sites-enabled/app:7 unsafe", "error etc/nginx/sites-enabled/app:10 "], findings.Select(f => $"{f.Severity} {f.Where} {f.Fix}"));

        // A container whose Compose file names 'api': that one is DNS's (CL004), the typo stays CL015's.
        using var container = Nginx(site).Write(".dockerenv", string.Empty).Write("etc/resolv.conf", "nameserver 127.0.0.11\n")
            .Write("compose.yaml", "services:\n  api:\n    image: example/api\n");
        Assert.Equal(["etc/nginx/sites-enabled/app:10"], Lint(container, "CL004").Select(f => f.Where));
        Assert.Equal(["etc/nginx/sites-enabled/app:7"], Lint(container, "CL015").Select(f => f.Where));

        // A search domain might complete either name: the typo is info, the other name is not judged.
        using var search = Nginx(site).Write("etc/resolv.conf", "nameserver 10.0.0.2\nsearch corp.example\n");
        Assert.Equal(["info etc/nginx/sites-enabled/app:7"], Lint(search, "CL015").Select(f => $"{f.Severity} {f.Where}"));
    }

    [Fact]
    public void CL015_and_CL000_do_not_call_a_name_undefined_when_a_definition_may_stand_in_a_file_not_read()
    {
        const string site = "server {\n    listen 80;\n    location ~ \\.php$ {\n        fastcgi_pass php-upstream;\n    }\n}\n";

        // The main file includes conf.d, which the repository leaves to the deployment (an image writes the upstream there).
        using var unread = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", site).Write("etc/resolv.conf", "nameserver 10.0.0.2\n");
        Assert.Empty(Lint(unread, "CL015"));
        Assert.Empty(Lint(unread, "CL000"));

        // A near miss of an upstream the tree defines is a typo whatever the unread folder holds.
        using var typo = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", "upstream php_upstream {\n    server 127.0.0.1:9000;\n}\n" + site).Write("etc/resolv.conf", "nameserver 10.0.0.2\n");
        Assert.Equal(["error etc/nginx/sites-enabled/app:7 safe"], Lint(typo, "CL015").Select(f => $"{f.Severity} {f.Where} {f.Fix}"));

        // The same folder present and empty: nothing can define the upstream, and nginx refuses the name.
        using var empty = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/conf.d/README", "upstreams go here\n")
            .Write("etc/nginx/sites-enabled/app", site).Write("etc/resolv.conf", "nameserver 10.0.0.2\n");
        Assert.Equal(["error etc/nginx/sites-enabled/app:4"], Lint(empty, "CL015").Select(f => $"{f.Severity} {f.Where}"));
        Assert.Equal(["error etc/nginx/sites-enabled/app:4"], Lint(empty, "CL000").Select(f => $"{f.Severity} {f.Where}"));

        // A lone site file (no main file under the root): the http block around it is not seen.
        using var lone = new TempTree().Write("etc/nginx/sites-enabled/app", site);
        Assert.Empty(Lint(lone, "CL015"));
        Assert.Empty(Lint(lone, "CL000"));
    }

    [Fact]
    public void CL015_judges_stream_passes_against_stream_upstreams_only()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nstream {\n    upstream db { server 10.0.0.5:5432; }\n    server {\n        listen 5432;\n        proxy_pass db;\n    }\n}\nhttp {\n    upstream web { server 127.0.0.1:8000; }\n    server {\n        listen 80;\n        location / { proxy_pass http://db; }\n    }\n}\n")
            .WithHostResolution();
        var finding = Assert.Single(Lint(tree, "CL015"));
        Assert.Equal("etc/nginx/nginx.conf:13", finding.Where);
    }

    [Fact]
    public void CL005_reports_the_default_only_against_a_chosen_minimum_once_per_server()
    {
        const string sites = "server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:8000; }\n    location /a/ { proxy_pass http://127.0.0.1:8001; }\n}\nserver {\n    listen 81;\n    proxy_buffer_size 16k;\n    proxy_buffers 8 16k;\n    location / { proxy_pass http://127.0.0.1:8002; }\n}\nserver {\n    listen 82;\n    location / { proxy_pass http://127.0.0.1:8003; }\n}\n";
        using var plain = Nginx(sites);
        Assert.Empty(Lint(plain, "CL005"));

        using var chosen = Nginx(sites).Write(".conflint.yml", "rules:\n  CL005: { min: 8k }\n");
        Assert.Equal(["etc/nginx/sites-enabled/app:3", "etc/nginx/sites-enabled/app:14"], Lint(chosen, "CL005").Select(f => f.Where));

        // stream's proxy_buffer_size holds the proxied data, not a response header: not judged.
        using var stream = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nstream {\n    upstream db { server 10.0.0.5:5432; }\n    server {\n        listen 5432;\n        proxy_buffer_size 1k;\n        proxy_pass db;\n    }\n}\n")
            .Write(".conflint.yml", "rules:\n  CL005: { min: 8k }\n");
        Assert.Empty(Lint(stream, "CL005"));
    }

    [Fact]
    public void CL014_judges_only_what_it_can_read_and_grades_by_evidence_of_php()
    {
        using var unread = Nginx("server {\n    listen 80;\n    location ~ \\.php$ {\n        include fastcgi_params;\n        fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n    }\n}\n");
        Assert.Empty(Lint(unread, "CL014"));

        using var notPhp = Nginx("server {\n    listen 80;\n    location /cgi/ {\n        fastcgi_param QUERY_STRING $query_string;\n        fastcgi_pass unix:/run/app/fcgi.sock;\n    }\n}\n");
        var notPhpFinding = Assert.Single(Lint(notPhp, "CL014"));
        Assert.Equal(("info", "unsafe"), (notPhpFinding.Severity, notPhpFinding.Fix));

        // fcgiwrap finds gitweb.cgi from DOCUMENT_ROOT and SCRIPT_NAME (get_cgi_filename), the rest of the path being
        // PATH_INFO: with fastcgi_params' lines there is nothing to report, and fastcgi.conf's SCRIPT_FILENAME would break it.
        using var cgi = Nginx("server {\n    listen 80;\n    location /cgi-bin/ {\n        root /usr/lib;\n        fastcgi_param DOCUMENT_ROOT $document_root;\n        fastcgi_param SCRIPT_NAME $fastcgi_script_name;\n        fastcgi_param QUERY_STRING $query_string;\n        fastcgi_pass unix:/run/fcgiwrap.socket;\n    }\n}\n");
        Assert.Empty(Lint(cgi, "CL014"));

        using var php = Nginx("server {\n    listen 80;\n    location ~ \\.php$ {\n        fastcgi_param QUERY_STRING $query_string;\n        fastcgi_pass 127.0.0.1:9000;\n    }\n}\n");
        var finding = Assert.Single(Lint(php, "CL014"));
        Assert.Equal(("error", "safe"), (finding.Severity, finding.Fix));
        Assert.Contains("        fastcgi_param QUERY_STRING $query_string;\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n", Fixed(php, "CL014", "etc/nginx/sites-enabled/app"));
    }

    [Fact]
    public void CL006_puts_a_new_timeout_where_nginx_takes_it_not_into_the_if_around_the_pass()
    {
        using var tree = Nginx("server {\n    listen 80;\n    location / {\n        if ($request_method = POST) {\n            proxy_pass http://127.0.0.1:8001;\n        }\n        proxy_read_timeout 10s;\n    }\n}\n")
            .Write(".conflint.yml", "rules:\n  CL006: { min: 30s }\n");
        // Only the rule's minimum speaks against 10s (no back end's limit is known): a short timeout may be deliberate, so
        // the fix is unsafe and a plain `fix` leaves it.
        var text = Fixed(tree, "CL006", "etc/nginx/sites-enabled/app");
        Assert.Contains("        proxy_read_timeout 10s;\n", text);
        text = Fixed(tree, "CL006", "etc/nginx/sites-enabled/app", unsafeFixes: true);
        Assert.Contains("        proxy_read_timeout 30s;\n", text);

        using var unset = Nginx("server {\n    listen 80;\n    location / {\n        if ($request_method = POST) {\n            proxy_pass http://127.0.0.1:8001;\n        }\n    }\n}\n")
            .Write(".conflint.yml", "rules:\n  CL006: { min: 90s }\n");
        text = Fixed(unset, "CL006", "etc/nginx/sites-enabled/app", unsafeFixes: true);
        Assert.Contains("    location / {\n        proxy_read_timeout 90s;\n        if ($request_method = POST) {\n            proxy_pass http://127.0.0.1:8001;\n        }\n", text);
    }

    [Theory]
    [InlineData("", "backend", NameResolution.Unresolvable)]
    [InlineData("search corp.example\n", "backend", NameResolution.Unknown)]
    [InlineData("", "backend.corp.example", NameResolution.Dns)]
    [InlineData("", "db", NameResolution.Static)]
    [InlineData("", "10.0.0.9", NameResolution.Static)]
    public void The_root_says_how_a_name_resolves(string resolv, string name, NameResolution expected)
    {
        using var tree = new TempTree().Write("etc/hosts", "127.0.0.1 localhost\n10.0.0.9 db\n").Write("etc/resolv.conf", "nameserver 10.0.0.2\n" + resolv);
        var resolution = HostResolution.Read(new RootedFileSystem(tree.Root));
        Assert.Equal(expected, resolution.Classify(name));
        Assert.Equal("10.0.0.2", resolution.Resolver);
        Assert.Equal(NameResolution.Unknown, new HostResolution().Classify("backend"));
    }
}
