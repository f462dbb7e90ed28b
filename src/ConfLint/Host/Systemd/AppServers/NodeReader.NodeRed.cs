using System.Globalization;
using System.Text.RegularExpressions;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Pm2;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Node-RED (node-red/node-red, packages/node_modules/node-red: <c>red.js</c>, <c>bin/node-red-pi</c>, <c>settings.js</c>),
/// known by what the service runs: <c>node [node's options] PATH/node-red/red.js</c>, the package's <c>node-red</c> (red.js
/// itself) and <c>node-red-pi</c> (a shell script that hands each word beginning with <c>--</c>, other than
/// <c>--userDir</c>, <c>--settings</c> and <c>--help</c>, to node, and the rest to red.js), behind <c>env</c> too. red.js
/// parses its options with nopt up to a <c>--</c>: <c>-p/--port</c>, <c>-s/--settings FILE</c>, <c>-u/--userDir DIR</c>,
/// <c>-D/--define KEY=VALUE</c>. Its settings file is <c>--settings</c>, else <c>settings.js</c> of <c>--userDir</c> where it
/// is there, else that of <c>NODE_RED_HOME</c> (red.js's folder) where it holds <c>.config.json</c>, else
/// <c>settings.js</c> of the user folder (<c>--userDir</c> or <c>$HOME/.node-red</c>). It listens on <c>--port</c>, else
/// the settings' <c>uiPort</c> (a <c>-D uiPort=</c> over the file's), else 1880, at <c>uiHost</c> or 0.0.0.0. The settings
/// are a JavaScript module: its exported object's literal members are read, and <c>process.env.NAME || LITERAL</c>;
/// anything else computed leaves the address unknown. A variable of the environment counts only as the settings read it:
/// a literal <c>uiPort</c> wins over <c>PORT</c>.
/// </summary>
internal sealed partial class NodeReader
{
    /// <summary>How the service starts red.js: the words after red.js (or its launcher), red.js's folder where known, and the
    /// launcher (<c>node-red-pi</c> sorts the words first).</summary>
    private sealed record NodeRedStart(IReadOnlyList<SystemdWord> Arguments, string? Folder, string Launcher);

    /// <summary>red.js's long options (knownOpts), for the words node-red-pi would hand to node instead.</summary>
    private static readonly string[] NodeRedLongOptions = ["--port", "--settings", "--title", "--userDir", "--verbose", "--safe", "--version", "--define", "--no-telemetry", "--help"];

    /// <summary>Node-RED's start where the command runs it; null for another program.</summary>
    private static NodeRedStart? NodeRed(AppServer server, AppServerContext context)
    {
        var arguments = context.Command.Arguments;
        switch (server.Program)
        {
            case "node-red":
                return new NodeRedStart(arguments, null, "node-red");
            case "node-red-pi":
                return new NodeRedStart(arguments, null, "node-red-pi");
            case "node" or "nodejs":
                for (var i = 0; i < arguments.Count; i++)
                {
                    var value = arguments[i].Value;
                    if (value.StartsWith('-'))
                    {
                        i += NodeOptionsWithValue.Contains(value) ? 1 : 0;
                        continue;
                    }

                    if (value.Contains('$') || !(value == "red.js" || value.EndsWith("/red.js", StringComparison.Ordinal)))
                    {
                        return null;
                    }

                    var path = value.StartsWith('/') ? Workspace.RootedFileSystem.Normalize(value)
                        : context.WorkingDirectory is { Length: > 0 } folder && !folder.Contains('$') ? HostFiles.Absolute(value, folder) : null;
                    var scriptFolder = path is null ? null : path.LastIndexOf('/') is > 0 and var slash ? path[..slash] : "/";
                    var isNodeRed = value.EndsWith("/node-red/red.js", StringComparison.Ordinal)
                        || (scriptFolder is not null && context.Files is { } files && PackageName(files, HostFiles.Absolute("package.json", scriptFolder)) == "node-red");
                    return isNodeRed ? new NodeRedStart(arguments.Skip(i + 1).ToList(), scriptFolder, "node " + value) : null;
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The words red.js is given, as systemd and node-red-pi leave them: a whole-word variable the environment does not
    /// set is no word (systemd drops it), one that is set to several words is split; null (with the reason) where a variable
    /// is not known or node-red-pi hands node one of red.js's options, which node refuses.</summary>
    private static List<SystemdWord>? NodeRedWords(AppServer server, AppServerContext context, NodeRedStart start)
    {
        var words = new List<SystemdWord>();
        foreach (var word in start.Arguments)
        {
            if (WholeVariable().Match(word.Value) is { Success: true } reference)
            {
                // systemd leaves no word for an unset $VAR (EnvironmentVariables.Expand keeps the text where the environment lacks it).
                var name = reference.Groups["name"].Value;
                context.Variable(name, out var known);
                if (!known)
                {
                    server.Unknown($"Node-RED's command line takes ${name} from the environment, which ConfLint cannot tell: it may hold -p/--port");
                    return null;
                }

                continue;
            }

            if (word.Value.Contains('$'))
            {
                server.Unknown($"Node-RED's command line has '{word.Value}', which names a variable ConfLint cannot expand");
                return null;
            }

            words.AddRange(word.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(part => word with { Value = part }));
        }

        if (start.Launcher != "node-red-pi")
        {
            return words;
        }

        // bin/node-red-pi: `--userDir|--settings|--help) ARGS;; --*) OPTIONS;; *) ARGS`, then `node ${OPTIONS} red.js ${ARGS}`.
        var toRed = new List<SystemdWord>();
        foreach (var word in words)
        {
            if (word.Value.StartsWith("--", StringComparison.Ordinal) && word.Value is not ("--userDir" or "--settings" or "--help"))
            {
                if (NodeRedLongOptions.Any(o => word.Value == o || word.Value.StartsWith(o + "=", StringComparison.Ordinal)))
                {
                    server.Unknown($"node-red-pi hands {word.Value} to node, not to Node-RED (only -p, -s, -u and --userDir, --settings reach red.js), and node refuses it");
                    return null;
                }

                continue;
            }

            toRed.Add(word);
        }

        return toRed;
    }

    [GeneratedRegex(@"^\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))$")]
    private static partial Regex WholeVariable();

    /// <summary>What red.js's nopt takes from its words (up to <c>--</c>): the last <c>--port</c>, <c>--settings</c>,
    /// <c>--userDir</c> and each <c>--define</c>; null (with the reason) for an option ConfLint does not know, which nopt
    /// could take for one of them (it accepts abbreviations).</summary>
    private sealed record NodeRedOptions(SystemdWord? Port, SystemdWord? Settings, SystemdWord? UserDir, List<SystemdWord> Defines);

    private static NodeRedOptions? NodeRedParse(AppServer server, List<SystemdWord> words)
    {
        SystemdWord? port = null, settings = null, userDir = null;
        var defines = new List<SystemdWord>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var value = word.Value;
            if (value.Length >= 2 && value.All(c => c == '-'))
            {
                // nopt: the rest are arguments (the flow file), never options.
                break;
            }

            if (!value.StartsWith('-') || value == "-")
            {
                continue;
            }

            var equals = value.StartsWith("--", StringComparison.Ordinal) ? value.IndexOf('=') : -1;
            var name = equals > 0 ? value[..equals] : value;
            SystemdWord? Value()
            {
                if (equals > 0)
                {
                    return word with { Value = value[(equals + 1)..] };
                }

                return i + 1 < words.Count ? words[++i] : null;
            }

            switch (name)
            {
                case "-p" or "--port":
                    port = Value();
                    break;
                case "-s" or "--settings":
                    settings = Value();
                    break;
                case "-u" or "--userDir":
                    userDir = Value();
                    break;
                case "-D" or "--define":
                    if (Value() is { } define)
                    {
                        defines.Add(define);
                    }

                    break;
                case "--title":
                    Value();
                    break;
                case "-v" or "--verbose" or "--safe" or "--version" or "--no-telemetry" or "--help" or "-?" or "-t":
                    break;
                default:
                    server.Unknown($"Node-RED is given {value}, an option ConfLint does not read (nopt may take it for --port)");
                    return null;
            }
        }

        return new NodeRedOptions(port, settings, userDir, defines);
    }

    /// <summary>Node-RED: where red.js listens, from its command line and its settings file.</summary>
    private static void ReadNodeRed(AppServer server, AppServerContext context, NodeRedStart start)
    {
        if (NodeRedWords(server, context, start) is not { } words || NodeRedParse(server, words) is not { } options)
        {
            return;
        }

        var files = context.Files;
        var folder = context.WorkingDirectory is { Length: > 0 } working && !working.Contains('$') ? working : null;
        var home = context.Variable("HOME", out var homeKnown) is { Length: > 0 } homeVariable ? homeVariable : homeKnown ? context.Home : null;

        // nopt's path type: ~/ is $HOME, a relative path is the working folder's.
        string? PathOf(string text)
        {
            if (text.Contains('$'))
            {
                return null;
            }

            if (text == "~" || text.StartsWith("~/", StringComparison.Ordinal))
            {
                return home is null ? null : HostFiles.Absolute(text.Length > 2 ? text[2..] : ".", home);
            }

            return text.StartsWith('/') ? Workspace.RootedFileSystem.Normalize(text) : folder is null ? null : HostFiles.Absolute(text, folder);
        }

        if (files is null)
        {
            server.Unknown("Node-RED reads its settings.js, which is not in the root");
            return;
        }

        // red.js: --settings, else settings.js of --userDir where it is there, else NODE_RED_HOME's where it holds .config.json,
        // else the user folder's (--userDir, or $HOME/.node-red).
        string settingsPath;
        string how;
        if (options.Settings is { } settingsWord)
        {
            if (PathOf(settingsWord.Value) is not { } named)
            {
                server.Unknown($"Node-RED's --settings {settingsWord.Value} is not a path ConfLint can place");
                return;
            }

            (settingsPath, how) = (named, $"--settings {settingsWord.Value}");
        }
        else
        {
            string? userDir = null;
            if (options.UserDir is { } userDirWord)
            {
                if (PathOf(userDirWord.Value) is not { } named)
                {
                    server.Unknown($"Node-RED's --userDir {userDirWord.Value} is not a path ConfLint can place");
                    return;
                }

                userDir = named;
            }

            var nodeRedHome = context.Variable("NODE_RED_HOME", out var nodeRedHomeKnown) is { Length: > 0 } variable ? PathOf(variable) : start.Folder;
            if (userDir is not null && files.Read(HostFiles.Absolute("settings.js", userDir)) is not null)
            {
                (settingsPath, how) = (HostFiles.Absolute("settings.js", userDir), $"--userDir {options.UserDir!.Value}");
            }
            else if (!nodeRedHomeKnown)
            {
                server.Unknown("Node-RED takes NODE_RED_HOME from the environment, which may name the folder of its settings: ConfLint cannot tell");
                return;
            }
            else if (nodeRedHome is not null && files.Read(HostFiles.Absolute(".config.json", nodeRedHome)) is not null)
            {
                (settingsPath, how) = (HostFiles.Absolute("settings.js", nodeRedHome), $"{nodeRedHome}/.config.json: NODE_RED_HOME holds the user data");
            }
            else if (userDir is not null)
            {
                (settingsPath, how) = (HostFiles.Absolute("settings.js", userDir), $"--userDir {options.UserDir!.Value}");
            }
            else if (home is null)
            {
                server.Unknown(homeKnown
                    ? "Node-RED reads $HOME/.node-red/settings.js, and the service's HOME is not known (no User= whose home /etc/passwd gives)"
                    : "Node-RED reads $HOME/.node-red/settings.js, and HOME comes from an environment ConfLint cannot tell");
                return;
            }
            else
            {
                (settingsPath, how) = (HostFiles.Absolute(".node-red/settings.js", home), $"the user folder {home}/.node-red");
            }
        }

        if (files.Read(settingsPath) is not { } source)
        {
            server.Unknown($"Node-RED reads {settingsPath} ({how}), which is not in the root: its uiPort and uiHost are there");
            return;
        }

        server.ConfigFiles.Add(source.File);
        if (source.Length > 1 << 20 || JsLiteralReader.ReadExport(source.Text) is not JsObject exported)
        {
            server.Unknown($"{settingsPath} exports no object literal ConfLint can read (Node-RED's settings are JavaScript)");
            return;
        }

        if (!exported.Complete)
        {
            server.Unknown($"{settingsPath}'s exported object has members ConfLint cannot read (a spread, a computed key), which may set uiPort or uiHost");
            return;
        }

        // A member also assigned or read elsewhere in the file (module.exports.uiPort = ..., a variable) is computed.
        var code = WithoutComments(source.Text);
        bool Elsewhere(string key) => Regex.Matches(code, $@"\b{key}\b").Count > (exported.Member(key) is null ? 0 : 1);

        // -D KEY=VALUE (red.js: JSON.parse of the value, else the string) sets the setting over the file's.
        var defined = new Dictionary<string, (string Text, SystemdWord Word)>(StringComparer.Ordinal);
        foreach (var define in options.Defines)
        {
            if (define.Value.StartsWith('@'))
            {
                server.Unknown($"Node-RED's -D {define.Value} sets settings from a JSON file ConfLint does not read");
                return;
            }

            if (define.Value.IndexOf('=') is > 0 and var equals)
            {
                defined[define.Value[..equals]] = (define.Value[(equals + 1)..].Trim('"'), define);
            }
        }

        // Port: --port, else uiPort (a -D over the file's), else 1880.
        Decided port;
        if (options.Port is { } portWord)
        {
            port = new Decided(portWord.Value, $"-p {portWord.Value} on Node-RED's command line (over any uiPort in {settingsPath})");
            if (!IsPort(port.Text, out var given))
            {
                server.Unknown($"Node-RED's -p {portWord.Value} is not a port ConfLint can place");
                return;
            }

            AddNodeRedBind(server, context, source, exported, settingsPath, Elsewhere, defined, given, port, portWord);
            return;
        }

        if (defined.TryGetValue("uiPort", out var definedPort))
        {
            port = new Decided(definedPort.Text, $"-D uiPort={definedPort.Text} on Node-RED's command line");
            if (!IsPort(port.Text, out var given))
            {
                server.Unknown($"Node-RED's -D uiPort={definedPort.Text} is not a port ConfLint can place");
                return;
            }

            AddNodeRedBind(server, context, source, exported, settingsPath, Elsewhere, defined, given, port, definedPort.Word);
            return;
        }

        if (Elsewhere("uiPort"))
        {
            server.Unknown($"{settingsPath} sets uiPort outside its exported object, or computes it: ConfLint does not run the file");
            return;
        }

        var member = exported.Member("uiPort");
        if (member is null)
        {
            port = new Decided("1880", $"Node-RED's default port 1880 ({settingsPath} sets no uiPort)");
        }
        else if (SettingValue(server, context, source, settingsPath, member) is { } value)
        {
            port = value with { Text = value.Text.Length == 0 ? "1880" : value.Text };
        }
        else
        {
            return;
        }

        if (!IsPort(port.Text, out var number))
        {
            server.Unknown($"Node-RED's {port.Source} is not a port ConfLint can place");
            return;
        }

        AddNodeRedBind(server, context, source, exported, settingsPath, Elsewhere, defined, number, port, null);
    }

    /// <summary>The bind at uiHost (or 0.0.0.0) on the port decided; with the TLS of a settings' <c>https</c> in its note.</summary>
    private static void AddNodeRedBind(AppServer server, AppServerContext context, Text.SourceText source, JsObject exported, string settingsPath,
        Func<string, bool> elsewhere, Dictionary<string, (string Text, SystemdWord Word)> defined, int port, Decided portDecided, SystemdWord? portWord)
    {
        Decided host;
        if (defined.TryGetValue("uiHost", out var definedHost))
        {
            host = new Decided(definedHost.Text, $"-D uiHost={definedHost.Text} on Node-RED's command line");
        }
        else if (elsewhere("uiHost"))
        {
            server.Unknown($"{settingsPath} sets uiHost outside its exported object, or computes it: ConfLint does not run the file");
            return;
        }
        else if (exported.Member("uiHost") is not { } hostMember)
        {
            host = new Decided("0.0.0.0", "Node-RED's default uiHost 0.0.0.0");
        }
        else if (SettingValue(server, context, source, settingsPath, hostMember) is { } value)
        {
            // red.js: settings.uiHost = settings.uiHost || "0.0.0.0".
            host = value.Text.Length == 0 ? value with { Text = "0.0.0.0", Source = value.Source + " (empty: 0.0.0.0)" } : value;
        }
        else
        {
            return;
        }

        if (!Endpoint.IsIpAddress(host.Text))
        {
            server.Unknown($"Node-RED's {host.Source} is not an address ConfLint can place");
            return;
        }

        var note = host.At is null && host.Variable is null && host.Text == "0.0.0.0" ? portDecided.Source : $"{portDecided.Source}, {host.Source}";
        if (exported.Member("https") is { Value: not (JsNull or JsBoolean { Value: false }) })
        {
            note += $"; https in {settingsPath}: Node-RED serves TLS there";
        }

        // PORT set for a Node-RED whose port comes from elsewhere (a literal uiPort, -p): someone meant it to listen there, so
        // a front end on that port may be the side that is right.
        if (portDecided.Variable != "PORT" && context.Environment.GetValueOrDefault("PORT") is { } portVariable && IsPort(portVariable.Trim(), out var meant)
            && meant != port && context.EnvironmentAt?.GetValueOrDefault("PORT") is { } portAt)
        {
            server.UnreadPorts.Add((meant, portAt, $"PORT={portVariable} in the environment, which Node-RED does not take over {portDecided.Source}"));
        }

        var endpoint = Endpoint.Tcp(host.Text, port);
        if (portWord is not null)
        {
            server.AddBind(endpoint, portWord, BackendProtocol.Http, note);
            return;
        }

        Bind(server, context, endpoint, portDecided.At is null && portDecided.Variable is null && host.At is not null ? host with { Text = portDecided.Text } : portDecided, note);
    }

    /// <summary>A setting's value as Node-RED takes it: a literal, or <c>process.env.NAME</c> (optionally <c>|| LITERAL</c>),
    /// where a set, non-empty variable wins; an empty text for none (undefined, null, false, an empty string), which
    /// red.js replaces with its default. Null (with the reason) for anything else computed.</summary>
    private static Decided? SettingValue(AppServer server, AppServerContext context, Text.SourceText source, string settingsPath, JsMember member)
    {
        var at = HostFiles.At(source, member.Value.Span.Start, member.Value.Span.Length);
        var written = $"{member.Name}: {source.Text.Substring(member.Value.Span.Start, member.Value.Span.Length).Trim()} in {settingsPath}:{at.Start.Line}";
        switch (member.Value)
        {
            case JsNumber { Value: var number } when number == Math.Floor(number) && number is > 0 and < 65536:
                return new Decided(((int)number).ToString(CultureInfo.InvariantCulture), written, at);
            case JsString { Value: var text } when member.Name != "uiPort" || text.Trim().Length > 0:
                return new Decided(text.Trim(), written, at);
            case JsBoolean { Value: false } or JsNull when member.Name != "uiPort":
                return new Decided(string.Empty, written, at);
            case JsUnknown { Text: var expression } when EnvironmentFallback().Match(expression) is { Success: true } match:
                var name = match.Groups["name"].Value;
                var variable = context.Variable(name, out var known);
                if (!known)
                {
                    server.Unknown($"{written} takes {name} from the environment, which ConfLint cannot tell");
                    return null;
                }

                if (variable is { Length: > 0 })
                {
                    return new Decided(variable.Trim(), $"{written}, {name}={variable} in the environment", context.EnvironmentAt?.GetValueOrDefault(name) ?? at, name);
                }

                var fallback = match.Groups["fallback"];
                return !fallback.Success ? new Decided(string.Empty, $"{written}, {name} unset", at)
                    : new Decided(fallback.Value.Trim('"', '\''), $"{written}, {name} unset", at);
            default:
                server.Unknown($"{written} is computed, or a value ConfLint does not place: the address is unknown");
                return null;
        }
    }

    [GeneratedRegex(@"^process\.env(?:\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[\s*(?<q>['""])(?<name>[A-Za-z_][A-Za-z0-9_]*)\k<q>\s*\])(?:\s*\|\|\s*(?<fallback>\d+|""[^""\\]*""|'[^'\\]*'))?$")]
    private static partial Regex EnvironmentFallback();

    /// <summary>The text with its comments blanked (strings kept).</summary>
    private static string WithoutComments(string text)
    {
        var chars = text.ToCharArray();
        foreach (var comment in JsLiteralReader.Comments(text))
        {
            for (var i = comment.Start; i < comment.End && i < chars.Length; i++)
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }
}
