using ConfLint.Host.Compose;
using ConfLint.Syntax.Supervisor;
using ConfLint.Workspace;

namespace ConfLint.Host.Supervisor;

/// <summary>A supervisord <c>[program:x]</c> whose command runs an application server ConfLint reads the binds of.</summary>
public sealed class SupervisorBackEnd : BackEnd
{
    internal SupervisorBackEnd(string program, SupervisorSection section, ConfigFile file, IReadOnlyList<ContainerListener> binds)
        : base($"supervisord program '{program}'", file)
    {
        Program = program;
        Section = section;
        Binds = binds;
    }

    public string Program { get; }

    public SupervisorSection Section { get; }

    public IReadOnlyList<ContainerListener> Binds { get; }

    /// <summary><c>autorestart</c> as written, or null (supervisord's default is <c>unexpected</c>: restarted when it exits
    /// with a code not in <c>exitcodes</c>).</summary>
    public SupervisorEntry? AutoRestart => Section.Find("autorestart");

    /// <summary>Whether supervisord starts it again after it crashes.</summary>
    public bool RestartsAfterCrash => AutoRestart?.Value.Trim().ToLowerInvariant() is not ("false" or "no" or "off" or "0");

    public override BackendProtocol Protocol => BackendProtocol.Http;

    public override string Describe() => Name;
}
