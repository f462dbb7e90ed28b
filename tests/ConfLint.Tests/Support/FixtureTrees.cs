using System.Collections.Concurrent;

namespace ConfLint.Tests.Support;

/// <summary>
/// Rule fixtures are overlays of a base tree (<c>fixtures/_base/STACK</c>, the files a stack's fixtures share): a
/// one-line <c>BASE</c> file names the stack, in the rule's folder for all its fixtures or in a fixture's own folder
/// for that one. A fixture folder holds the files it adds or replaces, its <c>EXPECTED</c> findings, and optionally a
/// <c>DELETE</c> file listing base files (relative paths, one a line, <c>#</c> comments) it does not have. A fixture
/// shows only what it changes; this class lays out the whole server tree once per test run, in a temporary folder
/// removed when the run ends.
/// </summary>
public static class FixtureTrees
{
    public const string BaseFile = "BASE";
    public const string DeleteFile = "DELETE";

    private static readonly Lazy<string> Scratch = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("conflint-fixtures-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return folder;
    });

    private static readonly ConcurrentDictionary<string, Lazy<string>> Trees = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="folder"/> is an overlay: a fixture with a <c>BASE</c> file of its own or in its rule's folder.</summary>
    public static bool IsOverlay(string folder) => BaseFileOf(folder) is not null;

    /// <summary>The <c>BASE</c> file that applies to a fixture folder: its own, else its rule folder's; null for any other folder.</summary>
    public static string? BaseFileOf(string folder)
    {
        var own = Path.Combine(folder, BaseFile);
        if (File.Exists(own))
        {
            return own;
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var rule = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder))!, BaseFile);
        return (name.StartsWith("bad-", StringComparison.Ordinal) || name.StartsWith("good-", StringComparison.Ordinal)) && File.Exists(rule) ? rule : null;
    }

    /// <summary>The base tree a fixture folder overlays.</summary>
    public static string BaseFolderOf(string folder)
    {
        var file = BaseFileOf(folder) ?? throw new InvalidOperationException($"{folder} has no {BaseFile} file, nor has its rule's folder");
        var stack = File.ReadAllText(file).Trim();
        var baseFolder = Path.Combine(Repository.Fixtures, "_base", stack);
        if (stack.Length == 0 || stack.Contains('/') || !Directory.Exists(baseFolder))
        {
            throw new InvalidOperationException($"{file} names no folder of fixtures/_base: '{stack}'");
        }

        return baseFolder;
    }

    /// <summary>The whole tree of an overlay fixture folder, laid out once; the same path for every caller. Do not write into it:
    /// copy it into a <see cref="TempTree"/> first.</summary>
    public static string Materialize(string folder) =>
        Trees.GetOrAdd(Path.GetFullPath(folder), full => new Lazy<string>(() => Build(full))).Value;

    private static string Build(string folder)
    {
        var target = Path.Combine(Scratch.Value, Path.GetRelativePath(Repository.Fixtures, folder));
        var baseFolder = BaseFolderOf(folder);

        Copy(baseFolder, target);
        Copy(folder, target);
        File.Delete(Path.Combine(target, BaseFile));
        File.Delete(Path.Combine(target, DeleteFile));
        foreach (var deleted in Deleted(folder))
        {
            var path = Path.Combine(target, deleted);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{folder}/{DeleteFile} names {deleted}, which {baseFolder} does not have");
            }

            File.Delete(path);
        }

        return target;
    }

    /// <summary>The base files an overlay removes.</summary>
    public static IReadOnlyList<string> Deleted(string folder)
    {
        var path = Path.Combine(folder, DeleteFile);
        return File.Exists(path)
            ? File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()
            : [];
    }

    /// <summary>Copies a folder's files; a symbolic link (a unit enabled through a <c>.wants/</c> link) stays a link.</summary>
    private static void Copy(string from, string to) => TreeCopy.Copy(from, to, overwrite: true);
}
