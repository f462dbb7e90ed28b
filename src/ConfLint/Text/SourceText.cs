using System.Text;

namespace ConfLint.Text;

/// <summary>
/// The text of one configuration file, with the means to write back the exact bytes it came from.
/// Valid UTF-8 (with or without a byte-order mark, which is kept as U+FEFF) is decoded as UTF-8;
/// anything else is decoded byte for byte as ISO-8859-1, so that no input byte is ever lost.
/// </summary>
public sealed class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private int[]? _lineStarts;
    private string? _preferredNewLine;

    public SourceText(string path, string text, Encoding? encoding = null)
        : this(FileId.Named(path), text, encoding)
    {
    }

    public SourceText(FileId file, string text, Encoding? encoding = null)
    {
        File = file;
        Text = text;
        Encoding = encoding ?? StrictUtf8;
    }

    /// <summary>The file this text is of.</summary>
    public FileId File { get; }

    /// <summary>The path shown to users: relative to <c>--root</c> when given, otherwise as named.</summary>
    public string Path => File.Display;

    public string Text { get; }

    /// <summary>UTF-8 (strict, no BOM emitted beyond the U+FEFF kept in <see cref="Text"/>) or ISO-8859-1.</summary>
    public Encoding Encoding { get; }

    public int Length => Text.Length;

    public char this[int index] => Text[index];

    public static SourceText FromBytes(string path, byte[] bytes) => FromBytes(path, bytes.AsSpan());

    public static SourceText FromBytes(string path, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new SourceText(path, StrictUtf8.GetString(bytes), StrictUtf8);
        }
        catch (DecoderFallbackException)
        {
            return new SourceText(path, Encoding.Latin1.GetString(bytes), Encoding.Latin1);
        }
    }

    private const int PooledFileSize = 1 << 20;

    /// <summary>Reads a file through a pooled buffer (a large one through its own): only the decoded text stays.</summary>
    public static SourceText FromStream(string path, Stream stream, long length)
    {
        if (length > int.MaxValue / 2)
        {
            throw new IOException($"{path} is larger than ConfLint reads ({length} bytes)");
        }

        // The pool keeps what it is given back: a large file's buffer would stay for the whole run, so only small
        // files (nearly all of them) go through it.
        var pooled = length <= PooledFileSize;
        var buffer = pooled ? System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1)) : new byte[length];
        try
        {
            var read = 0;
            while (read < length)
            {
                var n = stream.Read(buffer, read, (int)length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return FromBytes(path, buffer.AsSpan(0, read));
        }
        finally
        {
            if (pooled)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>The same text, known as <paramref name="file"/>.</summary>
    public SourceText WithFile(FileId file) => new(file, Text, Encoding) { _lineStarts = _lineStarts };

    public byte[] GetBytes() => Encoding.GetBytes(Text);

    public byte[] GetBytes(string text) => Encoding.GetBytes(text);

    public string ToString(TextSpan span) => Text.Substring(span.Start, span.Length);

    public ReadOnlySpan<char> AsSpan(TextSpan span) => Text.AsSpan(span.Start, span.Length);

    public override string ToString() => Text;

    /// <summary>Offsets at which lines start. A line ends after LF (a CR before it belongs to the line break),
    /// as nginx, Apache, PHP-FPM and systemd count lines.</summary>
    public IReadOnlyList<int> LineStarts => _lineStarts ??= LineStartsOf(Text);

    public int LineCount => LineStarts.Count;

    public LinePosition GetLinePosition(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Text.Length);
        var starts = _lineStarts ??= LineStartsOf(Text);
        var index = Array.BinarySearch(starts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return new LinePosition(index + 1, offset - starts[index] + 1);
    }

    /// <summary>The span of a 1-based line, without its line break.</summary>
    public TextSpan GetLineSpan(int line)
    {
        var starts = LineStarts;
        var start = starts[line - 1];
        var end = line < starts.Count ? starts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
        {
            end--;
        }

        return TextSpan.FromBounds(start, end);
    }

    public string GetLineText(int line) => ToString(GetLineSpan(line));

    /// <summary>The line break this file uses most: "\r\n" when CRLF lines outnumber LF lines. Counted once (every
    /// fix that inserts lines asks, and a file may have thousands of them).</summary>
    public string PreferredNewLine => _preferredNewLine ??= CountNewLines(Text);

    private static string CountNewLines(string text)
    {
        int crlf = 0, lf = 0;
        for (var index = text.IndexOf('\n'); index >= 0; index = text.IndexOf('\n', index + 1))
        {
            if (index > 0 && text[index - 1] == '\r')
            {
                crlf++;
            }
            else
            {
                lf++;
            }
        }

        return crlf > lf ? "\r\n" : "\n";
    }

    /// <summary>The offsets at which the lines of <paramref name="text"/> start: 0, and each one after an LF.</summary>
    public static int[] LineStartsOf(string text)
    {
        // Counted first (a vectorized pass), so the array is made once at its size: no list grown and copied.
        var starts = new int[text.AsSpan().Count('\n') + 1];
        var position = 0;
        for (var line = 1; line < starts.Length; line++)
        {
            position += text.AsSpan(position).IndexOf('\n') + 1;
            starts[line] = position;
        }

        return starts;
    }
}
