namespace ConfLint.Rules.Support;

/// <summary>How many single-character insertions, deletions and substitutions turn one string into another (Levenshtein).</summary>
public static class EditDistance
{
    public static int Between(string a, string b)
    {
        // What both begin and end with costs nothing (socket paths mostly differ in a name between /run/php/ and .sock).
        ReadOnlySpan<char> x = a, y = b;
        var common = x.CommonPrefixLength(y);
        x = x[common..];
        y = y[common..];
        var tail = 0;
        while (tail < x.Length && tail < y.Length && x[^(tail + 1)] == y[^(tail + 1)])
        {
            tail++;
        }

        x = x[..^tail];
        y = y[..^tail];
        if (x.IsEmpty || y.IsEmpty)
        {
            return x.Length + y.Length;
        }

        Span<int> rows = y.Length < 256 ? stackalloc int[2 * (y.Length + 1)] : new int[2 * (y.Length + 1)];
        var previous = rows[..(y.Length + 1)];
        var current = rows[(y.Length + 1)..];
        for (var j = 0; j <= y.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= x.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= y.Length; j++)
            {
                var cost = x[i - 1] == y[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[y.Length];
    }
}
