using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Jenkins, as the packaging's launcher runs it (jenkinsci/packaging systemd/jenkins.sh, installed as
/// <c>/usr/bin/jenkins</c> and started by the deb's and the rpm's <c>jenkins.service</c>), or as <c>java -jar
/// jenkins.war</c>. The launcher's <c>infer_jenkins_opts</c> turns the unit's environment into winstone's options, each
/// only when the variable is not empty: <c>JENKINS_PORT</c> → <c>--httpPort</c>, <c>JENKINS_LISTEN_ADDRESS</c> →
/// <c>--httpListenAddress</c>, <c>JENKINS_UNIX_DOMAIN_PATH</c> → <c>--httpUnixDomainPath</c>, the HTTPS and HTTP/2 pairs,
/// <c>JENKINS_PREFIX</c> → <c>--prefix</c>; then <c>JENKINS_OPTS</c> and the launcher's own arguments, all through the
/// shell's <c>eval</c> (a value the shell would expand or split is unknown here). <c>JAVA_OPTS</c> goes to the JVM before
/// <c>-jar</c> and sets none of winstone's options. winstone (winstone.cmdline.CmdLineParser.parse) takes only
/// <c>--name=value</c>, the last of a name wins, and a properties file (<c>--config</c>, else <c>winstone.properties</c>
/// in the working folder) fills in the names the command line leaves out. Its defaults (winstone.cmdline.Option):
/// <c>httpPort</c> 8080 (below 0, no HTTP connector), no listen address (every address), <c>httpsPort</c> and
/// <c>http2Port</c> -1 (off); with <c>httpUnixDomainPath</c> the HTTP connector is that socket instead of a port
/// (ServerConnectorBuilder.build). <c>/etc/default/jenkins</c> is read only by the SysV script: a port it names that
/// Jenkins does not listen on is recorded as an unread port (<see cref="AppServer.UnreadPorts"/>).
/// </summary>
internal sealed class JenkinsReader : AppServerReader
{
    /// <summary>The launcher's variables and the options <c>infer_jenkins_opts</c> makes of them, in its order.</summary>
    private static readonly (string Variable, string Option)[] Launcher =
    [
        ("JENKINS_PORT", "httpPort"),
        ("JENKINS_LISTEN_ADDRESS", "httpListenAddress"),
        ("JENKINS_UNIX_DOMAIN_PATH", "httpUnixDomainPath"),
        ("JENKINS_HTTPS_PORT", "httpsPort"),
        ("JENKINS_HTTPS_LISTEN_ADDRESS", "httpsListenAddress"),
        ("JENKINS_HTTP2_PORT", "http2Port"),
        ("JENKINS_HTTP2_LISTEN_ADDRESS", "http2ListenAddress"),
        ("JENKINS_PREFIX", "prefix"),
    ];

    /// <summary>winstone's options that say where it listens and under which path, and the one that names its properties file.</summary>
    private static readonly HashSet<string> Options = new(StringComparer.Ordinal)
    {
        "httpPort", "httpListenAddress", "httpUnixDomainPath", "httpsPort", "httpsListenAddress", "http2Port", "http2ListenAddress", "prefix", "config",
    };

    /// <summary>The packaging's files for the init scripts, and the variable each names the port with.</summary>
    private static readonly (string Path, string Variable)[] InitScriptFiles = [("/etc/default/jenkins", "HTTP_PORT"), ("/etc/sysconfig/jenkins", "JENKINS_PORT")];

    /// <summary>One of winstone's options as it ends up: its value, what set it (for messages), and where.</summary>
    private sealed record Setting(string Value, string Source, Location? At, SystemdWord? Word);

    public override void Read(AppServer server, AppServerContext context)
    {
        var launcher = server.Program == "jenkins";
        var options = new Dictionary<string, Setting>(StringComparer.Ordinal);
        if (launcher && !FromEnvironment(server, context, options))
        {
            return;
        }

        foreach (var word in context.Command.Arguments)
        {
            if (launcher && !IsPlain(word.Value, allowSpaces: false))
            {
                server.Unknown($"the argument {word.Value} of /usr/bin/jenkins is evaluated by its shell");
                return;
            }

            if (!Take(server, options, word.Value, "the command line", null, word))
            {
                return;
            }
        }

        if (!FromProperties(server, context, options))
        {
            return;
        }

        AddBinds(server, options);
        if (options.TryGetValue("prefix", out var prefix) && ContextPath(prefix.Value) is { } path)
        {
            server.ContextPath = (path, $"--prefix={prefix.Value}" + (prefix.Source == "the command line" ? string.Empty : $" from {prefix.Source}"));
        }

        if (launcher)
        {
            UnreadPorts(server, context);
        }
    }

    /// <summary>The launcher's variables, then <c>JENKINS_OPTS</c>; false when one cannot be known (the shell would expand it).</summary>
    private static bool FromEnvironment(AppServer server, AppServerContext context, Dictionary<string, Setting> options)
    {
        foreach (var (variable, option) in Launcher)
        {
            if (!context.Environment.TryGetValue(variable, out var value) || value.Length == 0)
            {
                continue;
            }

            if (!IsPlain(value, allowSpaces: false))
            {
                server.Unknown($"{variable}={value} is evaluated by the launcher's shell");
                return false;
            }

            options[option] = new Setting(value, variable, context.EnvironmentAt?.GetValueOrDefault(variable), null);
        }

        if (context.Environment.TryGetValue("JENKINS_OPTS", out var extra) && extra.Length > 0)
        {
            if (!IsPlain(extra, allowSpaces: true))
            {
                server.Unknown($"JENKINS_OPTS={extra} is evaluated by the launcher's shell");
                return false;
            }

            var at = context.EnvironmentAt?.GetValueOrDefault("JENKINS_OPTS");
            foreach (var word in ShellScript.Commands(extra).SelectMany(c => c))
            {
                if (!Take(server, options, word, "JENKINS_OPTS", at, null))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>One command-line word as winstone reads it: <c>--name=value</c> sets the name (the last one wins); a name
    /// this reader needs given without <c>=value</c> makes winstone refuse to start, so nothing listens that can be known.</summary>
    private static bool Take(AppServer server, Dictionary<string, Setting> options, string word, string source, Location? at, SystemdWord? systemdWord)
    {
        if (!word.StartsWith("--", StringComparison.Ordinal))
        {
            return true;
        }

        var equals = word.IndexOf('=');
        var name = equals < 0 ? word[2..] : word[2..equals];
        if (!Options.Contains(name))
        {
            return true;
        }

        if (equals < 0)
        {
            server.Unknown($"{word} in {source} has no =value, which winstone refuses");
            return false;
        }

        options[name] = new Setting(word[(equals + 1)..], source, at, systemdWord);
        return true;
    }

    /// <summary>The properties file fills in what the command line leaves out: <c>--config</c> (which must be there), else
    /// <c>winstone.properties</c> of the working folder when it is there.</summary>
    private static bool FromProperties(AppServer server, AppServerContext context, Dictionary<string, Setting> options)
    {
        var named = options.GetValueOrDefault("config");
        if (named is null && (context.WorkingDirectory is null || context.Files is null))
        {
            if (context.UnseenFiles)
            {
                server.Unknown("winstone reads winstone.properties of a working folder ConfLint cannot see");
                return false;
            }

            return true;
        }

        var path = HostFiles.Absolute(named?.Value ?? "winstone.properties", context.WorkingDirectory);
        if (context.Files?.Read(path) is not { } source)
        {
            if (named is not null || context.UnseenFiles)
            {
                server.Unknown($"winstone's properties file {path} is not in the root");
                return false;
            }

            return true;
        }

        server.ConfigFiles.Add(source.File);
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var text = source.Text.Substring(span.Start, span.Length);
            var trimmed = text.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] is '#' or '!')
            {
                continue;
            }

            // java.util.Properties: the key ends at the first '=', ':' or blank.
            var end = trimmed.IndexOfAny(['=', ':', ' ', '\t']);
            var key = end < 0 ? trimmed : trimmed[..end];
            if (!Options.Contains(key) || key == "config" || options.ContainsKey(key))
            {
                continue;
            }

            var value = end < 0 ? string.Empty : trimmed[(end + 1)..].TrimStart('=', ':', ' ', '\t').Trim();
            var offset = span.Start + (text.Length - trimmed.Length);
            options[key] = new Setting(value, path, HostFiles.At(source, offset, trimmed.TrimEnd().Length), null);
        }

        return true;
    }

    private static void AddBinds(AppServer server, Dictionary<string, Setting> options)
    {
        if (options.TryGetValue("httpUnixDomainPath", out var socket) && socket.Value.Length > 0)
        {
            Add(server, Endpoint.Unix(socket.Value), $"--httpUnixDomainPath={socket.Value} from {socket.Source}", socket);
        }
        else
        {
            AddPort(server, options, "httpPort", "httpListenAddress", 8080, "HTTP");
        }

        AddPort(server, options, "httpsPort", "httpsListenAddress", -1, "HTTPS");
        AddPort(server, options, "http2Port", "http2ListenAddress", -1, "HTTP/2 over TLS");
    }

    /// <summary>One connector: its port (the default where unset; none below 0) on its listen address (every address where unset).</summary>
    private static void AddPort(AppServer server, Dictionary<string, Setting> options, string portOption, string addressOption, int defaultPort, string kind)
    {
        var port = options.GetValueOrDefault(portOption);
        var address = options.GetValueOrDefault(addressOption);
        var number = defaultPort;
        if (port is not null && !int.TryParse(port.Value, out number))
        {
            server.Unknown($"--{portOption}={port.Value} from {port.Source} is not a number winstone reads");
            return;
        }

        if (number <= 0)
        {
            return;
        }

        var host = address is { Value.Length: > 0 } ? address.Value : "*";
        var endpoint = Endpoint.Tcp(host, number);
        var parts = new List<string>
        {
            port is null ? $"winstone's default --{portOption} {number}" : $"--{portOption}={port.Value} from {port.Source}",
            address is { Value.Length: > 0 } ? $"--{addressOption}={address.Value} from {address.Source}" : "every address (no --" + addressOption + ")",
        };
        if (kind != "HTTP")
        {
            parts.Insert(0, kind);
        }

        Add(server, endpoint, string.Join(", ", parts), port, address);
    }

    /// <summary>A bind, located where its setting is written: a line of the unit's environment or of the properties file, a
    /// word of ExecStart, else the whole ExecStart.</summary>
    private static void Add(AppServer server, Endpoint endpoint, string note, params Setting?[] settings)
    {
        var located = settings.FirstOrDefault(s => s is { At: not null } or { Word: not null });
        if (located is { At: { } at })
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, located?.Word, BackendProtocol.Http, note);
        }
    }

    /// <summary>winstone's prefix as a path: a leading slash, no trailing one; null for the root.</summary>
    private static string? ContextPath(string prefix)
    {
        var path = "/" + prefix.Trim().Trim('/');
        return path == "/" ? null : path;
    }

    /// <summary>The port Debian's and RHEL's packages write in their init scripts' files (<c>HTTP_PORT=8080</c>,
    /// <c>JENKINS_PORT="8080"</c>).</summary>
    private const int PackagedPort = 8080;

    /// <summary>Ports the init scripts' files name for Jenkins that it does not listen on: the systemd launcher reads neither
    /// (Debian's <c>HTTP_PORT</c> never; RHEL's <c>JENKINS_PORT</c> only through an <c>EnvironmentFile=</c>, when the unit's
    /// environment then holds the same value). The packaged 8080 is not one: a drop-in that moved Jenkins to 8081 beside
    /// an untouched /etc/default/jenkins left no doubt which port is meant.</summary>
    private static void UnreadPorts(AppServer server, AppServerContext context)
    {
        if (context.Files is null)
        {
            return;
        }

        foreach (var (path, variable) in InitScriptFiles)
        {
            if (context.Files.Read(path) is not { } source)
            {
                continue;
            }

            for (var line = 1; line <= source.LineCount; line++)
            {
                var span = source.GetLineSpan(line);
                var text = source.Text.Substring(span.Start, span.Length);
                var trimmed = text.Trim();
                if (!trimmed.StartsWith(variable + "=", StringComparison.Ordinal))
                {
                    continue;
                }

                var value = trimmed[(variable.Length + 1)..].Trim().Trim('"', '\'');
                // 8080 is the value both packages ship in these files (and their unit's own default): a file left as
                // installed says nothing of which port an operator meant.
                if (!int.TryParse(value, out var port) || port <= 0 || port == PackagedPort
                    || (variable == "JENKINS_PORT" && context.Environment.GetValueOrDefault("JENKINS_PORT") == value)
                    || server.Binds.Any(b => b.Endpoint.Kind == EndpointKind.Tcp && b.Endpoint.Port == port))
                {
                    continue;
                }

                var start = span.Start + text.IndexOf(variable, StringComparison.Ordinal);
                server.UnreadPorts.Add((port, HostFiles.At(source, start, trimmed.Length), $"{variable}={value} in {path}, which {context.UnitName} does not read"));
            }
        }
    }

    /// <summary>Whether the launcher's shell takes a value as written: nothing it expands, no operator, no quote (and no
    /// blank, for a value it puts into one word).</summary>
    private static bool IsPlain(string value, bool allowSpaces) =>
        value.AsSpan().IndexOfAny("$`;&|<>()\\\n\"'") < 0 && (allowSpaces || value.AsSpan().IndexOfAny(" \t") < 0);
}
