using ConfLint.Host;
using ConfLint.Host.Supervisor;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Supervisor;
using ConfLint.Syntax;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// The umask an application server inherits from what starts it, where the configuration shows it (the server's own
/// umask setting, uwsgi's <c>umask</c>, is read by its caller):
/// <list type="bullet">
/// <item>a systemd service: <c>UMask=</c> of the unit and its drop-ins, else 0022 (systemd.exec(5): "UMask= ... Defaults
/// to 0022"; execute.c sets it in the child before exec, and systemd keeps no global setting for it, systemd#901). Only
/// where the unit runs the server itself (past the wrappers that leave the umask alone: nice, taskset, env and the others
/// of <see cref="CommandWrappers"/>), or through shell scripts ConfLint followed whole (<see cref="ScriptFollower"/>):
/// their top-level <c>umask NNN</c> gives it, and a <c>umask</c> it cannot place leaves it unknown. A unit with
/// <c>PAMName=</c> is not judged (pam_umask may set it in the session).</item>
/// <item>a supervisord program: its <c>umask=</c> (supervisor's process.py <c>_spawn</c>: <c>setumask</c> in the child
/// before exec), else supervisord's own: supervisord sets its <c>[supervisord] umask</c> (or <c>-m</c>, default 022) only
/// as it daemonizes (options.py <c>_daemonize</c>: <c>os.umask(self.umask)</c>); in the foreground (<c>-n</c>,
/// <c>nodaemon=true</c>, as Debian's supervisor.service runs it) it keeps its service's umask. Known only where a service
/// of the root runs supervisord.</item>
/// </list>
/// Anything else (a uwsgi emperor's vassal, a container, a command through <c>sh -c</c>, <c>su</c> or <c>sudo</c>): not known.
/// </summary>
internal static class InheritedUmask
{
    /// <summary>systemd's default <c>UMask=</c>, and supervisord's default <c>umask</c>: 022.</summary>
    public const int Default = 0b000_010_010;

    /// <summary>The umask <paramref name="server"/> of <paramref name="backEnd"/> starts with and where it comes from; a
    /// null value with why it is not known.</summary>
    public static (int? Value, string Why) Of(HostModel host, BackEnd backEnd, AppServer server)
    {
        if (!Direct(server))
        {
            return (null, $"the command runs {server.Program} through {server.Command.Executable.Value}, which may set another umask");
        }

        var (value, why) = backEnd switch
        {
            ServiceBackEnd service => OfUnit(service.Unit),
            SupervisorBackEnd program => OfProgram(host, program),
            _ => (null, $"what starts {backEnd.Describe()} is not read for its umask"),
        };

        if (value is null || server.Scripts.Count == 0)
        {
            return (value, why);
        }

        return server.ScriptUmask switch
        {
            { Value: { } set, Why: var where } => (set, where),
            { Why: var unknown } => (null, unknown),
            null => (value, $"{why}; the scripts it runs through ({string.Join(", ", server.Scripts)}) set none"),
        };
    }

    /// <summary>Whether the command that starts the server is the server itself, past wrappers that keep the umask.</summary>
    private static bool Direct(AppServer server)
    {
        var executable = server.Command.Executable.Value;
        var program = AppServer.Canonical(executable[(executable.LastIndexOf('/') + 1)..]);
        return program == server.Program || program == "env" || CommandWrappers.IsWrapper(program);
    }

    /// <summary>A service's umask: its <c>UMask=</c>, else systemd's default 0022.</summary>
    private static (int? Value, string Why) OfUnit(MergedUnit unit)
    {
        if (unit.Get("Service", "PAMName") is { Length: > 0 })
        {
            return (null, $"{unit.Name} sets PAMName=, whose session (pam_umask) may set the umask");
        }

        if (unit.Get("Service", "UMask")?.Trim() is not { Length: > 0 } written)
        {
            return (Default, $"{unit.Name} sets no UMask=: systemd's default, systemd.exec(5)");
        }

        return UnitFolders.ParseMode(written) is { } mode
            ? (mode & 0b111_111_111, $"UMask={written} of {unit.Name}")
            : (null, $"UMask={written} of {unit.Name} is not an octal mode");
    }

    /// <summary>A supervisord program's umask: its <c>umask=</c>, else supervisord's own.</summary>
    private static (int? Value, string Why) OfProgram(HostModel host, SupervisorBackEnd program)
    {
        if (program.File.Container is not null)
        {
            return (null, "supervisord runs in a container, whose runtime gives it its umask");
        }

        if (program.Section.Find("umask")?.Value.Trim() is { Length: > 0 } own)
        {
            return FolderCommands.Octal(own) is { } mode ? (mode, $"umask={own} of supervisord program '{program.Program}'") : (null, $"umask={own} of supervisord program '{program.Program}' is not an octal number ConfLint reads");
        }

        if (SupervisorBackEnds.SupervisordUnit(host) is not { } unit)
        {
            return (null, "no service of the root runs supervisord, so the umask it gives its programs is not known");
        }

        if (Workspace.SupervisordLaunch.CommandLine(unit, out var refused, out var unread) is not { } options || unread is not null)
        {
            return (null, refused ?? unread ?? $"{unit.Name}'s supervisord command line is not read");
        }

        // One [supervisord] to configparser: the value of the file read last wins.
        var sections = SupervisordSections(host).ToList();
        if (SupervisorBackEnds.Foreground(options, sections))
        {
            var (value, why) = OfUnit(unit);
            return (value, $"supervisord runs in the foreground, keeping its service's umask, and program '{program.Program}' sets no umask= ({why})");
        }

        var option = options.GetValueOrDefault("umask");
        var given = option ?? sections.Select(s => s.Find("umask")).LastOrDefault(e => e is not null)?.Value.Trim();
        if (given is null)
        {
            return (Default, $"supervisord daemonizes and sets its default umask 022 (options.py _daemonize), and program '{program.Program}' sets no umask=");
        }

        return FolderCommands.Octal(given) is { } set
            ? (set, $"supervisord daemonizes under {(option is null ? $"[supervisord] umask={given}" : $"-m {given}")}, and program '{program.Program}' sets no umask=")
            : (null, $"supervisord's umask {given} is not an octal number ConfLint reads");
    }

    private static IEnumerable<SupervisorSection> SupervisordSections(HostModel host)
    {
        foreach (var file in host.Workspace.FilesOfKind(ConfigKind.Supervisor))
        {
            if (file.Container is null && file.Tree?.Root is SupervisorConfigFile config)
            {
                foreach (var section in config.Sections)
                {
                    if (section.Name == "supervisord")
                    {
                        yield return section;
                    }
                }
            }
        }
    }
}
