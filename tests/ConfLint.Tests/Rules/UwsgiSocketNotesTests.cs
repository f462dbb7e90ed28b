using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>uwsgi's Unix sockets under CL003: judged only where owner, group and mode are all known; otherwise silent, with
/// the reason under <c>--verbose</c>.</summary>
public class UwsgiSocketNotesTests
{
    private const string Site = """
        user www-data;
        events {}
        http {
            server {
                listen 80;
                location / { uwsgi_pass unix:/run/app/uwsgi.sock; }
            }
        }
        """;

    private static TempTree Tree(string ini, string service = "[Service]\nExecStart=/usr/bin/uwsgi --ini /etc/uwsgi/app.ini\n") =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", Site)
            .Write("etc/systemd/system/app.service", service)
            .Write("etc/uwsgi/app.ini", ini)
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\napp:x:1001:1001:App:/srv/app:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\napp:x:1001:\n");

    private static (int ExitCode, string Note) Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003", "--verbose");
        var note = output.Stderr.Split('\n').FirstOrDefault(l => l.Contains("CL003 did not judge", StringComparison.Ordinal)) ?? string.Empty;
        return (output.ExitCode, note);
    }

    [Fact]
    public void A_uid_given_by_a_number_the_root_does_not_name_is_not_judged()
    {
        using var tree = Tree("[uwsgi]\nsocket = /run/app/uwsgi.sock\nchmod-socket = 660\nuid = 1500\ngid = app\n");
        var (exit, note) = Lint(tree);
        Assert.Equal(0, exit);
        Assert.EndsWith("uid = 1500 names no user of the root's /etc/passwd", note);
    }

    [Fact]
    public void A_user_missing_from_etc_passwd_is_not_judged()
    {
        using var tree = Tree("[uwsgi]\nsocket = /run/app/uwsgi.sock\nchmod-socket = 660\nuid = ghost\ngid = app\n");
        var (exit, note) = Lint(tree);
        Assert.Equal(0, exit);
        Assert.EndsWith("uid = ghost names no user of the root's /etc/passwd", note);
    }

    [Fact]
    public void The_umask_a_shell_command_line_gives_is_not_known()
    {
        // Without the shell, the unit's default UMask= 0022 would make the socket 0755 (UwsgiInheritedUmaskTests).
        using var tree = Tree("[uwsgi]\nsocket = /run/app/uwsgi.sock\nuid = app\ngid = app\n", "[Service]\nExecStart=/bin/sh -c \"exec /usr/bin/uwsgi --ini /etc/uwsgi/app.ini\"\n");
        var (exit, note) = Lint(tree);
        Assert.Equal(0, exit);
        Assert.Contains("the socket's mode is 0777 less the umask uwsgi inherits, which the root does not show (the command runs uwsgi through /bin/sh, which may set another umask)", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_systemd_creates_is_not_judged()
    {
        using var tree = Tree("[uwsgi]\nsocket = /run/app/uwsgi.sock\nchmod-socket = 600\nuid = app\ngid = app\n")
            .Write("etc/systemd/system/app.socket", "[Socket]\nListenStream=/run/app/uwsgi.sock\nSocketUser=www-data\n\n[Install]\nWantedBy=sockets.target\n");
        var (exit, note) = Lint(tree);
        Assert.Equal(0, exit);
        Assert.Contains("systemd creates the socket", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chmod_socket_without_a_mode_is_666()
    {
        // core/socket.c: chmod-socket without a value chmods the socket to 666 "for lazy and brave users".
        using var tree = Tree("[uwsgi]\nsocket = /run/app/uwsgi.sock\nchmod-socket = 1\nuid = app\ngid = app\n");
        Assert.Equal(0, CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003").ExitCode);
    }

    [Fact]
    public void Chown_socket_with_a_user_alone_keeps_the_group_and_lets_that_user_in()
    {
        using var tree = Tree("[uwsgi]\nsocket = /run/app/uwsgi.sock\nchmod-socket = 600\nuid = app\ngid = app\nchown-socket = www-data\n");
        Assert.Equal(0, CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003").ExitCode);
    }

    [Fact]
    public void A_uwsgi_started_as_its_own_user_owns_its_socket_whatever_uid_says()
    {
        using var tree = Tree("[uwsgi]\nsocket = /run/app/uwsgi.sock\nchmod-socket = 660\nuid = www-data\n", "[Service]\nUser=app\nGroup=app\nExecStart=/usr/bin/uwsgi --ini /etc/uwsgi/app.ini\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003");
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("as app:app mode 0660", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("Set chmod-socket = 666 (any local user may then connect) in etc/uwsgi/app.ini", output.Stdout, StringComparison.Ordinal);
    }
}
