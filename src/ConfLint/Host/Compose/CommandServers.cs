using ConfLint.Diagnostics;
using ConfLint.Host.Systemd;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// The application server a command line runs that is not a systemd unit's (a supervisord program's <c>command=</c>, a
/// Compose service's <c>command</c>/<c>entrypoint</c>, a PM2 app's script and args), read by the same readers as
/// ExecStart (<see cref="AppServer"/>): one reading of gunicorn's, uvicorn's, uwsgi's, puma's, node's, <c>flask run</c>'s
/// and <c>runserver</c>'s flags and files for all of them.
/// </summary>
public static class CommandServers
{
    /// <summary>The words as a command: the first is the program. Each word's offsets are its span in its file.</summary>
    public static SystemdCommand ToCommand(IReadOnlyList<ComposeWord> words) =>
        new(SystemdExecPrefixes.None, Word(words[0]), words.Skip(1).Select(Word).ToList());

    /// <summary>The server the words run, or null when the program is not one ConfLint reads.</summary>
    /// <param name="whole">Where a setting that no one word writes (a default, an environment variable) is shown.</param>
    /// <param name="environment">The process's environment; a null value is one ConfLint cannot see (left out).</param>
    /// <param name="files">The root's files when the server's paths are the root's; null in a container.</param>
    /// <param name="unseen">Whether files the server reads by default may be where ConfLint cannot look.</param>
    /// <param name="environmentComplete">Whether a variable <paramref name="environment"/> does not name is unset (false in a
    /// container, whose image's ENV ConfLint does not read).</param>
    public static AppServer? Detect(IReadOnlyList<ComposeWord> words, ConfigFile file, SyntaxNode? entry, Location whole, IReadOnlyDictionary<string, string?> environment, string? workingDirectory, string name, HostFiles? files, bool unseen, bool environmentComplete = true)
    {
        if (words.Count == 0 || file.Source is not { } source)
        {
            return null;
        }

        var known = environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
        var command = ToCommand(words);
        Location Locate(SystemdWord? word) => word is { } w && w.End > w.Start ? new Location(source, TextSpan.FromBounds(w.Start, w.End)) : whole;
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                hidden.Add(key);
            }
        }

        return AppServer.Detect(command, entry, file, Locate, new AppServerContext(command, known, workingDirectory, name, files, unseen) { UnknownVariables = hidden, EnvironmentComplete = environmentComplete });
    }

    /// <summary>Where the server listens as a container's listeners: each bind with the command word that says it; null when
    /// it is not known, binds a socket file, or rests on an environment ConfLint does not fully see.</summary>
    /// <param name="commandFile">The file the words are written in: a bind located in another file (one the command names)
    /// is that file's line, not a word.</param>
    /// <param name="cmd">Where the words are an image's CMD: the Dockerfile they are located in, and the words naming the
    /// instruction. A listener then has no Compose word: it is at the Dockerfile's words (<see cref="ContainerListener.At"/>).</param>
    public static IReadOnlyList<ContainerListener>? Listeners(AppServer server, IReadOnlyList<ComposeWord> words, bool environmentIncomplete, FileId? commandFile = null, (SourceText Dockerfile, string Named)? cmd = null)
    {
        var its = cmd is { Named: var named } ? named : "its command";
        if (server.BindsUnknown || server.Binds.Count == 0 || server.Binds.Any(b => b.Endpoint.Kind != EndpointKind.Tcp)
            || (environmentIncomplete && server.Binds.Any(b => b.Note is not null)))
        {
            return null;
        }

        var listeners = new List<ContainerListener>();
        foreach (var bind in server.Binds)
        {
            var span = bind.Location.Span;
            if (commandFile is not null && bind.Location.File != commandFile)
            {
                // Set in a file the command names (uwsgi's --ini): that file's line is the evidence.
                var inFile = bind.Note is { } fileNote ? $"{server.Program}'s {fileNote}" : $"{server.Program} binding {bind.Endpoint} at {bind.Location}";
                listeners.Add(new ContainerListener(bind.Endpoint.Host ?? string.Empty, bind.Endpoint.Port, null, inFile) { At = bind.Location });
                continue;
            }

            var index = bind.Location.Span.Length > 0 ? words.ToList().FindIndex(w => w.Span.Start <= span.Start && span.End <= w.Span.End) : -1;
            ComposeWord? word = index >= 0 ? words[index] : null;
            var flag = index > 0 && words[index - 1].Value.StartsWith('-') && !words[index].Value.StartsWith('-') ? words[index - 1].Value + " " : string.Empty;
            // A bind inside `sh -c "..."` is located at the whole script: name the bind, not the script.
            // A word located only at its whole scalar (escapes, interpolation) may not be the bind's own word: name the bind.
            var written = word is { } w
                ? w.Value.Contains(' ', StringComparison.Ordinal) ? $"{server.Program} binding {bind.Endpoint} in the shell script of {its}"
                    : w.Span.Length != w.Value.Length && words.Count(o => o.Span == w.Span) > 1 ? $"{server.Program} binding {bind.Endpoint} in {its}"
                    : $"{server.Program} {flag}{w.Value} in {its}"
                : null;
            var how = bind.Note is { } note ? (written is null ? note : $"{written}, {note}") : written ?? (cmd is null ? $"{server.Program}'s command" : $"{server.Program}, {its}");
            listeners.Add(cmd is null
                ? new ContainerListener(bind.Endpoint.Host ?? string.Empty, bind.Endpoint.Port, word, how)
                : new ContainerListener(bind.Endpoint.Host ?? string.Empty, bind.Endpoint.Port, null, how) { At = bind.Location });
        }

        return listeners;
    }

    private static SystemdWord Word(ComposeWord word) => new(word.Value, word.Span.Start, word.Span.End);
}
