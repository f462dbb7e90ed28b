using System.Text.RegularExpressions;
using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Io.Sandbox;

/// <summary>
/// One daemon's own test of a configuration, run in the sandbox on a stage: <c>nginx -t</c>, <c>php-fpmX.Y -t</c>,
/// <c>apache2 -t</c> (with the environment ConfLint's own reader takes from <c>envvars</c>, never by running it),
/// <c>httpd -t</c>, <c>systemd-analyze verify</c>. <see cref="Refusals"/> says what in a stage it must not load.
/// </summary>
internal sealed partial class DaemonCheck
{
    public required string Name { get; init; }

    public required ConfigKind Kind { get; init; }

    /// <summary>The program on this machine, or null when it is not installed (<see cref="Program"/> names it).</summary>
    public string? Binary { get; init; }

    public required string Program { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Writable folders the daemon expects (logs, run files, temporary paths).</summary>
    public IReadOnlyList<string> Folders { get; init; } = [];

    /// <summary>Host folders to show in the sandbox besides the stage (per stage: the systemd units folder).</summary>
    public Func<StagedTree, IReadOnlyList<(string Source, string Target)>> Mounts { get; init; } = _ => [];

    /// <summary>What in a stage this daemon must not load or run (then it is not run).</summary>
    public required Func<StagedTree, IReadOnlyList<string>> Refusals { get; init; }

    public SandboxSpec Spec(StagedTree stage, TimeSpan limit)
    {
        var binary = Binary!;
        var mounts = Mounts(stage).ToList();
        if (!binary.StartsWith("/usr/", StringComparison.Ordinal))
        {
            mounts.Add((binary, binary));
        }

        return new SandboxSpec
        {
            Binary = binary,
            Arguments = Arguments,
            Environment = Environment,
            Stage = stage,
            ReadOnlyMounts = mounts,
            Folders = Folders,
            TimeLimit = limit,
        };
    }

    /// <summary>The output without what changes from run to run (times, process ids) or moves with an insertion (line numbers).</summary>
    public static string Normalize(string output) => LineNumbers().Replace(NginxLogPrefix().Replace(PhpLogPrefix().Replace(output, string.Empty), "[$1] "), ":N");

    [GeneratedRegex(@":\d+")]
    private static partial Regex LineNumbers();

    /// <summary>nginx's log prefix: <c>2026/11/21 20:24:23 [emerg] 3801#3801: </c>.</summary>
    [GeneratedRegex(@"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[(\w+)\] \d+#\d+: ")]
    private static partial Regex NginxLogPrefix();

    /// <summary>PHP-FPM's log prefix: <c>[01-Dec-2026 15:19:07] </c>.</summary>
    [GeneratedRegex(@"\[\d\d-\w{3}-\d{4} \d\d:\d\d:\d\d\] ")]
    private static partial Regex PhpLogPrefix();
}
