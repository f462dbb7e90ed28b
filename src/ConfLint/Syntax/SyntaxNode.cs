using System.Text;
using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Syntax;

/// <summary>
/// A node of a lossless syntax tree. Every node has at least one token, and the tokens of a file,
/// each written with its trivia, give back the file byte for byte.
/// </summary>
public abstract class SyntaxNode
{
    protected SyntaxNode(SyntaxTree tree)
    {
        Tree = tree;
    }

    public SyntaxTree Tree { get; }

    public SyntaxNode? Parent { get; private set; }

    /// <summary>The children in document order.</summary>
    public abstract IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens();

    public abstract SyntaxToken FirstToken { get; }

    public abstract SyntaxToken LastToken { get; }

    /// <summary>From the first character of the first token to the last of the last token, trivia excluded.</summary>
    public TextSpan Span => TextSpan.FromBounds(FirstToken.Start, LastToken.End);

    /// <summary>With the leading trivia of the first token and the trailing trivia of the last.</summary>
    public TextSpan FullSpan => TextSpan.FromBounds(FirstToken.FullStart, LastToken.FullEnd);

    public Location Location => new(Tree.Source, Span);

    public LinePosition Position => Tree.Source.GetLinePosition(FirstToken.Start);

    public IEnumerable<T> Ancestors<T>()
        where T : SyntaxNode
    {
        for (var node = Parent; node is not null; node = node.Parent)
        {
            if (node is T match)
            {
                yield return match;
            }
        }
    }

    /// <summary>The tokens under this node in document order.</summary>
    public IEnumerable<SyntaxToken> DescendantTokens()
    {
        var tokens = new List<SyntaxToken>();
        CollectTokens(this, tokens);
        return tokens;
    }

    public void WriteTo(TextWriter writer)
    {
        foreach (var token in DescendantTokens())
        {
            token.WriteTo(writer);
        }
    }

    /// <summary>The node printed from its tokens and their trivia.</summary>
    public string ToFullString()
    {
        var writer = new StringWriter(new StringBuilder(FullSpan.Length));
        WriteTo(writer);
        return writer.ToString();
    }

    public override string ToString() => Tree.Source.ToString(Span);

    protected T Adopt<T>(T node)
        where T : SyntaxNode
    {
        node.Parent = this;
        return node;
    }

    protected IReadOnlyList<T> AdoptAll<T>(IReadOnlyList<T> nodes)
        where T : SyntaxNode
    {
        // By index: a foreach over the interface made an enumerator for each of a large tree's 96,000 blocks.
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i].Parent = this;
        }

        return nodes;
    }

    private static void CollectTokens(SyntaxNode node, List<SyntaxToken> tokens)
    {
        foreach (var child in node.ChildNodesAndTokens())
        {
            if (child.Node is { } childNode)
            {
                CollectTokens(childNode, tokens);
            }
            else
            {
                tokens.Add(child.Token);
            }
        }
    }
}
