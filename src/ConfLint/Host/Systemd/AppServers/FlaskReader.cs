using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary><c>flask run</c>, the development server: <c>--host</c>/<c>-h</c> (127.0.0.1) and <c>--port</c>/<c>-p</c> (5000),
/// each also from <c>FLASK_RUN_HOST</c>/<c>FLASK_RUN_PORT</c>. Another flask command is not a server ConfLint knows.</summary>
internal sealed class FlaskReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var arguments = context.Command.Arguments;
        var run = arguments.ToList().FindIndex(a => a.Value == "run");
        if (run < 0)
        {
            server.Unknown("flask runs a command other than run");
            return;
        }

        var command = new SystemdCommand(SystemdExecPrefixes.None, arguments[run], arguments.Skip(run + 1).ToList());
        if (command.OptionValues("--cert").Any())
        {
            server.Unknown("flask run serves TLS (--cert)");
            return;
        }

        var host = command.OptionValues("--host", "-h").LastOrDefault();
        var port = command.OptionValues("--port", "-p").LastOrDefault();
        var hostText = host.Value ?? context.Environment.GetValueOrDefault("FLASK_RUN_HOST") ?? "127.0.0.1";
        var portText = port.Value ?? context.Environment.GetValueOrDefault("FLASK_RUN_PORT") ?? "5000";
        if (!int.TryParse(portText, out var portNumber) || portNumber is < 1 or > 65535)
        {
            server.Unknown($"flask run's port {portText} is not a number ConfLint can read");
            return;
        }

        SystemdWord? word = port.Value is not null ? port : host.Value is not null ? host : null;
        server.AddBind(Endpoint.Tcp(hostText, portNumber), word, BackendProtocol.Http, UvicornReader.Note("flask run", host.Value, port.Value, "FLASK_RUN_HOST", "FLASK_RUN_PORT", context));
    }
}
