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

    private readonly HashSet<string> _httpFormats = new(StringComparer.Ordinal) { "combined" };
    private readonly HashSet<string> _streamFormats = new(StringComparer.Ordinal);
    private readonly HashSet<(string Kind, string Name)> _zones = [];
    private readonly List<(string Kind, string Name, NginxDirective Directive, ConfigFile File, string Message)> _uses = [];
    private readonly HashSet<string> _upstreams = new(StringComparer.OrdinalIgnoreCase);

    public void Record(NginxDirective directive, ConfigFile file, NginxContext context)
    {
        var args = directive.Args;
        var stream = context is NginxContext.Stream or NginxContext.StreamServer or NginxContext.StreamUpstream;
        var scope = stream ? "stream" : "http";
        switch (directive.Name)
        {
            case "log_format" when args.Count > 0:
                (stream ? _streamFormats : _httpFormats).Add(args[0]);
                break;
            case "access_log" when args.Count >= 2 && args[0] != "off" && !args[1].Contains('=', StringComparison.Ordinal) && !args[1].Contains('$', StringComparison.Ordinal):
                if (!(stream ? _streamFormats : _httpFormats).Contains(args[1]))
                {
                    findings.Error(file, directive, $"unknown log format \"{args[1]}\"");
                }

                break;
            case "limit_req_zone" or "limit_conn_zone":
                foreach (var arg in args.Where(a => a.StartsWith("zone=", StringComparison.Ordinal)))
                {
                    var colon = arg.IndexOf(':', StringComparison.Ordinal);
                    _zones.Add((scope + ":" + directive.Name[..^5], colon > 5 ? arg[5..colon] : arg[5..]));
                }

                break;
            case "upstream" when !stream && args.Count == 1:
                _upstreams.Add(args[0]);
                break;
            case "fastcgi_pass" or "uwsgi_pass" or "scgi_pass" or "memcached_pass" or "grpc_pass" when !stream && args.Count == 1 && !args[0].Contains('$', StringComparison.Ordinal):
                // Without a port these need an upstream of that name (ngx_http_upstream_init_main_conf: "no port in upstream").
                var host = args[0];
                var scheme = host.IndexOf("://", StringComparison.Ordinal);
                host = scheme >= 0 ? host[(scheme + 3)..] : host;
                if (!host.StartsWith("unix:", StringComparison.Ordinal) && !host.Contains(':', StringComparison.Ordinal) && !host.Contains('[', StringComparison.Ordinal))
                {
                    _uses.Add(("upstream", host, directive, file, $"no port in upstream \"{host}\""));
                }

                break;
            case "limit_req" when !stream:
                foreach (var arg in args.Where(a => a.StartsWith("zone=", StringComparison.Ordinal) && a.Length > 5))
                {
                    _uses.Add((scope + ":limit_req", arg[5..], directive, file, $"zero size shared memory zone \"{arg[5..]}\""));
                }

                break;
            case "limit_conn" when args.Count == 2:
                _uses.Add((scope + ":limit_conn", args[0], directive, file, $"zero size shared memory zone \"{args[0]}\""));
                break;
            default:
                foreach (var prefix in CachePrefixes)
                {
                    if (directive.Name == prefix + "_cache_path")
                    {
                        foreach (var arg in args.Where(a => a.StartsWith("keys_zone=", StringComparison.Ordinal)))
                        {
                            var colon = arg.IndexOf(':', StringComparison.Ordinal);
                            _zones.Add((prefix + "_cache", colon > 10 ? arg[10..colon] : arg[10..]));
                        }
                    }
                    else if (directive.Name == prefix + "_cache" && !stream && args.Count == 1 && args[0] != "off" && !args[0].Contains('$', StringComparison.Ordinal))
                    {
                        _uses.Add((prefix + "_cache", args[0], directive, file, $"\"{prefix}_cache\" zone \"{args[0]}\" is unknown"));
                    }
                }

                break;
        }
    }

    public void Check()
    {
        foreach (var (kind, name, directive, file, message) in _uses)
        {
            if (kind == "upstream" ? !_upstreams.Contains(name) : !_zones.Contains((kind, name)))
            {
                findings.Error(file, directive, message);
            }
        }
    }
}
