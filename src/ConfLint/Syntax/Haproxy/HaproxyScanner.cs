namespace ConfLint.Syntax.Haproxy;

/// <summary>
/// Character-level scanning of HAProxy configuration text, shared by the lexer and the value decoder. It follows
/// HAProxy 2.6's reading of a file (src/cfgparse.c <c>readcfgfile</c>, src/tools.c <c>parse_line</c>): the file is
/// read one physical line at a time (there are no line continuations: a backslash before the line break is a
/// backslash); leading blanks are skipped; a line whose first character is then <c>[</c> is a scope line; otherwise
/// words are split at blanks outside quotes. A CR right after a word (or a quote) ends the line: what follows it up
/// to the LF is ignored. <c>#</c> outside quotes starts a comment, even inside a word (<c>a#b</c> is <c>a</c>).
/// Double and single quotes may open and close anywhere in a word (<c>a"b c"d</c> is one word); outside single
/// quotes a backslash escapes a space, a backslash, <c>t n r # ' "</c>, <c>$</c> inside double quotes, and
/// <c>xHH</c>; any other backslash is kept. <c>$NAME</c>, <c>${NAME}</c>, <c>${NAME-default}</c> and
/// <c>${NAME[*]}</c> are environment variables inside double quotes only.
/// </summary>
internal static class HaproxyScanner
{
    /// <summary>Word separators inside a line (<c>isspace</c> less CR and LF, which end it).</summary>
    public static bool IsSeparator(char c) => c is ' ' or '\t' or '\v' or '\f';

    /// <summary>What <c>isspace</c> skips between words and at the start of a line: separators and CR.</summary>
    public static bool IsBlank(char c) => c is ' ' or '\t' or '\v' or '\f' or '\r';

    /// <summary>Whether <paramref name="i"/> starts a physical line (or follows the byte-order mark of the first).</summary>
    public static bool IsLineStart(string text, int i) =>
        i == 0 || text[i - 1] == '\n' || (i == 1 && text[0] == '\uFEFF');

    /// <summary>The offset of the LF that ends the line holding <paramref name="i"/>, or the text's length.</summary>
    public static int LineEnd(string text, int i)
    {
        var newline = text.AsSpan(i).IndexOf('\n');
        return newline < 0 ? text.Length : i + newline;
    }

    /// <summary>
    /// From the start of a line, the offset of its first word: past blank lines, blanks (CR included, as
    /// <c>isspace</c> skips it), comment lines and a byte-order mark.
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
            else if (c == '#')
            {
                i = LineEnd(text, i);
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>
    /// Where a word's trailing trivia ends: the blanks up to the next word of its line, or through the LF that ends
    /// the line, with a comment or the text HAProxy ignores after a CR.
    /// </summary>
    public static int ScanTrailing(string text, int i)
    {
        if (i < text.Length && IsSeparator(text[i]))
        {
            while (i < text.Length && IsBlank(text[i]))
            {
                i++;
            }

            if (i < text.Length && text[i] is not ('#' or '\n'))
            {
                return i;
            }
        }

        // A comment, a CR that ends the line (and what it hides), or the line break itself.
        var end = LineEnd(text, i);
        return end < text.Length ? end + 1 : end;
    }

    /// <summary>
    /// The end of the word starting at <paramref name="i"/> (not a blank, <c>#</c> or line break), as
    /// <c>parse_line</c> reads it, or the first lexical error in it: its offset and HAProxy's message.
    /// </summary>
    public static int ScanWord(string text, int i, out (int Position, string Message)? error)
    {
        error = null;
        var squote = false;
        var dquote = false;
        var quoteAt = -1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r' || (!squote && !dquote && (IsSeparator(c) || c == '#')))
            {
                break;
            }

            if (c == '"' && !squote)
            {
                dquote = !dquote;
                quoteAt = i;
                i++;
            }
            else if (c == '\'' && !dquote)
            {
                squote = !squote;
                quoteAt = i;
                i++;
            }
            else if (c == '\\' && !squote)
            {
                var length = EscapeLength(text, i, dquote);
                if (length < 0)
                {
                    error = (i, "truncated or invalid hexadecimal sequence");
                    return i;
                }

                i += length;
            }
            else if (c == '$' && dquote)
            {
                i = ScanVariable(text, i, out error);
                if (error is not null)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        if (squote || dquote)
        {
            error = (quoteAt, "unmatched quote");
        }

        return i;
    }

    /// <summary>How many characters the backslash at <paramref name="i"/> and what it escapes take: 2 for
    /// <c>\ \\ \t \n \r \# \' \"</c> (and <c>\$</c> in double quotes), 4 for <c>\xHH</c>, 1 for a backslash that
    /// escapes nothing; -1 for <c>\x</c> without two hexadecimal digits.</summary>
    public static int EscapeLength(string text, int i, bool dquote)
    {
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        switch (next)
        {
            case ' ' or '\\' or 't' or 'n' or 'r' or '#' or '\'' or '"':
                return 2;
            case '$':
                return dquote ? 2 : 1;
            case 'x':
                return i + 3 < text.Length && char.IsAsciiHexDigit(text[i + 2]) && char.IsAsciiHexDigit(text[i + 3]) ? 4 : -1;
            default:
                return 1;
        }
    }

    /// <summary>
    /// The end of the environment variable whose <c>$</c> is at <paramref name="i"/> (inside double quotes), or its
    /// error: a name must start with a letter, <c>_</c> or <c>.</c> (only <c>.LINE</c>, <c>.FILE</c> and <c>.SECTION</c>),
    /// braces must close, <c>[*]</c> (inside braces only) must be written so.
    /// </summary>
    public static int ScanVariable(string text, int i, out (int Position, string Message)? error)
    {
        error = null;
        var j = i + 1;
        var braceAt = -1;
        if (j < text.Length && text[j] == '{')
        {
            braceAt = j++;
        }

        var nameStart = j;
        if (j >= text.Length || !(char.IsAsciiLetter(text[j]) || text[j] is '_' or '.'))
        {
            error = (j, "forbidden first char in environment variable name");
            return j;
        }

        if (text[j] == '.')
        {
            j++;
        }

        while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_'))
        {
            j++;
        }

        if (text[nameStart] == '.' && text.AsSpan(nameStart, j - nameStart) is not (".LINE" or ".FILE" or ".SECTION"))
        {
            error = (nameStart, "forbidden first char in environment variable name");
            return nameStart;
        }

        if (braceAt < 0)
        {
            return j;
        }

        if (j < text.Length && text[j] == '[')
        {
            if (!(j + 2 < text.Length && text[j + 1] == '*' && text[j + 2] == ']'))
            {
                error = (j, "truncated or invalid word expansion sequence");
                return j;
            }

            j += 3;
        }

        if (j < text.Length && text[j] == '-')
        {
            // The default value runs to the closing brace, quotes and blanks included.
            while (j < text.Length && text[j] is not ('}' or '\n'))
            {
                j++;
            }
        }

        if (j >= text.Length || text[j] != '}')
        {
            error = (braceAt, "unmatched brace in environment variable name");
            return braceAt;
        }

        return j + 1;
    }

    /// <summary>
    /// The scope line at <paramref name="i"/> (<c>[name]</c>, first on its line): the end of its <c>]</c>, or HAProxy's
    /// error. A scope name is letters, digits, <c>. _ -</c> (<c>invalid_char</c>); only blanks and a comment may follow.
    /// </summary>
    public static int ScanScope(string text, int i, out (int Position, string Message)? error)
    {
        error = null;
        var lineEnd = LineEnd(text, i);
        var close = text.IndexOf(']', i + 1, lineEnd - i - 1);
        if (close < 0 || close == i + 1)
        {
            error = (i, "empty scope name is forbidden");
            return i;
        }

        for (var j = i + 1; j < close; j++)
        {
            if (!(char.IsAsciiLetterOrDigit(text[j]) || text[j] is '.' or '_' or '-'))
            {
                error = (j, $"character '{text[j]}' is not permitted in a scope name");
                return j;
            }
        }

        var after = close + 1;
        while (after < lineEnd && IsBlank(text[after]))
        {
            after++;
        }

        if (after < lineEnd && text[after] != '#')
        {
            error = (after, $"character '{text[after]}' is not permitted after scope declaration");
            return after;
        }

        return close + 1;
    }
}
