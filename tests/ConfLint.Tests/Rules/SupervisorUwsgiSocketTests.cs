using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// uwsgi run by supervisord (precision round 32, CKAN's documented deployment): CL003 judges its Unix socket as it does
/// under systemd, uwsgi started as the program's <c>user=</c> where supervisord runs as root, else as supervisord
/// itself (the packaged supervisor.service has no User=); and CL001 says a socket folder below /run that nothing makes
/// (supervisord has no RuntimeDirectory=), as for a systemd service.
/// </summary>
public class SupervisorUwsgiSocketTests
{
    private const string Site = "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            include uwsgi_params;\n            uwsgi_pass unix:/run/ckan/ckan.sock;\n        }\n    }\n}\n";

    private const string Ini = "[uwsgi]\nsocket = /run/ckan/ckan.sock\nchmod-socket = 660\nuid = ckan\ngid = ckan\nmaster = true\n";

    private static TempTree Tree(string program = "", string ini = Ini, string supervisord = "", bool tmpfiles = true)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Site)
            .Write("etc/nginx/uwsgi_params", "uwsgi_param QUERY_STRING $query_string;\n")
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\nlogfile=/var/log/supervisor/supervisord.log\n" + supervisord + "\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/ckan-uwsgi.conf", "[program:ckan-uwsgi]\ncommand=/usr/lib/ckan/default/bin/uwsgi -i /etc/ckan/default/ckan-uwsgi.ini\nautostart=true\nautorestart=true\n" + program)
            .Write("etc/ckan/default/ckan-uwsgi.ini", ini)
            .Write("etc/os-release", "ID=ubuntu\nVERSION_ID=\"22.04\"\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nckan:x:998:998:CKAN:/usr/lib/ckan:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nckan:x:998:\n");
        if (tmpfiles)
        {
            tree.Write("etc/tmpfiles.d/ckan.conf", "d /run/ckan 0755 ckan ckan -\n");
        }

        return tree;
    }

    private static string Lint(TempTree tree, string rule)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", rule, "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void Uwsgi_dropping_to_its_uid_under_a_root_supervisord_shuts_the_web_server_out()
    {
        using var tree = Tree();
        var output = Lint(tree, "CL003");
        Assert.Contains("etc/ckan/default/ckan-uwsgi.ini:4:7: error CL003 supervisord program 'ckan-uwsgi' creates /run/ckan/ckan.sock as ckan:ckan mode 0660 (uwsgi drops root privileges before it binds", output, StringComparison.Ordinal);
        Assert.Contains("'www-data' (nginx 'user' directive) is neither the owner nor in group 'ckan'", output, StringComparison.Ordinal);
        Assert.Contains("Set chown-socket = ckan:www-data in etc/ckan/default/ckan-uwsgi.ini", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL003 did not judge", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_web_server_in_the_sockets_group_is_let_in()
    {
        using var tree = Tree();
        tree.Write("etc/group", "root:x:0:\nwww-data:x:33:\nckan:x:998:www-data\n");
        Assert.DoesNotContain("error CL003", Lint(tree, "CL003"), StringComparison.Ordinal);
    }

    [Fact]
    public void Chown_socket_to_the_web_servers_group_is_let_in()
    {
        using var tree = Tree(ini: Ini + "chown-socket = ckan:www-data\n");
        Assert.DoesNotContain("error CL003", Lint(tree, "CL003"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_programs_user_starts_uwsgi_which_then_cannot_drop_or_chown()
    {
        // user=ckan: uwsgi starts as ckan, the socket is ckan's with its primary group, whatever chown-socket asks.
        using var tree = Tree(program: "user=ckan\n", ini: "[uwsgi]\nsocket = /run/ckan/ckan.sock\nchmod-socket = 660\n");
        var output = Lint(tree, "CL003");
        Assert.Contains("error CL003 supervisord program 'ckan-uwsgi' creates /run/ckan/ckan.sock as ckan:ckan mode 0660", output, StringComparison.Ordinal);
        Assert.Contains("user=ckan of supervisord program 'ckan-uwsgi'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mode_that_lets_others_write_is_fine()
    {
        using var tree = Tree(ini: "[uwsgi]\nsocket = /run/ckan/ckan.sock\nchmod-socket = 666\nuid = ckan\ngid = ckan\n");
        Assert.DoesNotContain("error CL003", Lint(tree, "CL003"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_root_supervisord_cannot_start_a_program_as_another_user_and_is_not_judged()
    {
        using var tree = Tree(program: "user=www-data\n", supervisord: "user=ckan\n");
        var output = Lint(tree, "CL003");
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains("CL003 did not judge the Unix sockets of supervisord program 'ckan-uwsgi': who supervisord starts it as is not known", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_folder_below_run_that_nothing_makes_is_an_error()
    {
        using var tree = Tree(tmpfiles: false);
        var output = Lint(tree, "CL001");
        Assert.Contains("etc/ckan/default/ckan-uwsgi.ini:2:10: error CL001 supervisord program 'ckan-uwsgi' binds /run/ckan/ckan.sock, in /run/ckan, which nothing makes: /run is a tmpfs, empty at every boot, supervisord makes no folders", output, StringComparison.Ordinal);
        Assert.Contains("leaves 'ckan-uwsgi' FATAL at every boot: nothing listens at unix:/run/ckan/ckan.sock, where uwsgi_pass unix:/run/ckan/ckan.sock connects, and nginx answers 502", output, StringComparison.Ordinal);
        Assert.Contains("a tmpfiles.d line 'd /run/ckan 0755 USER GROUP -' (/etc/tmpfiles.d/ckan.conf)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tmpfiles_line_makes_the_folder()
    {
        using var tree = Tree(tmpfiles: true);
        Assert.DoesNotContain("error CL001", Lint(tree, "CL001"), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_units_runtime_directory_makes_the_folder()
    {
        using var tree = Tree(tmpfiles: false);
        // Made for ckan (the unit's User=): uwsgi, which binds as its uid ckan, may create its socket there. Made by a unit
        // running as root (0755 root:root), it may not: that is SocketCreation's error.
        tree.Write("etc/systemd/system/ckan-setup.service", "[Service]\nType=oneshot\nUser=ckan\nExecStart=/bin/true\nRuntimeDirectory=ckan\nRuntimeDirectoryPreserve=yes\n");
        Assert.DoesNotContain("error CL001", Lint(tree, "CL001"), StringComparison.Ordinal);

        tree.Write("etc/systemd/system/ckan-setup.service", "[Service]\nType=oneshot\nExecStart=/bin/true\nRuntimeDirectory=ckan\nRuntimeDirectoryPreserve=yes\n");
        Assert.Contains("error CL001", Lint(tree, "CL001"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_that_makes_the_folder_first_is_not_judged()
    {
        using var tree = Tree(tmpfiles: false, ini: Ini + "exec-as-root = mkdir -p /run/ckan\n");
        Assert.DoesNotContain("error CL001", Lint(tree, "CL001"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_that_runs_supervisord_may_make_it()
    {
        using var tree = Tree(tmpfiles: false);
        tree.Write("lib/systemd/system/supervisor.service", "[Service]\nExecStartPre=/bin/mkdir -p /run/ckan\nExecStart=/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf\n");
        Assert.DoesNotContain("error CL001", Lint(tree, "CL001"), StringComparison.Ordinal);
    }
}
