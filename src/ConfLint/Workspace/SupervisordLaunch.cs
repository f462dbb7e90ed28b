using ConfLint.Syntax.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Workspace;

/// <summary>
/// The supervisord main file a service runs supervisord with, read as supervisord finds it (supervisor's options.py,
/// <c>Options.realize</c> and <c>default_configfile</c>): the file of <c>-c FILE</c> / <c>--configuration FILE</c> (as
/// Python's <c>getopt</c> reads the words: <c>-cFILE</c>, <c>-nc FILE</c>, <c>--configuration=FILE</c>, a unique prefix
/// of the long name such as <c>--conf</c>), relative to the service's working folder; without one, the first of
/// <c>HERE/etc/supervisord.conf</c>, <c>HERE/supervisord.conf</c> (HERE the folder above the executable's:
/// <c>os.path.dirname(os.path.dirname(sys.argv[0]))</c>, where <c>sys.argv[0]</c> is the script the kernel hands
/// Python), <c>$CWD/supervisord.conf</c>, <c>$CWD/etc/supervisord.conf</c>, <c>/etc/supervisord.conf</c> and
/// <c>/etc/supervisor/supervisord.conf</c> that exists. supervisord is run by its console script (any path: a venv's
/// <c>bin/supervisord</c>), by Python running that script, or by <c>python -m supervisor.supervisord</c> (whose
/// <c>sys.argv[0]</c> is the module's file, in a site-packages folder the root does not show: HERE is not known).
/// </summary>
/// <param name="Unit">The service.</param>
/// <param name="Config">The main file's server path, or null where it is not known.</param>
/// <param name="Why">Why the file is not known (for <c>--verbose</c>), where <paramref name="Config"/> is null.</param>
internal sealed record SupervisordLaunch(UnitFileSet Unit, string? Config, string? Why)
{
    /// <summary>supervisord's long options (options.py, <c>Options.__init__</c> and <c>ServerOptions.__init__</c>), those
    /// taking a value ending in <c>=</c>, as getopt matches a prefix against them.</summary>
    private static readonly string[] LongOptions =
    [
        "help", "configuration=", "version", "nodaemon", "user=", "umask=", "directory=", "logfile=", "logfile_maxbytes=",
        "logfile_backups=", "loglevel=", "pidfile=", "identifier=", "childlogdir=", "minfds=", "minprocs=", "nocleanup",
        "strip_ansi", "profile_options=", "silent",
    ];

    /// <summary>supervisord's short options (getopt's <c>"h?c:vnu:m:d:l:y:z:e:j:i:q:a:kts"</c>) by the long option each
    /// stands for, a value-taking one's ending in <c>=</c>.</summary>
    private static readonly Dictionary<char, string> ShortOptions = new()
    {
        ['h'] = "help", ['?'] = "help", ['c'] = "configuration=", ['v'] = "version", ['n'] = "nodaemon", ['u'] = "user=",
        ['m'] = "umask=", ['d'] = "directory=", ['l'] = "logfile=", ['y'] = "logfile_maxbytes=", ['z'] = "logfile_backups=",
        ['e'] = "loglevel=", ['j'] = "pidfile=", ['i'] = "identifier=", ['q'] = "childlogdir=", ['a'] = "minfds=",
        ['k'] = "nocleanup", ['t'] = "strip_ansi", ['s'] = "silent",
    };

    /// <summary>Python's own flags that may stand before <c>-m</c> or the script.</summary>
    private static readonly string[] PythonFlags = ["-u", "-B", "-E", "-s", "-S", "-I", "-O", "-OO", "-b", "-bb", "-q", "-P"];

    /// <summary>Whether a command runs supervisord: where it does, <paramref name="first"/> is the index in
    /// <see cref="SystemdCommand.Arguments"/> of supervisord's own first word, and <paramref name="script"/> the console
    /// script's path as written (null for <c>python -m supervisor.supervisord</c>).</summary>
    public static bool Runs(SystemdCommand command, out int first, out string? script)
    {
        first = 0;
        script = null;
        var skip = command.Prefixes.HasFlag(SystemdExecPrefixes.SeparateArgv0) ? 1 : 0;
        if (command.ProgramName == "supervisord")
        {
            first = skip;
            script = command.Executable.Value;
            return true;
        }

        if (!command.ProgramName.StartsWith("python", StringComparison.Ordinal))
        {
            return false;
        }

        var i = skip;
        while (i < command.Arguments.Count && PythonFlags.Contains(command.Arguments[i].Value))
        {
            i++;
        }

        if (i + 1 < command.Arguments.Count && command.Arguments[i].Value == "-m" && command.Arguments[i + 1].Value == "supervisor.supervisord")
        {
            first = i + 2;
            return true;
        }

        if (i < command.Arguments.Count && command.Arguments[i].Value is var path && path[(path.LastIndexOf('/') + 1)..] == "supervisord")
        {
            first = i + 1;
            script = path;
            return true;
        }

        return false;
    }

    /// <summary>The launch of a service that runs supervisord (its last effective <c>ExecStart=</c>'s command that does),
    /// or null where it runs none.</summary>
    public static SupervisordLaunch? Of(RootedFileSystem fs, UnitFileSet unit, MergedUnit merged)
    {
        if (!unit.Name.EndsWith(".service", StringComparison.Ordinal) || merged.Get("Service", "ExecStart") is not { } exec)
        {
            return null;
        }

        foreach (var command in SystemdCommandLine.Parse(exec).Commands)
        {
            if (Runs(command, out var first, out var script))
            {
                var words = command.Arguments.Skip(first).Select(a => a.Value).ToList();
                return Find(fs, unit, merged, words, script);
            }
        }

        return null;
    }

    private static SupervisordLaunch Find(RootedFileSystem fs, UnitFileSet unit, MergedUnit merged, List<string> words, string? script)
    {
        var (config, why) = Locate(fs, words, script, WorkingFolder(merged), written =>
        {
            var value = UnitSpecifiers.Expand(written, unit.Name, out var complete);
            return complete ? value : null;
        });
        return new(unit, config, why);
    }

    /// <summary>The main file the supervisord of process 1 reads (<see cref="ProcessOneLaunch"/>: its words after the init
    /// shim and the scripts): its <c>-c</c> as an absolute path (process 1's working folder, the image's
    /// <c>WORKDIR</c>, is not known), else the first file of supervisord's search that exists, as for a service.</summary>
    internal static (string? Config, string? Why) OfProcessOne(RootedFileSystem fs, IReadOnlyList<string> words, int first, string? script) =>
        Locate(fs, words.Skip(first).ToList(), script, null, written => written);

    /// <summary>The main file supervisord reads with <paramref name="words"/> (its own, after the program), run as
    /// <paramref name="script"/> in working folder <paramref name="cwd"/> (null: not known); <paramref name="expand"/> gives
    /// a written path as the launcher expands it (null: not known). Null with why where it is not known.</summary>
    private static (string? Config, string? Why) Locate(RootedFileSystem fs, List<string> words, string? script, string? cwd, Func<string, string?> expand)
    {
        if (ConfigOption(words, out var error) is { } written)
        {
            if (written.Contains('$'))
            {
                return (null, $"its -c names the file with a variable ({written}), whose value is not read here");
            }

            var value = expand(written);
            if (value is null || (!value.StartsWith('/') && cwd is null))
            {
                return (null, $"its -c {written} names a file whose path is not known (a specifier, or a relative path from a working folder not known)");
            }

            return (RootedFileSystem.Normalize(value.StartsWith('/') ? value : cwd!.TrimEnd('/') + "/" + value), null);
        }

        if (error is not null)
        {
            return (null, error);
        }

        // No -c: the first search path that exists (an earlier one not known leaves the choice not known).
        var here = script is { } path && path.StartsWith('/') ? Parent(Parent(path)) : null;
        string?[] searched =
        [
            here is null ? null : here + "/etc/supervisord.conf",
            here is null ? null : here + "/supervisord.conf",
            cwd is null ? null : cwd.TrimEnd('/') + "/supervisord.conf",
            cwd is null ? null : cwd.TrimEnd('/') + "/etc/supervisord.conf",
            "/etc/supervisord.conf",
            "/etc/supervisor/supervisord.conf",
        ];
        foreach (var candidate in searched)
        {
            if (candidate is null)
            {
                return (null, "it names no file with -c, and where supervisord looks first (beside its executable, or its working folder) is not known");
            }

            var normalized = RootedFileSystem.Normalize(candidate);
            if (fs.FileExists(normalized))
            {
                return (normalized, null);
            }
        }

        return (null, "it names no file with -c, and none of the files supervisord looks for is in the root");
    }

    /// <summary>The value of supervisord's <c>-c</c> (<see cref="CommandLine(IReadOnlyList{string}, out string?)"/>):
    /// null where no <c>-c</c> is given, or where supervisord stops instead (<paramref name="error"/> says why).</summary>
    internal static string? ConfigOption(IReadOnlyList<string> words, out string? error) =>
        CommandLine(words, out error)?.GetValueOrDefault("configuration");

    /// <summary>The options of the supervisord a service runs (its last effective <c>ExecStart=</c>'s command that runs
    /// supervisord, <see cref="Runs"/>), read by <see cref="CommandLine(IReadOnlyList{string}, out string?)"/>; null where
    /// the service runs none (<paramref name="error"/> null) or supervisord stops at its words (<paramref name="error"/>
    /// says why).</summary>
    internal static IReadOnlyDictionary<string, string>? CommandLine(MergedUnit merged, out string? error) => CommandLine(merged, out error, out _);

    /// <summary>As <see cref="CommandLine(MergedUnit, out string?)"/>; <paramref name="unread"/> says where a word is a
    /// variable systemd expands (<c>$DAEMON_OPTS</c>), whose value may add options: those read before it are given.</summary>
    internal static IReadOnlyDictionary<string, string>? CommandLine(MergedUnit merged, out string? error, out string? unread)
    {
        error = null;
        unread = null;
        if (merged.Get("Service", "ExecStart") is not { } exec)
        {
            return null;
        }

        foreach (var command in SystemdCommandLine.Parse(exec).Commands)
        {
            if (Runs(command, out var first, out _))
            {
                return CommandLine(command.Arguments.Skip(first).Select(a => a.Value).ToList(), out error, out unread);
            }
        }

        return null;
    }

    /// <summary>
    /// supervisord's words as Python's <c>getopt.getopt</c> and <c>Options.realize</c> read them (options.py): options
    /// until the first word that is not one (or <c>--</c>); a short option's value attached or the next word, flags grouped
    /// (<c>-nc FILE</c>); a long option by its name or a unique prefix, its value after <c>=</c> or the next word. Each
    /// option given, by its long name without <c>=</c> (<c>-c</c> is <c>configuration</c>, <c>-n</c> <c>nodaemon</c>,
    /// <c>-m</c> <c>umask</c>), with its value (a flag's is empty). Null where supervisord stops instead, with
    /// <paramref name="error"/> saying why: an option it does not have, one without its value, one given twice
    /// ("conflicting command line option"), a positional word ("positional arguments are not supported"), or
    /// <c>-h</c>/<c>-v</c>, which print and exit.
    /// </summary>
    internal static IReadOnlyDictionary<string, string>? CommandLine(IReadOnlyList<string> words, out string? error) => CommandLine(words, out error, out _);

    /// <summary>As <see cref="CommandLine(IReadOnlyList{string}, out string?)"/>, stopping at a word that is a variable
    /// systemd expands (<c>$DAEMON_OPTS</c>, <c>${OPTS}</c>; its value, maybe empty, maybe options, is not read here): the
    /// options before it are given, and <paramref name="unread"/> names the word.</summary>
    internal static IReadOnlyDictionary<string, string>? CommandLine(IReadOnlyList<string> words, out string? error, out string? unread)
    {
        error = null;
        unread = null;
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        for (; i < words.Count; i++)
        {
            var word = words[i];
            if (word.StartsWith('$'))
            {
                unread = $"supervisord's word {word} is a variable whose value (options or none) is not read here";
                return given;
            }

            if (word == "--")
            {
                i++;
                break;
            }

            if (!word.StartsWith('-') || word == "-")
            {
                break;
            }

            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = word.IndexOf('=');
                var name = equals < 0 ? word[2..] : word[2..equals];
                var matches = LongOptions.Where(o => o.StartsWith(name, StringComparison.Ordinal)).ToList();
                var exact = matches.FirstOrDefault(o => o == name || o == name + "=");
                if (exact is null && matches.Count != 1)
                {
                    error = $"supervisord refuses the option {word} (getopt: {(matches.Count == 0 ? "not recognized" : "not a unique prefix")})";
                    return null;
                }

                var option = exact ?? matches[0];
                string value;
                if (!option.EndsWith('='))
                {
                    if (equals >= 0)
                    {
                        error = $"supervisord refuses {word} (getopt: --{option} must not have an argument)";
                        return null;
                    }

                    value = string.Empty;
                }
                else if (equals >= 0)
                {
                    value = word[(equals + 1)..];
                }
                else if (i + 1 < words.Count)
                {
                    value = words[++i];
                }
                else
                {
                    error = $"supervisord refuses {word} without a value";
                    return null;
                }

                if (!Given(given, option, value, word, out error))
                {
                    return null;
                }

                continue;
            }

            for (var j = 1; j < word.Length; j++)
            {
                var letter = word[j];
                if (!ShortOptions.TryGetValue(letter, out var option))
                {
                    error = $"supervisord refuses the option -{letter} (getopt: not recognized)";
                    return null;
                }

                if (!option.EndsWith('='))
                {
                    if (!Given(given, option, string.Empty, $"-{letter}", out error))
                    {
                        return null;
                    }

                    continue;
                }

                string value;
                if (j + 1 < word.Length)
                {
                    value = word[(j + 1)..];
                }
                else if (i + 1 < words.Count)
                {
                    value = words[++i];
                }
                else
                {
                    error = $"supervisord refuses -{letter} without a value";
                    return null;
                }

                if (!Given(given, option, value, $"-{letter}", out error))
                {
                    return null;
                }

                break;
            }
        }

        if (i < words.Count)
        {
            error = $"supervisord refuses the word {words[i]} (positional arguments are not supported)";
            return null;
        }

        return given;
    }

    /// <summary>Records one option as <c>Options.realize</c> does: help and version print and exit; a named option given
    /// twice stops supervisord.</summary>
    private static bool Given(Dictionary<string, string> given, string option, string value, string written, out string? error)
    {
        var name = option.TrimEnd('=');
        if (name is "help" or "version")
        {
            error = $"supervisord's {written} prints its {name} and exits";
            return false;
        }

        if (!given.TryAdd(name, value))
        {
            error = $"supervisord refuses {written} given twice (conflicting command line option)";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The service's working folder: <c>WorkingDirectory=</c> (specifiers expanded; <c>-</c> dropped), else
    /// <c>/</c>, systemd's default for a system service; null where it is not known (<c>~</c>, a specifier).</summary>
    private static string? WorkingFolder(MergedUnit unit)
    {
        if (unit.Get("Service", "WorkingDirectory") is not { Length: > 0 } value)
        {
            return "/";
        }

        var folder = UnitSpecifiers.Expand(value.Trim().TrimStart('-'), unit.Name, out var complete);
        return complete && folder.StartsWith('/') ? folder : null;
    }

    private static string Parent(string path) => path.LastIndexOf('/') is > 0 and var slash ? path[..slash] : "/";
}
