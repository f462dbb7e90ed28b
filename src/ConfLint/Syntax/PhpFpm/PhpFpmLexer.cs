using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// The lexical productions of PHP-FPM's configuration files, which FPM reads with PHP's INI scanner one line at a
/// time (php-src <c>sapi/fpm/fpm/fpm_conf.c</c>, <c>fpm_conf_load_ini_file</c>: each line, cut at LF, goes to
/// <c>zend_parse_ini_string</c> in <c>ZEND_INI_SCANNER_NORMAL</c> mode; <c>Zend/zend_ini_scanner.l</c>,
/// state <c>INITIAL</c>):
/// <list type="bullet">
/// <item>Blanks are space and tab; a lone CR ends a line like LF; a UTF-8 byte-order mark at the start of a line is
/// skipped (the scanner skips one at the start of each string it is given).</item>
/// <item><c>;</c> starts a comment where a key could start and after a value. <c>#</c> does not (PHP 7.0 removed
/// it): php-fpm 8.2 rejects a <c>#</c> line (<c>value is NULL for a ZEND_INI_PARSER_ENTRY</c> or
/// <c>unknown entry '#...'</c>), so it is an error here.</item>
/// <item>A key (<c>LABEL</c>) is any run of characters but <c>= ; &amp; | ^ $ ~ ( ) { } ! " [</c>, tab and line
/// breaks (<c>]</c> and <c>#</c> inside are allowed); inner spaces belong to it, outer ones do not. A key that is a
/// boolean word (<c>yes</c>, <c>off</c>, <c>null</c>...) is a syntax error to PHP or an unknown entry to FPM. <c>key[subkey]</c> is an array entry
/// (<c>php_admin_value[memory_limit]</c>, <c>env[PATH]</c>, <c>access.suppress_path[]</c>).</item>
/// <item>A key must be followed by <c>=</c>: FPM rejects a bare key (<c>value is NULL</c>).</item>
/// <item><c>[name]</c> opens a section (<c>[global]</c> or a pool); something may follow it on the same line. It may
/// be indented with tabs but not with spaces alone: PHP then reads <c> [www]</c> as the key <c>""</c> with the
/// subkey <c>www</c>, and php-fpm 8.2 fails with <c>expecting '='</c>.</item>
/// </list>
/// </summary>
internal static class PhpFpmLexer
{
    private static readonly Expected ExpectedKey = new("a key");
    private static readonly Expected ExpectedSection = new("'['");

    /// <summary>A key (with its <c>[subkey]</c>), checked to be followed by <c>=</c>.</summary>
    public static readonly Parser<SyntaxToken> Key = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var text = context.Text;
        var start = SkipTrivia(text, source.Position);
        if (start >= text.Length || text[start] == '[')
        {
            return Combinators.Soft<SyntaxToken>(input, ExpectedKey);
        }

        var c = text[start];
        if (!PhpFpmScanner.IsLabelChar(c) || c == '#')
        {
            return Combinators.Fatal<SyntaxToken>(input, start, c switch
            {
                '#' => "'#' does not start a comment in PHP-FPM configuration files (PHP 7 dropped it): use ';'",
                '=' => "expected a key before '='",
                '\0' => "unexpected NUL byte",
                _ => $"unexpected '{c}': expected a key or a '[section]'",
            });
        }

        var labelEnd = start;
        while (labelEnd < text.Length && PhpFpmScanner.IsLabelChar(text[labelEnd]))
        {
            labelEnd++;
        }

        var keyEnd = labelEnd;
        while (text[keyEnd - 1] == ' ')
        {
            keyEnd--;
        }

        if (labelEnd < text.Length && text[labelEnd] == '[')
        {
            var open = PhpFpmScanner.SkipBlanks(text, labelEnd + 1);
            var close = PhpFpmScanner.ScanBracketed(text, open, isKey: true, null, out _, out _, out var error);
            if (close < 0)
            {
                return Combinators.Fatal<SyntaxToken>(input, error.Position, error.Message
                    ?? AtEnd(text, error.Position) + $"expected ']' to close '{ErrorText.Shorten(text.AsSpan(start, labelEnd + 1 - start))}'");
            }

            keyEnd = close + 1;
        }
        else if (PhpFpmValueReader.IsReservedWord(text.AsSpan(start, keyEnd - start)))
        {
            return Combinators.Fatal<SyntaxToken>(input, start,
                $"'{text.AsSpan(start, keyEnd - start)}' cannot be a key: PHP's INI scanner reads it as a boolean");
        }

        var equals = PhpFpmScanner.SkipBlanks(text, keyEnd);
        if (equals >= text.Length || text[equals] != '=')
        {
            var key = ErrorText.Shorten(text.AsSpan(start, keyEnd - start));
            return Combinators.Fatal<SyntaxToken>(input, equals, PhpFpmScanner.IsLineEnd(text, equals) || text[equals] == ';'
                ? AtEnd(text, equals) + $"expected '=' after '{key}'"
                : $"unexpected '{text[equals]}' after '{key}': expected '='");
        }

        var token = context.Token(TokenKind.Word, source.Position, start, keyEnd, equals);
        return Result.Success(token, context.At(equals));
    };

    /// <summary>The <c>=</c> after a key (the input stands on it) and the value, which may be absent.</summary>
    public static readonly Parser<AssignmentTokens> Assignment = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var text = context.Text;
        var at = source.Position;
        var valueStart = PhpFpmScanner.SkipBlanks(text, at + 1);
        if (PhpFpmScanner.IsLineEnd(text, valueStart) || text[valueStart] == ';')
        {
            var fullEnd = ScanTrailing(text, at + 1);
            var alone = context.Token(TokenKind.Punctuation, at, at, at + 1, fullEnd);
            return Result.Success(new AssignmentTokens(alone, null), context.At(fullEnd));
        }

        var key = context.Tree.Tokens[context.NextTokenIndex - 1];
        var end = PhpFpmValueReader.Read(text, valueStart, text.AsSpan(key.Start, key.End - key.Start), context.MaxDepth, null, out var error);
        if (end < 0)
        {
            return Combinators.Fatal<AssignmentTokens>(input, error.Position, error.Message!);
        }

        var equalsSign = context.Token(TokenKind.Punctuation, at, at, at + 1, valueStart);
        var valueEnd = ScanTrailing(text, end);
        var value = context.Token(KindOf(text, valueStart, end), valueStart, valueStart, end, valueEnd);
        return Result.Success(new AssignmentTokens(equalsSign, value), context.At(valueEnd));
    };

    /// <summary><c>[name]</c>: the brackets and the name, with the name's blanks as PHP keeps them.</summary>
    public static readonly Parser<SectionHeaderTokens> SectionHeader = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var text = context.Text;
        var start = SkipTrivia(text, source.Position);
        if (start >= text.Length || text[start] != '[')
        {
            return Combinators.Soft<SectionHeaderTokens>(input, ExpectedSection);
        }

        var indent = start;
        while (indent > 0 && text[indent - 1] == ' ')
        {
            indent--;
        }

        if (indent < start && IsLineStart(text, indent))
        {
            return Combinators.Fatal<SectionHeaderTokens>(input, indent,
                "spaces before '[' make PHP read this line as an array key with an empty name, not a section: remove them");
        }

        var close = PhpFpmScanner.ScanBracketed(text, start + 1, isKey: false, null, out var nameStart, out var nameEnd, out var error);
        if (close < 0)
        {
            return Combinators.Fatal<SectionHeaderTokens>(input, error.Position,
                error.Message ?? AtEnd(text, error.Position) + "expected ']' to close the section name");
        }

        // "[]" is a section with an empty name: PHP's INI parser reads it, and php-fpm -t takes it as a pool named "".
        var open = context.Token(TokenKind.Punctuation, source.Position, start, start + 1, nameStart);
        var name = context.Token(KindOf(text, nameStart, nameEnd), nameStart, nameStart, nameEnd, close);
        var fullEnd = ScanTrailing(text, close + 1);
        var closeBracket = context.Token(TokenKind.Punctuation, close, close, close + 1, fullEnd);
        return Result.Success(new SectionHeaderTokens(open, name, closeBracket), context.At(fullEnd));
    };

    public static readonly Parser<SyntaxToken> EndOfFile = Combinators.EndOfFile(SkipTrivia);

    /// <summary>The offset of the next character that is not a blank, a line break, a comment or a line's BOM.</summary>
    public static int SkipTrivia(string text, int i)
    {
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n' || (c == '\uFEFF' && (i == 0 || text[i - 1] == '\n')))
            {
                i++;
            }
            else if (c == ';')
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

    /// <summary>Where a token's trailing trivia ends: blanks, a comment, and one line break (LF or CRLF).</summary>
    public static int ScanTrailing(string text, int i)
    {
        i = PhpFpmScanner.SkipBlanks(text, i);
        if (i < text.Length && text[i] == ';')
        {
            i = CommentEnd(text, i);
        }

        if (i < text.Length && text[i] == '\n')
        {
            return i + 1;
        }

        return i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n' ? i + 2 : i;
    }

    /// <summary>
    /// Whether the scanner starts afresh at <paramref name="i"/>: at the start of a line (after LF, CR or a line's BOM).
    /// There a run of spaces and the <c>[</c> after it match <c>{LABEL}"["</c>, an array key, which is longer than
    /// the blanks alone; a tab is no label character, so tab indentation is eaten as blanks.
    /// </summary>
    private static bool IsLineStart(string text, int i) =>
        i == 0 || text[i - 1] is '\n' or '\r' || (text[i - 1] == '\uFEFF' && IsLineStart(text, i - 1) && (i == 1 || text[i - 2] == '\n'));

    /// <summary>A comment runs to the next CR or LF (<c>[;][^\r\n]*</c>).</summary>
    private static int CommentEnd(string text, int i)
    {
        var end = text.AsSpan(i).IndexOfAny('\r', '\n');
        return end < 0 ? text.Length : i + end;
    }

    /// <summary>A value or name that is exactly one quoted string is a <see cref="TokenKind.QuotedString"/>.</summary>
    private static TokenKind KindOf(string text, int start, int end)
    {
        var quoted = text[start] switch
        {
            '"' => PhpFpmScanner.ScanDoubleQuoted(text, start, null, out _) == end,
            '\'' => PhpFpmScanner.ScanSingleQuoted(text, start, null, out _) == end,
            _ => false,
        };
        return quoted ? TokenKind.QuotedString : TokenKind.Word;
    }

    private static string AtEnd(string text, int position) => position >= text.Length ? "unexpected end of file: " : string.Empty;

    /// <summary>The tokens of a section header.</summary>
    internal readonly record struct SectionHeaderTokens(SyntaxToken OpenBracket, SyntaxToken Name, SyntaxToken CloseBracket);

    /// <summary>The <c>=</c> of an entry and its value, if any.</summary>
    internal readonly record struct AssignmentTokens(SyntaxToken EqualsSign, SyntaxToken? Value);
}
