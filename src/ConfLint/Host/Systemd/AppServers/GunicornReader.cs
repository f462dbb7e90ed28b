using ConfLint.Syntax.Systemd;
using ConfLint.Units;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>gunicorn and hypercorn: <c>--bind</c>/<c>-b</c> (repeatable), <c>--timeout</c>/<c>-t</c> (gunicorn's is 30s),
/// <c>--config</c>/<c>-c</c> that may set the bind; without a bind, 127.0.0.1:8000, or 0.0.0.0:$PORT when PORT is set.</summary>
internal sealed class GunicornReader : AppServerReader
{
    public override void Read(AppServer server, SystemdCommand command, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var word in command.OptionValues("--bind", "-b"))
        {
            server.AddAddress(word, BackendProtocol.Http);
        }

        if (command.OptionValues("--timeout", "-t").LastOrDefault() is { Value: var text } timeout && int.TryParse(text, out var seconds))
        {
            server.RequestTimeout = seconds > 0 ? Duration.FromSeconds(seconds) : null;
            server.RequestTimeoutAt = server.LocationOf(timeout);
        }
        else if (server.Program == "gunicorn")
        {
            server.RequestTimeout = Duration.FromSeconds(30);
        }

        if (server.Binds.Count == 0)
        {
            server.BindsUnknown = command.OptionValues("--config", "-c").Any();
            if (!server.BindsUnknown)
            {
                var port = environment.TryGetValue("PORT", out var p) && int.TryParse(p, out var n) ? n : 0;
                server.AddBind(port > 0 ? Endpoint.Tcp("0.0.0.0", port) : Endpoint.Tcp("127.0.0.1", 8000), null, BackendProtocol.Http,
                    port > 0 ? $"{server.Program} binds 0.0.0.0:$PORT from the environment" : $"{server.Program}'s default bind");
            }
        }
    }
}
