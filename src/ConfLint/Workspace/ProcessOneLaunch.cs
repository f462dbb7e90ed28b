namespace ConfLint.Workspace;

/// <summary>
/// What the root's process 1 runs, read as a launch the way an <c>ExecStart=</c> is: its words from
/// <c>/proc/1/cmdline</c> (the kernel's argv, each word ended by a NUL), the init shim a container puts first taken off,
/// and a shell script it runs followed to the command its last line <c>exec</c>s (the shell replaces itself with that
/// program, bash(1) "exec"; a container's process 1 is then that program). Nothing runs; every file is read under the
/// root only, through the <see cref="RootedFileSystem"/>.
/// <list type="bullet">
/// <item>dumb-init (Yelp/dumb-init, dumb-init.c: <c>getopt_long(argc, argv, "+hvVcr:", ...)</c> with <c>--help</c>,
/// <c>--single-child</c>, <c>--rewrite</c>, <c>--verbose</c>, <c>--version</c>; <c>+</c>: options stop at the first
/// operand, which is the program);</item>
/// <item>tini and docker's <c>docker-init</c> (krallin/tini, tini.c: <c>getopt(argc, argv, "p:hvwgle:s")</c>, glibc's
/// getopt permuting: a dash word after the program is still tini's unless <c>--</c> ends tini's options, so such a
/// command line without <c>--</c> is left not known);</item>
/// <item>catatonit (podman's): only <c>catatonit -- PROGRAM</c> or <c>catatonit PROGRAM</c> with no dash word after it
/// (its options are not read here).</item>
/// </list>
/// A script is followed where the program is <c>sh</c>, <c>bash</c> or <c>dash</c> given a script file, or an absolute
/// path whose <c>#!</c> line names one of them; at most <see cref="MaxDepth"/> scripts deep. Its last command line must be
/// <c>exec</c> with words that are all literal (quotes and backslashes read as the shell reads them; a <c>$</c>,
/// backquote, glob, redirection or operator leaves it not known), and no earlier line may <c>exec</c> a program (a branch
/// that replaces the shell first). Where any of that does not hold, <see cref="Why"/> says so and
/// <see cref="Words"/> are the last ones known.
/// </summary>
/// <param name="Words">The program process 1 ends up running and its arguments.</param>
/// <param name="Scripts">The scripts followed to it (server paths), process 1's own first.</param>
/// <param name="Init">The init shim process 1 is (dumb-init, tini), or null where it runs the program itself.</param>
/// <param name="Why">Why the program is not known, where it is not; null where <see cref="Words"/> is it.</param>
internal sealed record ProcessOneLaunch(IReadOnlyList<string> Words, IReadOnlyList<string> Scripts, string? Init, string? Why)
{
    /// <summary>How many scripts deep process 1's command is followed.</summary>
    public const int MaxDepth = 3;

    /// <summary>A larger file is no launch script ConfLint reads.</summary>
    private const long MaxScriptSize = 512 * 1024;

    /// <summary>Options of dumb-init that take a value (<c>-r</c>/<c>--rewrite</c>), and those that print and exit.</summary>
    private static readonly string[] DumbInitLong = ["help", "single-child", "rewrite=", "verbose", "version"];

    /// <summary>The program process 1 runs, or null where the root shows no process 1 (no <c>/proc/1/cmdline</c>, or no
    /// <c>--root</c>).</summary>
    public static ProcessOneLaunch? Read(RootedFileSystem fs)
    {
        if (fs.Root is null || !fs.FileExists("/proc/1/cmdline"))
        {
            return null;
        }

        var text = string.Join('\n', fs.ReadLines("/proc/1/cmdline"));
        var words = text.Split('\0').ToList();
        if (words.Count > 0 && words[^1].Length == 0)
        {
            words.RemoveAt(words.Count - 1);
        }

        if (words.Count == 0 || words[0].Length == 0)
        {
            return null;
        }

        string? init = null;
        if (Unwrap(words, out var why) is { } program)
        {
            init = words[0][(words[0].LastIndexOf('/') + 1)..];
            words = program;
        }
        else if (why is not null)
        {
            return new ProcessOneLaunch(words, [], words[0], why);
        }

        var scripts = new List<string>();
        while (ScriptOf(fs, words) is { } script)
        {
            if (scripts.Count == MaxDepth)
            {
                return new ProcessOneLaunch(words, scripts, init, $"it runs scripts more than {MaxDepth} deep");
            }

            scripts.Add(script);
            if (FinalExec(fs, script, out why) is not { } next)
            {
                return new ProcessOneLaunch(words, scripts, init, why);
            }

            words = next;
            if (Unwrap(words, out why) is { } unwrapped)
            {
                words = unwrapped;
            }
            else if (why is not null)
            {
                return new ProcessOneLaunch(words, scripts, init, why);
            }
        }

        return new ProcessOneLaunch(words, scripts, init, null);
    }

    /// <summary>The words of the program an init shim runs; null where <paramref name="words"/> is no shim
    /// (<paramref name="why"/> null) or its program is not known (<paramref name="why"/> says why).</summary>
    internal static List<string>? Unwrap(IReadOnlyList<string> words, out string? why)
    {
        why = null;
        var name = words[0][(words[0].LastIndexOf('/') + 1)..];
        int first;
        switch (name)
        {
            case "dumb-init":
                first = DumbInitProgram(words, out why);
                break;
            case "tini" or "tini-static" or "docker-init":
                first = TiniProgram(words, out why);
                break;
            case "catatonit":
                first = words.Count > 1 && words[1] == "--" ? 2 : 1;
                if (first == 1 && words.Skip(1).Any(w => w.StartsWith('-')))
                {
                    why = $"{name}'s options are not read here";
                    return null;
                }

                break;
            default:
                return null;
        }

        if (first < 0)
        {
            return null;
        }

        if (first >= words.Count)
        {
            why = $"{name} is given no program";
            return null;
        }

        return words.Skip(first).ToList();
    }

    /// <summary>The index of dumb-init's program: getopt_long with <c>+</c> stops at the first operand or after
    /// <c>--</c>; -1 (with why) where dumb-init prints and exits or refuses an option.</summary>
    private static int DumbInitProgram(IReadOnlyList<string> words, out string? why)
    {
        why = null;
        var i = 1;
        while (i < words.Count)
        {
            var word = words[i];
            if (word == "--")
            {
                return i + 1;
            }

            if (!word.StartsWith('-') || word == "-")
            {
                return i;
            }

            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = word.IndexOf('=');
                var given = equals < 0 ? word[2..] : word[2..equals];
                var matches = DumbInitLong.Where(o => o.TrimEnd('=') == given).ToList();
                if (matches.Count == 0)
                {
                    matches = DumbInitLong.Where(o => o.StartsWith(given, StringComparison.Ordinal)).ToList();
                }

                if (given.Length == 0 || matches.Count != 1 || matches[0] is "help" or "version")
                {
                    why = $"dumb-init stops at {word} (help, version, or an option it does not have)";
                    return -1;
                }

                i += matches[0].EndsWith('=') && equals < 0 ? 2 : 1;
                continue;
            }

            var next = i + 1;
            for (var at = 1; at < word.Length; at++)
            {
                switch (word[at])
                {
                    case 'v' or 'c':
                        continue;
                    case 'r':
                        next = at + 1 == word.Length ? i + 2 : i + 1;
                        at = word.Length;
                        continue;
                    default:
                        why = $"dumb-init stops at {word} (help, version, or an option it does not have)";
                        return -1;
                }
            }

            i = next;
        }

        return i;
    }

    /// <summary>The index of tini's program: tini's options (<c>p:hvwgle:s</c>) until <c>--</c> or the program; -1 (with
    /// why) where tini prints and exits (<c>-h</c>, <c>-l</c>), refuses an option, or would take a word after the program
    /// for its own (glibc's getopt permutes the words unless <c>--</c> ends its options).</summary>
    private static int TiniProgram(IReadOnlyList<string> words, out string? why)
    {
        why = null;
        var i = 1;
        while (i < words.Count)
        {
            var word = words[i];
            if (word == "--")
            {
                return i + 1;
            }

            if (!word.StartsWith('-') || word == "-")
            {
                if (words.Skip(i + 1).Any(w => w.StartsWith('-') && w != "-"))
                {
                    why = "tini is given no '--' before its program, and glibc's getopt takes the program's dash words for tini's own";
                    return -1;
                }

                return i;
            }

            var next = i + 1;
            for (var at = 1; at < word.Length; at++)
            {
                switch (word[at])
                {
                    case 'v' or 'w' or 'g' or 's':
                        continue;
                    case 'p' or 'e':
                        next = at + 1 == word.Length ? i + 2 : i + 1;
                        at = word.Length;
                        continue;
                    default:
                        why = $"tini stops at {word} (help, license, or an option it does not have)";
                        return -1;
                }
            }

            i = next;
        }

        return i;
    }

    /// <summary>The script a command runs, as a server path: <c>sh|bash|dash SCRIPT</c> (no option before it), or an
    /// absolute path whose <c>#!</c> line names sh, bash or dash; null for any other command.</summary>
    private static string? ScriptOf(RootedFileSystem fs, IReadOnlyList<string> words)
    {
        var name = words[0][(words[0].LastIndexOf('/') + 1)..];
        var path = name is "sh" or "bash" or "dash" ? (words.Count > 1 && !words[1].StartsWith('-') ? words[1] : null) : words[0];
        if (path is null || !path.StartsWith('/') || fs.SizeOf(path) is not (> 0 and <= MaxScriptSize))
        {
            return null;
        }

        path = RootedFileSystem.Normalize(path);
        if (ReferenceEquals(path, words[0]) || path == words[0])
        {
            // Run by the kernel: only as the shell its #! line names.
            var head = fs.ReadHead(path, 256);
            if (head is null || !head.StartsWith("#!", StringComparison.Ordinal))
            {
                return null;
            }

            var line = head[2..(head.IndexOf('\n') is >= 0 and var end ? end : head.Length)].Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            var shell = line.Length == 0 ? null : line[0].EndsWith("/env", StringComparison.Ordinal) && line.Length > 1 ? line[1] : line[0];
            if (shell is null || shell[(shell.LastIndexOf('/') + 1)..] is not ("sh" or "bash" or "dash"))
            {
                return null;
            }
        }

        return path;
    }

    /// <summary>
    /// Whether an entrypoint script (a server path) ends by running the command it is given: a container's
    /// <c>ENTRYPOINT</c> is run with the command's words as its arguments (Docker's "ENTRYPOINT and CMD interact": the
    /// command is appended to the entrypoint; Compose's <c>command</c> replaces the image's <c>CMD</c>, and its
    /// <c>entrypoint</c> replaces the image's <c>ENTRYPOINT</c> and clears its <c>CMD</c>), and a script whose last line
    /// is <c>exec "$@"</c> replaces itself with them (bash(1) "exec", "Special Parameters": <c>"$@"</c> is each positional
    /// parameter as its own word). Read as <see cref="Read"/> reads a launch script: a <c>#!</c> line naming sh, bash or
    /// dash, the last command line not continued from the one before it, no earlier line that may <c>exec</c> a program.
    /// Also taken: <c>exec $@</c>, and <c>exec $NAME</c> where the script's only assignment to NAME is <c>NAME="$@"</c>
    /// (or <c>$@</c>, <c>"$*"</c>): both unquoted, so the shell splits the words again at blanks and expands globs, and
    /// they are the same words only where no argument holds a blank or a glob. A script that may change its positional
    /// parameters (<c>shift</c>, <c>set --</c> or <c>set</c> with an operand) is not read, nor a variable assigned or
    /// read (<c>read</c>, <c>for</c>) anywhere else; files the script sources are the image's and are not read.
    /// </summary>
    /// <param name="arguments">The command's words the script is given.</param>
    /// <param name="why">Why the script is not known to run them, where it is not.</param>
    internal static bool RunsItsArguments(RootedFileSystem fs, string script, IReadOnlyList<string> arguments, out string? why)
    {
        var display = fs.DisplayPath(script);
        if (ScriptOf(fs, [script]) is null)
        {
            why = $"{display} is no sh, bash or dash script ConfLint reads (a #! line naming one of them)";
            return false;
        }

        if (LastCommand(fs, script, display, out var lines, out why) is not { } last)
        {
            return false;
        }

        var match = System.Text.RegularExpressions.Regex.Match(lines[last], @"^exec\s+(?:""\$(?:@|\{@\})""|\$@|\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?)\s*(?:#.*)?$");
        if (!match.Success)
        {
            why = $"the last line of {display} (line {last + 1}) is no exec of the command it is given (exec \"$@\")";
            return false;
        }

        for (var i = 0; i < last; i++)
        {
            if (ExecsEarlier(lines[i]))
            {
                why = $"{display} may exec another program first (line {i + 1})";
                return false;
            }

            if (ChangesArguments(lines[i]))
            {
                why = $"{display} may change the arguments it is given (line {i + 1}: shift or set)";
                return false;
            }
        }

        var unquoted = !lines[last].Contains('"', StringComparison.Ordinal);
        if (match.Groups[1].Success)
        {
            var name = match.Groups[1].Value;
            var assigned = new System.Text.RegularExpressions.Regex(@"^(?:(?:export|local|readonly|declare)\s+)?" + name + @"=(?:""\$(?:@|\*|\{@\}|\{\*\})""|\$@|\$\{@\})\s*(?:#.*)?$");
            var mentioned = new System.Text.RegularExpressions.Regex(@"(?:^|[\s;&|(])" + name + @"\b");
            var assignments = 0;
            for (var i = 0; i < last; i++)
            {
                if (lines[i].StartsWith('#'))
                {
                    continue;
                }

                if (assigned.IsMatch(lines[i]))
                {
                    assignments++;
                }
                else if (mentioned.IsMatch(lines[i]))
                {
                    why = $"{display} sets or reads ${name} otherwise than from its arguments (line {i + 1})";
                    return false;
                }
            }

            if (assignments != 1)
            {
                why = $"{display} execs ${name} (line {last + 1}), {(assignments == 0 ? "which it does not set from its arguments (\"$@\")" : "which it sets more than once")}";
                return false;
            }
        }

        if (unquoted && arguments.Any(a => a.Length == 0 || a.AsSpan().IndexOfAny(" \t\n*?[") >= 0))
        {
            why = $"{display} execs its arguments unquoted (line {last + 1}): the shell splits them again, and an argument holds a blank or a glob";
            return false;
        }

        why = null;
        return true;
    }

    /// <summary>Whether a line may change the script's positional parameters: <c>shift</c>, or <c>set</c> with <c>--</c> or
    /// an operand (options alone, <c>set -e</c>, <c>set -o pipefail</c>, leave them).</summary>
    private static bool ChangesArguments(string line)
    {
        if (line.StartsWith('#'))
        {
            return false;
        }

        foreach (var part in System.Text.RegularExpressions.Regex.Split(line, @";|&&|\|\||\bthen\b|\bdo\b|\belse\b|\{|\("))
        {
            var words = part.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            if (words[0] == "shift")
            {
                return true;
            }

            if (words[0] != "set")
            {
                continue;
            }

            for (var i = 1; i < words.Length; i++)
            {
                if (words[i].StartsWith('#'))
                {
                    break;
                }

                if (words[i] == "--" || !(words[i].StartsWith('-') || words[i].StartsWith('+')))
                {
                    return true;
                }

                if (words[i].EndsWith('o'))
                {
                    i++;
                }
            }
        }

        return false;
    }

    /// <summary>The index of a script's last command line, with the script's lines trimmed; null (with why) where it runs
    /// nothing or that line goes on from the one before it (a <c>\</c>, <c>&amp;&amp;</c>, <c>||</c> or <c>|</c> at its end).</summary>
    private static int? LastCommand(RootedFileSystem fs, string script, string display, out List<string> lines, out string? why)
    {
        lines = fs.ReadLines(script).Select(l => l.Trim()).ToList();
        var last = lines.FindLastIndex(l => l.Length > 0 && !l.StartsWith('#'));
        if (last < 0)
        {
            why = $"{display} runs nothing";
            return null;
        }

        var previous = lines.FindLastIndex(last - 1, l => l.Length > 0 && !l.StartsWith('#'));
        if (previous >= 0 && (lines[previous].EndsWith('\\') || lines[previous].EndsWith("&&", StringComparison.Ordinal) || lines[previous].EndsWith("||", StringComparison.Ordinal) || lines[previous].EndsWith('|')))
        {
            why = $"the last command of {display} (line {last + 1}) goes on from the line before it";
            return null;
        }

        why = null;
        return last;
    }

    /// <summary>The words the script's last command line <c>exec</c>s; null (with why) where that is not known.</summary>
    private static List<string>? FinalExec(RootedFileSystem fs, string script, out string? why)
    {
        var display = fs.DisplayPath(script);
        if (LastCommand(fs, script, display, out var lines, out why) is not { } last)
        {
            return null;
        }

        if (LiteralWords(lines[last]) is not ["exec", .. var rest] || rest.Count == 0)
        {
            why = $"the last line of {display} (line {last + 1}) is no exec of a program whose words are all written out";
            return null;
        }

        for (var i = 0; i < last; i++)
        {
            if (ExecsEarlier(lines[i]))
            {
                why = $"{display} may exec another program first (line {i + 1})";
                return null;
            }
        }

        if (rest[0].StartsWith('-'))
        {
            why = $"the exec of {display} (line {last + 1}) takes options ({rest[0]}) not read here";
            return null;
        }

        why = null;
        return rest;
    }

    /// <summary>Whether a line runs <c>exec</c> with a program (not only redirections, <c>exec &gt;&gt;log 2&gt;&amp;1</c>)
    /// anywhere in it: as its first word or after <c>;</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>then</c>, <c>else</c>,
    /// <c>do</c>, <c>{</c>.</summary>
    private static bool ExecsEarlier(string line)
    {
        var at = 0;
        while ((at = line.IndexOf("exec", at, StringComparison.Ordinal)) >= 0)
        {
            var before = line[..at].TrimEnd();
            var starts = before.Length == 0 || before.EndsWith(';') || before.EndsWith("&&", StringComparison.Ordinal) || before.EndsWith("||", StringComparison.Ordinal)
                || before.EndsWith('{') || before.EndsWith('(') || before.EndsWith(" then", StringComparison.Ordinal) || before.EndsWith(" else", StringComparison.Ordinal)
                || before.EndsWith(" do", StringComparison.Ordinal) || before is "then" or "else" or "do";
            var after = line[(at + 4)..];
            if (starts && (after.Length == 0 || after[0] is ' ' or '\t'))
            {
                var operand = after.TrimStart();
                if (operand.Length > 0 && !operand.StartsWith('>') && !operand.StartsWith('<') && !(char.IsAsciiDigit(operand[0]) && operand.Length > 1 && operand[1] is '>' or '<')
                    && !operand.StartsWith('#') && !operand.StartsWith(';'))
                {
                    return true;
                }
            }

            at += 4;
        }

        return false;
    }

    /// <summary>A command line's words as the shell splits them, where every word is literal: unquoted blanks separate,
    /// <c>'...'</c> is taken as it is, <c>"..."</c> without <c>$</c>, backquote or backslash, a backslash outside quotes
    /// escapes the next character, an unquoted <c>#</c> at a word's start ends the line. Null where a word holds an
    /// expansion, a glob or an operator (<c>$</c>, backquote, <c>*?[</c>, <c>;&amp;|&lt;&gt;()</c>), or a quote is left open.</summary>
    internal static List<string>? LiteralWords(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '#' when !inWord:
                    return words;
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return null;
                    }

                    word.Append(line, i + 1, close - i - 1);
                    inWord = true;
                    i = close;
                    break;
                case '"':
                    var end = line.IndexOf('"', i + 1);
                    if (end < 0 || line.AsSpan(i + 1, end - i - 1).IndexOfAny("$`\\") >= 0)
                    {
                        return null;
                    }

                    word.Append(line, i + 1, end - i - 1);
                    inWord = true;
                    i = end;
                    break;
                case '\\':
                    if (i + 1 >= line.Length)
                    {
                        return null;
                    }

                    word.Append(line[++i]);
                    inWord = true;
                    break;
                case '$' or '`' or '*' or '?' or '[' or ';' or '&' or '|' or '<' or '>' or '(' or ')' or '{' or '}' or '~':
                    return null;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
