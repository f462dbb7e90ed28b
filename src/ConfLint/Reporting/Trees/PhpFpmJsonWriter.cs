using System.Text.Json;
using ConfLint.Syntax;
using ConfLint.Syntax.PhpFpm;

namespace ConfLint.Reporting.Trees;

/// <summary>
/// PHP-FPM trees as an array: entries before the first section as <c>{"key", "line", "value"}</c>, then sections as
/// <c>{"section", "line", "entries": [...]}</c>, comments as <c>{"comment": "text after ;", "line"}</c>. A comment
/// sits where FPM stands when it reads it: in the section that is open there (so comments before <c>[www]</c> end
/// the previous section's list, or stand at the top before the first section); a comment after an entry or a
/// section header on its line follows that entry or opens that section's list.
/// <c>key</c> is the key as FPM reads it (<c>php_admin_value[memory_limit]</c>); <c>value</c> the value with quotes
/// removed (empty when absent).
/// </summary>
public sealed class PhpFpmJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree)
    {
        var file = (PhpFpmConfigFile)tree.Root;
        var sections = file.Sections;
        writer.WriteStartArray();
        WriteEntries(writer, tree, file.Entries);
        WriteIniComments(writer, tree, sections.Count > 0 ? sections[0].OpenBracket.LeadingTrivia : file.EndOfFile.LeadingTrivia);
        for (var i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            writer.WriteStartObject();
            writer.WriteString("section", section.Name);
            writer.WriteNumber("line", section.Position.Line);
            writer.WriteStartArray("entries");
            WriteIniComments(writer, tree, section.CloseBracket.TrailingTrivia);
            WriteEntries(writer, tree, section.Entries);
            WriteIniComments(writer, tree, i + 1 < sections.Count ? sections[i + 1].OpenBracket.LeadingTrivia : file.EndOfFile.LeadingTrivia);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteEntries(Utf8JsonWriter writer, SyntaxTree tree, IReadOnlyList<PhpFpmEntry> entries)
    {
        foreach (var entry in entries)
        {
            FlushSometimes(writer);
            WriteIniComments(writer, tree, entry.KeyToken.LeadingTrivia);
            writer.WriteStartObject();
            writer.WriteString("key", entry.Key);
            writer.WriteNumber("line", entry.Position.Line);
            writer.WriteString("value", entry.Value);
            writer.WriteEndObject();
            WriteIniComments(writer, tree, entry.LastToken.TrailingTrivia);
        }
    }

    /// <summary>Writes <c>{"comment": "...", "line": N}</c> for each comment: the text after the <c>;</c>.</summary>
    private static void WriteIniComments(Utf8JsonWriter writer, SyntaxTree tree, IEnumerable<SyntaxTrivia> trivia)
    {
        foreach (var piece in trivia)
        {
            if (piece.Kind != TriviaKind.Comment)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("comment", tree.Source.Text.AsSpan(piece.Span.Start + 1, piece.Span.Length - 1));
            writer.WriteNumber("line", LineOf(tree, piece.Span.Start));
            writer.WriteEndObject();
        }
    }
}
