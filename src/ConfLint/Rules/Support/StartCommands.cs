using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// The commands systemd runs to start a service, in its order: every <c>ExecStartPre=</c> command, then every
/// <c>ExecStart=</c> one (systemd.service(5): "ExecStartPre=, ExecStartPost=: Additional commands that are executed before
/// or after the command in ExecStart=", one after the other as the lines are written; several <c>ExecStart=</c> lines only
/// for <c>Type=oneshot</c>, run in turn). Each value is split as systemd's <c>config_parse_exec()</c> splits it
/// (<see cref="SystemdCommandLine"/>: the commands before a quoting error are kept), once per unit and host: the
/// 10,000-server tree asks about the same unit for every folder and socket. The one walk that
/// <see cref="StartFailures.MayMake"/> (may a command make the folder at all) and <see cref="FolderCommands.Of"/> (what
/// the usual commands do to a folder that is there) both read.
/// </summary>
internal static class StartCommands
{
    /// <summary>One command of the walk: the setting (<c>ExecStartPre</c> or <c>ExecStart</c>), its line, the command;
    /// <paramref name="IsServer"/>: an <c>ExecStart=</c> command that is the application server ConfLint read (the
    /// service's program, or php-fpm for a pool's), which makes no folder; <paramref name="AskUnknown"/>: whether the
    /// programs and scripts it runs must be asked about (<see cref="RunsUnknown"/>): every <c>ExecStartPre=</c> command,
    /// an <c>ExecStart=</c> one that is not the server read, and, where ConfLint reads no server of the unit, only a
    /// one-shot's (a setup job; a daemon's own program is not taken for one that makes folders).</summary>
    public readonly record struct Step(string Key, SystemdEntry Entry, SystemdCommand Command, bool IsServer, bool AskUnknown)
    {
        /// <summary>Whether the command is an <c>ExecStartPre=</c> one (it runs before the server, and names the socket
        /// only to make or change it).</summary>
        public bool Pre => Key == PreKey;

        /// <summary>Whether the command, being one to ask about, runs a program or an interpreter's script
        /// (<c>sh /opt/app/start.sh</c>) that names <paramref name="path"/> or cannot be read
        /// (<see cref="StartFailures.RunsUnknown"/>).</summary>
        public bool RunsUnknown(HostModel host, string path)
        {
            if (!AskUnknown)
            {
                return false;
            }

            if (StartFailures.RunsUnknown(host, Command.Executable.Value, path))
            {
                return true;
            }

            foreach (var word in Command.Arguments)
            {
                if (word.Value.StartsWith('/') && StartFailures.IsScript(word.Value) && StartFailures.RunsUnknown(host, word.Value, path))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private const string PreKey = "ExecStartPre";
    private const string StartKey = "ExecStart";

    /// <summary>A unit's start lines as parsed once (each with its setting and commands, in systemd's order; an array of
    /// their exact number, the 10,000-server tree keeping one per unit), and whether the unit is a one-shot.</summary>
    internal sealed record Parsed((string Key, SystemdEntry Entry, SystemdCommandLines Lines)[] Lines, bool Oneshot);

    /// <summary>The commands that start <paramref name="unit"/>, <c>ExecStartPre=</c> first; <paramref name="service"/>: the
    /// server ConfLint read for the unit (null: none, or not asked).</summary>
    public static Walk Of(HostModel host, MergedUnit unit, ServiceBackEnd? service) => new(Commands(host, unit), service);

    /// <summary>The commands of one <c>ExecStartPre=</c> or <c>ExecStart=</c> line of <paramref name="unit"/> in effect,
    /// as parsed once for the host (<c>service.ExecStart</c> among them); another line is parsed here.</summary>
    public static SystemdCommandLines LineOf(HostModel host, MergedUnit unit, SystemdEntry entry)
    {
        foreach (var (_, line, commands) in Commands(host, unit).Lines)
        {
            if (ReferenceEquals(line, entry))
            {
                return commands;
            }
        }

        return SystemdCommandLine.Parse(entry.Value);
    }

    private static Parsed Commands(HostModel host, MergedUnit unit) =>
        host.Shared("StartCommands.Parsed", unit, static (MergedUnit u) =>
        {
            var pre = u.Effective("Service", PreKey);
            var start = u.Effective("Service", StartKey);
            var lines = pre.Count + start.Count == 0 ? [] : new (string, SystemdEntry, SystemdCommandLines)[pre.Count + start.Count];
            for (var i = 0; i < pre.Count; i++)
            {
                lines[i] = (PreKey, pre[i], SystemdCommandLine.Parse(pre[i].Value));
            }

            for (var i = 0; i < start.Count; i++)
            {
                lines[pre.Count + i] = (StartKey, start[i], SystemdCommandLine.Parse(start[i].Value));
            }

            return new Parsed(lines, u.Get("Service", "Type")?.Trim() == "oneshot");
        });

    /// <summary>The walk over a unit's start commands (a struct: the rules walk thousands of units per folder).</summary>
    public readonly struct Walk
    {
        private readonly Parsed _parsed;
        private readonly ServiceBackEnd? _service;

        internal Walk(Parsed parsed, ServiceBackEnd? service)
        {
            _parsed = parsed;
            _service = service;
        }

        public Enumerator GetEnumerator() => new(_parsed, _service);
    }

    public struct Enumerator
    {
        private readonly Parsed _parsed;
        private readonly ServiceBackEnd? _service;
        private int _line;
        private int _command;

        internal Enumerator(Parsed parsed, ServiceBackEnd? service)
        {
            _parsed = parsed;
            _service = service;
            _line = 0;
            _command = -1;
            Current = default;
        }

        public Step Current { get; private set; }

        public bool MoveNext()
        {
            var lines = _parsed.Lines;
            while (_line < lines.Length)
            {
                var (key, entry, parsed) = lines[_line];
                if (++_command >= parsed.Commands.Count)
                {
                    _line++;
                    _command = -1;
                    continue;
                }

                var command = parsed.Commands[_command];
                var pre = key == PreKey;
                var isServer = !pre && _service is not null
                    && (command.ProgramName == _service.Server?.Program || (_service.IsPhpFpm && AppServer.IsPhpFpm(command)));
                var askUnknown = !(isServer || (!pre && _service is null && !_parsed.Oneshot));
                Current = new Step(key, entry, command, isServer, askUnknown);
                return true;
            }

            return false;
        }
    }
}
