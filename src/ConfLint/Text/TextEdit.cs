namespace ConfLint.Text;

/// <summary>Replace <see cref="Span"/> with <see cref="NewText"/>: a deletion has empty text, an insertion an empty span.</summary>
public sealed record TextEdit(TextSpan Span, string NewText)
{
    public static TextEdit Insert(int position, string text) => new(new TextSpan(position, 0), text);

    public static TextEdit Replace(TextSpan span, string text) => new(span, text);

    public static TextEdit Delete(TextSpan span) => new(span, string.Empty);

    /// <summary>
    /// The one definition of two edits that cannot both be applied: their spans overlap (share a character), or they
    /// start at the same point (two insertions there, or an insertion where a replacement starts: which goes first is
    /// not defined), or one inserts strictly inside the span the other replaces. Edits that only touch (an insertion
    /// at the end of a replaced span, two adjacent replacements) do not conflict.
    /// </summary>
    public bool ConflictsWith(TextEdit other) =>
        Span.OverlapsWith(other.Span) || Span.Start == other.Span.Start
        || (Span.IsEmpty && other.Span.Contains(Span.Start)) || (other.Span.IsEmpty && Span.Contains(other.Span.Start));

    /// <summary>Applies edits in any order; throws when two conflict (<see cref="ConflictsWith"/>).</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var sorted = StableSort.Sorted(edits, (a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.Length.CompareTo(b.Span.Length));
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i - 1].ConflictsWith(sorted[i]))
            {
                throw new InvalidOperationException($"edits overlap at {sorted[i - 1].Span} and {sorted[i].Span}");
            }
        }

        var builder = new System.Text.StringBuilder(text.Length + 64);
        var position = 0;
        foreach (var edit in sorted)
        {
            if (edit.Span.End > text.Length)
            {
                throw new InvalidOperationException($"edit {edit.Span} lies beyond the end of the text ({text.Length})");
            }

            builder.Append(text, position, edit.Span.Start - position);
            builder.Append(edit.NewText);
            position = edit.Span.End;
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }
}
