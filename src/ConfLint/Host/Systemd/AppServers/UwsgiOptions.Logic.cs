using ConfLint.Diagnostics;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// uwsgi's config logic, as uWSGI 2.0 follows it (core/config.c, add_exported_option and the uwsgi_logic_opt_* functions;
/// the options in core/uwsgi.c; docs: "Configuration logic"). A logic option (<c>if-env</c>, <c>if-not-env</c>,
/// <c>if-exists</c>, <c>if-not-exists</c>, <c>if-file</c>, <c>if-not-file</c>, <c>if-dir</c>, <c>if-not-dir</c>,
/// <c>if-opt</c>, <c>if-not-opt</c>, <c>if-reload</c>, <c>if-not-reload</c>, <c>if-plugin</c>, <c>if-hostname</c>, ...,
/// <c>for</c>, <c>for-times</c>, <c>for-glob</c>, <c>for-readline</c>) opens a block; each option after it, up to
/// <c>endif</c>/<c>end-if</c>/<c>endfor</c>/<c>end-for</c>/<c>end</c>, is handed to the condition, which tests it anew
/// and adds it (with <c>%(_)</c> replaced by the variable's value, the path, the loop's item) or drops it. The state is
/// global: a block runs on across the end of a file. <c>if-env = NAME</c> is true where getenv(NAME) is not NULL, so a
/// variable set to the empty string counts (<c>if-env = NAME=VALUE</c> compares the value); <c>if-not-env</c> is its
/// opposite. <c>if-opt</c> looks the first value of an option set before up. Blocks do not nest: a logic option inside a
/// block whose condition holds makes uwsgi exit ("recursive logic in options is not supported"); inside one whose
/// condition fails it is dropped, and the first <c>endif</c> ends the outer block, so what follows it is unconditional.
/// <c>else</c> is no option of uWSGI 2.0 (it came later, in the master branch): what follows it is not known, as the
/// versions disagree. Checked with uWSGI 2.0.21 (<c>--show-config</c>).
/// Where a condition's truth is not known (a variable the unit's environment may hold, a file the root does not show, a
/// reload), the options inside "may be set": their values are not known (<see cref="Value.Why"/> says why), so that
/// neither they nor a value set before them is taken as the one uwsgi uses.
/// </summary>
public sealed partial class UwsgiOptions
{
    private static readonly HashSet<string> LogicOptions = new(StringComparer.Ordinal)
    {
        "for", "for-glob", "for-times", "for-readline",
        "if-opt", "if-not-opt", "if-env", "if-not-env", "ifenv", "if-reload", "if-not-reload",
        "if-hostname", "if-not-hostname", "if-hostname-match", "if-not-hostname-match",
        "if-exists", "if-not-exists", "ifexists", "if-plugin", "if-not-plugin", "ifplugin",
        "if-file", "if-not-file", "if-dir", "if-not-dir", "ifdir", "if-directory",
    };

    private static readonly HashSet<string> EndOptions = new(StringComparer.Ordinal) { "end", "endfor", "endif", "end-if", "end-for" };

    /// <summary>Variables systemd (or the manager's own environment) gives every service whatever the unit says: their
    /// value is never known from the unit.</summary>
    private static readonly HashSet<string> SystemdVariables = new(StringComparer.Ordinal)
    {
        "PATH", "LANG", "LANGUAGE", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "INVOCATION_ID", "JOURNAL_STREAM", "NOTIFY_SOCKET",
        "WATCHDOG_PID", "WATCHDOG_USEC", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "MAINPID", "MANAGERPID", "SYSTEMD_EXEC_PID",
        "RUNTIME_DIRECTORY", "STATE_DIRECTORY", "CACHE_DIRECTORY", "LOGS_DIRECTORY", "CONFIGURATION_DIRECTORY", "CREDENTIALS_DIRECTORY",
        "PIDFILE", "MEMORY_PRESSURE_WATCH", "MEMORY_PRESSURE_WRITE", "TZ",
    };

    /// <summary>The open block: its option, argument (expanded; null when not known), where it is written, and whether an
    /// <c>else</c> was met in it.</summary>
    private sealed class Block(string option, string? argument, string raw, Location? location)
    {
        public string Option { get; } = option;
        public string? Argument { get; } = argument;
        public string Raw { get; } = raw;
        public Location? Location { get; } = location;
        public bool AfterElse { get; set; }

        public string Describe() => $"{Option} = {Raw}" + (Location is { } at ? $" ({at.Path}:{at.Start.Line})" : string.Empty);
    }

    private Block? _block;

    /// <summary>Why every option stored now may or may not be set (an <c>ini</c> read inside a block whose truth is not
    /// known, or what follows a nested block uwsgi refuses); null otherwise.</summary>
    private string? _maybe;

    /// <summary>One option as uwsgi's add_exported_option takes it: a logic option opens a block, an end closes it, and
    /// inside a block the condition decides; an <c>ini</c> read from a file (<paramref name="files"/> not null) reads that
    /// file.</summary>
    private void Feed(string name, string value, Location? location, string? file, HostFiles? files, int depth)
    {
        var word = name.Trim().TrimStart('-');
        if (EndOptions.Contains(word))
        {
            _block = null;
            return;
        }

        if (_block is { } block)
        {
            InBlock(block, word, name, value, location, file, files, depth);
            return;
        }

        if (LogicOptions.Contains(word))
        {
            _block = new Block(word, Expand(value, file), value, location);
            return;
        }

        if (word == "else")
        {
            // uWSGI 2.0 has no else: outside a block it is an option it does not know, which sets nothing.
            return;
        }

        Take(name, value, Expand(value, file), location, file, files, depth);
    }

    private void InBlock(Block block, string word, string name, string value, Location? location, string? file, HostFiles? files, int depth)
    {
        if (word == "else")
        {
            block.AfterElse = true;
            return;
        }

        if (block.AfterElse)
        {
            Take(name, value, null, location, file, files, depth, $"it follows else in the block {block.Describe()}, which uWSGI 2.0 reads as part of the block and later versions as its opposite");
            return;
        }

        if (block.Option.StartsWith("for", StringComparison.Ordinal))
        {
            if (LogicOptions.Contains(word))
            {
                // The loop hands the option on: a logic option inside it makes uwsgi exit.
                _maybe ??= $"{name} = {value} is inside the block {block.Describe()}: uwsgi exits (recursive logic in options is not supported)";
                return;
            }

            var items = LoopItems(block, out var why);
            foreach (var item in items)
            {
                Take(name, value, Expand(value, file, item), location, file, files, depth);
            }

            if (why is not null)
            {
                Take(name, value, null, location, file, files, depth, $"it is inside the block {block.Describe()}, {why}");
            }

            return;
        }

        var (holds, underscore, unknown) = Condition(block);
        if (holds is false)
        {
            return;
        }

        if (LogicOptions.Contains(word))
        {
            // uwsgi_opt_logic refuses a block inside a block whose condition holds (exit 1); one that may hold may do so.
            _maybe ??= $"{name} = {value} is inside the block {block.Describe()}{(holds is null ? ", which may hold," : string.Empty)}: uwsgi exits there (recursive logic in options is not supported)";
            return;
        }

        if (holds is null)
        {
            Take(name, value, null, location, file, files, depth, $"it is inside the block {block.Describe()}, and {unknown}");
            return;
        }

        Take(name, value, Expand(value, file, underscore), location, file, files, depth);
    }

    /// <summary>An option taken: stored, or the file an <c>ini</c> option names read (where it is read from a file); one that
    /// may or may not be set (<paramref name="why"/>) reads its file with every option in it in doubt.</summary>
    private void Take(string name, string value, string? expanded, Location? location, string? file, HostFiles? files, int depth, string? why = null)
    {
        if (files is not null && Canonical(name) == "ini")
        {
            var named = why is null ? expanded : Expand(value, file);
            if (named is not null)
            {
                var outer = _maybe;
                _maybe ??= why;
                ReadIni(files, named, Path.GetDirectoryName(file), depth + 1);
                _maybe = outer;
                return;
            }
        }

        Store(name, value, expanded, location, why);
    }

    /// <summary>Whether the block's condition holds (null: not known, <paramref name="Unknown"/> says why), and what
    /// <c>%(_)</c> stands for in the options it adds.</summary>
    private (bool? Holds, string? Underscore, string? Unknown) Condition(Block block)
    {
        if (block.Argument is not { } argument)
        {
            return (null, null, $"its argument {block.Raw} is not known");
        }

        switch (block.Option)
        {
            case "if-env" or "ifenv" or "if-not-env":
            {
                var equals = argument.IndexOf('=');
                var variable = equals >= 0 ? argument[..equals] : argument;
                var (set, known) = SystemdVariables.Contains(variable) ? (null, false)
                    : Variable?.Invoke(variable) ?? (_environment.GetValueOrDefault(variable), _environment.ContainsKey(variable));
                if (!known)
                {
                    return (null, null, $"whether {variable} is in the process's environment is not known");
                }

                var holds = set is not null && (equals < 0 || set == argument[(equals + 1)..]);
                return (block.Option == "if-not-env" ? !holds : holds, set ?? string.Empty, null);
            }

            case "if-opt" or "if-not-opt":
            {
                var equals = argument.IndexOf('=');
                var option = equals >= 0 ? argument[..equals] : argument;
                var first = _options.GetValueOrDefault(Canonical(option))?.FirstOrDefault();
                if (first is { Text: null })
                {
                    return (null, null, $"the value of {option} is not known");
                }

                var holds = first is not null && (equals < 0 || first.Text == argument[(equals + 1)..]);
                return (block.Option == "if-not-opt" ? !holds : holds, first?.Text ?? string.Empty, null);
            }

            case "if-exists" or "ifexists" or "if-not-exists" or "if-file" or "if-not-file" or "if-dir" or "ifdir" or "if-directory" or "if-not-dir":
            {
                if (PathKind(argument) is not { } kind)
                {
                    return (null, null, $"the root does not show whether {argument} exists when uwsgi starts");
                }

                var holds = block.Option switch
                {
                    "if-exists" or "ifexists" or "if-not-exists" => true,
                    "if-file" or "if-not-file" => kind == "file",
                    _ => kind == "folder",
                };
                return (block.Option.StartsWith("if-not-", StringComparison.Ordinal) ? !holds : holds, argument, null);
            }

            case "if-reload" or "if-not-reload":
                return (null, null, "uwsgi reads it one way at start and the other after a reload (SIGHUP, touch-reload)");
            default:
                return (null, null, "ConfLint does not test that condition");
        }
    }

    /// <summary>"file" or "folder" where the root holds <paramref name="path"/> (absolute, not under a folder made at run
    /// time); null where the root does not show it, which proves nothing (a root holds a part of the server's files).</summary>
    private string? PathKind(string path)
    {
        if (Root is not { } root || root.IsContainerView || !path.StartsWith('/')
            || new[] { "/run/", "/var/run/", "/tmp/", "/var/tmp/", "/proc/", "/sys/", "/dev/" }.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
        {
            return null;
        }

        return root.FileSystem.FileExists(path) ? "file" : root.FileSystem.DirectoryExists(path) ? "folder" : null;
    }

    /// <summary>The items of a loop (<c>for</c>: the argument's words; <c>for-times</c>: 1 to N); <paramref name="why"/>
    /// says why more may come (a glob, a file's lines, an argument not known).</summary>
    private static IEnumerable<string> LoopItems(Block block, out string? why)
    {
        why = null;
        switch (block.Option)
        {
            case "for" when block.Argument is { } words:
                return words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            case "for-times" when block.Argument is { } times && int.TryParse(times.Trim(), out var count):
                return Enumerable.Range(1, Math.Clamp(count, 0, 64)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            default:
                why = block.Argument is null ? $"whose argument {block.Raw} is not known" : "whose items ConfLint does not list";
                return [];
        }
    }
}
