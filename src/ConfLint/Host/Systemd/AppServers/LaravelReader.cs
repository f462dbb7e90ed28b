using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Laravel's artisan commands that serve (<c>php PATH/artisan COMMAND [options]</c>; the command's words start with the
/// artisan script's, then the command's name), each with the defaults of its package's source:
/// <list type="bullet">
/// <item><c>websockets:serve</c> (beyondcode/laravel-websockets, <c>StartWebSocketServer</c>: <c>{--host=0.0.0.0}
/// {--port=6001}</c>): the options, else those defaults.</item>
/// <item><c>reverb:start</c> (laravel/reverb, <c>StartServer</c>: <c>--host</c>/<c>--port</c>, else the
/// <c>reverb.servers.reverb</c> configuration, whose published <c>config/reverb.php</c> reads <c>REVERB_SERVER_HOST</c>
/// (0.0.0.0) and <c>REVERB_SERVER_PORT</c> (8080)).</item>
/// <item><c>octane:start</c> and <c>octane:swoole|roadrunner|frankenphp</c> (laravel/octane, <c>InteractsWithServers</c>,
/// the same for every server: <c>--host</c> ?? <c>config('octane.host')</c> ?? <c>$_ENV['OCTANE_HOST']</c> ?? 127.0.0.1,
/// <c>--port</c> ?? <c>config('octane.port')</c> ?? <c>$_ENV['OCTANE_PORT']</c> ?? 8000).</item>
/// </list>
/// Symfony's console takes <c>--port=N</c> and <c>--port N</c>. A variable is the process's, else the application's
/// <c>.env</c> (beside artisan; <c>.env.ENV</c> for <c>--env</c> or <c>APP_ENV</c> when that file exists), as Laravel's
/// immutable Dotenv loads it. Settings read from the configuration are unknown when the configuration is cached
/// (<c>bootstrap/cache/config.php</c>), when the application's own configuration file is not the published one, or where a
/// value is computed or in a file ConfLint cannot see.
/// </summary>
internal sealed partial class LaravelReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var arguments = context.Command.Arguments;
        if (arguments.Count < 2)
        {
            return;
        }

        var artisan = arguments[0].Value;
        var command = new SystemdCommand(SystemdExecPrefixes.None, arguments[1], arguments.Skip(2).ToList());
        var hostOption = Option(command, "--host", out var hostWord);
        var portOption = Option(command, "--port", out var portWord);
        if (hostOption == string.Empty || portOption == string.Empty)
        {
            server.Unknown($"{arguments[1].Value}'s --host or --port has no value");
            return;
        }

        // Laravel's base path is artisan's folder (bootstrap/app.php is beside it), not the working folder.
        var folder = artisan.Contains('/') ? artisan[..artisan.LastIndexOf('/')] : null;
        var basePath = folder is not null && folder.StartsWith('/') ? HostFiles.Absolute(folder, null)
            : context.WorkingDirectory is { } working ? (folder is null ? working : HostFiles.Absolute(folder, working)) : null;
        string? host;
        string? port;
        string how;
        switch (server.Program)
        {
            case "laravel-websockets":
                host = hostOption ?? "0.0.0.0";
                port = portOption ?? "6001";
                how = "websockets:serve";
                break;
            case "reverb":
            {
                if (hostOption is null || portOption is null)
                {
                    if (ConfigurationUnknown(context, basePath, "config/reverb.php", ["env('REVERB_SERVER_HOST', '0.0.0.0')", "env('REVERB_SERVER_PORT', 8080)"]) is { } why)
                    {
                        server.Unknown($"reverb:start's address: {why}");
                        return;
                    }
                }

                var hostKnown = true;
                var portKnown = true;
                host = hostOption ?? Variable(context, basePath, command, "REVERB_SERVER_HOST", out hostKnown) ?? "0.0.0.0";
                port = portOption ?? Variable(context, basePath, command, "REVERB_SERVER_PORT", out portKnown) ?? "8080";
                if (hostOption is null && !hostKnown || portOption is null && !portKnown)
                {
                    server.Unknown("REVERB_SERVER_HOST or REVERB_SERVER_PORT may be set where ConfLint cannot see (the process's environment, the application's .env)");
                    return;
                }

                how = "reverb:start";
                break;
            }

            default:
            {
                if (portOption is null && command.Arguments.Any(a => a.Value == "--https" || a.Value.StartsWith("--https=", StringComparison.Ordinal)))
                {
                    server.Unknown("octane:start --https serves the port FrankenPHP chooses for HTTPS");
                    return;
                }

                if (hostOption is null || portOption is null)
                {
                    if (ConfigurationUnknown(context, basePath, "config/octane.php", []) is { } why)
                    {
                        server.Unknown($"octane's address: {why}");
                        return;
                    }

                    if (basePath is not null && context.Files?.Read(HostFiles.Absolute("config/octane.php", basePath)) is { } octane
                        && (octane.Text.Contains("'host'", StringComparison.Ordinal) || octane.Text.Contains("'port'", StringComparison.Ordinal)))
                    {
                        server.Unknown("config/octane.php sets octane.host or octane.port, which ConfLint does not read");
                        return;
                    }
                }

                // $_ENV holds the .env file's values; the process's own only where php.ini's variables_order has E.
                var hostKnown = true;
                var portKnown = true;
                host = hostOption ?? OctaneVariable(context, basePath, command, "OCTANE_HOST", out hostKnown) ?? "127.0.0.1";
                port = portOption ?? OctaneVariable(context, basePath, command, "OCTANE_PORT", out portKnown) ?? "8000";
                if (hostOption is null && !hostKnown || portOption is null && !portKnown)
                {
                    server.Unknown("OCTANE_HOST or OCTANE_PORT is set where $_ENV may or may not hold it (php.ini's variables_order), or in a .env ConfLint cannot see");
                    return;
                }

                how = "octane";
                break;
            }
        }

        if (!int.TryParse(port, out var number) || number <= 0 || host.Contains('$', StringComparison.Ordinal))
        {
            server.Unknown($"{how} listens on {host}:{port}, which names no fixed address");
            return;
        }

        var word = portWord ?? hostWord;
        server.AddBind(Endpoint.Tcp(host, number), word, BackendProtocol.Http,
            $"{how}: {(portOption is not null ? "--port" : "its default port")}, {(hostOption is not null ? "--host" : "its default host")}");
        if (how == "octane")
        {
            ReadOctaneTimeout(server, context, basePath);
        }
    }

    /// <summary>Octane's <c>max_execution_time</c> (config/octane.php, published as 30): how long a request may run before
    /// the server ends it (Swoole's timer, RoadRunner's <c>exec_ttl</c>, FrankenPHP's PHP limit); 0 is none. Read where it is
    /// a literal of the application's own file and the configuration is not cached; else left unknown.</summary>
    private static void ReadOctaneTimeout(AppServer server, AppServerContext context, string? basePath)
    {
        if (ConfigurationUnknown(context, basePath, "config/octane.php", []) is not null
            || context.Files!.Read(HostFiles.Absolute("config/octane.php", basePath!)) is not { } octane
            || MaxExecutionTime().Match(octane.Text) is not { Success: true } match
            || !int.TryParse(match.Groups["seconds"].Value, out var seconds) || seconds <= 0)
        {
            return;
        }

        server.RequestTimeout = Units.Duration.FromSeconds(seconds);
        server.RequestTimeoutAt = HostFiles.At(octane, match.Index + match.Value.Length - match.Value.TrimStart().Length, match.Value.Trim().Length);
        server.RequestTimeoutSetting = $"'max_execution_time' in {octane.File.Display}";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[ \t]*'max_execution_time'[ \t]*=>[ \t]*(?<seconds>[0-9]+)[ \t]*,", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex MaxExecutionTime();

    /// <summary>A Symfony console option's value (<c>--NAME=V</c>, <c>--NAME V</c> where V is no option): null when absent,
    /// empty when given without a value.</summary>
    private static string? Option(SystemdCommand command, string name, out SystemdWord? word)
    {
        word = null;
        string? value = null;
        for (var i = 0; i < command.Arguments.Count; i++)
        {
            var text = command.Arguments[i].Value;
            if (text == "--")
            {
                break;
            }

            if (text.StartsWith(name + "=", StringComparison.Ordinal))
            {
                var at = command.Arguments[i];
                word = new SystemdWord(text[(name.Length + 1)..], at.End - at.Start == text.Length ? at.Start + name.Length + 1 : at.Start, at.End);
                value = word!.Value.Value;
            }
            else if (text == name)
            {
                if (i + 1 < command.Arguments.Count && !command.Arguments[i + 1].Value.StartsWith('-'))
                {
                    word = command.Arguments[++i];
                    value = word!.Value.Value;
                }
                else
                {
                    value = string.Empty;
                }
            }
        }

        return value;
    }

    /// <summary>Why the configuration's value cannot be known: the configuration is cached, the application's base folder
    /// is not known, or its configuration file is not the package's (<paramref name="published"/> not all in it).</summary>
    private static string? ConfigurationUnknown(AppServerContext context, string? basePath, string file, string[] published)
    {
        if (basePath is null || context.Files is null || context.UnseenFiles)
        {
            return "the application's folder is not one ConfLint can see";
        }

        if (context.Files.Exists(HostFiles.Absolute("bootstrap/cache/config.php", basePath)))
        {
            return "the configuration is cached in bootstrap/cache/config.php, which ConfLint does not read";
        }

        if (published.Length > 0 && context.Files.Read(HostFiles.Absolute(file, basePath)) is { } own && !published.All(p => own.Text.Contains(p, StringComparison.Ordinal)))
        {
            return $"{file} is not the package's, and ConfLint does not read it";
        }

        return null;
    }

    /// <summary>A variable as Laravel's <c>env()</c> sees it: the process's, else the application's .env; null when unset
    /// (<paramref name="known"/> false where either cannot be known).</summary>
    private static string? Variable(AppServerContext context, string? basePath, SystemdCommand command, string name, out bool known)
    {
        var value = context.Variable(name, out known);
        if (value is not null || !known)
        {
            return value;
        }

        return DotEnv(context, basePath, command, name, out known);
    }

    /// <summary>Octane's <c>$_ENV[NAME]</c>: the .env file's value, where the process does not set it (then whether $_ENV
    /// holds the process's value depends on php.ini: not known).</summary>
    private static string? OctaneVariable(AppServerContext context, string? basePath, SystemdCommand command, string name, out bool known)
    {
        if (context.Variable(name, out known) is not null || !known)
        {
            known = false;
            return null;
        }

        return DotEnv(context, basePath, command, name, out known);
    }

    /// <summary>The value of <paramref name="name"/> in the application's .env (<c>.env.ENV</c> when <c>--env</c> or
    /// <c>APP_ENV</c> names one that exists); null when unset.</summary>
    private static string? DotEnv(AppServerContext context, string? basePath, SystemdCommand command, string name, out bool known)
    {
        known = false;
        if (basePath is null || context.Files is null || context.UnseenFiles)
        {
            return null;
        }

        var appEnvKnown = true;
        var environment = Option(command, "--env", out _) is { Length: > 0 } option ? option : context.Variable("APP_ENV", out appEnvKnown);
        if (!appEnvKnown)
        {
            return null;
        }

        var source = environment is { Length: > 0 } && context.Files.Read(HostFiles.Absolute($".env.{environment}", basePath)) is { } specific
            ? specific
            : context.Files.Read(HostFiles.Absolute(".env", basePath));
        known = true;
        if (source is null)
        {
            return null;
        }

        foreach (var raw in source.Text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=');
            if (line.StartsWith('#') || equals <= 0 || line[..equals].Trim() != name)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value.IndexOf(value[0], 1) is > 0 and var close)
            {
                value = value[1..close];
            }
            else if (value.IndexOf(" #", StringComparison.Ordinal) is >= 0 and var comment)
            {
                value = value[..comment].TrimEnd();
            }

            if (value.Contains("${", StringComparison.Ordinal))
            {
                known = false;
                return null;
            }

            // phpdotenv: an empty value is an empty string; Laravel's env() gives the default only for a missing one.
            return value;
        }

        return null;
    }
}
