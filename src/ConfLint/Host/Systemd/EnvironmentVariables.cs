using System.Text.RegularExpressions;

namespace ConfLint.Host.Systemd;

/// <summary>systemd's expansion of variables in a command's words from the unit's environment (systemd.service(5),
/// "Command lines"; replace_env_argv): a word that is exactly <c>$NAME</c> becomes the value split at blanks (quotes
/// removed), zero or more words; elsewhere only <c>${NAME}</c> is replaced, by the value as one piece, and a bare
/// <c>$NAME</c> inside a longer word stays as written. A name the environment does not have is left as written, so
/// that whoever reads the word sees it cannot be known.</summary>
internal static partial class EnvironmentVariables
{
    /// <summary>The word with each <c>${NAME}</c> the environment has replaced.</summary>
    public static string Expand(string value, IReadOnlyDictionary<string, string> environment) =>
        Braced().Replace(value, m => environment.TryGetValue(m.Groups["name"].Value, out var found) ? found : m.Value);

    /// <summary>The variable's name where the word is exactly <c>$NAME</c> (systemd splits its value into words).</summary>
    public static string? WholeWord(string value) =>
        value.Length > 1 && value[0] == '$' && WholeWordName().IsMatch(value) ? value[1..] : null;

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Braced();

    [GeneratedRegex(@"^\$[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex WholeWordName();
}
