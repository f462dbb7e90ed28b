using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;

namespace ConfLint.Workspace;

/// <summary>Finds the include directives of a parsed file, with each daemon's rules for resolving them.</summary>
public static class IncludeFinder
{
    /// <param name="tree">The parsed file.</param>
    /// <param name="prefix">The daemon's folder for relative paths: nginx's conf prefix, Apache's ServerRoot, PHP-FPM's prefix.</param>
    public static IEnumerable<IncludeRequest> Find(SyntaxTree tree, string prefix) => tree.Kind switch
    {
        ConfigKind.Nginx => FindNginx((NginxConfigFile)tree.Root, prefix),
        _ => [],
    };

    /// <summary>
    /// nginx's <c>include</c> may stand in any context. A pattern with <c>*?[</c> is a glob that may match
    /// nothing; a plain path must exist (ngx_conf_include). Relative paths are taken from the conf prefix.
    /// </summary>
    private static IEnumerable<IncludeRequest> FindNginx(NginxConfigFile file, string prefix)
    {
        var rules = new IncludeRules(prefix, MissingLiteralIsError: true, EmptyGlobIsError: false, DirectoryIncludesFiles: false);
        var stack = new Stack<IReadOnlyList<NginxDirective>>();
        stack.Push(file.Directives);
        var found = new List<IncludeRequest>();
        while (stack.Count > 0)
        {
            foreach (var directive in stack.Pop())
            {
                if (directive.Block is { } block)
                {
                    stack.Push(block.Directives);
                }
                else if (directive.Name == "include" && directive.Arguments.Count == 1)
                {
                    found.Add(new IncludeRequest(directive, directive.Arguments[0], directive.Args[0], rules));
                }
            }
        }

        return found.OrderBy(r => r.Directive.Span.Start);
    }
}
