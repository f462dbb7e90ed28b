using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Evidence, from the configuration alone, that a front end and a back end belong to one application: the back end's
/// name (its unit's, a vassal's) is the front end's upstream name or a label of its server name
/// (<c>upstream healthchecks</c> and vassal <c>healthchecks</c>, <c>app.example.com</c> and <c>app.service</c>), or
/// the server block serves files from the back end's working folder (<c>root /var/www/shop/current/public</c> and
/// <c>WorkingDirectory=/var/www/shop/current</c>). Shared folders (<c>/var/www</c>, <c>/srv</c>) prove nothing, nor does
/// a user's home folder itself (<c>/home/deploy</c>, <c>/root</c>): one user keeps several projects there, and a back end
/// run from it serves none of them in particular (a service account whose home is its application's folder, such as
/// <c>/opt/netbox</c>, still ties). A supervisord program goes by its program name, a PM2 application by its name. A Unix socket target in a folder of the
/// application's own where the back end creates its socket (<c>/srv/shop/run/web.sock</c> beside <c>/srv/shop/run/app.sock</c>)
/// ties too; folders many programs share (<c>/run</c>, <c>/tmp</c>, <c>/run/php</c>) do not. So does a back end that serves
/// under a path of its own (Jenkins' <c>--prefix /jenkins</c>, Grafana's sub path) where the front end asks for a path under
/// it (<c>ProxyPass /jenkins http://localhost:8090/jenkins</c>): the application answers nothing else, and nothing else
/// answers there. A Tomcat whose <c>Connector</c> has a <c>proxyName</c> that is the front end's server name
/// (<c>ServerName wiki.example.com</c> and <c>proxyName="wiki.example.com"</c>, as Atlassian's proxy recipes write them)
/// is configured to answer for that site behind a proxy. A unit whose own environment names the site (its server name, a
/// folder the server serves: Funkwhale's <c>.env</c>, read through <c>EnvironmentFile=</c>) is configured for that site.
/// </summary>
public static class SameApplication
{
    internal static readonly HashSet<string> SharedFolders = new(StringComparer.Ordinal)
    {
        "/", "/var", "/var/www", "/var/lib", "/srv", "/opt", "/home", "/usr", "/usr/share", "/usr/share/nginx", "/usr/local", "/tmp", "/run",
    };

    /// <summary>Why <paramref name="backEnd"/> is <paramref name="frontEnd"/>'s application, or null when nothing says so.</summary>
    public static string? Evidence(HostModel host, FrontEnd frontEnd, BackEnd backEnd)
    {
        if (backEnd is ApacheListenBackEnd apache)
        {
            return ApacheBackEnds.Evidence(frontEnd, apache);
        }

        if (backEnd is NginxServerBackEnd nginx)
        {
            return NginxServerBackEnds.Evidence(host, frontEnd, nginx);
        }

        var (names, folder) = Identity(host, backEnd);
        var frontNames = FrontEndSurroundings.Names(frontEnd);
        if (backEnd is Host.Tomcat.TomcatInstance tomcat && ProxyNamed(tomcat, frontNames) is { } proxied)
        {
            return proxied;
        }

        foreach (var name in names.Where(n => n.Length >= 3))
        {
            foreach (var frontName in frontNames)
            {
                if (Normalize(frontName) == name || frontName.Split('.').Any(label => Normalize(label) == name))
                {
                    return $"'{frontName}' names it";
                }
            }
        }

        if (ApplicationNamed(host, backEnd, frontNames, SiteFileName(frontEnd), frontEnd) is { } application)
        {
            return application;
        }

        // The back end's own configuration names the port the front end connects to, in a setting it does not act on (the
        // unit's ASPNETCORE_URLS that Kestrel's endpoints replace, /etc/default/jenkins' HTTP_PORT): someone meant this
        // application to answer there.
        if (host.AppServerOf(backEnd) is { } server)
        {
            foreach (var unread in server.UnreadPorts)
            {
                if (frontEnd.Targets.Any(t => t.Endpoint.Kind == EndpointKind.Tcp && t.Endpoint.Port == unread.Port))
                {
                    return $"its own configuration names port {unread.Port}: {unread.Setting}";
                }
            }
        }

        // A site file named for the application (sites-available/jupyterhub.conf and jupyterhub.service): the file the
        // front end stands in is that application's; the daemons' own and default files name none.
        if (SiteFileName(frontEnd) is { } site && names.Contains(site))
        {
            return $"its file {Path.GetFileName(frontEnd.File.ServerPath)} is named for it";
        }

        // A Unix socket named in a folder of the application's own, where the back end creates its socket: nothing else
        // is configured to put sockets there (folders many programs share, /run, /tmp, /run/php, say nothing).
        foreach (var socket in frontEnd.Targets.Select(t => t.Endpoint).Where(e => e.Kind == EndpointKind.Unix && e.Path is not null))
        {
            var socketFolder = Parent(socket.Path!);
            if (!SharedFolders.Contains(socketFolder) && !SharedSocketFolders.Contains(socketFolder) && !IsHomeFolder(socketFolder)
                && backEnd.Listeners.Any(l => l.Endpoint.Kind == EndpointKind.Unix && l.Endpoint.Path is { } own && Parent(own) == socketFolder))
            {
                return $"its socket would be in {socketFolder}, where the back end creates its own";
            }
        }

        if (host.AppServerOf(backEnd)?.ContextPath is { } context && RequestedPath(frontEnd) is { } requested && IsUnder(requested, context.Path))
        {
            return $"it asks for {requested}, under the path {context.Path} the back end serves under ({context.Setting})";
        }

        if (EnvironmentNamed(host, frontEnd, backEnd, frontNames) is { } environment)
        {
            return environment;
        }

        // A Tomcat that deploys an application at the path the front end asks for (XWiki's Catalina/localhost/xwiki.xml and
        // location ^~ /xwiki): the root context is no such path, it takes every request.
        if (backEnd is Host.Tomcat.TomcatInstance deploying && deploying.Contexts.Count > 0 && RequestedPath(frontEnd) is { } asked)
        {
            foreach (var (path, setting) in deploying.Contexts)
            {
                if (IsUnder(asked, path))
                {
                    return $"it asks for {asked}, under the path {path} Tomcat deploys an application at ({setting})";
                }
            }
        }

        if (folder is not null && !SharedFolders.Contains(folder) && !IsHomeFolder(folder))
        {
            foreach (var served in FrontEndSurroundings.Folders(frontEnd))
            {
                if (IsUnder(served.TrimEnd('/'), folder))
                {
                    return $"the server serves {served}, in its working folder {folder}";
                }
            }

            if (Sibling(host, frontEnd, backEnd, folder) is { } sibling)
            {
                return sibling;
            }
        }

        if (InstallFolder(host, backEnd) is { } install && install.Folder != folder)
        {
            foreach (var served in FrontEndSurroundings.Folders(frontEnd))
            {
                if (IsUnder(served.TrimEnd('/'), install.Folder))
                {
                    return $"the server serves {served}, in {install.Folder}, where {install.What} is installed";
                }
            }
        }

        if (PathNamed(host, frontEnd, backEnd, names) is { } byPath)
        {
            return byPath;
        }

        return null;
    }

    /// <summary>Folders that hold many programs' executables or libraries: a program started from one is installed in no
    /// folder of its own (<c>/usr/bin/gunicorn</c>, <c>/usr/local/bin/start.sh</c>).</summary>
    private static readonly HashSet<string> SharedProgramFolders = new(StringComparer.Ordinal)
    {
        "/bin", "/sbin", "/lib", "/lib64", "/etc", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib64", "/usr/libexec", "/usr/local/bin", "/usr/local/sbin",
        "/usr/local/lib", "/usr/local/share", "/usr/local/libexec", "/opt/bin", "/opt/local", "/var/lib", "/etc/init.d",
    };

    /// <summary>The names a Python virtual environment's folder is given (python -m venv's, virtualenv's, Poetry's in-project).</summary>
    private static readonly HashSet<string> VenvNames = new(StringComparer.Ordinal) { "venv", ".venv", "env", ".env", "virtualenv", "pyenv", "venv3" };

    /// <summary>
    /// The folder a service's program is installed in, where it is an application's own: the folder of the script its
    /// <c>ExecStart=</c> runs (Mail-in-a-Box's <c>/usr/local/lib/mailinabox/start</c>, directly or as <c>bash SCRIPT</c>),
    /// or, for a program in a <c>bin</c> folder, the folder above it, and above a virtual environment the folder that
    /// holds it (<c>/srv/app/venv/bin/gunicorn</c>: <c>/srv/app</c>; a folder with <c>pyvenv.cfg</c> is one whatever its
    /// name, as <c>python -m venv</c> writes it). systemd runs the path as written (systemd.service(5), "Command lines"):
    /// it names the file the service starts. Folders many programs share (<see cref="SharedProgramFolders"/>, <c>/opt</c>,
    /// <c>/srv</c> and the other <see cref="SharedFolders"/>, users' homes) say nothing. Null for none.
    /// </summary>
    private static (string Folder, string What)? InstallFolder(HostModel host, BackEnd backEnd)
    {
        if (host.ServiceOf(backEnd)?.ExecStart is not { } execStart
            || SystemdCommandLine.Parse(execStart.Value).Commands is not [var command, ..])
        {
            return null;
        }

        var path = command.Executable.Value;
        if (path.Split('/')[^1] is "sh" or "bash" or "dash")
        {
            path = string.Empty;
            foreach (var argument in command.Arguments)
            {
                if (!argument.Value.StartsWith('-'))
                {
                    path = argument.Value;
                    break;
                }
            }
        }

        if (!path.StartsWith('/') || path.Contains('$') || path.Contains('%'))
        {
            return null;
        }

        path = Workspace.RootedFileSystem.Normalize(path);
        var folder = Parent(path);
        if (folder.EndsWith("/bin", StringComparison.Ordinal) && !SharedProgramFolders.Contains(folder))
        {
            folder = Parent(folder);
            if (VenvNames.Contains(Path.GetFileName(folder)) || host.Files.Exists(folder + "/pyvenv.cfg"))
            {
                folder = Parent(folder);
            }
        }

        return folder.Length <= 1 || SharedFolders.Contains(folder) || SharedProgramFolders.Contains(folder) || IsHomeFolder(folder) || StockRoots.Contains(folder)
            ? null
            : (folder, path);
    }

    /// <summary>
    /// A segment of the path the front end asks for (its location's prefix, its target's path) or its upstream's name that
    /// is the name of the back end's unit or program (<c>location ^~ /SOGo/</c> and <c>sogo.service</c>, SOGo's URL space
    /// is <c>/SOGo</c>: its sogo.conf's <c>WOApplicationPrefix</c>'s default, the <c>x-webobjects-*</c> headers iRedMail's and
    /// SOGo's own nginx recipes send), where no other back end ConfLint reads, nor a program it does not read, goes by that
    /// name: two leave which one was meant unknown; nor where the back end serves under a path of its own the front end
    /// does not ask under. Names of roles and generic words (<c>api</c>, <c>static</c>,
    /// <see cref="GenericStems"/>, <see cref="RoleWords"/>) name no application.
    /// </summary>
    private static string? PathNamed(HostModel host, FrontEnd frontEnd, BackEnd backEnd, List<string> names)
    {
        if (backEnd is Host.PhpFpm.FpmPool or ApacheListenBackEnd or NginxServerBackEnd)
        {
            return null;
        }

        // A back end that answers only under a path of its own (Jenkins' --prefix) is not what a front end asking outside
        // it was meant for as written, whatever its name (ProxyPass /jenkins http://localhost:8090/).
        if (host.AppServerOf(backEnd)?.ContextPath is { } context && (RequestedPath(frontEnd) is not { } asked || !IsUnder(asked, context.Path)))
        {
            return null;
        }

        var own = new List<string>(names);
        if (host.AppServerOf(backEnd)?.Program is { } program && Normalize(program) is { Length: >= 3 } programName && !own.Contains(programName))
        {
            own.Add(programName);
        }

        var segments = new List<string>();
        foreach (var pattern in FrontEndSurroundings.Patterns(frontEnd).Append(RequestedPath(frontEnd) ?? string.Empty))
        {
            foreach (var segment in pattern.Split('/', '~', '^', '$', ' ', '(', ')', '*', '\\', '.', '=', '?'))
            {
                segments.Add(segment);
            }
        }

        foreach (var upstream in FrontEndSurroundings.Names(frontEnd))
        {
            if (!upstream.Contains('.'))
            {
                segments.Add(upstream);
            }
        }

        foreach (var segment in segments)
        {
            var name = Normalize(segment);
            if (name.Length >= 3 && !GenericStems.Contains(name) && !RoleWords.Contains(name) && !NotApplications.Contains(name) && own.Contains(name)
                && OnlyOneNamed(host, backEnd, name))
            {
                return $"it is named '{name}', as the path or upstream '{segment}' the front end asks for is, and no other back end on this host is";
            }
        }

        return null;
    }

    /// <summary>Path segments that name what is served, not an application.</summary>
    private static readonly HashSet<string> NotApplications = new(StringComparer.Ordinal)
    {
        "static", "assets", "media", "admin", "login", "auth", "images", "img", "css", "js", "files", "uploads", "socket", "ws", "websocket",
        "status", "health", "metrics", "index", "php", "cgi", "cgibin", "fcgi", "well", "known", "wellknown",
    };

    /// <summary>Whether <paramref name="backEnd"/> is the only back end ConfLint reads (counting a service's several back
    /// ends, its sockets and its program, once) and no program it does not read goes by <paramref name="name"/>.</summary>
    private static bool OnlyOneNamed(HostModel host, BackEnd backEnd, string name)
    {
        var service = host.ServiceOf(backEnd);
        foreach (var other in host.BackEnds)
        {
            if (ReferenceEquals(other, backEnd) || (service is not null && ReferenceEquals(host.ServiceOf(other), service)))
            {
                continue;
            }

            var (otherNames, _) = Identity(host, other);
            if (otherNames.Contains(name) || (host.AppServerOf(other)?.Program is { } program && Normalize(program) == name))
            {
                return false;
            }
        }

        foreach (var program in host.UnreadPrograms)
        {
            if (Normalize(program.Name) == name)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Another proxy of the same nginx server block reaches a back end run from the same working folder (Django
    /// Channels' daphne beside the gunicorn of the same project, <c>/srv/shop/app</c>): the server fronts that project,
    /// and a back end of it no front end reaches is its other server.</summary>
    private static string? Sibling(HostModel host, FrontEnd frontEnd, BackEnd backEnd, string folder)
    {
        if (frontEnd.Details is not Host.Nginx.NginxPass { Scope.Server: { } server })
        {
            return null;
        }

        var byServer = host.Shared("SameApplication.ProxiesByServer", host, () =>
        {
            var map = new Dictionary<Host.Nginx.NginxScope, List<FrontEnd>>();
            foreach (var each in host.FrontEnds)
            {
                if (each.Details is Host.Nginx.NginxPass { Scope.Server: { } scope })
                {
                    if (!map.TryGetValue(scope, out var list))
                    {
                        map[scope] = list = [];
                    }

                    list.Add(each);
                }
            }

            return map;
        });
        foreach (var other in byServer.GetValueOrDefault(server) ?? [])
        {
            if (ReferenceEquals(other, frontEnd))
            {
                continue;
            }

            foreach (var target in other.Targets)
            {
                foreach (var provider in host.Providers(target.Endpoint))
                {
                    if (!ReferenceEquals(provider, backEnd) && Identity(host, provider).Folder == folder)
                    {
                        return $"it runs in {folder}, as {provider.Describe()} does, which {other.DirectiveName} of the same server reaches";
                    }
                }
            }
        }

        return null;
    }

    /// <summary>A Connector's <c>proxyName</c> (the host name Tomcat reports to the application, set for the site a proxy
    /// publishes) that is one of the front end's names.</summary>
    private static string? ProxyNamed(Host.Tomcat.TomcatInstance tomcat, IReadOnlyList<string> frontNames)
    {
        foreach (var connector in tomcat.Connectors)
        {
            if (connector.Element.Get("proxyName") is { Length: > 0 } proxyName && !proxyName.Contains("${", StringComparison.Ordinal)
                && !proxyName.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                && frontNames.FirstOrDefault(n => n.Equals(proxyName, StringComparison.OrdinalIgnoreCase)) is { } frontName)
            {
                return $"its {connector.Describe()} has proxyName=\"{proxyName}\", the server name '{frontName}'";
            }
        }

        return null;
    }

    /// <summary>
    /// An upstream's (or HAProxy backend's or server's) name that is the application a unit is named for: the leading parts
    /// of its name before a <c>-</c> or <c>_</c> (<c>upstream paperless</c> and <c>paperless-webserver.service</c>, the
    /// convention of applications that ship several units: <c>paperless-consumer</c>, <c>paperless-scheduler</c>). Where
    /// both names are the application's with a role after it (<c>upstream funkwhale-api</c> and
    /// <c>funkwhale-server.service</c>, Funkwhale's own <c>deploy/nginx.template</c> and unit names; <c>shop-backend</c> and
    /// <c>shop-web</c>), that shared stem names the application too, as does a site file named for it
    /// (<c>sites-available/funkwhale.conf</c>) beside a unit named for it with a role after it; the stem must be specific
    /// (<see cref="GenericStems"/>: <c>app-api</c> and <c>app-server</c> name no application). A prefix names the
    /// application, not which of its servers is meant, so it ties only when no other back end ConfLint
    /// reads on the host is named for that application (two, <c>app-web</c> and <c>app-api</c>, leave it untied), nor any
    /// program it does not read whose command line names an address. Its other units (workers, schedulers) are no back
    /// end to choose; one whose command names the
    /// target is caught before any tie is looked for (<see cref="HostModel.UnreadProgramNaming"/>). A server name's label
    /// is no such name (<c>api.example.com</c> does not name <c>api-gateway</c>'s application): it is matched whole only.
    /// </summary>
    private static string? ApplicationNamed(HostModel host, BackEnd backEnd, IReadOnlyList<string> frontNames, string? siteFile, FrontEnd frontEnd)
    {
        if (RawName(host, backEnd) is not { } own || own.IndexOfAny(['-', '_']) < 0)
        {
            return null;
        }

        var ownStem = RoleStem(own);
        foreach (var frontName in frontNames)
        {
            var wanted = Normalize(frontName);
            if (frontName.Contains('.') || wanted.Length < 3 || Normalize(own) == wanted)
            {
                continue;
            }

            if (NamedFor(own, wanted))
            {
                if (NoOtherNamedFor(host, own, wanted))
                {
                    return $"'{frontName}' names the application it is named for, and no other back end on this host is";
                }
            }
            else if (ownStem is not null && RoleStem(frontName) == ownStem && NoOtherNamedFor(host, own, ownStem))
            {
                return $"'{frontName}' and '{own}' are both named for the application '{ownStem}', and no other back end on this host is";
            }
        }

        // A site file named for the application (sites-available/funkwhale.conf beside funkwhale-server.service).
        if (ownStem is not null && siteFile == ownStem && NoOtherNamedFor(host, own, ownStem))
        {
            return $"its file {Path.GetFileName(frontEnd.File.ServerPath)} is named for the application '{ownStem}' it is named for, and no other back end on this host is";
        }

        return null;
    }

    /// <summary>Whether no back end but <paramref name="own"/> is named for <paramref name="wanted"/> (normalized): the
    /// host's back ends ConfLint reads, and the programs it does not read whose command line names an address they listen
    /// on (a Streamlit dashboard's --server.port beside the model's API); its helpers that name none (a document consumer,
    /// a scheduler) do not count. So do those named the application itself (inventory.service beside
    /// inventory-events.service), and those that host an application whose address is in its own build (java -jar,
    /// dotnet App.dll) named for it.</summary>
    private static bool NoOtherNamedFor(HostModel host, string own, string wanted) =>
        !host.BackEnds.Select(b => RawName(host, b)).OfType<string>()
            .Concat(host.UnreadPrograms.Where(p => p.Daemon && !UnreadProgramFiles.ServesNoHttp(p.Words)
                && (UnreadProgramFiles.NamesAnAddress(p.Words) || Normalize(p.Name) == wanted || UnreadProgramFiles.HostsApplication(p.Words))).Select(p => p.Name))
            .Any(n => n != own && (Normalize(n) == wanted || NamedFor(n, wanted) || Mentions(n, wanted)));

    /// <summary>The words (normalized) that name a server's role in an application, not the application: the part after
    /// the application's name in <c>funkwhale-api</c>, <c>funkwhale-server</c>, <c>shop-web</c>, <c>blog_gunicorn</c>.</summary>
    internal static readonly HashSet<string> RoleWords = new(StringComparer.Ordinal)
    {
        "api", "app", "backend", "server", "web", "webserver", "webapp", "http", "wsgi", "asgi", "upstream",
        "gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn", "granian", "puma", "unicorn", "node",
    };

    /// <summary>Stems (normalized) too common to name an application: <c>app-api</c> and <c>web-server</c> share no
    /// application, nor do <c>my-app</c> and <c>my-web</c>.</summary>
    internal static readonly HashSet<string> GenericStems = new(StringComparer.Ordinal)
    {
        "app", "apps", "application", "web", "www", "api", "server", "backend", "frontend", "front", "back", "site", "main", "default",
        "service", "services", "http", "https", "proxy", "upstream", "local", "localhost", "test", "dev", "prod", "production", "staging",
        "my", "our", "python", "django", "flask", "rails", "ruby", "node", "nodejs", "php", "java", "dotnet", "docker", "internal", "public",
    };

    /// <summary>The application a name is named for where a role follows it (<c>funkwhale-api</c>: <c>funkwhale</c>),
    /// normalized; null where the last part is no role (<see cref="RoleWords"/>) or what is before it is no specific name
    /// (three letters or more, not <see cref="GenericStems"/> nor a daemon's file name).</summary>
    private static string? RoleStem(string name)
    {
        var last = name.LastIndexOfAny(['-', '_']);
        if (last <= 0 || !RoleWords.Contains(Normalize(name[(last + 1)..])))
        {
            return null;
        }

        var stem = Normalize(name[..last]);
        return stem.Length >= 3 && !GenericStems.Contains(stem) && !RoleWords.Contains(stem) && !DaemonFileNames.Contains(stem) ? stem : null;
    }

    /// <summary>
    /// The unit's own environment (<c>Environment=</c> and its <c>EnvironmentFile=</c>s, as systemd passes them), or a
    /// Compose service's (<see cref="SiteSetting"/>), names the site: a value is one of the server's names (Funkwhale's
    /// <c>FUNKWHALE_HOSTNAME=tunes.example.org</c>, a Django <c>ALLOWED_HOSTS</c> of one name) or a URL on it
    /// (<see cref="SiteNamedBy"/>), or a folder the server serves files from or one above it, of the application's own
    /// (<c>FUNKWHALE_FRONTEND_PATH=/srv/funkwhale/front/dist</c> and <c>root /srv/funkwhale/front/dist</c>;
    /// <c>MEDIA_ROOT</c> and an <c>alias</c> below it). The application is configured for that site. A name is matched whole
    /// (not <c>localhost</c> nor an address); shared folders, users' homes and the daemons' stock roots prove nothing.
    /// </summary>
    private static string? EnvironmentNamed(HostModel host, FrontEnd frontEnd, BackEnd backEnd, IReadOnlyList<string> frontNames)
    {
        if (backEnd is Host.Compose.ComposeBackEnd)
        {
            return SiteSetting(host, frontEnd, backEnd)?.Said;
        }

        if (host.ServiceOf(backEnd) is not { Environment.Count: > 0 } service)
        {
            return null;
        }

        var siteNames = SiteNames(frontNames);
        var prefix = siteNames.Count == 0 ? null : LocationPrefix(frontEnd);
        foreach (var (key, value) in service.Environment)
        {
            if (SiteNamedBy(value, siteNames, prefix) is { } how)
            {
                return $"its environment sets {key}={value}, {how}";
            }
        }

        var served = FrontEndSurroundings.Folders(frontEnd);
        if (served.Count == 0)
        {
            return null;
        }

        foreach (var (key, value) in service.Environment)
        {
            if (!value.StartsWith('/') || value.Length < 2)
            {
                continue;
            }

            var folder = Workspace.RootedFileSystem.Normalize(value).TrimEnd('/');
            if (folder.Length == 0 || SharedFolders.Contains(folder) || IsHomeFolder(folder) || StockRoots.Contains(folder))
            {
                continue;
            }

            foreach (var each in served)
            {
                if (IsUnder(each.TrimEnd('/'), folder))
                {
                    return $"its environment sets {key}={value}, and the server serves {each}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The setting of a Compose service that names the front end's site, said, with where it is written: a value of the
    /// environment Compose gives the container (its <c>env_file</c>s, then <c>environment</c> over them:
    /// <see cref="Host.Compose.ComposeEnvironment"/>), or of the project's <c>.env</c>, which Compose reads for the
    /// interpolation of the project's files (docs.docker.com, "Set environment variables within your container's
    /// environment" and "Interpolation"), that is one of the server's names or a URL on it (<see cref="SiteNamedBy"/>):
    /// Tiny Tiny RSS's <c>TTRSS_SELF_URL_PATH=https://example.org/tt-rss/</c> for <c>location ^~ /tt-rss/</c>, BookWyrm's
    /// <c>DOMAIN=</c>, GeoNode's <c>SITEURL=</c>. The application is configured to answer for that site. Null for none, and
    /// for any other back end.
    /// </summary>
    public static (string Said, Diagnostics.Location? At)? SiteSetting(HostModel host, FrontEnd frontEnd, BackEnd backEnd)
    {
        if (backEnd is not Host.Compose.ComposeBackEnd compose)
        {
            return null;
        }

        var siteNames = SiteNames(FrontEndSurroundings.Names(frontEnd));
        if (siteNames.Count == 0)
        {
            return null;
        }

        var prefix = LocationPrefix(frontEnd);
        foreach (var (key, value, file) in ComposeSettings(host, compose))
        {
            if (value is not null && SiteNamedBy(value, siteNames, prefix) is { } how)
            {
                var at = ComposeSettingAt(host, compose, key, file);
                var subject = file is null ? "its environment" : file == compose.Project.Folder.TrimEnd('/') + "/.env" ? "the project's .env" : "its env file";
                return ($"{subject} sets {key}={value}{(at is null ? string.Empty : $" ({at.Path}:{at.Start.Line})")}, {how}", at);
            }
        }

        return null;
    }

    /// <summary>A Compose service's settings: the environment Compose gives its container, with the env file each value
    /// is written in last (null for its <c>environment</c>), then the variables of the project's <c>.env</c> the service's
    /// environment does not set. Worked out once per service.</summary>
    private static List<(string Key, string? Value, string? File)> ComposeSettings(HostModel host, Host.Compose.ComposeBackEnd compose) =>
        host.Shared("SameApplication.ComposeSettings", compose.Service, () =>
        {
            var settings = new List<(string, string?, string?)>();
            var (environment, _) = Host.Compose.ComposeEnvironment.Of(compose.Service, host);
            foreach (var (key, value) in environment)
            {
                string? file = null;
                if (!compose.Service.Environment.ContainsKey(key))
                {
                    foreach (var envFile in compose.Service.EnvFiles)
                    {
                        if (envFile.Path is { } path && EnvFileLine(host, path, key) is not null)
                        {
                            file = path;
                        }
                    }
                }

                settings.Add((key, value, file));
            }

            if (compose.Service.Variables.Problem is null && compose.Service.Variables.DotEnvDisplay is not null)
            {
                var dotEnv = compose.Project.Folder.TrimEnd('/') + "/.env";
                foreach (var (key, value) in compose.Service.Variables.Values)
                {
                    if (!environment.ContainsKey(key))
                    {
                        settings.Add((key, value, dotEnv));
                    }
                }
            }

            return settings;
        });

    /// <summary>Where a Compose service's setting is written: the last line of its env file (or the project's <c>.env</c>)
    /// that sets it, or its entry under the service's last <c>environment</c>; null where it cannot be told.</summary>
    private static Diagnostics.Location? ComposeSettingAt(HostModel host, Host.Compose.ComposeBackEnd compose, string key, string? file)
    {
        if (file is not null)
        {
            return EnvFileLine(host, file, key);
        }

        for (var b = compose.Service.Bodies.Count - 1; b >= 0; b--)
        {
            var body = compose.Service.Bodies[b];
            if (body.Node is not YamlDotNet.RepresentationModel.YamlMappingNode mapping)
            {
                continue;
            }

            foreach (var (name, value) in mapping.Children)
            {
                if (name is not YamlDotNet.RepresentationModel.YamlScalarNode { Value: "environment" })
                {
                    continue;
                }

                if (value is YamlDotNet.RepresentationModel.YamlMappingNode entries)
                {
                    foreach (var (entry, _) in entries.Children)
                    {
                        if (entry is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } written } && written == key)
                        {
                            return new Workspace.Compose.ComposeNode(entry, body.File).Location;
                        }
                    }
                }
                else if (value is YamlDotNet.RepresentationModel.YamlSequenceNode items)
                {
                    foreach (var item in items.Children)
                    {
                        if (item is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } written } && (written == key || written.StartsWith(key + "=", StringComparison.Ordinal)))
                        {
                            return new Workspace.Compose.ComposeNode(item, body.File).Location;
                        }
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The last line of an env file (read as the host's file) that sets <paramref name="key"/>
    /// (<c>KEY=VALUE</c>, <c>export KEY=VALUE</c>), as a location; null for none.</summary>
    private static Diagnostics.Location? EnvFileLine(HostModel host, string path, string key)
    {
        if (host.Files.Read(path) is not { } source)
        {
            return null;
        }

        var text = source.Text;
        Diagnostics.Location? found = null;
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            var line = text.AsSpan(start, end - start);
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("export ", StringComparison.Ordinal))
            {
                trimmed = trimmed[7..].TrimStart();
            }

            if (trimmed.StartsWith(key, StringComparison.Ordinal) && trimmed[key.Length..].TrimStart() is [':' or '=', ..])
            {
                var offset = start + (line.Length - line.TrimStart().Length);
                found = HostFiles.At(source, offset, line.TrimEnd().Length - (offset - start));
            }

            start = end + 1;
        }

        return found;
    }

    /// <summary>The server's names a setting can name: each written host name (nginx's <c>server_name</c>, Apache's
    /// <c>ServerName</c> and <c>ServerAlias</c>, with a scheme and port Apache allows there left off) that has a dot and is
    /// no wildcard (<c>*.example.org</c>, nginx's <c>.example.org</c>), regular expression (<c>~</c>), address or
    /// <c>localhost</c>: the one name a request for the site carries.</summary>
    private static List<string> SiteNames(IReadOnlyList<string> names)
    {
        var result = new List<string>();
        foreach (var written in names)
        {
            var name = written.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? written[(scheme + 3)..] : written;
            if (name.LastIndexOf(':') is var colon and > 0 && name[(colon + 1)..].All(char.IsAsciiDigit) && !name.StartsWith('['))
            {
                name = name[..colon];
            }

            name = name.TrimEnd('.');
            if (name.Contains('.') && name.IndexOfAny(['*', '~', '$', '/', '[', ':']) < 0 && !name.StartsWith('.') && !Endpoint.IsIpAddress(name)
                && !name.StartsWith("localhost", StringComparison.OrdinalIgnoreCase))
            {
                result.Add(name);
            }
        }

        return result;
    }

    /// <summary>
    /// How a setting's value names the site, or null: the value is one of <paramref name="siteNames"/> (matched whole,
    /// ignoring case, as host names compare), or a URL (<c>scheme://host[:port]/path</c>) whose host is one of them and
    /// whose path is <c>/</c> or one the front end's location lies at or under (<paramref name="prefix"/>:
    /// <c>https://example.org/tt-rss/</c> and <c>location ^~ /tt-rss/</c>): the URL the application builds its links
    /// with is that site's. A URL with another path (the same server's other application) ties nothing.
    /// </summary>
    internal static string? SiteNamedBy(string value, IReadOnlyList<string> siteNames, string? prefix)
    {
        if (siteNames.Count == 0 || value.Length < 3)
        {
            return null;
        }

        value = value.Trim().Trim('"', '\'');
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return siteNames.FirstOrDefault(n => n.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } same ? $"the server's name {same}" : null;
        }

        if (scheme == 0 || !value[..scheme].All(char.IsAsciiLetter))
        {
            return null;
        }

        var rest = value[(scheme + 3)..];
        var slash = rest.IndexOfAny(['/', '?', '#']);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 || rest[slash] != '/' ? "/" : rest[slash..];
        path = path.IndexOfAny(['?', '#']) is var query and >= 0 ? path[..query] : path;
        authority = authority.LastIndexOf('@') is var at and >= 0 ? authority[(at + 1)..] : authority;
        if (authority.LastIndexOf(':') is var colon and > 0 && authority[(colon + 1)..].All(char.IsAsciiDigit))
        {
            authority = authority[..colon];
        }

        if (siteNames.FirstOrDefault(n => n.Equals(authority, StringComparison.OrdinalIgnoreCase)) is not { } named)
        {
            return null;
        }

        var own = path.TrimEnd('/');
        if (own.Length == 0)
        {
            return $"a URL on the server's name {named}";
        }

        return prefix is not null && IsUnder(prefix.Length > 1 ? prefix.TrimEnd('/') : prefix, own)
            ? $"a URL on the server's name {named} at {path}, where the front end stands ({prefix})"
            : null;
    }

    /// <summary>The path prefix the front end stands at: its nginx location's (a prefix location, <c>^~</c> or <c>=</c>; the
    /// innermost), or Apache's <c>ProxyPass</c> path, else its <c>&lt;Location&gt;</c> section's. Null where a regular
    /// expression decides it or none is written.</summary>
    private static string? LocationPrefix(FrontEnd frontEnd)
    {
        if (frontEnd.Details is Host.Nginx.NginxPass pass)
        {
            return NginxLocation(pass) is (true, var prefix) ? prefix : "/";
        }

        if (frontEnd.Directive is Syntax.Apache.ApacheDirective directive)
        {
            if (directive.IsNamed("ProxyPass") && directive.Args is [var path, ..] && path.StartsWith('/'))
            {
                return path;
            }

            for (var section = directive.ParentSection; section is not null; section = section.ParentSection)
            {
                if (section.IsNamed("Location"))
                {
                    return section.Args is [var located, ..] && located.Trim('"').StartsWith('/') ? located.Trim('"') : null;
                }
            }
        }

        return null;
    }

    /// <summary>The folders the web servers' packages serve by default: a site and a back end that both name one are not
    /// thereby one application.</summary>
    private static readonly HashSet<string> StockRoots = new(StringComparer.Ordinal)
    {
        "/var/www/html", "/usr/share/nginx/html", "/var/www/localhost/htdocs", "/srv/www/htdocs", "/srv/http", "/usr/local/www", "/var/lib/nginx", "/var/cache/nginx",
    };

    /// <summary>A program ConfLint does not read, whose address nothing in the root names
    /// (<see cref="HostModel.UnreadProgramsAtUnknownAddresses"/>), that the front end is named for: its name, or a part of
    /// it between <c>-</c> and <c>_</c> (three letters or more), is the upstream's name, a label of the server's name, or
    /// a segment of the location's path (<c>location /rstudio/</c> and <c>rstudio-server.service</c>), and no back end
    /// ConfLint reads is named for that application too. Said; null for none. Where it keeps its address in files of its
    /// own (rserver.conf), ConfLint does not read them: it says so, not that nothing says it.</summary>
    /// <param name="only">The program so named, with the part of its name the front end is named for, where it is the only
    /// one (another may be the one that listens); null otherwise.</param>
    public static string? UnreadProgramNamed(HostModel host, FrontEnd frontEnd, out (UnreadProgram Program, string Part)? only)
    {
        only = null;
        string? said = null;
        List<string>? wanted = null;
        foreach (var program in host.UnreadProgramsAtUnknownAddresses())
        {
            wanted ??= Wanted(frontEnd);
            // A helper of an application whose web server ConfLint reads (paperless-consumer beside paperless-webserver,
            // celery-weblate beside weblate's uwsgi) is not that application's server; a program named the application
            // itself (inventory.service beside inventory-events.service), or one hosting an application (java -jar,
            // dotnet App.dll), may be.
            if (NamedPart(program, wanted) is { } part
                && (Normalize(program.Name) == part || UnreadProgramFiles.HostsApplication(program.Words)
                    || !host.BackEnds.Any(b => RawName(host, b) is { } raw && raw != program.Name && (Normalize(raw) == part || Mentions(raw, part)))))
            {
                if (said is not null)
                {
                    only = null;
                    break;
                }

                said = $"{program.Who} runs a program ConfLint does not read, named for '{part}' as the front end is, and ConfLint does not read where it listens";
                only = (program, part);
            }
        }

        return said;
    }

    /// <summary>
    /// What ties a program ConfLint does not read to a front end, said; null for nothing: its name (the unit's or the
    /// supervisord program's, whole) is the name the front end goes by (its upstream's, a label of its server name, a segment
    /// of its location's path, its site file's: <c>alertmanager.service</c> and <c>location /alertmanager/</c>), or the
    /// program serves under a path of its own (<c>--web.external-url=https://ops.example.com/alertmanager/</c>,
    /// <c>--prefix /jenkins</c>) where the front end asks for a path under it. A helper (a worker, a scheduler) is tied to
    /// nothing.
    /// </summary>
    public static string? UnreadTie(HostModel host, FrontEnd frontEnd, UnreadProgram program)
    {
        var name = Normalize(program.Name);
        if (name.Length >= 3 && NamedPart(program, Wanted(frontEnd)) == name)
        {
            return $"it is named '{program.Name}', as the front end is";
        }

        if (RequestedPath(frontEnd) is not { } requested)
        {
            return null;
        }

        var words = program.Words;
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            var equals = word.IndexOf('=');
            var key = Normalize(equals > 0 ? word[..equals] : word);
            var value = equals > 0 ? word[(equals + 1)..] : word.StartsWith('-') && i + 1 < words.Count ? words[i + 1] : string.Empty;
            if (!PrefixOptions.Contains(key) || value.Length == 0)
            {
                continue;
            }

            var path = value.Trim('"', '\'') is var v && v.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0
                ? (v.IndexOf('/', scheme + 3) is var slash and > 0 ? v[slash..] : "/")
                : v;
            path = path.TrimEnd('/');
            if (path.Length > 1 && path.StartsWith('/') && IsUnder(requested, path))
            {
                return $"it asks for {requested}, under the path {path} the program serves under ('{word}')";
            }
        }

        return null;
    }

    /// <summary>
    /// What ties a program ConfLint does not read, whose own words give a listen address no front end reaches
    /// (<see cref="UnreadBackEnd"/>), to a front end whose target reaches nothing, said; null for nothing:
    /// <see cref="UnreadTie"/>; or its unit's <c>WorkingDirectory=</c> holds a folder the front end's server serves
    /// (LedgerSMB's <c>root /srv/ledgersmb/UI</c> and <c>WorkingDirectory=/srv/ledgersmb</c>; shared folders and homes say
    /// nothing); or its name has a part the front end is named for, under <see cref="UnreadProgramTie"/>'s conditions
    /// (<c>ledgersmb_starman.service</c> and <c>sites-enabled/ledgersmb</c>); or it binds the target's port on another address
    /// written as one (a socket bound to one address takes no connection made to another: the target was meant for it).
    /// A tie by a part of the name only is weak (<c>ledgersmb-test_starman.service</c> is named for LedgerSMB as
    /// production's unit is): it counts only where no other candidate is tied otherwise.
    /// </summary>
    public static (string Tie, bool Weak)? UnreadCandidateTie(HostModel host, FrontEnd frontEnd, UnreadBackEnd candidate, Endpoint target)
    {
        var program = candidate.Program;
        if (UnreadTie(host, frontEnd, program) is { } tie)
        {
            return (tie, false);
        }

        if (UnmatchedTargets.BindsPortElsewhere(host, candidate, target))
        {
            return ($"it binds the target's port, {target.Port}, on {candidate.Listeners[0].Endpoint.Host} only", false);
        }

        if (program.Unit?.Get("Service", "WorkingDirectory") is { Length: > 0 } written && written.TrimStart('-') is { } wd && wd.StartsWith('/')
            && Workspace.RootedFileSystem.Normalize(wd).TrimEnd('/') is { Length: > 0 } folder && !SharedFolders.Contains(folder) && !IsHomeFolder(folder))
        {
            foreach (var served in FrontEndSurroundings.Folders(frontEnd))
            {
                if (IsUnder(served.TrimEnd('/'), folder))
                {
                    return ($"the server serves {served}, in its working folder {folder}", false);
                }
            }
        }

        return UnreadProgramTie(host, frontEnd, program) is { } part ? ($"it is named for '{part}', as the front end is", true) : null;
    }

    /// <summary>Options (normalized) that give the path a program serves under.</summary>
    private static readonly HashSet<string> PrefixOptions = new(StringComparer.Ordinal)
    {
        "webexternalurl", "webrouteprefix", "prefix", "baseurl", "urlprefix", "pathprefix", "rootpath", "subpath", "contextpath", "basepath",
    };

    /// <summary>The tie by name between a front end and an unread program that names its address (CL007 judges such a
    /// program's unit): the part of the program's name the front end is named for, under the conditions of
    /// <see cref="UnreadProgramNamed"/> (no helper's name; no back end ConfLint reads named for that application, unless
    /// the program is named the application itself or hosts one). Null for none.</summary>
    public static string? UnreadProgramTie(HostModel host, FrontEnd frontEnd, UnreadProgram program) =>
        NamedPart(program, Wanted(frontEnd)) is { } part
            && (Normalize(program.Name) == part || UnreadProgramFiles.HostsApplication(program.Words)
                || !host.BackEnds.Any(b => RawName(host, b) is { } raw && raw != program.Name && (Normalize(raw) == part || Mentions(raw, part))))
            ? part
            : null;

    /// <summary>The names a front end goes by, normalized: its server's names' labels, its location's path segments, the
    /// application its file is named for.</summary>
    private static List<string> Wanted(FrontEnd frontEnd)
    {
        // Loops, not Concat(...).Select(...): Select on a LINQ iterator is a generic virtual call, which the native
        // executable resolves through its type loader.
        var wanted = new List<string>();
        void Add(string part)
        {
            if (Normalize(part) is { Length: >= 3 } normalized)
            {
                wanted.Add(normalized);
            }
        }

        foreach (var name in FrontEndSurroundings.Names(frontEnd))
        {
            foreach (var label in name.Split('.'))
            {
                Add(label);
            }
        }

        foreach (var pattern in FrontEndSurroundings.Patterns(frontEnd))
        {
            foreach (var segment in pattern.Split('/', '~', '^', '$', ' ', '(', ')', '*', '\\', '.'))
            {
                Add(segment);
            }
        }

        Add(SiteFileName(frontEnd) ?? string.Empty);
        return wanted;
    }

    private static readonly HashSet<string> HelperWords = new(StringComparer.Ordinal)
    {
        "worker", "workers", "consumer", "scheduler", "beat", "celery", "queue", "cron", "sidekiq", "jobs", "mailer", "sync", "backup", "exporter",
    };

    /// <summary>The part of an unread program's name the front end is named for, or null: a program whose name marks it as
    /// a helper (a worker, a scheduler, celery) is named for none.</summary>
    private static string? NamedPart(UnreadProgram program, List<string> wanted)
    {
        var parts = program.Name.Split('-', '_', '.').Select(Normalize).Where(p => p.Length > 0).ToList();
        if (parts.Any(HelperWords.Contains))
        {
            return null;
        }

        return parts.Append(Normalize(program.Name)).Where(p => p.Length >= 3).FirstOrDefault(wanted.Contains);
    }

    /// <summary>The application a front end's file is named for (normalized), or null: <c>sites-available/jupyterhub.conf</c>
    /// names jupyterhub; the daemons' own and default files name none. certbot's Apache plugin copies NAME.conf's TLS
    /// virtual host to NAME-le-ssl.conf, named for the same application.</summary>
    private static string? SiteFileName(FrontEnd frontEnd)
    {
        var fileName = Path.GetFileName(frontEnd.File.ServerPath);
        var stem = fileName.EndsWith(".conf", StringComparison.Ordinal) ? fileName[..^5] : fileName;
        if (frontEnd.Daemon == ConfigKind.Apache && stem.EndsWith("-le-ssl", StringComparison.Ordinal))
        {
            stem = stem[..^7];
        }

        return Normalize(stem) is { Length: >= 3 } site && !DaemonFileNames.Contains(site) ? site : null;
    }

    /// <summary>Whether one of the parts of <paramref name="name"/> between <c>-</c>, <c>_</c> and <c>.</c> is <paramref name="application"/>
    /// (normalized): <c>streamlit-forecast</c> mentions <c>forecast</c>. Such a back end makes another one's prefix no proof.</summary>
    private static bool Mentions(string name, string application)
    {
        foreach (var part in name.Split('-', '_', '.'))
        {
            if (Normalize(part) == application)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the leading parts of <paramref name="name"/> before a <c>-</c> or <c>_</c> are <paramref name="application"/>
    /// (normalized).</summary>
    private static bool NamedFor(string name, string application)
    {
        for (var end = name.IndexOfAny(['-', '_']); end > 0; end = name.IndexOfAny(['-', '_'], end + 1))
        {
            if (Normalize(name[..end]) == application)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name a back end goes by as written: a vassal's, a supervisord program's, its unit's without the type
    /// and an instance; null for one with no name of its own (a pool, an Apache listen).</summary>
    private static string? RawName(HostModel host, BackEnd backEnd) => backEnd switch
    {
        VassalBackEnd vassal => vassal.VassalName,
        DebianUwsgiApp app => app.AppName,
        Host.Supervisor.SupervisorBackEnd program => program.Program,
        Host.Pm2.Pm2BackEnd pm2 => pm2.App,
        Host.PhpFpm.FpmPool or ApacheListenBackEnd or NginxServerBackEnd => null,
        _ when host.ServiceOf(backEnd) is { } service => SystemdBackEnds.ProgramName(service.UnitName),
        _ => null,
    };

    /// <summary>The path a front end's requests reach the back end with, where it is fixed: the target's own path (Apache's
    /// <c>ProxyPass</c> URL, nginx's <c>proxy_pass</c> URI), else for nginx without a URI the prefix of the location it
    /// stands in (nginx passes the request's path unchanged). Null where a variable or a regular expression decides it,
    /// or where Apache's target has no path (it passes only what follows the matched path).</summary>
    internal static string? RequestedPath(FrontEnd frontEnd)
    {
        var target = frontEnd.Target;
        if (target.HasVariable || target.UriHasVariable)
        {
            return null;
        }

        var uri = target.Uri;
        var query = uri.IndexOfAny(['?', '#']);
        uri = query >= 0 ? uri[..query] : uri;
        if (uri.Length > 0)
        {
            return uri.StartsWith('/') ? uri : null;
        }

        return frontEnd.Details is Host.Nginx.NginxPass pass ? NginxLocation(pass).Prefix : null;
    }

    /// <summary>The innermost nginx location a pass stands in: Found where there is one, and its prefix where it is a prefix,
    /// <c>^~</c> or <c>=</c> location (null for a regular expression).</summary>
    private static (bool Found, string? Prefix) NginxLocation(Host.Nginx.NginxPass pass)
    {
        for (var level = pass.Scope; level is not null; level = level.Parent)
        {
            if (level.Directive is { Name: "location" } location)
            {
                return (true, location.Args switch
                {
                    [var prefix] when prefix.StartsWith('/') => prefix,
                    ["^~" or "=", var prefix] when prefix.StartsWith('/') => prefix,
                    _ => null,
                });
            }
        }

        return (false, null);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="prefix"/> or lies below it (segment by segment:
    /// <c>/jenkinsx</c> is not under <c>/jenkins</c>).</summary>
    internal static bool IsUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/');

    /// <summary>Folders where several programs keep their sockets by convention.</summary>
    internal static readonly HashSet<string> SharedSocketFolders = new(StringComparer.Ordinal)
    {
        "/var/run", "/run/php", "/var/run/php", "/run/uwsgi", "/var/run/uwsgi", "/run/user", "/dev/shm", "/var/tmp",
    };

    private static string Parent(string path)
    {
        var normalized = Workspace.RootedFileSystem.Normalize(path);
        var slash = normalized.LastIndexOf('/');
        return slash <= 0 ? "/" : normalized[..slash];
    }

    /// <summary>File names (normalized) that belong to the front end's daemon or its defaults, not to an application.</summary>
    internal static readonly HashSet<string> DaemonFileNames = new(StringComparer.Ordinal)
    {
        "nginx", "default", "000default", "defaultssl", "httpd", "apache", "apache2", "haproxy", "ssl", "proxy", "site", "sites", "vhost", "vhosts",
    };

    /// <summary>A user's home: <c>/root</c> or a folder right under <c>/home</c>.</summary>
    internal static bool IsHomeFolder(string folder) =>
        folder == "/root" || (folder.StartsWith("/home/", StringComparison.Ordinal) && folder.IndexOf('/', 6) < 0);

    /// <summary>The names a back end goes by (lower case, letters and digits only) and its working folder.</summary>
    private static (List<string> Names, string? Folder) Identity(HostModel host, BackEnd backEnd)
    {
        var names = new List<string>();
        var server = host.AppServerOf(backEnd);
        if (backEnd is VassalBackEnd vassal)
        {
            names.Add(Normalize(vassal.VassalName));
        }
        else if (backEnd is DebianUwsgiApp app)
        {
            names.Add(Normalize(app.AppName));
        }
        else if (backEnd is Host.Supervisor.SupervisorBackEnd program)
        {
            names.Add(Normalize(program.Program));
        }
        else if (backEnd is Host.Pm2.Pm2BackEnd pm2)
        {
            // A PM2 application goes by its name (`name: 'umami'`), as a supervisord program does.
            names.Add(Normalize(pm2.App));
        }
        else if (backEnd is Host.Compose.ComposeBackEnd compose)
        {
            // The service and its project, named for the folder it is kept in (Compose's default project name):
            // lemmy-ansible's /srv/lemmy/lemmy.example.org for the site lemmy.example.org.
            names.Add(Normalize(compose.Service.Name));
            names.Add(Normalize(Path.GetFileName(compose.Project.Folder.TrimEnd('/'))));
        }
        else if (host.ServiceOf(backEnd) is { } service)
        {
            var stem = service.UnitName[..service.UnitName.LastIndexOf('.')];
            names.Add(Normalize(stem.Split('@')[0]));
        }

        var folder = server?.WorkingDirectory is { } wd ? Workspace.RootedFileSystem.Normalize(wd).TrimEnd('/') : null;
        return (names, folder is { Length: > 0 } ? folder : null);
    }

    internal static string Normalize(string name) => new(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
}
