namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Vaultwarden (the <c>vaultwarden</c> binary, as its wiki's unit runs it): Rocket serves it on <c>ROCKET_ADDRESS</c> and
/// <c>ROCKET_PORT</c>, Rocket's defaults 127.0.0.1 and 8000 (src/main.rs builds its config from
/// <c>rocket::Config::figment()</c>: the <c>ROCKET_</c> variables over a <c>Rocket.toml</c> of the working folder or
/// one above). Before it reads them, Vaultwarden loads the file <c>ENV_FILE</c> names, <c>.env</c> by default, relative to
/// the working folder (src/config.rs, dotenvy): where that file or a <c>Rocket.toml</c> is there, the address is
/// unknown (ConfLint does not read them). Before 1.31 <c>WEBSOCKET_ENABLED=true</c> also opened a second server on
/// <c>WEBSOCKET_ADDRESS</c>:<c>WEBSOCKET_PORT</c> (3012); from 1.31 notifications are served on Rocket's port and those
/// variables are ignored. The release is not in the configuration, so with <c>WEBSOCKET_ENABLED</c> set the second
/// address is unknown.
/// </summary>
internal sealed class VaultwardenReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var folder = context.WorkingDirectory is { Length: > 0 } wd && !wd.Contains('$') ? wd : "/";
        var envFile = context.Variable("ENV_FILE", out var envFileKnown) is { Length: > 0 } named ? named : ".env";
        if (!envFileKnown || envFile.Contains('$') || context.Files is not { } files)
        {
            server.Unknown("vaultwarden's ENV_FILE is not known");
            return;
        }

        if (files.Exists(HostFiles.Absolute(envFile, folder)))
        {
            server.Unknown($"vaultwarden loads {HostFiles.Absolute(envFile, folder)} (ENV_FILE, .env by default), which may set ROCKET_ADDRESS or ROCKET_PORT");
            return;
        }

        for (var at = Workspace.RootedFileSystem.Normalize(folder); at is not null; at = Parent(at))
        {
            if (files.Exists(at.TrimEnd('/') + "/Rocket.toml"))
            {
                server.Unknown($"Rocket reads {at.TrimEnd('/')}/Rocket.toml, which may set the address");
                return;
            }
        }

        var address = context.Variable("ROCKET_ADDRESS", out var addressKnown);
        var portText = context.Variable("ROCKET_PORT", out var portKnown);
        if (!addressKnown || !portKnown)
        {
            server.Unknown("vaultwarden's ROCKET_ADDRESS or ROCKET_PORT may be set where ConfLint cannot see it");
            return;
        }

        var host = address is { Length: > 0 } ? address.Trim() : "127.0.0.1";
        if (!int.TryParse(portText is { Length: > 0 } ? portText.Trim() : "8000", out var port) || port is < 1 or > 65535 || !Endpoint.IsIpAddress(host))
        {
            server.Unknown($"vaultwarden's address {host}:{portText} is not one ConfLint can place");
            return;
        }

        var note = (address is { Length: > 0 }, portText is { Length: > 0 }) switch
        {
            (true, true) => $"ROCKET_ADDRESS={address} and ROCKET_PORT={portText} in the environment",
            (true, false) => $"ROCKET_ADDRESS={address} in the environment, Rocket's default port 8000",
            (false, true) => $"ROCKET_PORT={portText} in the environment, Rocket's default address 127.0.0.1",
            _ => "Rocket's defaults, 127.0.0.1:8000",
        };
        server.AddBind(Endpoint.Tcp(host, port), null, BackendProtocol.Http, note);

        if ((context.Variable("WEBSOCKET_ENABLED", out var wsKnown) is { } enabled && enabled.Trim().ToLowerInvariant() is "true" or "1") || !wsKnown)
        {
            server.Unknown("WEBSOCKET_ENABLED opens a second server on WEBSOCKET_PORT (3012) before Vaultwarden 1.31 and nothing from 1.31, and the release is not in the configuration");
        }
    }

    private static string? Parent(string path) => path is "/" or "" ? null : Path.GetDirectoryName(path.TrimEnd('/')) is { Length: > 0 } parent ? parent : "/";
}
