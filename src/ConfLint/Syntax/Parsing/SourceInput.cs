using Sprache;

namespace ConfLint.Syntax.Parsing;

/// <summary>
/// Sprache input over a file's text. Unlike Sprache's own <c>Input</c>, it holds no memo table unless one is
/// asked for, works out line and column from the offset only when asked, and lets a lexical production
/// jump over any number of characters in one step (<see cref="At"/>).
/// </summary>
internal sealed class SourceInput : IInput
{
    private IDictionary<object, object>? _memos;

    internal SourceInput(ParseContext context, int position)
    {
        Context = context;
        Position = position;
    }

    public ParseContext Context { get; }

    public string Source => Context.Text;

    public char Current => Context.Chars[Position];

    public bool AtEnd => Position >= Context.Length;

    public int Position { get; }

    public int Line => Context.Source.GetLinePosition(Position).Line;

    public int Column => Context.Source.GetLinePosition(Position).Column;

    public IDictionary<object, object> Memos => _memos ??= new Dictionary<object, object>();

    public IInput Advance()
    {
        if (AtEnd)
        {
            throw new InvalidOperationException("cannot advance beyond the end of the input");
        }

        return new SourceInput(Context, Position + 1);
    }

    /// <summary>The input at another offset of the same text.</summary>
    public SourceInput At(int position) => position == Position ? this : new SourceInput(Context, position);

    public bool Equals(IInput? other) =>
        other is not null && other.Position == Position && (other is SourceInput input ? ReferenceEquals(input.Context, Context) : ReferenceEquals(other.Source, Context.Text));

    public override bool Equals(object? obj) => obj is IInput other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Context.Length, Position);

    public override string ToString() => $"{Context.Source.Path}@{Position}";
}
