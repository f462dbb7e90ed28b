namespace ConfLint.Syntax.Apache;

/// <summary>
/// Character-level scanning of Apache configuration text, shared by the lexer and the value decoder. It
/// follows httpd's reading of a file (server/util.c): <c>ap_cfg_getline</c> joins a line that ends in a
/// backslash right before its line break (LF or CRLF, nothing between) with the next one, removing the
/// backslash and the line break and nothing else, then trims blanks (<c>apr_isspace</c>) from both ends;
/// <c>ap_getword_conf</c> splits the joined line into words at blanks and reads <c>"..."</c> and
/// <c>'...'</c> as one word each. Every scan here walks the physical text and steps over line
/// continuations as httpd's joining would have removed them, so that offsets stay those of the file.
/// </summary>
internal static class ApacheScanner
{
    /// <summary>Blanks as <c>apr_isspace</c> sees them, apart from LF, which ends a line.</summary>
    public static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v';

    /// <summary>The length of the line continuation at <paramref name="i"/> (backslash, LF or CRLF), or 0.</summary>
    public static int ContinuationLength(string text, int i)
    {
        if (i + 1 >= text.Length || text[i] != '\\')
        {
            return 0;
        }

        if (text[i + 1] == '\n')
        {
            return 2;
        }

        return i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n' ? 3 : 0;
    }

    /// <summary>The offset after any line continuations that start at <paramref name="i"/>.</summary>
    public static int SkipContinuations(string text, int i)
    {
        while (ContinuationLength(text, i) is var length and > 0)
        {
            i += length;
        }

        return i;
    }

    /// <summary>Whether the LF at <paramref name="lineFeed"/> belongs to a line continuation.</summary>
    public static bool IsContinued(string text, int lineFeed)
    {
        var j = lineFeed - 1;
        if (j >= 0 && text[j] == '\r')
        {
            j--;
        }

        return j >= 0 && text[j] == '\\';
    }

    /// <summary>Whether <paramref name="i"/> is the start of a logical line (the text after the LF that ends one).</summary>
    public static bool IsLineStart(string text, int i) =>
        i == 0 || (i == 1 && text[0] == '\uFEFF') || (text[i - 1] == '\n' && !IsContinued(text, i - 1));

    /// <summary>The offset of the LF that ends the logical line holding <paramref name="i"/>, or the text's length.</summary>
    public static int LogicalLineEnd(string text, int i)
    {
        while (true)
        {
            var newline = text.AsSpan(i).IndexOf('\n');
            if (newline < 0)
            {
                return text.Length;
            }

            if (!IsContinued(text, i + newline))
            {
                return i + newline;
            }

            i += newline + 1;
        }
    }

    /// <summary>
    /// From the start of a logical line, the offset of its first word: past blank lines, blanks, line
    /// continuations, comment lines (<c>#</c> as the first character of a trimmed line) and a byte-order mark.
    /// </summary>
    public static int SkipTrivia(string text, int i)
    {
        if (i == 0 && text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n' || IsBlank(c))
            {
                i++;
            }
            else if (ContinuationLength(text, i) is var length and > 0)
            {
                i += length;
            }
            else if (c == '#')
            {
                i = CommentEnd(text, i);
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>
    /// The end of a comment (or of text httpd ignores) starting at <paramref name="i"/>: its line break, line
    /// break excluded, after following every line continuation, as httpd joins the lines before it looks for
    /// <c>#</c>. Mirrors <see cref="TriviaScanner"/>, which names the same pieces afterwards.
    /// </summary>
    public static int CommentEnd(string text, int i)
    {
        while (true)
        {
            var newline = text.AsSpan(i).IndexOf('\n');
            if (newline < 0)
            {
                return text.Length;
            }

            var lineBreak = i + newline;
            var contentEnd = lineBreak > i && text[lineBreak - 1] == '\r' ? lineBreak - 1 : lineBreak;
            if (contentEnd > i && text[contentEnd - 1] == '\\' && lineBreak + 1 < text.Length)
            {
                i = lineBreak + 1;
                continue;
            }

            return contentEnd;
        }
    }

    /// <summary>
    /// Where a token's trailing trivia ends: blanks and line continuations up to the next word of the same
    /// logical line, or through the line break that ends it. With <paramref name="ignoredTail"/>, text that
    /// httpd ignores (after the <c>&gt;</c> of a section tag) is taken too, as one comment-like piece.
    /// </summary>
    public static int ScanTrailing(string text, int i, bool ignoredTail = false)
    {
        while (i < text.Length)
        {
            if (IsBlank(text[i]))
            {
                i++;
            }
            else if (ContinuationLength(text, i) is var length and > 0)
            {
                i += length;
            }
            else
            {
                break;
            }
        }

        if (ignoredTail && i < text.Length && text[i] != '\n')
        {
            i = CommentEnd(text, i);
        }

        if (i < text.Length && text[i] == '\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The end of an unquoted word starting at <paramref name="i"/>: it runs to a blank, the end of the logical
    /// line or <paramref name="limit"/>; a continuation inside it joins its halves; one after it is not part of it.
    /// </summary>
    public static int ScanWord(string text, int i, int limit)
    {
        var end = i;
        while (true)
        {
            i = SkipContinuations(text, i);
            if (i >= limit || text[i] == '\n' || IsBlank(text[i]))
            {
                return end;
            }

            i++;
            end = i;
        }
    }

    /// <summary>
    /// The end of a quoted word opening at <paramref name="i"/>, as <c>ap_getword_conf</c> reads it: a backslash
    /// escapes the quote character and a backslash; the word ends after the closing quote. An unclosed quote runs
    /// to the end of the logical line (trailing blanks excluded, as httpd trims the line) or to
    /// <paramref name="limit"/> when a section tag's <c>&gt;</c> bounds it: httpd accepts it.
    /// </summary>
    public static int ScanQuoted(string text, int i, int limit)
    {
        var quote = text[i];
        var j = i + 1;
        var lastNonBlank = j;
        while (true)
        {
            j = SkipContinuations(text, j);
            if (j >= limit)
            {
                return limit < text.Length ? limit : lastNonBlank;
            }

            var c = text[j];
            if (c == '\n')
            {
                return lastNonBlank;
            }

            if (c == quote)
            {
                return j + 1;
            }

            if (c == '\\' && SkipContinuations(text, j + 1) is var next && next < limit && (text[next] == quote || text[next] == '\\'))
            {
                j = next + 1;
                lastNonBlank = j;
                continue;
            }

            j++;
            if (!IsBlank(c))
            {
                lastNonBlank = j;
            }
        }
    }

    /// <summary>A word or a quoted word starting at <paramref name="i"/>, bounded by <paramref name="limit"/>.</summary>
    public static int ScanToken(string text, int i, int limit) =>
        text[i] is '"' or '\'' ? ScanQuoted(text, i, limit) : ScanWord(text, i, limit);
}
