namespace ConfLint.Syntax;

/// <summary>
/// One string per text, looked up by its characters, for the texts a large tree repeats (directive names, short
/// argument values). Each thread has its own table (a text may then be kept once per thread, of which there are a
/// few): a plain dictionary, whose string hashing is the fast non-randomized one until collisions say the input is
/// hostile, where one shared concurrent table hashed every lookup with the randomized one, a tenth of a large tree's
/// validation. A table stops growing at <paramref name="maxEntries"/>, so a file of unique texts costs it no more than
/// that; a text longer than <paramref name="maxLength"/> is never kept.
/// </summary>
internal sealed class InternTable(int maxEntries, int maxLength)
{
    private readonly ThreadLocal<Dictionary<string, string>> _tables = new(() => new Dictionary<string, string>(256, StringComparer.Ordinal));

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > maxLength)
        {
            return text.ToString();
        }

        var table = _tables.Value!;
        if (table.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var kept))
        {
            return kept;
        }

        var created = text.ToString();
        if (table.Count < maxEntries)
        {
            table[created] = created;
        }

        return created;
    }
}
