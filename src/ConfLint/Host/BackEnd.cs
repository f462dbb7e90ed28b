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

    public abstract string Describe();

    public override string ToString() => Describe();
}

