using ConfLint.Host.Compose;
using ConfLint.Host.Systemd;
using ConfLint.Syntax;
using ConfLint.Syntax.Supervisor;
using ConfLint.Text;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Supervisor;

/// <summary>
/// supervisord's programs as back ends: each <c>[program:x]</c> of the host's supervisord files (included files merged
/// into one section per name, the later value winning) whose <c>command</c> runs an application server, read by the same
/// readers as a systemd unit's ExecStart (<see cref="CommandServers"/>: gunicorn, hypercorn, uvicorn, granian, uwsgi, puma, node,
/// <c>flask run</c>, <c>runserver</c>, with their own files from <c>directory</c>), with its <c>environment</c>; or PHP-FPM,
/// joined to the pools of the installation it runs. A program of several processes (<c>numprocs</c>, from
/// <c>numprocs_start</c>) is one back end per process, its command expanded with each <c>%(process_num)</c>. A command
/// with a supervisord expansion that is not <c>%(program_name)s</c>, <c>%(process_num)</c> or <c>%(here)s</c> is not read.
/// </summary>
public static partial class SupervisorBackEnds
{
    public static void Add(HostModel model)
    {
        var programs = new Dictionary<string, (SupervisorSection Section, Workspace.ConfigFile File)>(StringComparer.Ordinal);
        var fcgiPrograms = new Dictionary<string, (SupervisorSection Section, Workspace.ConfigFile File)>(StringComparer.Ordinal);
        foreach (var file in model.Workspace.FilesOfKind(ConfigKind.Supervisor).Where(f => f.Container is null))
        {
            if (file.Tree?.Root is not SupervisorConfigFile config)
            {
                continue;
            }

            foreach (var section in config.Sections.Where(s => s.Kind == "program" && s.Label is { Length: > 0 }))
            {
                programs[section.Label!] = (section, file);
            }

            foreach (var section in config.Sections.Where(s => s.Kind == "fcgi-program" && s.Label is { Length: > 0 }))
            {
                fcgiPrograms[section.Label!] = (section, file);
            }
        }

        foreach (var (name, (section, file)) in fcgiPrograms)
        {
            AddFcgiProgram(model, name, section, file);
        }

        foreach (var (name, (section, file)) in programs)
        {
            if (section.Find("command") is not { ValueToken: { } token } command || Processes(section) is not { } processes)
            {
                continue;
            }

            foreach (var processNumber in processes)
            {
                if (Words(ProcessNumber(command.Value, processNumber), token, name, file.ServerPath) is { } words)
                {
                    AddProgram(model, name, section, file, command, words, processes.Count > 1 ? processNumber : null, processes.Count);
                }
            }
        }
    }

    /// <summary>The process numbers of a program: <c>numprocs_start</c> up to <c>numprocs</c> of them (0 and one process when
    /// unset); null when either is not a number supervisord takes, or too many to list.</summary>
    private static List<int>? Processes(SupervisorSection section)
    {
        var count = 1;
        var start = 0;
        if (section.Find("numprocs")?.Value.Trim() is { } numprocs && (!int.TryParse(numprocs, out count) || count is < 1 or > 256))
        {
            return null;
        }

        if (section.Find("numprocs_start")?.Value.Trim() is { } first && (!int.TryParse(first, out start) || start < 0))
        {
            return null;
        }

        return Enumerable.Range(start, count).ToList();
    }

    /// <summary><c>%(process_num)s</c>, <c>%(process_num)d</c> and <c>%(process_num)02d</c> as Python's <c>%</c> formats them;
    /// any other expansion is left for <see cref="Words"/> (which refuses what it does not know).</summary>
    private static string ProcessNumber(string value, int number) =>
        ProcessNumberPattern().Replace(value, m => m.Groups["zero"].Success
            ? number.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(m.Groups["width"].Success ? int.Parse(m.Groups["width"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0, '0')
            : number.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(m.Groups["width"].Success ? int.Parse(m.Groups["width"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0));

    [System.Text.RegularExpressions.GeneratedRegex(@"%\(process_num\)(?<zero>0)?(?<width>[1-9][0-9]?)?[sd]")]
    private static partial System.Text.RegularExpressions.Regex ProcessNumberPattern();

    /// <summary>One process of a program as a back end (<paramref name="processNumber"/> null for a program of one process).</summary>
    private static void AddProgram(HostModel model, string name, SupervisorSection section, Workspace.ConfigFile file, SupervisorEntry command, List<ComposeWord> words, int? processNumber, int processCount)
    {
        var program = CommandServers.ToCommand(words);
        if (AppServer.IsPhpFpm(program))
        {
            // One master keeps its pools: several processes of it would fight over the same sockets.
            if (processNumber is null)
            {
                AddPhpFpm(model, name, section, file, program);
            }

            return;
        }

        // Without directory=, the program runs in supervisord's own folder, which the files do not tell.
        var directory = section.Find("directory")?.Value.Trim() is { Length: > 0 } folder && folder.StartsWith('/') ? folder : null;
        if (Environment(section.Find("environment")?.Value) is not { } environment)
        {
            // supervisord refuses this environment= (or a %(ENV_X)s outside quotes may cut it otherwise): what the program
            // gets, its bind included, is not known.
            model.UnreadPrograms.Add(new($"supervisord program '{name}'", name, words.Select(w => w.Value).ToList(), true));
            return;
        }

        var server = CommandServers.Detect(words, file, command, command.Location, environment, directory, name, model.Files, unseen: directory is null);
        if (server is null && Follow(model, name, file, command, program, environment, directory, out var followed) is not null)
        {
            // A script not followed to a server is noted; the program is then unread, as one that runs no script.
            server = followed;
        }

        if (server is null)
        {
            // A program known to listen on no port (a queue worker) names no address, whatever its environment holds.
            if (AppServer.NotListening(program, environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal), complete: false) is null)
            {
                model.UnreadPrograms.Add(new($"supervisord program '{name}'", name, words.Select(w => w.Value).Concat(environment.Select(e => $"{e.Key}={e.Value}")).ToList(), true));
            }

            return;
        }

        var backEnd = new SupervisorBackEnd(name, section, file, server, null) { ProcessNumber = processNumber, ProcessCount = processCount };
        backEnd.Listeners.AddRange(server.Binds);
        if (server.BindsUnknown || server.Vassals.Count > 0)
        {
            model.UnknownListeners.Add((backEnd, $"{backEnd.Describe()}: " + string.Join("; ", server.Unknowns.DefaultIfEmpty("its uwsgi vassals are not read under supervisord"))));
        }

        model.BackEnds.Add(backEnd);
    }

    /// <summary>The server a shell script the program runs starts (Redash's <c>bin/run</c>, which sources the app's
    /// environment and then runs <c>exec "$@"</c>), read as a systemd service's script is (<see cref="ScriptFollower"/>)
    /// with the program's <c>environment=</c> and <c>directory=</c>; null when the command runs no script. A script not
    /// followed to one server is noted (<see cref="HostModel.UnfollowedScripts"/>), and <paramref name="server"/> is null.</summary>
    private static FollowOutcome? Follow(HostModel model, string name, Workspace.ConfigFile file, SupervisorEntry entry, Syntax.Systemd.SystemdCommand program, IReadOnlyDictionary<string, string?> environment, string? directory, out AppServer? server)
    {
        server = null;
        var known = environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
        if (file.Source is not { } source || ScriptFollower.Follow(program, known, directory, model.Files) is not { } outcome)
        {
            return null;
        }

        foreach (var unread in outcome.Unread)
        {
            model.UnreadPrograms.Add(new($"supervisord program '{name}'", name, unread, true));
        }

        if (outcome.Command is not { } followed)
        {
            model.UnfollowedScripts.Add($"{file.DisplayPath}: supervisord program '{name}' runs the script {outcome.Script}, which ConfLint did not follow to an application server: {outcome.Why}");
            return outcome;
        }

        var at = new Diagnostics.Location(source, TextSpan.FromBounds(outcome.At.Start, outcome.At.End));
        var final = outcome.Final()!;
        var hidden = environment.Where(e => e.Value is null).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        server = AppServer.Detect(final, entry, file, _ => at, new AppServerContext(final, followed.Environment, followed.WorkingDirectory, name, model.Files, UnseenFiles: followed.WorkingDirectory is null)
        {
            UnknownVariables = hidden,
        });
        if (server is { BindsUnknown: true })
        {
            server.Unknowns.AddRange(outcome.Notes);
        }

        return outcome;
    }

    /// <summary>An <c>[fcgi-program:x]</c>: supervisord itself binds its <c>socket</c> (<c>unix:///PATH</c> or
    /// <c>tcp://HOST:PORT</c>, with <c>%(program_name)s</c> and <c>%(here)s</c> expanded) and hands it to the processes as
    /// their descriptor 0, so that is where the program answers, whatever its command line says (daphne's
    /// <c>--fd 0</c>). What it speaks there is the program's business: the protocol is not judged.</summary>
    private static void AddFcgiProgram(HostModel model, string name, SupervisorSection section, Workspace.ConfigFile file)
    {
        if (section.Find("socket") is not { ValueToken: not null } socket)
        {
            return;
        }

        var backEnd = new SupervisorBackEnd(name, section, file, null, null) { OwnSocket = true };
        model.BackEnds.Add(backEnd);
        var folder = file.ServerPath[..Math.Max(file.ServerPath.LastIndexOf('/'), 0)];
        var value = socket.Value.Trim().Replace("%(program_name)s", name, StringComparison.Ordinal).Replace("%(here)s", folder, StringComparison.Ordinal);
        Endpoint? endpoint = null;
        if (value.StartsWith("unix://", StringComparison.Ordinal) && value["unix://".Length..] is { Length: > 1 } path && path.StartsWith('/') && !path.Contains("%(", StringComparison.Ordinal))
        {
            endpoint = Endpoint.Unix(path);
        }
        else if (value.StartsWith("tcp://", StringComparison.Ordinal) && Endpoint.TrySplitHostPort(value["tcp://".Length..], -1, out var host, out var port) && port > 0)
        {
            endpoint = Endpoint.Tcp(host, port);
        }

        if (endpoint is null)
        {
            model.UnknownListeners.Add((backEnd, $"{backEnd.Describe()}: its socket = {socket.Value.Trim()} names no address ConfLint can know"));
            return;
        }

        backEnd.Listeners.Add(new EndpointSite(endpoint, file, socket.Location, socket) { Protocol = BackendProtocol.Other, Note = $"socket of [fcgi-program:{name}], which supervisord binds" });
    }

    /// <summary>A program that runs php-fpm: joined to the installation its command reads (<c>-y</c>/<c>--fpm-config</c>, else
    /// the binary's own php-fpm.conf, a bare name matching one installation's binary), whose pools it then keeps alive.</summary>
    private static void AddPhpFpm(HostModel model, string name, SupervisorSection section, Workspace.ConfigFile file, Syntax.Systemd.SystemdCommand command)
    {
        var config = command.OptionValues("--fpm-config", "-y").LastOrDefault().Value;
        var executable = command.Executable.Value;
        var installs = model.PhpInstalls.Where(i => i.IsRunBy(config, command.ProgramName, executable)).ToList();
        if (installs.Count == 0 && config is null && !executable.Contains('/'))
        {
            installs = model.PhpInstalls.Where(i => i.Paths?.Binaries.Any(b => b[(b.LastIndexOf('/') + 1)..] == executable) == true).ToList();
        }

        var install = installs.Count == 1 && installs[0].Service is null ? installs[0] : null;
        var backEnd = new SupervisorBackEnd(name, section, file, null, install);
        model.BackEnds.Add(backEnd);
        if (install is null)
        {
            model.UnknownListeners.Add((backEnd, $"{backEnd.Describe()} runs PHP-FPM from a configuration ConfLint did not find (or cannot tell apart): its pools are unknown"));
            return;
        }

        install.Supervisor = backEnd;
        install.Master = Master(model, name, section);
        foreach (var pool in install.Pools)
        {
            model.SetSupervisedBy(pool, backEnd);
        }
    }

    /// <summary>Who the program's process runs as: its <c>user=</c> when supervisord itself runs as root (the service that
    /// runs it, else the root's first process); supervisord as another user cannot switch ("Can't drop privilege as
    /// nonroot user") and the program runs as supervisord does.</summary>
    private static RunAs Master(HostModel model, string name, SupervisorSection section)
    {
        var unit = model.ServiceUnits.Values.Select(u => u.Unit)
            .FirstOrDefault(u => u.Get("Service", "ExecStart") is { } exec && Syntax.Systemd.SystemdCommandLine.Parse(exec).Commands.Any(c => c.ProgramName == "supervisord"));
        var supervisord = model.IdentityOfUnit(unit);
        if (section.Find("user")?.Value.Trim() is not { Length: > 0 } user || !supervisord.IsRoot)
        {
            return supervisord;
        }

        return new RunAs(user, model.Accounts.PrimaryGroup(user), $"user={user} of supervisord program '{name}'", supervisord.Proven);
    }

    /// <summary>The command's words, each at its place in the file where it is written as read; null when it cannot be read.</summary>
    private static List<ComposeWord>? Words(string value, SyntaxToken token, string program, string path)
    {
        var folder = path[..Math.Max(path.LastIndexOf('/'), 0)];
        var expanded = value.Replace("%(program_name)s", program, StringComparison.Ordinal).Replace("%(here)s", folder, StringComparison.Ordinal);
        if (expanded.Contains("%(", StringComparison.Ordinal) || ShellWords.Split(expanded) is not { Count: > 0 } parts)
        {
            return null;
        }

        var text = token.Tree.Source.Text;
        var words = new List<ComposeWord>();
        var from = token.Start;
        foreach (var part in parts)
        {
            var at = text.IndexOf(part, from, Math.Max(0, token.End - from), StringComparison.Ordinal);
            words.Add(new ComposeWord(part, at >= 0 ? new TextSpan(at, part.Length) : token.Span));
            from = at >= 0 ? at + part.Length : from;
        }

        return words;
    }

    /// <summary>
    /// <c>KEY="value",KEY2=value2</c>, as supervisord reads it (datatypes.py, <c>dict_of_key_value_pairs</c>): Python's
    /// <c>shlex</c> in its non-POSIX mode, with <c>/.+-():</c> added to the word characters, cuts the text into tokens (a
    /// quoted string is one token, quotes kept, so a comma inside quotes stays in the value); then each group of
    /// <c>KEY = VALUE ,</c> gives one entry, its value stripped of quotes. A text it refuses (a missing <c>=</c>, a
    /// quote never closed) stops supervisord; null then, as for a <c>%(ENV_X)s</c> outside quotes, whose value may
    /// hold what cuts the text otherwise: the environment is not known. A <c>%(ENV_X)s</c> inside quotes takes
    /// supervisord's own environment, which the files do not show: that entry's value is null.
    /// </summary>
    internal static Dictionary<string, string?>? Environment(string? value)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (value is null)
        {
            return environment;
        }

        if (ShlexTokens(value) is not { } tokens)
        {
            return null;
        }

        for (var i = 0; i < tokens.Count; i += 4)
        {
            if (tokens.Count - i < 3 || tokens[i + 1] != "=")
            {
                return null;
            }

            var text = tokens[i + 2];
            var quoted = text[0] is '"' or '\'';
            if (!quoted && (text.Contains('%', StringComparison.Ordinal) || tokens[i].Contains('%', StringComparison.Ordinal)))
            {
                return null;
            }

            text = text.Trim('"', '\'');
            environment[tokens[i]] = text.Contains("%(", StringComparison.Ordinal) ? null : text;
        }

        return environment;
    }

    /// <summary>Python's <c>shlex.shlex(text)</c> (not POSIX) with supervisord's word characters: null for a quote never
    /// closed, which shlex refuses.</summary>
    private static List<string>? ShlexTokens(string text)
    {
        static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '.' or '+' or '-' or '(' or ')' or ':';
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }
            else if (c == '#')
            {
                // shlex's comment character: the rest of the line is not read.
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end + 1;
            }
            else if (c is '"' or '\'')
            {
                var close = text.IndexOf(c, i + 1);
                if (close < 0)
                {
                    return null;
                }

                tokens.Add(text[i..(close + 1)]);
                i = close + 1;
            }
            else if (IsWord(c))
            {
                // In a word, quotes are word characters too (non-POSIX shlex).
                var start = i;
                while (i < text.Length && (IsWord(text[i]) || text[i] is '"' or '\''))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                tokens.Add(c.ToString());
                i++;
            }
        }

        return tokens;
    }
}
