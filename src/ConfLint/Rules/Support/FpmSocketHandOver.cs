using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;

namespace ConfLint.Rules.Support;

/// <summary>
/// Socket-activated php-fpm: the service's <c>FPM_SOCKETS=PATH=FD</c> tells php-fpm which inherited descriptor is the
/// pool whose <c>listen</c> is PATH, and php-fpm (fpm_sockets.c) takes that descriptor without creating PATH. The
/// descriptor is what systemd bound for the socket unit (the first <c>ListenStream=</c> is fd 3, the next 4...). When
/// that is another file, the pool answers on the socket unit's file and PATH never exists: whoever connects to PATH gets
/// 'connect() ... failed (2: No such file or directory)', a 502.
/// </summary>
public static class FpmSocketHandOver
{
    public sealed record Finding(Location Location, string Message, IReadOnlyList<RelatedLocation> Related, bool Reached);

    public static IEnumerable<Finding> Judge(HostModel host)
    {
        foreach (var pool in host.BackEndsOf<FpmPool>())
        {
            // One socket unit: its descriptors come in the order of its ListenStream= lines (several units: systemd's order
            // is not the files', not judged).
            if (host.ServiceOf(pool) is not { IsPhpFpm: true, Sockets: [var socket] } service
                || !service.Environment.TryGetValue("FPM_SOCKETS", out var handed)
                || service.Unit.Effective("Service", "Environment").LastOrDefault(e => e.Value.Contains("FPM_SOCKETS=", StringComparison.Ordinal)) is not { } entry)
            {
                continue;
            }

            foreach (var listener in pool.Listeners.Where(l => l.Endpoint is { Kind: EndpointKind.Unix, Path: not null }))
            {
                var path = listener.Endpoint.Path!;
                var pair = handed.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith(path + "=", StringComparison.Ordinal));
                if (pair is null || !int.TryParse(pair.AsSpan(path.Length + 1), out var fd) || fd - 3 < 0 || fd - 3 >= socket.Listeners.Count)
                {
                    continue;
                }

                var bound = socket.Listeners[fd - 3];
                if (bound.Endpoint is not { Kind: EndpointKind.Unix, Path: { } boundPath } || host.SocketFile(boundPath) == host.SocketFile(path))
                {
                    continue;
                }

                var reached = host.ReachedBy(pool);
                var who = reached.Count > 0 ? $"{reached[0].DirectiveName} at {reached[0].File.DisplayPath}:{reached[0].Directive.Position.Line} connects to {path}" : $"a front end connecting to {path}";
                yield return new Finding(entry.Location,
                    $"FPM_SOCKETS of {service.UnitName} hands php-fpm descriptor {fd} as {path}, the listen of {pool.Describe()}, but descriptor {fd} is {boundPath} (ListenStream= of {socket.Describe()}): php-fpm serves the pool there and never creates {path}, so {who} and fails with 'connect() ... failed (2: No such file or directory)' ({ProxyStatus.Unreachable(reached)})",
                    [new RelatedLocation(bound.Location, $"systemd binds descriptor {fd} here"), new RelatedLocation(listener.Location, $"{pool.Describe()} listens on {path}")],
                    reached.Count > 0);
            }
        }
    }
}
