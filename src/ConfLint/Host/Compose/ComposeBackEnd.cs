using ConfLint.Knowledge;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>A Compose service that publishes ports on the host: Docker listens there for it (what a front end of the
/// host connects to). What runs behind the port is the container's business.</summary>
public sealed class ComposeBackEnd : BackEnd
{
    internal ComposeBackEnd(ComposeProject project, ComposeService service)
        : base($"Compose service '{service.Name}'", service.Key.File)
    {
        Project = project;
        Service = service;
    }

    public ComposeProject Project { get; }

    /// <summary>The service as the back end a front end in another container of its project reaches by its name on their
    /// network (no port published on the host), made once per host.</summary>
    public static ComposeBackEnd InNetwork(HostModel host, ComposeProject project, ComposeService service) =>
        host.Shared("ComposeBackEnd.InNetwork", service, () => new ComposeBackEnd(project, service));

    public ComposeService Service { get; }

    public override BackendProtocol Protocol => BackendProtocol.Other;

    /// <summary>What runs behind a published port is the container's business.</summary>
    public override bool? RunsPhp => null;

    public override string Describe() => Name;

    /// <summary>The image's facts of what it serves on its container ports, where they hold for this service (see
    /// <see cref="Serving"/>); null otherwise.</summary>
    public ImageFacts? ImageServing { get; private set; }

    private readonly Dictionary<EndpointSite, ImagePort> _served = new(ReferenceEqualityComparer.Instance);

    private readonly Dictionary<EndpointSite, ComposePort> _ports = new(ReferenceEqualityComparer.Instance);

    /// <summary>What the service serves behind a published port: its image's (<see cref="ImageFacts.Serves"/>), or its
    /// nginx's, whose configuration the repository holds (<see cref="ContainerNginx"/>: HTTP, with TLS where a
    /// <c>listen</c> on the port says <c>ssl</c>); null where neither says, or the service's command may have moved it.</summary>
    public ImagePort? ServedAt(EndpointSite listener) => _served.GetValueOrDefault(listener);

    /// <summary>The Compose <c>ports</c> entry that publishes <paramref name="listener"/>, or null for another listener.</summary>
    public ComposePort? PortOf(EndpointSite listener) => _ports.GetValueOrDefault(listener);

    /// <summary>The image's facts of what it serves on its ports, where they hold for this service: it runs the image's own
    /// entrypoint, and its command holds none of the options that move them (<c>--bind-https</c>, <c>-p</c>...).</summary>
    private static ImageFacts? Serving(ComposeService service)
    {
        if (service.Build || service.Entrypoint is not null || service.Image?.Value is not { } image || ImageTable.Instance.Find(image) is not { Serves.Count: > 0 } facts)
        {
            return null;
        }

        foreach (var word in service.Command?.Words ?? [])
        {
            foreach (var option in facts.ServesSetBy)
            {
                if (word.Value == option || word.Value.StartsWith(option + "=", StringComparison.Ordinal)
                    || (option.Length == 2 && word.Value.StartsWith(option, StringComparison.Ordinal)))
                {
                    return null;
                }
            }
        }

        return service.Command?.Interpolated == true ? null : facts;
    }

    /// <summary>Each running service's published TCP ports as listeners of the host; a service whose ports depend on a
    /// variable is a back end whose address is unknown.</summary>
    internal static void Add(HostModel model)
    {
        var publishing = DockerPublishing.Of(model);
        foreach (var project in model.Workspace.ComposeProjects)
        {
            foreach (var service in project.Running)
            {
                if (service.NetworkMode?.Value is "host")
                {
                    continue;
                }

                var backEnd = new ComposeBackEnd(project, service);
                var serving = Serving(service);
                backEnd.ImageServing = serving;
                foreach (var port in service.Ports.Where(p => p.Published is not null && p.Protocol == "tcp"))
                {
                    // No host address: the daemon's default, every IPv4 and IPv6 address unless daemon.json's ip says otherwise.
                    var host = publishing.HostOf(port.HostIp);
                    // What the image serves there, where the image table says: HTTP with TLS or without (judged as an app
                    // server's listener is), or a port no site is meant for.
                    var served = serving?.ServedOn(port.Target);
                    var listener = new EndpointSite(Endpoint.Tcp(host, port.Published!.Value), port.At.File, port.At.Location, null)
                    {
                        Note = $"published by Docker for port {port.Target} of the container" + (port.HostIp.Length == 0 ? " " + publishing.Said : string.Empty) + (served is null ? string.Empty : $", where {serving!.Image} serves {served.Describe()}"),
                        Protocol = served is { Http: true } ? BackendProtocol.Http : BackendProtocol.Other,
                        Tls = served is null || !served.Http ? TlsFact.Unknown : served.Protocol == "https" ? TlsFact.Yes : TlsFact.No,
                        TlsEvidence = served is { Http: true } ? $"{serving!.Image} serves {served.Describe()} on port {port.Target} of the container" : null,
                    };
                    backEnd.Listeners.Add(listener);
                    backEnd._ports[listener] = port;
                    if (served is not null)
                    {
                        backEnd._served[listener] = served;
                    }
                }

                if (service.PortsIncomplete)
                {
                    model.UnknownListeners.Add((backEnd, $"{backEnd.Describe()}: a published port depends on a variable"));
                }

                if (backEnd.Listeners.Count > 0 || service.PortsIncomplete)
                {
                    model.BackEnds.Add(backEnd);
                }
            }
        }
    }

    /// <summary>
    /// What the service's own nginx serves behind each port Docker publishes for it, where the image table does not say
    /// (<see cref="ContainerNginx"/>, read after the front ends): a <c>listen</c> of its configuration on the container
    /// port makes the publication HTTP, over TLS where a <c>listen</c> there says <c>ssl</c> (nginx gives the port's one
    /// socket TLS for each server on it: ngx_http_add_addresses ORs the option), plain otherwise, but only where the whole
    /// configuration is read (<see cref="ContainerNginx.Unread"/> null): an unread part may hold the <c>ssl</c>.
    /// </summary>
    internal static void ServedByNginx(HostModel model)
    {
        foreach (var backEnd in model.BackEnds.OfType<ComposeBackEnd>())
        {
            if (ContainerNginx.Of(model, backEnd.Service) is not { } nginx)
            {
                continue;
            }

            for (var i = 0; i < backEnd.Listeners.Count; i++)
            {
                var listener = backEnd.Listeners[i];
                if (backEnd._served.ContainsKey(listener) || backEnd.PortOf(listener) is not { } port || nginx.On(port.Target) is not { Count: > 0 } listens)
                {
                    continue;
                }

                var ssl = listens.Any(l => l.Ssl);
                if (!ssl && nginx.Unread is not null)
                {
                    // A part of its configuration not read may say ssl on the same port, which makes the port's socket TLS
                    // for every server on it: only a read `ssl` is evidence where something is unread.
                    continue;
                }

                var evidence = $"the nginx of service '{backEnd.Service.Name}' listens on port {port.Target} of the container {(ssl ? "with" : "without")} ssl: " + string.Join(", ", listens.Where(l => l.Ssl == ssl).Select(l => l.Describe()));
                var served = new ImagePort(port.Target, ssl ? "https" : "http", null);
                var replaced = listener with
                {
                    Note = listener.Note + $", where its nginx listens {(ssl ? "with" : "without")} TLS",
                    Protocol = BackendProtocol.Http,
                    Tls = ssl ? TlsFact.Yes : TlsFact.No,
                    TlsEvidence = evidence,
                };
                backEnd.Listeners[i] = replaced;
                backEnd._ports.Remove(listener);
                backEnd._ports[replaced] = port;
                backEnd._served[replaced] = served;
            }
        }
    }
}
