using System.Runtime.InteropServices;
using ConfLint.Io;
using ConfLint.Io.Sandbox;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// The sandbox <c>fix --verify</c> runs the daemons in, with a program of this machine (perl, which Debian always has)
/// making the system calls itself: the ones the seccomp filter denies fail with <c>EPERM</c> (without the filter
/// each gives another answer: success, <c>ENOTTY</c>, <c>ENOSPC</c>), <c>clone3</c> with <c>ENOSYS</c>, and the rest
/// work; and a check outlives the thread that started it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SeccompTests
{
    private const int Permission = 1;
    private const int NoSystemCall = 38;

    private static void Require()
    {
        if (Verifier.CanStage && File.Exists("/usr/bin/perl"))
        {
            return;
        }

        Assert.False(Repository.IsCI, "CI must have bubblewrap and perl");
        Assert.Skip("needs bubblewrap and perl");
    }

    private static bool Arm => RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64;

    /// <summary>Each call as name,number,arguments...; perl prints name=ok or name=errno.</summary>
    private static Dictionary<string, string> Calls(params string[] calls)
    {
        const string Script = "$| = 1; for my $c (@ARGV) { my ($n, @s) = split /,/, $c; my @a = map { $_ + 0 } @s; my $r = syscall($a[0], @a[1 .. $#a]); "
            + "print \"$n=\", ($r == -1 ? $! + 0 : \"ok\"), \"\\n\"; }";
        var outcome = Bubblewrap.Run(new SandboxSpec { Binary = "/usr/bin/perl", Arguments = ["-e", Script, .. calls], TimeLimit = TimeSpan.FromSeconds(20) }, TestContext.Current.CancellationToken);
        Assert.True(outcome.Ok, outcome.Output);
        return outcome.Output.Split('\n').Select(l => l.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
    }

    [Fact]
    public void The_calls_the_filter_lists_are_denied_and_the_others_work()
    {
        Require();
        var results = Calls(
            $"ptrace,{(Arm ? 117 : 101)},0,0,0,0",
            $"keyctl,{(Arm ? 219 : 250)},0,-3,0",
            $"tiocsti,{(Arm ? 29 : 16)},0,{0x5412},0",
            $"newuser,{(Arm ? 97 : 272)},{0x10000000}",
            $"clone3,435,0,0",
            $"bpf,{(Arm ? 280 : 321)},0,0,0",
            $"getppid,{(Arm ? 173 : 110)}",
            $"tcgets,{(Arm ? 29 : 16)},0,{0x5401},0");
        Assert.Equal(Permission.ToString(System.Globalization.CultureInfo.InvariantCulture), results["ptrace"]);
        Assert.Equal("1", results["keyctl"]);
        Assert.Equal("1", results["tiocsti"]);
        Assert.Equal("1", results["newuser"]);
        Assert.Equal("1", results["bpf"]);
        Assert.Equal(NoSystemCall.ToString(System.Globalization.CultureInfo.InvariantCulture), results["clone3"]);
        Assert.Equal("ok", results["getppid"]);

        // Another ioctl on standard input (/dev/null) reaches the kernel: not a terminal.
        Assert.Equal("25", results["tcgets"]);
    }

    [Fact]
    public void A_program_forks_and_runs_others_under_the_filter()
    {
        Require();
        var outcome = Bubblewrap.Run(new SandboxSpec { Binary = "/usr/bin/perl", Arguments = ["-e", "my $p = fork(); if ($p == 0) { exec('/bin/sh', '-c', 'echo child-ran') } waitpid($p, 0); print \"parent-done\\n\";"], TimeLimit = TimeSpan.FromSeconds(20) }, TestContext.Current.CancellationToken);
        Assert.True(outcome.Ok, outcome.Output);
        Assert.Contains("child-ran", outcome.Output);
        Assert.Contains("parent-done", outcome.Output);
    }

    [Fact]
    public async Task A_check_outlives_the_thread_that_started_it()
    {
        Require();
        Task<SandboxOutcome>? running = null;
        var thread = new Thread(() => running = Bubblewrap.RunAsync(new SandboxSpec { Binary = "/usr/bin/sleep", Arguments = ["2"], TimeLimit = TimeSpan.FromSeconds(20) }, CancellationToken.None));
        thread.Start();
        thread.Join();
        var outcome = await running!;
        Assert.True(outcome.Ok, $"exit {outcome.ExitCode}: {outcome.Output}");
    }
}
