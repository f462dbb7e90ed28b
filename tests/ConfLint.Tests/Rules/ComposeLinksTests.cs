using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Compose's <c>links</c> (SERVICE or SERVICE:ALIAS) name services of the same project only (the Compose specification's
/// 'links': the linked service is "reachable at a hostname identical to the alias, or the service name"): they add the
/// alias as one more name of that service, for the linking container, and no container ConfLint cannot see. So the names
/// the proxy's nginx resolves stay known (Alfresco's acs-deployment file: CL004 on each proxy_pass, CL007 on the services
/// reached). <c>external_links</c> links containers started outside the project: the names are unknown, and silent.
/// </summary>
public class ComposeLinksTests
{
    private static string Compose(string links) =>
        "services:\n  alfresco:\n    image: nginxinc/nginx-unprivileged:1.27\n  proxy:\n    image: nginx:1.27\n    restart: unless-stopped\n"
        + "    ports:\n      - \"127.0.0.1:8080:80\"\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n" + links;

    private static string Nginx(string host) =>
        $"events {{}}\nhttp {{\n    server {{\n        listen 80;\n        location / {{\n            proxy_pass http://{host}:8080;\n        }}\n    }}\n}}\n";

    private static string Lint(string compose, string nginx)
    {
        using var tree = new TempTree()
            .Write("opt/alfresco/docker-compose.yml", compose)
            .Write("opt/alfresco/nginx.conf", nginx);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL004,CL007,CL015", "--verbose");
        Assert.True(output.ExitCode is 0 or 1 or 2, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    [Fact]
    public void Plain_links_keep_the_names_known()
    {
        var report = Lint(Compose("    links:\n      - alfresco\n"), Nginx("alfresco"));
        Assert.Contains("opt/alfresco/nginx.conf:6:24: warning CL004 [*] proxy_pass http://alfresco:8080: 'alfresco' is resolved once", report, StringComparison.Ordinal);
        Assert.Contains("opt/alfresco/docker-compose.yml:2:3: warning CL007", report, StringComparison.Ordinal);
    }

    /// <summary>A link's alias is a name of the linked service: the proxy reaches 'alfresco' through 'repo'.</summary>
    [Fact]
    public void A_links_alias_names_the_linked_service()
    {
        var report = Lint(Compose("    links:\n      - alfresco:repo\n"), Nginx("repo"));
        Assert.Contains("warning CL004 [*] proxy_pass http://repo:8080: 'repo' is resolved once", report, StringComparison.Ordinal);
        Assert.Contains("Compose service 'alfresco', which proxy_pass http://repo:8080 in service 'proxy' reaches by the name 'repo'", report, StringComparison.Ordinal);
    }

    /// <summary>Control: external_links lets a container outside the project answer: the names are unknown, nothing is said.</summary>
    [Fact]
    public void External_links_leave_the_names_unknown()
    {
        var report = Lint(Compose("    external_links:\n      - legacy_repo_1:repo\n"), Nginx("repo"));
        Assert.DoesNotContain("warning CL004", report, StringComparison.Ordinal);
        Assert.DoesNotContain("CL015", report.Split('\n').Where(l => !l.StartsWith("note:", StringComparison.Ordinal)).Aggregate(string.Empty, (a, l) => a + l), StringComparison.Ordinal);
    }

    /// <summary>Control: a link's alias is the linking container's own name for the service: the proxy, which has no such
    /// link, does not resolve it.</summary>
    [Fact]
    public void An_alias_is_only_the_linking_containers_name()
    {
        var compose = Compose(string.Empty) + "  other:\n    image: nginx:1.27\n    restart: unless-stopped\n    links:\n      - alfresco:repo\n";
        var report = Lint(compose, Nginx("repo"));
        Assert.DoesNotContain("reaches by the name 'repo'", report, StringComparison.Ordinal);
    }
}
