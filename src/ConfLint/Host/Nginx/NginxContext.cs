namespace ConfLint.Host.Nginx;

/// <summary>The kind of level an nginx directive stands in: main, a block directive's context, or another block.</summary>
public enum NginxContext
{
    Main,
    Http,
    Server,
    Location,
    If,
    Upstream,
    LimitExcept,
    Events,
    Stream,
    Mail,
    Types,
    Map,
    Geo,
    SplitClients,
    CharsetMap,
    Match,

    /// <summary>A block of any other directive (a module's own block).</summary>
    Block,
}

public static class NginxContexts
{
    private static readonly Dictionary<string, NginxContext> ByName = new(StringComparer.Ordinal)
    {
        ["http"] = NginxContext.Http,
        ["server"] = NginxContext.Server,
        ["location"] = NginxContext.Location,
        ["if"] = NginxContext.If,
        ["upstream"] = NginxContext.Upstream,
        ["limit_except"] = NginxContext.LimitExcept,
        ["events"] = NginxContext.Events,
        ["stream"] = NginxContext.Stream,
        ["mail"] = NginxContext.Mail,
        ["types"] = NginxContext.Types,
        ["map"] = NginxContext.Map,
        ["geo"] = NginxContext.Geo,
        ["split_clients"] = NginxContext.SplitClients,
        ["charset_map"] = NginxContext.CharsetMap,
        ["match"] = NginxContext.Match,
    };

    /// <summary>The context a block directive opens: its name's, or <see cref="NginxContext.Block"/>.</summary>
    public static NginxContext Of(string blockDirective) => ByName.GetValueOrDefault(blockDirective, NginxContext.Block);

    /// <summary>The directive name of a context (<c>main</c> and <c>block</c> for the two that have none).</summary>
    public static string Name(this NginxContext context) =>
        context switch
        {
            NginxContext.Main => "main",
            NginxContext.Block => "block",
            _ => ByName.First(p => p.Value == context).Key,
        };
}
