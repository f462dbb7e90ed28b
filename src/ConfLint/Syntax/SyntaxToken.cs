using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Syntax;

/// <summary>
/// A token of a configuration file: a handle to one entry of its tree's token table. It owns the trivia
/// around it: its trailing trivia runs to the end of its line (line break included), and the rest of the
/// trivia before it leads it. Text and trivia are read from the tree's <see cref="SourceText"/> when asked.
/// </summary>
public readonly struct SyntaxToken : IEquatable<SyntaxToken>
{
    internal SyntaxToken(SyntaxTree tree, int index)
    {
        Tree = tree;
        Index = index;
    }

    public SyntaxTree Tree { get; }

    /// <summary>The token's place in its file, counting from 0.</summary>
    public int Index { get; }

    private TokenData Data => Tree.Tokens[Index];

    public TokenKind Kind => Tree.Tokens.Kind(Index);

    /// <summary>Where the leading trivia starts.</summary>
    public int FullStart => Tree.Tokens.FullStart(Index);

    public int Start => Tree.Tokens.Start(Index);

    public int End => Tree.Tokens.End(Index);

    /// <summary>Where the trailing trivia ends.</summary>
    public int FullEnd => Data.FullEnd;

    public TextSpan Span => TextSpan.FromBounds(Start, End);

    public TextSpan FullSpan => TextSpan.FromBounds(FullStart, FullEnd);

    /// <summary>The token as written, quotes and escapes included.</summary>
    public string Text => Tree.Source.ToString(Span);

    /// <summary>The value the daemon reads: quotes removed and escapes resolved as that daemon does.</summary>
    public string Value => Tree.GetValue(this);

    public bool IsQuoted => Kind == TokenKind.QuotedString;

    /// <summary>The node this token belongs to.</summary>
    public SyntaxNode Parent => Tree.GetParent(Index);

    public IReadOnlyList<SyntaxTrivia> LeadingTrivia => TriviaScanner.Scan(Tree, FullStart, Start);

    public IReadOnlyList<SyntaxTrivia> TrailingTrivia => TriviaScanner.Scan(Tree, End, FullEnd);

    public Location Location => new(Tree.Source, Span);

    public LinePosition Position => Tree.Source.GetLinePosition(Start);

    public bool IsTextEqual(string text) => Tree.Source.SpanEquals(Span, text);

    /// <summary>Writes the leading trivia, the text and the trailing trivia.</summary>
    public void WriteTo(TextWriter writer)
    {
        var text = Tree.Source.Text;
        foreach (var trivia in LeadingTrivia)
        {
            writer.Write(text.AsSpan(trivia.Span.Start, trivia.Span.Length));
        }

        writer.Write(text.AsSpan(Start, End - Start));
        foreach (var trivia in TrailingTrivia)
        {
            writer.Write(text.AsSpan(trivia.Span.Start, trivia.Span.Length));
        }
    }

    public bool Equals(SyntaxToken other) => ReferenceEquals(Tree, other.Tree) && Index == other.Index;

    public override bool Equals(object? obj) => obj is SyntaxToken other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Tree, Index);

    public static bool operator ==(SyntaxToken left, SyntaxToken right) => left.Equals(right);

    public static bool operator !=(SyntaxToken left, SyntaxToken right) => !left.Equals(right);

    public override string ToString() => Tree is null ? string.Empty : Text;
}
