using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>A systemd service (merged with its drop-ins; an enabled instance of a template with its specifiers
/// expanded) that runs an application server or PHP-FPM, or that a socket unit starts.</summary>
public sealed class ServiceBackEnd : BackEnd
{
    internal ServiceBackEnd(MergedUnit unit, ConfigFile mainFile, AppServer? server, bool isPhpFpm, IReadOnlyDictionary<string, string> environment)
        : base($"service '{unit.Name}'", mainFile)
    {
        Unit = unit;
        Server = server;
        IsPhpFpm = isPhpFpm;
        Environment = environment;
    }

    public MergedUnit Unit { get; }

    public string UnitName => Unit.Name;

    /// <summary>The application server its ExecStart runs, when known.</summary>
    public AppServer? Server { get; }

    public bool IsPhpFpm { get; }

    /// <summary>Whether it runs fcgiwrap, the CGI wrapper that speaks FastCGI (gitweb, cgit, Nagios's CGIs): on the socket a
    /// socket unit hands it (sd_listen_fds wins over its <c>-s</c>, fcgiwrap.c's main), or on its own <c>-s</c> socket.</summary>
    public bool IsCgiWrapper { get; init; }

    /// <summary><c>Environment=</c> and readable <c>EnvironmentFile=</c>s, in systemd's order, specifiers expanded.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The socket units that start it: systemd listens in its place and hands it the sockets, and starts it
    /// again on the next connection when it has stopped. A socket unit of its name that the root's links prove not started
    /// at boot (<see cref="SocketStarts"/>) is not among them: it hands the service nothing, and the service binds what its
    /// own configuration says.</summary>
    public List<SocketBackEnd> Sockets { get; } = [];

    public bool IsSocketActivated => Sockets.Count > 0;

    /// <summary>Whether it runs at boot, as the root's links show (<see cref="UnitEnablement"/>).</summary>
    public UnitEnablement Enablement { get; internal set; }

    public SystemdEntry? ExecStart => Unit.EffectiveEntry("Service", "ExecStart");

    public string? User => Unit.Get("Service", "User");

    /// <summary><c>MemoryMax=</c> (or the older <c>MemoryLimit=</c>), as written; null when unset.</summary>
    public string? MemoryMax => Unit.Get("Service", "MemoryMax") ?? Unit.Get("Service", "MemoryLimit");

    /// <summary>The effective <c>Restart=</c> (systemd's default is <c>no</c>).</summary>
    public string Restart => Unit.Get("Service", "Restart") is { Length: > 0 } value ? value : "no";

    public SystemdEntry? RestartEntry => Unit.EffectiveEntry("Service", "Restart");

    public override BackendProtocol Protocol => IsPhpFpm || IsCgiWrapper || Server?.SpawnFcgi is not null ? BackendProtocol.FastCgi : Server?.Binds.FirstOrDefault()?.Protocol ?? BackendProtocol.Http;

    /// <summary>PHP-FPM runs PHP, and so does php-cgi under spawn-fcgi; fcgiwrap and a read application server (spawn-fcgi
    /// running anything else) do not; a service a socket unit starts that runs
    /// neither runs what is not read.</summary>
    public override bool? RunsPhp => IsPhpFpm || Server?.SpawnFcgi is { RunsPhpCgi: true } ? true : IsCgiWrapper || Server is not null ? false : null;

    public override string Describe() => Server is { } server ? $"{server.Program} in service '{UnitName}'" : $"service '{UnitName}'";

    /// <summary>What it runs, for messages: "runs gunicorn", "runs PHP-FPM", "serves a socket unit".</summary>
    public string Role => IsPhpFpm ? "runs PHP-FPM" : IsCgiWrapper ? "runs fcgiwrap" : Server is { } server ? $"runs {server.Program}" : "serves a socket unit";
}
