using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Sockets a systemd socket unit makes, and the folders on the way (precision round 34, the PowerDNS-Admin root:
/// powerdnsadmin.socket ListenStream=/run/powerdnsadmin/socket, gunicorn as pdns under socket activation, the folder made by
/// tmpfiles.d, the service's ExecStartPre=+mkdir -p and +chown -R of it, gunicorn --pid in it).
/// CL003: a tmpfiles.d folder is there before sockets.target, and keeps its owner and mode when the socket unit binds in
/// it (DirectoryMode= only makes missing folders); one the web server may not search shuts it out (unix(7)). The usual
/// commands are read as coreutils does: mkdir -p of a folder that exists changes nothing, chown sets the named owner and
/// group, an octal chmod the mode; any owner and mode the folder may have that lets the web server in silences.
/// CL001: a socket unit's socket in a RuntimeDirectory= of the service it starts (or another enabled unit) is removed when
/// that unit stops, and the socket unit keeps listening on a socket no path names.
/// </summary>
public sealed class SocketUnitFolderTests
{
    private const string Site = "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://unix:/run/powerdnsadmin/socket;\n        }\n    }\n}\n";

    private const string Wiki = "ExecStartPre=+mkdir -p /run/powerdnsadmin/\nExecStartPre=+chown pdns:pdns -R /run/powerdnsadmin/\n";

    /// <summary>The wiki's units: <paramref name="pre"/> are the service's extra lines (ExecStartPre=, RuntimeDirectory=),
    /// <paramref name="tmpfiles"/> the tmpfiles.d line (none when null), <paramref name="socketUnit"/> extra [Unit] lines
    /// of the socket unit.</summary>
    private static TempTree Tree(string? tmpfiles, string pre = Wiki, string group = "pdns:x:111:\n", string socketUnit = "") =>
        Write(new TempTree()
            .Write("etc/nginx/nginx.conf", Site)
            .Write("lib/systemd/system/nginx.service", "[Service]\nType=forking\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
            .Write("etc/systemd/system/powerdnsadmin.socket", "[Unit]\nDescription=PowerDNS-Admin socket\n" + socketUnit + "\n[Socket]\nListenStream=/run/powerdnsadmin/socket\n\n[Install]\nWantedBy=sockets.target\n")
            .Link("etc/systemd/system/sockets.target.wants/powerdnsadmin.socket", "/etc/systemd/system/powerdnsadmin.socket")
            .Write("etc/systemd/system/powerdnsadmin.service", "[Unit]\nRequires=powerdnsadmin.socket\n\n[Service]\nPIDFile=/run/powerdnsadmin/pid\nUser=pdns\nGroup=pdns\nWorkingDirectory=/opt/web/powerdns-admin\n"
                + pre + "ExecStart=/opt/web/powerdns-admin/venv/bin/gunicorn --pid /run/powerdnsadmin/pid --bind unix:/run/powerdnsadmin/socket 'powerdnsadmin:create_app()'\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\npdns:x:111:111:PowerDNS:/var/spool/powerdns:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\n" + group)
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"), tmpfiles);

    private static TempTree Write(TempTree tree, string? tmpfiles) =>
        tmpfiles is null ? tree : tree.Write("etc/tmpfiles.d/powerdnsadmin.conf", tmpfiles);

    private static string Lint(TempTree tree, string code)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", code, "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void A_tmpfiles_folder_the_web_server_may_not_search_shuts_it_out_of_the_socket_units_socket()
    {
        using var tree = Tree("d /run/powerdnsadmin 0750 pdns pdns -\n");
        var output = Lint(tree, "CL003");
        Assert.Contains("etc/systemd/system/powerdnsadmin.socket:5:1: warning CL003 socket unit 'powerdnsadmin.socket' makes its socket /run/powerdnsadmin/socket inside /run/powerdnsadmin, which is pdns:pdns mode 0750 at every boot (etc/tmpfiles.d/powerdnsadmin.conf:1 makes it: 'd /run/powerdnsadmin 0750 pdns pdns -')", output, StringComparison.Ordinal);
        Assert.Contains("'www-data' (nginx 'user' directive) is neither its owner nor in group 'pdns', and the mode gives others no search (x) permission, so it may not pass the folder to reach the socket: connect() fails with (13: Permission denied) and a 502", output, StringComparison.Ordinal);
        Assert.Contains("etc/tmpfiles.d/powerdnsadmin.conf:1:1: makes /run/powerdnsadmin, pdns:pdns 0750", output, StringComparison.Ordinal);
        Assert.Contains("none is applied", output, StringComparison.Ordinal);
    }

    [Theory]
    // The folder's mode lets others search.
    [InlineData("d /run/powerdnsadmin 0755 pdns pdns -\n", Wiki, "pdns:x:111:\n")]
    // www-data is in the folder's group.
    [InlineData("d /run/powerdnsadmin 0750 pdns pdns -\n", Wiki, "pdns:x:111:www-data\n")]
    // No tmpfiles.d line: the socket unit makes the folder, root's, DirectoryMode= 0755.
    [InlineData(null, "", "pdns:x:111:\n")]
    // The service's ExecStartPre= opens the folder once it starts, or gives it the web server's group.
    [InlineData("d /run/powerdnsadmin 0750 pdns pdns -\n", Wiki + "ExecStartPre=+/bin/chmod 0755 /run/powerdnsadmin\n", "pdns:x:111:\n")]
    [InlineData("d /run/powerdnsadmin 0750 pdns pdns -\n", "ExecStartPre=+chown -R pdns:www-data /run/powerdnsadmin\n", "pdns:x:111:\n")]
    // A command ConfLint does not read may change it.
    [InlineData("d /run/powerdnsadmin 0750 pdns pdns -\n", "ExecStartPre=+setfacl -m u:www-data:x /run/powerdnsadmin\n", "pdns:x:111:\n")]
    [InlineData("d /run/powerdnsadmin 0750 pdns pdns -\n", "ExecStartPre=+chmod g+x,o+x /run/powerdnsadmin\n", "pdns:x:111:\n")]
    public void Controls_stay_silent(string? tmpfiles, string pre, string group)
    {
        using var tree = Tree(tmpfiles, pre, group);
        Assert.DoesNotContain("warning CL003", Lint(tree, "CL003"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_socket_units_own_commands_leave_the_folders_unjudged()
    {
        using var tree = Tree("d /run/powerdnsadmin 0750 pdns pdns -\n");
        tree.Write("etc/systemd/system/powerdnsadmin.socket.d/dir.conf", "[Socket]\nExecStartPre=/bin/chmod 0755 /run/powerdnsadmin\n");
        var output = Lint(tree, "CL003");
        Assert.DoesNotContain("warning CL003", output, StringComparison.Ordinal);
        Assert.Contains("CL003 did not judge the folders on the way to the sockets of socket unit 'powerdnsadmin.socket': its ExecStartPre=/bin/chmod 0755 /run/powerdnsadmin may change them", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chmod_that_still_shuts_the_web_server_out_is_said_with_the_finding()
    {
        using var tree = Tree("d /run/powerdnsadmin 0750 pdns pdns -\n", Wiki + "ExecStartPre=+chmod 0700 /run/powerdnsadmin\n");
        var output = Lint(tree, "CL003");
        Assert.Contains("warning CL003 socket unit 'powerdnsadmin.socket' makes its socket /run/powerdnsadmin/socket inside /run/powerdnsadmin", output, StringComparison.Ordinal);
        Assert.Contains("'d /run/powerdnsadmin 0750 pdns pdns -'; ExecStartPre=+chmod 0700 /run/powerdnsadmin of powerdnsadmin.service makes it pdns:pdns 0700, which shuts it out too)", output, StringComparison.Ordinal);
        Assert.Contains("etc/systemd/system/powerdnsadmin.service:11:1: ExecStartPre=+chmod 0700 /run/powerdnsadmin: chmod sets /run/powerdnsadmin's mode to 0700", output, StringComparison.Ordinal);
    }

    /// <summary>A symbolic chmod is read as chmod(1) does, as a change of the mode before it: <c>g-rx,o=</c> of a 0750
    /// folder leaves 0700 (still shut); <c>o+x</c> alone opens it; <c>+x</c> (no class: masked by the umask) is not read.</summary>
    [Fact]
    public void A_symbolic_chmod_is_read_as_a_change_of_the_mode_before_it()
    {
        using (var tree = Tree("d /run/powerdnsadmin 0750 pdns pdns -\n", Wiki + "ExecStartPre=+chmod g-rx,o= /run/powerdnsadmin\n"))
        {
            var output = Lint(tree, "CL003");
            Assert.Contains("ExecStartPre=+chmod g-rx,o= /run/powerdnsadmin of powerdnsadmin.service makes it pdns:pdns 0700, which shuts it out too)", output, StringComparison.Ordinal);
            Assert.Contains("ExecStartPre=+chmod g-rx,o= /run/powerdnsadmin: chmod g-rx,o= changes /run/powerdnsadmin's mode", output, StringComparison.Ordinal);
        }

        using (var tree = Tree("d /run/powerdnsadmin 0750 pdns pdns -\n", Wiki + "ExecStartPre=+chmod o+x /run/powerdnsadmin\n"))
        {
            Assert.DoesNotContain("warning CL003", Lint(tree, "CL003"), StringComparison.Ordinal);
        }

        using (var tree = Tree("d /run/powerdnsadmin 0750 pdns pdns -\n", Wiki + "ExecStartPre=+chmod +x /run/powerdnsadmin\n"))
        {
            Assert.DoesNotContain("warning CL003", Lint(tree, "CL003"), StringComparison.Ordinal);
        }
    }

    /// <summary>The socket unit's own DirectoryMode=, where nothing else makes the folder: systemd makes the socket's
    /// missing parents as root:root with that mode at every boot (systemd.socket(5)), so 0750 shuts www-data out.</summary>
    [Fact]
    public void A_socket_units_own_directory_mode_that_shuts_the_web_server_out_is_reported()
    {
        using var tree = Tree(null, string.Empty);
        tree.Write("etc/systemd/system/powerdnsadmin.socket", "[Unit]\nDescription=PowerDNS-Admin socket\n\n[Socket]\nListenStream=/run/powerdnsadmin/socket\nDirectoryMode=0750\n\n[Install]\nWantedBy=sockets.target\n");
        var output = Lint(tree, "CL003");
        Assert.Contains("etc/systemd/system/powerdnsadmin.socket:5:1: warning CL003 socket unit 'powerdnsadmin.socket' makes its socket /run/powerdnsadmin/socket inside /run/powerdnsadmin, which is root:root mode 0750 at every boot (powerdnsadmin.socket makes it as root with DirectoryMode=0750)", output, StringComparison.Ordinal);
        Assert.Contains("etc/systemd/system/powerdnsadmin.socket:6:1: DirectoryMode= makes /run/powerdnsadmin, root's, mode 0750", output, StringComparison.Ordinal);
        Assert.Contains("set DirectoryMode=0751 in the socket unit", output, StringComparison.Ordinal);
    }

    /// <summary>Another socket unit with a socket in the same folder makes it too, with its own mode (0755 without
    /// DirectoryMode=): which one starts first is not known, so the folder is not judged.</summary>
    [Fact]
    public void Two_socket_units_that_make_one_folder_with_different_modes_leave_it_unjudged()
    {
        using var tree = Tree(null, string.Empty);
        tree.Write("etc/systemd/system/powerdnsadmin.socket", "[Unit]\nDescription=PowerDNS-Admin socket\n\n[Socket]\nListenStream=/run/powerdnsadmin/socket\nDirectoryMode=0750\n\n[Install]\nWantedBy=sockets.target\n")
            .Write("etc/systemd/system/pdns-api.socket", "[Socket]\nListenStream=/run/powerdnsadmin/api.socket\n\n[Install]\nWantedBy=sockets.target\n")
            .Link("etc/systemd/system/sockets.target.wants/pdns-api.socket", "/etc/systemd/system/pdns-api.socket");
        Assert.DoesNotContain("warning CL003", Lint(tree, "CL003"), StringComparison.Ordinal);
    }

    [Theory]
    // The default, or a mode that lets others search.
    [InlineData("", null, "")]
    [InlineData("DirectoryMode=0711\n", null, "")]
    // A tmpfiles.d line makes the folder first: its owner and mode count, not DirectoryMode= (0755 here).
    [InlineData("DirectoryMode=0750\n", "d /run/powerdnsadmin 0755 pdns pdns -\n", "")]
    // The activated service's RuntimeDirectory= may make it too: not judged.
    [InlineData("DirectoryMode=0750\n", null, "RuntimeDirectory=powerdnsadmin\n")]
    // The activated service opens it once it starts.
    [InlineData("DirectoryMode=0750\n", null, "ExecStartPre=+chmod o+x /run/powerdnsadmin\n")]
    public void A_socket_units_directory_mode_controls_stay_silent(string directoryMode, string? tmpfiles, string pre)
    {
        using var tree = Tree(tmpfiles, pre);
        tree.Write("etc/systemd/system/powerdnsadmin.socket", "[Unit]\nDescription=PowerDNS-Admin socket\n\n[Socket]\nListenStream=/run/powerdnsadmin/socket\n" + directoryMode + "\n[Install]\nWantedBy=sockets.target\n");
        Assert.DoesNotContain("warning CL003", Lint(tree, "CL003"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_runtime_directory_of_the_activated_service_removes_the_socket_when_it_stops()
    {
        using var tree = Tree("d /run/powerdnsadmin 0755 pdns pdns -\n", "RuntimeDirectory=powerdnsadmin\n");
        var output = Lint(tree, "CL001");
        Assert.Contains("etc/nginx/nginx.conf:7:24: warning CL001 proxy_pass http://unix:/run/powerdnsadmin/socket: socket unit 'powerdnsadmin.socket' makes /run/powerdnsadmin/socket in /run/powerdnsadmin, which RuntimeDirectory= of powerdnsadmin.service makes; systemd removes a unit's RuntimeDirectory= folders with all they hold when that unit stops or restarts", output, StringComparison.Ordinal);
        Assert.Contains("nginx gets 'No such file or directory' and answers 502 until powerdnsadmin.socket is restarted", output, StringComparison.Ordinal);
        Assert.Contains("etc/systemd/system/powerdnsadmin.service:9:1: RuntimeDirectory= of powerdnsadmin.service (the service powerdnsadmin.socket starts)", output, StringComparison.Ordinal);
        Assert.Contains("or set RuntimeDirectoryPreserve=yes in a drop-in for powerdnsadmin.service", output, StringComparison.Ordinal);
        Assert.Contains("(advice: never applied automatically)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Preserve_restart_keeps_the_folder_over_a_restart_only()
    {
        using var tree = Tree(null, "RuntimeDirectory=powerdnsadmin\nRuntimeDirectoryPreserve=restart\n");
        var output = Lint(tree, "CL001");
        Assert.Contains("when that unit stops (no RuntimeDirectoryPreserve=yes; =restart keeps them over a restart only)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_enabled_units_runtime_directory_removes_it_too()
    {
        using var tree = Tree(null, string.Empty);
        tree.Write("etc/systemd/system/pdnsadmin-worker.service", "[Service]\nUser=pdns\nRuntimeDirectory=powerdnsadmin\nExecStart=/opt/web/powerdns-admin/venv/bin/celery worker\n\n[Install]\nWantedBy=multi-user.target\n");
        Assert.DoesNotContain("warning CL001", Lint(tree, "CL001"), StringComparison.Ordinal);
        tree.Link("etc/systemd/system/multi-user.target.wants/pdnsadmin-worker.service", "/etc/systemd/system/pdnsadmin-worker.service");
        Assert.Contains("which RuntimeDirectory= of pdnsadmin-worker.service makes", Lint(tree, "CL001"), StringComparison.Ordinal);
    }

    [Theory]
    // systemd never removes the folder.
    [InlineData("RuntimeDirectory=powerdnsadmin\nRuntimeDirectoryPreserve=yes\n", "")]
    // The socket unit stops and starts with the service, and makes its socket again.
    [InlineData("RuntimeDirectory=powerdnsadmin\n", "PartOf=powerdnsadmin.service\n")]
    // No RuntimeDirectory=: the tmpfiles.d folder stays.
    [InlineData(Wiki, "")]
    public void Runtime_folder_controls_stay_silent(string pre, string socketUnit)
    {
        using var tree = Tree("d /run/powerdnsadmin 0755 pdns pdns -\n", pre, socketUnit: socketUnit);
        Assert.DoesNotContain("warning CL001", Lint(tree, "CL001"), StringComparison.Ordinal);
    }

    /// <summary>The binding side reads the same commands: gunicorn run as 'app' binding in a tmpfiles.d folder of root's;
    /// <paramref name="pre"/> the service's ExecStartPre= lines.</summary>
    private static TempTree Bound(string pre) =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://unix:/run/app/web.sock;\n        }\n    }\n}\n")
            .Write("etc/systemd/system/app.service", "[Service]\nUser=app\nGroup=app\n" + pre + "WorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/gunicorn --pid /run/app/pid --bind unix:/run/app/web.sock app.wsgi\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/app.service", "/etc/systemd/system/app.service")
            .Write("etc/tmpfiles.d/app.conf", "d /run/app 0755 root root -\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\napp:x:990:990::/srv/app:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\napp:x:990:\n")
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");

    [Fact]
    public void A_mkdir_of_a_folder_tmpfiles_made_leaves_it_roots_and_the_bind_fails()
    {
        using var tree = Bound("ExecStartPre=+mkdir -p /run/app\n");
        var output = Lint(tree, "CL001");
        Assert.Contains("binds /run/app/web.sock as 'app'", output, StringComparison.Ordinal);
        Assert.Contains("and /run/app is root:root 0755 (etc/tmpfiles.d/app.conf:1 makes it: 'd /run/app 0755 root root -'): 'app' may not create a file there, so bind fails with EACCES (Permission denied)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ExecStartPre=+mkdir -p /run/app\nExecStartPre=+chown app:app /run/app\n")]
    [InlineData("ExecStartPre=+install -d -o app -g app -m 0750 /run/app\n")]
    [InlineData("ExecStartPre=+chmod 1777 /run/app\n")]
    [InlineData("ExecStartPre=/srv/app/bin/prepare /run/app\n")]
    public void A_command_that_gives_the_folder_away_or_is_not_read_leaves_the_bind_alone(string pre)
    {
        using var tree = Bound(pre);
        Assert.DoesNotContain("may not create a file there", Lint(tree, "CL001"), StringComparison.Ordinal);
    }
}
