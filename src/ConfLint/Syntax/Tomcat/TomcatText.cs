using System.Globalization;
using System.Text;

namespace ConfLint.Syntax.Tomcat;

/// <summary>How an XML parser reads an attribute value of server.xml, and how to write one.</summary>
public static class TomcatText
{
    /// <summary>
    /// For a quoted value: the quotes removed, the five predefined references and character references resolved,
    /// and each tab, CR, LF or CRLF read as one space (XML's attribute-value normalization). Other tokens as written.
    /// </summary>
    public static string DecodeValue(SyntaxToken token)
    {
        if (token.Kind != TokenKind.QuotedString)
        {
            return token.Text;
        }

        var body = token.Tree.Source.Text.AsSpan(token.Start + 1, token.End - token.Start - 2);
        if (body.IndexOfAny("&\t\r\n") < 0)
        {
            return body.ToString();
        }

        var builder = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\r' && i + 1 < body.Length && body[i + 1] == '\n')
            {
                continue;
            }

            if (c is '\t' or '\r' or '\n')
            {
                builder.Append(' ');
            }
            else if (c == '&' && body[i..].IndexOf(';') is var semicolon and > 1)
            {
                builder.Append(Reference(body.Slice(i + 1, semicolon - 1)));
                i += semicolon;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>A value written in double quotes, with what XML must escape there escaped.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal) + "\"";

    private static string Reference(ReadOnlySpan<char> name) => name switch
    {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        _ when name.StartsWith("#x") && int.TryParse(name[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) => char.ConvertFromUtf32(hex),
        _ when name.StartsWith("#") && int.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) => char.ConvertFromUtf32(number),
        _ => "&" + name.ToString() + ";",
    };
}
