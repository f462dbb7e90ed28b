using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Host.Nginx;

/// <summary>One nginx configuration as nginx reads it: from its main file, includes spliced in.</summary>
public sealed class NginxInstance
{
    internal NginxInstance(ConfigFile mainFile, NginxScope main)
    {
        MainFile = mainFile;
        Main = main;
    }

    public ConfigFile MainFile { get; }

    public NginxScope Main { get; }

    /// <summary><c>upstream</c> blocks by name.</summary>
    public Dictionary<string, NginxUpstream> Upstreams { get; } = new(StringComparer.Ordinal);

    /// <summary>Every <c>*_pass</c> directive, with the level it stands in.</summary>
    public List<(NginxDirective Directive, ConfigFile File, NginxScope Scope)> Passes { get; } = [];

    /// <summary>Every level, in walk order.</summary>
    public List<NginxScope> Scopes { get; } = [];
}

/// <summary>An <c>upstream NAME { server ...; }</c> block.</summary>
public sealed record NginxUpstream(string Name, NginxDirective Directive, ConfigFile File, NginxScope Scope)
{
    /// <summary>The <c>server</c> lines of the block, in order.</summary>
    public IEnumerable<(NginxDirective Directive, ConfigFile File)> Servers =>
        Scope.Settings.Where(s => s.Directive.Name == "server");
}
