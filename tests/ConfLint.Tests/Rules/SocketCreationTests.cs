using System.Text.Json;
using ConfLint.Tests.Corpus;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 on back ends that cannot create their Unix socket, or cannot take the account they are given (the CKAN
/// and Nominatim roots of the precision round 32): gunicorn run as <c>User=</c> binding in /run itself, uWSGI started as
/// root with <c>uid</c> and no <c>chown-socket</c> binding in /run or in a folder a tmpfiles.d line gives root, uWSGI run
/// unprivileged with a numeric <c>uid</c>/<c>gid</c> of another account (a named one it ignores unprivileged). Each with
/// the variants that work, which stay silent.</summary>
public sealed class SocketCreationTests
{
    private const string Accounts = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nckan:x:998:998:CKAN:/usr/lib/ckan:/usr/sbin/nologin\nnominatim:x:1001:1001::/srv/nominatim:/bin/bash\n";

    private static TempTree Nominatim(string service, string bind = "unix:/run/nominatim.sock", string target = "unix:/run/nominatim.sock") =>
        new TempTree()
            .Write("etc/passwd", Accounts)
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nckan:x:998:\nnominatim:x:1001:\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://" + target + ";\n        }\n    }\n}\n")
            .Write("etc/systemd/system/nominatim.service", "[Service]\n" + service + "WorkingDirectory=/srv/nominatim/project\nExecStart=/srv/nominatim/venv/bin/gunicorn -b " + bind + " -w 4 nominatim.server:app\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");

    private static TempTree Ckan(string ini, bool systemd = false, string program = "", string group = "ckan:x:998:\n", string pass = "uwsgi_pass unix:/run/ckan.sock") =>
        (systemd
            ? new TempTree().Write("etc/systemd/system/ckan-uwsgi.service", "[Service]\n" + program + "ExecStart=/usr/lib/ckan/default/bin/uwsgi -i /etc/ckan/default/ckan-uwsgi.ini\nKillSignal=SIGQUIT\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            : new TempTree()
                .Write("etc/supervisor/supervisord.conf", "[supervisord]\nlogfile=/var/log/supervisor/supervisord.log\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
                .Write("etc/supervisor/conf.d/ckan-uwsgi.conf", "[program:ckan-uwsgi]\ncommand=/usr/lib/ckan/default/bin/uwsgi -i /etc/ckan/default/ckan-uwsgi.ini\n" + program + "autostart=true\nautorestart=true\nstopsignal=QUIT\n"))
            .Write("etc/passwd", Accounts)
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\n" + group)
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            include uwsgi_params;\n            " + pass + ";\n        }\n    }\n}\n")
            .Write("etc/nginx/uwsgi_params", "uwsgi_param QUERY_STRING $query_string;\n")
            .Write("etc/ckan/default/ckan-uwsgi.ini", "[uwsgi]\n" + ini + "master = true\nwsgi-file = /etc/ckan/default/wsgi.py\n");

    private const string RunSocket = "socket = /run/ckan.sock\nchmod-socket = 660\nuid = www-data\ngid = www-data\n";

    private static List<JsonElement> Findings(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var document = JsonDocument.Parse(output.Stdout);
        return document.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == "CL001").Select(d => d.Clone()).ToList();
    }

    private static (string Severity, string File, int Line) Where(JsonElement finding) =>
        (finding.GetProperty("severity").GetString()!, finding.GetProperty("path").GetString()!.Replace('\\', '/'), finding.GetProperty("line").GetInt32());

    private static string Message(JsonElement finding) => finding.GetProperty("message").GetString()!;

    private static List<(string File, int Line)> Related(JsonElement finding) =>
        finding.GetProperty("related").EnumerateArray().Select(r => (r.GetProperty("path").GetString()!.Replace('\\', '/'), r.GetProperty("line").GetInt32())).ToList();

    private static bool Applied(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object && fix.GetProperty("edits").GetArrayLength() > 0;

    [Fact]
    public void Gunicorn_run_as_its_user_cannot_create_its_socket_in_run_itself()
    {
        using var tree = Nominatim("User=nominatim\nGroup=nominatim\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 7), Where(finding));
        Assert.Contains("binds /run/nominatim.sock as 'nominatim'", Message(finding));
        Assert.Contains("EACCES", Message(finding));
        Assert.Contains("Can't connect to /run/nominatim.sock", Message(finding));
        Assert.Contains(("etc/systemd/system/nominatim.service", 5), Related(finding));
        Assert.False(Applied(finding));
    }

    [Theory]
    [InlineData("", "unix:/run/nominatim.sock", "unix:/run/nominatim.sock")]
    [InlineData("User=nominatim\nRuntimeDirectory=nominatim\n", "unix:/run/nominatim/gunicorn.sock", "unix:/run/nominatim/gunicorn.sock")]
    [InlineData("User=nominatim\n", "unix:/tmp/nominatim.sock", "unix:/tmp/nominatim.sock")]
    [InlineData("User=nominatim\nExecStartPre=+/usr/bin/install -o nominatim /dev/null /run/nominatim.sock\n", "unix:/run/nominatim.sock", "unix:/run/nominatim.sock")]
    public void Gunicorn_that_may_bind_there_is_silent(string service, string bind, string target)
    {
        // Root binds anywhere; its own RuntimeDirectory= is its user's; /tmp is everyone's; a command that names the
        // socket first may prepare it.
        using var tree = Nominatim(service, bind, target);
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void Gunicorn_in_a_container_is_not_judged()
    {
        using var tree = Nominatim("User=nominatim\n").Write("proc/1/status", "Name:\tgunicorn\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
        Assert.Empty(Findings(tree));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Uwsgi_that_drops_to_its_uid_before_binding_cannot_create_its_socket_in_run(bool systemd)
    {
        using var tree = Ckan(RunSocket, systemd);
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 8), Where(finding));
        Assert.Contains("binds /run/ckan.sock as 'www-data'", Message(finding));
        Assert.Contains("drop", Message(finding));
        Assert.Contains(("etc/ckan/default/ckan-uwsgi.ini", 2), Related(finding));
        Assert.Contains("chown-socket", finding.GetProperty("fix").GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("socket = /run/ckan.sock\nchmod-socket = 660\nchown-socket = www-data:www-data\nuid = www-data\ngid = www-data\n")]
    [InlineData("socket = /run/ckan.sock\nchmod-socket = 660\nmaster-as-root = true\nuid = www-data\ngid = www-data\n")]
    [InlineData("socket = /run/ckan.sock\nchmod-socket = 660\n")]
    [InlineData("socket = /run/ckan.sock\nchmod-socket = 660\nuid = nobody-known\n")]
    public void Uwsgi_that_binds_as_root_or_for_an_unknown_account_is_silent(string ini)
    {
        using var tree = Ckan(ini);
        Assert.Empty(Findings(tree));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tmpfiles_folder_of_root_keeps_out_the_uid_uwsgi_binds_as(bool systemd)
    {
        using var tree = Ckan(RunSocket.Replace("/run/ckan.sock", "/run/ckan/ckan.sock"), systemd, pass: "uwsgi_pass unix:/run/ckan/ckan.sock")
            .Write("etc/tmpfiles.d/ckan.conf", "# the socket folder\nd /run/ckan 0755 root root -\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 8), Where(finding));
        Assert.Contains("/run/ckan is root:root 0755", Message(finding));
        Assert.Contains(("etc/tmpfiles.d/ckan.conf", 2), Related(finding));
    }

    [Theory]
    [InlineData("d /run/ckan - - -\n", true)]
    [InlineData("d /run/ckan 0755 www-data www-data -\n", false)]
    [InlineData("d /run/ckan 0775 root www-data -\n", false)]
    [InlineData("d /run/ckan 0770 root ckan -\n", false)]
    [InlineData("d /run/ckan 0755 root root -\nz /run/ckan 0777 - - -\n", false)]
    [InlineData("d /run/ckan ~0755 root root -\n", false)]
    public void A_tmpfiles_line_is_read_as_systemd_tmpfiles_makes_the_folder(string line, bool fails)
    {
        // '-' is 0755 and root; the owner's, the group's (www-data, or ckan with www-data a member) bits let it in; a line
        // that adjusts the folder, or a mode not read, leaves it unjudged.
        using var tree = Ckan(RunSocket.Replace("/run/ckan.sock", "/run/ckan/ckan.sock"), pass: "uwsgi_pass unix:/run/ckan/ckan.sock", group: "ckan:x:998:www-data\n")
            .Write("etc/tmpfiles.d/ckan.conf", line);
        Assert.Equal(fails ? 1 : 0, Findings(tree).Count);
    }

    [Fact]
    public void Another_units_RuntimeDirectory_is_its_users()
    {
        using var tree = Ckan("socket = /run/ckan/ckan.sock\nchmod-socket = 660\n", systemd: true, program: "User=www-data\n", pass: "uwsgi_pass unix:/run/ckan/ckan.sock")
            .Write("etc/systemd/system/ckan-worker.service", "[Service]\nUser=ckan\nRuntimeDirectory=ckan\nRuntimeDirectoryPreserve=yes\nExecStart=/usr/lib/ckan/default/bin/ckan jobs worker\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Contains("/run/ckan is ckan:ckan 0755", Message(finding));
        Assert.Contains(("etc/systemd/system/ckan-worker.service", 3), Related(finding));
    }

    [Theory]
    [InlineData(false, "user=ckan\n")]
    [InlineData(true, "User=ckan\n")]
    public void Uwsgi_run_unprivileged_with_the_uid_and_gid_of_another_account_exits(bool systemd, string program)
    {
        // Numbers: an unprivileged uwsgi compares them with its own (a name it would look up only as root).
        using var tree = Ckan("http = 127.0.0.1:8080\nuid = 33\ngid = 33\n", systemd, program, pass: "proxy_pass http://127.0.0.1:8080");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 8), Where(finding));
        Assert.Contains("gid = 33 is the number of the group 'www-data'", Message(finding));
        Assert.Contains("cannot setgid() as non-root user", Message(finding));
        Assert.Contains(("etc/ckan/default/ckan-uwsgi.ini", 4), Related(finding));
    }

    [Theory]
    [InlineData(false, "user=www-data\n")]
    [InlineData(false, "")]
    [InlineData(true, "User=www-data\n")]
    [InlineData(true, "")]
    [InlineData(false, "user=ckan\n")]
    [InlineData(true, "User=ckan\n")]
    public void Uwsgi_whose_uid_is_its_own_or_started_as_root_is_silent(bool systemd, string program)
    {
        using var tree = Ckan("http = 127.0.0.1:8080\nuid = www-data\ngid = www-data\n", systemd, program, pass: "proxy_pass http://127.0.0.1:8080");
        Assert.Empty(Findings(tree));
    }
}
