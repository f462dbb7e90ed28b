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
/// </summary>
internal sealed class GunicornReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var command = context.Command;
        var fromEnvironment = context.Environment.TryGetValue("GUNICORN_CMD_ARGS", out var extra)
            ? new SystemdCommand(SystemdExecPrefixes.None, new SystemdWord(server.Program, 0, 0), SystemdText.SplitWords(extra))
            : null;
        var config = ConfigFile(server, context, command, fromEnvironment);
        // Only ConfigFile has said what it could not read so far: a -c file not in the root, a python: module.
        var configUnread = server.Unknowns.Count > 0 ? server.Unknowns[^1] : null;

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
                        server.AddBindAt(endpoint, bind.Location, protocol, $"bind in {bind.Location.Path}:{bind.Location.Start.Line}");
                    }
                    else
                    {
                        server.Unknown($"bind = {value} in {bind.Location.Path} names no fixed address");
                    }
                }
            }
            else
            {
                server.Unknown($"bind in {bind.Location.Path}:{bind.Location.Start.Line} is computed by code");
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

        if (!unseen)
        {
            ReadTimeout(server, command, fromEnvironment, config);
        }

        ReadTls(server, command, fromEnvironment, config, unseen);
    }

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
        var unknown = setting is { Unknown: true } ? $"protocol in {setting.Location!.Path}:{setting.Location.Start.Line} is computed by code"
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

    /// <summary>Whether the binds speak TLS: gunicorn does where <c>certfile</c> or <c>keyfile</c> is set (its
    /// <c>Config.is_ssl</c>); hypercorn where both are. Unknown where a setting is computed, the file imports settings, or a
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

        var tls = server.Program == "gunicorn" ? certificate is not null || key is not null : certificate is not null && key is not null;
        server.SetTls(tls ? TlsFact.Yes : TlsFact.No, tls
            ? $"{(certificate ?? key)!.Name} is set"
            : $"{server.Program} is given no {(server.Program == "gunicorn" ? "--certfile or --keyfile" : "--certfile and --keyfile")}{(config is null ? string.Empty : $", nor in {config.Source.Path}")}");
    }

    /// <summary>The configuration file gunicorn reads, parsed; null when there is none. One it cannot read makes the binds unknown.</summary>
    private static PythonAssignments? ConfigFile(AppServer server, AppServerContext context, SystemdCommand command, SystemdCommand? fromEnvironment)
    {
        var option = command.OptionValues("--config", "-c").LastOrDefault().Value ?? fromEnvironment?.OptionValues("--config", "-c").LastOrDefault().Value;
        if (option is null && server.Program != "gunicorn")
        {
            return null;
        }

        if (option is not null && server.Program != "gunicorn")
        {
            server.Unknown($"{server.Program} reads its settings from {option}, which ConfLint does not read");
            return null;
        }

        if (option is not null && option.StartsWith("python:", StringComparison.Ordinal))
        {
            server.Unknown($"gunicorn's settings come from the Python module {option[7..]}, which ConfLint does not run");
            return null;
        }

        var path = option is null
            ? HostFiles.Absolute("gunicorn.conf.py", context.WorkingDirectory)
            : HostFiles.Absolute(option.StartsWith("file:", StringComparison.Ordinal) ? option[5..] : option, context.WorkingDirectory);
        if (context.Files?.Read(path) is not { } source)
        {
            if (option is not null)
            {
                server.Unknown($"gunicorn's configuration file {path} is not in the root");
            }

            return null;
        }

        server.ConfigFiles.Add(source.File);
        return PythonAssignments.Read(source);
    }

    private static void ReadTimeout(AppServer server, SystemdCommand command, SystemdCommand? fromEnvironment, PythonAssignments? config)
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
            return;
        }

        if (timeout is null)
        {
            server.RequestTimeout = Duration.FromSeconds(30);
            server.RequestTimeoutSetting = "gunicorn's default timeout";
            return;
        }

        if (int.TryParse(timeout.Value, out var seconds))
        {
            server.RequestTimeout = seconds > 0 ? Duration.FromSeconds(seconds) : null;
            server.RequestTimeoutAt = timeout.Location ?? (timeout.Word is { } word ? server.LocationOf(word) : null);
            server.RequestTimeoutSetting = timeout.Name;
        }
    }

    private sealed record Found(string? Value, Diagnostics.Location? Location, string Name, bool Unknown = false, SystemdWord? Word = null);

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
                ? new Found(value, assignment.Location, $"{name} in {assignment.Location.Path}")
                : new Found(null, assignment.Location, name, Unknown: true);
        }

        return null;
    }
}
