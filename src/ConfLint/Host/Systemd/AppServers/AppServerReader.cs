namespace ConfLint.Host.Systemd.AppServers;

/// <summary>Reads one application server's binds and request timeout from its command line, its environment and its
/// own configuration file.</summary>
internal abstract class AppServerReader
{
    /// <param name="server">Where the binds go.</param>
    /// <param name="context">The server's own command (wrappers removed), the unit's environment and working folder, the root's files.</param>
    public abstract void Read(AppServer server, AppServerContext context);
}
