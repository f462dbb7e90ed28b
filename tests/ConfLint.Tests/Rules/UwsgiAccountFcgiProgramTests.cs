using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// The three classes of the OpenWISP probe (precision round 40: ansible-openwisp2's nginx, uWSGI under supervisord and
/// daphne as an <c>[fcgi-program]</c>):
/// <list type="bullet">
/// <item>uWSGI run unprivileged (supervisord's <c>user=</c>) with a NAMED <c>uid</c>/<c>gid</c> starts: core/uwsgi.c's
/// uwsgi_opt_set_uid sets uwsgi.uid only for digits, and uwsgi_as_root looks a name up only as root; its socket is then
/// the process's user's (CL003 judges that). A numeric id of another account makes it exit ("cannot setuid() as non-root
/// user"); started as root, a named uid is taken as before.</item>
/// <item>An <c>[fcgi-program]</c>'s command is read as a <c>[program]</c>'s: its working folder ties it to the site, and
/// daphne <c>--fd 0</c> speaks HTTP on supervisord's socket, so a moved socket is an error as for <c>[program:daphne]</c>.</item>
/// <item>A fix never points a front end at a candidate of an unknown or other protocol while one of its own protocol is
/// there: the uwsgi_pass goes to uWSGI's moved socket, not to a nearer socket of a program whose protocol is unknown.</item>
/// </list>
/// </summary>
public sealed class UwsgiAccountFcgiProgramTests
{
    private const string Site = "upstream channels-backend {\n    server unix:///opt/openwisp2/daphne0.sock fail_timeout=0;\n}\n\n"
        + "upstream openwisp-server {\n    server unix:///opt/openwisp2/uwsgi.sock;\n}\n\n"
        + "server {\n    listen 80;\n    server_name openwisp.example.org;\n    root /opt/openwisp2/public_html;\n\n"
        + "    location / {\n        uwsgi_pass openwisp-server;\n        include uwsgi_params;\n        uwsgi_read_timeout 60s;\n    }\n\n"
        + "    location /ws/ {\n        proxy_pass http://channels-backend;\n        proxy_http_version 1.1;\n    }\n}\n";

    private const string Daphne = "[fcgi-program:daphne]\nuser=www-data\nsocket=unix:///opt/openwisp2/daphne0.sock\ndirectory=/opt/openwisp2\n"
        + "command=/opt/openwisp2/env/bin/daphne --fd 0 -u /opt/openwisp2/daphne%(process_num)d.sock --proxy-headers openwisp2.asgi:application\n"
        + "process_name=asgi%(process_num)d\nnumprocs=1\nautostart=true\nautorestart=true\n";

    private static TempTree OpenWisp(string ini, string program = "user=openwisp\n", string daphne = Daphne, string site = Site) =>
        new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nopenwisp:x:999:997:OpenWISP:/opt/openwisp2:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:openwisp\nopenwisp:x:997:\n")
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .Write("lib/systemd/system/supervisor.service", "[Service]\nExecStart=/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\nlogfile=/var/log/supervisor/supervisord.log\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/openwisp2.conf", "[program:openwisp2]\n" + program + "directory=/opt/openwisp2\ncommand=/opt/openwisp2/env/bin/uwsgi --ini uwsgi.ini\nautostart=true\nautorestart=true\nstopsignal=INT\n")
            .Write("etc/supervisor/conf.d/daphne.conf", daphne)
            .Write("opt/openwisp2/uwsgi.ini", "[uwsgi]\nchdir=/opt/openwisp2\n" + ini + "module=openwisp2.wsgi:application\nmaster=True\nharakiri=20\nvacuum=True\n")
            .Write("opt/openwisp2/public_html/.keep", string.Empty)
            .Write("opt/openwisp2/run/.keep", string.Empty)
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/uwsgi_params", "uwsgi_param QUERY_STRING $query_string;\n")
            .Write("etc/nginx/sites-enabled/openwisp", site);

    private static List<JsonElement> Findings(TempTree tree, string code)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", code, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var document = JsonDocument.Parse(output.Stdout);
        return document.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code).Select(d => d.Clone()).ToList();
    }

    private static (string Severity, string File, int Line) Where(JsonElement finding) =>
        (finding.GetProperty("severity").GetString()!, finding.GetProperty("path").GetString()!.Replace('\\', '/'), finding.GetProperty("line").GetInt32());

    private static string Message(JsonElement finding) => finding.GetProperty("message").GetString()!;

    private static (string? Applicability, string Text) Fix(JsonElement finding)
    {
        Assert.True(finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object, "no fix offered");
        return (fix.TryGetProperty("applicability", out var applicability) ? applicability.GetString() : null, fix.GetRawText());
    }

    [Theory]
    [InlineData("uid=www-data\n")]
    [InlineData("uid=www-data\ngid=www-data\n")]
    [InlineData("uid=0\n")]
    [InlineData("uid=33\nuid=0\n")]
    public void Unprivileged_uwsgi_with_a_named_uid_starts_and_its_socket_is_the_process_users(string ids)
    {
        // A name is looked up only as root; 0 (and a later 0 over a number) is no id the nonroot check compares.
        using var tree = OpenWisp(ids + "socket=/opt/openwisp2/uwsgi.sock\nchmod-socket=660\n");
        Assert.Empty(Findings(tree, "CL001"));
        var socket = Assert.Single(Findings(tree, "CL003"));
        Assert.Equal(("error", "opt/openwisp2/uwsgi.ini", ids.Count(c => c == '\n') + 3), Where(socket));
        Assert.Contains("openwisp:openwisp mode 0660", Message(socket));
    }

    [Theory]
    [InlineData("uid=33\n", "uid = 33 is the number of the user 'www-data'", "cannot setuid() as non-root user")]
    [InlineData("uid=www-data\ngid=33\n", "gid = 33 is the number of the group 'www-data'", "cannot setgid() as non-root user")]
    [InlineData("uid=33\nuid=www-data\n", "uid = 33 is the number of the user 'www-data'", "cannot setuid() as non-root user")]
    public void Unprivileged_uwsgi_with_the_number_of_another_account_exits(string ids, string said, string logged)
    {
        // A later name does not clear a number (uwsgi_opt_set_uid keeps the name only while the number is 0).
        using var tree = OpenWisp(ids + "socket=/opt/openwisp2/uwsgi.sock\nchmod-socket=666\n");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "etc/nginx/sites-enabled/openwisp", 6), Where(finding));
        Assert.Contains(said, Message(finding));
        Assert.Contains(logged, Message(finding));
    }

    [Theory]
    [InlineData("uid=999\ngid=997\n")]
    [InlineData("uid=openwisp\ngid=997\n")]
    public void Unprivileged_uwsgi_with_its_own_numbers_is_silent(string ids)
    {
        using var tree = OpenWisp(ids + "socket=/opt/openwisp2/uwsgi.sock\nchmod-socket=666\n");
        Assert.Empty(Findings(tree, "CL001"));
    }

    [Fact]
    public void Uwsgi_started_as_root_drops_to_its_named_uid_as_before()
    {
        // No user=: supervisord (root) starts uwsgi as root, which takes uid=www-data before binding.
        using var tree = OpenWisp("uid=www-data\ngid=www-data\nsocket=/opt/openwisp2/uwsgi.sock\nchmod-socket=660\n", program: string.Empty);
        Assert.Empty(Findings(tree, "CL001"));
        Assert.Empty(Findings(tree, "CL003"));
    }

    [Fact]
    public void A_moved_fcgi_program_socket_is_an_error_as_for_a_program()
    {
        var moved = Daphne.Replace("socket=unix:///opt/openwisp2/daphne0.sock", "socket=unix:///opt/openwisp2/run/daphne0.sock", StringComparison.Ordinal)
            .Replace("-u /opt/openwisp2/daphne", "-u /opt/openwisp2/run/daphne", StringComparison.Ordinal);
        using var tree = OpenWisp("socket=/opt/openwisp2/uwsgi.sock\nchmod-socket=666\n", program: "user=www-data\n", daphne: moved);
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "etc/nginx/sites-enabled/openwisp", 2), Where(finding));
        Assert.Contains("daphne serves (--fd 0), speaking HTTP", Message(finding));
        var (applicability, text) = Fix(finding);
        Assert.Equal("safe", applicability);
        Assert.Contains("unix:/opt/openwisp2/run/daphne0.sock", text);
        Assert.Contains("working folder /opt/openwisp2", text);
    }

    [Fact]
    public void An_fcgi_program_at_the_socket_the_site_names_is_silent()
    {
        using var tree = OpenWisp("socket=/opt/openwisp2/uwsgi.sock\nchmod-socket=666\n", program: "user=www-data\n");
        Assert.Empty(Findings(tree, "CL001"));
    }

    [Fact]
    public void A_uwsgi_pass_to_daphnes_http_socket_is_a_protocol_mismatch()
    {
        // daphne --fd 0 speaks HTTP on supervisord's socket: uwsgi_pass there fails every request.
        var site = Site.Replace("server unix:///opt/openwisp2/uwsgi.sock;", "server unix:///opt/openwisp2/daphne0.sock;", StringComparison.Ordinal);
        using var tree = OpenWisp("socket=/opt/openwisp2/run/uwsgi.sock\nchmod-socket=666\n", program: "user=www-data\n", site: site);
        var finding = Assert.Single(Findings(tree, "CL001"), f => Where(f).Line == 6);
        Assert.Equal("error", Where(finding).Severity);
        Assert.Contains("HTTP", Message(finding));
    }

    [Fact]
    public void A_candidate_of_the_front_ends_protocol_is_offered_before_a_nearer_one_of_unknown_protocol()
    {
        // uWSGI's socket moved to run/; an fcgi-program of a program ConfLint does not read (its protocol unknown), tied to
        // nothing, makes its socket in a folder of its own: the uwsgi_pass is pointed at uWSGI, never at that socket. (A
        // tied program of unknown protocol is still offered: UnreadProgramDriftTests.)
        var unknown = "[fcgi-program:notifier]\nuser=www-data\nsocket=unix:///run/notifier/notifier.sock\ndirectory=/srv/notifier\ncommand=/srv/notifier/env/bin/notifier-server --listen-fd 0\nautorestart=true\n";
        var site = Site.Replace("upstream channels-backend {\n    server unix:///opt/openwisp2/daphne0.sock fail_timeout=0;\n}\n\n", string.Empty, StringComparison.Ordinal)
            .Replace("    location /ws/ {\n        proxy_pass http://channels-backend;\n        proxy_http_version 1.1;\n    }\n", string.Empty, StringComparison.Ordinal);
        using var tree = OpenWisp("socket=/opt/openwisp2/run/uwsgi.sock\nchmod-socket=666\n", program: "user=www-data\n", daphne: unknown, site: site);
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "etc/nginx/sites-enabled/openwisp", 2), Where(finding));
        var (_, text) = Fix(finding);
        Assert.Contains("unix:/opt/openwisp2/run/uwsgi.sock", text);
        Assert.DoesNotContain("notifier.sock", text);
    }
}
