using ConfLint.Syntax.PhpFpm;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// The global settings <c>fpm_conf_post_process</c> and <c>fpm_event_pre_init</c> refuse (PHP 8.2), each at its last
/// line: <c>log_limit</c> below 512, a negative <c>process.max</c>, a <c>process.priority</c> outside [-19,20], and an
/// <c>events.mechanism</c> no build of php-fpm knows. Numbers are read as FPM's atoi does (<c>2147483648</c> wraps to a
/// negative int).
/// </summary>
internal static class FpmGlobalCheck
{
    /// <summary>ZLOG_MIN_LIMIT in zlog.h.</summary>
    private const int MinLogLimit = 512;

    /// <summary>The event modules of fpm_event.c on every system (epoll, poll and select on Linux; kqueue on the BSDs,
    /// /dev/poll and port on Solaris): a name of another system's module is not judged.</summary>
    private static readonly string[] Mechanisms = ["epoll", "poll", "select", "kqueue", "/dev/poll", "port"];

    public static void Check(Dictionary<string, (PhpFpmEntry Entry, ConfigFile File)> globals, Findings findings)
    {
        long? Number(string key) => globals.TryGetValue(key, out var found) && FpmValues.Ini(found.Entry) is var text
            && !text.Contains('$', StringComparison.Ordinal) && PhpFpmValues.TryParseInteger(text, out var n) ? n : null;

        void Fail(string key, string message) => findings.Error(globals[key].File, globals[key].Entry, message);

        if (Number("log_limit") is < MinLogLimit)
        {
            Fail("log_limit", $"log_limit must be greater than {MinLogLimit}");
        }

        if (Number("process.max") is < 0)
        {
            Fail("process.max", "process_max can't be negative");
        }

        if (Number("process.priority") is { } priority && priority != 64 && priority is < -19 or > 20)
        {
            Fail("process.priority", "process.priority must be included into [-19,20]");
        }

        if (globals.TryGetValue("events.mechanism", out var events) && FpmValues.Ini(events.Entry).Trim() is var mechanism
            && !mechanism.Contains('$', StringComparison.Ordinal) && !Mechanisms.Contains(mechanism, StringComparer.OrdinalIgnoreCase))
        {
            Fail("events.mechanism", $"event mechanism '{mechanism}' is not available on this system");
        }

        if (globals.TryGetValue("error_log", out var errorLog) && FpmValues.Ini(errorLog.Entry) is var log && IsNoDescriptor(log))
        {
            // fpm_stdio_open_error_log opens it with O_CREAT: nothing can be made among a process's descriptors.
            Fail("error_log", $"failed to open error_log ({log}): No such file or directory (2)");
        }
    }

    /// <summary>A path among a process's descriptors (<c>/proc/self/fd/</c>, <c>/dev/fd/</c>) that names none: only a
    /// number is an open descriptor's name there, and no file can be created there (the Docker images' logs go to
    /// <c>/proc/self/fd/2</c>). A number is not judged: which descriptors are open is not known.</summary>
    internal static bool IsNoDescriptor(string path)
    {
        foreach (var folder in (ReadOnlySpan<string>)["/proc/self/fd/", "/dev/fd/"])
        {
            if (path.StartsWith(folder, StringComparison.Ordinal) && path.Length > folder.Length)
            {
                var name = path.AsSpan(folder.Length);
                return name.ContainsAnyExceptInRange('0', '9') && !name.Contains('$');
            }
        }

        return false;
    }
}
