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

        return (t_table ??= new Table()).Get(values);
    }

    /// <summary>Open addressing over the lists' hashes (the identity hashes of their strings), at most half full: no
    /// comparer called through an interface for each of a large tree's 400,000 lists.</summary>
    private sealed class Table
    {
        private readonly OpenSlots<string[]> _slots = new(1024);

        public string[] Get(ReadOnlySpan<string> values)
        {
            var hash = Hash(values);
            var at = _slots.First(hash);
            while (_slots.Next(ref at, hash, out var kept))
            {
                if (Same(values, kept))
                {
                    return kept;
                }
            }

            var created = values.ToArray();
            _slots.Add(at, hash, created, MaxEntries);
            return created;
        }

        private static int Hash(ReadOnlySpan<string> values)
        {
            var hash = new HashCode();
            foreach (var value in values)
            {
                hash.Add(RuntimeHelpers.GetHashCode(value));
            }

            return hash.ToHashCode();
        }

        private static bool Same(ReadOnlySpan<string> values, string[] kept) => ReferenceSequence.Same(values, kept);
    }
}
