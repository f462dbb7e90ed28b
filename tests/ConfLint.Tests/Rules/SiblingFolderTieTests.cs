using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's tie through a sibling: where another proxy of the same server block reaches a back end run from a
/// working folder, an unreached back end run from that same folder is the project's other server (Django Channels'
/// daphne beside its gunicorn), so the drifted target is an error with a fix; from another folder it stays info.</summary>
public class SiblingFolderTieTests
{
    private static string Lint(string daphneFolder)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/shop.conf", "upstream channels {\n    server 127.0.0.1:8001;\n}\nserver {\n    listen 80;\n    server_name live.example.org;\n    location /ws/ {\n        proxy_pass http://channels;\n    }\n    location / {\n        proxy_pass http://unix:/run/gunicorn.sock;\n    }\n}\n")
            .Write("etc/systemd/system/gunicorn.service", "[Service]\nWorkingDirectory=/srv/shop/app\nExecStart=/srv/shop/venv/bin/gunicorn --bind unix:/run/gunicorn.sock shop.wsgi:application\nRestart=always\n")
            .Write("etc/systemd/system/daphne.service", $"[Service]\nWorkingDirectory={daphneFolder}\nExecStart=/srv/shop/venv/bin/daphne -u /run/daphne/daphne.sock shop.asgi:application\nRestart=always\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Fact]
    public void A_back_end_run_from_the_folder_of_one_the_server_reaches_is_tied()
    {
        var output = Lint("/srv/shop/app");
        Assert.Contains("error CL001 [*] proxy_pass http://channels reaches 127.0.0.1:8001: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("help: Point the upstream server at unix:/run/daphne/daphne.sock (daphne in service 'daphne.service': it runs in /srv/shop/app, as gunicorn in service 'gunicorn.service' does, which proxy_pass of the same server reaches)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void From_another_folder_it_is_not()
    {
        var output = Lint("/srv/blog/app");
        Assert.Contains("info CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
    }
}
