using ConfLint.Host.Systemd.AppServers;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>
/// Reads the host's systemd units into back ends: services whose ExecStart runs an application server (with their
/// binds, read from the command line, the environment and the server's own file), PHP-FPM services, socket units
/// (<c>ListenStream=</c>) and the services they start, a uwsgi emperor's vassals. Enabled instances of templates
/// (<c>app@3000.service</c> through a <c>.wants/</c> link) are read with their specifiers expanded; templates themselves
/// are not units that run. A service a socket unit starts takes its sockets from systemd: its own bind settings are
/// not where it listens (gunicorn, for one, serves the inherited sockets and binds nothing). A socket unit the root's
/// links prove not started at boot (<see cref="SocketStarts"/>) starts nothing and hands over nothing: its service, run
/// on its own, binds what its configuration says.
/// </summary>
internal static class SystemdBackEnds
{
    public static void Add(HostModel model)
    {
        var workspace = model.Workspace;
        var units = new List<(MergedUnit Unit, ConfigFile MainFile)>();
        foreach (var files in workspace.Units)
        {
            if (!files.IsTemplate && files.MainPath is not null && workspace.FindFile(files.MainPath) is { Tree: not null } mainFile)
            {
                units.Add((workspace.MergedUnit(files), mainFile));
            }
        }

        var sockets = new Dictionary<string, List<SocketBackEnd>>(StringComparer.Ordinal);
        foreach (var (unit, mainFile) in units.Where(u => u.Unit.Name.EndsWith(".socket", StringComparison.Ordinal)))
        {
            if (AddSocket(model, unit, mainFile) is { } socket)
            {
                (sockets.TryGetValue(socket.ServiceName, out var list) ? list : sockets[socket.ServiceName] = []).Add(socket);
            }
        }

        foreach (var (unit, mainFile) in units.Where(u => u.Unit.Name.EndsWith(".service", StringComparison.Ordinal)))
        {
            model.ServiceUnits[unit.Name] = (unit, mainFile);
            AddService(model, unit, mainFile, sockets.GetValueOrDefault(unit.Name) ?? []);
        }
    }

    /// <param name="sockets">The socket units of its name: a back end whatever it runs, where one of them starts it (one the
    /// root's links prove not started hands it nothing, SocketStarts: the service is then read as without them).</param>
    private static void AddService(HostModel model, MergedUnit unit, ConfigFile mainFile, List<SocketBackEnd> sockets)
    {
        var execStart = unit.EffectiveEntry("Service", "ExecStart");
        if (execStart is null)
        {
            return;
        }

        // Only where the service itself may start at boot: a service and socket unit both not enabled are judged as before
        // (the pair not started, the socket unit its listener).
        var serviceDisabled = HostEnablements.Of(model).Of(unit) == UnitEnablement.Disabled;
        var activating = 0;
        foreach (var socket in sockets)
        {
            activating += socket.Starts != UnitEnablement.Disabled || serviceDisabled ? 1 : 0;
        }

        var environment = Environment(model, unit, out var environmentAt, out var complete);
        complete = complete && !ManagerEnvironment(model);
        var parsed = SystemdCommandLine.Parse(execStart.Value);
        var commands = new SystemdCommandLines(parsed.Commands.Select(c => Expand(c, unit.Name, environment, complete)).ToList(), parsed.Error);
        var isPhpFpm = commands.Commands.Any(AppServer.IsPhpFpm);
        var entryFile = model.Workspace.FileOf(execStart.Tree);
        var context = new AppServerContext(commands.Commands.FirstOrDefault()!, environment, WorkingDirectory(unit), unit.Name, model.Files, EnvironmentAt: environmentAt)
        {
            EnvironmentComplete = complete,
            Home = Home(model, unit),
            Root = model.IdentityOfUnit(unit).IsRoot,
        };
        var server = isPhpFpm || commands.Commands.Count == 0 ? null : AppServer.Detect(execStart, entryFile, commands, context);
        // A Tomcat whose server.xml is read as the one the unit runs (TomcatInstall): a vendor's bundled Tomcat (Confluence's
        // start-confluence.sh), or Debian's tomcat10.service, whose tomcat-start.sh runs catalina.sh with the unit's
        // CATALINA_BASE (/var/lib/tomcat10, whose conf is the package's link to /etc/tomcat10). The unit is then no unread
        // program, nor a script left unfollowed: its listeners are the connectors. Where the package's unit names another
        // CATALINA_BASE whose server.xml the root lacks, /etc/tomcatN/server.xml only stands in for it
        // (TomcatInstall.UnitTieAssumed): the unit stays a program ConfLint does not read, which may listen elsewhere.
        // The unit is kept as what runs that Tomcat (HostModel.TomcatServices, tied by TomcatBackEnds), so that its
        // enablement, accounts and limits are the Tomcat's, as a PHP-FPM service's are its pools'.
        if (server is null && !isPhpFpm && activating == 0
            && model.Workspace.TomcatInstalls is { } tomcats && tomcats.Any(t => t.UnitName == unit.Name && !t.UnitTieAssumed))
        {
            model.TomcatServices[unit.Name] = new ServiceBackEnd(unit, mainFile, null, false, environment) { Enablement = HostEnablements.Of(model).Of(unit) };
            return;
        }

        SystemdCommand? quiet = null;
        if (server is null && !isPhpFpm)
        {
            server = FollowScript(model, unit, mainFile, execStart, entryFile, commands, context, out quiet);
        }

        if (server is null && !isPhpFpm && activating == 0)
        {
            // A service whose every command is known to listen on no port (a queue worker, or a script that runs only such
            // programs and mkdir, chown and the like) names no address, whatever its environment holds (a Procfile
            // export's PORT=3000 in every unit).
            if (commands.Commands.Count > 0 && !commands.Commands.All(c => ReferenceEquals(c, quiet) || AppServer.NotListening(c, environment, context.EnvironmentComplete) is not null))
            {
                model.UnreadPrograms.Add(new($"service '{unit.Name}'", ProgramName(unit.Name), commands.Commands.SelectMany(c => c.Arguments.Select(a => a.Value).Prepend(c.Executable.Value)).Concat(environment.Select(e => $"{e.Key}={e.Value}")).ToList(), IsDaemon(unit))
                {
                    Unit = unit, File = entryFile, At = execStart.Location, EnvironmentAt = environmentAt, Enablement = HostEnablements.Of(model).Of(unit),
                });
            }

            return;
        }

        var service = new ServiceBackEnd(unit, mainFile, server, isPhpFpm, environment)
        {
            Enablement = HostEnablements.Of(model).Of(unit),
            IsCgiWrapper = server is null && commands.Commands.Any(c => c.ProgramName == "fcgiwrap"),
        };
        // A socket unit the root's links prove not started at boot hands the service nothing (SocketStarts): the service,
        // started on its own, binds what its configuration says, as without a socket unit.
        foreach (var socket in sockets)
        {
            socket.Service = service;
            model.SetRunBy(socket, service);
            SpeakAs(socket, server);
            if (socket.Starts != UnitEnablement.Disabled || serviceDisabled)
            {
                service.Sockets.Add(socket);
            }
        }

        // A socket-activated puma binds what its configuration says as well (reusing an activated socket of the same
        // address), unless bind_to_activated_sockets is "only" (puma's lib/puma/binder.rb, docs/systemd.md); gunicorn and
        // the others listen on the activated sockets alone.
        // unicorn too (http_server.rb's inherit_listeners!: the inherited sockets, then the configured listeners not among
        // them), but its default 0.0.0.0:8080 only when it inherits none.
        var activated = service.Sockets.Count;
        if (server is not null && (activated == 0 || (server.Program == "puma" && server.ActivatedSockets != "only") || server.Program == "unicorn"))
        {
            service.Listeners.AddRange(activated > 0 && server.Program == "unicorn" ? server.Binds.Where(b => b.Note != UnicornReader.DefaultNote) : server.Binds);
            if (server.BindsUnknown)
            {
                model.UnknownListeners.Add((service, $"{service.Describe()}: " + string.Join("; ", server.Unknowns)));
            }
        }

        foreach (var vassal in server?.Vassals ?? [])
        {
            var backEnd = new VassalBackEnd(vassal, service);
            model.SetRunBy(backEnd, service);
            model.BackEnds.Add(backEnd);
            if (vassal.BindsUnknown)
            {
                model.UnknownListeners.Add((backEnd, $"{backEnd.Describe()}: " + string.Join("; ", vassal.Unknowns)));
            }
        }

        model.BackEnds.Add(service);
    }

    /// <summary>A socket unit's sockets speak what the program it hands them to speaks on every socket it serves, where one
    /// setting says so for all of them: gunicorn's <c>protocol</c> (arbiter.py takes systemd's sockets, <c>LISTEN_FDS</c>,
    /// in place of its binds; its workers parse every connection alike, http/__init__.py's <c>get_parser</c>). Other
    /// programs (uwsgi, whose protocol is each socket's own) leave them of unknown protocol.</summary>
    private static void SpeakAs(SocketBackEnd socket, AppServer? server)
    {
        if (server is not { Program: "gunicorn", Protocol: not BackendProtocol.Other and var protocol })
        {
            return;
        }

        for (var i = 0; i < socket.Listeners.Count; i++)
        {
            socket.Listeners[i] = socket.Listeners[i] with { Protocol = protocol };
        }
    }

    /// <summary>The name a unit's program goes by: the unit's without its type and instance (<c>app</c> for <c>app@1.service</c>).</summary>
    internal static string ProgramName(string unitName) => unitName[..unitName.LastIndexOf('.')].Split('@')[0];

    /// <summary>Whether a service keeps running: a <c>Type=oneshot</c> job (a backup, a migration) listens nowhere.</summary>
    private static bool IsDaemon(MergedUnit unit) => unit.Get("Service", "Type")?.Trim() != "oneshot";

    /// <summary>The server a shell script the service runs starts (<c>ExecStart=bash /opt/seafile/run_with_venv.sh seahub.sh
    /// start</c>), read with the unit's environment and working folder as the scripts change them; a script that was not
    /// followed to one server is noted (<see cref="HostModel.UnfollowedScripts"/>), and the service stays unread; one
    /// followed to its end that runs no listener (<see cref="FollowOutcome.Quiet"/>: Mail-in-a-Box's munin_start.sh, a
    /// mkdir and a chown) is <paramref name="quiet"/>, its command, and is noted in <see cref="HostModel.NonServerScripts"/>.</summary>
    private static AppServer? FollowScript(HostModel model, MergedUnit unit, ConfigFile mainFile, SystemdEntry execStart, ConfigFile entryFile, SystemdCommandLines commands, AppServerContext context, out SystemdCommand? quiet)
    {
        quiet = null;
        foreach (var command in commands.Commands)
        {
            if (ScriptFollower.Follow(command, context.Environment, context.WorkingDirectory, model.Files) is not { } outcome)
            {
                continue;
            }

            if (outcome.Quiet is { } why)
            {
                quiet = command;
                model.NonServerScripts.Add(new($"service '{unit.Name}'", outcome.Script, why, outcome.Made));
                return null;
            }

            foreach (var unread in outcome.Unread)
            {
                model.UnreadPrograms.Add(new($"service '{unit.Name}'", ProgramName(unit.Name), unread, IsDaemon(unit))
                {
                    Unit = unit, File = entryFile, At = execStart.Location, EnvironmentAt = context.EnvironmentAt, Enablement = HostEnablements.Of(model).Of(unit),
                });
            }

            if (outcome.Command is not { } followed)
            {
                model.UnfollowedScripts.Add($"{mainFile.DisplayPath}: {unit.Name} runs the script {outcome.Script}, which ConfLint did not follow to an application server: {outcome.Why}");
                return null;
            }

            var final = outcome.Final()!;

            // A variable a script set anew is written there, not at the unit's Environment= line.
            var at = context.EnvironmentAt?.Where(e => followed.Environment.TryGetValue(e.Key, out var value) && context.Environment.TryGetValue(e.Key, out var unitValue) && value == unitValue)
                .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            var server = AppServer.DetectFollowed(execStart, entryFile, outcome.At, final, context with
            {
                Command = final,
                Environment = followed.Environment,
                WorkingDirectory = followed.WorkingDirectory,
                EnvironmentAt = at,
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

            return server;
        }

        return null;
    }

    private static SocketBackEnd? AddSocket(HostModel model, MergedUnit unit, ConfigFile mainFile)
    {
        var stem = unit.Name[..^".socket".Length];
        var accept = unit.Get("Socket", "Accept") is { } a && a.Trim().ToLowerInvariant() is "yes" or "true" or "1" or "on";

        // With Accept=yes systemd starts an instance of NAME@.service per connection.
        var service = unit.Get("Socket", "Service") is { Length: > 0 } named ? named : accept ? stem + "@.service" : stem + ".service";
        var socket = new SocketBackEnd(unit, mainFile, service) { Starts = SocketStarts.Of(model, unit) };
        foreach (var entry in unit.Effective("Socket", "ListenStream"))
        {
            var value = UnitSpecifiers.Expand(entry.Value.Trim(), unit.Name, out _);
            Endpoint? endpoint = value.StartsWith('/') ? Endpoint.Unix(value)
                : Endpoint.TrySplitHostPort(value, -1, out var host, out var port) ? Endpoint.Tcp(host, port) : null;
            if (endpoint is not null && model.Workspace.FileOf(entry.Tree) is { Source: not null } file)
            {
                socket.Listeners.Add(new EndpointSite(endpoint, file, entry.Location, entry) { Token = entry.ValueToken });
            }
        }

        if (socket.Listeners.Count == 0)
        {
            return null;
        }

        model.BackEnds.Add(socket);
        return socket;
    }

    /// <summary>A command with systemd's expansions done on each word: specifiers (<c>%i</c>), then the unit's environment
    /// (unless the <c>:</c> prefix forbids it): a word that is exactly <c>$VAR</c> becomes the value's words, as systemd
    /// splits it at blanks (<c>$GUNICORN_OPTS</c> holding <c>--workers 5 --bind=127.0.0.1:8345</c> is three arguments),
    /// and <c>${VAR}</c> is replaced in place, as one piece (<see cref="EnvironmentVariables"/>); a variable the
    /// environment does not have is left as written, unless the environment is all the service gets
    /// (<paramref name="complete"/>): a whole-word <c>$VAR</c> then gives no word at all. The program's own path is not
    /// expanded.</summary>
    private static SystemdCommand Expand(SystemdCommand command, string unitName, IReadOnlyDictionary<string, string> environment, bool complete)
    {
        var expandVariables = !command.Prefixes.HasFlag(SystemdExecPrefixes.NoEnvironmentExpansion);
        var arguments = new List<SystemdWord>(command.Arguments.Count);
        foreach (var word in command.Arguments)
        {
            var value = UnitSpecifiers.Expand(word.Value, unitName, out _);
            if (expandVariables && value.Contains('$', StringComparison.Ordinal))
            {
                if (EnvironmentVariables.WholeWord(value) is { } name && (environment.TryGetValue(name, out var found) || complete))
                {
                    foreach (var part in SystemdText.SplitWords(found ?? string.Empty))
                    {
                        arguments.Add(word with { Value = part.Value });
                    }

                    continue;
                }

                value = EnvironmentVariables.Expand(value, environment);
            }

            arguments.Add(word with { Value = value });
        }

        var executable = command.Executable with { Value = UnitSpecifiers.Expand(command.Executable.Value, unitName, out _) };
        return new SystemdCommand(command.Prefixes, executable, arguments);
    }

    /// <summary>The home /etc/passwd gives the unit's <c>User=</c> (a name or a number), which systemd sets as <c>HOME</c>;
    /// null without <c>User=</c> or where the user is not known.</summary>
    private static string? Home(HostModel model, MergedUnit unit)
    {
        if (unit.Get("Service", "User") is not { Length: > 0 } written || UnitSpecifiers.Expand(written.Trim(), unit.Name, out var complete) is not { Length: > 0 } user || !complete)
        {
            return null;
        }

        var name = user.All(char.IsAsciiDigit) ? model.Accounts.UserName(user) ?? user : user;
        return model.Accounts.Home(name) is { } home ? (home.Length == 0 ? "/" : home) : name == "root" ? "/root" : null;
    }

    /// <summary><c>WorkingDirectory=</c> with specifiers expanded (a leading <c>-</c> only makes a missing folder harmless);
    /// <c>~</c> (the user's home) is not known; unset, a system service runs in <c>/</c>.</summary>
    internal static string? WorkingDirectory(MergedUnit unit)
    {
        if (unit.Get("Service", "WorkingDirectory") is not { Length: > 0 } value)
        {
            return "/";
        }

        var folder = UnitSpecifiers.Expand(value.Trim().TrimStart('-'), unit.Name, out var complete);
        return complete && folder.StartsWith('/') ? folder : null;
    }

    /// <summary><c>Environment=</c> assignments, then readable <c>EnvironmentFile=</c>s, which override them (systemd's
    /// order: exec_invoke merges the files' variables after the unit's), specifiers expanded;
    /// <paramref name="at"/> holds the <c>Environment=</c> line that sets each variable it sets last;
    /// <paramref name="complete"/> says whether that is all the unit sets (no <c>PassEnvironment=</c>, which takes variables
    /// from the service manager's own environment, and every <c>EnvironmentFile=</c> read).</summary>
    private static Dictionary<string, string> Environment(HostModel model, MergedUnit unit, out Dictionary<string, Diagnostics.Location> at, out bool complete)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        at = new Dictionary<string, Diagnostics.Location>(StringComparer.Ordinal);
        complete = unit.GetAll("Service", "PassEnvironment").All(p => p.Trim().Length == 0);
        foreach (var assignment in unit.Effective("Service", "Environment"))
        {
            foreach (var word in SystemdText.SplitWords(assignment.Value))
            {
                var equals = word.Value.IndexOf('=');
                if (equals > 0)
                {
                    var name = SystemdText.Shared(word.Value.AsSpan(0, equals));
                    environment[name] = SystemdText.Shared(UnitSpecifiers.Expand(word.Value[(equals + 1)..], unit.Name, out _));
                    at[name] = assignment.Location;
                }
            }
        }

        // The files are read last: what they set overrides Environment= (systemd.exec(5), EnvironmentFile=).
        foreach (var file in unit.GetAll("Service", "EnvironmentFile"))
        {
            var path = UnitSpecifiers.Expand(file.Trim().TrimStart('-'), unit.Name, out _);
            // Never a secret (a hostile unit could name /etc/shadow): its lines could end up in a message.
            if (!(path.StartsWith('/') && !SecretPaths.IsSecret(path) && model.Workspace.FileSystem.Resolve(path) is { } resolved && !SecretPaths.IsSecret(resolved) && model.Workspace.FileSystem.FileExists(path)))
            {
                complete = false;
            }
            else if (model.Files.Read(path) is { } source)
            {
                // Each variable located at its line of the file, so that a finding can point where the value is set.
                for (var number = 1; number <= source.LineCount; number++)
                {
                    var span = source.GetLineSpan(number);
                    var line = source.Text.AsSpan(span.Start, span.Length);
                    var trimmed = line.Trim();
                    var equals = trimmed.IndexOf('=');
                    if (trimmed.Length == 0 || trimmed[0] is '#' or ';' || equals <= 0)
                    {
                        continue;
                    }

                    var key = trimmed[..equals].Trim();
                    var name = SystemdText.Shared(key.StartsWith("export ", StringComparison.Ordinal) ? key[7..].Trim() : key);
                    environment[name] = SystemdText.Shared(trimmed[(equals + 1)..].Trim().Trim("\"'"));
                    at[name] = HostFiles.At(source, span.Start + (line.Length - line.TrimStart().Length), trimmed.Length);
                }
            }
            else
            {
                complete = false;
            }
        }

        return environment;
    }

    /// <summary>Whether the service manager's configuration gives every unit variables of its own
    /// (<c>DefaultEnvironment=</c>, <c>ManagerEnvironment=</c> in system.conf or its drop-ins, systemd-system.conf(5)), which
    /// ConfLint does not read: then no unit's environment is all its programs are given.</summary>
    internal static bool ManagerEnvironment(HostModel model) =>
        model.Shared("SystemdBackEnds.ManagerEnvironment", model, () =>
        {
            var fileSystem = model.Workspace.FileSystem;
            var files = new List<string> { "/etc/systemd/system.conf" };
            foreach (var folder in new[] { "/etc/systemd/system.conf.d", "/run/systemd/system.conf.d", "/usr/lib/systemd/system.conf.d", "/lib/systemd/system.conf.d" })
            {
                if (fileSystem.DirectoryExists(folder))
                {
                    files.AddRange(fileSystem.EnumerateEntries(folder).Where(e => e.EndsWith(".conf", StringComparison.Ordinal)).Select(e => e.StartsWith('/') ? e : folder + "/" + e));
                }
            }

            var sets = files.Where(fileSystem.FileExists).SelectMany(fileSystem.ReadLines)
                .Any(l => l.TrimStart().StartsWith("DefaultEnvironment=", StringComparison.Ordinal) || l.TrimStart().StartsWith("ManagerEnvironment=", StringComparison.Ordinal));
            return sets ? "yes" : null;
        }) is not null;
}
