using System.Collections.Concurrent;

namespace ConfLint.Syntax;

/// <summary>
/// One string per directive name, shared by every tree: a name read from the text is looked up by its
/// characters, so that the hundreds of thousands of <c>location</c> and <c>proxy_pass</c> of a large tree
/// cost no string each and compare by reference first. The table stops growing at a few thousand names.
/// </summary>
internal static class NameTable
{
    private const int MaxNames = 4096;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Get(ReadOnlySpan<char> text)
    {
        if (Lookup.TryGetValue(text, out var name))
        {
            return name;
        }

        var created = text.ToString();
        return Names.Count < MaxNames ? Names.GetOrAdd(created, created) : created;
    }
}
