using ConfLint.Diagnostics;
using ConfLint.Syntax;
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

    public List<BackEndListener> Listeners { get; } = [];

    /// <summary>The protocol its listeners speak, when known.</summary>
    public abstract BackendProtocol Protocol { get; }

    public abstract string Describe();

    public override string ToString() => Describe();
}

/// <summary>Where a back end listens, and the text that says so (a pool's <c>listen</c> value, a <c>--bind</c>
/// word of ExecStart, a default the program falls back to).</summary>
/// <param name="Note">How it was found, when not written out: "gunicorn's default bind".</param>
public sealed record BackEndListener(Endpoint Endpoint, ConfigFile File, Location Location, SyntaxNode? DefinedAt, string? Note = null);
