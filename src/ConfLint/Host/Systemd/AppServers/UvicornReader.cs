using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>uvicorn: <c>--uds</c>, else <c>--host</c> (127.0.0.1) and <c>--port</c> (8000).</summary>
internal sealed class UvicornReader : AppServerReader
{
    public override void Read(AppServer server, SystemdCommand command, IReadOnlyDictionary<string, string> environment)
    {
        var uds = command.OptionValues("--uds").LastOrDefault();
        if (uds.Value is { } socket)
        {
            server.AddBind(Endpoint.Unix(socket), uds, BackendProtocol.Http);
            return;
        }

        var host = command.OptionValues("--host").LastOrDefault();
        var port = command.OptionValues("--port").LastOrDefault();
        var portNumber = port.Value is { } text && int.TryParse(text, out var number) ? number : 8000;
        SystemdWord? word = port.Value is not null ? port : host.Value is not null ? host : null;
        server.AddBind(Endpoint.Tcp(host.Value ?? "127.0.0.1", portNumber), word, BackendProtocol.Http, word is null ? "uvicorn's default bind" : null);
    }
}
