namespace ConfLint.Tests.Support;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds ConfLint.sln.</summary>
    public static string Root => RootPath.Value;

    public static string Fixtures => Path.Combine(Root, "fixtures");

    /// <summary>A folder or file of <c>fixtures/</c>; a rule fixture (an overlay of a base tree) as its whole tree.</summary>
    public static string Fixture(params string[] parts)
    {
        var path = Path.Combine([Fixtures, .. parts]);
        return Directory.Exists(path) && FixtureTrees.IsOverlay(path) ? FixtureTrees.Materialize(path) : path;
    }

    /// <summary>True when running under CI, where real-tool tests must not skip.</summary>
    public static bool IsCI => Environment.GetEnvironmentVariable("CI") is "true" or "1";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConfLint.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find ConfLint.sln above " + AppContext.BaseDirectory);
    }
}
