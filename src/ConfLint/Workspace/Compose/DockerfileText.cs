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

    /// <summary>
    /// The Dockerfile's build stages in order, each <c>FROM</c> starting one (its <c>AS</c> name, any case; its flags such as
    /// <c>--platform</c> skipped) with the instructions up to the next; instructions before the first <c>FROM</c> (global
    /// <c>ARG</c>s) belong to none. A stage <c>FROM</c> the name of an earlier stage is built on it (<see cref="DockerfileStage.Base"/>:
    /// BuildKit's dockerfile2llb takes the last earlier stage of that name) and inherits its image configuration.
    /// </summary>
    public static IReadOnlyList<DockerfileStage> Stages(IReadOnlyList<string> lines)
    {
        var stages = new List<DockerfileStage>();
        List<DockerfileInstruction>? current = null;
        foreach (var (text, line) in Instructions(lines))
        {
            var (keyword, operands) = Split(text);
            if (keyword == "FROM")
            {
                var words = operands.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                var from = words.FirstOrDefault() ?? string.Empty;
                var name = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                var earlier = stages.LastOrDefault(s => s.Name is not null && s.Name.Equals(from, StringComparison.OrdinalIgnoreCase));
                current = [];
                stages.Add(new DockerfileStage(name, earlier, from, line, current));
            }
            else
            {
                current?.Add(new DockerfileInstruction(keyword, operands, line));
            }
        }

        return stages;
    }

    /// <summary>The stage an image is built from: <c>build.target</c>'s (the last stage of that name, any case), else the
    /// last; null where the target names no stage or there is none.</summary>
    public static DockerfileStage? Target(IReadOnlyList<DockerfileStage> stages, string? target) =>
        target is null ? stages.LastOrDefault() : stages.LastOrDefault(s => s.Name is not null && s.Name.Equals(target, StringComparison.OrdinalIgnoreCase));

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

/// <summary>One instruction of a Dockerfile: its keyword (upper-cased), its operands, and the line it starts on (1-based).</summary>
public readonly record struct DockerfileInstruction(string Keyword, string Operands, int Line);

/// <summary>A build stage of a Dockerfile (<see cref="DockerfileText.Stages"/>).</summary>
/// <param name="Name">Its <c>AS</c> name; null where it has none.</param>
/// <param name="Base">The earlier stage it is built <c>FROM</c>; null where it is built from an image.</param>
/// <param name="From">The word after <c>FROM</c>: an image, or an earlier stage's name.</param>
/// <param name="Line">The line of its <c>FROM</c>.</param>
/// <param name="Instructions">Its instructions after the <c>FROM</c>.</param>
public sealed record DockerfileStage(string? Name, DockerfileStage? Base, string From, int Line, IReadOnlyList<DockerfileInstruction> Instructions)
{
    /// <summary>The stages the image holds, base first: this one's <see cref="Base"/> chain ending with itself. The first
    /// is built <c>FROM</c> an image.</summary>
    public IReadOnlyList<DockerfileStage> Chain()
    {
        var chain = new List<DockerfileStage>();
        for (var stage = this; stage is not null; stage = stage.Base)
        {
            chain.Insert(0, stage);
        }

        return chain;
    }
}
