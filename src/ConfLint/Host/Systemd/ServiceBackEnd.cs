using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>A systemd service (merged with its drop-ins) that runs an application server or PHP-FPM.</summary>
public sealed class ServiceBackEnd : BackEnd
{
    internal ServiceBackEnd(MergedUnit unit, ConfigFile mainFile, AppServer? server, bool isPhpFpm)
        : base($"service '{unit.Name}'", mainFile)
    {
        Unit = unit;
        Server = server;
        IsPhpFpm = isPhpFpm;
    }

    public MergedUnit Unit { get; }

    public string UnitName => Unit.Name;

    /// <summary>The application server its ExecStart runs, when known.</summary>
    public AppServer? Server { get; }

    public bool IsPhpFpm { get; }

    public SystemdEntry? ExecStart => Unit.EffectiveEntry("Service", "ExecStart");

    public string? User => Unit.Get("Service", "User");

    /// <summary>The effective <c>Restart=</c> (systemd's default is <c>no</c>).</summary>
    public string Restart => Unit.Get("Service", "Restart") is { Length: > 0 } value ? value : "no";

    public SystemdEntry? RestartEntry => Unit.EffectiveEntry("Service", "Restart");

    public override BackendProtocol Protocol => IsPhpFpm ? BackendProtocol.FastCgi : Server?.Binds.FirstOrDefault()?.Protocol ?? BackendProtocol.Http;

    public override string Describe() => Server is { } server ? $"{server.Program} in service '{UnitName}'" : $"service '{UnitName}'";

    /// <summary>What it runs, for messages: "runs gunicorn", "runs PHP-FPM", "is started by a socket unit".</summary>
    public string Role => IsPhpFpm ? "runs PHP-FPM" : Server is { } server ? $"runs {server.Program}" : "serves a socket unit";
}
