using System.Collections.Concurrent;
using System.Globalization;

namespace ConfLint.Host;

/// <summary>
/// The files an unread program names (<c>--config=/etc/oauth2-proxy/oauth2-proxy.cfg</c>, <c>-c /etc/app.yml</c>,
/// <c>CONFIG=/etc/app.toml</c>), and whether one of them names an address: a program ConfLint does not read keeps its
/// address there as often as on its command line. Only text files under the root are read (through
/// <see cref="HostFiles"/>: never a secret, never outside the root); the words quoted are the address alone.
/// </summary>
public static class UnreadProgramFiles
{
    private static readonly string[] ConfigurationEndings = [".conf", ".cfg", ".cnf", ".ini", ".yml", ".yaml", ".toml", ".json", ".xml", ".properties", ".env", "Caddyfile"];

    /// <summary>Programs that serve no HTTP a proxy could be sent to (data stores, mail, schedulers, system daemons): their
    /// own files, absent from the root, leave no web address unknown.</summary>
    private static readonly HashSet<string> NoHttp = new(StringComparer.Ordinal)
    {
        "redis-server", "redis-sentinel", "valkey-server", "memcached", "postgres", "postmaster", "mysqld", "mariadbd", "mysqld_safe", "mongod", "mongos",
        "rabbitmq-server", "sshd", "cron", "crond", "rsyslogd", "syslog-ng", "master", "dovecot", "opendkim", "opendmarc", "spamd", "clamd", "freshclam",
        "fail2ban-server", "chronyd", "ntpd", "named", "unbound", "dnsmasq", "slapd", "vsftpd", "proftpd", "pure-ftpd", "smbd", "nmbd", "cupsd",
        "pgbouncer", "keepalived", "mosquitto", "snapd", "containerd", "auditd", "irqbalance", "atd", "postfix",
        // A unit that only holds others together (pkgr's zammad.service: ExecStart=/bin/sleep infinity).
        "sleep", "true", "false",
    };

    /// <summary>The host's small system daemons (a shell's, logs', time's, a scheduler's) and the web servers ConfLint reads
    /// as front ends: no application beside PHP-FPM.</summary>
    private static readonly HashSet<string> Infrastructure = new(StringComparer.Ordinal)
    {
        "sshd", "cron", "crond", "rsyslogd", "syslog-ng", "chronyd", "ntpd", "atd", "irqbalance", "auditd", "fail2ban-server", "unbound", "dnsmasq",
        "nginx", "apache2", "httpd", "apachectl", "apache2ctl", "haproxy",
    };

    /// <summary>Where a few programs ConfLint does not read listen when nothing on their command line, in their
    /// environment or in a file those name says otherwise: oauth2-proxy's <c>http_address</c> (127.0.0.1:4180), RStudio
    /// Server's <c>www-port</c> (8787, read by rserver from /etc/rstudio/rserver.conf), Shiny Server's <c>listen</c> (3838).</summary>
    private static readonly Dictionary<string, int> DefaultPorts = new(StringComparer.Ordinal)
    {
        ["oauth2-proxy"] = 4180, ["oauth2_proxy"] = 4180, ["rserver"] = 8787, ["shiny-server"] = 3838,
    };

    /// <summary>The port the program listens on by default (<see cref="DefaultPorts"/>), or null: the program the
    /// command line runs, or one a wrapper's script runs (Shiny Server's packaged unit: <c>env bash -c 'exec
    /// /opt/shiny-server/bin/shiny-server &gt;&gt; LOG'</c>).</summary>
    public static int? DefaultPort(IReadOnlyList<string> words)
    {
        foreach (var word in words)
        {
            if (word.Contains('=', StringComparison.Ordinal) && !word.Contains(' ', StringComparison.Ordinal))
            {
                continue; // KEY=value of the environment, or an option's value
            }

            foreach (var token in word.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (DefaultPorts.TryGetValue(Path.GetFileName(token), out var port))
                {
                    return port;
                }
            }
        }

        return null;
    }

    /// <summary>Process managers whose programs ConfLint reads on their own (supervisord's, PM2's, containers'): the
    /// manager itself listens for no proxy.</summary>
    private static readonly HashSet<string> Managers = new(StringComparer.Ordinal)
    {
        "supervisord", "pm2", "pm2-runtime", "dockerd", "containerd", "podman", "circusd", "runsvdir",
    };

    /// <summary>Whether the program a command line runs is a process manager (<see cref="Managers"/>), through a
    /// <c>python -m supervisor.supervisord</c> or not.</summary>
    public static bool IsManager(IReadOnlyList<string> words) =>
        words.Count > 0 && (Managers.Contains(Path.GetFileName(words[0])) || words.Any(w => w.EndsWith("supervisord", StringComparison.Ordinal) || w == "supervisor.supervisord"));

    /// <summary>Whether the program a command line runs is a system daemon or a web server (<see cref="Infrastructure"/>).</summary>
    public static bool IsInfrastructure(IReadOnlyList<string> words) =>
        words.Count > 0 && Infrastructure.Contains(Path.GetFileName(words[0]));

    /// <summary>Whether the program a command line runs is one known to serve no HTTP (<see cref="NoHttp"/>).</summary>
    public static bool ServesNoHttp(IReadOnlyList<string> words) =>
        words.Count > 0 && NoHttp.Contains(Path.GetFileName(words[0]));

    /// <summary>Whether a command hosts an application whose address is set inside its build, where nothing on the command
    /// line says it: <c>java [options] -jar APP.jar</c>, an executable <c>APP.jar</c> (Spring Boot's launch script),
    /// <c>dotnet APP.dll</c>. Such a program named for an application may well be its web server.</summary>
    public static bool HostsApplication(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return false;
        }

        var program = Path.GetFileName(words[0]);
        return program.EndsWith(".jar", StringComparison.Ordinal)
            || (program == "java" && words.Contains("-jar"))
            || (program == "dotnet" && words.Skip(1).Any(w => w.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The absolute paths a command line or environment names, other than the program itself (its first word):
    /// a word that is a path, or the value after a word's last <c>=</c>.</summary>
    public static IEnumerable<string> Named(IReadOnlyList<string> words)
    {
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            var value = word.LastIndexOf('=') is var equals and >= 0 ? word[(equals + 1)..] : word;
            value = value.Trim('"', '\'');
            if (value.Length > 1 && value[0] == '/' && !value.EndsWith('/') && value.IndexOfAny([' ', '$', '*', '?', ':']) < 0
                && !value.StartsWith("/dev/", StringComparison.Ordinal) && !value.StartsWith("/proc/", StringComparison.Ordinal) && !value.StartsWith("/sys/", StringComparison.Ordinal))
            {
                yield return value;
            }
        }
    }

    /// <summary>Whether a path is named like a configuration file (its ending), so that its absence from the root leaves
    /// the program's address unknown; a data folder or a binary is not.</summary>
    public static bool LooksLikeConfiguration(string path) =>
        ConfigurationEndings.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first word of <paramref name="path"/> (read under the root, text only) that names the endpoint's
    /// port (<c>127.0.0.1:4180</c>, <c>http://localhost:4180/</c>, or a number on a line whose key speaks of a port, a
    /// listen, a bind or an address) or its socket's path, with its line; null when none does or it cannot be read. With
    /// <paramref name="keyedOnly"/>, only on such a line (a file the program was not pointed at, where an address may as
    /// well be one it connects to).</summary>
    public static (string Word, int Line)? Naming(HostModel host, string path, Endpoint endpoint, bool keyedOnly = false)
    {
        var port = endpoint.Port.ToString(CultureInfo.InvariantCulture);
        foreach (var (word, authority, line, keyed) in Words(host, path))
        {
            if (keyedOnly && !keyed)
            {
                continue;
            }

            if (endpoint.Kind == EndpointKind.Tcp
                ? authority.EndsWith(":" + port, StringComparison.Ordinal) || (keyed && (word == port || word.TrimEnd(':') == port))
                : endpoint.Path is { } socket && (word == socket || word == "unix:" + socket || word == "unix://" + socket))
            {
                return (word, line);
            }
        }

        return null;
    }

    /// <summary>Whether a command line's or environment's words name an address: a piece (split at <c>=</c> and
    /// <c>,</c>) that ends in <c>:PORT</c> or is a socket (<c>unix:</c>, <c>.sock</c>), or a port number after a word or
    /// key that speaks of a port, a listen, a bind or an address (<c>--port 8787</c>, <c>PORT=7867</c>).</summary>
    public static bool NamesAnAddress(IReadOnlyList<string> words)
    {
        var keyed = false;
        foreach (var word in words)
        {
            var pieces = word.Split('=', ',');
            for (var i = 0; i < pieces.Length; i++)
            {
                var piece = pieces[i].Trim('"', '\'');
                if (IsAddress(piece) || ((keyed || i > 0) && Keyed(i > 0 ? pieces[i - 1] : string.Empty, keyed) && IsPort(piece)))
                {
                    return true;
                }
            }

            keyed = SpeaksOfAddress(pieces[^1]) && word.StartsWith('-');
        }

        return false;

        static bool Keyed(string key, bool previousWord) => previousWord || SpeaksOfAddress(key);
    }

    /// <summary>Whether a file an unread program names (read under the root, text only) names any address: a
    /// <c>host:port</c> or URL with a port, a socket, or a number on a line whose key speaks of a port, a listen, a bind or an
    /// address.</summary>
    public static bool FileNamesAnAddress(HostModel host, string path)
    {
        foreach (var (word, authority, _, keyed) in Words(host, path))
        {
            if (IsPortAt(authority) || IsSocket(word) || (keyed && IsPort(word.TrimEnd(':'))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Words of an option's or variable's name that make it the program's main listen option: an address word
    /// (<c>listen</c>, <c>bind</c>, <c>port</c>, <c>addr</c>) beside at most <c>web</c>, <c>http</c>, <c>server</c> and the
    /// program's own name (<c>--web.listen-address</c>, <c>--listen</c>, <c>--port</c>, <c>GOTIFY_SERVER_PORT</c>,
    /// <c>LISTEN_ADDR</c>). Any other word names another of its ports (Alertmanager's <c>--cluster.listen-address</c>,
    /// whose default is 0.0.0.0:9094; <c>--metrics-port</c>, <c>--grpc-port</c>, <c>--https-port</c>).</summary>
    private static readonly HashSet<string> AddressWords = new(StringComparer.Ordinal) { "listen", "bind", "port", "addr", "address" };

    private static readonly HashSet<string> MainWords = new(StringComparer.Ordinal) { "web", "http", "server" };

    /// <summary>
    /// The address an unread program's main listen option gives (<see cref="AddressWords"/>): <c>--web.listen-address=127.0.0.1:9093</c>,
    /// <c>--port 8080</c>, <c>GOTIFY_SERVER_PORT=8080</c>, <c>LISTEN_ADDR=/run/app/app.sock</c>, with the word that says it and
    /// the variable's name where the environment does; null where none does, or where two such words give different
    /// addresses. A port alone is taken as every address's (where the program's file may give the host).
    /// </summary>
    public static (Endpoint Endpoint, string Word, string? Variable)? MainListen(IReadOnlyList<string> words, string name)
    {
        var own = new HashSet<string>(name.ToLowerInvariant().Split('-', '_', '.').Where(p => p.Length >= 2), StringComparer.Ordinal);
        if (words.Count > 0)
        {
            foreach (var part in Path.GetFileName(words[0]).ToLowerInvariant().Split('-', '_', '.').Where(p => p.Length >= 2))
            {
                own.Add(part);
            }
        }

        (Endpoint Endpoint, string Word, string? Variable)? found = null;
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            string key, value;
            string? variable = null;
            if (word.StartsWith('-'))
            {
                if (word.IndexOf('=') is var equals and > 0)
                {
                    key = word[..equals];
                    value = word[(equals + 1)..];
                }
                else if (i + 1 < words.Count && !words[i + 1].StartsWith('-') && !words[i + 1].Contains('=', StringComparison.Ordinal))
                {
                    key = word;
                    value = words[i + 1];
                }
                else
                {
                    continue;
                }
            }
            else if (word.IndexOf('=') is var equals and > 0 && word[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                key = variable = word[..equals];
                value = word[(equals + 1)..];
            }
            else
            {
                continue;
            }

            var parts = key.TrimStart('-').ToLowerInvariant().Split(['.', '-', '_'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !parts.Any(AddressWords.Contains) || !parts.All(p => AddressWords.Contains(p) || MainWords.Contains(p) || own.Contains(p)))
            {
                continue;
            }

            if (ParseListen(value.Trim('"', '\''), parts.Contains("port")) is not { } endpoint)
            {
                continue;
            }

            if (found is { } earlier && earlier.Endpoint.Describe() != endpoint.Describe())
            {
                return null;
            }

            found ??= (endpoint, word, variable);
        }

        return found;
    }

    /// <summary>An address as a listen option gives it: <c>HOST:PORT</c>, <c>:PORT</c>, <c>[::1]:PORT</c>, a URL with a
    /// port, a socket (<c>unix:/path</c>, an absolute <c>.sock</c> path or, for a listen address, any absolute path), or a
    /// port alone where the option names a port.</summary>
    private static Endpoint? ParseListen(string value, bool portOption)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (value.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = value[5..].TrimStart('/');
            return path.Length > 0 ? Endpoint.Unix("/" + path) : null;
        }

        if (value.StartsWith('/'))
        {
            return portOption ? null : Endpoint.Unix(value);
        }

        var authority = value.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? value[(scheme + 3)..] : value;
        if (authority.IndexOf('/') is var slash and >= 0)
        {
            authority = authority[..slash];
        }

        if (portOption && IsPort(authority))
        {
            return Endpoint.Tcp("0.0.0.0", int.Parse(authority, CultureInfo.InvariantCulture));
        }

        if (authority.LastIndexOf(':') is var colon and >= 0 && IsPort(authority[(colon + 1)..]))
        {
            var host = authority[..colon].Trim('[', ']');
            return Endpoint.Tcp(host.Length == 0 || host == "*" ? "0.0.0.0" : host, int.Parse(authority[(colon + 1)..], CultureInfo.InvariantCulture));
        }

        return null;
    }

    /// <summary>The line of the first include of another file in <paramref name="path"/> (read under the root): rspamd's and
    /// UCL's <c>.include</c>, <c>include</c>, <c>!include</c>, <c>!includedir</c>, <c>include_dir</c>, a <c>conf.d/*</c> glob. An address
    /// such a file names may be overridden there. Null when there is none.</summary>
    public static int? Includes(HostModel host, string path)
    {
        if (host.Files.Read(path) is not { } source)
        {
            return null;
        }

        var lines = source.Text.Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var line = lines[l].TrimStart();
            if (line.StartsWith('#') || line.StartsWith(';') || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            if (IncludeLine.IsMatch(line))
            {
                return l + 1;
            }
        }

        return null;
    }

    private static readonly System.Text.RegularExpressions.Regex IncludeLine = new(
        @"^(?:\.include(?:_map)?\b|!?include(?:dir|_dir|_if_exists|optional)?\b\s*[=:(""'/$\w]|.*conf\.d/\*)",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    internal static bool SpeaksOfAddress(string text) =>
        text.Contains("port", StringComparison.OrdinalIgnoreCase) || text.Contains("listen", StringComparison.OrdinalIgnoreCase)
        || text.Contains("bind", StringComparison.OrdinalIgnoreCase) || text.Contains("addr", StringComparison.OrdinalIgnoreCase);

    private static bool IsPort(string text) =>
        text.Length is >= 2 and <= 5 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is > 0 and < 65536;

    /// <summary>A word that is an address by its form: <c>HOST:PORT</c> (<c>:9000</c>) or a socket (<see cref="IsSocket"/>).</summary>
    private static bool IsAddress(string text) => IsPortAt(text) || IsSocket(text);

    /// <summary>A word that names a Unix socket by its form: <c>unix:...</c> or a <c>.sock</c> path.</summary>
    private static bool IsSocket(string text) =>
        text.StartsWith("unix:", StringComparison.Ordinal) || text.EndsWith(".sock", StringComparison.Ordinal);

    private static bool IsPortAt(string text) => text.LastIndexOf(':') is var colon and >= 0 && IsPort(text[(colon + 1)..]);

    /// <summary>The words of a file an unread program names, split once per run (every target asks about every such
    /// file): each with its authority (a URL's host and port), its line, and whether the line's key speaks of a port, a
    /// listen, a bind or an address; none for a file that is not there, is binary (a NUL in its first 4 KB: a jar, an
    /// executable, which is then not read whole) or is over 1 MB. Comment lines are left out.</summary>
    private static List<(string Word, string Authority, int Line, bool Keyed)> Words(HostModel host, string path) =>
        host.Shared("UnreadProgramFiles.Words", host, static () => new ConcurrentDictionary<string, List<(string, string, int, bool)>>(StringComparer.Ordinal))
            .GetOrAdd(path, static (path, host) =>
            {
                var words = new List<(string, string, int, bool)>();
                if (host.Files.FileSystem.ReadHead(path) is not { } head || head.Contains('\0')
                    || host.Files.Read(path) is not { Length: <= 1024 * 1024 } source || source.Text.Contains('\0'))
                {
                    return words;
                }

                var lines = source.Text.Split('\n');
                for (var l = 0; l < lines.Length; l++)
                {
                    var line = lines[l];
                    var trimmed = line.TrimStart();
                    if (trimmed.StartsWith('#') || trimmed.StartsWith(';') || trimmed.StartsWith("//", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var keyed = line.Contains("port", StringComparison.OrdinalIgnoreCase) || line.Contains("listen", StringComparison.OrdinalIgnoreCase)
                        || line.Contains("bind", StringComparison.OrdinalIgnoreCase) || line.Contains("addr", StringComparison.OrdinalIgnoreCase);
                    foreach (var raw in line.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
                    {
                        var word = raw.Trim();
                        var authority = word.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? word[(scheme + 3)..] : word;
                        if (authority.IndexOf('/') is var slash and > 0)
                        {
                            authority = authority[..slash];
                        }

                        words.Add((word, authority, l + 1, keyed));
                    }
                }

                return words;
            }, host);

    private static readonly char[] Separators = [' ', '\t', '\r', '"', '\'', '=', ',', ';', '[', ']', '(', ')', '{', '}', '<', '>'];
}
