using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL003 on gunicorn's Unix sockets: gunicorn binds under its umask (default 0: mode 0777) and chowns the socket
/// to its user and group (the unit's User= and Group=, or --user/--group). The Flask tutorials' <c>-m 007</c> with
/// <c>Group=www-data</c> lets nginx in; the same with the user's own group shuts it out.</summary>
public class GunicornSocketPermissionTests
{
    private static string Lint(string group, string options)
    {
        using var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nsammy:x:1000:1000::/home/sammy:/bin/bash\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nsammy:x:1000:\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/myproject", "server {\n    listen 80;\n    location / {\n        proxy_pass http://unix:/home/sammy/myproject/myproject.sock;\n    }\n}\n")
            .Write("etc/systemd/system/myproject.service", $"[Service]\nUser=sammy\n{group}WorkingDirectory=/home/sammy/myproject\nExecStart=/home/sammy/myproject/venv/bin/gunicorn --workers 3 --bind unix:myproject.sock {options} wsgi:app\nRestart=always\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Theory]
    [InlineData("Group=sammy\n", "-m 007", "myproject.service:3:1: error CL003 gunicorn in service 'myproject.service' creates /home/sammy/myproject/myproject.sock as sammy:sammy mode 0770")]
    [InlineData("", "--umask 0o007", "as sammy:sammy mode 0770")]
    [InlineData("Group=www-data\n", "-m 077", "as sammy:www-data mode 0700")]
    public void A_socket_the_web_server_may_not_write_is_an_error(string group, string options, string expected)
    {
        var output = Lint(group, options);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("connect() fails with (13: Permission denied)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Group=www-data\n", "-m 007")]
    [InlineData("Group=sammy\n", "")]
    [InlineData("Group=sammy\n", "-m 007 --group www-data")]
    public void A_socket_the_web_server_may_write_is_no_finding(string group, string options) =>
        Assert.DoesNotContain("CL003", Lint(group, options), StringComparison.Ordinal);
}
