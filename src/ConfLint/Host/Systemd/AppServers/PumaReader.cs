using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>puma: <c>--bind</c>/<c>-b</c>, <c>--port</c>/<c>-p</c> (all addresses), <c>--config</c>/<c>-C</c> that may
/// set them; without any, 0.0.0.0:9292.</summary>
internal sealed class PumaReader : AppServerReader
{
    public override void Read(AppServer server, SystemdCommand command, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var word in command.OptionValues("--bind", "-b"))
        {
            server.AddAddress(word, BackendProtocol.Http);
        }

        foreach (var word in command.OptionValues("--port", "-p"))
        {
            if (int.TryParse(word.Value, out var port))
            {
                server.AddBind(Endpoint.Tcp("0.0.0.0", port), word, BackendProtocol.Http);
            }
        }

        if (server.Binds.Count == 0)
        {
            server.BindsUnknown = command.OptionValues("--config", "-C").Any();
            if (!server.BindsUnknown)
            {
                server.AddBind(Endpoint.Tcp("0.0.0.0", 9292), null, BackendProtocol.Http, "puma's default bind");
            }
        }
    }
}
