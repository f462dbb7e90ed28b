using System.Text.Json.Serialization;

namespace ConfLint.Io.Writing;

/// <summary>The journal's JSON, generated at compile time: no reflection, so the native (AOT) build reads and writes it too.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(JournalState))]
internal sealed partial class JournalJson : JsonSerializerContext;
