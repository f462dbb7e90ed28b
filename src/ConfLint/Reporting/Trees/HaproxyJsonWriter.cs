using System.Text.Json;
using ConfLint.Syntax;
using ConfLint.Syntax.Haproxy;

namespace ConfLint.Reporting.Trees;

/// <summary>
/// HAProxy trees in the shape of the nginx ones: an array of <c>{"directive", "line", "args"}</c>, one per line; a
/// section is <c>{"directive": "backend", "line", "args": ["app"], "block": [...]}</c> holding the lines up to the next
/// section; comments are <c>{"directive": "#", "line", "args": [], "comment"}</c>. <c>args</c> are the words
/// <c>parse_line</c> reads (quotes removed, escapes resolved, environment variables kept as written); a
/// <c>no</c> or <c>default</c> modifier is the directive (<c>no option httplog</c> gives <c>"no"</c> and
/// <c>["option", "httplog"]</c>), as HAProxy's own split of the line has it.
/// </summary>
public sealed class HaproxyJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree)
    {
        var file = (HaproxyConfigFile)tree.Root;
        writer.WriteStartArray();
        WriteLines(writer, tree, file.Lines);
        foreach (var section in file.Sections)
        {
            WriteComments(writer, tree, section.Header.KeywordToken.LeadingTrivia);
            writer.WriteStartObject();
            WriteHead(writer, section.Header);
            writer.WriteStartArray("block");
            WriteTrailing(writer, tree, section.Header);
            WriteLines(writer, tree, section.Lines);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        WriteComments(writer, tree, file.EndOfFile.LeadingTrivia);
        writer.WriteEndArray();
    }

    private static void WriteLines(Utf8JsonWriter writer, SyntaxTree tree, IReadOnlyList<HaproxyLine> lines)
    {
        foreach (var line in lines)
        {
            WriteComments(writer, tree, line.KeywordToken.LeadingTrivia);
            writer.WriteStartObject();
            WriteHead(writer, line);
            writer.WriteEndObject();
            WriteTrailing(writer, tree, line);
        }
    }

    private static void WriteHead(Utf8JsonWriter writer, HaproxyLine line)
    {
        writer.WriteString("directive", line.Name);
        writer.WriteNumber("line", line.Position.Line);
        writer.WriteStartArray("args");
        foreach (var arg in line.Args)
        {
            writer.WriteStringValue(arg);
        }

        writer.WriteEndArray();
    }

    /// <summary>The comment at the end of a line; text HAProxy ignores after a CR is not a comment.</summary>
    private static void WriteTrailing(Utf8JsonWriter writer, SyntaxTree tree, HaproxyLine line) =>
        WriteComments(writer, tree, line.LastToken.TrailingTrivia.Where(t => tree.Source.Text[t.Span.Start] == '#'));
}
