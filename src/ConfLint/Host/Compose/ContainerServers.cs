using ConfLint.Host.Systemd;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// The application server a Compose service's container runs, read from its <c>entrypoint</c>/<c>command</c> words by the
/// application servers' readers (<see cref="CommandServers"/>), once per service. Two things of the container are seen
/// where the repository holds them:
/// <list type="bullet">
/// <item>An entrypoint script that ends by running the command it is given (<c>exec "$@"</c>,
/// <see cref="ProcessOneLaunch.RunsItsArguments"/>): Docker runs the entrypoint with the command's words as its arguments
/// (docs.docker.com, "Understand how CMD and ENTRYPOINT interact"; Compose's <c>entrypoint</c> replaces the image's
/// ENTRYPOINT and clears its CMD, its <c>command</c> replaces CMD: Compose file reference, services), so the command's
/// words are the program.</item>
/// <item>A file the server's words name (uwsgi's <c>--ini</c>, gunicorn's <c>-c</c>): read where the container sees a
/// file of the repository there (<see cref="ComposeService.ServerPathOf"/>: a bind mount's source, else the file the
/// Dockerfile copied), through the rooted file system only, never run. Only for uwsgi and gunicorn, whose readers look
/// up nothing but the files named (<see cref="HostFiles.InContainer"/>). The program is the one the words end up running:
/// <c>sh -c "exec gunicorn -c FILE ..."</c>, <c>bash -c</c>, <c>exec</c> and <c>env</c> wrappers run gunicorn, whose
/// file is then read in the container's view too (the wrappers are followed by <see cref="AppServer.Detect(Syntax.Systemd.SystemdCommand, Syntax.SyntaxNode?, ConfigFile, System.Func{Syntax.Systemd.SystemdWord?, Diagnostics.Location}, AppServerContext)"/>).</item>
/// </list>
/// The container's environment is its <c>env_file</c>s and <c>environment</c> (<see cref="ComposeEnvironment"/>); a
/// variable they do not set may be set by the image's ENV, which is not read: not known.
/// </summary>
public static class ContainerServers
{
    /// <summary>The programs whose named files are read in a container's view.</summary>
    private static readonly HashSet<string> ReadsNamedFiles = new(StringComparer.Ordinal) { "uwsgi", "uwsgi-core", "gunicorn", "gunicorn3" };

    /// <summary>The service's server (null where its words run no program ConfLint reads), the words it runs, the command
    /// they come from, and what was not read (for --verbose).</summary>
    public sealed record Reading(AppServer? Server, IReadOnlyList<ComposeWord> Words, ComposeCommand? Command, bool EnvironmentIncomplete, string? Note);

    /// <summary>The service's reading, worked out once per host.</summary>
    public static Reading? Of(ComposeService service, HostModel? host) =>
        host is null ? Read(service, null) : host.Shared("ContainerServers", service, s => Read(s, host) ?? NoWords);

    private static readonly Reading NoWords = new(null, [], null, false, null);

    private static Reading? Read(ComposeService service, HostModel? host)
    {
        var words = (service.Entrypoint?.Words ?? []).Concat(service.Command?.Words ?? []).ToList();
        var command = service.Entrypoint ?? service.Command;
        if (words.Count == 0 || command?.At.File is not { } file)
        {
            return null;
        }

        var project = host?.Workspace.ComposeProjects.FirstOrDefault(p => p.Services.Contains(service));
        var fs = host?.Workspace.Options.Root is null ? null : host.Files.FileSystem;
        string? note = null;
        // Without a Compose entrypoint the command is only the image's CMD: the words the image's ENTRYPOINT is given. An
        // image whose ENTRYPOINT the root does not show (image.Unknown) is taken to run its command, as the official images'
        // entrypoints do (their docker-entrypoint.sh scripts end in exec "$@"): only an entrypoint the root shows is judged.
        if (service.Entrypoint is null && service.Command is { } arguments && ImageEntrypoint.Of(service, fs, host) is { Unknown: null } image)
        {
            if (image.Shell is not null)
            {
                return new Reading(null, [], null, false, $"the shell-form ENTRYPOINT of {image.Where} runs without the command's words (Docker ignores CMD and a command given to a shell-form ENTRYPOINT)");
            }

            if (image.Exec is [var entry] && entry.StartsWith('/') && fs is not null && project is not null
                && service.ServerPathOf(entry, project.Folder) is { } entryPath && fs.FileExists(entryPath))
            {
                if (!ProcessOneLaunch.RunsItsArguments(fs, entryPath, arguments.Argv, out var why))
                {
                    return new Reading(null, [], null, false, $"its command is given as arguments to the image's ENTRYPOINT {entry} ({image.Where}), {fs.DisplayPath(entryPath)}, not read as running them: {why}");
                }
            }
            else if (image.Exec.Count > 0)
            {
                return new Reading(null, [], null, false, $"its command is given as arguments to the image's ENTRYPOINT {string.Join(' ', image.Exec)} ({image.Where}), not read as running them");
            }
        }

        if (service.Entrypoint is { Words: [var script] } && service.Command is { Words.Count: > 0 } given && fs is not null && project is not null
            && script.Value.StartsWith('/') && service.ServerPathOf(script.Value, project.Folder) is { } scriptPath && fs.FileExists(scriptPath))
        {
            if (ProcessOneLaunch.RunsItsArguments(fs, scriptPath, given.Argv, out var why))
            {
                (words, command, file) = (given.Words.ToList(), given, given.At.File ?? file);
            }
            else
            {
                note = $"the entrypoint {script.Value} is {fs.DisplayPath(scriptPath)}, not read as running its command: {why}";
            }
        }

        var (environment, environmentIncomplete) = ComposeEnvironment.Of(service, host);
        var program = words[0].Value[(words[0].Value.LastIndexOf('/') + 1)..];
        var files = host is not null && fs is not null && project is not null && ReadsNamedFiles.Contains(program)
            ? host.Files.InContainer(path => service.ServerPathOf(path, project.Folder))
            : null;
        var server = CommandServers.Detect(words, file, null, command.At.Location, environment, null, service.Name, files, unseen: true, environmentComplete: false);
        if (files is null && server is not null && ReadsNamedFiles.Contains(server.Program) && host is not null && fs is not null && project is not null)
        {
            // A shell or exec wrapper runs gunicorn or uwsgi: read it again with the files the container sees.
            files = host.Files.InContainer(path => service.ServerPathOf(path, project.Folder));
            server = CommandServers.Detect(words, file, null, command.At.Location, environment, null, service.Name, files, unseen: true, environmentComplete: false);
        }
        if (server is { BindsUnknown: true, Unknowns.Count: > 0 })
        {
            note = (note is null ? string.Empty : note + "; ") + string.Join("; ", server.Unknowns);
        }

        return new Reading(server, words, command, environmentIncomplete, note);
    }
}
