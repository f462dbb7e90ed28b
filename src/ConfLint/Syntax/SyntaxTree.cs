using System.Text;
using ConfLint.Text;

namespace ConfLint.Syntax;

/// <summary>One parsed file: its text, its kind, its token table and its root node.</summary>
public sealed class SyntaxTree
{
    private readonly Func<SyntaxToken, string> _valueDecoder;
    private SyntaxNode? _root;
    private string?[]? _values;
    private SyntaxNode[]? _parents;

    internal SyntaxTree(SourceText source, ConfigKind kind, Func<SyntaxToken, string> valueDecoder)
    {
        Source = source;
        Kind = kind;
        _valueDecoder = valueDecoder;
        // About one token per ten characters in real configs; the table doubles when it needs to.
        Tokens = new TokenTable((source.Length / 10) + 16);
    }

    public SourceText Source { get; }

    public ConfigKind Kind { get; }

    public string Path => Source.Path;

    public SyntaxNode Root
    {
        get => _root ?? throw new InvalidOperationException("the tree has no root yet");
        internal set => _root = value;
    }

    internal TokenTable Tokens { get; }

    /// <summary>The file printed from the tree: byte for byte the input when encoded with <see cref="SourceText.Encoding"/>.</summary>
    public string ToFullString() => Root.ToFullString();

    public byte[] ToBytes() => Source.GetBytes(ToFullString());

    public void WriteTo(TextWriter writer) => Root.WriteTo(writer);

    public override string ToString() => $"{Kind.Name()} {Path}";

    internal SyntaxToken Token(int index) => new(this, index);

    /// <summary>The token whose full span (trivia included) holds <paramref name="position"/>; the end-of-file
    /// token for the end of the text.</summary>
    public SyntaxToken FindToken(int position)
    {
        int low = 0, high = Tokens.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Tokens.FullStart(middle) <= position)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return new SyntaxToken(this, low);
    }

    /// <summary>The comment trivia that covers <paramref name="position"/>, if any.</summary>
    public SyntaxTrivia? FindComment(int position)
    {
        var token = FindToken(position);
        foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia))
        {
            if (trivia.Kind == TriviaKind.Comment && trivia.Span.Start <= position && position < trivia.Span.End)
            {
                return trivia;
            }
        }

        return null;
    }

    /// <summary>A token's value, decoded again unless it is cached: for callers that keep the values themselves (a
    /// directive's argument list), so that a large file does not also get a cache slot for each of its tokens.</summary>
    internal string DecodeValue(SyntaxToken token) => _values?[token.Index] ?? _valueDecoder(token);

    internal string GetValue(SyntaxToken token)
    {
        var values = _values ??= new string?[Tokens.Count];
        return values[token.Index] ??= _valueDecoder(token);
    }

    internal SyntaxNode GetParent(int index)
    {
        if (_parents is null)
        {
            var parents = new SyntaxNode[Tokens.Count];
            AssignParents(Root, parents);
            _parents = parents;
        }

        return _parents[index];
    }

    private static void AssignParents(SyntaxNode node, SyntaxNode[] parents)
    {
        foreach (var child in node.ChildNodesAndTokens())
        {
            if (child.Node is { } childNode)
            {
                AssignParents(childNode, parents);
            }
            else
            {
                parents[child.Token.Index] = node;
            }
        }
    }

    internal static string Join(IEnumerable<SyntaxToken> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(token.Text);
        }

        return builder.ToString();
    }
}
