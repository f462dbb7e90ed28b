using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Documents;
using ConfLint.Text;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Gotify's server (the release's binary <c>gotify-linux-amd64</c> and its siblings, renamed <c>gotify</c>, the image's
/// <c>gotify-app</c>), read as gotify/server reads its settings. 2.x (config/config.go): jinzhu/configor with
/// <c>ENVPrefix: "GOTIFY"</c> loads <c>config.yml</c> of the working folder and <c>/etc/gotify/config.yml</c>, the later
/// one of the list first (configor walks the files backwards), so the working folder's keys win over /etc's, each file
/// merged key by key over the defaults; then every non-empty <c>GOTIFY_SECTION_KEY</c> variable over them
/// (<c>GOTIFY_SERVER_PORT</c>, <c>GOTIFY_SERVER_LISTENADDR</c>; configor also tries the mixed-case
/// <c>GOTIFY_Server_Port</c>). A file configor would read besides (<c>config.development.yml</c> for its default
/// <c>CONFIGOR_ENV</c>, <c>config.example.yml</c> in place of a missing one) leaves the address unknown. 3.0 reads no YAML:
/// the process environment first, then the first of <c>gotify-server.env</c> (working folder),
/// <c>$XDG_CONFIG_HOME/gotify/gotify-server.env</c> (<c>~/.config</c>) and <c>/etc/gotify/server.env</c> that exists, or
/// <c>GOTIFY_CONFIG_FILE</c> (config/file.go, godotenv: a variable already set is not replaced). The release is not in
/// the configuration: a root with a <c>config.yml</c> and no env file is read as 2.x, one with an env file and no
/// <c>config.yml</c> as 3.x, one with both is unknown; with neither, both read the environment over the same defaults.
/// Gotify listens on <c>listenaddr:port</c> (runner/runner.go; empty: every address; <c>unix:PATH</c> a socket since
/// 2.7), default port 80, and with <c>ssl.enabled</c> also on <c>ssl.listenaddr:ssl.port</c> (443) with TLS.
/// </summary>
internal sealed class GotifyReader : AppServerReader
{
    /// <summary>A setting as Gotify ends up with it: its value, what set it (for messages), where it is written.</summary>
    private sealed record Setting(string Value, string Source, Location? At, bool IsDefault = false);

    private static readonly (string Key, string Default)[] Keys =
    [
        ("listenaddr", string.Empty),
        ("port", "80"),
        ("ssl.enabled", "false"),
        ("ssl.listenaddr", string.Empty),
        ("ssl.port", "443"),
    ];

    /// <summary>Whether a program name is Gotify's server binary: <c>gotify</c>, the release's <c>gotify-linux-ARCH</c>, the
    /// image's <c>gotify-app</c>.</summary>
    internal static bool IsGotify(string name) =>
        name is "gotify" or "gotify-app" or "gotify-server" || name.StartsWith("gotify-linux-", StringComparison.Ordinal);

    public override void Read(AppServer server, AppServerContext context)
    {
        if (context.Files is not { } files)
        {
            server.Unknown("Gotify reads config.yml or gotify-server.env files ConfLint cannot see");
            return;
        }

        var folder = context.WorkingDirectory is { Length: > 0 } wd && !wd.Contains('$') ? wd : "/";
        var settings = Keys.ToDictionary(k => k.Key, k => new Setting(k.Default, "Gotify's default", null, IsDefault: true), StringComparer.Ordinal);
        var yamlPaths = new[] { HostFiles.Absolute("config.yml", folder), "/etc/gotify/config.yml" }.Distinct(StringComparer.Ordinal).ToList();
        var yamls = yamlPaths.Where(files.Exists).ToList();
        if (EnvFiles(server, context, files) is not { } envFiles)
        {
            return;
        }

        var envFile = envFiles.FirstOrDefault(files.Exists);
        if (yamls.Count > 0 && envFile is not null)
        {
            server.Unknown($"Gotify 2.x reads {yamls[0]} and 3.0 reads {envFile} instead; which release runs is not in the configuration");
            return;
        }

        if (envFile is not null)
        {
            if (!ReadV3(server, context, files, envFile, settings))
            {
                return;
            }
        }
        else
        {
            if (!ReadV2(server, context, files, yamlPaths, settings))
            {
                return;
            }
        }

        AddBind(server, settings["listenaddr"], settings["port"], tls: false);
        var ssl = settings["ssl.enabled"];
        // Go's strconv.ParseBool (3.0) and yaml.v2's booleans share true/false and 1/0 for the environment's value.
        var enabledText = ssl.Value.Trim();
        if (!bool.TryParse(enabledText, out var enabled) && enabledText is not ("1" or "0"))
        {
            server.Unknown($"Gotify's ssl.enabled ({ssl.Source}) is not a boolean ConfLint reads");
            return;
        }

        if (enabled || enabledText == "1")
        {
            AddBind(server, settings["ssl.listenaddr"], settings["ssl.port"], tls: true);
        }
    }

    /// <summary>3.0's env files in its order (config/file.go getFiles), or <c>GOTIFY_CONFIG_FILE</c>; null (unknown) where one
    /// cannot be placed.</summary>
    private static List<string>? EnvFiles(AppServer server, AppServerContext context, HostFiles files)
    {
        var named = context.Variable("GOTIFY_CONFIG_FILE", out var namedKnown);
        var xdg = context.Variable("XDG_CONFIG_HOME", out var xdgKnown);
        if (!namedKnown || !xdgKnown)
        {
            server.Unknown("Gotify 3.0's GOTIFY_CONFIG_FILE or XDG_CONFIG_HOME may be set where ConfLint cannot see it");
            return null;
        }

        var folder = context.WorkingDirectory is { Length: > 0 } wd && !wd.Contains('$') ? wd : "/";
        if (named is { Length: > 0 })
        {
            if (named.Contains('$'))
            {
                server.Unknown($"Gotify 3.0's GOTIFY_CONFIG_FILE {named} is not a path ConfLint can place");
                return null;
            }

            return [HostFiles.Absolute(named, folder)];
        }

        var list = new List<string> { HostFiles.Absolute("gotify-server.env", folder) };
        var home = context.Environment.GetValueOrDefault("HOME") ?? context.Home;
        var configHome = xdg is { Length: > 0 } ? xdg : home is { Length: > 0 } ? home.TrimEnd('/') + "/.config" : null;
        if (configHome is null || configHome.Contains('$') || !configHome.StartsWith('/'))
        {
            if (context.UnseenFiles)
            {
                server.Unknown("Gotify 3.0 reads gotify/gotify-server.env of its user's configuration folder, which ConfLint cannot place");
                return null;
            }
        }
        else
        {
            list.Add(configHome.TrimEnd('/') + "/gotify/gotify-server.env");
        }

        list.Add("/etc/gotify/server.env");
        return list;
    }

    /// <summary>2.x: the files backwards (/etc's, then the working folder's), each key it sets over the one before, then the
    /// environment's non-empty variables. False (unknown) where a file cannot be read.</summary>
    private static bool ReadV2(AppServer server, AppServerContext context, HostFiles files, List<string> paths, Dictionary<string, Setting> settings)
    {
        var configorEnv = context.Variable("CONFIGOR_ENV", out var envKnown);
        if (!envKnown || configorEnv is { Length: > 0 } && (configorEnv.Contains('$') || configorEnv.Contains('/')))
        {
            server.Unknown("configor's CONFIGOR_ENV, which names another file Gotify reads, is not known");
            return false;
        }

        var environment = configorEnv is { Length: > 0 } ? configorEnv : "development";
        for (var i = paths.Count - 1; i >= 0; i--)
        {
            var path = paths[i];
            var stem = path[..^".yml".Length];
            foreach (var other in new[] { $"{stem}.{environment}.yml", $"{stem}.example.yml" })
            {
                if ((files.Exists(other) && (other.EndsWith($".{environment}.yml", StringComparison.Ordinal) || !files.Exists(path))) || context.UnseenFiles)
                {
                    server.Unknown(context.UnseenFiles
                        ? $"Gotify reads {path} (and configor's {other}), which ConfLint cannot see"
                        : $"configor also loads {other} beside {path}");
                    return false;
                }
            }

            if (files.Read(path) is not { } source)
            {
                continue;
            }

            server.ConfigFiles.Add(source.File);
            if (!MergeYaml(server, source, path, settings))
            {
                return false;
            }
        }

        foreach (var (key, _) in Keys)
        {
            var upper = "GOTIFY_SERVER_" + key.Replace('.', '_').ToUpperInvariant();
            foreach (var variable in new[] { MixedCase(key), upper })
            {
                var value = context.Variable(variable, out var known);
                if (!known)
                {
                    server.Unknown($"Gotify's {upper} may be set where ConfLint cannot see it");
                    return false;
                }

                if (value is { Length: > 0 })
                {
                    settings[key] = new Setting(value, $"{variable}={value} in the environment (over the files)", context.EnvironmentAt?.GetValueOrDefault(variable));
                }
            }
        }

        return true;
    }

    /// <summary>configor's other spelling of a variable: the prefix and the Go field names, <c>GOTIFY_Server_SSL_ListenAddr</c>.</summary>
    private static string MixedCase(string key) => "GOTIFY_Server_" + string.Join('_', key.Split('.').Select(part => part switch
    {
        "listenaddr" => "ListenAddr",
        "port" => "Port",
        "ssl" => "SSL",
        "enabled" => "Enabled",
        _ => part,
    }));

    /// <summary>The <c>server:</c> keys of one YAML file over <paramref name="settings"/> (yaml.v2 into the struct: a key is
    /// the lowercased field name; a null value changes nothing). False (unknown) where the file or a value is not one
    /// ConfLint reads.</summary>
    private static bool MergeYaml(AppServer server, SourceText source, string path, Dictionary<string, Setting> settings)
    {
        if (Root(source.Text) is not { } root)
        {
            server.Unknown($"{path} is not YAML ConfLint reads");
            return false;
        }

        if (Child(root, "server", out var serverCase) is not { } serverNode || serverCase)
        {
            if (serverCase)
            {
                server.Unknown($"{path} spells a key of server: in another case than yaml.v2 matches; ConfLint does not guess whether Gotify takes it");
                return false;
            }

            return true;
        }

        if (serverNode is not YamlMappingNode serverMap)
        {
            return IsNull(serverNode) || Fail(server, $"server: in {path} is not a mapping");
        }

        foreach (var (key, _) in Keys)
        {
            YamlMappingNode? map = serverMap;
            var name = key;
            if (key.StartsWith("ssl.", StringComparison.Ordinal))
            {
                var ssl = Child(serverMap, "ssl", out var sslCase);
                if (sslCase || ssl is not null and not YamlMappingNode && !IsNull(ssl))
                {
                    return Fail(server, $"server: ssl: in {path} is not a mapping ConfLint reads");
                }

                map = ssl as YamlMappingNode;
                name = key["ssl.".Length..];
            }

            var node = Child(map, name, out var otherCase);
            if (otherCase)
            {
                return Fail(server, $"{path} spells {key} in another case than yaml.v2 matches; ConfLint does not guess whether Gotify takes it");
            }

            if (node is null || IsNull(node))
            {
                continue;
            }

            if (node is not YamlScalarNode { Value: { } value } scalar || !node.Tag.IsEmpty)
            {
                return Fail(server, $"server: {key} in {path} is not a value ConfLint reads");
            }

            if (key.EndsWith("port", StringComparison.Ordinal) && scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
            {
                return Fail(server, $"server: {key} in {path} is quoted: Gotify refuses a string for a port");
            }

            settings[key] = new Setting(value, $"{key.Replace("ssl.", "ssl: ", StringComparison.Ordinal)}: {value} in {path}", HostFiles.At(source, (int)node.Start.Index, (int)(node.End.Index - node.Start.Index)));
        }

        return true;
    }

    /// <summary>3.0: the process environment, then the env file for what it does not set (godotenv.Load).</summary>
    private static bool ReadV3(AppServer server, AppServerContext context, HostFiles files, string path, Dictionary<string, Setting> settings)
    {
        if (files.Read(path) is not { } source)
        {
            server.Unknown($"Gotify 3.0 reads {path}, which ConfLint cannot read");
            return false;
        }

        server.ConfigFiles.Add(source.File);
        var fromFile = new Dictionary<string, (string Value, Location At)>(StringComparer.Ordinal);
        for (var number = 1; number <= source.LineCount; number++)
        {
            var span = source.GetLineSpan(number);
            var line = source.Text.Substring(span.Start, span.Length);
            var trimmed = line.Trim();
            var equals = trimmed.IndexOf('=');
            if (trimmed.Length == 0 || trimmed[0] == '#' || equals <= 0)
            {
                continue;
            }

            var name = trimmed[..equals].Trim();
            name = name.StartsWith("export ", StringComparison.Ordinal) ? name[7..].Trim() : name;
            var raw = trimmed[(equals + 1)..].Trim();
            string value;
            if (raw.Length > 0 && raw[0] is '"' or '\'')
            {
                var close = raw.IndexOf(raw[0], 1);
                if (close < 0)
                {
                    return Fail(server, $"{path}:{number} has a quoted value ConfLint does not follow");
                }

                value = raw[1..close];
            }
            else
            {
                var comment = raw.IndexOf(" #", StringComparison.Ordinal);
                value = (comment >= 0 ? raw[..comment] : raw).Trim();
            }

            fromFile[name] = (value, HostFiles.At(source, span.Start + line.IndexOf(trimmed, StringComparison.Ordinal), trimmed.Length));
        }

        foreach (var (key, _) in Keys)
        {
            var variable = "GOTIFY_SERVER_" + key.Replace('.', '_').ToUpperInvariant();
            // 3.0 reads VAR_FILE's file where VAR itself is not set (config/parse.go lookupEnv).
            var indirect = variable + "_FILE";
            if (context.Variable(indirect, out var indirectKnown) is not null || !indirectKnown || fromFile.ContainsKey(indirect))
            {
                return Fail(server, $"Gotify 3.0 may read {variable} from the file {indirect} names");
            }

            var value = context.Variable(variable, out var known);
            if (!known)
            {
                return Fail(server, $"Gotify's {variable} may be set where ConfLint cannot see it");
            }

            if (value is not null)
            {
                settings[key] = new Setting(value, $"{variable}={value} in the environment (over {path})", context.EnvironmentAt?.GetValueOrDefault(variable));
            }
            else if (fromFile.TryGetValue(variable, out var set))
            {
                if (set.Value.Contains('$'))
                {
                    return Fail(server, $"{variable} in {path} is expanded from the environment");
                }

                settings[key] = new Setting(set.Value, $"{variable}={set.Value} in {path}", set.At);
            }
        }

        return true;
    }

    private static void AddBind(AppServer server, Setting address, Setting port, bool tls)
    {
        var kind = tls ? "TLS " : string.Empty;
        var host = address.Value.Trim();
        var located = new[] { port, address }.Where(s => s.At is not null).OrderBy(s => s == port ? 0 : 1).FirstOrDefault();
        if (host.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = host["unix:".Length..];
            if (!path.StartsWith('/') || path.Contains('$'))
            {
                server.Unknown($"Gotify's {kind}listenaddr {host} ({address.Source}) is not a socket path ConfLint can place");
                return;
            }

            Add(server, Endpoint.Unix(path), $"Gotify: {address.Source}{(tls ? ", TLS" : string.Empty)}", address.At);
            return;
        }

        if (!int.TryParse(port.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            server.Unknown($"Gotify's {kind}port {port.Value} ({port.Source}) is not a port ConfLint can place");
            return;
        }

        if (host.Length > 0 && (host.Contains(':') || !Endpoint.IsIpAddress(host)))
        {
            server.Unknown($"Gotify's {kind}listenaddr {host} ({address.Source}) is not an address ConfLint can place");
            return;
        }

        var endpoint = Endpoint.Tcp(host.Length == 0 ? "*" : host, number);
        var note = $"Gotify: {(port.IsDefault ? $"its default {kind}port {number}" : port.Source)}, "
            + (address.IsDefault || host.Length == 0 ? $"every address ({(address.IsDefault ? "listenaddr unset" : address.Source)})" : address.Source)
            + (tls ? ", TLS" : string.Empty);
        Add(server, endpoint, note, located?.At);
    }

    private static void Add(AppServer server, Endpoint endpoint, string note, Location? at)
    {
        if (at is { } location)
        {
            server.AddBindAt(endpoint, location, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, null, BackendProtocol.Http, note);
        }
    }

    private static bool Fail(AppServer server, string why)
    {
        server.Unknown(why);
        return false;
    }

    private static bool IsNull(YamlNode? node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } && node.Tag.IsEmpty;

    private static YamlMappingNode? Root(string text) => YamlLimits.SingleMapping(text);

    /// <summary>A key's value (the last of that name, as yaml.v2 keeps it); <paramref name="otherCase"/> when a key differs
    /// from it only in case (yaml.v2 would not match it, a newer parser might).</summary>
    private static YamlNode? Child(YamlMappingNode? map, string key, out bool otherCase)
    {
        otherCase = map is not null && map.Children.Any(c => c.Key is YamlScalarNode { Value: { } name } && name != key && string.Equals(name, key, StringComparison.OrdinalIgnoreCase));
        return map?.Children.LastOrDefault(c => c.Key is YamlScalarNode { Value: var name } && name == key).Value;
    }
}
