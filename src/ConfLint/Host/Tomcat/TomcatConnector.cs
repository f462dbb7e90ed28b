using ConfLint.Syntax.Tomcat;

namespace ConfLint.Host.Tomcat;

/// <summary>
/// A <c>&lt;Connector&gt;</c> of Tomcat's server.xml: it listens on its <c>port</c> and <c>address</c> and speaks HTTP or
/// AJP (<c>protocol</c>, <c>HTTP/1.1</c> by default). Values not written take Tomcat's defaults for the version that runs
/// it (<see cref="TomcatVersion"/>). Its addresses are among its Tomcat's <see cref="BackEnd.Listeners"/>.
/// </summary>
public sealed class TomcatConnector
{
    internal TomcatConnector(TomcatInstance instance, TomcatElement element, bool isAjp, int? port)
    {
        Instance = instance;
        Element = element;
        IsAjp = isAjp;
        Port = port;
    }

    public TomcatInstance Instance { get; }

    public TomcatElement Element { get; }

    /// <summary>AJP/1.3 (<c>protocol="AJP/1.3"</c> or an <c>org.apache.coyote.ajp</c> class), else HTTP.</summary>
    public bool IsAjp { get; }

    /// <summary>The TCP port it listens on; null where it is not known, or where it listens on <see cref="SocketPath"/> instead.</summary>
    public int? Port { get; }

    /// <summary>The Unix socket it binds in place of a port (<c>unixDomainSocketPath</c>, an absolute path), or null.</summary>
    public string? SocketPath { get; internal init; }

    /// <summary><c>unixDomainSocketPathPermissions</c>, where <see cref="SocketPath"/> is set and it is written.</summary>
    public TomcatAttribute? SocketPermissions => SocketPath is null ? null : Element.Attribute("unixDomainSocketPathPermissions");

    public List<EndpointSite> Listeners { get; } = [];

    /// <summary><c>secretRequired</c> as written, else Tomcat's default for its version (true since 9.0.31); null when unknown.</summary>
    public bool? SecretRequired { get; internal init; }

    /// <summary>Whether <see cref="SecretRequired"/> is written in server.xml rather than a default.</summary>
    public bool SecretRequiredWritten => Element.Attribute("secretRequired") is not null;

    /// <summary>The <c>secret</c> (or the older <c>requiredSecret</c>) attribute when it is set and not empty.</summary>
    public TomcatAttribute? SecretAttribute =>
        Element.Attribute("secret") is { Value.Length: > 0 } secret ? secret : Element.Attribute("requiredSecret") is { Value.Length: > 0 } old ? old : null;

    public string? Secret => SecretAttribute?.Value;

    /// <summary><c>connectionTimeout</c> in milliseconds, when written.</summary>
    public int? ConnectionTimeout => int.TryParse(Element.Get("connectionTimeout"), out var value) ? value : null;

    /// <summary><c>maxThreads</c>, when written (Tomcat's default is 200).</summary>
    public int? MaxThreads => int.TryParse(Element.Get("maxThreads"), out var value) ? value : null;

    public BackendProtocol Protocol => IsAjp ? BackendProtocol.Ajp : BackendProtocol.Http;

    /// <summary>For messages: "AJP connector on port 8009", "HTTP connector on the socket /run/jira/jira.sock".</summary>
    public string Describe() => $"{(IsAjp ? "AJP" : "HTTP")} connector" + (Port is { } port ? $" on port {port}" : SocketPath is { } path ? $" on the socket {path}" : string.Empty);
}
