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
    /// <summary>What stands for a name whose value is not known in a text read as supervisord's <c>environment=</c>: no
    /// word character of its shlex, and no character a configuration file holds.</summary>
    private const char UnknownName = '\0';

    public static void Add(HostModel model)
    {
        var loaded = Read(model.Workspace.FilesOfKind(ConfigKind.Supervisor).Where(f => f.Container is null));
        AddPrograms(model, SupervisorSink.Live(model), loaded, loaded);
    }

    /// <summary>
    /// The programs of files supervisord does not load (<paramref name="files"/>, each read on its own), read as a loaded
    /// program is (the loaded files' <c>[supervisord]</c> environment and folder apply) only to say where they would
    /// listen: never added to the model. A program that runs PHP-FPM is left out (its pools are read from php-fpm's own
    /// files).
    /// </summary>
    internal static List<SupervisorBackEnd> Apart(HostModel model, IEnumerable<Workspace.ConfigFile> files)
    {
        var loaded = Read(model.Workspace.FilesOfKind(ConfigKind.Supervisor).Where(f => f.Container is null));
        var sink = SupervisorSink.Apart();
        foreach (var file in files)
        {
            AddPrograms(model, sink, Read([file]), loaded);
        }

        return sink.BackEnds;
    }

    /// <summary>The sections of supervisord's files as configparser merges them: one <c>[program:x]</c> and one
    /// <c>[fcgi-program:x]</c> per name (the later file's winning), every <c>[supervisord]</c>, and the last
    /// <c>environment=</c> of those.</summary>
    private sealed record Sections(
        Dictionary<string, (SupervisorSection Section, Workspace.ConfigFile File)> Programs,
        Dictionary<string, (SupervisorSection Section, Workspace.ConfigFile File)> FcgiPrograms,
        List<SupervisorSection> Supervisord,
        (SupervisorEntry Entry, Workspace.ConfigFile File)? Environment);

    private static Sections Read(IEnumerable<Workspace.ConfigFile> files)
    {
        var programs = new Dictionary<string, (SupervisorSection Section, Workspace.ConfigFile File)>(StringComparer.Ordinal);
        var fcgiPrograms = new Dictionary<string, (SupervisorSection Section, Workspace.ConfigFile File)>(StringComparer.Ordinal);
        (SupervisorEntry Entry, Workspace.ConfigFile File)? supervisordEnvironment = null;
        var supervisordSections = new List<SupervisorSection>();
        foreach (var file in files)
        {
            if (file.Tree?.Root is not SupervisorConfigFile config)
            {
                continue;
            }

            foreach (var section in config.Sections)
            {
                if (section.Kind == "program" && section.Label is { Length: > 0 })
                {
                    programs[section.Label!] = (section, file);
                }
                else if (section.Kind == "fcgi-program" && section.Label is { Length: > 0 })
                {
                    fcgiPrograms[section.Label!] = (section, file);
                }
                else if (section.Name == "supervisord")
                {
                    // Sections of one name in several files are one to configparser, the later value winning.
                    supervisordSections.Add(section);
                    if (section.Find("environment") is { } environment)
                    {
                        supervisordEnvironment = (environment, file);
                    }
                }
            }
        }

        return new Sections(programs, fcgiPrograms, supervisordSections, supervisordEnvironment);
    }

    /// <summary>The programs of <paramref name="own"/> as back ends, with the <c>[supervisord]</c> environment and folder of
    /// <paramref name="supervisord"/> (the files supervisord loads).</summary>
    private static void AddPrograms(HostModel model, SupervisorSink sink, Sections own, Sections supervisord)
    {
        var global = supervisord.Environment is var (entry, entryFile) ? SupervisordEnvironment(entry.Value, Folder(entryFile.ServerPath)) : [];
        var folder = SupervisordFolder(model, supervisord.Supervisord);
        foreach (var (name, (section, file)) in own.FcgiPrograms)
        {
            AddFcgiProgram(model, sink, name, section, file, global, folder);
        }

        foreach (var (name, (section, file)) in own.Programs)
        {
            if (section.Find("command") is not { ValueToken: not null } command || Processes(section) is not { } processes)
            {
                continue;
            }

            foreach (var processNumber in processes)
            {
                AddProcess(model, sink, name, section, file, command, global, folder, processes.Count > 1 ? processNumber : null, processNumber, processes.Count);
            }
        }
    }

    /// <summary>
    /// The <c>[supervisord]</c> section's <c>environment=</c> as supervisord reads it (options.py, <c>read_config</c>): its
    /// text expanded twice (once as the option is read, once more by <c>expand</c>) with <c>%(here)s</c> and supervisord's
    /// own environment (<c>%(ENV_X)s</c>, not in the files), then read as <see cref="Environment(string?)"/> does. Every
    /// entry goes into every program's environment (a program's own entry winning) and into the <c>%(ENV_X)s</c> expansions
    /// of every program's options (supervisor 4.2.2's CHANGES: "environment variables defined in environment= in the
    /// [supervisord] section ... could not be used in %(ENV_x)s expansions", fixed). Null where it cannot be known.
    /// </summary>
    internal static Dictionary<string, string?>? SupervisordEnvironment(string value, string here)
    {
        SupervisorName? Lookup(string name) => name == "here" ? SupervisorName.Of(here) : name.StartsWith("ENV_", StringComparison.Ordinal) ? SupervisorName.Unknown : null;
        return SupervisorText.Expand(value, Lookup, _ => UnknownName.ToString()) is { } once ? Environment(once.Text, Lookup) : null;
    }

    /// <summary>The folder a program without <c>directory=</c> runs in: supervisord's own. supervisord changes folder only as
    /// it daemonizes, to its <c>[supervisord] directory=</c> (options.py <c>_daemonize</c>); in the foreground
    /// (<c>-n</c>, <c>nodaemon=true</c>: Debian's supervisor.service) it stays in its service's <c>WorkingDirectory=</c>,
    /// <c>/</c> when unset. Null where no service of the root runs supervisord, or the folder is otherwise not known.</summary>
    private static string? SupervisordFolder(HostModel model, List<SupervisorSection> sections)
    {
        var unit = SupervisordUnit(model);
        if (unit is null || Workspace.SupervisordLaunch.CommandLine(unit, out _, out var unread) is not { } options || unread is not null)
        {
            return null;
        }

        var foreground = Foreground(options, sections);
        if (!foreground && sections.Any(s => s.Find("directory") is not null))
        {
            return null;
        }

        return SystemdBackEnds.WorkingDirectory(unit);
    }

    /// <summary>Whether supervisord stays in the foreground: <c>-n</c>/<c>--nodaemon</c> among its options (as getopt reads
    /// them: <c>-nc FILE</c> too), or <c>nodaemon</c> true in the last <c>[supervisord]</c> section read that sets it
    /// (supervisor's <c>boolean</c>: true, yes, on, 1).</summary>
    internal static bool Foreground(IReadOnlyDictionary<string, string> options, IEnumerable<SupervisorSection> sections) =>
        options.ContainsKey("nodaemon")
        || sections.Select(s => s.Find("nodaemon")).LastOrDefault(e => e is not null)?.Value.Trim().ToLowerInvariant() is "true" or "yes" or "on" or "1";

    /// <summary>The service that runs supervisord (its console script at any path, or Python running it or
    /// <c>-m supervisor.supervisord</c>: <see cref="Workspace.SupervisordLaunch.Runs"/>), or null.</summary>
    internal static Workspace.Systemd.MergedUnit? SupervisordUnit(HostModel model) =>
        model.ServiceUnits.Values.Select(u => u.Unit)
            .FirstOrDefault(u => u.Get("Service", "ExecStart") is { } exec && Syntax.Systemd.SystemdCommandLine.Parse(exec).Commands.Any(c => Workspace.SupervisordLaunch.Runs(c, out _, out _)));

    /// <summary>The folder of a file's path: supervisord's <c>%(here)s</c> for the options written in it.</summary>
    private static string Folder(string path) => path[..Math.Max(path.LastIndexOf('/'), 0)];

    /// <summary>
    /// One process of a program, read as supervisord builds it (options.py, <c>processes_from_section</c>): its
    /// <c>environment=</c> expanded with <c>%(here)s</c>, <c>%(program_name)s</c>, <c>%(process_num)</c>,
    /// <c>%(numprocs)</c> and the <c>[supervisord]</c> environment's <c>%(ENV_X)s</c>; its <c>command=</c> with those and
    /// its own environment's too; the two environments merged, its own winning. A command that cannot be read (a name
    /// whose value the files do not show, such as a variable of supervisord's own environment, or an option supervisord
    /// refuses) leaves the program an unread one (<see cref="HostModel.UnreadPrograms"/>), never a program that is not there.
    /// </summary>
    private static void AddProcess(HostModel model, SupervisorSink sink, string name, SupervisorSection section, Workspace.ConfigFile file, SupervisorEntry command,
        Dictionary<string, string?>? global, string? supervisordFolder, int? shownNumber, int processNumber, int processCount)
    {
        var here = Folder(file.ServerPath);
        var common = Names(name, here, processNumber, processCount, global, null);
        var own = section.Find("environment") is { } written ? Environment(written.Value, common) : [];
        var names = Names(name, here, processNumber, processCount, global, own);
        var expanded = SupervisorText.Expand(command.Value, names, reference => reference);
        var words = expanded is null ? null : Words(expanded, command.Value, command.ValueToken.GetValueOrDefault());
        if (own is null || global is null || expanded is not { Complete: true } || words is not { Count: > 0 })
        {
            // What the program runs, or with which environment, is not known: it may listen anywhere.
            var said = words?.Select(w => w.Value) ?? command.Value.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            var environment = (global ?? []).Concat(own ?? []).Select(e => $"{e.Key}={e.Value}");
            sink.Unread(new($"supervisord program '{name}'", name, said.Concat(environment).ToList(), true));
            sink.UnreadCommand($"{file.DisplayPath}:{command.Position.Line}: supervisord program '{name}': "
                + (global is null ? "the [supervisord] section's environment= cannot be read (a value supervisord refuses, or a %(ENV_X)s of supervisord's own environment outside quotes)"
                    : own is null ? "its environment= cannot be read (a value supervisord refuses, or a %(ENV_X)s of supervisord's own environment outside quotes)"
                    : expanded is null ? "supervisord refuses to expand its command (a %(name)s it does not have, or a format it cannot apply)"
                    : !expanded.Complete ? "its command names a %(name)s whose value the files do not show (supervisord's own environment)"
                    : "its command cannot be split into words")
                + ": what it runs, and where it listens, is not known");
            return;
        }

        var merged = new Dictionary<string, string?>(global, StringComparer.Ordinal);
        foreach (var (key, value) in own)
        {
            merged[key] = value;
        }

        // directory= is expanded with the same names as the command (the expansions' dictionary is shared in options.py).
        var directory = section.Find("directory") is { } folder
            ? SupervisorText.Expand(folder.Value.Trim(), names, _ => string.Empty) is { Complete: true, Text: { Length: > 0 } path } && path.StartsWith('/') ? path : null
            : supervisordFolder;
        AddProgram(model, sink, name, section, file, command, words, merged, directory, shownNumber, processCount);
    }

    /// <summary>The names supervisord expands in a program's options: <c>here</c> (the file's folder), <c>program_name</c>,
    /// <c>process_num</c>, <c>numprocs</c>, the <c>ENV_X</c> of the program's own environment (<paramref name="own"/>, for
    /// its command), of the <c>[supervisord]</c> environment (<paramref name="global"/>) and of supervisord's own, which the
    /// files do not show; <c>group_name</c> and <c>host_node_name</c> are not known. Null for a name supervisord does not have.</summary>
    private static Func<string, SupervisorName?> Names(string program, string here, int processNumber, int processCount, Dictionary<string, string?>? global, Dictionary<string, string?>? own) =>
        name => name switch
        {
            "here" => SupervisorName.Of(here),
            "program_name" => SupervisorName.Of(program),
            "process_num" => SupervisorName.Of(processNumber),
            "numprocs" => SupervisorName.Of(processCount),
            "group_name" or "host_node_name" => SupervisorName.Unknown,
            _ when name.StartsWith("ENV_", StringComparison.Ordinal) => (own is null ? null : Variable(name[4..], own)) ?? Variable(name[4..], global) ?? SupervisorName.Unknown,
            _ => null,
        };

    /// <summary>A variable of an environment as an expansion: its value, unknown where its value (or the whole environment,
    /// null) is not known, null where it is not set.</summary>
    private static SupervisorName? Variable(string name, Dictionary<string, string?>? environment) =>
        environment is null ? SupervisorName.Unknown
        : environment.TryGetValue(name, out var value) ? (value is null ? SupervisorName.Unknown : SupervisorName.Of(value))
        : null;

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

    /// <summary>One process of a program as a back end (<paramref name="processNumber"/> null for a program of one process).</summary>
    private static void AddProgram(HostModel model, SupervisorSink sink, string name, SupervisorSection section, Workspace.ConfigFile file, SupervisorEntry command, List<ComposeWord> words,
        Dictionary<string, string?> environment, string? directory, int? processNumber, int processCount)
    {
        var program = CommandServers.ToCommand(words);
        if (AppServer.IsPhpFpm(program))
        {
            // One master keeps its pools: several processes of it would fight over the same sockets. One of a file
            // supervisord does not load keeps none.
            if (processNumber is null && sink.IsLive)
            {
                AddPhpFpm(model, name, section, file, program);
            }

            return;
        }

        // Without a folder known (no directory=, and supervisord's own not shown), files read from it may be unseen.
        var server = CommandServers.Detect(words, file, command, command.Location, environment, directory, name, model.Files, unseen: directory is null);
        var quiet = false;
        if (server is null && Follow(model, sink, name, file, command, program, environment, directory, out var followed) is { } outcome)
        {
            // A script not followed to a server is noted; the program is then unread, as one that runs no script. One
            // that runs no listener (Open edX's worker.sh, exec celery $@) is a program that listens nowhere.
            server = followed;
            quiet = outcome.Quiet is not null;
        }

        if (server is null)
        {
            if (quiet)
            {
                return;
            }

            // A program known to listen on no port (a queue worker) names no address, whatever its environment holds.
            if (AppServer.NotListening(program, environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal), complete: false) is null)
            {
                sink.Unread(new($"supervisord program '{name}'", name, words.Select(w => w.Value).Concat(environment.Select(e => $"{e.Key}={e.Value}")).ToList(), true));
            }

            return;
        }

        var backEnd = new SupervisorBackEnd(name, section, file, server, null) { ProcessNumber = processNumber, ProcessCount = processCount };
        backEnd.Listeners.AddRange(server.Binds);
        if (server.BindsUnknown || server.Vassals.Count > 0)
        {
            sink.UnknownListener(backEnd, $"{backEnd.Describe()}: " + string.Join("; ", server.Unknowns.DefaultIfEmpty("its uwsgi vassals are not read under supervisord")));
        }

        sink.Add(backEnd);
    }

    /// <summary>The server a shell script the program runs starts (Redash's <c>bin/run</c>, which sources the app's
    /// environment and then runs <c>exec "$@"</c>), read as a systemd service's script is (<see cref="ScriptFollower"/>)
    /// with the program's <c>environment=</c> and <c>directory=</c>; null when the command runs no script. A script not
    /// followed to one server is noted (<see cref="HostModel.UnfollowedScripts"/>), and <paramref name="server"/> is null;
    /// one that runs no listener (<see cref="FollowOutcome.Quiet"/>) is noted in <see cref="HostModel.NonServerScripts"/>
    /// instead, and none of its programs is unread.</summary>
    private static FollowOutcome? Follow(HostModel model, SupervisorSink sink, string name, Workspace.ConfigFile file, SupervisorEntry entry, Syntax.Systemd.SystemdCommand program, IReadOnlyDictionary<string, string?> environment, string? directory, out AppServer? server)
    {
        server = null;
        var known = environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
        if (file.Source is not { } source || ScriptFollower.Follow(program, known, directory, model.Files) is not { } outcome)
        {
            return null;
        }

        if (outcome.Quiet is { } why)
        {
            sink.NonServerScript(new($"supervisord program '{name}'", outcome.Script, why, outcome.Made));
            return outcome;
        }

        foreach (var unread in outcome.Unread)
        {
            sink.Unread(new($"supervisord program '{name}'", name, unread, true));
        }

        if (outcome.Command is not { } followed)
        {
            sink.UnfollowedScript($"{file.DisplayPath}: supervisord program '{name}' runs the script {outcome.Script}, which ConfLint did not follow to an application server: {outcome.Why}");
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

        if (server is not null)
        {
            server.Scripts = followed.Scripts.Count > 0 ? followed.Scripts : [outcome.Script];
            server.ScriptUmask = followed.Umask;
        }

        return outcome;
    }

    /// <summary>An <c>[fcgi-program:x]</c>: supervisord itself binds its <c>socket</c> (<c>unix:///PATH</c> or
    /// <c>tcp://HOST:PORT</c>, with <c>%(program_name)s</c> and <c>%(here)s</c> expanded) and hands it to the processes as
    /// their descriptor 0 (supervisor's process.py, FastCGISubprocess: the socket is dup2'd onto fd 0 of each child), so that
    /// is where the program answers, whatever its command line says. Its command is read as a <c>[program:x]</c>'s (the
    /// first process's, with its <c>environment=</c> and <c>directory=</c>: <see cref="FcgiServer"/>), for the program's
    /// working folder and name (the ties of <see cref="ConfLint.Rules.Support.SameApplication"/>) and for what it speaks on the
    /// socket (<see cref="FcgiProtocol"/>); its own binds are not the back end's listeners.</summary>
    private static void AddFcgiProgram(HostModel model, SupervisorSink sink, string name, SupervisorSection section, Workspace.ConfigFile file, Dictionary<string, string?>? global, string? supervisordFolder)
    {
        if (section.Find("socket") is not { ValueToken: not null } socket)
        {
            return;
        }

        var server = FcgiServer(model, name, section, file, global, supervisordFolder);
        var backEnd = new SupervisorBackEnd(name, section, file, server, null) { OwnSocket = true };
        sink.Add(backEnd);
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
            sink.UnknownListener(backEnd, $"{backEnd.Describe()}: its socket = {socket.Value.Trim()} names no address ConfLint can know");
            return;
        }

        var (protocol, serves) = FcgiProtocol(server);
        backEnd.Listeners.Add(new EndpointSite(endpoint, file, socket.Location, socket)
        {
            Protocol = protocol,
            Note = $"socket of [fcgi-program:{name}], which supervisord binds" + (serves is null ? string.Empty : $" and {serves}"),
        });
    }

    /// <summary>The application server an <c>[fcgi-program:x]</c>'s command runs, read as <see cref="AddProcess"/> reads a
    /// <c>[program:x]</c>'s (its first process, <c>numprocs_start</c>): null where the command, its environment or its folder
    /// cannot be read, where it runs PHP-FPM or a script, or a program ConfLint does not read.</summary>
    private static AppServer? FcgiServer(HostModel model, string name, SupervisorSection section, Workspace.ConfigFile file, Dictionary<string, string?>? global, string? supervisordFolder)
    {
        if (global is null || section.Find("command") is not { ValueToken: not null } command || Processes(section) is not { Count: > 0 } processes)
        {
            return null;
        }

        var here = Folder(file.ServerPath);
        var common = Names(name, here, processes[0], processes.Count, global, null);
        if ((section.Find("environment") is { } written ? Environment(written.Value, common) : []) is not { } own)
        {
            return null;
        }

        var names = Names(name, here, processes[0], processes.Count, global, own);
        if (SupervisorText.Expand(command.Value, names, reference => reference) is not { Complete: true } expanded
            || Words(expanded, command.Value, command.ValueToken.GetValueOrDefault()) is not { Count: > 0 } words
            || AppServer.IsPhpFpm(CommandServers.ToCommand(words)))
        {
            return null;
        }

        var merged = new Dictionary<string, string?>(global, StringComparer.Ordinal);
        foreach (var (key, value) in own)
        {
            merged[key] = value;
        }

        var directory = section.Find("directory") is { } folder
            ? SupervisorText.Expand(folder.Value.Trim(), names, _ => string.Empty) is { Complete: true, Text: { Length: > 0 } path } && path.StartsWith('/') ? path : null
            : supervisordFolder;
        return CommandServers.Detect(words, file, command, command.Location, merged, directory, name, model.Files, unseen: directory is null);
    }

    /// <summary>What an <c>[fcgi-program:x]</c>'s server speaks on the socket supervisord hands it, and how it takes that
    /// socket (for the listener's note): HTTP for daphne and uvicorn told <c>--fd</c> (daphne/cli.py and endpoints.py: an
    /// <c>fd:fileno=N</c> endpoint; uvicorn's config.py: <c>socket.fromfd</c>), and for hypercorn and gunicorn bound to
    /// <c>fd://N</c> (hypercorn's config.py, gunicorn's sock.py), gunicorn speaking what its <c>protocol</c> says; any other,
    /// or one that does not take the inherited socket, speaks what is not known there.</summary>
    private static (BackendProtocol Protocol, string? Serves) FcgiProtocol(AppServer? server)
    {
        if (server is null)
        {
            return (BackendProtocol.Other, null);
        }

        var command = server.Command;
        var inherited = server.Program switch
        {
            "daphne" or "uvicorn" => command.OptionValues("--fd").FirstOrDefault().Value is { } fd ? $"--fd {fd}" : null,
            "gunicorn" or "hypercorn" => command.OptionValues("--bind", "-b").Select(b => b.Value).FirstOrDefault(b => b?.StartsWith("fd://", StringComparison.Ordinal) == true) is { } bind ? $"--bind {bind}" : null,
            _ => null,
        };
        if (inherited is null)
        {
            return (BackendProtocol.Other, null);
        }

        var protocol = server.Program == "gunicorn" ? server.Protocol : BackendProtocol.Http;
        return protocol == BackendProtocol.Other ? (protocol, null) : (protocol, $"{server.Program} serves ({inherited}), speaking {(protocol == BackendProtocol.Http ? "HTTP" : protocol.ToString().ToLowerInvariant())}");
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

    /// <summary>Who the program's process runs as (<see cref="ProgramIdentity"/>); where supervisord cannot switch to its
    /// <c>user=</c>, supervisord's own user.</summary>
    internal static RunAs Master(HostModel model, string name, SupervisorSection section) =>
        ProgramIdentity(model, name, section) ?? SupervisordIdentity(model);

    /// <summary>
    /// Who a program's process runs as, as supervisord starts it (supervisor's options.py, <c>drop_privileges</c>, called
    /// by process.py's <c>_spawn</c> in the child): its <c>user=</c> with that user's primary group and supplementary
    /// groups (<c>setgid</c>, <c>initgroups</c>, <c>setuid</c>) where supervisord runs as root ("The user can only be
    /// switched if supervisord is run as the root user"); without <c>user=</c>, or naming the user supervisord already runs
    /// as, supervisord's own (<see cref="SupervisordIdentity"/>). Null where supervisord is not root and the program names
    /// another user: "Can't drop privilege as nonroot user", and the child exits before it runs the command; or where the
    /// value is one supervisord expands (<c>%(ENV_X)s</c>).
    /// </summary>
    internal static RunAs? ProgramIdentity(HostModel model, string name, SupervisorSection section)
    {
        var supervisord = SupervisordIdentity(model);
        if (section.Find("user")?.Value.Trim() is not { Length: > 0 } user)
        {
            return supervisord;
        }

        if (user.Contains("%(", StringComparison.Ordinal))
        {
            return null;
        }

        var named = user.All(char.IsAsciiDigit) ? model.Accounts.UserName(user) ?? user : user;
        if (named == supervisord.User)
        {
            return supervisord;
        }

        return supervisord.IsRoot ? new RunAs(named, model.Accounts.PrimaryGroup(named), $"user={user} of supervisord program '{name}'", supervisord.Proven) : null;
    }

    /// <summary>
    /// Who supervisord itself runs as: the user of the service that runs it (Debian's and Ubuntu's supervisor.service, and
    /// the RPM's supervisord.service, set no <c>User=</c>: root), else the root's first process in a container, else root
    /// as the packages start it; then the <c>[supervisord]</c> section's <c>user=</c> where it starts as root ("Instruct
    /// supervisord to switch users to this UNIX user account before doing any meaningful processing. The user can only be
    /// switched if supervisord is started as the root user", supervisord's configuration docs).
    /// </summary>
    internal static RunAs SupervisordIdentity(HostModel model) =>
        model.Shared("SupervisorBackEnds.SupervisordIdentity", model, () =>
        {
            var started = model.IdentityOfUnit(SupervisordUnit(model));
            string? user = null;
            foreach (var file in model.Workspace.FilesOfKind(ConfigKind.Supervisor))
            {
                if (file.Container is null && file.Tree?.Root is SupervisorConfigFile config)
                {
                    foreach (var section in config.Sections)
                    {
                        // One [supervisord] to configparser: the value of the file read last wins.
                        if (section.Name == "supervisord" && section.Find("user")?.Value.Trim() is { Length: > 0 } written)
                        {
                            user = written;
                        }
                    }
                }
            }

            if (user is null || !started.IsRoot || user is "root" or "0" || user.Contains("%(", StringComparison.Ordinal))
            {
                return started;
            }

            var named = user.All(char.IsAsciiDigit) ? model.Accounts.UserName(user) ?? user : user;
            return new RunAs(named, model.Accounts.PrimaryGroup(named), $"supervisord switches to user={user} of its [supervisord] section", started.Proven);
        });

    /// <summary>The command's words as supervisord splits the expanded command (process.py, <c>shlex.split</c>), each at its
    /// place in the file: where it is written, an expanded word where its <c>%(name)s</c> is; null when it cannot be split.</summary>
    private static List<ComposeWord>? Words(SupervisorExpanded expanded, string value, SyntaxToken token)
    {
        if (ShellWords.Split(expanded.Text) is not { Count: > 0 } parts)
        {
            return null;
        }

        var text = token.Tree.Source.Text;
        var words = new List<ComposeWord>();
        var at = 0;
        var from = token.Start;
        foreach (var part in parts)
        {
            var span = token.Span;
            var index = part.Length == 0 ? -1 : expanded.Text.IndexOf(part, at, StringComparison.Ordinal);
            if (index >= 0)
            {
                // What is written for the word's characters (the value as read may join continuation lines: found in the file).
                var written = value[expanded.From[index]..expanded.To[index + part.Length - 1]];
                var found = text.IndexOf(written, from, Math.Max(0, token.End - from), StringComparison.Ordinal);
                if (found >= 0)
                {
                    span = new TextSpan(found, written.Length);
                    from = found + written.Length;
                }

                at = index + part.Length;
            }

            words.Add(new ComposeWord(part, span));
        }

        return words;
    }

    /// <summary>A program's <c>environment=</c> with every expansion's value unknown (<see cref="Environment(string?, Func{string, SupervisorName?})"/>).</summary>
    internal static Dictionary<string, string?>? Environment(string? value) => Environment(value, static _ => SupervisorName.Unknown);

    /// <summary>
    /// <c>KEY="value",KEY2=value2</c>, as supervisord reads it (datatypes.py, <c>dict_of_key_value_pairs</c>), after its
    /// expansions (<paramref name="names"/>): Python's <c>shlex</c> in its non-POSIX mode, with <c>/.+-():</c> added to the
    /// word characters, cuts the text into tokens (a quoted string is one token, quotes kept, so a comma inside quotes stays
    /// in the value); then each group of <c>KEY = VALUE ,</c> gives one entry, its value stripped of quotes. A text it
    /// refuses (a missing <c>=</c>, a quote never closed, an expansion it cannot make) stops supervisord; null then, as for
    /// an expansion whose value is not known outside quotes (supervisord's own environment), which may hold what cuts the
    /// text otherwise: the environment is not known. Such an expansion inside quotes leaves that entry's value null.
    /// </summary>
    internal static Dictionary<string, string?>? Environment(string? value, Func<string, SupervisorName?> names)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (value is null)
        {
            return environment;
        }

        if (SupervisorText.Expand(value, names, _ => UnknownName.ToString()) is not { } expanded || ShlexTokens(expanded.Text) is not { } tokens)
        {
            return null;
        }

        for (var i = 0; i < tokens.Count; i += 4)
        {
            if (tokens.Count - i < 3 || tokens[i + 1] != "=" || tokens[i].Contains(UnknownName) || (i + 3 < tokens.Count && tokens[i + 3].Contains(UnknownName)))
            {
                return null;
            }

            var text = tokens[i + 2];
            var quoted = text[0] is '"' or '\'';
            if (!quoted && text.Contains(UnknownName))
            {
                return null;
            }

            environment[tokens[i]] = text.Contains(UnknownName) ? null : text.Trim('"', '\'');
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
