namespace ConfLint.Syntax.Apache;

/// <summary>
/// A directive or a section of an Apache configuration: a name and its arguments, in the order httpd
/// builds its tree (server/config.c, <c>ap_build_config</c>). Names are case-insensitive in httpd:
/// <see cref="Name"/> keeps them as written; compare with <see cref="IsNamed"/>.
/// </summary>
public abstract class ApacheItem : SyntaxNode
{
    private IReadOnlyList<string>? _args;

    private protected ApacheItem(SyntaxTree tree, SyntaxToken name, TokenList arguments)
        : base(tree)
    {
        NameToken = name;
        Arguments = arguments;
    }

    public SyntaxToken NameToken { get; }

    /// <summary>The name as written (a section's without its <c>&lt;</c>), quotes and continuations resolved.</summary>
    public string Name => NameToken.Value;

    public TokenList Arguments { get; }

    /// <summary>The arguments' values, as <c>ap_getword_conf</c> reads them; <c>${VAR}</c> is not expanded.</summary>
    public IReadOnlyList<string> Args => _args ??= Arguments.Select(a => a.Value).ToArray();

    /// <summary>The section that holds this item, or null at the top of a file.</summary>
    public ApacheSection? ParentSection => Parent as ApacheSection;

    /// <summary>Whether the name is <paramref name="name"/>, ignoring case as httpd does.</summary>
    public bool IsNamed(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The name and arguments as written, one space apart: for messages.</summary>
    public string Signature => SyntaxTree.Join(Arguments.Prepend(NameToken));

    /// <summary>The items of <paramref name="items"/> and of every section among them, depth first, in document order.</summary>
    internal static IEnumerable<ApacheItem> Descendants(IReadOnlyList<ApacheItem> items)
    {
        var stack = new Stack<(IReadOnlyList<ApacheItem> Items, int Index)>();
        stack.Push((items, 0));
        while (stack.Count > 0)
        {
            var (list, index) = stack.Pop();
            if (index >= list.Count)
            {
                continue;
            }

            var item = list[index];
            stack.Push((list, index + 1));
            yield return item;
            if (item is ApacheSection section)
            {
                stack.Push((section.Items, 0));
            }
        }
    }
}
