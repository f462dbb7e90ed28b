using System.Globalization;
using System.Net;
using ConfLint.Diagnostics;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// An Elixir/Phoenix release ConfLint knows, started by the launcher <c>mix release</c> generates
/// (<c>RELEASE/bin/NAME start</c>, <c>start_iex</c>, <c>daemon</c>, <c>daemon_iex</c>: the VM with the release's compiled
/// configuration, then its config provider at boot), where the launcher's folder above has the release layout
/// (<c>releases/start_erl.data</c>):
/// <list type="bullet">
/// <item>Mobilizon (framasoft/mobilizon, read at c64a0ea7, 5.1.3): <c>mix.exs</c>' release <c>mobilizon</c> has
/// <c>config_providers: [{Mobilizon.ConfigProvider, "/etc/mobilizon/config.exs"}]</c> and no <c>runtime.exs</c> (only the
/// Docker image copies <c>config/docker.exs</c>, the one reading <c>MOBILIZON_INSTANCE_PORT</c>, in as one);
/// <c>lib/config_provider.ex</c> reads <c>System.get_env("MOBILIZON_CONFIG_PATH") || path</c> and, where that file
/// exists, <c>Config.Reader.merge</c>s it over the compiled configuration (a missing file only warns). Compiled:
/// <c>config/prod.exs</c> <c>http: [port: 4000]</c>, no <c>ip</c> and no <c>server</c> (the generated
/// <c>priv/templates/config.template.eex</c> writes <c>server: true</c> and <c>http: [ip: {127,0,0,1}, port: ...]</c>).</item>
/// <item>Akkoma (AkkomaGang/akkoma, read through BDX-town/Akkoma at 071bb07a): the release <c>pleroma</c>
/// (<c>bin/pleroma</c>), told from Pleroma's by the <c>installation/akkoma.nginx</c> or <c>installation/akkoma.service</c>
/// its <c>mix.exs</c> copies in; <c>config_providers: [{Pleroma.Config.ReleaseRuntimeProvider, []}]</c>, whose
/// <c>load/2</c> takes <c>AKKOMA_CONFIG_PATH</c>, else <c>PLEROMA_CONFIG_PATH</c>, else <c>/etc/pleroma/config.exs</c> if it
/// exists, else <c>/etc/akkoma/config.exs</c>, merges it where it exists, then <c>DIR/prod.exported_from_db.secret.exs</c>
/// beside it (not read here: where it exists the address is unknown). Compiled: <c>config/config.exs</c>
/// <c>http: [ip: {127, 0, 0, 1}, dispatch: ...]</c>, <c>configurable_from_database: false</c>; <c>config/prod.exs</c>
/// <c>http: [port: 4000]</c> and <c>config :phoenix, serve_endpoints: true</c>. With
/// <c>configurable_from_database: true</c> settings kept in the database are applied at boot (not read here).</item>
/// </list>
/// Phoenix starts the endpoint's server where <c>Keyword.get(conf, :server, Application.get_env(:phoenix,
/// :serve_endpoints, false))</c> is true (Phoenix.Endpoint.Supervisor <c>server?/1</c>), and it listens on the endpoint's
/// <c>http: [ip: TUPLE, port: INTEGER]</c>. Only a file in the root with literal values is read (<see cref="ElixirConfig"/>);
/// a missing file, a computed port or address, an <c>https:</c> listener, a Unix socket (<c>ip: {:local, PATH}</c>, which
/// neither project documents) or the release's <c>env.sh</c> naming the variables leaves the address unknown.
/// </summary>
internal sealed class ElixirReleaseReader : AppServerReader
{
    /// <summary>The program name Mobilizon's launcher is read under.</summary>
    internal const string Mobilizon = "mobilizon-release";

    /// <summary>The program name Akkoma's launcher (<c>bin/pleroma</c>) is read under.</summary>
    internal const string Akkoma = "akkoma-release";

    private readonly bool _akkoma;

    public ElixirReleaseReader(bool akkoma) => _akkoma = akkoma;

    /// <summary>The launcher's commands that start the release's VM (the <c>mix release</c> script's <c>start</c>,
    /// <c>start_iex</c>, <c>daemon</c>, <c>daemon_iex</c>; the others ask a running node or end).</summary>
    internal static bool Starts(IReadOnlyList<Syntax.Systemd.SystemdWord> arguments) =>
        arguments.Count > 0 && arguments[0].Value is "start" or "start_iex" or "daemon" or "daemon_iex";

    /// <summary>The program a launcher name is read as, or null.</summary>
    internal static string? ProgramOf(string launcher) => launcher switch
    {
        "mobilizon" => Mobilizon,
        "pleroma" => Akkoma,
        _ => null,
    };

    /// <summary>Whether the launcher (the first word) is a release's: <c>releases/start_erl.data</c> in the folder above
    /// its folder, and for <c>bin/pleroma</c> Akkoma's <c>installation/</c> files there.</summary>
    internal static bool Recognised(AppServerContext context, string program) =>
        ReleaseRoot(context) is { } root && context.Files is { } files
        && files.Exists(root + "/releases/start_erl.data")
        && (program != Akkoma || files.Exists(root + "/installation/akkoma.nginx") || files.Exists(root + "/installation/akkoma.service"));

    /// <summary>The release's folder: the launcher's folder's parent (the script's <c>RELEASE_ROOT</c>, links followed).</summary>
    private static string? ReleaseRoot(AppServerContext context)
    {
        if (context.Files is not { } files || context.LauncherPath() is not { } path)
        {
            return null;
        }

        var script = files.FileSystem.FileExists(path) ? files.FileSystem.Resolve(path) : null;
        return script is null ? null : HostFiles.Absolute("../..", script).TrimEnd('/') is { Length: > 0 } root ? root : null;
    }

    public override void Read(AppServer server, AppServerContext context)
    {
        var name = _akkoma ? "Akkoma" : "Mobilizon";
        if (ReleaseRoot(context) is not { } root || context.Files is not { } files)
        {
            server.Unknown($"{name}'s release is not in the root");
            return;
        }

        if (ConfigPath(server, context, files, root) is not { } found)
        {
            return;
        }

        var (path, how) = found;
        if (files.Read(path) is not { } source)
        {
            server.Unknown($"{name} reads {path} ({how}), which is not in the root: where its endpoint listens is not known");
            return;
        }

        server.ConfigFiles.Add(source.File);
        if (_akkoma && files.Exists(HostFiles.Absolute("prod.exported_from_db.secret.exs", Path.GetDirectoryName(path))))
        {
            server.Unknown($"Akkoma also merges {HostFiles.Absolute("prod.exported_from_db.secret.exs", Path.GetDirectoryName(path))} over {path}, which ConfLint does not read");
            return;
        }

        if (ElixirConfig.Read(source, out var why) is not { } runtime)
        {
            server.Unknown($"{name} reads {path} ({how}): {why}");
            return;
        }

        var config = ElixirConfig.Merge(Compiled(), runtime);
        var app = _akkoma ? "pleroma" : "mobilizon";
        var endpointKey = _akkoma ? "Elixir.Pleroma.Web.Endpoint" : "Elixir.Mobilizon.Web.Endpoint";
        var endpointName = endpointKey["Elixir.".Length..];
        if (_akkoma && ElixirConfig.Get(config, out var blockedDb, "pleroma", "configurable_from_database") is var fromDatabase
            && (blockedDb is not null || fromDatabase is not ElixirTerm.Atom { Name: "false" or "nil" } and not null))
        {
            server.Unknown($"Akkoma's configurable_from_database ({Said(fromDatabase ?? blockedDb!, path)}) may apply settings kept in its database, which ConfLint does not read");
            return;
        }

        // Phoenix.Endpoint.Supervisor server?/1: the endpoint's :server, else :phoenix's :serve_endpoints, else false.
        var serverSetting = ElixirConfig.Get(config, out var blockedServer, app, endpointKey, "server")
            ?? (blockedServer is null ? ElixirConfig.Get(config, out blockedServer, "phoenix", "serve_endpoints") : null);
        if (blockedServer is not null || serverSetting is not ElixirTerm.Atom { Name: "true" })
        {
            server.Unknown(serverSetting is null && blockedServer is null
                ? $"{name}'s {endpointName} has no server: true (nor :phoenix's serve_endpoints) in {path} or its compiled configuration: whether it serves HTTP is not decided here"
                : $"whether {name}'s {endpointName} starts its server ({Said(serverSetting ?? blockedServer!, path)}) is not a literal ConfLint reads");
            return;
        }

        var https = ElixirConfig.Get(config, out var blockedHttps, app, endpointKey, "https");
        if (https is not null || blockedHttps is not null)
        {
            server.Unknown($"{name}'s {endpointName} also has https: ({Said(https ?? blockedHttps!, path)}), a listener ConfLint does not read");
            return;
        }

        var http = ElixirConfig.Get(config, out var blockedHttp, app, endpointKey, "http");
        if (blockedHttp is not null || http is not ElixirTerm.List { IsKeyword: true } httpList)
        {
            server.Unknown(http is null && blockedHttp is null
                ? $"{name}'s {endpointName} has no http: in {path} or its compiled configuration"
                : $"{name}'s {endpointName} http: ({Said(http ?? blockedHttp!, path)}) is computed");
            return;
        }

        var port = httpList.Get("port");
        var ip = httpList.Get("ip");
        if (port is not ElixirTerm.Integer { Value: >= 1 and <= 65535 } portNumber)
        {
            server.Unknown(port is null
                ? $"{name}'s {endpointName} http: has no port"
                : $"{name}'s {endpointName} http: port ({Said(port, path)}) is not a port ConfLint can place");
            return;
        }

        if (ip is null)
        {
            server.Unknown($"{name}'s {endpointName} http: has no ip, so its web server's default address (not checked here)");
            return;
        }

        if (Address(ip) is not { } host)
        {
            server.Unknown($"{name}'s {endpointName} http: ip ({Said(ip, path)}) is not an address ConfLint can place");
            return;
        }

        var note = $"{name}: {endpointName} http: ip {Said(ip, path)}, port {Said(port, path)}"
            + $" ({path}, {how}, merged over the release's compiled configuration)";
        var endpoint = Endpoint.Tcp(host, (int)portNumber.Value);
        if ((port.At ?? ip.At) is { } at)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, null, BackendProtocol.Http, note);
        }
    }

    /// <summary>The file the config provider merges, and how it was chosen; null (unknown, and why) where it cannot be placed.</summary>
    private (string Path, string How)? ConfigPath(AppServer server, AppServerContext context, HostFiles files, string root)
    {
        var variables = _akkoma ? new[] { "AKKOMA_CONFIG_PATH", "PLEROMA_CONFIG_PATH" } : ["MOBILIZON_CONFIG_PATH"];
        if (EnvScriptSets(context, files, root, variables) is { } script)
        {
            server.Unknown($"the release's {script} mentions {string.Join(" or ", variables)}, and the launcher sources it");
            return null;
        }

        foreach (var variable in variables)
        {
            var value = context.Variable(variable, out var known);
            if (!known)
            {
                server.Unknown($"{variable}, which names the file the release reads, may be set where ConfLint cannot see it");
                return null;
            }

            // System.get_env gives "" for a variable set empty, which is not nil: File.exists?("") is false, no file is read.
            if (value is not null)
            {
                if (value.Length == 0 || value.Contains('$') || !value.StartsWith('/'))
                {
                    server.Unknown($"{variable}={value} is not a file ConfLint can place");
                    return null;
                }

                return (value, $"{variable}={value}");
            }
        }

        if (!_akkoma)
        {
            return ("/etc/mobilizon/config.exs", "the release's default path");
        }

        if (files.Exists("/etc/pleroma/config.exs"))
        {
            return ("/etc/pleroma/config.exs", "the release's first default path, which exists");
        }

        if (context.UnseenFiles)
        {
            server.Unknown("Akkoma reads /etc/pleroma/config.exs where it exists, which ConfLint cannot see");
            return null;
        }

        return ("/etc/akkoma/config.exs", "the release's default path, /etc/pleroma/config.exs not existing");
    }

    /// <summary>The launcher sources <c>releases/VSN/env.sh</c> (VSN the second word of <c>releases/start_erl.data</c>, or
    /// <c>RELEASE_VSN</c>): the script's path where a line of it that is not a comment names one of the variables.</summary>
    private static string? EnvScriptSets(AppServerContext context, HostFiles files, string root, string[] variables)
    {
        var version = context.Environment.GetValueOrDefault("RELEASE_VSN");
        if (version is null && files.Read(root + "/releases/start_erl.data") is { } data)
        {
            var words = data.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            version = words.Length >= 2 ? words[1] : null;
        }

        if (version is null || version.Contains('/') || version.Contains('$'))
        {
            return $"{root}/releases/*/env.sh";
        }

        var path = $"{root}/releases/{version}/env.sh";
        if (files.Read(path) is not { } script)
        {
            return null;
        }

        return script.Text.Split('\n').Any(line => !line.TrimStart().StartsWith('#') && variables.Any(v => line.Contains(v, StringComparison.Ordinal))) ? path : null;
    }

    /// <summary>The release's compiled configuration, as far as the endpoint's address goes (see the class's sources).</summary>
    private ElixirTerm.List Compiled()
    {
        static ElixirTerm Int(long value) => new ElixirTerm.Integer(value, null, 0, 0);
        static ElixirTerm Atom(string name) => new ElixirTerm.Atom(name, null, 0, 0);
        if (!_akkoma)
        {
            // config/prod.exs: config :mobilizon, Mobilizon.Web.Endpoint, http: [port: 4000] (config/config.exs sets no http).
            return ElixirConfig.Keywords(("mobilizon", ElixirConfig.Keywords(("Elixir.Mobilizon.Web.Endpoint", ElixirConfig.Keywords(("http", ElixirConfig.Keywords(("port", Int(4000)))))))));
        }

        // config/config.exs: http: [ip: {127, 0, 0, 1}, dispatch: ...], configurable_from_database: false; config/prod.exs:
        // http: [port: 4000], config :phoenix, serve_endpoints: true.
        var loopback = new ElixirTerm.Tuple([Int(127), Int(0), Int(0), Int(1)], null, 0, 0);
        return ElixirConfig.Keywords(
            ("pleroma", ElixirConfig.Keywords(
                ("Elixir.Pleroma.Web.Endpoint", ElixirConfig.Keywords(("http", ElixirConfig.Keywords(("ip", loopback), ("port", Int(4000)))))),
                ("configurable_from_database", Atom("false")))),
            ("phoenix", ElixirConfig.Keywords(("serve_endpoints", Atom("true")))));
    }

    /// <summary>An <c>ip:</c> tuple as an address: four integers 0-255 (IPv4), eight 0-65535 (IPv6); null otherwise.</summary>
    private static string? Address(ElixirTerm ip)
    {
        if (ip is not ElixirTerm.Tuple { Items: var items } || items.Count is not (4 or 8) || items.Any(i => i is not ElixirTerm.Integer))
        {
            return null;
        }

        var values = items.Cast<ElixirTerm.Integer>().Select(i => i.Value).ToList();
        if (items.Count == 4)
        {
            return values.All(v => v is >= 0 and <= 255) ? string.Join('.', values.Select(v => v.ToString(CultureInfo.InvariantCulture))) : null;
        }

        if (!values.All(v => v is >= 0 and <= 65535))
        {
            return null;
        }

        var bytes = values.SelectMany(v => new[] { (byte)(v >> 8), (byte)(v & 0xff) }).ToArray();
        return new IPAddress(bytes).ToString();
    }

    /// <summary>A term for messages: as written with its file:line:col, or the compiled default.</summary>
    private static string Said(ElixirTerm term, string path)
    {
        if (term.At is not { } at)
        {
            return $"{term.ToElixir()}, the release's compiled default";
        }

        return $"{term.Written} at {path}:{at.Start}";
    }
}
