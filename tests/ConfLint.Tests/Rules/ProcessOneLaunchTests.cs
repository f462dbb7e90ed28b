using System.Text;
using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A container root whose process 1 starts supervisord (the AWX web container of the precision round 37:
/// <c>dumb-init -- /usr/bin/launch_awx_web.sh</c>, whose last line is <c>exec supervisord -c /etc/supervisord_web.conf</c>):
/// process 1's command line is read as a launch, as a service's <c>ExecStart=</c> is, so supervisord's own file and its
/// programs are read; and a socket folder such a container lacks is said in a container's terms (no systemd there). Each
/// with the near variants that must stay silent: no <c>/proc/1/cmdline</c>, a script whose last <c>exec</c> is not
/// supervisord or is not written out, a script outside the root.</summary>
public sealed class ProcessOneLaunchTests
{
    private const string Launch = "#!/usr/bin/env bash\nif [ `id -u` -ge 500 ]; then\n    echo \"awx:x:`id -u`:`id -g`:,,,:/var/lib/awx:/bin/bash\" >> /tmp/passwd\nfi\n\nset -e\n\nexec supervisord -c /etc/supervisord_web.conf\n";

    private static TempTree Awx(string? cmdline = "dumb-init\0--\0/usr/bin/launch_awx_web.sh\0", string launch = Launch, string socket = "/var/lib/awx/uwsgi.sock", string target = "/var/run/awx-uwsgi/uwsgi.sock", string init = "dumb-init")
    {
        var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nawx:x:1000:0:,,,:/var/lib/awx:/bin/bash\n")
            .Write("etc/group", "root:x:0:\n")
            .Write("etc/nginx/nginx.conf", "worker_processes 1;\npid /tmp/nginx.pid;\nevents {}\nhttp {\n    upstream uwsgi {\n        server unix:" + target + ";\n    }\n    server {\n        listen 8052 default_server;\n        location / {\n            uwsgi_pass uwsgi;\n        }\n    }\n}\n")
            .Write("etc/supervisord_web.conf", "[supervisord]\nnodaemon = True\numask = 022\n\n[program:uwsgi]\ncommand = /var/lib/awx/venv/awx/bin/uwsgi /etc/tower/uwsgi.ini\ndirectory = /var/lib/awx\nautorestart = true\n")
            .Write("etc/tower/uwsgi.ini", "[uwsgi]\nsocket = " + socket + "\nprocesses = 5\nmaster = true\nmodule = awx.wsgi:application\n")
            .Write("var/lib/awx/venv/awx/bin/uwsgi", "")
            .Write("usr/bin/launch_awx_web.sh", launch)
            .Write("proc/1/status", "Name:\t" + init + "\nUid:\t1000\t1000\t1000\t1000\nGid:\t0\t0\t0\t0\n");
        return cmdline is null ? tree : tree.WriteBytes("proc/1/cmdline", Encoding.UTF8.GetBytes(cmdline));
    }

    private static List<JsonElement> Findings(TempTree tree, string code = "CL001")
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", code, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var document = JsonDocument.Parse(output.Stdout);
        return document.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code).Select(d => d.Clone()).ToList();
    }

    private static (string Severity, string File, int Line) Where(JsonElement finding) =>
        (finding.GetProperty("severity").GetString()!, finding.GetProperty("path").GetString()!.Replace('\\', '/'), finding.GetProperty("line").GetInt32());

    private static string Message(JsonElement finding) => finding.GetProperty("message").GetString()!;

    private static string Advice(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("description").GetString()! : string.Empty;

    [Theory]
    [InlineData("dumb-init\0--\0/usr/bin/launch_awx_web.sh\0")]
    [InlineData("/usr/bin/dumb-init\0--single-child\0/usr/bin/launch_awx_web.sh\0")]
    [InlineData("dumb-init\0-c\0--rewrite=15:3\0/usr/bin/launch_awx_web.sh\0")]
    [InlineData("/sbin/tini\0-g\0-s\0--\0/usr/bin/launch_awx_web.sh\0")]
    [InlineData("/sbin/docker-init\0--\0/bin/bash\0/usr/bin/launch_awx_web.sh\0")]
    [InlineData("/usr/bin/launch_awx_web.sh\0")]
    [InlineData("dumb-init\0supervisord\0-n\0-c\0/etc/supervisord_web.conf\0")]
    [InlineData("/usr/local/bin/supervisord\0--configuration=/etc/supervisord_web.conf\0")]
    [InlineData("catatonit\0--\0/usr/bin/launch_awx_web.sh\0")]
    public void Supervisord_that_process_1_starts_is_read(string cmdline)
    {
        using var tree = Awx(cmdline);
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/nginx/nginx.conf", 6), Where(finding));
        Assert.Contains("supervisord program 'uwsgi' listens on /var/lib/awx/uwsgi.sock", Message(finding));
        Assert.Contains("unix:/var/lib/awx/uwsgi.sock", Advice(finding));
    }

    [Fact]
    public void A_script_that_execs_a_script_that_execs_supervisord_is_followed()
    {
        using var tree = Awx("dumb-init\0--\0/usr/bin/launch_awx_web.sh\0", "#!/bin/sh\nexec /usr/local/bin/start.sh\n")
            .Write("usr/local/bin/start.sh", "#!/bin/bash\n# start\nexec /usr/bin/tini -- supervisord -c '/etc/supervisord_web.conf'  # the web processes\n");
        Assert.Single(Findings(tree));
    }

    [Theory]
    // No process 1 shown: today's behaviour (supervisord's usual files only).
    [InlineData(null, Launch)]
    // The last exec is not supervisord: nothing of it is read.
    [InlineData("dumb-init\0--\0/usr/bin/launch_awx_web.sh\0", "#!/bin/bash\nexec /var/lib/awx/venv/awx/bin/daphne -b 127.0.0.1 -p 8051 awx.asgi:channel_layer\n")]
    // Its file named by a variable, a last line that is no exec, an exec in a branch before it, a last line continued.
    [InlineData("dumb-init\0--\0/usr/bin/launch_awx_web.sh\0", "#!/bin/bash\nCONF=/etc/supervisord_web.conf\nexec supervisord -c \"$CONF\"\n")]
    [InlineData("dumb-init\0--\0/usr/bin/launch_awx_web.sh\0", "#!/bin/bash\nsupervisord -c /etc/supervisord_web.conf\necho done\n")]
    [InlineData("dumb-init\0--\0/usr/bin/launch_awx_web.sh\0", "#!/bin/bash\nif [ \"$1\" = shell ]; then exec bash; fi\nexec supervisord -c /etc/supervisord_web.conf\n")]
    [InlineData("dumb-init\0--\0/usr/bin/launch_awx_web.sh\0", "#!/bin/bash\ntrue &&\nexec supervisord -c /etc/supervisord_web.conf\n")]
    // Not a shell script (a Python launcher), and tini without '--' before a dash word (getopt permutes: tini's own).
    [InlineData("dumb-init\0--\0/usr/bin/launch_awx_web.sh\0", "#!/usr/bin/python3\nimport os\nexec supervisord -c /etc/supervisord_web.conf\n")]
    [InlineData("tini\0supervisord\0-c\0/etc/supervisord_web.conf\0", Launch)]
    // dumb-init's --help prints and exits.
    [InlineData("dumb-init\0--help\0/usr/bin/launch_awx_web.sh\0", Launch)]
    public void Process_1_that_is_not_proven_to_start_that_supervisord_reads_nothing(string? cmdline, string launch)
    {
        using var tree = Awx(cmdline, launch);
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_launch_script_outside_the_root_is_not_read()
    {
        using var outside = new TempTree().Write("launch.sh", Launch);
        using var tree = Awx("dumb-init\0--\0/usr/bin/launch.sh\0").Link("usr/bin/launch.sh", outside.Path("launch.sh"));
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_supervisord_file_outside_the_root_is_not_read()
    {
        using var outside = new TempTree().Write("supervisord.conf", "[program:uwsgi]\ncommand = /var/lib/awx/venv/awx/bin/uwsgi /etc/tower/uwsgi.ini\n");
        using var tree = Awx("dumb-init\0--\0/usr/bin/launch_awx_web.sh\0", "#!/bin/sh\nexec supervisord -c /etc/outside.conf\n").Link("etc/outside.conf", outside.Path("supervisord.conf"));
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void The_timeout_of_a_program_process_1_starts_is_compared()
    {
        using var tree = Awx(socket: "/var/lib/awx/uwsgi.sock", target: "/var/lib/awx/uwsgi.sock");
        tree.Write("etc/tower/uwsgi.ini", "[uwsgi]\nsocket = /var/lib/awx/uwsgi.sock\nharakiri = 300\nmaster = true\n")
            .Write("etc/nginx/nginx.conf", "pid /tmp/nginx.pid;\nevents {}\nhttp {\n    server {\n        listen 8052;\n        location / {\n            uwsgi_read_timeout 125s;\n            uwsgi_pass unix:/var/lib/awx/uwsgi.sock;\n        }\n    }\n}\n");
        var finding = Assert.Single(Findings(tree, "CL006"));
        Assert.Equal(("warning", "etc/nginx/nginx.conf", 7), Where(finding));
        Assert.Contains("305s", Advice(finding));
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_socket_folder_a_container_lacks_is_said_in_the_containers_terms()
    {
        using var tree = Awx(socket: "/var/run/awx-uwsgi/uwsgi.sock");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/tower/uwsgi.ini", 2), Where(finding));
        Assert.Contains("process 1 is dumb-init (proc/1/status), not systemd", Message(finding));
        Assert.Contains("usr/bin/launch_awx_web.sh", Message(finding));
        Assert.Contains("FATAL each time the container starts", Message(finding));
        Assert.DoesNotContain("tmpfs", Message(finding));
        Assert.Contains("RUN mkdir -p /run/awx-uwsgi", Advice(finding));
        Assert.DoesNotContain("tmpfiles", Advice(finding));
    }

    [Theory]
    [InlineData("#!/bin/bash\nmkdir -p /var/run/awx-uwsgi\nexec supervisord -c /etc/supervisord_web.conf\n")]
    [InlineData("#!/bin/bash\ninstall -d -o awx /run/awx-uwsgi\nexec supervisord -c /etc/supervisord_web.conf\n")]
    public void A_socket_folder_the_containers_start_script_makes_is_silent(string launch)
    {
        using var tree = Awx(launch: launch, socket: "/var/run/awx-uwsgi/uwsgi.sock");
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_systemd_host_that_runs_supervisord_is_read_and_advised_as_before()
    {
        // Process 1 is systemd: its unit starts supervisord; /run is a tmpfs there, and tmpfiles.d is the remedy.
        using var tree = Awx("/sbin/init\0", socket: "/var/run/awx-uwsgi/uwsgi.sock", init: "systemd")
            .Write("etc/systemd/system/supervisord.service", "[Service]\nExecStart=/usr/bin/supervisord -n -c /etc/supervisord_web.conf\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
        var finding = Assert.Single(Findings(tree));
        Assert.Equal(("error", "etc/tower/uwsgi.ini", 2), Where(finding));
        Assert.Contains("/run is a tmpfs", Message(finding));
        Assert.Contains("tmpfiles.d line 'd /run/awx-uwsgi", Advice(finding));
    }
}
