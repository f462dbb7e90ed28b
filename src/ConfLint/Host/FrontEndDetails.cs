namespace ConfLint.Host;

/// <summary>What only one daemon knows about a front end: nginx's level and upstream (<see cref="Nginx.NginxPass"/>), HAProxy's
/// backend and server (<see cref="Haproxy.HaproxyPass"/>).</summary>
public abstract record FrontEndDetails;
