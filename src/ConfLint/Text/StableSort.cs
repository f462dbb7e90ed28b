namespace ConfLint.Text;

/// <summary>
/// A stable sort by a comparison, for what LINQ's <c>OrderBy(...).ThenBy(...)</c> did: <c>ThenBy</c> is a generic
/// virtual method of <see cref="IOrderedEnumerable{T}"/>, which the native executable resolves at run time through
/// its type loader, about 1.5 ms the first time (a one-file lint is 20 ms in all).
/// </summary>
public static class StableSort
{
    /// <summary>The items ordered by <paramref name="compare"/>; items it calls equal keep their order.</summary>
    public static List<T> Sorted<T>(IEnumerable<T> items, Comparison<T> compare)
    {
        var list = new List<T>(items);
        if (list.Count < 2)
        {
            return list;
        }

        var order = new (T Item, int Index)[list.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = (list[i], i);
        }

        Array.Sort(order, (a, b) => compare(a.Item, b.Item) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
        for (var i = 0; i < order.Length; i++)
        {
            list[i] = order[i].Item;
        }

        return list;
    }
}
