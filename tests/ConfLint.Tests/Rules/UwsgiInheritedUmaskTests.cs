using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// uwsgi's Unix socket without <c>chmod-socket</c> is 0777 less the umask uwsgi starts with (precision round 33,
/// iRedAdmin's uwsgi unit): CL003 judges it where the configuration shows that umask (a systemd unit's <c>UMask=</c> or
/// its default 0022, a followed script's top-level <c>umask</c>, a supervisord program's <c>umask=</c> or supervisord's
/// own), and keeps the note where it does not.
/// </summary>
public class UwsgiInheritedUmaskTests
{
    private const string Site = "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / { uwsgi_pass unix:/run/app/app.sock; }\n    }\n}\n";

    private const string Ini = "[uwsgi]\nmaster = true\nuwsgi-socket = /run/app/app.sock\nwsgi-file = /opt/app/app.py\n";

    private const string Unit = "[Service]\nUser=app\nGroup=app\nRuntimeDirectory=app\nExecStart=/usr/bin/uwsgi --ini /opt/app/app.ini\n";

    private static readonly string Scripted = Unit.Replace("ExecStart=/usr/bin/uwsgi --ini /opt/app/app.ini", "ExecStart=/opt/app/start.sh", StringComparison.Ordinal);

    private static TempTree Tree(string? unit = Unit, string ini = Ini) =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", Site)
            .Write(unit is null ? "opt/app/README" : "lib/systemd/system/app.service", unit ?? "no unit\n")
            .Write("opt/app/app.ini", ini)
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\napp:x:2001:2001::/opt/app:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\napp:x:2001:\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void A_unit_without_UMask_gives_uwsgi_systemds_0022_and_the_socket_0755()
    {
        using var tree = Tree();
        var output = Lint(tree);
        Assert.Contains("opt/app/app.ini:3:16: error CL003 uwsgi in service 'app.service' creates /run/app/app.sock as app:app mode 0755", output, StringComparison.Ordinal);
        Assert.Contains("the mode is 0777 less the umask uwsgi inherits, 0022 (app.service sets no UMask=: systemd's default, systemd.exec(5))", output, StringComparison.Ordinal);
        Assert.Contains("'www-data' (nginx 'user' directive) is neither the owner nor in group 'app'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL003 did not judge the Unix sockets", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Chmod_socket_666_lets_the_web_server_in()
    {
        using var tree = Tree(ini: Ini + "chmod-socket = 666\n");
        Assert.DoesNotContain("error CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_drop_in_UMask_0000_makes_the_socket_0777()
    {
        using var tree = Tree();
        tree.Write("etc/systemd/system/app.service.d/umask.conf", "[Service]\nUMask=0000\n");
        Assert.DoesNotContain("error CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Uwsgis_own_umask_option_wins_over_the_units()
    {
        using var tree = Tree(ini: Ini + "umask = 000\n");
        Assert.DoesNotContain("error CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_that_sets_umask_000_before_exec_uwsgi_gives_that_umask()
    {
        using var tree = Tree(Scripted);
        tree.Write("opt/app/start.sh", "#!/bin/sh\numask 000\nexec /usr/bin/uwsgi --ini /opt/app/app.ini\n");
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_without_umask_leaves_the_units_0022()
    {
        using var tree = Tree(Scripted);
        tree.Write("opt/app/start.sh", "#!/bin/sh\ncd /opt/app\nexec /usr/bin/uwsgi --ini /opt/app/app.ini\n");
        var output = Lint(tree);
        Assert.Contains("error CL003 uwsgi in service 'app.service' creates /run/app/app.sock as app:app mode 0755", output, StringComparison.Ordinal);
        Assert.Contains("the scripts it runs through (", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_umask_in_a_branch_of_the_script_leaves_the_mode_unknown()
    {
        using var tree = Tree(Scripted);
        tree.Write("opt/app/start.sh", "#!/bin/sh\nif [ -n \"$OPEN\" ]; then\n  umask 000\nfi\nexec /usr/bin/uwsgi --ini /opt/app/app.ini\n");
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains("the umask uwsgi inherits, which the root does not show", output, StringComparison.Ordinal);
        Assert.Contains("umask 000 runs in a branch", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shell_command_line_may_set_its_own_umask()
    {
        using var tree = Tree(Unit.Replace("ExecStart=/usr/bin/uwsgi --ini /opt/app/app.ini", "ExecStart=/bin/sh -c \"umask 000; exec /usr/bin/uwsgi --ini /opt/app/app.ini\"", StringComparison.Ordinal));
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains("which may set another umask", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_with_PAMName_is_not_judged()
    {
        using var tree = Tree(Unit + "PAMName=login\n");
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains("PAMName=", output, StringComparison.Ordinal);
    }

    private static TempTree Supervised(string program, string supervisord = "", string exec = "/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf")
    {
        return Tree(unit: null)
            .Write("lib/systemd/system/supervisor.service", $"[Service]\nExecStart={exec}\n")
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\nlogfile=/var/log/supervisor/supervisord.log\n" + supervisord + "\n[program:app]\ncommand=/usr/bin/uwsgi --ini /opt/app/app.ini\nuser=app\n" + program)
            .Write("etc/tmpfiles.d/app.conf", "d /run/app 0755 app app -\n");
    }

    [Fact]
    public void A_foreground_supervisord_passes_on_its_services_0022()
    {
        using var tree = Supervised(string.Empty);
        var output = Lint(tree);
        Assert.Contains("error CL003 supervisord program 'app' creates /run/app/app.sock as app:app mode 0755", output, StringComparison.Ordinal);
        Assert.Contains("supervisord runs in the foreground, keeping its service's umask", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_programs_umask_000_makes_the_socket_0777()
    {
        using var tree = Supervised("umask=000\n");
        Assert.DoesNotContain("error CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_daemonizing_supervisord_sets_its_own_umask()
    {
        using var tree = Supervised(string.Empty, "umask=000\n", "/usr/bin/supervisord -c /etc/supervisor/supervisord.conf");
        Assert.DoesNotContain("error CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreground_supervisord_ignores_its_umask_setting()
    {
        // options.py applies [supervisord] umask only in _daemonize.
        using var tree = Supervised(string.Empty, "umask=000\n");
        Assert.Contains("error CL003 supervisord program 'app' creates /run/app/app.sock as app:app mode 0755", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>The usual container and unit spelling <c>-nc FILE</c> is the foreground too (one getopt reading for the
    /// configuration file and the flags): with the unit's UMask=0000 the socket is 0777, no error.</summary>
    [Fact]
    public void Grouped_nc_keeps_the_services_umask()
    {
        using var tree = Supervised(string.Empty, "umask=022\n", "/usr/bin/supervisord -nc /etc/supervisor/supervisord.conf");
        tree.Write("lib/systemd/system/supervisor.service", "[Service]\nUMask=0000\nExecStart=/usr/bin/supervisord -nc /etc/supervisor/supervisord.conf\n");
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
    }

    /// <summary>A daemonizing supervisord's umask given attached (<c>-m002</c>) or by a long prefix (<c>--uma=</c>) wins over
    /// its [supervisord] umask: 002 keeps others out of the socket, so the error stays, its reason the option.</summary>
    [Theory]
    [InlineData("/usr/bin/supervisord -m027 -c /etc/supervisor/supervisord.conf", "-m 027")]
    [InlineData("/usr/bin/supervisord --uma=027 -c /etc/supervisor/supervisord.conf", "-m 027")]
    public void A_daemonizing_supervisords_umask_option_wins(string exec, string reason)
    {
        using var tree = Supervised(string.Empty, "umask=000\n", exec);
        var output = Lint(tree);
        Assert.Contains("error CL003 supervisord program 'app' creates /run/app/app.sock as app:app mode 0750", output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
    }

    /// <summary>supervisord run by Python as a module is read the same way.</summary>
    [Fact]
    public void Python_dash_m_supervisord_in_the_foreground_passes_on_the_services_umask()
    {
        using var tree = Supervised(string.Empty, "umask=000\n", "/usr/bin/python3 -m supervisor.supervisord -n -c /etc/supervisor/supervisord.conf");
        Assert.Contains("supervisord runs in the foreground, keeping its service's umask", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>A variable among supervisord's words may add <c>-n</c> or <c>-m</c>: the umask is not known, and the
    /// socket is not judged (the configuration file before it is still read).</summary>
    [Fact]
    public void A_variable_among_supervisords_words_leaves_the_umask_unknown()
    {
        using var tree = Supervised(string.Empty, "umask=022\n", "/usr/bin/supervisord -c /etc/supervisor/supervisord.conf $DAEMON_OPTS");
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains("$DAEMON_OPTS is a variable", output, StringComparison.Ordinal);
    }
}
