namespace ConfLint.Knowledge;

/// <summary>One keyword of HAProxy 2.6 (<c>data/directives/haproxy.txt</c>): the sections that read it, those that
/// ignore it with a warning, and its argument count.</summary>
/// <param name="Sections">Letters of the sections that read it (<c>g d n f l b r</c>), upper case where ignored.</param>
/// <param name="Later">A keyword HAProxy 2.6 as Debian builds it does not know but later releases (or other builds) read
/// (<c>+</c> in the table): unknown only where the root shows that release.</param>
public sealed record HaproxyKeyword(string Name, string Sections, ArgumentCount Args, bool Removed, bool Later = false)
{
    /// <summary>Whether HAProxy reads it in a section of this letter (lower case only).</summary>
    public bool ReadIn(char section) => Sections.Contains(section, StringComparison.Ordinal);

    /// <summary>Whether HAProxy accepts it there but ignores it with a warning.</summary>
    public bool IgnoredIn(char section) => Sections.Contains(char.ToUpperInvariant(section), StringComparison.Ordinal);
}

/// <summary>HAProxy 2.6's keywords, by their one- or two-word names (<c>timeout server</c>).</summary>
public sealed class HaproxyKeywordTable
{
    private static readonly Lazy<HaproxyKeywordTable> Shared = new(Load);

    private readonly Dictionary<string, HaproxyKeyword> _keywords;

    private HaproxyKeywordTable(Dictionary<string, HaproxyKeyword> keywords) => _keywords = keywords;

    public static HaproxyKeywordTable Instance => Shared.Value;

    public IEnumerable<HaproxyKeyword> All => _keywords.Values;

    /// <summary>The section letter of the table for a section kind: <c>g d n f l b r</c>, or null for a section whose
    /// keywords are not in the table.</summary>
    public static char? Letter(string kind, bool named) => kind switch
    {
        "global" => 'g',
        "defaults" => named ? 'n' : 'd',
        "frontend" => 'f',
        "listen" => 'l',
        "backend" => 'b',
        "resolvers" => 'r',
        _ => null,
    };

    /// <summary>The entry for a line's first words: the two-word one when the table has it, else the one-word one.</summary>
    public HaproxyKeyword? Find(string keyword, string? second) =>
        second is not null && _keywords.TryGetValue(keyword + " " + second, out var two) ? two
        : _keywords.GetValueOrDefault(keyword);

    /// <summary>Whether some entry starts with <paramref name="keyword"/> and a second word (<c>option</c>, <c>stats</c>).</summary>
    public bool IsFamily(string keyword) => _keywords.Keys.Any(k => k.Length > keyword.Length && k[keyword.Length] == ' ' && k.StartsWith(keyword, StringComparison.Ordinal));

    /// <summary>Whether a new line with <paramref name="keyword"/> may go into a section of this kind (fix placement).</summary>
    public bool Allows(string keyword, string sectionKind, bool named = false) =>
        Letter(sectionKind, named) is { } letter && Find(keyword.Split(' ')[0], keyword.Split(' ').ElementAtOrDefault(1)) is { Removed: false } entry && entry.ReadIn(letter);

    internal static HaproxyKeywordTable Load() => Parse(DirectiveData.Lines("haproxy.txt"));

    internal static HaproxyKeywordTable Parse(List<string> lines)
    {
        var keywords = new Dictionary<string, HaproxyKeyword>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var fields = line.Split(' ', 3);
            if (fields.Length != 3)
            {
                throw new FormatException($"haproxy.txt: expected 'sections args keyword' in '{line}'");
            }

            var removed = fields[0] == "x";
            var later = fields[0] == "+";
            keywords[fields[2]] = new HaproxyKeyword(fields[2], removed || later ? string.Empty : fields[0], ArgumentCount.Parse(removed ? "*" : fields[1]), removed, later);
        }

        return new HaproxyKeywordTable(keywords);
    }
}
