using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>node and its package managers: the app reads <c>--port</c> or <c>PORT</c> itself; anything else is unknown.</summary>
internal sealed class NodeReader : AppServerReader
{
    public override void Read(AppServer server, SystemdCommand command, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var word in command.OptionValues("--port"))
        {
            if (int.TryParse(word.Value, out var port))
            {
                server.AddBind(Endpoint.Tcp("0.0.0.0", port), word, BackendProtocol.Http);
            }
        }

        if (server.Binds.Count == 0 && environment.TryGetValue("PORT", out var text) && int.TryParse(text, out var fromEnvironment))
        {
            server.AddBind(Endpoint.Tcp("0.0.0.0", fromEnvironment), null, BackendProtocol.Http, $"PORT={fromEnvironment} in the environment");
        }

        server.BindsUnknown = server.Binds.Count == 0;
    }
}
