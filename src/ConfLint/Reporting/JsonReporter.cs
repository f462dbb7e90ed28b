using System.Text.Encodings.Web;
using System.Text.Json;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Syntax;

namespace ConfLint.Reporting;

/// <summary>The contract's JSON: one object with <c>version</c>, <c>files</c> and <c>diagnostics</c>.</summary>
public static class JsonReporter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Stream stream, LintResult result)
    {
        using var writer = new Utf8JsonWriter(stream, Options);
        writer.WriteStartObject();
        writer.WriteNumber("version", 1);
        writer.WriteStartArray("files");
        foreach (var file in result.Files.OrderBy(f => f.DisplayPath, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("path", file.DisplayPath);
            writer.WriteString("kind", file.Kind.Name());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("diagnostics");
        foreach (var diagnostic in result.Diagnostics)
        {
            WriteDiagnostic(writer, diagnostic);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteDiagnostic(Utf8JsonWriter writer, Diagnostic diagnostic)
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
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("fix");
        }

        writer.WriteEndObject();
    }
}
