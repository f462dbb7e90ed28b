using System.Globalization;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// daphne, Django Channels' ASGI server (daphne/cli.py, daphne/endpoints.py): it listens on each of <c>-b</c>/<c>--bind</c>
/// with <c>-p</c>/<c>--port</c> (a host alone takes port 8000, a port alone host 127.0.0.1), <c>-u</c>/<c>--unix-socket</c>,
/// <c>--fd</c> (an inherited socket) and every <c>-e</c>/<c>--endpoint</c> (a Twisted endpoint string: <c>tcp:PORT</c>,
/// <c>tcp:port=PORT:interface=HOST</c>, <c>unix:PATH</c>, <c>ssl:...</c>); with none of them, 127.0.0.1:8000. It reads
/// no configuration file and no variable. <c>--http-timeout</c> is unset by default, so it sets no request limit here.
/// </summary>
internal sealed class DaphneReader : AppServerReader
{
    private const string DefaultHost = "127.0.0.1";
    private const int DefaultPort = 8000;

    public override void Read(AppServer server, AppServerContext context)
    {
        var command = context.Command;
        var host = command.OptionValues("--bind", "-b").LastOrDefault();
        var port = command.OptionValues("--port", "-p").LastOrDefault();
        var socket = command.OptionValues("--unix-socket", "-u").LastOrDefault();
        var endpoints = command.OptionValues("--endpoint", "-e").ToList();
        if (command.OptionValues("--fd").Any())
        {
            server.Unknown("daphne serves an inherited socket (--fd)");
        }

        if (host.Value is not null || port.Value is not null || (socket.Value is null && endpoints.Count == 0 && !server.BindsUnknown))
        {
            var portText = port.Value ?? DefaultPort.ToString(CultureInfo.InvariantCulture);
            var hostText = host.Value ?? DefaultHost;
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                server.Unknown($"daphne's port {portText} is not a number ConfLint can read");
            }
            else
            {
                var note = (host.Value, port.Value) switch
                {
                    (null, null) => "daphne's default, 127.0.0.1:8000",
                    (null, _) => "daphne's default host 127.0.0.1",
                    (_, null) => "daphne's default port 8000",
                    _ => null,
                };
                server.AddBind(Endpoint.Tcp(hostText.Trim('[', ']'), number), port.Value is not null ? port : host.Value is not null ? host : null, BackendProtocol.Http, note);
            }
        }

        if (socket.Value is { Length: > 0 } path)
        {
            server.AddBind(Endpoint.Unix(path), socket, BackendProtocol.Http);
        }

        foreach (var word in endpoints)
        {
            if (Twisted(word.Value) is { } endpoint)
            {
                server.AddBind(endpoint, word, BackendProtocol.Http);
            }
            else
            {
                server.Unknown($"daphne's endpoint '{word.Value}' is not one ConfLint reads");
            }
        }
    }

    /// <summary>A Twisted server endpoint string of the kinds daphne's documentation gives: <c>tcp:PORT</c> or
    /// <c>tcp:port=PORT[:interface=HOST]</c> (every address by default; <c>\:</c> escapes a colon of an IPv6 host), and
    /// <c>unix:PATH</c> or <c>unix:address=PATH</c>; null for another (ssl, systemd, fd) or options it cannot place.</summary>
    internal static Endpoint? Twisted(string? text)
    {
        if (text is null || text.IndexOf(':') is not (> 0 and var colon))
        {
            return null;
        }

        var kind = text[..colon];
        var parts = Split(text[(colon + 1)..]);
        if (kind == "unix")
        {
            var path = parts.FirstOrDefault(p => !p.Contains('=')) ?? parts.Select(p => p.StartsWith("address=", StringComparison.Ordinal) ? p["address=".Length..] : null).FirstOrDefault(p => p is not null);
            return path is { Length: > 0 } && path.StartsWith('/') ? Endpoint.Unix(path) : null;
        }

        if (kind != "tcp" && kind != "tcp6")
        {
            return null;
        }

        string? portText = null;
        var interfaceText = kind == "tcp6" ? "::" : "0.0.0.0";
        foreach (var part in parts)
        {
            if (!part.Contains('='))
            {
                portText ??= part;
            }
            else if (part.StartsWith("port=", StringComparison.Ordinal))
            {
                portText = part["port=".Length..];
            }
            else if (part.StartsWith("interface=", StringComparison.Ordinal))
            {
                interfaceText = part["interface=".Length..];
            }
            else if (!part.StartsWith("backlog=", StringComparison.Ordinal))
            {
                return null;
            }
        }

        return int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 && Endpoint.IsIpAddress(interfaceText)
            ? Endpoint.Tcp(interfaceText, port)
            : null;
    }

    /// <summary>The parts of an endpoint string, split at colons that no backslash escapes.</summary>
    private static List<string> Split(string text)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (text[i] == ':')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }
}
