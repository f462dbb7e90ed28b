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

/// <summary>
/// One string per short argument value, shared by every tree, as <see cref="NameTable"/> does for names: a tree of
/// thousands of sites repeats the same ports, flags, paths and header values in every server, and each of them
/// decoded to its own string was the largest part of what the model kept. The table stops growing at some thousands
/// of values, so a file of unique values costs the table no more than that.
/// </summary>
internal static class ValueTable
{
    private const int MaxValues = 16384;
    private const int MaxLength = 64;

    // How many values the table holds, kept beside it like its contents (a cache that changes no result).
    private static readonly System.Runtime.CompilerServices.StrongBox<int> Added = new();

    private static readonly ConcurrentDictionary<string, string> Values = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Values.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength)
        {
            return text.ToString();
        }

        if (Lookup.TryGetValue(text, out var value))
        {
            return value;
        }

        // A count of its own: ConcurrentDictionary.Count takes every lock of the table, and a file of unique values
        // asks on every value.
        var created = text.ToString();
        if (Volatile.Read(ref Added.Value) >= MaxValues)
        {
            return created;
        }

        var shared = Values.GetOrAdd(created, created);
        if (ReferenceEquals(shared, created))
        {
            Interlocked.Increment(ref Added.Value);
        }

        return shared;
    }
}
