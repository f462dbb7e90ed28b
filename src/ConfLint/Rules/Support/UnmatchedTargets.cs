using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Host.PhpFpm;
using ConfLint.Text;

namespace ConfLint.Rules.Support;

/// <summary>
/// What the configuration says about a front end's target that no back end listens on (CL001's judgement, shared with
/// the rules that need to know which back end a broken target was meant for): the back ends that could be meant,
/// closest first; the one the evidence names, if exactly one fits; and whether the finding is proven (else info), or
/// why it is not judged at all.
/// </summary>
public static class UnmatchedTargets
{
    /// <summary>One unmatched target and what the configuration says about it; <see cref="Skip"/> when it is not judged.</summary>
    /// <remarks><see cref="Certain"/> is false where the evidence names <see cref="Meant"/> without ruling out another
    /// remedy (the only application Debian's uwsgi script starts, for a target naming another); <see cref="NotEnabled"/>
    /// is the apps-available file of a Debian uwsgi application the target names that is not enabled (then no back end
    /// is meant, and <see cref="Candidates"/> is empty).</remarks>
    /// <remarks><see cref="NoGuess"/>, where no back end is <see cref="Meant"/>, says why the closest candidate is not offered
    /// either (every PHP-FPM pool left is another site's: <see cref="FpmPoolTies.For"/>).</remarks>
    public sealed record Verdict(FrontEnd FrontEnd, EndpointSite Target, IReadOnlyList<BackEnd> Candidates, BackEnd? Meant, string? Evidence, string What, bool Proven, string? Skip = null, bool Certain = true, (string File, bool EnabledKnown)? NotEnabled = null, string? NoGuess = null)
    {
        /// <summary>With <see cref="Skip"/>: the program ConfLint does not read whose words or files name the target, tied
        /// to the front end (what ties it), whose unit the root's links prove not started at boot: after the next boot
        /// nothing is known to listen there. Without: the only such program, at an address ConfLint does not read, that the
        /// front end is named for (<see cref="MayListenThere"/>), so proven not started: it may be what listens now, and
        /// not after the next boot.</summary>
        public (UnreadProgram Program, string Tie)? UnreadNotEnabled { get; init; }
    }

    /// <summary>Why a target is not judged where no back end ConfLint reads listens there and every one is reached by some
    /// front end (<see cref="Verdict.Skip"/>): nothing is left to compare it with.</summary>
    public const string NoneLeftToCompare = "no back end ConfLint reads listens there, and none is left unreached to compare with (what listens there may be a program ConfLint does not read)";

    /// <summary>How the verdict's words end where a program ConfLint does not read may be what listens at the target.</summary>
    public const string MayListenThere = ": it may be what listens there";

    /// <summary>The verdict on <paramref name="target"/>, or null when a back end listens there.</summary>
    /// <remarks>CL001, CL006 and CL007 each ask about the same targets: the verdict is worked out once per target and host.</remarks>
    public static Verdict? Judge(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        if (!target.Endpoint.IsLocal || host.Providers(target.Endpoint).Count > 0)
        {
            return null;
        }

        var judged = host.Shared(nameof(UnmatchedTargets), frontEnd, static () => new System.Collections.Concurrent.ConcurrentDictionary<EndpointSite, Verdict>(ReferenceEqualityComparer.Instance));
        return judged.GetOrAdd(target, static (target, state) => state.frontEnd.Protocol == BackendProtocol.FastCgi
            ? JudgeFastCgi(state.host, state.frontEnd, target)
            : JudgeOther(state.host, state.frontEnd, target), (host, frontEnd));
    }

    /// <summary>A target where every back end that listens speaks a protocol the front end does not: each one, with the
    /// listener and its protocol; and the services that also bind the address but do not run (provably disabled).</summary>
    /// <remarks>With <see cref="Tls"/> known, the protocol is the same and the two sides disagree about TLS only: the front
    /// end opens TLS (<see cref="TlsFact.Yes"/>: nginx's <c>proxy_pass https://</c>) where every listener speaks plain
    /// HTTP, or speaks plain HTTP (<see cref="TlsFact.No"/>) where every listener serves TLS only.</remarks>
    public sealed record Mismatch(FrontEnd FrontEnd, EndpointSite Target, BackendProtocol Spoken, IReadOnlyList<(BackEnd BackEnd, EndpointSite Listener, BackendProtocol Protocol)> Listeners, IReadOnlyList<BackEnd> NotRunning, TlsFact Tls = TlsFact.Unknown);

    /// <summary>The schemes that open TLS to the back end: nginx's <c>https</c>, <c>grpcs</c> and <c>suwsgi</c>; Apache's
    /// <c>https</c>, <c>wss</c> and <c>h2</c> (mod_proxy_http2's TLS scheme, where <c>h2c</c> is cleartext); each with the
    /// plain scheme that reaches the same back end without TLS.</summary>
    internal static readonly IReadOnlyDictionary<string, string> TlsSchemes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["https"] = "http",
        ["grpcs"] = "grpc",
        ["suwsgi"] = "uwsgi",
        ["wss"] = "ws",
        ["h2"] = "h2c",
    };

    /// <summary>Whether the front end opens TLS to <paramref name="target"/>: by the scheme the target is written with
    /// (an Apache balancer member's own), else the pass's (an nginx upstream's servers take the <c>proxy_pass</c>'s); a pass
    /// without a scheme (<c>uwsgi_pass</c>, <c>grpc_pass</c> with an address alone) speaks plain. Unknown for HAProxy, whose
    /// <c>ssl</c> keyword is not read here, and for a scheme that is not one of these.</summary>
    public static TlsFact FrontEndTls(FrontEnd frontEnd, EndpointSite target)
    {
        if (frontEnd.Target.Syntax == ProxyTargetSyntax.Haproxy)
        {
            return TlsFact.Unknown;
        }

        var scheme = target.Target?.Scheme ?? frontEnd.Target.Scheme;
        return scheme is null ? (frontEnd.Daemon == Syntax.ConfigKind.Nginx ? TlsFact.No : TlsFact.Unknown)
            : TlsSchemes.ContainsKey(scheme) ? TlsFact.Yes
            : TlsSchemes.Values.Contains(scheme) ? TlsFact.No
            : TlsFact.Unknown;
    }

    /// <summary>
    /// Whether what listens at <paramref name="target"/> cannot understand the front end: every back end there speaks a
    /// known protocol (uWSGI's <c>socket</c> the uwsgi protocol, PHP-FPM FastCGI, gunicorn, puma, node, uvicorn HTTP...)
    /// and none the front end's (<c>proxy_pass</c> HTTP, <c>uwsgi_pass</c> uwsgi, <c>fastcgi_pass</c> FastCGI,
    /// <c>scgi_pass</c> SCGI, <c>grpc_pass</c> gRPC, which an HTTP server may serve; Apache's scheme; HAProxy's
    /// <c>mode http</c>). Null where a listener's protocol is not known, where a web server's own <c>listen</c> or a program
    /// ConfLint does not read may be there instead, or where the front end's protocol is not one of these (HAProxy's
    /// <c>mode tcp</c>). Where the protocol is the same, the two sides may still disagree about TLS: a front end that opens
    /// TLS (<see cref="FrontEndTls"/>) to listeners whose programs' settings say they speak plain HTTP, or plain HTTP to
    /// listeners that serve TLS only (<see cref="EndpointSite.Tls"/>); unknown on either side, it is not judged.
    /// </summary>
    public static Mismatch? ProtocolMismatch(HostModel host, FrontEnd frontEnd, EndpointSite target) => ProtocolMismatch(host, frontEnd, target, out _);

    /// <param name="unknown">Why the protocol was not judged, where an application server ConfLint reads listens there
    /// and what it speaks is not known (for <c>--verbose</c>); null otherwise.</param>
    public static Mismatch? ProtocolMismatch(HostModel host, FrontEnd frontEnd, EndpointSite target, out string? unknown)
    {
        unknown = null;
        var spoken = target.Protocol != BackendProtocol.Other ? target.Protocol : frontEnd.Protocol;
        var endpoint = target.Endpoint;
        if (spoken == BackendProtocol.Other || !endpoint.IsLocal || host.Providers(endpoint) is not { Count: > 0 } providers)
        {
            return null;
        }

        var listeners = new List<(BackEnd, EndpointSite, BackendProtocol)>();
        // The TLS the front end opens, asked only once some listener speaks its protocol; then every listener must disagree
        // with it, each about TLS (a listener of another protocol besides leaves the target unjudged).
        TlsFact? frontTls = null;
        var tlsMismatches = 0;
        foreach (var provider in providers)
        {
            var found = false;
            foreach (var listener in provider.Listeners)
            {
                if (!listener.Endpoint.Accepts(endpoint))
                {
                    continue;
                }

                var protocol = listener.Protocol != BackendProtocol.Other ? listener.Protocol : provider is FpmPool ? BackendProtocol.FastCgi : BackendProtocol.Other;
                if (protocol == BackendProtocol.Other && host.AppServerOf(provider) is { } server)
                {
                    // Why the protocol is not known where the program says (gunicorn's protocol), else what of its binds was not read.
                    IReadOnlyList<string> why = server.ProtocolUnknown is { } protocolUnknown ? [protocolUnknown] : server.Unknowns;
                    // Behind https the TLS question stands too: said with the protocol's, which decides first.
                    var tls = FrontEndTls(frontEnd, target) == TlsFact.Yes ? $", and whether it serves TLS there, as {frontEnd.DirectiveName} {frontEnd.Target.Text} expects," : string.Empty;
                    unknown = $"what {provider.Describe()} speaks there{tls} is not known" + (why.Count > 0 ? $" ({string.Join("; ", why)})" : string.Empty);
                }

                if (protocol == BackendProtocol.Other)
                {
                    return null;
                }

                if (Understands(protocol, spoken))
                {
                    // The same protocol: judged further only where both sides say whether they speak TLS, and differ.
                    frontTls ??= protocol == BackendProtocol.Http ? FrontEndTls(frontEnd, target) : TlsFact.Unknown;
                    if (frontTls == TlsFact.Unknown || listener.Tls == TlsFact.Unknown || listener.Tls == frontTls)
                    {
                        if (frontTls == TlsFact.Yes && listener.Tls == TlsFact.Unknown && host.AppServerOf(provider) is not null)
                        {
                            unknown = $"whether {provider.Describe()} serves TLS there, as {frontEnd.DirectiveName} {frontEnd.Target.Text} expects, is not known";
                        }

                        return null;
                    }

                    tlsMismatches++;
                }

                listeners.Add((provider, listener, protocol));
                found = true;
            }

            if (!found)
            {
                // Reached through another address of a name (localhost as ::1): not judged.
                return null;
            }
        }

        if (WebServerListens.Covering(host, endpoint) is not null || host.UnreadProgramNaming(endpoint) is not null)
        {
            return null;
        }

        if (tlsMismatches > 0 && tlsMismatches != listeners.Count)
        {
            return null;
        }

        var notRunning = host.Claimants(endpoint).Where(c => !providers.Contains(c)).ToList();
        return new Mismatch(frontEnd, target, spoken, listeners, notRunning, tlsMismatches > 0 ? frontTls!.Value : TlsFact.Unknown);
    }

    /// <summary>Whether a back end speaking <paramref name="backEnd"/> understands a front end speaking <paramref name="frontEnd"/>:
    /// the same protocol; gRPC is HTTP/2, which an HTTP server may serve.</summary>
    internal static bool Understands(BackendProtocol backEnd, BackendProtocol frontEnd) =>
        backEnd == frontEnd || (frontEnd == BackendProtocol.Grpc && backEnd == BackendProtocol.Http);

    /// <summary>The back end a target is meant for: the one that listens there, else the one the evidence names.</summary>
    public static (BackEnd BackEnd, string? Evidence)? Intended(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        if (host.Providers(target.Endpoint) is { Count: > 0 } providers)
        {
            return (providers[0], null);
        }

        return Judge(host, frontEnd, target) is { Meant: { } meant, Skip: null } verdict ? (meant, verdict.Evidence) : null;
    }

    /// <summary>Each target that reaches nothing, with the back end the evidence says it is meant for (<see cref="Intended"/>):
    /// the rules that count a back end as reached once the broken target is mended (CL007, CL009).</summary>
    public static IEnumerable<(FrontEnd FrontEnd, EndpointSite Target, BackEnd BackEnd, string? Evidence)> MeantForUnmatched(HostModel host)
    {
        foreach (var frontEnd in host.FrontEnds)
        {
            // Indexed: a foreach through the read-only list boxes an enumerator for each front end.
            var targets = frontEnd.Targets;
            for (var t = 0; t < targets.Count; t++)
            {
                var target = targets[t];
                if (host.Providers(target.Endpoint).Count == 0 && Intended(host, frontEnd, target) is { } intended)
                {
                    yield return (frontEnd, target, intended.BackEnd, intended.Evidence);
                }
            }
        }
    }

    /// <summary>A FastCGI target is judged when it is PHP's (its address or location names PHP) and every PHP-FPM of the
    /// host is known: then the pools are all there is.</summary>
    private static Verdict JudgeFastCgi(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        // The pools of a PHP-FPM whose service provably does not start (the old version's, disabled after an upgrade) are
        // no candidates where other pools run (HostModel.ProvablyOff); where none does, all are.
        var pools = host.Shared("UnmatchedTargets.Pools", host, () => host.BackEndsOf<FpmPool>().Where(p => p.Listeners.Count > 0 && p.ContainerNetwork is null).ToList() is var listening
            && listening.Where(p => !host.ProvablyOff(p)).ToList() is { Count: > 0 } running ? running : listening);
        var endpoint = target.Endpoint;
        string? skip = pools.Count == 0 ? "the host has no PHP-FPM pool configuration ConfLint reads"
            : !ForPhp(frontEnd, target) ? (frontEnd.Details is Host.Haproxy.HaproxyPass
                ? "neither the address, the index and path-info of the backend's fcgi-app, nor the path patterns of the use_backend lines that route to it say it is PHP (fcgiwrap and other FastCGI servers are not read)"
                : "neither the address nor the location says it is PHP (fcgiwrap and other FastCGI servers are not read)")
            : host.UnknownListeners.FirstOrDefault(u => u.BackEnd is Host.Systemd.ServiceBackEnd { IsPhpFpm: true } or FpmPool).Why
            ?? host.UnreadProgramNaming(endpoint)
            ?? PhpCgiSpawner(host);
        if (skip is not null && (pools.Count == 0 || !ForPhp(frontEnd, target)) && JudgeCgiWrappers(host, frontEnd, target, pools.Count) is { } wrapped)
        {
            return wrapped;
        }

        if (skip is not null)
        {
            return new Verdict(frontEnd, target, [], null, null, string.Empty, false, skip);
        }

        var version = PhpVersions.In(endpoint.Address);
        var successors = FpmSuccessors.Of(host, pools, endpoint);
        // What ties each pool to this site (FpmPoolTies: its chroot or its user's home holds the site's folder, or the
        // site is named for it), and the other site a pool is tied to where this one is not: another customer's pool.
        var (ties, others) = FpmPoolTies.For(host, frontEnd, pools);

        // Another site's pools last; before them, the pools that carry on the one the target was written for
        // (FpmSuccessors: the same name, or the socket with the version changed), then nearest PHP version, then a pool
        // tied to this site, then a pool no other front end reaches (one that serves another site is seldom the one meant:
        // on a panel's server it runs as another customer), then nearest address, then by name; each key worked out once.
        var keyed = StableSort.Sorted(
            pools.Select(p => (Pool: p, Other: others[p] is not null, Successor: Rank(successors, p), Version: version is { } v && PhpVersions.Parse(p.Version) is { } pv ? Math.Abs(pv - v) : 10_000, Tied: ties[p] is null, Reached: ReachedElsewhere(host, p, frontEnd), Distance: Distance(Closest(p, endpoint).Endpoint, endpoint))),
            (a, b) => a.Other != b.Other ? a.Other.CompareTo(b.Other) : a.Successor != b.Successor ? a.Successor.CompareTo(b.Successor) : a.Version != b.Version ? a.Version.CompareTo(b.Version)
                : a.Tied != b.Tied ? a.Tied.CompareTo(b.Tied) : a.Reached != b.Reached ? a.Reached.CompareTo(b.Reached)
                : a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Pool.Name, b.Pool.Name));
        var candidates = new List<BackEnd>(keyed.Count);
        foreach (var each in keyed)
        {
            candidates.Add(each.Pool);
        }

        // Exactly one pool carries it on: that one, unless it is another site's. Several (the same name in two newer
        // running versions): none is certain, and no other pool (the new version's stock www) is either.
        var (meant, evidence) = pools.Count == 1 || successors.Count == 0 ? MeantPool(host, frontEnd, pools, version, ties, others)
            : FpmSuccessors.Only(successors) is { } only && others[only.Pool] is null ? (only.Pool, only.Evidence + (successors.Count > 1 ? "; the only such pool of a newer PHP version" : "; the only such pool"))
            : ((BackEnd?)null, (string?)null);
        // A pool file php-fpm does not load (pool.d/site.conf.off beside include=pool.d/*.conf) whose pool listens exactly at
        // the target is the stronger evidence of what was meant: that pool, not the host's only live one (the package's www,
        // another user, none of the site's limits). No live pool is then meant, and CL001 advises loading the file, unless
        // the live pool carries that one on under its name (a migration that disabled 8.2's [app] and wrote 8.3's [app]).
        if (meant is FpmPool live && FpmUnloadedPools.At(host, endpoint) is { } unloaded && !string.Equals(unloaded.Pool, live.PoolName, StringComparison.Ordinal))
        {
            (meant, evidence) = (null, null);
        }

        // Never a guess onto another customer's pool: where every pool left is another site's, no pool is offered.
        var noGuess = meant is null && others[(FpmPool)candidates[0]] is { } other
            ? $"no pool is offered, each being another site's: {other}" + (pools.Count > 1 ? $"; and {pools.Count - 1} more" : string.Empty) : null;
        return new Verdict(frontEnd, target, candidates, meant, evidence, "no PHP-FPM pool listens there", Proven: true, NoGuess: noGuess);
    }

    /// <summary>
    /// A FastCGI target that is not PHP's (or on a host without pools), where the host's socket units hand connections to
    /// fcgiwrap (Debian's fcgiwrap.socket, /run/fcgiwrap.socket): nothing ConfLint reads listens at the target, and the
    /// wrappers' sockets are the candidates. With no PHP-FPM pool on the host and one such socket, that socket is meant (an
    /// Arch guide's /run/fcgiwrap.sock pasted into a Debian server). Null where no wrapper's socket is there, or a program
    /// ConfLint does not read names the target (fcgiwrap started by hand with <c>-s</c>, spawn-fcgi).
    /// </summary>
    private static Verdict? JudgeCgiWrappers(HostModel host, FrontEnd frontEnd, EndpointSite target, int pools)
    {
        var wrappers = host.Shared("UnmatchedTargets.CgiWrappers", host, () => host.BackEndsOf<Host.Systemd.SocketBackEnd>()
            .Where(s => s.Service is { IsCgiWrapper: true } && s.Listeners.Count > 0).Cast<BackEnd>()
            .Concat(host.BackEndsOf<Host.Systemd.ServiceBackEnd>().Where(s => s.Server is { SpawnFcgi.RunsPhpCgi: false } && s.Listeners.Count > 0)).ToList());
        if (wrappers.Count == 0 || host.UnreadProgramNaming(target.Endpoint) is not null
            || host.UnknownListeners.Any(u => u.BackEnd?.Protocol is BackendProtocol.FastCgi or BackendProtocol.Other))
        {
            return null;
        }

        var candidates = StableSort.Sorted(wrappers, (a, b) => Distance(Closest(a, target.Endpoint).Endpoint, target.Endpoint).CompareTo(Distance(Closest(b, target.Endpoint).Endpoint, target.Endpoint)));
        var meant = wrappers.Count == 1 && (pools == 0 || SharesFolder(wrappers[0], target.Endpoint)) ? wrappers[0] : null;
        var evidence = meant is null ? null
            : meant is Host.Systemd.ServiceBackEnd spawner ? $"{spawner.Describe()} (running {spawner.Server!.SpawnFcgi!.Program}) is the host's only FastCGI server besides PHP-FPM" + (pools == 0 ? string.Empty : $", and its socket is in the target's folder {Folder(target.Endpoint)}")
            : pools == 0 ? $"fcgiwrap, started by {meant.Describe()}, is the host's only FastCGI server (it has no PHP-FPM pool)"
            : $"fcgiwrap, started by {meant.Describe()}, is the host's only FastCGI server besides PHP-FPM, and its socket is in the target's folder {Folder(target.Endpoint)}";
        return new Verdict(frontEnd, target, candidates, meant, evidence, "no FastCGI server listens there", Proven: true);
    }

    /// <summary>Why a PHP target is not judged against the pools alone: a spawn-fcgi runs php-cgi, a PHP FastCGI server
    /// besides PHP-FPM, which the target may be meant for; null where none does.</summary>
    private static string? PhpCgiSpawner(HostModel host)
    {
        foreach (var service in host.BackEndsOf<Host.Systemd.ServiceBackEnd>())
        {
            if (service.Server?.SpawnFcgi is { RunsPhpCgi: true } options)
            {
                return $"{service.Describe()} runs {options.Program}, a PHP FastCGI server besides PHP-FPM's pools, which the target may be meant for";
            }
        }

        return null;
    }

    /// <summary>Whether a Unix target is in the folder of one of the back end's sockets (<c>/run/rt5/rt5.sock</c> beside
    /// spawn-fcgi's <c>/run/rt5/rt.sock</c>): a folder of its own, not one every program puts sockets in (/run, /tmp).</summary>
    private static bool SharesFolder(BackEnd backEnd, Endpoint target) =>
        Folder(target) is { } folder && folder is not ("/run" or "/var/run" or "/tmp" or "/var/tmp" or "/dev/shm") && backEnd.Listeners.Any(l => l.Endpoint.Kind == EndpointKind.Unix && Folder(l.Endpoint) == folder);

    private static string? Folder(Endpoint endpoint) =>
        endpoint.Kind == EndpointKind.Unix && endpoint.Path is { } path && path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : null;

    /// <summary>Where a pool stands among the ones that carry on the target's (<see cref="FpmSuccessors"/>, nearest version
    /// first); after them, every other pool.</summary>
    private static int Rank(IReadOnlyList<FpmSuccessors.Successor> successors, FpmPool pool)
    {
        for (var i = 0; i < successors.Count; i++)
        {
            if (ReferenceEquals(successors[i].Pool, pool))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>
    /// The pool a PHP target was meant for, when exactly one fits: the host's only pool; the only pool tied to the site
    /// (<see cref="FpmPoolTies"/>), where the address names no PHP version or the pool is of the nearest one; else, of the
    /// tied pools where several are (all of the host's where none is), the only pool of the nearest PHP version to the one
    /// the address names, the only one of those no front end reaches, or, when it names none, the only pool no front end
    /// reaches. Another site's pool (<paramref name="others"/>) is never the one: where the evidence would name it, none is.
    /// </summary>
    private static (BackEnd? Meant, string? Evidence) MeantPool(HostModel host, FrontEnd frontEnd, List<FpmPool> pools, int? version, Dictionary<FpmPool, string?> ties, Dictionary<FpmPool, string?> others)
    {
        if (pools.Count == 1)
        {
            // The only one left after the pools of a PHP-FPM that provably does not start were set aside (JudgeFastCgi) is
            // the only one that starts, not the host's only one.
            var only = host.BackEndsOf<FpmPool>().Count(p => p.Listeners.Count > 0) == 1 ? "the host's only PHP-FPM pool" : "the host's only PHP-FPM pool that starts at boot (the others' PHP-FPM service is disabled)";
            return others[pools[0]] is null ? (pools[0], only) : (null, null);
        }

        var tied = pools.Where(p => ties[p] is not null).ToList();
        if (tied.Count == 1)
        {
            // Only asked here: the pools of the PHP version nearest to the one the address names (its distance found once).
            var nearestVersions = version is { } wanted && pools.Where(p => PhpVersions.Parse(p.Version) is not null).ToList() is { Count: > 0 } anyVersioned
                && anyVersioned.Min(q => Math.Abs(PhpVersions.Parse(q.Version)!.Value - wanted)) is var least
                ? anyVersioned.Where(p => Math.Abs(PhpVersions.Parse(p.Version)!.Value - wanted) == least).ToList()
                : null;
            // A version the address names that the tied pool is not of, where another pool is: the two say different things.
            return nearestVersions is null || nearestVersions.Contains(tied[0]) ? (tied[0], ties[tied[0]]) : (null, null);
        }

        var field = tied.Count > 1 ? tied : pools;
        var (meant, evidence) = ByVersionOrReach(host, frontEnd, field, version);
        if (meant is not FpmPool chosen || others[chosen] is not null)
        {
            return (null, null);
        }

        return tied.Count > 1 ? (chosen, $"{ties[chosen]}; of the {tied.Count} pools so tied, {evidence}") : (chosen, evidence);
    }

    /// <summary>Of <paramref name="pools"/>, the only pool of the nearest PHP version to the one the address names, or the
    /// only one of those no front end reaches; when it names none, the only pool no front end reaches.</summary>
    private static (BackEnd? Meant, string? Evidence) ByVersionOrReach(HostModel host, FrontEnd frontEnd, List<FpmPool> pools, int? version)
    {
        if (version is { } v && pools.Where(p => PhpVersions.Parse(p.Version) is not null).ToList() is { Count: > 0 } versioned)
        {
            var nearest = versioned.Min(p => Math.Abs(PhpVersions.Parse(p.Version)!.Value - v));
            var closest = versioned.Where(p => Math.Abs(PhpVersions.Parse(p.Version)!.Value - v) == nearest).ToList();
            var free = closest.Where(p => !ReachedElsewhere(host, p, frontEnd)).ToList();
            var why = nearest == 0 ? "the address's own PHP version" : "the installed PHP version nearest to the one the address names";
            if (closest.Count == 1 || free.Count == 1)
            {
                return (closest.Count == 1 ? closest[0] : free[0], closest.Count == 1 ? why : why + ", and the one of its pools no front end reaches");
            }

            return (null, null);
        }

        var unreached = pools.Where(p => !ReachedElsewhere(host, p, frontEnd)).ToList();
        return unreached.Count == 1 ? (unreached[0], "the only pool no front end reaches") : (null, null);
    }

    /// <summary>
    /// Whether a front end reaches <paramref name="backEnd"/> that does not serve <paramref name="frontEnd"/>'s own
    /// requests. A reach is evidence that the back end is another site's only where it serves other requests: an Apache
    /// <c>SetHandler</c> set server-wide (<see cref="ApachePass.ServerWide"/>: php.conf's <c>&lt;FilesMatch \.php$&gt;</c>)
    /// in the main server or this front end's virtual host covers this front end's files too, its own section merged
    /// after it and so preferred (httpd's sections.html), so the pool it reaches is as much this site's as any other
    /// unreached one: two such pools are two candidates, and neither is certain.
    /// </summary>
    private static bool ReachedElsewhere(HostModel host, BackEnd backEnd, FrontEnd frontEnd)
    {
        var reaching = host.ReachedBy(backEnd);
        for (var i = 0; i < reaching.Count; i++)
        {
            if (!ServesOwnRequests(reaching[i], frontEnd))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="other"/> is a server-wide Apache handler of <paramref name="frontEnd"/>'s server
    /// (the main server's, which every virtual host inherits, or its own virtual host's).</summary>
    internal static bool ServesOwnRequests(FrontEnd other, FrontEnd frontEnd) => ApachePass.CoversServerOf(other, frontEnd);

    /// <summary>Any other target is judged only when nothing of unknown address could be listening there, and some back end
    /// that no front end reaches is there to compare with; at the rule's severity only when the configuration ties one of
    /// them to this front end (<see cref="SameApplication"/>), else as info.</summary>
    private static Verdict JudgeOther(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        var endpoint = target.Endpoint;
        if (WebServerListens.Covering(host, endpoint) is { } listens)
        {
            return new Verdict(frontEnd, target, [], null, null, string.Empty, false, listens);
        }

        // A back end whose address is unknown and that the root's links prove not started at boot (not enabled, nothing
        // enabled pulls it in) listens nowhere after the next boot: it hides nothing. Nor does a node app PM2 runs for an
        // AJP target: node speaks HTTP, and only a servlet container (Tomcat's connectors, read) answers AJP there.
        if (host.UnknownListeners.FirstOrDefault(u => u.BackEnd is not FpmPool && !(u.BackEnd is Host.Systemd.ServiceBackEnd { IsPhpFpm: true })
                && !(u.BackEnd is Host.Pm2.Pm2BackEnd { RunsNode: true } && frontEnd.Protocol == BackendProtocol.Ajp)
                && !(u.BackEnd is { } unknown && ProvenDisabled(host, unknown))) is { Why: { } why })
        {
            return new Verdict(frontEnd, target, [], null, null, string.Empty, false, $"a back end's address is unknown ({why})");
        }

        if (host.UnreadProgramNaming(endpoint, ownFolders: true, out var namer) is { } naming)
        {
            // The program that names the target, tied to this front end, whose unit is proven not started at boot: said as
            // a read service would be (CL001's "not enabled").
            // Where nothing ties it to the site, its own words naming the target are the tie, if no other program's name it
            // (a second instance's unit, MOBILIZON_INSTANCE_PORT=4001, left unlinked from multi-user.target.wants).
            var off = namer is { Daemon: true, Unit: not null, Enablement: ConfLint.Workspace.Systemd.UnitEnablement.Disabled }
                && (SameApplication.UnreadTie(host, frontEnd, namer) ?? (ReferenceEquals(host.OnlyUnreadProgramNamingOutright(endpoint), namer)
                    ? $"no other program's command line or environment names {endpoint.Describe()}" : null)) is { } tie
                ? (namer, tie) : ((UnreadProgram, string)?)null;
            return new Verdict(frontEnd, target, [], null, null, string.Empty, false, naming) { UnreadNotEnabled = off };
        }

        // A Debian uwsgi application's socket folder, or the socket = of its own file, for an application that is only in
        // apps-available: the init script never starts it (a mistake of its own, whatever else listens on the host).
        if (DebianUwsgiTargets.NotEnabled(host, endpoint, out var names) is { } notEnabled)
        {
            var proven = notEnabled.EnabledKnown;
            return new Verdict(frontEnd, target, [], null, null, $"nothing on this host listens there: {notEnabled.File}" + (names is null ? string.Empty : $", whose {names},")
                + " is not enabled (no file of its name in /etc/uwsgi/apps-enabled), so Debian's uwsgi init script never starts it"
                + (proven ? string.Empty : "; the root shows no file in /etc/uwsgi/apps-enabled, so the link a deployment makes may be missing from the tree only"), proven, NotEnabled: notEnabled);
        }

        var candidates = new List<BackEnd>();
        // Enabled back ends first: one the root's links prove not started at boot is the less likely one meant.
        foreach (var (backEnd, _, _) in StableSort.Sorted(
            Unreached(host).Where(b => Compatible(frontEnd.Protocol, b) && !PublishesNonWebPorts(b))
                .Select(b => (BackEnd: b, Distance: Distance(Closest(b, endpoint, host).Endpoint, endpoint), Disabled: ProvenDisabled(host, b))),
            (a, b) => a.Disabled != b.Disabled ? a.Disabled.CompareTo(b.Disabled)
                : a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.BackEnd.Name, b.BackEnd.Name)))
        {
            candidates.Add(backEnd);
        }

        // The host's own Apache where the configuration ties one of its listens to this front end (nginx in front of
        // Apache, the two ports drifted apart).
        candidates.AddRange(ApacheBackEnds.Tied(host, frontEnd));

        // Another server of the host's own nginx, reached by no proxy, that the configuration ties to this front end (the
        // TLS site still sends to 8080 where LibreTime's installer moved its site to 8081).
        candidates.AddRange(NginxServerBackEnds.Tied(host, frontEnd, endpoint));

        // A packaged socket unit of a program ConfLint does not read (cockpit.socket moved by a drop-in to 9091) only where
        // the configuration ties it to this front end by name: docker.socket is never offered to a site that names it not.
        foreach (var packaged in PackagedSockets(host))
        {
            if (SameApplication.Evidence(host, frontEnd, packaged) is not null)
            {
                candidates.Add(packaged);
            }
        }

        // The one back end the socket's folder belongs to (SocketFolderOwners: its own socket's folder, its unit's
        // RuntimeDirectory=, Debian's /run/uwsgi/app/NAME), whether or not another front end reaches it: the target drifted
        // from its socket, since nothing else makes one there.
        var owner = SocketFolderOwners.Of(host, frontEnd, target);
        if (owner is { } owned && !candidates.Contains(owned.BackEnd))
        {
            candidates.Insert(0, owned.BackEnd);
        }

        // The one back end whose socket has the target's file name, an application's own, in another folder
        // (SocketFileNames: pulpcore-content.sock), whether or not another front end reaches it: the file name is that
        // application's, as a folder of its own is.
        var namesake = SocketFileNames.Namesake(host, endpoint) is { } sameName && Compatible(frontEnd.Protocol, sameName.BackEnd)
            && !IsPackageInfrastructure(sameName.BackEnd) && !PublishesNonWebPorts(sameName.BackEnd) ? sameName : ((BackEnd BackEnd, EndpointSite Listener)?)null;
        if (namesake is { } byName && !candidates.Contains(byName.BackEnd))
        {
            candidates.Insert(owner is null ? 0 : 1, byName.BackEnd);
        }

        // The back ends with a listener at the target's port on another address that no front end reaches (gunicorn bound
        // to 127.0.0.1:8001 and [::1]:8002, a second site sent to 127.0.0.1:8002; Tomcat's AJP connector on ::1 and
        // ProxyPass ajp://127.0.0.1:8009): first, whether or not a front end reaches them at another port.
        var samePort = AtPortElsewhere(host, frontEnd, target);
        for (var s = samePort.Count - 1; s >= 0; s--)
        {
            candidates.Remove(samePort[s].BackEnd);
            candidates.Insert(0, samePort[s].BackEnd);
        }

        // A candidate whose address a program ConfLint does not read names (oauth2-proxy's upstreams, an Anubis TARGET=) is
        // reached through that program: the program may be what listens at the target, in front of it.
        string? through = null;
        for (var c = candidates.Count - 1; c >= 0; c--)
        {
            if (NamedByUnreadProgram(host, candidates[c]) is { } chain)
            {
                through ??= $"{candidates[c].Describe()} may be reached through another program: {chain}";
                candidates.RemoveAt(c);
            }
        }

        // A program ConfLint does not read, tied to this front end, whose main listen option gives an address no front end
        // reaches (alertmanager.service moved to --web.listen-address=127.0.0.1:9094, location /alertmanager/ still at
        // 9093; ledgersmb_starman.service, run from the folder nginx serves UI/ of, moved to --listen localhost:5772): the
        // one the target was likely meant for, ranked above the untied back ends ConfLint reads and any web server.
        // A tie by a part of the name only counts where no other program is tied otherwise (the test instance's unit, named
        // for the application too, beside production's run from the folder the site serves).
        var unreadTied = new List<(BackEnd Candidate, string? Evidence)>();
        var weakOnly = true;
        foreach (var unread in UnreadListening(host))
        {
            if (SameApplication.UnreadCandidateTie(host, frontEnd, unread, endpoint) is var (tie, weak))
            {
                if (!weak && weakOnly)
                {
                    unreadTied.Clear();
                    weakOnly = false;
                }

                if (weak == weakOnly && !(weak && TiedToAnother(host, frontEnd, unread)))
                {
                    unreadTied.Add((unread, $"{tie}, and its {unread.Listeners[0].Note}"));
                }
            }
        }

        samePort.RemoveAll(s => !candidates.Contains(s.BackEnd));
        candidates.InsertRange(0, unreadTied.Select(u => u.Candidate));
        // A back end that may listen on ports ConfLint cannot read, on the target's host (Nexus's repository connectors,
        // kept in its database): the target may be one of them.
        var more = MayListenMore(host, endpoint);
        if (candidates.Count == 0)
        {
            return new Verdict(frontEnd, target, [], null, null, string.Empty, false, through
                ?? (more is { } other ? $"{other.BackEnd.Describe()} may listen there: {other.Why}"
                    : NoneLeftToCompare));
        }

        // A program ConfLint does not read whose own configuration file is not in the root may listen there: the finding
        // is info, and no back end is named as meant.
        if (host.UnreadProgramWithUnseenFile(program => UnreadSocketBinders.MayBind(host, program, endpoint)) is { } unseen)
        {
            return new Verdict(frontEnd, target, candidates, null, null, $"no back end ConfLint reads listens there, and {unseen}{MayListenThere}", Proven: false);
        }

        // So may one whose address nothing in the root names and that the front end is named for (location /rstudio/
        // and rstudio-server.service, whose rserver reads its port from its own file by itself): a back end ConfLint reads
        // that is named like the site is then no proof of which program the site was meant for.
        // Where that program is the only one so named and its unit is proven not started at boot, the finding says so
        // (after the next boot it listens nowhere), as for a program whose words name the target.
        if (SameApplication.UnreadProgramNamed(host, frontEnd, out var named) is { } anywhere)
        {
            return new Verdict(frontEnd, target, candidates, null, null, $"no back end ConfLint reads listens there, and {anywhere}{MayListenThere}", Proven: false)
            {
                UnreadNotEnabled = named is ({ Daemon: true, Unit: not null, Enablement: ConfLint.Workspace.Systemd.UnitEnablement.Disabled } program, var part)
                    ? (program, $"named for '{part}' as the front end is") : null,
            };
        }

        var tied = unreadTied.Concat(candidates.Where(c => c is not UnreadBackEnd).Select(c => (Candidate: c, Evidence: SameApplication.Evidence(host, frontEnd, c))).Where(c => c.Evidence is not null)).ToList();
        var certain = true;
        // A target in the form of Debian's uwsgi sockets names its application: the one it is meant for, where that
        // application is a candidate (no other front end reaches it) and no other evidence names another back end.
        if (DebianUwsgiTargets.Meant(host, target) is { } debian && candidates.Contains(debian.App))
        {
            var index = tied.FindIndex(t => ReferenceEquals(t.Candidate, debian.App));
            if (index >= 0)
            {
                tied[index] = (debian.App, debian.Evidence);
            }
            else
            {
                tied.Insert(0, (debian.App, debian.Evidence));
            }

            certain = debian.Certain;
        }

        // The folder's owner is tied by it (its own tie, where SameApplication finds one, is kept).
        if (owner is { } folderOwner && candidates.Contains(folderOwner.BackEnd) && tied.FindIndex(t => ReferenceEquals(t.Candidate, folderOwner.BackEnd)) < 0)
        {
            tied.Insert(0, (folderOwner.BackEnd, folderOwner.Evidence));
        }

        // So is the namesake, by its file name; an exact file name goes before a folder (the folder may be a sibling's).
        if (namesake is { } nameSays && candidates.Contains(nameSays.BackEnd))
        {
            var said = SocketFileNames.Evidence(nameSays.Listener) + (host.ReachedBy(nameSays.BackEnd).Count == 0 ? ", and no front end reaches it" : string.Empty);
            var index = tied.FindIndex(t => ReferenceEquals(t.Candidate, nameSays.BackEnd));
            if (index >= 0)
            {
                said = tied[index].Evidence + "; " + said;
                tied.RemoveAt(index);
            }

            tied.Insert(0, (nameSays.BackEnd, said));
        }

        // A listener at the target's port on another address ties its back end, where no program ConfLint does not read
        // may listen at the target instead (then it is only the first candidate). Two such listeners of one back end leave
        // which one was meant unknown; two back ends, which program.
        if (samePort.Count > 0 && UnreadAtUnknownAddress(host, frontEnd, endpoint) is null)
        {
            var backEnds = 0;
            for (var s = samePort.Count - 1; s >= 0; s--)
            {
                var (backEnd, listener) = samePort[s];
                if (s > 0 && ReferenceEquals(samePort[s - 1].BackEnd, backEnd))
                {
                    continue;
                }

                backEnds++;
                var index = tied.FindIndex(t => ReferenceEquals(t.Candidate, backEnd));
                if (index >= 0)
                {
                    tied.RemoveAt(index);
                }

                tied.Insert(0, (backEnd, SamePortEvidence(listener)));
            }

            certain = certain && backEnds == samePort.Count;
        }

        // Where a candidate speaks the front end's protocol, one known to speak only another is never the one offered (daphne's
        // HTTP socket beside uWSGI's own for a uwsgi_pass), and the closest are looked for among those that speak it first,
        // then those whose protocol is not known. A tie to a program whose protocol is not known (a service ConfLint does not
        // read, tied by the upstream's name or the location's path) still stands: a server that speaks HTTP is no better
        // evidence of which one was meant. The finding stands on any tie all the same: nothing listens at the target.
        var spoken = target.Protocol != BackendProtocol.Other ? target.Protocol : frontEnd.Protocol;
        var offered = tied;
        if (spoken != BackendProtocol.Other && candidates.Exists(c => SpeechOf(c, spoken) == Speech.Speaks))
        {
            offered = tied.FindAll(t => SpeechOf(t.Candidate, spoken) != Speech.OnlyOther);
            candidates = StableSort.Sorted(candidates, (a, b) => Rank(a).CompareTo(Rank(b)));
        }

        int Rank(BackEnd backEnd) => (int)SpeechOf(backEnd, spoken);

        var (meant, evidence) = offered.Count == 1 ? (offered[0].Candidate, offered[0].Evidence) : ((BackEnd?)null, (string?)null);
        // The file name says one back end and the folder another (the content app's socket name in the API's folder): the
        // file name goes first, and the fix is never certain; both are said.
        if (offered.Count == 2 && namesake is { } byFile && owner is { } byFolder && !ReferenceEquals(byFile.BackEnd, byFolder.BackEnd)
            && ReferenceEquals(offered[0].Candidate, byFile.BackEnd) && ReferenceEquals(offered[1].Candidate, byFolder.BackEnd))
        {
            var sibling = ReachedBySibling(host, frontEnd, byFolder.BackEnd, endpoint);
            (meant, evidence) = (byFile.BackEnd, $"{offered[0].Evidence}; but the target's folder is that of {byFolder.BackEnd.Describe()} ({offered[1].Evidence})"
                + (sibling is null ? string.Empty : $", which {sibling.DirectiveName} {sibling.Target.Text} of the same server already reaches"));
            certain = false;
        }

        // A back end another front end of the same server already reaches (upstream pulp-api beside upstream pulp-content)
        // is seldom the one a second target of that server was meant for: where a back end no front end reaches is a
        // candidate too, it is never certain, and both are said.
        if (meant is not null && certain && ReachedBySibling(host, frontEnd, meant, endpoint) is { } reaching
            && candidates.FirstOrDefault(c => !ReferenceEquals(c, meant) && host.ReachedBy(c).Count == 0) is { } free)
        {
            evidence += $"; but {reaching.DirectiveName} {reaching.Target.Text} of the same server already reaches it, and {free.Describe()} is reached by no front end";
            certain = false;
        }

        // The folder's owner makes several sockets of the front end's protocol there (or, with none there, several
        // listeners): which one the target was is not known.
        if (owner is { Certain: false } several && ReferenceEquals(meant, several.BackEnd))
        {
            certain = false;
        }

        // Where such a back end may be what listens there, the target is judged only when the configuration ties it to
        // another back end, or the back end's own files name the target's port for the listener ConfLint reads, a port it
        // has moved from (Nexus's commented default application-port): then it was meant for that listener.
        var former = false;
        if (more is { } extra && (meant is null || ReferenceEquals(meant, extra.BackEnd)))
        {
            if (!candidates.Contains(extra.BackEnd) || FormerPort(host, extra.BackEnd, endpoint) is not { } moved)
            {
                return new Verdict(frontEnd, target, [], null, null, string.Empty, false, $"{extra.BackEnd.Describe()} may listen there: {extra.Why}");
            }

            (meant, evidence, former) = (extra.BackEnd, $"its own files name port {moved.Port} for the listener it has moved: {moved.Setting}", true);
        }

        // What else a program ConfLint does not read listens on is not known: pointing the site at it is never certain. Nor
        // is a server of the host's own nginx tied only by being the one left (an internal page on the loopback fits too).
        certain = certain && meant is not UnreadBackEnd && !(meant is NginxServerBackEnd && ReferenceEquals(evidence, NginxServerBackEnds.ByElimination));
        var ordered = offered.Select(t => t.Candidate).Concat(candidates.Except(offered.Select(t => t.Candidate))).ToList();
        if (former)
        {
            ordered.Remove(meant!);
            ordered.Insert(0, meant!);
        }
        // Nothing is said to listen nowhere while a program ConfLint does not read may listen anywhere: where one could be
        // there, only the back ends ConfLint reads are ruled out. Where the configuration ties a back end to the front end
        // (the finding stands on that tie), the program is not named: it is seldom the one, and a guess would crowd the words.
        // A back end that may listen on ports ConfLint cannot read is not said to be nowhere there.
        var what = former ? "no back end ConfLint reads listens there"
            : UnreadAtUnknownAddress(host, frontEnd, endpoint) is not { } elsewhere ? "nothing on this host listens there"
            : tied.Count > 0 ? "no back end ConfLint reads listens there"
            : $"no back end ConfLint reads listens there, and {elsewhere.Who} runs a program ConfLint does not read, and ConfLint does not read where it listens{MayListenThere}";
        return new Verdict(frontEnd, target, ordered, meant, evidence, what, Proven: tied.Count > 0 || former, Certain: certain);
    }

    /// <summary>The listeners of back ends ConfLint reads at <paramref name="target"/>'s port on another address that no
    /// front end reaches (<see cref="AtPortElsewhere(HostModel, BackEnd, EndpointSite, Endpoint)"/>), speaking the front
    /// end's protocol where both are known, each with its back end; a back end's listeners one after another. Not a
    /// PHP-FPM pool (FastCGI targets are judged against every pool), a packaged socket unit, a database's published port,
    /// nor a back end the root's links prove not started at boot.</summary>
    private static List<(BackEnd BackEnd, EndpointSite Listener)> AtPortElsewhere(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        var found = new List<(BackEnd, EndpointSite)>();
        var endpoint = target.Endpoint;
        if (!WrittenAsAddress(endpoint) || !BoundByPort(host).TryGetValue(endpoint.Port, out var bound))
        {
            return found;
        }

        var spoken = target.Protocol != BackendProtocol.Other ? target.Protocol : frontEnd.Protocol;
        foreach (var (backEnd, listener) in bound)
        {
            var fits = listener.Protocol != BackendProtocol.Other ? spoken == BackendProtocol.Other || Understands(listener.Protocol, spoken) : Compatible(frontEnd.Protocol, backEnd);
            if (fits && !PublishesNonWebPorts(backEnd) && !ProvenDisabled(host, backEnd) && AtPortElsewhere(host, backEnd, listener, endpoint))
            {
                found.Add((backEnd, listener));
            }
        }

        return found;
    }

    /// <summary>The TCP listeners on one address written as such (no wildcard, no name), by port: the back ends
    /// <see cref="AtPortElsewhere(HostModel, FrontEnd, EndpointSite)"/> looks through (the same for every target).</summary>
    private static Dictionary<int, List<(BackEnd BackEnd, EndpointSite Listener)>> BoundByPort(HostModel host) =>
        host.Shared("UnmatchedTargets.BoundByPort", host, () =>
        {
            var byPort = new Dictionary<int, List<(BackEnd, EndpointSite)>>();
            foreach (var backEnd in host.BackEnds)
            {
                if (backEnd is FpmPool || IsPackageInfrastructure(backEnd) || backEnd.ContainerNetwork is not null)
                {
                    continue;
                }

                foreach (var listener in backEnd.Listeners)
                {
                    if (WrittenAsAddress(listener.Endpoint))
                    {
                        var list = byPort.TryGetValue(listener.Endpoint.Port, out var existing) ? existing : byPort[listener.Endpoint.Port] = [];
                        list.Add((backEnd, listener));
                    }
                }
            }

            return byPort;
        });

    /// <summary>
    /// Whether <paramref name="listener"/> of <paramref name="backEnd"/> is at <paramref name="target"/>'s port on another
    /// address, both written as addresses, and no front end reaches the back end at that port
    /// (<see cref="ListenerReached"/>): then the target was meant for it. A socket bound to one address takes no connection
    /// made to another: Linux looks an incoming connection up among the listeners bound to its destination address or to
    /// the wildcard (inet_hashtables.c, inet6_hashtables.c), and an IPv6 socket takes IPv4 connections only where it is
    /// bound to <c>::</c>; so gunicorn bound to <c>[::1]:8002</c> (an AF_INET6 socket: gunicorn/sock.py) or Tomcat's
    /// connector with <c>address="::1"</c> (NioEndpoint.initServerSocket binds the connector's address) refuses a connection to 127.0.0.1:8002. A target written as a name is left
    /// out: nginx and mod_proxy try each address it resolves to (<see cref="HostModel.Providers"/>).
    /// </summary>
    internal static bool AtPortElsewhere(HostModel host, BackEnd backEnd, EndpointSite listener, Endpoint target) =>
        listener.Endpoint.Kind == EndpointKind.Tcp && listener.Endpoint.Port == target.Port && listener.Endpoint.Host != target.Host
        && WrittenAsAddress(listener.Endpoint) && WrittenAsAddress(target) && !ListenerReached(host, backEnd, listener);

    /// <summary>
    /// Whether a program ConfLint does not read binds <paramref name="target"/>'s port on one other address only, written as
    /// an IP address (Starman's <c>--listen 192.168.10.21:5763</c> for a target <c>localhost:5763</c>; <c>--listen
    /// 127.0.0.1:5762</c> for <c>[::1]:5762</c>): a socket bound to one address takes no connection made to another
    /// (inet_hashtables.c, inet6_hashtables.c), and a target written as a name is refused at each address it resolves to
    /// (nginx and mod_proxy try them in turn). The program's own words then prove the target reaches nothing and tie the
    /// program to it, as a listener of a back end ConfLint reads does (<see cref="AtPortElsewhere(HostModel, BackEnd, EndpointSite, Endpoint)"/>).
    /// </summary>
    internal static bool BindsPortElsewhere(HostModel host, UnreadBackEnd candidate, Endpoint target)
    {
        if (candidate.Listeners is not [{ Endpoint: { Kind: EndpointKind.Tcp } bound }] || target.Kind != EndpointKind.Tcp || bound.Port != target.Port
            || bound.IsWildcardHost || bound.WrittenHost is not { } address || !Endpoint.IsIpAddress(address))
        {
            return false;
        }

        if (target.WrittenHost is { Length: > 0 } name && !Endpoint.IsIpAddress(name))
        {
            var resolved = host.Resolution.HostsAddresses(name);
            return resolved.Count > 0 && !resolved.Contains(bound.Host!);
        }

        return WrittenAsAddress(target) && bound.Host != target.Host;
    }

    /// <summary>A TCP address written as one IP address, not a wildcard nor a name (<c>localhost</c> included).</summary>
    private static bool WrittenAsAddress(Endpoint endpoint) =>
        endpoint.Kind == EndpointKind.Tcp && !endpoint.IsWildcardHost && endpoint.WrittenHost is { Length: > 0 } written && Endpoint.IsIpAddress(written);

    /// <summary>Why the target was meant for <paramref name="listener"/>, for the fix's words.</summary>
    private static string SamePortEvidence(EndpointSite listener) =>
        $"the target's port, {listener.Endpoint.Port}, is bound on {listener.Endpoint.Host}, where no front end reaches it";

    /// <summary>A back end ConfLint reads that may listen on more ports than it reads, on the target's host
    /// (<see cref="Host.Systemd.AppServer.MoreListeners"/>), and why; null for none. One the root's links prove not
    /// started at boot listens nowhere after the next one.</summary>
    private static (BackEnd BackEnd, string Why)? MayListenMore(HostModel host, Endpoint target)
    {
        if (target.Kind != EndpointKind.Tcp)
        {
            return null;
        }

        foreach (var (backEnd, listenHost, why) in MoreListening(host))
        {
            if (Endpoint.Tcp(listenHost, target.Port).Accepts(target))
            {
                return (backEnd, why);
            }
        }

        return null;
    }

    /// <summary>The back ends whose application server may listen on more than ConfLint reads (the same for every target).</summary>
    private static List<(BackEnd BackEnd, string Host, string Why)> MoreListening(HostModel host) =>
        host.Shared("UnmatchedTargets.MoreListening", host, () =>
        {
            var list = new List<(BackEnd, string, string)>();
            foreach (var backEnd in host.BackEnds)
            {
                if (backEnd is Host.Systemd.ServiceBackEnd && host.AppServerOf(backEnd)?.MoreListeners is (var listenHost, var why) && !ProvenDisabled(host, backEnd))
                {
                    list.Add((backEnd, listenHost, why));
                }
            }

            return list;
        });

    /// <summary>A port the back end's own files name for a listener of it that has moved, which is the target's
    /// (<see cref="Host.Systemd.AppServer.FormerPorts"/>); null where none is.</summary>
    internal static (int Port, Diagnostics.Location Location, string Setting)? FormerPort(HostModel host, BackEnd backEnd, Endpoint target)
    {
        if (target.Kind != EndpointKind.Tcp || host.AppServerOf(backEnd) is not { } server)
        {
            return null;
        }

        foreach (var former in server.FormerPorts)
        {
            if (former.Port == target.Port)
            {
                return former;
            }
        }

        return null;
    }

    /// <summary>Why something ConfLint does not read may listen at <paramref name="endpoint"/> too: a back end whose address is
    /// unknown, an unread program whose words or files name the address, or one that may serve HTTP at an address nothing
    /// read names (each unless the root's links prove it not started at boot); null when nothing unread may.</summary>
    internal static string? UnreadMayListen(HostModel host, Endpoint endpoint)
    {
        if (host.UnknownListeners.FirstOrDefault(u => u.BackEnd is not FpmPool && !(u.BackEnd is Host.Systemd.ServiceBackEnd { IsPhpFpm: true })
                && !(u.BackEnd is { } unknown && ProvenDisabled(host, unknown))) is { Why: { } why })
        {
            return $"a back end's address is unknown ({why})";
        }

        return host.UnreadProgramNaming(endpoint, ownFolders: true)
            ?? (UnreadAtUnknownAddress(host, endpoint) is { } program ? $"{program.Who} runs a program ConfLint does not read, and ConfLint does not read where it listens" : null);
    }

    /// <summary>As <see cref="UnreadAtUnknownAddress(HostModel)"/>, for a target: at a Unix socket, only a program that may
    /// bind that path (<see cref="UnreadSocketBinders.MayBind"/>: its words, environment or unit's folders name the path or
    /// its folder, the folder is named for it, or it belongs to no other application): pdns_server, whose words name no
    /// path, does not bind powerdnsadmin.socket's /run/powerdnsadmin/socket. Any such program at a TCP target.</summary>
    internal static UnreadProgram? UnreadAtUnknownAddress(HostModel host, Endpoint endpoint)
    {
        if (endpoint.Kind != EndpointKind.Unix)
        {
            return UnreadAtUnknownAddress(host);
        }

        foreach (var program in host.UnreadProgramsAtUnknownAddresses())
        {
            if (program is not { Unit: not null, Enablement: ConfLint.Workspace.Systemd.UnitEnablement.Disabled } && UnreadSocketBinders.MayBind(host, program, endpoint))
            {
                return program;
            }
        }

        return null;
    }

    /// <summary>The first program ConfLint does not read that may serve HTTP at an address nothing read names
    /// (<see cref="HostModel.UnreadProgramsAtUnknownAddresses"/>), unless the root's links prove its unit not started at
    /// boot (then it listens nowhere after the next one); null for none. The same for every target: found once.</summary>
    internal static UnreadProgram? UnreadAtUnknownAddress(HostModel host) =>
        host.Shared("UnmatchedTargets.UnreadAtUnknownAddress", host, static (HostModel model) =>
        {
            foreach (var program in model.UnreadProgramsAtUnknownAddresses())
            {
                if (program is not { Unit: not null, Enablement: ConfLint.Workspace.Systemd.UnitEnablement.Disabled })
                {
                    return new List<UnreadProgram> { program };
                }
            }

            return [];
        }) is [var first] ? first : null;

    /// <summary>As <see cref="UnreadAtUnknownAddress(HostModel)"/>, for one target: a program the configuration ties by
    /// name to other front ends only (<see cref="SameApplication.UnreadTie"/>: netdata.service and <c>location /netdata/</c>,
    /// which proxies to 127.0.0.1:19999), none of which reaches <paramref name="endpoint"/>, is where those front ends
    /// point, not a program that may listen at this one's target.</summary>
    internal static UnreadProgram? UnreadAtUnknownAddress(HostModel host, FrontEnd frontEnd, Endpoint endpoint)
    {
        var ties = UnreadTies(host);
        foreach (var program in host.UnreadProgramsAtUnknownAddresses())
        {
            if (program is { Unit: not null, Enablement: Workspace.Systemd.UnitEnablement.Disabled } || !UnreadSocketBinders.MayBind(host, program, endpoint))
            {
                continue;
            }

            if (ties.TryGetValue(program, out var tied) && TiedElsewhereOnly(tied, frontEnd, endpoint))
            {
                continue;
            }

            return program;
        }

        return null;
    }

    private static bool TiedElsewhereOnly(List<FrontEnd> tied, FrontEnd frontEnd, Endpoint endpoint)
    {
        foreach (var other in tied)
        {
            if (ReferenceEquals(other, frontEnd))
            {
                return false;
            }

            foreach (var target in other.Targets)
            {
                if (target.Endpoint.Kind == endpoint.Kind && (target.Endpoint.Accepts(endpoint) || endpoint.Accepts(target.Endpoint)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The front ends each program of <see cref="HostModel.UnreadProgramsAtUnknownAddresses"/> is tied to by name or
    /// path (<see cref="SameApplication.UnreadTie"/>); a program tied to none is left out. Found once.</summary>
    private static Dictionary<UnreadProgram, List<FrontEnd>> UnreadTies(HostModel host) =>
        host.Shared("UnmatchedTargets.UnreadTies", host, () =>
        {
            var ties = new Dictionary<UnreadProgram, List<FrontEnd>>(ReferenceEqualityComparer.Instance);
            foreach (var program in host.UnreadProgramsAtUnknownAddresses())
            {
                foreach (var frontEnd in host.FrontEnds)
                {
                    if (SameApplication.UnreadTie(host, frontEnd, program) is not null)
                    {
                        if (!ties.TryGetValue(program, out var list))
                        {
                            ties[program] = list = [];
                        }

                        list.Add(frontEnd);
                    }
                }
            }

            return ties;
        });

    /// <summary>The programs ConfLint does not read that may serve HTTP and whose main listen option, on their command line
    /// or in their environment (<see cref="UnreadProgramFiles.MainListen"/>), gives an address no front end reaches: each as a
    /// back end listening there (the same for every target).</summary>
    private static List<UnreadBackEnd> UnreadListening(HostModel host) =>
        host.Shared("UnmatchedTargets.UnreadListening", host, () =>
        {
            var list = new List<UnreadBackEnd>();
            foreach (var program in host.UnreadPrograms)
            {
                if (program is not { File: { } file, At: { } at, Words.Count: > 0 } || !HostModel.MayServe(program)
                    || UnreadProgramFiles.MainListen(program.Words, program.Name) is not { } main
                    || host.FrontEnds.Any(f => f.Targets.Any(t => main.Endpoint.Accepts(t.Endpoint))))
                {
                    continue;
                }

                var where = main.Variable is { } variable && program.EnvironmentAt?.GetValueOrDefault(variable) is { } set ? set : at;
                var backEnd = new UnreadBackEnd(program, file);
                backEnd.Listeners.Add(new EndpointSite(main.Endpoint, file, where, null)
                {
                    Note = main.Variable is null ? $"command line says '{main.Word}'" : $"environment says '{main.Word}'",
                });
                list.Add(backEnd);
            }

            return list;
        });

    /// <summary>Whether another front end is tied to <paramref name="unread"/> otherwise than by a part of its name (its
    /// working folder holds what that server serves, its port on another address): the program is that site's, and a
    /// shared part of the name says nothing of this one. Asked only for a tie by name; each program's front ends are found
    /// once.</summary>
    private static bool TiedToAnother(HostModel host, FrontEnd frontEnd, UnreadBackEnd unread)
    {
        var tied = host.Shared("UnmatchedTargets.StrongUnreadTies", host, () => new System.Collections.Concurrent.ConcurrentDictionary<UnreadProgram, List<FrontEnd>>(ReferenceEqualityComparer.Instance))
            .GetOrAdd(unread.Program, _ =>
            {
                var list = new List<FrontEnd>();
                foreach (var other in host.FrontEnds)
                {
                    foreach (var target in other.Targets)
                    {
                        if (SameApplication.UnreadCandidateTie(host, other, unread, target.Endpoint) is (_, false))
                        {
                            list.Add(other);
                            break;
                        }
                    }
                }

                return list;
            });
        return tied.Exists(other => !ReferenceEquals(other, frontEnd));
    }

    /// <summary>Whether the root's links prove the service that runs <paramref name="backEnd"/> not started at boot
    /// (<see cref="ConfLint.Workspace.Systemd.UnitEnablement.Disabled"/>), or the socket unit it is (<see cref="Host.Systemd.SocketStarts"/>).</summary>
    private static bool ProvenDisabled(HostModel host, BackEnd backEnd) =>
        backEnd is Host.Systemd.SocketBackEnd { Starts: ConfLint.Workspace.Systemd.UnitEnablement.Disabled }
        || host.ServiceOf(backEnd) is { Enablement: ConfLint.Workspace.Systemd.UnitEnablement.Disabled };

    /// <summary>The first unread program's words that name one of the back end's addresses, said; null when none does.</summary>
    private static string? NamedByUnreadProgram(HostModel host, BackEnd backEnd)
    {
        foreach (var listener in backEnd.Listeners)
        {
            if (host.UnreadProgramNaming(listener.Endpoint.Kind == EndpointKind.Tcp && listener.Endpoint.IsWildcardHost ? Endpoint.Tcp("127.0.0.1", listener.Endpoint.Port) : listener.Endpoint) is { } naming)
            {
                return naming;
            }
        }

        return null;
    }

    /// <summary>The back ends of the host's own network (not a container's: <see cref="BackEnd.ContainerNetwork"/>) other than
    /// pools that listen and that no front end reaches (the same for every target). A
    /// socket unit a package ships whose service ConfLint does not read as a web or FastCGI server (docker.socket's
    /// Engine API, dbus, systemd's own) is not one a proxy is meant to reach: offering it would point a site at a
    /// root-equivalent API.</summary>
    /// <remarks>A back end reached only at a port another back end of another service claims too (Metabase and Grafana
    /// both set to 127.0.0.1:3000) is counted as unreached as well: only one of them holds the port, and the other's site
    /// may be the one whose target drifted. So is a program whose listeners are separate servers (MinIO's S3 API and console)
    /// with one of them unreached: a site may have lost the console while another reaches the API.</remarks>
    private static List<BackEnd> Unreached(HostModel host) =>
        host.Shared("UnmatchedTargets.Unreached", host, () => host.BackEnds
            .Where(b => b is not FpmPool && b.Listeners.Count > 0 && b.ContainerNetwork is null && (host.ReachedBy(b).Count == 0 || OnlyThroughRival(host, b) || (SeparateServers(b) && b.Listeners.Any(l => !ListenerReached(host, b, l))))
                && !IsPackageInfrastructure(b)).ToList());

    /// <summary>Whether each address the back end is reached at is claimed by another back end of another service, so
    /// that the front ends reaching it there may be reaching the other.</summary>
    private static bool OnlyThroughRival(HostModel host, BackEnd backEnd)
    {
        var service = host.ServiceOf(backEnd);
        foreach (var frontEnd in host.ReachedBy(backEnd))
        {
            foreach (var target in frontEnd.Targets)
            {
                var providers = host.Providers(target.Endpoint);
                if (!providers.Any(p => ReferenceEquals(p, backEnd)))
                {
                    continue;
                }

                if (!providers.Any(p => !ReferenceEquals(p, backEnd) && p is not FpmPool && (service is null || !ReferenceEquals(host.ServiceOf(p), service))))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The packaged socket units left out of <see cref="Unreached"/> that no front end reaches.</summary>
    private static List<BackEnd> PackagedSockets(HostModel host) =>
        host.Shared("UnmatchedTargets.PackagedSockets", host, () => host.BackEnds
            .Where(b => b.Listeners.Count > 0 && host.ReachedBy(b).Count == 0 && IsPackageInfrastructure(b)).ToList());

    private static bool IsPackageInfrastructure(BackEnd backEnd) =>
        backEnd is Host.Systemd.SocketBackEnd { Protocol: BackendProtocol.Other } socket
        && (socket.File.ServerPath.StartsWith("/lib/systemd/", StringComparison.Ordinal) || socket.File.ServerPath.StartsWith("/usr/lib/systemd/", StringComparison.Ordinal));

    /// <summary>Whether a FastCGI target is PHP's: its address, or the location or section around it, names PHP (for
    /// HAProxy, the backend's fcgi-app and the routing conditions: <see cref="FrontEndSurroundings.Patterns"/>).</summary>
    private static bool ForPhp(FrontEnd frontEnd, EndpointSite target) =>
        new[] { target.Endpoint.Text, frontEnd.Target.Text }.Concat(FrontEndSurroundings.Patterns(frontEnd))
            .Any(t => t.Contains("php", StringComparison.OrdinalIgnoreCase) || t.Contains("fpm", StringComparison.OrdinalIgnoreCase));

    /// <summary>The container ports of services no proxy speaks to: a database's, a cache's, a mail server's (mailcow's
    /// Compose file publishes Redis on 127.0.0.1:7654 and MySQL on 127.0.0.1:13306). Such a published port still answers
    /// a connection, but is never the back end a web front end was meant for.</summary>
    private static readonly HashSet<int> NonWebPorts = [21, 22, 25, 110, 143, 389, 465, 587, 636, 993, 995, 1433, 1521, 2379, 3306, 4190, 5432, 5672, 6379, 9042, 11211, 27017];

    /// <summary>A Compose service that publishes a container port of <see cref="NonWebPorts"/>: a database, cache or mail
    /// server (mailcow's dovecot publishes IMAP, ManageSieve and doveadm's API); left out as a candidate, which can only
    /// leave a target unjudged.</summary>
    private static bool PublishesNonWebPorts(BackEnd backEnd) =>
        backEnd is Host.Compose.ComposeBackEnd compose && compose.Service.Ports.Any(p => p.Published is not null && NonWebPorts.Contains(p.Target));

    /// <summary>Whether a front end speaking <paramref name="frontEnd"/> gets answers from the back end at all (HTTP to a
    /// FastCGI pool does not: CL001 says so, and no limit of the pool's is the front end's).</summary>
    internal static bool Compatible(BackendProtocol frontEnd, BackEnd backEnd) =>
        backEnd.Protocol == BackendProtocol.Other || frontEnd == BackendProtocol.Other || backEnd.Protocol == frontEnd
        || (frontEnd == BackendProtocol.Grpc && backEnd.Protocol == BackendProtocol.Http);

    /// <summary>What <paramref name="backEnd"/>'s listeners are known to speak, for a front end speaking
    /// <paramref name="spoken"/>: <see cref="Speech.Speaks"/> where one is known to speak it (a PHP-FPM pool FastCGI),
    /// <see cref="Speech.OnlyOther"/> where every one is known to speak another, <see cref="Speech.Unknown"/> otherwise
    /// (no listener, or one whose protocol is not known).</summary>
    private static Speech SpeechOf(BackEnd backEnd, BackendProtocol spoken)
    {
        var verdict = backEnd.Listeners.Count == 0 ? Speech.Unknown : Speech.OnlyOther;
        foreach (var listener in backEnd.Listeners)
        {
            var protocol = TargetMoves.ProtocolOf(backEnd, listener);
            if (protocol == BackendProtocol.Other)
            {
                verdict = Speech.Unknown;
            }
            else if (Understands(protocol, spoken))
            {
                return Speech.Speaks;
            }
        }

        return verdict;
    }

    /// <summary>A back end's protocol against the front end's, in the order move-fix candidates are ranked.</summary>
    private enum Speech
    {
        Speaks,
        Unknown,
        OnlyOther,
    }

    /// <summary>The listener of <paramref name="backEnd"/> nearest <paramref name="target"/>; with <paramref name="host"/>
    /// given, one at the target's port on another address that no front end reaches, where there is one
    /// (<see cref="AtPortElsewhere(HostModel, BackEnd, Endpoint)"/>), and for a program whose listeners are separate servers
    /// (<see cref="Host.Systemd.AppServer.SeparateServers"/>), one that no front end reaches where there is one: MinIO's
    /// console, not its S3 API that a site already uses. With <paramref name="protocol"/> known, only the listeners that
    /// speak it are looked at where some do and others speak another (a Tomcat's AJP connector for an <c>ajp://</c>
    /// target, not its HTTP one).</summary>
    public static EndpointSite Closest(BackEnd backEnd, Endpoint target, HostModel? host = null, BackendProtocol protocol = BackendProtocol.Other)
    {
        if (backEnd.Listeners.Count == 1)
        {
            return backEnd.Listeners[0];
        }

        var speaking = protocol == BackendProtocol.Other ? null
            : backEnd.Listeners.Where(l => l.Protocol == protocol).ToList() is { Count: > 0 } same && same.Count < backEnd.Listeners.Count ? same : null;
        if (host is not null && AtPortElsewhere(host, backEnd, target) is { Count: > 0 } samePorts)
        {
            return samePorts.FirstOrDefault(l => speaking is null || speaking.Contains(l)) ?? samePorts[0];
        }

        var listeners = host is not null && SeparateServers(backEnd) && backEnd.Listeners.Where(l => !ListenerReached(host, backEnd, l)).ToList() is { Count: > 0 } free
            ? free
            : (IReadOnlyList<EndpointSite>?)speaking ?? backEnd.Listeners;
        return listeners.MinBy(l => Distance(l.Endpoint, target))!;
    }

    /// <summary>The listeners of <paramref name="backEnd"/> a front end could be pointed at instead of
    /// <paramref name="target"/>, nearest first (the first is <see cref="Closest"/>'s): those at the target's port on another
    /// address that no front end reaches, where there are any (the target was meant for one of them); for a program whose
    /// listeners are separate servers, those no front end reaches where there are any.</summary>
    internal static List<EndpointSite> ByDistance(BackEnd backEnd, Endpoint target, HostModel host)
    {
        if (AtPortElsewhere(host, backEnd, target) is { Count: > 0 } samePort)
        {
            return samePort;
        }

        var listeners = SeparateServers(backEnd) && backEnd.Listeners.Where(l => !ListenerReached(host, backEnd, l)).ToList() is { Count: > 0 } free
            ? free
            : backEnd.Listeners.ToList();
        return StableSort.Sorted(listeners.Select(l => (Listener: l, Distance: Distance(l.Endpoint, target))), (a, b) => a.Distance.CompareTo(b.Distance))
            .Select(l => l.Listener).ToList();
    }

    /// <summary>The listeners of <paramref name="backEnd"/> at the target's port on another address that no front end
    /// reaches (<see cref="AtPortElsewhere(HostModel, BackEnd, EndpointSite, Endpoint)"/>): the only ones the target can
    /// have been meant for, where there are any.</summary>
    internal static List<EndpointSite> AtPortElsewhere(HostModel host, BackEnd backEnd, Endpoint target)
    {
        var found = new List<EndpointSite>();
        if (!WrittenAsAddress(target))
        {
            return found;
        }

        foreach (var listener in backEnd.Listeners)
        {
            if (AtPortElsewhere(host, backEnd, listener, target))
            {
                found.Add(listener);
            }
        }

        return found;
    }

    private static bool SeparateServers(BackEnd backEnd) => backEnd is Host.Systemd.ServiceBackEnd { Server.SeparateServers: true };

    /// <summary>Whether a front end reaching <paramref name="backEnd"/> has a target at this listener's port or socket.</summary>
    internal static bool ListenerReached(HostModel host, BackEnd backEnd, EndpointSite listener) =>
        host.ReachedBy(backEnd).Any(f => f.Targets.Any(t => t.Endpoint.Kind == listener.Endpoint.Kind
            && (t.Endpoint.Kind == EndpointKind.Tcp ? t.Endpoint.Port == listener.Endpoint.Port : t.Endpoint.CanonicalPath == listener.Endpoint.CanonicalPath)));

    /// <summary>Another front end of <paramref name="frontEnd"/>'s server (the same nginx <c>server</c> block, the same
    /// Apache virtual host or main server) that reaches <paramref name="backEnd"/> at the listener a fix would point to
    /// (<see cref="Closest"/>); null for none.</summary>
    internal static FrontEnd? ReachedBySibling(HostModel host, FrontEnd frontEnd, BackEnd backEnd, Endpoint target)
    {
        var listener = Closest(backEnd, target, host).Endpoint;
        var reaching = host.ReachedBy(backEnd);
        for (var i = 0; i < reaching.Count; i++)
        {
            var other = reaching[i];
            if (ReferenceEquals(other, frontEnd) || !SameServer(other, frontEnd))
            {
                continue;
            }

            foreach (var each in other.Targets)
            {
                if (listener.Accepts(each.Endpoint))
                {
                    return other;
                }
            }
        }

        return null;
    }

    private static bool SameServer(FrontEnd a, FrontEnd b) => (a.Details, b.Details) switch
    {
        (Host.Nginx.NginxPass { Scope.Server: { } x }, Host.Nginx.NginxPass { Scope.Server: { } y }) => ReferenceEquals(x, y),
        (ApachePass x, ApachePass y) => ReferenceEquals(x.Instance, y.Instance) && ReferenceEquals(x.VirtualHost, y.VirtualHost),
        _ => false,
    };

    /// <summary>Sockets by their file name and folder apart (<see cref="SocketFileNames.Tier"/>: an application's own file
    /// name first, then the folder), then by spelling (edit distance of the paths, <c>/var/run</c> as <c>/run</c>); ports
    /// by host and then by how far apart they are.</summary>
    private static int Distance(Endpoint a, Endpoint b)
    {
        if (a.Kind != b.Kind)
        {
            return 100_000;
        }

        if (a.Kind == EndpointKind.Tcp)
        {
            var host = a.Host == b.Host || a.IsWildcardHost ? 0 : 50_000;
            return host + Math.Min(Math.Abs(a.Port - b.Port), 49_999);
        }

        var x = a.CanonicalPath ?? string.Empty;
        var y = b.CanonicalPath ?? string.Empty;
        return SocketFileNames.Tier(x, y) * 10_000 + Math.Min(EditDistance.Between(x, y), 9_999);
    }

}
