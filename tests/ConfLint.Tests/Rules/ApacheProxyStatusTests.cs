using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>Messages name the status the front end answers when it cannot reach its back end: nginx 502, Apache 503
/// (mod_proxy_http's "failed to make connection to backend", HTTP_SERVICE_UNAVAILABLE). A site file certbot copied for
/// TLS (NAME-le-ssl.conf) is named for the same application as NAME.conf.</summary>
public class ApacheProxyStatusTests
{
    private const string Apache = "Listen 80\nLoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_http_module modules/mod_proxy_http.so\nIncludeOptional sites-enabled/*.conf\n";

    private static string Lint(TempTree tree, string select)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", select);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    private static TempTree Tree(string site, string siteFile = "app.conf", string bind = "127.0.0.1:8000", string restart = "") => new TempTree()
        .Write("etc/apache2/apache2.conf", Apache)
        .Write("etc/apache2/sites-enabled/" + siteFile, site)
        .Write("etc/systemd/system/app.service", $"[Service]\nExecStart=/usr/bin/gunicorn --bind {bind} app:app\n{restart}");

    [Fact]
    public void CL007_says_503_behind_Apache_and_502_behind_nginx()
    {
        using var apache = Tree("<VirtualHost *:80>\n    ProxyPass / http://127.0.0.1:8000/\n</VirtualHost>\n");
        var report = Lint(apache, "CL007");
        Assert.Contains("warning CL007", report, StringComparison.Ordinal);
        Assert.Contains("the proxy answers 503 until someone restarts it", report, StringComparison.Ordinal);

        using var nginx = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n")
            .Write("etc/systemd/system/app.service", "[Service]\nExecStart=/usr/bin/gunicorn --bind 127.0.0.1:8000 app:app\n");
        Assert.Contains("the proxy answers 502 until someone restarts it", Lint(nginx, "CL007"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app-le-ssl.conf", "error CL001")]
    [InlineData("app.conf", "error CL001")]
    [InlineData("other-le-ssl.conf", "info CL001")]
    public void CL001_takes_certbots_TLS_copy_as_named_for_the_application(string siteFile, string expected)
    {
        using var tree = Tree("<VirtualHost *:443>\n    ProxyPass / http://127.0.0.1:8011/\n</VirtualHost>\n", siteFile, "127.0.0.1:8001", "Restart=always\n");
        var report = Lint(tree, "CL001");
        Assert.Contains(expected, report, StringComparison.Ordinal);
    }
}
