namespace ConfLint.Host.Systemd;

/// <summary>
/// The simple commands of a shell script given with <c>sh -c</c> (<c>bash -c "cd /srv/app &amp;&amp; exec gunicorn -b :8000
/// app:app"</c>), split as a POSIX shell splits words: quotes and backslashes, and the operators <c>&amp;&amp;</c>,
/// <c>||</c>, <c>;</c>, <c>|</c>, <c>&amp;</c> and new lines between commands. Leading assignments (<c>PORT=8000</c>) are
/// dropped from <see cref="Commands"/>; expansions are left as written, so a bind from a variable stays unknown.
/// <see cref="EnvironmentOf"/> works out the environment one of the commands runs with, as the commands before it change
/// the one the script was given (Paperless-ngx's unit: <c>[ -n "$PAPERLESS_PORT" ] &amp;&amp; export
/// GRANIAN_PORT=$PAPERLESS_PORT; ... exec granian ...</c>).
/// </summary>
public static class ShellScript
{
    /// <summary>One simple command as written: its words (leading assignments kept), the operator that comes before it
    /// (null for the first, <c>;</c> for a new line), and whether a word holds a <c>$</c> the shell does not expand (in
    /// single quotes, or after a backslash), which <see cref="EnvironmentOf"/> cannot tell from one it does.</summary>
    public sealed record Command(IReadOnlyList<string> Words, string? Operator, bool QuotedDollar);

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

    /// <summary>The simple commands of <paramref name="script"/>, each as its words, leading assignments dropped.</summary>
    public static List<List<string>> Commands(string script) =>
        Parse(script).Select(c => c.Words.SkipWhile(IsAssignment).ToList()).Where(c => c.Count > 0).ToList();

    /// <summary>The simple commands of <paramref name="script"/> as written, with the operators between them.</summary>
    public static List<Command> Parse(string script)
    {
        var commands = new List<Command>();
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        var quotedDollar = false;
        string? pending = null;
        void EndWord()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }

        void EndCommand(string separator)
        {
            EndWord();
            if (words.Count > 0)
            {
                commands.Add(new Command(words, pending, quotedDollar));
                words = [];
                quotedDollar = false;
                pending = separator;
            }
            else if (separator != ";")
            {
                // `a &&` and a new line: the operator, not the new line, joins a to what follows; a `(` is kept.
                pending = separator;
            }
        }

        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (c == '\\' && i + 1 < script.Length)
            {
                quotedDollar |= script[i + 1] == '$';
                word.Append(script[++i]);
                inWord = true;
            }
            else if (c == '\'')
            {
                var end = script.IndexOf('\'', i + 1);
                end = end < 0 ? script.Length : end;
                word.Append(script, i + 1, end - i - 1);
                quotedDollar |= script.AsSpan(i + 1, end - i - 1).Contains('$');
                inWord = true;
                i = end;
            }
            else if (c == '"')
            {
                for (i++; i < script.Length && script[i] != '"'; i++)
                {
                    if (script[i] == '\\' && i + 1 < script.Length && script[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        quotedDollar |= script[i + 1] == '$';
                        i++;
                    }

                    word.Append(script[i]);
                }

                inWord = true;
            }
            else if (c is ';' or '&' or '|' or '\n' or '(' or ')')
            {
                var separator = c switch
                {
                    '&' when i + 1 < script.Length && script[i + 1] == '&' => "&&",
                    '|' when i + 1 < script.Length && script[i + 1] == '|' => "||",
                    '\n' => ";",
                    _ => c.ToString(),
                };
                i += separator.Length - 1;
                EndCommand(separator);
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

        EndCommand(";");
        return commands;
    }

    /// <summary>
    /// The environment <paramref name="commands"/>[<paramref name="index"/>] runs with: <paramref name="environment"/> as
    /// the commands before it change it (<c>export NAME=VALUE</c>, <c>NAME=VALUE</c> of a variable already exported,
    /// <c>export NAME</c>, <c>unset NAME</c>), then its own leading assignments. A command runs as its operator says, where
    /// what came before is known: <c>[ -n WORD ]</c>, <c>[ -z WORD ]</c> (also as <c>test</c>), <c>true</c>, <c>:</c>,
    /// <c>false</c> and assignments have a known status. Values expand <c>$NAME</c>, <c>${NAME}</c>,
    /// <c>${NAME:-WORD}</c> and <c>${NAME-WORD}</c>; a variable the environment lacks is empty only where
    /// <paramref name="complete"/> says the environment is all the script is given (systemd's <c>Environment=</c>, every
    /// <c>EnvironmentFile=</c> read, no <c>PassEnvironment=</c>). What cannot be known (a command that may or may not run,
    /// a value with a command substitution, a pipeline's or a subshell's command, <c>.</c>, <c>eval</c>, <c>set</c>, a
    /// compound command) makes the variables it would set <c>Unknown</c>, or every variable (<c>AllUnknown</c>).
    /// </summary>
    public static ScriptEnvironment EnvironmentOf(IReadOnlyList<Command> commands, int index, IReadOnlyDictionary<string, string> environment, bool complete)
    {
        var exported = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        var shell = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var allUnknown = false;
        bool? status = true;

        string? Expand(string value, bool quotedDollar)
        {
            if (!value.Contains('$') && !value.Contains('`'))
            {
                return value;
            }

            if (quotedDollar || value.Contains('`') || allUnknown)
            {
                return null;
            }

            var result = new System.Text.StringBuilder();
            for (var i = 0; i < value.Length; i++)
            {
                if (value[i] != '$')
                {
                    result.Append(value[i]);
                    continue;
                }

                string name;
                string? fallback = null;
                var colon = false;
                if (i + 1 < value.Length && value[i + 1] == '{')
                {
                    var close = value.IndexOf('}', i + 2);
                    if (close < 0)
                    {
                        return null;
                    }

                    var inner = value[(i + 2)..close];
                    var nameLength = ShellSyntax.NameLength(inner);
                    name = inner[..nameLength];
                    var rest = inner[nameLength..];
                    if (nameLength == 0 || (rest.Length > 0 && !rest.StartsWith(":-", StringComparison.Ordinal) && !rest.StartsWith('-')))
                    {
                        return null;
                    }

                    colon = rest.StartsWith(':');
                    fallback = rest.Length == 0 ? null : rest[(colon ? 2 : 1)..];
                    if (fallback is not null && (fallback.Contains('$') || fallback.Contains('`')))
                    {
                        return null;
                    }

                    i = close;
                }
                else
                {
                    var nameLength = ShellSyntax.NameLength(value.AsSpan(i + 1));
                    if (nameLength == 0)
                    {
                        // $1, $@, $(command), $((arithmetic)): not a value the script is given.
                        return null;
                    }

                    name = value.Substring(i + 1, nameLength);
                    i += nameLength;
                }

                if (unknown.Contains(name))
                {
                    return null;
                }

                var found = shell.TryGetValue(name, out var own) ? own : exported.TryGetValue(name, out var given) ? given : null;
                if (found is null && !complete)
                {
                    return null;
                }

                result.Append(fallback is not null && (found is null || (colon && found.Length == 0)) ? fallback : found ?? string.Empty);
            }

            return result.ToString();
        }

        void Set(string name, string? value, bool export)
        {
            if (value is null)
            {
                // Kept as it was besides: a reader that does not ask which variables are unknown reads what the unit set.
                unknown.Add(name);
                return;
            }

            unknown.Remove(name);
            if (export || exported.ContainsKey(name))
            {
                shell.Remove(name);
                exported[name] = value;
            }
            else
            {
                shell[name] = value;
            }
        }

        for (var i = 0; i < index && i < commands.Count; i++)
        {
            var command = commands[i];
            var words = command.Words;
            bool? runs = command.Operator switch
            {
                "&&" => status,
                "||" => status is { } s ? !s : null,
                _ => true,
            };
            var nextIsPipe = i + 1 < commands.Count && commands[i + 1].Operator is "|";
            var inSubshell = command.Operator is "|" || nextIsPipe || (i + 1 < commands.Count && commands[i + 1].Operator is "&");
            var first = words.SkipWhile(IsAssignment).FirstOrDefault();
            if (first is "if" or "then" or "else" or "elif" or "fi" or "case" or "esac" or "for" or "while" or "until" or "do" or "done" or "{" or "}" or "function"
                || command.Operator is "(" || words.Any(w => w.EndsWith("()", StringComparison.Ordinal)))
            {
                // A compound command: what runs inside it is not worked out.
                allUnknown = true;
                status = null;
                continue;
            }

            if (runs == false)
            {
                continue;
            }

            if (inSubshell)
            {
                // A pipeline's or a background command's changes stay in its own process.
                status = null;
                continue;
            }

            if (runs is null)
            {
                foreach (var name in Assigned(words))
                {
                    Set(name, null, false);
                }

                allUnknown |= ChangesAnything(first, words);

                status = null;
                continue;
            }

            switch (first)
            {
                case null:
                    foreach (var assignment in words)
                    {
                        var equals = assignment.IndexOf('=');
                        Set(assignment[..equals], Expand(assignment[(equals + 1)..], command.QuotedDollar), false);
                    }

                    status = true;
                    break;
                case "export":
                    foreach (var argument in words.SkipWhile(IsAssignment).Skip(1))
                    {
                        if (IsAssignment(argument))
                        {
                            var equals = argument.IndexOf('=');
                            Set(argument[..equals], Expand(argument[(equals + 1)..], command.QuotedDollar), true);
                        }
                        else if (argument.StartsWith('-'))
                        {
                            allUnknown = true;
                        }
                        else if (shell.Remove(argument, out var value))
                        {
                            exported[argument] = value;
                        }
                    }

                    status = true;
                    break;
                case "unset":
                    foreach (var argument in words.SkipWhile(IsAssignment).Skip(1).Where(a => !a.StartsWith('-')))
                    {
                        shell.Remove(argument);
                        exported.Remove(argument);
                        unknown.Remove(argument);
                    }

                    status = true;
                    break;
                case "[" or "test":
                    status = Test(words.SkipWhile(IsAssignment).Skip(1).Where(w => w != "]").ToList(), w => Expand(w, command.QuotedDollar));
                    break;
                case "true" or ":":
                    status = true;
                    break;
                case "false":
                    status = false;
                    break;
                case "set" when !ChangesAnything(first, words):
                    status = true;
                    break;
                case "." or "source" or "eval" or "set" or "read" or "readonly" or "declare" or "typeset" or "local":
                    allUnknown = true;
                    status = null;
                    break;
                default:
                    // Another program: its leading assignments are its own environment, and its status is not known.
                    status = null;
                    break;
            }
        }

        if (index < commands.Count && !allUnknown)
        {
            var own = commands[index];
            foreach (var assignment in own.Words.TakeWhile(IsAssignment))
            {
                var equals = assignment.IndexOf('=');
                Set(assignment[..equals], Expand(assignment[(equals + 1)..], own.QuotedDollar), true);
            }
        }

        return new ScriptEnvironment(exported, unknown, allUnknown);
    }

    /// <summary>The status of <c>test</c>'s string checks: <c>-n WORD</c>, <c>-z WORD</c>, <c>WORD</c>; null for another
    /// test or a word whose value is not known.</summary>
    private static bool? Test(List<string> arguments, Func<string, string?> expand)
    {
        var negate = arguments.Count > 0 && arguments[0] == "!";
        var rest = negate ? arguments.Skip(1).ToList() : arguments;
        bool? result = rest switch
        {
            ["-n", var word] => expand(word) is { } value ? value.Length > 0 : null,
            ["-z", var word] => expand(word) is { } value ? value.Length == 0 : null,
            [var word] when !word.StartsWith('-') => expand(word) is { } value ? value.Length > 0 : null,
            _ => null,
        };
        return negate && result is { } r ? !r : result;
    }

    /// <summary>Whether a command may change variables it does not name as assignments: <c>.</c>, <c>source</c>,
    /// <c>eval</c>, <c>read</c>, <c>declare</c> and its kin, <c>set -a</c> (<c>-o allexport</c>); <c>set -e</c> does not.</summary>
    private static bool ChangesAnything(string? first, IReadOnlyList<string> words) => first switch
    {
        "." or "source" or "eval" or "read" or "readonly" or "declare" or "typeset" or "local" => true,
        "set" => words.SkipWhile(IsAssignment).Skip(1).Any(w => w == "allexport" || (w.Length > 1 && w[0] is '-' or '+' && w[1] != '-' && w.Contains('a'))),
        _ => false,
    };

    /// <summary>The variables a command would set in the script's environment.</summary>
    private static IEnumerable<string> Assigned(IReadOnlyList<string> words)
    {
        var first = words.SkipWhile(IsAssignment).FirstOrDefault();
        var assignments = first is null ? words : first is "export" or "readonly" or "declare" or "typeset" or "local" ? words.SkipWhile(IsAssignment).Skip(1).Where(w => !w.StartsWith('-')) : [];
        return assignments.Select(w => w.Contains('=') ? w[..w.IndexOf('=')] : w);
    }

    internal static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=');
        return equals > 0 && ShellSyntax.IsName(word.AsSpan(0, equals));
    }
}

/// <summary>The environment a command of a shell script runs with (<see cref="ShellScript.EnvironmentOf"/>): the variables
/// (one in <c>Unknown</c> with the value it had before the script may have changed it), those the script may have set to a
/// value that is not known, and whether it may have set any at all.</summary>
public sealed record ScriptEnvironment(IReadOnlyDictionary<string, string> Variables, IReadOnlySet<string> Unknown, bool AllUnknown);
