namespace ConfLint.Syntax;

/// <summary>The tokens of one file, in document order, as plain offsets in one array.</summary>
internal sealed class TokenTable
{
    private TokenData[] _items;

    public TokenTable(int capacity)
    {
        _items = new TokenData[Math.Max(capacity, 16)];
    }

    public int Count { get; private set; }

    public ref readonly TokenData this[int index] => ref _items[index];

    public int Add(TokenKind kind, int fullStart, int start, int end, int fullEnd)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count] = new TokenData(kind, fullStart, start, end, fullEnd);
        return Count++;
    }
}

internal readonly record struct TokenData(TokenKind Kind, int FullStart, int Start, int End, int FullEnd);
