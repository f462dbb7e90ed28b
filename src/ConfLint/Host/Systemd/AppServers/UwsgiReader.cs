using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;
using ConfLint.Units;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// uwsgi: options from <c>UWSGI_*</c> environment variables, ini files (<c>--ini FILE[:SECTION]</c>, or a lone argument
/// ending in <c>.ini</c>), XML files (<c>--xml</c> or <c>-x FILE[:ID]</c>, or a lone argument ending in <c>.xml</c>) and
/// the command line (<see cref="UwsgiOptions"/>). Binds: <c>socket</c> (the uwsgi protocol, unless <c>protocol</c> or
/// <c>socket-protocol</c> names another for these "default sockets": core/uwsgi.c adds <c>socket</c> with no protocol of
/// its own, <c>uwsgi-socket</c> with uwsgi's), <c>http-socket</c> and <c>https-socket</c> (HTTP), <c>http</c> (the HTTP
/// router in front of the workers: HTTP), <c>fastcgi-socket</c> (FastCGI), <c>scgi-socket</c> (SCGI); no default (uwsgi refuses to
/// start without one). <c>harakiri</c> kills a request after so many seconds. An emperor (<c>emperor = FOLDER</c> or a
/// glob) runs one instance per <c>.ini</c> or <c>.xml</c> vassal there, each read the same way with its own file's <c>%n</c>.
/// </summary>
internal sealed class UwsgiReader : AppServerReader
{
    private static readonly (string[] Names, BackendProtocol Protocol)[] Sockets =
    [
        (["socket", "s"], BackendProtocol.Uwsgi),
        (["http-socket"], BackendProtocol.Http),
        (["https-socket"], BackendProtocol.Http),
        (["http"], BackendProtocol.Http),
        (["https"], BackendProtocol.Http),
        (["fastcgi-socket"], BackendProtocol.FastCgi),
        (["scgi-socket"], BackendProtocol.Scgi),
    ];

    public override void Read(AppServer server, AppServerContext context) => Read(server, context, null);

    /// <param name="moreOptions">Why options may come from elsewhere, before the command line's (the Django command's
    /// <c>PYUWSGI_ARGS</c> setting, where it cannot be read): then a <c>protocol</c> they could set is not known.</param>
    internal static void Read(AppServer server, AppServerContext context, string? moreOptions)
    {
        var options = NewOptions(context);
        foreach (var (key, value) in context.Environment.Where(e => e.Key.StartsWith("UWSGI_", StringComparison.Ordinal)))
        {
            if (key == "UWSGI_INI")
            {
                options.ReadIni(context.Files, value, context.WorkingDirectory);
            }
            else
            {
                options.Add(key["UWSGI_".Length..], value, null);
            }
        }

        ReadCommandLine(context.Command, options, context);
        Apply(server, options, context, moreOptions);
        foreach (var folder in options.All("emperor"))
        {
            ReadVassals(server, folder, context);
        }
    }

    /// <summary>Options read with the process's environment as the context knows it (<c>if-env</c>: a variable the unit's
    /// complete environment lacks is unset) and the root's files (<c>if-exists</c>).</summary>
    private static UwsgiOptions NewOptions(AppServerContext context) => new(context.Environment)
    {
        Variable = name => (context.Variable(name, out var known), known),
        Root = context.Files,
    };

    /// <summary>
    /// The command line's options in uwsgi's order. uwsgi_commandline_config (core/uwsgi.c) runs getopt_long over the
    /// whole line first (glibc's getopt moves the bare words to the end), loading an <c>--ini</c>/<c>--xml</c> file where
    /// it stands and queueing every other option, and only then loads each bare word (<c>uwsgi app.ini</c>) as a file;
    /// a later option of the same name wins. So in <c>uwsgi app.ini --harakiri 300</c> the file's <c>harakiri</c> wins
    /// (a request of 4 s outlives <c>--harakiri 2</c> beside a file's 10: checked with uWSGI 2.0.21), while in
    /// <c>uwsgi --ini app.ini --harakiri 300</c> the option does.
    /// </summary>
    private static void ReadCommandLine(SystemdCommand command, UwsgiOptions options, AppServerContext context)
    {
        var arguments = command.Arguments;
        var bareFiles = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i].Value;
            if (!word.StartsWith('-'))
            {
                // uwsgi reads a bare argument ending in .ini or .xml as that kind of file (uwsgi myapp.xml), after the options.
                if (word.EndsWith(".ini", StringComparison.Ordinal) || word.EndsWith(".xml", StringComparison.Ordinal))
                {
                    bareFiles.Add(word);
                }

                continue;
            }

            var equals = word.IndexOf('=');
            var name = equals > 0 ? word[..equals] : word;
            var next = i + 1 < arguments.Count ? arguments[i + 1].Value : null;

            // A flag (--master) before a lone ini file takes no value.
            var takesNext = next is not null && !next.StartsWith('-')
                && (!(next.EndsWith(".ini", StringComparison.Ordinal) || next.EndsWith(".xml", StringComparison.Ordinal)) || name.TrimStart('-') is "ini" or "emperor" or "xml" or "x" or "xmlconfig");
            var value = equals > 0 ? word[(equals + 1)..] : takesNext ? arguments[++i].Value : null;
            if (value is null)
            {
                // A flag (--master, --chmod-socket without a mode): uwsgi sees it without a value.
                if (name.TrimStart('-') is "chmod-socket" or "chmod" or "master-as-root" or "drop-after-init" or "drop-after-apps")
                {
                    options.Add(name, "1", null);
                }
                else if (name.TrimStart('-') is "endif" or "end-if" or "endfor" or "end-for" or "end")
                {
                    // The end of a logic block (optional_argument): it closes the block with or without a value.
                    options.Add(name, string.Empty, null);
                }

                continue;
            }

            if (name.TrimStart('-') == "ini")
            {
                options.ReadIni(context.Files, value, context.WorkingDirectory);
            }
            else if (name.TrimStart('-') is "xml" or "x" or "xmlconfig")
            {
                options.ReadXml(context.Files, value, context.WorkingDirectory);
            }
            else
            {
                options.Add(name, value, null);
            }
        }

        foreach (var file in bareFiles)
        {
            if (file.EndsWith(".ini", StringComparison.Ordinal))
            {
                options.ReadIni(context.Files, file, context.WorkingDirectory);
            }
            else
            {
                options.ReadXml(context.Files, file, context.WorkingDirectory);
            }
        }
    }

    /// <summary>The binds, working folder and harakiri of one instance.</summary>
    private static void Apply(AppServer server, UwsgiOptions options, AppServerContext context, string? moreOptions = null)
    {
        server.ConfigFiles.AddRange(options.Files);
        server.UwsgiOptions = options;
        foreach (var unreadable in options.Unreadable)
        {
            server.Unknown($"uwsgi reads {unreadable}, which ConfLint cannot read");
        }

        if (options.Last("chdir") is { Text: { } chdir })
        {
            server.WorkingDirectory = chdir;
        }

        var socketProtocol = SocketProtocol(options, moreOptions);
        // uwsgi binds after its chdir (vacuum goes back there to unlink relative socket names); an address without a colon
        // is a socket path (core/socket.c).
        var folder = server.WorkingDirectory is null ? null : AppServer.BindFolder(server.WorkingDirectory, context.WorkingDirectory);
        foreach (var (names, named) in Sockets)
        {
            var protocol = names[0] == "socket" ? socketProtocol : named;
            foreach (var value in options.All(names))
            {
                var address = value.Text?.Split(',')[0];
                if (address is not null && AppServer.ParseAddress(address, folder: folder, bareIsPath: true) is { } endpoint)
                {
                    if (value.Location is { } location)
                    {
                        server.AddBindAt(endpoint, location, protocol, $"{names[0]} in {location.Path}:{location.Start.Line}");
                    }
                    else
                    {
                        server.AddBind(endpoint, null, protocol, $"--{names[0]} {address}");
                    }

                    // https-socket and the https router speak TLS (with a certificate and key after the address); the others
                    // that speak HTTP do not.
                    if (protocol == BackendProtocol.Http)
                    {
                        var tls = names[0] is "https-socket" or "https";
                        server.SetTls(tls ? TlsFact.Yes : TlsFact.No, tls ? names[0] : names[0] == "socket" ? "socket with protocol = http" : names[0], server.Binds.Count - 1);
                    }
                }
                else
                {
                    server.Unknown(value.Why is { } why
                        ? $"uwsgi's {names[0]} = {value.Raw}{(value.Location is { } at ? $" ({at.Path}:{at.Start.Line})" : string.Empty)} may or may not be set: {why}"
                        : $"uwsgi's {names[0]} = {value.Raw} names no address ConfLint can know");
                }
            }
        }

        if (server.Binds.Count == 0 && options.All("emperor").Count == 0 && !server.BindsUnknown)
        {
            server.Unknown("uwsgi names no socket ConfLint can read");
        }

        if (options.Last("harakiri") is { Text: { } text } harakiri && int.TryParse(text, out var seconds) && seconds > 0)
        {
            server.RequestTimeout = Duration.FromSeconds(seconds);
            server.RequestTimeoutAt = harakiri.Location;
            server.RequestTimeoutSetting = "harakiri";
        }
        else if (options.Last("harakiri") is { Why: { } why } maybe)
        {
            server.RequestTimeoutUnknown = $"harakiri = {maybe.Raw}{(maybe.Location is { } at ? $" ({at.Path}:{at.Start.Line})" : string.Empty)} may or may not be set: {why}";
        }
    }

    /// <summary>What <c>socket</c> speaks: uwsgi, unless <c>protocol</c> (<c>socket-protocol</c>) names another (core/socket.c
    /// looks the name up among the protocols: <c>http</c>, <c>uwsgi</c>, <c>fastcgi</c>, <c>scgi</c> are the ones a front end
    /// speaks); not known for another name, for a value that cannot be read, where <c>uwsgi-socket</c> lines (always uwsgi)
    /// are mixed in, or where options ConfLint cannot read may set it (<paramref name="moreOptions"/>).</summary>
    private static BackendProtocol SocketProtocol(UwsgiOptions options, string? moreOptions)
    {
        if (options.Last("protocol", "socket-protocol") is not { } set)
        {
            return moreOptions is null ? BackendProtocol.Uwsgi : BackendProtocol.Other;
        }

        var protocol = set.Text?.Trim().ToLowerInvariant() switch
        {
            "uwsgi" => BackendProtocol.Uwsgi,
            "http" => BackendProtocol.Http,
            "fastcgi" => BackendProtocol.FastCgi,
            "scgi" => BackendProtocol.Scgi,
            _ => BackendProtocol.Other,
        };
        return options.NamedUwsgiSocket && protocol != BackendProtocol.Uwsgi ? BackendProtocol.Other : protocol;
    }

    /// <summary>
    /// One application of Debian's uwsgi init script (<c>/etc/uwsgi/apps-enabled/NAME.ini</c> or <c>.xml</c>): uwsgi
    /// started with the inherited configuration first (<c>INHERITED_CONFIG</c>, the package's
    /// <c>/usr/share/uwsgi/conf/default.ini</c>) and the application's file after it, with <c>deb-confnamespace</c> =
    /// <c>app</c> and <c>deb-confname</c> = NAME. The package's file binds <c>/run/uwsgi/app/NAME/socket</c> (a socket
    /// option adds a socket: one the application names is a second one); <paramref name="inherited"/> null means that
    /// file is not in the root and the package's own default socket stands in for it.
    /// </summary>
    internal static void ReadDebianApp(AppServer server, string appFile, string? inherited, Location appStart, AppServerContext context)
    {
        var name = server.Name!;
        var options = NewOptions(context);
        options.Add("deb-confnamespace", "app", null);
        options.Add("deb-confname", name, null);

        // The init script's command line: --daemonize "$LOGDIR/app/$confname.log" (uwsgi's daemonize sets umask 0).
        options.Add("daemonize", $"/var/log/uwsgi/app/{name}.log", null);
        if (inherited is null)
        {
            server.AddBindAt(Endpoint.Unix($"/run/uwsgi/app/{name}/socket"), appStart, BackendProtocol.Uwsgi,
                $"the socket Debian's uwsgi package gives {appFile} (/usr/share/uwsgi/conf/default.ini)");
        }
        else if (inherited.EndsWith(".xml", StringComparison.Ordinal))
        {
            options.ReadXml(context.Files, inherited);
        }
        else
        {
            options.ReadIni(context.Files, inherited, null);
        }

        if (appFile.EndsWith(".xml", StringComparison.Ordinal))
        {
            options.ReadXml(context.Files, appFile);
        }
        else
        {
            options.ReadIni(context.Files, appFile, null);
        }

        Apply(server, options, context);
    }

    /// <summary>The vassals of an emperor: the <c>.ini</c> and <c>.xml</c> files of a folder, or those a glob matches.</summary>
    private static void ReadVassals(AppServer emperor, UwsgiOptions.Value folder, AppServerContext context)
    {
        if (folder.Text is not { } pattern || pattern.Contains("://", StringComparison.Ordinal))
        {
            emperor.Unknown($"the emperor's vassals come from {folder.Raw}, which ConfLint cannot read");
            return;
        }

        if (context.Files is not { } root || root.IsContainerView)
        {
            emperor.Unknown($"the emperor's vassals in {folder.Raw} are not files of the root");
            return;
        }

        var absolute = HostFiles.Absolute(pattern, context.WorkingDirectory);
        var files = Workspace.RootedFileSystem.HasWildcard(absolute)
            ? root.FileSystem.Glob(absolute).Where(root.Exists).ToList()
            : root.FileSystem.EnumerateEntries(absolute).Where(root.Exists).ToList();
        foreach (var file in files)
        {
            var xml = file.EndsWith(".xml", StringComparison.Ordinal);
            if (!xml && !file.EndsWith(".ini", StringComparison.Ordinal))
            {
                if (file.EndsWith(".yml", StringComparison.Ordinal) || file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal))
                {
                    emperor.Unknown($"the vassal {file} is neither an ini nor an XML file");
                }

                continue;
            }

            var vassal = emperor.Vassal(Path.GetFileNameWithoutExtension(file));
            var options = NewOptions(context);
            if (xml)
            {
                options.ReadXml(context.Files, file);
            }
            else
            {
                options.ReadIni(context.Files, file, null);
            }

            vassal.WorkingDirectory = context.WorkingDirectory;
            Apply(vassal, options, context);
            emperor.Vassals.Add(vassal);
        }
    }
}
