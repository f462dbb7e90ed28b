using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Host.Apache;

/// <summary>The Apache part of a front end: the configuration it belongs to, the <c>&lt;VirtualHost&gt;</c> it stands in
/// (null: the main server), and the balancers it can name. mod_proxy keeps balancers per server: a virtual host sees its
/// own and the main server's (merged in), never another virtual host's (httpd 2.4 answers those with 503, 'No workers in
/// balancer').</summary>
/// <param name="Balancers">The balancers defined where this front end sees them, by their whole name (<c>balancer://NAME</c>,
/// compared without case as mod_proxy does).</param>
/// <param name="Elsewhere">The balancers defined only in other virtual hosts.</param>
public sealed record ApachePass(ApacheInstance Instance, ApacheSection? VirtualHost, IReadOnlyDictionary<string, ApacheBalancer> Balancers, IReadOnlyDictionary<string, ApacheBalancer> Elsewhere) : FrontEndDetails
{
    /// <summary>Whether it stands in no <c>&lt;Directory&gt;</c>, <c>&lt;Location&gt;</c>, <c>&lt;Proxy&gt;</c> or
    /// <c>&lt;If&gt;</c> (only in <c>&lt;Files&gt;</c>/<c>&lt;FilesMatch&gt;</c> and the conditions read at start): a
    /// <c>SetHandler</c> so placed covers every file of its server that the pattern matches (php.conf's
    /// <c>&lt;FilesMatch \.php$&gt;</c>), a site's own handler in a <c>&lt;Directory&gt;</c> merged after it.</summary>
    public bool ServerWide { get; init; }

    /// <summary>Whether <paramref name="frontEnd"/> is a <c>SetHandler</c> placed server-wide (<see cref="ServerWide"/>):
    /// the handler every file of its server that its pattern matches gets, unless a section merged after it sets another.</summary>
    public static bool IsServerWideHandler(FrontEnd frontEnd) =>
        frontEnd.Details is ApachePass { ServerWide: true } && frontEnd.DirectiveName.Equals("SetHandler", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="handler"/> is a server-wide handler (<see cref="IsServerWideHandler"/>) of the
    /// server <paramref name="frontEnd"/> stands in: the main server's, which every virtual host inherits (httpd merges the
    /// main server's sections into each virtual host, before the virtual host's own: sections.html), or its own virtual
    /// host's. Such a handler covers that front end's files too.</summary>
    public static bool CoversServerOf(FrontEnd handler, FrontEnd frontEnd) =>
        IsServerWideHandler(handler) && handler.Details is ApachePass pass && frontEnd.Details is ApachePass own && ReferenceEquals(pass.Instance, own.Instance)
        && (pass.VirtualHost is null || ReferenceEquals(pass.VirtualHost, own.VirtualHost)) && !ReferenceEquals(handler, frontEnd);

    /// <summary>The virtual hosts of <paramref name="instance"/> that hold a server-wide handler of their own
    /// (<see cref="IsServerWideHandler"/>): merged after the main server's, theirs serves the files both patterns match.</summary>
    public static HashSet<ApacheSection> VirtualHostsWithOwnHandler(IEnumerable<FrontEnd> frontEnds, ApacheInstance instance)
    {
        var own = new HashSet<ApacheSection>(ReferenceEqualityComparer.Instance);
        foreach (var frontEnd in frontEnds)
        {
            if (IsServerWideHandler(frontEnd) && frontEnd.Details is ApachePass { VirtualHost: { } virtualHost } pass && ReferenceEquals(pass.Instance, instance))
            {
                own.Add(virtualHost);
            }
        }

        return own;
    }
}

/// <summary>
/// A <c>SetHandler "proxy:..."</c>, <c>ProxyPass</c> or <c>ProxyPassMatch</c> that no <c>&lt;IfModule&gt;</c> guards,
/// in a configuration whose every <c>LoadModule</c> is read, while a module it needs is not loaded: mod_proxy, or the
/// module of its scheme (mod_proxy_fcgi for <c>fcgi://</c>). It reaches no back end.
/// </summary>
/// <param name="Modules">The identifiers of the modules missing (<c>proxy_fcgi_module</c>), mod_proxy's first.</param>
/// <param name="Debian">Whether the configuration is Debian's (<c>apache2.conf</c>, <c>a2enmod</c>).</param>
public sealed record UnloadedProxy(ConfigFile File, ApacheDirective Directive, SyntaxToken Token, string Target, IReadOnlyList<string> Modules, bool Debian);

/// <summary>A balancer's definition: a <c>&lt;Proxy "balancer://NAME"&gt;</c> section's argument, or the balancer argument
/// of a <c>BalancerMember</c> written outside one.</summary>
public sealed record ApacheBalancer(string Name, ConfigFile File, SyntaxToken Token, ApacheSection? VirtualHost)
{
    /// <summary>The balancer's <c>ProxySet</c> key=value words (inside its <c>&lt;Proxy&gt;</c>, or naming it), in the order
    /// httpd reads them, each with where it is ("file:line"); a <c>ProxyPass</c> line's own words come after them.</summary>
    public List<(string Key, string Value, string Where)> Settings { get; } = [];
}

/// <summary>
/// A <c>BalancerMember</c>'s <c>status=</c> flags as mod_proxy sets them: set_worker_param reads the value letter by
/// letter, a '+' (the start) setting and a '-' clearing each following flag through ap_proxy_set_wstatus (mod_proxy.h's
/// PROXY_WORKER_*_FLAG: D disabled, S stopped, H hot standby, I ignore errors); several status= words apply in turn.
/// </summary>
internal static class ApacheWorkerStatus
{
    /// <summary>Whether <paramref name="flag"/> is set by the key=value words of <paramref name="words"/> from <paramref name="from"/> on.</summary>
    public static bool Has(IReadOnlyList<string> words, int from, char flag)
    {
        var set = false;
        for (var w = from; w < words.Count; w++)
        {
            var word = words[w];
            if (!word.StartsWith("status=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var on = true;
            for (var i = "status=".Length; i < word.Length; i++)
            {
                if (word[i] is '+' or '-')
                {
                    on = word[i] == '+';
                }
                else if (char.ToUpperInvariant(word[i]) == flag)
                {
                    set = on;
                }
            }
        }

        return set;
    }
}
