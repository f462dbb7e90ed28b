using ConfLint.Io;
using ConfLint.Io.Sandbox;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// The sandbox's process limit (<c>prlimit --nproc=128</c>) holds for whoever runs ConfLint, root included: the
/// kernel never limits the processes of a user that is root outside every namespace, so root starts the sandbox as
/// a user of its own. Run as root before that, a shell in the sandbox started 400 processes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SandboxProcessLimitTests
{
    private static void Require()
    {
        if (Verifier.CanStage)
        {
            return;
        }

        Assert.False(Repository.IsCI, "CI must have bubblewrap");
        Assert.Skip("needs bubblewrap");
    }

    [Fact]
    public void The_sandbox_refuses_more_processes_than_its_limit_whoever_runs_it()
    {
        Require();
        // At most 400 short sleeps, each counted once it started; the shell ends at the first fork refused.
        const string Script = "i=0; while [ $i -lt 400 ]; do sleep 5 & i=$((i+1)); echo $i > /tmp/started; done";
        var outcome = Bubblewrap.Run(
            new SandboxSpec { Binary = "/bin/sh", Arguments = ["-c", Script + "; echo started=$i", "sh"], TimeLimit = TimeSpan.FromSeconds(30) },
            TestContext.Current.CancellationToken);
        Assert.False(outcome.TimedOut, outcome.Output);
        Assert.DoesNotContain("started=400", outcome.Output);
        Assert.Contains("fork", outcome.Output, StringComparison.OrdinalIgnoreCase);
        Assert.True(Bubblewrap.ProcessLimitHolds);
    }

    [Fact]
    public void A_sandbox_started_by_root_runs_as_a_user_of_its_own_that_owns_the_stage()
    {
        Require();
        if (UnixFiles.EffectiveUserId != 0)
        {
            Assert.Skip("needs root (an ordinary user's sandbox is that user outside)");
        }

        using var stage = StagedTree.Create("test");
        stage.AddFile("/etc/secret.key", "key"u8.ToArray(), 0x180);
        var outcome = Bubblewrap.Run(
            new SandboxSpec { Binary = "/bin/sh", Arguments = ["-c", "cat /etc/secret.key", "sh"], Stage = stage, TimeLimit = TimeSpan.FromSeconds(30) },
            TestContext.Current.CancellationToken);
        Assert.True(outcome.Ok, outcome.Output);
        Assert.Equal("key", outcome.Output);
        Assert.Equal(Bubblewrap.SandboxOwner, UnixFiles.Owner(stage.TreePath)!.Value.User);
    }

    [Fact]
    public void A_temporary_folder_the_sandbox_user_may_not_enter_is_cannot_judge_not_a_crash()
    {
        Require();
        if (UnixFiles.EffectiveUserId != 0)
        {
            Assert.Skip("needs root (an ordinary user's sandbox is that user outside)");
        }

        using var temporary = new TempTree();
        File.SetUnixFileMode(temporary.Root, (UnixFileMode)0x1C0);
        using var tree = new TempTree().CopyFrom(ConfLint.Tests.Rules.RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var before = Snapshot(tree);
        var result = ConflintProcess.Run(Repository.Root, TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["TMPDIR"] = temporary.Root }, "fix", "--verify", "--root", tree.Root);
        Assert.False(result.TimedOut);
        Assert.DoesNotContain("internal error", result.Output);
        Assert.Contains($"cannot stage the tree for the real tools: the sandbox runs as uid {Bubblewrap.SandboxOwner}, which may not enter {temporary.Root} (mode 700)", result.Output);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(before, Snapshot(tree));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporary.Root));
    }

    private static Dictionary<string, string> Snapshot(TempTree tree) =>
        Directory.EnumerateFiles(tree.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(p => Path.GetRelativePath(tree.Root, p), File.ReadAllText);
}
