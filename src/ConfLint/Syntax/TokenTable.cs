namespace ConfLint.Syntax;

/// <summary>
/// The tokens of one file, in document order, as plain offsets in one array. Each entry is twelve bytes: where the
/// token starts, then the lengths of its leading trivia, its text and its trailing trivia, each in 16 bits, and its
/// kind. A length that does not fit (a long comment, a long quoted value) is kept apart, by token. A large tree has
/// millions of tokens: four offsets of 32 bits each were a third of what its parse kept.
/// </summary>
internal sealed class TokenTable
{
    private const ushort Apart = ushort.MaxValue;

    private Entry[] _items;
    private Dictionary<int, TokenData>? _apart;

    public TokenTable(int capacity)
    {
        _items = new Entry[Math.Max(capacity, 16)];
    }

    public int Count { get; private set; }

    public TokenData this[int index]
    {
        get
        {
            ref readonly var entry = ref _items[index];
            if (entry.Lead == Apart)
            {
                return _apart![index];
            }

            var end = entry.Start + entry.Length;
            return new TokenData((TokenKind)entry.Kind, entry.Start - entry.Lead, entry.Start, end, end + entry.Trail);
        }
    }

    /// <summary>Where the leading trivia of the token starts (for a search over the table: no other offset is made).</summary>
    /// <summary>One field of a token, without making the whole <see cref="TokenData"/>: the decoders ask for a million.</summary>
    public TokenKind Kind(int index) => (TokenKind)_items[index].Kind;

    public int Start(int index)
    {
        ref readonly var entry = ref _items[index];
        return entry.Lead == Apart ? _apart![index].Start : entry.Start;
    }

    public int End(int index)
    {
        ref readonly var entry = ref _items[index];
        return entry.Lead == Apart ? _apart![index].End : entry.Start + entry.Length;
    }

    public int FullStart(int index)
    {
        ref readonly var entry = ref _items[index];
        return entry.Lead == Apart ? _apart![index].FullStart : entry.Start - entry.Lead;
    }

    public int Add(TokenKind kind, int fullStart, int start, int end, int fullEnd)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        int lead = start - fullStart, length = end - start, trail = fullEnd - end;
        if (lead < Apart && length < Apart && trail < Apart)
        {
            _items[Count] = new Entry(start, (ushort)lead, (ushort)length, (ushort)trail, (byte)kind);
        }
        else
        {
            _items[Count] = new Entry(start, Apart, 0, 0, (byte)kind);
            (_apart ??= [])[Count] = new TokenData(kind, fullStart, start, end, fullEnd);
        }

        return Count++;
    }

    private readonly record struct Entry(int Start, ushort Lead, ushort Length, ushort Trail, byte Kind);
}

internal readonly record struct TokenData(TokenKind Kind, int FullStart, int Start, int End, int FullEnd);
