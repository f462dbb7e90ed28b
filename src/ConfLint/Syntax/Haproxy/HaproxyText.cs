using System.Text;

namespace ConfLint.Syntax.Haproxy;

/// <summary>How HAProxy 2.6 reads a word's value (src/tools.c <c>parse_line</c>), and how to write one back.</summary>
public static class HaproxyText
{
    /// <summary>At most this many characters of a word after its variables are replaced (more is unknown): HAProxy
    /// grows its line buffer without a bound, and 44 doubling <c>setenv</c> lines made an OutOfMemoryException.</summary>
    public const int MaxExpandedLength = 64 * 1024;

    /// <summary>
    /// Quotes removed and escapes resolved as <c>parse_line</c> does; environment variables (inside double quotes)
    /// kept as written (<c>"${PORT}"</c> gives <c>${PORT}</c>): their values are known only where HAProxy runs.
    /// </summary>
    public static string DecodeValue(SyntaxToken token) =>
        token.Kind is TokenKind.Word or TokenKind.QuotedString ? Decode(token.Tree.Source.Text.AsSpan(token.Start, token.End - token.Start)) : token.Text;

    /// <summary>A word as <c>parse_line</c> reads it, environment variables kept as written.</summary>
    public static string Decode(ReadOnlySpan<char> word) => Expand(word, null, out _);

    /// <summary>
    /// A word as HAProxy reads it with <paramref name="environment"/>: each variable replaced by its value, or by
    /// its default (<c>${NAME-default}</c>), or by nothing when it is unset, as HAProxy does. A variable that
    /// <paramref name="environment"/> does not hold makes <paramref name="unknown"/> true (and is kept as written
    /// when <paramref name="environment"/> is null), and so does one whose value would make the word longer than
    /// <see cref="MaxExpandedLength"/>. <c>[*]</c> word expansion is read as one word.
    /// </summary>
    public static string Expand(ReadOnlySpan<char> word, IReadOnlyDictionary<string, string>? environment, out bool unknown)
    {
        unknown = false;
        if (word.IndexOfAny("\"'\\") < 0)
        {
            return word.ToString();
        }

        var text = word.ToString();
        var builder = new StringBuilder(text.Length);
        var squote = false;
        var dquote = false;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c == '"' && !squote)
            {
                dquote = !dquote;
                i++;
            }
            else if (c == '\'' && !dquote)
            {
                squote = !squote;
                i++;
            }
            else if (c == '\\' && !squote)
            {
                var length = HaproxyScanner.EscapeLength(text, i, dquote);
                builder.Append(length switch
                {
                    2 => text[i + 1] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', var other => other },
                    4 => (char)Convert.ToByte(text.Substring(i + 2, 2), 16),
                    _ => '\\',
                });
                i += Math.Max(length, 1);
            }
            else if (c == '$' && dquote)
            {
                var end = HaproxyScanner.ScanVariable(text, i, out var error);
                if (error is not null)
                {
                    builder.Append(text, i, text.Length - i);
                    break;
                }

                var (name, fallback) = Variable(text.AsSpan(i, end - i));
                if (environment is null)
                {
                    builder.Append(text, i, end - i);
                }
                else if ((environment.TryGetValue(name, out var value) ? value : fallback) is { } replacement
                    && builder.Length + replacement.Length > MaxExpandedLength)
                {
                    // setenv V2 "${V1}${V1}" doubles at each line: past this length the value is unknown, not built.
                    unknown = true;
                }
                else if (value is not null)
                {
                    builder.Append(value);
                }
                else if (fallback is not null)
                {
                    builder.Append(fallback);
                }
                else
                {
                    unknown = true;
                }

                i = end;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether the word names an environment variable (a <c>$</c> inside double quotes that is not escaped).</summary>
    public static bool HasVariable(SyntaxToken token)
    {
        var text = token.Tree.Source.Text.Substring(token.Start, token.End - token.Start);
        Expand(text, EmptyEnvironment, out var unknown);
        return unknown;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The name and the default of <c>$NAME</c>, <c>${NAME}</c>, <c>${NAME[*]}</c> or <c>${NAME-default}</c>.</summary>
    private static (string Name, string? Default) Variable(ReadOnlySpan<char> reference)
    {
        var body = reference[1..];
        if (body.Length > 0 && body[0] == '{')
        {
            body = body[1..^1];
        }

        var dash = body.IndexOf('-');
        var name = dash >= 0 ? body[..dash] : body;
        if (name.EndsWith("[*]"))
        {
            name = name[..^3];
        }

        return (name.ToString(), dash >= 0 ? body[(dash + 1)..].ToString() : null);
    }

    /// <summary>
    /// Writes a value so that HAProxy reads it back as one unchanged word: as is when that is safe, in single quotes
    /// when it holds no single quote (nothing is special inside them), otherwise in double quotes with <c>" \ $</c>
    /// escaped.
    /// </summary>
    public static string Quote(string value)
    {
        if (value.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0)
        {
            throw new ArgumentException("a value for a HAProxy configuration cannot hold a line break", nameof(value));
        }

        if (value.Length > 0 && !value.AsSpan().ContainsAny(Special))
        {
            return value;
        }

        if (!value.Contains('\''))
        {
            return "'" + value + "'";
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

    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create(" \t\v\f#\"'\\$");
}
