using System.Text.Json;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;

namespace ConfLint.Reporting.Trees;

/// <summary>
/// Apache trees in the shape of the nginx ones: an array of <c>{"directive", "line", "args"}</c>; a section
/// is <c>{"directive": "VirtualHost", "line", "args", "block": [...]}</c> (its name without <c>&lt;</c>);
/// comments are <c>{"directive": "#", "line", "args": [], "comment"}</c>. <c>args</c> are the values
/// <c>ap_getword_conf</c> reads, <c>${VAR}</c> unexpanded; <c>line</c> is where the item starts (httpd
/// itself reports a continued line by its last physical line). A <c>#</c> comment that httpd ignores after
/// a section tag's <c>&gt;</c> is listed where it stands: first in the block, or after the section.
/// </summary>
public sealed class ApacheJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree)
    {
        var file = (ApacheConfigFile)tree.Root;
        writer.WriteStartArray();
        WriteItems(writer, tree, file.Items, file.EndOfFile);
        writer.WriteEndArray();
    }

    private static void WriteItems(Utf8JsonWriter writer, SyntaxTree tree, IReadOnlyList<ApacheItem> items, SyntaxToken closing)
    {
        foreach (var item in items)
        {
            FlushSometimes(writer);
            Comments(writer, tree, item.FirstToken.LeadingTrivia);
            writer.WriteStartObject();
            writer.WriteString("directive", item.Name);
            writer.WriteNumber("line", item.Position.Line);
            writer.WriteStartArray("args");
            foreach (var arg in item.Args)
            {
                writer.WriteStringValue(arg);
            }

            writer.WriteEndArray();
            if (item is ApacheSection section)
            {
                writer.WriteStartArray("block");
                Comments(writer, tree, section.GreaterThanToken.TrailingTrivia);
                WriteItems(writer, tree, section.Items, section.LessThanSlashToken);
                writer.WriteEndArray();
                writer.WriteEndObject();
                Comments(writer, tree, section.CloseGreaterThanToken.TrailingTrivia);
            }
            else
            {
                writer.WriteEndObject();
            }
        }

        Comments(writer, tree, closing.LeadingTrivia);
    }

    /// <summary>The <c>#</c> comments among <paramref name="trivia"/>; other text httpd ignores is not a comment.</summary>
    private static void Comments(Utf8JsonWriter writer, SyntaxTree tree, IReadOnlyList<SyntaxTrivia> trivia)
    {
        if (trivia.Count > 0)
        {
            WriteComments(writer, tree, trivia.Where(t => tree.Source.Text[t.Span.Start] == '#'));
        }
    }
}
