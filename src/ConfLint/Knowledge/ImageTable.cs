namespace ConfLint.Knowledge;

/// <summary>
/// The official container images ConfLint knows the defaults of (<c>data/images/images.txt</c>, format in
/// <c>data/images/README.md</c>): each line a fact of a repository's tags matching a glob. An image no line matches is
/// unknown (<see cref="Find"/> answers null).
/// </summary>
public sealed class ImageTable
{
    private const string FileName = "images.txt";
    private static readonly Lazy<ImageTable> Shared = new(() => Parse(FileName, Lines()));

    private readonly List<Line> _lines;

    private ImageTable(List<Line> lines) => _lines = lines;

    public static ImageTable Instance => Shared.Value;

    private sealed record Line(string Repository, string Tags, string Fact, string[] Values);

    /// <summary>The facts of an image reference (<c>php:8.2-fpm-alpine</c>, <c>docker.io/library/nginx:1.27@sha256:...</c>),
    /// or null when no line names its repository and tag.</summary>
    public ImageFacts? Find(string image)
    {
        var matching = Matching(image, 0);
        if (matching.Count == 0)
        {
            return null;
        }

        string? Last(string fact) => matching.LastOrDefault(l => l.Fact == fact)?.Values[0];
        var listen = matching.Where(l => l.Fact == "listen").Select(l => Address(l.Values[0])).ToList();
        return new ImageFacts(
            image,
            Last("server"),
            listen,
            matching.Where(l => l.Fact == "listen-set-by").SelectMany(l => l.Values).ToList(),
            Last("listen-pool"),
            Last("user"),
            Last("config"),
            Last("include"),
            matching.Any(l => l.Fact == "command-only"))
        {
            Serves = matching.Where(l => l.Fact == "serves")
                .Select(l => new ImagePort(int.Parse(l.Values[0], System.Globalization.CultureInfo.InvariantCulture), l.Values[1], l.Values.Length > 2 ? string.Join(' ', l.Values[2..]) : null)).ToList(),
            ServesSetBy = matching.Where(l => l.Fact == "serves-set-by").SelectMany(l => l.Values).ToList(),
            Templates = matching.LastOrDefault(l => l.Fact == "templates") is { Values: var t } ? new ImageTemplates(t[0], t[1], t[2]) : null,
            CommandRuns = matching.Any(l => l.Fact == "command-runs"),
            NoDefinitions = matching.Where(l => l.Fact == "no-definitions").SelectMany(l => l.Values).ToList(),
            IncludeFiles = matching.LastOrDefault(l => l.Fact == "include-files")?.Values ?? [],
        };
    }

    /// <summary>The lines of an image's repository and tag, a <c>from</c> line replaced by the lines of the image it names
    /// (the derived image's own lines after them, so that a later one of its own wins); a chain deeper than a few images is
    /// a mistake of the table and ends there.</summary>
    private List<Line> Matching(string image, int depth)
    {
        var (repository, tag) = Split(image);
        var matching = new List<Line>();
        foreach (var line in _lines.Where(l => l.Repository == repository && Glob(l.Tags, tag)))
        {
            if (line.Fact != "from")
            {
                matching.Add(line);
            }
            else if (depth < 4)
            {
                matching.AddRange(Matching(line.Values[0], depth + 1));
            }
        }

        return matching;
    }

    /// <summary>The repository as Docker Hub names it and the tag (<c>latest</c> when none), digest and registry removed.</summary>
    public static (string Repository, string Tag) Split(string image)
    {
        var name = image.Trim().Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        var (repository, tag) = colon > slash ? (name[..colon], name[(colon + 1)..]) : (name, "latest");
        foreach (var prefix in new[] { "docker.io/library/", "index.docker.io/library/", "registry-1.docker.io/library/", "docker.io/", "index.docker.io/", "library/" })
        {
            if (repository.StartsWith(prefix, StringComparison.Ordinal))
            {
                repository = repository[prefix.Length..];
                break;
            }
        }

        return (repository, tag);
    }

    /// <summary>Parses the table's lines (numbered from 1 as in the file); a line that is not a known fact is a
    /// <see cref="FormatException"/> naming <paramref name="file"/>:line.</summary>
    internal static ImageTable Parse(string file, IEnumerable<string> lines)
    {
        var parsed = new List<Line>();
        var number = 0;
        foreach (var text in lines)
        {
            number++;
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            var f = text.Split(' ');
            string Fail(string what) => throw new FormatException($"{file}:{number}: {what} in '{text}' (expected REPOSITORY TAGS FACT VALUE..., see data/images/README.md)");
            if (f.Length < 3 || f.Any(x => x.Length == 0))
            {
                Fail("too few fields, or two spaces in a row");
            }

            var values = f[3..];
            var arity = f[2] switch
            {
                "command-only" or "command-runs" => values.Length == 0,
                "listen-set-by" or "no-definitions" or "include-files" => values.Length >= 1 && values.All(v => v.StartsWith('/')),
                "config" or "include" => values.Length == 1 && values[0].StartsWith('/'),
                "listen" => values.Length == 1 && TryAddress(values[0], out _),
                "server" => values.Length == 1 && values[0] is "php-fpm" or "nginx" or "apache",
                "user" or "listen-pool" => values.Length == 1,
                "from" => values.Length == 1 && !values[0].Contains('*', StringComparison.Ordinal),
                "serves" => values.Length >= 2 && int.TryParse(values[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                    && port is >= 1 and <= 65535 && values[1] is "http" or "https" or "other",
                "templates" => values.Length == 3 && values[0].StartsWith('/') && values[2].StartsWith('/'),
                "serves-set-by" => values.Length >= 1 && values.All(v => v.StartsWith('-')),
                _ => Fail($"unknown fact '{f[2]}'") is null,
            };
            if (!arity)
            {
                Fail($"a value {f[2]} does not take");
            }

            parsed.Add(new Line(f[0], f[1], f[2], values.Length == 0 ? [string.Empty] : values));
        }

        return new ImageTable(parsed);
    }

    private static (string Host, int Port) Address(string text) => TryAddress(text, out var address) ? address : default;

    private static bool TryAddress(string text, out (string Host, int Port) address)
    {
        address = default;
        var colon = text.LastIndexOf(':');
        if (colon < 1 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        address = (text[..colon] == "*" ? string.Empty : text[..colon], port);
        return true;
    }

    /// <summary>A glob of <c>*</c> (any text) and literal characters, over the whole tag.</summary>
    private static bool Glob(string pattern, string text)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return pattern == text;
        }

        if (!text.StartsWith(parts[0], StringComparison.Ordinal) || !text.EndsWith(parts[^1], StringComparison.Ordinal) || text.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var at = parts[0].Length;
        foreach (var middle in parts[1..^1])
        {
            var found = text.IndexOf(middle, at, text.Length - parts[^1].Length - at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + middle.Length;
        }

        return true;
    }

    private static IEnumerable<string> Lines() => EmbeddedTables.Lines("images/" + FileName, keepComments: true);
}
