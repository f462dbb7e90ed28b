using ConfLint.Syntax.Systemd;

namespace ConfLint.Workspace.Systemd;

/// <summary>
/// The environment systemd gives a service's processes from its configuration: <c>Environment=</c> assignments in
/// order, then each <c>EnvironmentFile=</c> (a leading <c>-</c>: a missing file is no error), whose settings override
/// <c>Environment=</c>'s, as systemd.exec(5) says. An environment file is <c>KEY=VALUE</c> lines, <c>#</c> and <c>;</c>
/// comments, values optionally in quotes.
/// </summary>
public static class UnitEnvironment
{
    public static Dictionary<string, string> Read(RootedFileSystem fs, MergedUnit unit)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in unit.GetAll("Service", "Environment"))
        {
            foreach (var word in SystemdText.SplitWords(assignment))
            {
                var equals = word.Value.IndexOf('=');
                if (equals > 0)
                {
                    environment[word.Value[..equals]] = word.Value[(equals + 1)..];
                }
            }
        }

        foreach (var file in unit.GetAll("Service", "EnvironmentFile"))
        {
            var path = file.TrimStart('-');
            if (path.StartsWith('/'))
            {
                ReadFile(fs, path, environment);
            }
        }

        return environment;
    }

    /// <summary>Adds the <c>KEY=VALUE</c> lines of an environment file (or a shell file of plain assignments, such as
    /// Debian's <c>/etc/default/*</c>) to <paramref name="environment"/>.</summary>
    public static void ReadFile(RootedFileSystem fs, string path, Dictionary<string, string> environment)
    {
        foreach (var line in fs.ReadLines(path))
        {
            var trimmed = line.Trim();
            var equals = trimmed.IndexOf('=');
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';' || equals <= 0)
            {
                continue;
            }

            var key = trimmed[..equals].Trim();
            if (key.StartsWith("export ", StringComparison.Ordinal))
            {
                key = key[7..].Trim();
            }

            var value = trimmed[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            if (key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                environment[key] = value;
            }
        }
    }

    /// <summary>
    /// The arguments of a command line with <c>$NAME</c> and <c>${NAME}</c> replaced as systemd does: a word that is
    /// exactly <c>$NAME</c> becomes the value's words (none when it is empty or unset), <c>${NAME}</c> inside a word
    /// the value as it is. A variable the environment does not hold is left as written and makes
    /// <paramref name="unknown"/> true.
    /// </summary>
    public static List<string> Expand(IEnumerable<string> words, IReadOnlyDictionary<string, string> environment, out bool unknown)
    {
        unknown = false;
        var expanded = new List<string>();
        foreach (var word in words)
        {
            if (word.Length > 1 && word[0] == '$' && word[1] != '{' && word.Skip(1).All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                if (environment.TryGetValue(word[1..], out var value))
                {
                    expanded.AddRange(value.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries));
                }
                else
                {
                    unknown = true;
                    expanded.Add(word);
                }

                continue;
            }

            var result = word;
            var start = result.IndexOf("${", StringComparison.Ordinal);
            while (start >= 0)
            {
                var end = result.IndexOf('}', start);
                if (end < 0)
                {
                    break;
                }

                var name = result[(start + 2)..end];
                if (environment.TryGetValue(name, out var value))
                {
                    result = result[..start] + value + result[(end + 1)..];
                    start = result.IndexOf("${", start + value.Length, StringComparison.Ordinal);
                }
                else
                {
                    unknown = true;
                    start = result.IndexOf("${", end, StringComparison.Ordinal);
                }
            }

            expanded.Add(result);
        }

        return expanded;
    }
}
