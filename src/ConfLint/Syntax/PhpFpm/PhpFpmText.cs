using System.Text;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>How PHP-FPM reads a token's text, following PHP's INI scanner (see <see cref="PhpFpmScanner"/> and
/// <see cref="PhpFpmValueReader"/>).</summary>
public static class PhpFpmText
{
    /// <summary>
    /// A key: <c>php_admin_value[memory_limit]</c> with the blanks PHP drops removed (outside the brackets, after
    /// <c>[</c>, before <c>]</c> where a quoted piece ends). A section name or a value: quotes removed, <c>\"</c>,
    /// <c>\\</c> and <c>\$</c> unescaped inside double quotes, blanks next to double-quoted pieces dropped; words,
    /// <c>${VAR}</c>, <c>$pool</c>, constants, booleans and expression operators kept as written.
    /// </summary>
    public static string DecodeValue(SyntaxToken token) => Decode(token, null);

    /// <summary>
    /// Like <see cref="DecodeValue(SyntaxToken)"/>, with each <c>${NAME}</c> that PHP expands (not inside single quotes, not
    /// <c>\${</c> inside double quotes) replaced by <paramref name="variables"/>'s answer, or by nothing when it has none.
    /// </summary>
    public static string DecodeValue(SyntaxToken token, Func<string, string?> variables) => Decode(token, variables);

    private static string Decode(SyntaxToken token, Func<string, string?>? variables)
    {
        if (token.Kind is TokenKind.Punctuation or TokenKind.EndOfFile)
        {
            return token.Text;
        }

        var tokens = token.Tree.Tokens;
        var text = token.Tree.Source.Text;
        var next = token.Index + 1 < tokens.Count ? tokens[token.Index + 1] : default;
        var followedBy = next.Kind == TokenKind.Punctuation ? text[next.Start] : '\0';
        if (followedBy == '=')
        {
            return DecodeKey(text, token.Start, token.End, variables);
        }

        var span = text.AsSpan(token.Start, token.End - token.Start);
        if (span.IndexOfAny('"', '\'') < 0 && !EndsInDollar(span) && (variables is null || !span.Contains("${", StringComparison.Ordinal)))
        {
            return token.Text;
        }

        var value = new PhpFpmValueBuilder(span.Length, variables);
        if (followedBy == ']')
        {
            PhpFpmScanner.ScanBracketed(text, token.Start, isKey: false, value, out _, out _, out _);
        }
        else
        {
            PhpFpmValueReader.Read(text, token.Start, span, int.MaxValue, value, out _);
        }

        return value.ToString();
    }

    /// <summary>A value that ends in <c>$</c> or <c>$\</c> may take the line break with it (see <see cref="PhpFpmScanner.ScanRun"/>).</summary>
    private static bool EndsInDollar(ReadOnlySpan<char> span) =>
        span.Length > 0 && (span[^1] == '$' || (span.Length > 1 && span[^1] == '\\' && span[^2] == '$'));

    /// <summary>Writes a value so that PHP reads it back unchanged, quoting only when needed.</summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && NeedsNoQuotes(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\' or '$')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    private static string DecodeKey(string text, int start, int end, Func<string, string?>? variables)
    {
        var bracket = text.AsSpan(start, end - start).IndexOf('[');
        if (bracket < 0)
        {
            return text.Substring(start, end - start);
        }

        var baseEnd = start + bracket;
        while (text[baseEnd - 1] == ' ')
        {
            baseEnd--;
        }

        var key = new PhpFpmValueBuilder(end - start, variables).Append(text, start, baseEnd - start).Append('[');
        PhpFpmScanner.ScanBracketed(text, PhpFpmScanner.SkipBlanks(text, start + bracket + 1), isKey: true, key, out _, out _, out _);
        return key.Append(']').ToString();
    }

    /// <summary>
    /// Plain words and paths: no blanks at the ends, nothing the scanner treats specially, not a boolean, and no word
    /// that could be a PHP constant (PHP replaces a blank-separated <c>E_ALL</c> or <c>PHP_EOL</c> by its value).
    /// </summary>
    private static bool NeedsNoQuotes(string value)
    {
        if (PhpFpmScanner.IsBlank(value[0]) || PhpFpmScanner.IsBlank(value[^1]) || PhpFpmValueReader.IsReservedWord(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is '"' or '\'' or ';' or '=' or '&' or '|' or '^' or '~' or '(' or ')' or '!' or '$' or '\n' or '\r' or '\0')
            {
                return false;
            }
        }

        foreach (var word in value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (LooksLikeConstant(word))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An identifier (<c>CONSTANT</c>: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>) without lower-case letters.</summary>
    private static bool LooksLikeConstant(string word)
    {
        if (char.IsAsciiDigit(word[0]))
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
