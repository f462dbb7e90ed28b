namespace ConfLint.Host.Systemd.AppServers;

/// <summary>node and its package managers: the application reads <c>--port</c> or <c>PORT</c> itself (the common
/// convention); anything else (a port in the application's own settings) is unknown.</summary>
internal sealed class NodeReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        foreach (var word in context.Command.OptionValues("--port"))
        {
            if (int.TryParse(word.Value, out var port))
            {
                server.AddBind(Endpoint.Tcp("0.0.0.0", port), word, BackendProtocol.Http);
            }
        }

        if (server.Binds.Count == 0 && context.Environment.TryGetValue("PORT", out var text) && int.TryParse(text, out var fromEnvironment))
        {
            server.AddBind(Endpoint.Tcp("0.0.0.0", fromEnvironment), null, BackendProtocol.Http, $"PORT={fromEnvironment} in the environment");
        }

        if (server.Binds.Count == 0)
        {
            server.Unknown($"{server.Program} is given no --port or PORT: the application chooses its address in its own settings");
        }
    }
}
