using ConfLint.Diagnostics;
using ConfLint.Host.Compose;
using ConfLint.Syntax;
using ConfLint.Syntax.Documents;
using ConfLint.Syntax.Pm2;
using ConfLint.Text;
using ConfLint.Workspace.Compose;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Host.Pm2;

/// <summary>
/// PM2's apps as back ends: each object of <c>apps</c> in an ecosystem file (<c>.js</c> and <c>.cjs</c> read as literals,
/// never run; <c>.json</c>; <c>.yml</c>). Where it listens: its script (a <c>.js</c> file run by node) and <c>args</c>,
/// with its <c>env</c> and <c>cwd</c>, read by the same readers as a systemd unit's ExecStart (<see cref="CommandServers"/>:
/// a node app's <c>--port</c> or <c>PORT</c>, gunicorn's binds...); anything else is unknown
/// (<see cref="HostModel.UnknownListeners"/>).
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

        // PM2 runs a .js script with node (its interpreter), any other script as a program.
        if (words.Count > 0 && (settings["interpreter"] is JsString { Value: var interpreter } ? interpreter == "node" || interpreter.EndsWith("/node", StringComparison.Ordinal)
                : words[0].Value.EndsWith(".js", StringComparison.Ordinal) || words[0].Value.EndsWith(".cjs", StringComparison.Ordinal) || words[0].Value.EndsWith(".mjs", StringComparison.Ordinal)))
        {
            words.Insert(0, new ComposeWord("node", TextSpan.FromBounds(words[0].Span.Start, words[0].Span.Start)));
        }

        var cwd = settings["cwd"] is JsString { Value: var folder } && folder.StartsWith('/') ? folder : null;
        var whole = new Location(source, (port ?? settings).Span);
        if (words.Count == 0 || CommandServers.Detect(words, app.File, null, whole, environment, cwd, app.App, model.Files, unseen: cwd is null) is not { } server)
        {
            model.UnknownListeners.Add((app, $"{app.Describe()} runs a program ConfLint does not read: the application chooses its address"));
            return;
        }

        app.Server = server;
        if (settings["env"] is JsUnknown && server.Binds.Any(b => b.Note is not null))
        {
            model.UnknownListeners.Add((app, $"{app.Describe()}: its env is computed, and its address comes from the environment or a default"));
            return;
        }

        app.Listeners.AddRange(server.Binds);
        if (server.BindsUnknown)
        {
            model.UnknownListeners.Add((app, $"{app.Describe()}: " + string.Join("; ", server.Unknowns)));
        }

        Instances(model, app, environment);
    }

    /// <summary>
    /// Several instances (<c>instances</c>): in cluster mode they share the one port (node's cluster module hands the
    /// listening socket to every worker), as forked copies would try to. With <c>increment_var</c> naming the variable the
    /// port came from, instance i gets that value plus i: each listens on its own port. <c>max</c>, 0 or -1 (one per CPU,
    /// or all but N) is a count ConfLint does not know.
    /// </summary>
    private static void Instances(HostModel model, Pm2BackEnd app, Dictionary<string, string?> environment)
    {
        if (app.Settings["increment_var"] is not JsString { Value: var variable } || environment.GetValueOrDefault(variable) is not { } text
            || !int.TryParse(text, out var first) || app.Listeners.FirstOrDefault(l => l.Endpoint.Port == first && l.Note is not null) is not { } bind)
        {
            return;
        }

        var count = app.Settings["instances"] switch
        {
            JsNumber { Value: >= 1 and var n } when n == Math.Floor(n) => (int?)n,
            null => 1,
            _ => null,
        };
        if (count is null)
        {
            model.UnknownListeners.Add((app, $"{app.Describe()}: its instances (one per CPU) listen on {variable}={first} and the ports after it"));
            return;
        }

        for (var i = 1; i < count && first + i < 65536; i++)
        {
            app.Listeners.Add(bind with
            {
                Endpoint = Endpoint.Tcp(bind.Endpoint.Host ?? "0.0.0.0", first + i),
                Note = $"instance {i} of {count}: {variable}={first + i} (increment_var)",
            });
        }
    }

    /// <summary>A YAML ecosystem file as the same literals (scalars: booleans, numbers, else strings).</summary>
    private static JsValue? FromYaml(string text)
    {
        try
        {
            if (YamlLimits.Check(text) is not null)
            {
                return null;
            }

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
