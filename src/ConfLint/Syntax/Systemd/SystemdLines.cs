namespace ConfLint.Syntax.Systemd;

/// <summary>
/// How systemd cuts a unit file into lines, as <c>config_parse()</c> in src/shared/conf-parser.c (v252) does:
/// <list type="bullet">
/// <item>A physical line whose first character that is not a blank is <c>#</c> or <c>;</c> is a comment and is
/// skipped whole, even where it follows a continued line and even when it ends in a backslash.</item>
/// <item>A line that ends in an odd run of backslashes is continued: the last backslash becomes a space, the line
/// break is dropped, and the next line that is not a comment is appended. An empty line ends a continued line.
/// A backslash at the end of the file continues into nothing.</item>
/// <item>The logical line is then stripped of blanks (space, tab, CR, LF) at both ends.</item>
/// </list>
/// Lines end at LF; a CR before LF belongs to the line break, a lone CR is a blank (systemd's <c>read_line()</c>
/// also ends a line at a lone CR; no real unit file has one). A UTF-8 byte-order mark at the start is trivia, as
/// systemd strips it. systemd refuses lines longer than 1 MiB; that limit is not checked here.
/// </summary>
internal static class SystemdLines
{
    public static bool IsBlank(char c) => c is ' ' or '\t' or '\r';

    /// <summary>The offset after the line break of the line holding <paramref name="i"/>, or the end of the text.</summary>
    public static int NextLine(string text, int i)
    {
        var newline = text.IndexOf('\n', i);
        return newline < 0 ? text.Length : newline + 1;
    }

    /// <summary>
    /// The offset where the next logical line's content starts (its first character that is not a blank), or the
    /// end of the text. Skips blank lines, comment lines and lines that hold only blanks and a continuing
    /// backslash: such a line only prefixes blanks to what follows, which systemd strips.
    /// </summary>
    public static int SkipTrivia(string text, int i)
    {
        if (i == 0 && text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        while (i < text.Length)
        {
            var j = SkipBlanks(text, i);
            if (j >= text.Length)
            {
                return text.Length;
            }

            var c = text[j];
            if (c == '\n' || c is '#' or ';' || (c == '\\' && IsLineEnd(text, j + 1)))
            {
                i = NextLine(text, j);
                continue;
            }

            return j;
        }

        return text.Length;
    }

    /// <summary>Skips the comment lines that follow a continued line: systemd drops them from the logical line.</summary>
    public static int SkipCommentLines(string text, int i)
    {
        while (i < text.Length)
        {
            var j = SkipBlanks(text, i);
            if (j >= text.Length || text[j] is not ('#' or ';'))
            {
                break;
            }

            i = NextLine(text, j);
        }

        return i;
    }

    /// <summary>Whether a line break (LF or CRLF) or the end of the text is at <paramref name="i"/>.</summary>
    public static bool IsLineEnd(string text, int i) =>
        i >= text.Length || text[i] == '\n' || (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n');

    /// <summary>Whether the content that ends at <paramref name="contentEnd"/> ends in an odd run of backslashes.</summary>
    public static bool EndsWithContinuation(string text, int contentEnd)
    {
        var count = 0;
        for (var k = contentEnd - 1; k >= 0 && text[k] == '\\'; k--)
        {
            count++;
        }

        return (count & 1) == 1;
    }

    /// <summary>The offset of the last character in [start, end) that is not a blank, or -1.</summary>
    public static int LastNonBlank(string text, int start, int end)
    {
        for (var k = end - 1; k >= start; k--)
        {
            if (!IsBlank(text[k]))
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>The offset of the first character in [start, end) that is not a blank, or -1.</summary>
    public static int FirstNonBlank(string text, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (!IsBlank(text[k]))
            {
                return k;
            }
        }

        return -1;
    }

    private static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && IsBlank(text[i]))
        {
            i++;
        }

        return i;
    }
}
