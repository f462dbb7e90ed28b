using ConfLint.Syntax.Systemd;
using ConfLint.Units;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// puma (lib/puma/configuration.rb, dsl.rb): binds from the command line (<c>-b</c>/<c>--bind</c>, <c>-p</c>/<c>--port</c>)
/// replace those of the configuration file; the file is <c>-C</c>/<c>--config</c> (relative to the working folder), else
/// the first of <c>config/puma/ENV.rb</c> and <c>config/puma.rb</c> there (ENV: <c>-e</c>, else <c>APP_ENV</c>,
/// <c>RACK_ENV</c>, <c>RAILS_ENV</c>, else development). In the file, <c>bind URL</c> and <c>port N[, HOST]</c> add
/// binds (host 0.0.0.0), <c>clear_binds!</c> clears them, <c>ssl_bind HOST, PORT</c> adds a TLS one; literal values,
/// and <c>ENV</c> lookups of variables the service's environment sets (<see cref="RubyCalls"/>).
/// Without any bind, tcp://0.0.0.0:9292. <c>worker_timeout</c> is how long a forked worker may go without checking in,
/// not a limit on a request: puma has none. <c>pumactl [-F FILE] start</c> reaches this reader as puma with <c>-C FILE</c>
/// (<see cref="AppServer"/>).
/// </summary>
internal sealed class PumaReader : AppServerReader
{
    public override void Read(AppServer server, AppServerContext context)
    {
        var command = context.Command;
        foreach (var word in command.OptionValues("--bind", "-b"))
        {
            var before = server.Binds.Count;
            server.AddAddress(word, BackendProtocol.Http, server.WorkingDirectory);
            Tls(server, before, word.Value, $"--bind {word.Value}");
        }

        foreach (var word in command.OptionValues("--port", "-p"))
        {
            if (int.TryParse(word.Value, out var port))
            {
                server.AddBind(Endpoint.Tcp("0.0.0.0", port), word, BackendProtocol.Http);
                server.SetTls(TlsFact.No, $"puma's --port {word.Value} is a plain tcp:// bind", server.Binds.Count - 1);
            }
        }

        for (var i = 0; i < command.Arguments.Count; i++)
        {
            var word = command.Arguments[i].Value;
            if (word == "--bind-to-activated-sockets")
            {
                server.ActivatedSockets = i + 1 < command.Arguments.Count && command.Arguments[i + 1].Value == "only" ? "only" : "true";
            }
            else if (word.StartsWith("--bind-to-activated-sockets=", StringComparison.Ordinal))
            {
                server.ActivatedSockets = word.EndsWith("=only", StringComparison.Ordinal) ? "only" : "true";
            }
        }

        var configured = server.Binds.Count > 0 || server.BindsUnknown;
        var environment = context.Command.OptionValues("--environment", "-e").LastOrDefault().Value
                          ?? new[] { "APP_ENV", "RACK_ENV", "RAILS_ENV" }.Select(v => context.Environment.GetValueOrDefault(v)).FirstOrDefault(v => v is not null)
                          ?? "development";
        ReadFile(server, context, configured, context.Command.OptionValues("--config", "-C").LastOrDefault().Value, environment, "0.0.0.0", Endpoint.Tcp("0.0.0.0", 9292), "puma's default bind");
    }

    /// <summary>puma's configuration file (<paramref name="option"/>, else <c>config/puma/ENV.rb</c> or <c>config/puma.rb</c>
    /// of the working folder), unless the command line's binds replace its own (<paramref name="configured"/>); then the
    /// default bind when none is known. <paramref name="defaultHost"/> is the host of a <c>port N</c> without one (Rails
    /// gives puma its own, <c>localhost</c> in development).</summary>
    internal static void ReadFile(AppServer server, AppServerContext context, bool configured, string? option, string environment, string defaultHost, Endpoint defaultBind, string defaultNote)
    {
        var file = ConfigFile(server, context, option, environment);
        if (file is null || configured)
        {
            DefaultBind(server, defaultBind, defaultNote);
            return;
        }

        server.ConfigFiles.Add(file.File);
        foreach (var call in RubyCalls.Read(file, context.Environment))
        {
            var where = $"{call.Location.Path}:{call.Location.Start.Line}";
            switch (call.Name)
            {
                case "bind" or "port" or "ssl_bind" or "clear_binds!" or "load" or "bind_to_activated_sockets" when !call.Unconditional || call.Arguments is null:
                    server.Unknown($"{call.Name} in {where} runs only under a condition, or with a value computed by code");
                    break;
                case "bind" when call.Arguments is [var url, ..]:
                    if (AppServer.ParseAddress(url, 9292, server.WorkingDirectory) is { } bound)
                    {
                        server.AddBindAt(bound, call.Location, BackendProtocol.Http, $"bind in {where}");
                        Tls(server, server.Binds.Count - 1, url, $"bind {url} in {where}");
                    }
                    else
                    {
                        server.Unknown($"bind {url} in {where} names no fixed address");
                    }

                    break;
                case "port" or "ssl_bind" when Port(call, defaultHost) is { } address:
                    server.AddBindAt(address, call.Location, BackendProtocol.Http, $"{call.Name} in {where}");
                    server.SetTls(call.Name == "ssl_bind" ? TlsFact.Yes : TlsFact.No, call.Name == "ssl_bind" ? $"ssl_bind in {where}" : $"puma's port in {where} is a plain tcp:// bind", server.Binds.Count - 1);
                    break;
                case "clear_binds!":
                    server.Binds.RemoveAll(b => b.Location.File == call.Location.File);
                    break;
                case "load":
                    server.Unknown($"{where} loads more settings from {string.Join(' ', call.Arguments!)}");
                    break;
                case "bind_to_activated_sockets":
                    switch (call.Arguments!.Count == 0 ? "true" : call.Arguments[0].Trim('\'', '"', ':'))
                    {
                        case "true":
                            server.ActivatedSockets = "true";
                            break;
                        case "only":
                            server.ActivatedSockets = "only";
                            break;
                        case "false" or "nil":
                            server.ActivatedSockets = null;
                            break;
                        default:
                            server.Unknown($"bind_to_activated_sockets in {where} has a value ConfLint does not read");
                            break;
                    }

                    break;
                case "worker_timeout" when call.Unconditional && call.Arguments is [var text] && int.TryParse(text, out var seconds):
                    server.WorkerTimeout = (Duration.FromSeconds(seconds), call.Location);
                    break;
                case "directory" when call.Unconditional && call.Arguments is [var folder]:
                    server.WorkingDirectory = folder;
                    break;
            }
        }

        DefaultBind(server, defaultBind, defaultNote);
    }

    private static void DefaultBind(AppServer server, Endpoint bind, string note)
    {
        if (server.Binds.Count == 0 && !server.BindsUnknown)
        {
            server.AddBind(bind, null, BackendProtocol.Http, note);
            server.SetTls(TlsFact.No, $"puma's default bind is plain tcp:// ({note})");
        }
    }

    /// <summary>A bind URL's scheme says whether puma serves TLS there (<c>ssl://</c>) or not (<c>tcp://</c>, <c>unix://</c>):
    /// puma's Binder parses each by its scheme.</summary>
    private static void Tls(AppServer server, int from, string url, string where)
    {
        if (url.StartsWith("ssl://", StringComparison.Ordinal))
        {
            server.SetTls(TlsFact.Yes, where, from);
        }
        else if (url.StartsWith("tcp://", StringComparison.Ordinal) || url.StartsWith("unix://", StringComparison.Ordinal))
        {
            server.SetTls(TlsFact.No, $"puma's {where} is a plain {url[..url.IndexOf(':')]}:// bind", from);
        }
    }

    /// <summary><c>port N[, HOST]</c> or <c>ssl_bind HOST, PORT</c> as an address; null when not literal.</summary>
    private static Endpoint? Port(RubyCalls.Call call, string defaultHost)
    {
        if (call.Name == "port" && call.Arguments is [var number, ..] && int.TryParse(number, out var port))
        {
            return Endpoint.Tcp(call.Arguments.Count > 1 ? call.Arguments[1] : defaultHost, port);
        }

        return call.Name == "ssl_bind" && call.Arguments is [var host, var text, ..] && int.TryParse(text, out var sslPort)
            ? Endpoint.Tcp(host, sslPort)
            : null;
    }

    /// <summary>The configuration file puma reads, or null (none, or <c>-C -</c>).</summary>
    private static Text.SourceText? ConfigFile(AppServer server, AppServerContext context, string? option, string environment)
    {
        if (option == "-")
        {
            return null;
        }

        if (option is not null)
        {
            var path = HostFiles.Absolute(option, context.WorkingDirectory);
            if (context.Files?.Read(path) is { } source)
            {
                return source;
            }

            server.Unknown($"puma's configuration file {path} is not in the root");
            return null;
        }

        if (context.WorkingDirectory is null || context.Files is null || context.UnseenFiles)
        {
            if (context.UnseenFiles && server.Binds.Count == 0)
            {
                server.Unknown("puma reads config/puma.rb of a working folder ConfLint cannot see");
            }

            return null;
        }

        foreach (var candidate in new[] { $"config/puma/{environment}.rb", "config/puma.rb" })
        {
            if (context.Files.Read(HostFiles.Absolute(candidate, context.WorkingDirectory)) is { } source)
            {
                return source;
            }
        }

        return null;
    }
}
