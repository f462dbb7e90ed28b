using System.Text.Json;
using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>A service whose ExecStart runs a shell script file is followed, within the root and without running
/// anything, to the application server the script starts: <c>$0</c> and <c>$1</c>.. from the command line, plain
/// assignments, <c>${NAME:-default}</c>, <c>$(dirname X)</c>, <c>$(readlink -f X)</c>, <c>$(cd X &amp;&amp; pwd)</c>,
/// scripts that run scripts up to three deep; anything else leaves the service unread, with a note.</summary>
public class ScriptFollowerTests
{
    private const string Gunicorn = "#!/opt/app/venv/bin/python3\nfrom gunicorn.app.wsgiapp import run\nrun()\n";

    private static ServiceBackEnd? Service(HostModel host, string unit) =>
        host.BackEndsOf<ServiceBackEnd>().SingleOrDefault(s => s.UnitName == unit);

    private static string Note(HostModel host) => Assert.Single(host.UnfollowedScripts);

    /// <summary>Seafile's layout: the unit runs a wrapper with bash, the wrapper runs the control script through the
    /// release link, the control script finds its folder with readlink -f and dirname and starts gunicorn through Python
    /// with the configuration file above it.</summary>
    private static TempTree Seafile(string controlScript = "seahub.sh") =>
        new TempTree()
            .Service("seahub.service", $"bash /opt/seafile/run_with_venv.sh {controlScript} start", "Type=forking")
            .Write("opt/seafile/run_with_venv.sh", "#!/bin/bash\ntop=\"$(dirname \"$0\")\"\nsource \"${top}/python-venv/bin/activate\"\nscript=\"$1\"\nshift 1\n\necho \"${top}/seafile-server-latest/${script}\" \"$@\"\n\"${top}/seafile-server-latest/${script}\" \"$@\"\n")
            .Write("opt/seafile/seafile-server-11.0.13/seahub.sh", """
                #!/bin/bash
                SCRIPT=$(readlink -f "$0")
                INSTALLPATH=$(dirname "${SCRIPT}")
                TOPDIR=$(dirname "${INSTALLPATH}")
                gunicorn_conf=${TOPDIR}/conf/gunicorn.conf.py
                pidfile=${TOPDIR}/pids/seahub.pid
                gunicorn_exe=${INSTALLPATH}/seahub/thirdpart/bin/gunicorn
                export PYTHONPATH=${INSTALLPATH}/seahub:$PYTHONPATH

                start_seahub() {
                    export DJANGO_SETTINGS_MODULE=seahub.settings
                    $PYTHON "$gunicorn_exe" seahub.wsgi:application -c "${gunicorn_conf}" --preload
                    if ! pgrep -f "seahub.wsgi:application" >/dev/null 2>&1; then
                        echo "Error: Seahub failed to start." >&2
                        exit 1
                    fi
                }

                check_python() {
                    if [[ -x /usr/bin/python3 ]]; then PYTHON=python3; else PYTHON=python; fi
                }

                case $1 in
                    start) check_python; start_seahub ;;
                    stop) pkill -f "thirdpart/bin/gunicorn"; rm -f "${pidfile}" ;;
                    restart) "$0" stop; sleep 2; "$0" start ;;
                    *) echo "Usage: $(basename "$0") { start | stop | restart }"; exit 1 ;;
                esac
                """)
            .Link("opt/seafile/seafile-server-latest", "seafile-server-11.0.13")
            .Write("opt/seafile/conf/gunicorn.conf.py", "daemon = True\nbind = \"127.0.0.1:8000\"\ntimeout = 1200\n");

    [Fact]
    public void A_wrapper_and_a_control_script_lead_to_gunicorn_and_its_configuration_file()
    {
        using var tree = Seafile();
        var host = HostTrees.Model(tree);

        var server = Service(host, "seahub.service")!.Server!;
        Assert.Equal("gunicorn", server.Program);
        Assert.Equal("127.0.0.1:8000", Assert.Single(server.Binds).Endpoint.Describe());
        Assert.Equal("opt/seafile/conf/gunicorn.conf.py", server.Binds[0].Location.Path);
        Assert.Equal(1200, server.RequestTimeout!.Value.TotalSeconds);
        Assert.Contains("--preload", server.Command.Arguments.Select(a => a.Value));
        Assert.Empty(host.UnfollowedScripts);
    }

    /// <summary>An environment loader that ends in <c>exec "$@"</c> (Redash's bin/run, container entrypoints): the quoted
    /// "$@" is each argument as its own word, so the command it was given is the server, flags and all.</summary>
    [Theory]
    [InlineData("exec \"$@\"")]
    [InlineData("exec gunicorn \"$@\"")]
    public void Quoted_at_hands_on_each_argument_as_its_own_word(string last)
    {
        var arguments = last.StartsWith("exec gunicorn", StringComparison.Ordinal) ? "-b 127.0.0.1:5000 -t 300 app:app" : "gunicorn -b 127.0.0.1:5000 -t 300 app:app";
        using var tree = new TempTree()
            .Service("app.service", $"/opt/app/bin/run {arguments}")
            .Write("opt/app/bin/run", $"#!/bin/bash\nset -e\nexport APP_ENV=production\n{last}\n");
        var host = HostTrees.Model(tree);

        var server = Service(host, "app.service")!.Server!;
        Assert.Equal("gunicorn", server.Program);
        Assert.Equal("127.0.0.1:5000", Assert.Single(server.Binds).Endpoint.Describe());
        Assert.Equal(300, server.RequestTimeout!.Value.TotalSeconds);
    }

    /// <summary>A supervisord program that runs a script is followed as a service's is: its environment= and directory=.</summary>
    [Fact]
    public void A_supervisord_programs_script_is_followed_to_its_server()
    {
        using var tree = new TempTree()
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/app.conf", "[program:app]\ncommand=/opt/app/bin/run gunicorn -b 127.0.0.1:5000 -t 300 app:app\ndirectory=/opt/app\nenvironment=APP_ENV=\"production\"\n"
                + "[program:loop]\ncommand=/opt/app/bin/loop\ndirectory=/opt/app\n")
            .Write("opt/app/bin/run", "#!/bin/bash\nexec \"$@\"\n")
            .Write("opt/app/bin/loop", "#!/bin/bash\nwhile true; do /opt/app/bin/poll; sleep \"$DELAY\"; done\n");
        var host = HostTrees.Model(tree);

        var program = Assert.Single(host.BackEndsOf<ConfLint.Host.Supervisor.SupervisorBackEnd>());
        Assert.Equal("gunicorn", program.Server!.Program);
        Assert.Equal("127.0.0.1:5000", Assert.Single(program.Server.Binds).Endpoint.Describe());
        Assert.Equal(300, program.Server.RequestTimeout!.Value.TotalSeconds);
        // The script that starts no server is said, and its program stays one that may listen somewhere unread.
        Assert.Contains(host.UnfollowedScripts, n => n.Contains("supervisord program 'loop'", StringComparison.Ordinal));
        Assert.Contains(host.UnreadPrograms, p => p.Who == "supervisord program 'loop'");
    }

    [Fact]
    public void A_script_named_without_a_shell_runs_by_its_first_line_and_takes_defaults_and_its_own_folder()
    {
        const string Start = """
            #!/bin/sh
            # Starts the app from its checkout.
            APP_DIR=$(cd "$(dirname "$0")/.." && pwd)
            cd "$APP_DIR"
            : "${WORKERS:=3}"
            exec ./venv/bin/gunicorn --workers "$WORKERS" -b "127.0.0.1:${PORT:-8000}" app:app
            """;
        using var tree = new TempTree()
            .Service("a.service", "/srv/a/bin/start.sh")
            .Write("srv/a/bin/start.sh", Start)
            .Write("srv/a/gunicorn.conf.py", "timeout = 90\n")
            .Service("b.service", "/srv/b/bin/start.sh", "Environment=PORT=9001")
            .Write("srv/b/bin/start.sh", Start);
        var host = HostTrees.Model(tree);

        var a = Service(host, "a.service")!.Server!;
        Assert.Equal("127.0.0.1:8000", Assert.Single(a.Binds).Endpoint.Describe());
        Assert.Equal("/srv/a", a.WorkingDirectory);
        Assert.Equal(90, a.RequestTimeout!.Value.TotalSeconds);
        Assert.Equal(["--workers", "3"], a.Command.Arguments.Take(2).Select(w => w.Value));

        var b = Service(host, "b.service")!.Server!;
        Assert.Equal("127.0.0.1:9001", Assert.Single(b.Binds).Endpoint.Describe());
    }

    [Fact]
    public void The_server_is_located_at_the_script_the_unit_names()
    {
        using var tree = Seafile();
        var host = HostTrees.Model(tree);
        var server = Service(host, "seahub.service")!.Server!;
        var location = server.LocationOf(null);
        Assert.Equal("etc/systemd/system/seahub.service", location.Path);
        Assert.Equal("/opt/seafile/run_with_venv.sh", location.Source!.ToString().Substring(location.Span.Start, location.Span.Length));
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void Scripts_are_followed_three_deep(int scripts, bool found)
    {
        using var tree = new TempTree().Service("app.service", "/bin/sh /srv/app/run1.sh");
        for (var i = 1; i < scripts; i++)
        {
            tree.Write($"srv/app/run{i}.sh", $"#!/bin/sh\nexec /bin/sh \"$(dirname \"$0\")/run{i + 1}.sh\" \"$@\"\n");
        }

        tree.Write($"srv/app/run{scripts}.sh", "#!/bin/sh\nexec gunicorn -b 127.0.0.1:8000 app:app\n");
        var host = HostTrees.Model(tree);

        Assert.Equal(found, Service(host, "app.service")?.Server is { Program: "gunicorn" });
        if (!found)
        {
            Assert.Contains("more than 3 scripts deep", Note(host), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("CMD=\"gunicorn -b :8000 app:app\"\nif [ -n \"$DEBUG\" ]; then CMD=\"flask run\"; fi\nexec $CMD\n", "is not known until the script runs")]
    [InlineData("eval \"$(cat /etc/app/env)\"\nexec $SERVER -b :8000 app:app\n", "eval")]
    [InlineData(". /etc/app/settings\nexec $SERVER app:app\n", "/etc/app/settings, which ConfLint cannot read")]
    [InlineData("exec `which gunicorn` app:app\n", "is not known until the script runs")]
    [InlineData("case \"$1\" in\n  web) exec gunicorn -b :8000 app:app ;;\n  dev) exec gunicorn -b :5000 --reload app:app ;;\nesac\n", "more than one server")]
    [InlineData("exec /usr/local/bin/app-server --port 8000\n", "no command in it runs a server ConfLint reads (it runs /usr/local/bin/app-server)")]
    [InlineData("if [ -f x ]; then\n  exec gunicorn app:app\n", "could not be read")]
    public void What_cannot_be_known_leaves_the_service_unread_with_a_note(string body, string why)
    {
        using var tree = new TempTree().Service("app.service", "/srv/app/start.sh web").Write("srv/app/start.sh", "#!/bin/bash\n" + body);
        var host = HostTrees.Model(tree);

        Assert.Null(Service(host, "app.service"));
        var note = Note(host);
        Assert.StartsWith("etc/systemd/system/app.service: app.service runs the script /srv/app/start.sh", note, StringComparison.Ordinal);
        Assert.Contains(why, note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_set_in_an_if_is_unknown_and_so_is_the_bind_it_makes()
    {
        using var tree = new TempTree()
            .Service("app.service", "/srv/app/start.sh")
            .Write("srv/app/start.sh", "#!/bin/sh\nPORT=8000\nif [ -f /etc/app/alt ]; then PORT=8001; fi\nexec gunicorn -b \"127.0.0.1:$PORT\" app:app\n");
        var server = Service(HostTrees.Model(tree), "app.service")!.Server!;
        Assert.True(server.BindsUnknown);
        Assert.Empty(server.Binds);
    }

    /// <summary>An operand of <c>export</c> is split at its <c>=</c> after quote removal (POSIX "export"), as the inline
    /// reader always did: a quoted one assigns too.</summary>
    [Fact]
    public void A_quoted_export_operand_assigns()
    {
        using var tree = new TempTree()
            .Service("app.service", "/srv/app/start.sh")
            .Write("srv/app/start.sh", "#!/bin/sh\nexport \"PORT=9002\" 'HOST=127.0.0.1'\nexec gunicorn -b \"$HOST:$PORT\" app:app\n");
        var server = Service(HostTrees.Model(tree), "app.service")!.Server!;
        Assert.Equal("127.0.0.1:9002", Assert.Single(server.Binds).Endpoint.Describe());
    }

    [Fact]
    public void Nothing_is_followed_for_units_that_run_no_script()
    {
        using var tree = new TempTree()
            .Service("go.service", "/usr/local/bin/app-server --port 8000")
            .WriteBytes("usr/local/bin/app-server", [0x7f, (byte)'E', (byte)'L', (byte)'F', 0, 0])
            .Service("py.service", "/srv/py/manage.py runworker")
            .Write("srv/py/manage.py", "#!/usr/bin/env python3\nimport sys\n")
            .Service("missing.service", "/opt/missing/start.sh")
            .Service("inline.service", "/bin/sh -c 'exec gunicorn -b 127.0.0.1:8002 app:app'");
        var host = HostTrees.Model(tree);

        Assert.Empty(host.UnfollowedScripts);
        Assert.Equal("gunicorn", Service(host, "inline.service")!.Server!.Program);
        Assert.Null(Service(host, "go.service"));
        Assert.Null(Service(host, "py.service"));
    }

    [Fact]
    public void A_script_that_runs_itself_for_restart_is_not_followed_twice()
    {
        using var tree = new TempTree()
            .Service("app.service", "/srv/app/ctl.sh start")
            .Write("srv/app/ctl.sh", "#!/bin/sh\ncase \"$1\" in\n  start) exec gunicorn -b 127.0.0.1:8010 app:app ;;\n  restart) \"$0\" stop; /srv/app/ctl.sh start ;;\nesac\n");
        var server = Service(HostTrees.Model(tree), "app.service")!.Server!;
        Assert.Equal("127.0.0.1:8010", Assert.Single(server.Binds).Endpoint.Describe());
    }

    [Fact]
    public void The_shell_syntax_keeps_what_frames_each_command()
    {
        var syntax = ShellSyntax.Parse("""
            A=1 B="two words"
            f() {
              local x=1
              cat <<EOF
            exec gunicorn in a here-document
            EOF
              run "$@" 2>&1 | logger
            }
            [[ -n $A && $B < c ]] && echo yes
            for i in 1 2; do echo "$i"; done
            """);
        Assert.Null(syntax.Error);
        var commands = syntax.Commands;
        Assert.Equal([("A", true), ("B", true)], commands[0].Assignments.Select(a => (a.Name, commands[0].Straight)));
        Assert.Equal(["local", "cat", "run", "logger"], commands.Where(c => c.Function == "f").Select(c => c.Words[0].Literal));
        Assert.DoesNotContain(commands, c => c.Words.Any(w => w.Literal == "gunicorn"));
        Assert.Equal(["run", "\"$@\""], commands.Single(c => c.Words.Count > 0 && c.Words[0].Literal == "run").Words.Select(w => w.Raw));
        Assert.False(commands.Single(c => c.Words.Count > 0 && c.Words[0].Literal == "run").Straight);
        Assert.True(commands.Single(c => c.Words.Count > 0 && c.Words[0].Literal == "[[").Straight);
        Assert.False(commands.Single(c => c.Words.Count > 0 && c.Words[0].Literal == "echo" && c.Words[1].Literal == "yes").Straight);
        Assert.True(commands.Last().InLoop);
        Assert.Null(ShellSyntax.Parse("if [[ -x /usr/bin/python3 ]]; then P=3; else P=2; fi\n").Error);
        Assert.NotNull(ShellSyntax.Parse("if true; then echo\n").Error);
        Assert.NotNull(ShellSyntax.Parse("echo \"open\n").Error);
    }

    [Theory]
    [InlineData("/opt/seafile/run.sh", "/opt/seafile")]
    [InlineData("run.sh", ".")]
    [InlineData("/run.sh", "/")]
    [InlineData("/a/b//", "/a")]
    [InlineData("a/b/", "a")]
    public void Dirname_is_posix_dirname(string path, string folder)
    {
        Assert.Equal(folder, ScriptFollower.Dirname(path));
    }

    [Fact]
    public void Nginx_and_the_followed_gunicorn_meet_in_CL006_and_CL007()
    {
        using var tree = Seafile()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL006,CL007", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = JsonDocument.Parse(output.Stdout);
        var findings = report.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (Code: d.GetProperty("code").GetString(), Path: d.GetProperty("path").GetString(), Line: d.GetProperty("line").GetInt32())).ToList();
        Assert.Contains(("CL006", "etc/nginx/nginx.conf", 6), findings);
        Assert.Contains(findings, f => f is ("CL007", "etc/systemd/system/seahub.service", _));
        Assert.DoesNotContain(findings, f => f.Code == "CL001");
    }

    [Fact]
    public void A_script_not_followed_is_named_in_the_verbose_notes()
    {
        using var tree = Seafile("seafile.sh")
            .Write("opt/seafile/seafile-server-11.0.13/seafile.sh", "#!/bin/bash\nINSTALLPATH=$(dirname \"$(readlink -f \"$0\")\")\n\"${INSTALLPATH}/seafile/bin/seafile-controller\" -c /opt/seafile/ccnet\n")
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8082;\n        }\n    }\n}\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose");
        Assert.Contains("seahub.service runs the script /opt/seafile/run_with_venv.sh, which ConfLint did not follow to an application server: no command in it runs a server ConfLint reads (it runs /opt/seafile/seafile-server-11.0.13/seafile/bin/seafile-controller)", output.Stdout + output.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 service runs a script ConfLint did not follow to a server", output.Stdout + output.Stderr, StringComparison.Ordinal);
    }
}
