using ConfLint.Syntax.Parsing;
using ConfLint.Syntax.Pm2;

namespace ConfLint.Syntax.Documents;

/// <summary>
/// A PM2 ecosystem file as a document: YAML (<c>.yml</c>, <c>.yaml</c>) checked by YamlDotNet; JavaScript and JSON
/// scanned for their comments only. A JavaScript file is never a syntax error here: ConfLint does not run it and
/// cannot tell what Node would refuse; what it cannot read as a literal is unknown (<see cref="JsLiteralReader"/>).
/// </summary>
internal static class Pm2DocumentSyntax
{
    public static ParseResult Parse(ParseContext context)
    {
        var path = context.Source.Path;
        if (path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
        {
            return YamlDocumentSyntax.Parse(context);
        }

        return DocumentBuilder.Build(context, JsLiteralReader.Comments(context.Text));
    }
}
