using System.Globalization;
using System.Text;
using System.Text.Json;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// An ASP.NET Core application on Kestrel, run as <c>dotnet APP.dll [args]</c> (<c>dotnet exec</c>, the host's options
/// before the dll) or as its framework-dependent apphost (<c>/var/www/app/App</c> beside <c>App.dll</c> and
/// <c>App.runtimeconfig.json</c>). Its configuration is merged as <c>WebApplication.CreateBuilder</c> merges it, later
/// sources winning: the host's <c>ASPNETCORE_</c>- and <c>DOTNET_</c>-prefixed variables (which of the two wins depends on
/// the host builder the code uses: where they disagree, unknown), <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> of the content root (the working folder, or <c>contentRoot</c>), the unprefixed
/// variables (<c>__</c> for <c>:</c>), then the command line (<c>--key=value</c>, <c>--key value</c>, <c>/key value</c>,
/// <c>key=value</c>). Keys are case-insensitive. The environment is <c>--environment</c>, <c>DOTNET_ENVIRONMENT</c> or
/// <c>ASPNETCORE_ENVIRONMENT</c> (Production without one; where they disagree, each is tried and a difference is
/// unknown). Where Kestrel listens (its AddressBinder): the endpoints of <c>Kestrel:Endpoints:NAME:Url</c>, which replace
/// the URL settings (it logs "Overriding address(es)") unless <c>preferHostingUrls</c> is true; else <c>urls</c>
/// (<c>;</c>-separated); else, since .NET 8, <c>http_ports</c> and <c>https_ports</c> on every address; else
/// <c>http://localhost:5000</c>, both loopbacks. Code (<c>UseUrls</c>, <c>Listen</c>) can change any of it and is not
/// seen: what the configuration says is taken, as for the other readers. A JSON file that cannot be read, or a variable
/// that is not known, leaves the address unknown.
/// </summary>
internal sealed class KestrelReader : AppServerReader
{
    /// <summary>A configuration value: its text, what set it (for messages), and where (a file's line, or a word of the
    /// command); neither for a variable the unit's environment holds without a line.</summary>
    private sealed record Setting(string Value, string Source, Location? At, SystemdWord? Word);

    /// <summary>One source of configuration, keys in lower case; null values are keys it sets ambiguously.</summary>
    private sealed record Layer(string Name, Dictionary<string, Setting?> Keys);

    /// <summary>Where it listens for one environment name.</summary>
    private sealed record Outcome(List<(Endpoint Endpoint, Setting Setting, bool Tls, string Note)> Binds, List<(int Port, Setting Setting, string Why)> Replaced, string? Unknown, List<Text.FileId> Files)
    {
        public string Signature => Unknown ?? string.Join(";", Binds.Select(b => b.Endpoint.Describe() + (b.Tls ? "s" : string.Empty)));
    }

    private const string DefaultUrl = "http://localhost:5000";

    public override void Read(AppServer server, AppServerContext context)
    {
        var arguments = context.Command.Arguments;
        if (arguments.Count == 0 || arguments[0].Value.Contains('$'))
        {
            server.Unknown("the application's dll is not named where ConfLint can read it");
            return;
        }

        var dll = HostFiles.Absolute(arguments[0].Value, context.WorkingDirectory);
        var folder = dll[..(dll.LastIndexOf('/') + 1)];
        var name = Path.GetFileNameWithoutExtension(dll);
        var appArguments = arguments.Skip(1).ToList();

        if (!context.EnvironmentComplete)
        {
            server.Unknown($"{name}'s environment is not all known here (ASPNETCORE_URLS, Kestrel__Endpoints__... may be set where ConfLint cannot see)");
            return;
        }

        if (context.UnknownVariables.FirstOrDefault(Relevant) is { } unknownVariable)
        {
            server.Unknown($"{unknownVariable}, which may set where Kestrel listens, is not known here");
            return;
        }

        var runtime = RuntimeConfig(context, folder + name + ".runtimeconfig.json");
        if (runtime is { AspNetCore: false })
        {
            server.Unknown($"{folder}{name}.runtimeconfig.json names no Microsoft.AspNetCore.App: not an ASP.NET Core application ConfLint reads");
            return;
        }

        var commandLine = CommandLine(appArguments);
        if (commandLine is null)
        {
            server.Unknown($"{name}'s command line has an option the .NET command-line provider refuses (a single dash with '=')");
            return;
        }

        var prefixed = Prefixed(context);
        var plain = Plain(context);
        var environments = EnvironmentNames(context, commandLine);
        var contentRoot = Get([prefixed, commandLine], "contentroot")?.Value ?? context.WorkingDirectory;

        var outcomes = environments.Select(e => Evaluate(context, runtime, contentRoot, e.Name, prefixed, plain, commandLine)).ToList();
        if (outcomes.Select(o => o.Signature).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            server.Unknown($"{name}'s environment is {string.Join(" or ", environments.Select(e => $"{e.Name} ({e.Source})"))}, as the host builder of its code decides, and the two listen differently");
            return;
        }

        var outcome = outcomes[0];
        server.ConfigFiles.AddRange(outcome.Files);
        if (outcome.Unknown is { } why)
        {
            server.Unknown(why);
            return;
        }

        foreach (var (endpoint, setting, tls, note) in outcome.Binds)
        {
            var text = "Kestrel: " + note + (tls ? " (TLS)" : string.Empty);
            if (setting.At is { } at)
            {
                server.AddBindAt(endpoint, at, BackendProtocol.Http, text);
            }
            else
            {
                server.AddBind(endpoint, setting.Word, BackendProtocol.Http, text);
            }

            // An https URL serves TLS, an http one plain HTTP: each URL says which.
            server.SetTls(tls ? TlsFact.Yes : TlsFact.No, tls ? $"an https URL: {note}" : $"an http URL: {note}");
        }

        foreach (var (port, setting, replacedBy) in outcome.Replaced)
        {
            if ((setting.At ?? (setting.Word is { } word ? server.LocationOf(word) : null)) is { } at && !server.Binds.Any(b => b.Endpoint.Port == port))
            {
                server.UnreadPorts.Add((port, at, replacedBy));
            }
        }
    }

    /// <summary>Where it listens with one environment name.</summary>
    private static Outcome Evaluate(AppServerContext context, (bool AspNetCore, int? Major)? runtime, string? contentRoot, string environment, Layer prefixed, Layer plain, Layer commandLine)
    {
        var files = new List<Text.FileId>();
        var layers = new List<Layer> { prefixed };
        foreach (var fileName in new[] { "appsettings.json", $"appsettings.{environment}.json" })
        {
            if (contentRoot is null || contentRoot.Contains('$') || context.Files is null)
            {
                return new Outcome([], [], $"Kestrel reads {fileName} of its content root, which ConfLint cannot see (no WorkingDirectory=)", files);
            }

            var path = HostFiles.Absolute(fileName, HostFiles.Absolute(contentRoot, context.WorkingDirectory));
            if (context.Files.Read(path) is not { } source)
            {
                if (context.UnseenFiles)
                {
                    return new Outcome([], [], $"Kestrel reads {path}, which may be where ConfLint cannot see", files);
                }

                continue;
            }

            files.Add(source.File);
            if (JsonKeys(source, path) is not { } keys)
            {
                return new Outcome([], [], $"{path} is not JSON the .NET configuration provider reads (the application does not start with it), or holds a key twice", files);
            }

            layers.Add(new Layer(path, keys));
        }

        layers.Add(plain);
        layers.Add(commandLine);

        if (environment == "Development")
        {
            // User secrets (secrets.json of the project's UserSecretsId in ~/.microsoft/usersecrets) come after the files.
            var home = context.Home;
            if (home is null || context.Files is null || context.Files.FileSystem.DirectoryExists(HostFiles.Absolute(".microsoft/usersecrets", home)))
            {
                return new Outcome([], [], "in the Development environment Kestrel also reads the user's secrets, which ConfLint does not read", files);
            }
        }

        foreach (var layer in layers)
        {
            if (layer.Keys.FirstOrDefault(k => k.Value is null && RelevantKey(k.Key)) is { Key: { } ambiguous })
            {
                return new Outcome([], [], $"ASPNETCORE_{ambiguous} and DOTNET_{ambiguous} disagree; which one wins depends on the host builder of the code", files);
            }
        }

        var binds = new List<(Endpoint, Setting, bool, string)>();
        var replaced = new List<(int, Setting, string)>();

        var urls = Get(layers, "urls") is { Value.Length: > 0 } u ? u : null;
        var httpPorts = Get(layers, "http_ports");
        var httpsPorts = Get(layers, "https_ports");
        var prefer = Get(layers, "preferhostingurls") is { } p && bool.TryParse(p.Value.Trim(), out var yes) && yes;

        var addresses = new List<(string Url, Setting Setting)>();
        if (urls is not null)
        {
            addresses.AddRange(urls.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => (a, urls)));
        }
        else if (httpPorts is { Value.Length: > 0 } || httpsPorts is { Value.Length: > 0 })
        {
            if (runtime?.Major is not { } major)
            {
                return new Outcome([], [], "ASPNETCORE_HTTP_PORTS/HTTPS_PORTS count since .NET 8, and the application's runtimeconfig.json that says its version is not in the root", files);
            }

            if (major >= 8)
            {
                foreach (var (ports, scheme) in new[] { (httpPorts, "http"), (httpsPorts, "https") })
                {
                    if (ports is { Value.Length: > 0 })
                    {
                        addresses.AddRange(ports.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => ($"{scheme}://*:{port}", ports)));
                    }
                }
            }
        }

        var endpoints = EndpointNames(layers);
        if (endpoints.Count > 0 && !(prefer && addresses.Count > 0))
        {
            foreach (var endpoint in endpoints)
            {
                var url = Get(layers, $"kestrel:endpoints:{endpoint}:url");
                if (url is not { Value.Length: > 0 })
                {
                    return new Outcome([], [], $"Kestrel's endpoint {endpoint} has no Url (Kestrel refuses to start)", files);
                }

                if (Parse(url.Value) is not { } parsed)
                {
                    return new Outcome([], [], $"Kestrel's endpoint {endpoint} ({url.Source}) is {url.Value}, which names no fixed address", files);
                }

                foreach (var one in parsed.Endpoints)
                {
                    binds.Add((one, url, parsed.Tls, url.Source + (addresses.Count > 0 ? $", which replaces {addresses[0].Setting.Source}" : string.Empty)));
                }
            }

            foreach (var (address, setting) in addresses)
            {
                if (Parse(address) is { Endpoints: [{ Kind: EndpointKind.Tcp } first, ..] })
                {
                    replaced.Add((first.Port, setting, $"{setting.Source}, which Kestrel:Endpoints replaces (Kestrel logs \"Overriding address(es)\")"));
                }
            }

            return new Outcome(binds, replaced, null, files);
        }

        if (addresses.Count > 0)
        {
            foreach (var (address, setting) in addresses)
            {
                if (Parse(address) is not { } parsed)
                {
                    return new Outcome([], [], $"Kestrel's address {address} ({setting.Source}) names no fixed address", files);
                }

                foreach (var one in parsed.Endpoints)
                {
                    binds.Add((one, setting, parsed.Tls, setting.Source));
                }
            }

            return new Outcome(binds, replaced, null, files);
        }

        if (runtime is null)
        {
            return new Outcome([], [], "no URL is set, and without the application's runtimeconfig.json it is not known to be an ASP.NET Core application (whose default is http://localhost:5000)", files);
        }

        var fallback = new Setting(DefaultUrl, $"its default {DefaultUrl}, no URL set", null, null);
        foreach (var one in Parse(DefaultUrl)!.Value.Endpoints)
        {
            binds.Add((one, fallback, false, fallback.Source));
        }

        return new Outcome(binds, replaced, null, files);
    }

    /// <summary>A Kestrel URL as its BindingAddress reads it: <c>http</c> or <c>https</c>; <c>unix:PATH</c>; <c>localhost</c>
    /// (both loopbacks); an IP address; any other host (<c>*</c>, <c>+</c>, a name) every address; no port: 80 or 443.
    /// Null for another scheme, port 0 (a free one) or a path (Kestrel refuses one).</summary>
    internal static (List<Endpoint> Endpoints, bool Tls)? Parse(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0 || url.Contains('$'))
        {
            return null;
        }

        var tls = url[..scheme].ToLowerInvariant() switch
        {
            "http" => false,
            "https" => true,
            _ => (bool?)null,
        };
        if (tls is null)
        {
            return null;
        }

        var rest = url[(scheme + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var path = rest["unix:".Length..];
            var colon = path.IndexOf(':');
            path = colon >= 0 ? path[..colon] : path;
            return path.StartsWith('/') ? ([Endpoint.Unix(path)], tls.Value) : null;
        }

        var slash = rest.IndexOf('/');
        if (slash >= 0 && rest[slash..] != "/")
        {
            return null;
        }

        var hostPort = slash >= 0 ? rest[..slash] : rest;
        if (!Endpoint.TrySplitHostPort(hostPort, tls.Value ? 443 : 80, out var host, out var port) || host.Length == 0)
        {
            return null;
        }

        var bare = host.Trim('[', ']');
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return ([Endpoint.Tcp("127.0.0.1", port), Endpoint.Tcp("::1", port)], tls.Value);
        }

        return (Endpoint.IsIpAddress(bare) ? [Endpoint.Tcp(bare, port)] : [Endpoint.Tcp("::", port)], tls.Value);
    }

    /// <summary>The value of a key: the last layer that sets it.</summary>
    private static Setting? Get(IEnumerable<Layer> layers, string key)
    {
        Setting? found = null;
        foreach (var layer in layers)
        {
            if (layer.Keys.TryGetValue(key, out var value) && value is not null)
            {
                found = value;
            }
        }

        return found;
    }

    /// <summary>The endpoints named under <c>Kestrel:Endpoints</c> in any layer, lower case, in order.</summary>
    private static List<string> EndpointNames(IEnumerable<Layer> layers)
    {
        const string prefix = "kestrel:endpoints:";
        return layers.SelectMany(l => l.Keys.Keys)
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf(':', prefix.Length) > prefix.Length)
            .Select(k => k[prefix.Length..k.IndexOf(':', prefix.Length)])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether a configuration key (lower case) bears on where Kestrel listens.</summary>
    private static bool RelevantKey(string key) =>
        key is "urls" or "http_ports" or "https_ports" or "preferhostingurls" or "contentroot"
        || key.StartsWith("kestrel:endpoints:", StringComparison.Ordinal);

    /// <summary>Whether a variable's name, prefixed or not, is one of those keys.</summary>
    private static bool Relevant(string variable)
    {
        var key = variable.Replace("__", ":", StringComparison.Ordinal).ToLowerInvariant();
        var unprefixed = key.StartsWith("aspnetcore_", StringComparison.Ordinal) ? key["aspnetcore_".Length..] : key.StartsWith("dotnet_", StringComparison.Ordinal) ? key["dotnet_".Length..] : key;
        return RelevantKey(key) || RelevantKey(unprefixed) || unprefixed == "environment";
    }

    /// <summary>The host's prefixed variables as one layer: a key the two prefixes set differently is ambiguous (null).</summary>
    private static Layer Prefixed(AppServerContext context)
    {
        var keys = new Dictionary<string, Setting?>(StringComparer.Ordinal);
        foreach (var prefix in new[] { "ASPNETCORE_", "DOTNET_" })
        {
            foreach (var (variable, value) in context.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!variable.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || variable.Length == prefix.Length)
                {
                    continue;
                }

                var key = variable[prefix.Length..].Replace("__", ":", StringComparison.Ordinal).ToLowerInvariant();
                var setting = new Setting(value, $"{variable}={value} in the environment", context.EnvironmentAt?.GetValueOrDefault(variable), null);
                keys[key] = keys.TryGetValue(key, out var before) && (before is null || before.Value != value) ? null : setting;
            }
        }

        return new Layer("the prefixed environment", keys);
    }

    /// <summary>Every variable, unprefixed, <c>__</c> read as <c>:</c>.</summary>
    private static Layer Plain(AppServerContext context)
    {
        var keys = new Dictionary<string, Setting?>(StringComparer.Ordinal);
        foreach (var (variable, value) in context.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            keys[variable.Replace("__", ":", StringComparison.Ordinal).ToLowerInvariant()] = new Setting(value, $"{variable}={value} in the environment", context.EnvironmentAt?.GetValueOrDefault(variable), null);
        }

        return new Layer("the environment", keys);
    }

    /// <summary>The application's arguments as the .NET command-line provider reads them; null where it throws.</summary>
    private static Layer? CommandLine(IReadOnlyList<SystemdWord> arguments)
    {
        var keys = new Dictionary<string, Setting?>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i];
            var text = word.Value;
            var start = text.StartsWith("--", StringComparison.Ordinal) ? 2 : text.StartsWith('-') ? 1 : text.StartsWith('/') ? 1 : 0;
            var equals = text.IndexOf('=');
            string key;
            string value;
            if (equals < 0)
            {
                if (start == 0 || (start == 1 && text[0] == '-'))
                {
                    continue;
                }

                if (i + 1 >= arguments.Count)
                {
                    continue;
                }

                key = text[start..];
                value = arguments[++i].Value;
            }
            else
            {
                if (start == 1 && text[0] == '-')
                {
                    return null;
                }

                key = text[start..equals];
                value = text[(equals + 1)..];
            }

            keys[key.ToLowerInvariant()] = new Setting(value, $"{text}{(equals < 0 ? " " + value : string.Empty)} on the command line", null, word);
        }

        return new Layer("the command line", keys);
    }

    /// <summary>The environment names the application may run with: <c>--environment</c>, <c>DOTNET_ENVIRONMENT</c> and
    /// <c>ASPNETCORE_ENVIRONMENT</c> rank differently by host builder (.NET 7's WebApplicationBuilder put the command line
    /// and DOTNET_ above ASPNETCORE_; the older hosts the other way), so each value given is a candidate; Production
    /// without one.</summary>
    private static List<(string Name, string Source)> EnvironmentNames(AppServerContext context, Layer commandLine)
    {
        var names = new List<(string, string)>();
        if (commandLine.Keys.GetValueOrDefault("environment") is { } given)
        {
            names.Add((given.Value, given.Source));
        }

        foreach (var (variable, value) in context.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (variable.Equals("ASPNETCORE_ENVIRONMENT", StringComparison.OrdinalIgnoreCase) || variable.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            {
                names.Add((value, $"{variable}={value}"));
            }
        }

        return names.Count == 0 ? [("Production", "the default")] : names.DistinctBy(n => n.Item1, StringComparer.Ordinal).ToList();
    }

    /// <summary>The runtimeconfig.json beside the dll: whether it names ASP.NET Core's shared framework, and the major
    /// version of its target framework (<c>net8.0</c>); null where it is not in the root or not read.</summary>
    private static (bool AspNetCore, int? Major)? RuntimeConfig(AppServerContext context, string path)
    {
        if (context.Files?.Read(path) is not { } source)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(source.Text, Options);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !TryGet(json.RootElement, "runtimeOptions", out var options))
            {
                return null;
            }

            var frameworks = new List<JsonElement>();
            foreach (var name in new[] { "framework", "frameworks", "includedFrameworks" })
            {
                if (TryGet(options, name, out var found))
                {
                    frameworks.AddRange(found.ValueKind == JsonValueKind.Array ? found.EnumerateArray() : [found]);
                }
            }

            var aspNetCore = frameworks.Any(f => f.ValueKind == JsonValueKind.Object && TryGet(f, "name", out var n) && n.ValueKind == JsonValueKind.String
                && n.GetString() is "Microsoft.AspNetCore.App" or "Microsoft.AspNetCore.All");
            int? major = null;
            if (TryGet(options, "tfm", out var tfm) && tfm.GetString() is { } moniker)
            {
                var digits = moniker.StartsWith("netcoreapp", StringComparison.Ordinal) ? moniker["netcoreapp".Length..] : moniker.StartsWith("net", StringComparison.Ordinal) ? moniker[3..] : string.Empty;
                var dot = digits.IndexOf('.');
                if (int.TryParse(dot >= 0 ? digits[..dot] : digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    major = number;
                }
            }

            return (aspNetCore, major);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>An appsettings file as the JSON configuration provider flattens it (keys joined with <c>:</c>, array items
    /// by index, lower case here), each value with where it is written (from the key to the value); null where the file is
    /// not a JSON object the provider reads, or sets a key twice (the provider refuses both).</summary>
    private static Dictionary<string, Setting?>? JsonKeys(SourceText source, string path)
    {
        var bytes = Encoding.UTF8.GetBytes(source.Text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var keys = new Dictionary<string, Setting?>(StringComparer.Ordinal);
        var stack = new List<(string Prefix, string Written, int Index)>();
        string? property = null;
        long propertyStart = -1;
        var name = Path.GetFileName(path);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            stack.Add((string.Empty, string.Empty, -1));
            while (reader.Read())
            {
                var (prefix, writtenPrefix, index) = stack[^1];
                (string Key, string Written)? Key()
                {
                    if (index >= 0)
                    {
                        stack[^1] = (prefix, writtenPrefix, index + 1);
                        var item = index.ToString(CultureInfo.InvariantCulture);
                        return (prefix + item, writtenPrefix + item);
                    }

                    return property is null ? null : (prefix + property.ToLowerInvariant(), writtenPrefix + property);
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        propertyStart = reader.TokenStartIndex;
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var key = Key();
                        stack.Add(((key?.Key ?? string.Empty) + ":", (key?.Written ?? string.Empty) + ":", reader.TokenType == JsonTokenType.StartArray ? 0 : -1));
                        property = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    default:
                        if (Key() is not var (at, written))
                        {
                            return null;
                        }

                        var value = reader.TokenType switch
                        {
                            JsonTokenType.String => reader.GetString()!,
                            JsonTokenType.Null => string.Empty,
                            _ => Encoding.UTF8.GetString(reader.ValueSpan),
                        };
                        if (keys.ContainsKey(at))
                        {
                            return null;
                        }

                        var from = index >= 0 ? reader.TokenStartIndex : propertyStart;
                        var start = Encoding.UTF8.GetCharCount(bytes, 0, (int)from);
                        var end = Encoding.UTF8.GetCharCount(bytes, 0, (int)reader.BytesConsumed);
                        keys[at] = new Setting(value, $"{written} = {value} in {name}", HostFiles.At(source, start, end - start), null);
                        property = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return keys;
    }
}
