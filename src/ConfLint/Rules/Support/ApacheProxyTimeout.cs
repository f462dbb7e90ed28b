using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// How long Apache's mod_proxy waits for a back end (mod_proxy.c, proxy_util.c): the <c>timeout=</c> of the worker that
/// serves the front end (<see cref="ApacheWorkers"/>: set on a <c>ProxyPass</c> line, a <c>&lt;Proxy URL ...&gt;</c> line
/// or by <c>ProxySet</c>), else <c>ProxyTimeout</c> of the virtual host or the server, else <c>Timeout</c> of the virtual
/// host or the server (60 s by default).
/// </summary>
public static class ApacheProxyTimeout
{
    public static readonly Duration DefaultTimeout = Duration.FromSeconds(60);

    /// <summary>The effective timeout and what sets it: the directive or section (null for the default) and, for a worker
    /// parameter, its word.</summary>
    public sealed record Effective(Duration Value, string Name, ApacheItem? Directive, ConfigFile? File, SyntaxToken? Word)
    {
        /// <summary>For a worker's <c>timeout=</c>: the word as written and where ("ProxyPass", "&lt;Proxy fcgi://app/&gt;").</summary>
        public string? Place { get; init; }

        /// <summary>For a main-server handler, the virtual hosts that inherit it and wait this long (empty: the front end's
        /// own server).</summary>
        public IReadOnlyList<Site> Sites { get; init; } = [];
    }

    /// <summary>
    /// Each distinct wait that governs <paramref name="frontEnd"/>'s requests, or null where it is not known (then, where
    /// <paramref name="notes"/> is given, a note says why). mod_proxy_fcgi and mod_proxy_http connect through
    /// <c>ap_proxy_connect_backend</c> (proxy_util.c), which sets the socket's timeout to the worker's <c>timeout=</c>
    /// where it is set, else to <c>ProxyTimeout</c> of the request's server, else to that server's <c>Timeout</c>; and
    /// <c>merge_proxy_config</c> (mod_proxy.c) gives a virtual host the main server's <c>ProxyTimeout</c> only where it sets
    /// none (<c>timeout_set</c>), as httpd gives it the main server's <c>Timeout</c> (<c>ap_fixup_virtual_hosts</c>).
    /// A handler of the main server serves each virtual host that inherits it with that virtual host's own chain
    /// (<see cref="Inheriting"/>), so one wait is given per governing line, with the sites it governs
    /// (<see cref="Effective.Sites"/>); the main server's own chain is judged only where no virtual host inherits the
    /// handler (it then serves the requests no virtual host takes, or there is no virtual host).
    /// </summary>
    public static IReadOnlyList<Effective>? Waits(HostModel host, FrontEnd frontEnd, List<string>? notes = null)
    {
        if (frontEnd.Directive is not ApacheDirective directive || ApacheWorkers.Place(host, directive) is not var (instance, sections))
        {
            return null;
        }

        var worker = ApacheWorkers.Parameter(instance, directive, sections, frontEnd.Target.Text, "timeout");
        if (worker.Unknown is { } why)
        {
            notes?.Add($"{frontEnd.File.DisplayPath}:{directive.Position.Line}: the proxy timeout of {frontEnd.DirectiveName} {frontEnd.Target.Text} was not judged: {why}");
            return null;
        }

        if (worker.Setting is { } setting)
        {
            if (!int.TryParse(setting.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                notes?.Add($"{frontEnd.File.DisplayPath}:{directive.Position.Line}: the proxy timeout of {frontEnd.DirectiveName} {frontEnd.Target.Text} was not judged: {setting.Key}={setting.Value} is not a number of seconds");
                return null;
            }

            return [new Effective(Duration.FromSeconds(seconds), "timeout=", setting.Item, setting.File, setting.Token) { Place = setting.Place }];
        }

        var virtualHost = sections.LastOrDefault(s => s.IsNamed("VirtualHost"));
        if (virtualHost is not null)
        {
            return Chain(instance, virtualHost) is { } own ? [own] : null;
        }

        var inheriting = Inheriting(host, instance, frontEnd, sections);
        if (inheriting.Count == 0)
        {
            return Chain(instance, null) is { } main ? [main] : null;
        }

        var waits = new List<Effective>();
        var byLine = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var byDefault = -1;
        foreach (var site in inheriting)
        {
            if (Chain(instance, site.Section) is not { } wait)
            {
                return null;
            }

            var at = wait.Directive is { } line ? byLine.GetValueOrDefault(line, -1) : byDefault;
            if (at < 0)
            {
                at = waits.Count;
                waits.Add(wait with { Sites = new List<Site>() });
                if (wait.Directive is { } set)
                {
                    byLine[set] = at;
                }
                else
                {
                    byDefault = at;
                }
            }

            ((List<Site>)waits[at].Sites).Add(site);
        }

        if (waits.Count > 1 && (directive.IsNamed("RewriteRule") || sections.Any(s => s.IsNamed("Directory") || s.IsNamed("DirectoryMatch"))))
        {
            // Which virtual hosts run a main-server RewriteRule (RewriteOptions Inherit) or reach a <Directory> (their
            // DocumentRoot and aliases) is not modelled here: with waits that differ among them, which applies is not known.
            notes?.Add($"{frontEnd.File.DisplayPath}:{directive.Position.Line}: the proxy timeout of {frontEnd.DirectiveName} {frontEnd.Target.Text} was not judged: the virtual hosts that may inherit it wait for different times ({string.Join(", ", waits.Select(w => $"{w.Name} {w.Value}"))}), and which of them it serves is not known");
            return null;
        }

        return waits;
    }

    /// <summary>A virtual host that inherits a main-server handler: its section, the file that holds it and its
    /// <c>ServerName</c>, for messages.</summary>
    public sealed record Site(ApacheSection Section, ConfigFile File, string? Name)
    {
        /// <summary>Whether the virtual host redirects every request elsewhere (<see cref="RedirectsAll"/>): no handler runs there.</summary>
        public bool Redirects { get; init; }

        public override string ToString() =>
            $"<VirtualHost {string.Join(' ', Section.Args)}>{(Name is null ? string.Empty : " " + Name)} ({File.DisplayPath}:{Section.Position.Line})";
    }

    /// <summary>The <c>ProxyTimeout</c>, else <c>Timeout</c>, of <paramref name="server"/> (null: the main server), each
    /// the virtual host's own, else the main server's; httpd's default <c>Timeout</c> of 60 s where neither is set.</summary>
    private static Effective? Chain(ApacheInstance instance, ApacheSection? server)
    {
        foreach (var name in (ReadOnlySpan<string>)["ProxyTimeout", "Timeout"])
        {
            if (((server is null ? null : ApacheWorkers.LastSetting(instance, name, server)) ?? ApacheWorkers.LastSetting(instance, name, null)) is var (set, file))
            {
                return int.TryParse(set.Args[0], out var seconds) ? new Effective(Duration.FromSeconds(seconds), name, set, file, set.Arguments[0]) : null;
            }
        }

        return new Effective(DefaultTimeout, "Timeout", null, null, null);
    }

    /// <summary>
    /// The virtual hosts whose requests a main-server handler may serve. httpd merges the main server's configuration into
    /// each virtual host (<c>merge_core_server_configs</c> appends the main server's <c>&lt;Files&gt;</c> sections before the
    /// virtual host's, so the virtual host's own, merged later, wins for the files both cover; <c>merge_proxy_config</c>
    /// appends the main server's <c>ProxyPass</c> lines unless <c>ProxyPassInherit Off</c>). Conservatively, a virtual host
    /// with a <c>SetHandler</c> of its own outside any <c>&lt;Directory&gt;</c>, <c>&lt;Location&gt;</c> or <c>&lt;If&gt;</c>
    /// (<see cref="ApachePass.ServerWide"/>) is taken to handle the same files itself and not to inherit a main-server
    /// <c>SetHandler</c>; one with <c>ProxyPassInherit Off</c> does not inherit a main-server <c>ProxyPass</c>; every other
    /// virtual host inherits. The lists are made once per configuration.
    /// </summary>
    private static IReadOnlyList<Site> Inheriting(HostModel host, ApacheInstance instance, FrontEnd frontEnd, IReadOnlyList<ApacheSection> sections)
    {
        var sites = host.Shared("ApacheProxyTimeout.Sites", instance, static instance => Sites(instance));
        if (sites.All.Count == 0)
        {
            return [];
        }

        if (sites.All.All(s => s.Redirects))
        {
            return [];
        }

        if (frontEnd.DirectiveName.Equals("SetHandler", StringComparison.OrdinalIgnoreCase))
        {
            var own = host.Shared("ApacheProxyTimeout.OwnHandlers", instance, () => ApachePass.VirtualHostsWithOwnHandler(host.FrontEnds, instance));
            return sites.All.Where(s => !s.Redirects && !own.Contains(s.Section)).ToList();
        }

        if (frontEnd.DirectiveName.StartsWith("ProxyPass", StringComparison.OrdinalIgnoreCase))
        {
            return sites.All.Where(s => !s.Redirects && !(((ApacheWorkers.LastSetting(instance, "ProxyPassInherit", s.Section) ?? ApacheWorkers.LastSetting(instance, "ProxyPassInherit", null)) is var (set, _))
                && set.Args[0].Equals("off", StringComparison.OrdinalIgnoreCase))).ToList();
        }

        return sites.All.Where(s => !s.Redirects).ToList();
    }

    private sealed record SiteList(List<Site> All);

    /// <summary>Every <c>&lt;VirtualHost&gt;</c> of a configuration, in the order httpd reads them.</summary>
    private static SiteList Sites(ApacheInstance instance)
    {
        var seen = new Dictionary<ApacheSection, int>(ReferenceEqualityComparer.Instance);
        var all = new List<Site>();
        var redirects = new HashSet<ApacheSection>(ReferenceEqualityComparer.Instance);
        foreach (var (directive, file, sections) in instance.Directives)
        {
            if (sections.LastOrDefault(s => s.IsNamed("VirtualHost")) is not { } virtualHost)
            {
                continue;
            }

            if (!seen.ContainsKey(virtualHost))
            {
                seen[virtualHost] = all.Count;
                var name = ApacheWorkers.LastSetting(instance, "ServerName", virtualHost) is var (set, _) ? set.Args[0] : null;
                all.Add(new Site(virtualHost, file, name));
            }

            if (RedirectsAll(instance, directive, sections, virtualHost))
            {
                redirects.Add(virtualHost);
            }
        }

        return new SiteList(all.Select(s => redirects.Contains(s.Section) ? s with { Redirects = true } : s).ToList());
    }

    /// <summary>
    /// Whether <paramref name="directive"/>, written in <paramref name="virtualHost"/> outside any directory scope, sends
    /// every request of it elsewhere: mod_alias's <c>Redirect [status] / URL</c> (a URL-path of <c>/</c> matches every
    /// request, and the status is not <c>gone</c>) or <c>RedirectMatch [status] PATTERN URL</c> and mod_rewrite's
    /// <c>RewriteRule PATTERN URL [R...]</c> (with <c>RewriteEngine On</c> in the virtual host) whose pattern matches every
    /// path (<c>^</c>, <c>^/?(.*)$</c>, <c>.*</c>...). Both run in the translate-name phase, before any handler, and answer
    /// with the redirect (mod_alias.c, mod_rewrite.c). A <c>RewriteCond</c> before the rule (an ACME challenge left to the
    /// files) is not read: such a virtual host is taken to serve no handler, which can only leave a finding out.
    /// </summary>
    private static bool RedirectsAll(ApacheInstance instance, ApacheDirective directive, IReadOnlyList<ApacheSection> sections, ApacheSection virtualHost)
    {
        for (var i = 0; i < sections.Count; i++)
        {
            if (!ReferenceEquals(sections[i], virtualHost) && !sections[i].Name.StartsWith("If", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        var args = directive.Args;
        if (directive.IsNamed("Redirect"))
        {
            var path = args.Count == 3 ? args[1] : args.Count == 2 ? args[0] : null;
            return path == "/" && !(args.Count == 3 && args[0].Equals("gone", StringComparison.OrdinalIgnoreCase));
        }

        if (directive.IsNamed("RedirectMatch"))
        {
            var pattern = args.Count == 3 ? args[1] : args.Count == 2 ? args[0] : null;
            return pattern is not null && MatchesEverything(pattern);
        }

        if (directive.IsNamed("RewriteRule") && args.Count == 3 && MatchesEverything(args[0])
            && (args[1].StartsWith("http://", StringComparison.OrdinalIgnoreCase) || args[1].StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            && args[2].Trim('[', ']').Split(',').Any(f => f.Equals("R", StringComparison.OrdinalIgnoreCase) || f.StartsWith("R=", StringComparison.OrdinalIgnoreCase) || f.StartsWith("redirect", StringComparison.OrdinalIgnoreCase)))
        {
            return ApacheWorkers.LastSetting(instance, "RewriteEngine", virtualHost) is var (engine, _) && engine.Args[0].Equals("on", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    /// <summary>Whether a regular expression matches every URL-path: nothing but an anchor and a match of anything.</summary>
    private static bool MatchesEverything(string pattern) =>
        pattern is "^" or "^/" or ".*" or "(.*)" or "^(.*)" or "^(.*)$" or "^.*$" or "^/?(.*)$" or "^/(.*)$" or "^/(.*)" or "^/?(.*)" or "/(.*)" or "^/.*$" or "^/.*" or "/";

    /// <summary>Raise the timeout to <paramref name="seconds"/>: the worker's <c>timeout=</c> (on its ProxyPass line, its
    /// <c>&lt;Proxy&gt;</c> line or its ProxySet) or <c>ProxyTimeout</c> where one is written; otherwise a new <c>ProxyTimeout</c> (which leaves the clients' <c>Timeout</c> alone) in the
    /// virtual host, or at the server level, just before the section that holds the front end.</summary>
    public static FileEdit Raise(FrontEnd frontEnd, Effective effective, long seconds)
    {
        if (effective is { Name: "timeout=", Word: { } word, File: { } file })
        {
            // The worker's own value is the one used: a ProxyTimeout would change nothing.
            return Edits.ReplaceToken(file, word, $"{word.Value[..word.Value.IndexOf('=', StringComparison.Ordinal)]}={seconds}");
        }

        if (effective is { Name: "ProxyTimeout", Word: { } value, File: { } timeoutFile })
        {
            return Edits.ReplaceToken(timeoutFile, value, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var directive = (ApacheDirective)frontEnd.Directive;
        ApacheItem anchor = directive;
        // Before the outermost section around the handler that ProxyTimeout may not stand in (<FilesMatch>, <Location>),
        // but inside the conditions around it: a line put above Debian's <IfModule proxy_fcgi_module> would stop Apache
        // from starting once mod_proxy is disabled.
        for (var section = directive.ParentSection; section is not null && !section.IsNamed("VirtualHost") && !IsCondition(section); section = section.ParentSection)
        {
            anchor = section;
        }

        return Edits.InsertLinesBefore(frontEnd.File, anchor, [$"ProxyTimeout {seconds}"]);
    }

    private static bool IsCondition(ApacheSection section) =>
        section.IsNamed("IfModule") || section.IsNamed("IfDefine") || section.IsNamed("IfVersion") || section.IsNamed("IfFile") || section.IsNamed("IfDirective");
}
