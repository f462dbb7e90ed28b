using ConfLint.Syntax.Systemd;
using ConfLint.Units;

namespace ConfLint.Host.Systemd;

/// <summary>
/// What a service's ExecStart runs, when it is an application server ConfLint knows, and where that server
/// listens: the options it was given, else the program's documented default. A config file option
/// (<c>-c</c>, <c>--ini</c>, <c>-C</c>) that may set the bind makes the binds unknown instead.
/// </summary>
public sealed class AppServer
{
    private AppServer(string program, SystemdCommand command)
    {
        Program = program;
        Command = command;
    }

    /// <summary>gunicorn, uvicorn, hypercorn, uwsgi, puma, node, php-fpm.</summary>
    public string Program { get; }

    public SystemdCommand Command { get; }

    /// <summary>The listening addresses, each with the ExecStart word that names it (null for a default).</summary>
    public List<(Endpoint Endpoint, SystemdWord? Word, BackendProtocol Protocol, string? Note)> Binds { get; } = [];

    /// <summary>True when a config file may set the binds: they are then not known.</summary>
    public bool BindsUnknown { get; private set; }

    /// <summary>How long the server lets one request run before it kills the worker (gunicorn <c>--timeout</c>, 30s by default).</summary>
    public Duration? RequestTimeout { get; private set; }

    public SystemdWord? RequestTimeoutWord { get; private set; }

    private static readonly string[] Known = ["gunicorn", "uvicorn", "hypercorn", "uwsgi", "puma", "node", "nodejs", "npm", "yarn", "pnpm"];

    /// <summary>The first known application server among an ExecStart's commands, or null.</summary>
    public static AppServer? Detect(SystemdCommandLines commands, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var command in commands.Commands)
        {
            var (program, arguments) = Unwrap(command);
            if (program is null)
            {
                continue;
            }

            var server = new AppServer(program, command);
            server.ReadBinds(arguments, environment);
            return server;
        }

        return null;
    }

    public static bool IsPhpFpm(SystemdCommand command) =>
        command.ProgramName.StartsWith("php-fpm", StringComparison.Ordinal) || command.ProgramName == "php5-fpm";

    /// <summary>The program behind wrappers: <c>python -m gunicorn</c>, <c>bundle exec puma</c>, <c>/usr/bin/env node</c>.</summary>
    private static (string? Program, IReadOnlyList<SystemdWord> Arguments) Unwrap(SystemdCommand command)
    {
        var name = command.ProgramName;
        var arguments = command.Arguments;
        for (var hops = 0; hops < 3; hops++)
        {
            if (name is "env" && arguments.Count > 0)
            {
                var skip = arguments.TakeWhile(a => a.Value.Contains('=') || a.Value.StartsWith('-')).Count();
                if (skip >= arguments.Count)
                {
                    return (null, arguments);
                }

                name = Base(arguments[skip].Value);
                arguments = arguments.Skip(skip + 1).ToList();
                continue;
            }

            if ((name.StartsWith("python", StringComparison.Ordinal) || name == "pipenv") && arguments.Count >= 2 && arguments[0].Value == "-m")
            {
                name = arguments[1].Value;
                arguments = arguments.Skip(2).ToList();
                continue;
            }

            if (name is "bundle" or "poetry" or "pipenv" && arguments.Count >= 2 && arguments[0].Value is "exec" or "run")
            {
                name = Base(arguments[1].Value);
                arguments = arguments.Skip(2).ToList();
                continue;
            }

            break;
        }

        return Known.Contains(name) ? (name, arguments) : (null, arguments);
    }

    private static string Base(string path) => path[(path.LastIndexOf('/') + 1)..];

    private void ReadBinds(IReadOnlyList<SystemdWord> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var probe = new SystemdCommand(Command.Prefixes, Command.Executable, arguments);
        switch (Program)
        {
            case "gunicorn" or "hypercorn":
                foreach (var word in probe.OptionValues("--bind", "-b"))
                {
                    AddAddress(word.Value, word, BackendProtocol.Http);
                }

                if (probe.OptionValues("--timeout", "-t").LastOrDefault() is { Value: var text } timeout && int.TryParse(text, out var seconds))
                {
                    RequestTimeout = seconds > 0 ? Duration.FromSeconds(seconds) : null;
                    RequestTimeoutWord = timeout;
                }
                else if (Program == "gunicorn")
                {
                    RequestTimeout = Duration.FromSeconds(30);
                }

                if (Binds.Count == 0)
                {
                    BindsUnknown = probe.OptionValues("--config", "-c").Any();
                    if (!BindsUnknown)
                    {
                        var port = environment.TryGetValue("PORT", out var p) && int.TryParse(p, out var n) ? n : 0;
                        AddDefault(port > 0 ? Endpoint.Tcp("0.0.0.0", port) : Endpoint.Tcp("127.0.0.1", 8000), BackendProtocol.Http,
                            port > 0 ? $"{Program} binds 0.0.0.0:$PORT from the environment" : $"{Program}'s default bind");
                    }
                }

                break;
            case "uvicorn":
                var uds = probe.OptionValues("--uds").LastOrDefault();
                if (uds.Value is { } socket)
                {
                    Binds.Add((Endpoint.Unix(socket), uds, BackendProtocol.Http, null));
                    break;
                }

                var host = probe.OptionValues("--host").LastOrDefault();
                var portWord = probe.OptionValues("--port").LastOrDefault();
                var portNumber = portWord.Value is { } pv && int.TryParse(pv, out var pn) ? pn : 8000;
                Binds.Add((Endpoint.Tcp(host.Value ?? "127.0.0.1", portNumber), portWord.Value is null ? host.Value is null ? null : host : portWord, BackendProtocol.Http,
                    portWord.Value is null && host.Value is null ? "uvicorn's default bind" : null));
                break;
            case "uwsgi":
                foreach (var word in probe.OptionValues("--socket", "-s", "--uwsgi-socket"))
                {
                    AddAddress(word.Value, word, BackendProtocol.Uwsgi);
                }

                foreach (var word in probe.OptionValues("--http", "--http-socket"))
                {
                    AddAddress(word.Value, word, BackendProtocol.Http);
                }

                foreach (var word in probe.OptionValues("--fastcgi-socket"))
                {
                    AddAddress(word.Value, word, BackendProtocol.FastCgi);
                }

                BindsUnknown = Binds.Count == 0;
                break;
            case "puma":
                foreach (var word in probe.OptionValues("--bind", "-b"))
                {
                    AddAddress(word.Value, word, BackendProtocol.Http);
                }

                foreach (var word in probe.OptionValues("--port", "-p"))
                {
                    if (int.TryParse(word.Value, out var pumaPort))
                    {
                        Binds.Add((Endpoint.Tcp("0.0.0.0", pumaPort), word, BackendProtocol.Http, null));
                    }
                }

                if (Binds.Count == 0)
                {
                    BindsUnknown = probe.OptionValues("--config", "-C").Any();
                    if (!BindsUnknown)
                    {
                        AddDefault(Endpoint.Tcp("0.0.0.0", 9292), BackendProtocol.Http, "puma's default bind");
                    }
                }

                break;
            default:
                // node and its package managers: the app reads PORT (or --port) itself.
                foreach (var word in probe.OptionValues("--port"))
                {
                    if (int.TryParse(word.Value, out var nodePort))
                    {
                        Binds.Add((Endpoint.Tcp("0.0.0.0", nodePort), word, BackendProtocol.Http, null));
                    }
                }

                if (Binds.Count == 0 && environment.TryGetValue("PORT", out var envPort) && int.TryParse(envPort, out var np))
                {
                    AddDefault(Endpoint.Tcp("0.0.0.0", np), BackendProtocol.Http, $"PORT={np} in the environment");
                }

                BindsUnknown = Binds.Count == 0;
                break;
        }
    }

    private void AddDefault(Endpoint endpoint, BackendProtocol protocol, string note) => Binds.Add((endpoint, null, protocol, note));

    /// <summary><c>unix:/path</c>, <c>unix:///path</c>, <c>tcp://host:port</c>, <c>host:port</c>, <c>:port</c>, <c>/path</c> (uwsgi).</summary>
    private void AddAddress(string address, SystemdWord word, BackendProtocol protocol)
    {
        var value = address;
        if (value.StartsWith("tcp://", StringComparison.Ordinal))
        {
            value = value[6..];
        }

        if (value.StartsWith("unix:", StringComparison.Ordinal))
        {
            Binds.Add((Endpoint.Unix("/" + value[5..].TrimStart('/')), word, protocol, null));
            return;
        }

        if (value.StartsWith('/'))
        {
            Binds.Add((Endpoint.Unix(value), word, protocol, null));
            return;
        }

        if (value.StartsWith("fd://", StringComparison.Ordinal) || value.Contains('%') || value.Contains('$'))
        {
            BindsUnknown = true;
            return;
        }

        if (Endpoint.TrySplitHostPort(value.StartsWith(':') ? "0.0.0.0" + value : value, 8000, out var host, out var port))
        {
            Binds.Add((Endpoint.Tcp(host, port), word, protocol, null));
        }
    }
}
