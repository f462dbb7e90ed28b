using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Rules.Support;

namespace ConfLint.Rules;

public sealed class CL002SocketPathViaSymlink : Rule
{
    public override string Code => "CL002";

    /// <summary>Whether a back end listens on the socket under this very spelling (then there is nothing to report).</summary>
    private static bool SpelledAsListened(IReadOnlyList<BackEnd> providers, string path)
    {
        for (var i = 0; i < providers.Count; i++)
        {
            foreach (var listener in providers[i].Listeners)
            {
                if (listener.Endpoint is { Kind: EndpointKind.Unix, Path: { } listened } && string.Equals(listened, path, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var host = context.Host;
        // One upstream server line used by several passes (mail-in-a-box's eight `fastcgi_pass php-fpm`) is one finding,
        // where it is written.
        var reported = new HashSet<(string, int)>();
        foreach (var frontEnd in host.FrontEnds)
        {
            // Indexed: a foreach through the read-only list boxes an enumerator for each front end.
            var targets = frontEnd.Targets;
            for (var t = 0; t < targets.Count; t++)
            {
                var site = targets[t];
                // Nearly every socket is named as its back end creates it: that is told before anything else is made.
                if (site.Endpoint is not { Kind: EndpointKind.Unix, Path: { } path } || site.Token is not { } token
                    || SpelledAsListened(host.Providers(site.Endpoint), path)
                    || !reported.Add((site.File.DisplayPath, token.Start)))
                {
                    continue;
                }

                // The back ends that listen on the same file under another spelling; one spelling is the fix's.
                var listeners = host.Providers(site.Endpoint)
                    .SelectMany(b => b.Listeners.Where(l => l.Endpoint.Kind == EndpointKind.Unix && host.SocketFile(l.Endpoint.Path!) == host.SocketFile(path)).Select(l => (BackEnd: b, Listener: l)))
                    .ToList();
                var spellings = listeners.Select(l => l.Listener.Endpoint.Path!).Distinct(StringComparer.Ordinal).ToList();
                if (spellings.Count == 0 || spellings.Contains(path, StringComparer.Ordinal))
                {
                    continue;
                }

                var (backEnd, listener) = listeners[0];
                var how = Endpoint.CanonicalizeRunPath(path) == Endpoint.CanonicalizeRunPath(listener.Endpoint.Path!)
                    ? "/var/run is a link to /run"
                    : $"a link under the root makes {Folder(path)} the folder {Folder(host.SocketFile(path))}";
                yield return Report(token.Location,
                    $"{frontEnd.DirectiveName} names the socket {path}, {backEnd.Describe()} creates it as {listener.Endpoint.Path}: the same file only while {how}; where a daemon sees another file system (a container, a chroot, a changed link) this is 'connect() ... failed (2: No such file or directory)' and a {ProxyStatus.Unreachable([frontEnd])}",
                    [Related(listener.Location, $"{backEnd.Describe()} listens here")],
                    spellings.Count == 1 && site.Target is { } target
                        ? new Fix($"Name the socket as {backEnd.Describe()} does: {listener.Endpoint.Path}", Applicability.Safe,
                            [Edits.ReplaceValue(site.File, token, target.WithEndpoint(Endpoint.Unix(listener.Endpoint.Path!)))])
                        : null);
            }
        }
    }

    private static string Folder(string path) => path[..Math.Max(1, path.LastIndexOf('/'))];
}
