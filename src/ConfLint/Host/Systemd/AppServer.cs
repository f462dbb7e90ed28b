using ConfLint.Diagnostics;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Syntax.Systemd;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Host.Systemd;

/// <summary>
/// An application server ConfLint knows, as a service runs it, and where it listens: read as the server reads its
/// settings, from the command line, the unit's environment and working folder, and the server's own configuration
/// file (gunicorn's Python file, uwsgi's ini, puma's Ruby file), literal values only. A setting computed by code, or
/// a file that cannot be read, leaves it unknown (<see cref="BindsUnknown"/>, <see cref="Unknowns"/>): nothing is
/// judged against a guess. Each program's reader is in <see cref="Readers"/>.
/// </summary>
public sealed class AppServer
{
    private static readonly AppServerReader Node = new NodeReader();
    private static readonly AppServerReader Gunicorn = new GunicornReader();
    private static readonly AppServerReader Pulpcore = new PulpcoreReader();
    private static readonly AppServerReader Jenkins = new JenkinsReader();
    private static readonly AppServerReader Grafana = new GrafanaReader();
    private static readonly AppServerReader Laravel = new LaravelReader();
    private static readonly AppServerReader Hass = new HassReader();

    /// <summary>The programs ConfLint knows, and the reader of each one's settings.</summary>
    private static readonly Dictionary<string, AppServerReader> Readers = new(StringComparer.Ordinal)
    {
        ["gunicorn"] = Gunicorn,
        ["flask"] = new FlaskReader(),
        ["runserver"] = new RunserverReader(),
        ["hypercorn"] = Gunicorn,
        ["uvicorn"] = new UvicornReader(),
        ["granian"] = new GranianReader(),
        ["uwsgi"] = new UwsgiReader(),
        ["puma"] = new PumaReader(),
        ["unicorn"] = new UnicornReader(rails: false),
        ["unicorn_rails"] = new UnicornReader(rails: true),
        ["pulpcore-api"] = Pulpcore,
        ["pulpcore-content"] = Pulpcore,
        ["node"] = Node,
        ["nodejs"] = Node,
        ["npm"] = Node,
        ["yarn"] = Node,
        ["pnpm"] = Node,
        ["node-red"] = Node,
        ["node-red-pi"] = Node,
        ["n8n"] = Node,
        ["jenkins"] = Jenkins,
        ["jenkins.war"] = Jenkins,
        ["jupyterhub"] = new JupyterHubReader(),
        ["grafana"] = Grafana,
        ["grafana-server"] = Grafana,
        ["varnishd"] = new VarnishReader(),
        ["vaultwarden"] = new VaultwardenReader(),
        ["rails"] = new RailsServerReader(),
        ["laravel-websockets"] = Laravel,
        ["reverb"] = Laravel,
        ["octane"] = Laravel,
        [DjangoUwsgiReader.Nautobot] = new DjangoUwsgiReader(nautobot: true),
        [DjangoUwsgiReader.Pyuwsgi] = new DjangoUwsgiReader(nautobot: false),
        [AirflowReader.Webserver] = new AirflowReader(),
        ["hass"] = Hass,
        ["daphne"] = new DaphneReader(),
        [Metabase] = new MetabaseReader(),
        ["homeassistant"] = Hass,
        ["minio"] = new MinioReader(),
        ["notify_push"] = new NotifyPushReader(),
        ["streamlit"] = new StreamlitReader(),
        [SpringBootReader.Name] = new SpringBootReader(),
        [Kestrel] = new KestrelReader(),
        ["gotify"] = new GotifyReader(),
        ["sogod"] = new SogoReader(),
        ["coolwsd"] = new CoolwsdReader("coolwsd"),
        ["loolwsd"] = new CoolwsdReader("loolwsd"),
        [NexusReader.Name] = new NexusReader(),
        ["pveproxy"] = new PveproxyReader(),
        ["spawn-fcgi"] = new SpawnFcgiReader(),
        [ElixirReleaseReader.Mobilizon] = new ElixirReleaseReader(akkoma: false),
        [ElixirReleaseReader.Akkoma] = new ElixirReleaseReader(akkoma: true),
    };

    /// <summary>What a program reached under another name runs as: <c>rails server</c> is puma.</summary>
    private static readonly Dictionary<string, string> RunsAs = new(StringComparer.Ordinal)
    {
        ["rails"] = "puma",
        ["unicorn_rails"] = "unicorn",
        [DjangoUwsgiReader.Nautobot] = "uwsgi",
        [DjangoUwsgiReader.Pyuwsgi] = "uwsgi",
    };

    /// <summary>
    /// The names packaging gives a server ConfLint reads, each as the server it runs. Debian's gunicorn package installs
    /// <c>/usr/bin/gunicorn3</c> as a link to <c>gunicorn</c> (and <c>gunicorn3</c> was the Python 3 command itself on
    /// Ubuntu 18.04-20.04); uwsgi's plugin packages install <c>uwsgi_python3</c>, <c>uwsgi_python311</c> and the like
    /// (<c>uwsgi-core</c> with the plugin loaded, update-alternatives also pointing <c>/usr/bin/uwsgi</c> at one).
    /// </summary>
    internal static string Canonical(string program) =>
        program == "gunicorn3" ? "gunicorn"
        : program == "uwsgi-core" || program.StartsWith("uwsgi_", StringComparison.Ordinal) && program.Length > 6 && IsPluginName(program.AsSpan(6)) ? "uwsgi"
        : program;

    /// <summary>A uwsgi plugin's name as its package names the binary: letters, digits, '_' (python311, pypy3, psgi, rack_ruby32).</summary>
    private static bool IsPluginName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Programs known only in the form <see cref="Unwrap"/> recognises, never by a bare name: <c>jenkins</c> is the
    /// packaging's launcher only as <c>/usr/bin/jenkins</c>, <c>jenkins.war</c> is a <c>java -jar</c> command, and
    /// <c>grafana</c> serves only as <c>grafana server</c>.</summary>
    private static readonly HashSet<string> OnlyAsRecognised = new(StringComparer.Ordinal) { "jenkins", "jenkins.war", "grafana", "rails", "laravel-websockets", "reverb", "octane", DjangoUwsgiReader.Nautobot, DjangoUwsgiReader.Pyuwsgi, AirflowReader.Webserver, Metabase, "streamlit", SpringBootReader.Name, Kestrel, NexusReader.Name, ElixirReleaseReader.Mobilizon, ElixirReleaseReader.Akkoma };

    /// <summary>The program name under which an ASP.NET Core application (<c>dotnet APP.dll</c>, or its apphost) is read.</summary>
    internal const string Kestrel = "kestrel";

    /// <summary>The .NET host's options that take a value, before the application's dll (<c>dotnet --help</c>).</summary>
    private static readonly HashSet<string> DotnetHostOptions = new(StringComparer.Ordinal)
    {
        "--additionalprobingpath", "--additional-deps", "--depsfile", "--fx-version", "--roll-forward", "--runtimeconfig", "--roll-forward-on-no-candidate-fx",
    };

    /// <summary>The program name under which Metabase's jar is read.</summary>
    private const string Metabase = "metabase.jar";

    private readonly Syntax.SyntaxNode? _entry;
    private readonly ConfigFile _file;
    private readonly Func<SystemdWord?, Location> _locate;

    /// <param name="entry">The setting that holds the command (ExecStart=, supervisord's command=, a Compose command).</param>
    /// <param name="locate">Where a word of the command is written; for none, the whole command.</param>
    internal AppServer(string program, SystemdCommand command, Syntax.SyntaxNode? entry, ConfigFile file, Func<SystemdWord?, Location> locate, string? name = null)
    {
        Program = program;
        Command = command;
        _entry = entry;
        _file = file;
        _locate = locate;
        Name = name;
    }

    /// <summary>gunicorn, uvicorn, hypercorn, granian, uwsgi, puma, unicorn (unicorn_rails too), node (and its package
    /// managers; n8n's launcher), jenkins (the packaging's launcher) or jenkins.war (<c>java -jar</c>), grafana (<c>grafana
    /// server</c>) or grafana-server, varnishd, minio, notify_push, and the others of <see cref="Readers"/>.</summary>
    public string Program { get; }

    /// <summary>For one of several instances of a service (a uwsgi emperor's vassal): its name, <c>healthchecks</c>.</summary>
    public string? Name { get; }

    public SystemdCommand Command { get; }

    /// <summary>The folder it runs in (the unit's <c>WorkingDirectory=</c>, uwsgi's <c>chdir</c>), when known.</summary>
    public string? WorkingDirectory { get; internal set; }

    /// <summary>The listening addresses, each where it is written (an ExecStart word, a line of the server's file; the
    /// whole ExecStart value for a default).</summary>
    public List<EndpointSite> Binds { get; } = [];

    /// <summary>True when where it listens cannot be known: the binds are computed, or in a file that cannot be read.</summary>
    public bool BindsUnknown { get; internal set; }

    /// <summary>What could not be read, and why (for <c>--verbose</c>): "bind in config/puma.rb:14 is computed".</summary>
    public List<string> Unknowns { get; } = [];

    /// <summary>The server's own configuration files that were read.</summary>
    public List<Text.FileId> ConfigFiles { get; } = [];

    /// <summary>How long the server lets one request run before it kills the worker (gunicorn's sync workers'
    /// <c>timeout</c>, uwsgi's <c>harakiri</c>, unicorn's <c>timeout</c>); null when it sets no such limit or it is unknown.</summary>
    public Duration? RequestTimeout { get; internal set; }

    /// <summary>Why the request timeout is not known where a setting may or may not give one (uwsgi's <c>harakiri</c> inside
    /// a logic block whose truth is not known); null otherwise.</summary>
    public string? RequestTimeoutUnknown { get; internal set; }

    /// <summary>Where the request timeout is written; null when it is the program's default.</summary>
    public Location? RequestTimeoutAt { get; internal set; }

    /// <summary>How the request timeout is named, for messages: "--timeout", "timeout in gunicorn.conf.py", "harakiri".</summary>
    public string RequestTimeoutSetting { get; internal set; } = "timeout";

    /// <summary>A path whose requests the server holds open longer than its others, by design, and for how long at most
    /// (SOGo's ActiveSync Ping and Sync under <c>/SOGo/Microsoft-Server-ActiveSync</c>): what a front end that asks for a
    /// path under it must wait for. <paramref name="At"/> is where the time is set, null for a default.</summary>
    public sealed record PathRequestTimeout(string Path, Duration Value, string Setting, Location? At);

    /// <summary>The paths whose requests run longer than <see cref="RequestTimeout"/> says (<see cref="PathRequestTimeout"/>).</summary>
    public List<PathRequestTimeout> PathRequestTimeouts { get; } = [];

    /// <summary>A kill timer of the server's own, shorter than the time it holds requests on a path by design (SOGo's
    /// <c>WOWatchDogRequestTimeout</c>, in minutes, below its ActiveSync <c>SOGoMaximumPingInterval</c> or
    /// <c>SOGoMaximumSyncInterval</c>, in seconds): a request held that long is killed with its child. Each setting as
    /// its source says it, and where it is written (null for a default).</summary>
    public sealed record KillBeforeHold(string Path, Duration Kill, string KillSetting, Location? KillAt, Duration Held, string HeldSetting, Location? HeldAt, string KillKey);

    /// <summary>See <see cref="KillBeforeHold"/>; null where no kill timer comes before a hold.</summary>
    public KillBeforeHold? KillsBeforeHold { get; internal set; }

    /// <summary>puma's <c>worker_timeout</c>: how long a forked worker may go without checking in, and where it is set. It
    /// restarts hung workers; it is no limit on how long a request may run.</summary>
    public (Duration Value, Location Location)? WorkerTimeout { get; internal set; }

    /// <summary>puma's <c>bind_to_activated_sockets</c> (<c>--bind-to-activated-sockets</c>): null when not set (puma binds
    /// what its configuration says, reusing an activated socket of the same address, and closes the activated sockets no
    /// bind names), <c>true</c> (the activated sockets as well as its binds), <c>only</c> (the activated sockets alone).</summary>
    public string? ActivatedSockets { get; internal set; }

    /// <summary>What every listener of the program speaks, however it gets its sockets (its binds, or the sockets a socket
    /// unit hands it), where one setting decides that for all of them: gunicorn's <c>protocol</c>. <see cref="BackendProtocol.Other"/>
    /// for a program whose binds each say what they speak (uwsgi), or where the setting is not known
    /// (<see cref="ProtocolUnknown"/> says why).</summary>
    public BackendProtocol Protocol { get; internal set; } = BackendProtocol.Other;

    /// <summary>What sets <see cref="Protocol"/> where it is written (for messages: "--protocol uwsgi", "protocol in
    /// /srv/app/gunicorn.conf.py"), and where; null for the program's default.</summary>
    public (string Setting, Location? At)? ProtocolSetting { get; internal set; }

    /// <summary>gunicorn's <c>worker_class</c> as its settings give it (<c>uvicorn.workers.UvicornWorker</c>); null for
    /// its default (sync), where it is computed, or for another program.</summary>
    public string? WorkerClass { get; internal set; }

    /// <summary>Why what its listeners speak is not known, for <c>--verbose</c>: "protocol in gunicorn.conf.py:4 is
    /// computed by code"; null where it is known or the program says nothing about it.</summary>
    public string? ProtocolUnknown { get; internal set; }

    /// <summary>The path it serves under, and what sets it (Jenkins' <c>--prefix</c>, Grafana's <c>root_url</c> with
    /// <c>serve_from_sub_path</c>): requests outside it are not the application's. Null when it serves from <c>/</c>.</summary>
    public (string Path, string Setting)? ContextPath { get; internal set; }

    /// <summary>Ports a file of the program's packaging names for it, which the running service does not read (Debian's
    /// <c>HTTP_PORT</c> in <c>/etc/default/jenkins</c>, the SysV script's, beside a systemd unit): someone meant the program
    /// to listen there, so a front end pointing at that port may be the side that is right.</summary>
    public List<(int Port, Location Location, string Setting)> UnreadPorts { get; } = [];

    /// <summary>Where the program may listen besides its binds, and why, where settings ConfLint cannot read add listeners
    /// (Nexus's repository connectors, kept in its database, each on the main connector's host with a port of its own):
    /// any port of <c>Host</c>'s addresses. A target there may be one of them, so it is not judged unless
    /// the program's own files name its port for a bind ConfLint reads (<see cref="FormerPorts"/>). Null where the binds
    /// are all it listens on.</summary>
    public (string Host, string Why)? MoreListeners { get; internal set; }

    /// <summary>Ports the program's own files name for one of its binds in a line it does not act on, written there as a
    /// record of an earlier setting (Nexus's <c>nexus.properties</c>, where Nexus copies the defaults of the install folder
    /// it first ran from, each line commented out): a front end at such a port was meant for that bind, which has moved.
    /// Unlike <see cref="UnreadPorts"/>, no one means the program to listen there now.</summary>
    public List<(int Port, Location Location, string Setting)> FormerPorts { get; } = [];

    /// <summary>Whether its listeners are separate servers, each for its own clients (MinIO's S3 API and its console,
    /// notify_push's push server and its metrics): a front end reaching one does not make the others reached, and a site
    /// that lost its own is compared with those no front end reaches.</summary>
    public bool SeparateServers { get; internal set; }

    /// <summary>uwsgi's options as this instance reads them (for who owns its Unix sockets), or null for another program.</summary>
    public UwsgiOptions? UwsgiOptions { get; internal set; }

    /// <summary>gunicorn's <c>umask</c>, <c>user</c> and <c>group</c> as its settings give them, for who owns the Unix sockets
    /// it binds (<see cref="GunicornSocketSettings"/>); null for another program.</summary>
    public GunicornSocketSettings? GunicornSocket { get; internal set; }

    /// <summary>puma's Unix binds that set their socket's mode in the URL's query (<c>?umask=0077</c>, <c>?mode=0600</c>),
    /// for who may connect (<see cref="PumaSocketMode"/>); a bind without either is bound under umask 0 (mode 0777).</summary>
    public List<PumaSocketMode> PumaSocketModes { get; } = [];

    /// <summary>pveproxy's host access list (<c>ALLOW_FROM</c>, <c>DENY_FROM</c>, <c>POLICY</c> of /etc/default/pveproxy), or null
    /// for another program.</summary>
    public PveproxyAccess? PveproxyAccess { get; internal set; }

    /// <summary>spawn-fcgi's options (who owns its socket, the program it spawns), or null for another program.</summary>
    public SpawnFcgiOptions? SpawnFcgi { get; internal set; }

    /// <summary>The shell scripts the command was followed through to the server (<see cref="ScriptFollower"/>); empty when
    /// the service's or program's own command line runs it.</summary>
    public IReadOnlyList<string> Scripts { get; internal set; } = [];

    /// <summary>The umask those scripts set for the server; null when they set none (or none was followed).</summary>
    public ScriptUmask? ScriptUmask { get; internal set; }

    /// <summary>A uwsgi emperor's vassals, each an application server of its own.</summary>
    public List<AppServer> Vassals { get; } = [];

    /// <summary>The first known application server among the commands of <paramref name="execStart"/>, or null.</summary>
    public static AppServer? Detect(SystemdEntry execStart, ConfigFile file, SystemdCommandLines commands, AppServerContext context)
    {
        Location Locate(SystemdWord? word) =>
            new(file.Source!, word is { } w ? execStart.ValueSpan(w.Start, w.End) : execStart.ValueToken?.Span ?? execStart.Span);
        return commands.Commands.Select(c => Detect(c, execStart, file, Locate, context)).FirstOrDefault(s => s is not null);
    }

    /// <summary>The application server one command runs (a supervisord program's, a container's, one of ExecStart's), read
    /// with the reader of its program; null when the program is not one ConfLint knows.</summary>
    /// <param name="locate">Where a word of <paramref name="command"/> is written; for none, the whole command.</param>
    internal static AppServer? Detect(SystemdCommand command, Syntax.SyntaxNode? entry, ConfigFile file, Func<SystemdWord?, Location> locate, AppServerContext context)
    {
        var (program, arguments, environment) = Unwrap(command, new ScriptEnvironment(context.Environment, new HashSet<string>(StringComparer.Ordinal), false), context.EnvironmentComplete);
        if (program is null && Apphost(command, context) is { } dll)
        {
            // A framework-dependent apphost (/var/www/app/App beside App.dll and App.runtimeconfig.json) runs App.dll.
            (program, arguments) = (Kestrel, command.Arguments.Prepend(command.Executable with { Value = dll }).ToList());
        }

        if (program is null)
        {
            return null;
        }

        var own = new SystemdCommand(command.Prefixes, command.Executable, arguments);
        var ownContext = context with { Command = own };
        if (!ReferenceEquals(environment.Variables, context.Environment))
        {
            // A wrapper (sh -c's script, env) changed the environment: a variable it set is no longer at its Environment= line.
            ownContext = ownContext with
            {
                Environment = environment.Variables,
                UnknownVariables = environment.Unknown,
                EnvironmentComplete = context.EnvironmentComplete && !environment.AllUnknown,
                EnvironmentAt = context.EnvironmentAt?.Where(e => environment.Variables.TryGetValue(e.Key, out var value) && value == context.Environment.GetValueOrDefault(e.Key))
                    .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            };
        }

        // A jar is read as Spring Boot only on evidence that it is one; any other stays an unread program. So is a
        // launcher named nexus, as Sonatype Nexus Repository's, only where its install folder is there.
        if (program == SpringBootReader.Name && !SpringBootReader.Recognised(ownContext)
            || program == NexusReader.Name && !NexusReader.Recognised(ownContext)
            || program is ElixirReleaseReader.Mobilizon or ElixirReleaseReader.Akkoma && !ElixirReleaseReader.Recognised(ownContext, program))
        {
            return null;
        }

        var server = new AppServer(RunsAs.GetValueOrDefault(program, program), own, entry, file, locate) { WorkingDirectory = context.WorkingDirectory };
        Readers[program].Read(server, ownContext);
        // A word that is a whole $VAR the environment does not give (its file not in the tree) stands for any number of
        // words systemd splits from the value: options the reader did not see, an address among them perhaps.
        foreach (var argument in arguments)
        {
            if (EnvironmentVariables.WholeWord(argument.Value) is { } name)
            {
                server.Unknown($"the command's ${name} is not known here (systemd splits its value into words: options, an address among them perhaps)");
                break;
            }
        }

        return server;
    }

    /// <summary>The dll an executable is the apphost of: <c>App.dll</c> and <c>App.runtimeconfig.json</c> in its folder, as
    /// <c>dotnet publish</c> leaves them for a framework-dependent application; null otherwise.</summary>
    private static string? Apphost(SystemdCommand command, AppServerContext context)
    {
        var executable = command.Executable.Value;
        if (context.Files is null || !executable.StartsWith('/') || executable.Contains('$') || executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return context.Files.Exists(executable + ".dll") && context.Files.Exists(executable + ".runtimeconfig.json") ? executable + ".dll" : null;
    }

    /// <summary>The application server a command a service's script ends up running starts (<see cref="ScriptFollower"/>):
    /// its words are located at the ExecStart word that names the first script (<paramref name="at"/>).</summary>
    internal static AppServer? DetectFollowed(SystemdEntry execStart, ConfigFile file, SystemdWord at, SystemdCommand command, AppServerContext context)
    {
        var atLocation = new Location(file.Source!, execStart.ValueSpan(at.Start, at.End));
        return Detect(command, execStart, file, _ => atLocation, context);
    }

    /// <summary>Whether a command runs a server ConfLint knows, past its wrappers (what <see cref="Detect(SystemdCommand, Syntax.SyntaxNode?, ConfigFile, Func{SystemdWord?, Location}, AppServerContext)"/>
    /// would read). A jar a script runs is not taken for Spring Boot here (that needs the evidence
    /// <see cref="SpringBootReader.Recognised"/> looks for).</summary>
    internal static bool Recognises(SystemdCommand command) =>
        Unwrap(command, new ScriptEnvironment(new Dictionary<string, string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), false), false).Program is not (null or SpringBootReader.Name);

    public static bool IsPhpFpm(SystemdCommand command) =>
        command.ProgramName.StartsWith("php-fpm", StringComparison.Ordinal) || command.ProgramName == "php5-fpm";

    /// <summary>The program behind wrappers: <c>python -m gunicorn</c>, <c>bundle exec puma</c>, <c>rbenv exec bundle exec
    /// --keep-file-descriptors puma</c>, <c>/usr/bin/env node</c>, <c>pumactl -F FILE start</c> (puma); and the environment it runs with, as <c>env</c>'s
    /// assignments and a <c>sh -c</c> script's commands before it change <paramref name="environment"/>.</summary>
    /// <param name="complete">Whether <paramref name="environment"/> is all the command is given: a variable it lacks is unset.</param>
    /// <param name="anyProgram">Return the program the wrappers run whatever it is (<c>rails runner</c> as <c>rails</c> with
    /// <c>runner</c> first, an artisan command as <c>artisan</c> with its name first), not only a server ConfLint reads; a
    /// shell's script is then not looked into.</param>
    private static (string? Program, IReadOnlyList<SystemdWord> Arguments, ScriptEnvironment Environment) Unwrap(SystemdCommand command, ScriptEnvironment environment, bool complete, bool anyProgram = false)
    {
        var name = Canonical(command.ProgramName);
        var arguments = command.Arguments;
        if (command.Executable.Value == "/usr/bin/jenkins")
        {
            // jenkinsci/packaging's systemd/jenkins.sh, installed as /usr/bin/jenkins by the deb and the rpm.
            return ("jenkins", arguments, environment);
        }

        if (name == NexusReader.Name && NexusReader.Serves(arguments))
        {
            // Sonatype Nexus Repository 3's launcher, bin/nexus (install4j's): start, run and run-redirect run the JVM
            // (NexusReader), the launcher's own path first among the words.
            return (NexusReader.Name, arguments.Prepend(command.Executable).ToList(), environment);
        }

        if (ElixirReleaseReader.ProgramOf(name) is { } release && ElixirReleaseReader.Starts(arguments))
        {
            // An Elixir release's launcher (mix release's bin/mobilizon, Akkoma's bin/pleroma): start, start_iex, daemon and
            // daemon_iex run the VM (ElixirReleaseReader, where the release's layout is there), the launcher first among the words.
            return (release, arguments.Prepend(command.Executable).ToList(), environment);
        }

        if (name.EndsWith(".jar", StringComparison.Ordinal))
        {
            // A "fully executable" jar (Spring Boot's launch script before the jar): read as Spring Boot where there is
            // evidence that it is one (SpringBootReader), the jar first among the words.
            return (SpringBootReader.Name, arguments.Prepend(command.Executable).ToList(), environment);
        }

        for (var hops = 0; hops < 8; hops++)
        {
            if (CommandWrappers.IsWrapper(name))
            {
                // nice, ionice, chrt, taskset, stdbuf, timeout, setpriv, chpst, numactl, dotenv: each read with its own
                // options' arity; an option it does not have leaves the program unknown.
                var programAt = CommandWrappers.Program(name, arguments, out var loads);
                if (programAt < 0)
                {
                    return (null, arguments, environment);
                }

                if (loads)
                {
                    // dotenv sets what its .env file holds, without overriding what the environment already has.
                    environment = environment with { AllUnknown = true };
                }

                name = Canonical(Base(arguments[programAt].Value));
                arguments = arguments.Skip(programAt + 1).ToList();
                continue;
            }

            if (name == "rails" || name.StartsWith("ruby", StringComparison.Ordinal) && arguments.Count > 0 && Base(arguments[0].Value) == "rails")
            {
                // rails server (bin/rails s, bundle exec rails server): puma under Rails' own options (RailsServerReader).
                var rest = name == "rails" ? arguments : arguments.Skip(1).ToList();
                return rest.Count > 0 && rest[0].Value is "server" or "s" ? ("rails", rest.Skip(1).ToList(), environment)
                    : anyProgram ? ("rails", rest, environment) : (null, arguments, environment);
            }

            if (name == "artisan" || name.StartsWith("php", StringComparison.Ordinal) && !IsPhpFpm(new SystemdCommand(SystemdExecPrefixes.None, new SystemdWord(name, 0, 0), [])) && name != "php-cgi")
            {
                // php [-c FILE] [-d K=V] [-n] [-f] PATH/artisan COMMAND: Laravel's commands that serve (LaravelReader).
                var file = name == "artisan" ? -1 : PhpScript(arguments);
                if (name != "artisan" && (file < 0 || Base(arguments[file].Value) != "artisan"))
                {
                    return (null, arguments, environment);
                }

                var artisan = name == "artisan" ? command.Executable : arguments[file];
                var after = arguments.Skip(file + 1).ToList();
                var program = after.Count > 0 ? ArtisanServer(after[0].Value) : null;
                return program is not null ? (program, after.Prepend(artisan).ToList(), environment)
                    : anyProgram ? ("artisan", after, environment) : (null, arguments, environment);
            }

            if (name == "java" && JarIndex(arguments) is >= 0 and var jar)
            {
                // java [JVM options] -jar PATH/jenkins.war [winstone's options]
                // java [JVM options] -jar PATH/metabase.jar: Metabase's Jetty, its JVM options (system properties) read.
                // java [JVM options] -jar PATH/APP.jar [arguments]: Spring Boot where there is evidence that it is
                // (SpringBootReader), read from all the words.
                var jarName = Base(arguments[jar].Value);
                return jarName == "jenkins.war" ? ("jenkins.war", arguments.Skip(jar + 1).ToList(), environment)
                    : jarName.StartsWith("metabase", StringComparison.Ordinal) && jarName.EndsWith(".jar", StringComparison.Ordinal) ? (Metabase, arguments.Take(jar).ToList(), environment)
                    : jarName.EndsWith(".jar", StringComparison.Ordinal) || jarName.EndsWith(".war", StringComparison.Ordinal) ? (SpringBootReader.Name, arguments.ToList(), environment)
                    : (null, arguments, environment);
            }

            if (name == "grafana")
            {
                // grafana server [options] (since Grafana 10; grafana-server is the older binary, and a wrapper of it now)
                return arguments.Count > 0 && arguments[0].Value == "server" ? ("grafana", arguments.Skip(1).ToList(), environment) : (null, arguments, environment);
            }

            if (name == "dotnet")
            {
                // dotnet [exec] [host options] PATH/App.dll [the application's arguments]; an SDK command (dotnet run) is not read.
                var dll = arguments.Count > 0 && arguments[0].Value == "exec" ? 1 : 0;
                while (dll < arguments.Count && DotnetHostOptions.Contains(arguments[dll].Value))
                {
                    dll += 2;
                }

                return dll < arguments.Count && arguments[dll].Value.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? (Kestrel, arguments.Skip(dll).ToList(), environment)
                    : (null, arguments, environment);
            }

            if (name == "pumactl")
            {
                // pumactl start runs puma itself, in the same process; its other commands signal or ask a running puma.
                return PumactlStart(arguments) is { } puma ? ("puma", puma, environment) : (null, arguments, environment);
            }

            if (name is "env" && arguments.Count > 0)
            {
                var skip = arguments.TakeWhile(a => a.Value.Contains('=') || a.Value.StartsWith('-')).Count();
                if (skip >= arguments.Count)
                {
                    return (null, arguments, environment);
                }

                environment = EnvAssignments(arguments.Take(skip).Select(a => a.Value).ToList(), environment);

                name = Canonical(Base(arguments[skip].Value));
                arguments = arguments.Skip(skip + 1).ToList();
                continue;
            }

            if (name == "airflow")
            {
                // Airflow 2's webserver starts gunicorn with the address and timeout of its own settings (AirflowReader).
                return arguments.Count > 0 && arguments[0].Value == "webserver" ? (AirflowReader.Webserver, arguments.Skip(1).ToList(), environment)
                    : anyProgram ? ("airflow", arguments, environment) : (null, arguments, environment);
            }

            if (GotifyReader.IsGotify(name))
            {
                // Gotify's binary (gotify-linux-amd64, renamed gotify): 2.x takes no command; 3.0's are `serve` (the
                // default) and `migrate-config`, which converts a file and ends.
                var first = arguments.Select(a => a.Value).FirstOrDefault(a => !a.StartsWith('-'));
                return first is null or "serve" || anyProgram ? ("gotify", arguments, environment) : (null, arguments, environment);
            }

            if (name == "pveproxy")
            {
                // pve-manager's bin/pveproxy (PVE::Daemon's commands): `start` runs the server; stop, restart and status
                // signal or ask a running one.
                return arguments.Count > 0 && arguments[0].Value == "start" || anyProgram ? ("pveproxy", arguments, environment) : (null, arguments, environment);
            }

            if (name == "streamlit")
            {
                // streamlit run SCRIPT [options]: the server; its other commands (hello, config show, cache clear) are not.
                return arguments.Count > 0 && arguments[0].Value == "run" ? ("streamlit", arguments.Skip(1).ToList(), environment)
                    : anyProgram ? ("streamlit", arguments, environment) : (null, arguments, environment);
            }

            if (name == "nautobot-server")
            {
                // Nautobot's launcher: its own options (-c PATH), then a Django command; `start` is django-webserver's
                // pyuwsgi command, uWSGI in the same process (DjangoUwsgiReader).
                return NautobotStart(arguments) ? (DjangoUwsgiReader.Nautobot, arguments, environment) : (null, arguments, environment);
            }

            if (DjangoCommandAt(name, arguments) is >= 0 and var django && django < arguments.Count && arguments[django].Value == "pyuwsgi")
            {
                // manage.py pyuwsgi, django-admin pyuwsgi (django-webserver): uWSGI with the rest of the words as its options.
                return (DjangoUwsgiReader.Pyuwsgi, arguments.Skip(django + 1).ToList(), environment);
            }

            if (name.StartsWith("python", StringComparison.Ordinal) && arguments.Count >= 2 && Base(arguments[0].Value) == "manage.py" && arguments[1].Value == "runserver")
            {
                return ("runserver", arguments.Skip(2).ToList(), environment);
            }

            if (name is "exec" or "tini" or "dumb-init" && arguments.Count > 0)
            {
                // A container's or a shell's wrappers: the program is the first word that is not theirs.
                var skip = arguments.TakeWhile(a => a.Value.StartsWith('-')).Count();
                if (skip >= arguments.Count)
                {
                    return (null, arguments, environment);
                }

                name = Canonical(Base(arguments[skip].Value));
                arguments = arguments.Skip(skip + 1).ToList();
                continue;
            }

            if (!anyProgram && name is "sh" or "bash" or "dash" or "ash" or "zsh" && ShellScript.ScriptOperand(arguments.Select(a => a.Value).ToList()) is (>= 0 and var at, true))
            {
                // `bash -c "cd /srv/app && exec gunicorn -b :8000 app:app"` (a unit's ExecStart, a supervisord command, a
                // Compose command): the script's last command that runs a server ConfLint knows; its words are located at
                // the script's word.
                var script = arguments[at];
                var commands = ShellScript.Parse(script.Value);
                for (var index = commands.Count - 1; index >= 0; index--)
                {
                    if (commands[index].Words.Count == 0)
                    {
                        continue;
                    }

                    // The words as the shell gives them to the command: systemd passes the script's $PORT as written, and
                    // the shell expands it from the environment the commands before it leave.
                    var before = ShellScript.EnvironmentOf(commands, index, environment.Variables, complete && !environment.AllUnknown);
                    var merged = new ScriptEnvironment(before.Variables, new HashSet<string>(environment.Unknown.Concat(before.Unknown), StringComparer.Ordinal), environment.AllUnknown || before.AllUnknown);
                    var words = commands[index].Words.Select(w => ShellScript.ExpandedText(w, merged)).ToList();
                    var inner = new SystemdCommand(SystemdExecPrefixes.None, script with { Value = words[0] }, words.Skip(1).Select(w => script with { Value = w }).ToList());
                    if (Unwrap(inner, environment, complete) is ({ } found, var innerArguments, _))
                    {
                        // Inside if/case/a loop another branch may start another server instead (`if [ -n "$SOCK" ];
                        // then exec gunicorn -b unix:$SOCK ...; else exec gunicorn -b :8000 ...; fi`): which one runs is
                        // the script's condition, not known here.
                        if (commands[index].Nested && OtherServerIn(commands, index, script, environment, complete))
                        {
                            return (null, arguments, environment);
                        }

                        // The environment the script's commands before it leave, then the wrappers' own (env, a nested sh -c).
                        return (found, innerArguments, Unwrap(inner, merged, complete && !merged.AllUnknown).Environment);
                    }
                }

                return (null, arguments, environment);
            }

            if (name.StartsWith("python", StringComparison.Ordinal) && arguments.Count >= 1 && arguments[0].Value.Contains('/')
                && Canonical(Base(arguments[0].Value)) is "gunicorn" or "uvicorn" or "hypercorn")
            {
                // python /opt/app/venv/bin/gunicorn ...: the interpreter runs the console script (Seafile's seahub.sh).
                name = Canonical(Base(arguments[0].Value));
                arguments = arguments.Skip(1).ToList();
                continue;
            }

            if ((name.StartsWith("python", StringComparison.Ordinal) || name == "pipenv") && arguments.Count >= 2 && arguments[0].Value == "-m")
            {
                name = arguments[1].Value;
                arguments = arguments.Skip(2).ToList();
                continue;
            }

            if (name is "bundle" or "poetry" or "pipenv" or "rbenv" or "uv" && arguments.Count >= 2 && arguments[0].Value is "exec" or "run")
            {
                // Options of the wrapper itself (bundle exec --keep-file-descriptors) come before the program.
                var skip = 1 + arguments.Skip(1).TakeWhile(a => a.Value.StartsWith('-')).Count();
                if (skip >= arguments.Count)
                {
                    return (null, arguments, environment);
                }

                name = Canonical(Base(arguments[skip].Value));
                arguments = arguments.Skip(skip + 1).ToList();
                continue;
            }

            break;
        }

        return anyProgram || Readers.ContainsKey(name) && !OnlyAsRecognised.Contains(name) ? (name, arguments, environment) : (null, arguments, environment);
    }

    /// <summary>Why a command is known to listen on no port, past its wrappers and a shell's script (each of whose commands
    /// is a shell builtin or such a program); null when it may listen. From each project's documentation: Sidekiq
    /// (sidekiq, sidekiqswarm) runs jobs from Redis, its Web UI being a Rack application mounted elsewhere; Celery's
    /// <c>worker</c> and <c>beat</c> take tasks from the broker and send schedules to it (<c>flower</c>, which serves a
    /// page, is not one); RQ's <c>rq worker</c>; resque-pool and <c>rake resque:work</c> (<c>resque-web</c> serves, and is
    /// not one); GoodJob's <c>good_job start</c> unless its health-check probe server is asked for (<c>--probe-port</c>,
    /// <c>GOOD_JOB_PROBE_PORT</c>); delayed_job's <c>bin/delayed_job</c> and <c>rake jobs:work</c>; <c>rails runner</c>
    /// runs a script and ends; rake runs tasks; Laravel's <c>artisan horizon</c>, <c>queue:work</c> and
    /// <c>schedule:work</c> take jobs from the queue or run the schedule.</summary>
    internal static string? NotListening(SystemdCommand command, IReadOnlyDictionary<string, string> environment, bool complete)
    {
        if (command.ProgramName is "sh" or "bash" or "dash" or "ash" or "zsh" && ShellScript.ScriptOperand(command.Arguments.Select(a => a.Value).ToList()) is (>= 0 and var at, true))
        {
            var script = command.Arguments[at];
            string? found = null;
            foreach (var inner in ShellScript.Parse(script.Value))
            {
                var words = inner.Words.Select(ShellScript.Text).ToList();
                if (words.Count == 0 || words[0] is "cd" or "export" or "set" or "unset" or "umask" or "ulimit" or "true" or ":" or "echo")
                {
                    continue;
                }

                if (NotListening(new SystemdCommand(SystemdExecPrefixes.None, script with { Value = words[0] }, words.Skip(1).Select(w => script with { Value = w }).ToList()), environment, complete) is not { } why)
                {
                    return null;
                }

                found ??= why;
            }

            return found;
        }

        var (program, arguments, unwrapped) = Unwrap(command, new ScriptEnvironment(environment, new HashSet<string>(StringComparer.Ordinal), false), complete, anyProgram: true);
        var first = arguments.Count > 0 ? arguments[0].Value : null;
        return program switch
        {
            "sidekiq" or "sidekiqswarm" => $"{program} runs background jobs and listens on no port",
            "celery" when CeleryCommand(arguments) is "worker" or "beat" => $"celery {CeleryCommand(arguments)} listens on no port",
            "rq" when first == "worker" => "rq worker listens on no port",
            "rqworker" or "resque-pool" or "delayed_job" => $"{program} listens on no port",
            "rake" => "rake runs tasks and listens on no port",
            "rails" when first is "runner" or "r" => "rails runner runs a script and listens on no port",
            "good_job" when first == "start" && !arguments.Any(a => a.Value.StartsWith("--probe-port", StringComparison.Ordinal))
                && !unwrapped.Variables.ContainsKey("GOOD_JOB_PROBE_PORT") && complete && !unwrapped.AllUnknown => "good_job start without --probe-port or GOOD_JOB_PROBE_PORT listens on no port",
            "artisan" when first is "horizon" or "queue:work" or "schedule:work" => $"artisan {first} listens on no port",
            _ => null,
        };
    }

    /// <summary>celery's command after its global options (<c>-A APP</c>, <c>-b BROKER</c>, <c>--result-backend</c>,
    /// <c>--loader</c>, <c>--config</c>, <c>--workdir</c> take a value); null for an option it does not have.</summary>
    private static string? CeleryCommand(IReadOnlyList<SystemdWord> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i].Value;
            if (word is "-A" or "--app" or "-b" or "--broker" or "--result-backend" or "--loader" or "--config" or "--workdir")
            {
                i++;
            }
            else if (word is "--no-color" or "-q" or "--quiet" or "--skip-checks" || word.StartsWith("--", StringComparison.Ordinal) && word.Contains('=') && word[..word.IndexOf('=')] is "--app" or "--broker" or "--result-backend" or "--loader" or "--config" or "--workdir"
                     || word.Length > 2 && word[0] == '-' && word[1] is 'A' or 'b')
            {
                continue;
            }
            else
            {
                return word.StartsWith('-') ? null : word;
            }
        }

        return null;
    }

    /// <summary>What <c>env [-i] [-u NAME] [NAME=VALUE]...</c> leaves: <c>-i</c> (<c>-</c>, <c>--ignore-environment</c>)
    /// starts from nothing, <c>-u NAME</c> (<c>--unset=NAME</c>) removes one, each assignment sets one (coreutils' env.c,
    /// in that order). Another option makes every variable unknown.</summary>

    /// <summary>Whether a command of the script before <paramref name="index"/>, in a compound command too, also runs a
    /// server ConfLint knows.</summary>
    private static bool OtherServerIn(IReadOnlyList<ShellCommand> commands, int index, SystemdWord script, ScriptEnvironment environment, bool complete)
    {
        for (var other = 0; other < index; other++)
        {
            var words = commands[other].Words.Select(ShellScript.Text).ToList();
            if (commands[other].Nested && words.Count > 0
                && Unwrap(new SystemdCommand(SystemdExecPrefixes.None, script with { Value = words[0] }, words.Skip(1).Select(w => script with { Value = w }).ToList()), environment, complete).Program is not null)
            {
                return true;
            }
        }

        return false;
    }
    private static ScriptEnvironment EnvAssignments(List<string> words, ScriptEnvironment environment)
    {
        var variables = new Dictionary<string, string>(environment.Variables, StringComparer.Ordinal);
        var unknown = new HashSet<string>(environment.Unknown, StringComparer.Ordinal);
        var allUnknown = environment.AllUnknown;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word is "-i" or "-" or "--ignore-environment")
            {
                variables.Clear();
                unknown.Clear();
                allUnknown = false;
            }
            else if (word is "-u" or "--unset" && i + 1 < words.Count)
            {
                variables.Remove(words[++i]);
                unknown.Remove(words[i]);
            }
            else if (word.StartsWith("--unset=", StringComparison.Ordinal))
            {
                variables.Remove(word["--unset=".Length..]);
                unknown.Remove(word["--unset=".Length..]);
            }
            else if (word.StartsWith('-'))
            {
                allUnknown = true;
            }
            else if (word.IndexOf('=') is > 0 and var equals)
            {
                variables[word[..equals]] = word[(equals + 1)..];
                unknown.Remove(word[..equals]);
            }
        }

        return new ScriptEnvironment(variables, unknown, allUnknown);
    }

    /// <summary>pumactl's long options (puma's lib/puma/control_cli.rb); OptionParser takes any unambiguous prefix of one.</summary>
    private static readonly string[] PumactlOptions = ["--state", "--quiet", "--pidfile", "--pid", "--control-url", "--control-token", "--config-file", "--environment", "--help", "--version"];

    /// <summary>puma's command line for <c>pumactl ... start</c> (puma's lib/puma/control_cli.rb): <c>start</c> runs
    /// <c>Puma::CLI</c> in the same process with <c>-C FILE</c> for <c>-F FILE</c> and <c>-e ENV</c> for <c>-e ENV</c>; without
    /// <c>-F</c> pumactl looks for <c>config/puma/ENV.rb</c>, then <c>config/puma.rb</c>, in the working folder, as puma itself
    /// does. pumactl's other options are not puma's (<c>-p</c> is a pid, <c>-C</c> the control server's URL) and set no bind.
    /// Options come before or after the command (OptionParser permutes). Null for any other command (<c>restart</c>,
    /// <c>stop</c>, <c>status</c>, <c>phased-restart</c>... signal or ask a running puma), for none, and for an option
    /// pumactl refuses or that ends it (<c>--help</c>).</summary>
    private static List<SystemdWord>? PumactlStart(IReadOnlyList<SystemdWord> arguments)
    {
        var puma = new List<SystemdWord>();
        string? command = null;

        void Add(string option, SystemdWord word, SystemdWord value)
        {
            if (option is "--config-file" or "-F")
            {
                puma.Add(word with { Value = "-C" });
                puma.Add(value);
            }
            else if (option is "--environment" or "-e")
            {
                puma.Add(word with { Value = "-e" });
                puma.Add(value);
            }
        }

        SystemdWord Attached(SystemdWord word, int offset) =>
            new(word.Value[offset..], word.End - word.Start == word.Value.Length ? word.Start + offset : word.Start, word.End);

        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i];
            if (word.Value == "--")
            {
                command ??= i + 1 < arguments.Count ? arguments[i + 1].Value : null;
                break;
            }

            if (word.Value.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = word.Value.IndexOf('=');
                var given = equals < 0 ? word.Value : word.Value[..equals];
                List<string> matches = PumactlOptions.Contains(given) ? [given] : PumactlOptions.Where(o => o.StartsWith(given, StringComparison.Ordinal)).ToList();
                if (matches.Count != 1 || matches[0] is "--help" or "--version" || matches[0] == "--quiet" && equals >= 0)
                {
                    return null;
                }

                if (matches[0] == "--quiet")
                {
                    continue;
                }

                if (equals < 0 && i + 1 >= arguments.Count)
                {
                    return null;
                }

                Add(matches[0], word, equals >= 0 ? Attached(word, equals + 1) : arguments[++i]);
            }
            else if (word.Value.StartsWith('-') && word.Value.Length > 1)
            {
                // A cluster of short options: -Q takes no value; any other takes the rest of the word, or the next one.
                for (var at = 1; at < word.Value.Length; at++)
                {
                    var letter = word.Value[at];
                    if (letter == 'Q')
                    {
                        continue;
                    }

                    if (letter is not ('S' or 'P' or 'p' or 'C' or 'T' or 'F' or 'e') || at + 1 == word.Value.Length && i + 1 >= arguments.Count)
                    {
                        return null;
                    }

                    Add("-" + letter, word, at + 1 < word.Value.Length ? Attached(word, at + 1) : arguments[++i]);
                    break;
                }
            }
            else
            {
                command ??= word.Value;
            }
        }

        return command == "start" ? puma : null;
    }

    /// <summary>The index of the script among php's arguments: after its options (<c>-c FILE</c>, <c>-d KEY=VALUE</c>, <c>-n</c>,
    /// <c>-q</c>, <c>-e</c>, <c>-H</c>), the first word, or <c>-f</c>'s; -1 for another option (<c>-r</c> code, <c>-S</c> the
    /// built-in server) or none.</summary>
    private static int PhpScript(IReadOnlyList<SystemdWord> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i].Value;
            switch (word)
            {
                case "-c" or "-d":
                    i++;
                    continue;
                case "-n" or "-q" or "-e" or "-H":
                    continue;
                case "-f":
                    return i + 1 < arguments.Count ? i + 1 : -1;
            }

            if (word.StartsWith("-c", StringComparison.Ordinal) || word.StartsWith("-d", StringComparison.Ordinal))
            {
                continue;
            }

            return word.StartsWith('-') ? -1 : i;
        }

        return -1;
    }

    /// <summary>The server an artisan command runs: <c>websockets:serve</c> (beyondcode/laravel-websockets),
    /// <c>reverb:start</c> (laravel/reverb), <c>octane:start</c> and its per-server commands (laravel/octane); null for
    /// any other.</summary>
    private static string? ArtisanServer(string command) => command switch
    {
        "websockets:serve" => "laravel-websockets",
        "reverb:start" => "reverb",
        "octane:start" or "octane:swoole" or "octane:roadrunner" or "octane:frankenphp" => "octane",
        _ => null,
    };

    /// <summary>Where the Django command is among the arguments: first for <c>manage.py</c>, <c>django-admin</c> and
    /// <c>python -m django</c> (Django's ManagementUtility takes the command from <c>argv[1]</c>), second for <c>python
    /// manage.py</c>; -1 for another program.</summary>
    private static int DjangoCommandAt(string name, IReadOnlyList<SystemdWord> arguments) =>
        name is "manage.py" or "django-admin" or "django-admin.py" or "django" ? 0
        : name.StartsWith("python", StringComparison.Ordinal) && arguments.Count >= 1 && Base(arguments[0].Value) == "manage.py" ? 1
        : -1;

    /// <summary>Whether <c>nautobot-server</c>'s arguments run <c>start</c>: after its own options (<c>-c PATH</c>,
    /// <c>--config-path PATH</c>), the first word (nautobot/core/cli: argparse's parse_known_args, then Django's command from
    /// what is left). A word after it that argparse would take as one of nautobot-server's own options (<c>-c</c>, <c>-h</c>,
    /// an abbreviation of <c>--config-path</c>, <c>--help</c>, <c>--version</c>) is taken out of uWSGI's options: not read.</summary>
    private static bool NautobotStart(IReadOnlyList<SystemdWord> arguments)
    {
        var i = 0;
        while (i < arguments.Count && arguments[i].Value.StartsWith('-'))
        {
            var word = arguments[i].Value;
            i += word is "-c" or "--config-path" ? 2 : word.StartsWith("--config-path=", StringComparison.Ordinal) || word.StartsWith("-c", StringComparison.Ordinal) && !word.StartsWith("--", StringComparison.Ordinal) ? 1 : int.MaxValue / 2;
        }

        if (i >= arguments.Count || arguments[i].Value != "start")
        {
            return false;
        }

        static bool Abbreviates(string word, string option) =>
            word.Length >= 3 && option.StartsWith(word.Split('=')[0], StringComparison.Ordinal);

        return !arguments.Skip(i + 1).Any(a => a.Value is "-c" or "-h" || a.Value.StartsWith("-c", StringComparison.Ordinal) && !a.Value.StartsWith("--", StringComparison.Ordinal)
            || a.Value.StartsWith("-h", StringComparison.Ordinal) && !a.Value.StartsWith("--", StringComparison.Ordinal)
            || Abbreviates(a.Value, "--config-path") || Abbreviates(a.Value, "--help") || Abbreviates(a.Value, "--version"));
    }

    /// <summary>The index of the jar after <c>-jar</c> among java's arguments, or -1 (a main class, or no jar).</summary>
    internal static int JarIndex(IReadOnlyList<SystemdWord> arguments)
    {
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i].Value == "-jar")
            {
                return i + 1;
            }

            if (!arguments[i].Value.StartsWith('-'))
            {
                return -1;
            }

            // The java launcher's options that take their value as the next word (java --help).
            if (arguments[i].Value is "-cp" or "-classpath" or "--class-path" or "--module-path" or "-p" or "--upgrade-module-path" or "--add-modules"
                or "--enable-native-access" or "--add-opens" or "--add-exports" or "--add-reads" or "--patch-module" or "--limit-modules")
            {
                i++;
            }
        }

        return -1;
    }

    private static string Base(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>A vassal of this emperor, read from its own file.</summary>
    internal AppServer Vassal(string name) => new(Program, Command, _entry, _file, _locate, name);

    /// <summary>Where a word of the command is; the whole command for none.</summary>
    internal Location LocationOf(SystemdWord? word) => _locate(word);

    internal void AddBind(Endpoint endpoint, SystemdWord? word, BackendProtocol protocol, string? note = null) =>
        Binds.Add(new EndpointSite(endpoint, _file, LocationOf(word), _entry) { Protocol = protocol, Note = note });

    /// <summary>A bind written in the server's own file, at <paramref name="location"/>.</summary>
    internal void AddBindAt(Endpoint endpoint, Location location, BackendProtocol protocol, string note) =>
        Binds.Add(new EndpointSite(endpoint, _file, location, null) { Protocol = protocol, Note = note });

    /// <summary>Records whether the binds read so far speak TLS (each whose fact is not yet known, from the
    /// <paramref name="from"/>th on), and what says so.</summary>
    internal void SetTls(TlsFact tls, string? evidence, int from = 0)
    {
        for (var i = from; i < Binds.Count; i++)
        {
            if (Binds[i].Tls == TlsFact.Unknown)
            {
                Binds[i] = Binds[i] with { Tls = tls, TlsEvidence = tls == TlsFact.Unknown ? null : evidence };
            }
        }
    }

    /// <summary>The binds cannot be known, and why.</summary>
    internal void Unknown(string why)
    {
        BindsUnknown = true;
        Unknowns.Add(why);
    }

    /// <summary><c>unix:/path</c>, <c>unix:///path</c>, <c>tcp://host:port</c>, <c>host:port</c>, <c>:port</c>, <c>/path</c>
    /// (uwsgi), a bare port; null for a form that names no fixed address (<c>fd://</c>, a variable).</summary>
    /// <param name="folder">The folder the server binds from (its working folder, gunicorn's <c>--chdir</c>, uwsgi's
    /// <c>chdir</c>): a relative socket path (<c>unix:app.sock</c>, the tutorials' form) is that folder's; null when it is
    /// not known, which leaves such a path unplaced.</param>
    /// <param name="bareIsPath">uwsgi's reading: an address without a colon is a socket path (<c>socket = app.sock</c>),
    /// where gunicorn reads it as a host name.</param>
    internal static Endpoint? ParseAddress(string text, int defaultPort = 8000, string? folder = null, bool bareIsPath = false)
    {
        const string tcp = "tcp://";
        const string unix = "unix:";
        var value = text.Trim();
        var query = value.IndexOf('?');
        if (query >= 0)
        {
            value = value[..query];
        }

        if (value.StartsWith(tcp, StringComparison.Ordinal) || value.StartsWith("ssl://", StringComparison.Ordinal))
        {
            value = value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..];
        }

        if (value.StartsWith(unix, StringComparison.Ordinal))
        {
            // unix:///abs and unix:/abs are absolute; unix://rel and unix:rel are relative (gunicorn's and puma's parsers
            // take what follows "unix://", else "unix:").
            var path = value.StartsWith("unix://", StringComparison.Ordinal) ? value["unix://".Length..] : value[unix.Length..];
            return SocketPath(path, folder);
        }

        if (value.StartsWith('/'))
        {
            return Endpoint.Unix(value);
        }

        if (value.Length == 0 || value.StartsWith("fd://", StringComparison.Ordinal) || value.Contains('%') || value.Contains('$') || value.StartsWith('@'))
        {
            return null;
        }

        if (bareIsPath && !value.Contains(':'))
        {
            return SocketPath(value, folder);
        }

        return Endpoint.TrySplitHostPort(value.StartsWith(':') ? "0.0.0.0" + value : value, defaultPort, out var host, out var port)
            ? Endpoint.Tcp(host, port)
            : null;
    }

    /// <summary>A host and a port held apart (Airflow's web_server_host and web_server_port, Metabase's MB_JETTY_HOST and
    /// MB_JETTY_PORT) as one address, read as <see cref="ParseAddress"/> reads <c>HOST:PORT</c>: an IPv6 host bracketed; null
    /// for a port out of range or a host that names no fixed address.</summary>
    internal static Endpoint? HostAndPort(string host, int port) =>
        port is < 1 or > 65535 ? null
        : ParseAddress($"{(host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host)}:{port}");

    /// <summary>The folder a server binds its relative sockets from: <paramref name="chdir"/> (absolute, or taken from
    /// <paramref name="workingDirectory"/>), else the working folder; null where neither is known.</summary>
    internal static string? BindFolder(string? chdir, string? workingDirectory) =>
        chdir is null ? workingDirectory
        : chdir.StartsWith('/') || workingDirectory is not null ? HostFiles.Absolute(chdir, workingDirectory) : null;

    /// <summary>A socket path: absolute, or relative to <paramref name="folder"/> where that is known; null otherwise.</summary>
    private static Endpoint? SocketPath(string path, string? folder) =>
        path.Length == 0 || path.Contains('$') || path.Contains('%') ? null
        : path.StartsWith('/') ? Endpoint.Unix(Workspace.RootedFileSystem.Normalize(path))
        : folder is { Length: > 0 } && folder.StartsWith('/') && !folder.Contains('$') ? Endpoint.Unix(HostFiles.Absolute(path, folder))
        : null;

    /// <summary>An address word of the command line as a bind; an address that names no fixed place makes the binds unknown.</summary>
    /// <param name="folder">The folder a relative socket path is taken from (see <see cref="ParseAddress"/>).</param>
    internal void AddAddress(SystemdWord word, BackendProtocol protocol, string? folder = null)
    {
        if (ParseAddress(word.Value, folder: folder) is { } endpoint)
        {
            AddBind(endpoint, word, protocol);
        }
        else
        {
            Unknown($"{Program} binds {word.Value}, which names no fixed address");
        }
    }
}

/// <summary>What an application server's reader sees besides its command: the unit's (program's, container's) environment,
/// its working folder, the unit's name, and the root's files.</summary>
/// <param name="Command">The server's own command: wrappers (<c>env</c>, <c>python -m</c>, <c>bundle exec</c>) removed.</param>
/// <param name="Files">The root's files, or null when the server's files are not the root's (a container's image).</param>
/// <param name="UnseenFiles">Whether a file the server reads by default may be where ConfLint cannot look (a container's
/// image, a working folder that is not known): its absence then proves nothing, and what it would set is unknown.</param>
/// <param name="EnvironmentAt">Where each variable of <paramref name="Environment"/> is set, where it is a line of a
/// configuration file ConfLint reads (a unit's <c>Environment=</c>); a variable without one is located at the command.</param>
/// <param name="EnvironmentComplete">Whether <paramref name="Environment"/> is all the program is given, so that a variable
/// it lacks is unset: not where a unit's <c>EnvironmentFile=</c> could not be read, or it has <c>PassEnvironment=</c>, or
/// a wrapper script may have set any variable (<c>. FILE</c>, <c>eval</c>).</param>
/// <param name="UnknownVariables">Variables a wrapper script may have set to a value that is not known (a command that may
/// or may not run, a command substitution).</param>
public sealed record AppServerContext(SystemdCommand Command, IReadOnlyDictionary<string, string> Environment, string? WorkingDirectory, string UnitName, HostFiles? Files, bool UnseenFiles = false, IReadOnlyDictionary<string, Location>? EnvironmentAt = null)
{
    public bool EnvironmentComplete { get; init; } = true;

    /// <summary>The home folder of the user the program runs as, where a unit's <c>User=</c> names one /etc/passwd knows (systemd
    /// sets <c>HOME</c> to it); null where it is not known. A <c>HOME</c> in <see cref="Environment"/> comes first.</summary>
    public string? Home { get; init; }

    /// <summary>Whether a systemd unit starts the program as root (no <c>User=</c>, or root's); null where no unit says
    /// (a supervisord program, a container).</summary>
    public bool? Root { get; init; }

    public IReadOnlySet<string> UnknownVariables { get; init; } = NoVariables;

    private static readonly HashSet<string> NoVariables = [];

    /// <summary>The absolute path of the program the command runs (its first word, relative to the working folder where it
    /// names a folder), or null where it cannot be placed: a variable in it, a bare name looked up on the PATH, or a relative
    /// path without a working folder.</summary>
    public string? LauncherPath()
    {
        if (Files is null || Command.Arguments.Count == 0)
        {
            return null;
        }

        var path = Command.Arguments[0].Value;
        return path.Contains('$') || !path.StartsWith('/') && (WorkingDirectory is null || !path.Contains('/'))
            ? null
            : HostFiles.Absolute(path, WorkingDirectory);
    }

    /// <summary>The value of <paramref name="name"/>: set (found), unset (null, where the environment is complete), or not
    /// known (<paramref name="known"/> false).</summary>
    public string? Variable(string name, out bool known) => Lookup(Environment, UnknownVariables, EnvironmentComplete, name, out known);

    /// <summary>A variable of an environment: set (found), unset (null, where <paramref name="complete"/>), or not known
    /// (<paramref name="known"/> false: one of <paramref name="unknown"/>, or absent from an environment not known whole).</summary>
    internal static string? Lookup(IReadOnlyDictionary<string, string> environment, IReadOnlySet<string> unknown, bool complete, string name, out bool known)
    {
        if (unknown.Contains(name))
        {
            known = false;
            return null;
        }

        var found = environment.GetValueOrDefault(name);
        known = found is not null || complete;
        return found;
    }
}
