using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConfLint.Reporting;

/// <summary>How every JSON output is written: indented, and with non-ASCII text and HTML-sensitive characters as they are.</summary>
public static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };

    /// <summary>Above this many bytes waiting, <see cref="FlushIfFull"/> hands them to the output.</summary>
    private const int FlushAt = 32 * 1024;

    /// <summary>What <paramref name="write"/> writes, as text with a final line break.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var text = new StringWriter();
        Write(text, write);
        return text.ToString();
    }

    /// <summary>
    /// Writes what <paramref name="write"/> writes to <paramref name="output"/>, with a final line break, as it goes:
    /// a report of thousands of findings is not held whole in memory three times over (bytes, their copy, the text).
    /// A writer that writes many items calls <see cref="FlushIfFull"/> after each.
    /// </summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        // A writer of UTF-8 without a byte-order mark over a stream (the command line's standard output): the bytes
        // go to that stream as they are, not decoded to text and encoded again.
        if (output is StreamWriter { Encoding: UTF8Encoding encoding } direct && encoding.Preamble.Length == 0)
        {
            direct.Flush();
            Write(direct.BaseStream, write);
            return;
        }

        using var stream = new TextWriterStream(output);
        Write(stream, write);
    }

    private static void Write(Stream stream, Action<Utf8JsonWriter> write)
    {
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        stream.WriteByte((byte)'\n');
        stream.Flush();
    }

    /// <summary>Hands the bytes written so far to the output once they are many.</summary>
    public static void FlushIfFull(Utf8JsonWriter writer)
    {
        if (writer.BytesPending > FlushAt)
        {
            writer.Flush();
        }
    }

    /// <summary>A write-only stream that decodes UTF-8 into a <see cref="TextWriter"/>, in small pieces.</summary>
    private sealed class TextWriterStream(TextWriter output) : Stream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
        private readonly char[] _chars = new char[8192];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => Decode(buffer, flush: false);

        public override void Flush() => Decode([], flush: true);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Decode(ReadOnlySpan<byte> bytes, bool flush)
        {
            var completed = false;
            while (!completed)
            {
                _decoder.Convert(bytes, _chars, flush, out var used, out var written, out completed);
                output.Write(_chars, 0, written);
                bytes = bytes[used..];
            }
        }
    }
}
