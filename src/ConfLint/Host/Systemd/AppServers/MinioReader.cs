using System.Globalization;
using System.Text.RegularExpressions;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// MinIO (minio/minio, cmd/server-main.go): <c>minio [global flags] server [flags] DIR...</c>, as MinIO's unit runs it
/// (<c>minio server $MINIO_OPTS $MINIO_VOLUMES</c> with <c>EnvironmentFile=/etc/default/minio</c>; systemd splits an
/// unbraced <c>$MINIO_OPTS</c> into words, and the words are read as systemd gives them). The S3 API listens on
/// <c>--address</c>, else <c>MINIO_ADDRESS</c>, else <c>:9000</c>; the console on <c>--console-address</c>, else
/// <c>MINIO_CONSOLE_ADDRESS</c>, else a port chosen at random at each start (unknown here), and not at all with
/// <c>MINIO_BROWSER=off</c>. An address without a host (<c>:9000</c>) is every address. A <c>--config</c> (or
/// <c>MINIO_CONFIG</c>) YAML file may set both addresses, and is not read: the addresses are then unknown.
/// </summary>
internal sealed partial class MinioReader : AppServerReader
{
    /// <summary>MinIO's global flags that take a value (cmd/main.go's GlobalFlags).</summary>
    private static readonly HashSet<string> GlobalWithValue = new(StringComparer.Ordinal) { "--certs-dir", "-certs-dir", "-S", "--config-dir", "-config-dir", "-C" };

    public override void Read(AppServer server, AppServerContext context)
    {
        if (Words(server, context) is not { } words)
        {
            return;
        }

        // The command after the global flags: only `server` serves.
        var at = 0;
        while (at < words.Count && words[at].Value.StartsWith('-'))
        {
            at += GlobalWithValue.Contains(words[at].Value) ? 2 : 1;
        }

        if (at >= words.Count || words[at].Value != "server")
        {
            server.Unknown($"minio is run without its server command{(at < words.Count ? $" ({words[at].Value})" : string.Empty)}: ConfLint does not read where it listens");
            return;
        }

        var own = new SystemdCommand(context.Command.Prefixes, context.Command.Executable, words.Skip(at + 1).ToList());
        var configKnown = true;
        var config = own.OptionValues("--config", "-config").Select(w => w.Value).LastOrDefault() ?? context.Variable("MINIO_CONFIG", out configKnown);
        if (config is { Length: > 0 } || (config is null && !configKnown))
        {
            server.Unknown($"MinIO reads the configuration file {config ?? "MINIO_CONFIG may name"}, which may set its addresses and which ConfLint does not read");
            return;
        }

        server.SeparateServers = true;
        if (Address(server, context, own, "address", "MINIO_ADDRESS", ":9000") is { } api)
        {
            Bind(server, context, api, "S3 API");
        }

        var browser = context.Variable("MINIO_BROWSER", out var browserKnown);
        if (browserKnown && browser?.Trim().ToLowerInvariant() is "off" or "false" or "0" or "disable" or "disabled" or "no")
        {
            return;
        }

        if (Address(server, context, own, "console-address", "MINIO_CONSOLE_ADDRESS", null) is { } console)
        {
            Bind(server, context, console, "console");
        }
    }

    private sealed record Setting(Endpoint Endpoint, string Source, SystemdWord? Word, string? Variable, string Flag);

    /// <summary>The words minio is given: a whole-word variable the complete environment does not set is no word (systemd
    /// drops it); null (with the reason) where a word holds an unexpanded variable, or spaces (several options given as
    /// one word, which MinIO would not take apart).</summary>
    private static List<SystemdWord>? Words(AppServer server, AppServerContext context)
    {
        var words = new List<SystemdWord>();
        foreach (var word in context.Command.Arguments)
        {
            if (WholeVariable().Match(word.Value) is { Success: true } reference)
            {
                var name = reference.Groups["name"].Value;
                if (context.Variable(name, out var known) is null && known)
                {
                    continue;
                }

                server.Unknown($"minio's command line takes ${name} from the environment, which ConfLint cannot tell: it may hold --address or --console-address");
                return null;
            }

            if (word.Value.Contains('$') || word.Value.Any(char.IsWhiteSpace))
            {
                server.Unknown($"minio's command line has the word '{word.Value}', which ConfLint does not take as MinIO's options");
                return null;
            }

            words.Add(word);
        }

        return words;
    }

    /// <summary>An address of the flag, else of the variable, else the default; null (with the reason) where it is not
    /// known or cannot be placed.</summary>
    private static Setting? Address(AppServer server, AppServerContext context, SystemdCommand own, string flag, string variable, string? fallback)
    {
        var given = own.OptionValues("--" + flag, "-" + flag).ToList();
        string text;
        string source;
        SystemdWord? word = null;
        string? fromVariable = null;
        if (given.Count > 0)
        {
            text = given[^1].Value;
            word = given[^1];
            source = $"--{flag} {text}";
        }
        else
        {
            var value = context.Variable(variable, out var known);
            if (!known)
            {
                server.Unknown($"MinIO's {variable} may be set where ConfLint cannot see it");
                return null;
            }

            if (value is { Length: > 0 })
            {
                text = value.Trim();
                source = $"{variable}={text} in the environment";
                fromVariable = variable;
            }
            else if (fallback is not null)
            {
                text = fallback;
                source = $"MinIO's default --{flag} {fallback}";
            }
            else
            {
                server.Unknown($"MinIO is given no --{flag} nor {variable}: it takes a port at random at each start");
                return null;
            }
        }

        if (Parse(text) is not { } endpoint)
        {
            server.Unknown($"MinIO's {source} is not an address ConfLint can place");
            return null;
        }

        return new Setting(endpoint, source, word, fromVariable, flag);
    }

    /// <summary>Go's <c>HOST:PORT</c>: an empty host is every address (<c>::</c>, which takes IPv4 too); a name other than
    /// localhost, or port 0 (one the system picks), cannot be placed.</summary>
    internal static Endpoint? Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            return null;
        }

        return host.Length == 0 ? Endpoint.Tcp("::", port) : AppServer.HostAndPort(host, port);
    }

    /// <summary>Adds the bind where it is written: the option's word, the variable's line, or the option inside a variable the
    /// environment file sets (<c>MINIO_OPTS="--console-address :9001"</c>), which systemd split into the command's words.</summary>
    private static void Bind(AppServer server, AppServerContext context, Setting setting, string what)
    {
        var note = $"MinIO's {what}: {setting.Source}";
        if (setting.Variable is { } variable && context.EnvironmentAt?.GetValueOrDefault(variable) is { } line)
        {
            server.AddBindAt(setting.Endpoint, line, BackendProtocol.Http, note);
            return;
        }

        if (setting.Word is { } word)
        {
            var holder = context.Environment.Where(e => Holds(e.Value, setting.Flag, word.Value)).Select(e => e.Key).Order(StringComparer.Ordinal).FirstOrDefault();
            if (holder is not null && context.EnvironmentAt?.GetValueOrDefault(holder) is { } holderLine)
            {
                server.AddBindAt(setting.Endpoint, holderLine, BackendProtocol.Http, $"{note}, in {holder}");
                return;
            }
        }

        server.AddBind(setting.Endpoint, setting.Word, BackendProtocol.Http, note);
    }

    /// <summary>Whether a variable's words give the flag (its name without dashes) that value (<c>--flag VALUE</c>,
    /// <c>--flag=VALUE</c>, or with one dash, as Go's flag package takes them).</summary>
    private static bool Holds(string value, string flag, string given)
    {
        var parts = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var name = parts[i].StartsWith("--", StringComparison.Ordinal) ? parts[i][2..] : parts[i].StartsWith('-') ? parts[i][1..] : null;
            if ((name == flag && i + 1 < parts.Length && parts[i + 1] == given) || name == flag + "=" + given)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))$")]
    private static partial Regex WholeVariable();
}
