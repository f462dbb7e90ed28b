using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Host.PhpFpm;
using ConfLint.Rules.Support;
using ConfLint.Units;

namespace ConfLint.Rules;

public sealed partial class CL006ShortUpstreamTimeout : Rule<CL006ShortUpstreamTimeout.Options>
{
    /// <param name="Min">The shortest read timeout accepted whatever the back end's limit.</param>
    /// <param name="Margin">How much longer than the back end's limit the fix makes the proxy wait.</param>
    public sealed record Options(Duration Min, Duration Margin);

    /// <summary>The longest a back end lets one request run, what sets it, and where (null for a program's default).</summary>
    internal sealed record Limit(Duration Value, string BackEnd, string Setting, Location? Location)
    {
        /// <summary>What one finding stands for: the place that sets the limit (the processes of one supervisord program
        /// share it), else the back end.</summary>
        public object Key => Location is { } at ? (at.Path, at.Span) : BackEnd;

        /// <summary>More places the message stands on (the inner nginx server a chain of web servers reaches:
        /// <see cref="ChainedLimit"/>).</summary>
        public IReadOnlyList<RelatedLocation> Also { get; init; } = [];

        /// <summary>Why a raise to this limit is a choice rather than the one outcome the evidence allows; null where it is.</summary>
        public string? Advice { get; init; }

        /// <summary>Not a back end's limit but how long an inner proxy waits, with nothing known behind it (an inner nginx's
        /// explicit read timeout whose back end's limit is not known: <see cref="InnerWait"/>): worth saying, no proof that
        /// a request runs that long, so at most info.</summary>
        public bool Informational { get; init; }

        /// <summary>The limit of the back end a target is meant for, which it does not reach (CL001).</summary>
        public bool Intended { get; init; }
    }

    /// <summary>The back ends a front end reaches; for a target nothing listens on (CL001), the one the evidence says it is
    /// meant for, named so in the message.</summary>
    private static IEnumerable<(BackEnd BackEnd, bool Intended)> Reached(HostModel host, FrontEnd frontEnd, List<string> notes)
    {
        // Indexed loops over the read-only lists: a foreach through the interface boxes an enumerator for each list.
        var targets = frontEnd.Targets;
        for (var t = 0; t < targets.Count; t++)
        {
            var target = targets[t];
            var providers = host.Providers(target.Endpoint);
            if (providers.Count > 1 && PortCollisions.At(host, target.Endpoint, out _) is { Count: > 1 } holders)
            {
                // Two programs given one port: the front end reaches whichever started first, so whose limit it meets is
                // not known; unless all but one are tied by evidence to another site that reaches nothing (a copy that kept
                // the original's port: CL001 moves it there), which leaves the one that stays.
                var meantElsewhere = host.Shared("CL006.MeantElsewhere", host, () => MeantElsewhere(host));
                var staying = 0;
                foreach (var holder in holders)
                {
                    staying += meantElsewhere.Contains(holder.BackEnd) ? 0 : 1;
                }

                if (staying != 1)
                {
                    notes.Add($"{target.File.DisplayPath}:{target.Location.Start.Line}: CL006 did not judge {frontEnd.DirectiveName} {target.Endpoint.Describe()}: two programs are given that address (CL001), and which one answers depends on which started first");
                    continue;
                }

                providers = providers.Where(p => !meantElsewhere.Contains(p)).ToList();
            }

            if (providers.Count > 0)
            {
                for (var p = 0; p < providers.Count; p++)
                {
                    // A back end of another protocol there (an HTTP proxy on a FastCGI pool's port) answers nothing the
                    // front end can read: CL001's mistake, not a timeout to match.
                    if (UnmatchedTargets.Compatible(frontEnd.Protocol, providers[p]))
                    {
                        yield return (providers[p], false);
                    }
                }
            }
            else if (UnmatchedTargets.Intended(host, frontEnd, target) is { } intended)
            {
                yield return (intended.BackEnd, true);
            }
        }

        if (frontEnd.File.Container is { } container)
        {
            foreach (var reached in InNetwork(host, frontEnd, container))
            {
                yield return reached;
            }
        }
    }

    /// <summary>The services a front end in a container reaches by name on its networks, each where exactly one running
    /// service answers to the name and its container listens on the port for other containers
    /// (<see cref="ContainerListeners"/>): their application server's limit (<see cref="HostModel.ServerBehind"/>) is
    /// the one its requests meet. Where the one service the name picks listens on one other port only (CL001: nothing
    /// listens on the port written), that service is the back end it is meant for (intended), as for a host's target.</summary>
    private static IEnumerable<(BackEnd BackEnd, bool Intended)> InNetwork(HostModel host, FrontEnd frontEnd, Workspace.Compose.ContainerView container)
    {
        var names = host.ResolutionFor(frontEnd.File);
        foreach (var (name, port) in ComposeTargets.Addresses(frontEnd))
        {
            if (Endpoint.IsIpAddress(name.Trim('[', ']')) || name.Contains('.', StringComparison.Ordinal) || names.StaticNames.Contains(name))
            {
                continue;
            }

            var answering = container.Project.Answering(container.Service, name).Where(container.Project.Running.Contains).ToList();
            if (answering is [var service] && service != container.Service && Host.Compose.ContainerListeners.Of(service, host) is { } listeners)
            {
                if (listeners.Any(l => l.Port == port && l.Reachable))
                {
                    yield return (Host.Compose.ComposeBackEnd.InNetwork(host, container.Project, service), false);
                }
                else if (listeners.Where(l => l.Reachable).Select(l => l.Port).Distinct().Count() == 1)
                {
                    yield return (Host.Compose.ComposeBackEnd.InNetwork(host, container.Project, service), true);
                }
            }
        }
    }

    /// <summary>The back ends the evidence ties to a target that reaches nothing (<see cref="UnmatchedTargets.MeantForUnmatched"/>).</summary>
    private static HashSet<BackEnd> MeantElsewhere(HostModel host)
    {
        var meant = new HashSet<BackEnd>(ReferenceEqualityComparer.Instance);
        foreach (var (_, _, backEnd, evidence) in UnmatchedTargets.MeantForUnmatched(host))
        {
            if (evidence is not null)
            {
                meant.Add(backEnd);
            }
        }

        return meant;
    }

    public override string Code => "CL006";

    protected override Options ReadOptions(RuleOptions options) => new(options.Duration("min"), options.Duration("margin"));

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var host = context.Host;
        var reported = new HashSet<(object, object?)>();
        var nginxFindings = new Dictionary<(object, object?), (Diagnostic Finding, List<RelatedLocation> Passes)>();
        var apacheFindings = new Dictionary<(object, object?), (Diagnostics.Location Where, Func<List<(FrontEnd FrontEnd, Limit? Limit)>, string> Message, List<(FrontEnd FrontEnd, Limit? Limit)> FrontEnds, List<RelatedLocation> Related, string Description, Applicability Grade, List<FileEdit> Edits)>();
        foreach (var frontEnd in host.FrontEnds)
        {
            var limit = BackEndLimit(context, frontEnd);
            if (frontEnd.Details is NginxPass { Scope: var scope })
            {
                if (ChainedLimit(context, frontEnd) is { } inner && (limit is null || (!inner.Informational && inner.Value > limit.Value)))
                {
                    limit = inner;
                }

                if (!NginxSettings.HasReadTimeout(frontEnd.DirectiveName))
                {
                    continue;
                }

                if (FpmHealthLocations.ServesOnlyHealthPages(host, frontEnd))
                {
                    context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL006 leaves alone a location that only serves PHP-FPM's ping or status page");
                    continue;
                }

                var name = NginxSettings.ModuleSetting(frontEnd.DirectiveName, "_read_timeout");
                var effective = NginxSettings.Time(scope, name, NginxSettings.DefaultReadTimeout);
                if (Verdict(effective.Value, limit, options) is { } required)
                {
                    var key = (effective.Directive ?? (object)frontEnd.Directive, (object?)limit?.Key);
                    var pass = effective.Directive is null ? null : Related(frontEnd.Directive, $"{frontEnd.DirectiveName} waits at most {effective.Value} for a response");
                    if (!reported.Add(key))
                    {
                        // One directive several locations inherit (an http- or server-level timeout): one finding, whose
                        // related lines name every location it cuts short.
                        if (pass is not null && nginxFindings.TryGetValue(key, out var earlier) && !earlier.Passes.Any(p => p.Location == pass.Location))
                        {
                            earlier.Passes.Add(pass);
                        }

                        continue;
                    }

                    var where = effective.Directive is { } directive ? directive.Arguments[0].Location : frontEnd.Directive.Location;
                    var value = effective.IsDefault ? $"{name} is nginx's default of {effective.Value}" : $"{name} {effective.Value}";
                    var passes = pass is null ? new List<RelatedLocation>() : [pass];
                    var fix = CreateFix(frontEnd, effective, name, required, limit);
                    if (limit is { Informational: true })
                    {
                        // Only an inner proxy's own wait stands behind the limit: what its back end needs is not known.
                        nginxFindings[key] = (Report(where, Message(value, effective.Value, frontEnd, limit, options.Min, "nginx"), Related([], limit),
                            fix is null ? null : fix with { Applicability = Applicability.Unsafe }) with { Severity = Severity.Info }, passes);
                        continue;
                    }

                    if (frontEnd.DirectiveName == "fastcgi_pass" && StockTestPages(context, scope) is { } stock)
                    {
                        // No application is seen behind this location: the finding is what an operator may want to know,
                        // not a proven cut, and raising the wait is a choice (review it).
                        nginxFindings[key] = (Report(where, Message(value, effective.Value, frontEnd, limit, options.Min, "nginx") + stock, Related([], limit),
                            fix is null ? null : fix with { Applicability = Applicability.Unsafe }) with { Severity = Severity.Info }, passes);
                        continue;
                    }

                    nginxFindings[key] = (Report(where, Message(value, effective.Value, frontEnd, limit, options.Min, "nginx"), Related([], limit), fix), passes);
                }
            }
            else if (frontEnd.Daemon == Syntax.ConfigKind.Apache && ApacheProxyTimeout.Waits(host, frontEnd, context.Notes) is { } waits)
            {
                // A main-server handler is judged once for each line that governs the wait of a virtual host inheriting it
                // (ApacheProxyTimeout.Waits); its raise is safe only where one edit makes every such wait long enough.
                var tooShort = new List<(ApacheProxyTimeout.Effective Apache, Duration Required)>();
                foreach (var wait in waits)
                {
                    if (Verdict(wait.Value, limit, options) is { } needed)
                    {
                        tooShort.Add((wait, needed));
                    }
                }

                var several = tooShort.Select(w => ApacheProxyTimeout.Raise(frontEnd, w.Apache, (long)Math.Ceiling(w.Required.TotalSeconds))).Distinct().Count() > 1;
                foreach (var (apache, required) in tooShort)
                {
                    // One finding per timeout and back end; each front end it cuts short gets its own raise (a ProxyTimeout in
                    // its virtual host), all in the one fix, so that the fix a report shows is the whole of it.
                    var seconds = (long)Math.Ceiling(required.TotalSeconds);
                    var key = (apache.Directive ?? (object)frontEnd.Directive, (object?)limit?.Key);
                    var edit = ApacheProxyTimeout.Raise(frontEnd, apache, seconds);
                    if (apacheFindings.TryGetValue(key, out var earlier))
                    {
                        // A value several front ends inherit (a server's Timeout): the message names each.
                        if (!earlier.FrontEnds.Any(f => ReferenceEquals(f.FrontEnd.Directive, frontEnd.Directive)))
                        {
                            earlier.FrontEnds.Add((frontEnd, limit));
                        }

                        if (!earlier.Edits.Contains(edit))
                        {
                            earlier.Edits.Add(edit);
                            earlier.Related.Add(Related(frontEnd.Directive, $"{frontEnd.DirectiveName} here waits as long"));
                        }

                        if (several && earlier.Grade == Applicability.Safe)
                        {
                            var downgraded = earlier;
                            downgraded.Grade = Applicability.Unsafe;
                            downgraded.Description += SeveralWaits;
                            apacheFindings[key] = downgraded;
                        }

                        continue;
                    }

                    var where = apache.Word?.Location ?? apache.Directive?.Location ?? frontEnd.Directive.Location;
                    var value = apache switch
                    {
                        { Directive: null } => $"Apache waits {apache.Value} (Timeout's default; no ProxyTimeout)",
                        { Name: "timeout=", Word: { } word, Place: { } place } => $"the worker's {word.Value} (set by {place}; it wins over ProxyTimeout and Timeout)",
                        _ => $"{apache.Name} {apache.Value}",
                    };
                    value += Sites(apache.Sites);
                    var uses = apache is { Name: "timeout=", Directive: { } set } && !ReferenceEquals(set, frontEnd.Directive)
                        ? new List<RelatedLocation> { Related(frontEnd.Directive, $"{frontEnd.DirectiveName} uses this worker") }
                        : [];
                    if (apache.Sites.Count > 0 && apache.Directive is { } governing && !ReferenceEquals(governing, frontEnd.Directive))
                    {
                        uses.Add(Related(frontEnd.Directive, $"the main server's {frontEnd.DirectiveName}, which {(apache.Sites.Count == 1 ? "this site inherits" : "these sites inherit")}"));
                    }

                    var waitsFor = apache.Value;
                    var grade = Grade(apache.Value, limit, required);
                    var description = Describe(apache.Name == "timeout=" ? $"Raise the worker's timeout= to {seconds} s" : $"Raise Apache's proxy timeout to {seconds} s", apache.Value, limit, required);
                    if (several && grade == Applicability.Safe)
                    {
                        (grade, description) = (Applicability.Unsafe, description + SeveralWaits);
                    }

                    apacheFindings[key] = (where, all => Message(value, waitsFor, all, limit, options.Min, "Apache"), [(frontEnd, limit)], [.. Related(uses, limit)],
                        description, grade, [edit]);
                }
            }
        }

        foreach (var (finding, passes) in nginxFindings.Values)
        {
            yield return finding with { Related = [.. passes, .. finding.Related] };
        }

        foreach (var (where, message, frontEnds, related, description, grade, edits) in apacheFindings.Values)
        {
            yield return Report(where, message(frontEnds), related, new Fix(description, grade, edits));
        }

        foreach (var haproxy in Haproxy.HaproxyTimeouts.Check(context, options))
        {
            yield return Report(haproxy.Location, haproxy.Message, haproxy.Related, haproxy.Fix);
        }

        // The pools' own two limits in the wrong order: the kill before the script's limit.
        foreach (var killed in KilledBeforeScriptLimit(context))
        {
            yield return killed;
        }

        foreach (var killed in KilledBeforeHold(context))
        {
            yield return killed;
        }
    }

    /// <summary>Why a raise is not safe where a main-server handler's virtual hosts wait by different lines.</summary>
    private const string SeveralWaits = " (the main server's handler is inherited by virtual hosts that wait by different lines: each of its findings raises one of them, and all are needed)";

    /// <summary>The sites a wait governs, for the message: the virtual hosts that inherit a main-server handler.</summary>
    private static string Sites(IReadOnlyList<ApacheProxyTimeout.Site> sites) => sites.Count switch
    {
        0 => string.Empty,
        1 => $" (in {sites[0]}, which inherits the main server's handler)",
        <= 3 => $" (for {sites.Count} sites that inherit the main server's handler: {string.Join(", ", sites)})",
        _ => $" (for {sites.Count} sites that inherit the main server's handler: {sites[0]}, {sites[1]} and {sites.Count - 2} more)",
    };

    /// <summary>The nginx package's folder of test pages (<c>/usr/share/nginx/html</c>: the stock default server's root on
    /// RHEL and Fedora, where the php-fpm package's <c>default.d/php.conf</c> sends <c>.php</c> requests, and nginx's own
    /// default root, <c>html</c> under its prefix): a FastCGI location whose script is named from that root serves no PHP
    /// application unless the tree shows a PHP file in the folder, so a pool's limit raised for another site's scripts is
    /// not proven to be cut short here.
    /// Why, for the message; null elsewhere.</summary>
    private static string? StockTestPages(RuleContext context, NginxScope scope)
    {
        const string Folder = "/usr/share/nginx/html";
        var root = scope.Effective("root") is var (directive, _) ? directive.Args.Count == 1 ? directive.Args[0].TrimEnd('/') : null : Folder;
        if (root != Folder || scope.Effective("alias") is not null)
        {
            return null;
        }

        var scriptFile = NginxListEdits.Effective(scope, "fastcgi_param")?.Entries
            .LastOrDefault(e => e.Directive.Args is ["SCRIPT_FILENAME", _, ..]).Directive?.Args[1];
        if (scriptFile is null || !(scriptFile.StartsWith("$document_root", StringComparison.Ordinal) || scriptFile == "$request_filename"))
        {
            return null; // the script named otherwise than from the root: an application may well be there
        }

        if (HoldsPhp(context.Workspace.FileSystem, Folder, depth: 3))
        {
            return null;
        }

        return $" (reported as info: this location serves {Folder}, the nginx package's test pages, and no PHP file is there)";
    }

    /// <summary>Whether a folder of the tree holds a <c>.php</c> file, looked for a few levels down (a large folder counts
    /// as holding one: not looked through).</summary>
    private static bool HoldsPhp(Workspace.RootedFileSystem fileSystem, string folder, int depth)
    {
        var entries = fileSystem.EnumerateEntries(folder);
        if (entries.Count > 500)
        {
            return true;
        }

        foreach (var entry in entries)
        {
            if (entry.EndsWith(".php", StringComparison.OrdinalIgnoreCase) || entry.EndsWith(".phar", StringComparison.OrdinalIgnoreCase)
                || (depth > 0 && fileSystem.DirectoryExists(entry) && HoldsPhp(fileSystem, entry, depth - 1)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The timeout the proxy should have when <paramref name="value"/> is too short: the back end's limit plus the
    /// margin when the back end lets a request run longer than the proxy waits; the minimum when the proxy waits less than
    /// it; null when it is fine.</summary>
    internal static Duration? Verdict(Duration value, Limit? limit, Options options)
    {
        if (limit is { } l && value < l.Value)
        {
            return Duration.FromSeconds(l.Value.TotalSeconds + options.Margin.TotalSeconds);
        }

        return value < options.Min ? options.Min : null;
    }

    /// <summary>The longest wait a fix sets as safe. A back end's limit above it (PHP-FPM's <c>request_terminate_timeout =
    /// 1d</c> of the panels, a harakiri of hours) is a backstop against runaway children rather than how long a page takes:
    /// a proxy that waits that long holds each stuck client for as long, and lowering the back end's limit fits the
    /// evidence as well as raising the proxy's. Such a fix is unsafe (review it).</summary>
    internal static readonly Duration SafeWait = Duration.FromSeconds(3600);

    /// <summary>Safe when a back end's known limit is what the proxy must cover and the new timeout stays within <see
    /// cref="SafeWait"/>. Unsafe when only the rule's minimum speaks against the value (no back end says its requests
    /// take longer: a short timeout may be deliberate, a health check or an API that must fail fast), or above an hour.</summary>
    internal static Applicability Grade(Duration value, Limit? limit, Duration required) =>
        limit is { Advice: null } l && value < l.Value && required.TotalSeconds <= SafeWait.TotalSeconds ? Applicability.Safe : Applicability.Unsafe;

    /// <summary>The fix's description, with why it is unsafe where it is.</summary>
    internal static string Describe(string action, Duration value, Limit? limit, Duration required) =>
        Grade(value, limit, required) == Applicability.Safe ? action
        : limit is { Advice: { } advice } && value < limit.Value ? $"{action} ({advice})"
        : limit is { } l && value < l.Value ? $"{action} (over an hour: the back end's limit looks like a backstop; lowering it may be the better fix)"
        : $"{action} (the rule's minimum: no back end's limit says its requests take longer, and a short timeout may be deliberate)";

    /// <param name="value">The proxy's timeout, as the message states it.</param>
    /// <param name="waits">How long the proxy waits.</param>
    private static string Message(string value, Duration waits, FrontEnd frontEnd, Limit? limit, Duration min, string proxy) =>
        Message(value, waits, [(frontEnd, limit)], limit, min, proxy);

    /// <summary>The message for a timeout that several front ends inherit (an Apache server's <c>Timeout</c> read by the
    /// handlers of several virtual hosts, merged into one finding when their back ends' limit is set in one place): each is
    /// named (three, else two and how many more), and so is each back end they reach.</summary>
    private static string Message(string value, Duration waits, List<(FrontEnd FrontEnd, Limit? Limit)> frontEnds, Limit? limit, Duration min, string proxy)
    {
        var who = Enumerate(frontEnds.Select(f => $"{f.FrontEnd.DirectiveName} {f.FrontEnd.Target.Text}").Distinct(StringComparer.Ordinal).ToList());
        if (limit is { } backEnd && waits < backEnd.Value)
        {
            var pools = frontEnds.Select(f => f.Limit?.BackEnd ?? backEnd.BackEnd).Distinct(StringComparer.Ordinal).ToList();
            return $"{value} for {who}, but {Enumerate(pools)} {(pools.Count > 1 ? "let" : "lets")} a request run for {backEnd.Value} ({backEnd.Setting}): " +
                   $"{proxy} gives up first, with {(proxy == "nginx" ? "'upstream timed out'" : "'The timeout specified has expired'")} (a 504)";
        }

        return $"{value} for {who}, below the minimum of {min}: slow requests are cut off with {(proxy == "nginx" ? "'upstream timed out'" : "'The timeout specified has expired'")}";
    }

    /// <summary>"A", "A and B", "A, B and C", or "A, B and 3 more".</summary>
    private static string Enumerate(List<string> names) => names.Count switch
    {
        1 => names[0],
        2 or 3 => $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}",
        _ => $"{names[0]}, {names[1]} and {names.Count - 2} more",
    };

    private static IReadOnlyList<RelatedLocation> Related(List<RelatedLocation> related, Limit? limit)
    {
        if (limit?.Location is { } location)
        {
            related.Add(Related(location, $"the back end lets a request run for {limit.Value} here"));
        }

        if (limit is not null)
        {
            related.AddRange(limit.Also);
        }

        return related;
    }

    /// <summary>The longest any back end of this front end lets one request run: a pool's
    /// <c>request_terminate_timeout</c> (unless a backstop over the <c>max_execution_time</c>: <see cref="RequestLimit"/>), else the <c>max_execution_time</c> the location passes in <c>PHP_VALUE</c>
    /// (<see cref="RequestLimit"/>), else the pool's <c>max_execution_time</c> (pool, php.ini, or PHP's 30 s); an
    /// application server's own limit (gunicorn's sync workers' <c>timeout</c>, uwsgi's <c>harakiri</c>). puma's
    /// <c>worker_timeout</c> and the like are no request limits and are left out.</summary>
    private static bool Seen(List<(BackEnd, bool)> seen, BackEnd backEnd, bool intended)
    {
        foreach (var (earlier, wasIntended) in seen)
        {
            if (ReferenceEquals(earlier, backEnd) && wasIntended == intended)
            {
                return true;
            }
        }

        return false;
    }

    internal static Limit? BackEndLimit(RuleContext context, FrontEnd frontEnd)
    {
        var host = context.Host;
        Limit? longest = null;
        // Each back end once (by reference: a record's equality compares every field), its limit worked out once per run.
        var seen = new List<(BackEnd, bool)>(frontEnd.Targets.Count);
        foreach (var (backEnd, intended) in Reached(host, frontEnd, context.Notes))
        {
            if (Seen(seen, backEnd, intended))
            {
                continue;
            }

            seen.Add((backEnd, intended));
            var limit = backEnd is FpmPool pool ? RequestLimit(context, frontEnd, pool) : ServerLimit(context, frontEnd, backEnd);
            if (limit is not null && intended)
            {
                limit = limit with { BackEnd = $"{limit.BackEnd}, the back end it is meant for (CL001: nothing listens where it points),", Intended = true };
            }

            if (limit is not null && (longest is null || limit.Value > longest.Value))
            {
                longest = limit;
            }
        }

        return longest;
    }

    /// <summary>The pool's limit for the requests of this front end: its <c>request_terminate_timeout</c> first, as for
    /// every request, unless it is a backstop (below); else a <c>max_execution_time</c> the location passes in
    /// <c>fastcgi_param PHP_VALUE</c> or <c>PHP_ADMIN_VALUE</c> (Apache: in its FastCGI environment, <see cref="ApacheFcgiEnvironment"/>), which php-fpm applies to each of these requests over php.ini
    /// and the pool's <c>php_admin_value</c> alike (<see cref="FastcgiPhpValues"/>: fpm_php_zend_ini_alter_master does not
    /// check <c>modifiable</c>); else the pool's own. A value built from a variable is known only per request: no limit then
    /// (php.ini's would be a guess), and <c>--verbose</c> says so.</summary>
    /// <remarks>
    /// A <c>request_terminate_timeout</c> over an hour (<see cref="SafeWait"/>: the <c>1d</c> YunoHost and the hosting
    /// panels write in every pool) that is longer than the known <c>max_execution_time</c> of these requests is a backstop:
    /// PHP's manual has it "used when the 'max_execution_time' ini option does not stop script execution for some reason".
    /// The scripts are stopped at <c>max_execution_time</c>, which is compared instead. It counts the script's CPU time on
    /// Linux (zend_set_timeout arms <c>setitimer(ITIMER_PROF)</c>), not the time it waits on a database or another service,
    /// while php-fpm's master ends a child on wall-clock time (fpm_request_check_timed_out): a request may run past
    /// <c>max_execution_time</c>, up to the backstop. So <c>max_execution_time</c> is the least the back end lets a request
    /// run (a proxy that waits less cuts short requests PHP would finish: proven), not the most: what lies beyond it is not
    /// judged, and <c>--verbose</c> says so. A <c>max_execution_time</c> that is unknown or 0 (none) leaves the backstop as
    /// the limit, as does a <c>request_terminate_timeout</c> within the hour (a wall-clock limit an operator chose).
    /// </remarks>
    private static Limit? RequestLimit(RuleContext context, FrontEnd frontEnd, FpmPool pool)
    {
        var terminate = context.Host.Shared("CL006.TerminateLimit", pool, TerminateLimit);
        if (terminate is not null && terminate.Value.TotalSeconds <= SafeWait.TotalSeconds)
        {
            return terminate;
        }

        var (execution, othersNote) = ExecutionLimit(context, frontEnd, pool, noteUnknown: terminate is null);
        if (terminate is null || (execution is not null && execution.Value < terminate.Value))
        {
            othersNote?.Invoke();
        }

        if (terminate is null)
        {
            return execution;
        }

        if (execution is null || execution.Value >= terminate.Value)
        {
            return terminate;
        }

        context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL006 compares with {execution.Value} ({execution.Setting}), not with the request_terminate_timeout of {terminate.Value} of {pool.Describe()}, a backstop: max_execution_time counts the script's CPU time on Linux, so a request that waits on a database or another service may run longer, up to {terminate.Value}; how long such waits take is not judged");
        return execution with { Setting = $"{execution.Setting}; its request_terminate_timeout of {terminate.Value} is a backstop" };
    }

    /// <summary>The <c>max_execution_time</c> of this front end's requests in the pool: the one the location passes, else the
    /// pool's (<see cref="RequestLimit"/>); null when unknown or 0 (no limit). <paramref name="noteUnknown"/>: whether
    /// <c>--verbose</c> says that a value passed through a variable is not known. With the pool's own value, the note on
    /// another location's value (<see cref="NoteOthersValues"/>), to be said if this limit is the one compared.</summary>
    private static (Limit? Limit, Action? OthersNote) ExecutionLimit(RuleContext context, FrontEnd frontEnd, FpmPool pool, bool noteUnknown)
    {
        var own = context.Host.Shared("CL006.ExecutionLimit", pool, PoolExecutionLimit);
        var values = context.Host.Shared("CL006.Passed", context.Host, PassedValues);
        if (!values.ByFrontEnd.TryGetValue(frontEnd, out var passed))
        {
            return (own, () => NoteOthersValues(context, frontEnd, pool, own, values.ByPool));
        }

        // A whole number of seconds; 0 is no limit. Anything else is left to PHP's reading of it.
        if (passed.Value is null || !int.TryParse(passed.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            if (noteUnknown)
            {
                var why = passed.Why ?? (passed.Value is null ? "sets max_execution_time from a variable (or may, through one)" : $"sets max_execution_time to '{passed.Value}'");
                context.Notes.Add($"{passed.File.DisplayPath}:{passed.Directive.Position.Line}: CL006 does not know how long {pool.Describe()} lets requests of {frontEnd.DirectiveName} {frontEnd.Target.Text} run: {passed.Source} {why}; php.ini's value is not compared");
            }

            return (null, null);
        }

        return (seconds > 0 ? new Limit(Duration.FromSeconds(seconds), pool.Describe(), passed.Describe(), passed.Location) : null, null);
    }

    /// <summary>A <c>max_execution_time</c> another location passes to the same pool stays in each child that served one
    /// of its requests: php-fpm writes it over the master value (fpm_php_zend_ini_alter_master keeps no old value to restore
    /// when the request ends), so requests of a location that passes none may meet it. Which child serves which request is
    /// not configuration: the pool's own value is compared, and <c>--verbose</c> names the other.</summary>
    private static void NoteOthersValues(RuleContext context, FrontEnd frontEnd, FpmPool pool, Limit? own, Dictionary<FpmPool, List<FastcgiPhpValues.Setting>> byPool)
    {
        if (own is null || !byPool.TryGetValue(pool, out var settings))
        {
            return;
        }

        // The longest other value (0 is none at all) that is not the pool's own.
        (FastcgiPhpValues.Setting Setting, long Seconds)? longest = null;
        foreach (var other in settings)
        {
            if (other.Value is { } value && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                && seconds != (long)own.Value.TotalSeconds
                && (longest is not { } l || l.Seconds != 0 && (seconds == 0 || seconds > l.Seconds)))
            {
                longest = (other, seconds);
            }
        }

        if (longest is var (setting, longestSeconds))
        {
            context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL006 compares with {own.Value} ({own.Setting}), but {setting.Describe()} at {setting.File.DisplayPath}:{setting.Directive.Position.Line} stays in each child of {pool.Describe()} that served one of its requests (php-fpm does not restore it), so requests here may run {(longestSeconds == 0 ? "without a limit" : $"for {Duration.FromSeconds(longestSeconds)}")}");
        }
    }

    /// <summary>The <c>max_execution_time</c> settings front ends pass, by front end and by the pools they reach.</summary>
    private sealed record Passed(Dictionary<FrontEnd, FastcgiPhpValues.Setting> ByFrontEnd, Dictionary<FpmPool, List<FastcgiPhpValues.Setting>> ByPool);

    /// <summary>Each front end's passed <c>max_execution_time</c> looked up once per host (by reference: a record's
    /// equality compares every field), and gathered by the pools it reaches.</summary>
    private static Passed PassedValues(HostModel host)
    {
        var byFrontEnd = new Dictionary<FrontEnd, FastcgiPhpValues.Setting>(ReferenceEqualityComparer.Instance);
        var map = new Dictionary<FpmPool, List<FastcgiPhpValues.Setting>>(ReferenceEqualityComparer.Instance);
        foreach (var frontEnd in host.FrontEnds)
        {
            if (FastcgiPhpValues.Find(host, frontEnd, "max_execution_time") is not { } setting)
            {
                continue;
            }

            byFrontEnd[frontEnd] = setting;

            foreach (var target in frontEnd.Targets)
            {
                foreach (var backEnd in host.Providers(target.Endpoint))
                {
                    if (backEnd is FpmPool pool)
                    {
                        if (!map.TryGetValue(pool, out var list))
                        {
                            map[pool] = list = [];
                        }

                        list.Add(setting);
                    }
                }
            }
        }

        return new Passed(byFrontEnd, map);
    }

    /// <summary>The pool's <c>request_terminate_timeout</c>, or null when unset or 0 (never).</summary>
    private static Limit? TerminateLimit(FpmPool pool) =>
        pool.RequestTerminateTimeout is { } terminate && pool.Entry("request_terminate_timeout") is var (entry, _)
            ? new Limit(terminate, pool.Describe(), "request_terminate_timeout", entry.Location)
            : null;

    /// <summary>The pool's <c>max_execution_time</c> (its <c>php_admin_value</c>/<c>php_value</c>, else the php.ini of its
    /// installation, else PHP's 30 s), or null when unknown or 0 (no limit).</summary>
    private static Limit? PoolExecutionLimit(FpmPool pool) =>
        pool.Php("max_execution_time") is { } setting && int.TryParse(setting.Value, out var seconds) && seconds > 0
            ? new Limit(Duration.FromSeconds(seconds), pool.Describe(), $"max_execution_time, from {setting.Source}", setting.Location)
            : null;

    /// <summary>An application server's limit for this front end's requests: the longest a path it asks for may be held
    /// open (SOGo's ActiveSync), else how long the server lets any request run.</summary>
    private static Limit? ServerLimit(RuleContext context, FrontEnd frontEnd, BackEnd backEnd)
    {
        var server = context.Host.ServerBehind(backEnd);
        if (server is { PathRequestTimeouts.Count: > 0 } && SameApplication.RequestedPath(frontEnd) is { } requested)
        {
            foreach (var held in server.PathRequestTimeouts)
            {
                if (SameApplication.IsUnder(requested.TrimEnd('/'), held.Path) && (server.RequestTimeout is not { } any || held.Value > any))
                {
                    return new Limit(held.Value, backEnd.Describe(), held.Setting, held.At);
                }
            }
        }

        if (server?.RequestTimeout is { } timeout)
        {
            return new Limit(timeout, backEnd.Describe(), server.RequestTimeoutSetting, server.RequestTimeoutAt);
        }

        if (server?.RequestTimeoutUnknown is { } unknown)
        {
            context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL006 does not know how long {backEnd.Describe()} lets a request run: {unknown}");
        }

        if (server?.WorkerTimeout is { } worker)
        {
            context.Notes.Add($"{worker.Location}: CL006 does not compare with puma's worker_timeout {worker.Value}: it restarts hung workers, it does not limit a request");
        }

        return null;
    }

    /// <summary>The read timeout raised to cover the back end's limit (or the minimum) where it is set, or set beside the
    /// pass; in seconds, the unit the back ends' limits are read in.</summary>
    private static Fix? CreateFix(FrontEnd frontEnd, NginxSettings.Effective<Duration> effective, string name, Duration required, Limit? limit)
    {
        var value = (long)Math.Ceiling(required.TotalSeconds) + "s";
        // A new line goes where nginx takes it (not into an `if` around the pass): the nearest level of the tables.
        var edit = effective.Directive is { } directive
            ? Edits.ReplaceToken(effective.File!, directive.Arguments[0], value)
            : frontEnd.Details is NginxPass { Scope: var scope } && NginxEdits.NearestAllowed(scope, name, Knowledge.NginxVersion.Newest) is { } level
                ? NginxEdits.InsertInto(level, [$"{name} {value};"], level == scope ? ((Syntax.Nginx.NginxDirective)frontEnd.Directive, frontEnd.File) : null)
                : null;
        return edit is null ? null : new Fix(Describe(effective.Directive is null ? $"Set {name} {value}" : $"Raise {name} to {value}", effective.Value, limit, required), Grade(effective.Value, limit, required), [edit]);
    }
}
