using System.Diagnostics;
using System.Text;
using ConfLint.Workspace;

namespace ConfLint.Io.Sandbox;

/// <summary>
/// Runs a program of this machine in a bubblewrap (<c>bwrap</c>) sandbox: new user, PID, IPC, mount, network, UTS
/// and cgroup namespaces, inside as the unprivileged <c>nobody</c> (uid and gid 65534) with
/// every capability dropped and no way to make a user namespace of its own; no network but its own loopback;
/// <c>/usr</c> and the system's library links read-only; a staged tree read-only at its absolute paths; private
/// writable <c>/tmp</c>, <c>/run</c> and <c>/var</c> (size-limited tmpfs); a clean environment; its own session;
/// killed when ConfLint dies (<c>--die-with-parent</c>) or when its time is up, with everything it started (the
/// sandbox's PID namespace ends with it). Resource limits (CPU time, address space, file size) come from
/// <c>prlimit</c> inside. A seccomp filter (<see cref="SeccompFilter"/>) denies the system calls a configuration
/// test has no use for.
/// </summary>
internal static class Bubblewrap
{
    private const string SandboxUser = "65534";
    private const long TmpfsBytes = 64L * 1024 * 1024;
    private const int MaxOutput = 64 * 1024;

    /// <summary>The file descriptor on which bwrap reads the seccomp program (the launcher's shell moves standard
    /// input there, and gives bwrap /dev/null as its standard input).</summary>
    private const string SeccompDescriptor = "9";

    private static readonly Lazy<string?> Probe = new(ProbeSandbox);

    private static readonly Lazy<byte[]> Filter = new(SeccompFilter.Build);

    /// <summary>Why the sandbox cannot run here, or null when it can.</summary>
    public static string? Unavailable => Probe.Value;

    public static string? BwrapPath => Tools.Find("bwrap");

    /// <summary>Runs a program in the sandbox; ends it (and everything it started) on time out or cancellation.</summary>
    public static async Task<SandboxOutcome> RunAsync(SandboxSpec spec, CancellationToken cancel)
    {
        var (program, prefix, ownNetwork) = Launcher();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in prefix.Concat(Arguments(spec, ownNetwork)))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["LANG"] = "C";

        // Started by a thread that lives as long as ConfLint: --die-with-parent is the kernel's parent-death signal,
        // which follows the thread that forked, not the process (a pool thread retiring would kill the check).
        using var process = SandboxLauncher.Start(start);
        var stdout = ReadBounded(process.StandardOutput);
        var stderr = ReadBounded(process.StandardError);
        Feed(process, Filter.Value);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(spec.TimeLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancel.ThrowIfCancellationRequested();
            return new SandboxOutcome(-1, $"did not finish in {spec.TimeLimit.TotalSeconds:F0} s; stopped", TimedOut: true);
        }

        var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
        return new SandboxOutcome(process.ExitCode, output.Trim(), TimedOut: false);
    }

    public static SandboxOutcome Run(SandboxSpec spec, CancellationToken cancel) => RunAsync(spec, cancel).GetAwaiter().GetResult();

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Writes the seccomp program to the launcher's standard input (far less than a pipe holds) and closes it.</summary>
    private static void Feed(Process process, byte[] filter)
    {
        try
        {
            process.StandardInput.BaseStream.Write(filter);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // bwrap ended before it read it (it could not start): its exit code and words say why.
        }
    }

    private static async Task<string> ReadBounded(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (text.Length < MaxOutput)
            {
                text.Append(buffer, 0, Math.Min(read, MaxOutput - text.Length));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// bwrap is started through a shell that hands it the seccomp program on descriptor 9 (from standard input) and
    /// /dev/null as standard input. The sandbox gets a network namespace of its own made just before it (<c>unshare
    /// --net</c>, or with a user namespace when ConfLint is not root), in which ports below 1024 and addresses the
    /// machine does not have may be bound: <c>nginx -t</c> binds its <c>listen</c> addresses, and neither its port
    /// 80 nor a server's public address is something a build machine has. Nothing leaves that namespace (it has
    /// only its loopback). Without <c>unshare</c>, bwrap makes the network namespace itself.
    /// </summary>
    private static (string Program, IReadOnlyList<string> Prefix, bool OwnNetwork) Launcher()
    {
        var bwrap = BwrapPath ?? "bwrap";
        var shell = Tools.Find("sh") ?? "/bin/sh";
        const string Hand = "exec \"$@\" " + SeccompDescriptor + "<&0 0</dev/null";
        if (Tools.Find("unshare") is not { } unshare)
        {
            return (shell, ["-c", Hand, "sh", bwrap], true);
        }

        const string Script = "echo 0 > /proc/sys/net/ipv4/ip_unprivileged_port_start && echo 1 > /proc/sys/net/ipv4/ip_nonlocal_bind "
            + "&& { echo 1 > /proc/sys/net/ipv6/ip_nonlocal_bind || true; } 2>/dev/null && " + Hand;
        List<string> prefix = PosixFiles.EffectiveUserId == 0 ? ["--net"] : ["--user", "--map-root-user", "--net"];
        return (unshare, [.. prefix, "--", shell, "-c", Script, "sh", bwrap], false);
    }

    /// <summary>The bwrap command line for a spec.</summary>
    public static List<string> Arguments(SandboxSpec spec, bool ownNetwork = true)
    {
        var args = new List<string>
        {
            "--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try",
            "--disable-userns", "--die-with-parent", "--new-session", "--seccomp", SeccompDescriptor,
            "--cap-drop", "ALL", "--uid", SandboxUser, "--gid", SandboxUser, "--hostname", "conflint-verify",
            "--clearenv", "--setenv", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "--setenv", "LANG", "C",
        };
        if (ownNetwork)
        {
            args.Add("--unshare-net");
        }

        foreach (var (name, value) in spec.Environment)
        {
            args.AddRange(["--setenv", name, value]);
        }

        args.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var top in new[] { "bin", "sbin", "lib", "lib32", "lib64", "libx32" })
        {
            var host = "/" + top;
            var status = PosixFiles.Lstat(host);
            if (status.Type == FileType.Link && new FileInfo(host).LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, host]);
            }
            else if (status.Type == FileType.Directory)
            {
                args.AddRange(["--ro-bind", host, host]);
            }
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        foreach (var writable in new[] { "/tmp", "/run", "/var" })
        {
            args.AddRange(["--size", TmpfsBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tmpfs", writable]);
        }

        args.AddRange(["--dir", "/run/lock", "--symlink", "../run", "/var/run", "--symlink", "../run/lock", "/var/lock"]);
        foreach (var folder in new[] { "/var/log", "/var/cache", "/var/lib", "/var/tmp" })
        {
            args.AddRange(["--dir", folder]);
        }

        if (spec.Stage is { } stage)
        {
            foreach (var top in stage.TopFolders().Where(t => t != "var"))
            {
                args.AddRange(["--ro-bind", Path.Combine(stage.TreePath, top), "/" + top]);
            }

            foreach (var entry in stage.VarFolders())
            {
                args.AddRange(["--ro-bind", Path.Combine(stage.TreePath, "var", entry), "/var/" + entry]);
            }
        }

        foreach (var (source, target) in spec.ReadOnlyMounts)
        {
            args.AddRange(["--ro-bind", source, target]);
        }

        foreach (var folder in spec.Folders)
        {
            args.AddRange(["--dir", folder]);
        }

        args.AddRange(["--chdir", "/", "--"]);
        if (Tools.Find("prlimit") is { } prlimit && prlimit.StartsWith("/usr/", StringComparison.Ordinal))
        {
            // Limits the sandboxed program, not bwrap: 60 s of CPU, 4 GiB of address space, 64 MiB per file written,
            // 128 processes. The kernel counts processes per user of each user namespace, so the count holds in the
            // sandbox's own namespace also when conflint runs as root (whose processes are exempt outside it).
            args.AddRange([prlimit, "--cpu=60", "--as=4294967296", "--fsize=67108864", "--nproc=128", "--"]);
        }

        args.Add(spec.Binary);
        args.AddRange(spec.Arguments);
        return args;
    }

    /// <summary>Runs <c>true</c> in the sandbox once: bwrap may be installed and still be refused namespaces
    /// (a container without the right privileges).</summary>
    private static string? ProbeSandbox()
    {
        if (!PosixFiles.IsSupported)
        {
            return "it needs Linux (x86-64 or arm64)";
        }

        if (BwrapPath is null)
        {
            return "bubblewrap (bwrap) is not installed; install it (Debian: apt-get install bubblewrap)";
        }

        if (Tools.Find("true") is not { } truth)
        {
            return "true(1) is not installed";
        }

        try
        {
            var outcome = Run(new SandboxSpec { Binary = truth, TimeLimit = TimeSpan.FromSeconds(20) }, CancellationToken.None);
            return outcome.Ok ? null : $"bwrap cannot create its sandbox here: {outcome.Output}";
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            return $"bwrap cannot run: {e.Message}";
        }
    }
}
