using System.Text.RegularExpressions;
using ConfLint.Diagnostics;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// node and its package managers: the application reads <c>--port</c> or <c>PORT</c> itself (the common convention),
/// unless its own settings name the port. Wiki.js 2 (a <c>config.yml</c> with <c>port:</c> and <c>db:</c> in the working
/// folder, or <c>CONFIG_FILE</c>) listens on that file's <c>port</c> at its <c>bindIP</c> and takes <c>PORT</c> only where
/// the file's port is below 1 or <c>HEROKU</c> is set (server/core/config.js); it reads no command-line option. Another
/// application whose working folder holds a <c>config.json</c> or <c>config.yml</c> naming a top-level port other than the
/// one given by <c>--port</c>/<c>PORT</c> is not judged: which one wins is the application's choice. Anything else (a port
/// in settings ConfLint does not read) is unknown.
/// </summary>
internal sealed partial class NodeReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var settings = OwnSettings(context);
        if (settings is { WikiJs: true })
        {
            ReadWikiJs(server, context, settings);
            return;
        }

        // The ports the service gives the application, decided before any is taken as a bind.
        var given = new List<(int Port, Syntax.Systemd.SystemdWord? Word)>();
        foreach (var word in context.Command.OptionValues("--port"))
        {
            if (int.TryParse(word.Value, out var port))
            {
                given.Add((port, word));
            }
        }

        if (given.Count == 0 && context.Environment.TryGetValue("PORT", out var text) && int.TryParse(text, out var fromEnvironment))
        {
            // PORT is the convention's last word: an application with its own variable (Uptime Kuma's UPTIME_KUMA_PORT,
            // server/config.js, reads it before PORT) listens on that one where both are set.
            if (OwnPortVariable(context.Environment, fromEnvironment) is { } ownVariable)
            {
                server.Unknown($"the environment sets PORT={fromEnvironment} and also {ownVariable}, which the application may read first: which port it listens on is its own choice");
                return;
            }

            given.Add((fromEnvironment, null));
        }

        if (given.Count == 0)
        {
            server.Unknown($"{server.Program} is given no --port or PORT: the application chooses its address in its own settings");
            return;
        }

        if (settings is { Port: { } own } && given.Any(g => g.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) != own))
        {
            server.Unknown($"{settings.Path} names port {own} and the service gives {server.Program} another: which one the application listens on is its own choice");
            return;
        }

        foreach (var (port, word) in given)
        {
            server.AddBind(Endpoint.Tcp("0.0.0.0", port), word, BackendProtocol.Http, word is null ? $"PORT={port} in the environment" : null);
        }
    }

    /// <summary>The first variable other than PORT that names a different port and may be the application's own
    /// (<c>APP_PORT</c>, <c>UPTIME_KUMA_PORT</c>, <c>HTTP_PORT</c>), as NAME=VALUE; null when none does. A port the
    /// application connects to (<c>DB_PORT</c>, <c>REDIS_PORT</c>, <c>SMTP_PORT</c>...) is not one.</summary>
    internal static string? OwnPortVariable(IReadOnlyDictionary<string, string> environment, int port)
    {
        foreach (var (name, value) in environment.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (name != "PORT" && name.EndsWith("_PORT", StringComparison.Ordinal) && int.TryParse(value, out var other) && other != port
                && !ClientPrefixes.Contains(name[..name.IndexOf('_', StringComparison.Ordinal)]))
            {
                return $"{name}={value}";
            }
        }

        return null;
    }

    /// <summary>First words of variables that name a port the application connects to rather than listens on.</summary>
    private static readonly HashSet<string> ClientPrefixes = new(StringComparer.Ordinal)
    {
        "DB", "DATABASE", "MYSQL", "MARIADB", "POSTGRES", "POSTGRESQL", "PG", "PGSQL", "MONGO", "MONGODB", "REDIS", "MEMCACHED", "MEMCACHE",
        "SMTP", "MAIL", "IMAP", "POP3", "LDAP", "AMQP", "RABBITMQ", "RABBIT", "KAFKA", "NATS", "ELASTIC", "ELASTICSEARCH", "OPENSEARCH",
        "CLICKHOUSE", "INFLUX", "INFLUXDB", "STATSD", "SENTRY", "S3", "MINIO", "CACHE", "QUEUE", "BROKER",
    };

    /// <summary>Wiki.js 2: <c>port</c> and <c>bindIP</c> (default 0.0.0.0) of its config.yml, with its <c>$(NAME)</c> and
    /// <c>$(NAME:default)</c> values taken from the environment (helpers/config.js parseConfigValue).</summary>
    private static void ReadWikiJs(AppServer server, AppServerContext context, OwnFile settings)
    {
        if (settings.Port is not { } portText || Substitute(portText, context) is not { } portValue
            || (settings.BindIp is { } bindText && Substitute(bindText, context) is null))
        {
            server.Unknown($"Wiki.js's {settings.Path} names its port or bindIP through a variable the unit's environment does not set");
            return;
        }

        if (!int.TryParse(portValue, out var port))
        {
            server.Unknown($"Wiki.js's {settings.Path} gives port '{portValue}', which ConfLint does not read as a number");
            return;
        }

        var address = settings.BindIp is { } bind ? Substitute(bind, context)! : "0.0.0.0";
        if (port < 1 || context.Environment.ContainsKey("HEROKU"))
        {
            var fallback = context.Variable("PORT", out var known);
            if (!known || (fallback is not null && !int.TryParse(fallback, out _)))
            {
                server.Unknown($"Wiki.js takes PORT from the environment (port {port} in {settings.Path}), which ConfLint cannot tell");
                return;
            }

            var chosen = fallback is null ? 80 : int.Parse(fallback, System.Globalization.CultureInfo.InvariantCulture);
            server.AddBind(Endpoint.Tcp(address, chosen), null, BackendProtocol.Http, fallback is null ? $"Wiki.js's default port 80 ({settings.Path} gives port {port})" : $"PORT={chosen} in the environment, which Wiki.js takes as {settings.Path} gives port {port}");
            return;
        }

        server.AddBindAt(Endpoint.Tcp(address, port), settings.PortAt!, BackendProtocol.Http, $"port: {port} in {settings.Path}:{settings.PortAt!.Start.Line}");
    }

    private static string? Substitute(string value, AppServerContext context)
    {
        var unknown = false;
        var result = Placeholder().Replace(value, m =>
        {
            var found = context.Variable(m.Groups["name"].Value, out var known);
            unknown |= !known;
            return found ?? (m.Groups["default"].Success ? m.Groups["default"].Value : string.Empty);
        });
        return unknown ? null : result.Trim().Trim('"', '\'');
    }

    [GeneratedRegex(@"\$\((?<name>[A-Za-z0-9_]+)(?::(?<default>[^)]*))?\)")]
    private static partial Regex Placeholder();

    private sealed record OwnFile(string Path, bool WikiJs, string? Port, Location? PortAt, string? BindIp);

    /// <summary>The application's own settings file in its working folder (or Wiki.js's <c>CONFIG_FILE</c>): its
    /// top-level <c>port</c> and <c>bindIP</c>, read as plain <c>key: value</c> lines (YAML) or <c>"key": value</c>
    /// members (JSON, only a number or a string).</summary>
    private static OwnFile? OwnSettings(AppServerContext context)
    {
        if (context.Files is null || context.WorkingDirectory is not { } folder || folder.Contains('$'))
        {
            return null;
        }

        var named = context.Environment.GetValueOrDefault("CONFIG_FILE");
        foreach (var name in named is null ? ["config.yml", "config.json"] : new[] { named })
        {
            var path = HostFiles.Absolute(name, folder);
            if (context.Files.Read(path) is not { } source || source.Length > 1 << 20)
            {
                continue;
            }

            if (path.EndsWith(".json", StringComparison.Ordinal))
            {
                var member = JsonPort().Match(source.Text);
                return new OwnFile(path, false, member.Success ? member.Groups["value"].Value : null, null, null);
            }

            // The first line of each top-level key, as the previous reading of one key at a time took it.
            var keys = new Dictionary<string, Group>(StringComparer.Ordinal);
            foreach (Match line in YamlTopLevel().Matches(source.Text))
            {
                keys.TryAdd(line.Groups["key"].Value, line.Groups["value"]);
            }

            var port = keys.GetValueOrDefault("port");
            return new OwnFile(path, port is not null && keys.ContainsKey("db"), port?.Value,
                port is { } p ? HostFiles.At(source, p.Index, p.Length) : null, keys.GetValueOrDefault("bindIP")?.Value);
        }

        return null;
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*(?<value>[^#\r\n]*?)[ \t]*(?:#.*)?\r?$", RegexOptions.Multiline)]
    private static partial Regex YamlTopLevel();

    [GeneratedRegex(@"^[ \t]{0,4}""port""[ \t]*:[ \t]*""?(?<value>[0-9]+)""?[ \t]*,?[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex JsonPort();
}
