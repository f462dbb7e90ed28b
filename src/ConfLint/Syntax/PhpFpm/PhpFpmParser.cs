using ConfLint.Syntax.Parsing;
using ConfLint.Text;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>Parses PHP-FPM configuration files (<c>php-fpm.conf</c>, <c>pool.d/*.conf</c>).</summary>
public static class PhpFpmParser
{
    public static ParseResult Parse(SourceText source, ParseOptions? options = null)
    {
        var tree = new SyntaxTree(source, ConfigKind.PhpFpm, PhpFpmText.DecodeValue);
        var context = new ParseContext(tree, (options ?? ParseOptions.Default).MaxDepth);
        return GrammarRunner.Run(context, PhpFpmGrammar.File);
    }
}
