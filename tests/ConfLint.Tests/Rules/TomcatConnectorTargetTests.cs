using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Linting;
using ConfLint.Tests.Host;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>A Jira behind nginx whose bundled Tomcat has no HTTP connector on the port nginx uses (CL001), listens on
/// a Unix socket (<c>unixDomainSocketPath</c>: CL001, CL003), or has an AJP connector without its secret that no proxy
/// uses (CL018 at warning).</summary>
public sealed class TomcatConnectorTargetTests
{
    private const string Unit = "[Service]\nType=forking\nUser=jira\nRestart=on-failure\nRuntimeDirectory=jira\nExecStart=/opt/atlassian/jira/bin/start-jira.sh\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string CommentedOut = """
        <!-- DEFAULT connector commented out for the proxy; the HTTPS one below was never uncommented
        <Connector port="8080" protocol="HTTP/1.1" proxyName="tools.example.com" proxyPort="443" scheme="https" secure="true"/>
        -->
        """;

    private static string ServerXml(string connectors) => $"""
        <Server port="8005" shutdown="SHUTDOWN">
          <Service name="Catalina">
            {connectors}
            <Engine name="Catalina" defaultHost="localhost">
              <Host name="localhost" appBase="webapps">
                <Context path="/jira" docBase="${"${catalina.home}"}/atlassian-jira"/>
              </Host>
            </Engine>
          </Service>
        </Server>

        """;

    private static string Site(string name, string target) =>
        $"server {{\n    listen 80;\n    server_name {name};\n    location /jira/ {{\n        proxy_pass {target};\n    }}\n}}\n";

    private static TempTree Jira(string connectors, string target = "http://127.0.0.1:8080/jira/", string site = "jira") => new TempTree()
        .Write("etc/systemd/system/jira.service", Unit)
        .Write("opt/atlassian/jira/bin/start-jira.sh", "#!/bin/bash\nexec \"$(dirname \"$0\")/startup.sh\" \"$@\"\n")
        .Write("opt/atlassian/jira/conf/server.xml", ServerXml(connectors))
        .Write("etc/hostname", "tools\n")
        .Write("etc/hosts", "127.0.0.1\tlocalhost\n10.10.0.35\ttools.example.com\ttools\n")
        .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\njira:x:1001:1001::/home/jira:/bin/bash\n")
        .Write("etc/group", "root:x:0:\nwww-data:x:33:\njira:x:1001:\n")
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/" + site, Site("tools.example.com", target));

    private static IReadOnlyList<Diagnostic> Lint(TempTree tree) =>
        Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.All).Diagnostics;

    [Fact]
    public void A_tomcat_with_every_connector_commented_out_is_no_listener_for_nginx()
    {
        using var tree = Jira(CommentedOut);
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.EndsWith("sites-enabled/jira", finding.Location.Path.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Contains("nothing on this host listens there", finding.Message, StringComparison.Ordinal);
        Assert.Contains("has no connector at all", finding.Message, StringComparison.Ordinal);
        Assert.Contains("the host's only back end", finding.Message, StringComparison.Ordinal);
        Assert.Contains("nginx answers 502", finding.Message, StringComparison.Ordinal);
        Assert.Null(finding.Fix);
    }

    [Fact]
    public void Only_an_ajp_connector_left_is_no_http_listener_either()
    {
        using var tree = Jira(CommentedOut + "\n<Connector port=\"8009\" protocol=\"AJP/1.3\" address=\"127.0.0.1\" secret=\"s3cret\"/>");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Contains("no HTTP connector, only the AJP connector on port 8009", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connector_on_another_port_that_another_site_uses_is_named()
    {
        // The Tomcat's only HTTP connector (8081) is reached by another site: the generic check has nothing left to
        // compare 8080 with; the connector's proxyName ties the Tomcat to this one.
        using var tree = Jira("<Connector port=\"8081\" protocol=\"HTTP/1.1\" proxyName=\"tools.example.com\" proxyPort=\"80\"/>")
            .Write("etc/nginx/sites-enabled/old", Site("old.example.com", "http://127.0.0.1:8081/jira/"))
            .Write("etc/systemd/system/wiki.service", "[Service]\nExecStart=/usr/bin/gunicorn --bind 127.0.0.1:8000 wiki:app\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/nginx/sites-enabled/wiki", "server {\n    listen 80;\n    server_name wiki.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Contains("proxy_pass http://127.0.0.1:8080/jira/", finding.Message, StringComparison.Ordinal);
        Assert.Contains("no HTTP connector on port 8080, only the HTTP connector on port 8081, which proxy_pass http://127.0.0.1:8081/jira/", finding.Message, StringComparison.Ordinal);
        Assert.Contains("proxyName=\"tools.example.com\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tomcat_not_tied_to_the_site_beside_another_back_end_is_not_judged()
    {
        using var tree = Jira(CommentedOut, site: "other")
            .Write("etc/systemd/system/wiki.service", "[Service]\nExecStart=/usr/bin/gunicorn --bind 127.0.0.1:8000 wiki:app\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/nginx/sites-enabled/wiki", "server {\n    listen 80;\n    server_name wiki.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n")
            .Write("etc/nginx/sites-enabled/other", Site("other.example.com", "http://127.0.0.1:8080/").Replace("/jira/", "/tracker/", StringComparison.Ordinal));
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void The_path_tomcat_deploys_an_application_at_ties_it_to_a_site_asking_for_it()
    {
        // The same host, the site asking for /jira/, where server.xml's <Context path="/jira"> deploys Jira.
        using var tree = Jira(CommentedOut, site: "other")
            .Write("etc/systemd/system/wiki.service", "[Service]\nExecStart=/usr/bin/gunicorn --bind 127.0.0.1:8000 wiki:app\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/nginx/sites-enabled/wiki", "server {\n    listen 80;\n    server_name wiki.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n")
            .Write("etc/nginx/sites-enabled/other", Site("other.example.com", "http://127.0.0.1:8080/jira/"));
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("under the path /jira Tomcat deploys an application at (<Context path=\"/jira\">", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connector_whose_port_is_a_property_leaves_the_target_unjudged()
    {
        using var tree = Jira("<Connector port=\"${jira.port}\" protocol=\"HTTP/1.1\"/>");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void A_unix_socket_connector_listens_on_its_socket_not_on_a_port()
    {
        using var tree = Jira("<Connector port=\"8080\" unixDomainSocketPath=\"/run/jira/jira.sock\" unixDomainSocketPathPermissions=\"rw-rw-rw-\" protocol=\"HTTP/1.1\" proxyName=\"tools.example.com\"/>");
        var connector = Assert.Single(Assert.Single(HostTrees.Model(tree).Tomcat).Connectors);
        Assert.Null(connector.Port);
        Assert.Equal("/run/jira/jira.sock", connector.SocketPath);
        Assert.Equal("unix:/run/jira/jira.sock", Assert.Single(connector.Listeners).Endpoint.Describe());

        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(Applicability.Safe, finding.Fix!.Applicability);
        Assert.Contains("unix:/run/jira/jira.sock", finding.Fix.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" unixDomainSocketPathPermissions=\"rw-rw----\"")]
    public void A_move_to_a_socket_the_web_server_may_not_be_let_into_is_unsafe(string permissions)
    {
        using var tree = Jira($"<Connector unixDomainSocketPath=\"/run/jira/jira.sock\"{permissions} protocol=\"HTTP/1.1\" proxyName=\"tools.example.com\"/>");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL001");
        Assert.Equal(Applicability.Unsafe, finding.Fix!.Applicability);
        Assert.Contains(permissions.Length == 0 ? "umask" : "lets only the socket's owner and group write", finding.Fix.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Nginx_on_the_connectors_socket_is_fine()
    {
        using var tree = Jira("<Connector unixDomainSocketPath=\"/run/jira/jira.sock\" unixDomainSocketPathPermissions=\"rw-rw-rw-\" protocol=\"HTTP/1.1\"/>",
            "http://unix:/run/jira/jira.sock:/jira/");
        Assert.DoesNotContain(Lint(tree), d => d.Code is "CL001" or "CL003");
    }

    [Fact]
    public void The_nio2_connector_cannot_take_a_socket_and_binds_its_port()
    {
        using var tree = Jira("<Connector port=\"8080\" unixDomainSocketPath=\"/run/jira/jira.sock\" protocol=\"org.apache.coyote.http11.Http11Nio2Protocol\"/>");
        var connector = Assert.Single(Assert.Single(HostTrees.Model(tree).Tomcat).Connectors);
        Assert.Equal(8080, connector.Port);
        Assert.Null(connector.SocketPath);
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL001");
    }

    [Fact]
    public void Socket_permissions_that_shut_nginx_out_are_cl003()
    {
        using var tree = Jira("<Connector unixDomainSocketPath=\"/run/jira/jira.sock\" unixDomainSocketPathPermissions=\"rw-rw----\" protocol=\"HTTP/1.1\"/>",
            "http://unix:/run/jira/jira.sock:/jira/");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL003");
        Assert.Contains("creates /run/jira/jira.sock as jira:jira mode 0660", finding.Message, StringComparison.Ordinal);
        Assert.Contains("'www-data'", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Applicability.DisplayOnly, finding.Fix!.Applicability);
    }

    [Fact]
    public void Socket_permissions_the_web_server_passes_by_its_group_are_fine()
    {
        using var tree = Jira("<Connector unixDomainSocketPath=\"/run/jira/jira.sock\" unixDomainSocketPathPermissions=\"rw-rw----\" protocol=\"HTTP/1.1\"/>",
            "http://unix:/run/jira/jira.sock:/jira/")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\njira:x:1001:www-data\n");
        Assert.DoesNotContain(Lint(tree), d => d.Code == "CL003");
    }

    [Fact]
    public void An_ajp_connector_without_its_secret_that_no_proxy_uses_is_a_warning()
    {
        using var tree = Jira("<Connector port=\"8080\" protocol=\"HTTP/1.1\"/>\n<Connector port=\"8009\" protocol=\"AJP/1.3\" secretRequired=\"true\"/>");
        var finding = Assert.Single(Lint(tree), d => d.Code == "CL018");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("no proxy of this host uses it", finding.Message, StringComparison.Ordinal);
    }
}
