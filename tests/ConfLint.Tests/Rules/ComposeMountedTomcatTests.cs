using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A Tomcat server.xml of the repository bind-mounted into a Compose service where the image's Tomcat reads it
/// (<c>/usr/local/tomcat/conf/server.xml</c>, Alfresco's repository): its connectors are that container's listeners, in
/// the container's network. <c>address="127.0.0.1"</c> is the container's own loopback, which the proxy container's
/// <c>alfresco:8080</c> cannot reach (CL001); a connector on another port than the proxy's is refused too. The container's
/// Tomcat is never a listener of the host: a host front end reaches it only through a published port (CL019 where the
/// port is published elsewhere), unless the service shares the host's network (<c>network_mode: host</c>). A mount at a
/// path Tomcat does not read, or a command other than the image's, leaves the listeners unknown.
/// </summary>
public class ComposeMountedTomcatTests
{
    private static string ServerXml(string connector = "<Connector port=\"8080\" protocol=\"HTTP/1.1\"\n               address=\"127.0.0.1\"\n               connectionTimeout=\"20000\" />") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Server port="8005" shutdown="SHUTDOWN">
          <Service name="Catalina">
            {connector}
            <Engine name="Catalina" defaultHost="localhost">
              <Host name="localhost" appBase="webapps" />
            </Engine>
          </Service>
        </Server>

        """;

    private const string Proxy = "events {}\nhttp {\n    server {\n        listen *:8080;\n        location / {\n            proxy_pass http://alfresco:8080;\n        }\n    }\n}\n";

    private static string Compose(string alfresco = "", string mount = "./tomcat/server.xml:/usr/local/tomcat/conf/server.xml:ro", string proxyPorts = "    ports:\n      - \"127.0.0.1:8080:8080\"\n") =>
        "services:\n  alfresco:\n    image: docker.io/alfresco/alfresco-content-repository-community:23.3.0\n    restart: unless-stopped\n" + alfresco
        + (mount.Length == 0 ? string.Empty : $"    volumes:\n      - {mount}\n")
        + "  proxy:\n    image: nginx:1.26-alpine\n    restart: unless-stopped\n    volumes:\n      - ./proxy/nginx.conf:/etc/nginx/nginx.conf:ro\n" + proxyPorts;

    private static TempTree Tree(string compose, string serverXml, string proxy = Proxy, string? hostSite = null)
    {
        var tree = new TempTree()
            .Write("opt/alfresco/docker-compose.yml", compose)
            .Write("opt/alfresco/tomcat/server.xml", serverXml)
            .Write("opt/alfresco/proxy/nginx.conf", proxy)
            .Write("etc/hosts", "127.0.0.1\tlocalhost\n")
            .Write("etc/hostname", "ecm01\n");
        if (hostSite is not null)
        {
            tree.Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
                .Write("etc/nginx/sites-enabled/ecm", $"server {{\n    listen 80;\n    server_name ecm.example.org;\n    location / {{\n        proxy_pass {hostSite};\n    }}\n}}\n");
        }

        return tree;
    }

    private static List<JsonElement> Findings(TempTree tree, string select = "CL001,CL019") => JsonLint.Findings(tree, select);

    [Fact]
    public void A_mounted_connector_on_the_containers_loopback_refuses_the_proxy_container()
    {
        using var tree = Tree(Compose(), ServerXml());
        var refused = Assert.Single(Findings(tree));
        Assert.Equal("CL001", refused.GetProperty("code").GetString());
        Assert.Equal("error", refused.GetProperty("severity").GetString());
        Assert.Equal("opt/alfresco/proxy/nginx.conf:6", At(refused));
        Assert.Contains("connects to service 'alfresco' on port 8080, but it listens on 127.0.0.1:8080 inside its container", Message(refused), StringComparison.Ordinal);
        Assert.Contains("opt/alfresco/tomcat/server.xml, mounted at /usr/local/tomcat/conf/server.xml, address=\"127.0.0.1\"", Message(refused), StringComparison.Ordinal);
        var related = refused.GetProperty("related").EnumerateArray().Select(r => $"{r.GetProperty("path").GetString()}:{r.GetProperty("line").GetInt32()}").ToList();
        Assert.Contains("opt/alfresco/tomcat/server.xml:5", related);

        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.Equal(0, fix.ExitCode);
        Assert.Contains("address=\"0.0.0.0\"", File.ReadAllText(tree.Path("opt/alfresco/tomcat/server.xml")), StringComparison.Ordinal);
        Assert.Empty(Findings(tree));
    }

    [Theory]
    [InlineData("<Connector port=\"8080\" protocol=\"HTTP/1.1\" connectionTimeout=\"20000\" />")]
    [InlineData("<Connector port=\"8080\" protocol=\"HTTP/1.1\" address=\"0.0.0.0\" />")]
    public void A_mounted_connector_on_every_address_is_reached(string connector)
    {
        using var tree = Tree(Compose(), ServerXml(connector));
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_mounted_connector_on_another_port_is_refused()
    {
        using var tree = Tree(Compose(), ServerXml("<Connector port=\"8081\" protocol=\"HTTP/1.1\" />"));
        var refused = Assert.Single(Findings(tree));
        Assert.Equal("opt/alfresco/proxy/nginx.conf:6", At(refused));
        Assert.Contains("connects to service 'alfresco' on port 8080, but it listens on *:8081", Message(refused), StringComparison.Ordinal);
    }

    /// <summary>Not where Tomcat reads it, or not the image's Tomcat that runs: unknown, silent.</summary>
    [Theory]
    [InlineData("./tomcat/server.xml:/opt/tomcat/conf/server.xml:ro", "")]
    [InlineData("./tomcat/server.xml:/usr/local/tomcat/conf/server.xml:ro", "    command: [\"/bin/sh\", \"-c\", \"/opt/start.sh\"]\n")]
    [InlineData("./tomcat/server.xml:/usr/local/tomcat/conf/server.xml:ro", "    environment:\n      CATALINA_BASE: /srv/tomcat-base\n")]
    public void A_server_xml_tomcat_may_not_read_is_not_judged(string mount, string alfresco)
    {
        using var tree = Tree(Compose(alfresco, mount), ServerXml());
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void The_containers_tomcat_is_no_listener_of_the_host_where_its_port_is_published_elsewhere()
    {
        var compose = Compose(proxyPorts: "    ports:\n      - \"127.0.0.1:8180:8080\"\n");
        using var tree = Tree(compose, ServerXml("<Connector port=\"8080\" protocol=\"HTTP/1.1\" />"), hostSite: "http://127.0.0.1:8080");
        var moved = Assert.Single(Findings(tree));
        Assert.Equal("CL019", moved.GetProperty("code").GetString());
        Assert.Equal("etc/nginx/sites-enabled/ecm:5", At(moved));
        Assert.DoesNotContain("Tomcat", Message(moved), StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_reaches_the_proxy_container_through_its_published_port()
    {
        using var tree = Tree(Compose(), ServerXml("<Connector port=\"8080\" protocol=\"HTTP/1.1\" />"), hostSite: "http://127.0.0.1:8080");
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void With_the_hosts_network_the_containers_tomcat_listens_on_the_host()
    {
        // The proxy is gone; the host's nginx connects to Tomcat itself, which shares the host's network.
        var compose = "services:\n  alfresco:\n    image: docker.io/alfresco/alfresco-content-repository-community:23.3.0\n    restart: unless-stopped\n    network_mode: host\n"
            + "    volumes:\n      - ./tomcat/server.xml:/usr/local/tomcat/conf/server.xml:ro\n";
        using var tree = Tree(compose, ServerXml("<Connector port=\"8080\" protocol=\"HTTP/1.1\" />"), proxy: "events {}\n", hostSite: "http://127.0.0.1:8080");
        Assert.Empty(Findings(tree));
    }

    /// <summary>Not published, not on the host's network: the host's 127.0.0.1:8080 is no listener of the container's Tomcat
    /// (it was taken as one, leaving the target judged reached). CL019 does not yet read a mounted server.xml's port as the
    /// container port, so the target is left unjudged, and --verbose says so.</summary>
    [Fact]
    public void Without_the_hosts_network_the_host_does_not_reach_the_containers_tomcat()
    {
        var compose = "services:\n  alfresco:\n    image: docker.io/alfresco/alfresco-content-repository-community:23.3.0\n    restart: unless-stopped\n"
            + "    volumes:\n      - ./tomcat/server.xml:/usr/local/tomcat/conf/server.xml:ro\n";
        using var tree = Tree(compose, ServerXml("<Connector port=\"8080\" protocol=\"HTTP/1.1\" />"), proxy: "events {}\n", hostSite: "http://127.0.0.1:8080");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL019", "--verbose");
        Assert.Contains("etc/nginx/sites-enabled/ecm:5: CL001 did not judge 127.0.0.1:8080: no back end ConfLint reads listens there", lint.Stdout + lint.Stderr, StringComparison.Ordinal);
    }
}
