using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>uvicorn: <c>--uds</c>, else <c>--host</c> (127.0.0.1) and <c>--port</c> (8000), each also from its
/// <c>UVICORN_*</c> environment variable; <c>--fd</c> (an inherited socket) leaves the address to whoever opened it.</summary>
internal sealed class UvicornReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var command = context.Command;
        if (command.OptionValues("--fd").Any())
        {
            server.Unknown("uvicorn serves an inherited socket (--fd)");
            return;
        }

        ReadBinds(server, context, command);
        Tls(server, context, command);
    }

    /// <summary>uvicorn serves TLS where <c>--ssl-certfile</c> or <c>--ssl-keyfile</c> is given (<c>Config.is_ssl</c>), each
    /// also from <c>UVICORN_SSL_CERTFILE</c>/<c>UVICORN_SSL_KEYFILE</c>; not known where the unit's environment is not all known.</summary>
    private static void Tls(AppServer server, AppServerContext context, SystemdCommand command)
    {
        var allKnown = true;
        foreach (var (option, variable) in new[] { ("--ssl-certfile", "UVICORN_SSL_CERTFILE"), ("--ssl-keyfile", "UVICORN_SSL_KEYFILE") })
        {
            if (command.OptionValues(option).Any())
            {
                server.SetTls(TlsFact.Yes, $"{option} is given");
                return;
            }

            if (context.Variable(variable, out var known) is not null)
            {
                server.SetTls(TlsFact.Yes, $"{variable} is set in the environment");
                return;
            }

            allKnown &= known;
        }

        if (allKnown)
        {
            server.SetTls(TlsFact.No, "uvicorn is given no --ssl-certfile or --ssl-keyfile");
        }
    }

    private static void ReadBinds(AppServer server, AppServerContext context, SystemdCommand command)
    {
        var uds = command.OptionValues("--uds").LastOrDefault();
        if (uds.Value is { } socket)
        {
            server.AddBind(Endpoint.Unix(socket), uds, BackendProtocol.Http);
            return;
        }

        if (context.Environment.TryGetValue("UVICORN_UDS", out var udsFromEnvironment))
        {
            server.AddBind(Endpoint.Unix(udsFromEnvironment), null, BackendProtocol.Http, "UVICORN_UDS in the environment");
            return;
        }

        var host = command.OptionValues("--host").LastOrDefault();
        var port = command.OptionValues("--port").LastOrDefault();
        var hostText = host.Value ?? context.Environment.GetValueOrDefault("UVICORN_HOST") ?? "127.0.0.1";
        var portText = port.Value ?? context.Environment.GetValueOrDefault("UVICORN_PORT") ?? "8000";
        if (!int.TryParse(portText, out var portNumber))
        {
            server.Unknown($"uvicorn's port {portText} is not a number ConfLint can read");
            return;
        }

        SystemdWord? word = port.Value is not null ? port : host.Value is not null ? host : null;
        server.AddBind(Endpoint.Tcp(hostText, portNumber), word, BackendProtocol.Http, Note("uvicorn", host.Value, port.Value, "UVICORN_HOST", "UVICORN_PORT", context));
    }

    /// <summary>What of the address the command line does not say, and where it comes from; null when it says both.</summary>
    internal static string? Note(string program, string? host, string? port, string hostVariable, string portVariable, AppServerContext context)
    {
        var parts = new List<string>();
        if (host is null)
        {
            parts.Add(context.Environment.ContainsKey(hostVariable) ? $"host from {hostVariable}" : $"{program}'s default host");
        }

        if (port is null)
        {
            parts.Add(context.Environment.ContainsKey(portVariable) ? $"port from {portVariable}" : $"{program}'s default port");
        }

        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }
}
