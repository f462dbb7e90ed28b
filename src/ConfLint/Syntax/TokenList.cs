using System.Collections;

namespace ConfLint.Syntax;

/// <summary>A run of consecutive tokens of one tree, such as a directive's arguments. Allocates nothing.</summary>
public readonly struct TokenList : IReadOnlyList<SyntaxToken>
{
    private readonly SyntaxTree? _tree;

    internal TokenList(SyntaxTree tree, int first, int count)
    {
        _tree = tree;
        First = first;
        Count = count;
    }

    public static TokenList Empty => default;

    /// <summary>The table index of the first token (of where it would be, when the list is empty).</summary>
    public int First { get; }

    public int Count { get; }

    public SyntaxToken this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return new SyntaxToken(_tree!, First + index);
        }
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<SyntaxToken> IEnumerable<SyntaxToken>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<SyntaxToken>
    {
        private readonly TokenList _list;
        private int _index;

        internal Enumerator(TokenList list)
        {
            _list = list;
            _index = -1;
        }

        public readonly SyntaxToken Current => _list[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < _list.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
