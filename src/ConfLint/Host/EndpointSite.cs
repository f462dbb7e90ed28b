using ConfLint.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>Whether a listener speaks TLS: known either way, or not known.</summary>
public enum TlsFact
{
    Unknown,
    Yes,
    No,
}

/// <summary>
/// An address and the place that names it: where a front end connects (its pass, an upstream's <c>server</c>, a
/// <c>BalancerMember</c>) or where a back end listens (a pool's <c>listen</c>, a <c>--bind</c> word of ExecStart, a
/// <c>ListenStream=</c>, a default the program falls back to).
/// </summary>
/// <param name="DefinedAt">The directive or entry that names it.</param>
public sealed record EndpointSite(Endpoint Endpoint, ConfigFile File, Location Location, SyntaxNode? DefinedAt)
{
    /// <summary>The protocol spoken there, when known.</summary>
    public BackendProtocol Protocol { get; init; } = BackendProtocol.Other;

    /// <summary>Whether what listens here speaks TLS, as its program's settings say (gunicorn's <c>--certfile</c>, uvicorn's
    /// <c>--ssl-certfile</c>, a Kestrel <c>https</c> URL, uwsgi's <c>https-socket</c>); <see cref="TlsFact.Unknown"/> where
    /// the reader cannot tell, or for a front end's target.</summary>
    public TlsFact Tls { get; init; }

    /// <summary>What says so, for messages: "gunicorn is given no --certfile or keyfile". Null where <see cref="Tls"/> is unknown.</summary>
    public string? TlsEvidence { get; init; }

    /// <summary>The word that names it (what a fix rewrites), where it is one whole word.</summary>
    public SyntaxToken? Token { get; init; }

    /// <summary>A front end's target as written, to write it back with another endpoint.</summary>
    public ProxyTarget? Target { get; init; }

    /// <summary>For a path that is a symbolic link to another listener's socket of the same back end (Debian's
    /// <c>/run/php/php-fpm.sock</c>): that listener. Either path reaches the one socket.</summary>
    public EndpointSite? LinkTo { get; init; }

    /// <summary>For a member of a group that the daemon uses only when the others are unavailable: an nginx upstream's
    /// <c>backup</c> server, tried only when every primary server is unavailable (ngx_http_upstream_round_robin.c, the
    /// backup peers); an Apache <c>BalancerMember</c> with <c>status=+H</c> (hot standby: mod_proxy_balancer.c
    /// find_best_worker takes a standby only where no other worker of its lbset is usable); a HAProxy <c>backup</c>
    /// server (used only when every non-backup server of the backend is DOWN: the configuration manual, 5.2 "backup").</summary>
    public bool Backup { get; init; }

    /// <summary>How it was found, when not written out: "gunicorn's default bind".</summary>
    public string? Note { get; init; }

    /// <summary>For a target written as a name that the root's /etc/hosts gives as this host's address: how it was
    /// resolved ("/etc/hosts gives wiki.example.com as 10.20.0.15, an address of this host (...)").</summary>
    public string? Resolution { get; init; }

    /// <summary>For an nginx target whose host is a variable with one literal value: the <c>set</c> that gives it, its
    /// value's word (what a fix rewrites for another host) and the variable's name.</summary>
    public (SyntaxNode Set, ConfigFile File, SyntaxToken Value, string Variable)? Through { get; init; }
}
