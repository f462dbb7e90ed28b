using System.Runtime.CompilerServices;

namespace ConfLint.Syntax;

/// <summary>
/// One array per list of argument values, for the lists a large tree repeats: the 10,000-server benchmark tree has
/// 408,000 directives with arguments and 47,500 different lists among them (<c>proxy_set_header Host $host</c> in every
/// location). Each list its own array was a third of the trees' objects, which every full collection marks. The values
/// are the shared strings of <see cref="ValueTable"/>, so two lists are the same when they hold the same string objects
/// (a value that was not shared only misses a chance to share its list). Like <see cref="InternTable"/>, each thread
/// has its own table, and a table stops growing at <see cref="MaxEntries"/> lists.
/// </summary>
internal static class ArgumentTable
{
    /// <summary>Room on the stack for a list short enough to be shared.</summary>
    [System.Runtime.CompilerServices.InlineArray(MaxLength)]
    public struct Scratch
    {
        private string _first;
    }

    private const int MaxEntries = 65536;

    /// <summary>Lists longer than this are never shared (a long list is seldom repeated).</summary>
    public const int MaxLength = 8;

    // Each thread its own table, read through a thread-static field (a ThreadLocal cost a hundred instructions a list).
    [ThreadStatic]
    private static Table? t_table;

    /// <summary>The shared array with these values (the caller's span is not kept).</summary>
    public static string[] Get(ReadOnlySpan<string> values)
    {
        if (values.Length == 0)
        {
            return [];
        }

        if (values.Length > MaxLength)
        {
            return values.ToArray();
        }

        var table = t_table ??= new Table();
        if (table.Lookup.TryGetValue(values, out var kept))
        {
            return kept;
        }

        var created = values.ToArray();
        if (table.Lists.Count < MaxEntries)
        {
            table.Lists[created] = created;
        }

        return created;
    }

    private sealed class Table
    {
        public Table()
        {
            Lookup = Lists.GetAlternateLookup<ReadOnlySpan<string>>();
        }

        public Dictionary<string[], string[]> Lists { get; } = new(1024, SameStrings.Instance);

        public Dictionary<string[], string[]>.AlternateLookup<ReadOnlySpan<string>> Lookup { get; }
    }

    /// <summary>Lists of the same string objects, hashed by the objects' identities (no text is hashed, and no input
    /// can choose its hashes).</summary>
    private sealed class SameStrings : IEqualityComparer<string[]>, IAlternateEqualityComparer<ReadOnlySpan<string>, string[]>
    {
        public static readonly SameStrings Instance = new();

        public bool Equals(string[]? x, string[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && Equals((ReadOnlySpan<string>)x, y));

        public int GetHashCode(string[] obj) => GetHashCode((ReadOnlySpan<string>)obj);

        public bool Equals(ReadOnlySpan<string> alternate, string[] other)
        {
            if (alternate.Length != other.Length)
            {
                return false;
            }

            for (var i = 0; i < alternate.Length; i++)
            {
                if (!ReferenceEquals(alternate[i], other[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(ReadOnlySpan<string> alternate)
        {
            var hash = new HashCode();
            foreach (var value in alternate)
            {
                hash.Add(RuntimeHelpers.GetHashCode(value));
            }

            return hash.ToHashCode();
        }

        public string[] Create(ReadOnlySpan<string> alternate) => alternate.ToArray();
    }
}
