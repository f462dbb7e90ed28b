namespace ConfLint.Host.Compose;

/// <summary>A command line split into words as a POSIX shell splits them (quotes, backslashes), without expansion.</summary>
public static class ShellWords
{
    /// <summary>The words, or null for an unclosed quote.</summary>
    public static List<string>? Split(string line) => Workspace.Compose.ComposeValues.Split(line);
}
