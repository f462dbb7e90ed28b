using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL006 through nginx in front of nginx (CTFd's and Alfresco's shape: the host's nginx proxies to a Compose service's
/// nginx, which proxies to the application). An inner proxy's read timeout is how long it waits, not how long its back
/// end needs: nginx's default there is no evidence at all (silence, a note), an explicit inner wait with no known back-end
/// limit behind it is at most info, and a back end whose own limit is known (gunicorn's <c>--timeout</c>) is judged as
/// before (warning).
/// </summary>
public class InnerProxyWaitEvidenceTests
{
    private const string HostNginx = "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name ctf.example.org;\n"
        + "        location / {\n            proxy_pass http://127.0.0.1:8081;\n            proxy_read_timeout 30s;\n        }\n    }\n}\n";

    private static string Compose(string appCommand = "") =>
        "services:\n  ctfd:\n    image: python:3.12\n    restart: unless-stopped\n" + appCommand
        + "  nginx:\n    image: nginx:1.27\n    restart: unless-stopped\n    ports:\n      - \"127.0.0.1:8081:80\"\n    volumes:\n      - ./http.conf:/etc/nginx/nginx.conf:ro\n";

    private static string Inner(string wait) =>
        $"events {{}}\nhttp {{\n    server {{\n        listen 80;\n        location / {{\n            proxy_pass http://ctfd:8000;\n{wait}        }}\n    }}\n}}\n";

    private static string Lint(string compose, string inner, bool app = false)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", HostNginx)
            .Write("opt/CTFd/docker-compose.yml", compose)
            .Write("opt/CTFd/http.conf", inner);
        if (app)
        {
            tree.Write("opt/CTFd/app/wsgi.py", "app = None\n");
        }

        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    /// <summary>CTFd probe 16: the inner nginx's default 60 s, nothing known behind it: no finding, a note says why.</summary>
    [Fact]
    public void An_inner_default_wait_is_no_evidence()
    {
        var report = Lint(Compose(), Inner(string.Empty));
        Assert.DoesNotContain("warning CL006", report, StringComparison.Ordinal);
        Assert.DoesNotContain("info CL006", report, StringComparison.Ordinal);
        Assert.Contains("the inner proxy_pass http://ctfd:8000 waits nginx's default proxy_read_timeout of 1m and its back end's own limit is not known", report, StringComparison.Ordinal);
    }

    /// <summary>CTFd probe 17, Alfresco variant 8: an explicit inner wait with no known back-end limit: info, not warning.</summary>
    [Fact]
    public void An_explicit_inner_wait_without_a_known_back_end_limit_is_info()
    {
        var report = Lint(Compose(), Inner("            proxy_read_timeout 1h;\n"));
        Assert.Contains("etc/nginx/nginx.conf:9:32: info CL006", report, StringComparison.Ordinal);
        Assert.DoesNotContain("warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("its back end's own limit not known", report, StringComparison.Ordinal);
    }

    /// <summary>Control: a gunicorn behind the inner nginx with a known --timeout: that limit is judged (warning, as before).</summary>
    [Fact]
    public void An_inner_wait_backed_by_a_known_gunicorn_timeout_is_a_warning()
    {
        var report = Lint(Compose("    working_dir: /app\n    volumes:\n      - ./app:/app\n    command: gunicorn --bind 0.0.0.0:8000 --worker-class sync --threads 1 --timeout 300 wsgi:app\n"), Inner("            proxy_read_timeout 1h;\n"), app: true);
        Assert.Contains("etc/nginx/nginx.conf:9:32: warning CL006", report, StringComparison.Ordinal);
        Assert.Contains("lets a request run for 5m", report, StringComparison.Ordinal);
    }
}
