namespace ConfLint.Workspace.Compose;

/// <summary>A Dockerfile's instructions as BuildKit's parser reads its lines (moby/buildkit's
/// <c>frontend/dockerfile/parser.Parse</c>): a trailing <c>\</c> continues the instruction, and a line starting with
/// <c>#</c> is a comment, even between continued lines.</summary>
public static class DockerfileText
{
    /// <summary>The instructions, each with the line it starts on (1-based), continuation lines joined and comments dropped.</summary>
    public static IEnumerable<(string Text, int Line)> Instructions(IReadOnlyList<string> lines)
    {
        var current = new System.Text.StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (current.Length == 0)
            {
                start = i + 1;
            }

            var trimmed = line.TrimEnd();
            if (trimmed.EndsWith('\\'))
            {
                current.Append(trimmed[..^1]).Append(' ');
                continue;
            }

            current.Append(trimmed);
            yield return (current.ToString(), start);
            current.Clear();
        }

        if (current.Length > 0)
        {
            yield return (current.ToString(), start);
        }
    }

    /// <summary>An instruction's keyword (upper-cased) and the rest of its text.</summary>
    public static (string Keyword, string Operands) Split(string instruction)
    {
        var text = instruction.Trim();
        var space = text.IndexOfAny([' ', '\t']);
        return space < 0 ? (text.ToUpperInvariant(), string.Empty) : (text[..space].ToUpperInvariant(), text[(space + 1)..].Trim());
    }

    /// <summary>An instruction's operands in the exec (JSON array) form, <c>["a", "b"]</c>; null where they are not a JSON
    /// array of strings (the shell form, or text that only starts with <c>[</c>: Docker then reads it as the shell form).</summary>
    public static List<string>? ExecForm(string operands)
    {
        var text = operands.Trim();
        if (!text.StartsWith('['))
        {
            return null;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array && json.RootElement.EnumerateArray().All(e => e.ValueKind == System.Text.Json.JsonValueKind.String))
            {
                return json.RootElement.EnumerateArray().Select(e => e.GetString()!).ToList();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the shell form.
        }

        return null;
    }

    /// <summary>
    /// An <c>ENV</c> instruction's values, set in <paramref name="env"/> for the instructions after it and for the
    /// container's environment: Docker substitutes <c>$NAME</c> and <c>${NAME}</c> in <c>WORKDIR</c>, <c>COPY</c> and
    /// <c>ADD</c> with them (Dockerfile reference, "Environment replacement"), and the image's processes start with them
    /// ("ENV": "The environment variables set using ENV will persist when a container is run from the resulting image").
    /// Only literal values (<c>ENV APP_HOME=/home/app/web</c>, <c>ENV APP_HOME /home/app/web</c>) are kept; a value with a
    /// variable, a quote or an escape is set to null (not known), so a word naming it stays unknown.
    /// </summary>
    public static void Assign(IDictionary<string, string?> env, string operands)
    {
        var words = operands.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return;
        }

        if (!words[0].Contains('='))
        {
            // The legacy form ENV NAME VALUE: the rest of the line is the value.
            Keep(env, words[0], operands[words[0].Length..].Trim());
            return;
        }

        foreach (var word in words)
        {
            var equals = word.IndexOf('=');
            if (equals <= 0)
            {
                return;
            }

            Keep(env, word[..equals], word[(equals + 1)..]);
        }
    }

    private static void Keep(IDictionary<string, string?> env, string name, string value) =>
        env[name] = value.Length > 0 && value.AsSpan().IndexOfAny("$\\\"'` ") < 0 ? value : null;
}
