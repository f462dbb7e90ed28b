using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConfLint.Reporting;

/// <summary>How every JSON output is written: indented, and with non-ASCII text and HTML-sensitive characters as they are.</summary>
public static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };

    /// <summary>What <paramref name="write"/> writes, as text with a final line break.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        stream.WriteByte((byte)'\n');
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
