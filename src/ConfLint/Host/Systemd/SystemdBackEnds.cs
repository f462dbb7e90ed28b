using ConfLint.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>
/// Reads the host's systemd units into back ends: services whose ExecStart runs an application server
/// (with their binds), PHP-FPM services, and socket units (<c>ListenStream=</c>). Templates are skipped: what
/// their instances bind depends on specifiers ConfLint does not expand.
/// </summary>
internal static class SystemdBackEnds
{
    public static void Add(HostModel model)
    {
        var workspace = model.Workspace;
        var units = new List<(MergedUnit Unit, ConfigFile MainFile)>();
        foreach (var files in workspace.Units)
        {
            if (!files.IsTemplate && files.MainPath is not null && workspace.FindFile(files.MainPath) is { Tree: not null } mainFile)
            {
                units.Add((MergedUnit.Load(workspace.FileSystem, files, path => workspace.FindFile(path) is { Tree: { } tree } ? ParseResult.Ok(tree) : null), mainFile));
            }
        }

        var socketStarted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (unit, mainFile) in units.Where(u => u.Unit.Name.EndsWith(".socket", StringComparison.Ordinal)))
        {
            if (AddSocket(model, unit, mainFile) is { } socket)
            {
                socketStarted.Add(socket.ServiceName);
            }
        }

        foreach (var (unit, mainFile) in units.Where(u => u.Unit.Name.EndsWith(".service", StringComparison.Ordinal)))
        {
            AddService(model, unit, mainFile, socketStarted.Contains(unit.Name));
        }
    }

    /// <param name="socketStarted">A socket unit starts it: a back end whatever it runs.</param>
    private static void AddService(HostModel model, MergedUnit unit, ConfigFile mainFile, bool socketStarted)
    {
        var execStart = unit.EffectiveEntry("Service", "ExecStart");
        if (execStart is null)
        {
            return;
        }

        var commands = SystemdCommandLine.Parse(execStart.Value);
        var isPhpFpm = commands.Commands.Any(AppServer.IsPhpFpm);
        var environment = Environment(model, unit);
        var entryFile = FileOf(model, execStart) ?? mainFile;
        var server = isPhpFpm ? null : AppServer.Detect(execStart, entryFile, commands, environment);
        if (server is null && !isPhpFpm && !socketStarted)
        {
            return;
        }

        var service = new ServiceBackEnd(unit, mainFile, server, isPhpFpm);
        service.Listeners.AddRange(server?.Binds ?? []);

        model.BackEnds.Add(service);
    }

    private static SocketBackEnd? AddSocket(HostModel model, MergedUnit unit, ConfigFile mainFile)
    {
        var service = unit.Get("Socket", "Service") is { Length: > 0 } named ? named : unit.Name[..^".socket".Length] + ".service";
        var socket = new SocketBackEnd(unit, mainFile, service);
        foreach (var entry in unit.Effective("Socket", "ListenStream"))
        {
            var value = entry.Value.Trim();
            Endpoint? endpoint = value.StartsWith('/') ? Endpoint.Unix(value)
                : Endpoint.TrySplitHostPort(value, -1, out var host, out var port) ? Endpoint.Tcp(host, port) : null;
            if (endpoint is not null && FileOf(model, entry) is { Source: not null } file)
            {
                socket.Listeners.Add(new EndpointSite(endpoint, file, entry.Location, entry) { Token = entry.ValueToken });
            }
        }

        if (socket.Listeners.Count == 0)
        {
            return null;
        }

        model.BackEnds.Add(socket);
        return socket;
    }

    /// <summary><c>Environment=</c> assignments and readable <c>EnvironmentFile=</c>s, in systemd's order.</summary>
    private static Dictionary<string, string> Environment(HostModel model, MergedUnit unit)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in unit.GetAll("Service", "EnvironmentFile"))
        {
            var path = file.TrimStart('-');
            if (path.StartsWith('/'))
            {
                foreach (var line in model.Workspace.FileSystem.ReadLines(path))
                {
                    var trimmed = line.Trim();
                    var equals = trimmed.IndexOf('=');
                    if (trimmed.Length == 0 || trimmed[0] is '#' or ';' || equals <= 0)
                    {
                        continue;
                    }

                    var key = trimmed[..equals].Trim();
                    environment[key.StartsWith("export ", StringComparison.Ordinal) ? key[7..].Trim() : key] = trimmed[(equals + 1)..].Trim().Trim('"', '\'');
                }
            }
        }

        foreach (var assignment in unit.GetAll("Service", "Environment"))
        {
            foreach (var word in SystemdText.SplitWords(assignment))
            {
                var equals = word.Value.IndexOf('=');
                if (equals > 0)
                {
                    environment[word.Value[..equals]] = word.Value[(equals + 1)..];
                }
            }
        }

        return environment;
    }

    private static ConfigFile? FileOf(HostModel model, SyntaxNode node) => model.Workspace.FileOf(node.Tree);
}
