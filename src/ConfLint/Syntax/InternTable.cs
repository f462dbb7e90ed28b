namespace ConfLint.Syntax;

/// <summary>
/// One string per text, looked up by its characters, for the texts a large tree repeats (directive names, short
/// argument values). Each thread has its own table (a text may then be kept once per thread, of which there are a
/// few), where one shared concurrent table cost a tenth of a large tree's validation. The table is its own open
/// addressing over the text's hash, not a dictionary with a span lookup, whose comparer was called through an interface
/// twice for each of a large tree's million and a half lookups. The hash is the runtime's randomized one for strings,
/// so a hostile file cannot pile its texts onto one slot. A table stops growing at its maximum count of entries, so a
/// file of unique texts costs it no more than that; a text longer than its maximum length is never kept.
/// </summary>
internal sealed class InternTable
{
    private readonly int _maxEntries;
    private readonly int _maxLength;

    private readonly OpenSlots<string> _slots = new(256);

    public InternTable(int maxEntries, int maxLength)
    {
        _maxEntries = maxEntries;
        _maxLength = maxLength;
    }

    /// <summary>The table of the calling thread in <paramref name="slot"/> (a <c>[ThreadStatic]</c> field of the owner),
    /// made on first use: a thread-static field is read in a few instructions, a <c>ThreadLocal</c> in a hundred, and a
    /// large tree looks up a million and a half texts.</summary>
    public static InternTable Of(ref InternTable? slot, int maxEntries, int maxLength) => slot ??= new InternTable(maxEntries, maxLength);

    /// <summary>How many texts are kept.</summary>
    public int Count => _slots.Count;

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > _maxLength)
        {
            return text.ToString();
        }

        var hash = string.GetHashCode(text);
        var at = _slots.First(hash);
        while (_slots.Next(ref at, hash, out var kept))
        {
            if (text.SequenceEqual(kept))
            {
                return kept;
            }
        }

        var created = text.ToString();
        _slots.Add(at, hash, created, _maxEntries);
        return created;
    }
}
