using System.Text;

namespace ConfLint.Host.Systemd;

/// <summary>A piece of a shell word: text (quoted or not), a parameter expansion, a command substitution, or something
/// ConfLint does not evaluate (backquotes, arithmetic, <c>${NAME%pattern}</c> and the like).</summary>
internal abstract record ShellPart(bool Quoted);

internal sealed record ShellText(string Text, bool Quoted) : ShellPart(Quoted);

/// <summary><c>$NAME</c>, <c>${NAME}</c>, <c>$1</c>, <c>"$@"</c>, or <c>${NAME:-word}</c> with its operator
/// (<c>:-</c>, <c>-</c>, <c>:=</c>, <c>=</c>, <c>:+</c>, <c>+</c>, <c>:?</c>, <c>?</c>) and operand; <see cref="Raw"/> as
/// written, for a reader that is handed the word unexpanded (<see cref="ShellScript.Text"/>).</summary>
internal sealed record ShellParameter(string Name, string? Operator, IReadOnlyList<ShellPart>? Operand, bool Quoted, string Raw) : ShellPart(Quoted);

/// <summary><c>$(script)</c>.</summary>
internal sealed record ShellSubstitution(string Script, bool Quoted) : ShellPart(Quoted);

internal sealed record ShellOpaque(string Text, bool Quoted) : ShellPart(Quoted);

/// <summary>What ConfLint knows of a shell variable: its text, unset (<see cref="Text"/> null), or not known (then
/// <see cref="Text"/> is the expansion as written, for messages and for readers that see it as no fixed value).</summary>
internal readonly record struct ShellValue(string? Text, bool Known)
{
    public static readonly ShellValue Unset = new(null, true);

    public static ShellValue Of(string text) => new(text, true);

    public static ShellValue Unknown(string written) => new(written, false);
}

/// <summary>What the expansion of a word (<see cref="ShellSyntax.Expand"/>) reads and changes: the state of a script
/// <see cref="ScriptFollower"/> follows, or the environment <see cref="ShellScript.EnvironmentOf"/> works out for a
/// <c>sh -c</c> script.</summary>
internal interface IShellScope
{
    /// <summary>What <c>"$@"</c> and <c>$*</c> expand to; null when not known.</summary>
    IReadOnlyList<string>? Positional { get; }

    /// <summary>A parameter's value before an operator applies: a variable, <c>$0</c>, <c>$1</c>.., <c>$#</c>; not known
    /// where the scope cannot know it.</summary>
    ShellValue Parameter(string name);

    /// <summary>The assignment of <c>${NAME:=word}</c>.</summary>
    void Assign(string name, ShellValue value);

    /// <summary>The output of <c>$(script)</c> where the scope evaluates it; null otherwise.</summary>
    string? Substitute(string script);
}

/// <summary>A word as written (<see cref="Raw"/>) and its pieces.</summary>
internal sealed record ShellWord(IReadOnlyList<ShellPart> Parts, string Raw)
{
    /// <summary>The word's text when it holds no expansion (quotes removed), else null.</summary>
    public string? Literal => Parts.All(p => p is ShellText) ? string.Concat(Parts.Cast<ShellText>().Select(t => t.Text)) : null;

    /// <summary>The text of an unquoted word without expansions: only such a word is a reserved word (<c>if</c>, <c>{</c>).</summary>
    public string? Bare => Parts is [ShellText { Quoted: false } text] ? text.Text : null;
}

/// <summary>A simple command of a script: its leading assignments and its words (redirections left out), where it
/// is, and whether it runs in the shell's own flow.</summary>
/// <param name="Function">The function whose body holds it; null at the script's top level.</param>
/// <param name="Straight">Whether it runs, when its block runs, in the shell itself and unconditionally: not in an
/// <c>if</c>, a loop, a <c>case</c> branch, a subshell, a pipeline, after <c>&amp;&amp;</c> or <c>||</c>, or in the
/// background. Only such a command's assignments and <c>cd</c> are known to hold after it.</param>
/// <param name="Operator">The control operator before it: null for the script's first command, <c>;</c> (or a new
/// line), <c>&amp;</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>|</c> or <c>|&amp;</c>. A new line after <c>&amp;&amp;</c>,
/// <c>||</c> or <c>|</c> leaves that operator (POSIX "Shell Grammar": <c>AND_IF linebreak pipeline</c>).</param>
/// <param name="Nested">Whether it is inside a compound command (<c>if</c>, a loop, <c>case</c>, <c>{ }</c>,
/// <c>( )</c>) or a function's body rather than at the script's top level.</param>
/// <param name="Negated">Whether its pipeline starts with <c>!</c>, which inverts the status.</param>
internal sealed record ShellCommand(IReadOnlyList<(string Name, ShellWord Value, bool Append)> Assignments, IReadOnlyList<ShellWord> Words, int Line, string? Function, bool Straight, bool InLoop,
    string? Operator = null, bool Nested = false, bool Negated = false);

/// <summary>
/// A shell script file read as POSIX sh and bash split it, far enough to find its simple commands and what frames
/// them: quotes, backslashes, <c>$NAME</c>, <c>${NAME:-word}</c>, <c>$(...)</c>, comments, here-documents, redirections,
/// <c>if</c>/<c>while</c>/<c>until</c>/<c>for</c>/<c>case</c>, <c>{ }</c> and <c>( )</c>, function definitions,
/// <c>[[ ]]</c>. Nothing is run. A script whose structure does not balance is not read (<see cref="Error"/>).
/// </summary>
internal sealed class ShellSyntax
{
    private ShellSyntax(List<ShellCommand> commands, string? error)
    {
        Commands = commands;
        Error = error;
    }

    /// <summary>The simple commands, in the order they are written.</summary>
    public IReadOnlyList<ShellCommand> Commands { get; }

    /// <summary>Why the script could not be read; null when it could.</summary>
    public string? Error { get; }

    private enum FrameKind
    {
        Top,
        Group,
        Subshell,
        If,
        Loop,
        LoopHeader,
        Case,
    }

    private enum CaseState
    {
        Subject,
        In,
        Pattern,
        Body,
    }

    private sealed class Frame(FrameKind kind, bool straight, string? function)
    {
        public FrameKind Kind { get; } = kind;

        public bool Straight { get; } = straight;

        /// <summary>Set on a function's body frame.</summary>
        public string? Function { get; } = function;

        public CaseState Case { get; set; }

        public bool HeaderNamed { get; set; }
    }

    public static ShellSyntax Parse(string text)
    {
        var lexer = new ShellLexer(text);
        var commands = new List<ShellCommand>();
        var frames = new Stack<Frame>();
        frames.Push(new Frame(FrameKind.Top, true, null));
        var assignments = new List<(string, ShellWord, bool)>();
        var words = new List<ShellWord>();
        var line = 1;
        var conditional = false;
        var piped = false;
        var redirectTarget = false;
        string? functionName = null;
        var expectFunctionBody = false;
        var expectFunctionName = false;
        string? joined = null;
        var negated = false;

        bool Straight()
        {
            foreach (var frame in frames)
            {
                if (!frame.Straight)
                {
                    return false;
                }

                if (frame.Function is not null)
                {
                    break;
                }
            }

            return true;
        }

        string? Function() => frames.FirstOrDefault(f => f.Function is not null)?.Function;

        bool InLoop() => frames.Any(f => f.Kind == FrameKind.Loop);

        ShellCommand? End(bool background)
        {
            if (words.Count == 0 && assignments.Count == 0)
            {
                return null;
            }

            var command = new ShellCommand(assignments, words, line, Function(), Straight() && !conditional && !piped && !background, InLoop(), joined, frames.Count > 1, negated);
            commands.Add(command);
            assignments = [];
            words = [];
            negated = false;
            return command;
        }

        // Ends the command at a control operator, which is then the next one's (old ShellScript's separator rule: a new
        // line or ';' with no command before it leaves the pending operator as it is).
        void EndAt(string op, bool background)
        {
            var separator = op is "\n" or ";;" or ";&" or ";;&" ? ";" : op;
            if (End(background) is not null || separator != ";")
            {
                joined = separator;
            }
        }

        // Pushes a frame for a compound command starting here: straight when its parent runs straight and nothing before
        // it on the line makes it conditional.
        void Push(FrameKind kind, bool straightKind)
        {
            var straight = straightKind && !conditional && !piped;
            if (functionName is not null && expectFunctionBody)
            {
                frames.Push(new Frame(kind, true, functionName));
                functionName = null;
                expectFunctionBody = false;
            }
            else
            {
                frames.Push(new Frame(kind, straight, null));
            }

            conditional = false;
            piped = false;
        }

        string? Pop(FrameKind kind, string word)
        {
            if (frames.Count <= 1 || frames.Peek().Kind != kind)
            {
                return $"'{word}' at line {lexer.Line} closes nothing open";
            }

            frames.Pop();
            return null;
        }

        while (true)
        {
            var token = lexer.Next();
            if (lexer.Error is { } lexError)
            {
                return new ShellSyntax(commands, lexError);
            }

            if (token.Kind == TokenKind.End)
            {
                End(false);
                break;
            }

            var top = frames.Peek();
            if (token.Kind == TokenKind.Word)
            {
                var word = token.Word!;
                if (redirectTarget)
                {
                    redirectTarget = false;
                    continue;
                }

                if (words.Count == 0 && assignments.Count == 0)
                {
                    line = token.Line;
                }

                if (expectFunctionName)
                {
                    functionName = word.Literal ?? "?";
                    expectFunctionName = false;
                    expectFunctionBody = true;
                    continue;
                }

                if (top.Kind == FrameKind.Case && top.Case != CaseState.Body)
                {
                    if (top.Case == CaseState.Subject)
                    {
                        top.Case = CaseState.In;
                    }
                    else if (top.Case == CaseState.In)
                    {
                        top.Case = CaseState.Pattern;
                    }
                    else if (word.Bare == "esac")
                    {
                        frames.Pop();
                    }

                    continue;
                }

                if (top.Kind == FrameKind.LoopHeader)
                {
                    if (!top.HeaderNamed)
                    {
                        // for NAME in ...: the name is assigned on each turn.
                        top.HeaderNamed = true;
                        if (word.Literal is { } name)
                        {
                            commands.Add(new ShellCommand([(name, new ShellWord([new ShellOpaque("for", false)], "for"), false)], [], token.Line, Function(), false, true));
                        }
                    }
                    else if (word.Bare == "do")
                    {
                        frames.Pop();
                        frames.Push(new Frame(FrameKind.Loop, false, null));
                    }

                    continue;
                }

                if (words.Count == 0)
                {
                    switch (word.Bare)
                    {
                        case "if" when assignments.Count == 0:
                            Push(FrameKind.If, false);
                            continue;
                        case "while" or "until" when assignments.Count == 0:
                            Push(FrameKind.Loop, false);
                            continue;
                        case "for" or "select" when assignments.Count == 0:
                            Push(FrameKind.LoopHeader, false);
                            continue;
                        case "case" when assignments.Count == 0:
                            Push(FrameKind.Case, false);
                            frames.Peek().Case = CaseState.Subject;
                            continue;
                        case "{" when assignments.Count == 0:
                            Push(FrameKind.Group, true);
                            continue;
                        case "then" or "else" or "elif" or "do" when assignments.Count == 0:
                            continue;
                        case "!" when assignments.Count == 0:
                            negated = !negated;
                            continue;
                        case "function" when assignments.Count == 0:
                            expectFunctionName = true;
                            continue;
                        case "fi" or "done" or "}" or "esac" when assignments.Count == 0:
                            var closes = word.Bare switch
                            {
                                "fi" => FrameKind.If,
                                "done" => FrameKind.Loop,
                                "esac" => FrameKind.Case,
                                _ => FrameKind.Group,
                            };
                            if (Pop(closes, word.Bare) is { } error)
                            {
                                return new ShellSyntax(commands, error);
                            }

                            continue;
                    }

                    if (functionName is not null && expectFunctionBody)
                    {
                        return new ShellSyntax(commands, $"the body of function '{functionName}' at line {token.Line} is not a group");
                    }

                    if (AsAssignment(word) is { } assignment)
                    {
                        assignments.Add(assignment);
                        continue;
                    }
                }

                words.Add(word);
                continue;
            }

            if (top.Kind == FrameKind.Case && top.Case != CaseState.Body)
            {
                // A pattern list ("start|restart)", "(stop)"): ends at ')'.
                if (token.Op == ")" && top.Case == CaseState.Pattern)
                {
                    top.Case = CaseState.Body;
                }

                continue;
            }

            switch (token.Op)
            {
                case ";" or "\n" or "&":
                    EndAt(token.Op!, token.Op == "&");
                    conditional = false;
                    piped = false;
                    break;
                case "&&" or "||":
                    EndAt(token.Op!, false);
                    conditional = true;
                    break;
                case "|" or "|&":
                    // Each command of a pipeline runs in a subshell (bash's default): what it assigns does not stay.
                    if (End(false) is { } piping && piping.Straight)
                    {
                        commands[^1] = piping with { Straight = false };
                    }

                    joined = token.Op;

                    piped = true;
                    break;
                case ";;" or ";&" or ";;&":
                    EndAt(token.Op!, false);
                    conditional = false;
                    piped = false;
                    if (top.Kind == FrameKind.Case)
                    {
                        top.Case = CaseState.Pattern;
                    }

                    break;
                case "(":
                    if (words.Count == 1 && assignments.Count == 0 && words[0].Literal is { } name)
                    {
                        // name () compound-command
                        functionName = name;
                        words = [];
                        if (lexer.Next() is not { Kind: TokenKind.Op, Op: ")" })
                        {
                            return new ShellSyntax(commands, $"'(' after '{name}' at line {token.Line} is not a function definition");
                        }

                        expectFunctionBody = true;
                        break;
                    }

                    if (expectFunctionName && functionName is null)
                    {
                        return new ShellSyntax(commands, $"a function without a name at line {token.Line}");
                    }

                    if (expectFunctionBody && words.Count == 0 && functionName is not null)
                    {
                        // function name ( ) { ... }: the parentheses of the definition, then its body.
                        if (lexer.Peek() is { Kind: TokenKind.Op, Op: ")" })
                        {
                            lexer.Next();
                            break;
                        }
                    }

                    if (words.Count > 0 || assignments.Count > 0)
                    {
                        return new ShellSyntax(commands, $"an unexpected '(' at line {token.Line}");
                    }

                    Push(FrameKind.Subshell, false);
                    break;
                case ")":
                    End(false);
                    joined = ";";
                    if (Pop(FrameKind.Subshell, ")") is { } unbalanced)
                    {
                        return new ShellSyntax(commands, unbalanced);
                    }

                    break;
                default:
                    // A redirection: its target is no word of the command.
                    redirectTarget = true;
                    break;
            }
        }

        if (frames.Count > 1 || functionName is not null)
        {
            return new ShellSyntax(commands, $"a compound command ({frames.Peek().Kind.ToString().ToLowerInvariant()}) is not closed at the end");
        }

        return new ShellSyntax(commands, null);
    }

    /// <summary><c>NAME=value</c> (or bash's <c>NAME+=value</c>) written before a command's words; with
    /// <paramref name="operand"/>, an operand of <c>export</c>, <c>readonly</c> and their kin, which the builtin splits at
    /// its <c>=</c> after quote removal (POSIX "export": <c>export name[=word]</c>), so <c>export "A=1"</c> assigns too.</summary>
    internal static (string Name, ShellWord Value, bool Append)? AsAssignment(ShellWord word, bool operand = false)
    {
        if (word.Parts is not [ShellText first, ..] || (first.Quoted && !operand))
        {
            return null;
        }

        var equals = first.Text.IndexOf('=');
        if (equals <= 0)
        {
            return null;
        }

        var append = first.Text[equals - 1] == '+';
        var name = first.Text[..(append ? equals - 1 : equals)];
        if (!IsName(name))
        {
            return null;
        }

        var rest = first.Text[(equals + 1)..];
        var parts = new List<ShellPart>();
        if (rest.Length > 0)
        {
            parts.Add(new ShellText(rest, false));
        }

        parts.AddRange(word.Parts.Skip(1));
        return (name, new ShellWord(parts, word.Raw[(word.Raw.IndexOf('=') + 1)..]), append);
    }

    /// <summary>A word as one string (an assignment's value: no field splitting); unknown as written.</summary>
    internal static ShellValue Joined(ShellWord word, IShellScope scope, bool straight)
    {
        var fields = Expand(word, scope, straight, out var known, split: false);
        return known ? ShellValue.Of(string.Join(' ', fields)) : ShellValue.Unknown(word.Raw);
    }

    /// <summary>The fields a word expands to in <paramref name="scope"/> (POSIX "Word Expansions": parameters, the command
    /// substitutions the scope evaluates, field splitting of unquoted expansions on blanks; no pathname expansion); when a
    /// piece is not known, the word as written. The one expansion of both shell readers: a followed script's
    /// (<see cref="ScriptFollower"/>) and an inline <c>sh -c</c> script's (<see cref="ShellScript.EnvironmentOf"/>).</summary>
    internal static List<string> Expand(ShellWord word, IShellScope scope, bool straight, out bool known, bool split = true)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var open = false;
        known = true;

        void Add(string text, bool quoted)
        {
            if (quoted || !split)
            {
                current.Append(text);
                open = true;
                return;
            }

            var pieces = text.Split([' ', '\t', '\n']);
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0 && open)
                {
                    fields.Add(current.ToString());
                    current.Clear();
                    open = false;
                }

                if (pieces[i].Length > 0)
                {
                    current.Append(pieces[i]);
                    open = true;
                }
            }
        }

        foreach (var part in word.Parts)
        {
            switch (part)
            {
                case ShellText text:
                    current.Append(text.Text);
                    open |= text.Quoted || text.Text.Length > 0;
                    break;
                case ShellParameter { Name: "@" or "*" } all when scope.Positional is { } positional:
                    // "$@" alone (the reader marks a quoted string that ends in an expansion with an empty text: that
                    // makes no field of its own) is each positional parameter as a field: exec "$@" runs the command given.
                    if (all.Quoted && all.Name == "@" && split && IsAlone(word, all))
                    {
                        fields.AddRange(positional);
                        return fields;
                    }

                    Add(string.Join(' ', positional), all.Quoted);
                    break;
                case ShellParameter parameter:
                    var value = Parameter(parameter, scope, straight);
                    if (!value.Known)
                    {
                        known = false;
                        return [word.Raw];
                    }

                    Add(value.Text ?? string.Empty, parameter.Quoted);
                    break;
                case ShellSubstitution substitution:
                    if (scope.Substitute(substitution.Script) is not { } output)
                    {
                        known = false;
                        return [word.Raw];
                    }

                    Add(output, substitution.Quoted);
                    break;
                default:
                    known = false;
                    return [word.Raw];
            }
        }

        if (open)
        {
            fields.Add(current.ToString());
        }

        return fields;
    }

    private static bool IsAlone(ShellWord word, ShellParameter all)
    {
        foreach (var part in word.Parts)
        {
            if (!ReferenceEquals(part, all) && part is not ShellText { Text.Length: 0 })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A parameter's value (<see cref="IShellScope.Parameter"/>) with <c>${NAME:-word}</c> and its kin applied as
    /// POSIX "Parameter Expansion" (2.6.2) says; <c>${NAME:=word}</c> assigns in the scope, a value not known where the
    /// command does not run <paramref name="straight"/>.</summary>
    private static ShellValue Parameter(ShellParameter parameter, IShellScope scope, bool straight)
    {
        var name = parameter.Name;
        var value = scope.Parameter(name);
        if (parameter.Operator is not { } op)
        {
            return value;
        }

        if (!value.Known)
        {
            return value;
        }

        var unset = value.Text is null;
        var empty = unset || value.Text!.Length == 0;
        var missing = op.StartsWith(':') ? empty : unset;
        ShellValue Operand()
        {
            var fields = Expand(new ShellWord(parameter.Operand!, string.Empty), scope, straight, out var known, split: false);
            return known ? ShellValue.Of(string.Concat(fields)) : ShellValue.Unknown("${" + name + op + "...}");
        }

        switch (op.TrimStart(':'))
        {
            case "-":
                return missing ? Operand() : value;
            case "=":
                if (!missing)
                {
                    return value;
                }

                var assigned = Operand();
                scope.Assign(name, straight ? assigned : ShellValue.Unknown("$" + name));
                return assigned;
            case "+":
                return missing ? ShellValue.Of(string.Empty) : Operand();
            default:
                // ${NAME:?message}: the shell stops when it is missing.
                return missing ? ShellValue.Unknown("${" + name + op + "...}") : value;
        }
    }

    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>Whether the text is a shell variable's name: a letter or <c>_</c>, then letters, digits and <c>_</c>.</summary>
    public static bool IsName(ReadOnlySpan<char> name) => name.Length > 0 && NameLength(name) == name.Length;

    /// <inheritdoc cref="IsName(ReadOnlySpan{char})"/>
    public static bool IsName(string name) => IsName(name.AsSpan());

    /// <summary>How long the variable name at the start of the text is (0 when none starts there).</summary>
    internal static int NameLength(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return 0;
        }

        var end = text.IndexOfAnyExcept(NameCharacters);
        return end < 0 ? text.Length : end;
    }

    internal enum TokenKind
    {
        Word,
        Op,
        Newline,
        End,
    }

    internal readonly record struct Token(TokenKind Kind, ShellWord? Word, string? Op, int Line);

    /// <summary>Splits a script into words and operators as the shell's token recognition does (POSIX "Token
    /// Recognition"; bash's parse.y read_token for <c>[[</c> and <c>((</c>).</summary>
    internal sealed class ShellLexer(string text)
    {
        private readonly Queue<(string Delimiter, bool StripTabs)> _hereDocuments = new();
        private int _at;
        private bool _inTest;
        private string? _hereOperator;
        private Token? _peeked;

        public int Line { get; private set; } = 1;

        public string? Error { get; private set; }

        public Token Peek() => _peeked ??= Read();

        public Token Next()
        {
            if (_peeked is { } peeked)
            {
                _peeked = null;
                return peeked;
            }

            return Read();
        }

        private Token Read()
        {
            while (true)
            {
                if (_at >= text.Length || Error is not null)
                {
                    return new Token(TokenKind.End, null, null, Line);
                }

                var c = text[_at];
                if (c is ' ' or '\t' or '\r')
                {
                    _at++;
                    continue;
                }

                if (c == '\\' && _at + 1 < text.Length && text[_at + 1] == '\n')
                {
                    _at += 2;
                    Line++;
                    continue;
                }

                if (c == '#')
                {
                    while (_at < text.Length && text[_at] != '\n')
                    {
                        _at++;
                    }

                    continue;
                }

                if (c == '\n')
                {
                    _at++;
                    var line = Line++;
                    SkipHereDocuments();
                    return new Token(TokenKind.Newline, null, "\n", line);
                }

                if (!_inTest && c == '(' && At(_at + 1) == '(')
                {
                    // (( arithmetic )): one word ConfLint does not evaluate.
                    var start = _at;
                    var end = text.IndexOf("))", _at + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        Error = $"'((' at line {Line} is not closed";
                        return new Token(TokenKind.End, null, null, Line);
                    }

                    _at = end + 2;
                    var raw = text[start.._at];
                    Line += raw.Count(ch => ch == '\n');
                    return new Token(TokenKind.Word, new ShellWord([new ShellOpaque(raw, false)], raw), null, Line);
                }

                if (!_inTest && char.IsAsciiDigit(c))
                {
                    // The file descriptor of a redirection (2>&1, 3<file) is no word.
                    var digits = _at;
                    while (digits < text.Length && char.IsAsciiDigit(text[digits]))
                    {
                        digits++;
                    }

                    if (At(digits) is '<' or '>')
                    {
                        _at = digits;
                    }
                }

                if ((!_inTest || c == ';') && Operator() is { } op)
                {
                    if (op is "<<" or "<<-")
                    {
                        _hereOperator = op;
                    }

                    return new Token(TokenKind.Op, null, op, Line);
                }

                var wordLine = Line;
                var word = ReadWord();
                if (word is null)
                {
                    return new Token(TokenKind.End, null, null, Line);
                }

                if (_hereOperator is { } here)
                {
                    _hereDocuments.Enqueue((word.Literal ?? word.Raw.Replace("\"", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal).Replace("\\", string.Empty, StringComparison.Ordinal), here == "<<-"));
                    _hereOperator = null;
                }

                if (word.Bare == "[[")
                {
                    _inTest = true;
                }
                else if (word.Bare == "]]")
                {
                    _inTest = false;
                }

                return new Token(TokenKind.Word, word, null, wordLine);
            }
        }

        private char At(int index) => index < text.Length ? text[index] : '\0';

        private static readonly string[] Operators = ["<<<", "<<-", ";;&", "&>>", "&&", "||", ";;", ";&", "|&", "<<", ">>", "<&", ">&", "<>", ">|", "&>", ";", "&", "|", "(", ")", "<", ">"];

        private string? Operator()
        {
            foreach (var op in Operators)
            {
                if (string.CompareOrdinal(text, _at, op, 0, op.Length) == 0)
                {
                    _at += op.Length;
                    return op;
                }
            }

            return null;
        }

        private void SkipHereDocuments()
        {
            while (_hereDocuments.TryDequeue(out var here))
            {
                while (_at < text.Length)
                {
                    var end = text.IndexOf('\n', _at);
                    var lineText = end < 0 ? text[_at..] : text[_at..end];
                    _at = end < 0 ? text.Length : end + 1;
                    Line++;
                    if ((here.StripTabs ? lineText.TrimStart('\t') : lineText).TrimEnd('\r') == here.Delimiter)
                    {
                        break;
                    }
                }
            }
        }

        /// <summary>One word, up to an unquoted blank or operator character; null (with <see cref="Error"/>) when a quote
        /// or an expansion is not closed.</summary>
        private ShellWord? ReadWord()
        {
            var start = _at;
            var parts = new List<ShellPart>();
            var literal = new StringBuilder();
            var literalQuoted = false;

            void Flush()
            {
                if (literal.Length > 0)
                {
                    parts.Add(new ShellText(literal.ToString(), literalQuoted));
                    literal.Clear();
                }
            }

            void Literal(string piece, bool quoted)
            {
                if (literal.Length > 0 && literalQuoted != quoted)
                {
                    Flush();
                }

                literalQuoted = quoted;
                literal.Append(piece);
            }

            while (_at < text.Length)
            {
                var c = text[_at];
                if (c is ' ' or '\t' or '\r' or '\n' or ';' || (!_inTest && c is '&' or '|' or '<' or '>' or '(' or ')'))
                {
                    break;
                }

                if (c == '\\')
                {
                    if (_at + 1 < text.Length && text[_at + 1] == '\n')
                    {
                        _at += 2;
                        Line++;
                        continue;
                    }

                    Literal(_at + 1 < text.Length ? text[_at + 1].ToString() : string.Empty, true);
                    _at += 2;
                    continue;
                }

                if (c == '\'')
                {
                    var end = text.IndexOf('\'', _at + 1);
                    if (end < 0)
                    {
                        Error = $"a single quote at line {Line} is not closed";
                        return null;
                    }

                    var quoted = text[(_at + 1)..end];
                    Line += quoted.Count(ch => ch == '\n');
                    Literal(quoted, true);
                    _at = end + 1;
                    continue;
                }

                if (c == '"')
                {
                    _at++;
                    while (true)
                    {
                        if (_at >= text.Length)
                        {
                            Error = $"a double quote at line {Line} is not closed";
                            return null;
                        }

                        var d = text[_at];
                        if (d == '"')
                        {
                            _at++;
                            break;
                        }

                        if (d == '\\' && _at + 1 < text.Length && text[_at + 1] is '$' or '`' or '"' or '\\' or '\n')
                        {
                            if (text[_at + 1] == '\n')
                            {
                                Line++;
                            }
                            else
                            {
                                Literal(text[_at + 1].ToString(), true);
                            }

                            _at += 2;
                            continue;
                        }

                        if (d is '$' or '`' && Expansion(true) is var (expansion, consumed) && consumed)
                        {
                            if (expansion is null)
                            {
                                return null;
                            }

                            Flush();
                            parts.Add(expansion);
                            continue;
                        }

                        if (d == '\n')
                        {
                            Line++;
                        }

                        Literal(d.ToString(), true);
                        _at++;
                    }

                    // "" is a word even when empty.
                    if (literal.Length == 0 && (parts.Count == 0 || parts[^1] is not ShellText))
                    {
                        parts.Add(new ShellText(string.Empty, true));
                    }

                    continue;
                }

                if (c is '$' or '`' && Expansion(false) is var (unquoted, taken) && taken)
                {
                    if (unquoted is null)
                    {
                        return null;
                    }

                    Flush();
                    parts.Add(unquoted);
                    continue;
                }

                Literal(c.ToString(), false);
                _at++;
            }

            Flush();
            return parts.Count == 0 ? new ShellWord([new ShellText(string.Empty, false)], string.Empty) : new ShellWord(parts, text[start.._at]);
        }

        /// <summary>An expansion at <c>$</c> or a backquote: the part, and whether one was there (a lone <c>$</c> is text).
        /// A null part with one there means it is not closed (<see cref="Error"/> says where).</summary>
        private (ShellPart? Part, bool Consumed) Expansion(bool quoted)
        {
            var c = text[_at];
            if (c == '`')
            {
                var end = _at + 1;
                while (end < text.Length && text[end] != '`')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }

                if (end >= text.Length)
                {
                    Error = $"a backquote at line {Line} is not closed";
                    return (null, true);
                }

                var raw = text[_at..(end + 1)];
                Line += raw.Count(ch => ch == '\n');
                _at = end + 1;
                return (new ShellOpaque(raw, quoted), true);
            }

            var next = At(_at + 1);
            if (next == '(')
            {
                var arithmetic = At(_at + 2) == '(';
                var close = Matching(_at + 1, '(', ')');
                if (close < 0)
                {
                    Error = $"'$(' at line {Line} is not closed";
                    return (null, true);
                }

                var raw = text[_at..(close + 1)];
                Line += raw.Count(ch => ch == '\n');
                _at = close + 1;
                return arithmetic ? (new ShellOpaque(raw, quoted), true) : (new ShellSubstitution(raw[2..^1], quoted), true);
            }

            if (next == '{')
            {
                var close = Matching(_at + 1, '{', '}');
                if (close < 0)
                {
                    Error = $"'${{' at line {Line} is not closed";
                    return (null, true);
                }

                var raw = text[_at..(close + 1)];
                var inner = raw[2..^1];
                Line += raw.Count(ch => ch == '\n');
                _at = close + 1;
                return (Braced(inner, raw, quoted), true);
            }

            if (next == '\'' && !quoted)
            {
                // $'...' (bash's ANSI-C quoting): not evaluated.
                var end = text.IndexOf('\'', _at + 2);
                if (end < 0)
                {
                    Error = $"a $' quote at line {Line} is not closed";
                    return (null, true);
                }

                var raw = text[_at..(end + 1)];
                _at = end + 1;
                return (new ShellOpaque(raw, quoted), true);
            }

            if (NameLength(text.AsSpan(_at + 1)) is > 0 and var length)
            {
                var end = _at + 1 + length;
                var name = text[(_at + 1)..end];
                var written = text[_at..end];
                _at = end;
                return (new ShellParameter(name, null, null, quoted, written), true);
            }

            if (char.IsAsciiDigit(next) || next is '@' or '*' or '#' or '?' or '$' or '!' or '-')
            {
                _at += 2;
                return (new ShellParameter(next.ToString(), null, null, quoted, "$" + next), true);
            }

            return (null, false);
        }

        /// <summary><c>${...}</c>'s inside: a name with an operator ConfLint evaluates, else opaque.</summary>
        private static ShellPart Braced(string inner, string raw, bool quoted)
        {
            var end = NameLength(inner);
            if (end == 0 && inner.Length > 0 && char.IsAsciiDigit(inner[0]))
            {
                end = inner.AsSpan().IndexOfAnyExceptInRange('0', '9') is >= 0 and var digits ? digits : inner.Length;
            }
            else if (end == 0 && inner is "@" or "*" or "?" or "$" or "!" or "-" or "#")
            {
                end = 1;
            }

            if (end == 0)
            {
                return new ShellOpaque(raw, quoted);
            }

            var name = inner[..end];
            var rest = inner[end..];
            if (rest.Length == 0)
            {
                return new ShellParameter(name, null, null, quoted, raw);
            }

            if (name == "BASH_SOURCE" && rest == "[0]")
            {
                return new ShellParameter(name, null, null, quoted, raw);
            }

            foreach (var op in (string[])[":-", ":=", ":+", ":?", "-", "=", "+", "?"])
            {
                if (rest.StartsWith(op, StringComparison.Ordinal))
                {
                    // The operand is read as a word of its own, with the quoting of where the expansion stands.
                    var operand = new ShellLexer(rest[op.Length..]) { _inTest = true }.ReadOperand(quoted);
                    return operand is null ? new ShellOpaque(raw, quoted) : new ShellParameter(name, op, operand, quoted, raw);
                }
            }

            return new ShellOpaque(raw, quoted);
        }

        /// <summary>The whole text as one word's parts (an operand of <c>${NAME:-word}</c>): blanks are kept as text.</summary>
        private List<ShellPart>? ReadOperand(bool quoted)
        {
            var parts = new List<ShellPart>();
            var literal = new StringBuilder();
            while (_at < text.Length)
            {
                var c = text[_at];
                if (c is '$' or '`' && Expansion(quoted) is var (part, consumed) && consumed)
                {
                    if (part is null)
                    {
                        return null;
                    }

                    if (literal.Length > 0)
                    {
                        parts.Add(new ShellText(literal.ToString(), true));
                        literal.Clear();
                    }

                    parts.Add(part);
                    continue;
                }

                if (c is '"' or '\'' or '\\')
                {
                    // Quotes inside the operand: read it as a word would be.
                    var word = ReadWord();
                    if (word is null || _at < text.Length)
                    {
                        return null;
                    }

                    if (literal.Length > 0)
                    {
                        parts.Add(new ShellText(literal.ToString(), true));
                        literal.Clear();
                    }

                    parts.AddRange(word.Parts);
                    break;
                }

                literal.Append(c);
                _at++;
            }

            if (literal.Length > 0)
            {
                parts.Add(new ShellText(literal.ToString(), true));
            }

            return parts;
        }

        /// <summary>The index of the bracket closing the one at <paramref name="open"/>, skipping quotes, escapes and
        /// nested brackets; -1 when it is not closed.</summary>
        private int Matching(int open, char opening, char closing)
        {
            var depth = 0;
            for (var i = open; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    var end = text.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        return -1;
                    }

                    i = end;
                }
                else if (c == '"')
                {
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                        else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] is '(' or '{')
                        {
                            var inner = Matching(i + 1, text[i + 1], text[i + 1] == '(' ? ')' : '}');
                            if (inner < 0)
                            {
                                return -1;
                            }

                            i = inner;
                        }
                    }
                }
                else if (c == opening)
                {
                    depth++;
                }
                else if (c == closing && --depth == 0)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
