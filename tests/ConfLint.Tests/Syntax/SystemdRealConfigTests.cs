using ConfLint.Syntax;
using ConfLint.Tests.Support;
using ConfLint.Text;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Tests.Syntax;

/// <summary>
/// Every unit file and drop-in that Debian's packages installed on this machine parses and prints back byte for
/// byte, and every unit resolves and merges without a syntax error. Under CI, where systemd is installed, the
/// folders must not be empty.
/// </summary>
public class SystemdRealConfigTests(ITestOutputHelper output)
{
    private static readonly string[] Folders = ["/lib/systemd/system", "/usr/lib/systemd/system", "/etc/systemd/system"];

    /// <summary>Resolves links in folders too, so that /lib and /usr/lib count once on a merged-/usr system.</summary>
    private static readonly RootedFileSystem Host = new(null);

    [Fact]
    public void Every_unit_file_and_drop_in_on_this_machine_parses_and_round_trips()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int units = 0, dropIns = 0, masks = 0, links = 0;
        var failures = new List<string>();
        foreach (var folder in Folders.Where(Directory.Exists).DistinctBy(f => Host.Resolve(f)))
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(path);
                if (info.LinkTarget is { } target)
                {
                    if (target == "/dev/null")
                    {
                        masks++;
                    }
                    else if (IsUnitOrDropIn(path))
                    {
                        links++;
                    }

                    continue;
                }

                if (!info.Exists || !IsUnitOrDropIn(path) || !seen.Add(Host.Resolve(path) ?? path))
                {
                    continue;
                }

                if (IsDropIn(path))
                {
                    dropIns++;
                }
                else
                {
                    units++;
                }

                var bytes = File.ReadAllBytes(path);
                var result = ConfigParser.Parse(SourceText.FromBytes(path, bytes), ConfigKind.Systemd);
                if (!result.Success)
                {
                    failures.Add(result.Error!.ToString());
                }
                else if (!bytes.AsSpan().SequenceEqual(result.Tree!.ToBytes()))
                {
                    failures.Add(path + ": does not print back byte for byte");
                }
            }
        }

        output.WriteLine($"unit files: {units}, drop-ins: {dropIns}, links to /dev/null skipped: {masks}, other links skipped: {links}");
        Assert.Empty(failures);
        if (units == 0)
        {
            Assert.False(Repository.IsCI, "no unit files under CI");
            Assert.Skip("no systemd units on this machine");
        }
    }

    [Fact]
    public void Every_unit_on_this_machine_resolves_and_merges_without_errors()
    {
        var resolver = new UnitResolver(Host);
        var units = resolver.Units();
        if (units.Count == 0)
        {
            Assert.False(Repository.IsCI, "no units under CI");
            Assert.Skip("no systemd units on this machine");
        }

        var failures = new List<string>();
        int masked = 0, templates = 0, withDropIns = 0, aliases = 0;
        foreach (var unit in units)
        {
            masked += unit.IsMasked ? 1 : 0;
            templates += unit.IsTemplate ? 1 : 0;
            withDropIns += unit.DropIns.Count > 0 ? 1 : 0;
            aliases += unit.Aliases.Count;
            var merged = MergedUnit.Load(Host, unit);
            failures.AddRange(merged.Errors.Select(e => e.ToString()));
            if (!unit.IsMasked && unit.MainPath is not null && merged.Sources.Count != unit.Files.Count)
            {
                failures.Add($"{unit.Name}: {merged.Sources.Count} of {unit.Files.Count} files loaded");
            }
        }

        output.WriteLine($"search path: {string.Join(' ', resolver.SearchPath)}");
        output.WriteLine($"units: {units.Count} (templates {templates}, masked {masked}, with drop-ins {withDropIns}, alias names {aliases})");
        Assert.Empty(failures);
        Assert.Equal(units.Count, units.Select(u => u.Name).Distinct().Count());
    }

    private static bool IsDropIn(string path) =>
        path.EndsWith(".conf", StringComparison.Ordinal) && Path.GetDirectoryName(path)!.EndsWith(".d", StringComparison.Ordinal);

    private static bool IsUnitOrDropIn(string path) => IsDropIn(path) || UnitNames.IsValid(Path.GetFileName(path));
}
