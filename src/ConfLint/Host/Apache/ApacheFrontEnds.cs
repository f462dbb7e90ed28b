using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Host.Apache;

/// <summary>
/// Apache's proxy directives as front ends: <c>ProxyPass [PATH] URL</c> (no PATH inside <c>&lt;Location&gt;</c>),
/// <c>ProxyPassMatch REGEX URL</c>, <c>SetHandler "proxy:..."</c>, <c>RewriteRule PATTERN URL [P]</c> where it is in
/// effect and its address is written out (<see cref="ApacheRewriteProxies"/>), and the <c>BalancerMember</c>s of a
/// <c>&lt;Proxy balancer://NAME&gt;</c> that one of them names; not a <c>SetHandler</c> that a later one overrides for
/// every file it matches (<see cref="ApacheHandlerOverrides"/>): only a --verbose note. The workers' user is <c>User</c>/<c>Group</c>
/// with <c>${APACHE_RUN_USER}</c> from envvars.
/// </summary>
internal static class ApacheFrontEnds
{
    public static void Add(HostModel model, ApacheInstance instance)
    {
        var web = WebUser(model, instance);
        // Balancers by scope (the <VirtualHost> they are defined in, null for the main server) and whole name, with their
        // members: a <Proxy balancer://NAME> section, or BalancerMember balancer://NAME URL outside one.
        var definitions = new List<ApacheBalancer>();
        var members = new List<(ApacheBalancer Balancer, ApacheEntry Member, int Url)>();
        ApacheBalancer Define(string name, ConfigFile file, SyntaxToken token, ApacheSection? host)
        {
            var found = definitions.FirstOrDefault(d => ReferenceEquals(d.VirtualHost, host) && string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
            if (found is null)
            {
                found = new ApacheBalancer(name, file, token, host);
                definitions.Add(found);
            }

            return found;
        }

        foreach (var opened in instance.Sections)
        {
            var (section, file, around, _) = opened;
            if (section.IsNamed("Proxy") && section.Args.Count > 0 && BalancerName(opened.Expand(section.Args[0])) is { } name)
            {
                Define(name, file, section.Arguments[0], VirtualHostOf(around));
            }
        }

        foreach (var entry in instance.Directives)
        {
            var (directive, file, sections) = entry;
            if (directive.IsNamed("BalancerMember") && directive.Args.Count >= 1)
            {
                var proxy = sections.LastOrDefault(s => s.IsNamed("Proxy"));
                var host = VirtualHostOf(sections);
                if (proxy is { Args.Count: > 0 } && BalancerName(entry.Expand(proxy.Args[0])) is { } name)
                {
                    members.Add((Define(name, file, proxy.Arguments[0], host), entry, 0));
                }
                else if (proxy is null && directive.Args.Count >= 2 && BalancerName(entry.Expand(directive.Args[0])) is { } outside)
                {
                    // mod_proxy's add_member: outside <Proxy> the first argument names the balancer.
                    members.Add((Define(outside, file, directive.Arguments[0], host), entry, 1));
                }
            }
            else if (directive.IsNamed("ProxySet") && directive.Args.Count >= 1)
            {
                // ProxySet inside <Proxy balancer://NAME>, or ProxySet balancer://NAME key=value outside one: the
                // balancer's nofailover, stickysession, maxattempts (mod_proxy's set_proxy_param).
                var proxy = sections.LastOrDefault(s => s.IsNamed("Proxy"));
                var host = VirtualHostOf(sections);
                ApacheBalancer? balancer = null;
                var from = 0;
                if (proxy is { Args.Count: > 0 } && BalancerName(entry.Expand(proxy.Args[0])) is { } name)
                {
                    balancer = Define(name, file, proxy.Arguments[0], host);
                }
                else if (proxy is null && BalancerName(entry.Expand(directive.Args[0])) is { } outside)
                {
                    balancer = Define(outside, file, directive.Arguments[0], host);
                    from = 1;
                }

                for (var a = from; balancer is not null && a < directive.Args.Count; a++)
                {
                    if (directive.Args[a].IndexOf('=', StringComparison.Ordinal) is > 0 and var equals)
                    {
                        balancer.Settings.Add((directive.Args[a][..equals].ToLowerInvariant(), directive.Args[a][(equals + 1)..], $"{file.DisplayPath}:{directive.Position.Line}"));
                    }
                }
            }
        }

        var overridden = ApacheHandlerOverrides.Find(instance);
        for (var at = 0; at < instance.Directives.Count; at++)
        {
            var entry = instance.Directives[at];
            var (directive, file, sections) = entry;
            SyntaxToken? token = null;
            (SyntaxToken Token, ProxyTarget Target)? rewritten = null;
            if (directive.IsNamed("ProxyPass") || directive.IsNamed("ProxyPassMatch"))
            {
                var inLocation = sections.Any(s => s.IsNamed("Location") || s.IsNamed("LocationMatch"));
                var index = inLocation && directive.IsNamed("ProxyPass") ? 0 : 1;
                if (directive.Arguments.Count > index && directive.Args[index] != "!")
                {
                    token = directive.Arguments[index];
                }
            }
            else if (directive.IsNamed("SetHandler") && directive.Args.Count >= 1 && directive.Args[0].StartsWith("proxy:", StringComparison.OrdinalIgnoreCase))
            {
                if (overridden.TryGetValue(at, out var later))
                {
                    // httpd merges the later section's SetHandler over this one for every file it matches: no request
                    // reaches this handler's address (ApacheHandlerOverrides).
                    var (laterDirective, laterFile, _) = later;
                    model.UnjudgedFrontEnds.Add($"{file.DisplayPath}:{directive.Position.Line}:{directive.Position.Column}: SetHandler {directive.Args[0]} was not judged as a proxy: "
                        + $"it is overridden by SetHandler {laterDirective.Args[0]} at {laterFile.DisplayPath}:{laterDirective.Position.Line}:{laterDirective.Position.Column}, "
                        + "which httpd merges after it (sections of one kind in the order they appear) for every file name it matches, so no request reaches it");
                    continue;
                }

                token = directive.Arguments[0];
            }
            else if (directive.IsNamed("RewriteRule"))
            {
                rewritten = ApacheRewriteProxies.Read(instance, entry, model.UnjudgedFrontEnds);
                token = rewritten?.Token;
            }

            if (token is not { } targetToken)
            {
                continue;
            }

            var target = rewritten?.Target ?? ProxyTarget.ParseApache(entry.Expand(targetToken.Value));
            if (rewritten is null && MissingModules(instance, target.Scheme) is { } missing)
            {
                // What httpd does then: without mod_proxy a ProxyPass is an unknown command (CL000) and httpd does not
                // start; a SetHandler "proxy:..." that no module claims leaves the request to the default handler, which
                // sends the file itself (a PHP script's source, 200); mod_proxy without the scheme's module answers 500.
                var where = $"{file.DisplayPath}:{directive.Position.Line}: {directive.Name} {targetToken.Value}";
                if (!directive.IsNamed("SetHandler") && missing[0] == "proxy_module")
                {
                    model.UnjudgedFrontEnds.Add($"{where} was not judged as a proxy: mod_proxy is not loaded, so httpd does not start (\"Invalid command '{directive.Name}'\")");
                    continue;
                }

                if (instance.SeesAllDefinitions)
                {
                    model.UnloadedProxies.Add(new UnloadedProxy(file, directive, targetToken, target.Text, missing, Path.GetFileName(instance.MainFile.DaemonPath) == "apache2.conf"));
                    continue;
                }

                model.UnjudgedFrontEnds.Add($"{where}: no LoadModule of {string.Join(" or ", missing)} is read, but an Include names files the root does not hold, which may load it");
            }

            var targets = new List<EndpointSite>();
            var virtualHost = VirtualHostOf(sections);
            var visible = new Dictionary<string, ApacheBalancer>(StringComparer.OrdinalIgnoreCase);
            var elsewhere = new Dictionary<string, ApacheBalancer>(StringComparer.OrdinalIgnoreCase);
            foreach (var definition in definitions.Where(d => ReferenceEquals(d.VirtualHost, virtualHost)).Concat(definitions.Where(d => d.VirtualHost is null)))
            {
                visible.TryAdd(definition.Name, definition);
            }

            foreach (var definition in definitions.Where(d => !visible.ContainsKey(d.Name)))
            {
                elsewhere.TryAdd(definition.Name, definition);
            }

            if (target.Scheme == "balancer" && target.Name is { } balancer && visible.TryGetValue(balancer, out var defined))
            {
                // The virtual host's own balancer of that name, else the main server's.
                foreach (var (_, placed, url) in members.Where(m => ReferenceEquals(m.Balancer, defined)))
                {
                    var (member, memberFile, _) = placed;
                    // A member with status=+D (disabled) or +S (stopped) takes no request: mod_proxy_balancer's
                    // find_best_worker skips a worker that PROXY_WORKER_IS_USABLE denies, and the failover's forced
                    // recovery (forcerecovery) does not bring back a disabled or stopped one. It is no target. A hot
                    // standby (+H) is taken only when no other worker of its lbset is usable: the group's backup.
                    if (ApacheWorkerStatus.Has(member.Args, url + 1, 'D') || ApacheWorkerStatus.Has(member.Args, url + 1, 'S'))
                    {
                        continue;
                    }

                    if (ProxyTarget.ParseApache(placed.Expand(member.Args[url])) is { Endpoint: { Kind: EndpointKind.Unix or EndpointKind.Tcp } endpoint } address)
                    {
                        targets.Add(new EndpointSite(endpoint, memberFile, member.Arguments[url].Location, member) { Token = member.Arguments[url], Target = address, Protocol = Protocol(address.Scheme), Backup = ApacheWorkerStatus.Has(member.Args, url + 1, 'H') });
                    }
                }
            }
            else if (target.Endpoint is { Kind: EndpointKind.Unix or EndpointKind.Tcp } endpoint)
            {
                targets.Add(new EndpointSite(endpoint, file, targetToken.Location, directive) { Token = targetToken, Target = target, Protocol = Protocol(target.Scheme) });
            }

            model.FrontEnds.Add(new FrontEnd(ConfigKind.Apache, file, directive, directive.Name, targetToken, target, Protocol(target.Scheme), web)
            {
                Targets = targets,
                Details = new ApachePass(instance, virtualHost, visible, elsewhere) { ServerWide = IsServerWide(sections) },
            });
        }
    }

    /// <summary>The modules a proxy directive needs that the configuration does not load, by identifier: mod_proxy's
    /// <c>proxy_module</c>, then the scheme's (<see cref="ApacheRewriteProxies.SchemeModules"/>, any one of them will do:
    /// the first is named); null where all are there or the loaded modules are not known (a lone site file).</summary>
    private static List<string>? MissingModules(ApacheInstance instance, string? scheme)
    {
        if (instance.LoadedModules is null)
        {
            return null;
        }

        var missing = new List<string>(2);
        if (!instance.MayHaveModule("proxy_module"))
        {
            missing.Add("proxy_module");
        }

        if (scheme is not null && ApacheRewriteProxies.SchemeModules.TryGetValue(scheme, out var modules) && !modules.Any(instance.MayHaveModule))
        {
            missing.Add(modules[0]);
        }

        return missing.Count > 0 ? missing : null;
    }

    /// <summary>Whether <paramref name="sections"/> hold no directory scope (<see cref="ApachePass.ServerWide"/>).</summary>
    private static bool IsServerWide(IReadOnlyList<ApacheSection> sections)
    {
        for (var i = 0; i < sections.Count; i++)
        {
            var name = sections[i].Name;
            if (!(name.Equals("Files", StringComparison.OrdinalIgnoreCase) || name.Equals("FilesMatch", StringComparison.OrdinalIgnoreCase)
                || name.Equals("VirtualHost", StringComparison.OrdinalIgnoreCase) || name.StartsWith("If", StringComparison.OrdinalIgnoreCase) && !name.Equals("If", StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>&lt;VirtualHost&gt;</c> among <paramref name="sections"/>, or null in the main server.</summary>
    private static ApacheSection? VirtualHostOf(IReadOnlyList<ApacheSection> sections) => sections.LastOrDefault(s => s.IsNamed("VirtualHost"));

    /// <summary><c>balancer://NAME</c> (no path, trailing slashes dropped) when the value (variables expanded) names a balancer.</summary>
    private static string? BalancerName(string expanded) =>
        ProxyTarget.ParseApache(expanded) is { Scheme: "balancer", Name: { } name } ? name : null;

    private static WebIdentity WebUser(HostModel model, ApacheInstance instance)
    {
        var user = instance.Directives.LastOrDefault(d => d.Sections.Count == 0 && d.Directive.IsNamed("User") && d.Directive.Args.Count > 0);
        var group = instance.Directives.LastOrDefault(d => d.Sections.Count == 0 && d.Directive.IsNamed("Group") && d.Directive.Args.Count > 0);
        if (user.Directive is { } userDirective)
        {
            var name = user.Expand(userDirective.Args[0]);
            var groupName = group.Directive is { } g ? group.Expand(g.Args[0]) : name;
            var via = userDirective.Args[0].Contains("${", StringComparison.Ordinal) ? ", through envvars" : string.Empty;
            return new WebIdentity(name, groupName, $"Apache 'User' directive{via}", user.File, userDirective);
        }

        return model.Config.WebUser is { } configured
            ? new WebIdentity(configured, configured, "host.web-user in .conflint.yml")
            : new WebIdentity("nobody", model.Accounts.PrimaryGroup("nobody") ?? "nogroup", "Apache's default (no 'User' directive)");
    }

    private static BackendProtocol Protocol(string? scheme) => scheme switch
    {
        "fcgi" => BackendProtocol.FastCgi,
        "http" or "https" or "ws" or "wss" or "h2" or "h2c" => BackendProtocol.Http,
        "uwsgi" => BackendProtocol.Uwsgi,
        "scgi" => BackendProtocol.Scgi,
        "ajp" => BackendProtocol.Ajp,
        _ => BackendProtocol.Other,
    };
}
