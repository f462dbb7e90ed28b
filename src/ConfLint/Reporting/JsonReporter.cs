using System.Text.Json;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Reporting;

/// <summary>The contract's JSON: one object with <c>version</c>, <c>root</c> (the <c>--root</c> as given, when given), <c>files</c>
/// and <c>diagnostics</c> (paths relative to the root), each fix with its edits.</summary>
public sealed class JsonReporter(ReportSettings settings) : IReporter
{
    public void Write(TextWriter writer, LintResult result)
    {
        var sources = result.Files.Where(f => f.Source is not null).GroupBy(f => f.Id).ToDictionary(g => g.Key, g => g.First().Source!);
        JsonOutput.Write(writer, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            if (settings.Root is { } root)
            {
                json.WriteString("root", root);
            }

            json.WriteStartArray("files");
            foreach (var file in result.Files.OrderBy(f => f.DisplayPath, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("path", file.DisplayPath);
                json.WriteString("kind", file.Kind.Name());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("diagnostics");
            foreach (var diagnostic in result.Diagnostics)
            {
                WriteDiagnostic(json, diagnostic, sources);
                JsonOutput.FlushIfFull(json);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static void WriteDiagnostic(Utf8JsonWriter writer, Diagnostic diagnostic, IReadOnlyDictionary<FileId, SourceText> sources)
    {
        var location = diagnostic.Location;
        writer.WriteStartObject();
        writer.WriteString("code", diagnostic.Code);
        writer.WriteString("rule", diagnostic.Rule);
        writer.WriteString("severity", diagnostic.Severity.Name());
        writer.WriteString("path", location.Path);
        writer.WriteNumber("line", location.Start.Line);
        writer.WriteNumber("column", location.Start.Column);
        writer.WriteNumber("endLine", location.End.Line);
        writer.WriteNumber("endColumn", location.End.Column);
        writer.WriteString("message", diagnostic.Message);
        writer.WriteStartArray("related");
        foreach (var related in diagnostic.Related)
        {
            writer.WriteStartObject();
            writer.WriteString("path", related.Location.Path);
            writer.WriteNumber("line", related.Location.Start.Line);
            writer.WriteNumber("column", related.Location.Start.Column);
            writer.WriteString("message", related.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (diagnostic.Fix is { } fix)
        {
            writer.WriteStartObject("fix");
            writer.WriteString("applicability", fix.Applicability.Name());
            writer.WriteString("description", fix.Title);
            writer.WriteStartArray("edits");
            foreach (var edit in fix.Edits)
            {
                WriteEdit(writer, edit, sources.GetValueOrDefault(edit.File) ?? SourceNamed(diagnostic, edit.File));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("fix");
        }

        writer.WriteEndObject();
    }

    /// <summary>The text of a file the finding points into that is no configuration file of the run (a back end's own file,
    /// <c>/etc/default/pveproxy</c>), for the ranges of an edit of it; null when it points elsewhere.</summary>
    private static SourceText? SourceNamed(Diagnostic diagnostic, FileId file) =>
        diagnostic.Related.Select(r => r.Location).Prepend(diagnostic.Location).FirstOrDefault(l => l.File == file && l.Source is not null)?.Source;

    /// <summary>An edit as a range of the file as it is, 1-based and end-exclusive like the diagnostics' ranges; a created
    /// file as its whole content at 1:1.</summary>
    private static void WriteEdit(Utf8JsonWriter writer, FileEdit edit, SourceText? source)
    {
        var start = edit.CreatesFile || source is null ? new LinePosition(1, 1) : source.GetLinePosition(edit.Edit.Span.Start);
        var end = edit.CreatesFile || source is null ? new LinePosition(1, 1) : source.GetLinePosition(edit.Edit.Span.End);
        writer.WriteStartObject();
        writer.WriteString("path", edit.File.Display);
        writer.WriteNumber("line", start.Line);
        writer.WriteNumber("column", start.Column);
        writer.WriteNumber("endLine", end.Line);
        writer.WriteNumber("endColumn", end.Column);
        writer.WriteString("content", edit.Edit.NewText);
        writer.WriteEndObject();
    }
}
