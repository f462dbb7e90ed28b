using ConfLint.Syntax.Systemd;
using ConfLint.Units;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// gunicorn (and hypercorn, which shares its options). Settings come, from weakest to strongest, from the environment
/// (<c>PORT</c> makes the default bind 0.0.0.0:$PORT), the configuration file (<c>-c FILE</c>, <c>file:FILE</c>, else
/// <c>gunicorn.conf.py</c> in the working folder; <c>python:MODULE</c> cannot be read), <c>GUNICORN_CMD_ARGS</c>, and
/// the command line. Read here: <c>bind</c> (a string or a list), <c>timeout</c> (30 s), <c>worker_class</c> (sync) and
/// <c>threads</c> (1). The timeout limits a request only for sync workers with one thread: gthread and async workers
/// keep telling the arbiter they are alive while a request runs.
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

        // No -c, and gunicorn.conf.py of its working folder may be where ConfLint cannot look: what it sets is unknown.
        var unseen = config is null && context.UnseenFiles && server.Program == "gunicorn"
            && command.OptionValues("--config", "-c").LastOrDefault().Value is null && fromEnvironment?.OptionValues("--config", "-c").LastOrDefault().Value is null;

        // A relative socket path (`--bind unix:app.sock`) is the folder gunicorn binds from: its --chdir, else its own.
        var chdir = command.OptionValues("--chdir").LastOrDefault().Value ?? fromEnvironment?.OptionValues("--chdir").LastOrDefault().Value;
        var folder = AppServer.BindFolder(chdir, context.WorkingDirectory);

        // Binds: the command line, else GUNICORN_CMD_ARGS, else the file, else the default.
        foreach (var word in command.OptionValues("--bind", "-b"))
        {
            server.AddAddress(word, BackendProtocol.Http, folder);
        }

        if (server.Binds.Count == 0 && !server.BindsUnknown && fromEnvironment is not null)
        {
            foreach (var word in fromEnvironment.OptionValues("--bind", "-b"))
            {
                if (AppServer.ParseAddress(word.Value, folder: folder) is { } endpoint)
                {
                    server.AddBind(endpoint, null, BackendProtocol.Http, $"--bind {word.Value} in GUNICORN_CMD_ARGS");
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
                        server.AddBindAt(endpoint, bind.Location, BackendProtocol.Http, $"bind in {bind.Location.Path}:{bind.Location.Start.Line}");
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
                server.AddBind(port > 0 ? Endpoint.Tcp("0.0.0.0", port) : Endpoint.Tcp("127.0.0.1", 8000), null, BackendProtocol.Http,
                    port > 0 ? $"{server.Program} binds 0.0.0.0:$PORT from the environment" : $"{server.Program}'s default bind");
            }
        }

        if (!unseen)
        {
            ReadTimeout(server, command, fromEnvironment, config);
        }

        ReadTls(server, command, fromEnvironment, config, unseen);
    }

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
