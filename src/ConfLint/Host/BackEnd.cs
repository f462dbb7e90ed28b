using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>Something that listens for a front end: a PHP-FPM pool, a service's application server, a socket unit.</summary>
public abstract class BackEnd
{
    protected BackEnd(string name, ConfigFile file)
    {
        Name = name;
        File = file;
    }

    /// <summary>For messages: "pool 'www'", "service 'app.service'".</summary>
    public string Name { get; }

    public ConfigFile File { get; }

    public List<EndpointSite> Listeners { get; } = [];

    /// <summary>The protocol its listeners speak, when known.</summary>
    public abstract BackendProtocol Protocol { get; }

    /// <summary>Whether a FastCGI request to it runs a PHP script, which PHP finds by <c>SCRIPT_FILENAME</c> (fpm_main.c's
    /// init_request_info: without it PHP-FPM answers "File not found." and logs "Primary script unknown"): true for PHP-FPM
    /// (a pool, or a service or program that runs it) and a kind that runs php-cgi; false where ConfLint reads what the back
    /// end runs and it is not PHP (an application server, fcgiwrap, Tomcat), which is every kind that does not say
    /// otherwise; null where what answers is not read (a socket unit whose service the root lacks, a Compose container,
    /// supervisord's fcgi-program).</summary>
    public virtual bool? RunsPhp => false;

    /// <summary>
    /// The Compose service whose network namespace its listeners are in, when its file is read from inside a container (a
    /// Tomcat's server.xml or a PHP-FPM pool bind-mounted into it, <see cref="ConfigFile.Container"/>); null for the host's
    /// own (and for a service with <c>network_mode: host</c>, which shares the host's stack: Compose file reference,
    /// network_mode). A server in a container binds the container's own interfaces: a front end of the host reaches it
    /// only through a port Docker publishes (a <see cref="Compose.ComposeBackEnd"/>, forwarded to the container's address
    /// on its network, never to its loopback), another container by the service's name on a network they share.
    /// </summary>
    public Workspace.Compose.ComposeService? ContainerNetwork =>
        this is not Compose.ComposeBackEnd && File.Container is { } container && container.Service.NetworkMode?.Value != "host" ? container.Service : null;

    public abstract string Describe();

    public override string ToString() => Describe();
}

