namespace ConfLint.Syntax;

/// <summary>Whether two runs hold the same objects, element by element: for the shared arrays of a parse and of the host
/// model, where equal contents are the same strings or nodes (a comparer called through an interface for each element
/// cost those hot paths a call per directive).</summary>
internal static class ReferenceSequence
{
    public static bool Same<T>(ReadOnlySpan<T> first, ReadOnlySpan<T> second)
        where T : class
    {
        if (first.Length != second.Length)
        {
            return false;
        }

        for (var i = 0; i < first.Length; i++)
        {
            if (!ReferenceEquals(first[i], second[i]))
            {
                return false;
            }
        }

        return true;
    }
}
