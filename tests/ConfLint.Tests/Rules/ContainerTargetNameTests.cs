using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// The names an nginx container resolves among a Compose project's services (the OpenMRS gateway: a service renamed,
/// a route to an overlay's service). A host without a port has the scheme's default, written out or as a variable's
/// value (ngx_http_proxy_pass / ngx_http_proxy_eval: <c>default_port</c> 80, 443 after "https://"); the passes without a
/// scheme's port (<c>fastcgi_pass</c>) get none. The stock image's <c>/etc/nginx/mime.types</c>, included but not read,
/// defines no upstream (images.txt <c>no-definitions</c>), so a bare name is judged; another unread file of the image is
/// not. A name only a Compose file of the project's folder that does not run defines is info, naming that file.
/// </summary>
public class ContainerTargetNameTests
{
    private const string MainConf = "user nginx;\nevents { worker_connections 1024; }\nhttp {\n    include /etc/nginx/mime.types;\n    EXTRA\n    include /etc/nginx/conf.d/*.conf;\n}\n";

    private static string Compose(string spaImage = "nginx:1.27") =>
        "services:\n  gateway:\n    image: nginx:1.27\n    restart: always\n    ports:\n      - \"127.0.0.1:8088:80\"\n"
        + "    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n      - ./default.conf:/etc/nginx/conf.d/default.conf:ro\n"
        + $"  spa:\n    image: {spaImage}\n    restart: always\n";

    private const string Overlay = "services:\n  grafana:\n    image: grafana/grafana:11.0.0\n    restart: always\n";

    private static TempTree Tree(string location, string extra = "", string spaImage = "nginx:1.27", bool overlay = false)
    {
        var tree = new TempTree()
            .Write("opt/stack/docker-compose.yml", Compose(spaImage))
            .Write("opt/stack/.env", "COMPOSE_FILE=docker-compose.yml\n")
            .Write("opt/stack/nginx.conf", MainConf.Replace("EXTRA", extra, StringComparison.Ordinal))
            .Write("opt/stack/default.conf", "server {\n    listen 80;\n    resolver 127.0.0.11 valid=30s;\n    location / {\n        " + location + "\n    }\n}\n");
        return overlay ? tree.Write("opt/stack/docker-compose.grafana.yml", Overlay) : tree;
    }

    private static List<string> Findings(TempTree tree)
    {
        var output = CliRunner.Run(["lint", "--root", tree.Root, "--select", "CL001,CL015", "--format", "json"]);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = JsonDocument.Parse(output.Stdout);
        return report.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => $"{d.GetProperty("code").GetString()} {d.GetProperty("severity").GetString()} {d.GetProperty("line").GetInt32()}: {d.GetProperty("message").GetString()}")
            .ToList();
    }

    /// <summary>A variable's value without a port connects to port 80 (the service renamed: no one answers; the service
    /// listening elsewhere: refused), as the same value with <c>:80</c> written does.</summary>
    [Theory]
    [InlineData("set $t http://frontend; proxy_pass $t;", "nginx:1.27", "CL001 error 5: proxy_pass $t resolves 'frontend' per request, but no service")]
    [InlineData("set $t http://frontend:80; proxy_pass $t;", "nginx:1.27", "CL001 error 5: proxy_pass $t resolves 'frontend' per request, but no service")]
    [InlineData("set $t http://spa; proxy_pass $t;", "nginxinc/nginx-unprivileged:1.27", "CL001 error 5: proxy_pass $t connects to service 'spa' on port 80")]
    [InlineData("set $t https://spa; proxy_pass $t;", "nginxinc/nginx-unprivileged:1.27", "CL001 error 5: proxy_pass $t connects to service 'spa' on port 443")]
    [InlineData("set $t http://spa; proxy_pass $t;", "nginx:1.27", null)]
    [InlineData("set $t http://spa:80; proxy_pass $t;", "nginx:1.27", null)]
    [InlineData("set $t frontend; fastcgi_pass $t;", "nginx:1.27", null)]
    public void A_variables_value_without_a_port_has_the_schemes_default(string location, string spaImage, string? expected)
    {
        using var tree = Tree(location, spaImage: spaImage);
        var findings = Findings(tree);
        if (expected is null)
        {
            Assert.Empty(findings);
            return;
        }

        Assert.Contains(findings, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    /// <summary>A name written out without a port is resolved at start: with only the image's mime.types unread it is
    /// no upstream anywhere, as with <c>:80</c>; another unread file of the image may define one, so it is not judged.</summary>
    [Theory]
    [InlineData("proxy_pass http://frontend;", "", true)]
    [InlineData("proxy_pass http://frontend:80;", "", true)]
    [InlineData("proxy_pass http://frontend;", "include /etc/nginx/upstreams.conf;", false)]
    [InlineData("proxy_pass http://spa;", "", false)]
    public void A_written_name_without_a_port_is_judged_where_only_the_images_mime_types_is_unread(string location, string extra, bool reported)
    {
        using var tree = Tree(location, extra);
        var findings = Findings(tree).Where(f => f.StartsWith("CL015 error 5:", StringComparison.Ordinal)).ToList();
        if (!reported)
        {
            Assert.Empty(findings);
            return;
        }

        Assert.Contains("no upstream is named 'frontend'", Assert.Single(findings), StringComparison.Ordinal);
    }

    /// <summary>The overlay's service: info naming the file an operator adds to run it; without the overlay, an error.</summary>
    [Theory]
    [InlineData(true, "info")]
    [InlineData(false, "error")]
    public void A_name_only_an_unused_compose_file_defines_is_info(bool overlay, string severity)
    {
        using var tree = Tree("set $g http://grafana:3000; proxy_pass $g;", overlay: overlay);
        var finding = Assert.Single(Findings(tree));
        Assert.StartsWith($"CL001 {severity} 5: proxy_pass $g resolves 'grafana' per request", finding, StringComparison.Ordinal);
        if (overlay)
        {
            Assert.Contains("only opt/stack/docker-compose.grafana.yml defines a service 'grafana'", finding, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("docker-compose.grafana.yml", finding, StringComparison.Ordinal);
        }
    }
}
