using System.Text.Json;
using ConfLint.Syntax;
using ConfLint.Syntax.Supervisor;

namespace ConfLint.Reporting.Trees;

/// <summary>supervisord files as an array of sections, <c>{"section": "program:app", "line": N, "entries": [{"key": "command",
/// "line": N, "value": "..."}]}</c>, values as supervisord reads them (continuation lines joined, comments left out).</summary>
public sealed class SupervisorJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree)
    {
        var file = (SupervisorConfigFile)tree.Root;
        writer.WriteStartArray();
        foreach (var section in file.Sections)
        {
            writer.WriteStartObject();
            writer.WriteString("section", section.Name);
            writer.WriteNumber("line", section.Position.Line);
            writer.WriteStartArray("entries");
            foreach (var entry in section.Entries)
            {
                writer.WriteStartObject();
                writer.WriteString("key", entry.Key);
                writer.WriteNumber("line", entry.Position.Line);
                writer.WriteString("value", entry.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
