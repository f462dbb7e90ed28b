namespace ConfLint.Knowledge;

/// <summary>"Did you mean": the known name nearest to a misspelt one, within a small edit distance.</summary>
public static class Suggestions
{
    public static string? Closest(string name, IEnumerable<string> known, bool ignoreCase = false)
    {
        var limit = name.Length <= 4 ? 1 : name.Length <= 10 ? 2 : 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        var probe = ignoreCase ? name.ToLowerInvariant() : name;
        foreach (var candidate in known)
        {
            if (Math.Abs(candidate.Length - name.Length) > limit)
            {
                continue;
            }

            var distance = Distance(probe, ignoreCase ? candidate.ToLowerInvariant() : candidate, limit);
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= limit ? best : null;
    }

    /// <summary>Whether two names are one slip apart: one character added, dropped, changed, or two neighbours swapped
    /// (a name is no slip of itself). The test the checks use where a near name is the evidence of a typo.</summary>
    public static bool IsSlip(string a, string b) =>
        Math.Abs(a.Length - b.Length) <= 1 && !string.Equals(a, b, StringComparison.Ordinal) && Distance(a, b, limit: 1) <= 1;

    /// <summary>The optimal string alignment distance (a swap of two neighbours counts once), capped above <paramref name="limit"/>.</summary>
    public static int Distance(string a, string b, int limit = int.MaxValue)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
