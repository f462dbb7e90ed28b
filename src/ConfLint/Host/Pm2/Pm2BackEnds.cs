using ConfLint.Diagnostics;
using ConfLint.Host.Compose;
using ConfLint.Syntax;
using ConfLint.Syntax.Documents;
using ConfLint.Syntax.Pm2;
using ConfLint.Text;
using ConfLint.Workspace;
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
        var read = new List<string>();
        foreach (var file in model.Workspace.FilesOfKind(ConfigKind.Pm2).Where(f => f.Container is null && f.Error is null && f.Source is not null))
        {
            read.Add(file.ServerPath);
            var text = file.Source!.Text;
            var yaml = file.ServerPath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || file.ServerPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
            AddApps(model, file, yaml ? FromYaml(text) : JsLiteralReader.ReadExport(text), dump: false);
        }

        AddLaunches(model, read);
    }

    /// <summary>
    /// The apps of the files the host's services start PM2 with (<see cref="Pm2Launches"/>), read under the root: an
    /// ecosystem file of any name (<c>pm2 start dspace-ui.json</c>) with the same reader as the ones found by name, and
    /// <c>dump.pm2</c> for <c>pm2 resurrect</c>. A file already read is not read twice. <c>pm2 resurrect</c> whose dump the
    /// root does not hold starts what <c>pm2 save</c> wrote from the ecosystem files of the same user: where the root holds
    /// such a file under the PM2 home's parent (the user's home), its apps are taken as the ones saved, as before; else the
    /// apps are not known, and neither is where they listen (<see cref="HostModel.UnknownListeners"/>).
    /// </summary>
    private static void AddLaunches(HostModel model, List<string> read)
    {
        foreach (var launch in Pm2Launches.Find(model))
        {
            if (launch.Unknown is { } why)
            {
                model.UnknownListeners.Add((null, why));
                continue;
            }

            var path = launch.File!;
            if (read.Contains(path, StringComparer.Ordinal))
            {
                continue;
            }

            if (model.Files.Read(path) is not { } source)
            {
                var home = Path.GetDirectoryName(Path.GetDirectoryName(path))!.TrimEnd('/') + "/";
                if (launch.Dump && read.Exists(r => r.StartsWith(home, StringComparison.Ordinal)))
                {
                    continue;
                }

                model.UnknownListeners.Add((null, launch.Dump
                    ? $"{launch.Program.Who} runs pm2 resurrect, which starts the apps saved in {path}, a file the root does not hold: where they listen is not known"
                    : $"{launch.Program.Who} starts PM2 with {path}, a file the root does not hold: where its apps listen is not known"));
                continue;
            }

            read.Add(path);
            model.ReadConfigFiles.Add(path);
            var file = new ConfigFile(path, source.File.Path, source.File.Display, ConfigKind.Pm2) { Source = source };
            var yaml = !launch.Dump && (path.Contains(".yml", StringComparison.Ordinal) || path.Contains(".yaml", StringComparison.Ordinal));
            if (!AddApps(model, file, yaml ? FromYaml(source.Text) : JsLiteralReader.ReadExport(source.Text), launch.Dump))
            {
                model.UnknownListeners.Add((null, $"{launch.Program.Who} starts PM2 with {path}, whose apps ConfLint cannot read as literals: where they listen is not known"));
            }
        }
    }

    /// <summary>The apps of an ecosystem file (<c>apps</c>, or the list itself) or of a dump; false when none could be read.</summary>
    private static bool AddApps(HostModel model, ConfigFile file, JsValue? exported, bool dump)
    {
        var apps = exported is JsObject root ? root["apps"] : exported as JsArray;
        if (apps is not JsArray list)
        {
            return false;
        }

        var any = false;
        foreach (var each in list.Items.OfType<JsObject>())
        {
            var item = dump ? FromDump(each) : each;
            if (item["name"] is not JsString && item["script"] is not JsString)
            {
                continue;
            }

            var app = new Pm2BackEnd(item["name"] is JsString n ? n.Value : ((JsString)item["script"]!).Value, item, file);
            model.BackEnds.Add(app);
            Listen(model, app, file.Source!);
            any = true;
        }

        return any;
    }

    /// <summary>
    /// An app of <c>dump.pm2</c> as an ecosystem file writes it: <c>pm2 save</c> writes each process's <c>pm2_env</c> (lib/API.js,
    /// <c>dump</c>), where the script is already resolved into <c>pm_exec_path</c> and the folder into <c>pm_cwd</c>
    /// (Common.prepareAppConf deletes <c>script</c>), the interpreter is <c>exec_interpreter</c> (<c>none</c>: run as it is),
    /// and <c>env</c> is the whole environment the app started with (<c>pm2 resurrect</c> starts it again with it). Only the
    /// scalar variables of <c>env</c> are kept (PM2 also nests the app's own settings there under its name).
    /// </summary>
    private static JsObject FromDump(JsObject saved)
    {
        var members = new List<JsMember>();
        void Take(string from, string to)
        {
            if (saved.Member(from) is { } member)
            {
                members.Add(member with { Name = to });
            }
        }

        Take("name", "name");
        if (saved.Member("pm_exec_path") is not null)
        {
            Take("pm_exec_path", "script");
        }
        else
        {
            Take("script", "script");
        }

        if (saved.Member("pm_cwd") is not null)
        {
            Take("pm_cwd", "cwd");
        }
        else
        {
            Take("cwd", "cwd");
        }

        Take("args", "args");
        Take("exec_interpreter", "interpreter");
        Take("exec_mode", "exec_mode");
        Take("instances", "instances");
        Take("increment_var", "increment_var");
        Take("autorestart", "autorestart");
        Take("max_memory_restart", "max_memory_restart");
        if (saved.Member("env") is { Value: JsObject env } variables)
        {
            members.Add(variables with { Value = env with { Members = env.Members.Where(m => m.Value is JsString or JsNumber).ToList() } });
        }

        return new JsObject(saved.Span, members, saved.Complete);
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
            app.RunsNode = true;
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
