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
/// sandbox's PID namespace ends with it). Resource limits (CPU time, address space, file size, processes) come from
/// <c>prlimit</c> inside. A seccomp filter (<see cref="SeccompFilter"/>) denies the system calls a configuration
/// test has no use for. Run as root, ConfLint starts the sandbox as <see cref="SandboxOwner"/>, a user of its own
/// (see <see cref="Launcher"/>): the sandbox's <c>nobody</c> is then that user outside, not root.
/// </summary>
internal static class Bubblewrap
{
    private const string SandboxUser = "65534";
    private const long TmpfsBytes = 64L * 1024 * 1024;
    private const int MaxOutput = 64 * 1024;

    /// <summary>The file descriptor on which bwrap reads the seccomp program (the launcher's shell moves standard
    /// input there, and gives bwrap /dev/null as its standard input).</summary>
    private const string SeccompDescriptor = "9";

    /// <summary>
    /// The user and group (outside the sandbox) that a sandbox started by root runs as, and that owns its stage: one
    /// no account or process of this machine has (Debian allocates none this high; systemd's container ranges end
    /// below it). The kernel never limits the number of processes of root (uid 0 outside every user namespace,
    /// whatever the uid inside), so a sandbox whose user is root outside could fork without end.
    /// </summary>
    public const uint SandboxOwner = 2_147_483_646;

    /// <summary>Why the sandbox cannot run here (null when it can), and whether root starts it as <see cref="SandboxOwner"/>
    /// (where the kernel refuses user namespaces to other users, root runs it as before, without a process limit).</summary>
    private static readonly Lazy<(string? Why, bool DropsRoot)> Probe = new(ProbeSandbox);

    private static readonly Lazy<byte[]> Filter = new(SeccompFilter.Build);

    /// <summary>Why the sandbox cannot run here, or null when it can.</summary>
    public static string? Unavailable => Probe.Value.Why;

    public static string? BwrapPath => Tools.Find("bwrap");

    /// <summary>Whether the sandbox's process limit holds: false only when ConfLint runs as root and cannot start the
    /// sandbox as another user (then the limit is the time-out and the machine's PID limit).</summary>
    public static bool ProcessLimitHolds => PosixFiles.EffectiveUserId != 0 || Probe.Value is (null, true);

    /// <summary>Gives a stage to the user the sandbox runs as, when that is not the user ConfLint runs as (root); an
    /// <see cref="IOException"/> says why that user could not reach it (a <c>$TMPDIR</c> others may not enter).</summary>
    public static void HandOver(StagedTree stage)
    {
        if (Probe.Value.DropsRoot)
        {
            stage.HandTo(SandboxOwner);
        }
    }

    /// <summary>Runs a program in the sandbox; ends it (and everything it started) on time out or cancellation.</summary>
    public static Task<SandboxOutcome> RunAsync(SandboxSpec spec, CancellationToken cancel)
    {
        // The probe chooses how root starts the sandbox; a caller that did not ask whether it runs asks here.
        return RunUnprobedAsync(spec, Probe.Value.DropsRoot, cancel);
    }

    public static SandboxOutcome Run(SandboxSpec spec, CancellationToken cancel) => RunAsync(spec, cancel).GetAwaiter().GetResult();

    private static async Task<SandboxOutcome> RunUnprobedAsync(SandboxSpec spec, bool dropRoot, CancellationToken cancel)
    {
        var (program, prefix, ownNetwork) = Launcher(dropRoot);
        if (dropRoot)
        {
            spec.Stage?.HandTo(SandboxOwner);
        }

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
    /// <para>Root first becomes <see cref="SandboxOwner"/> (<c>setpriv</c>, every capability lost with the uid) and
    /// then goes the way of any other user. <c>prlimit --nproc</c> is checked by the kernel against the processes of
    /// the sandbox's user in the sandbox's user namespace, but never for a process whose user outside every namespace
    /// is root: bwrap maps the sandbox's uid 65534 to the uid that started it, so as root 400 processes started
    /// where 128 were allowed (measured on Linux 6.18); as another user the 129th fork fails.</para>
    /// </summary>
    private static (string Program, IReadOnlyList<string> Prefix, bool OwnNetwork) Launcher(bool dropRoot)
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
        List<string> rest = ["--", shell, "-c", Script, "sh", bwrap];
        if (PosixFiles.EffectiveUserId != 0)
        {
            return (unshare, ["--user", "--map-root-user", "--net", .. rest], false);
        }

        if (dropRoot && Tools.Find("setpriv") is { } setpriv)
        {
            var owner = SandboxOwner.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (setpriv, [$"--reuid={owner}", $"--regid={owner}", "--clear-groups", "--", unshare, "--user", "--map-root-user", "--net", .. rest], false);
        }

        return (unshare, ["--net", .. rest], false);
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
            // 128 processes. The kernel counts the processes of the sandbox's user in the sandbox's own user namespace
            // and refuses the 129th, except for a process whose user is root outside every namespace (root's are never
            // limited in number, inside a namespace or not): that is why root starts the sandbox as SandboxOwner.
            args.AddRange([prlimit, "--cpu=60", "--as=4294967296", "--fsize=67108864", "--nproc=128", "--"]);
        }

        args.Add(spec.Binary);
        args.AddRange(spec.Arguments);
        return args;
    }

    /// <summary>Runs <c>true</c> in the sandbox once: bwrap may be installed and still be refused namespaces
    /// (a container without the right privileges). Root tries it as <see cref="SandboxOwner"/> first.</summary>
    private static (string? Why, bool DropsRoot) ProbeSandbox()
    {
        if (!PosixFiles.IsSupported)
        {
            return ("it needs Linux (x86-64 or arm64)", false);
        }

        if (BwrapPath is null)
        {
            return ("bubblewrap (bwrap) is not installed; install it (Debian: apt-get install bubblewrap)", false);
        }

        if (Tools.Find("true") is not { } truth)
        {
            return ("true(1) is not installed", false);
        }

        var probe = new SandboxSpec { Binary = truth, TimeLimit = TimeSpan.FromSeconds(20) };
        try
        {
            if (PosixFiles.EffectiveUserId == 0 && Tools.Find("setpriv") is not null && Tools.Find("unshare") is not null
                && RunUnprobedAsync(probe, dropRoot: true, CancellationToken.None).GetAwaiter().GetResult().Ok)
            {
                return (null, true);
            }

            var outcome = RunUnprobedAsync(probe, dropRoot: false, CancellationToken.None).GetAwaiter().GetResult();
            return (outcome.Ok ? null : $"bwrap cannot create its sandbox here: {outcome.Output}", false);
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            return ($"bwrap cannot run: {e.Message}", false);
        }
    }
}
