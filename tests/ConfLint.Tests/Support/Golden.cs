using System.Runtime.CompilerServices;
using System.Text;

namespace ConfLint.Tests.Support;

/// <summary>
/// Golden files in Verify's conventions: <c>Name.verified.txt</c> in a <c>Snapshots</c> folder beside the
/// test's source file; on a mismatch the actual text goes to <c>Name.received.txt</c> beside it and the test
/// fails; with <c>CONFLINT_ACCEPT=1</c> the actual text becomes the verified file. LF, no BOM.
/// </summary>
public static class Golden
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public static bool Accepting => Environment.GetEnvironmentVariable("CONFLINT_ACCEPT") is "1" or "true";

    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var directory = SnapshotDirectory(callerFile);
        var verified = Path.Combine(directory, name + ".verified.txt");
        var received = Path.Combine(directory, name + ".received.txt");
        actual = actual.ReplaceLineEndings("\n");

        if (Accepting)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
            File.WriteAllText(verified, actual, Utf8NoBom);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(verified) ? File.ReadAllText(verified, Utf8NoBom) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(received)!);
        File.WriteAllText(received, actual, Utf8NoBom);
        var why = expected is null ? "no verified file yet" : FirstDifference(expected, actual);
        Assert.Fail($"golden file {Relative(verified)} does not match ({why}); the actual text is in {Relative(received)}. " +
                    "Review it, then run the tests with CONFLINT_ACCEPT=1 to accept it.");
    }

    /// <summary>The snapshots folder for a test source file.</summary>
    public static string SnapshotDirectory([CallerFilePath] string callerFile = "") =>
        Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");

    /// <summary>Verified files under <paramref name="prefix"/> in the caller's snapshot folder that no case produced.</summary>
    public static IReadOnlyList<string> Orphans(string prefix, IEnumerable<string> producedNames, [CallerFilePath] string callerFile = "")
    {
        var directory = SnapshotDirectory(callerFile);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var produced = new HashSet<string>(producedNames.Select(n => n.Replace('\\', '/')), StringComparer.Ordinal);
        return Directory.EnumerateFiles(directory, "*.verified.txt", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(f => f.StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => f[..^".verified.txt".Length])
            .Where(n => !produced.Contains(n))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end>";
            var a = i < actualLines.Length ? actualLines[i] : "<end>";
            if (e != a)
            {
                return $"line {i + 1}: expected «{e}», got «{a}»";
            }
        }

        return "they differ";
    }

    private static string Relative(string path) => Path.GetRelativePath(Repository.Root, path);
}
