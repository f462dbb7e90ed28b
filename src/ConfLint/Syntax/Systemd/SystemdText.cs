using System.Text;
using ConfLint.Text;

namespace ConfLint.Syntax.Systemd;

/// <summary>
/// How systemd reads the text of a unit file: the logical text of a token that spans continued lines, and the
/// word splitting that many settings apply to their value (<c>extract_first_word()</c> in
/// src/basic/extract-word.c with <c>EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE | EXTRACT_CUNESCAPE_RELAX</c>, the
/// "Quoting" section of systemd.syntax(7)).
/// </summary>
public static class SystemdText
{
    /// <summary>systemd's parse_boolean, true side: 1, yes, y, true, t, on (case-insensitive).</summary>
    public static bool IsTrue(string value) =>
        value.Trim().ToLowerInvariant() is "1" or "yes" or "y" or "true" or "t" or "on";

    /// <summary>
    /// The value of a token as systemd reads it: the logical text, where each continuing backslash is a space,
    /// line breaks are dropped and the comment lines inside a continued line are skipped. Nothing else is
    /// decoded: quotes, escapes, <c>%</c> specifiers and <c>$VAR</c> references stay as written.
    /// </summary>
    /// <remarks>A value on one line is a shared string of that text where it is short: keys, section names and values
    /// such as <c>always</c> or <c>www-data</c> repeat in each of a host's thousands of units, and each read to a string
    /// of its own was a fifth of the strings a large tree's model kept.</remarks>
    public static string DecodeValue(SyntaxToken token)
    {
        if (token.Kind != TokenKind.Word)
        {
            return token.Text;
        }

        var text = token.Tree.Source.Text;
        var value = text.AsSpan(token.Start, token.End - token.Start);
        return value.IndexOf('\n') < 0 ? Shared(value) : Logical(text, token.Start, token.End);
    }

    /// <summary>The builder's text, a shared string where it is short (a program's flags and paths repeat in each unit).</summary>
    private static string Shared(StringBuilder builder)
    {
        if (builder.Length > MaxShared)
        {
            return builder.ToString();
        }

        Span<char> text = stackalloc char[builder.Length];
        builder.CopyTo(0, text, builder.Length);
        return Shared(text);
    }

    /// <summary>A shared string of the text where it is short (see <see cref="DecodeValue"/>): for the names and values
    /// the host model reads out of a unit's settings.</summary>
    internal static string Shared(ReadOnlySpan<char> text) => InternTable.Of(ref t_values, MaxSharedCount, MaxShared).Get(text);

    private const int MaxShared = 64;
    private const int MaxSharedCount = 4096;

    // The table of unit files' values, apart from nginx's (ValueTable), which a large tree's arguments fill before any
    // unit is read. Each thread its own (InternTable).
    [ThreadStatic]
    private static InternTable? t_values;

    /// <summary>The logical text of [start, end), which starts at a token or a line's content.</summary>
    internal static string Logical(string text, int start, int end)
    {
        if (text.AsSpan(start, end - start).IndexOf('\n') < 0)
        {
            return text.Substring(start, end - start);
        }

        var builder = new StringBuilder(end - start);
        var segments = new LogicalSegments(text, start);
        while (segments.MoveNext() && segments.Start < end)
        {
            builder.Append(text, segments.Start, Math.Min(segments.End, end) - segments.Start);
            if (segments.Continued && segments.End < end)
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    /// <summary>The offset in the file of character <paramref name="index"/> of a token's value.</summary>
    public static int SourceOffset(SyntaxToken token, int index)
    {
        var text = token.Tree.Source.Text;
        var position = 0;
        var segments = new LogicalSegments(text, token.Start);
        while (segments.MoveNext() && segments.Start < token.End)
        {
            var end = Math.Min(segments.End, token.End);
            if (index < position + end - segments.Start)
            {
                return segments.Start + index - position;
            }

            position += end - segments.Start;
            if (segments.Continued && segments.End < token.End)
            {
                if (index == position)
                {
                    return segments.End;
                }

                position++;
            }
        }

        return token.End;
    }

    /// <summary>The span in the file of characters [<paramref name="start"/>, <paramref name="end"/>) of a token's value.</summary>
    public static TextSpan SourceSpan(SyntaxToken token, int start, int end)
    {
        var from = SourceOffset(token, start);
        return end > start ? TextSpan.FromBounds(from, SourceOffset(token, end - 1) + 1) : new TextSpan(from, 0);
    }

    /// <summary>
    /// The comment lines inside a token that spans continued lines (systemd skips them), each from its
    /// <c>#</c> or <c>;</c> to the end of its line.
    /// </summary>
    public static IReadOnlyList<TextSpan> CommentLines(SyntaxToken token)
    {
        var text = token.Tree.Source.Text;
        if (text.AsSpan(token.Start, token.End - token.Start).IndexOf('\n') < 0)
        {
            return [];
        }

        var comments = new List<TextSpan>();
        var segments = new LogicalSegments(text, token.Start);
        var gapStart = -1;
        while (segments.MoveNext() && segments.Start < token.End)
        {
            for (var line = gapStart; line >= 0 && line < segments.Start; line = SystemdLines.NextLine(text, line))
            {
                var marker = SystemdLines.FirstNonBlank(text, line, segments.Start);
                var newline = text.IndexOf('\n', line);
                var end = newline < 0 ? text.Length : newline;
                if (end > line && text[end - 1] == '\r')
                {
                    end--;
                }

                if (marker >= 0 && marker < end)
                {
                    comments.Add(TextSpan.FromBounds(marker, end));
                }
            }

            gapStart = segments.Continued ? SystemdLines.NextLine(text, segments.End) : -1;
        }

        return comments;
    }

    /// <summary>
    /// Splits a value into words as systemd does for settings that take a list (<c>Environment=</c>,
    /// <c>After=</c>, the words of a command line): blanks separate words; single or double quotes group, and may
    /// start anywhere in a word (<c>a"b c"</c> is <c>ab c</c>); C escapes (<c>\n</c>, <c>\s</c>, <c>\x41</c>,
    /// <c>\101</c>, <c>\u00e9</c>, ...) are decoded, an unknown one is kept with its backslash. Words are returned
    /// up to the first unbalanced quote.
    /// </summary>
    public static IReadOnlyList<SystemdWord> SplitWords(string value) => SplitWords(value, out _);

    /// <summary>Like <see cref="SplitWords(string)"/>; <paramref name="balanced"/> is false when a quote is left
    /// open, in which case systemd ignores the whole setting ("Unbalanced quoting, ignoring").</summary>
    public static IReadOnlyList<SystemdWord> SplitWords(string value, out bool balanced)
    {
        var words = new List<SystemdWord>();
        var builder = new StringBuilder();
        var position = 0;
        int result;
        while ((result = ExtractWord(value, ref position, builder, out var word)) > 0)
        {
            words.Add(word);
        }

        balanced = result == 0;
        return words;
    }

    internal static bool IsSeparator(char c) => c is ' ' or '\t' or '\n' or '\r';

    /// <summary>
    /// One step of <c>extract_first_word()</c>: skips separators, reads one word, and leaves
    /// <paramref name="position"/> at the next word. Returns 1 for a word, 0 at the end, -1 for an unbalanced quote.
    /// </summary>
    internal static int ExtractWord(string value, ref int position, StringBuilder builder, out SystemdWord word)
    {
        word = default;
        var p = position;
        while (p < value.Length && IsSeparator(value[p]))
        {
            p++;
        }

        if (p >= value.Length)
        {
            position = p;
            return 0;
        }

        var start = p;
        var quote = '\0';
        builder.Clear();
        while (true)
        {
            if (p >= value.Length)
            {
                if (quote != '\0')
                {
                    position = p;
                    return -1;
                }

                break;
            }

            var c = value[p];
            if (quote != '\0' && c == quote)
            {
                quote = '\0';
                p++;
            }
            else if (c == '\\')
            {
                if (p + 1 >= value.Length)
                {
                    if (quote != '\0')
                    {
                        position = p + 1;
                        return -1;
                    }

                    builder.Append('\\');
                    p++;
                    break;
                }

                p += 1 + Unescape(value, p + 1, builder);
            }
            else if (quote == '\0' && c is '\'' or '"')
            {
                quote = c;
                p++;
            }
            else if (quote == '\0' && IsSeparator(c))
            {
                break;
            }
            else
            {
                builder.Append(c);
                p++;
            }
        }

        word = new SystemdWord(Shared(builder), start, p);
        while (p < value.Length && IsSeparator(value[p]))
        {
            p++;
        }

        position = p;
        return 1;
    }

    /// <summary>
    /// <c>cunescape_one()</c> (src/basic/escape.c) on the text after a backslash: appends the character and
    /// returns how many characters it read. An unknown or invalid escape (including one that would give NUL)
    /// keeps the backslash and the character, as <c>EXTRACT_CUNESCAPE_RELAX</c> does. Escapes of single bytes
    /// (<c>\xNN</c>, octal) give the character of that code (Latin-1).
    /// </summary>
    private static int Unescape(string value, int i, StringBuilder builder)
    {
        var c = value[i];
        char? simple = c switch
        {
            'a' => '\a',
            'b' => '\b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            's' => ' ',
            _ => null,
        };
        if (simple is { } plain)
        {
            builder.Append(plain);
            return 1;
        }

        var code = c switch
        {
            'x' => Number(value, i + 1, 2, 16),
            'u' => Number(value, i + 1, 4, 16),
            'U' => Number(value, i + 1, 8, 16),
            >= '0' and <= '7' => Number(value, i, 3, 8) is var octal and <= 255 ? octal : -1,
            _ => -1,
        };
        if (code > 0 && (code < 0xD800 || code is > 0xDFFF and <= 0x10FFFF))
        {
            builder.Append(char.ConvertFromUtf32(code));
            return c switch
            {
                'x' => 3,
                'u' => 5,
                'U' => 9,
                _ => 3,
            };
        }

        builder.Append('\\').Append(c);
        return 1;
    }

    /// <summary>The number in exactly <paramref name="digits"/> digits of <paramref name="radix"/> at
    /// <paramref name="i"/>, or -1.</summary>
    private static int Number(string value, int i, int digits, int radix)
    {
        if (i + digits > value.Length)
        {
            return -1;
        }

        long number = 0;
        for (var k = i; k < i + digits; k++)
        {
            var digit = HexDigit(value[k]);
            if (digit < 0 || digit >= radix)
            {
                return -1;
            }

            number = (number * radix) + digit;
        }

        return number > int.MaxValue ? -1 : (int)number;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
