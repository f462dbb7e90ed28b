using System.Text.RegularExpressions;
using ConfLint.Syntax.Systemd;
using ConfLint.Units;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// unicorn (bin/unicorn, bin/unicorn_rails, lib/unicorn/configurator.rb, socket_helper.rb, http_server.rb), reached as
/// <c>unicorn</c>, <c>unicorn_rails</c>, <c>bundle exec unicorn</c>, a binstub <c>bin/unicorn</c>. Its command line
/// (Ruby's OptionParser: <c>-c</c>/<c>--config-file FILE</c>, <c>-l</c>/<c>--listen ADDRESS</c> any number of times,
/// <c>-o</c>/<c>--host</c> and <c>-p</c>/<c>--port</c> for one more listener, <c>-E</c>/<c>--env</c>, <c>-D</c>; short options
/// clustered, long ones abbreviated) and its configuration file, which unicorn reads only when <c>-c</c> names it (relative
/// to the working folder), as the DSL calls of <see cref="RubyCalls"/>: literal values, local variables assigned once,
/// <c>ENV</c> lookups of the unit's environment (with <c>RACK_ENV</c>, or <c>RAILS_ENV</c> for unicorn_rails, as
/// <c>-E</c> sets it or development). Listeners: the command line's <c>-l</c>, then each <c>listen</c> of the file, then
/// <c>-o</c>/<c>-p</c>'s HOST:PORT (and those the rackup file's <c>#\</c> line gives); only when there is none,
/// 0.0.0.0:8080. An address is <c>expand_addr</c>'s: a path (absolute; <c>unix:PATH</c> taken from the folder unicorn is
/// in then; <c>~</c> from the home folder), <c>HOST:PORT</c>, <c>:PORT</c>, <c>*:PORT</c>, a bare port (0.0.0.0), an
/// address without a port (port 80); a relative path without <c>unix:</c> unicorn cannot bind. <c>working_directory</c>
/// moves the folder. <c>timeout</c> (default 60 s, at least 3) is how long the master lets a worker go silent, so a
/// request longer than that is killed (SIGKILL): the request limit. A <c>listen</c> or <c>timeout</c> under a condition or
/// computed, <c>listeners</c>, <c>eval</c>/<c>instance_eval</c>, and a hook's <c>server.listen</c> (a per-worker
/// listener) leave the listeners unknown, never guessed.
/// </summary>
internal sealed partial class UnicornReader(bool rails) : AppServerReader
{
    /// <summary>The note of unicorn's default listener, used when nothing names one (and no socket is inherited).</summary>
    internal const string DefaultNote = "unicorn's default listen 0.0.0.0:8080";

    private static readonly string[] LongOptions = ["--eval", "--debug", "--warn", "--include", "--require", "--host", "--port", "--env", "--no-default-middleware", "--daemonize", "--pid", "--server", "--listen", "--config-file", "--help", "--version", "--path"];

    /// <summary>The options of bin/unicorn that take a value (short letters), by their long name.</summary>
    private static readonly Dictionary<char, string> ShortWithValue = new()
    {
        ['e'] = "--eval", ['I'] = "--include", ['r'] = "--require", ['o'] = "--host", ['p'] = "--port", ['E'] = "--env", ['P'] = "--pid", ['s'] = "--server", ['l'] = "--listen", ['c'] = "--config-file",
    };

    private static readonly Dictionary<char, string> ShortFlags = new()
    {
        ['d'] = "--debug", ['w'] = "--warn", ['N'] = "--no-default-middleware", ['D'] = "--daemonize", ['h'] = "--help", ['v'] = "--version",
    };

    private string Name => rails ? "unicorn_rails" : "unicorn";

    /// <summary>The command line's options as unicorn's OptionParser takes them: each (long name, value, word), and the
    /// words that are no option (the rackup file first); null with the reason for an option it does not have.</summary>
    private sealed record Options(List<(string Name, SystemdWord? Word, string Value)> Values, List<string> Positional);

    public override void Read(AppServer server, AppServerContext context)
    {
        var parsed = Parse(context.Command.Arguments, out var refused);
        if (parsed is null)
        {
            server.Unknown($"{Name} {refused}");
            server.RequestTimeout = null;
            return;
        }

        if (parsed.Values.Any(v => v.Name == "--eval"))
        {
            server.Unknown($"{Name} -e runs Ruby code before reading its configuration");
        }

        var folder = context.WorkingDirectory;
        string? Last(string name) => parsed.Values.LastOrDefault(v => v.Name == name).Value;

        // -l addresses are expanded when the Configurator is made, from the folder unicorn starts in.
        foreach (var (name, word, value) in parsed.Values)
        {
            if (name == "--listen")
            {
                if (Address(value, folder, context) is { } endpoint)
                {
                    server.AddBind(endpoint, word, BackendProtocol.Http);
                }
                else
                {
                    server.Unknown($"{Name} --listen {value} names no address ConfLint can place");
                }
            }
        }

        var environment = new Dictionary<string, string>(context.Environment, StringComparer.Ordinal);
        var variable = rails ? "RAILS_ENV" : "RACK_ENV";
        if (Last("--env") is { } env)
        {
            environment[variable] = env;
        }
        else if (context.Variable(variable, out var known) is null && known)
        {
            environment[variable] = "development";
        }

        server.RequestTimeout = Duration.FromSeconds(60);
        server.RequestTimeoutSetting = $"{Name}'s default timeout";
        if (Last("--config-file") is { } option)
        {
            folder = ReadFile(server, context, HostFiles.Absolute(option, context.WorkingDirectory), environment, folder);
        }

        // The rackup file's first-line options (#\ -p 3000), read after the configuration file, from its folder.
        var rackup = parsed.Positional.FirstOrDefault() ?? "config.ru";
        var hostPort = parsed.Values.Where(v => v.Name is "--host" or "--port").ToList();
        if (rackup.EndsWith(".ru", StringComparison.Ordinal) && folder is not null && context.Files?.Read(HostFiles.Absolute(rackup, folder)) is { } ru
            && RackupOptions().Match(ru.Text) is { Success: true } line)
        {
            var words = line.Groups[1].Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(w => new SystemdWord(w, 0, 0)).ToList();
            if (Parse(words, out var why) is not { } inner)
            {
                server.Unknown($"{HostFiles.Absolute(rackup, folder)}'s #\\ line: {why}");
            }
            else
            {
                foreach (var (name, _, value) in inner.Values.Where(v => v.Name is "--listen" or "--host" or "--port"))
                {
                    if (name == "--listen" && Address(value, folder, context) is { } endpoint)
                    {
                        server.AddBindAt(endpoint, HostFiles.At(ru, line.Index, line.Length), BackendProtocol.Http, $"-l in {HostFiles.Absolute(rackup, folder)}'s #\\ line");
                    }
                    else if (name == "--listen")
                    {
                        server.Unknown($"{HostFiles.Absolute(rackup, folder)}'s #\\ line listens on {value}, which names no address ConfLint can place");
                    }
                }

                if (inner.Values.Any(v => v.Name is "--host" or "--port"))
                {
                    server.Unknown($"{HostFiles.Absolute(rackup, folder)}'s #\\ line sets -o/-p, which ConfLint does not follow");
                }
            }
        }
        else if (rackup.EndsWith(".ru", StringComparison.Ordinal) && (folder is null || context.UnseenFiles))
        {
            server.Unknowns.Add($"{Name}'s rackup file {rackup} was not read (a #\\ line could add a listener)");
        }

        if (hostPort.Count > 0)
        {
            // -o HOST and -p PORT make one more listener, HOST:PORT (0.0.0.0:8080 for what is not given).
            var host = Last("--host") ?? "0.0.0.0";
            var port = Last("--port") ?? "8080";
            var word = hostPort[^1].Word;
            if (int.TryParse(port, out var number) && AppServer.HostAndPort(host, number) is { } endpoint)
            {
                server.AddBind(endpoint, word, BackendProtocol.Http);
            }
            else
            {
                server.Unknown($"{Name} -o {host} -p {port} names no address ConfLint can place");
            }
        }

        if (server.Binds.Count == 0 && !server.BindsUnknown)
        {
            server.AddBind(Endpoint.Tcp("0.0.0.0", 8080), null, BackendProtocol.Http, DefaultNote);
        }
    }

    /// <summary>The configuration file: its listeners, timeout and working folder; returns the folder unicorn is in after it.</summary>
    private string? ReadFile(AppServer server, AppServerContext context, string path, IReadOnlyDictionary<string, string> environment, string? folder)
    {
        if (context.Files?.Read(path) is not { } file)
        {
            server.Unknown($"{Name}'s configuration file {path} is not in the root");
            server.RequestTimeout = null;
            return folder;
        }

        server.ConfigFiles.Add(file.File);
        foreach (Match hook in HookListen().Matches(file.Text))
        {
            var line = file.Text.AsSpan(0, hook.Index).Count('\n') + 1;
            server.Unknown($"{path}:{line} adds a listener from a hook (server.listen), which ConfLint does not follow");
        }

        foreach (var call in RubyCalls.Read(file, environment))
        {
            var where = $"{call.Location.Path}:{call.Location.Start.Line}";
            switch (call.Name)
            {
                case "listen" or "listeners" or "working_directory" or "eval" or "instance_eval" when !call.Unconditional || call.Arguments is null:
                    server.Unknown($"{call.Name} in {where} runs only under a condition, or with a value computed by code");
                    break;
                case "listeners" or "eval" or "instance_eval":
                    server.Unknown($"{call.Name} in {where} sets listeners ConfLint does not read");
                    break;
                case "listen" when call.Arguments is [var address]:
                    if (Address(address, folder, context) is { } endpoint)
                    {
                        server.AddBindAt(endpoint, call.Location, BackendProtocol.Http, $"listen in {where}");
                    }
                    else
                    {
                        server.Unknown($"listen {address} in {where} names no address ConfLint can place");
                    }

                    break;
                case "listen":
                    server.Unknown($"listen in {where} has arguments ConfLint does not read");
                    break;
                case "working_directory" when call.Arguments is [var directory]:
                    folder = Expand(directory, folder, context);
                    server.WorkingDirectory = folder;
                    break;
                case "working_directory":
                    folder = null;
                    server.WorkingDirectory = null;
                    break;
                case "timeout" when call.Unconditional && call.Arguments is [var text] && int.TryParse(text, out var seconds) && seconds >= 3:
                    server.RequestTimeout = Duration.FromSeconds(Math.Min(seconds, 30 * 24 * 3600));
                    server.RequestTimeoutAt = call.Location;
                    server.RequestTimeoutSetting = $"timeout in {file.File.Display}";
                    break;
                case "timeout":
                    // Computed, conditional, or refused (below 3): the limit is not known, and the default is not assumed.
                    server.RequestTimeout = null;
                    server.RequestTimeoutAt = null;
                    server.Unknowns.Add($"timeout in {where} is not a literal number unicorn accepts unconditionally: its request limit is not known");
                    break;
            }
        }

        return folder;
    }

    /// <summary>An address as unicorn's <c>expand_addr</c> and <c>bind_listen</c> take it; null where it cannot be placed
    /// (a variable's value, a name of an unknown folder) or unicorn cannot bind it.</summary>
    internal static Endpoint? Address(string text, string? folder, AppServerContext? context = null)
    {
        var address = text.Trim();
        if (address.Length == 0 || address.Contains("#{", StringComparison.Ordinal) || address.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }

        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            return Expand(address["unix:".Length..], folder, context) is { } path ? Endpoint.Unix(path) : null;
        }

        if (address.StartsWith('~'))
        {
            return Expand(address, folder, context) is { } home ? Endpoint.Unix(home) : null;
        }

        if (address.StartsWith('/'))
        {
            return Endpoint.Unix(Workspace.RootedFileSystem.Normalize(address));
        }

        if (BarePort().Match(address) is { Success: true } bare)
        {
            return int.TryParse(bare.Groups[1].Value, out var port) ? AppServer.HostAndPort("0.0.0.0", port) : null;
        }

        if (BareHost().Match(address) is { Success: true } noPort)
        {
            return AppServer.HostAndPort(noPort.Groups[1].Value, 80);
        }

        if (HostPort().Match(address) is { Success: true } hostPort && int.TryParse(hostPort.Groups["port"].Value, out var number))
        {
            var host = hostPort.Groups["host"].Value;
            return host.Length == 0 ? AppServer.HostAndPort("0.0.0.0", number)
                : host.Contains('$') || host.Contains('%') || host.Contains('/') ? null
                : AppServer.HostAndPort(host.Trim('[', ']'), number);
        }

        // A relative path without unix: (bind_listen: "Don't know how to bind").
        return null;
    }

    /// <summary>Ruby's <c>File.expand_path</c>: absolute as written, <c>~</c> from the home folder, else from
    /// <paramref name="folder"/>; null where that is not known.</summary>
    private static string? Expand(string path, string? folder, AppServerContext? context)
    {
        if (path.Length == 0 || path.Contains('$') || path.Contains("#{", StringComparison.Ordinal))
        {
            return null;
        }

        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = context?.Environment.GetValueOrDefault("HOME") ?? context?.Home;
            return home is { Length: > 0 } && home.StartsWith('/') ? Workspace.RootedFileSystem.Normalize(home + path[1..]) : null;
        }

        if (path.StartsWith('~'))
        {
            return null;
        }

        return path.StartsWith('/') ? Workspace.RootedFileSystem.Normalize(path)
            : folder is { Length: > 0 } && folder.StartsWith('/') ? HostFiles.Absolute(path, folder)
            : null;
    }

    /// <summary>The options of unicorn's (or unicorn_rails') command line; null where OptionParser would refuse one.</summary>
    private Options? Parse(IReadOnlyList<SystemdWord> arguments, out string? refused)
    {
        refused = null;
        var values = new List<(string, SystemdWord?, string)>();
        var positional = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i];
            var value = word.Value;
            if (value == "--")
            {
                positional.AddRange(arguments.Skip(i + 1).Select(a => a.Value));
                break;
            }

            if (value.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = value.IndexOf('=');
                var given = equals >= 0 ? value[..equals] : value;
                var own = LongOptions.Where(o => o != "--path" || rails).Where(o => o != "--no-default-middleware" && o != "--pid" && o != "--server" || !rails).ToList();
                var matches = own.Contains(given) ? [given] : own.Where(o => o.StartsWith(given, StringComparison.Ordinal)).ToList();
                if (matches.Count != 1)
                {
                    refused = $"has an option it does not take: {value}";
                    return null;
                }

                var name = matches[0];
                if (ShortFlags.ContainsValue(name))
                {
                    continue;
                }

                if (equals >= 0)
                {
                    values.Add((name, Attached(word, equals + 1), value[(equals + 1)..]));
                }
                else if (i + 1 < arguments.Count)
                {
                    values.Add((name, arguments[i + 1], arguments[++i].Value));
                }
                else
                {
                    refused = $"has {value} without a value";
                    return null;
                }

                continue;
            }

            if (value.StartsWith('-') && value.Length > 1)
            {
                for (var at = 1; at < value.Length; at++)
                {
                    var letter = value[at];
                    if (ShortFlags.ContainsKey(letter) && !(rails && letter == 'N'))
                    {
                        continue;
                    }

                    if (!ShortWithValue.TryGetValue(letter, out var name) || rails && letter == 's')
                    {
                        refused = $"has an option it does not take: -{letter}";
                        return null;
                    }

                    if (rails && letter == 'P')
                    {
                        name = "--path";
                    }

                    if (at + 1 < value.Length)
                    {
                        values.Add((name, Attached(word, at + 1), value[(at + 1)..]));
                    }
                    else if (i + 1 < arguments.Count)
                    {
                        values.Add((name, arguments[i + 1], arguments[++i].Value));
                    }
                    else
                    {
                        refused = $"has -{letter} without a value";
                        return null;
                    }

                    break;
                }

                continue;
            }

            positional.Add(value);
        }

        return new Options(values, positional);
    }

    /// <summary>The part of a word from <paramref name="at"/> on, located where it is written.</summary>
    private static SystemdWord Attached(SystemdWord word, int at) =>
        new(word.Value[at..], word.End - word.Start == word.Value.Length ? word.Start + at : word.Start, word.End);

    /// <summary>A hook's per-worker listener: <c>server.listen(...)</c>.</summary>
    [GeneratedRegex(@"\bserver\s*\.\s*listen\b")]
    private static partial Regex HookListen();

    /// <summary>The rackup file's options line (Configurator#parse_rackup_file: <c>/^#\\(.*)/</c>).</summary>
    [GeneratedRegex(@"^#\\(.*)$", RegexOptions.Multiline)]
    private static partial Regex RackupOptions();

    [GeneratedRegex(@"^(?:\*:|:)?(\d+)$")]
    private static partial Regex BarePort();

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:]+\]|(?:\d+\.){3}\d+)$")]
    private static partial Regex BareHost();

    [GeneratedRegex(@"^(?<host>\[[0-9A-Fa-f:]+\]|.*):(?<port>\d+)$")]
    private static partial Regex HostPort();
}
