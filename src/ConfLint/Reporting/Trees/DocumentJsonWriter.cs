using System.Text.Json;
using ConfLint.Syntax;
using ConfLint.Syntax.Documents;

namespace ConfLint.Reporting.Trees;

/// <summary>A file read by its format's own reader (Compose, PM2): its runs of text, <c>{"text": "...", "line": N}</c>,
/// and its comments; what they mean is the format's reader's, not the tree's.</summary>
public sealed class DocumentJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree)
    {
        var file = (DocumentFile)tree.Root;
        var path = tree.Source.Path;
        var marker = tree.Kind == ConfigKind.Pm2 && !path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
        writer.WriteStartArray();
        foreach (var run in file.Runs)
        {
            WriteComments(writer, tree, run.LeadingTrivia, marker);
            writer.WriteStartObject();
            writer.WriteString("text", run.Text);
            writer.WriteNumber("line", run.Position.Line);
            writer.WriteEndObject();
            WriteComments(writer, tree, run.TrailingTrivia, marker);
        }

        WriteComments(writer, tree, file.EndOfFile.LeadingTrivia, marker);
        writer.WriteEndArray();
    }
}
