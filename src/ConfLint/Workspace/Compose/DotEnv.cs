using System.Text;

namespace ConfLint.Workspace.Compose;

/// <summary>
/// An env file as Compose reads it (compose-go's <c>dotenv/parser.go</c>): <c>KEY=VALUE</c> or <c>KEY: VALUE</c> per
/// statement, <c>export</c> allowed before the key, <c>#</c> lines skipped. An unquoted value runs to the end of its line,
/// cut at <c> #</c> and right-trimmed, and is interpolated; a double-quoted one may span lines, has its escapes
/// (<c>\n</c>, <c>\t</c>, <c>\"</c>, <c>\\</c>, <c>\$</c>) expanded and is interpolated; a single-quoted one is taken as
/// written. A key alone on its line takes its value from the environment Compose runs in (unknown, unless
/// <paramref name="lookup"/> knows it). Interpolation looks a name up
/// with <paramref name="lookup"/> first, then among the keys read before it in the file (as Compose does: the process
/// environment wins). A value ConfLint cannot know is null; a file that does not parse (an unterminated quote, a key
/// with a character Compose refuses) keeps what was read before the fault and says where it stopped.
/// </summary>
public static class DotEnv
{
    /// <summary>Reads <paramref name="text"/> into <paramref name="into"/>; returns null, or why Compose would refuse the file.</summary>
    public static string? Read(string text, Dictionary<string, string?> into, Func<string, ComposeVariable> lookup)
    {
        var line = 1;
        var i = 0;
        while (true)
        {
            // The statement's start: blanks and whole-line comments skipped.
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                line += text[i] == '\n' ? 1 : 0;
                i++;
            }

            if (i >= text.Length)
            {
                return null;
            }

            if (text[i] == '#')
            {
                var end = text.IndexOf('\n', i);
                if (end < 0)
                {
                    return null;
                }

                i = end;
                continue;
            }

            if (text.AsSpan(i).StartsWith("export") && i + 6 < text.Length && text[i + 6] is ' ' or '\t')
            {
                i += 6;
                while (i < text.Length && text[i] is ' ' or '\t')
                {
                    i++;
                }
            }

            var keyStart = i;
            var inherited = true;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c is '=' or ':' or '\n')
                {
                    inherited = c == '\n';
                    break;
                }

                if (c is ' ' or '\t' or '\r' or '\v' or '\f' or '_' or '.' or '-' or '[' or ']' || char.IsLetterOrDigit(c))
                {
                    continue;
                }

                return $"line {line}: unexpected character '{c}' in a variable name";
            }

            var key = text[keyStart..i].TrimEnd();
            if (key.Contains(' ', StringComparison.Ordinal) || key.Contains('\t', StringComparison.Ordinal))
            {
                return $"line {line}: a key holds a blank";
            }

            if (inherited)
            {
                // A name alone: the value of the environment Compose is started from, if it has one; ConfLint does not see
                // that environment, so the value is unknown rather than unset.
                if (key.Length > 0)
                {
                    into[key] = lookup(key).Value;
                }

                line++;
                i++;
                continue;
            }

            i++;
            while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\v' or '\f')
            {
                i++;
            }

            if (i < text.Length && text[i] is '"' or '\'')
            {
                var quote = text[i];
                var value = new StringBuilder();
                var escaped = false;
                var closed = -1;
                for (var j = i + 1; j < text.Length; j++)
                {
                    var c = text[j];
                    line += c == '\n' ? 1 : 0;
                    if (c != quote || escaped)
                    {
                        if (!escaped && c == '\\')
                        {
                            escaped = true;
                            continue;
                        }

                        if (escaped && c != quote)
                        {
                            value.Append('\\');
                        }

                        escaped = false;
                        value.Append(c);
                        continue;
                    }

                    closed = j;
                    break;
                }

                if (closed < 0)
                {
                    return $"line {line}: a quoted value is not closed";
                }

                into[key] = quote == '"' ? Expand(Escapes(value.ToString()), into, lookup) : value.ToString();
                i = closed + 1;
                continue;
            }

            var lineEnd = text.IndexOf('\n', i);
            var raw = lineEnd < 0 ? text[i..] : text[i..lineEnd];
            var comment = raw.IndexOf(" #", StringComparison.Ordinal);
            raw = (comment >= 0 ? raw[..comment] : raw).TrimEnd();
            into[key] = Expand(raw, into, lookup);
            line++;
            i = lineEnd < 0 ? text.Length : lineEnd + 1;
        }
    }

    private static string? Expand(string value, Dictionary<string, string?> read, Func<string, ComposeVariable> lookup) =>
        ComposeInterpolation.Substitute(value, name =>
        {
            var outside = lookup(name);
            if (outside.Known || outside.Unknown)
            {
                return outside;
            }

            return read.TryGetValue(name, out var earlier) ? (earlier is null ? ComposeVariable.Unresolved : ComposeVariable.Of(earlier)) : ComposeVariable.Unset;
        });

    /// <summary>The escapes of a double-quoted value: <c>\a \b \f \n \r \t \v \" \\</c>, an octal <c>\0NNN</c>, and <c>\$</c>
    /// as Compose's literal dollar (<c>$$</c>); any other backslash stays.</summary>
    private static string Escapes(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 >= value.Length)
            {
                result.Append(value[i]);
                continue;
            }

            var next = value[i + 1];
            var simple = next switch
            {
                'a' => "\a", 'b' => "\b", 'f' => "\f", 'n' => "\n", 'r' => "\r", 't' => "\t", 'v' => "\v",
                '"' => "\"", '\\' => "\\", '$' => "$$", _ => null,
            };
            if (simple is not null)
            {
                result.Append(simple);
                i++;
                continue;
            }

            if (next == '0' && i + 4 < value.Length && value.AsSpan(i + 2, 3).IndexOfAnyExceptInRange('0', '7') < 0)
            {
                result.Append((char)Convert.ToInt32(value.Substring(i + 2, 3), 8));
                i += 4;
                continue;
            }

            result.Append('\\');
        }

        return result.ToString();
    }
}
