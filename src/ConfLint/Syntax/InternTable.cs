namespace ConfLint.Syntax;

/// <summary>
/// One string per text, looked up by its characters, for the texts a large tree repeats (directive names, short
/// argument values). Each thread has its own table (a text may then be kept once per thread, of which there are a
/// few): a plain dictionary, whose string hashing is the fast non-randomized one until collisions say the input is
/// hostile, where one shared concurrent table hashed every lookup with the randomized one, a tenth of a large tree's
/// validation. A table stops growing at its maximum count of entries, so a file of unique texts costs it no more than
/// that; a text longer than its maximum length is never kept.
/// </summary>
internal sealed class InternTable
{
    private readonly Dictionary<string, string> _table = new(256, StringComparer.Ordinal);

    // Taken once: asking the dictionary for it checks its comparer each time.
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _maxEntries;
    private readonly int _maxLength;

    public InternTable(int maxEntries, int maxLength)
    {
        _lookup = _table.GetAlternateLookup<ReadOnlySpan<char>>();
        _maxEntries = maxEntries;
        _maxLength = maxLength;
    }

    /// <summary>The table of the calling thread in <paramref name="slot"/> (a <c>[ThreadStatic]</c> field of the owner),
    /// made on first use: a thread-static field is read in a few instructions, a <c>ThreadLocal</c> in a hundred, and a
    /// large tree looks up a million and a half texts.</summary>
    public static InternTable Of(ref InternTable? slot, int maxEntries, int maxLength) => slot ??= new InternTable(maxEntries, maxLength);

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > _maxLength)
        {
            return text.ToString();
        }

        if (_lookup.TryGetValue(text, out var kept))
        {
            return kept;
        }

        var created = text.ToString();
        if (_table.Count < _maxEntries)
        {
            _table[created] = created;
        }

        return created;
    }
}
