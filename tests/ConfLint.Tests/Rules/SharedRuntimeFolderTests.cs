using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 where a back end's socket lies in a folder that RuntimeDirectory= of another enabled unit (or instance of
/// the same template) makes too: systemd removes a unit's RuntimeDirectory= folders, with what they hold, when that unit
/// stops or restarts (systemd.exec(5); no reference count: systemd/systemd#5394), so the sibling's stop unlinks this
/// socket and the site answers 502 until its service restarts. A warning with advice; silent for per-instance folders,
/// RuntimeDirectoryPreserve=yes on the others, siblings not enabled, and a unit alone in its folder.</summary>
public class SharedRuntimeFolderTests
{
    private const string Template = "[Service]\nUser=www-data\nRuntimeDirectory={0}\n{1}WorkingDirectory=/srv/%i\nExecStart=/srv/%i/venv/bin/gunicorn --bind unix:/run/{2}.sock app.wsgi\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";

    /// <summary>Two sites, each proxied to its instance of gunicorn@.service; <paramref name="enableB"/> links instance b.</summary>
    private static TempTree Instances(string directory, string socket, string preserve = "", bool enableB = true)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/sites.conf",
                $"server {{\n    listen 80;\n    server_name a.example.org;\n    location / {{\n        proxy_pass http://unix:/run/{socket.Replace("%i", "a", StringComparison.Ordinal)}.sock;\n    }}\n}}\n"
                + $"server {{\n    listen 80;\n    server_name b.example.org;\n    location / {{\n        proxy_pass http://unix:/run/{socket.Replace("%i", "b", StringComparison.Ordinal)}.sock;\n    }}\n}}\n")
            .Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/gunicorn@.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, directory, preserve, socket))
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
            .Link("etc/systemd/system/multi-user.target.wants/gunicorn@a.service", "/etc/systemd/system/gunicorn@.service");
        if (enableB)
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/gunicorn@b.service", "/etc/systemd/system/gunicorn@.service");
        }

        return tree;
    }

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Fact]
    public void Two_instances_of_a_template_sharing_a_runtime_folder_are_a_warning_each()
    {
        using var tree = Instances("gunicorn", "gunicorn/%i");
        var output = Lint(tree);
        Assert.Contains("warning CL001 proxy_pass http://unix:/run/gunicorn/a.sock: gunicorn in service 'gunicorn@a.service' binds /run/gunicorn/a.sock in /run/gunicorn, which RuntimeDirectory= of gunicorn@b.service makes too", output, StringComparison.Ordinal);
        Assert.Contains("warning CL001 proxy_pass http://unix:/run/gunicorn/b.sock: gunicorn in service 'gunicorn@b.service' binds /run/gunicorn/b.sock in /run/gunicorn, which RuntimeDirectory= of gunicorn@a.service makes too", output, StringComparison.Ordinal);
        Assert.Contains("so when gunicorn@b.service stops or restarts the socket is gone, nginx gets 'No such file or directory' and answers 502 until gunicorn@a.service restarts", output, StringComparison.Ordinal);
        Assert.Contains("RuntimeDirectory= of gunicorn@b.service (enabled): systemd removes /run/gunicorn when gunicorn@b.service stops or restarts", output, StringComparison.Ordinal);
        Assert.Contains("help: Give each unit a folder of its own (RuntimeDirectory=gunicorn/%i in gunicorn@a.service, the bind and proxy_pass moved into it), or keep the folder over stops: RuntimeDirectoryPreserve=yes in a drop-in for gunicorn@.service", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_units_sharing_a_runtime_folder_are_a_warning()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://unix:/run/app/web.sock;\n        }\n    }\n}\n")
            .Write("etc/systemd/system/app-web.service", "[Service]\nUser=app\nRuntimeDirectory=app\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/gunicorn --bind unix:/run/app/web.sock app.wsgi\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/app-worker.service", "[Service]\nUser=app\nRuntimeDirectory=app\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/celery -A app worker\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/app-web.service", "/etc/systemd/system/app-web.service")
            .Link("etc/systemd/system/multi-user.target.wants/app-worker.service", "/etc/systemd/system/app-worker.service");
        var output = Lint(tree);
        Assert.Contains("warning CL001 proxy_pass http://unix:/run/app/web.sock: gunicorn in service 'app-web.service' binds /run/app/web.sock in /run/app, which RuntimeDirectory= of app-worker.service makes too", output, StringComparison.Ordinal);
        Assert.Contains("RuntimeDirectoryPreserve=yes in a drop-in for app-web.service and app-worker.service", output, StringComparison.Ordinal);
        Assert.Contains("RuntimeDirectory=app/app-web in app-web.service", output, StringComparison.Ordinal);

        // The worker not enabled: nothing starts or stops it at boot, and ConfLint does not guess who runs it by hand.
        File.Delete(Path.Combine(tree.Root, "etc/systemd/system/multi-user.target.wants/app-worker.service"));
        Assert.DoesNotContain("makes too", Lint(tree), StringComparison.Ordinal);
    }

    [Theory]
    // Preserve=yes: systemd never removes the folder.
    [InlineData("RuntimeDirectoryPreserve=yes\n", false)]
    [InlineData("RuntimeDirectoryPreserve=true\n", false)]
    // Preserve=restart: kept over a restart, still removed when the sibling is stopped: reported, saying so.
    [InlineData("RuntimeDirectoryPreserve=restart\n", true)]
    [InlineData("RuntimeDirectoryPreserve=no\n", true)]
    public void Preserve_decides(string preserve, bool reported)
    {
        using var tree = Instances("gunicorn", "gunicorn/%i", preserve);
        var output = Lint(tree);
        Assert.Equal(reported, output.Contains("which RuntimeDirectory= of gunicorn@b.service makes too", StringComparison.Ordinal));
        if (preserve.Contains("restart", StringComparison.Ordinal))
        {
            Assert.Contains("so when gunicorn@b.service stops the socket is gone", output, StringComparison.Ordinal);
            Assert.Contains("=restart keeps them over a restart only", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_upstream_server_is_reported_at_its_line_naming_the_pass()
    {
        using var tree = Instances("gunicorn", "gunicorn/%i");
        tree.Write("etc/nginx/conf.d/sites.conf", "upstream a {\n    server unix:/run/gunicorn/a.sock;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://a;\n    }\n}\n");
        var output = Lint(tree);
        Assert.Contains("warning CL001 the upstream server unix:/run/gunicorn/a.sock (of proxy_pass http://a): gunicorn in service 'gunicorn@a.service' binds /run/gunicorn/a.sock in /run/gunicorn", output, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://a reaches the socket", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_instance_folders_are_silent()
    {
        using var tree = Instances("gunicorn/%i", "gunicorn/%i/app");
        Assert.DoesNotContain("makes too", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void One_instance_enabled_is_silent()
    {
        using var tree = Instances("gunicorn", "gunicorn/%i", enableB: false);
        Assert.DoesNotContain("makes too", Lint(tree), StringComparison.Ordinal);
    }
}
