using System.Globalization;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Nextcloud's push daemon, the Client Push app's bundled binary (nextcloud/notify_push,
/// <c>apps/notify_push/bin/ARCH/notify_push</c>, run with the path of Nextcloud's <c>config.php</c>). src/config.rs merges
/// its settings as command line over environment over <c>config.php</c>, which gives only the database, Redis and the
/// URL: it listens on the Unix socket <c>--socket-path</c>/<c>SOCKET_PATH</c> where one is given (relative to the working
/// folder), else on <c>--port</c>/<c>-p</c>, else <c>PORT</c>, else 7867, at <c>--bind</c>, else <c>BIND</c>, else
/// <c>::</c> (0.0.0.0 where the host has no IPv6; a wildcard either way). A metrics server listens on
/// <c>--metrics-socket-path</c>/<c>METRICS_SOCKET_PATH</c>, or on <c>--metrics-port</c>/<c>-m</c>/<c>METRICS_PORT</c> at
/// the same address, and on nothing where neither is given. A value it cannot parse stops it at start: unknown here.
/// </summary>
internal sealed class NotifyPushReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var socket = Setting(server, context, ["--socket-path"], "SOCKET_PATH");
        var port = Setting(server, context, ["--port", "-p"], "PORT");
        var bind = Setting(server, context, ["--bind"], "BIND");
        var metricsSocket = Setting(server, context, ["--metrics-socket-path"], "METRICS_SOCKET_PATH");
        var metricsPort = Setting(server, context, ["--metrics-port", "-m"], "METRICS_PORT");
        if (!socket.Known || !port.Known || !bind.Known || !metricsSocket.Known || !metricsPort.Known)
        {
            return;
        }

        server.SeparateServers = true;
        var host = bind.Value?.Text ?? "::";
        if (!Endpoint.IsIpAddress(host))
        {
            server.Unknown($"notify_push's {bind.Value!.Source} is not an IP address (it refuses one)");
            return;
        }

        if (socket.Value is { } socketPath)
        {
            AddSocket(server, context, socketPath, "notify_push's socket");
        }
        else
        {
            AddPort(server, context, host, port.Value, 7867, "notify_push");
        }

        if (metricsSocket.Value is { } metricsPath)
        {
            AddSocket(server, context, metricsPath, "notify_push's metrics");
        }
        else if (metricsPort.Value is { } metrics)
        {
            AddPort(server, context, host, metrics, 0, "notify_push's metrics");
        }
    }

    /// <summary>A value given on the command line (the last word: clap refuses a repeated option, the program would not
    /// start) or in the environment, and where it is written.</summary>
    private sealed record Given(string Text, string Source, SystemdWord? Word, string? Variable);

    private static (bool Known, Given? Value) Setting(AppServer server, AppServerContext context, string[] options, string variable)
    {
        var words = context.Command.OptionValues(options).ToList();
        if (words.Count > 1)
        {
            server.Unknown($"notify_push is given {options[0]} {words.Count} times, which it refuses at start");
            return (false, null);
        }

        if (words.Count == 1)
        {
            return (true, new Given(words[0].Value, $"{options[0]} {words[0].Value}", words[0], null));
        }

        var value = context.Variable(variable, out var known);
        if (!known)
        {
            server.Unknown($"notify_push's {variable} may be set where ConfLint cannot see it");
            return (false, null);
        }

        return (true, value is null ? null : new Given(value, $"{variable}={value} in the environment", null, variable));
    }

    private static void AddSocket(AppServer server, AppServerContext context, Given path, string what)
    {
        var folder = context.WorkingDirectory is { Length: > 0 } wd ? wd : "/";
        if (path.Text.Length == 0 || path.Text.Contains('$') || (!path.Text.StartsWith('/') && folder.Contains('$')))
        {
            server.Unknown($"{what} {path.Source} is not a path ConfLint can place");
            return;
        }

        Add(server, context, Endpoint.Unix(HostFiles.Absolute(path.Text, folder)), path, $"{what}: {path.Source}");
    }

    private static void AddPort(AppServer server, AppServerContext context, string host, Given? port, int fallback, string what)
    {
        var text = port?.Text ?? fallback.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || AppServer.HostAndPort(host, number) is not { } endpoint)
        {
            server.Unknown($"{what}'s {port?.Source ?? text} is not a port ConfLint can place");
            return;
        }

        var note = port is null ? $"{what}: its default port {fallback} at {host}" : $"{what}: {port.Source}, at {host}";
        Add(server, context, endpoint, port, note);
    }

    private static void Add(AppServer server, AppServerContext context, Endpoint endpoint, Given? given, string note)
    {
        if (given?.Variable is { } variable && context.EnvironmentAt?.GetValueOrDefault(variable) is { } at)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, given?.Word, BackendProtocol.Http, note);
        }
    }
}
