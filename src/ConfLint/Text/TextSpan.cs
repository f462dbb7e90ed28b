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

    /// <summary>True when the two spans share at least one character, as Roslyn's <c>TextSpan.OverlapsWith</c>:
    /// an empty span overlaps nothing.</summary>
    public bool OverlapsWith(TextSpan other) => Math.Max(Start, other.Start) < Math.Min(End, other.End);

    public override string ToString() => $"[{Start}..{End})";
}

/// <summary>A value a template's placeholder was replaced by: its span in the rendered text, and the length of the
/// placeholder (<c>${DOMAIN}</c>, 9) it replaced in the template.</summary>
public readonly record struct Substitution(int Start, int Length, int TemplateLength)
{
    public int End => Start + Length;
}
