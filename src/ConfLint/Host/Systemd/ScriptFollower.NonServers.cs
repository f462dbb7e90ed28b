using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>
/// Which commands of a followed script are known to run no server: the shell's builtins, the coreutils and the like
/// that do their work and exit (or sleep) and bind nothing (GNU coreutils' manual; bash(1), "SHELL BUILTIN COMMANDS";
/// not <c>trap</c>, whose action runs later), and the programs <see cref="AppServer.NotListening"/> knows to listen on no port (a Celery worker, an RQ worker,
/// Sidekiq). A script whose every command is one of them, and whose every word ConfLint could read, runs no listener
/// (<see cref="FollowOutcome.Quiet"/>): Mail-in-a-Box's munin_start.sh (<c>mkdir -p /var/run/munin &amp;&amp; chown
/// munin /var/run/munin</c>), Open edX's worker.sh (<c>source edxapp_env; exec celery $@</c>). A program that runs
/// other programs (<c>env</c>, <c>sudo</c>, <c>xargs</c>, <c>find -exec</c>, <c>timeout</c>, <c>nice</c>,
/// <c>systemctl</c>), one that can run commands itself (GNU sed's <c>e</c>, awk's <c>system()</c>), and any other is
/// not known: the script stays one that may run a listener.
/// </summary>
internal sealed partial class ScriptFollower
{
    /// <summary>Programs that bind nothing, by the name a script runs them by (no folder, or one of the system's
    /// <see cref="SystemFolders"/>).</summary>
    private static readonly HashSet<string> NonServers = new(StringComparer.Ordinal)
    {
        // bash's builtins not evaluated by the follower itself.
        ":", "true", "false", "test", "[", "[[", "echo", "printf", "exit", "return", "wait", "umask", "ulimit",
        "pwd", "hash", "type", "alias", "unalias", "shopt", "let",
        // coreutils and util-linux programs that change files or print, then exit.
        "mkdir", "rmdir", "chown", "chmod", "chgrp", "ln", "install", "touch", "rm", "cp", "mv", "cat", "tee", "head",
        "tail", "date", "id", "whoami", "dirname", "basename", "readlink", "realpath", "stat", "mktemp", "sync", "wc",
        "sort", "uniq", "cut", "tr", "uname", "sleep", "truncate", "seq", "ls", "du", "df", "grep", "logger", "manpath",
    };

    /// <summary>Those of <see cref="NonServers"/> that may make a folder (or a link to one) at a path their operands name:
    /// every operand is taken as a path they may make, and an operand not known may be any.</summary>
    private static readonly HashSet<string> FolderMakers = new(StringComparer.Ordinal) { "mkdir", "install", "cp", "mv", "ln" };

    /// <summary>The folders a program named by its full path is taken from when classified by its name (<c>/bin/mkdir</c>);
    /// a <c>mkdir</c> elsewhere is some other program.</summary>
    private static readonly string[] SystemFolders = ["/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/"];

    /// <summary>The commands the scripts run that are neither known to run no server nor a script followed, nor a server
    /// ConfLint reads (their program, or the substitution that runs one): the scripts may run a listener.</summary>
    private readonly List<string> _unclassified = [];

    /// <summary>Why the programs the scripts run that <see cref="AppServer.NotListening"/> knows listen on no port.</summary>
    private readonly List<string> _notListening = [];

    /// <summary>The operands of the scripts' <see cref="FolderMakers"/>: the paths they may make.</summary>
    private readonly List<string> _made = [];

    /// <summary>The name a program is classified by: its own, or the file name of a path in <see cref="SystemFolders"/>;
    /// null for a program elsewhere.</summary>
    private static string? KnownName(string program)
    {
        if (!program.Contains('/'))
        {
            return program;
        }

        foreach (var folder in SystemFolders)
        {
            if (program.StartsWith(folder, StringComparison.Ordinal) && program.IndexOf('/', folder.Length) < 0)
            {
                return program[folder.Length..];
            }
        }

        return null;
    }

    /// <summary>Classifies a command the scripts run that is neither a server ConfLint reads nor a script: a known
    /// non-server (a folder maker's operands noted), a program known to listen on no port, or one not known.</summary>
    private void Classify(List<(string Text, bool Known, ShellWord Word)> words, List<string> texts, SystemdCommand asCommand, State state, Dictionary<string, ShellValue> prefix)
    {
        if (KnownName(texts[0]) is { } name && NonServers.Contains(name))
        {
            if (FolderMakers.Contains(name))
            {
                for (var i = 1; i < words.Count; i++)
                {
                    if (!words[i].Known)
                    {
                        _unclassified.Add($"{name} {words[i].Word.Raw}");
                    }
                    else if (!words[i].Text.StartsWith('-'))
                    {
                        _made.Add(words[i].Text);
                    }
                }
            }

            return;
        }

        if (AppServer.NotListening(asCommand, state.Environment(prefix), complete: false) is { } why)
        {
            _notListening.Add(why);
            return;
        }

        _unclassified.Add(texts[0]);
    }

    /// <summary>Notes each command substitution of a command's words and assignments that runs anything but a known
    /// non-server that makes nothing (<c>$(manpath)</c>, <c>$(dirname "$0")</c> are; backquotes are not read).</summary>
    private void Substitutions(ShellCommand command)
    {
        foreach (var (_, value, _) in command.Assignments)
        {
            Substitutions(value.Parts);
        }

        foreach (var word in command.Words)
        {
            Substitutions(word.Parts);
        }
    }

    private void Substitutions(IReadOnlyList<ShellPart> parts)
    {
        foreach (var part in parts)
        {
            switch (part)
            {
                case ShellSubstitution substitution:
                    var syntax = ShellSyntax.Parse(substitution.Script);
                    if (syntax.Error is not null)
                    {
                        _unclassified.Add($"$({substitution.Script})");
                        break;
                    }

                    foreach (var inner in syntax.Commands)
                    {
                        if (inner.Words.Count > 0 && (inner.Words[0].Literal is not { } program || KnownName(program) is not { } name
                                                      || !(NonServers.Contains(name) || name is "cd") || FolderMakers.Contains(name)))
                        {
                            _unclassified.Add($"$({substitution.Script})");
                        }

                        Substitutions(inner);
                    }

                    break;
                case ShellParameter { Operand: { } operand }:
                    Substitutions(operand);
                    break;
                case ShellOpaque opaque when opaque.Text.StartsWith('`'):
                    _unclassified.Add(opaque.Text);
                    break;
            }
        }
    }

    /// <summary>Why the scripts run no listener (<see cref="FollowOutcome.Quiet"/>); null when they may.</summary>
    private string? Quiet(int servers)
    {
        if (servers > 0 || _reasons.Count > 0 || _unclassified.Count > 0)
        {
            return null;
        }

        return _notListening.Count > 0
            ? string.Join("; ", _notListening.Distinct(StringComparer.Ordinal))
            : _ran.Count > 0
                ? $"every command in it runs no server ({string.Join(", ", _ran.Select(r => KnownName(r[0]) ?? r[0]).Distinct(StringComparer.Ordinal))})"
                : "no command in it runs a program";
    }
}
