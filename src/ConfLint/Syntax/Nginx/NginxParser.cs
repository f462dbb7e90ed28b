using ConfLint.Syntax.Parsing;
using ConfLint.Text;

namespace ConfLint.Syntax.Nginx;

public static class NginxParser
{
    public static ParseResult Parse(SourceText source, ParseOptions? options = null)
    {
        var tree = new SyntaxTree(source, ConfigKind.Nginx, NginxText.DecodeValue);
        var context = new ParseContext(tree, (options ?? ParseOptions.Default).MaxDepth);
        return GrammarRunner.Run(context, NginxGrammar.File);
    }
}
