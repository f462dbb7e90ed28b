using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Apache;

namespace ConfLint.Rules;

public sealed class CL001BackendEndpointMismatch : Rule
{
    public override string Code => "CL001";

    /// <summary>One unmatched target and what the configuration says about it.</summary>
    private sealed record Verdict(FrontEnd FrontEnd, EndpointSite Target, IReadOnlyList<BackEnd> Candidates, BackEnd? Meant, string? Evidence, string What, bool Proven);

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var host = context.Host;
        var verdicts = new List<Verdict>();
        foreach (var frontEnd in host.FrontEnds)
        {
            foreach (var target in frontEnd.Targets)
            {
                if (target.Endpoint.IsLocal && host.Providers(target.Endpoint).Count == 0
                    && (frontEnd.Protocol == BackendProtocol.FastCgi ? JudgeFastCgi(context, frontEnd, target) : JudgeOther(context, frontEnd, target)) is { } verdict)
                {
                    verdicts.Add(verdict);
                }
            }
        }

        // One back end is never the answer to two different addresses: then neither fix is certain.
        var shared = verdicts.Where(v => v.Meant is not null)
            .GroupBy(v => v.Meant!)
            .Where(g => g.Select(v => v.Target.Endpoint.Describe()).Distinct().Count() > 1)
            .SelectMany(g => g)
            .ToHashSet();
        foreach (var verdict in verdicts)
        {
            yield return Report(host, verdict, certain: verdict.Meant is not null && !shared.Contains(verdict));
        }
    }

    /// <summary>A FastCGI target is judged when it is PHP's (its address or location names PHP) and every PHP-FPM of the
    /// host is known: then the pools are all there is.</summary>
    private static Verdict? JudgeFastCgi(RuleContext context, FrontEnd frontEnd, EndpointSite target)
    {
        var host = context.Host;
        var pools = host.BackEndsOf<FpmPool>().Where(p => p.Listeners.Count > 0).ToList();
        var endpoint = target.Endpoint;
        string? skip = pools.Count == 0 ? "the host has no PHP-FPM pool configuration ConfLint reads"
            : !ForPhp(frontEnd, target) ? "neither the address nor the location says it is PHP (fcgiwrap and other FastCGI servers are not read)"
            : host.UnknownListeners.FirstOrDefault(u => u.BackEnd is Host.Systemd.ServiceBackEnd { IsPhpFpm: true }).Why;
        if (skip is not null)
        {
            context.Notes.Add($"{Where(target)}: CL001 did not judge {endpoint.Describe()}: {skip}");
            return null;
        }

        var version = PhpVersions.In(endpoint.Address);
        var candidates = pools
            .OrderBy(p => version is { } v && PhpVersions.Parse(p.Version) is { } pv ? Math.Abs(pv - v) : 10_000)
            .ThenBy(p => Distance(Closest(p, endpoint).Endpoint, endpoint))
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .Cast<BackEnd>()
            .ToList();
        var (meant, evidence) = MeantPool(host, pools, version);
        return new Verdict(frontEnd, target, candidates, meant, evidence, "no PHP-FPM pool listens there", Proven: true);
    }

    /// <summary>The pool a PHP target was meant for, when exactly one fits: the host's only pool; the only pool of the
    /// nearest PHP version to the one the address names; or, when it names none, the only pool no front end reaches.</summary>
    private static (BackEnd? Meant, string? Evidence) MeantPool(HostModel host, List<FpmPool> pools, int? version)
    {
        if (pools.Count == 1)
        {
            return (pools[0], "the host's only PHP-FPM pool");
        }

        if (version is { } v && pools.Where(p => PhpVersions.Parse(p.Version) is not null).ToList() is { Count: > 0 } versioned)
        {
            var nearest = versioned.Min(p => Math.Abs(PhpVersions.Parse(p.Version)!.Value - v));
            var closest = versioned.Where(p => Math.Abs(PhpVersions.Parse(p.Version)!.Value - v) == nearest).ToList();
            var free = closest.Where(p => host.ReachedBy(p).Count == 0).ToList();
            var chosen = closest.Count == 1 ? closest[0] : free.Count == 1 ? free[0] : null;
            var why = nearest == 0 ? "the address's own PHP version" : "the installed PHP version nearest to the one the address names";
            return chosen is null ? (null, null) : (chosen, closest.Count == 1 ? why : why + ", and the one of its pools no front end reaches");
        }

        var unreached = pools.Where(p => host.ReachedBy(p).Count == 0).ToList();
        return unreached.Count == 1 ? (unreached[0], "the only pool no front end reaches") : (null, null);
    }

    /// <summary>Any other target is judged only when nothing of unknown address could be listening there, and some back end
    /// that no front end reaches is there to compare with; at the rule's severity only when the configuration ties one of
    /// them to this front end (<see cref="SameApplication"/>), else as info.</summary>
    private static Verdict? JudgeOther(RuleContext context, FrontEnd frontEnd, EndpointSite target)
    {
        var host = context.Host;
        var endpoint = target.Endpoint;
        if (host.UnknownListeners.FirstOrDefault(u => u.BackEnd is not FpmPool && !(u.BackEnd is Host.Systemd.ServiceBackEnd { IsPhpFpm: true })) is { Why: { } why })
        {
            context.Notes.Add($"{Where(target)}: CL001 did not judge {endpoint.Describe()}: a back end's address is unknown ({why})");
            return null;
        }

        var candidates = host.BackEnds
            .Where(b => b is not FpmPool && b.Listeners.Count > 0 && host.ReachedBy(b).Count == 0 && Compatible(frontEnd.Protocol, b))
            .OrderBy(b => Distance(Closest(b, endpoint).Endpoint, endpoint))
            .ThenBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            context.Notes.Add($"{Where(target)}: CL001 did not judge {endpoint.Describe()}: whatever listens there is not configured on this host (no unreached back end to compare with)");
            return null;
        }

        var tied = candidates.Select(c => (Candidate: c, Evidence: SameApplication.Evidence(host, frontEnd, c))).Where(c => c.Evidence is not null).ToList();
        var (meant, evidence) = tied.Count == 1 ? (tied[0].Candidate, tied[0].Evidence) : ((BackEnd?)null, (string?)null);
        var ordered = tied.Select(t => t.Candidate).Concat(candidates.Except(tied.Select(t => t.Candidate))).ToList();
        return new Verdict(frontEnd, target, ordered, meant, evidence, "nothing on this host listens there", Proven: tied.Count > 0);
    }

    private Diagnostic Report(HostModel host, Verdict verdict, bool certain)
    {
        var (frontEnd, target, candidates, meant, evidence, what, _) = verdict;
        var endpoint = target.Endpoint;
        var best = meant ?? candidates[0];
        var listener = Closest(best, endpoint);
        var throughUpstream = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var listens = $"{best.Describe()} listens on {listener.Endpoint.Address}" + (listener.Note is { } note ? $", {note}" : string.Empty);
        var message = throughUpstream
            ? $"{frontEnd.DirectiveName} {frontEnd.Target.Text} reaches {endpoint.Address}: {what} ({listens})"
            : $"{frontEnd.DirectiveName} {target.Token?.Value}: {what} ({listens})";
        if (!verdict.Proven)
        {
            message += "; nothing in the configuration ties that back end to this front end, so what listens there may be a program ConfLint does not read";
        }

        var related = candidates.Take(3)
            .Select(c => (Candidate: c, Listener: Closest(c, endpoint)))
            .Select(c => Related(c.Listener.Location, $"{c.Candidate.Describe()} listens here" + (c.Listener.Note is { } n ? $" ({n})" : string.Empty)))
            .ToList();
        if (throughUpstream)
        {
            related.Insert(0, Related(frontEnd.Directive, $"{frontEnd.DirectiveName} uses this upstream"));
        }

        var diagnostic = Report(target.Location, message, related, CreateFix(frontEnd, target, best, listener, certain ? evidence : null));
        return verdict.Proven ? diagnostic : diagnostic with { Severity = Severity.Info };
    }

    /// <summary>Whether a FastCGI target is PHP's: its address, or the location or section around it, names PHP.</summary>
    private static bool ForPhp(FrontEnd frontEnd, EndpointSite target) =>
        new[] { target.Endpoint.Text, frontEnd.Target.Text }.Concat(FrontEndSurroundings.Patterns(frontEnd))
            .Any(t => t.Contains("php", StringComparison.OrdinalIgnoreCase) || t.Contains("fpm", StringComparison.OrdinalIgnoreCase));

    private static string Where(EndpointSite target) => $"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}";

    private static bool Compatible(BackendProtocol frontEnd, BackEnd backEnd) =>
        backEnd.Protocol == BackendProtocol.Other || frontEnd == BackendProtocol.Other || backEnd.Protocol == frontEnd
        || (frontEnd == BackendProtocol.Grpc && backEnd.Protocol == BackendProtocol.Http);

    internal static EndpointSite Closest(BackEnd backEnd, Endpoint target) =>
        backEnd.Listeners.Count == 1 ? backEnd.Listeners[0] : backEnd.Listeners.MinBy(l => Distance(l.Endpoint, target))!;

    /// <summary>Sockets by spelling (edit distance of the paths), ports by host and then by how far apart they are.</summary>
    private static int Distance(Endpoint a, Endpoint b)
    {
        if (a.Kind != b.Kind)
        {
            return 100_000;
        }

        if (a.Kind == EndpointKind.Tcp)
        {
            var host = a.Host == b.Host || a.IsWildcardHost ? 0 : 50_000;
            return host + Math.Min(Math.Abs(a.Port - b.Port), 49_999);
        }

        return EditDistance.Between(a.Path ?? string.Empty, b.Path ?? string.Empty);
    }

    /// <summary>Point the front end at the back end that matches, in the form its target has; a wildcard listener is
    /// reached on 127.0.0.1. Safe only when exactly one back end fits by evidence (<paramref name="evidence"/>).</summary>
    private static Fix? CreateFix(FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, EndpointSite listener, string? evidence)
    {
        var connect = listener.Endpoint.Kind == EndpointKind.Unix || !listener.Endpoint.IsWildcardHost
            ? listener.Endpoint
            : Endpoint.Tcp("127.0.0.1", listener.Endpoint.Port);
        if (connect.Kind is not (EndpointKind.Unix or EndpointKind.Tcp) || target.Target is null || target.Token is null)
        {
            return null;
        }

        var upstreamServer = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var replacement = target.Target.WithEndpoint(connect);
        var what = upstreamServer ? "the upstream server" : frontEnd.DirectiveName;
        var edits = new List<FileEdit> { Edits.ReplaceValue(target.File, target.Token.Value, replacement) };
        edits.AddRange(ReverseMappings(frontEnd, target, replacement));
        var address = connect.Kind == EndpointKind.Unix ? "unix:" + connect.Path : connect.Describe();
        return evidence is not null
            ? new Fix($"Point {what} at {address} ({backEnd.Describe()}: {evidence})", Applicability.Safe, edits)
            : new Fix($"Point {what} at {address} ({backEnd.Describe()}, the closest of the candidates: check it is the one meant)", Applicability.Unsafe, edits);
    }

    /// <summary>Apache's <c>ProxyPassReverse</c> beside a <c>ProxyPass</c>, naming the same URL, moves with it: it rewrites
    /// the back end's redirects.</summary>
    private static IEnumerable<FileEdit> ReverseMappings(FrontEnd frontEnd, EndpointSite target, string replacement)
    {
        if (frontEnd.Directive is not ApacheDirective pass || !pass.IsNamed("ProxyPass") || replacement.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        var siblings = pass.ParentSection?.Items ?? (pass.Parent as ApacheConfigFile)?.Items ?? [];
        foreach (var item in siblings)
        {
            if (item is ApacheDirective reverse && reverse.IsNamed("ProxyPassReverse"))
            {
                for (var i = 0; i < reverse.Arguments.Count; i++)
                {
                    if (reverse.Args[i] == target.Token?.Value)
                    {
                        yield return Edits.ReplaceValue(target.File, reverse.Arguments[i], replacement);
                    }
                }
            }
        }
    }
}
