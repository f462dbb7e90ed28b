using System.Text.Json;

namespace ConfLint.Syntax.Json;

// Placeholder until the Systemd grammar lands: it is replaced, not extended.
public sealed class SystemdJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree) =>
        throw new NotSupportedException("the Systemd grammar is not written yet");
}
