using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>Reads one application server's binds and request timeout from its command line and environment.</summary>
internal abstract class AppServerReader
{
    /// <param name="server">Where the binds go.</param>
    /// <param name="command">The server's own command: wrappers (<c>env</c>, <c>python -m</c>, <c>bundle exec</c>) removed.</param>
    /// <param name="environment">The unit's <c>Environment=</c> and <c>EnvironmentFile=</c>.</param>
    public abstract void Read(AppServer server, SystemdCommand command, IReadOnlyDictionary<string, string> environment);
}
