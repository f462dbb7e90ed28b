using System.Text.Json;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Reporting.Trees;

/// <summary>
/// Unit files as an array: sections as <c>{"section": "Service", "line": N, "entries": [...]}</c>, assignments
/// as <c>{"key": "ExecStart", "line": N, "value": "..."}</c> with the logical value (continued lines joined,
/// quotes kept; <c>""</c> for an empty assignment), comments as <c>{"comment": "text after # or ;", "line": N}</c>.
/// Assignments before the first section are listed at the top. A comment is listed where it stands: the
/// comments before a section header are listed before the section, the comments inside a section before the
/// assignment they precede, and the comment lines inside a continued assignment after it.
/// </summary>
public sealed class SystemdJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree)
    {
        var file = (SystemdUnitFile)tree.Root;
        writer.WriteStartArray();
        WriteEntries(writer, tree, file.Entries);
        foreach (var section in file.Sections)
        {
            WriteComments(writer, tree, section.OpenBracket.LeadingTrivia);
            writer.WriteStartObject();
            writer.WriteString("section", section.Name);
            writer.WriteNumber("line", section.Position.Line);
            writer.WriteStartArray("entries");
            WriteInnerComments(writer, tree, section.NameToken);
            WriteInnerComments(writer, tree, section.CloseBracket);
            WriteEntries(writer, tree, section.Entries);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        WriteComments(writer, tree, file.EndOfFile.LeadingTrivia);
        writer.WriteEndArray();
    }

    private static void WriteEntries(Utf8JsonWriter writer, SyntaxTree tree, IReadOnlyList<SystemdEntry> entries)
    {
        foreach (var entry in entries)
        {
            FlushSometimes(writer);
            WriteComments(writer, tree, entry.KeyToken.LeadingTrivia);
            writer.WriteStartObject();
            writer.WriteString("key", entry.Key);
            writer.WriteNumber("line", entry.Position.Line);
            writer.WriteString("value", entry.Value);
            writer.WriteEndObject();
            WriteCommentLines(writer, tree, entry.KeyToken);
            WriteInnerComments(writer, tree, entry.EqualsToken);
            if (entry.ValueToken is { } value)
            {
                WriteInnerComments(writer, tree, value);
            }
        }
    }

    /// <summary>The comment lines that a continued line carries: in a token's leading trivia (after the first
    /// token of the line) and inside the token itself.</summary>
    private static void WriteInnerComments(Utf8JsonWriter writer, SyntaxTree tree, SyntaxToken token)
    {
        WriteComments(writer, tree, token.LeadingTrivia);
        WriteCommentLines(writer, tree, token);
    }

    private static void WriteCommentLines(Utf8JsonWriter writer, SyntaxTree tree, SyntaxToken token)
    {
        foreach (var span in SystemdText.CommentLines(token))
        {
            WriteComment(writer, tree, span);
        }
    }

    private static void WriteComments(Utf8JsonWriter writer, SyntaxTree tree, IReadOnlyList<SyntaxTrivia> trivia)
    {
        foreach (var piece in trivia)
        {
            if (piece.Kind == TriviaKind.Comment)
            {
                WriteComment(writer, tree, piece.Span);
            }
        }
    }

    private static void WriteComment(Utf8JsonWriter writer, SyntaxTree tree, TextSpan span)
    {
        writer.WriteStartObject();
        writer.WriteString("comment", tree.Source.Text.AsSpan(span.Start + 1, span.Length - 1));
        writer.WriteNumber("line", LineOf(tree, span.Start));
        writer.WriteEndObject();
    }
}
