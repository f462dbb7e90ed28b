using System.Text;

namespace ConfLint.Text;

/// <summary>
/// The text of one configuration file, with the means to write back the exact bytes it came from.
/// Valid UTF-8 (with or without a byte-order mark, which is kept as U+FEFF) is decoded as UTF-8;
/// anything else is decoded byte for byte as ISO-8859-1, so that no input byte is ever lost.
/// Once a file is parsed and its values read, a text of ASCII alone may be kept as its bytes (<see cref="Compact"/>):
/// half the memory of the UTF-16 string, which is made again only if something asks for it.
/// </summary>
public sealed class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private int[]? _lineStarts;
    private string? _preferredNewLine;

    // One of the two is set at any time; once both are, they hold the same characters (see Text).
    private string? _text;
    private byte[]? _ascii;

    // While an ASCII nginx file is parsed: its bytes widened into a pooled buffer, which the parse reads; given back
    // when the parse is done (ReleaseParseBuffer). The file's string is then never made: on a large tree it was a
    // quarter of what the load allocated, all of it garbage once the text was kept as bytes.
    private char[]? _parseBuffer;

    public SourceText(string path, string text, Encoding? encoding = null)
        : this(FileId.Named(path), text, encoding)
    {
    }

    public SourceText(FileId file, string text, Encoding? encoding = null)
    {
        File = file;
        _text = text;
        Encoding = encoding ?? StrictUtf8;
    }

    /// <summary>The file this text is of.</summary>
    public FileId File { get; }

    /// <summary>The path shown to users: relative to <c>--root</c> when given, otherwise as named.</summary>
    public string Path => File.Display;

    /// <summary>The text. Of a compacted source it is made again from the bytes when first asked for, and kept.</summary>
    public string Text => Volatile.Read(ref _text) ?? Expand();

    /// <summary>UTF-8 (strict, no BOM emitted beyond the U+FEFF kept in <see cref="Text"/>) or ISO-8859-1.</summary>
    public Encoding Encoding { get; }

    public int Length => Volatile.Read(ref _text)?.Length ?? _ascii!.Length;

    public char this[int index] => Volatile.Read(ref _text) is { } text ? text[index] : (char)_ascii![index];

    /// <summary>For a text rendered from a template (the nginx image's envsubst of <c>/etc/nginx/templates</c>): the spans
    /// a value replaced, in order, each with the length of the placeholder it replaced. Values hold no line break, so a
    /// line of the rendered text is the same line of the template; <see cref="GetLinePosition"/> gives the template's
    /// column. Null for a file read as it is.</summary>
    public IReadOnlyList<Substitution>? Substitutions { get; init; }

    /// <summary>Keeps a text of ASCII alone as its bytes, one per character (the offsets stay the same), and lets the
    /// string go: for a file whose values are read and whose text is seldom asked for again. Nothing changes for
    /// other text.</summary>
    internal void Compact()
    {
        if (Volatile.Read(ref _text) is not { } text || _ascii is not null || !Ascii.IsValid(text))
        {
            return;
        }

        var bytes = new byte[text.Length];
        Ascii.FromUtf16(text, bytes, out _);
        _ascii = bytes;
        Volatile.Write(ref _text, null);
    }

    /// <summary>Of a compacted text made again (<see cref="Text"/>), lets the string go once more: for a caller that asked
    /// for it once, with no other thread reading this text.</summary>
    internal void Recompact()
    {
        if (_ascii is not null)
        {
            Volatile.Write(ref _text, null);
        }
    }

    // The bytes stay once the string is made again: a reader on another thread may still be using them.
    private string Expand()
    {
        var text = Encoding.ASCII.GetString(_ascii!);
        return Interlocked.CompareExchange(ref _text, text, null) ?? text;
    }

    public static SourceText FromBytes(string path, byte[] bytes) => FromBytes(path, bytes.AsSpan());

    private SourceText(FileId file, byte[] ascii, char[] parseBuffer)
    {
        File = file;
        Encoding = StrictUtf8;
        _ascii = ascii;
        _parseBuffer = parseBuffer;
    }

    /// <summary>The characters: the string's, those of the parse buffer, or (of a text kept as bytes) the string made again.</summary>
    internal ReadOnlySpan<char> Chars => Volatile.Read(ref _text) is { } text ? text.AsSpan()
        : _parseBuffer is { } buffer ? buffer.AsSpan(0, _ascii!.Length)
        : Text.AsSpan();

    /// <summary>The parse buffer (its first <see cref="Length"/> characters are the text) while there is one.</summary>
    internal char[]? ParseBuffer => _parseBuffer;

    /// <summary>Gives the parse buffer back (<see cref="FromStream"/> with <c>forParse</c>): the text is then its bytes.
    /// Only once nothing reads <see cref="Chars"/> of the parse any more.</summary>
    internal void ReleaseParseBuffer()
    {
        if (_parseBuffer is { } buffer)
        {
            _parseBuffer = null;
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
    }

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

    /// <summary>Reads a file through a pooled buffer (a large one through its own): only the decoded text stays. With
    /// <paramref name="forParse"/>, a small ASCII file is kept as its bytes from the start, with its characters in a
    /// pooled parse buffer until <see cref="ReleaseParseBuffer"/>.</summary>
    public static SourceText FromStream(string path, Stream stream, long length, bool forParse = false) =>
        FromBytes(path, length, forParse, (buffer, _) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false));

    /// <summary>Reads up to <paramref name="buffer"/>'s length from <paramref name="offset"/>: fewer only where the
    /// source ends.</summary>
    public delegate int ReadAt(Span<byte> buffer, long offset);

    /// <summary>The text of <paramref name="length"/> bytes read by <paramref name="read"/> (a file read at offsets,
    /// with no stream over it), as <see cref="FromStream"/> reads it.</summary>
    public static SourceText FromBytes(string path, long length, bool forParse, ReadAt read)
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
            var filled = read(buffer.AsSpan(0, (int)length), 0);
            var bytes = buffer.AsSpan(0, filled);
            if (forParse && pooled)
            {
                // Widened in the same pass that finds the text is ASCII; anything else is decoded as before.
                var chars = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(filled, 1));
                if (Ascii.ToUtf16(bytes, chars, out _) == System.Buffers.OperationStatus.Done)
                {
                    return new SourceText(FileId.Named(path), bytes.ToArray(), chars);
                }

                System.Buffers.ArrayPool<char>.Shared.Return(chars);
            }

            return FromBytes(path, bytes);
        }
        finally
        {
            if (pooled)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>The same text, known as <paramref name="file"/>. A parse buffer goes with it (this text then reads its
    /// characters from the bytes): the file being loaded takes the text it was read as.</summary>
    public SourceText WithFile(FileId file) => Volatile.Read(ref _text) is { } text
        ? new(file, text, Encoding) { _lineStarts = _lineStarts, Substitutions = Substitutions }
        : new(file, this) { Substitutions = Substitutions };

    private SourceText(FileId file, SourceText compacted)
    {
        File = file;
        Encoding = compacted.Encoding;
        _ascii = compacted._ascii;
        _lineStarts = compacted._lineStarts;
        _parseBuffer = compacted._parseBuffer;
        compacted._parseBuffer = null;
    }

    public byte[] GetBytes() => Volatile.Read(ref _text) is { } text ? Encoding.GetBytes(text) : (byte[])_ascii!.Clone();

    public byte[] GetBytes(string text) => Encoding.GetBytes(text);

    public string ToString(TextSpan span) => Volatile.Read(ref _text) is { } text
        ? text.Substring(span.Start, span.Length)
        : Encoding.ASCII.GetString(_ascii!, span.Start, span.Length);

    public ReadOnlySpan<char> AsSpan(TextSpan span) => Text.AsSpan(span.Start, span.Length);

    /// <summary>Where <paramref name="value"/> next stands from <paramref name="start"/> on, or -1 (a compacted text is
    /// searched as it is kept).</summary>
    public int IndexOf(char value, int start) => Volatile.Read(ref _text) is { } text
        ? text.IndexOf(value, start)
        : value > 0x7F ? -1 : _ascii.AsSpan(start).IndexOf((byte)value) is var found and >= 0 ? start + found : -1;

    /// <summary>Where <paramref name="value"/> next stands from <paramref name="start"/> on, or -1 (ordinal).</summary>
    public int IndexOf(string value, int start)
    {
        if (Volatile.Read(ref _text) is { } text)
        {
            return text.IndexOf(value, start, StringComparison.Ordinal);
        }

        if (!Ascii.IsValid(value))
        {
            return -1;
        }

        var found = _ascii.AsSpan(start).IndexOf(Encoding.ASCII.GetBytes(value));
        return found < 0 ? -1 : start + found;
    }

    /// <summary>Whether the text of <paramref name="span"/> is <paramref name="value"/> (ordinal).</summary>
    public bool SpanEquals(TextSpan span, string value) => Volatile.Read(ref _text) is { } text
        ? text.AsSpan(span.Start, span.Length).SequenceEqual(value)
        : span.Length == value.Length && Ascii.Equals(_ascii.AsSpan(span.Start, span.Length), value);

    public override string ToString() => Text;

    /// <summary>Offsets at which lines start. A line ends after LF (a CR before it belongs to the line break),
    /// as nginx, Apache, PHP-FPM and systemd count lines.</summary>
    public IReadOnlyList<int> LineStarts => Starts();

    public int LineCount => LineStarts.Count;

    public LinePosition GetLinePosition(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Length);
        var starts = Starts();
        var index = Array.BinarySearch(starts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return new LinePosition(index + 1, (Substitutions is null ? offset - starts[index] : TemplateColumn(offset, starts[index])) + 1);
    }

    /// <summary>For a rendered text: the 0-based column in the template's line (the same line, which starts at
    /// <paramref name="lineStart"/> here) of a rendered offset; an offset inside a value is its placeholder's start.</summary>
    private int TemplateColumn(int offset, int lineStart)
    {
        var shift = 0;
        foreach (var substitution in Substitutions!)
        {
            if (substitution.Start < lineStart)
            {
                continue;
            }

            if (substitution.Start >= offset)
            {
                break;
            }

            if (substitution.Start + substitution.Length > offset)
            {
                return substitution.Start - lineStart - shift;
            }

            shift += substitution.Length - substitution.TemplateLength;
        }

        return offset - lineStart - shift;
    }

    /// <summary>The span of a 1-based line, without its line break.</summary>
    public TextSpan GetLineSpan(int line)
    {
        var starts = LineStarts;
        var start = starts[line - 1];
        var end = line < starts.Count ? starts[line] : Length;
        while (end > start && (this[end - 1] == '\n' || this[end - 1] == '\r'))
        {
            end--;
        }

        return TextSpan.FromBounds(start, end);
    }

    public string GetLineText(int line) => ToString(GetLineSpan(line));

    /// <summary>The line break this file uses most: "\r\n" when CRLF lines outnumber LF lines. Counted once (every
    /// fix that inserts lines asks, and a file may have thousands of them).</summary>
    public string PreferredNewLine => _preferredNewLine ??= Volatile.Read(ref _text) is { } text
        ? CountNewLines(text.AsSpan(), '\n', '\r')
        : CountNewLines<byte>(_ascii, (byte)'\n', (byte)'\r');

    /// <summary>Of a string or of the bytes of an ASCII text alike.</summary>
    private static string CountNewLines<T>(ReadOnlySpan<T> text, T lineFeed, T carriageReturn)
        where T : IEquatable<T>
    {
        int crlf = 0, lf = 0;
        for (var index = text.IndexOf(lineFeed); index >= 0; index = text[(index + 1)..].IndexOf(lineFeed) is var next and >= 0 ? index + 1 + next : -1)
        {
            if (index > 0 && text[index - 1].Equals(carriageReturn))
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

    private int[] Starts() => _lineStarts ??= Volatile.Read(ref _text) is { } text ? LineStartsOf(text) : LineStartsIn<byte>(_ascii, (byte)'\n');

    /// <summary>The offsets at which the lines of <paramref name="text"/> start: 0, and each one after an LF.</summary>
    public static int[] LineStartsOf(string text) => LineStartsIn(text.AsSpan(), '\n');

    /// <summary>Of a string or of the bytes of an ASCII text alike.</summary>
    private static int[] LineStartsIn<T>(ReadOnlySpan<T> text, T lineFeed)
        where T : IEquatable<T>
    {
        // Counted first (a vectorized pass), so the array is made once at its size: no list grown and copied.
        var starts = new int[text.Count(lineFeed) + 1];
        var position = 0;
        for (var line = 1; line < starts.Length; line++)
        {
            position += text[position..].IndexOf(lineFeed) + 1;
            starts[line] = position;
        }

        return starts;
    }
}
