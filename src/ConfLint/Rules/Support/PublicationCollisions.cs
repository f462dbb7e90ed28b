using ConfLint.Host;
using ConfLint.Host.Compose;
using ConfLint.Host.Systemd;
using ConfLint.Workspace.Compose;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// A port Docker publishes for a Compose service on an address where a web server of this host listens too (an nginx
/// <c>listen</c>, an Apache <c>Listen</c>, a HAProxy <c>bind</c>: <see cref="WebServerListens.Colliding"/>). The two
/// sockets overlap, so whichever program binds second fails: Docker with "bind: address already in use", and then it
/// starts the container not at all (a container is started with all of its publications or not: the daemon binds them
/// before it starts the process), so every publication of the service, the ones no one else holds too, answers nothing;
/// or the web server, "bind() to 0.0.0.0:80 failed (98: Address already in use)", which does not start. Which one depends
/// on the order they start. <see cref="PortCollisions"/> leaves Compose back ends out (a container listens in its own
/// network): only the host side of a publication, where Docker binds, meets the host's own programs.
/// Judged where both are read as running: the service is one the project runs (<see cref="ComposeProject.Running"/>: no
/// profile <c>.env</c> does not enable, not scaled to zero), and neither the web server's unit nor Docker's is provably
/// not started at boot (the root's links show them disabled); the host's web server is the one whose sites ConfLint
/// reads, taken to run as every other finding on them does. A publication whose address depends on a variable without a
/// value is not a listener and is not judged.
/// </summary>
internal static class PublicationCollisions
{
    /// <summary>One publication that collides: the service, its <c>ports:</c> entry, the address Docker binds for it (empty:
    /// every IPv4 and IPv6 address), and the host's listens it meets.</summary>
    public sealed record Collision(ComposeBackEnd Service, ComposePort Port, string Address, IReadOnlyList<WebServerListens.Bound> Listens);

    /// <summary>Every publication of a running Compose service that collides with a listen of this host's web servers, in
    /// the order of the projects, services and entries; <paramref name="notes"/> gets why one was left unjudged.</summary>
    public static List<Collision> Of(HostModel host, List<string> notes)
    {
        var found = new List<Collision>();
        if (!host.BackEnds.OfType<ComposeBackEnd>().Any())
        {
            return found;
        }

        var publishing = DockerPublishing.Of(host);
        var dockerOff = Disabled(host, ["docker.service"]);
        foreach (var backEnd in host.BackEnds.OfType<ComposeBackEnd>())
        {
            foreach (var port in backEnd.Service.Ports)
            {
                if (port.Published is not { } published || port.Protocol != "tcp")
                {
                    continue;
                }

                var address = publishing.HostOf(port.HostIp);
                var listens = WebServerListens.Colliding(host, address == "*" ? string.Empty : address, published);
                if (listens.Count == 0)
                {
                    continue;
                }

                var at = $"{port.At.File.DisplayPath}:{port.At.Location.Start.Line}";
                if (dockerOff)
                {
                    notes.Add($"{at}: CL001 did not judge port {published} published for {backEnd.Describe()} beside {listens[0].Said}: the root's links show docker.service not started at boot");
                    continue;
                }

                var running = listens.Where(l => !Disabled(host, l.Units)).ToList();
                if (running.Count == 0)
                {
                    notes.Add($"{at}: CL001 did not judge port {published} published for {backEnd.Describe()} beside {listens[0].Said}: the root's links show {listens[0].Units[0]} not started at boot");
                    continue;
                }

                found.Add(new Collision(backEnd, port, address == "*" ? string.Empty : address, running));
            }
        }

        return found;
    }

    /// <summary>Whether the root's links prove that none of <paramref name="units"/> (those the root has) starts at boot (an
    /// enabled socket unit that starts one counts as starting it); false where the root has none of them or does not show.</summary>
    private static bool Disabled(HostModel host, IReadOnlyList<string> units)
    {
        var enablements = HostEnablements.Of(host);
        var any = false;
        foreach (var name in units)
        {
            if (!host.ServiceUnits.TryGetValue(name, out var unit))
            {
                continue;
            }

            any = true;
            if (enablements.Of(unit.Unit) != UnitEnablement.Disabled)
            {
                return false;
            }
        }

        return any;
    }

    /// <summary>The address Docker binds, as the message says it.</summary>
    public static string Said(string address) => address switch
    {
        "" => "every IPv4 and IPv6 address",
        "0.0.0.0" => "every IPv4 address",
        "::" => "every IPv6 address",
        _ => address,
    };
}
