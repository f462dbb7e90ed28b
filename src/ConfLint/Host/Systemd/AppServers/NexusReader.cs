using System.Globalization;
using System.Text.RegularExpressions;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Sonatype Nexus Repository 3, run by its launcher <c>INSTALL/bin/nexus start</c> (or <c>run</c>, <c>run-redirect</c>),
/// install4j's daemon script, as Sonatype's "Run as a Service" unit runs it, usually through a link to the install folder
/// of the version in use (<c>/opt/nexus</c> to <c>/opt/nexus-3.70.1-02</c>). The script follows the links to its own
/// folder, reads <c>bin/nexus.vmoptions</c> beside it and runs the JVM in the install folder, the folder above
/// (<see cref="SystemProperties"/>). Karaf's Main takes <c>karaf.home</c>, <c>karaf.base</c> and <c>karaf.data</c> from
/// those system properties (or <c>KARAF_HOME</c>, <c>KARAF_BASE</c>, <c>KARAF_DATA</c>; defaults: the install folder, the
/// home, <c>BASE/data</c>), a relative path taken from the install folder. Nexus's launcher (nexus-bootstrap's
/// LauncherActivator and Launcher, ConfigurationBuilder) then layers its settings, each later one winning: its built-in
/// <c>default.properties</c>, <c>BASE/etc/nexus-default.properties</c> (required: <c>application-port=8081</c>,
/// <c>application-host=0.0.0.0</c>, <c>nexus-args</c>, <c>nexus-context-path=/</c>), <c>DATA/etc/nexus.properties</c>
/// (java.util.Properties, so a line beginning with <c>#</c> is a comment: on its first start Nexus writes there every line
/// of the defaults file commented out, <c>maybeCopyDefaults</c>), then the Java system properties, each only for a key a
/// file has (<c>override</c>), then <c>${...}</c> interpolated from the settings, the system properties and the
/// environment. Jetty runs the files <c>nexus-args</c> names: <c>jetty-http.xml</c>'s connector listens on
/// <c>application-host:application-port</c> in plain HTTP, <c>jetty-https.xml</c>'s on
/// <c>application-host:application-port-ssl</c> with TLS. Each repository given a port of its own (Docker's) adds a
/// connector on the same host at start (ConnectorManager), a setting kept in Nexus's database: Nexus may listen on other
/// ports of that host (<see cref="AppServer.MoreListeners"/>). A file that is not in the root, a value that cannot be
/// resolved, a Jetty file or options file ConfLint does not read, or Karaf's <c>system.properties</c> setting one of these
/// keys leaves the binds unknown; the launcher script itself (Sonatype's comment offers an
/// <c>INSTALL4J_ADD_VM_PARAMS=</c> line at its top) is not read.
/// </summary>
internal sealed partial class NexusReader : AppServerReader
{
    /// <summary>The program name Nexus's launcher is read under.</summary>
    internal const string Name = "nexus";

    /// <summary>The variable install4j's script puts before the options file's lines on java's command line.</summary>
    private const string AddVmParams = "INSTALL4J_ADD_VM_PARAMS";

    /// <summary>A setting as Nexus ends up with it: its value, what set it, said for messages
    /// (<c>application-port=8081 in /opt/nexus/etc/nexus-default.properties</c>), and where it is written.</summary>
    private sealed record Setting(string Value, string Said, Location? At, SystemdWord? Word);

    /// <summary>The settings that say where Nexus listens: a system property of Karaf's own file setting one is not modelled.</summary>
    private static readonly string[] ListenKeys = ["application-port", "application-host", "application-port-ssl", "nexus-args", "nexus-context-path"];

    /// <summary>nexus-bootstrap's <c>default.properties</c>, the first layer.</summary>
    private static readonly (string Key, string Value)[] BuiltIn =
    [
        ("karaf.home", "."), ("karaf.base", "."), ("karaf.data", "../sonatype-work/nexus3"), ("karaf.instances", "${karaf.data}/instances"),
        ("fabric.etc", "${karaf.base}/etc/fabric"), ("jetty.etc", "${karaf.base}/etc/jetty"), ("karaf.etc", "${karaf.base}/etc/karaf"),
        ("logback.etc", "${karaf.base}/etc/logback"), ("ssl.etc", "${karaf.base}/etc/ssl"),
    ];

    /// <summary>The Jetty files of Nexus's install folder that <c>nexus-args</c> may name besides the two with connectors:
    /// the server and its handlers, the request log, the old redirect to HTTPS. They add no connector.</summary>
    private static readonly HashSet<string> PlainJettyFiles = new(StringComparer.Ordinal) { "jetty.xml", "jetty-requestlog.xml", "jetty-http-redirect-to-https.xml" };

    /// <summary>Whether the launcher's command runs Nexus (install4j's script: its other commands stop it or ask about it).</summary>
    internal static bool Serves(IReadOnlyList<SystemdWord> arguments) => arguments.Count > 0 && arguments[0].Value is "start" or "run" or "run-redirect";

    /// <summary>Whether the launcher is Nexus's: its options file beside it, or the defaults file in the folder above.</summary>
    internal static bool Recognised(AppServerContext context) =>
        Locate(context) is { } install && context.Files is { } files
        && (files.Exists(HostFiles.Absolute(install.Launcher + ".vmoptions", install.Bin)) || files.Exists(HostFiles.Absolute("etc/nexus-default.properties", install.Folder)));

    public override void Read(AppServer server, AppServerContext context)
    {
        if (Locate(context) is not { } install || context.Files is not { } files)
        {
            server.Unknown("Nexus's launcher is not in the root");
            return;
        }

        server.WorkingDirectory = install.Folder;
        if (SystemProperties(server, context, install, files) is not { } system
            || KarafFolder(server, context, system, install, "karaf.home", "KARAF_HOME", install.Folder) is not { } home
            || KarafFolder(server, context, system, install, "karaf.base", "KARAF_BASE", home) is not { } baseFolder
            || KarafFolder(server, context, system, install, "karaf.data", "KARAF_DATA", HostFiles.Absolute("data", baseFolder)) is not { } data
            || KarafFolder(server, context, system, install, "karaf.etc", "KARAF_ETC", HostFiles.Absolute("etc", baseFolder)) is not { } etc
            || KarafSetsListenKeys(server, files, etc)
            || Configuration(server, files, system, baseFolder, data) is not { } configuration)
        {
            return;
        }

        var values = new Values(configuration.Settings, system, context);
        if (Connectors(server, values) is not { } main)
        {
            return;
        }

        server.MoreListeners = (main.Host!, $"Nexus adds a connector on application-host {main.Host} for each repository given an HTTP or HTTPS port of its own (Docker repositories), a setting kept in its database, which ConfLint cannot read");
        FormerPorts(server, configuration.Overrides, configuration.OverridesPath, main);
        if (values.Get("nexus-context-path") is { } contextPath && contextPath.Value.TrimEnd('/') is { Length: > 0 } path && path.StartsWith('/'))
        {
            server.ContextPath = (path, contextPath.Said);
        }
    }

    /// <summary>Jetty's connectors, as the files <c>nexus-args</c> names make them; the main one's address (the HTTP
    /// connector's, else the HTTPS one's), or null (the binds unknown, and why).</summary>
    private static Endpoint? Connectors(AppServer server, Values values)
    {
        if (values.Raw("nexus-args") is not { } args)
        {
            server.Unknown("nexus-args is set in no file Nexus reads (Nexus refuses to start: \"Missing nexus-args\")");
            return null;
        }

        var names = args.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => a[(a.LastIndexOf('/') + 1)..]).ToList();
        if (names.FirstOrDefault(n => !PlainJettyFiles.Contains(n) && n is not ("jetty-http.xml" or "jetty-https.xml")) is { } other)
        {
            server.Unknown($"{args.Said} names {other}, a file ConfLint does not read (it may add Jetty connectors or set their properties)");
            return null;
        }

        var http = names.Contains("jetty-http.xml");
        var https = names.Contains("jetty-https.xml");
        if (!http && !https)
        {
            server.Unknown($"{args.Said} names neither jetty-http.xml nor jetty-https.xml: where Nexus listens is not in a file ConfLint reads");
            return null;
        }

        if (values.Get("application-host") is not { } host)
        {
            server.Unknown(values.Why ?? "application-host is set in no file Nexus reads");
            return null;
        }

        Endpoint? plain = null;
        Endpoint? secure = null;
        if (http && (plain = Connector(server, values, host, "application-port", "HTTP connector (jetty-http.xml)", TlsFact.No, "Nexus's jetty-http.xml connector speaks plain HTTP")) is null
            || https && (secure = Connector(server, values, host, "application-port-ssl", "HTTPS connector (jetty-https.xml)", TlsFact.Yes, "Nexus's jetty-https.xml connector serves TLS only")) is null)
        {
            return null;
        }

        return plain ?? secure;
    }

    /// <summary>One of Jetty's connectors on <paramref name="host"/> at the port <paramref name="portKey"/> gives; null (the
    /// binds unknown, and why) where the port is not one Jetty binds.</summary>
    private static Endpoint? Connector(AppServer server, Values values, Setting host, string portKey, string what, TlsFact tls, string tlsEvidence)
    {
        if (values.Get(portKey) is not { } port)
        {
            server.Unknown(values.Why ?? $"{portKey} is set in no file Nexus reads, and its {what} needs it");
            return null;
        }

        if (!int.TryParse(port.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is 0 or > 65535)
        {
            server.Unknown($"Nexus's {portKey} is '{port.Value}' ({port.Said}), {(number == 0 && port.Value.Trim() == "0" ? "a free port chosen at each start" : "not a port Jetty binds")}");
            return null;
        }

        if (AppServer.HostAndPort(host.Value.Trim() is { Length: > 0 } named ? named : "0.0.0.0", number) is not { } endpoint)
        {
            server.Unknown($"Nexus's application-host is '{host.Value}' ({host.Said}), not an address ConfLint can place");
            return null;
        }

        var from = server.Binds.Count;
        var note = $"Nexus's {what}: {port.Said}, {host.Said}";
        if (port.At is { } at)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, port.Word, BackendProtocol.Http, note);
        }

        server.SetTls(tls, tlsEvidence, from);
        return endpoint;
    }

    /// <summary>The settings of Nexus's launcher as ConfigurationBuilder layers them (see the class), uninterpolated, and
    /// the data folder's <c>nexus.properties</c>; null (the binds unknown, and why) where a file is not in the root.</summary>
    private static (Dictionary<string, Setting> Settings, SourceText Overrides, string OverridesPath)? Configuration(AppServer server, HostFiles files, Dictionary<string, Setting> system, string baseFolder, string data)
    {
        var settings = new Dictionary<string, Setting>(StringComparer.Ordinal);
        foreach (var (key, value) in BuiltIn)
        {
            settings[key] = new Setting(value, $"{key}={value} in Nexus's built-in default.properties", null, null);
        }

        if (Layer(server, files, HostFiles.Absolute("etc/nexus-default.properties", baseFolder), settings) is null)
        {
            return null;
        }

        if (files.FileSystem.Resolve(data) is not { } dataFolder || !files.FileSystem.DirectoryExists(dataFolder))
        {
            server.Unknown($"Nexus's data folder {data} (karaf.data{(system.TryGetValue("karaf.data", out var set) ? $": {set.Said}" : string.Empty)}) is not in the root, so its etc/nexus.properties is not read");
            return null;
        }

        var overridesPath = HostFiles.Absolute("etc/nexus.properties", data);
        if (Layer(server, files, overridesPath, settings) is not { } overrides)
        {
            return null;
        }

        // ConfigurationBuilder.override: a system property replaces only a key the files have.
        foreach (var (key, setting) in system)
        {
            if (settings.ContainsKey(key))
            {
                settings[key] = setting;
            }
        }

        return (settings, overrides, overridesPath);
    }

    /// <summary>A properties file's keys over <paramref name="settings"/>; the file, or null (the binds unknown) where it
    /// is not in the root.</summary>
    private static SourceText? Layer(AppServer server, HostFiles files, string path, Dictionary<string, Setting> settings)
    {
        if (files.Read(path) is not { } source)
        {
            server.Unknown($"Nexus reads {path}, which is not in the root");
            return null;
        }

        server.ConfigFiles.Add(source.File);
        foreach (var line in JavaProperties.Read(source))
        {
            settings[line.Key] = new Setting(line.Value, $"{line.Key}={line.Value} in {path}", line.At, null);
        }

        return source;
    }

    /// <summary>Whether Karaf's own system properties files (<c>system.properties</c>, and the
    /// <c>custom.system.properties</c> it includes) set a key of <see cref="ListenKeys"/>: Karaf makes them system
    /// properties, which Nexus's launcher applies over its files; not modelled, so the binds are unknown.</summary>
    private static bool KarafSetsListenKeys(AppServer server, HostFiles files, string etc)
    {
        foreach (var name in new[] { "system.properties", "custom.system.properties" })
        {
            var path = HostFiles.Absolute(name, etc);
            if (files.Read(path) is not { } source)
            {
                continue;
            }

            foreach (var line in JavaProperties.Read(source))
            {
                if (ListenKeys.Contains(line.Key, StringComparer.Ordinal))
                {
                    server.Unknown($"Karaf's {path} sets {line.Key} (line {line.Number}) as a system property, which ConfLint does not model");
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The data folder's commented <c>application-port</c> lines (<c># application-port=8086</c>, as Nexus writes
    /// the defaults of the install folder it first started from) naming another port than the HTTP connector's: the port
    /// Nexus listened on then (<see cref="AppServer.FormerPorts"/>).</summary>
    private static void FormerPorts(AppServer server, SourceText overrides, string path, Endpoint main)
    {
        for (var line = 1; line <= overrides.LineCount; line++)
        {
            var text = overrides.GetLineText(line).TrimEnd('\r');
            if (CommentedPort().Match(text) is not { Success: true } match
                || !int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535 || port == main.Port)
            {
                continue;
            }

            var trimmed = text.Trim();
            var at = HostFiles.At(overrides, overrides.GetLineSpan(line).Start + text.IndexOf(trimmed, StringComparison.Ordinal), trimmed.Length);
            server.FormerPorts.Add((port, at, $"'{trimmed}' at line {line} of {path}, a comment Nexus does not act on (on its first start it writes there the defaults of its install folder of then, each commented out)"));
        }
    }

    [GeneratedRegex(@"^\s*[#!]\s*application-port\s*[=:]\s*(?<port>[0-9]{1,5})\s*$")]
    private static partial Regex CommentedPort();

    /// <summary>The settings' values as Jetty gets them, <c>${...}</c> interpolated as ConfigurationBuilder does (plexus'
    /// StringSearchInterpolator over the settings, then the system properties, then the environment, <c>env.</c> optional);
    /// <see cref="Why"/> says why the last value asked for is not known.</summary>
    private sealed class Values(Dictionary<string, Setting> settings, Dictionary<string, Setting> system, AppServerContext context)
    {
        public string? Why { get; private set; }

        /// <summary>The setting of <paramref name="key"/> as written, or null where no file has it.</summary>
        public Setting? Raw(string key) => settings.GetValueOrDefault(key);

        /// <summary>The setting of <paramref name="key"/> interpolated; null where no file has it or it cannot be
        /// resolved (<see cref="Why"/>).</summary>
        public Setting? Get(string key)
        {
            Why = null;
            if (!settings.TryGetValue(key, out var setting))
            {
                return null;
            }

            return Resolve(setting.Value, 0) is { } value ? setting with { Value = value } : null;
        }

        private string? Resolve(string value, int depth)
        {
            var start = value.IndexOf("${", StringComparison.Ordinal);
            while (start >= 0)
            {
                var end = value.IndexOf('}', start + 2);
                if (end < 0)
                {
                    return value;
                }

                var name = value[(start + 2)..end];
                if (Lookup(name, depth) is not { } replacement)
                {
                    Why ??= $"${{{name}}} in Nexus's settings is not known here";
                    return null;
                }

                value = value[..start] + replacement + value[(end + 1)..];
                start = value.IndexOf("${", start + replacement.Length, StringComparison.Ordinal);
            }

            return value;
        }

        private string? Lookup(string name, int depth)
        {
            if (depth > 8)
            {
                return null;
            }

            if (settings.TryGetValue(name, out var setting))
            {
                return Resolve(setting.Value, depth + 1);
            }

            if (system.TryGetValue(name, out var property))
            {
                return property.Value;
            }

            var variable = name.StartsWith("env.", StringComparison.Ordinal) ? name[4..] : name;
            return context.Variable(variable, out _);
        }
    }
}
