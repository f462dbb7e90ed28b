using ConfLint.Knowledge;
using ConfLint.Workspace;

namespace ConfLint.Host.Compose;

/// <summary>
/// Who a server in a container runs as when its main file is the image's, not the repository's (a <c>conf.d</c> file
/// bind-mounted into the official nginx image): the Compose service's <c>user</c> (a master that is not root keeps its
/// own user for its workers), else the image's default (<c>data/images/images.txt</c>: the nginx image's nginx.conf says
/// <c>user nginx</c>). Null when the file is not in such a container, the main file is mounted, or the image is unknown.
/// </summary>
internal static class ImageUsers
{
    /// <param name="server">The server the image must run (<c>nginx</c>), as the table names it.</param>
    /// <param name="mainPath">The server's main file inside the container: mounted, its own user directive decides.</param>
    public static WebIdentity? OfMountedFile(ConfigFile file, string server, string mainPath)
    {
        if (file.Container is not { } container || container.ContainerPath == mainPath || container.HostPathOf(mainPath) is not null)
        {
            return null;
        }

        var service = container.Service;
        if (service.Build || service.Image?.Value is not { } image || ImageTable.Instance.Find(image) is not { Server: var runs, User: { } imageUser } || runs != server)
        {
            return null;
        }

        if (service.User is { } user)
        {
            // user: NAME[:GROUP] or UID[:GID]; a variable leaves it unknown.
            if (user.Value is not { Length: > 0 } value)
            {
                return null;
            }

            var parts = value.Split(':', 2);
            return parts[0] is "root" or "0"
                ? new WebIdentity(imageUser, imageUser, $"the {image} image's {Path.GetFileName(mainPath)} (user {imageUser}), its master running as root (user: {value} of service '{service.Name}')")
                : new WebIdentity(parts[0], parts.Length > 1 ? parts[1] : parts[0],
                    $"user: {value} of Compose service '{service.Name}' (a master that is not root keeps its own user{(parts.Length > 1 ? string.Empty : "; its group taken to be its name")})");
        }

        return new WebIdentity(imageUser, imageUser, $"the {image} image's default (its {Path.GetFileName(mainPath)} runs the workers as {imageUser})");
    }
    /// <summary>Who nginx's workers run as in a container whose main file has no <c>user</c> directive: the Compose
    /// service's <c>user</c> when it is not root (ngx_core_module_init_conf takes the build's user only when the master
    /// runs as root), else the image's build (<c>data/images/images.txt</c>: the official image installs nginx.org's
    /// package, configured <c>--user=nginx --group=nginx</c>). Null, with <paramref name="whyNot"/>, when the image is
    /// built here, unnamed or unknown.</summary>
    public static WebIdentity? OfBuild(ConfigFile file, string server, out string whyNot)
    {
        whyNot = "a container whose image ConfLint does not know";
        if (file.Container is not { } container)
        {
            return null;
        }

        var service = container.Service;
        if (service.User is { } user && user.Value is not { Length: > 0 })
        {
            whyNot = $"Compose service '{service.Name}', whose user: ConfLint cannot read";
            return null;
        }

        if (service.User?.Value is { Length: > 0 } value && value.Split(':', 2) is var parts && parts[0] is not ("root" or "0"))
        {
            return new WebIdentity(parts[0], parts.Length > 1 ? parts[1] : parts[0],
                $"user: {value} of Compose service '{service.Name}' (a master that is not root keeps its own user{(parts.Length > 1 ? string.Empty : "; its group taken to be its name")})");
        }

        var image = service.Image?.Value;
        whyNot = $"Compose service '{service.Name}' ({(service.Build ? "an image built here" : image is null ? "no image named" : "image " + image)}), whose nginx build ConfLint does not know";
        if (service.Build || image is null || ImageTable.Instance.Find(image) is not { Server: var runs, User: { } imageUser } || runs != server)
        {
            return null;
        }

        return new WebIdentity(imageUser, imageUser, $"the {image} image's nginx build (its workers run as {imageUser}); no 'user' directive");
    }
}
