using ConfLint.Host.Systemd;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Systemd;
using ConfLint.Tests.Host;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>The one walk over a unit's start commands (<see cref="StartCommands"/>) that StartFailures.MayMake and
/// FolderCommands.Of read: every <c>ExecStartPre=</c> command before every <c>ExecStart=</c> one whatever the order of the
/// lines in the file (systemd runs them so), the prefixes kept on the command, the read server's own command not asked
/// about, and for a unit whose server ConfLint does not read only a one-shot's <c>ExecStart=</c> asked about.</summary>
public sealed class StartCommandsTests
{
    private static TempTree Tree() =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://unix:/run/app/app.sock;\n        }\n    }\n}\n")
            // ExecStart= first in the file: systemd still runs the ExecStartPre= commands before it.
            .Write("etc/systemd/system/app.service", "[Service]\nUser=www-data\nExecStart=/srv/app/venv/bin/gunicorn --bind unix:/run/app/app.sock app:app\nExecStartPre=-/bin/mkdir -p /run/app\nExecStartPre=+/bin/chown www-data /run/app ; !/bin/sh /opt/app/prep.sh\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/setup.service", "[Service]\nType=oneshot\nExecStart=/usr/local/bin/setup-app\nExecStart=-/bin/true\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/other.service", "[Service]\nExecStartPre=/bin/mkdir -p /run/other\nExecStart=/opt/other/bin/otherd --socket /run/other/o.sock\n\n[Install]\nWantedBy=multi-user.target\n");

    private static List<string> Walk(ConfLint.Host.HostModel host, string unit, ServiceBackEnd? service)
    {
        var steps = new List<string>();
        foreach (var step in StartCommands.Of(host, host.ServiceUnits[unit].Unit, service))
        {
            Assert.Equal(step.Key == "ExecStartPre", step.Pre);
            Assert.Contains(step.Command.Executable.Value, step.Entry.Value, StringComparison.Ordinal);
            steps.Add($"{step.Key} {step.Command.Prefixes} {step.Command.ProgramName}{(step.IsServer ? " server" : string.Empty)}{(step.AskUnknown ? " ask" : string.Empty)}");
        }

        return steps;
    }

    [Fact]
    public void PreCommandsComeFirstWithTheirPrefixesAndTheReadServerIsNotAskedAbout()
    {
        using var tree = Tree();
        var host = HostTrees.Model(tree);
        var service = Assert.Single(host.BackEndsOf<ServiceBackEnd>(), s => s.UnitName == "app.service");
        Assert.Equal("gunicorn", service.Server?.Program);

        Assert.Equal(
            [
                "ExecStartPre IgnoreFailure mkdir ask",
                "ExecStartPre FullyPrivileged chown ask",
                "ExecStartPre NoSetuid sh ask",
                "ExecStart None gunicorn server",
            ],
            Walk(host, "app.service", service));

        // Asked without the server (a unit ConfLint reads no server of): a daemon's own ExecStart= is not asked about either.
        Assert.Equal(
            [
                "ExecStartPre IgnoreFailure mkdir ask",
                "ExecStartPre FullyPrivileged chown ask",
                "ExecStartPre NoSetuid sh ask",
                "ExecStart None gunicorn",
            ],
            Walk(host, "app.service", null));
    }

    [Fact]
    public void AOneShotsCommandsAreAskedAboutADaemonsAreNot()
    {
        using var tree = Tree();
        var host = HostTrees.Model(tree);

        Assert.Equal(["ExecStart None setup-app ask", "ExecStart IgnoreFailure true ask"], Walk(host, "setup.service", null));
        Assert.Equal(["ExecStartPre None mkdir ask", "ExecStart None otherd"], Walk(host, "other.service", null));
    }

    [Fact]
    public void AUnitsLinesAreParsedOncePerHost()
    {
        using var tree = Tree();
        var host = HostTrees.Model(tree);
        var unit = host.ServiceUnits["app.service"].Unit;
        var execStart = unit.EffectiveEntry("Service", "ExecStart")!;

        Assert.Same(StartCommands.LineOf(host, unit, execStart), StartCommands.LineOf(host, unit, execStart));
        SystemdCommand? first = null;
        foreach (var step in StartCommands.Of(host, unit, null))
        {
            first = step.Command;
            break;
        }

        foreach (var step in StartCommands.Of(host, unit, null))
        {
            Assert.Same(first, step.Command);
            break;
        }
    }

    /// <summary>Through the CLI: an interpreter's script of an ExecStartPre= that is not in the root may make the socket's
    /// folder, so CL001 says nothing of a folder nothing else makes; without it, the folder is missing at boot.</summary>
    [Fact]
    public void AnUnreadPreScriptMayMakeTheFolder()
    {
        static TempTree Gunicorn(string pre) =>
            new TempTree()
                .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://unix:/run/app/app.sock;\n        }\n    }\n}\n")
                .Write("etc/systemd/system/app.service", "[Service]\nUser=www-data\n" + pre + "ExecStart=/srv/app/venv/bin/gunicorn --bind unix:/run/app/app.sock app:app\n\n[Install]\nWantedBy=multi-user.target\n");

        using (var missing = Gunicorn(string.Empty))
        {
            Assert.Contains("CL001", Run(missing), StringComparison.Ordinal);
        }

        using var script = Gunicorn("ExecStartPre=!/bin/sh /opt/app/prep.sh\n");
        Assert.DoesNotContain("CL001", Run(script), StringComparison.Ordinal);
    }

    private static string Run(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }
}
