using ConfLint.Syntax.Tomcat;
using ConfLint.Workspace;
using ConfLint.Workspace.Tomcat;

namespace ConfLint.Host.Tomcat;

/// <summary>One Tomcat as a back end: its server.xml, the service that runs it, its version, and its connectors, whose
/// addresses are its listeners (a Tomcat reached through one connector is reached).</summary>
public sealed class TomcatInstance : BackEnd
{
    internal TomcatInstance(ConfigFile serverXml, TomcatXmlFile root, TomcatInstall install, TomcatVersion version)
        : base(install.UnitName is { } unit ? $"Tomcat (service '{unit}')" : $"Tomcat ({serverXml.DisplayPath})", serverXml)
    {
        Root = root;
        Install = install;
        Version = version;
    }

    public ConfigFile ServerXml => File;

    public TomcatXmlFile Root { get; }

    public TomcatInstall Install { get; }

    public string? UnitName => Install.UnitName;

    public TomcatVersion Version { get; }

    public List<TomcatConnector> Connectors { get; } = [];

    /// <summary>The context paths this Tomcat deploys a web application at, other than the root one (<c>/xwiki</c>), each
    /// with where it is set (<see cref="TomcatBackEnds"/>: context files and server.xml's <c>&lt;Context path&gt;</c>).</summary>
    public List<(string Path, string Setting)> Contexts { get; } = [];

    /// <summary>HTTP or AJP when all its connectors speak it; else either.</summary>
    public override BackendProtocol Protocol =>
        Connectors.Select(c => c.Protocol).Distinct().ToList() is [var only] ? only : BackendProtocol.Other;

    /// <summary>The connector a listener of this Tomcat belongs to.</summary>
    public TomcatConnector? ConnectorOf(EndpointSite listener) => Connectors.FirstOrDefault(c => c.Listeners.Contains(listener));

    public override string Describe() => Name;
}
