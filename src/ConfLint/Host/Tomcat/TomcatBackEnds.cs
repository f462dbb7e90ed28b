using System.Globalization;
using System.Text.RegularExpressions;
using ConfLint.Syntax;
using ConfLint.Syntax.Tomcat;
using ConfLint.Workspace;
using ConfLint.Workspace.Tomcat;

namespace ConfLint.Host.Tomcat;

/// <summary>
/// Each Tomcat as a back end, its connectors as its listeners: each <c>&lt;Connector&gt;</c> of each <c>&lt;Service&gt;</c> listens on its port, at
/// its <c>address</c>; without one, an HTTP connector listens on every address (AbstractEndpoint's address stays null, and
/// the socket is bound to the wildcard), and an AJP connector on the JVM's loopback address since 9.0.31, 8.5.51, 7.0.100
/// and 10.0.0-M3 (every address before: <see cref="JavaLoopback"/>). An <c>address="localhost"</c> written is what the
/// root's /etc/hosts says it is (both loopbacks are accepted where it lists both: which one Java picks is not judged). A
/// value holding a <c>${property}</c> is not known. Each Tomcat is tied to the service that runs it
/// (<see cref="HostModel.TomcatServices"/>), as PHP-FPM's pools are to theirs.
/// </summary>
internal static partial class TomcatBackEnds
{
    public static void Add(HostModel model)
    {
        var fs = model.Workspace.FileSystem;
        var installs = fs.Root is null ? [] : model.Workspace.TomcatInstalls ?? TomcatInstall.Find(fs, model.Workspace.Units);
        foreach (var file in model.Workspace.FilesOfKind(ConfigKind.Tomcat))
        {
            if (file.Tree?.Root is not TomcatXmlFile { Root: { Name: "Server" } } root)
            {
                continue;
            }

            var install = installs.FirstOrDefault(i => model.Workspace.FindFile(i.ServerXml) == file) ?? new TomcatInstall(file.ServerPath, null, null);
            if (install.Leftover is not null)
            {
                // A removed package's file, linted by name: discovery said why it runs nothing (TomcatInstall.LeftoverWhy).
                continue;
            }

            var instance = new TomcatInstance(file, root, install, TomcatVersion.Find(fs, install));
            var service = install.UnitName is { } unitName ? model.TomcatServices.GetValueOrDefault(unitName) : null;
            if (service is not null)
            {
                model.SetRunBy(instance, service);
            }

            (string Address, string Why)? loopback = null;
            var loopbackRead = false;
            foreach (var element in root.Root.Children.Where(s => s.Name == "Service").SelectMany(s => s.Children).Where(c => c.Name == "Connector"))
            {
                if (!loopbackRead && element.Get("address") is null)
                {
                    // Read once per Tomcat, and only where a connector takes the default address.
                    loopback = JavaLoopback(fs, install, service);
                    loopbackRead = true;
                }

                var connector = Connector(model, instance, element, file, loopback);
                instance.Connectors.Add(connector);
                instance.Listeners.AddRange(connector.Listeners);
            }

            AddContexts(fs, instance, root.Root, file);
            model.Tomcat.Add(instance);
            model.BackEnds.Add(instance);
        }
    }

    /// <summary>
    /// The paths each <c>&lt;Host&gt;</c> deploys an application at, as HostConfig deploys at startup: a context file
    /// <c>NAME.xml</c> in the host's configuration folder <c>$CATALINA_BASE/conf/ENGINE/HOST</c> (server.xml's own folder
    /// here; Debian's <c>/etc/tomcat10/Catalina/localhost</c>) is deployed at <c>/NAME</c>, its <c>path</c> attribute
    /// ignored (ContextName: <c>#</c> stands for <c>/</c>, <c>##</c> starts a version, <c>ROOT</c> is the root context);
    /// a <c>&lt;Context&gt;</c> in server.xml at its <c>path</c>. The root context (every request is under it) and a path
    /// holding a property are left out; a host with its own <c>xmlBase</c> is not looked into for context files.
    /// StandardHost lowercases the host's name.
    /// </summary>
    private static void AddContexts(RootedFileSystem fs, TomcatInstance instance, TomcatElement server, ConfigFile file)
    {
        var conf = Path.GetDirectoryName(file.ServerPath)?.Replace('\\', '/');
        foreach (var engine in server.Children.Where(s => s.Name == "Service").SelectMany(s => s.Children).Where(e => e.Name == "Engine"))
        {
            foreach (var host in engine.Children.Where(h => h.Name == "Host"))
            {
                foreach (var context in host.Children.Where(c => c.Name == "Context"))
                {
                    if (context.Get("path") is { Length: > 1 } path && path.StartsWith('/') && !path.Contains("${", StringComparison.Ordinal))
                    {
                        instance.Contexts.Add((path.TrimEnd('/'), $"<Context path=\"{path}\"> in {file.DisplayPath}"));
                    }
                }

                if (conf is null || fs.Root is null || host.Get("xmlBase") is not null || engine.Get("name") is not { Length: > 0 } engineName
                    || host.Get("name") is not { Length: > 0 } hostName || engineName.Contains("${", StringComparison.Ordinal) || hostName.Contains("${", StringComparison.Ordinal))
                {
                    continue;
                }

                var folder = $"{conf}/{engineName}/{hostName.ToLowerInvariant()}";
                foreach (var descriptor in fs.Glob(folder + "/*.xml"))
                {
                    var name = Path.GetFileName(descriptor)[..^".xml".Length];
                    var version = name.IndexOf("##", StringComparison.Ordinal);
                    name = version >= 0 ? name[..version] : name;
                    if (name.Length > 0 && name != "ROOT" && fs.FileExists(descriptor))
                    {
                        instance.Contexts.Add(("/" + name.Replace('#', '/'), $"by its context file {folder}/{Path.GetFileName(descriptor)}"));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The <c>unixDomainSocketPath</c> a connector binds in place of its port (Tomcat 9.0.55+, 10.x: the NIO connectors on
    /// Java 16 and later, the APR one with Tomcat Native; "when this is specified, the otherwise mandatory port attribute
    /// may be omitted", http.xml). The NIO2 connector has no such property (Nio2Endpoint: Tomcat warns that it could not
    /// set it and binds the port): not read there. The path is null where it is a property or relative.
    /// </summary>
    private static (TomcatAttribute Attribute, string? Path)? SocketPath(TomcatElement element, string protocol)
    {
        if (element.Attribute("unixDomainSocketPath") is not { Value.Length: > 0 } attribute || protocol.Contains("Nio2", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = attribute.Value;
        return (attribute, path.StartsWith('/') && !path.Contains("${", StringComparison.Ordinal) ? path : null);
    }

    /// <summary>A connector whose port or address is a property (<c>${http.port}</c>, set by a <c>-D</c> option or
    /// catalina.properties, which are not read): it may listen anywhere, as any back end whose address is unknown.</summary>
    private static void Unknown(HostModel model, TomcatInstance instance, TomcatConnector connector, string attribute, string? value)
    {
        if (value is not null && value.Contains("${", StringComparison.Ordinal))
        {
            model.UnknownListeners.Add((instance, $"{instance.Describe()}: its {connector.Describe()}'s {attribute} is {value}, a property ConfLint does not resolve"));
        }
    }

    /// <summary>
    /// The address <c>InetAddress.getLoopbackAddress()</c> gives the JVM that runs this Tomcat, which AbstractAjpProtocol's
    /// constructor sets as every AJP connector's address ("AJP listens on loopback by default", Tomcat 9.0.31 and later):
    /// 127.0.0.1, or ::1 where <c>-Djava.net.preferIPv6Addresses=true</c> is set (the JDK's
    /// <c>Inet6AddressImpl.loopbackAddress</c> tries the IPv6 loopback first then; the value is read ignoring case, and
    /// any other value but <c>system</c> means false), and 127.0.0.1 where <c>-Djava.net.preferIPv4Stack=true</c> leaves
    /// the JVM IPv4 alone (<c>Inet4AddressImpl</c>). The options are looked for where catalina.sh's java command gets them:
    /// <c>JAVA_OPTS</c> and <c>CATALINA_OPTS</c> (and <c>JDK_JAVA_OPTIONS</c>, <c>JAVA_TOOL_OPTIONS</c>, which the java
    /// launcher reads) of the unit's environment; <c>/etc/default/tomcatN</c>, which Debian's <c>tomcat-start.sh</c>
    /// sources; and <c>bin/setenv.sh</c> of <c>CATALINA_BASE</c>, else of <c>CATALINA_HOME</c>, which catalina.sh sources.
    /// Null where the settings disagree, or a value is <c>system</c> (the IPv6 loopback first on JDK 9 and later, not on
    /// 8) or a variable: either loopback may be the one.
    /// </summary>
    private static (string Address, string Why)? JavaLoopback(RootedFileSystem fs, TomcatInstall install, Systemd.ServiceBackEnd? service)
    {
        var found = new List<(string Name, string Value, string Where)>();
        void Scan(string text, string where)
        {
            foreach (Match match in JvmNetOption().Matches(text))
            {
                found.Add((match.Groups[1].Value, match.Groups[2].Value, where));
            }
        }

        if (service is not null)
        {
            foreach (var name in (string[])["JAVA_OPTS", "CATALINA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS"])
            {
                if (service.Environment.TryGetValue(name, out var value))
                {
                    Scan(value, $"{name} of {service.UnitName}'s environment");
                }
            }
        }

        var files = new List<string>();
        if (fs.Root is not null)
        {
            if (install.UnitName is { } unit && unit.StartsWith("tomcat", StringComparison.Ordinal) && unit.EndsWith(".service", StringComparison.Ordinal))
            {
                files.Add("/etc/default/" + unit[..^".service".Length]);
            }

            var catalinaBase = service?.Environment.GetValueOrDefault("CATALINA_BASE") is { } set && set.StartsWith('/') && !set.Contains('$') ? set.TrimEnd('/')
                : install.ServerXml.EndsWith("/conf/server.xml", StringComparison.Ordinal) ? install.ServerXml[..^"/conf/server.xml".Length] : null;
            if ((string?[])[catalinaBase, install.CatalinaHome] is var homes
                && homes.Where(h => h is not null).Select(h => h + "/bin/setenv.sh").FirstOrDefault(fs.FileExists) is { } setenv)
            {
                files.Add(setenv);
            }
        }

        foreach (var path in files)
        {
            var lines = fs.ReadLines(path);
            for (var i = 0; i < lines.Count; i++)
            {
                if (!lines[i].TrimStart().StartsWith('#'))
                {
                    Scan(lines[i], $"{path}:{i + 1}");
                }
            }
        }

        static bool? Value(string value) => value.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
            : value.Length == 0 || value.Contains('$') || value.Equals("system", StringComparison.OrdinalIgnoreCase) ? null : false;
        var read = files.Count == 0 && service is null ? "no JVM option is set where ConfLint looks" : "no -Djava.net.preferIPv6Addresses=true among the JVM's options";
        var ipv4 = found.Where(f => f.Name == "preferIPv4Stack").Select(f => (Value(f.Value), f.Where)).ToList();
        var ipv6 = found.Where(f => f.Name == "preferIPv6Addresses").Select(f => (Value(f.Value), f.Where)).ToList();
        if (ipv4.Count > 0 && ipv4.All(v => v.Item1 == true))
        {
            return ("127.0.0.1", $"-Djava.net.preferIPv4Stack=true in {ipv4[^1].Where} keeps the JVM to IPv4");
        }

        if (ipv4.Any(v => v.Item1 is null) || ipv6.Any(v => v.Item1 is null) || ipv6.Select(v => v.Item1).Distinct().Count() > 1)
        {
            return null;
        }

        return ipv6.Count > 0 && ipv6[0].Item1 == true
            ? ("::1", $"-Djava.net.preferIPv6Addresses=true in {ipv6[^1].Where}")
            : ("127.0.0.1", ipv6.Count > 0 ? $"-Djava.net.preferIPv6Addresses=false in {ipv6[^1].Where}" : read);
    }

    [GeneratedRegex(@"-Djava\.net\.(preferIPv6Addresses|preferIPv4Stack)=[""']?([^\s""']*)")]
    private static partial Regex JvmNetOption();

    private static TomcatConnector Connector(HostModel model, TomcatInstance instance, TomcatElement element, ConfigFile file, (string Address, string Why)? loopback)
    {
        var protocol = element.Get("protocol") ?? "HTTP/1.1";
        var isAjp = protocol.StartsWith("AJP/", StringComparison.OrdinalIgnoreCase) || protocol.Contains(".ajp.", StringComparison.OrdinalIgnoreCase);
        var portText = element.Get("port");
        int? port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536 ? number : null;
        var secure = instance.Version.AjpSecureDefaults;
        var secretRequired = element.Get("secretRequired") is { } written ? written.Equals("true", StringComparison.OrdinalIgnoreCase)
            : isAjp ? secure : false;
        if (SocketPath(element, protocol) is var (socketAttribute, path))
        {
            // The socket, not the port: NioEndpoint.initServerSocket binds unixDomainSocketPath where it is set, and the port
            // only otherwise. A path that is a property or relative (to the JVM's working folder) is not known.
            var onSocket = new TomcatConnector(instance, element, isAjp, null) { SecretRequired = secretRequired, SocketPath = path };
            if (path is not null)
            {
                onSocket.Listeners.Add(new EndpointSite(Endpoint.Unix(path), file, socketAttribute.ValueToken.Location, element)
                {
                    Token = socketAttribute.ValueToken,
                    Protocol = onSocket.Protocol,
                    Note = "unixDomainSocketPath: Tomcat binds this socket in place of a port",
                });
            }

            return onSocket;
        }

        var connector = new TomcatConnector(instance, element, isAjp, port) { SecretRequired = secretRequired };
        if (port is not { } p)
        {
            Unknown(model, instance, connector, "port", portText);
            return connector;
        }

        var location = element.Attribute("port")!.ValueToken.Location;
        var address = element.Get("address");
        string? note = null;
        IReadOnlyList<string>? addresses = null;
        if (address is null)
        {
            if (!isAjp || secure == false)
            {
                address = "*";
                note = "Tomcat's default address: all of them";
            }
            else if (secure == true)
            {
                // AbstractAjpProtocol's constructor: setAddress(InetAddress.getLoopbackAddress()), one address, not a name.
                address = loopback?.Address ?? "127.0.0.1";
                addresses = loopback is null ? ["127.0.0.1", "::1"] : [address];
                note = loopback is { } known
                    ? $"Tomcat's default AJP address since 9.0.31: the JVM's loopback address, {known.Address} ({known.Why}; {instance.Version.Source})"
                    : $"Tomcat's default AJP address since 9.0.31: the JVM's loopback address, 127.0.0.1 or ::1 as java.net.preferIPv6Addresses says, which ConfLint cannot tell here ({instance.Version.Source})";
            }
            else
            {
                address = "*";
                note = "AJP address not written; Tomcat's version is unknown (every address before 9.0.31, the loopback since), so any address is accepted";
            }
        }

        if (address.Contains("${", StringComparison.Ordinal))
        {
            Unknown(model, instance, connector, "address", address);
            return connector;
        }

        addresses ??= address.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? model.Resolution.HostsAddresses("localhost") : [address];
        foreach (var host in addresses)
        {
            connector.Listeners.Add(new EndpointSite(Endpoint.Tcp(host, p), file, location, element)
            {
                Token = element.Attribute("port")!.ValueToken,
                Protocol = connector.Protocol,
                Note = note ?? (address.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? "'localhost', as /etc/hosts gives it" : null),
            });
        }

        return connector;
    }
}
