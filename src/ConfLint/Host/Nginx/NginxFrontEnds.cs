using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Host.Nginx;

/// <summary>Turns each nginx <c>*_pass</c> into a <see cref="FrontEnd"/>: its target resolved through
/// <c>upstream</c> blocks, and the workers' user.</summary>
internal static class NginxFrontEnds
{
    public static void Add(HostModel model, NginxInstance instance)
    {
        var web = WebUser(model, instance);
        // A target read once per spelling: an upstream's servers were read again for each of the passes that use it,
        // and a shared socket's address for each of its thousands of locations (a ProxyTarget is immutable).
        var parsed = new Dictionary<string, ProxyTarget>(StringComparer.Ordinal);
        ProxyTarget Parse(string text)
        {
            if (!parsed.TryGetValue(text, out var target))
            {
                parsed[text] = target = ProxyTarget.ParseNginx(text);
            }

            return target;
        }

        foreach (var (directive, file, scope) in instance.Passes)
        {
            if (directive.Arguments.Count == 0)
            {
                continue;
            }

            // An address nginx refuses to parse (CL000 says so in its words) stops nginx at start: no back end is
            // reached through it, so it is no front end to judge ('fastcgi_pass unixx:/run/php.sock' names no host 'unixx').
            if (NginxUrl.PassProblem(directive.Name, directive.Args[0], scope.Context == Knowledge.NginxContext.StreamServer) is not null)
            {
                continue;
            }

            var token = directive.Arguments[0];
            var target = Parse(directive.Args[0]);

            // An upstream block answers only to its bare name: with a port nginx makes an implicit upstream.
            NginxUpstream? upstream = null;
            if (target.Name is { } name && !target.PortWritten)
            {
                instance.UpstreamsFor(scope).TryGetValue(name, out upstream);
            }

            if (upstream is null && DefaultPortTarget(instance, directive.Name, target) is { } withDefault)
            {
                target = withDefault;
            }

            var targets = new List<EndpointSite>();
            if (upstream is not null)
            {
                foreach (var (server, serverFile) in upstream.Servers)
                {
                    // A 'down' server is never chosen (ngx_http_upstream_round_robin.c skips a peer whose 'down' is set,
                    // and the hash and least_conn balancers do the same): nginx never connects there, so it is no target.
                    // A 'backup' server is tried only when every primary server is unavailable (the round robin's
                    // peers->next list): marked, so that the rules judge it with the group.
                    if (HasParameter(server, "down"))
                    {
                        continue;
                    }

                    if (server.Arguments.Count > 0 && NginxUrl.Problem(server.Args[0], uriPart: false) is null && Parse(server.Args[0]) is var address
                        && UpstreamServer(address, stream: scope.Context == Knowledge.NginxContext.StreamServer) is { } endpoint)
                    {
                        targets.Add(Site(endpoint, serverFile, server, server.Arguments[0], address, directive.Name) with { Backup = HasParameter(server, "backup") });
                    }
                }
            }
            else if (target.Endpoint is { Kind: EndpointKind.Unix or EndpointKind.Tcp } endpoint)
            {
                targets.Add(Site(endpoint, file, directive, token, target, directive.Name));
            }
            else if (target.HostVariable is { } variable && instance.ConstantMaps.TryGetValue("$" + variable, out var constant)
                && NginxVariables.Written(target, variable, constant.Value) is { Endpoint: { } resolved } written)
            {
                // A map that gives one value whatever the key (map $host $fpm { default unix:/run/php/x.sock; }): nginx
                // connects there for every request, as if it were written out; the rules judge that back end.
                targets.Add(Site(resolved, file, directive, token, written, directive.Name) with
                {
                    Resolution = $"${variable} is {constant.Value} here (every entry of its 'map' gives it; the first at {constant.File.DisplayPath}:{constant.Entry.Position.Line})",
                    Through = (constant.Entry, constant.File, constant.Entry.Arguments[^1], variable),
                });
            }

            model.FrontEnds.Add(new FrontEnd(ConfigKind.Nginx, file, directive, directive.Name, token, target, Protocol(directive.Name), web)
            {
                Targets = targets,
                Details = new NginxPass(instance, scope, upstream),
            });
        }
    }

    /// <summary>Whether an upstream's <c>server</c> line carries the flag (<c>down</c>, <c>backup</c>) after its address.</summary>
    private static bool HasParameter(NginxDirective server, string flag)
    {
        for (var i = 1; i < server.Args.Count; i++)
        {
            if (string.Equals(server.Args[i], flag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static EndpointSite Site(Endpoint endpoint, ConfigFile file, NginxDirective directive, SyntaxToken token, ProxyTarget target, string pass) =>
        new(endpoint, file, token.Location, directive) { Token = token, Target = target, Protocol = Protocol(pass) };

    /// <summary>An upstream's <c>server</c> address: <c>unix:/path</c> or <c>host[:port]</c>. In an http upstream a host
    /// without a port is port 80 (ngx_http_upstream.c, <c>ngx_http_upstream_server</c>: <c>u.default_port = 80</c>); a
    /// stream upstream has no default (<c>ngx_stream_upstream_server</c>: "no port in upstream", CL000's).</summary>
    private static Endpoint? UpstreamServer(ProxyTarget target, bool stream)
    {
        if (target.Endpoint is { Kind: EndpointKind.Unix or EndpointKind.Tcp } endpoint)
        {
            return endpoint;
        }

        if (target.Name is not { } name || target.HasVariable || target.PortWritten)
        {
            return null;
        }

        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? Endpoint.Tcp("127.0.0.1", 80)
            : stream ? null : Endpoint.Tcp(name, 80);
    }

    /// <summary>
    /// A <c>proxy_pass</c> to a host name without a port that no <c>upstream</c> block has: nginx makes an implicit
    /// upstream of the name with the scheme's default port, 80 for <c>http://</c> and 443 for <c>https://</c>
    /// (ngx_http_proxy_module.c, <c>ngx_http_proxy_pass</c>: <c>u.default_port = 80</c>, or 443 after "https://";
    /// ngx_inet.c, <c>ngx_parse_inet_url</c>: no port gives <c>u->port = u->default_port</c>;
    /// ngx_http_upstream_round_robin.c resolves the implicit upstream's host with that port at start). A name an
    /// <c>upstream</c> block has wins (<c>ngx_http_upstream_add</c> matches the bare name), so only where every
    /// definition is read (<see cref="NginxInstance.SeesAllDefinitions"/>). The other passes have no default port
    /// (<c>fastcgi_pass</c>, <c>uwsgi_pass</c>, <c>scgi_pass</c>, <c>grpc_pass</c>, <c>memcached_pass</c>: nginx -t
    /// fails with "no port in upstream", CL015's), so they keep no endpoint. Null when nothing changes.
    /// </summary>
    internal static ProxyTarget? DefaultPortTarget(NginxInstance instance, string pass, ProxyTarget target)
    {
        if (pass != "proxy_pass" || target is not { Name: { } name, PortWritten: false, HasVariable: false, Endpoint: null, Scheme: "http" or "https" }
            || !instance.SeesAllDefinitions)
        {
            return null;
        }

        return target with { Endpoint = Endpoint.Tcp(name, target.Scheme == "https" ? 443 : 80) };
    }

    /// <summary>nginx's <c>user USER [GROUP]</c> in the main context; without it nginx's compiled-in default
    /// (host.web-user from .conflint.yml; in a container, its image's build, <see cref="Compose.ImageUsers"/>; on the host,
    /// the installed package's build user, <see cref="NginxBuildUser"/>; where the root does not show the build, nobody,
    /// marked <see cref="WebIdentity.BuildUnknown"/>). A group left out is the user's name.</summary>
    private static WebIdentity WebUser(HostModel model, NginxInstance instance)
    {
        if (instance.Main.Own("user") is var (directive, file) && directive.Args.Count > 0)
        {
            var group = directive.Args.Count > 1 ? directive.Args[1] : directive.Args[0];
            return new WebIdentity(directive.Args[0], group, "nginx 'user' directive", file, directive);
        }

        if (model.Config.WebUser is { } configured)
        {
            return new WebIdentity(configured, configured, "host.web-user in .conflint.yml");
        }

        if (Compose.ImageUsers.OfMountedFile(instance.MainFile, "nginx", "/etc/nginx/nginx.conf") is { } image)
        {
            return image;
        }

        // nginx in a container runs its image's build, not the host's package: the host's files say nothing of it.
        if (instance.MainFile.Container is not null)
        {
            return Compose.ImageUsers.OfBuild(instance.MainFile, "nginx", out var whyNot)
                ?? Default(model, $"nginx runs in {whyNot}");
        }

        return NginxBuildUser.Of(model) is { User: { } user, Group: { } builtGroup, Why: var why }
            ? new WebIdentity(user, builtGroup, why)
            : Default(model, NginxBuildUser.Of(model).Why);
    }

    /// <summary>nginx's own default (a build without --user), where the root does not show which build runs.</summary>
    private static WebIdentity Default(HostModel model, string why) =>
        new("nobody", model.Accounts.PrimaryGroup("nobody") ?? "nogroup", "nginx's default (no 'user' directive)", BuildUnknown: true, BuildUnknownWhy: why);

    private static BackendProtocol Protocol(string directive) => directive switch
    {
        "fastcgi_pass" => BackendProtocol.FastCgi,
        "proxy_pass" => BackendProtocol.Http,
        "uwsgi_pass" => BackendProtocol.Uwsgi,
        "scgi_pass" => BackendProtocol.Scgi,
        "grpc_pass" => BackendProtocol.Grpc,
        _ => BackendProtocol.Other,
    };
}
