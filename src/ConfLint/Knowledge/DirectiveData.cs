namespace ConfLint.Knowledge;

/// <summary>Reads a table of <c>data/directives/</c> (compiled in by <see cref="EmbeddedTables"/>).</summary>
internal static class DirectiveData
{
    /// <summary>The table's bytes (UTF-8), for the parsers that read it without decoding it whole.</summary>
    public static ReadOnlySpan<byte> Bytes(string name) => EmbeddedTables.Get("directives/" + name);

    /// <summary>The table's lines that are not comments or blank.</summary>
    public static List<string> Lines(string name) => EmbeddedTables.Lines("directives/" + name);
}
