namespace ConfLint.Syntax;

/// <summary>
/// One string per directive name, shared by every tree read on a thread: a name read from the text is looked up by its
/// characters, so that the hundreds of thousands of <c>location</c> and <c>proxy_pass</c> of a large tree
/// cost no string each and mostly compare by reference first. The table stops growing at a few thousand names.
/// </summary>
internal static class NameTable
{
    private const int MaxNames = 4096;

    // One table per thread, for the reason ValueTable gives.
    private static readonly ThreadLocal<Dictionary<string, string>> Tables = new(() => new Dictionary<string, string>(256, StringComparer.Ordinal));

    public static string Get(ReadOnlySpan<char> text)
    {
        var table = Tables.Value!;
        if (table.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var name))
        {
            return name;
        }

        var created = text.ToString();
        if (table.Count < MaxNames)
        {
            table[created] = created;
        }

        return created;
    }
}

/// <summary>
/// One string per short argument value, as <see cref="NameTable"/> does for names: a tree of thousands of sites repeats
/// the same ports, flags, paths and header values in every server, and each of them decoded to its own string was the
/// largest part of what the model kept. Each thread has its own table (a value may then be kept once per thread, of
/// which there are a few): a plain dictionary, whose string hashing is the fast non-randomized one until collisions
/// say the input is hostile, where the shared concurrent table hashed every lookup with the randomized one, a tenth of
/// a large tree's validation. A table stops growing at some thousands of values, so a file of unique values costs it
/// no more than that.
/// </summary>
internal static class ValueTable
{
    private const int MaxValues = 16384;
    private const int MaxLength = 64;

    private static readonly ThreadLocal<Dictionary<string, string>> Tables = new(() => new Dictionary<string, string>(256, StringComparer.Ordinal));

    public static string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength)
        {
            return text.ToString();
        }

        var table = Tables.Value!;
        var lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var value))
        {
            return value;
        }

        var created = text.ToString();
        if (table.Count < MaxValues)
        {
            table[created] = created;
        }

        return created;
    }
}
