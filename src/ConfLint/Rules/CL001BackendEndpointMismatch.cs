using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Syntax.Nginx;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Apache;

namespace ConfLint.Rules;

public sealed class CL001BackendEndpointMismatch : Rule
{
    public override string Code => "CL001";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        // A dead member of an nginx upstream beside one that answers: nginx passes the request on after the connect
        // error (UpstreamFailover), so the finding is info there, not a 502.
        var notConnectFailures = new HashSet<Diagnostic>(ReferenceEqualityComparer.Instance);
        var findings = Judged(context, notConnectFailures).ToList();
        UpstreamFailover.Soften(context.Host, findings, notConnectFailures, context.Notes);
        return findings;
    }

    /// <summary>The findings, each member of a group judged alone; <paramref name="notConnectFailures"/> gets those
    /// where something answers the connect() (another protocol, TLS): the request fails only once sent.</summary>
    private IEnumerable<Diagnostic> Judged(RuleContext context, HashSet<Diagnostic> notConnectFailures)
    {
        var host = context.Host;
        var verdicts = new List<UnmatchedTargets.Verdict>();
        var tomcatFindings = new List<Diagnostic>();
        var tomcatReported = new HashSet<(string, Text.TextSpan)>();
        HashSet<string>? remote = null;
        var chrootFindings = new List<Diagnostic>();
        var notEnabledFindings = new List<Diagnostic>();
        var disabledFindings = new List<Diagnostic>();
        var disabledReported = new HashSet<(string, Text.TextSpan)>();
        var protocolFindings = new List<Diagnostic>();
        var protocolReported = new HashSet<(string, Text.TextSpan)>();
        var privateTmp = new List<(EndpointSite Target, List<FrontEnd> FrontEnds, IReadOnlyList<PrivateTmpSockets.Hidden> Hidden)>();
        var privateTmpAt = new Dictionary<(string, Text.TextSpan), int>();
        var keptFindings = new List<Diagnostic>();
        var keptReported = new HashSet<(string, Text.TextSpan, string?)>();
        var failedFindings = new List<Diagnostic>();
        var failedReported = new HashSet<(string, Text.TextSpan)>();
        var unloadedFindings = new List<Diagnostic>();
        var unloadedReported = new HashSet<(string, Text.TextSpan)>();
        foreach (var frontEnd in host.FrontEnds.Where(f => f.File.Container is null))
        {
            // A HAProxy server given to the rules without an address: said in --verbose, and a socket that a chroot
            // hides is judged on its own.
            if (frontEnd.Details is Host.Haproxy.HaproxyPass { NotJudged: not null } haproxy)
            {
                var (chrooted, skipped) = HaproxyChrootSockets.Judge(host, frontEnd, haproxy);
                if (chrooted is not null)
                {
                    chrootFindings.Add(Report(chrooted.Location, chrooted.Message, chrooted.Related));
                }
                else if (skipped is not null)
                {
                    context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL001 did not judge {frontEnd.Target.Text}: {skipped}");
                }
            }

            // Indexed: a foreach through the read-only list boxes an enumerator for each front end.
            var targets = frontEnd.Targets;
            if (targets.Count == 0 && frontEnd.Target.HostVariable is { } variable && frontEnd.Details is NginxPass { Upstream: null })
            {
                if (ThroughVariable(context, frontEnd) is { } written)
                {
                    targets = [written];
                }
                else
                {
                    context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL001 did not judge {frontEnd.Target.Text}: ${variable} holds no one IP address here (no 'set' reaching it, several, one in an 'if', a map, a value from the request, or a name nginx resolves per request)");
                }
            }

            for (var t = 0; t < targets.Count; t++)
            {
                var target = targets[t];
                if (ApacheKeptVariables.Kept(frontEnd, target) is var (keptName, define))
                {
                    // Read before the configuration's first Define of the name: httpd kept ${NAME} as written.
                    var vhost = ApacheKeptVariables.VirtualHostAt(frontEnd);
                    if (keptReported.Add((target.Location.Path, target.Location.Span, vhost)))
                    {
                        keptFindings.Add(Report(target.Location,
                            $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}: httpd keeps ${{{keptName}}} as written here (AH00111: Config variable ${{{keptName}}} is not defined), since this line is read{(vhost is null ? string.Empty : $" in the virtual host at {vhost}")} before the first Define {keptName} ({define.File.DisplayPath}:{define.Directive.Position.Line}): a Define is seen only by the lines read after it, so Apache connects to {target.Endpoint.Path}, which nothing creates, and answers 503",
                            [Related(define.Directive, $"the first Define {keptName}, read later")],
                            new Fix($"Define {keptName} in this virtual host before the line is read (as the virtual hosts that work do), or leave the include out of it", Applicability.DisplayOnly, [])));
                    }

                    continue;
                }

                // A back end that cannot start or bind, where it is the one that would answer here: said where the
                // configuration proves it (a socket folder nothing makes, a bind gunicorn refuses, an environment file
                // systemd cannot load), once per line that shows it.
                if (target.Endpoint.IsLocal && StartFailures.At(host, frontEnd, target) is { } failure)
                {
                    if (failedReported.Add(failure.Listener is { } listener ? (listener.Location.Path, listener.Location.Span) : (target.Location.Path, target.Location.Span)))
                    {
                        failedFindings.Add(ReportCannotStart(frontEnd, target, failure));
                    }

                    continue;
                }

                // A target whose every listener belongs to a unit naming an account the host does not have (SocketUser=,
                // User=): systemd cannot start it. A warning: the account may be made by what the root does not show.
                if (target.Endpoint.IsLocal && UnitAccounts.At(host, target.Endpoint) is var (failing, missing))
                {
                    if (failedReported.Add((target.Location.Path, target.Location.Span)))
                    {
                        failedFindings.Add(ReportNoAccount(frontEnd, target, failing, missing));
                    }

                    continue;
                }

                // A target only a masked unit would listen at (a masked socket unit, or a socket unit whose service is
                // masked): systemd starts it neither by hand nor at boot. Said once per line, as a disabled one is.
                if (target.Endpoint.IsLocal && MaskedUnits.At(host, target.Endpoint) is { } masked)
                {
                    if (MaskedUnits.UnreadMayListen(host, target.Endpoint, masked) is { } unread)
                    {
                        context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge whether anything listens at {target.Endpoint.Describe()}: only {masked.Describe} of those ConfLint reads would listen there, and {masked.Unit} is masked ({masked.How}); but {unread}");
                    }
                    else if (disabledReported.Add((target.Location.Path, target.Location.Span)))
                    {
                        disabledFindings.Add(ReportMasked(frontEnd, target, masked));
                    }

                    continue;
                }

                // Only socket units whose service the root does not have listen here (a service renamed, its socket unit left
                // without Service=): systemd refuses to start them, and the services that need them fail with them.
                if (target.Endpoint.IsLocal && MissingSocketServices.At(host, target.Endpoint) is { } orphan)
                {
                    if (MaskedUnits.UnreadMayListen(host, target.Endpoint, orphan.Blocked) is { } unread)
                    {
                        context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge whether anything listens at {target.Endpoint.Describe()}: only {orphan.Socket.Describe()} of those ConfLint reads would listen there, and its service {orphan.Service} is not in the root; but {unread}");
                    }
                    else if (failedReported.Add((target.Location.Path, target.Location.Span)))
                    {
                        failedFindings.Add(ReportMissingService(frontEnd, target, orphan));
                    }

                    continue;
                }

                // Only a pool of a PHP version that does not run would listen here: an installed one whose service is masked
                // (unmasking it is a remedy as well, so no fix towards another pool), or a removed package's leftover where
                // the host has no running pool at all (where it has, the verdict names the pool that carries it on).
                if (frontEnd.Protocol == BackendProtocol.FastCgi && NotRunningPool(host, target) is { } notRunning)
                {
                    if (failedReported.Add((target.Location.Path, target.Location.Span)))
                    {
                        failedFindings.Add(ReportNotRunningPool(host, frontEnd, target, notRunning));
                    }

                    continue;
                }

                // A port Docker publishes for a Compose service on a container port where nothing in the container listens.
                if (EmptyPublications.At(host, target, out var notKnown) is { } empty)
                {
                    if (failedReported.Add((target.Location.Path, target.Location.Span)))
                    {
                        failedFindings.Add(ReportEmptyPublication(frontEnd, target, empty));
                    }

                    continue;
                }

                if (notKnown is not null)
                {
                    context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL001 did not judge {target.Endpoint.Describe()}: {notKnown}");
                }

                if (UnmatchedTargets.Judge(host, frontEnd, target) is not { } verdict)
                {
                    if (target.Endpoint.IsLocal)
                    {
                        // A socket the back end binds in its service's private /tmp: nothing outside that service sees it.
                        // An upstream's server line that several passes use is reported once, naming each pass.
                        if (PrivateTmpSockets.At(host, target.Endpoint, out var tmpUnjudged) is { } hidden)
                        {
                            if (privateTmpAt.TryGetValue((target.Location.Path, target.Location.Span), out var at))
                            {
                                privateTmp[at].FrontEnds.Add(frontEnd);
                            }
                            else
                            {
                                privateTmpAt[(target.Location.Path, target.Location.Span)] = privateTmp.Count;
                                privateTmp.Add((target, [frontEnd], hidden));
                            }

                            continue;
                        }

                        if (tmpUnjudged is not null)
                        {
                            context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge whether {target.Endpoint.Describe()} is reachable: {tmpUnjudged}");
                        }

                        // An upstream's server line that several passes use is reported once, where it is written.
                        if (UnmatchedTargets.ProtocolMismatch(host, frontEnd, target, out var unknownProtocol) is { } mismatch)
                        {
                            if (protocolReported.Add((target.Location.Path, target.Location.Span)))
                            {
                                protocolFindings.Add(ReportMismatch(host, mismatch));
                            }
                        }
                        else if (unknownProtocol is not null)
                        {
                            context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge the protocol at {target.Endpoint.Describe()}: {unknownProtocol}");
                        }

                        if (OnlyDisabled(host, target.Endpoint) is { } disabled && disabledReported.Add((target.Location.Path, target.Location.Span)))
                        {
                            // What ConfLint does not read may be what listens there at boot: starting the twin it reads would
                            // start a second server on a port that one holds.
                            if (UnmatchedTargets.UnreadMayListen(host, target.Endpoint) is { } unread)
                            {
                                context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge whether anything listens at {target.Endpoint.Describe()} after the next boot: only {disabled.Describe} of those ConfLint reads listens there, and {disabled.Why}; but {unread}");
                            }
                            else
                            {
                                disabledFindings.Add(ReportDisabled(frontEnd, target, disabled));
                            }
                        }

                        // A socket in a RuntimeDirectory= another enabled unit makes too: removed when that one stops.
                        if (SharedRuntimeFolders.At(host, target.Endpoint) is { } shared && disabledReported.Add((target.Location.Path, target.Location.Span)))
                        {
                            disabledFindings.Add(ReportSharedFolder(frontEnd, target, shared));
                        }

                        // A socket unit's socket in a RuntimeDirectory=: removed when that unit stops, and never made again.
                        if (SharedRuntimeFolders.SocketAt(host, target.Endpoint) is { } under && disabledReported.Add((target.Location.Path, target.Location.Span)))
                        {
                            disabledFindings.Add(ReportSocketInRuntimeFolder(frontEnd, target, under));
                        }
                    }

                    if (!target.Endpoint.IsLocal && target.Endpoint.Host is { } address && System.Net.IPAddress.TryParse(address, out _)
                        && (remote ??= new HashSet<string>(StringComparer.Ordinal)).Add(address))
                    {
                        // Said once per address: a large tree proxies to the same few hosts from thousands of locations.
                        context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge {target.Endpoint.Describe()}: {address} is taken as another host's (only loopback and wildcard addresses, and those the root's network configuration gives this host, are known to be this host's)");
                    }
                    else if (!target.Endpoint.IsLocal && target.Endpoint.Kind == EndpointKind.Tcp && target.Endpoint.Host is { Length: > 0 } name && !Endpoint.IsIpAddress(name)
                        && (remote ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                    {
                        context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge {target.Endpoint.Describe()}: "
                            + (!host.Resolution.RootKnown ? $"{name} is a name, and without --root the host's /etc/hosts is not read"
                                : host.Resolution.HostsFile.ContainsKey(name)
                                ? $"the root's /etc/hosts gives {name} as {string.Join(", ", host.Resolution.HostsAddresses(name))}, not known to be this host's"
                                : $"{name} is not in the root's /etc/hosts, so DNS answers it, which is not known here"));
                    }

                    continue;
                }

                if (verdict.Skip is not null && verdict.UnreadNotEnabled is { } off)
                {
                    if (disabledReported.Add((target.Location.Path, target.Location.Span)))
                    {
                        disabledFindings.Add(ReportDisabled(frontEnd, target, NotStartedUnread(off.Program, off.Tie, verdict.Skip!)));
                    }

                    continue;
                }

                if (verdict.Skip is { } why)
                {
                    if (Tomcat.TomcatTargets.MissingAjpConnector(host, frontEnd, target) is { } ajp)
                    {
                        tomcatFindings.Add(Report(ajp.Location, ajp.Message, ajp.Related, ajp.Fix));
                        continue;
                    }

                    // An upstream's server line that several passes use is reported once, where it is written.
                    if (Tomcat.TomcatTargets.MissingHttpConnector(host, frontEnd, target, why, out var proven) is { } http)
                    {
                        if (tomcatReported.Add((target.Location.Path, target.Location.Span)))
                        {
                            var diagnostic = Report(http.Location, http.Message, http.Related);
                            tomcatFindings.Add(proven ? diagnostic : diagnostic with { Severity = Severity.Info });
                        }

                        continue;
                    }

                    // A program file supervisord's [include] glob does not load (conf.d/app.ini beside files = conf.d/*.conf)
                    // whose program would listen here: supervisord never starts it. Not where something ConfLint knows of
                    // names the address (the web server's own listen, a program it does not read), which may answer there.
                    if (SupervisorUnloadedPrograms.At(host, target.Endpoint) is { } unloadedProgram && WebServerListens.Covering(host, target.Endpoint) is null
                        && host.UnreadProgramNaming(target.Endpoint) is null)
                    {
                        if (unloadedReported.Add((target.Location.Path, target.Location.Span)))
                        {
                            unloadedFindings.Add(ReportUnloadedProgram(frontEnd, target, unloadedProgram));
                            context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 warns (rather than errs) of {target.Endpoint.Describe()}, where only a program of a file supervisord does not load would listen: {why}");
                        }

                        continue;
                    }

                    context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge {target.Endpoint.Describe()}: {why}");
                    continue;
                }

                // A container's port that Docker publishes elsewhere, or not at all, is CL019's finding, with the Compose
                // file's evidence; a host port no container port matches (the published port moved: lemmy-ansible's
                // lemmy_port) is judged here, against the ports the services publish, where the configuration ties a
                // service to the front end (a Compose project is often one of several started by hand, some unread).
                // CL019 judges only a port some service's container has (expose, ports' target, its Dockerfile's EXPOSE);
                // where none has it, a target the configuration does not tie to a service is left unjudged, with a note.
                if (verdict.Candidates.Count > 0 && verdict.Candidates.All(c => c is Host.Compose.ComposeBackEnd))
                {
                    if (host.Workspace.ComposeProjects.SelectMany(p => p.Running).Any(s => ComposeTargets.HasContainerPort(s, target.Endpoint.Port, host)))
                    {
                        context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 leaves {target.Endpoint.Describe()} to CL019: only Compose services publish ports to compare with");
                        continue;
                    }

                    if (!verdict.Proven)
                    {
                        context.Notes.Add($"{target.File.DisplayPath}:{target.DefinedAt!.Position.Line}: CL001 did not judge {target.Endpoint.Describe()}: only Compose services publish ports to compare with, none has a container port {target.Endpoint.Port} (so CL019 cannot judge it), and nothing ties the target to one of them");
                        continue;
                    }
                }

                if (verdict.NotEnabled is { } notEnabled)
                {
                    notEnabledFindings.Add(ReportNotEnabled(host, verdict, notEnabled.File));
                    continue;
                }

                verdicts.Add(verdict);
            }
        }

        // One back end is never the answer to two different addresses: a fix would point two applications at one port. A
        // back end the evidence names for two addresses gets no certain fix; a guess (the closest candidate) is never made
        // onto a back end the evidence names for another address, nor onto one another guess takes too.
        // (Plain loops: a LINQ chain of Where, GroupBy and Select here cost a native one-file run 1.5 ms in the runtime's
        // lookup of generic virtual methods, though no verdict was there to group.)
        var meantFor = new Dictionary<BackEnd, HashSet<string>>();
        var guessedFor = new Dictionary<BackEnd, HashSet<string>>();
        foreach (var verdict in verdicts)
        {
            if (verdict.Meant is null && verdict.NoGuess is not null)
            {
                continue;
            }

            var map = verdict.Meant is null ? guessedFor : meantFor;
            var chosen = Chosen(verdict);
            if (!map.TryGetValue(chosen, out var addresses))
            {
                map[chosen] = addresses = new HashSet<string>(StringComparer.Ordinal);
            }

            addresses.Add(verdict.Target.Endpoint.Describe());
        }

        // An upstream's server line that several passes use is one mistake: reported once, where it is written (the
        // first proven verdict on it), not once per proxy_pass.
        var reported = new Dictionary<(string Path, Text.TextSpan Span), int>();
        var kept = new List<UnmatchedTargets.Verdict>();
        foreach (var verdict in verdicts)
        {
            var key = (verdict.Target.Location.Path, verdict.Target.Location.Span);
            if (!reported.TryGetValue(key, out var index))
            {
                reported[key] = kept.Count;
                kept.Add(verdict);
            }
            else if (verdict.Proven && !kept[index].Proven)
            {
                kept[index] = verdict;
            }
        }

        var chosenForVerdicts = new HashSet<BackEnd>(ReferenceEqualityComparer.Instance);
        foreach (var verdict in kept)
        {
            var chosen = Chosen(verdict);
            var address = verdict.Target.Endpoint.Describe();
            var shared = verdict.Meant is not null
                ? meantFor[chosen].Count > 1
                : verdict.NoGuess is null && (guessedFor[chosen].Count > 1 || (meantFor.TryGetValue(chosen, out var meant) && !meant.SetEquals([address])));
            // A PHP-FPM pool may serve several sites (Debian's www pool): two addresses meant for it leave both fixes unsafe.
            // No guess where every candidate is another site's (another customer's pool on a shared host).
            var grade = verdict.Meant is null && verdict.NoGuess is not null ? FixGrade.None
                : shared ? (chosen is Host.PhpFpm.FpmPool ? FixGrade.Guess : FixGrade.None)
                : verdict.Meant is not null ? (verdict.Certain ? FixGrade.Certain : FixGrade.Named) : verdict.Proven ? FixGrade.Guess : FixGrade.Advice;
            var unread = verdict.Meant is { } meantBackEnd ? UnreadPort(host, meantBackEnd, verdict.Target.Endpoint) : null;
            var rival = grade == FixGrade.Certain && unread is null ? Rival(host, chosen, verdict.Target.Endpoint) : null;
            if (rival is not null)
            {
                chosenForVerdicts.Add(chosen);
            }

            var hiddenThere = PrivateTmpSockets.Of(host, chosen, UnmatchedTargets.Closest(chosen, verdict.Target.Endpoint, host), out _);
            var diagnostic = Report(host, verdict, grade == FixGrade.Certain && unread is not null ? FixGrade.Contested : rival is not null ? FixGrade.Rivalled : grade, unread, rival, hiddenThere);
            // A program ConfLint does not read is where its own words say, but what else listens there, and whether it is
            // the one meant, is not read: a warning at most; unless its words bind the target's very port on another
            // address only (a socket bound to one address refuses a connection to another) and no program ConfLint does not
            // read may listen at the target: that proves the target and the tie as a back end ConfLint reads would.
            yield return chosen is UnreadBackEnd unreadChosen && diagnostic.Severity == Severity.Error
                && !(UnmatchedTargets.BindsPortElsewhere(host, unreadChosen, verdict.Target.Endpoint)
                    && UnmatchedTargets.UnreadAtUnknownAddress(host, verdict.FrontEnd, verdict.Target.Endpoint) is null)
                ? diagnostic with { Severity = Severity.Warning } : diagnostic;
        }

        foreach (var (target, frontEnds, hidden) in privateTmp)
        {
            yield return ReportPrivateTmp(target, frontEnds, hidden);
        }

        foreach (var finding in Collisions(host, chosenForVerdicts, context.Notes))
        {
            yield return finding;
        }

        foreach (var finding in PublicationCollisionsOf(host, context.Notes))
        {
            yield return finding;
        }

        // Front ends in Compose services: the other containers' names and ports.
        foreach (var finding in ContainerTargets.Judge(host, context.Notes))
        {
            var diagnostic = Report(finding.Location, finding.Message, finding.Related, finding.Fix);
            yield return finding.Info ? diagnostic with { Severity = Severity.Info } : diagnostic;
        }

        foreach (var unloaded in host.UnloadedProxies)
        {
            yield return ReportUnloaded(unloaded);
        }

        notConnectFailures.UnionWith(protocolFindings);
        foreach (var finding in tomcatFindings.Concat(chrootFindings).Concat(notEnabledFindings).Concat(disabledFindings).Concat(protocolFindings).Concat(keptFindings).Concat(failedFindings).Concat(unloadedFindings))
        {
            yield return finding;
        }

        foreach (var handOver in FpmSocketHandOver.Judge(host))
        {
            var diagnostic = Report(handOver.Location, handOver.Message, handOver.Related);
            yield return handOver.Reached ? diagnostic : diagnostic with { Severity = Severity.Warning };
        }
    }

    /// <summary>A target where what listens speaks another protocol: an error whatever the back end, since each request
    /// fails there. No safe fix: the front end may be changed to the back end's protocol, or the back end made to speak the
    /// front end's; the message says both.</summary>
    private Diagnostic ReportMismatch(HostModel host, UnmatchedTargets.Mismatch mismatch)
    {
        if (mismatch.Tls != TlsFact.Unknown)
        {
            return ReportTls(host, mismatch);
        }

        var (frontEnd, target, spoken, listeners, notRunning, _) = mismatch;
        var throughUpstream = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var head = throughUpstream
            ? $"{frontEnd.DirectiveName} {frontEnd.Target.Text} reaches {target.Endpoint.Address}"
            : $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}";
        var speakers = string.Join("; ", listeners.Select(l => Speaks(host, l.BackEnd, l.Listener, l.Protocol)));
        var message = $"{head} speaks {Name(spoken)} to {target.Endpoint.Address}, which nothing listening there speaks: {speakers}; {Failure(host, spoken, listeners)}";
        if (notRunning.Count > 0)
        {
            message += $"; {string.Join(", ", notRunning.Select(n => n.Describe()))} also {(notRunning.Count == 1 ? "binds" : "bind")} it, but {(notRunning.Count == 1 ? "is" : "are")} disabled (an [Install] section and no link in a .wants folder, where the root enables other units by links), so {(notRunning.Count == 1 ? "it does" : "they do")} not run at boot";
        }

        var first = listeners[0];
        message += $". {Advice(host, frontEnd, target, spoken, first.Protocol, first.BackEnd)}";
        var related = new List<RelatedLocation>();
        foreach (var (backEnd, listener, protocol) in listeners)
        {
            related.Add(Related(listener.Location, $"{backEnd.Describe()} listens here, speaking {Name(protocol)}"));
        }

        // Where a setting of the program makes it speak what it does (gunicorn's --protocol), once for each program.
        foreach (var server in listeners.Select(l => host.AppServerOf(l.BackEnd)).Distinct())
        {
            if (server?.ProtocolSetting is { At: { } at, Setting: var setting })
            {
                related.Add(Related(at, $"{setting}: {server.Program} speaks {Name(server.Protocol)} on each socket it serves"));
            }
        }

        if (throughUpstream)
        {
            related.Insert(0, Related(frontEnd.Directive, $"{frontEnd.DirectiveName} uses this upstream"));
        }

        foreach (var backEnd in notRunning.Take(3))
        {
            var listener = UnmatchedTargets.Closest(backEnd, target.Endpoint);
            related.Add(Related(listener.Location, $"{backEnd.Describe()} would listen here, but its unit is disabled"));
        }

        var fix = new Fix(first.BackEnd is Host.PhpFpm.FpmPool
            ? $"Either make {frontEnd.DirectiveName} speak {Name(first.Protocol)}, if the site is PHP, or give the program meant for this site an address of its own and point {frontEnd.DirectiveName} there: which one is meant is not known"
            : $"Either make {frontEnd.DirectiveName} speak {Name(first.Protocol)}, or make {Program(host, first.BackEnd)} speak {Name(spoken)} at {target.Endpoint.Address}: which one is meant is not known", Applicability.DisplayOnly, []);
        return Report(target.Location, message, related, fix);
    }

    /// <summary>What one listener speaks, for the message, with what says so: the bind's note ("gunicorn's default bind"),
    /// the program a socket unit hands its connections to, the setting that chose the protocol (gunicorn's --protocol).</summary>
    private static string Speaks(HostModel host, BackEnd backEnd, EndpointSite listener, BackendProtocol protocol)
    {
        var details = new List<string>(3);
        if (listener.Note is { } note)
        {
            details.Add(note);
        }

        if (backEnd is Host.Systemd.SocketBackEnd { Service: { } service })
        {
            details.Add($"it hands each connection to {service.Describe()}");
        }

        if (host.AppServerOf(backEnd)?.ProtocolSetting is { Setting: var setting })
        {
            details.Add(setting);
        }

        return $"{backEnd.Describe()} speaks {Name(protocol)} there" + (details.Count > 0 ? $" ({string.Join(", ", details)})" : string.Empty);
    }

    /// <summary>The program to change on the back end's side: the service a socket unit starts, else the back end itself.</summary>
    private static string Program(HostModel host, BackEnd backEnd) =>
        backEnd is Host.Systemd.SocketBackEnd && host.ServiceOf(backEnd) is { } service ? service.Describe() : backEnd.Describe();

    /// <summary>How each request fails. HTTP to gunicorn speaking the uwsgi protocol: its uWSGI parser reads the request
    /// line's first byte as the packet's modifier1 and refuses it (uwsgi/message.py, <c>UnsupportedModifier</c>); the asgi
    /// worker then closes the connection (asgi/protocol.py, a 502 "upstream prematurely closed connection"), the others
    /// answer 500 (workers/base.py's <c>handle_error</c>). Otherwise a 502.</summary>
    private static string Failure(HostModel host, BackendProtocol spoken, IReadOnlyList<(BackEnd BackEnd, EndpointSite Listener, BackendProtocol Protocol)> listeners) =>
        spoken == BackendProtocol.Http && listeners.All(l => l.Protocol == BackendProtocol.Uwsgi && host.AppServerOf(l.BackEnd)?.Program == "gunicorn")
            ? "each request fails (gunicorn's uWSGI parser refuses an HTTP request: the asgi worker closes the connection, a 502; the other workers answer 500)"
            : "each request fails (502)";

    /// <summary>
    /// A target where the front end and every listener speak the same protocol but disagree about TLS. TLS to a plain HTTP
    /// listener is an error: the handshake meets an HTTP server's bytes, fails, and each request gets a 502 (nginx: "SSL_do_handshake()
    /// failed ... wrong version number"; Apache: "AH00898: Error during SSL Handshake with remote server"). Its fix, the plain
    /// scheme, is safe where the pass names the address itself with its port (or socket) written and every target of the
    /// pass is such a listener: then nothing else fits. Plain HTTP to a TLS-only listener is a warning: most servers answer
    /// 400 ("The plain HTTP request was sent to HTTPS port"), some close the connection; the TLS scheme is advice, since
    /// the back end's certificate and the front end's checking of it are the operator's to settle.
    /// </summary>
    private Diagnostic ReportTls(HostModel host, UnmatchedTargets.Mismatch mismatch)
    {
        var (frontEnd, target, _, listeners, notRunning, tls) = mismatch;
        var throughUpstream = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var head = throughUpstream
            ? $"{frontEnd.DirectiveName} {frontEnd.Target.Text} reaches {target.Endpoint.Address}"
            : $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}";
        var what = string.Join("; ", listeners.Select(l => $"{l.BackEnd.Describe()} {(tls == TlsFact.Yes ? "speaks plain HTTP there" : "serves TLS only there")} ({l.Listener.TlsEvidence})"));
        var nginx = frontEnd.Daemon == Syntax.ConfigKind.Nginx;
        var scheme = UnmatchedTargets.FrontEndTls(frontEnd, target) == TlsFact.Yes ? target.Target?.Scheme ?? frontEnd.Target.Scheme : null;
        var related = listeners.Select(l => Related(l.Listener.Location, $"{l.BackEnd.Describe()} listens here, {(tls == TlsFact.Yes ? "without TLS" : "with TLS")}")).ToList();
        if (throughUpstream)
        {
            related.Insert(0, Related(frontEnd.Directive, $"{frontEnd.DirectiveName} uses this upstream"));
        }

        var disabled = notRunning.Count > 0 ? $"; {string.Join(", ", notRunning.Select(n => n.Describe()))} also {(notRunning.Count == 1 ? "binds" : "bind")} it, but {(notRunning.Count == 1 ? "is" : "are")} not started at boot" : string.Empty;
        if (tls == TlsFact.Yes)
        {
            var log = nginx ? "nginx logs 'SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream'"
                : "with SSLProxyEngine on, Apache logs 'AH00898: Error during SSL Handshake with remote server'; without it Apache refuses before connecting, a 500";
            var message = $"{head} opens TLS ({scheme}://) to {target.Endpoint.Address}, where nothing serves TLS: {what}{disabled}; the handshake fails ({log}) and each request gets a 502";
            var plain = scheme is not null && UnmatchedTargets.TlsSchemes.TryGetValue(scheme, out var p) ? p : "http";
            return Report(target.Location, message, related, PlainSchemeFix(frontEnd, target, scheme, plain, listeners.Count));
        }

        var secure = frontEnd.Target.Scheme is { } written && UnmatchedTargets.TlsSchemes.FirstOrDefault(t => t.Value == written).Key is { } s ? s : "https";
        var warning = $"{head} speaks plain HTTP to {target.Endpoint.Address}, where every listener serves TLS only: {what}{disabled}; the back end refuses each request (most answer 400 'The plain HTTP request was sent to HTTPS port', some close the connection, a 502)";
        var advice = nginx
            ? $"Either write {secure}:// in {frontEnd.DirectiveName} (nginx does not verify the back end's certificate unless proxy_ssl_verify is on), or make the back end serve plain HTTP there: which one is meant is not known"
            : $"Either write {secure}:// in {frontEnd.DirectiveName} with SSLProxyEngine on for its virtual host, or make the back end serve plain HTTP there: which one is meant is not known";
        return Report(target.Location, warning, related, new Fix(advice, Applicability.DisplayOnly, [])) with { Severity = Severity.Warning };
    }

    /// <summary>The scheme of the pass written without TLS: safe where the pass names the address itself as written (its
    /// port written, or a socket) and this is its only target; advice otherwise (an upstream's scheme is the passes'
    /// that use it; a port left to the TLS scheme's default, 443, would move to 80).</summary>
    private static Fix PlainSchemeFix(FrontEnd frontEnd, EndpointSite target, string? scheme, string plain, int listenerCount)
    {
        var token = frontEnd.TargetToken;
        var text = token.Value;
        var at = text.IndexOf("://", StringComparison.Ordinal);
        var start = at;
        while (start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
        {
            start--;
        }

        var written = at > 0 ? text[start..at] : null;
        var direct = ReferenceEquals(target.DefinedAt, frontEnd.Directive) && frontEnd.Targets.Count == 1;
        var portKept = target.Endpoint.Kind == EndpointKind.Unix || (target.Target ?? frontEnd.Target).PortWritten;
        var title = $"Write {plain}:// in {frontEnd.DirectiveName}: the back end speaks plain HTTP there";
        if (written is null || scheme is null || !written.Equals(scheme, StringComparison.OrdinalIgnoreCase) || !direct || !portKept || target.Through is not null || listenerCount == 0)
        {
            return new Fix(title + (!portKept ? $" (with the port, {target.Endpoint.Port}, written out: without one {plain}:// connects to another port)" : direct ? string.Empty : "; it is the scheme of each pass that uses this address: review them"), Applicability.DisplayOnly, []);
        }

        var replacement = text[..start] + plain + text[at..];
        var edits = new List<FileEdit> { Edits.ReplaceValue(frontEnd.File, token, replacement) };
        edits.AddRange(ReverseMappings(frontEnd, target, replacement));
        return new Fix(title, Applicability.Safe, edits);
    }

    /// <summary>The two remedies, in the words of the two sides.</summary>
    private static string Advice(HostModel host, FrontEnd frontEnd, EndpointSite target, BackendProtocol spoken, BackendProtocol heard, BackEnd backEnd)
    {
        var address = target.Endpoint.Kind == EndpointKind.Unix ? "unix:" + target.Endpoint.Path : target.Endpoint.Address;
        var front = frontEnd.Daemon == Syntax.ConfigKind.Nginx
            ? heard switch
            {
                BackendProtocol.Uwsgi => $"nginx: include uwsgi_params; uwsgi_pass {address}; (in place of {frontEnd.DirectiveName} and its headers)",
                BackendProtocol.FastCgi => $"nginx: include fastcgi_params; fastcgi_pass {address};",
                BackendProtocol.Scgi => $"nginx: include scgi_params; scgi_pass {address};",
                BackendProtocol.Http => $"nginx: proxy_pass http://{address};",
                _ => $"a front end that speaks {Name(heard)}",
            }
            : frontEnd.Daemon == Syntax.ConfigKind.Apache
            ? heard switch
            {
                BackendProtocol.Uwsgi => $"Apache: the uwsgi:// scheme (mod_proxy_uwsgi)",
                BackendProtocol.FastCgi => $"Apache: the fcgi:// scheme (mod_proxy_fcgi)",
                BackendProtocol.Scgi => $"Apache: the scgi:// scheme (mod_proxy_scgi)",
                BackendProtocol.Http => $"Apache: the http:// scheme",
                BackendProtocol.Ajp => $"Apache: the ajp:// scheme (mod_proxy_ajp)",
                _ => $"a front end that speaks {Name(heard)}",
            }
            : $"a front end that speaks {Name(heard)}";
        // PHP-FPM speaks FastCGI only: where the site is not PHP (a Java or Python application set to PHP-FPM's port, which
        // PHP-FPM took first), the other remedy is another address.
        if (backEnd is Host.PhpFpm.FpmPool)
        {
            return $"Fix one side: {front} if the site is PHP; else another program is meant to answer here, and {backEnd.Describe()} holds the address (PHP-FPM speaks nothing but FastCGI): move one of them to another port, and point {frontEnd.DirectiveName} at the program meant";
        }

        var server = host.AppServerOf(backEnd);
        var program = Program(host, backEnd);
        var back = server?.Program == "uwsgi" && heard == BackendProtocol.Uwsgi
            ? spoken switch
            {
                BackendProtocol.Http => $"uWSGI: http-socket = {address} in place of socket (or protocol = http)",
                BackendProtocol.FastCgi => $"uWSGI: fastcgi-socket = {address} in place of socket",
                BackendProtocol.Scgi => $"uWSGI: scgi-socket = {address} in place of socket",
                _ => $"{program} made to speak {Name(spoken)}",
            }
            : server?.Program == "gunicorn" && (heard, spoken) is (BackendProtocol.Http, BackendProtocol.Uwsgi)
            ? server.WorkerClass is { } worker && !Host.Systemd.AppServers.GunicornReader.ReadsProtocol(worker)
                ? $"{program} given --protocol uwsgi and one of gunicorn's own worker classes (sync, gthread, gevent; asgi, gunicorn 25 or later, for an ASGI application): its {worker} parses requests itself, and speaks HTTP"
                : $"{program} given --protocol uwsgi (gunicorn 24 or later; with the asgi worker, 25 or later)"
            : server?.Program == "gunicorn" && (heard, spoken) is (BackendProtocol.Uwsgi, BackendProtocol.Http)
            ? $"{program} made to speak HTTP ({server.ProtocolSetting?.Setting ?? "protocol uwsgi"} taken out: HTTP is its default)"
            : $"{program} made to speak {Name(spoken)}";
        return $"Fix one side: {front}, or {back}";
    }

    private static string Name(BackendProtocol protocol) => protocol switch
    {
        BackendProtocol.Http => "HTTP",
        BackendProtocol.Uwsgi => "the uwsgi protocol",
        BackendProtocol.FastCgi => "FastCGI",
        BackendProtocol.Scgi => "SCGI",
        BackendProtocol.Grpc => "gRPC",
        BackendProtocol.Ajp => "AJP",
        _ => "another protocol",
    };

    /// <summary>
    /// An nginx pass whose host is a variable that holds one literal address where the pass is (<c>set $b 127.0.0.1;</c>
    /// with <c>proxy_pass http://$b:8096</c>), judged as if the address were written out. Only an IP address: nginx's
    /// resolver looks a name up per request in DNS, never in /etc/hosts, so where a name leads is not known here. Null
    /// where several values or an unknown one may reach the pass (<see cref="NginxVariables.SingleValue"/>), an include
    /// ConfLint did not read may set it, or the variable is more than the host.
    /// </summary>
    private static EndpointSite? ThroughVariable(RuleContext context, FrontEnd frontEnd)
    {
        if (frontEnd.Details is not NginxPass { Upstream: null, Instance: var nginx, Scope: var scope } || frontEnd.Target is not { HasVariable: true, HostVariable: { } variable } target
            || NginxVariables.SingleValue(nginx, scope, variable) is not var (value, set, setFile)
            || Rules.Support.NginxUnseen.Include(context.Workspace, scope) is not null)
        {
            return null;
        }

        if (NginxVariables.Written(target, variable, value) is not { Endpoint: { } endpoint } parsed
            || set is not NginxDirective directive || directive.Arguments.Count != (directive.Name == "set" ? 2 : 1))
        {
            return null;
        }

        var from = directive.Name == "set" ? $"'set' at {setFile.DisplayPath}:{directive.Position.Line}"
            : $"every entry of the 'map' that defines it gives it, the first at {setFile.DisplayPath}:{directive.Position.Line}";
        return new EndpointSite(endpoint, frontEnd.File, frontEnd.TargetToken.Location, frontEnd.Directive)
        {
            Token = frontEnd.TargetToken,
            Target = parsed,
            Protocol = frontEnd.Protocol,
            Resolution = $"${variable} is {value} here ({from})",
            Through = (directive, setFile, directive.Arguments[^1], variable),
        };
    }

    /// <summary>What is not started at boot behind every listener at <paramref name="endpoint"/>, where one thing is and it
    /// provably is not: a service the root's links prove not enabled (<see cref="ConfLint.Workspace.Systemd.UnitEnablement.Disabled"/>:
    /// units are enabled by links, it has an <c>[Install]</c> section and no link, nothing enabled starts it), or a
    /// supervisord program with <c>autostart=false</c>; null otherwise.</summary>
    private static NotStarted? OnlyDisabled(HostModel host, Endpoint endpoint)
    {
        NotStarted? found = null;
        foreach (var provider in host.Providers(endpoint))
        {
            NotStarted? current;
            if (provider is Host.Supervisor.SupervisorBackEnd { AutoStartOff: { } autostart } program)
            {
                current = new NotStarted(program.Program, $"supervisord program '{program.Program}'", "supervisord does not start it (autostart=false)",
                    Related(autostart, "autostart=false: supervisord starts it only when someone runs supervisorctl start"), $"Set autostart=true for [program:{program.Program}] (or remove the line: true is supervisord's default)");
            }
            else if (provider is Host.Systemd.SocketBackEnd socket)
            {
                // A socket unit listens at boot when a link enables it or an enabled unit pulls it in (its service's
                // Requires=/Wants=/Sockets=, an Also=: SocketStarts). Its service enabled without pulling it runs without
                // it: where the service's own binds are known and are not the target, nothing listens there either.
                if (socket.Starts != ConfLint.Workspace.Systemd.UnitEnablement.Disabled
                    || (socket.Service is { Enablement: ConfLint.Workspace.Systemd.UnitEnablement.Enabled } running && (running.Server is not { BindsUnknown: false } || host.UnknownListeners.Any(u => ReferenceEquals(u.BackEnd, running)))))
                {
                    return null;
                }

                var install = socket.Unit.EffectiveEntry("Install", "WantedBy") ?? socket.Unit.EffectiveEntry("Install", "RequiredBy");
                var alone = socket.Service is { Enablement: ConfLint.Workspace.Systemd.UnitEnablement.Enabled } started ? started : null;
                var service = socket.Service is null ? string.Empty
                    : alone is null ? $" (its service '{socket.ServiceName}' is not enabled either)"
                    : $": its service '{socket.ServiceName}' runs at boot without it (it does not pull the socket unit in: no Requires=, Wants=, BindsTo= or Sockets= names it), handed no socket, and {alone.Describe()} binds {OwnBinds(alone)} itself";
                var advice = alone is null || alone.Listeners.Count == 0 ? $"Enable it: systemctl enable {socket.Unit.Name}"
                    : $"Either enable it (systemctl enable --now {socket.Unit.Name}), or point the site at {OwnBinds(alone)}, where {alone.Describe()} listens without it: which one is meant is not known";
                current = new NotStarted(socket.Unit.Name, socket.Describe(), $"it is not enabled: the root enables other units by links, none names it, and nothing enabled pulls it in{service}; systemd does not create it at boot",
                    install is null ? null : Related(install, $"{socket.Unit.Name} is to be enabled for {install.Value.Trim()}, and no link in the root enables it"), advice);
            }
            else if (host.ServiceOf(provider) is { Enablement: ConfLint.Workspace.Systemd.UnitEnablement.Disabled } service)
            {
                var install = service.Unit.EffectiveEntry("Install", "WantedBy") ?? service.Unit.EffectiveEntry("Install", "RequiredBy");
                // A service that is PartOf= a unit pulling it in (funkwhale-server.service and funkwhale.target): the group
                // is what its project enables, and enabling it starts the service at boot with the rest of the group.
                var group = Host.Systemd.HostEnablements.Of(host).GroupOf(service.Unit);
                current = new NotStarted(service.UnitName, service.Describe(), "it is not enabled (the root enables other units by links, and none names it): systemd does not start it at boot",
                    install is null ? null : Related(install, $"{service.UnitName} is to be enabled for {install.Value.Trim()}, and no link in the root enables it"),
                    group is null ? $"Enable it: systemctl enable {service.UnitName}"
                        : $"Enable {group}, which pulls it in and which it is PartOf=: systemctl enable {group}");
            }
            else
            {
                return null;
            }

            if (found is not null && found.Name != current.Name)
            {
                return null;
            }

            found = current;
        }

        return found;
    }

    /// <summary>The addresses a service binds of its own, said (<c>127.0.0.1:3000</c>; "nothing" where it binds none).</summary>
    private static string OwnBinds(Host.Systemd.ServiceBackEnd service) =>
        service.Listeners.Count == 0 ? "nothing" : string.Join(", ", service.Listeners.Select(l => l.Endpoint.Describe()).Distinct());

    /// <summary>A target whose every listener belongs to a unit naming an account the host does not have
    /// (<see cref="UnitAccounts"/>): a socket unit whose <c>SocketUser=</c> or <c>SocketGroup=</c> systemd cannot resolve
    /// fails and listens nowhere; a service whose <c>User=</c> or <c>Group=</c> is missing never runs. A warning with
    /// advice: the account may be made by what the root does not show, and naming another account or making this one are
    /// both remedies.</summary>
    private Diagnostic ReportNoAccount(FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, UnitAccounts.Missing missing)
    {
        var pass = ReferenceEquals(target.DefinedAt, frontEnd.Directive)
            ? $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}"
            : $"the upstream server {target.Token?.Value ?? target.Endpoint.Describe()} (of {frontEnd.DirectiveName} {frontEnd.Target.Text})";
        var unit = missing.Unit.Name;
        var socketFails = unit.EndsWith(".socket", StringComparison.Ordinal);
        // A socket unit that runs holds the address for a service that fails: something listens, nothing answers.
        var held = backEnd is Host.Systemd.SocketBackEnd && !socketFails ? "nothing answers at" : "nothing listens at";
        var what = missing.Group ? "group" : "user";
        var dependent = socketFails && backEnd is Host.Systemd.SocketBackEnd { Service: { } service } && UnitAccounts.Needs(service.Unit, unit) is { } key
            ? $"; {service.UnitName}, which {key}= it, does not start either" : string.Empty;
        var message = $"{pass}: {held} {target.Endpoint.Describe()}, since {unit} cannot start: {missing.Key}={missing.Name} names no account of the host "
            + $"(the root's accounts have no {what} '{missing.Name}', and no sysusers.d line or userdb record makes one); {missing.Fails}{dependent}; "
            + $"{DaemonName(frontEnd)} answers {ProxyStatus.Unreachable([frontEnd])}";
        var related = new List<RelatedLocation> { Related(missing.Entry.Location, $"{missing.Key}={missing.Name}: no {what} of that name on this host") };
        var create = missing.Group ? $"a sysusers.d line 'g {missing.Name} -', or groupadd --system {missing.Name}" : $"a sysusers.d line 'u {missing.Name} - - -', or useradd --system {missing.Name}";
        var advice = $"Name an account the host has in {missing.Key}= (in a drop-in: /etc/systemd/system/{unit}.d/override.conf), or create the {what} '{missing.Name}' ({create}); then systemctl daemon-reload && systemctl restart {unit}";
        return Report(target.Location, message, related, new Fix(advice, Applicability.DisplayOnly, [])) with { Severity = Severity.Warning };
    }

    /// <summary>A program ConfLint does not read whose words or files name the target and that the configuration ties to the
    /// front end, whose unit is not enabled.</summary>
    private static NotStarted NotStartedUnread(UnreadProgram program, string tie, string naming)
    {
        var unit = program.Unit!;
        var install = unit.EffectiveEntry("Install", "WantedBy") ?? unit.EffectiveEntry("Install", "RequiredBy");
        var said = naming.StartsWith(program.Who + " ", StringComparison.Ordinal) ? "it " + naming[(program.Who.Length + 1)..] : naming;
        return new NotStarted(unit.Name, $"{program.Who} ({said}; {tie})", "it is not enabled (the root enables other units by links, and none names it): systemd does not start it at boot",
            install is null ? null : Related(install, $"{unit.Name} is to be enabled for {install.Value.Trim()}, and no link in the root enables it"), $"Enable it: systemctl enable {unit.Name}");
    }

    /// <summary>A back end nothing starts at boot: its name, how it is described, why it is not started, where that shows,
    /// and the advice.</summary>
    private sealed record NotStarted(string Name, string Describe, string Why, RelatedLocation? At, string Advice);

    /// <summary>A target only a back end nothing starts listens at: it answers now, if someone started it by hand, and not
    /// after the next boot. A warning with advice: starting it at boot is the remedy, which is no edit ConfLint makes.</summary>
    private Diagnostic ReportDisabled(FrontEnd frontEnd, EndpointSite target, NotStarted disabled)
    {
        var related = disabled.At is { } at ? new List<RelatedLocation> { at } : [];
        var message = $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}: only {disabled.Describe} listens at {target.Endpoint.Describe()}, and {disabled.Why}, "
            + $"so after the next reboot nothing listens there and {DaemonName(frontEnd)} answers {ProxyStatus.Unreachable([frontEnd])}";
        return Report(target.Location, message, related, new Fix(disabled.Advice, Applicability.DisplayOnly, [])) with { Severity = Severity.Warning };
    }

    /// <summary>A target only a masked unit would listen at (<see cref="MaskedUnits"/>): systemd starts a masked unit
    /// neither by hand nor at boot, nor for a unit that needs it. A warning, as for a unit that is only disabled (one that
    /// runs keeps listening until it stops: the mask does not stop it), with advice: unmasking is no edit ConfLint makes.</summary>
    private Diagnostic ReportMasked(FrontEnd frontEnd, EndpointSite target, MaskedUnits.Masked masked)
    {
        var related = new List<RelatedLocation> { Related(Location.FileOnly(masked.Mask), $"the mask of {masked.Unit}: systemd loads it as masked and will not start it") };
        if (masked.Listen is { } listen)
        {
            related.Add(Related(listen, $"{masked.Describe} would listen here"));
        }

        var consequence = masked.Consequence.Length > 0 ? $"; {masked.Consequence}" : string.Empty;
        var message = $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}: only {masked.Describe} would listen at {target.Endpoint.Describe()}, and {(masked.OfService ? $"its service '{masked.Unit}'" : "it")} is masked ({masked.How}): "
            + $"systemd does not start a masked unit, by hand, at boot or for a unit that needs it{consequence}; "
            + $"so nothing listens there once a running one stops or after the next reboot, and {DaemonName(frontEnd)} answers {ProxyStatus.Unreachable([frontEnd])}";
        return Report(target.Location, message, related, new Fix(masked.Advice, Applicability.DisplayOnly, [])) with { Severity = Severity.Warning };
    }

    /// <summary>A target only socket units whose service is not in the root listen at (<see cref="MissingSocketServices"/>):
    /// an error at the target, the socket unit's listen line related. Advice only: naming the service in <c>Service=</c> and
    /// renaming the service back both fit.</summary>
    private Diagnostic ReportMissingService(FrontEnd frontEnd, EndpointSite target, MissingSocketServices.Missing missing)
    {
        var socket = missing.Socket.Unit.Name;
        var pass = ReferenceEquals(target.DefinedAt, frontEnd.Directive)
            ? $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}"
            : $"the upstream server {target.Token?.Value ?? target.Endpoint.Describe()} (of {frontEnd.DirectiveName} {frontEnd.Target.Text})";
        var related = new List<RelatedLocation> { Related(missing.Listen.Location, $"{missing.Socket.Describe()} would listen here, for {missing.Service}") };
        var how = missing.Accept
            ? $"{socket} has Accept=yes, so it starts an instance of {missing.Service} for each connection, which no unit folder of the root holds: the first connection fails ('Failed to queue service startup job (Maybe the service file is missing or not a template unit?)'), systemd closes it and puts {socket} in the failed state"
            : $"{socket} {(missing.Socket.Unit.Get("Socket", "Service") is { Length: > 0 } ? "names Service=" + missing.Service : "has no Service=, so it starts " + missing.Service)}, which no unit folder of the root holds: systemd refuses to start the socket ('{socket}: Socket service {missing.Service} not loaded, refusing'; systemd-analyze verify: 'service {missing.Service} not loaded, socket cannot be started')";
        var blocked = missing.Blocked.Count == 0 ? string.Empty
            : $"; {string.Join(", ", missing.Blocked.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key}, which {b.Value}= it"))}, cannot start either (systemd fails the start job of a unit whose required unit fails to start), so its own bind is not where anything listens";
        var meant = missing.Meant ?? (missing.Accept ? "NAME@.service" : "NAME.service");
        var rename = missing.Meant is null ? $"or give the service the name {missing.Service}" : $"or rename {missing.Meant} back to {missing.Service}";
        var advice = missing.Accept
            ? $"Give {socket} the template it starts ({missing.Service}), or rename the socket unit after the template it is meant for, then run systemctl daemon-reload and systemctl restart {socket}"
            : $"Name the service in {socket}: Service={meant} in its [Socket] section, {rename}; then run systemctl daemon-reload and systemctl restart {socket}";
        var message = $"{pass}: only {missing.Socket.Describe()} listens at {target.Endpoint.Describe()}, and {how}{blocked}; so nothing listens there and {DaemonName(frontEnd)} answers {ProxyStatus.Unreachable([frontEnd])}";
        return Report(target.Location, message, related, new Fix(advice, Applicability.DisplayOnly, []));
    }

    /// <summary>A target whose socket lies in a folder another enabled unit's <c>RuntimeDirectory=</c> makes too
    /// (<see cref="SharedRuntimeFolders"/>): it answers now, and not after that unit stops or restarts, which removes the
    /// folder with the socket in it. A warning with advice: per-unit folders and <c>RuntimeDirectoryPreserve=yes</c> both
    /// fit, and the first moves the binds with it.</summary>
    private Diagnostic ReportSharedFolder(FrontEnd frontEnd, EndpointSite target, SharedRuntimeFolders.Shared shared)
    {
        var service = shared.Service;
        var names = new List<string>();
        var related = new List<RelatedLocation>();
        var restartOnly = true;
        foreach (var other in shared.Others)
        {
            if (!names.Contains(other.Unit.Name))
            {
                names.Add(other.Unit.Name);
            }

            restartOnly &= other.PreserveRestart is not null;
            related.Add(Related(other.Directory, $"RuntimeDirectory= of {other.Unit.Name} (enabled): systemd removes {other.Folder} when {other.Unit.Name} stops"
                + (other.PreserveRestart is null ? " or restarts" : " (RuntimeDirectoryPreserve=restart keeps it over a restart only)")));
        }

        related.Insert(0, Related(shared.Own.Directory, $"RuntimeDirectory= of {service.UnitName}, which binds {target.Endpoint.Path} there"));
        if (!ReferenceEquals(target.DefinedAt, frontEnd.Directive))
        {
            related.Add(Related(frontEnd.Directive, $"{frontEnd.DirectiveName} {frontEnd.Target.Text} reaches the socket"));
        }

        var others = string.Join(", ", names);
        var events = restartOnly ? "stops" : "stops or restarts";
        var pass = ReferenceEquals(target.DefinedAt, frontEnd.Directive)
            ? $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}"
            : $"the upstream server {target.Token?.Value ?? target.Endpoint.Describe()} (of {frontEnd.DirectiveName} {frontEnd.Target.Text})";
        var message = $"{pass}: {service.Describe()} binds {target.Endpoint.Path} in {shared.Folder}, which RuntimeDirectory= of {others} makes too; "
            + $"systemd removes a unit's RuntimeDirectory= folders with all they hold when that unit {events} (no RuntimeDirectoryPreserve=yes{(restartOnly ? "; =restart keeps them over a restart only" : string.Empty)}), counting no other unit that declares them, "
            + $"so when {others} {events} the socket is gone, {DaemonName(frontEnd)} gets 'No such file or directory' and answers {ProxyStatus.Unreachable([frontEnd])} until {service.UnitName} restarts";
        var perUnit = service.Unit.Files.Template is null ? $"RuntimeDirectory={shared.Folder[5..]}/{Path.GetFileNameWithoutExtension(service.UnitName)}" : $"RuntimeDirectory={shared.Folder[5..]}/%i";
        // A template's instances take a drop-in for the template (gunicorn@.service.d/).
        var dropIns = new List<string>();
        foreach (var unit in shared.Others.Select(o => o.Unit).Prepend(service.Unit))
        {
            var name = unit.Files.Template is null ? unit.Name : Workspace.Systemd.UnitNames.Template(unit.Name);
            if (!dropIns.Contains(name))
            {
                dropIns.Add(name);
            }
        }

        var fix = new Fix($"Give each unit a folder of its own ({perUnit} in {service.UnitName}, the bind and {frontEnd.DirectiveName} moved into it), or keep the folder over stops: RuntimeDirectoryPreserve=yes in a drop-in for {string.Join(" and ", dropIns)} (each unit that declares it)",
            Applicability.DisplayOnly, []);
        return Report(target.Location, message, related, fix) with { Severity = Severity.Warning };
    }

    /// <summary>A target whose socket unit's socket lies in a folder a unit's <c>RuntimeDirectory=</c> makes
    /// (<see cref="SharedRuntimeFolders.SocketAt"/>): it answers now, and not after that unit stops, which removes the
    /// folder with the socket while the socket unit keeps listening on it. A warning with advice: a tmpfiles.d line for the
    /// folder and <c>RuntimeDirectoryPreserve=yes</c> both fit (only <c>yes</c> keeps it over a stop), and which one is the
    /// operator's choice.</summary>
    private Diagnostic ReportSocketInRuntimeFolder(FrontEnd frontEnd, EndpointSite target, SharedRuntimeFolders.UnderSocket under)
    {
        var socket = under.Socket;
        var names = new List<string>();
        var related = new List<RelatedLocation>();
        var restartOnly = true;
        foreach (var maker in under.Makers)
        {
            if (!names.Contains(maker.Unit.Name))
            {
                names.Add(maker.Unit.Name);
            }

            restartOnly &= maker.PreserveRestart is not null;
            var activated = socket.Service is { } started && maker.Unit.Name == started.UnitName;
            related.Add(Related(maker.Directory, $"RuntimeDirectory= of {maker.Unit.Name} ({(activated ? $"the service {socket.Unit.Name} starts" : "enabled")}): systemd removes {maker.Folder} when {maker.Unit.Name} stops"
                + (maker.PreserveRestart is null ? " or restarts" : " (RuntimeDirectoryPreserve=restart keeps it over a restart only)")));
        }

        var listen = socket.Listeners.FirstOrDefault(l => l.Endpoint.CanonicalPath == target.Endpoint.CanonicalPath);
        if (listen is not null)
        {
            related.Insert(0, Related(listen.Location, $"{socket.Unit.Name} makes the socket here once, when it starts"));
        }

        if (!ReferenceEquals(target.DefinedAt, frontEnd.Directive))
        {
            related.Add(Related(frontEnd.Directive, $"{frontEnd.DirectiveName} {frontEnd.Target.Text} reaches the socket"));
        }

        var units = string.Join(", ", names);
        var events = restartOnly ? "stops" : "stops or restarts";
        var pass = ReferenceEquals(target.DefinedAt, frontEnd.Directive)
            ? $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}"
            : $"the upstream server {target.Token?.Value ?? target.Endpoint.Describe()} (of {frontEnd.DirectiveName} {frontEnd.Target.Text})";
        var message = $"{pass}: {socket.Describe()} makes {target.Endpoint.Path} in {under.Folder}, which RuntimeDirectory= of {units} makes; "
            + $"systemd removes a unit's RuntimeDirectory= folders with all they hold when that unit {events} (no RuntimeDirectoryPreserve=yes{(restartOnly ? "; =restart keeps them over a restart only" : string.Empty)}), "
            + $"and the socket unit keeps listening on a socket no path names; so after {units} {events}, {DaemonName(frontEnd)} gets 'No such file or directory' and answers {ProxyStatus.Unreachable([frontEnd])} until {socket.Unit.Name} is restarted";
        var dropIns = new List<string>();
        foreach (var unit in under.Makers.Select(m => m.Unit))
        {
            var name = unit.Files.Template is null ? unit.Name : Workspace.Systemd.UnitNames.Template(unit.Name);
            if (!dropIns.Contains(name))
            {
                dropIns.Add(name);
            }
        }

        var owner = under.Makers[0].Unit;
        var user = owner.Get("Service", "User")?.Trim() is { Length: > 0 } u ? u : "root";
        var group = owner.Get("Service", "Group")?.Trim() is { Length: > 0 } g ? g : user;
        var fix = new Fix($"Keep {under.Folder} over stops: make it with a tmpfiles.d line ('d {under.Folder} 0755 {user} {group} -' in /etc/tmpfiles.d/{under.Folder[5..].Replace('/', '-')}.conf) instead of RuntimeDirectory=, "
            + $"or set RuntimeDirectoryPreserve=yes in a drop-in for {string.Join(" and ", dropIns)} (=restart is not enough: a stop still removes it); then restart {socket.Unit.Name}",
            Applicability.DisplayOnly, []);
        return Report(target.Location, message, related, fix) with { Severity = Severity.Warning };
    }

    /// <summary>A target whose back end cannot start or bind (<see cref="StartFailures"/>): at the socket's listen line
    /// where its folder is not made, else at the target, the line that shows the failure related; advice only, since
    /// the remedies are several (a unit's setting, a tmpfiles.d line, another address; the variable or the file).</summary>
    private Diagnostic ReportCannotStart(FrontEnd frontEnd, EndpointSite target, StartFailures.Failure failure)
    {
        var pass = ReferenceEquals(target.DefinedAt, frontEnd.Directive)
            ? $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}"
            : $"the upstream server {target.Token?.Value ?? target.Endpoint.Describe()} (of {frontEnd.DirectiveName} {frontEnd.Target.Text})";
        var answers = $"{DaemonName(frontEnd)} answers {ProxyStatus.Unreachable([frontEnd])}";
        var related = new List<RelatedLocation>();
        if (failure.Listener is { } listener)
        {
            related.Add(Related(target.Location, $"{pass} connects to this socket"));
            return Report(listener.Location, $"{failure.Why}: nothing listens at {target.Endpoint.Describe()}, where {pass} connects, and {answers}", related,
                new Fix(failure.Advice, Applicability.DisplayOnly, []));
        }

        if (failure.At is { } at)
        {
            related.Add(at);
        }

        if (failure.Maker is { } maker)
        {
            related.Add(maker);
        }

        if (!failure.Tied)
        {
            // Nothing listens there either way; which back end was meant is not known: info, as CL001's untied verdicts.
            return Report(target.Location, $"{pass}: nothing listens at {target.Endpoint.Describe()} ({answers}); the only back end whose address is not read, {failure.BackEnd.Describe()}, cannot start: {failure.Why}; nothing in the configuration ties it to this front end, so whether it was meant here is not known", related,
                new Fix(failure.Advice, Applicability.DisplayOnly, [])) with { Severity = Severity.Info };
        }

        // A socket unit holds the address and starts the service on the first connection: something listens, nothing answers.
        var held = failure.BackEnd is Host.Systemd.ServiceBackEnd { IsSocketActivated: true } ? "nothing answers at" : "nothing listens at";
        return Report(target.Location, $"{pass}: {held} {target.Endpoint.Describe()}, since {failure.BackEnd.Describe()} cannot start: {failure.Why}; {answers}", related,
            new Fix(failure.Advice, Applicability.DisplayOnly, []));
    }

    /// <summary>A host front end's target published by Docker on a container port where nothing in the container listens
    /// (<see cref="EmptyPublications"/>): at the target, with the <c>ports</c> entry and the lines that say where the
    /// container listens. Which side is meant (the published container port, or the server's port) is not known: advice.</summary>
    private Diagnostic ReportEmptyPublication(FrontEnd frontEnd, EndpointSite target, EmptyPublications.Empty empty)
    {
        var pass = ReferenceEquals(target.DefinedAt, frontEnd.Directive)
            ? $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}"
            : $"the upstream server {target.Token?.Value ?? target.Endpoint.Describe()} (of {frontEnd.DirectiveName} {frontEnd.Target.Text})";
        var service = empty.BackEnd.Service.Name;
        var ports = empty.Inside.Select(i => i.Port).Distinct().Order().ToList();
        var listens = string.Join(", ", ports.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var related = new List<RelatedLocation> { Related(empty.Listener.Location, $"Docker publishes {empty.Listener.Endpoint.Describe()} for port {empty.Target} of service '{service}''s container") };
        related.AddRange(empty.Inside.Select(i => Related(i.At, $"service '{service}' listens on port {i.Port} inside its container ({i.Said})")));
        var message = $"{pass}: Docker publishes {empty.Listener.Endpoint.Describe()} for port {empty.Target} of service '{service}''s container, but nothing listens there inside it: it listens on port{(ports.Count == 1 ? string.Empty : "s")} {listens} ({string.Join("; ", empty.Inside.Select(i => i.Said).Distinct())}); " +
            $"the connection is forwarded to nothing (reset by Docker's proxy, or refused) and {DaemonName(frontEnd)} answers {ProxyStatus.Unreachable([frontEnd])}";
        var advice = ports.Count == 1
            ? $"Publish port {ports[0]} of the container instead of {empty.Target} in the Compose file, or make service '{service}' listen on {empty.Target}: which one is meant is not known"
            : $"Publish the container port service '{service}' serves this on (one of {listens}) instead of {empty.Target}, or make it listen on {empty.Target}: which one is meant is not known";
        return Report(target.Location, message, related, new Fix(advice, Applicability.DisplayOnly, []));
    }

    /// <summary>The pool of a PHP version that does not run which alone would listen at a PHP target
    /// (<see cref="FpmSuccessors.NotRunningAt"/>): a masked one, or a removed one where the host runs no pool at all; null
    /// where something else may listen there (a program ConfLint does not read names the address, or a php-fpm's
    /// listeners are not known).</summary>
    private static FpmSuccessors.NotRunningPool? NotRunningPool(HostModel host, EndpointSite target)
    {
        if (!target.Endpoint.IsLocal || host.Providers(target.Endpoint).Count > 0 || FpmSuccessors.NotRunningAt(host, target.Endpoint) is not { } pool)
        {
            return null;
        }

        if (pool.Masked is null && host.BackEndsOf<Host.PhpFpm.FpmPool>().Any(p => p.Listeners.Count > 0))
        {
            return null;
        }

        return host.UnreadProgramNaming(target.Endpoint) is null
            && !host.UnknownListeners.Any(u => u.BackEnd is Host.Systemd.ServiceBackEnd { IsPhpFpm: true } or Host.PhpFpm.FpmPool) ? pool : null;
    }

    /// <summary>A PHP target where only a pool of a PHP version that does not run would listen: an error with advice only,
    /// since unmasking the service (installing the package again) and pointing the front end at another PHP-FPM are both
    /// remedies.</summary>
    private Diagnostic ReportNotRunningPool(HostModel host, FrontEnd frontEnd, EndpointSite target, FpmSuccessors.NotRunningPool pool)
    {
        var pass = ReferenceEquals(target.DefinedAt, frontEnd.Directive)
            ? $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}"
            : $"the upstream server {target.Token?.Value ?? target.Endpoint.Describe()} (of {frontEnd.DirectiveName} {frontEnd.Target.Text})";
        var config = host.Workspace.FileSystem.DisplayPath(pool.Config);
        var answers = $"{DaemonName(frontEnd)} answers {ProxyStatus.Unreachable([frontEnd])}";
        if (pool.Masked is { } service)
        {
            return Report(target.Location, $"{pass}: no PHP-FPM pool listens there: pool [{pool.Name}] of {config} would, but {service} is masked, so systemd does not start it (and nothing else runs that php-fpm); {answers}",
                [], new Fix($"Unmask {service} (systemctl unmask {service}, then systemctl enable --now {service}), or point {frontEnd.DirectiveName} at a running pool", Applicability.DisplayOnly, []));
        }

        var package = Knowledge.PhpLayouts.ForFpmConfig(pool.Config) is { Services: [var unit] } ? unit[..^".service".Length] : null;
        return Report(target.Location, $"{pass}: no PHP-FPM pool listens there: pool [{pool.Name}] of {config} did, but that is the leftover configuration of a removed package, which nothing runs (--verbose says how that shows), and the host runs no other PHP-FPM pool; {answers}",
            [], new Fix((package is null ? "Install that PHP version's php-fpm again" : $"Install {package} again (apt install {package})") + $", or point {frontEnd.DirectiveName} at the back end that serves this site now", Applicability.DisplayOnly, []));
    }

    /// <summary>A target in the form of Debian's uwsgi sockets for an application only in apps-available: no fix (enabling
    /// it, a link the tool does not make, and pointing the front end elsewhere are both remedies).</summary>
    private Diagnostic ReportNotEnabled(HostModel host, UnmatchedTargets.Verdict verdict, string file)
    {
        var (frontEnd, target, _, _, _, what, _, _, _, _, _) = verdict;
        var related = new List<RelatedLocation>();
        if (host.Files.Read(file) is { } source)
        {
            related.Add(Related(Host.HostFiles.At(source, 0, source.LineCount > 0 ? source.GetLineSpan(1).Length : 0), "the application's file, not linked from /etc/uwsgi/apps-enabled"));
        }

        var name = Path.GetFileName(file);
        var fix = new Fix($"Enable it (ln -s ../apps-available/{name} /etc/uwsgi/apps-enabled/{name}, then service uwsgi start {Path.GetFileNameWithoutExtension(name)}), or point {frontEnd.DirectiveName} at an enabled application's socket", Applicability.DisplayOnly, []);
        var diagnostic = Report(target.Location, $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}: {what}", related, fix);
        return verdict.Proven ? diagnostic : diagnostic with { Severity = Severity.Info };
    }

    /// <summary>How far the evidence carries a fix: one back end fits (safe); the closest of several, where the finding is
    /// proven (unsafe); the closest, where what listens there may be a program ConfLint does not read, so the site may work
    /// and a new target would change what it serves (advice); the one the evidence names where it does not rule out
    /// another remedy (unsafe); or none, where the back end is the answer to another
    /// address too.</summary>
    private enum FixGrade
    {
        None,
        Advice,
        Guess,
        Named,
        Contested,
        Rivalled,
        Certain,
    }

    /// <summary>What else accepts a connection where the fix would point (<paramref name="chosen"/>'s listener, a wildcard
    /// reached on 127.0.0.1): another back end claiming the same port on an overlapping address, the web server's own
    /// listen, or an unread program naming the port. Two programs cannot both hold it, so which one answers there is not
    /// known, and the site could be sent to the other (Grafana and an application both set to 127.0.0.1:3000). Null when
    /// nothing else does.</summary>
    private static string? Rival(HostModel host, BackEnd chosen, Endpoint target)
    {
        var connect = ConnectAddress(UnmatchedTargets.Closest(chosen, target, host).Endpoint);
        if (connect.Kind is not (EndpointKind.Unix or EndpointKind.Tcp))
        {
            return null;
        }

        // The same service's other back ends (a socket unit and the service it starts, a pool and its PHP-FPM) are no rival,
        // nor one that provably does not start beside the chosen one (HostModel.Providers: the old PHP version's pool, its
        // service disabled).
        var service = host.ServiceOf(chosen);
        foreach (var other in host.Providers(connect))
        {
            if (!ReferenceEquals(other, chosen) && (service is null || !ReferenceEquals(host.ServiceOf(other), service)))
            {
                return $"{other.Describe()} also listens there";
            }
        }

        // The host's own Apache or nginx server as the back end meant is its own listen there, no rival.
        return (chosen is ApacheListenBackEnd or NginxServerBackEnd ? null : WebServerListens.Covering(host, connect)) ?? host.UnreadProgramNaming(connect, ownFolders: true);
    }

    /// <summary>
    /// Two programs given the address a front end reaches (<see cref="PortCollisions"/>): one of them cannot start, and
    /// every site sent there reaches the other (unless a finding above already names one of them for a site that reaches
    /// nothing: its message says who else holds the port). Reported once per address, where the later of the two binds it (in file
    /// order), with the other's bind and the front ends that reach it; a Unix socket that two PHP-FPM masters are given
    /// alike (a pool copied to a new PHP version, the old one still enabled): the later master refuses to start, and the
    /// site depends on which one boots first. No fix: which program moves, and to which port, is the operator's choice.
    /// </summary>
    private IEnumerable<Diagnostic> Collisions(HostModel host, HashSet<BackEnd> explained, List<string> notes)
    {
        // Each TCP address once, by host and port (what Describe says), each Unix socket once by its path, without a string
        // made for each of a large tree's targets.
        var seen = new HashSet<(string?, int)>();
        foreach (var frontEnd in host.FrontEnds)
        {
            foreach (var target in frontEnd.Targets)
            {
                var connect = target.Endpoint;
                var unix = connect.Kind == EndpointKind.Unix;
                if (!(unix || (connect.Kind == EndpointKind.Tcp && connect.IsLocal)) || !seen.Add(unix ? (connect.CanonicalPath, -1) : (connect.Host, connect.Port)))
                {
                    continue;
                }

                var holders = PortCollisions.At(host, connect, out var why);
                if (why is not null)
                {
                    notes.Add($"{target.File.DisplayPath}:{target.Location.Start.Line}: CL001 did not judge the programs that share {connect.Describe()}: {why}");
                }

                // A back end a finding above names (with its rival) for a site that reaches nothing already says who else holds its port (and
                // its fix moves it where the site points).
                if (holders.Count < 2 || holders.Any(h => explained.Contains(h.BackEnd)))
                {
                    continue;
                }

                var later = holders[^1];
                var others = holders.Take(holders.Count - 1).ToList();
                var sites = new List<FrontEnd>();
                foreach (var holder in holders)
                {
                    foreach (var reaching in host.ReachedBy(holder.BackEnd))
                    {
                        if (!sites.Contains(reaching))
                        {
                            sites.Add(reaching);
                        }
                    }
                }

                var named = string.Join(" and ", others.Select(o => o.BackEnd.Describe()));
                var theirs = others.Select(o => o.Listener.Endpoint.Describe()).Distinct().ToList();
                var also = theirs.Count == 1 && theirs[0] == later.Listener.Endpoint.Describe() ? (unix ? "listens there too" : "binds it too") : $"binds {string.Join(", ", theirs)}";
                var sentBy = sites.Count switch { 1 => "the front end", 2 => "both front ends", _ => $"all {sites.Count} front ends" };
                var message = unix
                    ? $"{later.BackEnd.Describe()} listens on {later.Listener.Endpoint.Describe()}, and {named} {also}: two PHP-FPM masters cannot share one socket;"
                        + $" whichever starts second finds the first answering there ('Another FPM instance seems to already listen on {later.Listener.Endpoint.Path}')"
                        + " and exits with all its pools ('FPM initialization failed'), restarted in a loop if its unit says so,"
                        + $" while {sentBy} sent to {connect.Describe()} reach the one that started first; when that one stops, it removes the socket,"
                        + " and they get (2: No such file or directory) and a 502 until the other is started again"
                    : $"{later.BackEnd.Describe()} binds {later.Listener.Endpoint.Describe()}, and {named} {also}: two programs cannot listen on one port;"
                        + " whichever starts second fails to bind ('Address already in use') and exits, restarted in a loop if its unit says so,"
                        + $" while {sentBy} sent to {connect.Describe()} reach the one that started first";
                var related = new List<RelatedLocation>();
                foreach (var other in others)
                {
                    related.Add(Related(other.Listener.Location, $"{other.BackEnd.Describe()} binds {other.Listener.Endpoint.Describe()} here"));
                }

                foreach (var site in sites.Take(4))
                {
                    related.Add(Related(site.TargetToken.Location, $"{site.DirectiveName} sends requests to {connect.Describe()}"));
                }

                // A warning where the root proves that each of them starts at boot; where it does not show that (a repository
                // of units without .wants links), the two may not run together: info.
                var proven = holders.All(h => h.Starts);
                if (!proven)
                {
                    message += "; unless one of them is not started (the root does not show which units start at boot)";
                }

                var fix = unix
                    ? new Fix("Give each PHP-FPM master's pool its own socket (or remove the pool from the master that should not serve it) and point each site at its own pool's socket", Applicability.DisplayOnly, [])
                    : new Fix($"Give each program its own port (or socket) and point each site at its own program's address", Applicability.DisplayOnly, []);
                yield return Report(later.Listener.Location, message, related, fix) with { Severity = proven ? Severity.Warning : Severity.Info };
            }
        }
    }

    /// <summary>
    /// A port Docker publishes for a running Compose service where a web server of this host listens too
    /// (<see cref="PublicationCollisions"/>): whichever of the two binds second fails. Docker then does not start the container
    /// at all, so every front end sent to any publication of the service gets a 502 (or its own server, where the web server
    /// holds the address it is sent to); or the web server does not start. Reported at the <c>ports:</c> entry, with the
    /// listens it meets and the front ends that reach the service; no fix: which side moves is the operator's choice.
    /// </summary>
    private IEnumerable<Diagnostic> PublicationCollisionsOf(HostModel host, List<string> notes)
    {
        foreach (var collision in PublicationCollisions.Of(host, notes))
        {
            var service = collision.Service;
            var port = collision.Port;
            var published = port.Published!.Value;
            var daemons = collision.Listens.Select(l => l.Daemon).Distinct().ToList();
            var daemon = string.Join(" and ", daemons);
            var sites = host.ReachedBy(service).Take(4).ToList();
            // A site sent to the very address the web server holds reaches the web server itself while it holds it, not a 502.
            var own = sites.Select(site => SentTo(site, service) is var to && site.Targets.FirstOrDefault(t => t.Endpoint.Describe() == to) is { } target
                && WebServerListens.Covering(host, target.Endpoint) is { } covering ? $"{to} reaches the web server itself there, not the container: {covering}" : null).OfType<string>().FirstOrDefault();
            var sent = sites.Count switch
            {
                0 => string.Empty,
                1 => $" (the front end sent to {SentTo(sites[0], service)} gets a 502)",
                _ => $" (the {sites.Count} front ends sent to it get a 502)",
            };
            if (own is not null)
            {
                sent = $" (a front end sent to {own})";
            }

            var message = $"Docker publishes port {published} for {service.Describe()} (container port {port.Target}) on {PublicationCollisions.Said(collision.Address)}, "
                + $"where {daemon} of this host listen{(daemons.Count == 1 ? "s" : string.Empty)} on port {published} too ({string.Join(", ", collision.Listens.Select(l => $"{l.File.DisplayPath}:{l.Node.Position.Line}").Distinct())}): "
                + "two programs cannot bind overlapping addresses of one port, and whichever starts second fails to bind it ('address already in use'), which one depending on the order they start: "
                + $"Docker does not start the container of {service.Describe()} at all, with all its publications{sent}, or {daemon} does not start";
            var related = new List<RelatedLocation>();
            foreach (var listen in collision.Listens.Take(3))
            {
                related.Add(Related(listen.Node, $"{listen.Daemon} listens on port {published} here"));
            }

            foreach (var site in sites)
            {
                related.Add(Related(site.TargetToken.Location, $"{site.DirectiveName} sends requests to {service.Describe()} at {SentTo(site, service)}"));
            }

            // An override file's ports are added to the base file's (Compose merges the lists): the entry written in another file
            // than the service's other publications is not replaced by them.
            var files = service.Service.Ports.Select(p => p.At.File).Distinct().Count();
            var merged = files > 1 ? $"; Compose adds an override file's ports to those of the file before it: 'ports: !override' there replaces them" : string.Empty;
            var fix = new Fix($"Publish port {port.Target} of {service.Describe()} on an address or port no web server of this host listens on (127.0.0.1:PORT:{port.Target}), or remove the entry where a front end of the host serves it{merged}; or move the web server's listen", Applicability.DisplayOnly, []);
            yield return Report(port.At.Location, message, related, fix) with { Severity = Severity.Warning };
        }
    }

    /// <summary>The address of <paramref name="site"/>'s target that <paramref name="backEnd"/> answers, as described.</summary>
    private static string SentTo(FrontEnd site, BackEnd backEnd) =>
        site.Targets.FirstOrDefault(t => backEnd.Listeners.Any(l => l.Endpoint.Accepts(t.Endpoint)))?.Endpoint.Describe() ?? site.TargetToken.Text;

    /// <summary>
    /// The back end the evidence names binds a port another back end binds too, one a front end reaches there (two
    /// dashboards both given <c>--server.port 8501</c>, the second copied from the first), while the target's port is
    /// free: pointing the site at the held port would send it to the other application, and the back end meant cannot
    /// start there anyway. Moving the back end to the target's port is then the one remedy that fits: safe, where its
    /// port is written in a file ConfLint reads (a word of the unit's or a supervisord program's command, <c>HOST:PORT</c>,
    /// an <c>Environment=PORT=</c> assignment) and the target is on the address it binds. Null where that is not so.
    /// </summary>
    private static (Fix Fix, string Holder)? MoveOffHeldPort(HostModel host, BackEnd meant, EndpointSite listener, Endpoint target)
    {
        var held = ConnectAddress(listener.Endpoint);
        if (held.Kind != EndpointKind.Tcp || target.Kind != EndpointKind.Tcp || held.Port == target.Port
            || !(listener.Endpoint.Host == target.Host || (listener.Endpoint.IsWildcardHost && target.IsLoopback))
            || host.Claimants(target).Count > 0 || WebServerListens.Covering(host, target) is not null || host.UnreadProgramNaming(target, ownFolders: true) is not null)
        {
            return null;
        }

        var service = host.ServiceOf(meant);
        var holder = host.Claimants(held).FirstOrDefault(other => !ReferenceEquals(other, meant)
            && (service is null || !ReferenceEquals(host.ServiceOf(other), service)) && host.ReachedBy(other).Count > 0);
        if (holder is null || listener.Location.Source is not { } source || listener.Location.File != listener.File.Id)
        {
            return null;
        }

        var span = listener.Location.Span;
        var written = source.Text.Substring(span.Start, span.Length);
        var port = held.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var wanted = target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string replacement;
        if (written == port)
        {
            replacement = wanted;
        }
        else if (written.EndsWith(":" + port, StringComparison.Ordinal) || written.EndsWith("=" + port, StringComparison.Ordinal))
        {
            replacement = written[..^port.Length] + wanted;
        }
        else
        {
            return null;
        }

        var edit = Edits.Replace(listener.File, span, replacement);
        var title = $"Move {meant.Describe()} to port {target.Port}, where this site points and nothing listens: '{replacement}' for '{written}' "
            + $"({holder.Describe()} holds port {held.Port}, and a front end reaches it there); then reload and restart the service";
        return (new Fix(title, Applicability.Safe, [edit]), holder.Describe());
    }

    /// <summary>Where a front end connects to reach a listener: the listener itself, or 127.0.0.1 for a wildcard.</summary>
    private static Endpoint ConnectAddress(Endpoint listener) =>
        listener.Kind == EndpointKind.Unix || !listener.IsWildcardHost ? listener : Endpoint.Tcp("127.0.0.1", listener.Port);

    /// <summary>A port the packaging's files name for the back end the evidence names, which the running service does not
    /// read, and which is the port the target points at (Apache and /etc/default/jenkins moved to 8090 together, the unit
    /// still says 8080): the front end may be the side that is right, so pointing it back is one of two fixes.</summary>
    private static (int Port, Location Location, string Setting)? UnreadPort(HostModel host, BackEnd backEnd, Endpoint target)
    {
        if (target.Kind != EndpointKind.Tcp || host.AppServerOf(backEnd) is not { } server)
        {
            return null;
        }

        foreach (var unread in server.UnreadPorts)
        {
            if (unread.Port == target.Port)
            {
                return unread;
            }
        }

        return null;
    }

    private static BackEnd Chosen(UnmatchedTargets.Verdict verdict) => verdict.Meant ?? verdict.Candidates[0];

    /// <summary>A target whose every listener is a socket its back end binds in its service's private <c>/tmp</c>
    /// (<see cref="PrivateTmpSockets"/>): the proxy, outside that namespace, finds no socket at the path and answers 502.
    /// An error with advice only: moving the socket to a runtime folder (two files) or giving up the hardening option is the
    /// operator's choice, and the path as written is the one the back end binds, so no other target fits.</summary>
    private Diagnostic ReportPrivateTmp(EndpointSite target, List<FrontEnd> frontEnds, IReadOnlyList<PrivateTmpSockets.Hidden> hidden)
    {
        var frontEnd = frontEnds[0];
        var path = target.Endpoint.Path!;
        var first = hidden[0];
        var services = hidden.Select(h => h.Service).Distinct().ToList();
        var binders = string.Join(" and ", hidden.Select(h => h.BackEnd.Describe()).Distinct());
        var throughUpstream = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var head = throughUpstream
            ? $"{frontEnd.DirectiveName} {frontEnd.Target.Text} reaches {path}"
            : $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}";
        var settings = string.Join(" and ", services.Select(s => $"{hidden.First(h => ReferenceEquals(h.Service, s)).Says} in {s.UnitName}"));
        var message = $"{head}: {binders} {(hidden.Count > 1 ? "bind" : "binds")} {path} inside {(services.Count > 1 ? "their services' own" : "its service's own")} /tmp ({settings}), "
            + $"which processes outside the service do not see; {DaemonName(frontEnd)} connects to {path} in the host's /tmp, where nothing listens (No such file or directory), and answers {ProxyStatus.Unreachable([frontEnd])}";
        var related = new List<RelatedLocation>();
        if (throughUpstream)
        {
            foreach (var pass in frontEnds.DistinctBy(f => f.Directive))
            {
                related.Add(Related(pass.Directive, $"{pass.DirectiveName} uses this upstream"));
            }
        }

        foreach (var one in hidden)
        {
            related.Add(Related(one.Listener.Location, $"{one.BackEnd.Describe()} binds {path} here, inside its private /tmp"));
        }

        foreach (var service in services)
        {
            var one = hidden.First(h => ReferenceEquals(h.Service, service));
            related.Add(Related(one.Setting, $"{one.Says}: {service.UnitName} gets /tmp and /var/tmp of its own"));
        }

        return Report(target.Location, message, related, new Fix(first.Advice(throughUpstream ? "the upstream server" : frontEnd.DirectiveName), Applicability.DisplayOnly, []));
    }

    private static string DaemonName(FrontEnd frontEnd) => frontEnd.Daemon switch
    {
        Syntax.ConfigKind.Nginx => "nginx",
        Syntax.ConfigKind.Apache => "Apache",
        Syntax.ConfigKind.Haproxy => "HAProxy",
        _ => "the proxy",
    };

    /// <summary>
    /// A proxy directive whose module is not loaded (<see cref="Host.Apache.UnloadedProxy"/>): the back end is never
    /// reached. A <c>SetHandler "proxy:..."</c> that no module claims leaves the request to httpd's default handler, which
    /// sends the file itself (a PHP script's source, 200: measured with httpd 2.4.71, with and without mod_proxy); a
    /// <c>ProxyPass</c> with mod_proxy but not the scheme's module is answered 500 (mod_proxy.c, AH01144 "No protocol
    /// handler was valid for the URL"). Advice only: which modules a server loads is the operator's choice.
    /// </summary>
    private Diagnostic ReportUnloaded(Host.Apache.UnloadedProxy unloaded)
    {
        var bare = unloaded.Modules.Select(m => m[..^"_module".Length]).ToList();
        var names = string.Join(" and ", bare.Select(b => "mod_" + b));
        var which = bare.Count == 1 ? $"{names} is not loaded" : $"{names} are not loaded";
        var effect = unloaded.Directive.IsNamed("SetHandler")
            ? "so no module runs this handler and httpd's default handler sends the files it covers as they are (a PHP script's source, status 200)"
            : "so mod_proxy finds no handler for the scheme and answers 500 (AH01144: No protocol handler was valid for the URL)";
        var message = $"{unloaded.Directive.Name} {unloaded.Target}: {which} (no {string.Join(" or ", unloaded.Modules.Select(m => "LoadModule " + m))} is read), {effect}: the back end is never reached";
        var advice = unloaded.Debian
            ? $"Enable {names}: a2enmod {string.Join(' ', bare)}, then restart apache2"
            : $"Load {names}: {string.Join("; ", bare.Select(b => $"LoadModule {b}_module modules/mod_{b}.so"))} (RHEL's conf.modules.d/00-proxy.conf has the lines), then restart httpd";
        return Report(unloaded.Token.Location, message, [], new Fix(advice, Applicability.DisplayOnly, []));
    }

    /// <summary>
    /// A target no back end ConfLint reads serves, where a program of a file supervisord does not load would listen
    /// (<see cref="SupervisorUnloadedPrograms"/>): supervisord never starts it, so nothing it runs answers there. A warning
    /// (the files prove supervisord does not run it; a program ConfLint does not read could still listen there), with the
    /// rename as advice: the fix engine edits contents, it renames no file.
    /// </summary>
    private Diagnostic ReportUnloadedProgram(FrontEnd frontEnd, EndpointSite target, SupervisorUnloadedPrograms.Unloaded unloaded)
    {
        var pass = ReferenceEquals(target.DefinedAt, frontEnd.Directive)
            ? $"{frontEnd.DirectiveName} {target.Token?.Value ?? target.Endpoint.Describe()}"
            : $"the upstream server {target.Token?.Value ?? target.Endpoint.Describe()} (of {frontEnd.DirectiveName} {frontEnd.Target.Text})";
        var message = $"{pass}: no back end ConfLint reads listens there; {SupervisorUnloadedPrograms.Said(unloaded)}, "
            + $"and {DaemonName(frontEnd)} answers {ProxyStatus.Unreachable([frontEnd])}";
        var related = UnloadedProgramRelated(unloaded);
        if (!ReferenceEquals(target.DefinedAt, frontEnd.Directive))
        {
            related.Add(Related(frontEnd.Directive, $"{frontEnd.DirectiveName} {frontEnd.Target.Text} reaches it"));
        }

        return Report(target.Location, message, related, new Fix(SupervisorUnloadedPrograms.Advice(unloaded), Applicability.DisplayOnly, [])) with { Severity = Severity.Warning };
    }

    /// <summary>Where the unloaded program would listen, its section, and the <c>[include]</c> line that leaves it out.</summary>
    private static List<RelatedLocation> UnloadedProgramRelated(SupervisorUnloadedPrograms.Unloaded unloaded)
    {
        var program = unloaded.Program;
        return
        [
            Related(unloaded.Listener.Location, $"{program.Describe()} would listen here, but supervisord does not load {program.File.DisplayPath}"),
            Related(program.Section.NameToken.Location, $"[{program.Section.Name}] of a file supervisord does not load"),
            Related(unloaded.Include.Directive, $"supervisord loads only the files {string.Join(" and ", unloaded.Patterns)} match{(unloaded.Patterns.Count == 1 ? "es" : string.Empty)} "
                + (unloaded.LinkInto is { } folder ? $"in {folder}, none of which links to {program.File.DisplayPath}" : "in that folder")),
        ];
    }

    private Diagnostic Report(HostModel host, UnmatchedTargets.Verdict verdict, FixGrade grade, (int Port, Location Location, string Setting)? unread, string? rival = null, PrivateTmpSockets.Hidden? hidden = null)
    {
        var (frontEnd, target, candidates, meant, evidence, what, _, _, _, _, noGuess) = verdict;
        var endpoint = target.Endpoint;
        var best = meant ?? candidates[0];
        // Where the fix would point, and whether the site works there (TargetMoves decides it for every move).
        var move = TargetMoves.Judge(host, frontEnd, target, best);
        var listener = move.Listener;
        var throughUpstream = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var listens = (target.Resolution is { } resolution ? resolution + "; " : string.Empty)
            + $"{best.Describe()} listens on {listener.Endpoint.Address}" + (listener.Note is { } note ? $", {note}" : string.Empty);
        var message = throughUpstream
            ? $"{frontEnd.DirectiveName} {frontEnd.Target.Text} reaches {endpoint.Address}: {what} ({listens})"
            : $"{frontEnd.DirectiveName} {target.Token?.Value}: {what} ({listens})";
        if (!verdict.Proven && !what.EndsWith(UnmatchedTargets.MayListenThere, StringComparison.Ordinal))
        {
            message += "; nothing in the configuration ties that back end to this front end, so what listens there may be a program ConfLint does not read";
        }

        foreach (var said in move.Notes)
        {
            message += "; " + said;
        }

        if (unread is { } stale)
        {
            message += $"; {stale.Setting}, names the port it points at";
        }

        if (meant is null && noGuess is not null)
        {
            message += "; " + noGuess;
        }

        // A pool file php-fpm does not load (pool.d/site.conf.disabled) that would listen at the socket: named, with the
        // rename as advice where no evidence names a pool that runs (the fix engine edits contents, it renames no file).
        var unloaded = frontEnd.Protocol == BackendProtocol.FastCgi ? FpmUnloadedPools.At(host, endpoint) : null;
        if (unloaded is not null)
        {
            message += "; " + FpmUnloadedPools.Said(host, unloaded);
        }

        // So a supervisord program file its [include] glob does not load (conf.d/app.ini beside conf.d/*.conf).
        var unloadedProgram = unloaded is null ? SupervisorUnloadedPrograms.At(host, endpoint) : null;
        if (unloadedProgram is not null)
        {
            message += "; " + SupervisorUnloadedPrograms.Said(unloadedProgram);
        }

        if (hidden is not null)
        {
            message += $"; but {listener.Endpoint.Path} is inside the service's own /tmp ({hidden.Says} in {hidden.Service.UnitName}), which {DaemonName(frontEnd)} does not see, so pointing it there would not reach it either";
        }

        // The program the site is named for, which may be what listens there, proven not started at boot.
        var notStarted = verdict.Skip is null && verdict.UnreadNotEnabled is { } off ? NotStartedUnread(off.Program, off.Tie, off.Program.Who) : null;
        if (notStarted is not null)
        {
            message += $"; and {notStarted.Name} {notStarted.Why[(notStarted.Why.IndexOf(' ') + 1)..]}, so the program does not run after the next reboot";
        }

        var related = new List<RelatedLocation>();
        foreach (var candidate in candidates.Take(3))
        {
            // The back end the message names is shown where it listens as the message says (the listener the move
            // judged: a Tomcat's AJP connector for an ajp:// target, not its HTTP one); another at its listener nearest
            // the target that speaks the front end's protocol.
            var closest = ReferenceEquals(candidate, best) ? listener : UnmatchedTargets.Closest(candidate, endpoint, host, frontEnd.Protocol);
            related.Add(Related(closest.Location, $"{candidate.Describe()} listens here" + (closest.Note is { } n ? $" ({n})" : string.Empty)));
        }

        if (throughUpstream)
        {
            related.Insert(0, Related(frontEnd.Directive, $"{frontEnd.DirectiveName} uses this upstream"));
        }

        // The setting that ties a Compose service to this site (its URL or host name in the service's environment or the
        // project's .env), where that tie is the evidence.
        if (meant is not null && SameApplication.SiteSetting(host, frontEnd, meant) is { At: { } tieAt } tie && tie.Said == evidence)
        {
            related.Add(Related(tieAt, $"{meant.Describe()} is configured for this site here"));
        }

        if (unloaded is not null)
        {
            related.Add(Related(unloaded.Listen, $"pool [{unloaded.Pool}] would listen here, but php-fpm does not load this file"));
        }

        if (unloadedProgram is not null)
        {
            related.AddRange(UnloadedProgramRelated(unloadedProgram));
        }

        if (unread is { } port)
        {
            related.Add(Related(port.Location, $"port {port.Port} is named for {best.Describe()} here, where the service does not act on it (not read, or overridden)"));
        }

        // The port the back end listened on before, as its own files record it (Nexus's commented default): the target
        // was meant for the listener that has moved.
        if (meant is not null && UnmatchedTargets.FormerPort(host, meant, endpoint) is { } former)
        {
            related.Add(Related(former.Location, $"{meant.Describe()} listened on port {former.Port} before: this line records it, and the service does not act on it"));
        }

        if (hidden is not null)
        {
            related.Add(Related(hidden.Setting, $"{hidden.Says}: {hidden.Service.UnitName} gets /tmp and /var/tmp of its own"));
        }

        if (notStarted?.At is { } install)
        {
            related.Add(install);
        }

        // Where a program ConfLint does not read may be what listens there, a back end nothing ties to this front end is no
        // answer to offer (Jenkins beside a repository site whose Nexus is unread, its install folder not in the root): the
        // site may work as it is.
        // A listener at the target's port on another address that no front end reaches is a tie of its own.
        var untied = grade == FixGrade.Advice && what.EndsWith(UnmatchedTargets.MayListenThere, StringComparison.Ordinal) && SameApplication.Evidence(host, frontEnd, best) is null
            && !UnmatchedTargets.AtPortElsewhere(host, best, listener, endpoint);

        // A back end on a port a reached one holds too is moved to the target's free port (MoveOffHeldPort).
        var moved = grade == FixGrade.Rivalled && hidden is null ? MoveOffHeldPort(host, best, listener, endpoint) : null;
        if (moved is not null)
        {
            message += $"; {moved.Value.Holder} binds {ConnectAddress(listener.Endpoint).Describe()} too and a front end reaches it there, so only one of them can start on that port";
        }

        // A socket in the service's private /tmp is never a target to point the proxy at: the advice moves it.
        var fix = hidden is not null ? new Fix(hidden.Advice(throughUpstream ? "the upstream server" : frontEnd.DirectiveName), Applicability.DisplayOnly, [])
            : moved is { Fix: var moveBackEnd } ? moveBackEnd
            : notStarted is not null ? new Fix($"Enable {notStarted.Name} if its program is what listens on {endpoint.Describe()}: systemctl enable {notStarted.Name}", Applicability.DisplayOnly, [])
            : unloaded is not null && grade != FixGrade.Certain ? new Fix(FpmUnloadedPools.Advice(host, unloaded), Applicability.DisplayOnly, [])
            : unloadedProgram is not null && grade != FixGrade.Certain ? new Fix(SupervisorUnloadedPrograms.Advice(unloadedProgram), Applicability.DisplayOnly, [])
            : grade == FixGrade.None || untied ? null : CreateFix(frontEnd, target, best, move, grade, evidence, unread, rival);
        if (fix is null && hidden is null && !untied && Crowded(host, candidates, listener, endpoint) is { } crowd)
        {
            fix = new Fix($"{crowd} all listen on {listener.Endpoint.Describe()}" + (listener.Note is { } how ? $" ({how})" : string.Empty)
                + $": only one of them can start there; give each its own address where it is set, as {(throughUpstream ? "the upstream's servers" : frontEnd.DirectiveName)} expect", Applicability.DisplayOnly, []);
        }

        var diagnostic = Report(target.Location, message, related, fix);
        return verdict.Proven ? diagnostic : diagnostic with { Severity = Severity.Info };
    }

    /// <summary>The candidates that listen where the best one does, said, where there are several (instances of a template
    /// unit all given PORT=3000 by an environment file that overrides their <c>Environment=PORT=%i</c>): only one can start
    /// there, so no address among them is the fix. Null where the best one's address is its own.</summary>
    private static string? Crowded(HostModel host, IReadOnlyList<BackEnd> candidates, EndpointSite listener, Endpoint target)
    {
        var address = ConnectAddress(listener.Endpoint);
        if (address.Kind != EndpointKind.Tcp)
        {
            return null;
        }

        var crowd = candidates.Where(c => ConnectAddress(UnmatchedTargets.Closest(c, target, host).Endpoint) is var at && at.Host == address.Host && at.Port == address.Port)
            .Select(host.ServiceOf).OfType<Host.Systemd.ServiceBackEnd>().Where(s => s.Enablement != ConfLint.Workspace.Systemd.UnitEnablement.Disabled)
            .Distinct().Select(s => s.UnitName).ToList();
        return crowd.Count < 2 ? null : crowd.Count <= 4 ? string.Join(", ", crowd.Take(crowd.Count - 1)) + " and " + crowd[^1] : $"{string.Join(", ", crowd.Take(3))} and {crowd.Count - 3} more";
    }

    /// <summary>Point the front end at the back end that matches, in the form its target has; a wildcard listener is
    /// reached on 127.0.0.1. Safe only when exactly one back end fits by evidence (<paramref name="evidence"/>) and the site
    /// works where the move points (<see cref="TargetMoves"/>: one listener to choose, the scheme the passes speak there, a
    /// socket folder that is there); each doubt is said.</summary>
    /// <remarks>Unsafe where a port the back end's files name (<paramref name="unread"/>, which its service does not read)
    /// is the target's: the back end may as well be moved to that port.</remarks>
    private static Fix? CreateFix(FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, TargetMoves.Move move, FixGrade grade, string? evidence, (int Port, Location Location, string Setting)? unread, string? rival = null)
    {
        var connect = ConnectAddress(move.Listener.Endpoint);
        if (connect.Kind is not (EndpointKind.Unix or EndpointKind.Tcp) || target.Target is null || target.Token is null)
        {
            return null;
        }

        // No listener of the back end is left to point at (each is a port a web server of this host binds too): said, not moved.
        if (move.Nowhere is { } nowhere)
        {
            return new Fix($"No address of {backEnd.Describe()} to point {(ReferenceEquals(target.DefinedAt, frontEnd.Directive) ? frontEnd.DirectiveName : "the upstream server")} at: {nowhere}", Applicability.DisplayOnly, []);
        }

        if (target.Through is { } through)
        {
            return ThroughVariableFix(frontEnd, target, through, backEnd, connect, grade, evidence, move);
        }

        // The back end's relative socket path written absolute, where that is where the front end points.
        if (move.Instead is { } instead && grade != FixGrade.Advice)
        {
            return instead;
        }

        var upstreamServer = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var replacement = target.Target.WithEndpoint(connect);
        if (move.Scheme is { } scheme && target.Target.SchemeText is { } own)
        {
            replacement = TargetMoves.WithScheme(replacement, own, scheme);
        }

        var what = upstreamServer ? "the upstream server" : frontEnd.DirectiveName;
        var edits = new List<FileEdit> { Edits.ReplaceValue(target.File, target.Token.Value, replacement) };
        edits.AddRange(move.SchemeEdits);
        edits.AddRange(ReverseMappings(frontEnd, target, replacement));
        var address = connect.Kind == EndpointKind.Unix ? "unix:" + connect.Path : connect.Describe();
        var point = $"Point {what} at {address}" + (move.SchemeSaid is { } written ? $" and {written}" : string.Empty);
        var doubt = move.Said;
        return grade switch
        {
            FixGrade.Certain => new Fix($"{point} ({backEnd.Describe()}: {evidence}){doubt}", move.Works ? Applicability.Safe : Applicability.Unsafe, edits),
            FixGrade.Contested => new Fix($"{point} ({backEnd.Describe()}: {evidence}), or make it listen on port {unread!.Value.Port} as {unread.Value.Setting}, means: check which port is meant{doubt}", Applicability.Unsafe, edits),
            FixGrade.Rivalled => new Fix($"{point} ({backEnd.Describe()}: {evidence}); but {rival}: check which program holds the port before pointing the site there{doubt}", Applicability.Unsafe, edits),
            FixGrade.Named => new Fix($"{point} ({backEnd.Describe()}: {evidence}; another remedy may be meant: check it){doubt}", Applicability.Unsafe, edits),
            FixGrade.Guess => new Fix($"{point} ({backEnd.Describe()}, the closest of the candidates: check it is the one meant){doubt}", Applicability.Unsafe, edits),
            _ => new Fix($"If {backEnd.Describe()} is the back end meant, {char.ToLowerInvariant(point[0])}{point[1..]}; what listens on {target.Endpoint.Describe()} may be a program ConfLint does not read{doubt}", Applicability.DisplayOnly, []),
        };
    }

    /// <summary>
    /// The fix for a target whose host is a variable's one value: another host is written into the <c>set</c> (which
    /// every pass reading the variable there follows), another port into the pass, after the variable; the pass keeps the
    /// variable (written out, nginx would replace the location's prefix in the URI instead of sending it as written, and
    /// resolve nothing per request). Safe only where the grade is certain and the edit reaches this pass alone: a
    /// <c>set</c> other passes also read would move them too, so there it is unsafe. A socket is advice only: the
    /// variable holds a host.
    /// </summary>
    private static Fix ThroughVariableFix(FrontEnd frontEnd, EndpointSite target, (Syntax.SyntaxNode Set, Workspace.ConfigFile File, Syntax.SyntaxToken Value, string Variable) through, BackEnd backEnd, Endpoint connect, FixGrade grade, string? evidence, TargetMoves.Move move)
    {
        var setLine = through.Set.Position.Line;
        if (through.Set is NginxDirective { Name: not "set" } || target.Endpoint.Kind != EndpointKind.Tcp)
        {
            // A map's entries (each would have to change) or a socket path the variable holds: said, not edited.
            return new Fix($"Point {frontEnd.DirectiveName} at {(connect.Kind == EndpointKind.Unix ? "unix:" + connect.Path : connect.Describe())} ({backEnd.Describe()}); its target is ${through.Variable}, given at line {setLine}: change it there", Applicability.DisplayOnly, []);
        }

        if (connect.Kind != EndpointKind.Tcp || connect.Host is not { Length: > 0 } host)
        {
            return new Fix($"Point {frontEnd.DirectiveName} at {(connect.Kind == EndpointKind.Unix ? "unix:" + connect.Path : connect.Describe())} ({backEnd.Describe()}); its host is ${through.Variable}, set at line {setLine}: review both", Applicability.DisplayOnly, []);
        }

        var edits = new List<FileEdit>();
        var steps = new List<string>();
        var hostChanges = host != target.Endpoint.Host;
        if (hostChanges)
        {
            var written = host.Contains(':') ? "[" + host + "]" : host;
            edits.Add(Edits.ReplaceValue(through.File, through.Value, written));
            steps.Add($"set ${through.Variable} {written}");
        }

        if (connect.Port != target.Endpoint.Port)
        {
            var text = frontEnd.TargetToken.Value;
            var match = System.Text.RegularExpressions.Regex.Match(text, @"(\$" + through.Variable + @"(?![A-Za-z0-9_])|\$\{" + through.Variable + @"\})(:[0-9]+)?");
            if (!match.Success)
            {
                return new Fix($"Point {frontEnd.DirectiveName} at {connect.Describe()} ({backEnd.Describe()})", Applicability.DisplayOnly, []);
            }

            var rewritten = text[..match.Index] + match.Groups[1].Value + ":" + connect.Port + text[(match.Index + match.Length)..];
            edits.Add(Edits.ReplaceValue(frontEnd.File, frontEnd.TargetToken, rewritten));
            steps.Add($"{frontEnd.DirectiveName} {rewritten}");
        }

        // Other passes reading the same set: moving the value moves them as well.
        var shared = hostChanges && frontEnd.Details is NginxPass { Instance: var nginx } && nginx.Passes.Count(p =>
            !ReferenceEquals(p.Directive, frontEnd.Directive) && ProxyTarget.ParseNginx(p.Directive.Args.Count > 0 ? p.Directive.Args[0] : string.Empty).HostVariable == through.Variable
            && NginxVariables.SingleValue(nginx, p.Scope, through.Variable) is var (_, set, _) && ReferenceEquals(set, through.Set)) > 0;
        var what = string.Join(" and ", steps);
        var title = $"Reach {connect.Describe()} ({backEnd.Describe()}{(evidence is null ? string.Empty : ": " + evidence)}): {what}{move.Said}";
        return grade switch
        {
            FixGrade.Certain when !shared => new Fix(title, move.Works ? Applicability.Safe : Applicability.Unsafe, edits),
            FixGrade.Certain or FixGrade.Named or FixGrade.Contested or FixGrade.Guess when shared =>
                new Fix(title + $"; other passes read ${through.Variable} from the same 'set' (line {setLine}) and would move too: review them", Applicability.Unsafe, edits),
            FixGrade.Named or FixGrade.Contested or FixGrade.Rivalled => new Fix(title + "; another remedy may be meant: check it", Applicability.Unsafe, edits),
            FixGrade.Guess => new Fix(title + "; the closest of the candidates: check it is the one meant", Applicability.Unsafe, edits),
            _ => new Fix($"If {backEnd.Describe()} is the back end meant: {what}; what listens on {target.Endpoint.Describe()} may be a program ConfLint does not read", Applicability.DisplayOnly, []),
        };
    }

    /// <summary>Apache's <c>ProxyPassReverse</c> beside a <c>ProxyPass</c>, naming the same URL, moves with it: it rewrites
    /// the back end's redirects.</summary>
    private static IEnumerable<FileEdit> ReverseMappings(FrontEnd frontEnd, EndpointSite target, string replacement)
    {
        if (frontEnd.Directive is not ApacheDirective pass || !pass.IsNamed("ProxyPass") || Endpoint.IsUnixAddress(replacement))
        {
            yield break;
        }

        var siblings = pass.ParentSection?.Items ?? (pass.Parent as ApacheConfigFile)?.Items ?? [];
        foreach (var item in siblings)
        {
            if (item is ApacheDirective reverse && reverse.IsNamed("ProxyPassReverse"))
            {
                for (var i = 0; i < reverse.Arguments.Count; i++)
                {
                    if (reverse.Args[i] == target.Token?.Value)
                    {
                        yield return Edits.ReplaceValue(target.File, reverse.Arguments[i], replacement);
                    }
                }
            }
        }
    }
}
