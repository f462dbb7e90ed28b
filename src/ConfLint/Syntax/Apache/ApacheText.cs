using System.Text;

namespace ConfLint.Syntax.Apache;

/// <summary>How httpd reads a token's value (<c>ap_getword_conf</c> and <c>substring_conf</c> in server/util.c).</summary>
public static class ApacheText
{
    /// <summary>
    /// Line continuations removed first (httpd joins the lines before it splits words); then, in a quoted word,
    /// the quotes removed and <c>\"</c> (or <c>\'</c> inside single quotes) and <c>\\</c> unescaped; in an
    /// unquoted word, <c>\\</c> unescaped. Every other backslash is kept (<c>"\.php$"</c> gives <c>\.php$</c>).
    /// A quote httpd accepts unclosed is removed at the start only. <c>${VAR}</c> is left as written.
    /// </summary>
    public static string DecodeValue(SyntaxToken token)
    {
        if (token.Kind is not (TokenKind.Word or TokenKind.QuotedString))
        {
            return token.Text;
        }

        var raw = token.Tree.Source.Text.AsSpan(token.Start, token.End - token.Start);
        if (raw.IndexOf('\\') < 0)
        {
            return token.Kind == TokenKind.Word ? raw.ToString() : StripQuotes(raw).ToString();
        }

        return Decode(JoinLines(raw));
    }

    /// <summary>A word as <c>ap_getword_conf</c> reads it, from its text with the lines already joined.</summary>
    public static string Decode(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return string.Empty;
        }

        var quote = word[0] is '"' or '\'' ? word[0] : '\0';
        var builder = new StringBuilder(word.Length);
        for (var i = quote == '\0' ? 0 : 1; i < word.Length; i++)
        {
            var c = word[i];
            if (c == quote)
            {
                break;
            }

            if (c == '\\' && i + 1 < word.Length && (word[i + 1] == '\\' || (quote != '\0' && word[i + 1] == quote)))
            {
                i++;
                c = word[i];
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The text with every line continuation (backslash, LF or CRLF) removed, as <c>ap_cfg_getline</c> joins lines.</summary>
    public static string JoinLines(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        var source = text.ToString();
        for (var i = 0; i < source.Length; i++)
        {
            if (ApacheScanner.ContinuationLength(source, i) is var length and > 0)
            {
                i += length - 1;
                continue;
            }

            builder.Append(source[i]);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Writes a value so that httpd reads it back as one unchanged word: as is when that is safe, otherwise
    /// in double quotes with <c>"</c> and the backslashes httpd would take for escapes escaped.
    /// </summary>
    public static string Quote(string value)
    {
        if (value.Contains('\n'))
        {
            throw new ArgumentException("a value for an Apache configuration cannot hold a line break", nameof(value));
        }

        if (NeedsNoQuotes(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"' || (c == '\\' && (i + 1 == value.Length || value[i + 1] is '\\' or '"')))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    private static bool NeedsNoQuotes(string value)
    {
        if (value.Length == 0 || value[0] is '"' or '\'' or '#' or '<' || value[^1] == '\\' || value.Contains("\\\\", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (ApacheScanner.IsBlank(c))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> StripQuotes(ReadOnlySpan<char> quoted)
    {
        var body = quoted[1..];
        return body.Length > 0 && body[^1] == quoted[0] ? body[..^1] : body;
    }
}
