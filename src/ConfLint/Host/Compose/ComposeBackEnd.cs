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

    public ComposeService Service { get; }

    public override BackendProtocol Protocol => BackendProtocol.Other;

    public override string Describe() => Name;

    /// <summary>Each running service's published TCP ports as listeners of the host; a service whose ports depend on a
    /// variable is a back end whose address is unknown.</summary>
    internal static void Add(HostModel model)
    {
        foreach (var project in model.Workspace.ComposeProjects)
        {
            foreach (var service in project.Running)
            {
                if (service.NetworkMode?.Value is "host")
                {
                    continue;
                }

                var backEnd = new ComposeBackEnd(project, service);
                foreach (var port in service.Ports.Where(p => p.Published is not null && p.Protocol == "tcp"))
                {
                    var host = port.HostIp.Length == 0 ? "0.0.0.0" : port.HostIp;
                    backEnd.Listeners.Add(new EndpointSite(Endpoint.Tcp(host, port.Published!.Value), port.At.File, port.At.Location, null)
                    {
                        Note = $"published by Docker for port {port.Target} of the container",
                    });
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
}
