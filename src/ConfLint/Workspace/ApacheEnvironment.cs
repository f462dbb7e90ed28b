using ConfLint.Syntax.Apache;

namespace ConfLint.Workspace;

/// <summary>Debian's <c>envvars</c> beside an Apache ServerRoot: the variables apache2ctl exports before httpd starts.</summary>
public static class ApacheEnvironment
{
    /// <summary>Whether there is an envvars beside the ServerRoot (then what it does not export, apache2ctl does not give).</summary>
    public static bool IsRead(RootedFileSystem fileSystem, string serverRoot) => fileSystem.FileExists(serverRoot.TrimEnd('/') + "/envvars");

    public static IReadOnlyDictionary<string, string> Read(RootedFileSystem fileSystem, string serverRoot)
    {
        var path = serverRoot.TrimEnd('/') + "/envvars";
        return fileSystem.FileExists(path)
            ? ApacheVariables.ReadEnvvars(System.Text.Encoding.UTF8.GetString(fileSystem.ReadAllBytes(path)))
            : new Dictionary<string, string>();
    }
}
