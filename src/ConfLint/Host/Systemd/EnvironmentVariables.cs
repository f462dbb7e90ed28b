using System.Text.RegularExpressions;

namespace ConfLint.Host.Systemd;

/// <summary>systemd's expansion of <c>${NAME}</c> and <c>$NAME</c> in a command word from the unit's environment
/// (systemd.service(5), "Command lines"); a name the environment does not have is left as written, so that whoever
/// reads the word sees it cannot be known.</summary>
internal static partial class EnvironmentVariables
{
    public static string Expand(string value, IReadOnlyDictionary<string, string> environment) =>
        Variable().Replace(value, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bare"].Value;
            return environment.TryGetValue(name, out var found) ? found : m.Value;
        });

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
