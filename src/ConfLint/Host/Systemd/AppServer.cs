using ConfLint.Diagnostics;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Syntax.Systemd;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Host.Systemd;

/// <summary>
/// What a service's ExecStart runs, when it is an application server ConfLint knows, and where that server
/// listens: the options it was given, else the program's documented default. A config file option
/// (<c>-c</c>, <c>--ini</c>, <c>-C</c>) that may set the bind makes the binds unknown instead. Each program's
/// options are read by its reader (<see cref="Readers"/>).
/// </summary>
public sealed class AppServer
{
    private static readonly AppServerReader Node = new NodeReader();
    private static readonly AppServerReader Gunicorn = new GunicornReader();

    /// <summary>The programs ConfLint knows, and the reader of each one's binds.</summary>
    private static readonly Dictionary<string, AppServerReader> Readers = new(StringComparer.Ordinal)
    {
        ["gunicorn"] = Gunicorn,
        ["hypercorn"] = Gunicorn,
        ["uvicorn"] = new UvicornReader(),
        ["uwsgi"] = new UwsgiReader(),
        ["puma"] = new PumaReader(),
        ["node"] = Node,
        ["nodejs"] = Node,
        ["npm"] = Node,
        ["yarn"] = Node,
        ["pnpm"] = Node,
    };

    private readonly SystemdEntry _execStart;
    private readonly ConfigFile _file;

    private AppServer(string program, SystemdCommand command, SystemdEntry execStart, ConfigFile file)
    {
        Program = program;
        Command = command;
        _execStart = execStart;
        _file = file;
    }

    /// <summary>gunicorn, uvicorn, hypercorn, uwsgi, puma, node (and its package managers).</summary>
    public string Program { get; }

    public SystemdCommand Command { get; }

    /// <summary>The listening addresses, each at the ExecStart word that names it (the whole value for a default).</summary>
    public List<EndpointSite> Binds { get; } = [];

    /// <summary>True when a config file may set the binds: they are then not known.</summary>
    public bool BindsUnknown { get; internal set; }

    /// <summary>How long the server lets one request run before it kills the worker (gunicorn <c>--timeout</c>, 30s by default).</summary>
    public Duration? RequestTimeout { get; internal set; }

    /// <summary>Where the request timeout is written; null when it is the program's default.</summary>
    public Location? RequestTimeoutAt { get; internal set; }

    /// <summary>The first known application server among the commands of <paramref name="execStart"/>, or null.</summary>
    public static AppServer? Detect(SystemdEntry execStart, ConfigFile file, SystemdCommandLines commands, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var command in commands.Commands)
        {
            var (program, arguments) = Unwrap(command);
            if (program is null)
            {
                continue;
            }

            var server = new AppServer(program, command, execStart, file);
            Readers[program].Read(server, new SystemdCommand(command.Prefixes, command.Executable, arguments), environment);
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

        return Readers.ContainsKey(name) ? (name, arguments) : (null, arguments);
    }

    private static string Base(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Where a word of the ExecStart value is; the whole value for none.</summary>
    internal Location LocationOf(SystemdWord? word) =>
        new(_file.Source!, word is { } w ? _execStart.ValueSpan(w.Start, w.End) : _execStart.ValueToken?.Span ?? _execStart.Span);

    internal void AddBind(Endpoint endpoint, SystemdWord? word, BackendProtocol protocol, string? note = null) =>
        Binds.Add(new EndpointSite(endpoint, _file, LocationOf(word), _execStart) { Protocol = protocol, Note = note });

    /// <summary><c>unix:/path</c>, <c>unix:///path</c>, <c>tcp://host:port</c>, <c>host:port</c>, <c>:port</c>, <c>/path</c> (uwsgi).</summary>
    internal void AddAddress(SystemdWord word, BackendProtocol protocol)
    {
        const string tcp = "tcp://";
        const string unix = "unix:";
        var value = word.Value;
        if (value.StartsWith(tcp, StringComparison.Ordinal))
        {
            value = value[tcp.Length..];
        }

        if (value.StartsWith(unix, StringComparison.Ordinal))
        {
            AddBind(Endpoint.Unix("/" + value[unix.Length..].TrimStart('/')), word, protocol);
            return;
        }

        if (value.StartsWith('/'))
        {
            AddBind(Endpoint.Unix(value), word, protocol);
            return;
        }

        if (value.StartsWith("fd://", StringComparison.Ordinal) || value.Contains('%') || value.Contains('$'))
        {
            BindsUnknown = true;
            return;
        }

        if (Endpoint.TrySplitHostPort(value.StartsWith(':') ? "0.0.0.0" + value : value, 8000, out var host, out var port))
        {
            AddBind(Endpoint.Tcp(host, port), word, protocol);
        }
    }
}
