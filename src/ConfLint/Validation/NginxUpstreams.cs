using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// What nginx refuses of upstream blocks taken together: a name defined twice (ngx_http_upstream_add: "duplicate
/// upstream", compared without case), a "backup" server where the balancing method read before it has no backups
/// (hash, ip_hash and random: "balancing method does not support parameter"), an upstream whose servers are all
/// backups (ngx_http_upstream_init_round_robin: "no servers in upstream"), and shared zones named without a size that
/// no other upstream sizes ("zero size shared memory zone"), or sized twice differently. A <c>server ... resolve</c>
/// (nginx 1.27.3 and later: ngx_http_upstream_init_round_robin, and the stream module's equivalent) needs the upstream in
/// shared memory ("resolving names at run time requires upstream ... to be in shared memory") and a resolver with servers,
/// the upstream's own <c>resolver</c> or else the one of the <c>http</c> (<c>stream</c>) level, the only one the upstream
/// inherits ("no resolver defined to resolve names at run time in upstream"); judged only where the release is known to
/// take <c>resolve</c> and no unread include may set either.
/// </summary>
internal static class NginxUpstreams
{
    public static void Check(List<(NginxDirective Upstream, ConfigFile File, NginxLevel Level)> upstreams, Findings findings, bool blind, NginxEnvironment? environment = null)
    {
        var names = new HashSet<(bool, string)>();
        var zones = new Dictionary<(bool Stream, string Name), long>();
        var unsized = new List<(bool Stream, string Name, NginxDirective Directive, ConfigFile File)>();
        foreach (var (upstream, file, level) in upstreams)
        {
            var stream = level.Context == NginxContext.StreamUpstream;
            if (upstream.Args is [var name] && !name.Contains('$', StringComparison.Ordinal) && !names.Add((stream, name.ToLowerInvariant())))
            {
                findings.Error(file, upstream, $"duplicate upstream \"{name}\"");
            }

            var backupAllowed = true;
            var servers = 0;
            var backups = 0;
            foreach (var (child, childFile) in level.Children)
            {
                switch (child.Name)
                {
                    case "hash" or "ip_hash" or "random":
                        backupAllowed = false;
                        break;
                    case "least_conn" or "least_time":
                        backupAllowed = true;
                        break;
                    case "server" when child.Args.Count > 1:
                        servers++;
                        if (child.Args.Skip(1).Contains("backup"))
                        {
                            backups++;
                            if (!backupAllowed)
                            {
                                findings.Error(childFile, child, "balancing method does not support parameter \"backup\"");
                            }
                        }

                        break;
                    case "server":
                        servers++;
                        break;
                    case "zone" when child.Args.Count == 2 && NginxValues.TryParseSize(child.Args[1], out var size) && size >= 8 * 4096:
                        if (zones.TryGetValue((stream, child.Args[0]), out var declared) && declared != size)
                        {
                            findings.Error(childFile, child, $"the size {size} of shared memory zone \"{child.Args[0]}\" conflicts with already declared size {declared}");
                        }

                        zones.TryAdd((stream, child.Args[0]), size);
                        break;
                    case "zone" when child.Args.Count == 1 && !child.Args[0].Contains('$', StringComparison.Ordinal):
                        unsized.Add((stream, child.Args[0], child, childFile));
                        break;
                }
            }

            if (!level.Unseen && servers > 0 && servers == backups && upstream.Args is [var upstreamName])
            {
                findings.Error(file, upstream, $"no servers in upstream \"{upstreamName}\"");
            }

            RunTimeResolution(upstream, file, level, findings, environment);
        }

        foreach (var (stream, name, directive, file) in unsized)
        {
            if (blind)
            {
                findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: zone \"{name}\" without a size not judged: another upstream in a file ConfLint did not read may size it");
            }
            else if (!zones.ContainsKey((stream, name)))
            {
                findings.Error(file, directive, $"zero size shared memory zone \"{name}\"");
            }
        }
    }

    /// <summary>A <c>resolve</c> server without the upstream in shared memory, or without a resolver in effect for it. Every
    /// release refuses both: 1.27.3 and later (and nginx Plus) with these words, an earlier open-source one already at the
    /// parameter (<c>invalid parameter "resolve"</c>, said by the parameter check where the release is known). So where the
    /// release is not known the finding stands, its words saying both. An include ConfLint cannot read in the upstream
    /// may hold the <c>zone</c>; one there or at the http (stream) level may hold the resolver: then it is not judged.</summary>
    private static void RunTimeResolution(NginxDirective upstream, ConfigFile file, NginxLevel level, Findings findings, NginxEnvironment? environment)
    {
        if ((environment is { VersionKnown: true } && environment.Version < new NginxVersion(1, 27, 3)) || upstream.Args is not [var name]
            || level.Unseen || !level.Children.Any(c => c.Directive.Name == "server" && c.Directive.Args.Skip(1).Contains("resolve")))
        {
            return;
        }

        var at = $"{file.DaemonPath}:{upstream.Position.Line}";
        var release = environment is { VersionKnown: true } ? string.Empty : " (nginx 1.27.3 or later; an earlier release refuses the parameter \"resolve\" itself)";
        if (!level.Children.Any(c => c.Directive.Name == "zone"))
        {
            findings.Error(file, upstream, $"resolving names at run time requires upstream \"{name}\" in {at} to be in shared memory{release}");
        }
        else if (level.Parent is not { Unseen: true } && !level.Children.Any(c => c.Directive.Name == "resolver") && level.Parent?.Children.Any(c => c.Directive.Name == "resolver") != true)
        {
            findings.Error(file, upstream, $"no resolver defined to resolve names at run time in upstream \"{name}\" in {at}{release}");
        }
    }
}
