using ConfLint.Syntax.Parsing;
using ConfLint.Text;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// Parses PHP-FPM configuration files (<c>php-fpm.conf</c>, <c>pool.d/*.conf</c>) as php-fpm 8.2 reads them (see
/// <see cref="PhpFpmLexer"/>, <see cref="PhpFpmValueReader"/>, <see cref="PhpFpmScanner"/>). Checked line by line
/// against PHP 8.2's own INI parser and <c>php-fpm8.2 -t</c>: what FPM refuses to load is an error here, and values
/// read the same. This parser is stricter in three places, each a mistake FPM lets pass: an empty section name
/// (<c>[]</c>, a pool named ""), an unclosed <c>'</c> after the start of a value (PHP silently drops the rest of the
/// line), and a NUL byte (FPM silently drops the rest of the line).
/// </summary>
public static class PhpFpmParser
{
    public static ParseResult Parse(SourceText source, ParseOptions? options = null)
    {
        var tree = new SyntaxTree(source, ConfigKind.PhpFpm, PhpFpmText.DecodeValue);
        var context = new ParseContext(tree, (options ?? ParseOptions.Default).MaxDepth);
        return GrammarRunner.Run(context, PhpFpmGrammar.File);
    }
}
