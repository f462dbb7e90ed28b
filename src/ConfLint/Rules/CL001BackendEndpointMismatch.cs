using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;

namespace ConfLint.Rules;

/// <summary>
/// CL001 backend-endpoint-mismatch: a front end connects to a local socket or port that no back end of the host
/// provides. It judges only what it can see. A FastCGI target is judged when the host has PHP-FPM pools (any
/// FastCGI socket on such a host belongs to them). Any other target only when the host has a back end that no
/// front end reaches: an unreached application server and an unanswered proxy were meant for each other. Remote
/// addresses, variables and hostnames are left to other rules.
/// </summary>
public sealed class CL001BackendEndpointMismatch : Rule
{
    public override string Code => "CL001";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var host = context.Host;
        var pools = host.BackEndsOf<FpmPool>().Where(p => p.Listeners.Count > 0).ToList();
        List<BackEnd>? unreached = null;
        foreach (var frontEnd in host.FrontEnds)
        {
            foreach (var target in frontEnd.Targets)
            {
                var endpoint = target.Endpoint;
                if (!endpoint.IsLocal || host.Providers(endpoint).Count > 0)
                {
                    continue;
                }

                IReadOnlyList<BackEnd> candidates;
                string what;
                BackEnd? meant = null;
                if (frontEnd.Protocol == BackendProtocol.FastCgi)
                {
                    if (pools.Count == 0)
                    {
                        context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge {endpoint.Describe()}: the host has no PHP-FPM pool configuration");
                        continue;
                    }

                    candidates = Rank(pools, endpoint);
                    what = "no PHP-FPM pool listens there";

                    // One pool: that one. Several, but only one that no front end reaches: the one left over.
                    var unreachedPools = pools.Where(p => host.ReachedBy(p).Count == 0).ToList();
                    meant = pools.Count == 1 ? pools[0] : unreachedPools.Count == 1 ? unreachedPools[0] : null;
                }
                else
                {
                    unreached ??= host.BackEnds.Where(b => b is not FpmPool && b.Listeners.Count > 0 && host.ReachedBy(b).Count == 0).ToList();
                    candidates = Rank(unreached.Where(b => Compatible(frontEnd.Protocol, b)), endpoint);
                    if (candidates.Count == 0)
                    {
                        context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge {endpoint.Describe()}: whatever listens there is not configured on this host (no unreached back end to compare with)");
                        continue;
                    }

                    what = "nothing on this host listens there";
                    meant = candidates.Count == 1 ? candidates[0] : null;
                }

                var best = meant ?? candidates[0];
                var listener = Closest(best, endpoint);
                var message = $"{frontEnd.DirectiveName} {target.Token?.Value}: {what} ({best.Describe()} listens on {listener.Endpoint.Address})";
                if (!ReferenceEquals(target.DefinedAt, frontEnd.Directive))
                {
                    message = $"{frontEnd.DirectiveName} {frontEnd.Target.Text} reaches {endpoint.Address}: {what} ({best.Describe()} listens on {listener.Endpoint.Address})";
                }

                var related = candidates.Take(3)
                    .Select(c => (Candidate: c, Listener: Closest(c, endpoint)))
                    .Select(c => Related(c.Listener.Location, $"{c.Candidate.Describe()} listens here" + (c.Listener.Note is { } note ? $" ({note})" : string.Empty)))
                    .ToList();
                if (!ReferenceEquals(target.DefinedAt, frontEnd.Directive))
                {
                    related.Insert(0, Related(frontEnd.Directive, $"{frontEnd.DirectiveName} uses this upstream"));
                }

                var fix = CL001BackendEndpointMismatchFix.Create(frontEnd, target, best, listener, certain: meant is not null);
                yield return Report(target.Location, message, related, fix);
            }
        }
    }

    private static bool Compatible(BackendProtocol frontEnd, BackEnd backEnd) =>
        backEnd.Protocol == BackendProtocol.Other || frontEnd == BackendProtocol.Other || backEnd.Protocol == frontEnd
        || (frontEnd == BackendProtocol.Grpc && backEnd.Protocol == BackendProtocol.Http);

    /// <summary>Candidates closest to the target first: same kind of address, then the most similar spelling.</summary>
    private static List<BackEnd> Rank(IEnumerable<BackEnd> candidates, Endpoint target) =>
        candidates.Select(c => (Candidate: c, Distance: Distance(Closest(c, target).Endpoint, target)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Candidate.Name, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .ToList();

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

        return Levenshtein(a.Path ?? string.Empty, b.Path ?? string.Empty);
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
