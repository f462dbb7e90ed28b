using System.Text.Json;
using System.Text.RegularExpressions;
using ConfLint.Syntax;
using ConfLint.Syntax.Tomcat;

namespace ConfLint.Reporting.Trees;

/// <summary>
/// server.xml in the shape of the other trees: an array of <c>{"directive": "Server", "line", "args": [],
/// "attributes": {...}, "block": [...]}</c>, one per element (<c>block</c> for an element that is not empty), with the
/// attributes' values as an XML parser reads them; comments are <c>{"directive": "#", "line", "args": [], "comment"}</c>
/// where they stand.
/// </summary>
public sealed partial class TomcatJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree)
    {
        var file = (TomcatXmlFile)tree.Root;
        writer.WriteStartArray();
        if (file.Root is { } root)
        {
            WriteElement(writer, tree, root);
        }

        Comments(writer, tree, file.EndOfFile);
        writer.WriteEndArray();
    }

    private static void WriteElement(Utf8JsonWriter writer, SyntaxTree tree, TomcatElement element)
    {
        Comments(writer, tree, element.LessThanToken);
        writer.WriteStartObject();
        writer.WriteString("directive", element.Name);
        writer.WriteNumber("line", element.Position.Line);
        writer.WriteStartArray("args");
        writer.WriteEndArray();
        writer.WriteStartObject("attributes");
        foreach (var attribute in element.Attributes)
        {
            writer.WriteString(attribute.Name, attribute.Value);
        }

        writer.WriteEndObject();
        if (element.End is { } end)
        {
            writer.WriteStartArray("block");
            foreach (var child in element.Children)
            {
                WriteElement(writer, tree, child);
            }

            Comments(writer, tree, end.LessThanSlash);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>The XML comments in the text before <paramref name="token"/>.</summary>
    private static void Comments(Utf8JsonWriter writer, SyntaxTree tree, SyntaxToken token)
    {
        var text = tree.Source.Text;
        foreach (Match match in Comment().Matches(text[token.FullStart..token.Start]))
        {
            writer.WriteStartObject();
            writer.WriteString("directive", "#");
            writer.WriteNumber("line", LineOf(tree, token.FullStart + match.Index));
            writer.WriteStartArray("args");
            writer.WriteEndArray();
            writer.WriteString("comment", match.Groups[1].Value);
            writer.WriteEndObject();
        }
    }

    [GeneratedRegex("<!--(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
