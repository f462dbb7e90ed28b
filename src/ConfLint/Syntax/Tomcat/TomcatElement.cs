namespace ConfLint.Syntax.Tomcat;

/// <summary>
/// An element of server.xml: its start tag (<c>&lt;</c>, name, attributes, <c>&gt;</c> or <c>/&gt;</c>), the elements
/// inside it and its end tag (<c>&lt;/</c>, name, <c>&gt;</c>) unless it is empty. Comments, text and blanks between
/// tags are trivia; the tokens keep every byte.
/// </summary>
public sealed class TomcatElement : SyntaxNode
{
    internal TomcatElement(SyntaxTree tree, StartTag start, IReadOnlyList<TomcatElement> children, EndTag? end)
        : base(tree)
    {
        LessThanToken = start.LessThan;
        NameToken = start.Name;
        Attributes = AdoptAll(start.Attributes);
        StartEndToken = start.Close;
        Children = AdoptAll(children);
        End = end;
    }

    public SyntaxToken LessThanToken { get; }

    public SyntaxToken NameToken { get; }

    public string Name => NameToken.Text;

    public IReadOnlyList<TomcatAttribute> Attributes { get; }

    /// <summary>The <c>&gt;</c> or <c>/&gt;</c> that ends the start tag.</summary>
    public SyntaxToken StartEndToken { get; }

    public bool IsEmpty => End is null;

    public IReadOnlyList<TomcatElement> Children { get; }

    /// <summary>The end tag's tokens, or null for an empty element.</summary>
    public EndTag? End { get; }

    public TomcatElement? ParentElement => Parent as TomcatElement;

    /// <summary>The attribute named <paramref name="name"/> (XML names are case-sensitive, as Tomcat's digester reads them).</summary>
    public TomcatAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    /// <summary>The value of an attribute, or null when it is not written.</summary>
    public string? Get(string name) => Attribute(name)?.Value;

    /// <summary>The elements inside, at any depth, in document order (iterative: no recursion on deep input).</summary>
    public IEnumerable<TomcatElement> Descendants()
    {
        var stack = new Stack<(TomcatElement Element, int Index)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (element, index) = stack.Pop();
            if (index >= element.Children.Count)
            {
                continue;
            }

            var child = element.Children[index];
            stack.Push((element, index + 1));
            yield return child;
            stack.Push((child, 0));
        }
    }

    public override SyntaxToken FirstToken => LessThanToken;

    public override SyntaxToken LastToken => End?.GreaterThan ?? StartEndToken;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return LessThanToken;
        yield return NameToken;
        foreach (var attribute in Attributes)
        {
            yield return attribute;
        }

        yield return StartEndToken;
        foreach (var child in Children)
        {
            yield return child;
        }

        if (End is { } end)
        {
            yield return end.LessThanSlash;
            yield return end.Name;
            yield return end.GreaterThan;
        }
    }

    internal readonly record struct StartTag(SyntaxToken LessThan, SyntaxToken Name, IReadOnlyList<TomcatAttribute> Attributes, SyntaxToken Close);

    /// <summary>The tokens of <c>&lt;/Name&gt;</c>.</summary>
    public readonly record struct EndTag(SyntaxToken LessThanSlash, SyntaxToken Name, SyntaxToken GreaterThan);
}
