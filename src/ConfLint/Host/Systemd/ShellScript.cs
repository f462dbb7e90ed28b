namespace ConfLint.Host.Systemd;

/// <summary>
/// The simple commands of a shell script given with <c>sh -c</c> (<c>bash -c "cd /srv/app &amp;&amp; exec gunicorn -b :8000
/// app:app"</c>), split as a POSIX shell splits words: quotes and backslashes, and the operators <c>&amp;&amp;</c>,
/// <c>||</c>, <c>;</c>, <c>|</c>, <c>&amp;</c> and new lines between commands. Leading assignments (<c>PORT=8000</c>) are
/// dropped; expansions are left as written, so a bind from a variable stays unknown.
/// </summary>
public static class ShellScript
{
    /// <summary>The script of a shell command line: the word after an option holding <c>c</c> (<c>-c</c>, <c>-lc</c>,
    /// <c>-ec</c>), or null.</summary>
    public static int ScriptIndex(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i];
            if (!word.StartsWith('-') || word.StartsWith("--", StringComparison.Ordinal))
            {
                return -1;
            }

            if (word.Length > 1 && word.AsSpan(1).IndexOfAnyExcept("abcdefhilmnoprstuvx") < 0 && word.Contains('c', StringComparison.Ordinal))
            {
                return i + 1 < arguments.Count ? i + 1 : -1;
            }
        }

        return -1;
    }

    /// <summary>The simple commands of <paramref name="script"/>, each as its words.</summary>
    public static List<List<string>> Commands(string script)
    {
        var commands = new List<List<string>>();
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        void EndWord()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }

        void EndCommand()
        {
            EndWord();
            if (words.Count > 0)
            {
                commands.Add(words.SkipWhile(IsAssignment).ToList());
                words = [];
            }
        }

        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (c == '\\' && i + 1 < script.Length)
            {
                word.Append(script[++i]);
                inWord = true;
            }
            else if (c == '\'')
            {
                var end = script.IndexOf('\'', i + 1);
                end = end < 0 ? script.Length : end;
                word.Append(script, i + 1, end - i - 1);
                inWord = true;
                i = end;
            }
            else if (c == '"')
            {
                for (i++; i < script.Length && script[i] != '"'; i++)
                {
                    if (script[i] == '\\' && i + 1 < script.Length && script[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }

                    word.Append(script[i]);
                }

                inWord = true;
            }
            else if (c is ';' or '&' or '|' or '\n' or '(' or ')')
            {
                EndCommand();
            }
            else if (c is ' ' or '\t' or '\r')
            {
                EndWord();
            }
            else if (c == '#' && !inWord)
            {
                var end = script.IndexOf('\n', i);
                i = end < 0 ? script.Length : end - 1;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        EndCommand();
        return commands.Where(c => c.Count > 0).ToList();
    }

    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=');
        return equals > 0 && (char.IsAsciiLetter(word[0]) || word[0] == '_') && word.AsSpan(0, equals).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") < 0;
    }
}
