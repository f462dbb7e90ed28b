using ConfLint.Host.Compose;
using ConfLint.Syntax;
using ConfLint.Syntax.Supervisor;
using ConfLint.Text;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Supervisor;

/// <summary>
/// supervisord's programs as back ends: each <c>[program:x]</c> of the host's supervisord files (included files merged
/// into one section per name, the later value winning) whose <c>command</c> runs gunicorn, hypercorn, uvicorn,
/// <c>flask run</c> or Django's <c>runserver</c> with its binds on the command line, read as for a container's command
/// (<see cref="ContainerListeners"/>); its <c>environment</c> read for the servers' variables. A command with a
/// supervisord expansion that is not <c>%(program_name)s</c> or <c>%(here)s</c>, or several processes, is not read.
/// </summary>
public static class SupervisorBackEnds
{
    public static void Add(HostModel model)
    {
        var programs = new Dictionary<string, (SupervisorSection Section, Workspace.ConfigFile File)>(StringComparer.Ordinal);
        foreach (var file in model.Workspace.FilesOfKind(ConfigKind.Supervisor).Where(f => f.Container is null))
        {
            if (file.Tree?.Root is not SupervisorConfigFile config)
            {
                continue;
            }

            foreach (var section in config.Sections.Where(s => s.Kind == "program" && s.Label is { Length: > 0 }))
            {
                programs[section.Label!] = (section, file);
            }
        }

        foreach (var (name, (section, file)) in programs)
        {
            if (section.Find("command") is not { ValueToken: { } token } command || Words(command.Value, token, name, file.ServerPath) is not { } words
                || (section.Find("numprocs")?.Value is { } numprocs && numprocs.Trim() != "1"))
            {
                continue;
            }

            var environment = Environment(section.Find("environment")?.Value);
            if (ContainerListeners.FromCommand(words, environment, environmentUnknown: false) is not { Count: > 0 } binds)
            {
                continue;
            }

            var backEnd = new SupervisorBackEnd(name, section, file, binds);
            foreach (var bind in binds)
            {
                var host = bind.Host.Length == 0 ? "0.0.0.0" : bind.Host;
                var span = bind.Word is { } word ? word.Span : token.Span;
                backEnd.Listeners.Add(new EndpointSite(Endpoint.Tcp(host, bind.Port), file, new Diagnostics.Location(file.Source!, span), command)
                {
                    Protocol = BackendProtocol.Http,
                    Note = bind.Word is null ? bind.How : null,
                });
            }

            model.BackEnds.Add(backEnd);
        }
    }

    /// <summary>The command's words, each at its place in the file where it is written as read; null when it cannot be read.</summary>
    private static List<ComposeWord>? Words(string value, SyntaxToken token, string program, string path)
    {
        var folder = path[..Math.Max(path.LastIndexOf('/'), 0)];
        var expanded = value.Replace("%(program_name)s", program, StringComparison.Ordinal).Replace("%(here)s", folder, StringComparison.Ordinal);
        if (expanded.Contains("%(", StringComparison.Ordinal) || ShellWords.Split(expanded) is not { Count: > 0 } parts)
        {
            return null;
        }

        var text = token.Tree.Source.Text;
        var words = new List<ComposeWord>();
        var from = token.Start;
        foreach (var part in parts)
        {
            var at = text.IndexOf(part, from, Math.Max(0, token.End - from), StringComparison.Ordinal);
            words.Add(new ComposeWord(part, at >= 0 ? new TextSpan(at, part.Length) : token.Span));
            from = at >= 0 ? at + part.Length : from;
        }

        return words;
    }

    /// <summary><c>KEY="value",KEY2=value2</c>, as supervisord reads it; an entry it cannot read ends the list.</summary>
    private static Dictionary<string, string?> Environment(string? value)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (value is null)
        {
            return environment;
        }

        foreach (var pair in value.Split(','))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                break;
            }

            environment[pair[..eq].Trim()] = pair[(eq + 1)..].Trim().Trim('"', '\'');
        }

        return environment;
    }
}
