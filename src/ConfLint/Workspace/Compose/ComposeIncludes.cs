using YamlDotNet.RepresentationModel;

namespace ConfLint.Workspace.Compose;

/// <summary>
/// The top-level <c>include:</c> of a Compose file (Compose 2.20 and later; the Compose specification's
/// <c>14-include.md</c>; compose-go <c>loader/include.go</c>, ApplyInclude). Each entry is a path (short syntax) or a
/// mapping (long syntax) of <c>path</c> (one file, or a list of files merged as one model, the first defining the
/// project directory), <c>project_directory</c> and <c>env_file</c>. Each entry is loaded as a Compose model of its own:
/// its project directory is the first file's folder unless <c>project_directory</c> says otherwise (relative to the
/// including model's); its relative paths (bind mounts, env files, build contexts) start there; it is interpolated with
/// the including model's variables, to which its <c>env_file</c> files (relative to the including model's directory), else
/// the <c>.env</c> of its project directory, add the ones not set. The entry's own values are interpolated with the
/// including model's variables first. A file that includes itself, directly or through others, is refused ("include
/// cycle detected").
/// </summary>
internal static class ComposeIncludes
{
    /// <summary>How deep includes are followed (Compose sets no bound but the cycle check): deeper is noted, not read.</summary>
    public const int MaxDepth = 8;

    /// <summary>One entry of <c>include:</c>: its files as server paths (null where a path is not known: a variable without a
    /// value, a remote <c>git</c> or <c>oci</c> resource, <c>~</c>), its project directory (null when its first path is not
    /// known), and its <c>env_file</c> files (null when it sets none; an entry is null where not known).</summary>
    public sealed record Entry(IReadOnlyList<string?> Paths, string? ProjectDirectory, IReadOnlyList<string?>? EnvFiles, ComposeNode At);

    /// <summary>Whether a file's text may have a top-level <c>include</c> (a cheap test before its YAML is read again).</summary>
    public static bool MayInclude(string text) => text.Contains("include", StringComparison.Ordinal);

    /// <summary>The entries of <paramref name="root"/>'s <c>include:</c>, its relative paths taken from
    /// <paramref name="workingDirectory"/> (the including model's project directory).</summary>
    public static List<Entry> Entries(YamlMappingNode root, ConfigFile file, ComposeVariables variables, string workingDirectory)
    {
        var entries = new List<Entry>();
        if (ComposeReader.Child(root, "include") is not YamlSequenceNode list)
        {
            return entries;
        }

        foreach (var item in list.Children)
        {
            var at = new ComposeNode(item, file);
            List<string?> paths;
            string? projectDirectory = null;
            List<string?>? envFiles = null;
            if (item is YamlScalarNode { Value: { } one })
            {
                paths = [Resolve(one, variables, workingDirectory)];
            }
            else if (item is YamlMappingNode map)
            {
                paths = Strings(ComposeReader.Child(map, "path")).Select(p => Resolve(p, variables, workingDirectory)).ToList();
                if (ComposeReader.Child(map, "project_directory") is YamlScalarNode { Value: { Length: > 0 } directory })
                {
                    projectDirectory = Resolve(directory, variables, workingDirectory) ?? string.Empty;
                }

                if (ComposeReader.Child(map, "env_file") is { } env)
                {
                    envFiles = Strings(env).Where(f => f != "/dev/null").Select(f => Resolve(f, variables, workingDirectory)).ToList();
                }
            }
            else
            {
                paths = [null];
            }

            if (paths.Count == 0)
            {
                paths = [null];
            }

            // The first file's folder is the project directory unless project_directory names one.
            projectDirectory = projectDirectory switch
            {
                null => paths[0] is { } first ? Folder(first) : null,
                "" => null,
                var named => named,
            };
            entries.Add(new Entry(paths, projectDirectory, envFiles, at));
        }

        return entries;
    }

    /// <summary>A path of an entry as a server path, or null when it is not known.</summary>
    private static string? Resolve(string written, ComposeVariables variables, string workingDirectory)
    {
        if (variables.Interpolate(written) is not { Length: > 0 } path || path.StartsWith('~') || path.Contains("://", StringComparison.Ordinal)
            || path.StartsWith("git@", StringComparison.Ordinal))
        {
            return null;
        }

        return ComposeProject.SourcePath(path, workingDirectory);
    }

    private static IEnumerable<string> Strings(YamlNode? node) => node switch
    {
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Select(s => s.Value).OfType<string>(),
        YamlScalarNode { Value: { } one } => [one],
        _ => [],
    };

    public static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
