using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>The command a followed script ends up running: its words (one not known is left as written), the
/// environment it gets (the unit's, with what the scripts exported), its working folder (null when a <c>cd</c> made it
/// unknown), the scripts it was reached through, and the umask the scripts set for it (null: none of them sets one).</summary>
internal sealed record FollowedCommand(IReadOnlyList<string> Words, IReadOnlyDictionary<string, string> Environment, string? WorkingDirectory, IReadOnlyList<string> Scripts, ScriptUmask? Umask = null);

/// <summary>The umask a service's scripts give the server they start: a top-level <c>umask 027</c> the shell runs before it
/// (<see cref="Value"/>, with where it is written), or unknown (<see cref="Value"/> null) where a <c>umask</c> runs in a
/// branch, a function, a file sourced in a branch, with a value not known until the script runs, or where the scripts
/// <c>eval</c> text or source a file ConfLint cannot read (either may run <c>umask</c>).</summary>
public sealed record ScriptUmask(int? Value, string Why);

/// <summary>A script an ExecStart runs (as written there, and the word that names it), and the one server command it
/// was found to start, or why none was taken.</summary>
/// <param name="Unread">The programs the scripts run that are neither a server ConfLint reads nor a script (their words):
/// one of them may be what listens.</param>
internal sealed record FollowOutcome(string Script, SystemdWord At, FollowedCommand? Command, string? Why, IReadOnlyList<IReadOnlyList<string>> Unread)
{
    /// <summary>Why a value the scripts hand the server is not known (pkgr's <c>PORT</c>): said when its binds are unknown.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Why the scripts run no listener, when every command in them is known to run none (a shell builtin, a
    /// coreutils program such as <c>mkdir</c> or <c>chown</c>, a Celery worker) and every word that names a program could
    /// be read (<see cref="ScriptFollower"/>'s NonServers); null when they may run one.</summary>
    public string? Quiet { get; init; }

    /// <summary>With <see cref="Quiet"/>, the operands of the scripts' <c>mkdir</c>, <c>install</c>, <c>cp</c>,
    /// <c>mv</c> and <c>ln</c>: the only paths they may make.</summary>
    public IReadOnlyList<string> Made { get; init; } = [];

    /// <summary>The server command the scripts were followed to, each word located at <see cref="At"/> (the command line
    /// that runs the script); null when none was taken.</summary>
    public Syntax.Systemd.SystemdCommand? Final()
    {
        if (Command is not { } followed)
        {
            return null;
        }

        var words = followed.Words.Select(w => At with { Value = w }).ToList();
        return new Syntax.Systemd.SystemdCommand(Syntax.Systemd.SystemdExecPrefixes.None, words[0], words.Skip(1).ToList());
    }
}

/// <summary>
/// Follows the shell scripts a service runs (<c>ExecStart=bash /opt/app/run.sh start</c>, or a script with a
/// <c>#!/bin/sh</c>, <c>bash</c> or <c>dash</c> line) to the application server they start, without running anything.
/// Each script is read from the root only (through <see cref="HostFiles"/>), with <c>$0</c> and <c>$1</c>.. from its
/// command line; plain assignments, <c>${NAME:-default}</c>, <c>$(dirname X)</c>, <c>$(basename X)</c>,
/// <c>$(readlink -f X)</c>, <c>$(realpath X)</c>, <c>$(cd X &amp;&amp; pwd)</c>, <c>export</c>, <c>shift</c>, <c>cd</c> and
/// <c>source</c> of a file of the root are evaluated; a command that runs another shell script of the root is followed,
/// at most <see cref="MaxDepth"/> scripts deep. The one command among them that runs a server ConfLint knows
/// (<see cref="AppServer.Recognises"/>) is the service's server; none, or more than one, and nothing is taken, with why.
/// A value that depends on what cannot be seen (a variable set in an <c>if</c>, a loop or another function, a file
/// not under the root, backquotes, arithmetic, <c>eval</c>) is unknown, never guessed.
/// </summary>
internal sealed partial class ScriptFollower
{
    /// <summary>How many scripts deep a service's command is followed (the ExecStart's own script is the first).</summary>
    public const int MaxDepth = 3;

    /// <summary>A larger file is no control script ConfLint reads.</summary>
    private const long MaxScriptSize = 512 * 1024;

    /// <summary>The servers a script's exec may replace the shell with, among Python's console scripts, when it is run as
    /// <c>python PATH/gunicorn</c> (Seafile's seahub.sh: <c>$PYTHON $gunicorn_exe</c>).</summary>
    private static readonly HashSet<string> PythonScripts = new(StringComparer.Ordinal) { "gunicorn", "uvicorn", "hypercorn" };

    /// <summary>Variables systemd gives every service (systemd.exec(5), "Environment variables in spawned processes"):
    /// set, but not to anything a unit file shows.</summary>
    private static readonly HashSet<string> FromSystemd = new(StringComparer.Ordinal)
    {
        "PATH", "LANG", "LANGUAGE", "USER", "LOGNAME", "HOME", "SHELL", "INVOCATION_ID", "JOURNAL_STREAM", "MAINPID",
        "MANAGERPID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "NOTIFY_SOCKET", "RUNTIME_DIRECTORY", "STATE_DIRECTORY",
        "CACHE_DIRECTORY", "LOGS_DIRECTORY", "CONFIGURATION_DIRECTORY", "CREDENTIALS_DIRECTORY", "TERM", "PWD", "OLDPWD",
        "HOSTNAME", "HOSTTYPE", "MACHTYPE", "OSTYPE", "UID", "EUID", "PPID", "RANDOM", "SECONDS", "LINENO", "IFS", "BASH",
        "BASH_VERSION", "BASHPID", "TMPDIR", "SYSTEMD_EXEC_PID", "MEMORY_PRESSURE_WATCH", "MEMORY_PRESSURE_WRITE",
    };

    private readonly HostFiles _files;
    private readonly List<FollowedCommand> _servers = [];
    private readonly List<string> _reasons = [];
    private readonly List<IReadOnlyList<string>> _unread = [];

    /// <summary>Every command the scripts run that is neither a server ConfLint reads nor a script, in order.</summary>
    private readonly List<IReadOnlyList<string>> _ran = [];

    /// <summary>See <see cref="FollowOutcome.Notes"/>.</summary>
    private readonly List<string> _notes = [];
    private readonly Dictionary<string, ShellSyntax> _parsed = new(StringComparer.Ordinal);

    /// <summary>Why the umask the scripts leave is not known (see <see cref="ScriptUmask"/>); null while it is.</summary>
    private string? _umaskUnknown;

    /// <summary>How many files sourced in a branch are being read: a <c>umask</c> in them may not run.</summary>
    private int _inBranch;

    private ScriptFollower(HostFiles files)
    {
        _files = files;
    }

    /// <summary>Follows <paramref name="command"/> when it runs a shell script; null when it does not (then nothing is
    /// read: a shell's inline <c>-c</c> script is <see cref="ShellScript"/>'s, and an executable is looked at only when
    /// it is an absolute path).</summary>
    /// <param name="environment">The unit's environment, systemd's expansions done.</param>
    /// <param name="workingDirectory">The unit's working folder; null when unknown.</param>
    public static FollowOutcome? Follow(SystemdCommand command, IReadOnlyDictionary<string, string> environment, string? workingDirectory, HostFiles files)
    {
        if (PkgrLauncher(command, files) is { } app)
        {
            return FollowPkgr(command, app, environment, workingDirectory, files);
        }

        string script;
        SystemdWord at;
        List<string> arguments;
        if (IsShell(command.ProgramName))
        {
            var words = command.Arguments.Select(a => a.Value).ToList();
            if (ShellScript.ScriptOperand(words) is not (>= 0 and var index, false))
            {
                return null;
            }

            at = command.Arguments[index];
            script = at.Value;
            arguments = words.Skip(index + 1).ToList();
        }
        else if (command.Executable.Value.StartsWith('/') && !command.Prefixes.HasFlag(SystemdExecPrefixes.SeparateArgv0))
        {
            at = command.Executable;
            script = at.Value;
            if (files.FileSystem.SizeOf(script) is not (> 0 and <= MaxScriptSize) || ShellOf(files.Read(script)) is null)
            {
                return null;
            }

            arguments = command.Arguments.Select(a => a.Value).ToList();
        }
        else
        {
            return null;
        }

        var follower = new ScriptFollower(files);
        var start = new Dictionary<string, ShellValue>(StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            start[name] = ShellValue.Of(value);
        }

        follower.Run(script, arguments, start, workingDirectory, 1, []);
        return follower.Outcome(script, at);
    }

    /// <summary>What the scripts read start: the one server, or why none was taken; with <paramref name="quietKnown"/>,
    /// whether they run no listener at all (pkgr's launcher, read in part, never does).</summary>
    private FollowOutcome Outcome(string script, SystemdWord at, bool quietKnown = true)
    {
        var found = _servers.DistinctBy(s => string.Join('\0', s.Words)).ToList();
        if (found.Count == 1)
        {
            var server = _umaskUnknown is { } unknown ? found[0] with { Umask = new ScriptUmask(null, unknown) } : found[0];
            return new FollowOutcome(script, at, server, null, _unread) { Notes = _notes };
        }

        if (quietKnown && Quiet(found.Count) is { } quiet)
        {
            return new FollowOutcome(script, at, null, $"it runs no server: {quiet}", _unread) { Notes = _notes, Quiet = quiet, Made = _made };
        }

        var why = found.Count > 1
            ? $"it starts more than one server ({string.Join("; ", found.Select(f => string.Join(' ', f.Words)))})"
            : _reasons.FirstOrDefault()
              ?? (_unread.Count > 0
                  ? $"no command in it runs a server ConfLint reads (it runs {string.Join(", ", _unread.Select(u => u[0]).Distinct())})"
                  : "no command in it runs a server ConfLint reads");
        return new FollowOutcome(script, at, null, why, _unread) { Notes = _notes };
    }

    /// <summary>Whether a program is a shell that runs a script file as sh would: sh, bash, dash.</summary>
    private static bool IsShell(string program) => program is "sh" or "bash" or "dash";

    /// <summary>The shell a file's <c>#!</c> line names (<c>#!/bin/sh</c>, <c>#!/usr/bin/env bash</c>), when sh, bash or
    /// dash; null otherwise.</summary>
    internal static string? ShellOf(Text.SourceText? text)
    {
        if (text is null || text.Length < 3 || text[0] != '#' || text[1] != '!')
        {
            return null;
        }

        var content = text.ToString();
        var end = content.IndexOf('\n');
        var words = content[2..(end < 0 ? content.Length : end)].Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        var program = words[0][(words[0].LastIndexOf('/') + 1)..];
        if (program == "env")
        {
            program = words.Skip(1).FirstOrDefault(w => !w.StartsWith('-') && !w.Contains('=')) ?? string.Empty;
        }

        return IsShell(program) ? program : null;
    }

    /// <summary>Reads one script and its commands, <paramref name="zero"/> being how it was named.</summary>
    private void Run(string zero, IReadOnlyList<string> arguments, Dictionary<string, ShellValue> environment, string? workingDirectory, int depth, IReadOnlyList<string> chain, ScriptUmask? umask = null)
    {
        if (Absolute(zero, workingDirectory) is not { } path)
        {
            _reasons.Add($"{zero} is a relative path and the working folder is not known");
            return;
        }

        var resolved = _files.FileSystem.Resolve(path);
        if (resolved is null || _files.FileSystem.SizeOf(path) is not (> 0 and <= MaxScriptSize) || _files.Read(path) is not { } text)
        {
            _reasons.Add($"{zero} is not a file of the root ConfLint can read");
            return;
        }

        if (chain.Contains(resolved))
        {
            return;
        }

        if (!_parsed.TryGetValue(resolved, out var syntax))
        {
            syntax = ShellSyntax.Parse(text.ToString());
            _parsed[resolved] = syntax;
        }

        if (syntax.Error is { } error)
        {
            _reasons.Add($"{zero} could not be read: {error}");
            return;
        }

        var scripts = chain.Append(resolved).ToList();
        var assignedIn = AssignedNames(syntax);

        // The top level, in order; then each function's body, from the state the top level ends with.
        var top = new State(_files, environment, arguments.ToList(), zero, workingDirectory, Volatile(assignedIn, null)) { Umask = umask };
        var ended = Block(syntax.Commands.Where(c => c.Function is null), top, depth, scripts, path);
        foreach (var function in syntax.Commands.Select(c => c.Function).OfType<string>().Distinct())
        {
            var state = ended.ForFunction(Volatile(assignedIn, function), assignedIn.TopMoreThanOnce);
            Block(syntax.Commands.Where(c => c.Function == function), state, depth, scripts, path);
        }
    }

    /// <summary>Which names each block (the top level: null; a function) assigns, and the names assigned where their
    /// value cannot be known anywhere (a loop's variable, <c>read</c>).</summary>
    private sealed record Assigned(Dictionary<string, HashSet<string>> ByFunction, HashSet<string> Always, HashSet<string> TopMoreThanOnce);

    private static Assigned AssignedNames(ShellSyntax syntax)
    {
        var byFunction = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var always = new HashSet<string>(StringComparer.Ordinal);
        var topCount = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var command in syntax.Commands)
        {
            var names = command.Words.Count == 0 ? command.Assignments.Select(a => a.Name).ToList() : [];
            var program = command.Words.Count > 0 ? command.Words[0].Literal : null;
            if (program is "export" or "declare" or "typeset" or "local" or "readonly")
            {
                names.AddRange(command.Words.Skip(1).Select(w => w.Literal is { } literal ? literal.Split('=')[0] : null).OfType<string>().Where(ShellSyntax.IsName));
            }
            else if (program is "read" or "getopts" or "mapfile" or "readarray" or "unset" or "printf")
            {
                always.UnionWith(command.Words.Skip(1).Select(w => w.Literal).OfType<string>().Where(ShellSyntax.IsName));
            }

            if (command.InLoop)
            {
                always.UnionWith(names);
            }

            if (command.Function is { } function)
            {
                (byFunction.TryGetValue(function, out var set) ? set : byFunction[function] = new HashSet<string>(StringComparer.Ordinal)).UnionWith(names);
            }
            else
            {
                foreach (var name in names)
                {
                    topCount[name] = topCount.GetValueOrDefault(name) + 1;
                }
            }
        }

        return new Assigned(byFunction, always, topCount.Where(c => c.Value > 1).Select(c => c.Key).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The names whose value a block cannot know: those of loops and <c>read</c>, and those another function
    /// assigns (it may be called anywhere).</summary>
    private static HashSet<string> Volatile(Assigned assigned, string? function)
    {
        var names = new HashSet<string>(assigned.Always, StringComparer.Ordinal);
        foreach (var (other, set) in assigned.ByFunction)
        {
            if (other != function)
            {
                names.UnionWith(set);
            }
        }

        return names;
    }

    /// <summary>Evaluates a block's commands in order; returns the state it ends with.</summary>
    private State Block(IEnumerable<ShellCommand> commands, State state, int depth, IReadOnlyList<string> scripts, string path)
    {
        foreach (var command in commands)
        {
            if (Command(command, state, depth, scripts, path) == Flow.Stop)
            {
                break;
            }
        }

        return state;
    }

    private enum Flow
    {
        Continue,
        Stop,
    }

    private Flow Command(ShellCommand command, State state, int depth, IReadOnlyList<string> scripts, string path)
    {
        Substitutions(command);
        var prefix = new Dictionary<string, ShellValue>(StringComparer.Ordinal);
        foreach (var (name, value, append) in command.Assignments)
        {
            var expanded = append ? ShellValue.Unknown(value.Raw) : ShellSyntax.Joined(value, state, command.Straight);
            if (command.Words.Count > 0)
            {
                prefix[name] = expanded;
            }
            else
            {
                state.Assign(name, command.Straight ? expanded : ShellValue.Unknown("$" + name));
            }
        }

        if (command.Words.Count == 0)
        {
            return Flow.Continue;
        }

        var fields = new List<(string Text, bool Known, ShellWord Word)>();
        foreach (var word in command.Words)
        {
            var expanded = ShellSyntax.Expand(word, state, command.Straight, out var known);
            fields.AddRange(expanded.Select(e => (e, known, word)));
        }

        if (fields.Count == 0)
        {
            return Flow.Continue;
        }

        var program = fields[0].Known ? fields[0].Text : null;
        switch (program)
        {
            case "export" or "declare" or "typeset" or "local" or "readonly":
                Declare(program, command, state);
                return Flow.Continue;
            case "unset":
                foreach (var name in fields.Skip(1).Select(f => f.Text).Where(ShellSyntax.IsName))
                {
                    state.Assign(name, command.Straight ? ShellValue.Unset : ShellValue.Unknown("$" + name));
                }

                return Flow.Continue;
            case "read" or "getopts" or "mapfile" or "readarray" or "printf":
                foreach (var name in fields.Skip(1).Select(f => f.Text).Where(ShellSyntax.IsName))
                {
                    state.Assign(name, ShellValue.Unknown("$" + name));
                }

                return Flow.Continue;
            case "cd":
                var target = fields.Skip(1).Where(f => f.Text is not ("-P" or "-L" or "-e" or "-@" or "--")).ToList();
                state.WorkingDirectory = command.Straight && target.Count == 1 && target[0].Known && target[0].Text != "-"
                    ? Absolute(target[0].Text, state.WorkingDirectory)
                    : null;
                return Flow.Continue;
            case "shift":
                var count = fields.Count > 1 ? int.TryParse(fields[1].Text, out var n) && fields[1].Known ? n : -1 : 1;
                state.Positional = command.Straight && state.Positional is { } positional && count >= 0 && count <= positional.Count ? positional.Skip(count).ToList() : null;
                return Flow.Continue;
            case "set":
                Set(fields.Skip(1).ToList(), state, command.Straight);
                return Flow.Continue;
            case "eval":
                state.Taint();
                _umaskUnknown ??= $"{Where(command, path)}: eval runs text ConfLint does not evaluate, which may set a umask";
                _reasons.Add($"{Where(command, path)}: eval runs text ConfLint does not evaluate");
                return Flow.Continue;
            case "source" or ".":
                Source(fields.Skip(1).FirstOrDefault(), command, state, depth, scripts, path);
                return Flow.Continue;
            case "umask":
                Umask(fields.Skip(1).ToList(), command, state, path);
                return Flow.Continue;
            case "exit" or "return" when command.Straight:
                return Flow.Stop;
            case "exec" when fields.Count == 1:
                return Flow.Continue;
        }

        // What runs: past exec, command, nohup (exec replaces the shell: nothing after it at the same level runs).
        var replaces = false;
        var skip = 0;
        while (skip < fields.Count && fields[skip].Known && fields[skip].Text is "exec" or "command" or "nohup" or "builtin" or "setsid")
        {
            replaces |= fields[skip].Text == "exec";
            skip++;
            while (skip < fields.Count && fields[skip].Text.StartsWith('-'))
            {
                // exec -a NAME: argv[0]'s name.
                skip += fields[skip].Text == "-a" ? 2 : 1;
            }
        }

        var words = fields.Skip(skip).ToList();
        if (words.Count == 0)
        {
            return Flow.Continue;
        }

        if (!words[0].Known)
        {
            if (words[0].Word.Parts is [ShellParameter parameter] && parameter.Name.Contains("python", StringComparison.OrdinalIgnoreCase)
                && words.Count > 1 && words[1].Known && PythonScripts.Contains(AppServer.Canonical(Base(words[1].Text))))
            {
                // $PYTHON $gunicorn_exe ...: whichever Python it is, the program is the console script.
                words[0] = ("python", true, words[0].Word);
            }
            else
            {
                _reasons.Add($"{Where(command, path)}: the command '{words[0].Word.Raw}' is not known until the script runs");
                return Flow.Continue;
            }
        }

        var run = words[0].Text;
        if (run == state.Zero || (run.Contains('/') && Absolute(run, state.WorkingDirectory) is { } self && _files.FileSystem.Resolve(self) == scripts[^1]))
        {
            // "$0" stop; "$0" start: the script itself.
            return Flow.Continue;
        }

        var texts = words.Select(w => w.Text).ToList();
        var asCommand = new SystemdCommand(SystemdExecPrefixes.None, new SystemdWord(texts[0], 0, 0), texts.Skip(1).Select(t => new SystemdWord(t, 0, 0)).ToList());
        if (AppServer.Recognises(asCommand))
        {
            _servers.Add(new FollowedCommand(texts, state.Environment(prefix), state.WorkingDirectory, scripts, state.Umask));
            return replaces && command.Straight ? Flow.Stop : Flow.Continue;
        }

        string? script = null;
        List<string>? arguments = null;
        if (IsShell(Base(run)))
        {
            if (ShellScript.ScriptOperand(texts.Skip(1).ToList()) is (>= 0 and var operand, false))
            {
                script = texts[operand + 1];
                arguments = texts.Skip(operand + 2).ToList();
            }
        }
        else if (run.Contains('/') && Absolute(run, state.WorkingDirectory) is { } file && _files.FileSystem.SizeOf(file) is > 0 and <= MaxScriptSize
                 && ShellOf(_files.Read(file)) is not null)
        {
            script = run;
            arguments = texts.Skip(1).ToList();
        }

        if (script is null && run.Contains('/'))
        {
            _unread.Add(texts);
        }

        if (script is null)
        {
            _ran.Add(texts);
            Classify(words, texts, asCommand, state, prefix);
        }

        if (script is not null)
        {
            if (depth >= MaxDepth)
            {
                _reasons.Add($"{Where(command, path)}: {script} is more than {MaxDepth} scripts deep");
            }
            else
            {
                Run(script, arguments!, state.ChildEnvironment(prefix), state.WorkingDirectory, depth + 1, scripts, state.Umask);
            }
        }

        return replaces && command.Straight ? Flow.Stop : Flow.Continue;
    }

    /// <summary><c>umask MODE</c>: the shell's builtin sets the mask its later commands and children inherit (dash's and
    /// bash's umask builtin: an octal MODE, or a symbolic one); without MODE, or with only <c>-S</c>/<c>-p</c>, it prints
    /// it. An octal MODE run unconditionally at a script's top level is the umask from there on; anything else (a branch,
    /// a function, a symbolic or unknown MODE) leaves the umask the server gets unknown.</summary>
    private void Umask(List<(string Text, bool Known, ShellWord Word)> operands, ShellCommand command, State state, string path)
    {
        var mode = operands.Where(o => !(o.Known && o.Text is "-S" or "-p")).ToList();
        if (mode.Count == 0)
        {
            return;
        }

        var where = Where(command, path);
        var text = mode[0].Text;
        if (mode.Count == 1 && mode[0].Known && command.Straight && !state.InFunction && _inBranch == 0
            && text.Length is > 0 and <= 4 && text.All(c => c is >= '0' and <= '7'))
        {
            state.Umask = new ScriptUmask(Convert.ToInt32(text, 8) & 0b111_111_111, $"{where}: umask {text}");
            return;
        }

        _umaskUnknown ??= $"{where}: umask {mode[0].Word.Raw} runs " + (mode[0].Known && command.Straight && !state.InFunction && _inBranch == 0 ? "with a mode ConfLint does not read" : "in a branch, a function or a pipeline");
        state.Umask = new ScriptUmask(null, _umaskUnknown);
    }

    private string Where(ShellCommand command, string path) => $"{_files.FileSystem.DisplayPath(path)}:{command.Line}";

    /// <summary><c>export NAME=value</c>, <c>export NAME</c>, <c>declare -x</c>, <c>local</c>, <c>readonly</c>: an
    /// option other than <c>-x</c>, <c>-r</c> or <c>-g</c> (arrays, integers, references) makes the values unknown.</summary>
    private void Declare(string program, ShellCommand command, State state)
    {
        var export = program == "export";
        var plain = true;
        foreach (var word in command.Words.Skip(1))
        {
            if (word.Literal is { } option && option.StartsWith('-'))
            {
                export |= option.Contains('x', StringComparison.Ordinal);
                plain &= option.AsSpan(1).IndexOfAnyExcept("xrg") < 0 && !(program == "export" && option != "--");
                continue;
            }

            if (ShellSyntax.AsAssignment(word, operand: true) is var (name, value, append))
            {
                state.Assign(name, command.Straight && plain && !append ? ShellSyntax.Joined(value, state, command.Straight) : ShellValue.Unknown("$" + name));
                if (export)
                {
                    state.Export(name);
                }
            }
            else if (word.Literal is { } bare && ShellSyntax.IsName(bare))
            {
                if (export)
                {
                    state.Export(bare);
                }
                else if (program == "local")
                {
                    state.Assign(bare, command.Straight ? ShellValue.Unset : ShellValue.Unknown("$" + bare));
                }
            }
        }
    }

    /// <summary><c>set -- ARGS</c> (or <c>set ARGS</c>) gives new positional parameters; <c>set -a</c> exports what is
    /// assigned after it.</summary>
    private static void Set(List<(string Text, bool Known, ShellWord Word)> arguments, State state, bool straight)
    {
        var i = 0;
        while (i < arguments.Count && arguments[i].Text.Length > 1 && arguments[i].Text[0] is '-' or '+' && arguments[i].Text != "--")
        {
            if (arguments[i].Text[0] == '-' && (arguments[i].Text.Contains('a', StringComparison.Ordinal) || (arguments[i].Text == "-o" && i + 1 < arguments.Count && arguments[i + 1].Text == "allexport")))
            {
                state.AllExport = true;
            }

            i += arguments[i].Text is "-o" or "+o" ? 2 : 1;
        }

        if (i < arguments.Count && arguments[i].Text == "--")
        {
            i++;
        }
        else if (i >= arguments.Count)
        {
            return;
        }

        state.Positional = straight && arguments.Skip(i).All(a => a.Known) ? arguments.Skip(i).Select(a => a.Text).ToList() : null;
    }

    /// <summary><c>source FILE</c> / <c>. FILE</c>: a file of the root is read as part of this script (its top level, in
    /// order); a Python virtual environment's <c>bin/activate</c> that is not there changes only its own variables
    /// (CPython's Lib/venv/scripts/common/activate: <c>VIRTUAL_ENV</c>, <c>PATH</c>, <c>PS1</c> and the saved
    /// <c>_OLD_VIRTUAL_*</c>); anything else not under the root may set anything.</summary>
    private void Source((string Text, bool Known, ShellWord Word) file, ShellCommand command, State state, int depth, IReadOnlyList<string> scripts, string path)
    {
        if (file.Text is null || !file.Known || Absolute(file.Text, state.WorkingDirectory) is not { } sourced)
        {
            state.Taint();
            _umaskUnknown ??= $"{Where(command, path)}: it sources a file whose name is not known, which may set a umask";
            _reasons.Add($"{Where(command, path)}: it sources a file whose name is not known");
            return;
        }

        if (_files.FileSystem.SizeOf(sourced) is > 0 and <= MaxScriptSize && _files.Read(sourced) is { } text && depth < MaxDepth)
        {
            var resolved = _files.FileSystem.Resolve(sourced) ?? sourced;
            if (!_parsed.TryGetValue(resolved, out var syntax))
            {
                syntax = ShellSyntax.Parse(text.ToString());
                _parsed[resolved] = syntax;
            }

            if (syntax.Error is null && !scripts.Contains(resolved))
            {
                var assigned = AssignedNames(syntax);
                foreach (var name in assigned.ByFunction.Values.SelectMany(s => s).Concat(assigned.Always))
                {
                    state.Assign(name, ShellValue.Unknown("$" + name));
                }

                var inner = command.Straight ? state : state.Copy();
                _inBranch += command.Straight ? 0 : 1;
                Block(syntax.Commands.Where(c => c.Function is null), inner, depth + 1, scripts.Append(resolved).ToList(), sourced);
                _inBranch -= command.Straight ? 0 : 1;
                if (!command.Straight)
                {
                    state.Taint();
                }

                return;
            }
        }

        if (ShellScript.IsVirtualEnvActivate(sourced) && !_files.Exists(sourced))
        {
            foreach (var name in ShellScript.VirtualEnvVariables)
            {
                state.Assign(name, ShellValue.Unknown("$" + name));
            }

            return;
        }

        state.Taint();
        _umaskUnknown ??= $"{Where(command, path)}: it sources {file.Text}, which ConfLint cannot read and which may set a umask";
        _reasons.Add($"{Where(command, path)}: it sources {file.Text}, which ConfLint cannot read");
    }

    /// <summary>POSIX dirname(1): trailing slashes go, then the last component, then the slashes before it; "." when
    /// there is no slash.</summary>
    internal static string Dirname(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return path.Length > 0 ? "/" : ".";
        }

        var slash = trimmed.LastIndexOf('/');
        if (slash < 0)
        {
            return ".";
        }

        var folder = trimmed[..slash].TrimEnd('/');
        return folder.Length == 0 ? "/" : folder;
    }

    private static string Base(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>A path taken from <paramref name="folder"/> when relative, normalized; null when relative to a folder not known.</summary>
    private static string? Absolute(string path, string? folder) =>
        path.Length == 0 ? null
        : path.StartsWith('/') ? Workspace.RootedFileSystem.Normalize(path)
        : folder is null ? null
        : HostFiles.Absolute(path, folder);

    /// <summary>A script's variables, positional parameters and working folder at one point of its run.</summary>
    private sealed class State : IShellScope
    {
        private readonly HostFiles _files;
        private readonly Dictionary<string, ShellValue> _variables;
        private readonly HashSet<string> _exported;
        private readonly HashSet<string> _volatile;
        private bool _tainted;

        public State(HostFiles files, Dictionary<string, ShellValue> environment, List<string>? positional, string zero, string? workingDirectory, HashSet<string> volatileNames)
        {
            _files = files;
            _variables = new Dictionary<string, ShellValue>(environment, StringComparer.Ordinal);
            _exported = new HashSet<string>(environment.Keys, StringComparer.Ordinal);
            _volatile = volatileNames;
            Positional = positional;
            Zero = zero;
            WorkingDirectory = workingDirectory;
        }

        private State(State other)
        {
            _files = other._files;
            _variables = new Dictionary<string, ShellValue>(other._variables, StringComparer.Ordinal);
            _exported = new HashSet<string>(other._exported, StringComparer.Ordinal);
            _volatile = other._volatile;
            _tainted = other._tainted;
            Positional = other.Positional;
            Zero = other.Zero;
            WorkingDirectory = other.WorkingDirectory;
            Umask = other.Umask;
            AllExport = other.AllExport;
            InFunction = other.InFunction;
        }

        /// <summary>The positional parameters; null when not known.</summary>
        public List<string>? Positional { get; set; }

        public string Zero { get; }

        public string? WorkingDirectory { get; set; }

        /// <summary>The umask the script has set so far; null while it has set none (the one it inherited holds).</summary>
        public ScriptUmask? Umask { get; set; }

        public bool AllExport { get; set; }

        /// <summary>In a function's body: <c>$1</c>.. are its own arguments, not known.</summary>
        public bool InFunction { get; private init; }

        public State Copy() => new(this);

        /// <summary>The state a function's body starts from: the top level's end, less what the top level sets more than
        /// once (which value the call sees depends on where it is) and what other functions set.</summary>
        public State ForFunction(HashSet<string> volatileNames, HashSet<string> topMoreThanOnce)
        {
            var state = new State(_files, _variables, null, Zero, WorkingDirectory, volatileNames) { InFunction = true, AllExport = AllExport, Umask = Umask };
            foreach (var name in topMoreThanOnce)
            {
                state._variables[name] = ShellValue.Unknown("$" + name);
            }

            state._exported.Clear();
            state._exported.UnionWith(_exported);
            state._tainted = _tainted;
            return state;
        }

        /// <summary>In a function's body, <c>$@</c> is the function's own arguments: not known.</summary>
        IReadOnlyList<string>? IShellScope.Positional => InFunction ? null : Positional;

        /// <summary><c>$0</c> (and bash's <c>BASH_SOURCE</c>), the positional ones (not known in a function, whose own they
        /// are), <c>$#</c>, a variable.</summary>
        public ShellValue Parameter(string name)
        {
            if (name is "0" or "BASH_SOURCE")
            {
                return ShellValue.Of(Zero);
            }

            if (char.IsAsciiDigit(name[0]))
            {
                var index = int.Parse(name, System.Globalization.CultureInfo.InvariantCulture);
                return InFunction || Positional is null ? ShellValue.Unknown("$" + name)
                    : index <= Positional.Count ? ShellValue.Of(Positional[index - 1]) : ShellValue.Unset;
            }

            if (name == "#")
            {
                return InFunction || Positional is null ? ShellValue.Unknown("$#") : ShellValue.Of(Positional.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return ShellSyntax.IsName(name) ? Get(name) : ShellValue.Unknown("$" + name);
        }

        /// <summary>The output of <c>$(...)</c> when it is one of the path commands ConfLint evaluates: <c>dirname X</c>,
        /// <c>basename X [SUFFIX]</c>, <c>readlink -f X</c> (or <c>-e</c>, <c>-m</c>), <c>realpath X</c>, <c>pwd</c>, and
        /// <c>cd X &amp;&amp; pwd</c> (or with <c>;</c>); null for anything else.</summary>
        public string? Substitute(string script)
        {
            var syntax = ShellSyntax.Parse(script);
            if (syntax.Error is not null || syntax.Commands.Count is 0 or > 2 || syntax.Commands.Any(c => c.Assignments.Count > 0 || c.Words.Count == 0))
            {
                return null;
            }

            var inner = Copy();
            string? output = null;
            foreach (var command in syntax.Commands)
            {
                var words = new List<string>();
                foreach (var word in command.Words)
                {
                    var fields = ShellSyntax.Expand(word, inner, false, out var known);
                    if (!known)
                    {
                        return null;
                    }

                    words.AddRange(fields);
                }

                var operands = words.Skip(1).Where(w => !w.StartsWith('-')).ToList();
                var options = words.Skip(1).Where(w => w.StartsWith('-') && w != "--").ToList();
                switch (words[0])
                {
                    case "cd" when operands.Count == 1 && command == syntax.Commands[0] && syntax.Commands.Count == 2:
                        var folder = Absolute(operands[0], inner.WorkingDirectory);
                        if (folder is null || !_files.FileSystem.DirectoryExists(folder))
                        {
                            return null;
                        }

                        inner.WorkingDirectory = options.Contains("-P") ? _files.FileSystem.Resolve(folder) : folder;
                        break;
                    case "pwd" when operands.Count == 0 && command == syntax.Commands[^1]:
                        output = inner.WorkingDirectory is { } cwd && options.Contains("-P") ? _files.FileSystem.Resolve(cwd) : inner.WorkingDirectory;
                        break;
                    case "dirname" when operands.Count == 1 && options.Count == 0 && syntax.Commands.Count == 1:
                        output = Dirname(operands[0]);
                        break;
                    case "basename" when operands.Count is 1 or 2 && options.Count == 0 && syntax.Commands.Count == 1:
                        var name = Base(operands[0].TrimEnd('/'));
                        output = operands.Count == 2 && name.EndsWith(operands[1], StringComparison.Ordinal) && name != operands[1] ? name[..^operands[1].Length] : name;
                        break;
                    case "readlink" or "realpath" when operands.Count == 1 && syntax.Commands.Count == 1
                                                       && (words[0] == "realpath" ? options.All(o => o is "-e" or "-P") : options.Count == 1 && options[0] is "-f" or "-e" or "-m"):
                        // The path with every link followed, within the root; a path that is not there is not known.
                        output = Absolute(operands[0], inner.WorkingDirectory) is { } full ? _files.FileSystem.Resolve(full) : null;
                        break;
                    default:
                        return null;
                }
            }

            return output;
        }

        public ShellValue Get(string name) =>
            _volatile.Contains(name) ? ShellValue.Unknown("$" + name)
            : _variables.TryGetValue(name, out var value) ? value
            : _tainted || FromSystemd.Contains(name) ? ShellValue.Unknown("$" + name)
            : ShellValue.Unset;

        public void Assign(string name, ShellValue value)
        {
            _variables[name] = value;
            if (AllExport)
            {
                _exported.Add(name);
            }
        }

        public void Export(string name) => _exported.Add(name);

        /// <summary>After something that may set any variable: none is known any more.</summary>
        public void Taint()
        {
            _tainted = true;
            foreach (var name in _variables.Keys.ToList())
            {
                _variables[name] = ShellValue.Unknown("$" + name);
            }
        }

        /// <summary>What a child process gets: the exported variables, and the command's own assignments.</summary>
        public Dictionary<string, ShellValue> ChildEnvironment(Dictionary<string, ShellValue> prefix)
        {
            var environment = new Dictionary<string, ShellValue>(StringComparer.Ordinal);
            foreach (var name in _exported)
            {
                if (Get(name) is { Text: not null } value)
                {
                    environment[name] = value;
                }
            }

            foreach (var (name, value) in prefix)
            {
                environment[name] = value;
            }

            return environment;
        }

        /// <summary><see cref="ChildEnvironment"/> as text: a value not known is left as written.</summary>
        public Dictionary<string, string> Environment(Dictionary<string, ShellValue> prefix) =>
            ChildEnvironment(prefix).ToDictionary(e => e.Key, e => e.Value.Text!, StringComparer.Ordinal);
    }
}
