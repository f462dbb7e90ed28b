using ConfLint.Syntax.Parsing;
using ConfLint.Text;

namespace ConfLint.Syntax.Systemd;

/// <summary>Parses unit files and drop-ins (<c>*.service</c>, <c>*.socket</c>, ..., <c>*.d/*.conf</c>).</summary>
public static class SystemdParser
{
    public static ParseResult Parse(SourceText source, ParseOptions? options = null)
    {
        var tree = new SyntaxTree(source, ConfigKind.Systemd, SystemdText.DecodeValue);
        var context = new ParseContext(tree, (options ?? ParseOptions.Default).MaxDepth);
        return GrammarRunner.Run(context, SystemdGrammar.File);
    }
}
