using ConfLint.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Tests.Corpus;

/// <summary>
/// One root of the regression corpus (<c>fixtures/corpus/NAME</c>) and its <c>expected.yaml</c>, read as
/// fixtures/corpus/README.md defines it: the findings a careful operator would report, and the places that look
/// suspicious but must not be reported at warning or error. Paths are matched after following links inside the root.
/// </summary>
public sealed class CorpusRoot
{
    /// <summary>What one expected finding or not-finding says.</summary>
    public sealed record Expectation(string Code, string? Path, int? Line, string? Severity, bool Seeded, IReadOnlyList<string> Reads, bool FixExpected, bool FixSafe, IReadOnlyList<(string Path, int? Line)> Also, string? MaxSeverity, string Why);

    private CorpusRoot(string name, string folder, string kind, IReadOnlyList<Expectation> findings, IReadOnlyList<Expectation> notFindings)
    {
        Name = name;
        Folder = folder;
        Kind = kind;
        Findings = findings;
        NotFindings = notFindings;
    }

    public static string Corpus => Path.Combine(Repository.Fixtures, "corpus");

    public string Name { get; }

    public string Folder { get; }

    /// <summary>clean, seeded or natural.</summary>
    public string Kind { get; }

    public IReadOnlyList<Expectation> Findings { get; }

    public IReadOnlyList<Expectation> NotFindings { get; }

    public static IEnumerable<string> Names() =>
        Directory.EnumerateDirectories(Corpus).Where(d => File.Exists(Path.Combine(d, "expected.yaml"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static CorpusRoot Load(string name)
    {
        var folder = Path.Combine(Corpus, name);
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(folder, "expected.yaml")))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return new CorpusRoot(name, folder, Text(root, "kind") ?? "clean", List(root, "findings"), List(root, "not-findings"));
    }

    /// <summary>Whether a finding (code, root-relative path, line) is the one <paramref name="expectation"/> describes.</summary>
    public bool Matches(Expectation expectation, string code, string path, int line)
    {
        if (expectation.Code != code)
        {
            return false;
        }

        if (expectation.Path is null)
        {
            return true;
        }

        var real = Real(path);
        return new[] { (expectation.Path, expectation.Line) }.Concat(expectation.Also)
            .Any(place => Real(place.Item1) == real && (place.Item2 is null || place.Item2 == line));
    }

    /// <summary>The root-relative path of what is really at <paramref name="relative"/>: links followed, an absolute target
    /// taken under the root.</summary>
    public string Real(string relative)
    {
        var pending = new Queue<string>(relative.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var done = new List<string>();
        for (var hops = 0; pending.Count > 0;)
        {
            var part = pending.Dequeue();
            if (part == "..")
            {
                if (done.Count > 0)
                {
                    done.RemoveAt(done.Count - 1);
                }

                continue;
            }

            if (part == ".")
            {
                continue;
            }

            var candidate = Path.Combine([Folder, .. done, part]);
            if (new FileInfo(candidate).LinkTarget is { } target && hops++ < 40)
            {
                if (target.StartsWith('/'))
                {
                    done.Clear();
                }

                var rest = pending.ToList();
                pending = new Queue<string>(target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                continue;
            }

            done.Add(part);
        }

        return string.Join('/', done);
    }

    private static List<Expectation> List(YamlMappingNode root, string key)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is not YamlSequenceNode items)
        {
            return [];
        }

        return items.Children.OfType<YamlMappingNode>().Select(item =>
        {
            var fix = item.Children.TryGetValue(new YamlScalarNode("fix"), out var f) ? f as YamlMappingNode : null;
            var also = Strings(item, "also").Select(a =>
            {
                var colon = a.LastIndexOf(':');
                return colon > 0 && int.TryParse(a[(colon + 1)..], out var n) ? (a[..colon], (int?)n) : (a, null);
            }).ToList();
            return new Expectation(
                Text(item, "code")!,
                Text(item, "path"),
                int.TryParse(Text(item, "line"), out var line) ? line : null,
                Text(item, "severity"),
                Text(item, "seeded") == "true",
                Strings(item, "reads"),
                fix is not null && Text(fix, "expected") == "true",
                fix is not null && Text(fix, "safe") == "true",
                also,
                Text(item, "max-severity"),
                Text(item, "why") ?? string.Empty);
        }).ToList();
    }

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { } text } ? text : null;

    private static List<string> Strings(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList()
            : [];
}
