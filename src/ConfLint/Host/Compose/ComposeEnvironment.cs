using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// A service's environment as Compose gives it to the container: its <c>env_file</c>s in order (read only where they are
/// files of <c>--root</c>, never a secret path), then <c>environment</c> over them. A value ConfLint cannot know (a
/// variable, a name passed through, a file it cannot read) makes the environment incomplete; a file that is not required
/// and absent adds nothing.
/// </summary>
internal static class ComposeEnvironment
{
    public static (IReadOnlyDictionary<string, string?> Environment, bool Incomplete) Of(ComposeService service, HostModel? host)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        var incomplete = false;
        foreach (var file in service.EnvFiles)
        {
            if (file.Path is not { } path || host?.Workspace.Options.Root is null || SecretPaths.IsSecret(path))
            {
                incomplete = true;
                continue;
            }

            if (!host.Files.Exists(path))
            {
                // A required file that is missing stops Compose from starting the service: nothing of it is known.
                incomplete |= file.Required;
                continue;
            }

            if (host.Files.FileSystem.Resolve(path) is not { } resolved || SecretPaths.IsSecret(resolved))
            {
                incomplete = true;
                continue;
            }

            foreach (var line in host.Files.FileSystem.ReadLines(path))
            {
                Read(line, environment);
            }
        }

        foreach (var (key, value) in service.Environment)
        {
            environment[key] = value;
        }

        return (environment, incomplete || environment.Values.Any(v => v is null));
    }

    /// <summary>One line of an env file: <c>KEY=VALUE</c> (<c>export</c> allowed, quotes removed, a trailing <c> #</c> comment
    /// of an unquoted value dropped); a value with a variable, or a name alone (passed through), is unknown.</summary>
    private static void Read(string line, Dictionary<string, string?> environment)
    {
        var text = line.Trim();
        if (text.Length == 0 || text[0] == '#')
        {
            return;
        }

        if (text.StartsWith("export ", StringComparison.Ordinal))
        {
            text = text[7..].TrimStart();
        }

        var equals = text.IndexOf('=');
        if (equals <= 0)
        {
            environment[text] = null;
            return;
        }

        var key = text[..equals].Trim();
        var value = text[(equals + 1)..].Trim();
        if (value.Length >= 2 && value[0] is '"' or '\'' && value.IndexOf(value[0], 1) is var close and > 0)
        {
            var quoted = value[1..close];
            environment[key] = value[0] == '"' && quoted.Contains('$', StringComparison.Ordinal) ? null : quoted;
            return;
        }

        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        value = comment >= 0 ? value[..comment].TrimEnd() : value;
        environment[key] = value.Contains('$', StringComparison.Ordinal) ? null : value;
    }
}
