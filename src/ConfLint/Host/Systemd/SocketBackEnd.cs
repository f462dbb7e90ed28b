using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>A systemd <c>.socket</c> unit: systemd itself listens and hands connections to its service.</summary>
public sealed class SocketBackEnd : BackEnd
{
    internal SocketBackEnd(MergedUnit unit, ConfigFile mainFile, string serviceName)
        : base($"socket '{unit.Name}'", mainFile)
    {
        Unit = unit;
        ServiceName = serviceName;
    }

    public MergedUnit Unit { get; }

    /// <summary>The service it starts: <c>Service=</c>, else the socket's own name with <c>.service</c>.</summary>
    public string ServiceName { get; }

    /// <summary>Owner of a socket file (<c>SocketUser=</c>; root by default).</summary>
    public string SocketUser => Unit.Get("Socket", "SocketUser") is { Length: > 0 } user ? user : "root";

    public string SocketGroup => Unit.Get("Socket", "SocketGroup") is { Length: > 0 } group ? group : "root";

    /// <summary><c>SocketMode=</c>, 0666 by default.</summary>
    public string SocketMode => Unit.Get("Socket", "SocketMode") is { Length: > 0 } mode ? mode : "0666";

    public override BackendProtocol Protocol => BackendProtocol.Other;

    public override string Describe() => $"socket unit '{Unit.Name}'";
}
