using ConfLint.Syntax.Systemd;
using ConfLint.Units;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// gunicorn (and hypercorn, which shares its options). Settings come, from weakest to strongest, from the environment
/// (<c>PORT</c> makes the default bind 0.0.0.0:$PORT), the configuration file (<c>-c FILE</c>, <c>file:FILE</c>, else
/// <c>gunicorn.conf.py</c> in the working folder; <c>python:MODULE</c> cannot be read), <c>GUNICORN_CMD_ARGS</c>, and
/// the command line. Read here: <c>bind</c> (a string or a list), <c>timeout</c> (30 s), <c>worker_class</c> (sync),
/// <c>threads</c> (1) and <c>protocol</c> (http). The timeout limits a request only for sync workers with one thread:
/// gthread and async workers keep telling the arbiter they are alive while a request runs.
/// Each layer sets only what it names, over the weaker ones (gunicorn 20.1, app/base.py, <c>Application.load_config</c>:
/// <c>load_config_from_file</c>, then each setting of <c>GUNICORN_CMD_ARGS</c>, then each of the command line, through
/// <c>cfg.set</c>, which replaces the value, the list of binds too): a configuration file ConfLint cannot read (not in the
/// root, a <c>python:</c> module) leaves unknown only what neither the command line nor <c>GUNICORN_CMD_ARGS</c> sets;
/// <c>-b</c> there decides the binds whatever the file says. What the file reads from the environment
/// (<c>os.environ.get</c>) is evaluated with the process's environment where it is known (<see cref="EnvironmentValue"/>).
/// </summary>
internal sealed partial class GunicornReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var command = context.Command;
        var fromEnvironment = context.Environment.TryGetValue("GUNICORN_CMD_ARGS", out var extra)
            ? new SystemdCommand(SystemdExecPrefixes.None, new SystemdWord(server.Program, 0, 0), SystemdText.SplitWords(extra))
            : null;
        // A -c file not in the root, a python: module: what it may set is unknown, unless a stronger layer sets it.
        var config = ConfigFile(server, context, command, fromEnvironment, out var configUnread);

        // No -c, and gunicorn.conf.py of its working folder may be where ConfLint cannot look: what it sets is unknown.
        var unseen = config is null && context.UnseenFiles && server.Program == "gunicorn"
            && command.OptionValues("--config", "-c").LastOrDefault().Value is null && fromEnvironment?.OptionValues("--config", "-c").LastOrDefault().Value is null;

        // A relative socket path (`--bind unix:app.sock`) is the folder gunicorn binds from: its --chdir, else its own.
        var chdir = command.OptionValues("--chdir").LastOrDefault().Value ?? fromEnvironment?.OptionValues("--chdir").LastOrDefault().Value;
        var folder = AppServer.BindFolder(chdir, context.WorkingDirectory);
        var protocol = ReadProtocol(server, command, fromEnvironment, config, unseen, configUnread);

        // Binds: the command line, else GUNICORN_CMD_ARGS, else the file, else the default.
        foreach (var word in command.OptionValues("--bind", "-b"))
        {
            server.AddAddress(word, protocol, folder);
        }

        if (server.Binds.Count == 0 && !server.BindsUnknown && fromEnvironment is not null)
        {
            foreach (var word in fromEnvironment.OptionValues("--bind", "-b"))
            {
                if (AppServer.ParseAddress(word.Value, folder: folder) is { } endpoint)
                {
                    server.AddBind(endpoint, null, protocol, $"--bind {word.Value} in GUNICORN_CMD_ARGS");
                }
            }
        }

        if (server.Binds.Count == 0 && !server.BindsUnknown && configUnread is not null)
        {
            server.Unknown($"gunicorn is given no --bind, and {configUnread}");
        }

        if (server.Binds.Count == 0 && !server.BindsUnknown && unseen)
        {
            server.Unknown("gunicorn is given no --bind, and reads gunicorn.conf.py of a working folder ConfLint cannot see");
        }

        if (server.Binds.Count == 0 && !server.BindsUnknown && config?.Get("bind") is { } bind)
        {
            if (bind.Values is { } values)
            {
                foreach (var value in values)
                {
                    if (AppServer.ParseAddress(value, folder: folder) is { } endpoint)
                    {
                        server.AddBindAt(endpoint, bind.Location, protocol, $"bind in {bind.Location.Path}:{bind.Location.Start.Line}{(bind.FromEnvironment is { } read ? $", with {read}" : string.Empty)}");
                    }
                    else
                    {
                        server.Unknown($"bind = {value} in {bind.Location.Path} names no fixed address");
                    }
                }
            }
            else
            {
                server.Unknown($"bind in {bind.Location.Path}:{bind.Location.Start.Line} {bind.Why ?? "is computed by code"}");
            }
        }

        if (server.Binds.Count == 0 && !server.BindsUnknown)
        {
            if (config is { Opaque: true })
            {
                server.Unknown($"{config.Source.Path} imports settings ConfLint cannot read");
            }
            else
            {
                var port = context.Environment.TryGetValue("PORT", out var p) && int.TryParse(p, out var n) ? n : 0;
                server.AddBind(port > 0 ? Endpoint.Tcp("0.0.0.0", port) : Endpoint.Tcp("127.0.0.1", 8000), null, protocol,
                    port > 0 ? $"{server.Program} binds 0.0.0.0:$PORT from the environment" : $"{server.Program}'s default bind");
            }
        }

        ReadTimeout(server, command, fromEnvironment, config, unseen, configUnread);

        ReadTls(server, command, fromEnvironment, config, unseen || configUnread is not null);
        if (server.Program == "gunicorn")
        {
            server.GunicornSocket = ReadSocketSettings(command, fromEnvironment, config, unseen, configUnread, server);
        }
    }

    /// <summary>
    /// What gunicorn gives the Unix sockets it binds (sock.py, <c>UnixSocket.bind</c>: <c>os.umask(conf.umask)</c>, the
    /// bind, then <c>util.chown(path, conf.uid, conf.gid)</c>): its <c>umask</c> (<c>-m</c>/<c>--umask</c>, default 0),
    /// <c>user</c> (<c>-u</c>/<c>--user</c>, default <c>os.geteuid()</c>) and <c>group</c> (<c>-g</c>/<c>--group</c>,
    /// default <c>os.getegid()</c>, the process's group even where <c>user</c> is set), each from the strongest layer that
    /// sets it (app/base.py's <c>load_config</c>: the file, then <c>GUNICORN_CMD_ARGS</c>, then the command line). Not known
    /// where the strongest setting is computed by code or holds a variable, or where none of the readable layers sets it
    /// and the file may (it imports settings, is not in the root, is a <c>python:</c> module, or is in a working folder
    /// ConfLint cannot see). A file that exists but does not name the setting leaves the default.
    /// </summary>
    private static GunicornSocketSettings ReadSocketSettings(SystemdCommand command, SystemdCommand? fromEnvironment, PythonAssignments? config, bool unseen, string? configUnread, AppServer server)
    {
        GunicornSetting? Read(string name, string[] options, out string? unknown)
        {
            var found = Setting(command, fromEnvironment, config, name, options);
            unknown = found switch
            {
                { Unknown: true } => $"{name} in {found.Location} {found.Why ?? "is computed by code"}",
                { Location: null, Value: var text } when text!.Contains('$', StringComparison.Ordinal) => $"{DescribedSetting(found, options[0])} is not known",
                _ when found is not null && found.Location is null => null,
                _ when unseen => $"gunicorn is given no {options[0]}, and reads gunicorn.conf.py of a working folder ConfLint cannot see",
                _ when configUnread is not null => $"gunicorn is given no {options[0]}, and {configUnread}",
                _ when config is { Opaque: true } => $"{config.Source.Path} imports settings ConfLint cannot read, {name} among them",
                _ => null,
            };
            return found is null || unknown is not null ? null : new GunicornSetting(found.Value!, DescribedSetting(found, options[0]), found.Location ?? (found.Word is { } word ? server.LocationOf(word) : null), found.Location is not null);
        }

        var umask = Read("umask", ["--umask", "-m"], out var why);
        var user = why is null ? Read("user", ["--user", "-u"], out why) : null;
        var group = why is null ? Read("group", ["--group", "-g"], out why) : null;
        var bits = 0;
        if (why is null && umask is not null)
        {
            // A file's value is Python's own (an int literal such as 0o007, or a string validate_pos_int reads with
            // int(value, 0)); a command-line or GUNICORN_CMD_ARGS value goes through auto_int first, which reads 007 as octal.
            var value = umask.InFile ? PythonInt(umask.Value) : AutoInt(umask.Value);
            if (value is { } parsed)
            {
                bits = parsed & 0b111_111_111;
            }
            else
            {
                why = $"{umask.Described} is not an integer gunicorn accepts (int(value, 0)), and gunicorn refuses to start with it";
            }
        }

        foreach (var setting in new[] { user, group })
        {
            if (why is null && setting is { InFile: true } && setting.Value is "None" or "True" or "False")
            {
                why = $"{setting.Described} is not a name or id ConfLint reads";
            }
        }

        return new GunicornSocketSettings(bits, umask, user, group, why);
    }

    /// <summary>A setting as written, for messages: <c>--umask 007</c>, <c>--umask 007 in GUNICORN_CMD_ARGS</c>,
    /// <c>umask = 0o007 in /var/www/app/gunicorn.conf.py:3:8</c>.</summary>
    private static string DescribedSetting(Found setting, string option) =>
        setting.Location is { Source: { } source } at ? $"{setting.Name.Split(' ')[0]} = {source.Text.Substring(at.Span.Start, at.Span.Length)} in {at}"
        : setting.Word is not null ? $"{option} {setting.Value}"
        : $"{option} {setting.Value} in GUNICORN_CMD_ARGS";

    /// <summary>An integer as Python's <c>int(text, 0)</c> reads it (and as a Python file's int literal is written):
    /// <c>0o</c>, <c>0x</c>, <c>0b</c> prefixes, single underscores between digits, and a decimal without leading zeros
    /// (<c>007</c> is refused); gunicorn's <c>validate_pos_int</c> refuses a negative value. Null where gunicorn refuses it.</summary>
    internal static int? PythonInt(string text)
    {
        var match = PythonIntPattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var digits = match.Groups["digits"].Value.Replace("_", string.Empty, StringComparison.Ordinal);
        var radix = match.Groups["prefix"].Value.ToLowerInvariant() switch { "0x" => 16, "0o" => 8, "0b" => 2, _ => 10 };
        try
        {
            var value = Convert.ToInt64(digits, radix);
            return match.Groups["sign"].Value == "-" && value != 0 ? null : value > int.MaxValue ? null : (int)value;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A command-line integer as gunicorn's <c>auto_int</c> reads it (config.py): a leading 0 before a digit is
    /// made <c>0o</c> (<c>007</c> is octal 7), then <c>int(x, 0)</c> (<see cref="PythonInt"/>).</summary>
    internal static int? AutoInt(string text) =>
        PythonInt(text.Length > 1 && text[0] == '0' && char.IsAsciiDigit(text[1]) ? "0o" + text[1..] : text);

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<sign>[+-]?)(?:(?<prefix>0[xX])(?<digits>(?:_?[0-9a-fA-F])+)|(?<prefix>0[oO])(?<digits>(?:_?[0-7])+)|(?<prefix>0[bB])(?<digits>(?:_?[01])+)|(?<digits>0(?:_?0)*|[1-9](?:_?[0-9])*))$")]
    private static partial System.Text.RegularExpressions.Regex PythonIntPattern();

    /// <summary>The workers that parse requests with gunicorn's own parsers (http/__init__.py's <c>get_parser</c>, or the
    /// asgi worker's asgi/protocol.py), and so read <c>protocol</c>: workers/__init__.py's names and the classes they
    /// stand for. gevent_wsgi/gevent_pywsgi (gevent's pywsgi server), tornado and third-party workers (uvicorn's) parse
    /// requests with their own servers.</summary>
    private static readonly HashSet<string> ProtocolWorkers = new(StringComparer.Ordinal)
    {
        "sync", "gunicorn.workers.sync.SyncWorker",
        "gthread", "gunicorn.workers.gthread.ThreadWorker",
        "gevent", "gunicorn.workers.ggevent.GeventWorker",
        "eventlet", "gunicorn.workers.geventlet.EventletWorker",
        "asgi", "gunicorn.workers.gasgi.ASGIWorker",
    };

    /// <summary>
    /// What gunicorn's listeners speak: its <c>protocol</c> setting (config.py's <c>Protocol</c>, <c>--protocol</c>, in
    /// gunicorn 24 and later), by the usual precedence (the command line over <c>GUNICORN_CMD_ARGS</c> over the file,
    /// app/base.py's <c>load_config</c>). Exactly <c>uwsgi</c> makes http/__init__.py's <c>get_parser</c> hand each
    /// connection to the uWSGI parser (gunicorn/uwsgi/parser.py), on every socket, bound or handed over by systemd; any
    /// other value (<c>validate_string</c> takes any), and none, leaves HTTP. Only gunicorn's own workers read it
    /// (<see cref="ProtocolWorkers"/>): with another worker class, <c>uwsgi</c> is not judged. The release is not known:
    /// the asgi worker reads it from gunicorn 25 (24's spoke HTTP), and a gunicorn before 24 refuses the option and exits;
    /// <c>uwsgi</c> is taken as the current gunicorn takes it. A value computed by code, a variable, or a file that may
    /// set it where ConfLint cannot read leaves it unknown (<see cref="BackendProtocol.Other"/>, the reason in
    /// <see cref="AppServer.ProtocolUnknown"/>). hypercorn has no such setting: HTTP.
    /// </summary>
    private static BackendProtocol ReadProtocol(AppServer server, SystemdCommand command, SystemdCommand? fromEnvironment, PythonAssignments? config, bool unseen, string? configUnread)
    {
        if (server.Program != "gunicorn")
        {
            return BackendProtocol.Http;
        }

        var setting = Setting(command, fromEnvironment, config, "protocol", "--protocol");
        var fromFile = setting is null || setting.Location is not null;
        var unknown = setting is { Unknown: true } ? $"protocol in {setting.Location!.Path}:{setting.Location.Start.Line} {setting.Why ?? "is computed by code"}"
            : setting?.Value is { } written && written.Contains('$', StringComparison.Ordinal) ? $"{setting.Name} {written} is not known"
            : !fromFile ? null
            : unseen ? "gunicorn is given no --protocol, and reads gunicorn.conf.py of a working folder ConfLint cannot see"
            : configUnread is not null ? $"gunicorn is given no --protocol, and {configUnread}"
            : config is { Opaque: true } ? $"{config.Source.Path} imports settings ConfLint cannot read, protocol among them"
            : null;
        if (unknown is not null)
        {
            return UnknownProtocol(server, unknown);
        }

        var worker = Setting(command, fromEnvironment, config, "worker_class", "--worker-class", "-k");
        server.WorkerClass = worker is { Unknown: false } ? worker.Value : null;
        if (setting?.Value != "uwsgi")
        {
            if (setting is not null)
            {
                server.ProtocolSetting = (setting.Value == "http" ? Described(setting) : $"{Described(setting)}, which gunicorn reads as http (only 'uwsgi', in lower case, selects the uwsgi protocol)", At(server, setting));
            }

            return server.Protocol = BackendProtocol.Http;
        }

        if (worker is { Unknown: true })
        {
            return UnknownProtocol(server, $"worker_class in {worker.Location!.Path} is computed by code, so whether the workers read {Described(setting)} is not known");
        }

        if ((worker is null || worker.Location is not null) && (unseen || configUnread is not null || config is { Opaque: true }))
        {
            return UnknownProtocol(server, $"{Described(setting)} is read by gunicorn's own workers, and the worker class may be set where ConfLint cannot read ({configUnread ?? (unseen ? "gunicorn.conf.py of a working folder ConfLint cannot see" : $"{config!.Source.Path} imports settings")})");
        }

        var workerClass = worker?.Value ?? "sync";
        if (!ReadsProtocol(workerClass))
        {
            return UnknownProtocol(server, $"{Described(setting)} is read by gunicorn's own workers, and worker class {workerClass} parses requests with a server of its own");
        }

        server.ProtocolSetting = (Described(setting), At(server, setting));
        return server.Protocol = BackendProtocol.Uwsgi;
    }

    /// <summary>The protocol setting as written, for messages: <c>--protocol uwsgi</c>, <c>--protocol uwsgi in
    /// GUNICORN_CMD_ARGS</c>, <c>protocol = 'uwsgi' in /srv/app/gunicorn.conf.py:3</c>.</summary>
    private static string Described(Found setting) =>
        setting.Location is { } at ? $"protocol = '{setting.Value}' in {at.Path}:{at.Start.Line}"
        : setting.Word is not null ? $"--protocol {setting.Value}"
        : $"--protocol {setting.Value} in GUNICORN_CMD_ARGS";

    /// <summary>Whether gunicorn's worker class <paramref name="workerClass"/> (a name of workers/__init__.py, a class
    /// path, <c>egg:gunicorn#NAME</c>) is one of <see cref="ProtocolWorkers"/>, which read <c>protocol</c>.</summary>
    internal static bool ReadsProtocol(string workerClass) =>
        ProtocolWorkers.Contains(workerClass.StartsWith("egg:gunicorn#", StringComparison.Ordinal) ? workerClass["egg:gunicorn#".Length..] : workerClass.TrimStart('#'));

    private static BackendProtocol UnknownProtocol(AppServer server, string why)
    {
        server.ProtocolUnknown = why;
        return BackendProtocol.Other;
    }

    private static Diagnostics.Location? At(AppServer server, Found setting) =>
        setting.Location ?? (setting.Word is { } word ? server.LocationOf(word) : null);

    /// <summary>Whether the binds speak TLS: gunicorn does where <c>certfile</c> or <c>keyfile</c> is set to a path (its
    /// <c>Config.is_ssl</c>, <c>certfile or keyfile</c>: None and '' are not); hypercorn where both are. Unknown where a setting is computed, the file imports settings, or a
    /// file it reads is where ConfLint cannot look or run (a <c>python:</c> module); hypercorn's own file (<c>-c</c>) is not read,
    /// and leaves it unknown.</summary>
    private static void ReadTls(AppServer server, SystemdCommand command, SystemdCommand? fromEnvironment, PythonAssignments? config, bool unseen)
    {
        if (unseen || config is { Opaque: true } || server.Unknowns.Count > 0)
        {
            return;
        }

        var certificate = Setting(command, fromEnvironment, config, "certfile", "--certfile");
        var key = Setting(command, fromEnvironment, config, "keyfile", "--keyfile");
        if (certificate is { Unknown: true } || key is { Unknown: true })
        {
            return;
        }

        // is_ssl is `certfile or keyfile`: None (a file's, or os.environ.get of a variable unset) and '' are no file.
        certificate = certificate is { Value: "" } or { Location: not null, Value: "None" } ? null : certificate;
        key = key is { Value: "" } or { Location: not null, Value: "None" } ? null : key;

        var tls = server.Program == "gunicorn" ? certificate is not null || key is not null : certificate is not null && key is not null;
        server.SetTls(tls ? TlsFact.Yes : TlsFact.No, tls
            ? $"{(certificate ?? key)!.Name} is set"
            : $"{server.Program} is given no {(server.Program == "gunicorn" ? "--certfile or --keyfile" : "--certfile and --keyfile")}{(config is null ? string.Empty : $", nor in {config.Source.Path}")}");
    }

    /// <summary>The configuration file gunicorn reads, parsed with the process's environment (what it reads from
    /// <c>os.environ</c>); null when there is none or it cannot be read. <paramref name="unread"/> says why one named cannot
    /// be read (not in the root: it may be in the image or a folder ConfLint cannot see, so gunicorn is not taken to fail;
    /// a <c>python:</c> module): what the file may set is then unknown, where no stronger layer sets it. hypercorn's own
    /// file is not read, and makes its binds unknown.</summary>
    private static PythonAssignments? ConfigFile(AppServer server, AppServerContext context, SystemdCommand command, SystemdCommand? fromEnvironment, out string? unread)
    {
        unread = null;
        var option = command.OptionValues("--config", "-c").LastOrDefault().Value ?? fromEnvironment?.OptionValues("--config", "-c").LastOrDefault().Value;
        if (option is null && server.Program != "gunicorn")
        {
            return null;
        }

        if (option is not null && server.Program != "gunicorn")
        {
            server.Unknown(unread = $"{server.Program} reads its settings from {option}, which ConfLint does not read");
            return null;
        }

        if (option is not null && option.StartsWith("python:", StringComparison.Ordinal))
        {
            unread = $"gunicorn's settings come from the Python module {option[7..]}, which ConfLint does not run";
            return null;
        }

        var path = option is null
            ? HostFiles.Absolute("gunicorn.conf.py", context.WorkingDirectory)
            : HostFiles.Absolute(option.StartsWith("file:", StringComparison.Ordinal) ? option[5..] : option, context.WorkingDirectory);
        if (context.Files?.Read(path) is not { } source)
        {
            if (option is not null)
            {
                unread = $"gunicorn's configuration file {path} is not in the root";
            }

            return null;
        }

        server.ConfigFiles.Add(source.File);
        return PythonAssignments.Read(source, context.Variable);
    }

    /// <summary>
    /// The request timeout of a sync worker with one thread. Where gunicorn reads a <c>gunicorn.conf.py</c> ConfLint cannot
    /// see (<paramref name="unseen"/>), only what the command line and <c>GUNICORN_CMD_ARGS</c> set counts, as they override
    /// the file (app/base.py, <c>load_config</c>): the worker class, the threads and the timeout all set there are known
    /// whatever the file says (wger's image: <c>--worker-class sync --threads 1 --timeout 240</c>); any of them left to the
    /// file leaves the timeout unknown (<see cref="AppServer.RequestTimeoutUnknown"/>, said by <c>--verbose</c>). The same
    /// where the <c>-c</c> file cannot be read (<paramref name="configUnread"/>). A file's value goes through
    /// <c>validate_pos_int</c> (config.py: a string is read with <c>int(value, 0)</c>).
    /// </summary>
    private static void ReadTimeout(AppServer server, SystemdCommand command, SystemdCommand? fromEnvironment, PythonAssignments? config, bool unseen, string? configUnread)
    {
        if (server.Program != "gunicorn")
        {
            if (command.OptionValues("--timeout", "-t").LastOrDefault() is { Value: var text } word && int.TryParse(text, out var hyper) && hyper > 0)
            {
                server.RequestTimeout = Duration.FromSeconds(hyper);
                server.RequestTimeoutAt = server.LocationOf(word);
                server.RequestTimeoutSetting = "--timeout";
            }

            return;
        }

        var workerClass = Setting(command, fromEnvironment, config, "worker_class", "--worker-class", "-k");
        var threads = Setting(command, fromEnvironment, config, "threads", "--threads");
        if (workerClass is { Unknown: true } || threads is { Unknown: true } || config is { Opaque: true })
        {
            return;
        }

        var sync = workerClass?.Value is null or "sync" or "gunicorn.workers.sync.SyncWorker";
        var oneThread = threads?.Value is null || (int.TryParse(threads.Value, out var count) && count <= 1);
        if (!sync || !oneThread)
        {
            return;
        }

        var timeout = Setting(command, fromEnvironment, config, "timeout", "--timeout", "-t");
        if (timeout is { Unknown: true })
        {
            server.RequestTimeoutUnknown = timeout.Why is { } why ? $"timeout in {timeout.Location} {why}" : null;
            return;
        }

        if ((unseen || configUnread is not null) && (workerClass is null || threads is null || timeout is null))
        {
            var left = string.Join(", ", new[] { (workerClass, "--worker-class"), (threads, "--threads"), (timeout, "--timeout") }.Where(s => s.Item1 is null).Select(s => s.Item2));
            server.RequestTimeoutUnknown = $"gunicorn is given no {left}, and {configUnread ?? "reads gunicorn.conf.py of a working folder ConfLint cannot see"}";
            return;
        }

        if (timeout is null)
        {
            server.RequestTimeout = Duration.FromSeconds(30);
            server.RequestTimeoutSetting = "gunicorn's default timeout";
            return;
        }

        if ((timeout.Location is not null ? PythonInt(timeout.Value!) : int.TryParse(timeout.Value, out var given) ? given : null) is { } seconds)
        {
            server.RequestTimeout = seconds > 0 ? Duration.FromSeconds(seconds) : null;
            server.RequestTimeoutAt = timeout.Location ?? (timeout.Word is { } word ? server.LocationOf(word) : null);
            server.RequestTimeoutSetting = timeout.Name;
        }
    }

    /// <param name="Why">Why a file's value is not known, where it reads the environment (<see cref="EnvironmentValue"/>).</param>
    private sealed record Found(string? Value, Diagnostics.Location? Location, string Name, bool Unknown = false, SystemdWord? Word = null, string? Why = null);

    /// <summary>A setting by precedence: the command line, GUNICORN_CMD_ARGS, the file; null when none sets it.</summary>
    private static Found? Setting(SystemdCommand command, SystemdCommand? fromEnvironment, PythonAssignments? config, string name, params string[] options)
    {
        if (command.OptionValues(options).LastOrDefault() is { Value: not null } word)
        {
            return new Found(word.Value, null, options[0], Word: word);
        }

        if (fromEnvironment?.OptionValues(options).LastOrDefault() is { Value: not null } env)
        {
            return new Found(env.Value, null, $"{options[0]} in GUNICORN_CMD_ARGS");
        }

        if (config?.Get(name) is { } assignment)
        {
            return assignment.Values is [var value]
                ? new Found(value, assignment.Location, $"{name} in {assignment.Location.Path}{(assignment.FromEnvironment is { } read ? $" (with {read})" : string.Empty)}")
                : new Found(null, assignment.Location, name, Unknown: true, Why: assignment.Why);
        }

        return null;
    }
}

/// <summary>
/// What gunicorn gives the Unix sockets it binds itself (sock.py, <c>UnixSocket.bind</c>): mode 0777 less
/// <see cref="Umask"/>, owned by its <c>user</c> and <c>group</c> settings. A setting left at its default is null (umask
/// 0; user and group the process's own, <c>os.geteuid()</c> and <c>os.getegid()</c>). <see cref="Unknown"/> says why
/// they are not known (for <c>--verbose</c>); then nothing else here counts.
/// </summary>
public sealed record GunicornSocketSettings(int Umask, GunicornSetting? UmaskSetting, GunicornSetting? User, GunicornSetting? Group, string? Unknown);

/// <summary>One gunicorn setting: its value as written, how messages name it (<c>--umask 007</c>, <c>umask = 0o007 in
/// /var/www/app/gunicorn.conf.py:3:8</c>), where it is written (null in <c>GUNICORN_CMD_ARGS</c>), and whether that is
/// the configuration file (a Python value) rather than an option (a string gunicorn's option type reads first).</summary>
public sealed record GunicornSetting(string Value, string Described, Diagnostics.Location? At, bool InFile);
