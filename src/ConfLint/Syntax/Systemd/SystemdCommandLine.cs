using System.Text;

namespace ConfLint.Syntax.Systemd;

/// <summary>
/// Splits the value of <c>ExecStart=</c>, <c>ExecStartPre=</c>, <c>ExecStop=</c> and kin into commands the way
/// <c>config_parse_exec()</c> (src/core/load-fragment.c, v252) does: words as <see cref="SystemdText.SplitWords(string)"/>
/// splits them; a lone unquoted <c>;</c> separates commands and <c>\;</c> is a literal <c>;</c> argument; the
/// first word may start with the prefixes <c>-</c>, <c>@</c>, <c>:</c> and one of <c>+</c>, <c>!</c>,
/// <c>!!</c>, in any order, each at most once.
/// </summary>
public static class SystemdCommandLine
{
    public static SystemdCommandLines Parse(string value)
    {
        var commands = new List<SystemdCommand>();
        var builder = new StringBuilder();
        var position = 0;
        while (true)
        {
            var result = SystemdText.ExtractWord(value, ref position, builder, out var first);
            if (result == 0)
            {
                return new SystemdCommandLines(commands, null);
            }

            if (result < 0)
            {
                return new SystemdCommandLines(commands, "unbalanced quoting");
            }

            if (first.Value == ";")
            {
                continue;
            }

            var (prefixes, path) = StripPrefixes(first.Value);
            if (path.Length == 0)
            {
                return new SystemdCommandLines(commands, $"empty executable after the prefix '{first.Value}'");
            }

            var arguments = new List<SystemdWord>();
            while (position < value.Length)
            {
                if (value[position] == ';' && IsWordEnd(value, position + 1))
                {
                    position++;
                    break;
                }

                if (value[position] == '\\' && position + 1 < value.Length && value[position + 1] == ';' && IsWordEnd(value, position + 2))
                {
                    arguments.Add(new SystemdWord(";", position, position + 2));
                    position += 2;
                    while (position < value.Length && SystemdText.IsSeparator(value[position]))
                    {
                        position++;
                    }

                    continue;
                }

                result = SystemdText.ExtractWord(value, ref position, builder, out var word);
                if (result < 0)
                {
                    return new SystemdCommandLines(commands, "unbalanced quoting");
                }

                if (result == 0)
                {
                    break;
                }

                arguments.Add(word);
            }

            if (prefixes.HasFlag(SystemdExecPrefixes.SeparateArgv0) && arguments.Count == 0)
            {
                return new SystemdCommandLines(commands, $"'@' needs the argv[0] word after '{path}'");
            }

            commands.Add(new SystemdCommand(prefixes, first with { Value = path }, arguments));
        }
    }

    private static bool IsWordEnd(string value, int i) => i >= value.Length || SystemdText.IsSeparator(value[i]);

    private static (SystemdExecPrefixes Prefixes, string Path) StripPrefixes(string word)
    {
        var prefixes = SystemdExecPrefixes.None;
        const SystemdExecPrefixes privileges =
            SystemdExecPrefixes.FullyPrivileged | SystemdExecPrefixes.NoSetuid | SystemdExecPrefixes.AmbientMagic;
        var i = 0;
        for (; i < word.Length; i++)
        {
            var c = word[i];
            if (c == '-' && !prefixes.HasFlag(SystemdExecPrefixes.IgnoreFailure))
            {
                prefixes |= SystemdExecPrefixes.IgnoreFailure;
            }
            else if (c == '@' && !prefixes.HasFlag(SystemdExecPrefixes.SeparateArgv0))
            {
                prefixes |= SystemdExecPrefixes.SeparateArgv0;
            }
            else if (c == ':' && !prefixes.HasFlag(SystemdExecPrefixes.NoEnvironmentExpansion))
            {
                prefixes |= SystemdExecPrefixes.NoEnvironmentExpansion;
            }
            else if (c == '+' && (prefixes & privileges) == 0)
            {
                prefixes |= SystemdExecPrefixes.FullyPrivileged;
            }
            else if (c == '!' && (prefixes & privileges) == 0)
            {
                prefixes |= SystemdExecPrefixes.NoSetuid;
            }
            else if (c == '!' && (prefixes & (SystemdExecPrefixes.FullyPrivileged | SystemdExecPrefixes.AmbientMagic)) == 0)
            {
                prefixes = (prefixes & ~SystemdExecPrefixes.NoSetuid) | SystemdExecPrefixes.AmbientMagic;
            }
            else
            {
                break;
            }
        }

        return (prefixes, word[i..]);
    }
}
