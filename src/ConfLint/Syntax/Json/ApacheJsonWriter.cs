using System.Text.Json;

namespace ConfLint.Syntax.Json;

// Placeholder until the Apache grammar lands: it is replaced, not extended.
public sealed class ApacheJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree) =>
        throw new NotSupportedException("the Apache grammar is not written yet");
}
