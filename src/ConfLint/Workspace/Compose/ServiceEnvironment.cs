namespace ConfLint.Workspace.Compose;

/// <summary>
/// A service's environment as Compose gives it to the container: its <c>env_file</c>s in order (read only where they are
/// files of <c>--root</c>, never a secret path; read as <see cref="DotEnv"/> reads them, interpolated with the project's
/// <c>.env</c> and the service's <c>environment</c>), then <c>environment</c> over them. A value ConfLint cannot know (a
/// variable, a name passed through, a file it cannot read) makes the environment incomplete; a file that is not required
/// and absent adds nothing. Read while the workspace loads (the nginx image's templates) and by the host model.
/// </summary>
internal static class ServiceEnvironment
{
    /// <summary>The environment, read with <paramref name="files"/> (null without <c>--root</c>: no env file is read), and
    /// whether names may be missing from it (an env file not read, or one whose reading stopped at a value it could not
    /// know). A name whose value is not known is there with a null value.</summary>
    public static (IReadOnlyDictionary<string, string?> Environment, bool NamesUnknown) Of(ComposeService service, RootedFileSystem? files)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        var incomplete = false;
        foreach (var file in service.EnvFiles)
        {
            if (file.Path is not { } path || files is null || SecretPaths.IsSecret(path))
            {
                incomplete = true;
                continue;
            }

            if (!files.FileExists(path))
            {
                // A required file that is missing stops Compose from starting the service: nothing of it is known.
                incomplete |= file.Required;
                continue;
            }

            if (files.Resolve(path) is not { } resolved || SecretPaths.IsSecret(resolved))
            {
                incomplete = true;
                continue;
            }

            var text = string.Join('\n', files.ReadLines(path));
            incomplete |= DotEnv.Read(text, environment, name => Lookup(service, name)) is not null;
        }

        foreach (var (key, value) in service.Environment)
        {
            environment[key] = value;
        }

        return (environment, incomplete);
    }

    /// <summary>A variable of an env file's interpolation as Compose looks it up: the project's (its <c>.env</c>), then the
    /// service's <c>environment</c>.</summary>
    private static ComposeVariable Lookup(ComposeService service, string name)
    {
        var project = service.Variables.Lookup(name);
        if (project.Set)
        {
            return project;
        }

        return service.Environment.TryGetValue(name, out var value) ? (value is null ? ComposeVariable.Unresolved : ComposeVariable.Of(value)) : ComposeVariable.Unset;
    }
}
