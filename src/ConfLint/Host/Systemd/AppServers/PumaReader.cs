using ConfLint.Diagnostics;
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
            SocketMode(server, before, word.Value);
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
                        SocketMode(server, server.Binds.Count - 1, url);
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
                    server.PumaSocketModes.RemoveAll(m => m.Location.File == call.Location.File);
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

    /// <summary>The mode a Unix bind's query gives its socket (<see cref="PumaSocketMode"/>), kept for the bind at
    /// <paramref name="index"/>; nothing for another bind, an abstract socket (<c>unix://@name</c>: no file, no mode), or a
    /// query that sets neither <c>umask</c> nor <c>mode</c>.</summary>
    private static void SocketMode(AppServer server, int index, string url)
    {
        var query = url.IndexOf('?');
        if (query < 0 || index < 0 || index >= server.Binds.Count || server.Binds[index].Endpoint is not { Kind: EndpointKind.Unix, Path: { } path }
            || url.StartsWith("unix://@", StringComparison.Ordinal))
        {
            return;
        }

        if (PumaSocketMode.Read(path, server.Binds[index].Location, url[(query + 1)..]) is { } mode)
        {
            server.PumaSocketModes.Add(mode);
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

/// <summary>
/// The mode puma gives a Unix socket it binds (lib/puma/binder.rb, <c>parse</c> and <c>add_unix_listener</c>): the bind
/// URL's query, read by <c>Util.parse_query</c> (pairs split at <c>&amp;</c> or <c>;</c>, each <c>KEY=VALUE</c>
/// unescaped; a key given twice becomes a list), gives <c>umask</c> as Ruby's <c>Integer(u)</c> reads it (a leading 0
/// is octal: <c>0077</c>; <c>0x</c>, <c>0o</c>, <c>0b</c>, <c>0d</c> prefixes; else decimal: <c>77</c> is 0115) and
/// <c>mode</c> as <c>Integer('0' + u)</c> (octal: <c>600</c> and <c>0600</c> alike). puma sets <c>File.umask(umask)</c>
/// (0 without one: "Let anyone connect by default") around <c>UNIXServer.new</c>, so the socket is made 0777 less that
/// umask, owned by puma's own user and group (it never chowns); with <c>mode</c>, <c>File.chmod(mode, path)</c> after the
/// bind sets it outright. <c>backlog</c> and <c>low_latency</c> change nothing here. A value <c>Integer</c> refuses, or a
/// key given twice, makes puma raise at start: the mode is then not known (<see cref="Unknown"/>).
/// </summary>
/// <param name="Path">The socket's path.</param>
/// <param name="Location">Where the bind is written (an ExecStart word, a <c>bind</c> line of the configuration file).</param>
/// <param name="Written">The query's settings that decide the mode, as written, for messages: <c>umask=0077</c>.</param>
/// <param name="Umask">The umask, null without one.</param>
/// <param name="Mode">The mode <c>mode</c> sets, null without one.</param>
/// <param name="Unknown">Why the mode is not known; null when it is.</param>
public sealed record PumaSocketMode(string Path, Location Location, string Written, int? Umask, int? Mode, string? Unknown)
{
    private const int All = 0b111_111_111;

    /// <summary>The socket's permission bits: <see cref="Mode"/> where given, else 0777 less the umask (0 without one);
    /// null where <see cref="Unknown"/>.</summary>
    public int? Result => Unknown is not null ? null : Mode is { } mode ? mode & All : All & ~(Umask ?? 0);

    /// <summary>The query's <c>umask</c> and <c>mode</c> (<paramref name="query"/>: what follows the URL's <c>?</c>); null
    /// when it sets neither.</summary>
    public static PumaSocketMode? Read(string path, Location location, string query)
    {
        var fragment = query.IndexOf('#');
        var pairs = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        foreach (var piece in (fragment >= 0 ? query[..fragment] : query).Split('&', ';'))
        {
            var pair = piece.TrimStart(' ');
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var key = Unescape(equals >= 0 ? pair[..equals] : pair);
            if (key is "umask" or "mode")
            {
                (pairs.TryGetValue(key, out var values) ? values : pairs[key] = []).Add(equals >= 0 ? Unescape(pair[(equals + 1)..]) : null);
            }
        }

        // A key without '=' has the value nil, which puma passes over.
        var umaskValues = pairs.GetValueOrDefault("umask")?.Where(v => v is not null).ToList() ?? [];
        var modeValues = pairs.GetValueOrDefault("mode")?.Where(v => v is not null).ToList() ?? [];
        if (umaskValues.Count == 0 && modeValues.Count == 0)
        {
            return null;
        }

        var written = string.Join('&', umaskValues.Select(v => $"umask={v}").Concat(modeValues.Select(v => $"mode={v}")));
        if (pairs.Values.Any(v => v.Count > 1))
        {
            return new PumaSocketMode(path, location, written, null, null, $"the bind's query gives {(pairs.GetValueOrDefault("umask")?.Count > 1 ? "umask" : "mode")} twice, which puma reads as a list and refuses at start");
        }

        int? umask = null;
        if (umaskValues is [var umaskText])
        {
            umask = RubyInteger(umaskText!);
            if (umask is null)
            {
                return new PumaSocketMode(path, location, written, null, null, $"umask={umaskText} is not an integer ConfLint reads as Ruby's Integer() does");
            }
        }

        int? mode = null;
        if (modeValues is [var modeText])
        {
            mode = RubyInteger("0" + modeText);
            if (mode is null)
            {
                return new PumaSocketMode(path, location, written, null, null, $"mode={modeText} is not an octal mode ConfLint reads");
            }
        }

        return new PumaSocketMode(path, location, written, umask & All, mode, null);
    }

    /// <summary>Ruby's <c>Integer(string)</c> for what a mode or umask may be: surrounding blanks allowed; <c>0x</c>,
    /// <c>0o</c>, <c>0b</c>, <c>0d</c> prefixes (any case), a leading 0 octal, else decimal. Null for anything else (a sign,
    /// an underscore, a digit the base has not, an empty value): puma would raise, or ConfLint does not read it.</summary>
    internal static int? RubyInteger(string text)
    {
        var digits = text.Trim();
        var radix = 10;
        if (digits.Length > 1 && digits[0] == '0')
        {
            (radix, digits) = char.ToLowerInvariant(digits[1]) switch
            {
                'x' => (16, digits[2..]),
                'o' => (8, digits[2..]),
                'b' => (2, digits[2..]),
                'd' => (10, digits[2..]),
                _ => (8, digits[1..]),
            };
        }

        if (digits.Length is 0 or > 10)
        {
            return null;
        }

        var value = 0L;
        foreach (var c in digits)
        {
            var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : int.MaxValue;
            if (digit >= radix)
            {
                return null;
            }

            value = (value * radix) + digit;
        }

        return value > int.MaxValue ? null : (int)value;
    }

    /// <summary><c>URI.decode_www_form_component</c>: <c>+</c> is a blank, <c>%XX</c> a byte.</summary>
    private static string Unescape(string text) =>
        text.Contains('%') || text.Contains('+') ? Uri.UnescapeDataString(text.Replace('+', ' ')) : text;
}
