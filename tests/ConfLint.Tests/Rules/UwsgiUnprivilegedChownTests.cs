using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// uwsgi started unprivileged with <c>chown-socket</c> (precision round 34, Indico's Debian guide: the unit runs uwsgi as
/// User=indico Group=www-data UMask=0027, the ini sets umask 027 and chown-socket indico:www-data). uwsgi binds as the
/// process's user and group and then chowns (core/utils.c, uwsgi_chown): to its own user and a group it holds (the unit's
/// Group=, SupplementaryGroups=, a group /etc/group lists the user in, as systemd's initgroups gives them) that succeeds;
/// to anything else chown() fails with EPERM and uwsgi exits at start. And where the web server is in the socket's group
/// and only group write is missing, the fix adds <c>chmod-socket</c> to the ini, safely.
/// </summary>
public class UwsgiUnprivilegedChownTests
{
    private const string Nginx = """
        user www-data;
        events {}
        http {
            server {
                listen 80;
                location / { include uwsgi_params; uwsgi_pass unix:/opt/indico/web/uwsgi.sock; }
            }
        }
        """;

    private const string Unit = "[Service]\nExecStart=/opt/indico/.venv/bin/uwsgi --ini /etc/uwsgi-indico.ini\nUser=indico\nGroup=www-data\nUMask=0027\nType=notify\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string Ini = "[uwsgi]\numask = 027\n;chmod-socket = 770\nchown-socket = indico:www-data\nsocket = /opt/indico/web/uwsgi.sock\nmaster = true\n";

    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nnginx:x:101:101:nginx:/var/empty/nginx:/usr/sbin/nologin\nindico:x:1001:1001:Indico:/opt/indico:/bin/bash\n";

    private const string Group = "root:x:0:\nwww-data:x:33:\nnogroup:x:65534:\nnginx:x:101:\nindico:x:1001:\n";

    private static TempTree Tree(string ini = Ini, string unit = Unit, string nginx = Nginx, string group = Group) =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", nginx)
            .Write("etc/systemd/system/indico-uwsgi.service", unit)
            .Write("etc/uwsgi-indico.ini", ini)
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .Write("etc/passwd", Passwd)
            .Write("etc/group", group);

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void Chown_to_its_own_user_and_group_succeeds_and_the_0750_socket_shuts_www_data_out_with_a_safe_fix()
    {
        using var tree = Tree();
        var output = Lint(tree);
        Assert.Contains("etc/uwsgi-indico.ini:4:16: error CL003 [*] uwsgi in service 'indico-uwsgi.service' creates /opt/indico/web/uwsgi.sock as indico:www-data mode 0750", output, StringComparison.Ordinal);
        Assert.Contains("chown-socket = indico:www-data names its own user and group, so the socket keeps them", output, StringComparison.Ordinal);
        Assert.Contains("'www-data' (nginx 'user' directive) is in group 'www-data', but the mode gives the group no write permission", output, StringComparison.Ordinal);
        Assert.Contains("help: Set chmod-socket = 770 in etc/uwsgi-indico.ini (a line after the socket's)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL003 did not judge the Unix sockets", output, StringComparison.Ordinal);

        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL003");
        Assert.Equal(0, fix.ExitCode);
        Assert.Equal(Ini.Replace("socket = /opt/indico/web/uwsgi.sock\n", "socket = /opt/indico/web/uwsgi.sock\nchmod-socket = 770\n", StringComparison.Ordinal), File.ReadAllText(tree.Path("etc/uwsgi-indico.ini")));
        Assert.DoesNotContain("error CL003", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void The_guides_own_chmod_socket_770_is_silent()
    {
        using var tree = Tree(Ini.Replace(";chmod-socket", "chmod-socket", StringComparison.Ordinal));
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL003 did not judge the Unix sockets", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_chmod_socket_without_group_write_is_raised_in_place()
    {
        using var tree = Tree(Ini.Replace(";chmod-socket = 770", "chmod-socket = 750", StringComparison.Ordinal));
        Assert.Contains("help: Set chmod-socket = 770 in etc/uwsgi-indico.ini", Lint(tree), StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("fix", "--root", tree.Root, "--select", "CL003").ExitCode);
        Assert.Contains("\nchmod-socket = 770\nchown-socket", File.ReadAllText(tree.Path("etc/uwsgi-indico.ini")), StringComparison.Ordinal);
    }

    [Fact]
    public void Nginx_as_a_user_outside_the_sockets_group_is_an_error_without_a_safe_fix()
    {
        using var tree = Tree(nginx: Nginx.Replace("user www-data;", "user nginx;", StringComparison.Ordinal));
        var output = Lint(tree);
        Assert.Contains("error CL003 uwsgi in service 'indico-uwsgi.service' creates /opt/indico/web/uwsgi.sock as indico:www-data mode 0750", output, StringComparison.Ordinal);
        Assert.Contains("'nginx' (nginx 'user' directive) is neither the owner nor in group 'www-data'", output, StringComparison.Ordinal);
        Assert.Contains("Set chmod-socket = 666 (any local user may then connect) in etc/uwsgi-indico.ini (advice: never applied automatically)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Nginx_without_a_user_directive_runs_its_workers_as_nobody_and_is_shut_out()
    {
        using var tree = Tree(Ini.Replace(";chmod-socket = 770", "chmod-socket = 770", StringComparison.Ordinal), nginx: Nginx.Replace("user www-data;\n", string.Empty, StringComparison.Ordinal));
        var output = Lint(tree);
        Assert.Contains("error CL003 uwsgi in service 'indico-uwsgi.service' creates /opt/indico/web/uwsgi.sock as indico:www-data mode 0770", output, StringComparison.Ordinal);
        Assert.Contains("'nobody'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SupplementaryGroups=www-data\n", Group)]
    [InlineData("", "root:x:0:\nwww-data:x:33:indico\nnogroup:x:65534:\nnginx:x:101:\nindico:x:1001:\n")]
    public void Chown_to_a_group_the_process_holds_beside_its_own_succeeds(string supplementary, string group)
    {
        // Group=indico: the process's gid is indico's; www-data comes from SupplementaryGroups= or initgroups' /etc/group.
        var unit = Unit.Replace("Group=www-data\n", "Group=indico\n" + supplementary, StringComparison.Ordinal);
        using var tree = Tree(Ini.Replace(";chmod-socket = 770", "chmod-socket = 770", StringComparison.Ordinal), unit, group: group);
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL003 did not judge the Unix sockets", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Chown_to_a_group_the_process_does_not_hold_makes_uwsgi_exit_at_start()
    {
        // The passwd group of indico is not among the groups either (initgroups is given Group='s gid, not the passwd one).
        var unit = Unit.Replace("Group=www-data\n", "Group=indico\n", StringComparison.Ordinal);
        using var tree = Tree(Ini.Replace(";chmod-socket = 770", "chmod-socket = 770", StringComparison.Ordinal), unit);
        var output = Lint(tree);
        Assert.Contains("etc/uwsgi-indico.ini:4:16: error CL003 uwsgi in service 'indico-uwsgi.service' runs as 'indico' (User=indico of indico-uwsgi.service) and binds /opt/indico/web/uwsgi.sock as itself; chown-socket = indico:www-data is more than it may do: it does not hold group 'www-data'", output, StringComparison.Ordinal);
        Assert.Contains("chown() fails with 'Operation not permitted', uwsgi exits at start (core/utils.c, uwsgi_chown) and every request is a 502", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Chown_to_another_user_makes_uwsgi_exit_at_start()
    {
        using var tree = Tree(Ini.Replace("chown-socket = indico:www-data", "chown-socket = www-data:www-data", StringComparison.Ordinal));
        Assert.Contains("it may not give the socket to user 'www-data'", Lint(tree), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PAMName=login\n", "PAMName=login of indico-uwsgi.service opens a PAM session, which may add groups")]
    [InlineData("AmbientCapabilities=CAP_CHOWN\n", "AmbientCapabilities= of indico-uwsgi.service may grant CAP_CHOWN")]
    public void Groups_or_capabilities_the_unit_does_not_show_leave_a_refusal_unknown(string setting, string note)
    {
        var unit = Unit.Replace("Group=www-data\n", "Group=indico\n" + setting, StringComparison.Ordinal);
        using var tree = Tree(Ini.Replace(";chmod-socket = 770", "chmod-socket = 770", StringComparison.Ordinal), unit);
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains(note, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_etc_group_the_membership_is_not_known()
    {
        var unit = Unit.Replace("Group=www-data\n", "Group=indico\n", StringComparison.Ordinal);
        using var tree = Tree(Ini.Replace(";chmod-socket = 770", "chmod-socket = 770", StringComparison.Ordinal), unit);
        File.Delete(tree.Path("etc/group"));
        var output = Lint(tree);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains("CL003 did not judge the Unix sockets", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Uwsgi_as_root_dropping_to_a_group_nginx_is_in_gets_a_safe_chmod_socket()
    {
        // Probe 1: no User= (uwsgi starts as root), uid/gid drop before binding, umask 022: indico:www-data 0755.
        var unit = Unit.Replace("User=indico\nGroup=www-data\nUMask=0027\n", string.Empty, StringComparison.Ordinal);
        var ini = "[uwsgi]\nuid = indico\ngid = www-data\nsocket = /opt/indico/web/uwsgi.sock\nmaster = true\n";
        using var tree = Tree(ini, unit);
        var output = Lint(tree);
        Assert.Contains("error CL003 [*] uwsgi in service 'indico-uwsgi.service' creates /opt/indico/web/uwsgi.sock as indico:www-data mode 0755", output, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("fix", "--root", tree.Root, "--select", "CL003").ExitCode);
        Assert.Equal(ini.Replace("uwsgi.sock\n", "uwsgi.sock\nchmod-socket = 775\n", StringComparison.Ordinal), File.ReadAllText(tree.Path("etc/uwsgi-indico.ini")));
    }
}
