using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// Names one directive defines and another uses, as nginx resolves them: log formats (looked up when access_log is
/// read, so defined above it: "unknown log format"), shared zones of limit_req and limit_conn (resolved at the end:
/// "zero size shared memory zone"), cache zones (resolved when levels merge: "zone is unknown"), and the upstream a
/// fastcgi_pass without a port must name ("no port in upstream").
/// </summary>
internal sealed class NginxReferences(Findings findings)
{
    private static readonly string[] CachePrefixes = ["proxy", "fastcgi", "uwsgi", "scgi"];

    // A name is refused twice as written (ngx_strcmp) but found without case (ngx_strcasecmp): "log_format Main" serves
    // "access_log ... main".
    private readonly HashSet<string> _httpFormats = new(StringComparer.Ordinal) { "combined" };
    private readonly HashSet<string> _streamFormats = new(StringComparer.Ordinal);
    private readonly HashSet<string> _httpFormatsFound = new(StringComparer.OrdinalIgnoreCase) { "combined" };
    private readonly HashSet<string> _streamFormatsFound = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<(string Kind, string Name)> _zones = [];
    private readonly Dictionary<(string Scope, string Name), string> _zoneDefinitions = [];
    private readonly List<(string Kind, string Name, NginxDirective Directive, ConfigFile File, string Message)> _uses = [];
    private readonly HashSet<string> _upstreams = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _streamUpstreams = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set once a definition may stand in a file ConfLint did not read (a lone file, an include of a folder not
    /// under the root): from then on a name not found is not judged.</summary>
    public bool Blind { get; set; }

    public void Record(NginxDirective directive, ConfigFile file, NginxContext context)
    {
        var args = directive.Args;
        var stream = context is NginxContext.Stream or NginxContext.StreamServer or NginxContext.StreamUpstream;
        var scope = stream ? "stream:" : "http:";
        switch (directive.Name)
        {
            case "log_format" when args.Count > 0:
                // ngx_http_log_set_format: a name defined before ("combined" is built in to http) is refused.
                if (!(stream ? _streamFormats : _httpFormats).Add(args[0]))
                {
                    findings.Error(file, directive, $"duplicate \"log_format\" name \"{args[0]}\"");
                }

                (stream ? _streamFormatsFound : _httpFormatsFound).Add(args[0]);
                break;
            case "access_log" when stream && args.Count == 1 && args[0] != "off":
                // ngx_stream_log_set_log: a stream log has no default format (http's is "combined").
                findings.Error(file, directive, "log format is not specified");
                break;
            case "access_log" when args.Count >= 2 && args[0] != "off" && !args[1].Contains('$', StringComparison.Ordinal):
                // The second word is the format's name whatever it looks like: "access_log /x buffer=32k" names a format
                // "buffer=32k" (the parameters follow the format).
                if (!Blind && !(stream ? _streamFormatsFound : _httpFormatsFound).Contains(args[1]))
                {
                    findings.Error(file, directive, $"unknown log format \"{args[1]}\"");
                }

                break;
            case "limit_req_zone" or "limit_conn_zone":
                foreach (var arg in args.Where(a => a.StartsWith("zone=", StringComparison.Ordinal)))
                {
                    var colon = arg.IndexOf(':', StringComparison.Ordinal);
                    var zone = colon > 5 ? arg[5..colon] : arg[5..];
                    DefineZone(scope, zone, directive, file, $"{directive.Name} \"{zone}\" is already bound to a key");
                    _zones.Add((scope + directive.Name[..^5], zone));
                }

                break;
            case "zone" when context is NginxContext.Upstream or NginxContext.StreamUpstream && args.Count == 2:
                // Upstreams may share a zone (sizes compared by NginxUpstreams); another module's zone of the name may not.
                DefineZone(scope, args[0], directive, file, null);
                break;
            case "upstream" when args.Count == 1:
                (stream ? _streamUpstreams : _upstreams).Add(args[0]);
                break;
            case "proxy_pass" when context is NginxContext.StreamServer && args.Count == 1 && !args[0].Contains('$', StringComparison.Ordinal)
                && !Host.Endpoint.IsUnixAddress(args[0]) && !args[0].Contains(':', StringComparison.Ordinal)
                && Host.Nginx.NginxUrl.PassProblem("proxy_pass", args[0], stream: true) is null:
                // A stream proxy_pass takes no scheme and no default port: without one it must name a stream upstream
                // (ngx_stream_upstream_init_round_robin: "no port in upstream"), an http upstream of the name does not count.
                _uses.Add(("stream upstream", args[0], directive, file, $"no port in upstream \"{args[0]}\""));
                break;
            case "fastcgi_pass" or "uwsgi_pass" or "scgi_pass" or "memcached_pass" or "grpc_pass" when !stream && args.Count == 1 && !args[0].Contains('$', StringComparison.Ordinal)
                && Host.Nginx.NginxUrl.PassProblem(directive.Name, args[0], stream: false) is null:
                // An address nginx cannot parse is refused as such first ("invalid host in upstream", NginxArgumentCheck).
                // Without a port these need an upstream of that name (ngx_http_upstream_init_main_conf: "no port in upstream").
                // Only the directive's own scheme is taken off (uwsgi://, grpcs://): ngx_parse_url reads what follows
                // "unix:" as a socket's path, so unix:///run/app.sock is a socket, not an upstream's name.
                var host = args[0];
                var socket = Host.Endpoint.IsUnixAddress(host);
                var scheme = socket ? -1 : host.IndexOf("://", StringComparison.Ordinal);
                host = scheme >= 0 ? host[(scheme + 3)..] : host;
                if (!socket && !Host.Endpoint.IsUnixAddress(host) && !host.Contains(':', StringComparison.Ordinal) && !host.Contains('[', StringComparison.Ordinal))
                {
                    _uses.Add(("upstream", host, directive, file, $"no port in upstream \"{host}\""));
                }

                break;
            case "limit_req" when !stream:
                foreach (var arg in args.Where(a => a.StartsWith("zone=", StringComparison.Ordinal) && a.Length > 5))
                {
                    _uses.Add((scope + "limit_req", arg[5..], directive, file, $"zero size shared memory zone \"{arg[5..]}\""));
                }

                break;
            case "limit_conn" when args.Count == 2:
                _uses.Add((scope + "limit_conn", args[0], directive, file, $"zero size shared memory zone \"{args[0]}\""));
                break;
            case var cachePath when cachePath.EndsWith("_cache_path", StringComparison.Ordinal) && IsCachePrefix(cachePath.AsSpan(0, cachePath.Length - "_cache_path".Length)):
                foreach (var arg in args.Where(a => a.StartsWith("keys_zone=", StringComparison.Ordinal)))
                {
                    var colon = arg.IndexOf(':', StringComparison.Ordinal);
                    var zone = colon > 10 ? arg[10..colon] : arg[10..];
                    DefineZone(scope, zone, directive, file, $"duplicate zone \"{zone}\"");
                    _zones.Add((cachePath[..^"_path".Length], zone));
                }

                break;
            case var cache when cache.EndsWith("_cache", StringComparison.Ordinal) && IsCachePrefix(cache.AsSpan(0, cache.Length - "_cache".Length))
                && !stream && args.Count == 1 && args[0] != "off" && !args[0].Contains('$', StringComparison.Ordinal):
                _uses.Add((cache, args[0], directive, file, $"\"{cache}\" zone \"{args[0]}\" is unknown"));
                break;
        }
    }

    /// <summary>
    /// <c>ngx_shared_memory_add</c>: a shared zone name is declared once. A second declaration by the same directive finds
    /// the zone in use ("duplicate zone", "is already bound to key"), by another one "already declared for a different
    /// use"; a different size is "conflicts with already declared size". Each is refused.
    /// </summary>
    private void DefineZone(string scope, string zone, NginxDirective directive, ConfigFile file, string? sameUse)
    {
        if (zone.Length == 0 || zone.Contains('$', StringComparison.Ordinal))
        {
            return;
        }

        if (_zoneDefinitions.TryGetValue((scope, zone), out var first))
        {
            if (first != directive.Name || sameUse is not null)
            {
                findings.Error(file, directive, first == directive.Name ? sameUse! : $"the shared memory zone \"{zone}\" is already declared for a different use");
            }

            return;
        }

        _zoneDefinitions[(scope, zone)] = directive.Name;
    }

    private static bool IsCachePrefix(ReadOnlySpan<char> prefix)
    {
        foreach (var known in CachePrefixes)
        {
            if (prefix.SequenceEqual(known))
            {
                return true;
            }
        }

        return false;
    }

    public void Check()
    {
        foreach (var (kind, name, directive, file, message) in _uses)
        {
            // A name defined in a file that was read is judged, whatever may stand in the files that were not.
            if (kind switch { "upstream" => _upstreams.Contains(name), "stream upstream" => _streamUpstreams.Contains(name), _ => _zones.Contains((kind, name)) })
            {
                continue;
            }

            if (Blind)
            {
                findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: {kind} \"{name}\" not judged: it may be defined in a file ConfLint did not read (a lone file, or an include of a folder not under the root)");
                continue;
            }

            findings.Error(file, directive, message);
        }
    }
}
