using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;
using ConfLint.Units;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Grafana (<c>grafana server</c>, or the older <c>grafana-server</c>), its settings merged as pkg/setting's
/// <c>Cfg.loadConfiguration</c> merges them: <c>conf/defaults.ini</c> of the home folder (<c>--homepath</c>, else the
/// working folder or its parent, as <c>setHomePath</c> looks), then the command line's <c>cfg:default.SECTION.KEY=V</c>,
/// then the configuration file (<c>--config</c>, else <c>conf/custom.ini</c> of the home folder; a key left empty there
/// changes nothing, <c>loadSpecifiedConfigFile</c>), then <c>GF_SECTION_KEY</c> from the environment (when not empty,
/// <c>applyEnvVariableOverrides</c>), then <c>cfg:SECTION.KEY=V</c>. A value holding <c>$</c> is expanded from the
/// environment, files or a vault afterwards (<c>expandConfig</c>): unknown here. Read: <c>[server] protocol</c> (http;
/// https and h2 listen with TLS, socket on the Unix socket <c>socket</c>), <c>http_addr</c> (empty: every address),
/// <c>http_port</c> (3000), <c>root_url</c> and <c>serve_from_sub_path</c> (the path it serves under), and
/// <c>[dataproxy] timeout</c> (30 s in defaults.ini): how long Grafana waits for a data source's answer, so how long a
/// dashboard's query through Grafana may take. Where defaults.ini is not in the root, the values the package ships in it
/// stand in for it.
/// </summary>
internal sealed class GrafanaReader : AppServerReader
{
    /// <summary>The keys read, and the value the package's defaults.ini gives each.</summary>
    private static readonly (string Section, string Key, string Shipped)[] Keys =
    [
        ("server", "protocol", "http"),
        ("server", "http_addr", string.Empty),
        ("server", "http_port", "3000"),
        ("server", "socket", "/tmp/grafana.sock"),
        ("server", "root_url", "%(protocol)s://%(domain)s:%(http_port)s/"),
        ("server", "serve_from_sub_path", "false"),
        ("dataproxy", "timeout", "30"),
    ];

    /// <summary>A setting as Grafana ends up with it: its value, what set it (for messages), where (null for a default
    /// not in the root, the environment, or the command line), and the command-line word that set it.</summary>
    private sealed record Setting(string Value, string Source, Location? At, SystemdWord? Word = null);

    public override void Read(AppServer server, AppServerContext context)
    {
        var command = context.Command;
        var home = Option(command, "homepath");
        var config = Option(command, "config");
        var properties = command.Arguments.Where(a => a.Value.StartsWith("cfg:", StringComparison.Ordinal)).ToList();

        var settings = new Dictionary<(string, string), Setting>();
        foreach (var (section, key, shipped) in Keys)
        {
            settings[(section, key)] = new Setting(shipped, "Grafana's default", null);
        }

        // defaults.ini of the home folder.
        var homeFolder = home?.Value ?? context.WorkingDirectory;
        if (homeFolder is not null && !homeFolder.Contains('$') && context.Files is not null)
        {
            var folder = HostFiles.Absolute(homeFolder, context.WorkingDirectory);
            if (home is null && !context.Files.Exists(folder.TrimEnd('/') + "/conf/defaults.ini") && context.Files.Exists(HostFiles.Absolute("../conf/defaults.ini", folder)))
            {
                folder = HostFiles.Absolute("..", folder);
            }

            var defaultsPath = HostFiles.Absolute("conf/defaults.ini", folder);
            if (context.Files.Read(defaultsPath) is { } defaults)
            {
                server.ConfigFiles.Add(defaults.File);
                Merge(settings, defaults, skipEmpty: false, defaultsPath);
            }

            homeFolder = folder;
        }

        Properties(settings, properties, defaults: true);

        // The configuration file.
        if (config is { Value: var named })
        {
            if (named.Contains('$'))
            {
                server.Unknown($"Grafana's configuration file {named} names a variable the unit's environment does not set");
                return;
            }

            var path = HostFiles.Absolute(named, context.WorkingDirectory);
            if (context.Files?.Read(path) is not { } file)
            {
                server.Unknown($"Grafana's configuration file {path} is not in the root");
                return;
            }

            server.ConfigFiles.Add(file.File);
            Merge(settings, file, skipEmpty: true, path);
        }
        else if (homeFolder is not null && HostFiles.Absolute("conf/custom.ini", homeFolder) is var customPath && context.Files?.Read(customPath) is { } custom)
        {
            server.ConfigFiles.Add(custom.File);
            Merge(settings, custom, skipEmpty: true, customPath);
        }
        else if (context.UnseenFiles)
        {
            server.Unknown("Grafana is given no --config, and reads conf/custom.ini of a home folder ConfLint cannot see");
            return;
        }

        foreach (var (section, key, _) in Keys)
        {
            var variable = $"GF_{section.ToUpperInvariant().Replace('.', '_').Replace('-', '_')}_{key.ToUpperInvariant().Replace('.', '_')}";
            if (context.Environment.TryGetValue(variable, out var value) && value.Length > 0)
            {
                settings[(section, key)] = new Setting(value, $"{variable} in the environment", context.EnvironmentAt?.GetValueOrDefault(variable));
            }
        }

        Properties(settings, properties, defaults: false);

        AddBinds(server, settings);
        ReadTimeout(server, settings[("dataproxy", "timeout")]);
        ReadContextPath(server, settings);
    }

    /// <summary><c>--NAME VALUE</c>, <c>--NAME=VALUE</c>, or with one dash (Go's flag package and urfave/cli take both).</summary>
    private static SystemdWord? Option(SystemdCommand command, string name) =>
        command.OptionValues("--" + name, "-" + name).LastOrDefault() is { Value: not null } word ? word : null;

    /// <summary>The command line's <c>cfg:</c> properties: <c>cfg:default.SECTION.KEY=V</c> before the configuration file,
    /// <c>cfg:SECTION.KEY=V</c> after the environment (<c>getCommandLineProperties</c> takes the words with one <c>=</c>).</summary>
    private static void Properties(Dictionary<(string, string), Setting> settings, List<SystemdWord> words, bool defaults)
    {
        foreach (var word in words)
        {
            var parts = word.Value["cfg:".Length..].Split('=');
            var name = parts[0];
            if (parts.Length != 2 || name.StartsWith("default.", StringComparison.Ordinal) != defaults)
            {
                continue;
            }

            name = defaults ? name["default.".Length..] : name;
            foreach (var (section, key, _) in Keys)
            {
                if (name == $"{section}.{key}")
                {
                    settings[(section, key)] = new Setting(parts[1], $"{word.Value} on the command line", null, word);
                }
            }
        }
    }

    /// <summary>The keys read here, as an INI file sets them (gopkg.in/ini.v1: <c>[section]</c>, <c>key = value</c> or
    /// <c>key: value</c>, lines starting with <c>#</c> or <c>;</c> are comments, and so is the rest of an unquoted value
    /// from a <c>#</c> or <c>;</c>; quotes around a value are removed). The last line of a key wins.</summary>
    private static void Merge(Dictionary<(string, string), Setting> settings, SourceText source, bool skipEmpty, string name)
    {
        var section = string.Empty;
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var text = source.Text.Substring(span.Start, span.Length);
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[')
            {
                var close = trimmed.IndexOf(']');
                section = close > 0 ? trimmed[1..close].Trim() : section;
                continue;
            }

            var delimiter = trimmed.IndexOfAny(['=', ':']);
            if (delimiter <= 0)
            {
                continue;
            }

            var key = trimmed[..delimiter].Trim();
            if (!settings.ContainsKey((section, key)))
            {
                continue;
            }

            var raw = trimmed[(delimiter + 1)..].TrimStart();
            var value = Value(raw);
            if (skipEmpty && value.Length == 0)
            {
                continue;
            }

            var start = span.Start + text.IndexOf(trimmed, StringComparison.Ordinal);
            settings[(section, key)] = new Setting(value, $"{key} in {name}", HostFiles.At(source, start, trimmed.Length));
        }
    }

    /// <summary>An INI value as gopkg.in/ini.v1 reads it: quoted, the text between the quotes; else up to a <c>#</c> or <c>;</c>.</summary>
    private static string Value(string raw)
    {
        if (raw.Length > 0 && raw[0] is '"' or '`' or '\'')
        {
            var close = raw.IndexOf(raw[0], 1);
            if (close > 0)
            {
                return raw[1..close];
            }
        }

        var comment = raw.IndexOfAny(['#', ';']);
        return (comment >= 0 ? raw[..comment] : raw).Trim();
    }

    /// <summary>Where it listens (readServerSettings): a Unix socket for protocol socket, else http_addr:http_port; an
    /// empty http_addr is 0.0.0.0, on which Go listens on every address, IPv6 as well.</summary>
    private static void AddBinds(AppServer server, Dictionary<(string, string), Setting> settings)
    {
        var protocol = settings[("server", "protocol")];
        if (protocol.Value.Contains('$'))
        {
            server.Unknown($"Grafana's protocol ({protocol.Source}) is expanded when it starts");
            return;
        }

        if (protocol.Value == "socket")
        {
            var socket = settings[("server", "socket")];
            if (socket.Value.Length == 0 || socket.Value.Contains('$'))
            {
                server.Unknown($"Grafana listens on a Unix socket whose path ({socket.Source}) ConfLint cannot read");
                return;
            }

            Add(server, Endpoint.Unix(socket.Value), $"protocol = socket, {socket.Source}", socket, protocol);
            return;
        }

        var address = settings[("server", "http_addr")];
        var port = settings[("server", "http_port")];
        if (address.Value.Contains('$') || port.Value.Contains('$'))
        {
            server.Unknown($"Grafana's address ({address.Source}, {port.Source}) is expanded when it starts");
            return;
        }

        if (!int.TryParse(port.Value, out var number) || number is <= 0 or > 65535)
        {
            server.Unknown($"Grafana's http_port {port.Value} ({port.Source}) is not a port number ConfLint reads");
            return;
        }

        var host = address.Value is "" or "0.0.0.0" ? "*" : address.Value;
        var parts = new List<string>
        {
            address.Value.Length == 0 ? $"every address ({address.Source}: http_addr empty)" : $"{address.Source}",
            port.Source,
        };
        if (protocol.Value is "https" or "h2")
        {
            parts.Insert(0, $"protocol = {protocol.Value} (TLS)");
        }

        Add(server, Endpoint.Tcp(host, number), string.Join(", ", parts), port, address, protocol);
    }

    /// <summary>A bind, located at the first of its settings that is written somewhere ConfLint reads; else at ExecStart.</summary>
    private static void Add(AppServer server, Endpoint endpoint, string note, params Setting[] settings)
    {
        var located = settings.FirstOrDefault(s => s.At is not null || s.Word is not null);
        if (located is { At: { } at })
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, located?.Word, BackendProtocol.Http, note);
        }
    }

    /// <summary><c>[dataproxy] timeout</c> in seconds (readDataProxySettings): above 0, how long a request through Grafana to a
    /// data source may take; 0 or less is no limit, and a value that is no number is left unjudged.</summary>
    private static void ReadTimeout(AppServer server, Setting timeout)
    {
        if (!int.TryParse(timeout.Value, out var seconds) || seconds <= 0)
        {
            return;
        }

        server.RequestTimeout = Duration.FromSeconds(seconds);
        server.RequestTimeoutAt = timeout.At ?? (timeout.Word is { } word ? server.LocationOf(word) : null);
        server.RequestTimeoutSetting = timeout.Source == "Grafana's default"
            ? "Grafana's default [dataproxy] timeout, how long it waits for a data source"
            : $"[dataproxy] timeout, how long it waits for a data source: {timeout.Source}";
    }

    /// <summary>With <c>serve_from_sub_path</c>, Grafana serves under the path of <c>root_url</c> (parseAppUrlAndSubUrl).</summary>
    private static void ReadContextPath(AppServer server, Dictionary<(string, string), Setting> settings)
    {
        var subPath = settings[("server", "serve_from_sub_path")];
        var rootUrl = settings[("server", "root_url")];
        if (!bool.TryParse(subPath.Value, out var serves) || !serves || rootUrl.Value.Contains('$'))
        {
            return;
        }

        var scheme = rootUrl.Value.IndexOf("://", StringComparison.Ordinal);
        var slash = scheme < 0 ? -1 : rootUrl.Value.IndexOf('/', scheme + 3);
        var path = slash < 0 ? string.Empty : rootUrl.Value[slash..].TrimEnd('/');
        if (path.Length > 0 && !path.Contains("%(", StringComparison.Ordinal))
        {
            server.ContextPath = (path, $"root_url {rootUrl.Value} with serve_from_sub_path");
        }
    }
}
