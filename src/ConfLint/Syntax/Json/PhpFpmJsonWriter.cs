using System.Text.Json;

namespace ConfLint.Syntax.Json;

// Placeholder until the PhpFpm grammar lands: it is replaced, not extended.
public sealed class PhpFpmJsonWriter : JsonTreeWriter
{
    protected override void WriteRoot(Utf8JsonWriter writer, SyntaxTree tree) =>
        throw new NotSupportedException("the PhpFpm grammar is not written yet");
}
