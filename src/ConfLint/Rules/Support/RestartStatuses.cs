using System.Globalization;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// What systemd does when a service's main process ends, as src/core/service.c decides it: <c>service_sigchld_event</c>
/// gives the result "success" to a clean exit (<c>is_clean_exit</c>: exit status 0, the signals SIGHUP, SIGINT, SIGTERM and
/// SIGPIPE for a daemon, and whatever <c>SuccessExitStatus=</c> lists), "exit-code" to another exit, "signal" or
/// "core-dump" to another signal; <c>service_shall_restart</c> then never restarts after a status
/// <c>RestartPreventExitStatus=</c> lists, always after one <c>RestartForceExitStatus=</c> lists, and otherwise as
/// <c>Restart=</c> says (systemd.service(5), the table under Restart=): <c>always</c> after any result,
/// <c>on-failure</c> after any but success, <c>on-abnormal</c> and <c>on-abort</c> after a signal or a core dump only.
/// The three settings are lists; an empty assignment empties the list (<see cref="MergedUnit.Effective"/>). Their words are
/// exit statuses (0-255, or systemd's names from exit-status.c: FAILURE, TEMPFAIL...) or signal names (SIGKILL, KILL).
/// </summary>
public static class RestartStatuses
{
    /// <summary>An exit status or a signal.</summary>
    public readonly record struct Status(bool Signal, int Code)
    {
        public override string ToString() => Signal ? "SIG" + SignalName(Code) : "exit " + Code.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The common ways a server dies, which the policy must not count as clean: exit status 1 (a fatal error:
    /// Go's log.Fatal, an uncaught exception in most runtimes), exit status 2 (Go's fatal runtime errors and unrecovered
    /// panics), SIGKILL (the kernel's OOM killer, kill -9), SIGSEGV and SIGABRT (a native crash, an abort()). SIGTERM and
    /// its exit status 143 are not among them: they are how a service is stopped (Java services list 143 for that).</summary>
    public static readonly IReadOnlyList<(Status Status, string How)> Crashes =
    [
        (new(false, 1), "a fatal error's exit status 1"),
        (new(false, 2), "exit status 2 (a Go panic or fatal runtime error)"),
        (new(true, 9), "SIGKILL (the OOM killer, kill -9)"),
        (new(true, 11), "SIGSEGV (a segmentation fault)"),
        (new(true, 6), "SIGABRT (an abort)"),
    ];

    /// <summary>The settings that move a status between the restarted and the not restarted, in systemd's order.</summary>
    public static readonly IReadOnlyList<string> Settings = ["SuccessExitStatus", "RestartPreventExitStatus", "RestartForceExitStatus"];

    private static readonly Dictionary<string, int> SignalNames = new(StringComparer.Ordinal)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["BUS"] = 7, ["FPE"] = 8, ["KILL"] = 9,
        ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14, ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17,
        ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21, ["TTOU"] = 22, ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25,
        ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28, ["IO"] = 29, ["PWR"] = 30, ["SYS"] = 31,
    };

    /// <summary>systemd's names of exit statuses that these settings accept (exit-status.c: the generic, LSB and BSD ones).</summary>
    private static readonly Dictionary<string, int> ExitNames = new(StringComparer.Ordinal)
    {
        ["SUCCESS"] = 0, ["FAILURE"] = 1, ["INVALIDARGUMENT"] = 2, ["NOTIMPLEMENTED"] = 3, ["NOPERMISSION"] = 4, ["NOTINSTALLED"] = 5,
        ["NOTCONFIGURED"] = 6, ["NOTRUNNING"] = 7, ["USAGE"] = 64, ["DATAERR"] = 65, ["NOINPUT"] = 66, ["NOUSER"] = 67, ["NOHOST"] = 68,
        ["UNAVAILABLE"] = 69, ["SOFTWARE"] = 70, ["OSERR"] = 71, ["OSFILE"] = 72, ["CANTCREAT"] = 73, ["IOERR"] = 74, ["TEMPFAIL"] = 75,
        ["PROTOCOL"] = 76, ["NOPERM"] = 77, ["CONFIG"] = 78,
    };

    private static string SignalName(int code) => SignalNames.First(p => p.Value == code).Key;

    /// <summary>A word of the three settings as a status; null for one systemd would not take (or ConfLint does not know).</summary>
    public static Status? Parse(string word)
    {
        if (word.Length > 0 && word.All(char.IsAsciiDigit))
        {
            return int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code <= 255 ? new Status(false, code) : null;
        }

        if (ExitNames.TryGetValue(word, out var named))
        {
            return new Status(false, named);
        }

        var signal = word.StartsWith("SIG", StringComparison.Ordinal) ? word[3..] : word;
        return SignalNames.TryGetValue(signal, out var number) ? new Status(true, number) : null;
    }

    /// <summary>One word in effect of one of the settings, with the entry that writes it.</summary>
    public sealed record Listed(string Setting, string Word, Status Status, SystemdEntry Entry);

    /// <summary>The words in effect of the three settings, and those no status could be made of.</summary>
    public static (List<Listed> Listed, List<string> Unknown) Read(MergedUnit unit)
    {
        var listed = new List<Listed>();
        var unknown = new List<string>();
        foreach (var setting in Settings)
        {
            foreach (var entry in unit.Effective("Service", setting))
            {
                foreach (var word in entry.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Parse(word) is { } status)
                    {
                        listed.Add(new(setting, word, status, entry));
                    }
                    else
                    {
                        unknown.Add($"{setting}={word}");
                    }
                }
            }
        }

        return (listed, unknown);
    }

    /// <summary>Whether systemd restarts the service after <paramref name="status"/> under <paramref name="restart"/> and
    /// the listed statuses (service_shall_restart).</summary>
    public static bool Restarts(string restart, Status status, IReadOnlyList<Listed> listed)
    {
        if (listed.Any(l => l.Setting == "RestartPreventExitStatus" && l.Status == status))
        {
            return false;
        }

        if (listed.Any(l => l.Setting == "RestartForceExitStatus" && l.Status == status))
        {
            return true;
        }

        var clean = status == new Status(false, 0) || (status.Signal && status.Code is 1 or 2 or 13 or 15)
            || listed.Any(l => l.Setting == "SuccessExitStatus" && l.Status == status);
        return restart switch
        {
            "always" => true,
            "on-failure" => !clean,
            "on-abnormal" or "on-abort" => !clean && status.Signal,
            _ => false,
        };
    }

    /// <summary>The crashes (<see cref="Crashes"/>) that <paramref name="restart"/> alone would restart after but the listed
    /// statuses keep from it, each with the word that does.</summary>
    public static List<(Status Status, string How, Listed By)> Hidden(string restart, IReadOnlyList<Listed> listed)
    {
        var hidden = new List<(Status, string, Listed)>();
        foreach (var (status, how) in Crashes)
        {
            if (Restarts(restart, status, []) && !Restarts(restart, status, listed))
            {
                var by = listed.FirstOrDefault(l => l.Setting == "RestartPreventExitStatus" && l.Status == status)
                    ?? listed.First(l => l.Setting == "SuccessExitStatus" && l.Status == status);
                hidden.Add((status, how, by));
            }
        }

        return hidden;
    }
}
