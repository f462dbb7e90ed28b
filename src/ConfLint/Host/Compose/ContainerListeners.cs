using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// Where a Compose service's main process listens, read from its <c>command</c>/<c>entrypoint</c> words (never run)
/// for the servers whose flags say it outright (gunicorn and hypercorn <c>--bind</c>, uvicorn <c>--host</c>/<c>--port</c>,
/// <c>flask run</c>, Django's <c>runserver</c>), or from the official image's default (<see cref="ImageListeners"/>, the
/// facts of <c>data/images/images.txt</c>) where no mount replaces it. Anything else is unknown (null): a shell command
/// line, an environment file, a configuration file, an image ConfLint does not know.
/// </summary>
public static class ContainerListeners
{
    /// <param name="host">The host model, for the PHP-FPM pools mounted into the service (<see cref="ImageListeners"/>); without
    /// it, a mount into the image's include folder leaves the image's default unknown.</param>
    public static IReadOnlyList<ContainerListener>? Of(ComposeService service, HostModel? host = null)
    {
        var words = (service.Entrypoint?.Words ?? []).Concat(service.Command?.Words ?? []).ToList();
        if (words.Count == 0)
        {
            return ImageListeners.Of(service, host);
        }

        return FromCommand(words, service.Environment, service.HasEnvFile, () => ImageListeners.Of(service, host));
    }

    /// <summary>Where a command line listens (a supervisord program's, a container's), with the environment it gets
    /// (<paramref name="environmentUnknown"/> when more may come from a file ConfLint does not read).</summary>
    public static IReadOnlyList<ContainerListener>? FromCommand(IReadOnlyList<ComposeWord> words, IReadOnlyDictionary<string, string?> environment, bool environmentUnknown, Func<IReadOnlyList<ContainerListener>?>? phpFpmDefault = null)
    {

        var i = 0;
        while (i < words.Count && (words[i].Value is "exec" or "tini" or "--" or "dumb-init" or "/usr/bin/dumb-init" or "/sbin/tini"))
        {
            i++;
        }

        if (i < words.Count - 2 && Program(words[i].Value) is "python" or "python3" && words[i + 1].Value == "-m")
        {
            i += 2;
        }

        if (i >= words.Count)
        {
            return null;
        }

        var program = Program(words[i].Value);
        var args = words.Skip(i + 1).ToList();
        return program switch
        {
            "gunicorn" or "hypercorn" => Gunicorn(program, args),
            "uvicorn" => Flags(program, args, environment, environmentUnknown, "--host", "--port", null, null, "127.0.0.1", 8000, "UVICORN_HOST", "UVICORN_PORT"),
            "flask" when args.Count > 0 && args[0].Value == "run" => Flags("flask run", args.Skip(1).ToList(), environment, environmentUnknown, "--host", "--port", "-h", "-p", "127.0.0.1", 5000, "FLASK_RUN_HOST", "FLASK_RUN_PORT"),
            "python" or "python3" when args.Count >= 2 && Program(args[0].Value) == "manage.py" && args[1].Value == "runserver" => RunServer(args.Skip(2).ToList()),
            "php-fpm" or "php-fpm8" when args.Count == 0 => phpFpmDefault?.Invoke(),
            _ => null,
        };
    }

    private static string Program(string word) => word[(word.LastIndexOf('/') + 1)..];

    private static IReadOnlyList<ContainerListener>? Gunicorn(string program, List<ComposeWord> args)
    {
        var found = new List<ContainerListener>();
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, value, at) = FlagValue(args, ref i, "-b", "--bind");
            if (flag && value is not null)
            {
                if (value.StartsWith("unix:", StringComparison.Ordinal) || value.StartsWith("fd://", StringComparison.Ordinal))
                {
                    return null;
                }

                if (!Endpoint.TrySplitHostPort(value, 8000, out var host, out var port))
                {
                    return null;
                }

                found.Add(new ContainerListener(host.Trim('[', ']'), port, at, $"{program} --bind {value} in its command"));
            }
        }

        // Without --bind, gunicorn takes gunicorn.conf.py of the image's working folder or $PORT: not known here.
        return found.Count > 0 ? found : null;
    }

    private static IReadOnlyList<ContainerListener>? Flags(string program, List<ComposeWord> args, IReadOnlyDictionary<string, string?> environment, bool environmentUnknown, string hostFlag, string portFlag, string? shortHost, string? shortPort, string defaultHost, int defaultPort, string hostVariable, string portVariable)
    {
        string? host = null;
        int? port = null;
        ComposeWord? at = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].Value is "--uds" or "--fd" or "--env-file")
            {
                return null;
            }

            var (isHost, hostValue, _) = FlagValue(args, ref i, shortHost ?? hostFlag, hostFlag);
            if (isHost)
            {
                host = hostValue;
                continue;
            }

            var (isPort, portValue, portAt) = FlagValue(args, ref i, shortPort ?? portFlag, portFlag);
            if (isPort)
            {
                port = int.TryParse(portValue, out var p) && p is > 0 and < 65536 ? p : -1;
                at = portAt;
            }
        }

        if (port == -1 || ((host is null || port is null) && (environmentUnknown || environment.ContainsKey(hostVariable) || environment.ContainsKey(portVariable))))
        {
            return null;
        }

        var how = port is null ? $"{program}'s default port {defaultPort}" : $"{program} {portFlag} {port} in its command";
        return [new ContainerListener(host ?? defaultHost, port ?? defaultPort, at, how + (host is null ? $", on {defaultHost} by default" : string.Empty))];
    }

    private static IReadOnlyList<ContainerListener>? RunServer(List<ComposeWord> args)
    {
        var address = args.FirstOrDefault(a => !a.Value.StartsWith('-'));
        if (address is { Value: var text })
        {
            return Endpoint.TrySplitHostPort(text.Contains(':') ? text : "127.0.0.1:" + text, 8000, out var host, out var port)
                ? [new ContainerListener(host.Trim('[', ']'), port, address, $"runserver {text} in its command")]
                : null;
        }

        return [new ContainerListener("127.0.0.1", 8000, null, "runserver's default 127.0.0.1:8000")];
    }

    /// <summary>At <paramref name="i"/>: the flag (<c>-b X</c>, <c>--bind X</c>, <c>--bind=X</c>, <c>-bX</c>) and its value.</summary>
    private static (bool Flag, string? Value, ComposeWord? At) FlagValue(List<ComposeWord> args, ref int i, string shortFlag, string longFlag)
    {
        var word = args[i].Value;
        if (word == shortFlag || word == longFlag)
        {
            if (i + 1 >= args.Count)
            {
                return (true, null, null);
            }

            i++;
            return (true, args[i].Value, args[i]);
        }

        if (word.StartsWith(longFlag + "=", StringComparison.Ordinal))
        {
            return (true, word[(longFlag.Length + 1)..], args[i]);
        }

        if (shortFlag.Length == 2 && word.StartsWith(shortFlag, StringComparison.Ordinal) && !word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2)
        {
            return (true, word[2..], args[i]);
        }

        return (false, null, null);
    }
}
