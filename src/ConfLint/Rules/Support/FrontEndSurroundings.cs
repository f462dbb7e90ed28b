using ConfLint.Host;
using ConfLint.Host.Haproxy;
using ConfLint.Host.Nginx;
using ConfLint.Syntax.Apache;

namespace ConfLint.Rules.Support;

/// <summary>
/// What stands around a front end in its server block, for rules that weigh evidence: the names it goes by (the
/// upstream's name, <c>server_name</c>, <c>ServerName</c>/<c>ServerAlias</c>, HAProxy's backend, server and frontend names), the folders it serves (<c>root</c>,
/// <c>alias</c>, <c>DocumentRoot</c>, <c>Alias</c>), and the patterns of the locations or sections it stands in.
/// </summary>
public static class FrontEndSurroundings
{
    /// <summary>The upstream's name and the server's names.</summary>
    public static IReadOnlyList<string> Names(FrontEnd frontEnd)
    {
        var names = new List<string>();
        if (frontEnd.Details is NginxPass pass)
        {
            if (pass.Upstream is { } upstream)
            {
                names.Add(upstream.Name);
            }

            names.AddRange(ServerSettings(pass, "server_name").SelectMany(d => d));
        }
        else if (frontEnd.Details is HaproxyPass haproxy)
        {
            // The backend's name, the server's, and the frontends that route to the backend.
            names.AddRange(new[] { haproxy.Proxy.Name, haproxy.Server.Name }.OfType<string>());
            names.AddRange(haproxy.Instance.Proxies.Where(p => p.IsFrontend && p.Name is not null && haproxy.Routes.Any(r => p.Section.Lines.Contains(r.Line) || p.Section.Header == r.Line)).Select(p => p.Name!));
        }
        else
        {
            names.AddRange(VirtualHostSettings(frontEnd, "ServerName", "ServerAlias"));
        }

        return names.Where(n => n.Length > 0 && n != "_").ToList();
    }

    /// <summary>The folders the server block serves files from; for a HAProxy FastCGI server, its fcgi-app's <c>docroot</c>
    /// (the root of the <c>SCRIPT_FILENAME</c>s it sends).</summary>
    public static IReadOnlyList<string> Folders(FrontEnd frontEnd) => frontEnd.Details switch
    {
        NginxPass pass => ServerSettings(pass, "root", "alias").Select(args => args.FirstOrDefault() ?? string.Empty).Where(p => p.StartsWith('/')).ToList(),
        HaproxyPass haproxy => FcgiApp(frontEnd, haproxy)?.Docroot is { } docroot && docroot.StartsWith('/') ? [docroot] : [],
        _ => VirtualHostSettings(frontEnd, "DocumentRoot", "Alias").Where(p => p.StartsWith('/')).ToList(),
    };

    /// <summary>
    /// The folders an nginx FastCGI pass names to its back end in the <c>SCRIPT_FILENAME</c> and <c>DOCUMENT_ROOT</c> it
    /// sends (the last <c>fastcgi_param</c> of each in effect, as PHP keeps it): the written part before the first variable,
    /// where it is an absolute path (<c>/htdocs$fastcgi_script_name</c> names <c>/htdocs</c>; <c>$document_root...</c> names
    /// none). A chrooted PHP-FPM child opens them inside its chroot, any other as paths of the host.
    /// </summary>
    public static IReadOnlyList<string> ScriptFolders(FrontEnd frontEnd)
    {
        if (frontEnd.Protocol != BackendProtocol.FastCgi || frontEnd.Details is not NginxPass pass
            || NginxListEdits.Effective(pass.Scope, "fastcgi_param") is not var (_, entries))
        {
            return [];
        }

        var folders = new List<string>();
        foreach (var parameter in new[] { "SCRIPT_FILENAME", "DOCUMENT_ROOT" })
        {
            var value = entries.LastOrDefault(e => e.Directive.Args.Count >= 2 && e.Directive.Args[0] == parameter).Directive?.Args[1];
            if (value is null || !value.StartsWith('/'))
            {
                continue;
            }

            var variable = value.IndexOf('$');
            var written = variable >= 0 ? value[..variable] : value;
            // A script's own name (no variable: one file for every request) stands in its folder, and so does a written
            // part that a variable other than the script's name (which starts with /) carries on within one name.
            var whole = variable < 0 ? parameter == "DOCUMENT_ROOT"
                : written.EndsWith('/') || value.AsSpan(variable).StartsWith("$fastcgi_script_name") || value.AsSpan(variable).StartsWith("$uri");
            var folder = whole ? written : written[..Math.Max(written.LastIndexOf('/'), 0)];
            folder = folder.TrimEnd('/');
            if (folder.Length > 0 && !folders.Contains(folder))
            {
                folders.Add(folder);
            }
        }

        return folders;
    }

    /// <summary>The patterns of the nginx locations, or Apache sections and <c>ProxyPassMatch</c>, the front end stands in;
    /// for a HAProxy server, the <c>index</c> and <c>path-info</c> of the fcgi-app its backend uses (a <c>proto fcgi</c>
    /// server only: HAProxy speaks FastCGI to no other) and the path patterns of the <c>use_backend</c> conditions that
    /// route to the backend (<see cref="HaproxyRouteConditions"/>).</summary>
    public static IReadOnlyList<string> Patterns(FrontEnd frontEnd)
    {
        var patterns = new List<string>();
        if (frontEnd.Details is NginxPass { Scope: var scope })
        {
            for (var level = scope; level is not null; level = level.Parent)
            {
                if (level.Directive is { Name: "location" } location)
                {
                    patterns.Add(string.Join(' ', location.Args));
                }
            }
        }
        else if (frontEnd.Details is HaproxyPass haproxy)
        {
            if (FcgiApp(frontEnd, haproxy) is { } app)
            {
                patterns.AddRange(new[] { app.Index, app.PathInfo }.OfType<string>());
            }

            patterns.AddRange(HaproxyRouteConditions.PathPatterns(haproxy));
        }
        else if (frontEnd.Directive is ApacheDirective directive)
        {
            patterns.AddRange(directive.Args.Take(1));
            for (var section = directive.ParentSection; section is not null; section = section.ParentSection)
            {
                patterns.Add(string.Join(' ', section.Args));
            }
        }

        return patterns;
    }

    /// <summary>The fcgi-app a HAProxy server speaks FastCGI by: its backend's <c>use-fcgi-app</c>, for a <c>proto fcgi</c>
    /// server.</summary>
    private static HaproxyFcgiApp? FcgiApp(FrontEnd frontEnd, HaproxyPass haproxy) =>
        frontEnd.Protocol == BackendProtocol.FastCgi ? haproxy.Proxy.FcgiApp : null;

    /// <summary>Whether an Apache front end stands outside every virtual host of a configuration whose virtual hosts each
    /// have a front end of their own: a server-wide handler then only serves what none of them handles. Where a virtual
    /// host has none, the server-wide one serves it: httpd merges the main server's sections into every virtual host
    /// (Debian's <c>a2enconf php8.2-fpm</c> is the PHP handler of every site that sets none).</summary>
    public static bool IsServerWideFallback(HostModel host, FrontEnd frontEnd)
    {
        if (frontEnd.Directive is not ApacheDirective directive
            || host.Apache.FirstOrDefault(a => a.Directives.Any(d => ReferenceEquals(d.Directive, directive))) is not { } instance)
        {
            return false;
        }

        var sections = instance.Directives.First(d => ReferenceEquals(d.Directive, directive)).Sections;
        return !sections.Any(s => s.IsNamed("VirtualHost"))
            && host.Shared("FrontEndSurroundings.VirtualHostsWithoutHandler", instance, () => VirtualHostsWithoutHandler(host, instance)) is { Count: 0 };
    }

    /// <summary>The virtual hosts of an Apache instance that hold no front end of their own, null where it has none at all
    /// (worked out once per instance: CL008 asks for each front end that reaches a pool).</summary>
    private static HashSet<object>? VirtualHostsWithoutHandler(HostModel host, Host.Apache.ApacheInstance instance)
    {
        var virtualHosts = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var placed in instance.Directives)
        {
            foreach (var section in placed.Sections.Where(s => s.IsNamed("VirtualHost")))
            {
                virtualHosts.Add(section);
            }
        }

        if (virtualHosts.Count == 0)
        {
            return null;
        }

        var frontEndDirectives = new HashSet<object>(host.FrontEnds.Select(f => f.Directive), ReferenceEqualityComparer.Instance);
        foreach (var placed in instance.Directives.Where(d => frontEndDirectives.Contains(d.Directive)))
        {
            foreach (var section in placed.Sections.Where(s => s.IsNamed("VirtualHost")))
            {
                virtualHosts.Remove(section);
            }
        }

        return virtualHosts;
    }

    private static IEnumerable<IReadOnlyList<string>> ServerSettings(NginxPass pass, params string[] names)
    {
        var server = pass.Scope.Server;
        if (server is null)
        {
            yield break;
        }

        foreach (var level in server.SelfAndDescendants())
        {
            foreach (var (directive, _) in level.Settings)
            {
                if (names.Contains(directive.Name))
                {
                    yield return directive.Args;
                }
            }
        }
    }

    /// <summary>The values of directives in the virtual host (or, outside one, the file) around an Apache front end.</summary>
    private static IEnumerable<string> VirtualHostSettings(FrontEnd frontEnd, params string[] names)
    {
        if (frontEnd.Directive is not ApacheDirective directive)
        {
            yield break;
        }

        var section = directive.ParentSection;
        while (section is not null && !section.IsNamed("VirtualHost"))
        {
            section = section.ParentSection;
        }

        IEnumerable<ApacheItem> items = section?.DescendantItems() ?? (frontEnd.File.Tree?.Root as ApacheConfigFile)?.DescendantItems() ?? [];
        foreach (var item in items)
        {
            if (item is ApacheDirective found && names.Any(found.IsNamed))
            {
                foreach (var arg in found.IsNamed("Alias") ? found.Args.Skip(1) : found.Args)
                {
                    yield return arg.Trim('"');
                }
            }
        }
    }
}
