using System.Text;

namespace ConfLint.Syntax.Apache;

/// <summary>
/// A tiny <c>sh</c> for Debian's <c>/etc/apache2/envvars</c>: it keeps the shell's variables and which of them
/// are exported, and runs the simple lines described on <see cref="ApacheVariables"/>; the rest is skipped.
/// </summary>
internal sealed class EnvvarsReader
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _exported = new(StringComparer.Ordinal);

    public EnvvarsReader(IReadOnlyDictionary<string, string>? environment)
    {
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            _values[name] = value;
            _exported.Add(name);
        }
    }

    public void Read(string text)
    {
        var depth = 0;
        foreach (var words in text.Split('\n').SelectMany(line => Commands(line.TrimEnd('\r'))))
        {
            if (words[0] is "if" or "case" or "for" or "while" or "until")
            {
                depth++;
            }
            else if (words[0] is "fi" or "esac" or "done")
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                Run(words);
            }
        }
    }

    /// <summary>The exported variables that are set.</summary>
    public Dictionary<string, string> Exported()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _exported)
        {
            if (_values.TryGetValue(name, out var value))
            {
                result[name] = value;
            }
        }

        return result;
    }

    private void Run(List<string> words)
    {
        switch (words[0])
        {
            case "export":
                foreach (var word in words.Skip(1))
                {
                    if ((Assign(word) ?? (IsName(word) ? word : null)) is { } name)
                    {
                        _exported.Add(name);
                    }
                }

                break;
            case "unset":
                foreach (var name in words.Skip(1))
                {
                    _values.Remove(name);
                    _exported.Remove(name);
                }

                break;
            case ":":
                foreach (var word in words.Skip(1))
                {
                    _ = Expand(word);
                }

                break;
            default:
                if (words.All(IsAssignment))
                {
                    foreach (var word in words)
                    {
                        Assign(word);
                    }
                }

                break;
        }
    }

    /// <summary>Runs <c>NAME=value</c>; the name, or null when the word is no assignment or its value cannot be worked out.</summary>
    private string? Assign(string word)
    {
        if (!IsAssignment(word))
        {
            return null;
        }

        var equals = word.IndexOf('=');
        if (Expand(word[(equals + 1)..]) is not { } value)
        {
            return null;
        }

        _values[word[..equals]] = value;
        return word[..equals];
    }

    /// <summary>
    /// A word's value: quotes removed, backslash escapes resolved, parameters expanded (an unset one is empty);
    /// null for what this reader does not run (command substitution, other expansions), and for a value that would be
    /// longer than <see cref="ApacheVariables.MaxExpandedLength"/>.
    /// </summary>
    private string? Expand(string word)
    {
        var builder = new StringBuilder(word.Length);
        var quote = '\0';
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    builder.Append(c);
                }
            }
            else if (c is '\'' && quote == '\0')
            {
                quote = '\'';
            }
            else if (c == '"')
            {
                quote = quote == '"' ? '\0' : '"';
            }
            else if (c == '\\' && i + 1 < word.Length && (quote == '\0' || word[i + 1] is '$' or '`' or '"' or '\\'))
            {
                builder.Append(word[++i]);
            }
            else if (c == '`')
            {
                return null;
            }
            else if (c == '$')
            {
                // A value longer than ApacheVariables.MaxExpandedLength is not worked out: NAME="$V$V" doubles at each line.
                if (Parameter(word, ref i) is not { } value || builder.Length + value.Length > ApacheVariables.MaxExpandedLength)
                {
                    return null;
                }

                builder.Append(value);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The value of the <c>$</c> expression at <paramref name="i"/>, leaving <paramref name="i"/> on its last character.</summary>
    private string? Parameter(string word, ref int i)
    {
        var nameLength = NameLength(word, i + 1);
        if (nameLength > 0)
        {
            i += nameLength;
            return _values.GetValueOrDefault(word.Substring(i - nameLength + 1, nameLength), string.Empty);
        }

        if (i + 1 >= word.Length || word[i + 1] != '{')
        {
            // "$(" is a command substitution; "$" before anything else is itself.
            return i + 1 < word.Length && word[i + 1] == '(' ? null : "$";
        }

        var close = word.IndexOf('}', i + 2);
        nameLength = NameLength(word, i + 2);
        if (close < 0 || nameLength == 0)
        {
            return null;
        }

        var name = word.Substring(i + 2, nameLength);
        var operation = word[(i + 2 + nameLength)..close];
        i = close;
        var set = _values.TryGetValue(name, out var current);
        var useDefault = operation.StartsWith(':') ? string.IsNullOrEmpty(current) : !set;
        switch (operation.TrimStart(':'))
        {
            case "" when operation.Length == 0:
                return current ?? string.Empty;
            case ['-', ..] or ['=', ..]:
                if (!useDefault)
                {
                    return current;
                }

                if (Expand(operation.TrimStart(':')[1..]) is not { } fallback)
                {
                    return null;
                }

                if (operation.TrimStart(':')[0] == '=')
                {
                    _values[name] = fallback;
                }

                return fallback;
            default:
                return null;
        }
    }

    /// <summary>
    /// Splits a line into commands at unquoted <c>;</c>, and each command into raw words (quotes kept, for
    /// <see cref="Expand"/>) at unquoted blanks, up to an unquoted <c>#</c> that starts a word. A line with an
    /// unclosed quote gives no command.
    /// </summary>
    private static List<List<string>> Commands(string line)
    {
        var commands = new List<List<string>>();
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote == '\0' && (c is ' ' or '\t' or ';' || (c == '#' && word.Length == 0)))
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }

                if (c == '#')
                {
                    break;
                }

                if (c == ';' && words.Count > 0)
                {
                    commands.Add(words);
                    words = [];
                }

                continue;
            }

            if (c == '\\' && quote != '\'' && i + 1 < line.Length)
            {
                word.Append(c);
                c = line[++i];
            }
            else if (c is '"' or '\'' && (quote == '\0' || quote == c))
            {
                quote = quote == '\0' ? c : '\0';
            }

            word.Append(c);
        }

        if (quote != '\0')
        {
            return [];
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        if (words.Count > 0)
        {
            commands.Add(words);
        }

        return commands;
    }

    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=');
        return equals > 0 && IsName(word[..equals]);
    }

    private static bool IsName(string word) => word.Length > 0 && NameLength(word, 0) == word.Length;

    /// <summary>The length of the shell name (letters, digits, <c>_</c>, not starting with a digit) at <paramref name="i"/>.</summary>
    private static int NameLength(string text, int i)
    {
        var j = i;
        while (j < text.Length && (text[j] == '_' || char.IsAsciiLetter(text[j]) || (j > i && char.IsAsciiDigit(text[j]))))
        {
            j++;
        }

        return j - i;
    }
}
