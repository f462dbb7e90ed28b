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

    /// <summary>The <c>upstream</c> blocks of <c>http</c>, by name (nginx compares names without case).</summary>
    public Dictionary<string, NginxUpstream> Upstreams { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>upstream</c> blocks of <c>stream</c>, by name (a stream <c>proxy_pass</c> names these).</summary>
    public Dictionary<string, NginxUpstream> StreamUpstreams { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The upstreams a pass standing in <paramref name="scope"/> can name: stream's in a stream server, else http's.</summary>
    public Dictionary<string, NginxUpstream> UpstreamsFor(NginxScope scope) =>
        scope.Context == Knowledge.NginxContext.StreamServer ? StreamUpstreams : Upstreams;

    /// <summary>
    /// Whether every definition nginx would see is read: false for a lone file (the http block around it is not seen)
    /// or when an include at the http or stream level (where upstreams are defined) may bring in files ConfLint did not read. Rules that say a name is undefined need it.
    /// </summary>
    public bool SeesAllDefinitions { get; internal set; } = true;

    /// <summary>Every <c>*_pass</c> directive, with the level it stands in.</summary>
    public List<(NginxDirective Directive, ConfigFile File, NginxScope Scope)> Passes { get; } = [];

    /// <summary>Every level, in walk order.</summary>
    public List<NginxScope> Scopes { get; } = [];

    /// <summary>The variables a constant <c>map</c> gives (<see cref="NginxVariables.ConstantMaps"/>), read once, when first
    /// asked for (after the walk).</summary>
    internal Dictionary<string, (string Value, NginxDirective Entry, ConfigFile File)> ConstantMaps =>
        _constantMaps ??= NginxVariables.ConstantMaps(this);

    private Dictionary<string, (string Value, NginxDirective Entry, ConfigFile File)>? _constantMaps;
}

/// <summary>An <c>upstream NAME { server ...; }</c> block.</summary>
public sealed record NginxUpstream(string Name, NginxDirective Directive, ConfigFile File, NginxScope Scope)
{
    /// <summary>The <c>server</c> lines of the block, in order.</summary>
    public IEnumerable<(NginxDirective Directive, ConfigFile File)> Servers =>
        Scope.Settings.Where(s => s.Directive.Name == "server");
}
