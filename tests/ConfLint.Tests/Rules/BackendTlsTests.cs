using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's TLS check: a front end that opens TLS to a back end whose settings say it speaks plain HTTP (an error:
/// the handshake fails, 502), one that speaks plain HTTP to a back end serving TLS only (a warning: most answer 400), and
/// silence where either side's TLS is not known, or both agree (a self-signed back end: nginx does not verify by default).</summary>
public sealed class BackendTlsTests
{
    private const string Unit = "[Unit]\nDescription=app\n\n[Service]\nUser=app\nWorkingDirectory=/srv/app\nExecStart={0}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Tree(string pass, string command) => new TempTree()
        .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\napp:x:1001:1001::/srv/app:/bin/bash\n")
        .Write("etc/group", "root:x:0:\nwww-data:x:33:\napp:x:1001:\n")
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name app.example.com;\n        location / {\n            " + pass + "\n        }\n    }\n}\n")
        .Write("etc/systemd/system/app.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Unit, command));

    private static List<(string Severity, string Where, string Message, string? Fix)> Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json", "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => (
            d.GetProperty("severity").GetString()!, $"{d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}",
            d.GetProperty("message").GetString()!,
            d.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("applicability").GetString() : null)).ToList();
    }

    [Theory]
    [InlineData("/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app.wsgi", "gunicorn is given no --certfile or --keyfile")]
    [InlineData("/srv/app/venv/bin/uvicorn --port 8000 app:app", "uvicorn is given no --ssl-certfile")]
    [InlineData("/usr/bin/uwsgi --http-socket 127.0.0.1:8000 --module app", "(http-socket)")]
    public void Tls_to_a_plain_http_back_end_is_an_error_with_a_safe_fix(string command, string evidence)
    {
        using var tree = Tree("proxy_pass https://127.0.0.1:8000;", command);
        var finding = Assert.Single(Lint(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf:8"), (finding.Severity, finding.Where));
        Assert.Contains("opens TLS (https://) to 127.0.0.1:8000, where nothing serves TLS", finding.Message, StringComparison.Ordinal);
        Assert.Contains(evidence, finding.Message, StringComparison.Ordinal);
        Assert.Contains("wrong version number", finding.Message, StringComparison.Ordinal);
        Assert.Equal("safe", finding.Fix);

        var fixedOutput = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(fixedOutput.ExitCode is 0 or 1, fixedOutput.Stderr);
        Assert.Contains("proxy_pass http://127.0.0.1:8000;", File.ReadAllText(Path.Combine(tree.Root, "etc/nginx/nginx.conf")), StringComparison.Ordinal);
        Assert.Empty(Lint(tree));
    }

    [Theory]
    // A self-signed certificate is fine: proxy_ssl_verify is off by default.
    [InlineData("proxy_pass https://127.0.0.1:8000;", "/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 --certfile /etc/ssl/self.crt --keyfile /etc/ssl/self.key app.wsgi")]
    [InlineData("proxy_pass http://127.0.0.1:8000;", "/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app.wsgi")]
    // Not known whether the back end serves TLS: gunicorn's settings come from a module ConfLint does not run.
    [InlineData("proxy_pass https://127.0.0.1:8000;", "/srv/app/venv/bin/gunicorn -c python:app.settings --bind 127.0.0.1:8000 app.wsgi")]
    // hypercorn's own file is not read.
    [InlineData("proxy_pass https://127.0.0.1:8000;", "/srv/app/venv/bin/hypercorn -c /srv/app/hypercorn.toml --bind 127.0.0.1:8000 app:app")]
    public void Agreeing_or_unknown_tls_is_not_reported(string pass, string command)
    {
        using var tree = Tree(pass, command);
        Assert.DoesNotContain(Lint(tree), f => f.Severity is "error" or "warning");
    }

    [Fact]
    public void Unknown_tls_behind_https_is_said_in_verbose()
    {
        using var tree = Tree("proxy_pass https://127.0.0.1:8000;", "/srv/app/venv/bin/gunicorn -c python:app.settings --bind 127.0.0.1:8000 app.wsgi");
        var verbose = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        // gunicorn's settings module may set its protocol too (--protocol uwsgi, gunicorn 24): both questions are said.
        Assert.Contains("speaks there, and whether it serves TLS there, as proxy_pass https://127.0.0.1:8000 expects, is not known", verbose.Stdout + verbose.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_to_a_tls_only_back_end_is_a_warning_without_a_safe_fix()
    {
        using var tree = Tree("proxy_pass http://127.0.0.1:8443;", "/srv/app/venv/bin/uvicorn --port 8443 --ssl-certfile /etc/ssl/a.crt --ssl-keyfile /etc/ssl/a.key app:app");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("speaks plain HTTP to 127.0.0.1:8443, where every listener serves TLS only", finding.Message, StringComparison.Ordinal);
        Assert.Contains("--ssl-certfile is given", finding.Message, StringComparison.Ordinal);
        Assert.NotEqual("safe", finding.Fix);
    }

    [Fact]
    public void An_https_target_without_a_port_gets_no_safe_fix()
    {
        using var tree = Tree("proxy_pass https://127.0.0.1;", "/srv/app/venv/bin/gunicorn --bind 127.0.0.1:443 app.wsgi");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("error", finding.Severity);
        Assert.NotEqual("safe", finding.Fix);
    }

    [Fact]
    public void Apache_https_to_a_plain_gunicorn_is_an_error_and_the_reverse_mapping_follows_the_fix()
    {
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "Listen 80\nLoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_http_module modules/mod_proxy_http.so\nLoadModule ssl_module modules/mod_ssl.so\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/sites-enabled/app.conf", "<VirtualHost *:80>\n    ServerName app.example.com\n    SSLProxyEngine on\n    ProxyPass / https://127.0.0.1:8000/\n    ProxyPassReverse / https://127.0.0.1:8000/\n</VirtualHost>\n")
            .Write("etc/systemd/system/app.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Unit, "/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app.wsgi"));
        var finding = Assert.Single(Lint(tree), f => f.Message.Contains("opens TLS", StringComparison.Ordinal));
        Assert.Equal("error", finding.Severity);
        Assert.Contains("AH00898", finding.Message, StringComparison.Ordinal);
        CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        var text = File.ReadAllText(Path.Combine(tree.Root, "etc/apache2/sites-enabled/app.conf"));
        Assert.Contains("ProxyPass / http://127.0.0.1:8000/", text, StringComparison.Ordinal);
        Assert.Contains("ProxyPassReverse / http://127.0.0.1:8000/", text, StringComparison.Ordinal);
    }
}
