using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL015 on <c>server NAME resolve</c> in a Compose service's nginx (precision round 42, Nextcloud probe v12/v13): nginx
/// starts and asks Docker's DNS at run time, so a name no running service on the container's networks answers never gets
/// an address and every request through the upstream is answered 502. Judged only in a container whose Compose project
/// is fully known; a host's <c>resolve</c> server is left alone (its resolver may answer from sources the root does not
/// show).
/// </summary>
public class NginxResolveRunTimeNameTests
{
    private const string Nginx = "events {}\nhttp {\n    resolver 127.0.0.11 valid=2s;\n    upstream php-handler {\n        zone backends 64k;\n        server app:9000 resolve;\n    }\n    server {\n        listen 80;\n        location ~ \\.php$ {\n            include fastcgi_params;\n            fastcgi_pass php-handler;\n        }\n    }\n}\n";

    private static string Compose(string appName = "app", string appNetworks = "", string webNetworks = "", string networks = "") =>
        "services:\n"
        + $"  {appName}:\n    image: php:8.3-fpm\n    restart: always\n{appNetworks}"
        + "  web:\n    image: nginx:1.27\n    restart: always\n    ports:\n      - 127.0.0.1:8080:80\n    volumes:\n      - ./web/nginx.conf:/etc/nginx/nginx.conf:ro\n" + webNetworks
        + networks;

    private static string Lint(string compose, string nginx = Nginx)
    {
        using var tree = new TempTree()
            .Write("srv/cloud/compose.yaml", compose)
            .Write("srv/cloud/web/nginx.conf", nginx);
        return CliRunner.Run("lint", "--root", tree.Root, "--select", "CL015").Stdout;
    }

    [Fact]
    public void A_renamed_service_leaves_the_resolve_server_without_an_address()
    {
        var output = Lint(Compose(appName: "nextcloud-app"));
        Assert.Contains("srv/cloud/web/nginx.conf:6:16: error CL015 upstream 'php-handler' server app:9000 resolve: this host cannot resolve 'app'", output, StringComparison.Ordinal);
        Assert.Contains("every request through upstream 'php-handler' is answered 502 ('no live upstreams')", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Disjoint_networks_leave_the_name_unanswered()
    {
        var output = Lint(Compose(appNetworks: "    networks: [backend]\n", webNetworks: "    networks: [frontend]\n", networks: "networks:\n  backend: {}\n  frontend: {}\n"));
        Assert.Contains("error CL015 upstream 'php-handler' server app:9000 resolve", output, StringComparison.Ordinal);
    }

    /// <summary>Controls: the service is there; an external network may hold other containers answering 'app'; the same
    /// nginx on a host (no container) is left alone.</summary>
    [Fact]
    public void A_service_that_answers_or_names_that_may_be_answered_are_not_reported()
    {
        Assert.DoesNotContain("CL015", Lint(Compose()), StringComparison.Ordinal);
        Assert.DoesNotContain("CL015", Lint(Compose(appName: "nextcloud-app", webNetworks: "    networks: [edge]\n", networks: "networks:\n  edge:\n    external: true\n")), StringComparison.Ordinal);

        using var host = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx)
            .Write("etc/hosts", "127.0.0.1 localhost\n")
            .Write("etc/resolv.conf", "nameserver 10.0.0.2\n");
        Assert.DoesNotContain("CL015", CliRunner.Run("lint", "--root", host.Root, "--select", "CL015").Stdout, StringComparison.Ordinal);
    }
}
