using ConfLint.Host;

namespace ConfLint.Rules.Support;

/// <summary>
/// The host's own nginx as something that listens: a front end (HAProxy, Varnish's neighbour, another nginx server)
/// may proxy to an nginx <c>server</c> of the same host (an assets-only server on 127.0.0.1:8080). Such a target is
/// not a back end ConfLint compares with, but nothing to report either: where an nginx <c>listen</c> of this host
/// covers it (the same port on that address, on every address, or on the loopback for a loopback target; a Unix
/// socket by its path), the target is left unjudged. nginx running in a container listens in the container, not here.
/// </summary>
internal static class WebServerListens
{
    /// <summary>Which nginx <c>listen</c> covers <paramref name="endpoint"/> (file and line), or null.</summary>
    public static string? Covering(HostModel host, Endpoint endpoint)
    {
        foreach (var instance in host.Nginx.Where(n => n.MainFile.Container is null))
        {
            foreach (var scope in instance.Main.SelfAndDescendants().Where(s => s.IsBlock("server")))
            {
                foreach (var (directive, file) in scope.Settings)
                {
                    if (directive.Name == "listen" && directive.Args.Count > 0 && Covers(directive.Args[0], endpoint))
                    {
                        return $"nginx listens there itself ({file.DisplayPath}:{directive.Position.Line})";
                    }
                }
            }
        }

        return null;
    }

    private static bool Covers(string listen, Endpoint endpoint)
    {
        if (listen.StartsWith("unix:", StringComparison.Ordinal))
        {
            return endpoint.Kind == EndpointKind.Unix && endpoint.Path == listen["unix:".Length..];
        }

        if (endpoint.Kind != EndpointKind.Tcp || !Endpoint.TrySplitHostPort(listen, 80, out var host, out var port) || port != endpoint.Port)
        {
            return false;
        }

        var bare = host.Trim('[', ']');
        var target = (endpoint.Host ?? string.Empty).Trim('[', ']');
        return bare is "" or "*" or "0.0.0.0" or "::" || bare == target || (IsLoopback(bare) && IsLoopback(target));
    }

    private static bool IsLoopback(string host) => host is "localhost" or "::1" || host.StartsWith("127.", StringComparison.Ordinal);
}
