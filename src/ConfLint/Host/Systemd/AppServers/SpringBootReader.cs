using ConfLint.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// A Spring Boot application: <c>java [JVM options] -jar PATH/APP.jar [arguments]</c>, or a "fully executable" jar run
/// directly (<c>ExecStart=/opt/app/app.jar</c>), whose launch script (spring-boot-loader-tools' launch.script) sources
/// <c>APP.conf</c> beside the jar (or in <c>CONF_FOLDER</c>) and, in its <c>run</c> action, runs
/// <c>java -Dsun.misc.URLClassPath.disableJarChecking=true $JAVA_OPTS -jar JAR $RUN_ARGS "$@"</c> in the jar's folder.
/// A jar is taken for Spring Boot only on evidence (<see cref="Recognised"/>): an <c>application.properties</c> or
/// <c>.yml</c> beside the jar or in the working folder or its <c>config/</c>, or <c>spring.</c>/<c>server.</c> settings
/// given on its command line, as system properties or in the environment; any other jar stays an unread program.
/// <para>Read as Spring Boot's "Externalized Configuration" orders its sources, lowest first: the config data inside the
/// jar (not visible: a setting no outside source gives is unknown, not the default), then outside it
/// <c>application.properties</c>/<c>.yml</c> of <c>file:./</c>, <c>file:./config/</c>, <c>file:./config/*/</c> (the
/// working folder), <c>.properties</c> over <c>.yml</c> in one folder, the profile-specific files of the active profiles
/// over the plain ones, and a multi-document file's documents by their <c>spring.config.activate.on-profile</c>;
/// <c>spring.config.name</c>, <c>spring.config.location</c> (replacing those locations) and
/// <c>spring.config.additional-location</c>; then the OS environment (relaxed binding: <c>SERVER_PORT</c>), Java system
/// properties (<c>JAVA_TOOL_OPTIONS</c>, <c>JDK_JAVA_OPTIONS</c>, then the command line's <c>-D</c>),
/// <c>SPRING_APPLICATION_JSON</c> (not read: unknown), and the command line's <c>--key=value</c> arguments.</para>
/// <para>Read: <c>server.port</c> (8080), <c>server.address</c> (every address), <c>server.servlet.context-path</c>
/// (the path it serves under), and <c>management.server.port</c>/<c>.address</c>, the actuator's own server where it
/// has a port of its own. A <c>${...}</c> placeholder is resolved from the same sources, else the value is unknown.</para>
/// </summary>
internal sealed partial class SpringBootReader : AppServerReader
{
    /// <summary>The program name a Spring Boot application is read under.</summary>
    internal const string Name = "spring-boot";

    /// <summary>A word of the launch: on the unit's command line (<see cref="Word"/>), or in the launch script's .conf
    /// (<see cref="At"/>).</summary>
    private sealed record Arg(string Text, SystemdWord? Word, Location? At);

    /// <summary>A setting's value, what set it (for messages), and where.</summary>
    private sealed record Found(string Value, string Source, Location? At, SystemdWord? Word);

    /// <summary>How a setting ends up: a value, unknown (with why), or set by no outside source: where the jar's own config
    /// data is read (<see cref="Inside"/>) the jar may set it; otherwise Spring Boot's default applies.</summary>
    private readonly record struct Outcome(Found? Value, string? Unknown, bool Inside)
    {
        public static Outcome Of(Found value) => new(value, null, false);

        public static Outcome Unknowable(string why) => new(null, why, false);
    }

    public override void Read(AppServer server, AppServerContext context)
    {
        var launch = Launch.Of(context);
        if (launch.Folder is { } folder)
        {
            server.WorkingDirectory = folder;
        }

        if (launch.Unknown is { } why)
        {
            server.Unknown(why);
            return;
        }

        var reading = new Reading(launch, context);
        server.ConfigFiles.AddRange(reading.Files);
        var port = reading.Resolve("server.port");
        if (Port(server, port, "server.port", launch) is not { } number)
        {
            return;
        }

        var address = reading.Resolve("server.address");
        if (address.Unknown is { } addressUnknown)
        {
            server.Unknown(addressUnknown);
            return;
        }

        var portSource = port.Value?.Source ?? "Spring Boot's default server.port 8080 (spring.config.location leaves out the jar's own settings)";
        var host = address.Value?.Value.Trim() is { Length: > 0 } named ? named : "*";
        var endpoint = host == "*" ? Endpoint.Tcp("*", number) : AppServer.HostAndPort(host, number);
        if (endpoint is null)
        {
            server.Unknown($"Spring Boot's server.address {host} ({address.Value?.Source}) is not an address ConfLint can place");
            return;
        }

        var addressSource = address.Value?.Source ?? "no server.address: every address";
        Add(server, endpoint, $"Spring Boot: {portSource}, {addressSource}", port.Value ?? address.Value, address.Value);

        ReadManagement(server, reading, number);
        if (reading.Resolve("server.servlet.context-path").Value is { } context_ && context_.Value.Trim().TrimEnd('/') is { Length: > 0 } path && path.StartsWith('/'))
        {
            server.ContextPath = (path, context_.Source);
        }
    }

    /// <summary>The port of <paramref name="outcome"/>; null (the binds unknown, and why) where it cannot be known.</summary>
    private static int? Port(AppServer server, Outcome outcome, string key, Launch launch)
    {
        if (outcome.Unknown is { } why)
        {
            server.Unknown(why);
            return null;
        }

        if (outcome.Inside)
        {
            server.Unknown($"{key} is set by no configuration outside the jar{launch.BesideJarHint}: the jar's own application.properties may set it (Spring Boot's default is 8080)");
            return null;
        }

        var text = outcome.Value?.Value.Trim() ?? "8080";
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            server.Unknown($"Spring Boot's {key} '{text}' ({outcome.Value?.Source}) is not a port number ConfLint reads");
            return null;
        }

        if (number == 0)
        {
            server.Unknown($"Spring Boot's {key} 0 ({outcome.Value?.Source}): a free port is chosen at each start");
            return null;
        }

        return number;
    }

    /// <summary>The actuator's own server (<c>management.server.port</c> other than the application's): a separate
    /// listener, on <c>management.server.address</c> (every address when not set).</summary>
    private static void ReadManagement(AppServer server, Reading reading, int applicationPort)
    {
        var port = reading.Resolve("management.server.port");
        if (port.Value is not { } set || !int.TryParse(set.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is 0 or > 65535 || number == applicationPort)
        {
            return;
        }

        var address = reading.Resolve("management.server.address");
        if (address.Unknown is not null)
        {
            return;
        }

        var host = address.Value?.Value.Trim() is { Length: > 0 } named ? named : "*";
        if ((host == "*" ? Endpoint.Tcp("*", number) : AppServer.HostAndPort(host, number)) is not { } endpoint)
        {
            return;
        }

        server.SeparateServers = true;
        Add(server, endpoint, $"Spring Boot's management server (the actuator): {set.Source}, {address.Value?.Source ?? "no management.server.address: every address"}", set, address.Value);
    }

    /// <summary>A bind, at the first of its settings written where ConfLint reads; else at the command.</summary>
    private static void Add(AppServer server, Endpoint endpoint, string note, params Found?[] settings)
    {
        var located = settings.FirstOrDefault(s => s?.At is not null || s?.Word is not null);
        if (located?.At is { } at)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(endpoint, located?.Word, BackendProtocol.Http, note);
        }
    }

    /// <summary>Whether the jar is known to be a Spring Boot application (see the class): without such evidence it is not
    /// read, and the service stays an unread program.</summary>
    internal static bool Recognised(AppServerContext context)
    {
        var launch = Launch.Of(context);
        if (launch.Arguments.Any(a => a.Text.StartsWith("--spring.", StringComparison.Ordinal) || a.Text.StartsWith("--server.", StringComparison.Ordinal))
            || launch.JvmOptions.Any(a => a.Text.StartsWith("-Dspring.", StringComparison.Ordinal) || a.Text.StartsWith("-Dserver.", StringComparison.Ordinal))
            || launch.Environment.Keys.Any(k => k.StartsWith("SPRING_", StringComparison.Ordinal) || k is "SERVER_PORT" or "SERVER_ADDRESS" or "SERVER_SERVLET_CONTEXT_PATH" or "SERVER_SERVLET_CONTEXTPATH" or "MANAGEMENT_SERVER_PORT"))
        {
            return true;
        }

        if (context.Files is not { } files)
        {
            return false;
        }

        var folders = new[] { launch.JarFolder, launch.Folder, launch.Folder is { } f ? HostFiles.Absolute("config", f) : null };
        return folders.OfType<string>().Any(folder => Extensions.Any(e => files.Exists(HostFiles.Absolute("application" + e, folder))));
    }

    /// <summary>Config data files' extensions, lowest first: <c>.properties</c> wins over YAML in one folder (Spring Boot's
    /// property source loaders in order: properties, then yml, then yaml).</summary>
    private static readonly string[] Extensions = [".yaml", ".yml", ".properties"];

    /// <summary>A key in relaxed form (Spring Boot's ConfigurationPropertyName): lower case, without dashes and underscores
    /// within an element, so <c>server.servlet.contextPath</c>, <c>context_path</c> and <c>context-path</c> are one.</summary>
    internal static string Canon(string key) =>
        string.Join('.', key.Split('.').Select(e => e.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant()));

    /// <summary>The launch of the application: its JVM options and arguments, the jar, the folder it runs in, and the
    /// environment it is given (a .conf's exported assignments applied).</summary>
    private sealed partial class Launch
    {
        public List<Arg> JvmOptions { get; } = [];

        public List<Arg> Arguments { get; } = [];

        public string? Jar { get; private set; }

        public string? JarFolder { get; private set; }

        /// <summary>The working folder; null where it is not known.</summary>
        public string? Folder { get; private set; }

        /// <summary>Why the launch cannot be read, or null.</summary>
        public string? Unknown { get; private set; }

        public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Location> EnvironmentAt { get; } = new(StringComparer.Ordinal);

        public bool EnvironmentComplete { get; private set; }

        public HashSet<string> UnknownVariables { get; } = new(StringComparer.Ordinal);

        public AppServerContext Context { get; private set; } = null!;

        /// <summary>For a message about a port no outside file sets: a config file beside the jar that is not read, as
        /// the working folder is another one.</summary>
        public string BesideJarHint { get; private set; } = string.Empty;

        public string? Variable(string name, out bool known) => AppServerContext.Lookup(Environment, UnknownVariables, EnvironmentComplete, name, out known);

        public static Launch Of(AppServerContext context)
        {
            var launch = new Launch { Context = context, EnvironmentComplete = context.EnvironmentComplete, Folder = context.WorkingDirectory };
            foreach (var (key, value) in context.Environment)
            {
                launch.Environment[key] = value;
            }

            foreach (var (key, value) in context.EnvironmentAt ?? new Dictionary<string, Location>())
            {
                launch.EnvironmentAt[key] = value;
            }

            launch.UnknownVariables.UnionWith(context.UnknownVariables);
            var words = context.Command.Arguments;
            if (words.Count > 0 && !words[0].Value.StartsWith('-'))
            {
                launch.Executable(words[0], words.Skip(1).ToList());
            }
            else
            {
                var jar = AppServer.JarIndex(words);
                launch.JvmOptions.AddRange(words.Take(Math.Max(jar - 1, 0)).Select(w => new Arg(w.Value, w, null)));
                launch.Arguments.AddRange(words.Skip(jar + 1).Select(w => new Arg(w.Value, w, null)));
                launch.Jar = jar >= 0 && words[jar].Value.StartsWith('/') ? words[jar].Value : jar >= 0 && context.WorkingDirectory is { } wd ? HostFiles.Absolute(words[jar].Value, wd) : null;
                launch.JarFolder = launch.Jar is { } path ? HostFiles.Absolute("..", path) : null;
            }

            if (launch.JarFolder is { } jarFolder && launch.Folder is { } folder && jarFolder != folder && context.Files is { } files
                && Extensions.Select(e => HostFiles.Absolute("application" + e, jarFolder)).FirstOrDefault(files.Exists) is { } beside)
            {
                launch.BesideJarHint = $" ({beside} beside the jar is not read: Spring Boot reads the working folder, {folder})";
            }

            return launch;
        }

        /// <summary>A fully executable jar: its launch script sources the .conf, and runs java in the jar's folder.</summary>
        private void Executable(SystemdWord jarWord, List<SystemdWord> arguments)
        {
            var jar = jarWord.Value;
            if (!jar.StartsWith('/'))
            {
                Unknown = $"the executable jar {jar} is not named by an absolute path";
                return;
            }

            Jar = Context.Files?.FileSystem.Resolve(jar) ?? jar;
            JarFolder = HostFiles.Absolute("..", Jar);
            Folder = JarFolder;

            var confFolder = Variable("CONF_FOLDER", out var known);
            if (!known || confFolder?.Contains('$') == true)
            {
                Unknown = "the launch script's CONF_FOLDER may be set where ConfLint cannot see it";
                return;
            }

            var name = Path.GetFileNameWithoutExtension(Jar) + ".conf";
            var confPath = HostFiles.Absolute(name, confFolder is { Length: > 0 } ? confFolder : JarFolder);
            var assignments = new Dictionary<string, (string? Value, Location At)>(StringComparer.Ordinal);
            if (Context.Files?.Read(confPath) is { } conf)
            {
                if (Conf(conf, assignments) is { } why)
                {
                    Unknown = $"the launch script sources {confPath}, {why}";
                    return;
                }

                foreach (var (key, (value, at)) in assignments.Where(a => a.Key is not ("JAVA_OPTS" or "RUN_ARGS")))
                {
                    if (value is null)
                    {
                        UnknownVariables.Add(key);
                    }
                    else if (Environment.ContainsKey(key) || ExportedInConf.Contains(key))
                    {
                        Environment[key] = value;
                        EnvironmentAt[key] = at;
                    }
                }
            }
            else if (Context.Files is null || Context.UnseenFiles)
            {
                Unknown = $"the launch script sources {confPath}, which ConfLint cannot see (JAVA_OPTS, RUN_ARGS)";
                return;
            }

            JvmOptions.Add(new Arg("-Dsun.misc.URLClassPath.disableJarChecking=true", jarWord, null));
            foreach (var variable in new[] { "JAVA_OPTS", "RUN_ARGS" })
            {
                string? value;
                Location? at;
                if (assignments.TryGetValue(variable, out var assigned))
                {
                    (value, at) = assigned;
                }
                else
                {
                    value = Variable(variable, out var isKnown);
                    at = EnvironmentAt.GetValueOrDefault(variable);
                    if (!isKnown)
                    {
                        Unknown = $"the launch script's {variable} may be set where ConfLint cannot see it";
                        return;
                    }
                }

                if (value is null && assignments.ContainsKey(variable) || value?.Contains('$') == true || value?.Contains('`') == true)
                {
                    Unknown = $"the launch script's {variable} is computed when it runs";
                    return;
                }

                // $JAVA_OPTS and $RUN_ARGS are unquoted in the script: split at blanks, quotes kept.
                var target = variable == "JAVA_OPTS" ? JvmOptions : Arguments;
                target.AddRange((value ?? string.Empty).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(w => new Arg(w, at is null ? jarWord : null, at)));
            }

            Arguments.AddRange(arguments.Select(w => new Arg(w.Value, w, null)));
        }

        /// <summary>Variables a .conf exports (<c>export NAME=...</c>): given to java as well.</summary>
        private HashSet<string> ExportedInConf { get; } = new(StringComparer.Ordinal);

        /// <summary>The .conf's assignments (a value null where it is computed); the reason it cannot be read where it
        /// does more than assign (a command, a condition: anything may be set).</summary>
        private string? Conf(SourceText conf, Dictionary<string, (string? Value, Location At)> assignments)
        {
            for (var line = 1; line <= conf.LineCount; line++)
            {
                var text = conf.GetLineText(line).TrimEnd('\r');
                var trimmed = text.Trim();
                if (trimmed.Length == 0 || trimmed.StartsWith('#'))
                {
                    continue;
                }

                if (Assignment().Match(trimmed) is not { Success: true } match)
                {
                    return $"which runs '{trimmed}' (ConfLint reads only its assignments)";
                }

                var name = match.Groups["name"].Value;
                var raw = match.Groups["value"].Value.Trim();
                string? value = raw.Length >= 2 && raw[0] is '"' or '\'' && raw[^1] == raw[0] ? raw[1..^1]
                    : raw.Contains(' ') || raw.Contains('"') || raw.Contains('\'') ? null : raw;
                if (value is not null && raw[0] != '\'' && (value.Contains('$') || value.Contains('`') || value.Contains('\\')))
                {
                    value = null;
                }

                var span = conf.GetLineSpan(line);
                assignments[name] = (value, HostFiles.At(conf, span.Start + text.IndexOf(trimmed, StringComparison.Ordinal), trimmed.Length));
                if (match.Groups["export"].Success)
                {
                    ExportedInConf.Add(name);
                }
            }

            return null;
        }

        [GeneratedRegex(@"^(?<export>export\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*)$")]
        private static partial Regex Assignment();
    }
}
