namespace ConfLint.Syntax;

/// <summary>
/// The slots of an open-addressing table with linear probing, at most half full, each item kept with its hash: what
/// <see cref="InternTable"/> and <see cref="ArgumentTable"/> share. The owner hashes its key and tells a candidate of the
/// same hash apart itself (a span of characters, a list of strings), without a comparer called through an interface:
/// <code>
/// for (var at = slots.First(hash); slots.Next(ref at, hash, out var kept);) { if (Same(key, kept)) return kept; }
/// slots.Add(at, hash, made, maxEntries);
/// </code>
/// </summary>
internal sealed class OpenSlots<T>(int capacity)
    where T : class
{
    private T?[] _items = new T?[capacity];
    private int[] _hashes = new int[capacity];

    /// <summary>How many items are kept.</summary>
    public int Count { get; private set; }

    /// <summary>Where the search for <paramref name="hash"/> starts.</summary>
    public int First(int hash) => hash & (_items.Length - 1);

    /// <summary>Moves <paramref name="at"/> to the next item with this hash (true, <paramref name="kept"/> set) or to the
    /// empty slot that ends the search (false).</summary>
    public bool Next(ref int at, int hash, out T kept)
    {
        var mask = _items.Length - 1;
        while (_items[at] is { } item)
        {
            var found = at;
            at = (at + 1) & mask;
            if (_hashes[found] == hash)
            {
                kept = item;
                return true;
            }
        }

        kept = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="item"/> in the empty slot a search ended at, unless the table holds
    /// <paramref name="maxEntries"/> already.</summary>
    public void Add(int at, int hash, T item, int maxEntries)
    {
        if (Count >= maxEntries)
        {
            return;
        }

        _items[at] = item;
        _hashes[at] = hash;
        if (++Count * 2 > _items.Length)
        {
            Grow();
        }
    }

    private void Grow()
    {
        var (items, hashes) = (_items, _hashes);
        _items = new T?[items.Length * 2];
        _hashes = new int[items.Length * 2];
        var mask = _items.Length - 1;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is { } item)
            {
                var at = hashes[i] & mask;
                while (_items[at] is not null)
                {
                    at = (at + 1) & mask;
                }

                _items[at] = item;
                _hashes[at] = hashes[i];
            }
        }
    }
}
