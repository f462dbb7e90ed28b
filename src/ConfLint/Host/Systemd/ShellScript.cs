namespace ConfLint.Host.Systemd;

/// <summary>
/// The simple commands of a shell script given with <c>sh -c</c> (<c>bash -c "cd /srv/app &amp;&amp; exec gunicorn -b :8000
/// app:app"</c>), read by <see cref="ShellSyntax"/>, the one reader of shell ConfLint has: its words as the shell
/// splits them (quotes, backslashes, redirections left out, comments) and the control operators between commands.
/// Words are handed on with their quotes removed and their expansions as written, so a bind from a variable stays
/// unknown. <see cref="EnvironmentOf"/> works out the environment one of the commands runs with, as the commands before
/// it change the one the script was given (Paperless-ngx's unit: <c>[ -n "$PAPERLESS_PORT" ] &amp;&amp; export
/// GRANIAN_PORT=$PAPERLESS_PORT; ... exec granian ...</c>), with <see cref="ShellSyntax.Expand"/>'s expansion.
/// </summary>
internal static class ShellScript
{
    /// <summary>Where a shell's command line has its script (POSIX sh: <c>sh [-abCefhimnuvx] [-o option]... [-c]
    /// command_string|command_file [argument...]</c>): the index of the first operand after the options (-1 for none, or
    /// for <c>-s</c>, standard input), and whether it is an inline script (an option cluster holding <c>c</c>:
    /// <c>-c</c>, <c>-lc</c>, <c>-ec</c>) rather than a file. <c>-o NAME</c>, bash's long options and
    /// <c>--rcfile FILE</c> are skipped.</summary>
    public static (int Index, bool Inline) ScriptOperand(IReadOnlyList<string> arguments)
    {
        var inline = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i];
            if (word is "--" or "-")
            {
                return (i + 1 < arguments.Count ? i + 1 : -1, inline);
            }

            if (word is "--rcfile" or "--init-file")
            {
                i++;
            }
            else if (word.Length > 1 && word[0] is '-' or '+' && !word.StartsWith("--", StringComparison.Ordinal))
            {
                if (word.Contains('s', StringComparison.Ordinal))
                {
                    return (-1, false);
                }

                inline |= word.Contains('c', StringComparison.Ordinal);
                i += word.EndsWith('o') || word.EndsWith('O') ? 1 : 0;
            }
            else if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                return (i, inline);
            }
        }

        return (-1, inline);
    }

    /// <summary>The simple commands of <paramref name="script"/>, each as its words, leading assignments dropped.</summary>
    public static List<List<string>> Commands(string script) =>
        Parse(script).Select(c => c.Words.Select(Text).ToList()).Where(c => c.Count > 0).ToList();

    /// <summary>The simple commands of <paramref name="script"/> (<see cref="ShellCommand.Operator"/> says what joins each to
    /// the one before; <see cref="Text"/> gives a word as a reader of arguments takes it). A script the
    /// shell would reject (a quote or a compound command not closed) has none: the shell exits at a syntax error (POSIX
    /// "Consequences of Shell Errors"), so no command of it can be known to run.</summary>
    public static IReadOnlyList<ShellCommand> Parse(string script) => ShellSyntax.Parse(script) is { Error: null } syntax ? syntax.Commands : [];

    /// <summary>A word as a reader of the command's arguments gets it: quotes removed, expansions as written.</summary>
    internal static string Text(ShellWord word) => word.Literal ?? string.Concat(word.Parts.Select(p => p switch
    {
        ShellText text => text.Text,
        ShellParameter parameter => parameter.Raw,
        ShellSubstitution substitution => "$(" + substitution.Script + ")",
        ShellOpaque opaque => opaque.Text,
        _ => string.Empty,
    }));

    /// <summary>A word as the shell gives it to the command, its expansions done with the values
    /// <paramref name="environment"/> has (<c>-p $PORT</c> with <c>PORT=3000</c> in the unit's environment is
    /// <c>-p 3000</c>); as written (<see cref="Text"/>) where a value is not there, so that the reader of the command judges
    /// an unset variable as it does a word systemd passed (a container's image may set it).</summary>
    internal static string ExpandedText(ShellWord word, ScriptEnvironment environment)
    {
        if (word.Literal is { } literal)
        {
            return literal;
        }

        var scope = new Scope(environment.Variables, complete: false) { AllUnknown = environment.AllUnknown };
        scope.Unknown.UnionWith(environment.Unknown);
        return ShellSyntax.Joined(word, scope, true) is { Known: true, Text: { } text } ? text : Text(word);
    }

    /// <summary>
    /// The environment <paramref name="commands"/>[<paramref name="index"/>] runs with: <paramref name="environment"/> as
    /// the commands before it change it (<c>export NAME=VALUE</c>, <c>NAME=VALUE</c> of a variable already exported,
    /// <c>export NAME</c>, <c>unset NAME</c>), then its own leading assignments. A command runs as its operator says, where
    /// what came before is known: <c>[ -n WORD ]</c>, <c>[ -z WORD ]</c> (also as <c>test</c>), <c>true</c>, <c>:</c>,
    /// <c>false</c>, assignments and <c>!</c> before them have a known status. Values are expanded as
    /// <see cref="ShellSyntax.Expand"/> does (<c>$NAME</c>, <c>${NAME}</c>, <c>${NAME:-WORD}</c> and its kin); a variable
    /// the environment lacks is unset only where <paramref name="complete"/> says the environment is all the script is
    /// given (systemd's <c>Environment=</c>, every <c>EnvironmentFile=</c> read, no <c>PassEnvironment=</c>). A value
    /// holding a <c>$</c> the shell does not expand (quoted) is not known: a reader of the environment could not tell it
    /// from one to expand. What cannot be known (a command that may or may not run, a value with a command substitution,
    /// a pipeline's or a background command, <c>.</c>, <c>eval</c>, <c>set -a</c>, a command inside a compound command or
    /// a function) makes the variables it would set <c>Unknown</c>, or every variable (<c>AllUnknown</c>).
    /// </summary>
    public static ScriptEnvironment EnvironmentOf(IReadOnlyList<ShellCommand> commands, int index, IReadOnlyDictionary<string, string> environment, bool complete)
    {
        var scope = Run(commands, index, environment, complete);
        if (index < commands.Count && !scope.AllUnknown)
        {
            foreach (var (name, value, append) in commands[index].Assignments)
            {
                scope.Set(name, append ? null : scope.Value(value), true);
            }
        }

        return new ScriptEnvironment(scope.Exported, scope.Unknown, scope.AllUnknown);
    }

    /// <summary>
    /// The variables a file leaves in the shell that sources it (<c>. FILE</c>, as pveproxy's <c>read_proxy_config</c> has
    /// bash do with <c>/etc/default/pveproxy</c> before it echoes them): those it was given and those the file assigns,
    /// exported or not, worked out as <see cref="EnvironmentOf"/> works out a script's commands (what cannot be known
    /// is in <c>Unknown</c>, or <c>AllUnknown</c>).
    /// </summary>
    public static ScriptEnvironment VariablesAfter(IReadOnlyList<ShellCommand> commands, IReadOnlyDictionary<string, string> environment, bool complete)
    {
        var scope = Run(commands, commands.Count, environment, complete);
        return new ScriptEnvironment(scope.All, scope.Unknown, scope.AllUnknown);
    }

    /// <summary>The shell's variables after the commands before <paramref name="index"/> (<see cref="EnvironmentOf"/>).</summary>
    private static Scope Run(IReadOnlyList<ShellCommand> commands, int index, IReadOnlyDictionary<string, string> environment, bool complete)
    {
        var scope = new Scope(environment, complete);
        bool? status = true;
        for (var i = 0; i < index && i < commands.Count; i++)
        {
            var command = commands[i];
            var words = command.Words;
            if (command.Nested)
            {
                // In a compound command or a function: what runs inside it is not worked out.
                scope.AllUnknown = true;
                status = null;
                continue;
            }

            bool? runs = command.Operator switch
            {
                "&&" => status,
                "||" => status is { } s ? !s : null,
                _ => true,
            };
            if (runs == false)
            {
                continue;
            }

            var next = i + 1 < commands.Count ? commands[i + 1].Operator : null;
            if (command.Operator is "|" or "|&" || next is "|" or "|&" or "&")
            {
                // A pipeline's or a background command's changes stay in its own process.
                status = null;
                continue;
            }

            foreach (var word in command.Assignments.Select(a => a.Value).Concat(words))
            {
                // ${NAME:=word} assigns in the shell itself wherever it is (POSIX 2.6.2: `: "${PORT:=8000}"`).
                ShellSyntax.Expand(word, scope, runs == true, out _, split: false);
            }

            var first = words.Count == 0 ? null : Text(words[0]);
            var arguments = words.Skip(1).ToList();
            if (runs is null)
            {
                foreach (var name in Assigned(command, first))
                {
                    scope.Set(name, null, false);
                }

                scope.AllUnknown |= ChangesAnything(first, arguments);
                status = null;
                continue;
            }

            switch (first)
            {
                case null:
                    foreach (var (name, value, append) in command.Assignments)
                    {
                        scope.Set(name, append ? null : scope.Value(value), false);
                    }

                    status = true;
                    break;
                case "export":
                    foreach (var argument in arguments)
                    {
                        if (ShellSyntax.AsAssignment(argument, operand: true) is var (name, value, append))
                        {
                            scope.Set(name, append ? null : scope.Value(value), true);
                        }
                        else if (Text(argument).StartsWith('-'))
                        {
                            scope.AllUnknown = true;
                        }
                        else if (argument.Literal is { } exported)
                        {
                            scope.Export(exported);
                        }
                    }

                    status = true;
                    break;
                case "unset":
                    foreach (var name in arguments.Select(Text).Where(a => !a.StartsWith('-')))
                    {
                        scope.Unset(name);
                    }

                    status = true;
                    break;
                case "[" or "test":
                    status = Test(arguments.Where(w => w.Literal != "]").ToList(), scope.Value);
                    break;
                case "true" or ":":
                    status = true;
                    break;
                case "false":
                    status = false;
                    break;
                case "set" when !ChangesAnything(first, arguments):
                    status = true;
                    break;
                case "." or "source" when arguments is [var sourced] && IsVirtualEnvActivate(sourced.Literal):
                    // A Python virtual environment's generated bin/activate changes only its own variables.
                    foreach (var name in VirtualEnvVariables)
                    {
                        scope.Set(name, null, true);
                    }

                    status = true;
                    break;
                case "." or "source" or "eval" or "set" or "read" or "readonly" or "declare" or "typeset" or "local":
                    scope.AllUnknown = true;
                    status = null;
                    break;
                default:
                    // Another program: its leading assignments are its own environment, and its status is not known.
                    status = null;
                    break;
            }

            status = command.Negated && status is { } known ? !known : status;
        }

        return scope;
    }

    /// <summary>What a Python virtual environment's generated <c>bin/activate</c> sets or unsets (CPython's
    /// Lib/venv/scripts/common/activate, virtualenv's activate.sh): nothing else.</summary>
    internal static readonly string[] VirtualEnvVariables = ["VIRTUAL_ENV", "VIRTUAL_ENV_PROMPT", "PATH", "PS1", "PYTHONHOME", "_OLD_VIRTUAL_PATH", "_OLD_VIRTUAL_PS1", "_OLD_VIRTUAL_PYTHONHOME"];

    /// <summary>Whether a sourced path names a virtual environment's <c>bin/activate</c> (<c>venv/bin/activate</c>,
    /// <c>/srv/app/.venv/bin/activate</c>).</summary>
    internal static bool IsVirtualEnvActivate(string? path) =>
        path is not null && (path == "bin/activate" || path.EndsWith("/bin/activate", StringComparison.Ordinal));

    /// <summary>The status of <c>test</c>'s string checks: <c>-n WORD</c>, <c>-z WORD</c>, <c>WORD</c>; null for another
    /// test or a word whose value is not known.</summary>
    private static bool? Test(List<ShellWord> arguments, Func<ShellWord, string?> expand)
    {
        var negate = arguments.Count > 0 && arguments[0].Literal == "!";
        var rest = negate ? arguments.Skip(1).ToList() : arguments;
        bool? result = rest switch
        {
            [{ Literal: "-n" }, var word] => expand(word) is { } value ? value.Length > 0 : null,
            [{ Literal: "-z" }, var word] => expand(word) is { } value ? value.Length == 0 : null,
            [var word] when !Text(word).StartsWith('-') => expand(word) is { } value ? value.Length > 0 : null,
            _ => null,
        };
        return negate && result is { } r ? !r : result;
    }

    /// <summary>Whether a command may change variables it does not name as assignments: <c>.</c>, <c>source</c>,
    /// <c>eval</c>, <c>read</c>, <c>declare</c> and its kin, <c>set -a</c> (<c>-o allexport</c>); <c>set -e</c> does not.</summary>
    private static bool ChangesAnything(string? first, IReadOnlyList<ShellWord> arguments) => first switch
    {
        "." or "source" or "eval" or "read" or "readonly" or "declare" or "typeset" or "local" => true,
        "set" => arguments.Select(Text).Any(w => w == "allexport" || (w.Length > 1 && w[0] is '-' or '+' && w[1] != '-' && w.Contains('a'))),
        _ => false,
    };

    /// <summary>The variables a command would set in the script's environment.</summary>
    private static IEnumerable<string> Assigned(ShellCommand command, string? first) =>
        first is null ? command.Assignments.Select(a => a.Name)
        : first is "export" or "readonly" or "declare" or "typeset" or "local" ? command.Words.Skip(1).Select(Text).Where(w => !w.StartsWith('-')).Select(w => w.Contains('=') ? w[..w.IndexOf('=')] : w)
        : [];

    /// <summary>The variables of the script's shell as <see cref="EnvironmentOf"/> goes through its commands: those exported
    /// (the environment it was given, and what it exports), its own, and those whose value is not known.</summary>
    private sealed class Scope(IReadOnlyDictionary<string, string> environment, bool complete) : IShellScope
    {
        private readonly Dictionary<string, string> _shell = new(StringComparer.Ordinal);

        public Dictionary<string, string> Exported { get; } = new(environment, StringComparer.Ordinal);

        /// <summary>Every variable the shell has: those exported and its own.</summary>
        public Dictionary<string, string> All
        {
            get
            {
                var all = new Dictionary<string, string>(Exported, StringComparer.Ordinal);
                foreach (var (name, value) in _shell)
                {
                    all[name] = value;
                }

                return all;
            }
        }

        public HashSet<string> Unknown { get; } = new(StringComparer.Ordinal);

        public bool AllUnknown { get; set; }

        /// <summary>An inline script's <c>$1</c>.. are the words after it on the shell's command line: not read.</summary>
        public IReadOnlyList<string>? Positional => null;

        public ShellValue Parameter(string name) =>
            AllUnknown || !ShellSyntax.IsName(name) || Unknown.Contains(name) ? ShellValue.Unknown("$" + name)
            : _shell.TryGetValue(name, out var value) || Exported.TryGetValue(name, out value) ? ShellValue.Of(value)
            : complete ? ShellValue.Unset
            : ShellValue.Unknown("$" + name);

        public void Assign(string name, ShellValue value) => Set(name, value.Known ? value.Text ?? string.Empty : null, false);

        public string? Substitute(string script) => null;

        /// <summary>A word's value as one string; null when not known, or when it holds a <c>$</c> or a backquote as text.</summary>
        public string? Value(ShellWord word) =>
            !HoldsDollar(word.Parts) && ShellSyntax.Joined(word, this, true) is { Known: true } value ? value.Text : null;

        public void Set(string name, string? value, bool export)
        {
            if (value is null)
            {
                // Kept as it was besides: a reader that does not ask which variables are unknown reads what the unit set.
                Unknown.Add(name);
                return;
            }

            Unknown.Remove(name);
            if (export || Exported.ContainsKey(name))
            {
                _shell.Remove(name);
                Exported[name] = value;
            }
            else
            {
                _shell[name] = value;
            }
        }

        public void Export(string name)
        {
            if (_shell.Remove(name, out var value))
            {
                Exported[name] = value;
            }
        }

        public void Unset(string name)
        {
            _shell.Remove(name);
            Exported.Remove(name);
            Unknown.Remove(name);
        }

        private static bool HoldsDollar(IEnumerable<ShellPart> parts) => parts.Any(p => p switch
        {
            ShellText text => text.Text.AsSpan().IndexOfAny('$', '`') >= 0,
            ShellParameter { Operand: { } operand } => HoldsDollar(operand),
            _ => false,
        });
    }
}

/// <summary>The environment a command of a shell script runs with (<see cref="ShellScript.EnvironmentOf"/>): the variables
/// (one in <c>Unknown</c> with the value it had before the script may have changed it), those the script may have set to a
/// value that is not known, and whether it may have set any at all.</summary>
public sealed record ScriptEnvironment(IReadOnlyDictionary<string, string> Variables, IReadOnlySet<string> Unknown, bool AllUnknown);
