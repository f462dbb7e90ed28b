using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// granian (<c>granian [OPTIONS] APP</c>, <c>python -m granian</c>, a virtual environment's <c>bin/granian</c>) as its
/// click command line reads it (granian/cli.py, <c>cli</c> and <c>entrypoint</c>): <c>--uds PATH</c>, else <c>--host</c>
/// (127.0.0.1) and <c>--port</c> (8000). <c>entrypoint</c> runs the command with <c>auto_envvar_prefix='GRANIAN'</c>, so
/// <c>GRANIAN_UDS</c>, <c>GRANIAN_HOST</c> and <c>GRANIAN_PORT</c> stand in for an option the command line leaves out
/// (click's <c>Option.resolve_envvar_value</c>: an empty value counts as unset). The host must be an IP address
/// (<c>ListenerSpec::new</c> in src/net.rs parses it as one; a name such as <c>localhost</c> stops granian); <c>::</c>
/// opens an IPv6 socket without <c>IPV6_V6ONLY</c> (<c>ListenerSpec::as_socket</c>), so with Linux's default
/// <c>bindv6only=0</c> it takes IPv4 connections too. A relative <c>--uds</c> is resolved against the folder granian
/// starts in (<c>Server.__init__</c>: <c>uds.resolve()</c>). With <c>--ssl-certificate</c> (or
/// <c>GRANIAN_SSL_CERTIFICATE</c>) it serves TLS, and its binds say so (<see cref="EndpointSite.Tls"/>). <c>--interface</c> (rsgi, asgi, asginl, wsgi) and <c>--workers</c>
/// change nothing of where it listens.
/// </summary>
internal sealed class GranianReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        ReadBinds(server, context);
        var (fromEnvironment, known) = Setting(context, "GRANIAN_SSL_CERTIFICATE");
        if (context.Command.OptionValues("--ssl-certificate").Any() || fromEnvironment is not null)
        {
            server.SetTls(TlsFact.Yes, fromEnvironment is null ? "--ssl-certificate is given" : "GRANIAN_SSL_CERTIFICATE is set in the environment");
        }
        else if (known)
        {
            server.SetTls(TlsFact.No, "granian is given no --ssl-certificate");
        }
    }

    private static void ReadBinds(AppServer server, AppServerContext context)
    {
        var command = context.Command;
        var uds = command.OptionValues("--uds").LastOrDefault();
        var (udsText, udsKnown) = uds.Value is { } given ? (given, true) : Setting(context, "GRANIAN_UDS");
        if (!udsKnown)
        {
            server.Unknown("granian's GRANIAN_UDS may be set where ConfLint cannot see it (the unit's environment is not all known)");
            return;
        }

        if (udsText is { Length: > 0 })
        {
            var path = udsText.StartsWith('/') ? udsText : context.WorkingDirectory is { } folder ? folder.TrimEnd('/') + "/" + udsText : null;
            if (path is null || path.Contains('$'))
            {
                server.Unknown($"granian's socket {udsText} is not a path ConfLint can place");
                return;
            }

            server.AddBind(Endpoint.Unix(path), uds.Value is null ? null : uds, BackendProtocol.Http, uds.Value is null ? "GRANIAN_UDS in the environment" : null);
            return;
        }

        var host = command.OptionValues("--host").LastOrDefault();
        var port = command.OptionValues("--port").LastOrDefault();
        var (hostSetting, hostKnown) = host.Value is { } hostGiven ? (hostGiven, true) : Setting(context, "GRANIAN_HOST");
        var (portSetting, portKnown) = port.Value is { } portGiven ? (portGiven, true) : Setting(context, "GRANIAN_PORT");
        var hostText = hostSetting ?? "127.0.0.1";
        var portText = portSetting ?? "8000";
        if (!hostKnown || !portKnown)
        {
            server.Unknown("granian's GRANIAN_HOST or GRANIAN_PORT may be set where ConfLint cannot see it (a script's command that may or may not run, an environment file that cannot be read)");
            return;
        }

        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var portNumber) || portNumber is < 0 or > 65535)
        {
            server.Unknown($"granian's port {portText} is not a number ConfLint can read");
            return;
        }

        if (portNumber == 0)
        {
            server.Unknown("granian binds port 0, which the kernel picks");
            return;
        }

        var address = hostText.Trim();
        if (!System.Net.IPAddress.TryParse(address, out _) || address.Contains('%'))
        {
            server.Unknown($"granian's host {hostText} is not an IP address (granian parses it as one and stops otherwise)");
            return;
        }

        SystemdWord? word = port.Value is not null ? port : host.Value is not null ? host : null;
        server.AddBind(Endpoint.Tcp(address, portNumber), word, BackendProtocol.Http, UvicornReader.Note("granian", host.Value, port.Value, "GRANIAN_HOST", "GRANIAN_PORT", context));
    }

    /// <summary>A variable click reads for an option: its value, null when unset or empty (click ignores an empty one);
    /// <c>Known</c> false where a wrapper script may have set it, or the environment is not all known.</summary>
    private static (string? Value, bool Known) Setting(AppServerContext context, string name)
    {
        var value = context.Variable(name, out var known);
        return (value is { Length: > 0 } ? value : null, known);
    }
}
