using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// uWSGI run inside a Django command: django-webserver's <c>pyuwsgi</c> command (<c>manage.py pyuwsgi</c>,
/// <c>django-admin pyuwsgi</c>) and Nautobot's <c>nautobot-server start</c>, which is that command
/// (nautobot/core/management/commands/start.py subclasses it). The command calls <c>pyuwsgi.run()</c> in the same process
/// with the setting <c>PYUWSGI_ARGS</c> (else its defaults <c>--strict</c>, <c>--need-app</c>, <c>--module</c> and a
/// <c>--static-map</c>, none a socket) followed by the command's own arguments, which are uWSGI's options (<c>--ini FILE</c>,
/// <c>--socket</c>, <c>--http-socket</c>...): read as <see cref="UwsgiReader"/> reads uwsgi's command line.
/// <c>PYUWSGI_ARGS</c> is looked for in Nautobot's configuration file (<c>-c</c>/<c>--config-path</c>, else
/// <c>NAUTOBOT_CONFIG</c>, else <c>NAUTOBOT_ROOT/nautobot_config.py</c>, as nautobot/core/cli does); where that file cannot be
/// read, or for a Django project whose settings module is not known, what it could add is unknown: its sockets (the binds
/// are then not all known) and the <c>protocol</c> of <c>socket</c>.
/// </summary>
internal sealed class DjangoUwsgiReader : AppServerReader
{
    /// <summary>The program name <see cref="AppServer"/> gives <c>nautobot-server</c>'s commands (its own options kept first).</summary>
    public const string Nautobot = "nautobot-start";

    /// <summary>The program name of <c>manage.py pyuwsgi</c> and <c>django-admin pyuwsgi</c> (the arguments after the command).</summary>
    public const string Pyuwsgi = "django-pyuwsgi";

    private readonly bool _nautobot;

    public DjangoUwsgiReader(bool nautobot) => _nautobot = nautobot;

    public override void Read(AppServer server, AppServerContext context)
    {
        var arguments = context.Command.Arguments;
        string? why;
        if (_nautobot)
        {
            string? configPath = null;
            var start = 0;
            while (start < arguments.Count && arguments[start].Value != "start")
            {
                var word = arguments[start].Value;
                if (word is "-c" or "--config-path" && start + 1 < arguments.Count)
                {
                    configPath = arguments[start + 1].Value;
                    start += 2;
                    continue;
                }

                configPath = word.StartsWith("--config-path=", StringComparison.Ordinal) ? word["--config-path=".Length..] : word.StartsWith("-c", StringComparison.Ordinal) ? word[2..] : configPath;
                start++;
            }

            arguments = arguments.Skip(start + 1).ToList();
            why = NautobotSettings(configPath, context);
        }
        else
        {
            why = "the Django project's settings module, whose PYUWSGI_ARGS come before the command's arguments, is not read";
        }

        var own = context with { Command = new SystemdCommand(context.Command.Prefixes, context.Command.Executable, arguments) };
        UwsgiReader.Read(server, own, why);
        if (why is not null)
        {
            server.Unknown(why);
        }
    }

    /// <summary>Null when Nautobot's configuration file is read and sets no <c>PYUWSGI_ARGS</c>; else why not known.</summary>
    private static string? NautobotSettings(string? configPath, AppServerContext context)
    {
        var path = configPath;
        if (path is null)
        {
            var config = context.Variable("NAUTOBOT_CONFIG", out var configKnown);
            var root = config is null && configKnown ? context.Variable("NAUTOBOT_ROOT", out var rootKnown) : null;
            path = config ?? (root is { Length: > 0 } r ? r.TrimEnd('/') + "/nautobot_config.py" : null);
            if (path is null)
            {
                return "nautobot-server's configuration file (NAUTOBOT_CONFIG, NAUTOBOT_ROOT, else ~/.nautobot of the user) is not known, so its PYUWSGI_ARGS are not";
            }
        }

        path = HostFiles.Absolute(path, context.WorkingDirectory);
        if (context.Files?.Read(path) is not { } source)
        {
            return $"nautobot-server reads its settings from {path}, which ConfLint cannot read (PYUWSGI_ARGS would add uWSGI options)";
        }

        return source.Text.Contains("PYUWSGI_ARGS", StringComparison.Ordinal) ? $"{path} sets PYUWSGI_ARGS, uWSGI options ConfLint does not read" : null;
    }
}
