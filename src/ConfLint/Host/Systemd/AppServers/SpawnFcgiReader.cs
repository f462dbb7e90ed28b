using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// spawn-fcgi (lighttpd's spawner of FastCGI programs: Request Tracker's rt-server.fcgi, php-cgi, fcgiwrap, Catalyst
/// applications; Debian's rt5-fcgi.service) as its <c>main</c> in src/spawn-fcgi.c reads its command line: getopt with
/// <c>c:d:f:g:?hna:p:b:u:vC:F:s:P:U:G:M:S</c> (glibc's getopt permutes, so an option after the program's name is still
/// spawn-fcgi's unless <c>--</c> comes first; what follows <c>--</c> is the program and its arguments, else <c>-f</c>'s).
/// It binds one socket before it forks (<c>bind_socket</c>): <c>-s PATH</c>, a Unix socket, or <c>-p PORT</c> on <c>-a
/// ADDR</c> (0.0.0.0 without one, the man page's and <c>INADDR_ANY</c>); both, or neither, and it exits at once. The
/// socket's mode is <c>-M</c> (octal, set by chmod after the bind) or read+write for owner and group less the umask
/// (<c>(S_IRUSR|S_IWUSR|S_IRGRP|S_IWGRP) &amp; ~read_umask()</c>: 0640 under systemd's default <c>UMask=0022</c>). As
/// root only (<c>i_am_root</c>, the unit's <c>User=</c>), <c>-u</c>/<c>-g</c> set the program's user and group (the
/// user's primary group without <c>-g</c>, <c>find_user_group</c>) and <c>-U</c>/<c>-G</c> the socket's owner and group,
/// which default to <c>-u</c>/<c>-g</c> (<c>if (0 == sockuid) sockuid = uid</c>); <c>-c</c> chroots, and the socket is
/// made inside the chroot unless <c>-S</c>. Not as root those options are ignored and the socket keeps the process's
/// user and group. What it serves is the program's: php-cgi serves PHP (<see cref="SpawnFcgiOptions.RunsPhpCgi"/>).
/// </summary>
internal sealed class SpawnFcgiReader : AppServerReader
{
    /// <summary>spawn-fcgi's getopt options that take a value.</summary>
    private const string WithValue = "cdfgapbuCFsPUGM";

    /// <summary>Its options without one.</summary>
    private const string Flags = "?hnvS";

    public override void Read(AppServer server, AppServerContext context)
    {
        if (Parse(context.Command) is not { } parsed)
        {
            server.Unknown("spawn-fcgi's command line has an option it does not know or one without its value (it prints its help and exits)");
            return;
        }

        var (values, flags, program) = parsed;
        if (flags.Contains('h') || flags.Contains('?') || flags.Contains('v'))
        {
            server.Unknown("spawn-fcgi is asked for its help or version (-h, -v): it prints it and exits");
            return;
        }

        var options = new SpawnFcgiOptions(values, flags, program, context.Root != false);
        server.SpawnFcgi = options;
        ReadBind(server, context, options);
    }

    private static void ReadBind(AppServer server, AppServerContext context, SpawnFcgiOptions options)
    {
        var socket = options.Value('s');
        var port = options.Value('p');
        if (socket is not null && port is not null)
        {
            server.Unknown("spawn-fcgi is given both -s and -p: it refuses to start (\"either a Unix domain socket or a TCP-port, but not both\")");
            return;
        }

        if (socket is not { } path && port is null)
        {
            server.Unknown("spawn-fcgi is given neither -s nor -p: it refuses to start (\"no socket given\")");
            return;
        }

        if (options.Root && options.Value('c') is { } chroot && !options.Flags.Contains('S'))
        {
            server.Unknown($"spawn-fcgi chroots to {chroot.Value} (-c) and makes its socket inside it (no -S)");
            return;
        }

        if (socket is { } given)
        {
            var text = given.Value;
            var full = text.StartsWith('/') ? text : context.WorkingDirectory is { } folder ? folder.TrimEnd('/') + "/" + text : null;
            if (full is null || full.Contains('$') || full.Contains('%'))
            {
                server.Unknown($"spawn-fcgi's socket {text} is not a path ConfLint can place");
                return;
            }

            server.AddBind(Endpoint.Unix(full), given, BackendProtocol.FastCgi);
            return;
        }

        // strtol with base 10 and the whole word a number (spawn-fcgi: "invalid port" otherwise); the value is stored in an
        // unsigned short, and 0 counts as no port at all.
        var portText = port!.Value.Value;
        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            server.Unknown($"spawn-fcgi's port {portText} is not one ConfLint can read");
            return;
        }

        var address = options.Value('a') is { } a ? a.Value.Trim() : "0.0.0.0";
        if (!System.Net.IPAddress.TryParse(address, out _) || address.Contains('%'))
        {
            server.Unknown($"spawn-fcgi's address {address} is not an IP address (it stops: \"is not a valid IP address\")");
            return;
        }

        server.AddBind(Endpoint.Tcp(address, number), port, BackendProtocol.FastCgi, options.Value('a') is null ? "spawn-fcgi's -p without -a binds 0.0.0.0" : null);
    }

    /// <summary>The command's options as getopt hands them to spawn-fcgi (the last of a repeated option wins), its flags,
    /// and the program it runs; null for an option it does not know or one missing its value.</summary>
    internal static (Dictionary<char, SystemdWord> Values, HashSet<char> Flags, SystemdWord? Program)? Parse(SystemdCommand command)
    {
        var values = new Dictionary<char, SystemdWord>();
        var flags = new HashSet<char>();
        SystemdWord? program = null;
        var words = command.Arguments;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var text = word.Value;
            if (text == "--")
            {
                if (i + 1 < words.Count)
                {
                    program = words[i + 1];
                }

                break;
            }

            if (text.Length < 2 || text[0] != '-')
            {
                // glibc's getopt moves a non-option to the end and reads on: the first is the program.
                program ??= word;
                continue;
            }

            for (var j = 1; j < text.Length; j++)
            {
                var letter = text[j];
                if (WithValue.Contains(letter))
                {
                    if (j + 1 < text.Length)
                    {
                        values[letter] = new SystemdWord(text[(j + 1)..], word.Start + j + 1, word.End);
                    }
                    else if (i + 1 < words.Count)
                    {
                        values[letter] = words[++i];
                    }
                    else
                    {
                        return null;
                    }

                    break;
                }

                if (!Flags.Contains(letter))
                {
                    return null;
                }

                flags.Add(letter);
            }
        }

        if (program is null && values.TryGetValue('f', out var file))
        {
            program = file;
        }

        return (values, flags, program);
    }
}

/// <summary>spawn-fcgi's options as one command line gives them, for who owns its socket and what it runs.</summary>
/// <param name="Root">Whether it starts as root: only then are <c>-u</c>, <c>-g</c>, <c>-U</c>, <c>-G</c>, <c>-c</c> and <c>-S</c> heeded.</param>
public sealed class SpawnFcgiOptions(Dictionary<char, SystemdWord> values, HashSet<char> flags, SystemdWord? program, bool root)
{
    internal IReadOnlySet<char> Flags => flags;

    public bool Root => root;

    /// <summary>The program it spawns (after <c>--</c>, or <c>-f</c>'s), as written; null when none is given.</summary>
    public string? Program => program?.Value;

    /// <summary>Whether the program is php-cgi (<c>php-cgi</c>, <c>php-cgi8.2</c>, <c>php5-cgi</c>): a FastCGI server of PHP
    /// scripts, which reads SCRIPT_FILENAME. Anything else (rt-server.fcgi, fcgiwrap, a Catalyst script) is not PHP.</summary>
    public bool RunsPhpCgi => Program is { } path && path[(path.LastIndexOf('/') + 1)..] is var name
        && (name.StartsWith("php-cgi", StringComparison.Ordinal) || (name.StartsWith("php", StringComparison.Ordinal) && name.EndsWith("-cgi", StringComparison.Ordinal)));

    /// <summary>The value of an option (the last given), heeding that the root-only options are ignored otherwise.</summary>
    public SystemdWord? Value(char letter) =>
        !root && letter is 'u' or 'g' or 'U' or 'G' or 'c' ? null : values.TryGetValue(letter, out var word) ? word : null;

    private static readonly (char Letter, bool Group)[] AccountOptions = [('u', false), ('g', true), ('U', false), ('G', true)];

    /// <summary>The account options spawn-fcgi looks up as root (<c>find_user_group</c>, for <c>-u</c>/<c>-g</c>, then for
    /// <c>-U</c>/<c>-G</c>), in that order: each option's letter and the name it gives; numeric ids are not looked up by
    /// name. Empty where spawn-fcgi does not start as root (it then ignores them).</summary>
    public IEnumerable<(char Letter, SystemdWord Word, bool Group)> AccountNames()
    {
        foreach (var (letter, group) in AccountOptions)
        {
            if (Value(letter) is { } word && !word.Value.All(char.IsAsciiDigit))
            {
                yield return (letter, word, group);
            }
        }
    }

    /// <summary>Who owns the Unix socket, as <c>bind_socket</c> leaves it, and why; null for a part the root does not name
    /// (a numeric id, or a user whose primary group the root does not show).</summary>
    /// <param name="process">Who the unit runs spawn-fcgi as.</param>
    /// <param name="primaryGroup">A user's primary group, from the root's /etc/passwd and /etc/group.</param>
    public (string? Owner, string? Group, string Why) SocketOwner(RunAs process, Func<string, string?> primaryGroup)
    {
        if (!root)
        {
            return (process.User, process.Group, $"not root ({process.Source}), spawn-fcgi chowns nothing: the socket is its process's");
        }

        // find_user_group: a group given wins, else the user's primary group; a socket id left 0 takes the process's -u/-g.
        string? Group(SystemdWord? user, SystemdWord? group) => group?.Value ?? (user is { } u ? primaryGroup(u.Value) : null);
        var (user, group, socketUser, socketGroup) = (Value('u'), Value('g'), Value('U'), Value('G'));
        var owner = socketUser?.Value ?? user?.Value ?? "root";
        // -U without -G: the socket's group is -U's primary group (find_user_group for the socket's names), never -g's;
        // unknown where the root does not show it.
        var ownerGroup = socketUser is not null || socketGroup is not null ? Group(socketUser, socketGroup)
            : user is not null || group is not null ? Group(user, group) : "root";
        var said = new List<string>();
        said.Add(socketUser is not null ? $"-U {socketUser.Value.Value}" : user is not null ? $"-u {user.Value.Value} (no -U: the socket's owner is the process's)" : "no -u or -U: root's");
        said.Add(socketGroup is not null ? $"-G {socketGroup.Value.Value}" : socketUser is not null ? $"no -G: the primary group of -U {socketUser.Value.Value}"
            : group is not null ? $"-g {group.Value.Value}" : user is not null ? $"no -g: the primary group of -u {user.Value.Value}" : "no -g or -G: root's");
        return (owner, ownerGroup, string.Join(", ", said));
    }

    /// <summary>The socket's mode: <c>-M</c> (strtol base 8: its leading octal digits), else 0660 less the unit's umask; and
    /// what says so.</summary>
    /// <param name="umask">The unit's <c>UMask=</c>, systemd's 0022 when unset.</param>
    public (int Mode, string Why, SystemdWord? At) SocketMode(int umask)
    {
        if (values.TryGetValue('M', out var written))
        {
            var mode = 0;
            foreach (var c in written.Value.Trim())
            {
                if (c is < '0' or > '7')
                {
                    break;
                }

                mode = (mode * 8) + (c - '0');
            }

            return (mode & 0xFFF, $"-M {written.Value}", written);
        }

        return (0b110_110_000 & ~umask, $"no -M: read and write for owner and group less the umask {Convert.ToString(umask, 8).PadLeft(4, '0')}", null);
    }
}
