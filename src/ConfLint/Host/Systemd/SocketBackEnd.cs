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

    /// <summary>The service it starts, when the root has it.</summary>
    public ServiceBackEnd? Service { get; internal set; }

    /// <summary>Whether it is started at boot, as the root's links show it (<see cref="SocketStarts"/>): one provably not
    /// started listens nowhere after the next boot, and hands its service no socket.</summary>
    public UnitEnablement Starts { get; internal set; }

    public override BackendProtocol Protocol => Service is { IsPhpFpm: true } or { IsCgiWrapper: true } ? BackendProtocol.FastCgi : Service?.Server?.Binds.FirstOrDefault()?.Protocol ?? BackendProtocol.Other;

    /// <summary>What its service runs; not known where the root lacks the service.</summary>
    public override bool? RunsPhp => Service?.RunsPhp;

    public override string Describe() => $"socket unit '{Unit.Name}'";
}
