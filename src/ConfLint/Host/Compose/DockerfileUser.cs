using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// Who a Compose service's first process runs as when the root shows it: the service's <c>user</c>, else the last
/// <c>USER</c> of the final stage of the Dockerfile it is built from (what <c>docker build</c> records as the image's
/// user; a base image's own user, when the final stage sets none, is not known here). A value holding a variable is
/// unknown. Everything that process starts (php-fpm's master and so its sockets) runs as that user.
/// </summary>
internal static class DockerfileUser
{
    public static RunAs? Of(ContainerView container, RootedFileSystem fs, HostAccounts accounts)
    {
        var service = container.Service;
        if (service.User is { } user)
        {
            return user.Value is { Length: > 0 } value && !value.Contains('$', StringComparison.Ordinal)
                ? Split(value, $"user: {value} of Compose service '{service.Name}'", accounts)
                : null;
        }

        if (!service.Build || service.BuildContext is not { } context || service.Dockerfile is not { Length: > 0 } name)
        {
            return null;
        }

        var path = name.StartsWith('/') ? name : context.TrimEnd('/') + "/" + name;
        if (!fs.FileExists(path))
        {
            return null;
        }

        string? last = null;
        foreach (var (text, _) in DockerfileText.Instructions(fs.ReadLines(path)))
        {
            var (instruction, rest) = DockerfileText.Split(text);
            if (instruction == "FROM")
            {
                last = null;
            }
            else if (instruction == "USER" && rest.Length > 0)
            {
                last = rest;
            }
        }

        return last is { Length: > 0 } found && !found.Contains('$', StringComparison.Ordinal)
            ? Split(found, $"USER {found} of {Shown(path, container.Project.Folder)}, the Dockerfile Compose service '{service.Name}' is built from", accounts)
            : null;
    }

    /// <summary>The Dockerfile's path as the Compose file writes paths: from the project's folder when it is inside it.</summary>
    private static string Shown(string path, string folder) =>
        path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal) ? path[(folder.TrimEnd('/').Length + 1)..] : Path.GetFileName(path);

    private static RunAs Split(string value, string source, HostAccounts accounts)
    {
        var parts = value.Split(':', 2);
        return new RunAs(parts[0], parts.Length > 1 ? parts[1] : accounts.PrimaryGroup(parts[0]), source, true);
    }
}
