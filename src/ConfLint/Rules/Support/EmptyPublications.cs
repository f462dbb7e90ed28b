using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Compose;

namespace ConfLint.Rules.Support;

/// <summary>
/// A port Docker publishes for a Compose service on a container port where nothing in the container listens: a host
/// front end's connection to it is forwarded to nothing (with the userland proxy, Docker accepts it and resets it once
/// the container refuses: nginx logs "upstream prematurely closed connection" or "recv() failed (104: Connection reset by
/// peer)"; with the iptables DNAT alone, "111: Connection refused"), a 502. Judged only where the container's listeners
/// are known whole: its server's binds all read (<see cref="ContainerListeners"/>: the command, a file it names, the
/// image's fixed default), or its nginx's whole configuration read (<see cref="ContainerNginx"/>); an unread include, an
/// environment not known or a port the image table says the image serves there leaves it unjudged.
/// </summary>
internal static class EmptyPublications
{
    /// <summary>A publication that leads to nothing: the back end, its listener (the <c>ports</c> entry), the container
    /// port, and where the container listens instead (the line, and the words that say it).</summary>
    internal sealed record Empty(ComposeBackEnd BackEnd, EndpointSite Listener, int Target, IReadOnlyList<(Location At, string Said, int Port)> Inside);

    /// <summary>The publication behind <paramref name="target"/> where every back end there is a Compose service's port
    /// that leads to nothing in its container; null where any may lead somewhere, or is not known. <paramref name="unknown"/>
    /// says why one was not judged, for --verbose.</summary>
    public static Empty? At(HostModel host, EndpointSite target, out string? unknown)
    {
        unknown = null;
        var providers = host.Providers(target.Endpoint);
        if (providers.Count == 0)
        {
            return null;
        }

        Empty? first = null;
        for (var i = 0; i < providers.Count; i++)
        {
            if (providers[i] is not ComposeBackEnd compose)
            {
                return null;
            }

            Empty? found = null;
            foreach (var listener in compose.Listeners)
            {
                if (listener.Endpoint.Accepts(target.Endpoint) && compose.PortOf(listener) is { } port)
                {
                    found = Of(host, compose, listener, port.Target, ref unknown);
                    if (found is null)
                    {
                        return null;
                    }
                }
            }

            if (found is null)
            {
                return null;
            }

            first ??= found;
        }

        return first;
    }

    private static Empty? Of(HostModel host, ComposeBackEnd compose, EndpointSite listener, int containerPort, ref string? unknown)
    {
        var service = compose.Service;
        if (compose.ServedAt(listener) is not null || service.NetworkMode is not null)
        {
            return null;
        }

        if (ContainerNginx.Of(host, service) is { } nginx)
        {
            if (nginx.On(containerPort).Count > 0)
            {
                return null;
            }

            if (nginx.Unread is { } why)
            {
                unknown = $"whether the nginx of service '{service.Name}' listens on port {containerPort} of its container, which Docker publishes there, is not known: {why}";
                return null;
            }

            if (nginx.Listens.Count == 0)
            {
                return null;
            }

            return new Empty(compose, listener, containerPort, nginx.Listens.Select(l => (l.Directive.Location, $"its nginx: {l.Describe()}", l.Port)).ToList());
        }

        if (ContainerListeners.Of(service, host) is not { Count: > 0 } listeners)
        {
            return null;
        }

        if (listeners.Any(l => l.Port == containerPort))
        {
            // A listener on the port, if only on the container's loopback, is another matter than this one.
            return null;
        }

        var inside = listeners.Select(l => (WordLocation(service, l) ?? l.At ?? service.Key.Location, l.How, l.Port)).ToList();
        return new Empty(compose, listener, containerPort, inside);
    }

    private static Location? WordLocation(Workspace.Compose.ComposeService service, ContainerListener listener)
    {
        if (listener.Word is not { } word)
        {
            return null;
        }

        var command = service.Command?.Words.Contains(word) == true ? service.Command : service.Entrypoint;
        return command?.At.File.Source is { } source ? new Location(source, word.Span) : null;
    }
}
