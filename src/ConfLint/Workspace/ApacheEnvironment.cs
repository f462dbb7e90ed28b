using ConfLint.Syntax.Apache;

namespace ConfLint.Workspace;

/// <summary>Debian's <c>envvars</c> beside an Apache ServerRoot: the variables apache2ctl exports before httpd starts.</summary>
public static class ApacheEnvironment
{
    public static IReadOnlyDictionary<string, string> Read(RootedFileSystem fileSystem, string serverRoot)
    {
        var path = serverRoot.TrimEnd('/') + "/envvars";
        return fileSystem.FileExists(path)
            ? ApacheVariables.ReadEnvvars(System.Text.Encoding.UTF8.GetString(fileSystem.ReadAllBytes(path)))
            : new Dictionary<string, string>();
    }
}
