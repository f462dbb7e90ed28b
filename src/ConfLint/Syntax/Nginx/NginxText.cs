using System.Text;

namespace ConfLint.Syntax.Nginx;

/// <summary>How nginx tooling reads a token's value.</summary>
public static class NginxText
{
    /// <summary>
    /// Quotes removed; <c>\"</c> inside double quotes and <c>\'</c> inside single quotes unescaped; every other
    /// backslash kept (<c>"b\.c"</c> gives <c>b\.c</c>, <c>d\ e</c> stays <c>d\ e</c>).
    /// </summary>
    public static string DecodeValue(SyntaxToken token)
    {
        if (token.Kind != TokenKind.QuotedString)
        {
            return ValueTable.Get(token.Tree.Source.Chars.Slice(token.Start, token.End - token.Start));
        }

        var text = token.Tree.Source.Chars;
        var quote = text[token.Start];
        var start = token.Start + 1;
        var end = token.End - 1;
        var body = text.Slice(start, end - start);
        if (body.IndexOf('\\') < 0)
        {
            return ValueTable.Get(body);
        }

        var builder = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                if (body[i + 1] == quote)
                {
                    builder.Append(quote);
                }
                else
                {
                    builder.Append(body[i]).Append(body[i + 1]);
                }

                i++;
                continue;
            }

            builder.Append(body[i]);
        }

        return builder.ToString();
    }

    /// <summary>Writes a value so that nginx reads it back unchanged, quoting only when needed.</summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && NeedsNoQuotes(value))
        {
            return value;
        }

        return "\"" + value.Replace("\"", "\\\"") + "\"";
    }

    private static bool NeedsNoQuotes(string value)
    {
        if (value[0] is '"' or '\'' or '#' or '}')
        {
            return false;
        }

        var variable = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n' or ';' or '\\' || (c == '{' && !variable))
            {
                return false;
            }

            variable = c == '$';
        }

        return true;
    }
}
