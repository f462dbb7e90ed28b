using System.Text.Json;
using ConfLint.Catalog;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Text;

namespace ConfLint.Reporting;

/// <summary>
/// SARIF 2.1.0, for code-scanning dashboards: one run; every rule with its help (the markdown of its page) and
/// <c>helpUri</c>; one result per finding with its related places and a <c>partialFingerprints</c> entry. Paths are
/// relative URIs (percent-encoded) against <c>%SRCROOT%</c>, the folder <see cref="ReportSettings.BaseFolder"/>.
/// Messages show the tree's control and bidirectional characters as the text report does (<see cref="TerminalText"/>):
/// a dashboard decodes JSON's escapes back into them.
/// </summary>
public sealed class SarifReporter(ReportSettings settings) : IReporter
{
    public const string BaseId = "%SRCROOT%";

    public void Write(TextWriter output, LintResult result) => JsonOutput.Write(output, writer => Write(writer, result));

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
        writer.WriteString("version", settings.Version);
        writer.WriteString("informationUri", RuleDocs.RepositoryUrl);
        writer.WriteStartArray("rules");
        var rules = RuleCatalog.Rules;
        foreach (var rule in rules)
        {
            WriteRule(writer, rule);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        if (settings.BaseFolder is { } baseFolder)
        {
            writer.WriteStartObject("originalUriBaseIds");
            writer.WriteStartObject(BaseId);
            writer.WriteString("uri", FileUri(baseFolder.TrimEnd('/') + "/"));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteStartArray("results");
        var fingerprints = Fingerprints.Of(result.Diagnostics, settings.Display);
        for (var i = 0; i < result.Diagnostics.Count; i++)
        {
            var diagnostic = result.Diagnostics[i];
            writer.WriteStartObject();
            writer.WriteString("ruleId", diagnostic.Code);
            var index = IndexOf(rules, diagnostic.Code);
            if (index >= 0)
            {
                writer.WriteNumber("ruleIndex", index);
            }

            writer.WriteString("level", Level(diagnostic.Severity));
            writer.WriteStartObject("message");
            writer.WriteString("text", TerminalText.Escape(diagnostic.Message));
            writer.WriteEndObject();
            writer.WriteStartArray("locations");
            WriteLocation(writer, diagnostic.Location, null, null);
            writer.WriteEndArray();
            if (diagnostic.Related.Count > 0)
            {
                writer.WriteStartArray("relatedLocations");
                for (var r = 0; r < diagnostic.Related.Count; r++)
                {
                    WriteLocation(writer, diagnostic.Related[r].Location, diagnostic.Related[r].Message, r + 1);
                }

                writer.WriteEndArray();
            }

            writer.WriteStartObject("partialFingerprints");
            writer.WriteString("conflint/v1", fingerprints[i]);
            writer.WriteEndObject();
            if (diagnostic.Fix is { } fix)
            {
                writer.WriteStartObject("properties");
                writer.WriteString("fix", TerminalText.Escape(fix.Title));
                writer.WriteString("applicability", fix.Applicability.Name());
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            JsonOutput.FlushIfFull(writer);
        }

        writer.WriteEndArray();
        writer.WriteString("columnKind", "utf16CodeUnits");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter writer, RuleMetadata rule)
    {
        writer.WriteStartObject();
        writer.WriteString("id", rule.Code);
        writer.WriteString("name", rule.Slug);
        writer.WriteStartObject("shortDescription");
        writer.WriteString("text", rule.Title);
        writer.WriteEndObject();
        writer.WriteStartObject("fullDescription");
        writer.WriteString("text", Flow(rule.Summary));
        writer.WriteEndObject();
        writer.WriteStartObject("help");
        writer.WriteString("text", $"{Flow(rule.Summary)} {RuleDocs.Url(rule)}");
        writer.WriteString("markdown", RuleDocs.Markdown(rule));
        writer.WriteEndObject();
        writer.WriteString("helpUri", RuleDocs.Url(rule));
        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", Level(rule.DefaultSeverity));
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        writer.WriteStartArray("tags");
        writer.WriteStringValue("502");
        writer.WriteStringValue("configuration");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteLocation(Utf8JsonWriter writer, Location location, string? message, int? id)
    {
        writer.WriteStartObject();
        if (id is { } number)
        {
            writer.WriteNumber("id", number);
        }

        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        var path = settings.Display(location.Path);
        if (path.StartsWith('/'))
        {
            writer.WriteString("uri", FileUri(path));
        }
        else
        {
            writer.WriteString("uri", RelativeUri(path));
            writer.WriteString("uriBaseId", BaseId);
        }

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
            writer.WriteString("text", TerminalText.Escape(message));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>A relative path as a URI reference: each segment percent-encoded (RFC 3986), the slashes kept.</summary>
    public static string RelativeUri(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>An absolute path as a <c>file://</c> URI.</summary>
    public static string FileUri(string absolutePath) => "file://" + RelativeUri(absolutePath);

    private static int IndexOf(IReadOnlyList<RuleMetadata> rules, string code)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Code == code)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Flow(string text) => string.Join(' ', text.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
