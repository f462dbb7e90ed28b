using ConfLint.Units;

namespace ConfLint.Configuration;

/// <summary>The settings of <c>.conflint.yml</c>; every key is optional.</summary>
public sealed class ConfLintConfig
{
    public static readonly ConfLintConfig Empty = new();

    /// <summary>The file the settings came from, or null for the defaults.</summary>
    public string? Path { get; init; }

    /// <summary><c>host.memory</c>: for CL008 (and CL009).</summary>
    public ByteSize? HostMemory { get; init; }

    /// <summary><c>host.web-user</c>: the web server's user where no nginx/Apache config names it.</summary>
    public string? WebUser { get; init; }

    /// <summary><c>host.nginx-version</c>: the nginx version whose directives CL000 judges, where the root does not show it.</summary>
    public Knowledge.NginxVersion? NginxVersion { get; init; }

    public IReadOnlyDictionary<string, RuleSettings> Rules { get; init; } = new Dictionary<string, RuleSettings>();

    /// <summary><c>hosts:</c> name to glob patterns, relative to the config's folder.</summary>
    public IReadOnlyList<HostGroup> Hosts { get; init; } = [];

    public RuleSettings For(string code) => Rules.GetValueOrDefault(code) ?? RuleSettings.Default;
}

/// <summary>One entry of <c>hosts:</c>: the files of one host in a repository that holds several.</summary>
public sealed record HostGroup(string Name, IReadOnlyList<string> Patterns);
