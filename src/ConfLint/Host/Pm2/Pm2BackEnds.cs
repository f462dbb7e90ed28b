using ConfLint.Diagnostics;
using ConfLint.Host.Compose;
using ConfLint.Syntax;
using ConfLint.Syntax.Pm2;
using ConfLint.Text;
using ConfLint.Workspace.Compose;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Host.Pm2;

/// <summary>
/// PM2's apps as back ends: each object of <c>apps</c> in an ecosystem file (<c>.js</c> and <c>.cjs</c> read as literals,
/// never run; <c>.json</c>; <c>.yml</c>). Where it listens: the flags of its script and <c>args</c> for the servers
/// ConfLint reads (<see cref="ContainerListeners"/>), else a node app's <c>--port</c> or <c>PORT</c> of <c>env</c> (the
/// convention node apps follow, as for a systemd unit); anything else is unknown (<see cref="HostModel.UnknownListeners"/>).
/// </summary>
public static class Pm2BackEnds
{
    public static void Add(HostModel model)
    {
        foreach (var file in model.Workspace.FilesOfKind(ConfigKind.Pm2).Where(f => f.Container is null && f.Error is null && f.Source is not null))
        {
            var text = file.Source!.Text;
            var yaml = file.ServerPath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || file.ServerPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
            var exported = yaml ? FromYaml(text) : JsLiteralReader.ReadExport(text);
            var apps = exported is JsObject root ? root["apps"] : exported as JsArray;
            if (apps is not JsArray list)
            {
                continue;
            }

            foreach (var item in list.Items.OfType<JsObject>())
            {
                if (item["name"] is not JsString { Value: var name } && item["script"] is not JsString { Value: var name2 })
                {
                    continue;
                }

                var app = new Pm2BackEnd(item["name"] is JsString n ? n.Value : ((JsString)item["script"]!).Value, item, file);
                model.BackEnds.Add(app);
                Listen(model, app, file.Source!);
            }
        }
    }

    private static void Listen(HostModel model, Pm2BackEnd app, SourceText source)
    {
        var settings = app.Settings;
        var words = new List<ComposeWord>();
        if (settings["script"] is JsString script)
        {
            words.Add(new ComposeWord(script.Value, script.Span));
        }

        switch (settings["args"])
        {
            case JsString args when ShellWords.Split(args.Value) is { } parts:
                words.AddRange(parts.Select(p => new ComposeWord(p, args.Span)));
                break;
            case JsArray { Complete: true } array when array.Items.All(i => i is JsString):
                words.AddRange(array.Items.Cast<JsString>().Select(s => new ComposeWord(s.Value, s.Span)));
                break;
            case null:
                break;
            default:
                model.UnknownListeners.Add((app, $"{app.Describe()}: its args are computed"));
                return;
        }

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        JsValue? port = null;
        if (settings["env"] is JsObject env)
        {
            foreach (var member in env.Members)
            {
                environment[member.Name] = member.Value switch { JsString s => s.Value, JsNumber number => number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => null };
            }

            port = env["PORT"];
        }

        if (words.Count > 0 && ContainerListeners.FromCommand(words, environment, settings["env"] is JsUnknown) is { Count: > 0 } binds)
        {
            foreach (var bind in binds)
            {
                app.Listeners.Add(new EndpointSite(Endpoint.Tcp(bind.Host.Length == 0 ? "0.0.0.0" : bind.Host, bind.Port), app.File, new Location(source, bind.Word?.Span ?? settings.Span), null) { Protocol = BackendProtocol.Http });
            }

            return;
        }

        var portFlag = words.FindIndex(w => w.Value == "--port");
        if (portFlag >= 0 && portFlag + 1 < words.Count && int.TryParse(words[portFlag + 1].Value, out var flagged))
        {
            app.Listeners.Add(new EndpointSite(Endpoint.Tcp("0.0.0.0", flagged), app.File, new Location(source, words[portFlag + 1].Span), null) { Protocol = BackendProtocol.Http });
            return;
        }

        if (port is JsNumber or JsString && int.TryParse(environment["PORT"], out var fromEnvironment))
        {
            app.Listeners.Add(new EndpointSite(Endpoint.Tcp("0.0.0.0", fromEnvironment), app.File, new Location(source, port.Span), null)
            {
                Protocol = BackendProtocol.Http,
                Note = $"PORT={fromEnvironment} in its env",
            });
            return;
        }

        model.UnknownListeners.Add((app, $"{app.Describe()} is given no --port or PORT that ConfLint can read: the application chooses its address"));
    }

    /// <summary>A YAML ecosystem file as the same literals (scalars: booleans, numbers, else strings).</summary>
    private static JsValue? FromYaml(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }

    private static JsValue Convert(YamlNode node)
    {
        var span = TextSpan.FromBounds((int)node.Start.Index, Math.Max((int)node.Start.Index, (int)node.End.Index));
        return node switch
        {
            YamlMappingNode map => new JsObject(span, map.Children.Where(c => c.Key is YamlScalarNode { Value: not null })
                .Select(c => new JsMember(((YamlScalarNode)c.Key).Value!, TextSpan.FromBounds((int)c.Key.Start.Index, (int)c.Key.End.Index), Convert(c.Value))).ToList(), true),
            YamlSequenceNode list => new JsArray(span, list.Children.Select(Convert).ToList(), true),
            YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } b => new JsBoolean(span, b.Value == "true"),
            YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: { } v } when double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => new JsNumber(span, d),
            YamlScalarNode { Value: { } s } => new JsString(span, s),
            _ => new JsNull(span),
        };
    }
}
