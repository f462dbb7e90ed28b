namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// The pieces of PHP's INI scanner (php-src <c>Zend/zend_ini_scanner.l</c>, mode <c>ZEND_INI_SCANNER_NORMAL</c>)
/// that PHP-FPM's files need, applied to one line as <c>fpm_conf_load_ini_file</c> hands the scanner one line at
/// a time. Each method either measures a construct (for the grammar) or, given a builder, also writes the text PHP
/// reads from it (for <see cref="PhpFpmText"/>): one code path, so that what parses and what it means agree.
/// <list type="bullet">
/// <item>Double quotes (<c>ST_DOUBLE_QUOTES</c>): <c>\"</c>, <c>\\</c> and <c>\$</c> lose their backslash, any other
/// backslash stays; <c>\"</c> at the end of the line closes the string after a literal backslash
/// (<c>"C:\path\"</c>); <c>${VAR}</c> inside is a variable; blanks before the opening quote and after the closing
/// quote are dropped.</item>
/// <item>Single quotes: raw text, at least one character (<c>''</c> is a syntax error in PHP).</item>
/// <item><c>${NAME}</c>: a label (no <c>= ; &amp; | ^ $ ~ ( ) { } ! " [ ]</c>, tab or line break) closed by <c>}</c>.</item>
/// <item>A <c>$</c> not followed by <c>{</c> is literal together with the character after it.</item>
/// </list>
/// </summary>
internal static class PhpFpmScanner
{
    /// <summary>A label character (<c>LABEL_CHAR</c>): keys and variable names. A <c>]</c> is one (<c>a]b = 1</c> is
    /// the key <c>a]b</c> to PHP 8.2).</summary>
    public static bool IsLabelChar(char c) =>
        c is not ('=' or '\n' or '\r' or '\t' or ';' or '&' or '|' or '^' or '$' or '~' or '(' or ')' or '{' or '}' or '!' or '"' or '[' or '\0');

    public static bool IsBlank(char c) => c is ' ' or '\t';

    /// <summary>Where a value or a bracketed name ends: a line break (FPM's scanner also ends lines at a lone CR).</summary>
    public static bool IsLineEnd(string text, int i) => i >= text.Length || text[i] is '\n' or '\r';

    public static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && IsBlank(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// A double-quoted string whose opening quote is at <paramref name="quote"/>: the offset after its closing quote,
    /// or -1 with <paramref name="error"/> set. Inside quotes only LF (where FPM cuts its lines) ends the string early.
    /// </summary>
    public static int ScanDoubleQuoted(string text, int quote, PhpFpmValueBuilder? value, out ScanError error)
    {
        error = default;
        var i = quote + 1;
        while (true)
        {
            if (i >= text.Length || text[i] == '\n')
            {
                error = new ScanError(quote, "unterminated string: expected a closing '\"' before the end of the line");
                return -1;
            }

            var c = text[i];
            if (c == '"')
            {
                return i + 1;
            }

            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = ScanVariable(text, i, out error);
                if (end < 0)
                {
                    return -1;
                }

                value?.AppendVariable(text, i, end);
                i = end;
                continue;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
            {
                var escaped = text[i + 1];
                if (escaped == '"' && IsLineEnd(text, i + 2))
                {
                    value?.Append('\\');
                    return i + 2;
                }

                if (escaped is '"' or '\\' or '$')
                {
                    value?.Append(escaped);
                }
                else
                {
                    value?.Append(c).Append(escaped);
                }

                i += 2;
                continue;
            }

            value?.Append(c);
            i++;
        }
    }

    /// <summary>A single-quoted (raw) string opening at <paramref name="quote"/>: the offset after its closing quote, or -1.</summary>
    public static int ScanSingleQuoted(string text, int quote, PhpFpmValueBuilder? value, out ScanError error)
    {
        error = default;
        var close = quote + 1;
        while (close < text.Length && text[close] is not ('\'' or '\n'))
        {
            close++;
        }

        if (close >= text.Length || text[close] != '\'')
        {
            error = new ScanError(quote, "unterminated string: expected a closing \"'\" before the end of the line");
            return -1;
        }

        if (close == quote + 1)
        {
            error = new ScanError(quote, "empty single-quoted string: PHP's INI scanner rejects ''; write \"\" instead");
            return -1;
        }

        value?.Append(text, quote + 1, close - quote - 1);
        return close + 1;
    }

    /// <summary><c>${NAME}</c> starting at <paramref name="dollar"/>: the offset after its <c>}</c>, or -1.</summary>
    public static int ScanVariable(string text, int dollar, out ScanError error)
    {
        error = default;
        var i = dollar + 2;
        while (i < text.Length && IsLabelChar(text[i]))
        {
            i++;
        }

        if (i == dollar + 2)
        {
            error = new ScanError(i, "expected a variable name after '${'");
            return -1;
        }

        if (i >= text.Length || text[i] != '}')
        {
            error = new ScanError(i, "expected '}' to close '${'");
            return -1;
        }

        return i + 1;
    }

    /// <summary>
    /// The end of the longest run of literal characters at <paramref name="i"/>, as re2c matches it: in a value
    /// (<c>VALUE_CHARS</c>) anything but blanks, line breaks and <c>$ = ; &amp; | ^ ~ ( ) ! " '</c>; in brackets
    /// (<c>SECTION_VALUE_CHARS</c>) anything but <c>$ ; " ' ] \</c> and line breaks, a backslash carrying the next
    /// character (both kept). In both, <c>LITERAL_DOLLAR</c>: a <c>$</c> with the character after it (not <c>{</c>),
    /// or with a backslash and the character after that. Where the alternatives overlap (<c>$\$"</c>) the longest
    /// whole run wins, so the reachable ends are tracked rather than the first alternative taken.
    /// <paramref name="takesLineBreak"/> tells that the run swallows the LF that ends the line (FPM gives the scanner
    /// each line with an LF): PHP then reads <c>$\n</c> at the end of the value. The run is empty only before NUL.
    /// </summary>
    public static int ScanRun(string text, int i, bool inBrackets, out bool takesLineBreak)
    {
        takesLineBreak = false;
        var end = i;
        var reachable = 1u;
        for (var p = i; reachable != 0; p++, reachable >>= 1)
        {
            if ((reachable & 1) == 0)
            {
                continue;
            }

            end = p;
            if (p >= text.Length)
            {
                break;
            }

            var c = text[p];
            if (c == '$' || (inBrackets && c == '\\'))
            {
                var next = p + 1 < text.Length ? text[p + 1] : '\n';
                if (next == '\n')
                {
                    takesLineBreak = true;
                    return p + 1;
                }

                if (next == '\0' || (c == '$' && next == '{'))
                {
                    continue;
                }

                reachable |= 1u << 2;
                if (c == '$' && next == '\\')
                {
                    var after = p + 2 < text.Length ? text[p + 2] : '\n';
                    if (after == '\n')
                    {
                        takesLineBreak = true;
                        return p + 2;
                    }

                    if (after != '\0')
                    {
                        reachable |= 1u << 3;
                    }
                }
            }
            else if (inBrackets
                ? c is not ('\n' or '\r' or ';' or '"' or '\'' or ']' or '\0')
                : c is not (' ' or '\t' or '\n' or '\r' or ';' or '=' or '&' or '|' or '^' or '~' or '(' or ')' or '!' or '"' or '\'' or '\0'))
            {
                reachable |= 1u << 1;
            }
        }

        return end;
    }

    /// <summary>
    /// A section name (after <c>[</c>) or an array key (after <c>key[</c> and its blanks): the pieces up to the closing
    /// <c>]</c>, whose offset is returned (or -1). <paramref name="contentStart"/> and <paramref name="contentEnd"/>
    /// frame the pieces without the blanks PHP drops (before a quote; for a key, also before <c>]</c>).
    /// </summary>
    public static int ScanBracketed(string text, int start, bool isKey, PhpFpmValueBuilder? value, out int contentStart, out int contentEnd, out ScanError error)
    {
        error = default;
        contentStart = -1;
        contentEnd = start;
        var i = start;
        var atTokenStart = true;
        while (true)
        {
            if (atTokenStart && i < text.Length && IsBlank(text[i]))
            {
                var next = SkipBlanks(text, i);
                if (next < text.Length && (text[next] == '"' || (isKey && text[next] == ']')))
                {
                    i = next;
                }
            }

            if (IsLineEnd(text, i) || text[i] is ';' or '\0')
            {
                // No message: the caller names what the ']' would close.
                error = new ScanError(i, i < text.Length && text[i] == '\0' ? "unexpected NUL byte" : null);
                return -1;
            }

            var c = text[i];
            if (c == ']')
            {
                if (contentStart < 0)
                {
                    contentStart = i;
                }

                return i;
            }

            var pieceStart = i;
            if (c == '"')
            {
                i = ScanDoubleQuoted(text, i, value, out error);
                if (i < 0)
                {
                    return -1;
                }

                contentEnd = i;
                i = SkipBlanks(text, i);
                atTokenStart = true;
            }
            else if (c == '\'')
            {
                i = ScanSingleQuoted(text, i, value, out error);
                if (i < 0)
                {
                    return -1;
                }

                contentEnd = i;
                atTokenStart = true;
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                i = ScanVariable(text, i, out error);
                if (i < 0)
                {
                    return -1;
                }

                value?.AppendVariable(text, pieceStart, i);
                contentEnd = i;
                atTokenStart = true;
            }
            else
            {
                i = ScanRun(text, i, inBrackets: true, out _);
                if (i == pieceStart)
                {
                    error = new ScanError(i + 1, "unexpected NUL byte");
                    return -1;
                }

                value?.Append(text, pieceStart, i - pieceStart);
                contentEnd = i;
                atTokenStart = false;
            }

            if (contentStart < 0)
            {
                contentStart = pieceStart;
            }
        }
    }
}

/// <summary>Why a construct does not scan, and where. A default value means no error.</summary>
internal readonly record struct ScanError(int Position, string? Message);
