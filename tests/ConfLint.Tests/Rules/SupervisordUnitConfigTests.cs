using System.Text.Json;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>
/// supervisord run with a main file of its own (Open edX's <c>supervisor.service</c>:
/// <c>supervisord --configuration /edx/app/supervisor/supervisord.conf</c>, a venv's or pip's supervisord): the file the
/// enabled unit names, with its <c>[include]</c>, is read as <c>/etc/supervisor/supervisord.conf</c> is; a unit the root's
/// links prove not enabled makes no listeners; a file outside the root is never read. And a program file left in a
/// sibling "available" folder with no link in the included folder (Open edX's <c>conf.available.d</c>): CL001 warns at the
/// front end naming it, advice only.
/// </summary>
public class SupervisordUnitConfigTests
{
    private const string Nginx = "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n";

    /// <summary>The site is named for the program (app): CL001 ties the two.</summary>
    private const string Site = "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n";

    private const string Program = "[program:app]\ncommand=/opt/app/venv/bin/gunicorn --bind 127.0.0.1:8001 app.wsgi\nuser=www-data\ndirectory=/opt/app\n";

    private static string Unit(string execStart, string extra = "") =>
        $"[Unit]\nDescription=supervisord\n\n[Service]\nType=forking\nUser=www-data\n{extra}ExecStart={execStart}\n\n[Install]\nWantedBy=multi-user.target\n";

    /// <summary>repro-1 of round 33: nginx proxies to 8000, the program binds 8001; the main file is only where the unit says.</summary>
    private static TempTree Tree(string execStart, string main = "/opt/app/supervisor/supervisord.conf", string include = "/opt/app/supervisor/conf.d/*.conf", bool enabled = true, string extra = "")
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx)
            .Write("etc/nginx/sites-enabled/app", Site)
            .Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
            .Write("etc/systemd/system/supervisor.service", Unit(execStart, extra))
            .Write(main.TrimStart('/'), $"[supervisord]\nlogfile=/var/log/app-supervisord.log\n\n[include]\nfiles = {include}\n")
            .Write("opt/app/supervisor/conf.d/app.conf", Program)
            .Write("opt/app/venv/bin/gunicorn", "#!/opt/app/venv/bin/python3\nfrom gunicorn.app.wsgiapp import run\nrun()\n")
            .Write("opt/app/venv/bin/supervisord", "#!/opt/app/venv/bin/python3\nfrom supervisor.supervisord import main\nmain()\n");
        return enabled ? tree.Link("etc/systemd/system/multi-user.target.wants/supervisor.service", "/etc/systemd/system/supervisor.service") : tree;
    }

    private static (List<JsonElement> Findings, string Verbose) Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var document = JsonDocument.Parse(output.Stdout);
        var findings = document.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.Clone()).ToList();
        var verbose = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        return (findings, verbose.Stdout + verbose.Stderr);
    }

    private static string Message(JsonElement finding) => finding.GetProperty("message").GetString()!;

    private static string? FixApplicability(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("applicability").GetString() : null;

    /// <summary>Each spelling of the main file on the unit's command line: the program is read, and CL001 errs with the
    /// safe fix to 8001, as with the same files at /etc/supervisor/supervisord.conf.</summary>
    [Theory]
    [InlineData("/opt/app/venv/bin/supervisord --configuration /opt/app/supervisor/supervisord.conf")]
    [InlineData("/opt/app/venv/bin/supervisord --configuration=/opt/app/supervisor/supervisord.conf")]
    [InlineData("/opt/app/venv/bin/supervisord -c /opt/app/supervisor/supervisord.conf")]
    [InlineData("/opt/app/venv/bin/supervisord -c/opt/app/supervisor/supervisord.conf")]
    [InlineData("/opt/app/venv/bin/supervisord -nc /opt/app/supervisor/supervisord.conf")]
    [InlineData("/opt/app/venv/bin/supervisord --conf /opt/app/supervisor/supervisord.conf")]
    [InlineData("/opt/app/venv/bin/python3 -m supervisor.supervisord -c /opt/app/supervisor/supervisord.conf")]
    [InlineData("/opt/app/venv/bin/python3 /opt/app/venv/bin/supervisord -c /opt/app/supervisor/supervisord.conf")]
    public void The_unit_s_main_file_is_read(string execStart)
    {
        using var tree = Tree(execStart);
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal("proxy_pass http://127.0.0.1:8000: nothing on this host listens there (supervisord program 'app' listens on 127.0.0.1:8001)", Message(finding));
        Assert.Equal("safe", FixApplicability(finding));
    }

    /// <summary>The control: the same files under Debian's path give the same finding.</summary>
    [Fact]
    public void The_same_files_at_debian_s_path_give_the_same_finding()
    {
        using var tree = Tree("/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf", main: "/etc/supervisor/supervisord.conf");
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Equal("proxy_pass http://127.0.0.1:8000: nothing on this host listens there (supervisord program 'app' listens on 127.0.0.1:8001)", Message(finding));
    }

    /// <summary>A relative -c is taken from the unit's WorkingDirectory=, and a relative [include] pattern from the main
    /// file's own folder (options.py, read_config: joined to the folder of the file that names it).</summary>
    [Fact]
    public void Relative_main_file_and_include_are_read_from_their_folders()
    {
        using var tree = Tree("/opt/app/venv/bin/supervisord -c supervisor/supervisord.conf", include: "conf.d/*.conf", extra: "WorkingDirectory=/opt/app\n");
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Contains("supervisord program 'app' listens on 127.0.0.1:8001", Message(finding), StringComparison.Ordinal);
    }

    /// <summary>Without -c, supervisord looks first in the folder above its executable's: a venv's etc/supervisord.conf.</summary>
    [Fact]
    public void Without_c_the_file_beside_the_executable_is_read()
    {
        using var tree = Tree("/opt/app/venv/bin/supervisord -n", main: "/opt/app/venv/etc/supervisord.conf");
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Contains("supervisord program 'app' listens on 127.0.0.1:8001", Message(finding), StringComparison.Ordinal);
    }

    /// <summary>The root enables units by links and none names supervisor.service: systemd does not start it at boot,
    /// so its programs are no listeners (CL001 says nothing of 8000: no back end is read), and --verbose says why.</summary>
    [Fact]
    public void A_unit_not_enabled_makes_no_listeners()
    {
        using var tree = Tree("/opt/app/venv/bin/supervisord --configuration /opt/app/supervisor/supervisord.conf", enabled: false);
        var (findings, verbose) = Lint(tree);
        Assert.Empty(findings);
        Assert.Contains("opt/app/supervisor/supervisord.conf: the supervisord main file of supervisor.service, which is not enabled", verbose, StringComparison.Ordinal);
        Assert.DoesNotContain("supervisord program 'app'", verbose, StringComparison.Ordinal);
    }

    /// <summary>Untrusted input: a -c climbing out of the root stays in it (the path is the server's), and a link there
    /// leading out of the root is not followed; the file outside, which would bind 8001 too, is never read.</summary>
    [Fact]
    public void A_file_outside_the_root_is_never_read()
    {
        using var tree = Tree("/opt/app/venv/bin/supervisord -c /opt/app/link/supervisord.conf");
        var outside = tree.Root + "-outside";
        try
        {
            Directory.CreateDirectory(outside);
            File.WriteAllText(Path.Combine(outside, "supervisord.conf"), "[supervisord]\n\n[program:outside]\ncommand=/opt/app/venv/bin/gunicorn --bind 127.0.0.1:8001 app.wsgi\n");
            tree.Link("opt/app/link", outside);
            var (findings, verbose) = Lint(tree);
            Assert.Empty(findings);
            Assert.DoesNotContain("'outside'", verbose, StringComparison.Ordinal);
            Assert.Contains("runs supervisord with opt/app/link/supervisord.conf, which the root does not hold (or a link there leads outside it); not read", verbose, StringComparison.Ordinal);

            var climbing = "../".Repeat(12) + Path.GetFileName(outside) + "/supervisord.conf";
            File.WriteAllText(tree.Path("etc/systemd/system/supervisor.service"), Unit($"/opt/app/venv/bin/supervisord -c {climbing}", "WorkingDirectory=/opt/app\n"));
            (findings, verbose) = Lint(tree);
            Assert.Empty(findings);
            Assert.DoesNotContain("'outside'", verbose, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    /// <summary>getopt's reading of supervisord's words: the -c value, or why supervisord stops.</summary>
    [Theory]
    [InlineData("-n -c /a.conf", "/a.conf", false)]
    [InlineData("-u www-data -c /a.conf", "/a.conf", false)]
    [InlineData("--configuration=/a.conf -n", "/a.conf", false)]
    [InlineData("--co /a.conf", "/a.conf", false)]
    [InlineData("-n", null, false)]
    [InlineData("-c /a.conf -c /b.conf", null, true)]
    [InlineData("--c /a.conf", null, true)]
    [InlineData("-x /a.conf", null, true)]
    [InlineData("-nc /a.conf", "/a.conf", false)]
    [InlineData("-n -c/a.conf --", "/a.conf", false)]
    [InlineData("positional -c /a.conf", null, true)]
    [InlineData("-c /a.conf -- positional", null, true)]
    [InlineData("-n -n -c /a.conf", null, true)]
    [InlineData("--nodaemon=1 -c /a.conf", null, true)]
    [InlineData("-v -c /a.conf", null, true)]
    [InlineData("-c /a.conf $DAEMON_OPTS", "/a.conf", false)]
    public void Getopt_reads_the_configuration_option(string words, string? config, bool refused)
    {
        var found = SupervisordLaunch.ConfigOption(words.Split(' '), out var error);
        Assert.Equal(config, found);
        Assert.Equal(refused, error is not null);
    }

    /// <summary>One reading of the words for every option (options.py's short and long names): the foreground flag and
    /// the umask as supervisord takes them, grouped, attached or by a unique long prefix.</summary>
    [Theory]
    [InlineData("-nc /etc/supervisord.conf", "nodaemon=|configuration=/etc/supervisord.conf")]
    [InlineData("-m022 -c /a.conf", "umask=022|configuration=/a.conf")]
    [InlineData("--uma=007 --nod", "umask=007|nodaemon=")]
    [InlineData("-u www-data -m 002", "user=www-data|umask=002")]
    [InlineData("--logfile /var/log/s.log", "logfile=/var/log/s.log")]
    public void Getopt_gives_every_option_by_its_long_name(string words, string expected)
    {
        var options = SupervisordLaunch.CommandLine(words.Split(' '), out var error);
        Assert.Null(error);
        Assert.Equal(expected, string.Join('|', options!.Select(o => $"{o.Key}={o.Value}")));
    }

    private const string OpenEdxNginx = "events {}\nhttp {\n    upstream lms-backend { server 127.0.0.1:8000 fail_timeout=0; }\n    upstream insights_app_server { server 127.0.0.1:8110 fail_timeout=0; }\n"
        + "    server { listen 80; location / { proxy_pass http://lms-backend; } }\n    server { listen 18110; location / { proxy_pass http://insights_app_server; } }\n}\n";

    /// <summary>repro-3 of round 33: Open edX's conf.d holds links into conf.available.d; insights.conf has none.</summary>
    private static TempTree OpenEdx(bool linkInsights = false)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", OpenEdxNginx)
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /edx/app/supervisor/conf.d/*.conf\n")
            .Write("edx/app/supervisor/conf.available.d/lms.conf", "[program:lms]\ncommand=/opt/app/venv/bin/gunicorn -b 127.0.0.1:8000 lms.wsgi\nuser=www-data\n")
            .Write("edx/app/supervisor/conf.available.d/insights.conf", "[program:insights]\ncommand=/opt/app/venv/bin/gunicorn -b 127.0.0.1:8110 analytics_dashboard.wsgi:application\nuser=www-data\n")
            .Link("edx/app/supervisor/conf.d/lms.conf", "/edx/app/supervisor/conf.available.d/lms.conf");
        return linkInsights ? tree.Link("edx/app/supervisor/conf.d/insights.conf", "../conf.available.d/insights.conf") : tree;
    }

    /// <summary>The unlinked program would bind what the front end targets and nothing else listens there: a warning at the
    /// upstream's server naming the file, advice only (link it, or retire the site: which is meant is not known).</summary>
    [Fact]
    public void A_program_only_in_the_available_folder_is_named_at_the_front_end()
    {
        using var tree = OpenEdx();
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(4, finding.GetProperty("line").GetInt32());
        Assert.Equal("the upstream server 127.0.0.1:8110 (of proxy_pass http://insights_app_server): no back end ConfLint reads listens there; supervisord program 'insights' in edx/app/supervisor/conf.available.d/insights.conf "
            + "would listen on 127.0.0.1:8110, but supervisord loads only /edx/app/supervisor/conf.d/*.conf ([include] files in etc/supervisor/supervisord.conf), and no file of /edx/app/supervisor/conf.d links to it, so it never starts the program, and nginx answers 502",
            Message(finding));
        var related = finding.GetProperty("related").EnumerateArray().Select(r => $"{r.GetProperty("path").GetString()}:{r.GetProperty("line").GetInt32()}").ToList();
        Assert.Contains("edx/app/supervisor/conf.available.d/insights.conf:1", related);
        Assert.Equal("display-only", FixApplicability(finding));
        Assert.Equal("If program 'insights' is meant to run, link its file into the folder supervisord loads (ln -s /edx/app/supervisor/conf.available.d/insights.conf /edx/app/supervisor/conf.d/insights.conf), "
            + "then run supervisorctl reread && supervisorctl update; if it was retired, take the site that sends requests there out of service: which one is meant is not known",
            finding.GetProperty("fix").GetProperty("description").GetString());
    }

    /// <summary>Controls: linked, the program runs and serves the target (nothing to say); a program ConfLint does not read
    /// naming the address may answer there (not judged).</summary>
    [Fact]
    public void A_linked_program_or_an_unread_one_at_the_address_brings_no_warning()
    {
        using (var tree = OpenEdx(linkInsights: true))
        {
            Assert.Empty(Lint(tree).Findings);
        }

        using (var tree = OpenEdx()
            .Write("etc/systemd/system/dashboard.service", "[Service]\nExecStart=/opt/dashboard/bin/dashboard-server --listen 127.0.0.1:8110\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/dashboard.service", "/etc/systemd/system/dashboard.service"))
        {
            Assert.Empty(Lint(tree).Findings);
        }
    }
}

file static class StringRepeat
{
    public static string Repeat(this string text, int count) => string.Concat(Enumerable.Repeat(text, count));
}
