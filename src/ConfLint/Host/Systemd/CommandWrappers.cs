using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>
/// The priority and scheduling wrappers a command line may put before a program (<c>nice -n5 uv run uwsgi</c>,
/// <c>timeout -s KILL 30 gunicorn</c>), each read as its own getopt reads its words: the options with the arity its
/// source gives each one (a short option's value attached or the next word, a long option's after <c>=</c> or the next
/// word, any unambiguous prefix of a long name), then the operands it takes before the program (taskset's mask,
/// timeout's duration, chrt's priority), then the program. Every one stops at its first operand (<c>+</c> in its
/// option string). An option it does not have, one that means no program is run (<c>ionice -p</c>, <c>taskset -p</c>,
/// <c>--help</c>), or one that changes what the program sees (chpst's <c>-e</c> environment folder, <c>-/</c> root and
/// <c>-C</c> folder; setpriv's <c>--reset-env</c>; dotenv's <c>--overload</c>) makes the program unknown: nothing is taken
/// for the program on a guess.
/// </summary>
internal static class CommandWrappers
{
    /// <param name="Short">getopt's option string (a letter, <c>:</c> when it takes a value, <c>::</c> for an optional one
    /// that only an attached value gives).</param>
    /// <param name="Long">Long names, <c>name:</c> taking a value, <c>name::</c> an optional one after <c>=</c>.</param>
    /// <param name="Refused">Options (short letters and long names) after which the program is not known.</param>
    /// <param name="Operands">Words after the options that are the wrapper's own, before the program.</param>
    /// <param name="LegacyNumbers">nice's <c>-N</c> (<c>-5</c>, <c>-+5</c>, <c>--5</c>): an adjustment word among the options.</param>
    /// <param name="OptionalNumber">chrt's priority: the first operand is the wrapper's when it is a number and a word follows it.</param>
    /// <param name="LoadsEnvironment">The program gets variables the command line does not show (dotenv's <c>.env</c>).</param>
    private sealed record Wrapper(string Short, string[] Long, string[] Refused, int Operands = 0, bool LegacyNumbers = false, bool OptionalNumber = false, bool LoadsEnvironment = false);

    private static readonly string[] HelpVersion = ["h", "V", "help", "version"];

    /// <summary>Each wrapper's options, from its source: coreutils 9 (nice.c <c>"+n:"</c> with <c>--adjustment</c> and the
    /// legacy <c>-N</c>; stdbuf.c <c>"+i:o:e:"</c>; timeout.c <c>"+fk:ps:v"</c> then DURATION), util-linux 2.40 (ionice.c
    /// <c>"+c:n:p:P:u:tVh"</c>; chrt.c <c>"+abdD:efiphmoP:T:rRvV"</c> then [PRIORITY]; taskset.c <c>"+acphV"</c> then MASK;
    /// setpriv.c <c>"+dhV"</c> with its long options), runit's chpst.c (<c>"+u:U:b:e:m:d:o:p:f:c:r:t:/:C:n:l:L:vP012V"</c>),
    /// numactl.c (<c>"+ai:w:p:P:c:N:C:m:slbHS:f:o:L:tM:dDI:uTV"</c>) and the dotenv gem's CLI (<c>-f FILES</c>, <c>-i</c>,
    /// <c>-o</c>, <c>-t FILE</c>, OptionParser#order!, stopping at the program).</summary>
    private static readonly Dictionary<string, Wrapper> Wrappers = new(StringComparer.Ordinal)
    {
        ["nice"] = new("+n:", ["adjustment:", "help", "version"], ["help", "version"], LegacyNumbers: true),
        ["ionice"] = new("+c:n:p:P:u:tVh", ["class:", "classdata:", "pid:", "pgid:", "uid:", "ignore", "help", "version"], ["p", "P", "u", "pid", "pgid", "uid", .. HelpVersion]),
        ["chrt"] = new("+abdD:efiphmoP:T:rRvV", ["all-tasks", "batch", "deadline", "ext", "fifo", "idle", "pid", "help", "max", "other", "rr", "sched-runtime:", "sched-period:", "sched-deadline:", "reset-on-fork", "verbose", "version"], ["p", "pid", "m", "max", .. HelpVersion], OptionalNumber: true),
        ["taskset"] = new("+acphV", ["all-tasks", "pid", "cpu-list", "help", "version"], ["p", "pid", .. HelpVersion], Operands: 1),
        ["stdbuf"] = new("+i:o:e:", ["input:", "output:", "error:", "help", "version"], ["help", "version"]),
        ["timeout"] = new("+fk:ps:v", ["foreground", "kill-after:", "preserve-status", "signal:", "verbose", "help", "version"], ["help", "version"], Operands: 1),
        ["setpriv"] = new("+dhV", ["dump", "nnp", "no-new-privs", "inh-caps:", "ambient-caps:", "list-caps", "ruid:", "euid:", "rgid:", "egid:", "reuid:", "regid:", "clear-groups", "keep-groups", "init-groups", "groups:", "bounding-set:", "securebits:", "pdeathsig:", "ptracer:", "selinux-label:", "apparmor-profile:", "landlock-access:", "landlock-rule:", "seccomp-filter:", "help", "reset-env", "version"], ["d", "dump", "list-caps", "reset-env", .. HelpVersion]),
        ["chpst"] = new("+u:U:b:e:m:d:o:p:f:c:r:t:/:C:n:l:L:vP012V", [], ["V", "e", "/", "C"]),
        ["numactl"] = new("+ai:w:p:P:c:N:C:m:slbHS:f:o:L:tM:dDI:uTV", ["all", "interleave:", "weighted-interleave:", "preferred:", "preferred-many:", "cpubind:", "cpunodebind:", "physcpubind:", "membind:", "show", "localalloc", "balancing", "hardware", "shm:", "file:", "offset:", "length:", "strict", "shmmode:", "dump", "dump-nodes", "shmid:", "huge", "touch", "cpu-compress", "verify", "version"], ["s", "show", "H", "hardware", "S", "shm", "f", "file", "V", "version"]),
        ["dotenv"] = new("+f:iot:hv", ["ignore", "overload", "template:", "help", "version"], ["o", "overload", "t", "template", "h", "v", "help", "version"], LoadsEnvironment: true),
    };

    public static bool IsWrapper(string name) => Wrappers.ContainsKey(name);

    /// <summary>The index of the program among <paramref name="arguments"/> of wrapper <paramref name="name"/>, or -1 when
    /// it is not known (an option the wrapper does not have, one that runs no program, no program at all).</summary>
    /// <param name="loadsEnvironment">Whether the program gets variables the files do not show.</param>
    public static int Program(string name, IReadOnlyList<SystemdWord> arguments, out bool loadsEnvironment)
    {
        var wrapper = Wrappers[name];
        loadsEnvironment = wrapper.LoadsEnvironment;
        var i = 0;
        while (i < arguments.Count)
        {
            var word = arguments[i].Value;
            if (word == "--")
            {
                i++;
                break;
            }

            if (wrapper.LegacyNumbers && word.Length > 1 && word[0] == '-' && word[1..].TrimStart('+', '-') is { Length: > 0 } digits
                && digits.All(char.IsAsciiDigit) && word.Length - digits.Length <= 2)
            {
                i++;
                continue;
            }

            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = word.IndexOf('=');
                var given = equals < 0 ? word[2..] : word[2..equals];
                var exact = wrapper.Long.Where(l => l.TrimEnd(':') == given).ToList();
                var matches = exact.Count == 1 ? exact : wrapper.Long.Where(l => l.StartsWith(given, StringComparison.Ordinal)).ToList();
                if (given.Length == 0 || matches.Count != 1 || wrapper.Refused.Contains(matches[0].TrimEnd(':')))
                {
                    return -1;
                }

                var takes = matches[0].EndsWith(':') && !matches[0].EndsWith("::", StringComparison.Ordinal);
                if (!takes && equals >= 0 && !matches[0].EndsWith("::", StringComparison.Ordinal))
                {
                    return -1;
                }

                i += takes && equals < 0 ? 2 : 1;
                continue;
            }

            if (word.Length > 1 && word[0] == '-')
            {
                var next = i + 1;
                for (var at = 1; at < word.Length; at++)
                {
                    var letter = word[at];
                    var index = wrapper.Short.IndexOf(letter, 1);
                    if (letter == ':' || index < 0 || wrapper.Refused.Contains(letter.ToString()))
                    {
                        return -1;
                    }

                    var optional = index + 2 < wrapper.Short.Length && wrapper.Short[index + 1] == ':' && wrapper.Short[index + 2] == ':';
                    var takes = index + 1 < wrapper.Short.Length && wrapper.Short[index + 1] == ':';
                    if (takes)
                    {
                        // The rest of the word is its value; without one, the next word (an optional value: none).
                        if (at + 1 == word.Length && !optional)
                        {
                            next = i + 2;
                        }

                        break;
                    }
                }

                i = next;
                continue;
            }

            break;
        }

        if (i > arguments.Count)
        {
            return -1;
        }

        i += wrapper.Operands;
        if (wrapper.OptionalNumber && i + 1 < arguments.Count && arguments[i].Value.Length > 0 && arguments[i].Value.All(char.IsAsciiDigit))
        {
            i++;
        }

        return i < arguments.Count ? i : -1;
    }
}
