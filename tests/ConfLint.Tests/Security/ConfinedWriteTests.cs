using System.Diagnostics;
using System.Text;
using ConfLint.Fixing;
using ConfLint.Io;
using ConfLint.Io.Writing;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// <c>conflint fix</c> writes only below its root, whatever links the tree holds or swaps in; a write interrupted
/// at any point (a crash during the renames, a full disk, a signal) leaves every file whole, no temporary file
/// behind, and a journal the next run finishes; two runs on one root take turns.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ConfinedWriteTests
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private static FileChange Change(TempTree tree, string relative, string updated, bool isNew = false) =>
        new("/" + relative, tree.Path(relative), relative, isNew ? null : File.ReadAllText(tree.Path(relative)), updated, Utf8);

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(p => Path.GetRelativePath(root, p), File.ReadAllText);

    private static List<string> Leftovers(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => Path.GetFileName(p).StartsWith(".conflint-", StringComparison.Ordinal) || Path.GetFileName(p).Contains(".conflint-", StringComparison.Ordinal))
            .ToList();

    private static TempTree ThreeFiles() => new TempTree().Write("etc/a.conf", "a;\n").Write("etc/b.conf", "b;\n").Write("etc/c.conf", "c;\n");

    private static FileChange[] ThreeChanges(TempTree tree) =>
        [Change(tree, "etc/a.conf", "A;\n"), Change(tree, "etc/b.conf", "B;\n"), Change(tree, "etc/new.d/n.conf", "N;\n", isNew: true)];

    private sealed class SimulatedCrash() : Exception("simulated crash");

    [Fact]
    public void A_drop_in_folder_that_links_out_of_the_root_is_refused_and_nothing_is_written()
    {
        using var outside = new TempTree();
        using var tree = new TempTree().CopyFrom(Repository.Fixture("demo"));
        tree.Link("etc/systemd/system/php8.2-fpm.service.d", Path.GetRelativePath(tree.Path("etc/systemd/system"), outside.Root));
        var before = Snapshot(tree.Root);

        var result = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL007");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot write etc/systemd/system/php8.2-fpm.service.d/restart.conf: etc/systemd/system/php8.2-fpm.service.d/restart.conf leads outside the root", result.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Root));
        Assert.Equal(before, Snapshot(tree.Root));
        Assert.Empty(Leftovers(tree.Root));
    }

    [Fact]
    public void An_absolute_link_is_followed_below_the_root_never_out_of_it()
    {
        using var outside = new TempTree();
        using var tree = new TempTree().CopyFrom(Repository.Fixture("demo"));
        Directory.Move(tree.Path("etc/systemd/system"), tree.Path("etc/systemd/units"));
        tree.Link("etc/systemd/system", outside.Root);

        var result = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL007");
        Assert.True(result.ExitCode is 0 or 1, result.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Root));
        Assert.Contains("[Service]", File.ReadAllText(tree.Path(outside.Root + "/php8.2-fpm.service.d/restart.conf")));
    }

    [Fact]
    public void A_folder_swapped_for_a_link_just_before_the_rename_does_not_redirect_the_write()
    {
        using var outside = new TempTree();
        using var tree = new TempTree().Write("etc/nginx/sites/a.conf", "a;\n");
        AtomicWriter.Write(tree.Root, [Change(tree, "etc/nginx/sites/a.conf", "A;\n")], new WriteHooks
        {
            BeforeRename = _ =>
            {
                Directory.Move(tree.Path("etc/nginx/sites"), tree.Path("etc/nginx/sites.moved"));
                File.CreateSymbolicLink(tree.Path("etc/nginx/sites"), outside.Root);
            },
        }, TestContext.Current.CancellationToken);

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Root));
        Assert.Equal("A;\n", File.ReadAllText(tree.Path("etc/nginx/sites.moved/a.conf")));
        Assert.Empty(Leftovers(tree.Root));
    }

    [Fact]
    public void A_crash_during_the_renames_is_completed_by_the_next_lint()
    {
        using var tree = ThreeFiles();
        Assert.Throws<SimulatedCrash>(() => AtomicWriter.Write(tree.Root, ThreeChanges(tree), new WriteHooks
        {
            AfterRename = count => throw new SimulatedCrash(),
        }, TestContext.Current.CancellationToken));
        Assert.True(File.Exists(tree.Path(FixJournal.FileName)));
        Assert.Equal("A;\n", File.ReadAllText(tree.Path("etc/a.conf")));
        Assert.Equal("b;\n", File.ReadAllText(tree.Path("etc/b.conf")));

        var lint = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Contains("conflint: an interrupted fix was completed: 3 files written (etc/a.conf, etc/b.conf, etc/new.d/n.conf)", lint.Stderr);
        Assert.Equal(new Dictionary<string, string> { ["etc/a.conf"] = "A;\n", ["etc/b.conf"] = "B;\n", ["etc/c.conf"] = "c;\n", ["etc/new.d/n.conf"] = "N;\n" }, Snapshot(tree.Root));
        Assert.Empty(Leftovers(tree.Root));
        Assert.DoesNotContain("interrupted", CliRunner.Run("lint", "--root", tree.Root).Stderr);
    }

    [Fact]
    public void A_crash_whose_files_no_longer_match_the_journal_is_rolled_back()
    {
        using var tree = ThreeFiles();
        Assert.Throws<SimulatedCrash>(() => AtomicWriter.Write(tree.Root, ThreeChanges(tree), new WriteHooks
        {
            AfterRename = count => throw new SimulatedCrash(),
        }, TestContext.Current.CancellationToken));
        File.Delete(Directory.EnumerateFiles(tree.Path("etc"), ".b.conf.conflint-*.tmp", new EnumerationOptions { AttributesToSkip = 0 }).Single());

        var fix = CliRunner.Run("fix", "--root", tree.Root);
        Assert.Contains("conflint: an interrupted fix was rolled back: some files no longer matched its journal", fix.Stderr);
        Assert.Equal(new Dictionary<string, string> { ["etc/a.conf"] = "a;\n", ["etc/b.conf"] = "b;\n", ["etc/c.conf"] = "c;\n" }, Snapshot(tree.Root));
        Assert.False(Directory.Exists(tree.Path("etc/new.d")));
        Assert.Empty(Leftovers(tree.Root));
    }

    [Fact]
    public void A_crash_before_the_renames_is_rolled_back()
    {
        using var tree = ThreeFiles();
        Assert.Throws<SimulatedCrash>(() => AtomicWriter.Write(tree.Root, ThreeChanges(tree), new WriteHooks
        {
            AfterTemporary = path => throw new SimulatedCrash(),
        }, TestContext.Current.CancellationToken));
        Assert.NotEmpty(Leftovers(tree.Root));

        var lint = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Contains("conflint: an interrupted fix was rolled back: it had not started replacing files", lint.Stderr);
        Assert.Equal(new Dictionary<string, string> { ["etc/a.conf"] = "a;\n", ["etc/b.conf"] = "b;\n", ["etc/c.conf"] = "c;\n" }, Snapshot(tree.Root));
        Assert.Empty(Leftovers(tree.Root));
    }

    [Fact]
    public void A_journal_brought_by_the_tree_moves_nothing_outside_its_folders()
    {
        using var outside = new TempTree().Write("victim.conf", "keep me\n").Write(".victim.conf.conflint-0123456789ab.tmp", "replaced\n");
        using var tree = ThreeFiles();
        var escape = Path.GetRelativePath(tree.Path("etc"), outside.Root);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("replaced\n"u8.ToArray()));
        tree.Write(FixJournal.FileName, $$"""
            { "version": 2, "state": "committing", "createdFolders": [],
              "entries": [ { "folder": "etc/{{escape}}", "name": "victim.conf", "temporary": ".victim.conf.conflint-0123456789ab.tmp",
                             "backup": null, "sha256": "{{sha}}", "display": "x" },
                           { "folder": "etc", "name": "../../victim.conf", "temporary": "../../.victim.conf.conflint-0123456789ab.tmp",
                             "backup": null, "sha256": "{{sha}}", "display": "y" } ] }
            """);

        var lint = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Contains("is not a journal this version wrote", lint.Stderr);
        Assert.Equal("keep me\n", File.ReadAllText(outside.Path("victim.conf")));
        Assert.True(File.Exists(outside.Path(".victim.conf.conflint-0123456789ab.tmp")));
        Assert.Contains("is not a journal this version wrote", CliRunner.Run("fix", "--root", tree.Root).Stderr);
        Assert.Equal("keep me\n", File.ReadAllText(outside.Path("victim.conf")));
    }

    [Theory]
    [InlineData("committing")]
    [InlineData("preparing")]
    public void A_journal_brought_by_the_tree_replaces_or_removes_no_file_the_write_did_not_make(string state)
    {
        // A pull request's .conflint-journal named the checkout's .git/HEAD by the hash of its content, and the next
        // lint removed it (a created file whose content matched); another entry put the tree's own backup over a file.
        using var tree = ThreeFiles().Write(".git/HEAD", "ref: refs/heads/main\n").Write("etc/d.conf", "d;\n")
            .Write("etc/.d.conf.conflint-0123456789ab.orig", "evil;\n").Write("etc/.d.conf.conflint-0123456789ab.new", "evil;\n");
        static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        tree.Write(FixJournal.FileName, $$"""
            { "version": 2, "state": "{{state}}", "createdFolders": [],
              "entries": [ { "folder": ".git", "name": "HEAD", "temporary": ".HEAD.conflint-0123456789ab.tmp",
                             "backup": null, "sha256": "{{Sha("ref: refs/heads/main\n")}}", "display": "x" },
                           { "folder": "etc", "name": "d.conf", "temporary": ".d.conf.conflint-0123456789ab.tmp",
                             "backup": ".d.conf.conflint-0123456789ab.orig", "sha256": "{{Sha("d;\n")}}", "display": "y" },
                           { "folder": "etc", "name": "zz.conf", "temporary": ".zz.conf.conflint-0123456789ab.tmp",
                             "backup": null, "sha256": "{{new string('0', 64)}}", "display": "z" } ] }
            """);

        var lint = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Contains("an interrupted fix was rolled back", lint.Stderr);
        Assert.Equal("ref: refs/heads/main\n", File.ReadAllText(tree.Path(".git/HEAD")));
        Assert.Equal("d;\n", File.ReadAllText(tree.Path("etc/d.conf")));
        Assert.False(File.Exists(tree.Path(FixJournal.FileName)));
    }

    [Theory]
    [InlineData("committing")]
    [InlineData("preparing")]
    public void A_journal_brought_by_the_tree_removes_no_folder_the_write_did_not_make(string state)
    {
        // Empty folders a daemon needs (its log folder, a socket folder) listed as made by the interrupted write, once
        // by name and once with their real device and inode but a birth time the tree cannot know.
        using var tree = ThreeFiles();
        Directory.CreateDirectory(tree.Path("var/log/nginx"));
        Directory.CreateDirectory(tree.Path("run/php"));
        var status = ConfLint.Workspace.PosixFiles.Lstat(tree.Path("run/php"));
        tree.Write(FixJournal.FileName, $$"""
            { "version": 2, "state": "{{state}}", "createdFolders": ["var/log/nginx", "var/log", "run/php"],
              "madeFolders": [ { "path": "run/php", "device": {{status.Device}}, "inode": {{status.Inode}}, "born": 1, "bornNs": 0 } ],
              "entries": [ { "folder": "etc", "name": "zz.conf", "temporary": ".zz.conf.conflint-0123456789ab.tmp",
                             "backup": null, "sha256": "{{new string('0', 64)}}", "display": "z" } ] }
            """);

        var lint = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Contains("an interrupted fix was rolled back", lint.Stderr);
        Assert.True(Directory.Exists(tree.Path("var/log/nginx")));
        Assert.True(Directory.Exists(tree.Path("run/php")));
        Assert.False(File.Exists(tree.Path(FixJournal.FileName)));
    }

    [Fact]
    public void A_file_written_by_someone_else_since_it_was_read_is_not_overwritten()
    {
        // The fixes were made from "a;" and "b;"; then, during the seconds of --verify, a deploy rewrote a.conf in place.
        using var tree = ThreeFiles();
        var changes = ThreeChanges(tree);
        File.AppendAllText(tree.Path("etc/a.conf"), "deployed;\n");
        var early = Assert.Throws<WriteException>(() => AtomicWriter.Write(tree.Root, changes, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("etc/a.conf changed since conflint read it", early.Message);
        Assert.Equal(new Dictionary<string, string> { ["etc/a.conf"] = "a;\ndeployed;\n", ["etc/b.conf"] = "b;\n", ["etc/c.conf"] = "c;\n" }, Snapshot(tree.Root));
        Assert.Empty(Leftovers(tree.Root));
        Assert.False(Directory.Exists(tree.Path("etc/new.d")));

        // Or just before the renames, by another program's rename over b.conf: the files already renamed are put back.
        using var late = ThreeFiles();
        var error = Assert.Throws<WriteException>(() => AtomicWriter.Write(late.Root, ThreeChanges(late), new WriteHooks
        {
            BeforeRename = path =>
            {
                if (path == "etc/b.conf")
                {
                    File.WriteAllText(late.Path("etc/b.new"), "other;\n");
                    File.Move(late.Path("etc/b.new"), late.Path("etc/b.conf"), overwrite: true);
                }
            },
        }, TestContext.Current.CancellationToken));
        Assert.Contains("etc/b.conf changed since conflint read it", error.Message);
        Assert.Equal(new Dictionary<string, string> { ["etc/a.conf"] = "a;\n", ["etc/b.conf"] = "other;\n", ["etc/c.conf"] = "c;\n" }, Snapshot(late.Root));
        Assert.Empty(Leftovers(late.Root));
    }

    [Fact]
    public void A_journal_of_an_earlier_version_is_left_for_a_person()
    {
        using var tree = ThreeFiles().Write(FixJournal.FileName, """{ "version": 1, "state": "committing", "createdFolders": [], "entries": [] }""");
        var lint = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Contains("written by an earlier version of conflint, which cannot be finished safely; nothing was changed", lint.Stderr);
        Assert.True(File.Exists(tree.Path(FixJournal.FileName)));
    }

    [Fact]
    public void An_interruption_before_the_renames_writes_nothing()
    {
        using var tree = ThreeFiles();
        using var cancel = new CancellationTokenSource();
        var error = Assert.Throws<WriteException>(() => AtomicWriter.Write(tree.Root, ThreeChanges(tree), new WriteHooks
        {
            AfterTemporary = _ => cancel.Cancel(),
        }, cancel.Token));
        Assert.Equal("interrupted; nothing was written", error.Message);
        Assert.Equal(new Dictionary<string, string> { ["etc/a.conf"] = "a;\n", ["etc/b.conf"] = "b;\n", ["etc/c.conf"] = "c;\n" }, Snapshot(tree.Root));
        Assert.Empty(Leftovers(tree.Root));
        Assert.False(Directory.Exists(tree.Path("etc/new.d")));
    }

    [Fact]
    public void An_interruption_during_the_renames_waits_for_them()
    {
        using var tree = ThreeFiles();
        using var cancel = new CancellationTokenSource();
        AtomicWriter.Write(tree.Root, ThreeChanges(tree), new WriteHooks { AfterRename = _ => cancel.Cancel() }, cancel.Token);
        Assert.Equal(new Dictionary<string, string> { ["etc/a.conf"] = "A;\n", ["etc/b.conf"] = "B;\n", ["etc/c.conf"] = "c;\n", ["etc/new.d/n.conf"] = "N;\n" }, Snapshot(tree.Root));
        Assert.Empty(Leftovers(tree.Root));
    }

    [Fact]
    public async Task Two_fixes_on_one_root_take_turns()
    {
        using var tree = new TempTree().CopyFrom(Repository.Fixture("CL005", "bad-server-level-2k"));
        var held = RootLock.Acquire(tree.Root, TimeSpan.FromSeconds(5), cancel: TestContext.Current.CancellationToken);
        using var process = Process.Start(ConflintProcess.StartInfo(Repository.Root, ["fix", "--root", tree.Root]))!;
        var stderr = new StringBuilder();
        var waiting = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data.Contains("another conflint fix is working on", StringComparison.Ordinal))
            {
                waiting.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        if (process.StartInfo.RedirectStandardOutput)
        {
            process.BeginOutputReadLine();
        }

        // However slowly the second run starts, it must reach the lock, say that it waits, and keep waiting.
        var said = await Task.WhenAny(waiting.Task, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.True(said == waiting.Task, "the second run never said it was waiting for the lock");
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.False(process.HasExited, "the second run did not wait for the lock");
        held.Dispose();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the second run did not finish once the lock was released");
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task A_full_disk_leaves_every_file_as_it_was_and_no_temporary_file()
    {
        if (!HostTools.IsRoot || !HostTools.Exists("unshare"))
        {
            Assert.False(Repository.IsCI, "CI runs as root with util-linux (a small tmpfs in a private mount namespace)");
            Assert.Skip("needs root and unshare to mount a small tmpfs");
        }

        const string Script = """
            set -u
            mount -t tmpfs -o size=1m tmpfs "$DISK" || exit 3
            cp -a "$TREE" "$DISK/tree"
            head -c 4096 /dev/zero > "$DISK/spare"
            cat /dev/zero > "$DISK/filler" 2>/dev/null
            rm "$DISK/spare"
            find "$DISK/tree" -type f -exec sha256sum {} + | sort > "$DISK/../before.sums"
            "$DOTNET" "$DLL" fix --root "$DISK/tree" > /dev/null 2> "$DISK/../stderr"
            echo "exit=$?"
            find "$DISK/tree" -type f -exec sha256sum {} + | sort > "$DISK/../after.sums"
            cmp -s "$DISK/../before.sums" "$DISK/../after.sums" && echo "unchanged"
            find "$DISK/tree" -name '*.conflint-*' -o -name '.conflint-*' | sed 's/^/leftover /'
            """;
        using var work = new TempTree();
        Directory.CreateDirectory(work.Path("disk"));
        var start = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "sh", "-c", Script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DISK"] = work.Path("disk");
        start.Environment["TREE"] = Repository.Fixture("demo");
        start.Environment["DOTNET"] = ConflintProcess.DotnetHost;
        start.Environment["DLL"] = ConflintProcess.Dll;
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the full-disk run did not finish in 60 s");
        }

        var report = await stdout + await stderr;
        var conflint = File.ReadAllText(work.Path("stderr"));
        Assert.Contains("exit=2", report);
        Assert.Contains("No space left on device", conflint);
        Assert.Contains("nothing was written", conflint);
        Assert.Contains("unchanged", report);
        Assert.DoesNotContain("leftover", report);
    }
}
