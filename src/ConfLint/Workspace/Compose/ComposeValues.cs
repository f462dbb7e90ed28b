using ConfLint.Text;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Workspace.Compose;

/// <summary>The short and long forms of Compose's settings, read into the service's records.</summary>
public static class ComposeValues
{
    internal static ComposeCommand? Command(ComposeNode at, ComposeVariables variables)
    {
        var words = new List<ComposeWord>();
        switch (at.Node)
        {
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    var node = new ComposeNode(item, at.File);
                    if (node.Scalar is not { } text || variables.Interpolate(text) is not { } value)
                    {
                        return null;
                    }

                    words.Add(new ComposeWord(value, WordSpan(node, value)));
                }

                return new ComposeCommand(words, at, ShellForm: false) { Interpolated = list.Children.Any(i => i is YamlScalarNode { Value: { } v } && v.Replace("$$", string.Empty, StringComparison.Ordinal).Contains('$', StringComparison.Ordinal)) };
            case YamlScalarNode { Value: { } line }:
                if (variables.Interpolate(line) is not { } expanded || Split(expanded) is not { } parts)
                {
                    return null;
                }

                var source = at.File.Source?.Text ?? string.Empty;
                var span = at.Span;
                var from = span.Start;
                foreach (var part in parts)
                {
                    var found = at.IsPlain && expanded == line ? source.IndexOf(part, from, Math.Max(0, span.End - from), StringComparison.Ordinal) : -1;
                    words.Add(new ComposeWord(part, found >= 0 ? new TextSpan(found, part.Length) : span));
                    from = found >= 0 ? found + part.Length : from;
                }

                return new ComposeCommand(words, at, ShellForm: true) { Interpolated = line.Replace("$$", string.Empty, StringComparison.Ordinal).Contains('$', StringComparison.Ordinal) };
            default:
                return null;
        }
    }

    /// <summary>Where a list item's word is written: inside its quotes when the text between them is the word itself.</summary>
    private static TextSpan WordSpan(ComposeNode node, string value)
    {
        var span = node.Span;
        var text = node.File.Source?.Text;
        if (text is not null && span.Length == value.Length + 2 && span.End <= text.Length && text[span.Start] is '"' or '\''
            && string.CompareOrdinal(text, span.Start + 1, value, 0, value.Length) == 0)
        {
            return new TextSpan(span.Start + 1, value.Length);
        }

        return span;
    }

    /// <summary>A command line split as a POSIX shell splits words (quotes and backslashes), without expansion; null for an unclosed quote.</summary>
    public static List<string>? Split(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is ' ' or '\t' or '\n')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
            }
            else if (c is '\'' or '"')
            {
                var close = line.IndexOf(c, i + 1);
                if (close < 0)
                {
                    return null;
                }

                word.Append(line, i + 1, close - i - 1);
                i = close;
            }
            else
            {
                word.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    internal static void Environment(YamlNode node, Dictionary<string, string?> environment, ComposeVariables variables)
    {
        if (node is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                if (key is YamlScalarNode { Value: { } name })
                {
                    environment[name] = value is YamlScalarNode { Value: { } v } && !(value is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } && v is "" or "~" or "null")
                        ? variables.Interpolate(v)
                        : PassedThrough(name, variables);
                }
            }
        }
        else if (node is YamlSequenceNode list)
        {
            foreach (var item in list.Children.OfType<YamlScalarNode>())
            {
                if (item.Value is not { } entry)
                {
                    continue;
                }

                var eq = entry.IndexOf('=');
                if (eq < 0)
                {
                    environment[entry] = PassedThrough(entry, variables);
                }
                else
                {
                    environment[entry[..eq]] = variables.Interpolate(entry[(eq + 1)..]);
                }
            }
        }
    }

    /// <summary>A variable named without a value: Compose gives the container the value of its interpolation environment
    /// (the server's shell, then <c>.env</c>); known only where <c>.env</c> sets it.</summary>
    private static string? PassedThrough(string name, ComposeVariables variables) => variables.Lookup(name) is { Known: true } set ? set.Value : null;

    internal static void Ports(ComposeService service, YamlNode node, ConfigFile file)
    {
        var variables = service.Variables;
        foreach (var item in Items(node))
        {
            var at = new ComposeNode(item, file);
            if (item is YamlMappingNode map)
            {
                var target = Int(ComposeReader.Child(map, "target"), variables);
                var published = ComposeReader.Child(map, "published") is YamlScalarNode { Value: { } p } ? Range(variables.Interpolate(p)) : (0, -1);
                var hostIp = ComposeReader.Child(map, "host_ip") is YamlScalarNode { Value: { } ip } ? variables.Interpolate(ip) : string.Empty;
                var protocol = ComposeReader.Child(map, "protocol") is YamlScalarNode { Value: { } proto } ? variables.Interpolate(proto) : "tcp";
                if (target is null || published is null || hostIp is null || protocol is null)
                {
                    service.PortsIncomplete = true;
                    continue;
                }

                service.Ports.Add(new ComposePort(hostIp, published.Value.From == 0 ? null : published.Value.From, target.Value, protocol, at));
                continue;
            }

            if (at.Scalar is not { } raw || variables.Interpolate(raw) is not { } text || ShortPort(text, at) is not { } ports)
            {
                service.PortsIncomplete = true;
                continue;
            }

            service.Ports.AddRange(ports);
        }
    }

    /// <summary><c>[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]</c>, ranges expanded; null when it cannot be read.</summary>
    private static List<ComposePort>? ShortPort(string text, ComposeNode at)
    {
        var protocol = "tcp";
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..];
            text = text[..slash];
        }

        var hostIp = string.Empty;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            hostIp = text[1..close];
            text = text[(close + 2)..];
        }

        var parts = text.Split(':');
        if (parts.Length == 3)
        {
            hostIp = parts[0];
            parts = parts[1..];
        }

        if (parts.Length > 2 || Range(parts[^1]) is not { From: > 0 } target)
        {
            return null;
        }

        var published = parts.Length == 2 && parts[0].Length > 0 ? Range(parts[0]) : (0, -1);
        if (published is null)
        {
            return null;
        }

        var ports = new List<ComposePort>();
        for (var port = target.From; port <= target.To; port++)
        {
            int? host = published.Value.From == 0 ? null
                : published.Value.To == published.Value.From ? published.Value.From
                : published.Value.From + (port - target.From);
            ports.Add(new ComposePort(hostIp, host, port, protocol, at));
        }

        return ports;
    }

    internal static void Expose(ComposeService service, YamlNode node, ConfigFile file)
    {
        foreach (var item in Items(node))
        {
            var at = new ComposeNode(item, file);
            var text = at.Scalar is { } raw ? service.Variables.Interpolate(raw) : null;
            var protocol = "tcp";
            if (text?.IndexOf('/') is int slash and >= 0)
            {
                protocol = text[(slash + 1)..];
                text = text[..slash];
            }

            if (Range(text) is not { From: > 0 } range)
            {
                service.PortsIncomplete = true;
                continue;
            }

            for (var port = range.From; port <= range.To; port++)
            {
                service.Expose.Add(new ComposeExpose(port, protocol, at));
            }
        }
    }

    /// <param name="resolveAgainst">For a file included into the project (<c>include:</c>): its own project directory, which
    /// its relative bind sources are taken from (compose-go loads an included model with <c>ResolvePaths</c>, so they are
    /// absolute before it is merged); null for the project's own files.</param>
    internal static void Volumes(ComposeService service, YamlNode node, ConfigFile file, string? resolveAgainst = null)
    {
        var variables = service.Variables;
        foreach (var item in Items(node))
        {
            var at = new ComposeNode(item, file);
            ComposeVolume? volume = null;
            if (item is YamlMappingNode map)
            {
                var type = ComposeReader.Child(map, "type") is YamlScalarNode { Value: { } t } ? variables.Interpolate(t) : "volume";
                var source = ComposeReader.Child(map, "source") is YamlScalarNode { Value: { } s } ? variables.Interpolate(s) : null;
                var target = ComposeReader.Child(map, "target") is YamlScalarNode { Value: { } g } ? variables.Interpolate(g) : null;
                var readOnly = ComposeReader.Child(map, "read_only") is YamlScalarNode { Value: "true" };
                volume = target is null || type is null ? null : new ComposeVolume(type, source, target, readOnly, at);
            }
            else if (at.Scalar is { } raw && variables.Interpolate(raw) is { } text)
            {
                var parts = text.Split(':');
                if (parts.Length == 1)
                {
                    volume = new ComposeVolume("volume", null, parts[0], false, at);
                }
                else
                {
                    var source = parts[0];
                    var bind = source.StartsWith('.') || source.StartsWith('/') || source.StartsWith('~');
                    var readOnly = parts.Length > 2 && parts[2].Split(',').Contains("ro");
                    volume = new ComposeVolume(bind ? "bind" : "volume", source, parts[1], readOnly, at);
                }
            }

            if (volume is null || !volume.Target.StartsWith('/'))
            {
                continue;
            }

            if (resolveAgainst is not null && volume.IsBind && volume.Source is { } relative && !relative.StartsWith('/') && !relative.StartsWith('~'))
            {
                volume = volume with { Source = ComposeProject.SourcePath(relative, resolveAgainst) };
            }

            // Merged by the container path: a later file's mount of the same path replaces the earlier one.
            service.Volumes.RemoveAll(v => v.Target.TrimEnd('/') == volume.Target.TrimEnd('/'));
            service.Volumes.Add(volume);
        }
    }

    internal static void Networks(ComposeService service, YamlNode node)
    {
        var entries = node switch
        {
            YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Select(s => (s.Value, (YamlNode?)null)),
            YamlMappingNode map => map.Children.Select(c => ((c.Key as YamlScalarNode)?.Value, (YamlNode?)c.Value)),
            _ => [],
        };
        foreach (var (name, body) in entries)
        {
            if (name is null)
            {
                continue;
            }

            // Aliases are interpolated like every value; one whose variable has no known value may be any name.
            var aliases = new List<string>();
            if (body is YamlMappingNode settings && ComposeReader.Child(settings, "aliases") is YamlSequenceNode list)
            {
                foreach (var alias in list.Children.OfType<YamlScalarNode>().Select(a => a.Value).OfType<string>())
                {
                    if (service.Variables.Interpolate(alias) is { Length: > 0 } value)
                    {
                        aliases.Add(value);
                    }
                    else
                    {
                        service.HasUnknownAlias = true;
                    }
                }
            }

            service.Networks.RemoveAll(n => n.Name == name);
            service.Networks.Add(new ComposeNetwork(name, aliases));
        }
    }

    private static IEnumerable<YamlNode> Items(YamlNode node) => node is YamlSequenceNode list ? list.Children : [];

    private static int? Int(YamlNode? node, ComposeVariables variables) =>
        node is YamlScalarNode { Value: { } text } && variables.Interpolate(text) is { } value && int.TryParse(value, out var n) && n is > 0 and < 65536 ? n : null;

    /// <summary><c>8000</c> or <c>8000-8010</c>; (0, -1) for an empty text; null when it is not a port range.</summary>
    private static (int From, int To)? Range(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0)
        {
            return (0, -1);
        }

        var dash = text.IndexOf('-');
        var from = dash < 0 ? text : text[..dash];
        var to = dash < 0 ? text : text[(dash + 1)..];
        return int.TryParse(from, out var a) && int.TryParse(to, out var b) && a is > 0 and < 65536 && b >= a && b < 65536 && b - a < 1024 ? (a, b) : null;
    }
}
