using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ConfLint.Fixing;
using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Io;

/// <summary>The verdict of the real tools on a fixed configuration, and what they said or why they did not run.</summary>
public sealed record Verdict(bool Accepted, IReadOnlyList<string> Notes);

/// <summary>
/// Checks a fixed configuration with the daemons' own tests before anything is written (<c>nginx -t</c>,
/// <c>php-fpmX.Y -t</c>, <c>apache2ctl -t</c> or <c>httpd -t</c>, <c>systemd-analyze verify</c>). The configuration
/// folders of the root are copied twice, before and after the fixes, and each copy is bind-mounted over
/// <c>/etc/nginx</c>, <c>/etc/php</c>, ... in a private mount namespace (<c>unshare -m</c>, as root), so that the
/// tools read the staged files at the paths the configs name. A fix is rejected when a tool accepts the
/// configuration before it and not after it; a tool that rejects both (a certificate or binary missing on this
/// machine) cannot judge the fix, and says so. A tool that is not installed is named, never taken for a pass.
/// </summary>
public static partial class Verifier
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly string[] StagedFolders =
        ["etc/nginx", "etc/apache2", "etc/httpd", "etc/php", "etc/php-fpm.d", "etc/php-fpm.conf", "etc/systemd/system", "lib/systemd/system", "etc/passwd", "etc/group"];

    public static Verdict Verify(IReadOnlyList<LoadOptions> loads, IReadOnlyList<FileChange> changes)
    {
        var notes = new List<string>();
        var accepted = true;
        var anyRan = false;
        foreach (var load in loads)
        {
            if (load.Root is null)
            {
                notes.Add("--verify needs --root (a server tree to stage); nothing was checked");
                return new Verdict(false, notes);
            }

            if (!CanIsolate(out var why))
            {
                notes.Add($"cannot stage the configuration for the real tools: {why}; nothing was checked");
                return new Verdict(false, notes);
            }

            var root = Path.GetFullPath(load.Root, load.WorkingDirectory);
            var mine = changes.Where(c => c.HostPath.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal)).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            var kinds = mine.Select(c => KindDetector.Detect(c.ServerPath)).OfType<ConfigKind>().Distinct().ToList();
            var stage = Directory.CreateTempSubdirectory("conflint-verify-");
            try
            {
                var before = Path.Combine(stage.FullName, "before");
                var after = Path.Combine(stage.FullName, "after");
                Stage(root, before, []);
                Stage(root, after, mine);
                foreach (var check in Checks(before, kinds, mine))
                {
                    var (name, binary) = (check.Name, check.Binary);
                    if (FindOnPath(binary) is null)
                    {
                        notes.Add($"{name}: {binary} is not installed here; not checked");
                        continue;
                    }

                    anyRan = true;
                    var first = Run(before, root, check);
                    var second = Run(after, root, check);
                    if (second.Ok)
                    {
                        notes.Add($"{name}: accepts the fixed configuration");
                    }
                    else if (first.Ok)
                    {
                        accepted = false;
                        notes.Add($"{name}: rejects the fixed configuration (it accepts it before the fix):\n{Indent(second.Output)}");
                    }
                    else if (Normalize(first.Output) == Normalize(second.Output))
                    {
                        notes.Add($"{name}: rejects the configuration before the fix too, for the same reason, so it cannot judge the fix:\n{Indent(second.Output)}");
                    }
                    else
                    {
                        accepted = false;
                        notes.Add($"{name}: rejects the fixed configuration differently than the original:\n{Indent(second.Output)}");
                    }
                }
            }
            finally
            {
                try
                {
                    stage.Delete(recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        if (!anyRan)
        {
            notes.Add("no tool could check the fixed configuration; nothing was verified");
            return new Verdict(false, notes);
        }

        return new Verdict(accepted, notes);
    }

    /// <summary>
    /// The daemons' own checks (nginx, PHP-FPM, Apache) on a server tree as it is, staged like <see cref="Verify"/>:
    /// for tests of fixed fixtures, and for anyone who wants to know what the real tools say of a tree.
    /// </summary>
    public static IReadOnlyList<(string Name, bool Ok, string Output)> CheckTree(string root)
    {
        if (!CanIsolate(out var why))
        {
            throw new InvalidOperationException("cannot check a tree with the real tools: " + why);
        }

        var stage = Directory.CreateTempSubdirectory("conflint-check-");
        try
        {
            var staged = Path.Combine(stage.FullName, "tree");
            Stage(Path.GetFullPath(root), staged, []);
            var results = new List<(string, bool, string)>();
            foreach (var check in Checks(staged, [ConfigKind.Nginx, ConfigKind.PhpFpm, ConfigKind.Apache], []))
            {
                if (FindOnPath(check.Binary) is not null)
                {
                    var outcome = Run(staged, Path.GetFullPath(root), check);
                    results.Add((check.Name, outcome.Ok, outcome.Output));
                }
            }

            return results;
        }
        finally
        {
            stage.Delete(recursive: true);
        }
    }

    /// <summary>Whether this machine can stage trees for the real tools (root, Linux, unshare).</summary>
    public static bool CanStage => CanIsolate(out _);

    private sealed record Check(string Name, string Binary, string[] Arguments, string[] Mounts);

    /// <summary>The tools for the kinds of file the fixes touch, with the folders each needs to see.</summary>
    private static IEnumerable<Check> Checks(string stage, IReadOnlyList<ConfigKind> kinds, IReadOnlyList<FileChange> changes)
    {
        string[] accounts = [.. new[] { "etc/passwd", "etc/group" }.Where(f => File.Exists(Path.Combine(stage, f)))];
        if (kinds.Contains(ConfigKind.Nginx) && File.Exists(Path.Combine(stage, "etc/nginx/nginx.conf")))
        {
            yield return new Check("nginx -t", "nginx", ["-t", "-q", "-c", "/etc/nginx/nginx.conf"], ["etc/nginx", .. accounts]);
        }

        if (kinds.Contains(ConfigKind.PhpFpm))
        {
            var php = Path.Combine(stage, "etc/php");
            var configs = Directory.Exists(php) ? Directory.GetFiles(php, "php-fpm.conf", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];
            foreach (var conf in configs)
            {
                var version = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(conf)));
                var serverPath = "/" + Path.GetRelativePath(stage, conf).Replace('\\', '/');
                var binary = FindOnPath("php-fpm" + version) is not null ? "php-fpm" + version : "php-fpm";
                yield return new Check($"{binary} -t", binary, ["-t", "-y", serverPath], ["etc/php", .. accounts]);
            }
        }

        if (kinds.Contains(ConfigKind.Apache))
        {
            if (File.Exists(Path.Combine(stage, "etc/apache2/apache2.conf")))
            {
                yield return new Check("apache2ctl -t", "apache2ctl", ["-t"], ["etc/apache2", .. accounts]);
            }
            else if (File.Exists(Path.Combine(stage, "etc/httpd/conf/httpd.conf")))
            {
                yield return new Check("httpd -t", "httpd", ["-t", "-f", "/etc/httpd/conf/httpd.conf"], ["etc/httpd", .. accounts]);
            }
        }

        if (kinds.Contains(ConfigKind.Systemd))
        {
            var units = changes.Where(c => KindDetector.Detect(c.ServerPath) == ConfigKind.Systemd)
                .Select(c => UnitOf(c.ServerPath))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (units.Count > 0)
            {
                yield return new Check("systemd-analyze verify", "systemd-analyze", ["verify", "--man=no", .. units], ["etc/systemd/system", "lib/systemd/system", .. accounts]);
            }
        }
    }

    /// <summary>The unit a unit file or drop-in belongs to, as a path systemd-analyze can load.</summary>
    private static string UnitOf(string serverPath)
    {
        var folder = Path.GetDirectoryName(serverPath)!;
        if (folder.EndsWith(".d", StringComparison.Ordinal))
        {
            var unit = Path.GetFileName(folder)[..^2];
            return Path.GetDirectoryName(folder)!.Replace('\\', '/') + "/" + unit;
        }

        return serverPath;
    }

    /// <summary>Copies the root's configuration folders (links kept) and applies the changes. A root that is
    /// not this machine gets this machine's vendor units below its own, so that systemd finds the units every
    /// unit depends on (sysinit.target, network.target).</summary>
    private static void Stage(string root, string stage, IReadOnlyList<FileChange> changes)
    {
        if (Path.GetFullPath(root) != "/" && Directory.Exists("/lib/systemd/system") && Directory.Exists(Path.Combine(root, "lib/systemd/system")))
        {
            CopyFolder(Path.GetFullPath("/lib/systemd/system"), Path.Combine(stage, "lib/systemd/system"));
        }

        foreach (var folder in StagedFolders)
        {
            var source = Path.Combine(root, folder);
            var target = Path.Combine(stage, folder);
            if (Directory.Exists(source) && new DirectoryInfo(source).LinkTarget is null)
            {
                CopyFolder(source, target);
            }
            else if (File.Exists(source))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
        }

        foreach (var change in changes)
        {
            var target = Path.Combine(stage, change.ServerPath.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, change.UpdatedBytes);
        }
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (File.Exists(destination) || new FileInfo(destination).LinkTarget is not null)
            {
                File.Delete(destination);
            }

            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(destination, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyFolder(entry.FullName, destination);
            }
            else
            {
                File.Copy(entry.FullName, destination);
            }
        }
    }

    private sealed record Outcome(bool Ok, string Output);

    /// <summary>Runs a check in a private mount namespace, with the stage's folders mounted where the configs name them.</summary>
    private static Outcome Run(string stage, string root, Check check)
    {
        var script = new StringBuilder("set -e\n");
        foreach (var mount in check.Mounts)
        {
            var staged = Path.Combine(stage, mount);
            var target = "/" + mount;
            if (!File.Exists(staged) && !Directory.Exists(staged))
            {
                continue;
            }

            if (Directory.Exists(staged) && !Directory.Exists(target))
            {
                script.Append("mkdir -p ").Append(Quote(target)).Append('\n');
            }

            script.Append("mount --bind ").Append(Quote(staged)).Append(' ').Append(Quote(target)).Append('\n');
        }

        script.Append("exec ").Append(Quote(check.Binary));
        foreach (var argument in check.Arguments)
        {
            script.Append(' ').Append(Quote(argument));
        }

        var start = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "sh", "-c", script.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["LANG"] = "C";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return new Outcome(false, $"{check.Name} did not finish in {Timeout.TotalSeconds} s");
        }

        var output = (stdout.Result + stderr.Result).Replace(stage, root, StringComparison.Ordinal).Trim();
        return new Outcome(process.ExitCode == 0, output);
    }

    private static bool CanIsolate(out string why)
    {
        if (!OperatingSystem.IsLinux())
        {
            why = "it needs Linux mount namespaces";
            return false;
        }

        if (UnixFiles.EffectiveUserId != 0)
        {
            why = "it needs root (a private mount namespace, unshare -m)";
            return false;
        }

        if (FindOnPath("unshare") is null)
        {
            why = "unshare (util-linux) is not installed";
            return false;
        }

        why = string.Empty;
        return true;
    }

    internal static string? FindOnPath(string binary)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(folder, binary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@":\d+")]
    private static partial Regex LineNumbers();

    /// <summary>nginx's log prefix: <c>2026/11/21 20:24:23 [emerg] 3801#3801: </c>.</summary>
    [GeneratedRegex(@"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[(\w+)\] \d+#\d+: ")]
    private static partial Regex NginxLogPrefix();

    /// <summary>The output without what changes from run to run (times, process ids) or moves with an insertion (line numbers).</summary>
    private static string Normalize(string output) => LineNumbers().Replace(NginxLogPrefix().Replace(output, "[$1] "), ":N");

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "    " + l));
}
