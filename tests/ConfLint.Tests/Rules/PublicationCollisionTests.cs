using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A Compose publication on a port the host's web server listens on too (precision round 43: OpenMRS's base file kept
/// "80:80" for the gateway beside the site file's 127.0.0.1:8088:80, Compose merging both; MISP's default 443 beside the
/// host's listen 443). Whichever binds second fails: Docker does not start the container at all (the site sent to its
/// other, free publication gets a 502), or nginx does not start. CL001 says so at the ports: entry, naming the listen;
/// only where the addresses overlap as Linux binds them, and the service runs.
/// </summary>
public class PublicationCollisionTests
{
    private static TempTree Tree(string listens = "    listen 80;\n", string extraPort = "\"80:80\"", string gatewayExtra = "", string enableNginx = "")
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/emr", $"server {{\n{listens}    server_name emr.example.org;\n    location / {{\n        proxy_pass http://127.0.0.1:8088;\n    }}\n}}\n")
            .Write("opt/emr/docker-compose.yml", $"services:\n  gateway:\n    image: nginx:1.27-alpine\n    restart: unless-stopped\n{gatewayExtra}    ports:\n      - \"127.0.0.1:8088:80\"\n      - {extraPort}\n");
        if (enableNginx.Length > 0)
        {
            tree.Write("lib/systemd/system/nginx.service", "[Service]\nType=forking\nExecStart=/usr/sbin/nginx\n\n[Install]\nWantedBy=multi-user.target\n")
                .Write("lib/systemd/system/other.service", "[Service]\nExecStart=/usr/bin/other\n\n[Install]\nWantedBy=multi-user.target\n")
                .Link($"etc/systemd/system/multi-user.target.wants/{enableNginx}", $"/lib/systemd/system/{enableNginx}");
        }

        return tree;
    }

    private static (string Out, string Err) Lint(TempTree tree)
    {
        var lint = CliRunner.Run(["lint", "--root", tree.Root, "--select", "CL001", "--verbose"]);
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return (lint.Stdout, lint.Stderr);
    }

    private const string Collides = "two programs cannot bind overlapping addresses of one port";

    [Fact]
    public void A_publication_without_an_address_collides_with_listen_80()
    {
        using var tree = Tree();
        var (output, _) = Lint(tree);
        Assert.Contains("opt/emr/docker-compose.yml:7:9: warning CL001 Docker publishes port 80 for Compose service 'gateway' (container port 80) on every IPv4 and IPv6 address, where nginx of this host listens on port 80 too (etc/nginx/sites-enabled/emr:2)", output, StringComparison.Ordinal);
        Assert.Contains("which one depending on the order they start", output, StringComparison.Ordinal);
        Assert.Contains("the front end sent to 127.0.0.1:8088 gets a 502", output, StringComparison.Ordinal);
        Assert.Contains("etc/nginx/sites-enabled/emr:2:5: nginx listens on port 80 here", output, StringComparison.Ordinal);
        Assert.Contains("never applied automatically", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l.Contains(Collides, StringComparison.Ordinal));
    }

    [Fact]
    public void Distinct_loopback_addresses_do_not_collide_and_the_same_one_does()
    {
        using var apart = Tree(listens: "    listen 127.0.0.1:80;\n", extraPort: "\"127.0.0.2:80:80\"");
        Assert.DoesNotContain(Collides, Lint(apart).Out, StringComparison.Ordinal);

        using var same = Tree(listens: "    listen 127.0.0.1:80;\n", extraPort: "\"127.0.0.1:80:80\"");
        Assert.Contains("port 80 for Compose service 'gateway' (container port 80) on 127.0.0.1, where nginx", Lint(same).Out, StringComparison.Ordinal);

        // A publication on one address collides with a wildcard listen, and a wildcard publication with a listen on one address.
        using var wildListen = Tree(listens: "    listen 80;\n", extraPort: "\"127.0.0.2:80:80\"");
        Assert.Contains(Collides, Lint(wildListen).Out, StringComparison.Ordinal);
        using var wildPublication = Tree(listens: "    listen 10.0.0.5:80;\n", extraPort: "\"0.0.0.0:80:80\"");
        Assert.Contains(Collides, Lint(wildPublication).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_IPv6_only_listen_collides_with_the_IPv6_side_only()
    {
        // nginx's listen [::]:80 is ipv6only=on: Docker's [::] socket of a publication on every address meets it, its 0.0.0.0 one not.
        using var both = Tree(listens: "    listen [::]:80;\n");
        Assert.Contains("on every IPv4 and IPv6 address, where nginx of this host listens on port 80 too (etc/nginx/sites-enabled/emr:2)", Lint(both).Out, StringComparison.Ordinal);

        using var ipv4 = Tree(listens: "    listen [::]:80;\n", extraPort: "\"0.0.0.0:80:80\"");
        Assert.DoesNotContain(Collides, Lint(ipv4).Out, StringComparison.Ordinal);

        // With ipv6only=off the socket takes IPv4 too.
        using var dual = Tree(listens: "    listen [::]:80 ipv6only=off;\n", extraPort: "\"0.0.0.0:80:80\"");
        Assert.Contains(Collides, Lint(dual).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_not_started_is_not_judged()
    {
        // A profile .env does not enable: the service is not started by docker compose up.
        using var profile = Tree(gatewayExtra: "    profiles: [edge]\n");
        Assert.DoesNotContain(Collides, Lint(profile).Out, StringComparison.Ordinal);

        // Enabled by COMPOSE_PROFILES, it is.
        using var enabled = Tree(gatewayExtra: "    profiles: [edge]\n").Write("opt/emr/.env", "COMPOSE_PROFILES=edge\n");
        Assert.Contains(Collides, Lint(enabled).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_web_server_the_links_show_disabled_is_left_with_a_note()
    {
        using var disabled = Tree(enableNginx: "other.service");
        var (output, notes) = Lint(disabled);
        Assert.DoesNotContain(Collides, output, StringComparison.Ordinal);
        Assert.Contains("CL001 did not judge port 80 published for Compose service 'gateway' beside nginx listens there (etc/nginx/sites-enabled/emr:2): the root's links show nginx.service not started at boot", notes, StringComparison.Ordinal);

        using var enabled = Tree(enableNginx: "nginx.service");
        Assert.Contains(Collides, Lint(enabled).Out, StringComparison.Ordinal);
    }
}
