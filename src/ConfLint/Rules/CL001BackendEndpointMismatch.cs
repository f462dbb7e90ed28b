using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Apache;

namespace ConfLint.Rules;

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
                        if (Tomcat.TomcatTargets.MissingAjpConnector(host, frontEnd, target) is { } ajp)
                        {
                            yield return Report(ajp.Location, ajp.Message, ajp.Related, ajp.Fix);
                            continue;
                        }

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

                var fix = CreateFix(frontEnd, target, best, listener, certain: meant is not null);
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

        return EditDistance.Between(a.Path ?? string.Empty, b.Path ?? string.Empty);
    }

    /// <summary>Point the front end at the back end that matches, in the form its target has; a wildcard listener is
    /// reached on 127.0.0.1.</summary>
    private static Fix? CreateFix(FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, EndpointSite listener, bool certain)
    {
        var connect = listener.Endpoint.Kind == EndpointKind.Unix || !listener.Endpoint.IsWildcardHost
            ? listener.Endpoint
            : Endpoint.Tcp("127.0.0.1", listener.Endpoint.Port);
        if (connect.Kind is not (EndpointKind.Unix or EndpointKind.Tcp))
        {
            return null;
        }

        var upstreamServer = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var replacement = target.Target!.WithEndpoint(connect);
        var what = upstreamServer ? "the upstream server" : frontEnd.DirectiveName;
        var edits = new List<FileEdit> { Edits.ReplaceValue(target.File, target.Token!.Value, replacement) };
        edits.AddRange(ReverseMappings(frontEnd, target, replacement));
        return new Fix(
            $"Point {what} at {(connect.Kind == EndpointKind.Unix ? "unix:" + connect.Path : connect.Describe())}" + (certain ? string.Empty : $" ({backEnd.Describe()}, the closest of several)"),
            certain ? Applicability.Safe : Applicability.Unsafe,
            edits);
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
