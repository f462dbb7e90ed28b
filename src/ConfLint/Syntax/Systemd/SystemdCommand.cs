namespace ConfLint.Syntax.Systemd;

/// <summary>
/// One command of an <c>ExecStart=</c>-like setting, split as systemd splits it (see <see cref="SystemdCommandLine"/>).
/// <see cref="Executable"/> is the first word with its prefixes removed; <see cref="Arguments"/> are the words
/// after it. Specifiers (<c>%i</c>) and variables (<c>$PORT</c>) are left as written.
/// </summary>
public sealed class SystemdCommand
{
    public SystemdCommand(SystemdExecPrefixes prefixes, SystemdWord executable, IReadOnlyList<SystemdWord> arguments)
    {
        Prefixes = prefixes;
        Executable = executable;
        Arguments = arguments;
    }

    public SystemdExecPrefixes Prefixes { get; }

    /// <summary>The program: its value has no prefix; its span covers the word as written, prefixes included.</summary>
    public SystemdWord Executable { get; }

    public IReadOnlyList<SystemdWord> Arguments { get; }

    /// <summary>The argument vector the program gets: with <c>@</c>, the arguments (the first is <c>argv[0]</c>);
    /// otherwise the executable followed by the arguments.</summary>
    public IReadOnlyList<string> Argv => Prefixes.HasFlag(SystemdExecPrefixes.SeparateArgv0)
        ? Arguments.Select(a => a.Value).ToArray()
        : [Executable.Value, .. Arguments.Select(a => a.Value)];

    /// <summary>The program's file name: <c>gunicorn</c> for <c>/srv/app/venv/bin/gunicorn</c>.</summary>
    public string ProgramName => Executable.Value[(Executable.Value.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The values given to an option, in the spellings programs commonly accept: <c>--bind X</c>,
    /// <c>--bind=X</c>, <c>-b X</c> and <c>-bX</c> for <c>OptionValues("--bind", "-b")</c>; other names take
    /// <c>NAME X</c> and <c>NAME=X</c>. Scanning stops at <c>--</c>. Each value keeps its
    /// span (for <c>--bind=X</c>, the span of <c>X</c> alone).
    /// </summary>
    public IEnumerable<SystemdWord> OptionValues(params string[] names)
    {
        for (var i = 0; i < Arguments.Count; i++)
        {
            var word = Arguments[i];
            if (word.Value == "--")
            {
                yield break;
            }

            foreach (var name in names)
            {
                if (word.Value == name)
                {
                    if (i + 1 < Arguments.Count)
                    {
                        yield return Arguments[i + 1];
                        i++;
                    }

                    break;
                }

                var attached = name.Length == 2 && name[0] == '-' && name[1] != '-' ? name : name + "=";
                if (word.Value.Length > attached.Length && word.Value.StartsWith(attached, StringComparison.Ordinal))
                {
                    var rest = word.Value[attached.Length..];
                    var restStart = word.End - word.Start == word.Value.Length ? word.Start + attached.Length : word.Start;
                    yield return new SystemdWord(rest, restStart, word.End);
                    break;
                }
            }
        }
    }

    public override string ToString() => string.Join(' ', Argv);
}
