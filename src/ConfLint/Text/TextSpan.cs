namespace ConfLint.Text;

/// <summary>A half-open range <c>[Start, Start + Length)</c> of characters in a <see cref="SourceText"/>.
/// An insertion point is an empty span.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public bool IsEmpty => Length == 0;

    public static TextSpan FromBounds(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        return new TextSpan(start, end - start);
    }

    public bool Contains(int position) => position >= Start && position < End;

    public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;

    /// <summary>True when the two spans share a character, or when one is an insertion strictly inside the other.</summary>
    public bool OverlapsWith(TextSpan other)
    {
        if (IsEmpty && other.IsEmpty)
        {
            return Start == other.Start;
        }

        if (IsEmpty)
        {
            return Start > other.Start && Start < other.End;
        }

        if (other.IsEmpty)
        {
            return other.Start > Start && other.Start < End;
        }

        return Start < other.End && other.Start < End;
    }

    public override string ToString() => $"[{Start}..{End})";
}
