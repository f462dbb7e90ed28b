using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL015 for the names of upstream <c>server</c> lines: nginx resolves each when it loads the configuration (used or not)
/// and refuses to start on one that does not resolve ('host not found in upstream "flower:8888"'); the evidence is the
/// passes' (one label, no hosts entry, no search domain, in a Compose container no running service's name). And CL012's
/// release of an nginx in a Compose container, from its official image's tag (bookwyrm, precision round 36).
/// </summary>
public sealed class UpstreamServerNameTests
{
    private sealed record Finding(string Severity, string Where, string Message, string? Fix, string? FixTitle);

    private static (List<Finding> Findings, string Notes) Run(TempTree tree, string code)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json", "--select", code, "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        var findings = json.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code).Select(d => new Finding(
            d.GetProperty("severity").GetString()!, $"{d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}:{d.GetProperty("column").GetInt32()}",
            d.GetProperty("message").GetString()!,
            d.GetProperty("fix").ValueKind == JsonValueKind.Null ? null : d.GetProperty("fix").GetProperty("applicability").GetString(),
            d.GetProperty("fix").ValueKind == JsonValueKind.Null ? null : d.GetProperty("fix").GetProperty("description").GetString())).ToList();
        return (findings, output.Stderr);
    }

    private static List<Finding> Lint(TempTree tree, string code) => Run(tree, code).Findings;

    // BookWyrm's layout: the nginx image's nginx.conf includes conf.d/*.conf; the project's file is mounted as default.conf.
    private const string Site = "upstream web {\n    server web:8000;\n    keepalive 4;\n}\n\nupstream flower {\n    server flower:8888;\n}\n\n"
        + "server {\n    listen 80;\n    location / {\n        proxy_pass http://web;\n    }\n    location /flower/ {\n        proxy_pass http://flower;\n    }\n}\n";

    private static string Compose(string flowerExtra = "    profiles: [\"monitoring\"]\n", string image = "nginx:1.30.1", string nginxExtra = "") =>
        "services:\n  web:\n    image: example/bookwyrm\n    networks: [main]\n"
        + "  flower:\n    image: example/bookwyrm\n    networks: [main]\n" + flowerExtra
        + $"  nginx:\n    image: {image}\n    networks: [main]\n{nginxExtra}    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf\n"
        + "networks:\n  main: {}\n";

    private static TempTree Project(string site = Site, string? compose = null, string? env = null)
    {
        var tree = new TempTree().Write("opt/bookwyrm/docker-compose.yml", compose ?? Compose()).Write("opt/bookwyrm/nginx/default.conf", site);
        return env is null ? tree : tree.Write("opt/bookwyrm/.env", env);
    }

    [Fact]
    public void A_server_of_a_service_under_a_profile_not_enabled_stops_nginx()
    {
        using var tree = Project();
        var finding = Assert.Single(Lint(tree, "CL015"));
        Assert.Equal(("error", "opt/bookwyrm/nginx/default.conf:7:12", "display-only"), (finding.Severity, finding.Where, finding.Fix));
        Assert.Contains("upstream 'flower' server flower:8888", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Compose service 'flower' runs only under profile 'monitoring', which the project does not enable", finding.Message, StringComparison.Ordinal);
        Assert.Contains("refuses to start ('host not found in upstream \"flower:8888\"')", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_upstream_no_location_uses_is_resolved_too()
    {
        using var tree = Project(Site.Replace("        proxy_pass http://flower;\n", "        return 404;\n", StringComparison.Ordinal));
        Assert.Equal(["error opt/bookwyrm/nginx/default.conf:7:12"], Lint(tree, "CL015").Select(f => $"{f.Severity} {f.Where}"));
    }

    [Fact]
    public void The_profile_enabled_or_absent_is_silent()
    {
        using var enabled = Project(env: "COMPOSE_PROFILES=monitoring\n");
        Assert.Empty(Lint(enabled, "CL015"));

        using var all = Project(env: "COMPOSE_PROFILES=*\n");
        Assert.Empty(Lint(all, "CL015"));

        using var plain = Project(compose: Compose(flowerExtra: string.Empty));
        Assert.Empty(Lint(plain, "CL015"));
    }

    [Fact]
    public void A_misspelt_service_gets_the_one_name_it_is_near_as_a_safe_fix()
    {
        using var tree = Project(Site.Replace("server flower:8888;", "server flowr:8888;", StringComparison.Ordinal), Compose(flowerExtra: string.Empty));
        var finding = Assert.Single(Lint(tree, "CL015"));
        Assert.Equal(("error", "opt/bookwyrm/nginx/default.conf:7:12", "safe"), (finding.Severity, finding.Where, finding.Fix));
        Assert.Contains("cannot resolve 'flowr' (did you mean 'flower'?)", finding.Message, StringComparison.Ordinal);

        var output = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL015");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Contains("    server flower:8888;\n", tree.Read("opt/bookwyrm/nginx/default.conf"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pass_with_a_port_to_an_upstream_s_name_is_refused_and_its_server_line_judged_apart()
    {
        // Probe 9: 'proxy_pass http://flower:8888' beside 'upstream flower': nginx refuses a port on an upstream's name
        // (ngx_http_upstream_add, either order), and the upstream's server line is judged on its own.
        var site = Site.Replace("proxy_pass http://flower;", "proxy_pass http://flower:8888;", StringComparison.Ordinal);
        using var tree = Project(site);
        var findings = Lint(tree, "CL015");
        Assert.Equal(["error opt/bookwyrm/nginx/default.conf:7:12 display-only", "error opt/bookwyrm/nginx/default.conf:16:20 unsafe"], findings.Select(f => $"{f.Severity} {f.Where} {f.Fix}"));
        Assert.Contains("nginx refuses to start ('upstream \"flower\" may not have port 8888')", findings[1].Message, StringComparison.Ordinal);
        Assert.Equal("Point proxy_pass at upstream 'flower'", findings[1].FixTitle);

        // The service started: only the port is left.
        using var started = Project(site, Compose(flowerExtra: string.Empty));
        Assert.Equal(["error opt/bookwyrm/nginx/default.conf:16:20"], Lint(started, "CL015").Select(f => $"{f.Severity} {f.Where}"));

        // Without the port the pass names the upstream: nothing to say of it.
        using var bare = Project(Site, Compose(flowerExtra: string.Empty));
        Assert.Empty(Lint(bare, "CL015"));
    }

    [Fact]
    public void A_server_with_resolve_is_left_to_the_resolver()
    {
        var site = Site.Replace("upstream flower {\n    server flower:8888;\n", "resolver 127.0.0.11;\nupstream flower {\n    zone flower 64k;\n    server flower:8888 resolve;\n", StringComparison.Ordinal);
        using var tree = Project(site);
        Assert.Empty(Lint(tree, "CL015"));
    }

    [Fact]
    public void An_extra_hosts_name_resolves_in_the_container()
    {
        var site = Site.Replace("server flower:8888;", "server legacy:8080;", StringComparison.Ordinal);
        using var listed = Project(site, Compose(nginxExtra: "    extra_hosts:\n      - \"legacy:192.0.2.10\"\n"));
        Assert.Empty(Lint(listed, "CL015"));

        using var mapping = Project(site, Compose(nginxExtra: "    extra_hosts:\n      legacy: 192.0.2.10\n"));
        Assert.Empty(Lint(mapping, "CL015"));

        using var missing = Project(site);
        Assert.Equal(["error opt/bookwyrm/nginx/default.conf:7:12"], Lint(missing, "CL015").Select(f => $"{f.Severity} {f.Where}"));
    }

    private const string HostConf = "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n";

    private const string HostSite = "upstream app {\n    server backend:8000;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://app;\n    }\n}\n";

    private static TempTree Host(string site = HostSite) =>
        new TempTree().Write("etc/nginx/nginx.conf", HostConf).Write("etc/nginx/sites-enabled/app", site);

    [Fact]
    public void A_host_nginx_weighs_hosts_search_domains_and_dotted_names()
    {
        using var vm = Host().Write("etc/resolv.conf", "nameserver 10.0.0.2\n").Write("etc/hosts", "127.0.0.1 localhost\n");
        var finding = Assert.Single(Lint(vm, "CL015"));
        Assert.Equal(("error", "etc/nginx/sites-enabled/app:2:12"), (finding.Severity, finding.Where));
        Assert.Contains("one label, not in /etc/hosts, and /etc/resolv.conf has no search domain", finding.Message, StringComparison.Ordinal);

        using var hosts = Host().Write("etc/resolv.conf", "nameserver 10.0.0.2\n").Write("etc/hosts", "127.0.0.1 localhost\n10.0.0.7 backend\n");
        Assert.Empty(Lint(hosts, "CL015"));

        using var dotted = Host(HostSite.Replace("backend:8000", "backend.internal.example:8000", StringComparison.Ordinal)).Write("etc/resolv.conf", "nameserver 10.0.0.2\n");
        Assert.Empty(Lint(dotted, "CL015"));

        using var search = Host().Write("etc/resolv.conf", "nameserver 10.0.0.2\nsearch corp.example\n");
        var (none, notes) = Run(search, "CL015");
        Assert.Empty(none);
        Assert.Contains("etc/nginx/sites-enabled/app:2: CL015 cannot tell whether a search domain of /etc/resolv.conf (corp.example) resolves 'backend'", notes, StringComparison.Ordinal);

        // Behind a search domain, a near miss of a hosts entry is only info, and its fix is not safe.
        using var near = Host().Write("etc/resolv.conf", "nameserver 10.0.0.2\nsearch corp.example\n").Write("etc/hosts", "127.0.0.1 localhost\n10.0.0.7 backends\n");
        var info = Assert.Single(Lint(near, "CL015"));
        Assert.Equal(("info", "unsafe"), (info.Severity, info.Fix));
        Assert.Contains("did you mean 'backends'?", info.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_tree_that_does_not_show_its_resolution_proves_nothing()
    {
        // An infrastructure repository with only /etc/nginx (and /etc/resolv.conf but no /etc/hosts): the real host's
        // hosts file may name 'backend'.
        using var repo = Host().Write("etc/resolv.conf", "nameserver 10.0.0.2\n");
        var (none, notes) = Run(repo, "CL015");
        Assert.Empty(none);
        Assert.Contains("CL015 cannot tell whether the host's /etc/hosts (the root holds no /etc/hosts to show it) resolves 'backend'", notes, StringComparison.Ordinal);

        // A tree with /etc/hosts (no 'backend' there) but no /etc/resolv.conf: the host's DNS, not its hosts file, is unseen.
        using var hostsOnly = Host().Write("etc/hosts", "127.0.0.1 localhost\n");
        var (quiet, unseen) = Run(hostsOnly, "CL015");
        Assert.DoesNotContain(quiet, f => f.Severity is "warning" or "error");
        Assert.Contains("the host's DNS (the root holds no /etc/resolv.conf to show its name servers and search domains)", unseen + string.Join("\n", quiet.Select(f => f.Message)), StringComparison.Ordinal);
        Assert.DoesNotContain("no /etc/hosts", unseen + string.Join("\n", quiet.Select(f => f.Message)), StringComparison.Ordinal);

        using var bare = Host();
        Assert.Empty(Lint(bare, "CL015"));

        // The host's own name resolves through nss-myhostname.
        using var own = Host().Write("etc/resolv.conf", "nameserver 10.0.0.2\n").Write("etc/hosts", "127.0.0.1 localhost\n").Write("etc/hostname", "backend.example.net\n");
        var (silent, why) = Run(own, "CL015");
        Assert.Empty(silent);
        Assert.Contains("nss-myhostname ('backend' is this host's own name in /etc/hostname)", why, StringComparison.Ordinal);
    }

    private const string KeepaliveSite = "upstream web {\n    server web:8000;\n    keepalive 4;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://web;\n    }\n}\n";

    [Theory]
    [InlineData("nginx:1.30.1", null)]
    [InlineData("nginx:1.29.7-alpine", null)]
    [InlineData("nginx:1.30", null)]
    [InlineData("nginx:1.29.6-alpine", "warning on nginx 1.29.6 (the image nginx:1.29.6-alpine of Compose service 'nginx')")]
    [InlineData("docker.io/library/nginx:1.27", "warning on nginx 1.27.x (the image docker.io/library/nginx:1.27 of Compose service 'nginx')")]
    [InlineData("nginx:1.29", "info on nginx before 1.29.7 (the release here is not known)")]
    [InlineData("nginx:latest", "info on nginx before 1.29.7 (the release here is not known)")]
    [InlineData("nginx:stable-alpine", "info on nginx before 1.29.7 (the release here is not known)")]
    [InlineData("example/nginx:1.30.1", "info on nginx before 1.29.7 (the release here is not known)")]
    public void CL012_takes_a_container_release_from_the_official_image_tag(string image, string? expected)
    {
        using var tree = Project(KeepaliveSite, Compose(image: image));
        var findings = Lint(tree, "CL012");
        if (expected is null)
        {
            Assert.Empty(findings);
            return;
        }

        var finding = Assert.Single(findings);
        var (severity, release) = (expected[..expected.IndexOf(' ', StringComparison.Ordinal)], expected[(expected.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(severity, finding.Severity);
        Assert.Contains($"but {release} this location", finding.Message, StringComparison.Ordinal);
    }
}
