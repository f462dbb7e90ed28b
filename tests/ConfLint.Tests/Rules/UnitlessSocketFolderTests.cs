using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A back end's socket in a folder a tmpfiles.d line makes at every boot, where no systemd service runs the back end
/// (precision round 40, the Modoboa probe): uWSGI under supervisord as root with <c>chown-socket = www-data:www-data</c>
/// makes a socket nginx could use, but <c>d /run/modoboa 0750 modoboa modoboa -</c> makes the folder above it one
/// www-data may not search, and connect() needs search permission on every folder of the path (unix(7)): (13:
/// Permission denied) and a 502. CL003 judged such folders only for a back end a unit runs; it now judges them whatever
/// runs the back end (supervisord, Debian's uwsgi init script), with the same warning, and leaves alone folders the
/// back end's own start may change (Debian's init script's /run/uwsgi).
/// </summary>
public class UnitlessSocketFolderTests
{
    private const string Site = "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            include uwsgi_params;\n            uwsgi_pass unix:SOCKET;\n        }\n    }\n}\n";

    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nmodoboa:x:998:998::/srv/modoboa:/bin/bash\n";

    private static TempTree Common(string socket, string tmpfiles, string group) =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", Site.Replace("SOCKET", socket, StringComparison.Ordinal))
            .Write("etc/nginx/uwsgi_params", "uwsgi_param QUERY_STRING $query_string;\n")
            .Write("etc/tmpfiles.d/modoboa.conf", tmpfiles)
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .Write("etc/passwd", Passwd)
            .Write("etc/group", group);

    /// <summary>uWSGI run by supervisord (as root: no user=), binding /run/modoboa/uwsgi.sock and giving it to www-data.</summary>
    private static TempTree Supervised(string tmpfiles = "d /run/modoboa 0750 modoboa modoboa -\n", string group = "root:x:0:\nwww-data:x:33:\nmodoboa:x:998:\n") =>
        Common("/run/modoboa/uwsgi.sock", tmpfiles, group)
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\nlogfile=/var/log/supervisor/supervisord.log\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/modoboa.conf", "[program:modoboa]\ncommand=/srv/modoboa/env/bin/uwsgi --ini /etc/modoboa/uwsgi.ini\nautostart=true\nautorestart=true\n")
            .Write("etc/modoboa/uwsgi.ini", "[uwsgi]\nsocket = /run/modoboa/uwsgi.sock\nchown-socket = www-data:www-data\nchmod-socket = 660\nuid = modoboa\ngid = modoboa\nmaster = true\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void A_tmpfiles_folder_shuts_the_web_server_out_of_a_supervised_socket()
    {
        using var tree = Supervised();
        var output = Lint(tree);
        Assert.Contains("etc/modoboa/uwsgi.ini:2:10: warning CL003 supervisord program 'modoboa' makes its socket /run/modoboa/uwsgi.sock inside /run/modoboa, which is modoboa:modoboa mode 0750 at every boot (etc/tmpfiles.d/modoboa.conf:1 makes it: 'd /run/modoboa 0750 modoboa modoboa -')", output, StringComparison.Ordinal);
        Assert.Contains("'www-data' (nginx 'user' directive) is neither its owner nor in group 'modoboa', and the mode gives others no search (x) permission", output, StringComparison.Ordinal);
        Assert.Contains("connect() fails with (13: Permission denied)", output, StringComparison.Ordinal);
        Assert.Contains("none is applied", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_web_server_in_the_folders_group_passes()
    {
        using var tree = Supervised(group: "root:x:0:\nwww-data:x:33:\nmodoboa:x:998:www-data\n");
        Assert.DoesNotContain("warning CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_everyone_may_search_is_fine()
    {
        using var tree = Supervised(tmpfiles: "d /run/modoboa 0755 modoboa modoboa -\n");
        Assert.DoesNotContain("warning CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_that_may_change_the_folder_leaves_it_unjudged()
    {
        // supervisor.service's ExecStartPre= gives the folder search for others before the program starts.
        using var tree = Supervised()
            .Write("lib/systemd/system/supervisor.service", "[Service]\nExecStartPre=/bin/chmod 0755 /run/modoboa\nExecStart=/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf\n");
        Assert.DoesNotContain("warning CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tmpfiles_folder_shuts_the_web_server_out_of_a_debian_uwsgi_application()
    {
        using var tree = Common("/run/modoboa/uwsgi.sock", "d /run/modoboa 0750 modoboa modoboa -\n", "root:x:0:\nwww-data:x:33:\nmodoboa:x:998:\n")
            .Write("etc/uwsgi/apps-enabled/modoboa.ini", "[uwsgi]\nsocket = /run/modoboa/uwsgi.sock\nuid = modoboa\ngid = modoboa\nmaster = true\n");
        var output = Lint(tree);
        Assert.Contains("etc/uwsgi/apps-enabled/modoboa.ini:2:10: warning CL003 uwsgi application 'modoboa' of Debian's uwsgi init script (etc/uwsgi/apps-enabled/modoboa.ini) makes its socket /run/modoboa/uwsgi.sock inside /run/modoboa, which is modoboa:modoboa mode 0750 at every boot", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_init_scripts_own_run_folder_is_left_unjudged()
    {
        // Debian's uwsgi init script makes /run/uwsgi and the folders below it (install -d) before it starts the application.
        using var tree = Common("/run/uwsgi/app/modoboa/socket", "d /run/uwsgi 0750 root root -\n", "root:x:0:\nwww-data:x:33:\nmodoboa:x:998:\n")
            .Write("etc/uwsgi/apps-enabled/modoboa.ini", "[uwsgi]\nuid = modoboa\ngid = modoboa\nmaster = true\n");
        var output = Lint(tree);
        Assert.DoesNotContain("warning CL003", output, StringComparison.Ordinal);
        Assert.Contains("CL003 did not judge /run/uwsgi on the way to /run/uwsgi/app/modoboa/socket", output, StringComparison.Ordinal);
    }
}
