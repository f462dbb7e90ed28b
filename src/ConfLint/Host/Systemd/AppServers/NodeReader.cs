using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// node and its package managers: the application reads <c>--port</c> or <c>PORT</c> itself (the common convention),
/// unless its own settings name the port. Wiki.js 2 (a <c>config.yml</c> with <c>port:</c> and <c>db:</c> in the working
/// folder, or <c>CONFIG_FILE</c>) listens on that file's <c>port</c> at its <c>bindIP</c> and takes <c>PORT</c> only where
/// the file's port is below 1 or <c>HEROKU</c> is set (server/core/config.js); it reads no command-line option. Another
/// application whose working folder holds a <c>config.json</c> or <c>config.yml</c> naming a top-level port other than the
/// one given by <c>--port</c>/<c>PORT</c> is not judged: which one wins is the application's choice (a <c>config.json</c>
/// is read as JSON, its top-level members only). HedgeDoc, Etherpad and Misskey, known by their package.json (or their
/// own settings files), are read as each reads its settings (<see cref="ReadHedgeDoc"/>, <see cref="ReadEtherpad"/>,
/// <see cref="ReadMisskey"/>). node running a Meteor bundle's <c>main.js</c> (<see cref="ReadMeteor"/>: PORT at BIND_IP, or
/// UNIX_SOCKET_PATH) or Frappe's <c>apps/frappe/socketio.js</c> (<see cref="ReadFrappeSocketIo"/>: the bench's
/// socketio_port) is known by the script it runs, and Node-RED by its red.js and its launchers (<see cref="ReadNodeRed"/>).
/// Anything else (a port in settings ConfLint does not read) is unknown: <c>PORT</c> is not taken where the working folder
/// holds a settings file ConfLint does not read (<see cref="UnreadSettingsFile"/>).
/// </summary>
internal sealed partial class NodeReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        if (NodeRed(server, context) is { } nodeRed)
        {
            ReadNodeRed(server, context, nodeRed);
            return;
        }

        if (N8n(server, context) is { } n8n)
        {
            ReadN8n(server, context, n8n);
            return;
        }

        switch (Script(server, context))
        {
            case (NodeScript.Meteor, var folder):
                ReadMeteor(server, context, folder);
                return;
            case (NodeScript.FrappeSocketIo, var folder):
                ReadFrappeSocketIo(server, context, folder);
                return;
        }

        switch (Application(context))
        {
            case (NodeApp.HedgeDoc, var folder):
                ReadHedgeDoc(server, context, folder);
                return;
            case (NodeApp.Etherpad, var folder):
                ReadEtherpad(server, context, folder);
                return;
            case (NodeApp.Misskey, var folder):
                ReadMisskey(server, context, folder);
                return;
        }

        var settings = OwnSettings(context);
        if (settings is { WikiJs: true })
        {
            ReadWikiJs(server, context, settings);
            return;
        }

        // A launcher of an installed package (node /usr/lib/node_modules/PKG/bin/X, or a /usr/bin link into one): the PORT
        // convention is the application's, and a package ConfLint does not read may take neither PORT nor --port (n8n reads
        // N8N_PORT): where it listens is not known.
        if (ScriptAt(server, context) is (_, _, { } installed))
        {
            var package = installed.Package == ".bin" ? "an installed package's launcher (node_modules/.bin)" : $"a script of the installed package '{installed.Package}'";
            server.Unknown($"node runs {installed.Path}, {package}, which ConfLint does not read: whether it listens on PORT or --port is the package's own choice");
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

            // PORT is only a convention: an application with a settings file of its own that ConfLint does not read (Node-RED's
            // settings.js with a literal uiPort, node-config's config/default.json) may listen where that file says instead.
            if (UnreadSettingsFile(context) is { } unread)
            {
                server.Unknown($"the environment sets PORT={fromEnvironment}, but {unread}, which ConfLint does not read, may name the port the application listens on instead");
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
            // PORT from the environment is located at its assignment where a line ConfLint reads sets it (Environment=).
            if (word is null && context.EnvironmentAt?.GetValueOrDefault("PORT") is { } at)
            {
                server.AddBindAt(Endpoint.Tcp("0.0.0.0", port), at, BackendProtocol.Http, $"PORT={port} in the environment");
            }
            else
            {
                server.AddBind(Endpoint.Tcp("0.0.0.0", port), word, BackendProtocol.Http, word is null ? $"PORT={port} in the environment" : null);
            }
        }
    }

    /// <summary>Settings files of node applications ConfLint does not read, which may name the port: in the working folder
    /// (<c>settings.js</c>, <c>config.js</c>, node-config's <c>config/default.*</c>, Ghost's <c>config.production.json</c>, a
    /// Node-RED user folder <c>.node-red/settings.js</c>), and Node-RED's user folder in the home (<c>$HOME/.node-red</c>).</summary>
    private static readonly string[] UnreadSettingsNames =
    [
        "settings.js", "config.js", "config/default.json", "config/default.js", "config/default.cjs", "config/default.json5", "config/default.yml",
        "config/default.yaml", "config/default.toml", "config.production.json", ".node-red/settings.js",
    ];

    /// <summary>The first such file that is in the root (as "PATH"), or null.</summary>
    private static string? UnreadSettingsFile(AppServerContext context)
    {
        if (context.Files is not { } files)
        {
            return null;
        }

        if (context.WorkingDirectory is { Length: > 0 } folder && !folder.Contains('$')
            && UnreadSettingsNames.Select(n => HostFiles.Absolute(n, folder)).FirstOrDefault(p => files.Read(p) is not null) is { } inFolder)
        {
            return inFolder;
        }

        var home = context.Variable("HOME", out var homeKnown) is { Length: > 0 } variable ? variable : homeKnown ? context.Home : null;
        return home is not null && !home.Contains('$') && HostFiles.Absolute(".node-red/settings.js", home) is var nodeRed && files.Read(nodeRed) is not null
            ? $"{nodeRed} (Node-RED's user folder)"
            : null;
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
                // Only a member of the top-level object: "port" inside "db" or a section is another thing's port.
                var topPort = JsonMembers(source.Text, null)?.GetValueOrDefault("port") is { Text: { } text } member
                    && (member.Kind == JsonTokenType.Number || member.Kind == JsonTokenType.String) && text.Length > 0 && text.All(char.IsAsciiDigit)
                    ? text
                    : null;
                return new OwnFile(path, false, topPort, null, null);
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

    private enum NodeApp
    {
        None,
        HedgeDoc,
        Etherpad,
        Misskey,
    }

    /// <summary>The application the working folder holds, by its package.json's name (HedgeDoc's <c>lib/config/environment.js</c>
    /// reading CMD_PORT also names it), and its own folder: Etherpad's is the clone, above its <c>src</c>.</summary>
    private static (NodeApp App, string Folder) Application(AppServerContext context)
    {
        if (context.Files is not { } files || context.WorkingDirectory is not { Length: > 0 } folder || folder.Contains('$'))
        {
            return (NodeApp.None, string.Empty);
        }

        folder = Workspace.RootedFileSystem.Normalize(folder);
        var name = PackageName(files, HostFiles.Absolute("package.json", folder));
        if (name is not null && (name.Equals("hedgedoc", StringComparison.OrdinalIgnoreCase) || name.Equals("codimd", StringComparison.OrdinalIgnoreCase))
            || files.Read(HostFiles.Absolute("lib/config/environment.js", folder)) is { } environment && environment.Text.Contains("CMD_PORT", StringComparison.Ordinal))
        {
            return (NodeApp.HedgeDoc, folder);
        }

        if (name == "misskey")
        {
            return (NodeApp.Misskey, folder);
        }

        // Etherpad 1.8's units ran node_modules/ep_etherpad-lite/node/server.js, which 2.x no longer has (node/server.ts):
        // such a unit is often a leftover beside the 2.x one, and the release is not in the configuration. Not read.
        if (context.Command.Arguments.Any(w => w.Value.Contains("node_modules/ep_etherpad-lite/", StringComparison.Ordinal)))
        {
            return (NodeApp.None, string.Empty);
        }

        if (PackageName(files, HostFiles.Absolute("src/package.json", folder)) == "ep_etherpad-lite")
        {
            return (NodeApp.Etherpad, folder);
        }

        // Etherpad's root is the folder above the package ep_etherpad-lite (AbsolutePaths.findEtherpadRoot pops "src").
        if (name == "ep_etherpad-lite" && folder.EndsWith("/src", StringComparison.Ordinal))
        {
            return (NodeApp.Etherpad, folder[..^"/src".Length] is { Length: > 0 } parent ? parent : "/");
        }

        // Where the package files are not there: settings.json with Etherpad's own skinName and dbType, and Misskey's
        // .config/default.yml with its url, db and redis sections.
        if (files.Read(HostFiles.Absolute("settings.json", folder)) is { Length: <= 1 << 20 } settings
            && JsonMembers(settings.Text, null) is { } members && members.ContainsKey("skinName") && members.ContainsKey("dbType"))
        {
            return (NodeApp.Etherpad, folder);
        }

        if (files.Read(HostFiles.Absolute(".config/default.yml", folder)) is { Length: <= 1 << 20 } yaml)
        {
            var keys = YamlTopLevel().Matches(yaml.Text).Select(m => m.Groups["key"].Value).ToHashSet(StringComparer.Ordinal);
            if (keys.Contains("url") && keys.Contains("db") && keys.Contains("redis"))
            {
                return (NodeApp.Misskey, folder);
            }
        }

        return (NodeApp.None, string.Empty);
    }

    private enum NodeScript
    {
        None,
        Meteor,
        FrappeSocketIo,
    }

    /// <summary>Options of node that take the next word as their value: the script is the first word that is neither an
    /// option nor such a value.</summary>
    private static readonly HashSet<string> NodeOptionsWithValue = new(StringComparer.Ordinal)
    {
        "-r", "--require", "--import", "--loader", "--experimental-loader", "--env-file", "--inspect-port", "--title", "--conditions", "-C",
    };

    /// <summary>The script node runs, known by its place: a Meteor bundle (<c>meteor build</c>'s output, Rocket.Chat's and
    /// Wekan's releases: a folder with <c>main.js</c> and <c>programs/server</c>, or a <c>main.js</c> that boots
    /// <c>programs/server/boot.js</c>), with the bundle's folder; or Frappe's socket.io server
    /// (<c>apps/frappe/socketio.js</c> of a bench), with the bench's folder.</summary>
    private static (NodeScript Script, string Folder) Script(AppServer server, AppServerContext context)
    {
        if (server.Program is not ("node" or "nodejs") || context.Files is not { } files)
        {
            return (NodeScript.None, string.Empty);
        }

        var arguments = context.Command.Arguments;
        var script = ScriptIndex(arguments) is { } index ? arguments[index].Value : null;
        if (script is null || script.Contains('$') || (!script.StartsWith('/') && (context.WorkingDirectory is not { Length: > 0 } folderText || folderText.Contains('$'))))
        {
            return (NodeScript.None, string.Empty);
        }

        var path = HostFiles.Absolute(script, context.WorkingDirectory);
        var slash = path.LastIndexOf('/');
        var folder = slash > 0 ? path[..slash] : "/";
        if (path.EndsWith("/apps/frappe/socketio.js", StringComparison.Ordinal))
        {
            return (NodeScript.FrappeSocketIo, path[..^"/apps/frappe/socketio.js".Length] is { Length: > 0 } bench ? bench : "/");
        }

        if (path.EndsWith("/main.js", StringComparison.Ordinal)
            && (files.FileSystem.DirectoryExists(folder.TrimEnd('/') + "/programs/server")
                || files.Read(path) is { Length: <= 1 << 16 } main && main.Text.Contains("programs/server/boot.js", StringComparison.Ordinal)))
        {
            return (NodeScript.Meteor, folder);
        }

        return (NodeScript.None, string.Empty);
    }

    /// <summary>A script inside an installed package's folder (<c>node_modules/PKG/...</c>, <c>node_modules/@SCOPE/PKG/...</c>):
    /// the package's name and the script's path (links followed).</summary>
    private sealed record InstalledScript(string Package, string Path);

    /// <summary>The script node runs: its index among the arguments and, where it is inside an installed package (the
    /// path itself, or where its links lead: <c>/usr/bin/X</c> linked into <c>/usr/lib/node_modules/PKG/bin/</c>), that
    /// package. Nothing for another program than node, or a command with no script.</summary>
    private static (int? Index, SystemdWord? Word, InstalledScript? Installed) ScriptAt(AppServer server, AppServerContext context)
    {
        if (server.Program is not ("node" or "nodejs"))
        {
            return (null, null, null);
        }

        var arguments = context.Command.Arguments;
        if (ScriptIndex(arguments) is { } i)
        {
            var value = arguments[i].Value;
            if (value.Contains('$') || (!value.StartsWith('/') && (context.WorkingDirectory is not { Length: > 0 } folder || folder.Contains('$'))))
            {
                return (i, arguments[i], null);
            }

            var path = HostFiles.Absolute(value, context.WorkingDirectory);
            var resolved = context.Files?.FileSystem.Resolve(path);
            return (i, arguments[i], (resolved is null ? null : Installed(resolved)) ?? Installed(path));
        }

        return (null, null, null);
    }

    /// <summary>The index of the script among node's arguments: the first word that is no option nor an option's value.</summary>
    private static int? ScriptIndex(IReadOnlyList<SystemdWord> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (!arguments[i].Value.StartsWith('-'))
            {
                return i;
            }

            i += NodeOptionsWithValue.Contains(arguments[i].Value) ? 1 : 0;
        }

        return null;
    }

    private static InstalledScript? Installed(string path)
    {
        const string modules = "/node_modules/";
        var at = path.LastIndexOf(modules, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var parts = path[(at + modules.Length)..].Split('/');
        var scoped = parts[0].StartsWith('@');
        var name = scoped && parts.Length > 1 ? parts[0] + "/" + parts[1] : parts[0];
        return parts.Length > (scoped ? 2 : 1) && name.Length > 0 ? new InstalledScript(name, path) : null;
    }

    /// <summary>
    /// A Meteor bundle (packages/webapp/webapp_server.js, <c>main</c>): with <c>UNIX_SOCKET_PATH</c> set, the server
    /// listens on that socket (a relative path is taken from <c>programs/server</c>, where main.js moves before booting);
    /// else on <c>PORT</c> (unset or empty: a port the system picks) at <c>BIND_IP</c>, or 0.0.0.0 where it is unset or
    /// empty. Command-line options are not read by the webapp.
    /// </summary>
    private static void ReadMeteor(AppServer server, AppServerContext context, string bundle)
    {
        var socket = context.Variable("UNIX_SOCKET_PATH", out var socketKnown);
        var portText = context.Variable("PORT", out var portKnown);
        var bind = context.Variable("BIND_IP", out var bindKnown);
        if (!socketKnown || (socket is not { Length: > 0 } && (!portKnown || !bindKnown)))
        {
            server.Unknown("a Meteor bundle listens on UNIX_SOCKET_PATH, else on PORT at BIND_IP, from the environment, which ConfLint cannot tell");
            return;
        }

        if (socket is { Length: > 0 })
        {
            if (socket.Contains('$'))
            {
                server.Unknown($"the Meteor bundle's UNIX_SOCKET_PATH={socket} is not a path ConfLint can place");
                return;
            }

            var path = HostFiles.Absolute(socket, bundle.TrimEnd('/') + "/programs/server");
            Bind(server, context, Endpoint.Unix(path), new Decided(socket, $"UNIX_SOCKET_PATH={socket} in the environment", Variable: "UNIX_SOCKET_PATH"),
                $"UNIX_SOCKET_PATH={socket} in the environment: the Meteor bundle listens on that socket, not on a port");
            return;
        }

        if (portText is not { Length: > 0 })
        {
            server.Unknown("the Meteor bundle is given no PORT (nor UNIX_SOCKET_PATH): it listens on a port the system picks");
            return;
        }

        if (!IsPort(portText.Trim(), out var port))
        {
            server.Unknown($"the Meteor bundle's PORT={portText} is not a port ConfLint can place");
            return;
        }

        var address = bind is { Length: > 0 } ? bind : "0.0.0.0";
        if (!Endpoint.IsIpAddress(address))
        {
            server.Unknown($"the Meteor bundle's BIND_IP={bind} is not an address ConfLint can place");
            return;
        }

        Bind(server, context, Endpoint.Tcp(address, port), new Decided(portText, $"PORT={portText} in the environment", Variable: "PORT"),
            bind is { Length: > 0 } ? $"PORT={portText} and BIND_IP={bind} in the environment" : $"PORT={portText} in the environment, the Meteor bundle's default BIND_IP 0.0.0.0");
    }

    /// <summary>
    /// Frappe's socket.io server (realtime/index.js, node_utils.js <c>get_conf</c>): <c>socketio_port</c> 3000, then each
    /// truthy member of the bench's <c>config.json</c>, then of <c>sites/common_site_config.json</c>, then a non-empty
    /// <c>FRAPPE_SOCKETIO_PORT</c>; <c>io.listen(port)</c> on every address. The bench is the folder two above
    /// <c>apps/frappe</c>. Where the bench's <c>common_site_config.json</c> (which <c>bench init</c> always writes) is not
    /// in the root, the port is unknown: the root may not hold the bench.
    /// </summary>
    private static void ReadFrappeSocketIo(AppServer server, AppServerContext context, string bench)
    {
        var overriding = context.Variable("FRAPPE_SOCKETIO_PORT", out var overridingKnown);
        if (!overridingKnown)
        {
            server.Unknown("Frappe's socket.io server takes FRAPPE_SOCKETIO_PORT from the environment over the bench's files, which ConfLint cannot tell");
            return;
        }

        Decided port;
        if (overriding is { Length: > 0 })
        {
            port = new Decided(overriding.Trim(), $"FRAPPE_SOCKETIO_PORT={overriding} in the environment", Variable: "FRAPPE_SOCKETIO_PORT");
        }
        else
        {
            var files = context.Files!;
            var common = HostFiles.Absolute("sites/common_site_config.json", bench);
            if (context.UnseenFiles || files.Read(common) is null)
            {
                server.Unknown($"Frappe's socket.io server takes socketio_port from {common}, which is not in the root");
                return;
            }

            port = new Decided("3000", "Frappe's default socketio_port 3000");
            foreach (var path in new[] { HostFiles.Absolute("config.json", bench), common })
            {
                if (files.Read(path) is not { } source)
                {
                    continue;
                }

                if (source.Length > 1 << 20 || JsonMembers(source.Text, null) is not { } members)
                {
                    server.Unknown($"Frappe's socket.io server reads {path}, which ConfLint does not read as JSON");
                    return;
                }

                if (members.GetValueOrDefault("socketio_port") is { } member && member.Kind is not (JsonTokenType.Null or JsonTokenType.False)
                    && !(member.Kind == JsonTokenType.String && member.Text!.Length == 0) && !(member.Kind == JsonTokenType.Number && member.Text is "0"))
                {
                    var at = HostFiles.At(source, member.Start, member.Length);
                    port = new Decided(member.Text ?? string.Empty, $"\"socketio_port\": {member.Raw} in {path}:{at.Start.Line}", at);
                }
            }
        }

        if (!IsPort(port.Text, out var number))
        {
            server.Unknown($"Frappe's socket.io server's {port.Source} is not a port ConfLint can place");
            return;
        }

        Bind(server, context, Endpoint.Tcp("0.0.0.0", number), port, port.Source);
    }

    private static string? PackageName(HostFiles files, string path) =>
        files.Read(path) is { Length: <= 1 << 20 } source && JsonMembers(source.Text, null)?.GetValueOrDefault("name") is { Kind: JsonTokenType.String } name
            ? name.Text
            : null;

    /// <summary>A value that decides an address, with where it comes from: a line of a file, a variable of the environment
    /// (located at its <c>Environment=</c> line where known), or a default.</summary>
    private sealed record Decided(string Text, string Source, Location? At = null, string? Variable = null);

    /// <summary>A bind located where its deciding value is written.</summary>
    private static void Bind(AppServer server, AppServerContext context, Endpoint endpoint, Decided decided, string note)
    {
        var at = decided.At ?? (decided.Variable is { } variable ? context.EnvironmentAt?.GetValueOrDefault(variable) : null);
        if (at is not null)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, null, BackendProtocol.Http, note);
        }
    }

    private static bool IsPort(string text, out int port) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;

    /// <summary>
    /// HedgeDoc 1.x (CodiMD): lib/config/index.js merges default.js (host 0.0.0.0, port 3000), then the section
    /// <c>NODE_ENV</c> (<c>development</c> when unset or empty) of <c>config.json</c> in the application's folder, or of
    /// the file <c>CMD_CONFIG_FILE</c> names relative to it, then oldEnvironment.js (<c>PORT</c>), hackmdEnvironment.js
    /// (<c>HMD_PORT</c>) and environment.js (<c>CMD_PORT</c>, <c>CMD_HOST</c>, <c>CMD_PATH</c>): lodash's merge, so a later
    /// value that is set wins. app.js listens on <c>path</c> where it is set, else on <c>port</c> at <c>host</c>.
    /// A port a setting of lower precedence names is recorded as unread: it may be the one meant.
    /// </summary>
    private static void ReadHedgeDoc(AppServer server, AppServerContext context, string folder)
    {
        var files = context.Files!;
        var environment = context.Variable("NODE_ENV", out var environmentKnown);
        var fileName = context.Variable("CMD_CONFIG_FILE", out var fileNameKnown);
        if (!environmentKnown || !fileNameKnown || fileName?.Contains('$') == true)
        {
            server.Unknown("HedgeDoc's NODE_ENV or CMD_CONFIG_FILE, which choose its config.json section, is not known");
            return;
        }

        var section = environment is { Length: > 0 } ? environment : "development";
        var path = HostFiles.Absolute(fileName is { Length: > 0 } ? fileName : "config.json", folder);
        Dictionary<string, JsonMember>? file = null;
        if (files.Read(path) is { } source)
        {
            if (!path.EndsWith(".json", StringComparison.Ordinal) || source.Length > 1 << 20 || JsonMembers(source.Text, section) is not { } members)
            {
                server.Unknown($"HedgeDoc reads {path}, which ConfLint does not read as JSON");
                return;
            }

            file = members;
        }
        else if (context.UnseenFiles)
        {
            server.Unknown($"HedgeDoc reads {path}, which may be where ConfLint cannot look");
            return;
        }

        Decided? FromFile(string key)
        {
            // lodash's merge takes a null over the default (and listen() then picks no fixed port); only an absent key is skipped.
            if (file?.GetValueOrDefault(key) is not { } member)
            {
                return null;
            }

            var at = HostFiles.At(files.Read(path)!, member.Start, member.Length);
            return new Decided(member.Kind is JsonTokenType.String or JsonTokenType.Number ? member.Text! : string.Empty,
                $"\"{key}\": {member.Raw} in {path}:{at.Start.Line} (section {section})", at);
        }

        // Highest precedence first; null where nothing sets it.
        var ports = new List<Decided>();
        foreach (var variable in new[] { "CMD_PORT", "HMD_PORT", "PORT" })
        {
            var value = context.Variable(variable, out var known);
            if (!known)
            {
                server.Unknown($"HedgeDoc takes {variable} from the environment, which ConfLint cannot tell");
                return;
            }

            if (value is not null)
            {
                ports.Add(new Decided(value.Trim(), $"{variable}={value} in the environment", Variable: variable));
            }
        }

        if (FromFile("port") is { } filePort)
        {
            ports.Add(filePort);
        }

        var socket = context.Variable("CMD_PATH", out var socketKnown) is { } socketVariable
            ? new Decided(socketVariable, $"CMD_PATH={socketVariable} in the environment", Variable: "CMD_PATH")
            : FromFile("path");
        var host = context.Variable("CMD_HOST", out var hostKnown) is { } hostVariable
            ? new Decided(hostVariable.Trim(), $"CMD_HOST={hostVariable} in the environment", Variable: "CMD_HOST")
            : FromFile("host") ?? new Decided("0.0.0.0", "HedgeDoc's default host 0.0.0.0");
        if (!socketKnown || !hostKnown)
        {
            server.Unknown("HedgeDoc takes CMD_PATH and CMD_HOST from the environment, which ConfLint cannot tell");
            return;
        }

        if (socket is { Text.Length: > 0 })
        {
            server.AddBindAt(Endpoint.Unix(HostFiles.Absolute(socket.Text, folder)), socket.At ?? context.EnvironmentAt?.GetValueOrDefault("CMD_PATH") ?? server.LocationOf(null),
                BackendProtocol.Http, $"{socket.Source}: HedgeDoc listens on that socket");
            return;
        }

        var port = ports.FirstOrDefault() ?? new Decided("3000", "HedgeDoc's default port 3000");
        if (!IsPort(port.Text, out var number) || !Endpoint.IsIpAddress(host.Text))
        {
            server.Unknown($"HedgeDoc's address ({port.Source}, {host.Source}) is not one ConfLint can place");
            return;
        }

        var note = host.Variable is null && host.At is null ? port.Source : $"{port.Source}, {host.Source}";
        Bind(server, context, Endpoint.Tcp(host.Text, number), port, note);
        foreach (var lower in ports.Skip(1))
        {
            if (IsPort(lower.Text, out var other) && other != number
                && (lower.At ?? (lower.Variable is { } variable ? context.EnvironmentAt?.GetValueOrDefault(variable) : null)) is { } at)
            {
                server.UnreadPorts.Add((other, at, $"{lower.Source}, which {port.Source} overrides"));
            }
        }
    }

    /// <summary>
    /// Etherpad (src/node/utils/Settings.ts): <c>settings.json</c> of its root (the clone; <c>--settings</c>/<c>-s</c> names
    /// another, relative to the root), then <c>credentials.json</c>, each JSON with comments, whose string values of the
    /// whole form <c>${VAR}</c> or <c>${VAR:default}</c> are the variable's value, else the default, else null, a numeric
    /// one made a number; then <c>EP__ip</c>/<c>EP__port</c> of the environment over the file's. Defaults: ip 0.0.0.0, port
    /// <c>PORT</c> or 9001. An empty ip makes the port a socket's path (hooks/express.ts listens on port, ip).
    /// </summary>
    private static void ReadEtherpad(AppServer server, AppServerContext context, string root)
    {
        var files = context.Files!;
        var settingsOption = context.Command.OptionValues(server.Program is "node" or "nodejs" ? ["--settings", "-s"] : ["--settings"]).Select(w => w.Value).LastOrDefault();
        var credentialsOption = context.Command.OptionValues("--credentials").Select(w => w.Value).LastOrDefault();
        if (settingsOption?.Contains('$') == true || credentialsOption?.Contains('$') == true)
        {
            server.Unknown("Etherpad's --settings or --credentials names a file through a variable");
            return;
        }

        var values = new Dictionary<string, Decided?>(StringComparer.Ordinal)
        {
            ["ip"] = new Decided("0.0.0.0", "Etherpad's default ip 0.0.0.0"),
        };
        foreach (var name in new[] { settingsOption ?? "settings.json", credentialsOption ?? "credentials.json" })
        {
            var path = HostFiles.Absolute(name, root);
            if (files.Read(path) is not { } source)
            {
                if (context.UnseenFiles)
                {
                    server.Unknown($"Etherpad reads {path}, which may be where ConfLint cannot look");
                    return;
                }

                continue;
            }

            if (source.Length > 1 << 20 || JsonMembers(source.Text, null) is not { } members)
            {
                server.Unknown($"Etherpad reads {path}, which ConfLint does not read as JSON");
                return;
            }

            foreach (var key in new[] { "ip", "port" })
            {
                if (members.GetValueOrDefault(key) is { } member)
                {
                    var at = HostFiles.At(source, member.Start, member.Length);
                    var written = $"\"{key}\": {member.Raw} in {path}:{at.Start.Line}";
                    if (member.Kind == JsonTokenType.String && EtherpadVariable().Match(member.Text!) is { Success: true } match)
                    {
                        var variable = match.Groups["name"].Value;
                        var value = context.Variable(variable, out var known);
                        if (!known)
                        {
                            server.Unknown($"{written} takes {variable} from the environment, which ConfLint cannot tell");
                            return;
                        }

                        values[key] = value is not null ? new Decided(Coerced(value), $"{written}, {variable}={value} in the environment", at)
                            : match.Groups["default"].Success ? new Decided(Coerced(match.Groups["default"].Value), written, at)
                            : null;
                    }
                    else
                    {
                        values[key] = member.Kind is JsonTokenType.String or JsonTokenType.Number ? new Decided(member.Text!, written, at) : null;
                    }
                }

                // Plugin-style variables (SettingsTree): EP__port over the file's port, after each file is read.
                var overriding = context.Variable("EP__" + key, out var overridingKnown);
                if (!overridingKnown)
                {
                    server.Unknown($"Etherpad takes EP__{key} from the environment over {path}, which ConfLint cannot tell");
                    return;
                }

                if (overriding is not null)
                {
                    values[key] = new Decided(Coerced(overriding), $"EP__{key}={overriding} in the environment", Variable: "EP__" + key);
                }
            }
        }

        if (!values.ContainsKey("port"))
        {
            var fallback = context.Variable("PORT", out var known);
            if (!known)
            {
                server.Unknown("Etherpad's settings name no port, and it takes PORT from the environment, which ConfLint cannot tell");
                return;
            }

            values["port"] = fallback is { Length: > 0 } ? new Decided(fallback, $"PORT={fallback} in the environment (Etherpad's settings name no port)", Variable: "PORT")
                : new Decided("9001", "Etherpad's default port 9001");
        }

        if (values["ip"] is not { } ip || values["port"] is not { } port)
        {
            server.Unknown("Etherpad's ip or port is null (a variable without a default that the environment does not set)");
            return;
        }

        if (ip.Text.Length == 0)
        {
            if (!port.Text.StartsWith('/'))
            {
                server.Unknown($"Etherpad listens on a socket at {port.Text}, relative to a folder ConfLint does not know");
                return;
            }

            Bind(server, context, Endpoint.Unix(port.Text), port, $"{port.Source}, an empty ip: Etherpad listens on that socket");
            return;
        }

        if (!IsPort(port.Text, out var number) || !Endpoint.IsIpAddress(ip.Text))
        {
            server.Unknown($"Etherpad's address ({ip.Source}, {port.Source}) is not one ConfLint can place");
            return;
        }

        Bind(server, context, Endpoint.Tcp(ip.Text, number), port, $"{port.Source}, {ip.Source}");
    }

    /// <summary>Settings.ts's coerceValue: a numeric string is a number (written here in its shortest form).</summary>
    private static string Coerced(string value) =>
        value.Trim().Length > 0 && double.TryParse(value.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number == Math.Floor(number) && Math.Abs(number) < 1e9
            ? ((long)number).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : value;

    [GeneratedRegex(@"^\$\{(?<name>[^:]*)(?::(?<default>[\s\S]*))?\}\z")]
    private static partial Regex EtherpadVariable();

    /// <summary>
    /// Misskey (packages/backend/src/config.ts): <c>.config/default.yml</c> of the repository (<c>test.yml</c> under
    /// NODE_ENV=test; <c>MISSKEY_CONFIG_YML</c> names another, relative to <c>.config</c>); <c>port</c> from the file, else
    /// <c>PORT</c>; with <c>socket</c> set, the server listens on that path, else on the port at 0.0.0.0.
    /// </summary>
    private static void ReadMisskey(AppServer server, AppServerContext context, string folder)
    {
        var files = context.Files!;
        var named = context.Variable("MISSKEY_CONFIG_YML", out var namedKnown);
        var mode = context.Variable("NODE_ENV", out var modeKnown);
        if (!namedKnown || (named is null && !modeKnown) || named?.Contains('$') == true)
        {
            server.Unknown("Misskey's MISSKEY_CONFIG_YML or NODE_ENV, which choose its configuration file, is not known");
            return;
        }

        var path = HostFiles.Absolute(named is { Length: > 0 } ? named : mode == "test" ? "test.yml" : "default.yml", folder.TrimEnd('/') + "/.config");
        if (files.Read(path) is not { } source || source.Length > 1 << 20)
        {
            server.Unknown($"Misskey reads {path}, which ConfLint cannot read");
            return;
        }

        var keys = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (Match line in YamlTopLevel().Matches(source.Text))
        {
            keys.TryAdd(line.Groups["key"].Value, line.Groups["value"]);
        }

        if (keys.GetValueOrDefault("socket") is { } socket && socket.Value.Trim('"', '\'') is { Length: > 0 } socketPath && socketPath is not ("null" or "~"))
        {
            if (!socketPath.StartsWith('/'))
            {
                server.Unknown($"Misskey's socket: {socketPath} in {path} is not a path ConfLint can place");
                return;
            }

            var socketAt = HostFiles.At(source, socket.Index, socket.Length);
            server.AddBindAt(Endpoint.Unix(socketPath), socketAt, BackendProtocol.Http, $"socket: {socketPath} in {path}:{socketAt.Start.Line}");
            return;
        }

        Decided port;
        if (keys.GetValueOrDefault("port") is { } written && written.Value.Length > 0)
        {
            var at = HostFiles.At(source, written.Index, written.Length);
            port = new Decided(written.Value.Trim('"', '\''), $"port: {written.Value} in {path}:{at.Start.Line}", at);
        }
        else
        {
            var fallback = context.Variable("PORT", out var known);
            if (!known || fallback is null)
            {
                server.Unknown($"{path} names no port, and Misskey takes PORT from the environment, which {(known ? "does not set it" : "ConfLint cannot tell")}");
                return;
            }

            port = new Decided(fallback.Trim(), $"PORT={fallback} in the environment ({path} names no port)", Variable: "PORT");
        }

        if (!IsPort(port.Text, out var number))
        {
            server.Unknown($"Misskey's {port.Source} is not a port ConfLint can place");
            return;
        }

        Bind(server, context, Endpoint.Tcp("0.0.0.0", number), port, port.Source);
    }

    /// <summary>A member of a JSON object: its kind, its value's text (a string's, a number's as written; null for an
    /// object or array), and where the value is written (in characters).</summary>
    private sealed record JsonMember(JsonTokenType Kind, string? Text, string Raw, int Start, int Length);

    /// <summary>The members of a JSON document's top-level object (<paramref name="section"/> null), or of the object one of
    /// its top-level members holds (an absent section gives none); the last of a repeated name wins, as JSON.parse takes
    /// it. Comments and trailing commas are allowed. Null when the text is no JSON object.</summary>
    private static Dictionary<string, JsonMember>? JsonMembers(string text, string? section)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var members = new Dictionary<string, JsonMember>(StringComparer.Ordinal);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (section is null)
                {
                    members[name] = Member(ref reader, bytes);
                }
                else if (name == section && reader.TokenType == JsonTokenType.StartObject)
                {
                    members.Clear();
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var inner = reader.GetString()!;
                        reader.Read();
                        members[inner] = Member(ref reader, bytes);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            while (reader.Read())
            {
                // Anything after the object is an error JSON.parse would raise; the reader raises it too.
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return members;
    }

    private static JsonMember Member(ref Utf8JsonReader reader, byte[] bytes)
    {
        var start = Encoding.UTF8.GetCharCount(bytes, 0, (int)reader.TokenStartIndex);
        var kind = reader.TokenType;
        var value = kind switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            _ => null,
        };
        reader.Skip();
        var end = Encoding.UTF8.GetCharCount(bytes, 0, (int)reader.BytesConsumed);
        return new JsonMember(kind, value, kind == JsonTokenType.String ? $"\"{value}\"" : value ?? (kind == JsonTokenType.Null ? "null" : "{...}"), start, end - start);
    }
}
