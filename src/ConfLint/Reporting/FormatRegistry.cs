namespace ConfLint.Reporting;

/// <summary>The formats a command can write, by name (<c>--format NAME</c>), in the order they are listed.</summary>
public sealed class FormatRegistry<T>
{
    private readonly IReadOnlyList<(string Name, T Format)> _formats;

    public FormatRegistry(params (string Name, T Format)[] formats) => _formats = formats;

    public IReadOnlyList<string> Names => _formats.Select(f => f.Name).ToList();

    public bool TryGet(string name, out T format)
    {
        foreach (var (known, found) in _formats)
        {
            if (known == name)
            {
                format = found;
                return true;
            }
        }

        format = default!;
        return false;
    }

    /// <summary>The message for a name that is none of them: <c>unknown format 'x': expected json or source</c>.</summary>
    public string Unknown(string name) =>
        $"unknown format '{name}': expected {string.Join(", ", Names.Take(Names.Count - 1))} or {Names[^1]}";
}
