using System.Text.Json;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Catalog;

namespace ConfLint.Reporting;

/// <summary>SARIF 2.1.0, for code-scanning dashboards: one run, the rules that fired, one result per finding.</summary>
public sealed class SarifReporter(string version) : IReporter
{
    public void Write(TextWriter output, LintResult result) => output.Write(JsonOutput.Write(writer => Write(writer, result)));

    private void Write(Utf8JsonWriter writer, LintResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "ConfLint");
        writer.WriteString("version", version);
        writer.WriteStartArray("rules");
        foreach (var rule in RuleCatalog.Rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Code);
            writer.WriteString("name", rule.Slug);
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", rule.Title);
            writer.WriteEndObject();
            writer.WriteStartObject("fullDescription");
            writer.WriteString("text", rule.Summary);
            writer.WriteEndObject();
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", Level(rule.DefaultSeverity));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("results");
        foreach (var diagnostic in result.Diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", diagnostic.Code);
            writer.WriteString("level", Level(diagnostic.Severity));
            writer.WriteStartObject("message");
            writer.WriteString("text", diagnostic.Message);
            writer.WriteEndObject();
            writer.WriteStartArray("locations");
            WriteLocation(writer, diagnostic.Location, null);
            writer.WriteEndArray();
            writer.WriteStartArray("relatedLocations");
            foreach (var related in diagnostic.Related)
            {
                WriteLocation(writer, related.Location, related.Message);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter writer, Location location, string? message)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        writer.WriteString("uri", location.Path);
        writer.WriteEndObject();
        writer.WriteStartObject("region");
        writer.WriteNumber("startLine", location.Start.Line);
        writer.WriteNumber("startColumn", location.Start.Column);
        writer.WriteNumber("endLine", location.End.Line);
        writer.WriteNumber("endColumn", location.End.Column);
        writer.WriteEndObject();
        writer.WriteEndObject();
        if (message is not null)
        {
            writer.WriteStartObject("message");
            writer.WriteString("text", message);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
