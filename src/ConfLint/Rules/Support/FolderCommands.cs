using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// What a unit's commands (<c>ExecStartPre=</c>, <c>ExecStart=</c>) do to a folder that exists when they run, for the
/// folders whose owner and mode the configuration fixes at boot (<see cref="SocketCreation"/>). Where
/// <see cref="StartFailures.MayMake"/> asks whether a command may make the folder at all (any word naming it counts), this
/// reads the usual commands as coreutils does:
/// <list type="bullet">
/// <item><c>mkdir [-p] [-m MODE]</c> leaves a folder that exists alone: <c>-p</c> makes only the missing ones, and
/// <c>-m</c> sets the mode only of a folder it creates (coreutils mkdir.c passes preserve_existing to make_dir_parents;
/// mkdir(1): "-m: set file mode ... not a=rwx - umask", for the folders it makes);</item>
/// <item><c>chown [-R] USER[:GROUP]</c> and <c>chgrp [-R] GROUP</c> set the owner and group they name (<c>USER:</c> the
/// user's login group, chown(1)), and nothing else;</item>
/// <item><c>chmod [-R] MODE</c> sets the mode it names: an octal one, or a symbolic one whose clauses name who they
/// change (<c>g+rx</c>, <c>o-rwx</c>, <c>u=rwx,g=rx,o=</c>: chmod(1), coreutils modechange.c; <c>X</c> is <c>x</c> on a
/// folder); a clause without <c>u</c>, <c>g</c>, <c>o</c> or <c>a</c> (masked by the umask) or one copying another class's
/// bits (<c>g=u</c>) is not read;</item>
/// <item><c>install -d [-m MODE] [-o USER] [-g GROUP]</c> sets the mode of a folder that exists too (rwxr-xr-x without
/// <c>-m</c>, install(1); coreutils install.c does not pass preserve_existing), and the owner and group it names;</item>
/// <item>a pid file option (<c>--pid FILE</c>, <c>--pidfile</c>, <c>--pid-file</c>, gunicorn's and uwsgi's among them)
/// names a file the program writes in the folder, and makes or changes no folder.</item>
/// </list>
/// Any other command that names the folder, or a script or unread program that may, still "may change it": unknown.
/// A path below the folder in a command that is read (chown of the socket, mkdir of a subfolder) leaves the folder alone.
/// </summary>
internal static class FolderCommands
{
    /// <summary>A command's change to the folder: the owner, group and mode it sets (null: left as it was), the command's
    /// line, and the command as said in messages.</summary>
    /// <param name="Relative">A symbolic <c>chmod</c>'s change of the mode the folder has before it (null: <paramref name="Mode"/>
    /// or none).</param>
    public sealed record Change(string? Owner, string? Group, int? Mode, RelatedLocation At, string Says, Func<int, int>? Relative = null)
    {
        /// <summary>The mode after this change of a folder whose mode was <paramref name="before"/>.</summary>
        public int ModeAfter(int before) => Mode ?? Relative?.Invoke(before) ?? before;
    }

    private static readonly string[] PidOptions = ["--pid", "--pidfile", "--pid-file"];

    /// <summary>The changes a unit's commands make to <paramref name="folder"/> in order, empty where they leave it alone;
    /// null where a command may make or change it in a way not read here. <paramref name="existsFirst"/>: the folder exists
    /// before these commands run (a tmpfiles.d line makes it at boot, or the unit's own <c>RuntimeDirectory=</c> before its
    /// commands), so a <c>mkdir</c> of it does nothing. <paramref name="service"/> and <paramref name="own"/> as for
    /// <see cref="StartFailures.MayMake"/>: the server ConfLint read, and the socket's own path in its words. The commands
    /// are <see cref="StartCommands"/>'s walk, the one <see cref="StartFailures.MayMake"/> reads.</summary>
    public static List<Change>? Of(HostModel host, MergedUnit unit, string folder, ServiceBackEnd? service, string? own, bool existsFirst)
    {
        var changes = new List<Change>();
        foreach (var step in StartCommands.Of(host, unit, service))
        {
            var command = step.Command;
            var named = false;
            for (var i = 0; i < command.Arguments.Count; i++)
            {
                var word = command.Arguments[i].Value;
                if (StartFailures.Names(word, folder) && (step.Pre || own is null || !word.Contains(own, StringComparison.Ordinal)) && !PidFile(command, i, folder))
                {
                    named = true;
                }
            }

            if (named)
            {
                if (Read(host, command, folder, existsFirst) is not { } effect)
                {
                    return null;
                }

                if (effect.Owner is not null || effect.Group is not null || effect.Mode is not null || effect.Relative is not null)
                {
                    var said = $"{step.Key}={step.Entry.Value.Trim()}";
                    changes.Add(new Change(effect.Owner, effect.Group, effect.Mode, new RelatedLocation(step.Entry.Location, $"{said}: {effect.Says}"), $"{said} of {unit.Name}", effect.Relative));
                }
            }

            if (step.RunsUnknown(host, folder))
            {
                return null;
            }
        }

        return changes;
    }

    /// <summary>Whether argument <paramref name="index"/> is a pid file below <paramref name="folder"/> (<c>--pid FILE</c>,
    /// <c>--pid=FILE</c> and the like): a file the program writes, no folder.</summary>
    private static bool PidFile(SystemdCommand command, int index, string folder)
    {
        var word = command.Arguments[index].Value;
        foreach (var option in PidOptions)
        {
            if ((word.StartsWith(option + "=", StringComparison.Ordinal) && Below(word[(option.Length + 1)..], folder))
                || (index > 0 && command.Arguments[index - 1].Value == option && Below(word, folder)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="path"/> lies strictly below <paramref name="folder"/> (<c>/var/run</c> as <c>/run</c>).</summary>
    private static bool Below(string path, string folder)
    {
        if (!path.StartsWith('/'))
        {
            return false;
        }

        var canonical = Endpoint.CanonicalizeRunPath(path);
        return canonical.StartsWith(folder + "/", StringComparison.Ordinal) && canonical.TrimEnd('/') != folder;
    }

    /// <summary>What one command does to the folder: the owner, group and mode it sets (null: left alone), said.</summary>
    private sealed record Effect(string? Owner, string? Group, int? Mode, string Says, Func<int, int>? Relative = null);

    /// <summary>What one command that names the folder does to it; null where that is not read.</summary>
    private static Effect? Read(HostModel host, SystemdCommand command, string folder, bool existsFirst)
    {
        var none = new Effect(null, null, null, string.Empty);
        var program = command.ProgramName;
        if (program is not ("mkdir" or "chown" or "chgrp" or "chmod" or "install") || command.Prefixes.HasFlag(SystemdExecPrefixes.SeparateArgv0))
        {
            return null;
        }

        // Options anywhere before "--" (GNU getopt permutes them), operands in order.
        var options = new List<(string Name, string? Value)>();
        var operands = new List<string>();
        var words = command.Arguments.Select(a => a.Value).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Contains('$') || word.Contains('%') || word.Contains('*'))
            {
                return null;
            }

            if (word == "--")
            {
                operands.AddRange(words.Skip(i + 1));
                break;
            }

            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = word.IndexOf('=');
                var name = eq < 0 ? word : word[..eq];
                var takesValue = name is "--mode" or "--owner" or "--group";
                if (takesValue && eq < 0)
                {
                    if (i + 1 >= words.Count)
                    {
                        return null;
                    }

                    options.Add((name, words[++i]));
                }
                else
                {
                    options.Add((name, eq < 0 ? null : word[(eq + 1)..]));
                }

                continue;
            }

            if (word.Length > 1 && word[0] == '-' && !(program == "chmod" && operands.Count == 0 && word[1] is 'r' or 'w' or 'x' or 's' or 't' or 'X'))
            {
                for (var c = 1; c < word.Length; c++)
                {
                    var letter = word[c];
                    if (letter is 'm' or 'o' or 'g' && program is "mkdir" or "install")
                    {
                        var value = c + 1 < word.Length ? word[(c + 1)..] : i + 1 < words.Count ? words[++i] : null;
                        if (value is null)
                        {
                            return null;
                        }

                        options.Add(("-" + letter, value));
                        break;
                    }

                    options.Add(("-" + letter, null));
                }

                continue;
            }

            operands.Add(word);
        }

        // Every option must be one read here; anything else (--reference, --from, -t) leaves the command unread.
        var allowed = program switch
        {
            "mkdir" => new[] { "-p", "--parents", "-m", "--mode", "-v", "--verbose" },
            "install" => ["-d", "--directory", "-m", "--mode", "-o", "--owner", "-g", "--group", "-v", "--verbose"],
            "chmod" => ["-R", "--recursive", "-v", "--verbose", "-c", "--changes", "-f", "--silent", "--quiet", "--preserve-root", "--no-preserve-root"],
            _ => ["-R", "--recursive", "-v", "--verbose", "-c", "--changes", "-f", "--silent", "--quiet", "-h", "--no-dereference", "-H", "-L", "-P", "--dereference", "--preserve-root", "--no-preserve-root"],
        };
        if (options.Any(o => !allowed.Contains(o.Name)))
        {
            return null;
        }

        string? spec = null;
        if (program is "chown" or "chgrp" or "chmod")
        {
            if (operands.Count < 2)
            {
                return null;
            }

            spec = operands[0];
            operands.RemoveAt(0);
        }

        // The operands that are the folder itself, or below it; one that merely starts with its name is another path.
        var atFolder = false;
        var below = false;
        foreach (var operand in operands)
        {
            if (!operand.StartsWith('/'))
            {
                // A relative path: where it points depends on the working folder.
                return null;
            }

            var path = Endpoint.CanonicalizeRunPath(operand).TrimEnd('/');
            atFolder |= path == folder;
            below |= path.StartsWith(folder + "/", StringComparison.Ordinal);
        }

        if (!atFolder && !below)
        {
            return none;
        }

        switch (program)
        {
            case "mkdir":
                // An existing folder (or one above a subfolder it makes) is left as it is; a missing one it makes.
                return existsFirst ? none : null;
            case "install":
                if (!options.Any(o => o.Name is "-d" or "--directory"))
                {
                    return null;
                }

                if (!atFolder)
                {
                    // install -d of a path below: the folder is made if missing (mode 0755 as for mkdir -p), left alone if not.
                    return existsFirst ? none : null;
                }

                var modeText = options.LastOrDefault(o => o.Name is "-m" or "--mode").Value;
                if (modeText is not null && Octal(modeText) is null)
                {
                    return null;
                }

                var ownerText = options.LastOrDefault(o => o.Name is "-o" or "--owner").Value;
                var groupText = options.LastOrDefault(o => o.Name is "-g" or "--group").Value;
                string? installOwner = null, installGroup = null;
                if ((ownerText is not null && (installOwner = Account(ownerText, host.Accounts.UserName)) is null)
                    || (groupText is not null && (installGroup = Account(groupText, host.Accounts.GroupName)) is null))
                {
                    return null;
                }

                return new Effect(installOwner, installGroup, modeText is null ? 0b111_101_101 : Octal(modeText),
                    $"install -d sets {folder}'s mode to {(modeText ?? "0755 (its default, rwxr-xr-x)")}" + (installOwner is null && installGroup is null ? string.Empty : $" and its owner to {installOwner ?? "-"}:{installGroup ?? "-"}"));
            case "chmod":
                if (!atFolder)
                {
                    // Only what lies below the folder (-R too reaches down, not up).
                    return none;
                }

                return Octal(spec!) is { } mode ? new Effect(null, null, mode, $"chmod sets {folder}'s mode to {spec}")
                    : Symbolic(spec!) is { } relative ? new Effect(null, null, null, $"chmod {spec} changes {folder}'s mode", relative) : null;
            default:
                if (!atFolder)
                {
                    // Only what lies below the folder (-R too reaches down, not up).
                    return none;
                }

                string? owner = null, group;
                if (program == "chgrp")
                {
                    group = Account(spec!, host.Accounts.GroupName);
                    if (group is null)
                    {
                        return null;
                    }
                }
                else
                {
                    var colon = spec!.Contains(':') ? spec.IndexOf(':') : spec.IndexOf('.');
                    var userPart = colon < 0 ? spec : spec[..colon];
                    var groupPart = colon < 0 ? null : spec[(colon + 1)..];
                    if (userPart.Length > 0 && (owner = Account(userPart, host.Accounts.UserName)) is null)
                    {
                        return null;
                    }

                    // USER: is the user's login group (chown(1)); :GROUP the group alone.
                    group = groupPart is null ? null : groupPart.Length > 0 ? Account(groupPart, host.Accounts.GroupName) : owner is null ? null : host.Accounts.PrimaryGroup(owner);
                    if ((groupPart is { Length: > 0 } || (groupPart is not null && owner is not null)) && group is null)
                    {
                        return null;
                    }

                    if (owner is null && group is null)
                    {
                        return null;
                    }
                }

                return new Effect(owner, group, null, $"{program} sets {folder}'s {(owner is null ? "group" : "owner")} to {(owner is null ? group : $"{owner}:{group ?? "(unchanged)"}")}");
        }
    }

    /// <summary>An account by name, or by number where the root's files give its name; null where not known.</summary>
    private static string? Account(string text, Func<string, string?> byId) =>
        text.Length == 0 ? null : text.All(char.IsAsciiDigit) ? (text == "0" ? "root" : byId(text)) : text;

    /// <summary>A symbolic mode as chmod(1) reads it for a folder, as a change of the mode before it: comma-separated
    /// clauses of who (<c>u</c>, <c>g</c>, <c>o</c>, <c>a</c>), then one or more operations (<c>+</c>, <c>-</c>, <c>=</c>)
    /// each with permissions <c>r</c>, <c>w</c>, <c>x</c>, <c>X</c> (<c>x</c>: the operand is a folder), <c>s</c>, <c>t</c>
    /// (special bits, outside the permission bits read here). Null where a clause names no class (chmod then masks by
    /// the umask) or copies a class (<c>g=u</c>), or the text is not a mode.</summary>
    internal static Func<int, int>? Symbolic(string text)
    {
        var steps = new List<(int Who, char Op, int Bits)>();
        foreach (var clause in text.Split(','))
        {
            var i = 0;
            var who = 0;
            for (; i < clause.Length && clause[i] is 'u' or 'g' or 'o' or 'a'; i++)
            {
                who |= clause[i] switch { 'u' => 0b111_000_000, 'g' => 0b000_111_000, 'o' => 0b000_000_111, _ => 0b111_111_111 };
            }

            if (who == 0 || i >= clause.Length)
            {
                return null;
            }

            while (i < clause.Length)
            {
                var op = clause[i++];
                if (op is not ('+' or '-' or '='))
                {
                    return null;
                }

                var perms = 0;
                for (; i < clause.Length && clause[i] is not ('+' or '-' or '='); i++)
                {
                    switch (clause[i])
                    {
                        case 'r': perms |= 0b100_100_100; break;
                        case 'w': perms |= 0b010_010_010; break;
                        case 'x' or 'X': perms |= 0b001_001_001; break;
                        case 's' or 't': break;
                        default: return null;
                    }
                }

                steps.Add((who, op, perms & who));
            }
        }

        return before =>
        {
            var mode = before;
            foreach (var (who, op, bits) in steps)
            {
                mode = op switch { '+' => mode | bits, '-' => mode & ~bits, _ => (mode & ~who) | bits };
            }

            return mode & 0b111_111_111;
        };
    }

    /// <summary>A mode written in octal, one to four digits (<c>0750</c>, <c>755</c>), as its permission bits; null for
    /// anything else.</summary>
    internal static int? Octal(string text) =>
        text.Length is >= 1 and <= 4 && text.All(c => c is >= '0' and <= '7') ? Convert.ToInt32(text, 8) & 0b111_111_111 : null;
}
