using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// Where a Compose service's main process listens, read from its <c>command</c>/<c>entrypoint</c> words (never run) by the
/// application servers' readers (<see cref="CommandServers"/>: gunicorn, hypercorn, uvicorn, granian, uwsgi, puma, node,
/// <c>flask run</c>, Django's <c>runserver</c>; through an entrypoint script that execs them, with the files they name
/// that the container sees in the repository: <see cref="ContainerServers"/>; without either, the CMD of the Dockerfile it
/// is built from, its words located there), from a Tomcat server.xml of the repository
/// mounted where the image's Tomcat reads it (<see cref="MountedTomcat"/>), or from the official image's default (<see cref="ImageListeners"/>, the
/// facts of <c>data/images/images.txt</c>) where no mount replaces it. Files the command reads by default are the image's,
/// which ConfLint does not see. Anything else is unknown (null): a shell command line, an environment file, a
/// configuration file the repository does not hold there, an image ConfLint does not know.
/// </summary>
public static class ContainerListeners
{
    /// <param name="host">The host model, for the PHP-FPM pools mounted into the service (<see cref="ImageListeners"/>); without
    /// it, a mount into the image's include folder leaves the image's default unknown.</param>
    public static IReadOnlyList<ContainerListener>? Of(ComposeService service, HostModel? host = null)
    {
        if (host is not null && MountedTomcat.Of(service, host) is { } tomcat)
        {
            // The image's Tomcat reads the server.xml mounted where it looks: its connectors say where it listens.
            return tomcat;
        }

        var words = (service.Entrypoint?.Words ?? []).Concat(service.Command?.Words ?? []).ToList();
        if (service.Build && !service.CommandWritten && !service.EntrypointWritten && ContainerServers.Of(service, host) is { Cmd: var (dockerfile, named), Server: { } cmdServer } cmd)
        {
            // The built image's CMD runs: its words are located in the Dockerfile.
            return CommandServers.Listeners(cmdServer, cmd.Words, cmd.EnvironmentIncomplete, dockerfile.File, (dockerfile, named));
        }

        if (words.Count == 0 || (service.Entrypoint ?? service.Command) is null)
        {
            return ImageListeners.Of(service, host);
        }

        var program = words[0].Value[(words[0].Value.LastIndexOf('/') + 1)..];
        if (program.StartsWith("php-fpm", StringComparison.Ordinal) && words.Skip(1).All(w => w.Value is "-F" or "--nodaemonize" or "-R" or "--allow-to-run-as-root"))
        {
            // The image's own server in the foreground: its configuration decides.
            return ImageListeners.Of(service, host);
        }

        var reading = ContainerServers.Of(service, host);
        var listeners = reading?.Server is { } server ? CommandServers.Listeners(server, reading.Words, reading.EnvironmentIncomplete, reading.Command?.At.File?.Source?.File) : null;

        // A command with variables was read as Compose interpolates it: say where their values come from.
        var interpolated = new[] { service.Entrypoint, service.Command }.OfType<ComposeCommand>().Any(c => c.Interpolated);
        return interpolated && listeners is not null && service.Variables is { DotEnvDisplay: { } dotEnv, Problem: null }
            ? listeners.Select(l => l with { How = $"{l.How}, its variables from {dotEnv} or their defaults" }).ToList()
            : listeners;
    }
}
