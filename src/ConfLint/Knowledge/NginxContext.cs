namespace ConfLint.Knowledge;

/// <summary>
/// Where an nginx directive may stand: nginx's <c>NGX_*_CONF</c> bits, one per kind of block. <c>if</c> in a server
/// (<c>NGX_HTTP_SIF_CONF</c>) and in a location (<c>NGX_HTTP_LIF_CONF</c>) are different contexts.
/// </summary>
[Flags]
public enum NginxContext
{
    None = 0,
    Main = 1 << 0,
    Events = 1 << 1,
    Http = 1 << 2,
    Server = 1 << 3,
    Location = 1 << 4,
    ServerIf = 1 << 5,
    LocationIf = 1 << 6,
    LimitExcept = 1 << 7,
    Upstream = 1 << 8,
    Mail = 1 << 9,
    MailServer = 1 << 10,
    Stream = 1 << 11,
    StreamServer = 1 << 12,
    StreamUpstream = 1 << 13,

    /// <summary><c>NGX_ANY_CONF</c>: <c>include</c>, allowed everywhere.</summary>
    Any = 1 << 14,
}

public static class NginxContexts
{
    private static readonly (string Code, NginxContext Context, string Name)[] Names =
    [
        ("main", NginxContext.Main, "main"), ("events", NginxContext.Events, "events"), ("http", NginxContext.Http, "http"),
        ("server", NginxContext.Server, "server"), ("location", NginxContext.Location, "location"),
        ("sif", NginxContext.ServerIf, "if in server"), ("lif", NginxContext.LocationIf, "if in location"),
        ("lmt", NginxContext.LimitExcept, "limit_except"), ("upstream", NginxContext.Upstream, "upstream"),
        ("mail", NginxContext.Mail, "mail"), ("mail-server", NginxContext.MailServer, "server in mail"),
        ("stream", NginxContext.Stream, "stream"), ("stream-server", NginxContext.StreamServer, "server in stream"),
        ("stream-upstream", NginxContext.StreamUpstream, "upstream in stream"), ("any", NginxContext.Any, "any"),
    ];

    /// <summary>Reads the table's comma-separated context codes (<c>http,server,location</c>).</summary>
    public static NginxContext Parse(ReadOnlySpan<char> codes)
    {
        var result = NginxContext.None;
        while (!codes.IsEmpty)
        {
            var comma = codes.IndexOf(',');
            var code = comma < 0 ? codes : codes[..comma];
            codes = comma < 0 ? [] : codes[(comma + 1)..];
            result |= code switch
            {
                "main" => NginxContext.Main,
                "events" => NginxContext.Events,
                "http" => NginxContext.Http,
                "server" => NginxContext.Server,
                "location" => NginxContext.Location,
                "sif" => NginxContext.ServerIf,
                "lif" => NginxContext.LocationIf,
                "lmt" => NginxContext.LimitExcept,
                "upstream" => NginxContext.Upstream,
                "mail" => NginxContext.Mail,
                "mail-server" => NginxContext.MailServer,
                "stream" => NginxContext.Stream,
                "stream-server" => NginxContext.StreamServer,
                "stream-upstream" => NginxContext.StreamUpstream,
                "any" => NginxContext.Any,
                _ => NginxContext.None,
            };
        }

        return result;
    }

    /// <summary>The context's name for messages: <c>if in location</c>.</summary>
    public static string Describe(this NginxContext context)
    {
        var names = Names.Where(n => context.HasFlag(n.Context) && n.Context != NginxContext.None).Select(n => n.Name);
        return string.Join(", ", names);
    }

    /// <summary>The context a block directive opens, seen from the context it stands in; None for blocks whose
    /// body nginx does not read as directives (map, types) or that the tables do not know.</summary>
    public static NginxContext Opened(string name, NginxContext outer) => (name, outer) switch
    {
        ("events", NginxContext.Main) => NginxContext.Events,
        ("http", NginxContext.Main) => NginxContext.Http,
        ("mail", NginxContext.Main) => NginxContext.Mail,
        ("stream", NginxContext.Main) => NginxContext.Stream,
        ("server", NginxContext.Http) => NginxContext.Server,
        ("server", NginxContext.Mail) => NginxContext.MailServer,
        ("server", NginxContext.Stream) => NginxContext.StreamServer,
        ("upstream", NginxContext.Http) => NginxContext.Upstream,
        ("upstream", NginxContext.Stream) => NginxContext.StreamUpstream,
        ("location", NginxContext.Server or NginxContext.Location) => NginxContext.Location,
        ("if", NginxContext.Server) => NginxContext.ServerIf,
        ("if", NginxContext.Location) => NginxContext.LocationIf,
        ("limit_except", NginxContext.Location) => NginxContext.LimitExcept,
        _ => NginxContext.None,
    };
}
