using System.Text;
using ConfLint.Fixing;
using ConfLint.Io;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Fixes;

/// <summary>Writes never lose data: all or nothing, same mode and owner, through links to their targets.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class AtomicWriterTests
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private static FileChange Change(TempTree tree, string relative, string updated, bool isNew = false) =>
        new("/" + relative, tree.Path(relative), relative, isNew ? null : File.ReadAllText(tree.Path(relative)), updated, Utf8);

    private static Dictionary<string, byte[]> Snapshot(TempTree tree) =>
        Directory.EnumerateFileSystemEntries(tree.Root, "*", SearchOption.AllDirectories)
            .Where(File.Exists)
            .ToDictionary(p => Path.GetRelativePath(tree.Root, p), File.ReadAllBytes);

    [Fact]
    public void A_read_only_file_among_several_leaves_every_file_as_it_was()
    {
        using var tree = new TempTree().Write("etc/a.conf", "a;\n").Write("etc/b.conf", "b;\n").Write("etc/c.conf", "c;\n");
        File.SetUnixFileMode(tree.Path("etc/b.conf"), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = Snapshot(tree);
        var changes = new[] { Change(tree, "etc/a.conf", "A;\n"), Change(tree, "etc/b.conf", "B;\n"), Change(tree, "etc/c.conf", "C;\n"), Change(tree, "etc/new.d/d.conf", "D;\n", isNew: true) };
        var error = Assert.Throws<WriteException>(() => AtomicWriter.Write(tree.Root, changes, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("etc/b.conf", error.Message);
        Assert.Contains("read-only", error.Message);
        Assert.Equal(before, Snapshot(tree));
        Assert.False(Directory.Exists(tree.Path("etc/new.d")));
    }

    [Fact]
    public void A_rename_that_fails_midway_restores_the_files_already_written()
    {
        using var tree = new TempTree().Write("etc/a.conf", "a;\n").Write("etc/b.conf", "b;\n").Write("etc/c.conf", "c;\n");
        var before = Snapshot(tree);
        var changes = new[] { Change(tree, "etc/a.conf", "A;\n"), Change(tree, "etc/new.d/n.conf", "N;\n", isNew: true), Change(tree, "etc/c.conf", "C;\n") };
        var error = Assert.Throws<WriteException>(() => AtomicWriter.Write(tree.Root, changes, new WriteHooks
        {
            BeforeRename = path =>
            {
                if (path.EndsWith("c.conf", StringComparison.Ordinal))
                {
                    throw new IOException("disk full (injected)");
                }
            },
        }, TestContext.Current.CancellationToken));
        Assert.Contains("restored", error.Message);
        Assert.Equal(before, Snapshot(tree));
        Assert.Empty(Directory.EnumerateFiles(tree.Root, "*.conflint-*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }));
        Assert.False(Directory.Exists(tree.Path("etc/new.d")));
    }

    [Fact]
    public void A_write_keeps_mode_and_owner_and_leaves_no_temporary_file()
    {
        using var tree = new TempTree().Write("etc/pool.conf", "[www]\n");
        var path = tree.Path("etc/pool.conf");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var rootCanChown = UnixFiles.EffectiveUserId == 0;
        if (rootCanChown)
        {
            UnixFiles.SetOwner(path, 1234, 4321);
        }

        var owner = UnixFiles.Owner(path);
        AtomicWriter.Write(tree.Root, [Change(tree, "etc/pool.conf", "[www]\nlisten.owner = www-data\n")], cancel: TestContext.Current.CancellationToken);
        Assert.Equal("[www]\nlisten.owner = www-data\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal(owner, UnixFiles.Owner(path));
        if (rootCanChown)
        {
            Assert.Equal((1234u, 4321u), UnixFiles.Owner(path));
        }

        Assert.Single(Directory.EnumerateFiles(tree.Path("etc")));
    }

    [Fact]
    public void Fix_writes_through_a_link_to_its_target_and_keeps_the_link()
    {
        using var tree = new TempTree().CopyFrom(Repository.Fixture("CL001", "bad-php-version-socket"));
        var site = tree.Path("etc/nginx/sites-enabled/shop.conf");
        Directory.CreateDirectory(tree.Path("etc/nginx/sites-available"));
        File.Move(site, tree.Path("etc/nginx/sites-available/shop.conf"));
        File.CreateSymbolicLink(site, "/etc/nginx/sites-available/shop.conf");

        var dryRun = CliRunner.Run("fix", "--dry-run", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("--- a/etc/nginx/sites-available/shop.conf", dryRun.Stdout);

        var output = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.Equal(0, output.ExitCode);
        Assert.Equal("/etc/nginx/sites-available/shop.conf", new FileInfo(site).LinkTarget);
        Assert.Contains("fastcgi_pass unix:/run/php/php8.2-fpm.sock;", File.ReadAllText(tree.Path("etc/nginx/sites-available/shop.conf")));
    }

    [Fact]
    public void Fix_exits_2_and_writes_nothing_when_one_file_is_read_only()
    {
        using var tree = new TempTree().CopyFrom(Repository.Fixture("demo"));
        File.SetUnixFileMode(tree.Path("etc/php/8.2/fpm/pool.d/blog.conf"), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = Snapshot(tree);
        var output = CliRunner.Run("fix", "--root", tree.Root);
        Assert.Equal(2, output.ExitCode);
        Assert.Contains("etc/php/8.2/fpm/pool.d/blog.conf: it is read-only (mode 0444); nothing was written", output.Stderr);
        Assert.Equal(before, Snapshot(tree));
    }
}
