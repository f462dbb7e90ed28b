using ConfLint.Diagnostics;
using ConfLint.Host.Systemd;
using ConfLint.Syntax;
using ConfLint.Text;
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
/// <para>A service built from a Dockerfile of the root that writes neither <c>command</c> nor <c>entrypoint</c> runs the
/// image's CMD (<see cref="FromCmd"/>): its words are located in the Dockerfile, and its shell form's environment is
/// the Dockerfile's ENV under the Compose environment.</para>
/// </summary>
public static class ContainerServers
{
    /// <summary>The programs whose named files are read in a container's view.</summary>
    private static readonly HashSet<string> ReadsNamedFiles = new(StringComparer.Ordinal) { "uwsgi", "uwsgi-core", "gunicorn", "gunicorn3" };

    /// <summary>The service's server (null where its words run no program ConfLint reads), the words it runs, the command
    /// they come from, and what was not read (for --verbose).</summary>
    public sealed record Reading(AppServer? Server, IReadOnlyList<ComposeWord> Words, ComposeCommand? Command, bool EnvironmentIncomplete, string? Note)
    {
        /// <summary>Where the words are the image's CMD: the Dockerfile's text (the words' spans are in it) and the words
        /// naming it ("the CMD of Dockerfile:7"); null for the Compose file's words.</summary>
        public (SourceText Dockerfile, string Named)? Cmd { get; init; }
    }

    /// <summary>The service's reading, worked out once per host.</summary>
    public static Reading? Of(ComposeService service, HostModel? host) =>
        host is null ? Read(service, null) : host.Shared("ContainerServers", service, s => Read(s, host) ?? NoWords);

    private static readonly Reading NoWords = new(null, [], null, false, null);

    private static Reading? Read(ComposeService service, HostModel? host)
    {
        var project = host?.Workspace.ComposeProjects.FirstOrDefault(p => p.Services.Contains(service));
        var fs = host?.Workspace.Options.Root is null ? null : host.Files.FileSystem;
        if (!service.CommandWritten && !service.EntrypointWritten && service.Command is null && service.Entrypoint is null)
        {
            return host is not null && fs is not null && project is not null ? FromCmd(service, host, fs, project) : null;
        }

        var words = (service.Entrypoint?.Words ?? []).Concat(service.Command?.Words ?? []).ToList();
        var command = service.Entrypoint ?? service.Command;
        if (words.Count == 0 || command?.At.File is not { } file)
        {
            return null;
        }

        string? note = null;
        // Without a Compose entrypoint the command is only the image's CMD: the words the image's ENTRYPOINT is given. An
        // image whose ENTRYPOINT the root does not show (image.Unknown) is taken to run its command, as the official images'
        // entrypoints do (their docker-entrypoint.sh scripts end in exec "$@"): only an entrypoint the root shows is judged.
        if (service.Entrypoint is null && service.Command is { } arguments && ImageEntrypoint.Of(service, fs, host) is { Unknown: null } image
            && EntrypointPasses(image, arguments.Argv, "its command", service, project, fs) is { } refused)
        {
            return new Reading(null, [], null, false, refused);
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
        var server = DetectInContainer(words, file, command.At.Location, environment, null, service, host, project, fs);
        if (server is { BindsUnknown: true, Unknowns.Count: > 0 })
        {
            note = (note is null ? string.Empty : note + "; ") + string.Join("; ", server.Unknowns);
        }

        return new Reading(server, words, command, environmentIncomplete, note);
    }

    /// <summary>
    /// The reading of a built image's CMD, for a service that writes neither <c>command</c> nor <c>entrypoint</c>: Docker
    /// runs the image's ENTRYPOINT with CMD as its arguments. CMD is the program where the ENTRYPOINT is empty (none in the
    /// Dockerfile, and a base image ConfLint knows to have none or to run its command), or a script the root shows that
    /// ends by running its arguments (<c>exec "$@"</c>); a shell-form ENTRYPOINT gets no CMD, and any other ENTRYPOINT
    /// (one the root does not show, a program) leaves it unread. Only a CMD the Dockerfile writes (in the image's stage or
    /// a stage of the same Dockerfile it is built from) is read; a base image's is not seen. The exec form runs no shell,
    /// so Docker substitutes no variable in it (Dockerfile reference, "Shell and exec form"): a word with a <c>$</c>
    /// reaches the program as written, and is not read. The shell form's <c>/bin/sh -c</c> expands the container's
    /// environment: the Dockerfile's ENV under the Compose environment. A relative path is taken from the Dockerfile's
    /// WORKDIR unless a <c>working_dir</c> replaces it.
    /// </summary>
    private static Reading? FromCmd(ComposeService service, HostModel host, RootedFileSystem fs, ComposeProject project)
    {
        if (!service.Build || service.Extends)
        {
            return null;
        }

        var image = ImageEntrypoint.Of(service, fs, host);
        if (image.Cmd is not { Count: > 0 } cmd || image.CmdAt is not var (path, line, exec) || host.Files.Read(path) is not { } source || line > source.LineCount)
        {
            return null;
        }

        var named = $"the CMD of {fs.DisplayPath(path)}:{line}";
        if (image.Unknown is { } unknown)
        {
            return new Reading(null, [], null, false, $"{named} is given as arguments to the image's ENTRYPOINT: {unknown}");
        }

        if (EntrypointPasses(image, cmd, named, service, project, fs) is { } refused)
        {
            return new Reading(null, [], null, false, refused);
        }

        var shell = cmd is [var sh, "-c", _, ..] && sh[(sh.LastIndexOf('/') + 1)..] is "sh" or "bash" or "dash" or "ash";
        if (exec && !shell && cmd.Any(w => w.Contains('$', StringComparison.Ordinal)))
        {
            return new Reading(null, [], null, false, $"{named} is in the exec form, in which Docker substitutes no variable: its program gets '{cmd.First(w => w.Contains('$', StringComparison.Ordinal))}' as written, which is not read");
        }

        var file = new ConfigFile(path, source.File.Path, source.File.Display, ConfigKind.Compose) { Source = source };
        var (words, whole) = Located(source, line, cmd, exec);

        // The container's environment: the Compose environment over the Dockerfile's ENV. Where the Compose environment's
        // names are not all known, any of the Dockerfile's may be replaced: not known.
        var (composed, incomplete) = ComposeEnvironment.Of(service, host);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in image.Env)
        {
            environment[name] = incomplete ? null : value;
        }

        foreach (var (name, value) in composed)
        {
            environment[name] = value;
        }

        var workingDirectory = service.WorkingDirWritten ? null : image.WorkDir;
        var server = DetectInContainer(words, file, whole, environment, workingDirectory, service, host, project, fs);
        var note = server is { BindsUnknown: true, Unknowns.Count: > 0 } ? $"{named}: " + string.Join("; ", server.Unknowns) : null;
        return new Reading(server, words, null, incomplete, note) { Cmd = (source, named) };
    }

    /// <summary>
    /// Why the image's known ENTRYPOINT does not run <paramref name="given"/> (the Compose command's words, or the image's
    /// CMD) as the program; null where it does: an empty ENTRYPOINT, or a script the root shows that ends by running its
    /// arguments (<see cref="ProcessOneLaunch.RunsItsArguments"/>). A shell-form ENTRYPOINT gets none of them; any other
    /// exec-form ENTRYPOINT is given them as its arguments.
    /// </summary>
    /// <param name="subject">The words' name in the note ("its command", "the CMD of Dockerfile:7").</param>
    private static string? EntrypointPasses(ImageEntrypoint image, IReadOnlyList<string> given, string subject, ComposeService service, ComposeProject? project, RootedFileSystem? fs)
    {
        if (image.Shell is not null)
        {
            return $"the shell-form ENTRYPOINT of {image.Where} runs without {subject} (Docker ignores CMD and a command given to a shell-form ENTRYPOINT)";
        }

        if (image.Exec is [var entry] && entry.StartsWith('/') && fs is not null && project is not null
            && service.ServerPathOf(entry, project.Folder) is { } entryPath && fs.FileExists(entryPath))
        {
            return ProcessOneLaunch.RunsItsArguments(fs, entryPath, given, out var why) ? null
                : $"{subject} is given as arguments to the image's ENTRYPOINT {entry} ({image.Where}), {fs.DisplayPath(entryPath)}, not read as running them: {why}";
        }

        return image.Exec.Count > 0 ? $"{subject} is given as arguments to the image's ENTRYPOINT {string.Join(' ', image.Exec)} ({image.Where}), not read as running them" : null;
    }

    /// <summary>The server the words run, read with the files the container sees where the program (or the one a shell or
    /// exec wrapper runs) is gunicorn or uwsgi, whose readers look up only the files named.</summary>
    private static AppServer? DetectInContainer(IReadOnlyList<ComposeWord> words, ConfigFile file, Location whole, IReadOnlyDictionary<string, string?> environment, string? workingDirectory, ComposeService service, HostModel? host, ComposeProject? project, RootedFileSystem? fs)
    {
        HostFiles? Container() => host is not null && fs is not null && project is not null ? host.Files.InContainer(p => service.ServerPathOf(p, project.Folder)) : null;
        var program = words[0].Value[(words[0].Value.LastIndexOf('/') + 1)..];
        var files = ReadsNamedFiles.Contains(program) ? Container() : null;
        var server = CommandServers.Detect(words, file, null, whole, environment, workingDirectory, service.Name, files, unseen: true, environmentComplete: false);
        if (files is null && server is not null && ReadsNamedFiles.Contains(server.Program) && Container() is { } container)
        {
            // A shell or exec wrapper runs gunicorn or uwsgi: read it again with the files the container sees.
            server = CommandServers.Detect(words, file, null, whole, environment, workingDirectory, service.Name, container, unseen: true, environmentComplete: false);
        }

        return server;
    }

    /// <summary>The CMD's words located in the Dockerfile: each exec-form word inside its quotes where it is written there
    /// as it is read (no escape), a shell form's script where it is written on one line; else the instruction's lines. The
    /// <c>/bin/sh -c</c> Docker puts before a shell form is located at the keyword.</summary>
    private static (List<ComposeWord> Words, Location Whole) Located(SourceText source, int line, IReadOnlyList<string> cmd, bool exec)
    {
        var last = line;
        while (last < source.LineCount && source.GetLineText(last).TrimEnd().EndsWith('\\'))
        {
            last++;
        }

        var instruction = TextSpan.FromBounds(source.GetLineSpan(line).Start, source.GetLineSpan(last).End);
        var text = source.Text;
        var keyword = text.IndexOf("CMD", instruction.Start, instruction.Length, StringComparison.OrdinalIgnoreCase);
        var from = keyword < 0 ? instruction.Start : keyword + 3;
        var words = new List<ComposeWord>();
        if (!exec)
        {
            var at = keyword < 0 ? instruction : new TextSpan(keyword, 3);
            var script = cmd[^1];
            var found = text.IndexOf(script, from, instruction.End - from, StringComparison.Ordinal);
            words.Add(new ComposeWord(cmd[0], at));
            words.Add(new ComposeWord(cmd[1], at));
            words.Add(new ComposeWord(script, found >= 0 ? new TextSpan(found, script.Length) : instruction));
            return (words, new Location(source, instruction));
        }

        foreach (var word in cmd)
        {
            var found = word.AsSpan().IndexOfAny("\\\"") < 0 ? text.IndexOf("\"" + word + "\"", from, instruction.End - from, StringComparison.Ordinal) : -1;
            words.Add(new ComposeWord(word, found >= 0 ? new TextSpan(found + 1, word.Length) : instruction));
            from = found >= 0 ? found + word.Length + 2 : from;
        }

        return (words, new Location(source, instruction));
    }
}
