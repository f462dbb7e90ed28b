namespace ConfLint.Host.Systemd;

/// <summary>One of a uwsgi emperor's vassals: an application server of its own (its own ini file, sockets and
/// harakiri), run and restarted by the emperor's service.</summary>
public sealed class VassalBackEnd : BackEnd
{
    internal VassalBackEnd(AppServer server, ServiceBackEnd emperor)
        : base($"vassal '{server.Name}'", emperor.File)
    {
        Server = server;
        Emperor = emperor;
        Listeners.AddRange(server.Binds);
    }

    public AppServer Server { get; }

    /// <summary>The service that runs the emperor.</summary>
    public ServiceBackEnd Emperor { get; }

    /// <summary>The vassal's name: its ini file's name without extension.</summary>
    public string VassalName => Server.Name!;

    public override BackendProtocol Protocol => Server.Binds.FirstOrDefault()?.Protocol ?? BackendProtocol.Uwsgi;

    public override string Describe() => $"uwsgi vassal '{VassalName}' of service '{Emperor.UnitName}'";
}
