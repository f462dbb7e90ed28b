using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Pm2;
using ConfLint.Host.Supervisor;
using ConfLint.Host.Systemd;
using ConfLint.Rules.Support;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Units;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules;

public sealed class CL007MissingRestartPolicy : Rule<CL007MissingRestartPolicy.Options>
{
    /// <param name="RestartSec">The <c>RestartSec=</c> the fix writes.</param>
    /// <param name="Services">Services judged even when no front end of the host reaches them.</param>
    public sealed record Options(Duration RestartSec, IReadOnlyList<string> Services);

    public override string Code => "CL007";

    protected override Options ReadOptions(RuleOptions options) => new(options.Duration("restart-sec"), options.List("services"));

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var host = context.Host;
        var reached = Reached(host);

        // A Tomcat's own unit (a vendor's bundled Tomcat: confluence.service runs start-confluence.sh and catalina.sh), which
        // ConfLint reads through its server.xml rather than as a service's application server; Type=forking with
        // PIDFile= as Atlassian writes it, whose Restart= works as any service's.
        var tomcats = TomcatUnits(host);
        var unread = UnreadServices(context, tomcats.Select(t => t.Unit.Name));
        var services = host.BackEndsOf<ServiceBackEnd>().Select(s => (s.Unit, s.File, s.Role, s.IsSocketActivated, Reach: reached.GetValueOrDefault(s)))
            .Concat(tomcats.Select(t => (t.Unit, t.File, t.Role, IsSocketActivated: false, Reach: (List<(FrontEnd FrontEnd, bool Intended)>?)t.Reach)))
            .Concat(unread.Select(u => (u.Unit, u.File, u.Role, IsSocketActivated: false, Reach: (List<(FrontEnd FrontEnd, bool Intended)>?)u.Reach)))
            .Concat(options.Services.Where(n => host.ServiceUnits.ContainsKey(n) && !host.BackEndsOf<ServiceBackEnd>().Any(s => s.UnitName == n) && !tomcats.Any(t => t.Unit.Name == n) && !unread.Any(u => u.Unit.Name == n)).ToList()
                .Select(n => (host.ServiceUnits[n].Unit, host.ServiceUnits[n].File, Role: "is named in rules.CL007.services", IsSocketActivated: false, Reach: (List<(FrontEnd FrontEnd, bool Intended)>?)null)));
        // A PHP-FPM master that never starts: its start failure, not a restart policy, is what keeps it down (FpmNeverStarts).
        Dictionary<string, string>? neverStarts = null;
        foreach (var service in host.BackEndsOf<ServiceBackEnd>())
        {
            if (FpmNeverStarts.OfService(context, service) is var (_, why))
            {
                (neverStarts ??= new(StringComparer.Ordinal))[service.UnitName] = why;
            }
        }

        foreach (var (unit, file, role, socketActivated, reach) in services)
        {
            // on-abnormal restarts after signals, timeouts and OOM kills too (service.c, service_shall_restart).
            var restartEntry = unit.EffectiveEntry("Service", "Restart");
            var restart = unit.Get("Service", "Restart") is { Length: > 0 } value ? value : "no";
            var hidden = new List<(RestartStatuses.Status Status, string How, RestartStatuses.Listed By)>();
            var listed = new List<RestartStatuses.Listed>();

            // on-abort restarts after a death by signal or a core dump only (service_shall_restart: SERVICE_FAILURE_SIGNAL,
            // SERVICE_FAILURE_CORE_DUMP), the same for every service: judged below, once its crashes are known to restart.
            var onAbort = restart == "on-abort";
            if (restart is "on-failure" or "always" or "on-abnormal" or "on-abort")
            {
                // The policy restarts, unless SuccessExitStatus= counts a crash as a clean exit or RestartPreventExitStatus=
                // forbids a restart after it (service_shall_restart).
                (listed, var unknown) = RestartStatuses.Read(unit);
                if (unknown.Count > 0)
                {
                    context.Notes.Add($"{file.DisplayPath}: CL007 did not judge which exits {unit.Name}'s Restart={restart} restarts after: it does not know {string.Join(", ", unknown)}");
                    continue;
                }

                hidden = RestartStatuses.Hidden(restart, listed);
                if (hidden.Count == 0 && !onAbort)
                {
                    continue;
                }
            }

            if (neverStarts?.GetValueOrDefault(unit.Name) is { } down)
            {
                context.Notes.Add($"{file.DisplayPath}: CL007 did not judge {unit.Name}: the PHP-FPM master it runs does not start, so none of its pools runs: {down}");
                continue;
            }

            var named = options.Services.Contains(unit.Name, StringComparer.Ordinal);
            var frontEnds = reach ?? [];
            if (frontEnds.Count == 0 && !named)
            {
                context.Notes.Add($"{file.DisplayPath}: CL007 did not judge {unit.Name}: no front end of this host reaches it (name it in rules.CL007.services to judge it)");
                continue;
            }

            if (socketActivated)
            {
                context.Notes.Add($"{file.DisplayPath}: CL007 leaves {unit.Name} alone: it is socket-activated, and systemd starts it again on the next connection");
                continue;
            }

            // Front ends that reach the service first; one only meant for it (its own target has no listener: CL001's
            // finding) is named so.
            var ordered = frontEnds.OrderBy(f => f.Intended).ToList();
            var (frontEnd, intended) = ordered.FirstOrDefault();
            var serves = frontEnd is null ? string.Empty
                : intended ? $", which {frontEnd.DirectiveName} {frontEnd.Target.Text} is meant to reach,"
                : $", which {frontEnd.DirectiveName} {frontEnd.Target.Text} proxies to,";
            if (hidden.Count == 0 && onAbort)
            {
                if (OnAbort(context, unit, file, restartEntry!, role + serves, ordered, options.RestartSec) is { } gap)
                {
                    yield return gap;
                }

                continue;
            }

            if (hidden.Count > 0)
            {
                yield return ReportHidden(context.Workspace, unit, file, role + serves, restart, restartEntry!, hidden, listed, ordered);
                continue;
            }

            var restartText = restartEntry is { IsEmpty: false } ? $"Restart={restart}" : "no Restart= (systemd's default is no)";
            var location = restartEntry is { IsEmpty: false } set ? set.Location : unit.EffectiveEntry("Service", "ExecStart")?.Location ?? Location.FileOnly(file.Id);
            var related = ServedBy(ordered).ToList();
            yield return Report(location,
                $"service '{unit.Name}' {role}{serves} but has {restartText}: after a crash, or an OOM kill ({OomPolicy(unit)}), " +
                $"it stays down and the proxy answers {ProxyStatus.Unreachable(ordered.Select(f => f.FrontEnd))} until someone restarts it",
                related,
                CreateFix(context.Workspace, unit, file, options.RestartSec));
        }

        foreach (var diagnostic in CheckCompose(context))
        {
            yield return diagnostic;
        }

        if (CheckDebianUwsgi(context) is { } debianUwsgi)
        {
            yield return debianUwsgi;
        }

        foreach (var app in host.BackEndsOf<Pm2BackEnd>())
        {
            if (app.AutoRestartOff is not { } off || app.File.Source is not { } source)
            {
                continue;
            }

            var frontEnds = host.ReachedBy(app);
            if (frontEnds.Count == 0)
            {
                context.Notes.Add($"{app.File.DisplayPath}: CL007 did not judge {app.Name}: no front end of this host reaches it");
                continue;
            }

            yield return Report(new Location(source, off.Span),
                $"{app.Name}, which {frontEnds[0].DirectiveName} {frontEnds[0].Target.Text} proxies to, has autorestart: false: after a crash or an OOM kill " +
                $"PM2 leaves it stopped and the proxy answers {ProxyStatus.Unreachable(frontEnds)} until someone runs pm2 restart",
                frontEnds.Take(3).Select(f => Related(f.Directive, $"{f.DirectiveName} sends requests to this app")).ToList(),
                new Fix($"Set autorestart: true for {app.Name}", Applicability.Safe, [Edits.Replace(app.File, off.Span, "true")]));
        }

        // The processes of one program (numprocs) share its autorestart: one finding for them.
        foreach (var program in host.BackEndsOf<SupervisorBackEnd>().Where(p => !p.RestartsAfterCrash).DistinctBy(p => p.Section))
        {
            // A program running PHP-FPM is reached through the pools it keeps alive.
            var frontEnds = host.ReachedBy(program).Concat((program.PhpFpm?.Pools ?? []).SelectMany(host.ReachedBy)).Distinct().ToList();
            if (frontEnds.Count == 0)
            {
                context.Notes.Add($"{program.File.DisplayPath}: CL007 did not judge {program.Name}: no front end of this host reaches it");
                continue;
            }

            var frontEnd = frontEnds[0];
            var entry = program.AutoRestart!;
            yield return Report(entry.Location,
                $"{program.Name}, which {frontEnd.DirectiveName} {frontEnd.Target.Text} proxies to, has autorestart={entry.Value}: after a crash or an OOM kill " +
                $"supervisord leaves it stopped and the proxy answers {ProxyStatus.Unreachable(frontEnds)} until someone runs supervisorctl start",
                frontEnds.Take(3).Select(f => Related(f.Directive, $"{f.DirectiveName} sends requests to this program")).ToList(),
                entry.ValueToken is { } value
                    ? new Fix($"Set autorestart=true for {program.Name}" + (host.Resolution.IsContainer ? " (in a container image the orchestrator may be meant to replace the container instead: review)" : string.Empty),
                        host.Resolution.IsContainer ? Applicability.Unsafe : Applicability.Safe, [Edits.ReplaceToken(program.File, value, "true")])
                    : null);
        }
    }

    /// <summary>Compose services a front end reaches (by service name from a container, by a published port from the
    /// host) whose effective restart policy leaves the container down after its main process exits.</summary>
    private IEnumerable<Diagnostic> CheckCompose(RuleContext context)
    {
        foreach (var group in ComposeTargets.Reached(context.Host).GroupBy(r => r.Service))
        {
            var service = group.Key;
            var reach = group.First();
            if (service.RestartsAfterCrash is false && reach.Project.NotFullyKnown(service) is { } unknown)
            {
                // A restart policy may be written where ConfLint does not look (an included file not read, the file that
                // defines a fragment): silence rather than a false "no restart policy".
                context.Notes.Add($"{service.Key}: CL007 did not judge service '{service.Name}''s restart policy: {unknown}");
                continue;
            }

            if (service.RestartsAfterCrash is not false)
            {
                if (service.RestartsAfterCrash is null)
                {
                    context.Notes.Add($"{service.Key}: CL007 cannot tell service '{service.Name}''s restart policy (a variable); not judged");
                }

                continue;
            }

            var (policy, at, fix) = service.DeployRestart is { } deploy
                ? ($"deploy.restart_policy.condition: {deploy.At.Scalar}", deploy.At,
                    new Fix($"Set deploy.restart_policy.condition to any (or on-failure) for service '{service.Name}'", Applicability.DisplayOnly, []))
                : service.Restart is { } restart
                    ? restart.Interpolated
                        ? ($"restart: {restart.At.Scalar}, which gives {restart.Value}", restart.At,
                            new Fix($"Give service '{service.Name}' restart: unless-stopped, in .env or where restart is written", Applicability.DisplayOnly, []))
                        : ($"restart: {restart.Value}", restart.At, ComposeFix(service, restart.At))
                    : ("no restart policy (Compose's default is no)", service.Key, ComposeFix(service, null));
            var frontEnd = reach.FrontEnd;
            var how = frontEnd.File.Container is { } container
                ? $"which {frontEnd.DirectiveName} {frontEnd.Target.Text} in service '{container.Service.Name}' reaches by the name '{reach.Host}'"
                : $"which {frontEnd.DirectiveName} {frontEnd.Target.Text} reaches through its published port {reach.Port}";
            var related = group.Select(r => r.FrontEnd).Distinct().Take(3).Select(f => Related(f.Directive, $"{f.DirectiveName} sends requests to this service")).ToList();
            yield return Report(at.Location,
                $"Compose service '{service.Name}', {how}, has {policy}: when its main process exits (a crash, an OOM kill) the container " +
                $"stays down and the proxy answers {ProxyStatus.Unreachable(group.Select(r => r.FrontEnd))} until someone starts it again",
                related,
                fix);
        }
    }

    /// <summary>The unit folders where a native <c>uwsgi.service</c> takes the SysV script's place: systemd-sysv-generator
    /// makes no unit for a script when a unit of its name exists in the unit search path (a link to /dev/null, a mask, too).</summary>
    private static readonly string[] UnitFolders = ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"];

    /// <summary>
    /// Debian's uwsgi applications run from the package's SysV script, <c>/etc/init.d/uwsgi</c> (the package ships no unit).
    /// systemd-sysv-generator (src/sysv-generator/sysv-generator.c, generate_unit_file) writes for it <c>Type=forking</c>,
    /// <c>Restart=no</c>, <c>GuessMainPID=no</c> and, without a <c># pidfile:</c> line in the script's header (Debian's
    /// has none: it starts one daemonized master per application), <c>RemainAfterExit=yes</c>. The unit stays "active
    /// (exited)" with no main process to watch: a master that dies is never started again, and a <c>Restart=</c> drop-in
    /// would not change that. Reported once, at the script, when a front end reaches (or is meant for) an application, the
    /// script is in the root and no native <c>uwsgi.service</c> takes its place; advice only.
    /// </summary>
    private Diagnostic? CheckDebianUwsgi(RuleContext context)
    {
        const string Script = "/etc/init.d/uwsgi";
        var host = context.Host;
        var apps = host.BackEndsOf<DebianUwsgiApp>().ToList();
        if (apps.Count == 0)
        {
            return null;
        }

        var reached = new List<(FrontEnd FrontEnd, DebianUwsgiApp App, bool Intended)>();
        foreach (var app in apps)
        {
            reached.AddRange(host.ReachedBy(app).Select(f => (f, app, false)));
        }

        foreach (var (frontEnd, _, backEnd, _) in UnmatchedTargets.MeantForUnmatched(host))
        {
            if (backEnd is DebianUwsgiApp app)
            {
                reached.Add((frontEnd, app, true));
            }
        }

        if (reached.Count == 0)
        {
            context.Notes.Add($"{apps[0].File.DisplayPath}: CL007 did not judge Debian's uwsgi init script: no front end of this host reaches its applications");
            return null;
        }

        if (host.Resolution.IsContainer)
        {
            context.Notes.Add($"{apps[0].File.DisplayPath}: CL007 did not judge what restarts Debian's uwsgi applications: the root is a container's, where no init system runs the script");
            return null;
        }

        if (host.Files.Read(Script) is not { } source)
        {
            context.Notes.Add($"{apps[0].File.DisplayPath}: CL007 did not judge what restarts Debian's uwsgi applications: {Script.TrimStart('/')} is not in the root");
            return null;
        }

        if (host.ServiceUnits.ContainsKey("uwsgi.service") || UnitFolders.Any(f => host.Files.FileSystem.EntryTypeOf(f + "/uwsgi.service") != FileType.Missing))
        {
            context.Notes.Add($"{source.File.Display}: CL007 leaves Debian's uwsgi init script alone: a native uwsgi.service takes its place (systemd-sysv-generator makes no unit for it), judged as a unit if ConfLint reads it");
            return null;
        }

        // A chkconfig header line "# pidfile:" gives the generated unit PIDFile= and RemainAfterExit=no.
        var pidFile = false;
        var provides = (Start: 0, Length: source.LineCount > 0 ? source.GetLineSpan(1).Length : 0);
        for (var line = 1; line <= source.LineCount && line <= 200; line++)
        {
            var span = source.GetLineSpan(line);
            var text = source.ToString(span).Trim();
            pidFile |= text.StartsWith("# pidfile:", StringComparison.Ordinal);
            if (text.StartsWith("# Provides:", StringComparison.Ordinal))
            {
                provides = (span.Start, span.Length);
            }
        }

        var ordered = reached.OrderBy(r => r.Intended).ToList();
        var (first, firstApp, intended) = ordered[0];
        var serves = intended
            ? $"{first.DirectiveName} {first.Target.Text} is meant to reach uwsgi application '{firstApp.AppName}'"
            : $"{first.DirectiveName} {first.Target.Text} proxies to uwsgi application '{firstApp.AppName}'";
        var unit = pidFile
            ? "systemd's generated uwsgi.service has Restart=no (systemd-sysv-generator writes it for every SysV script)"
            : "systemd's generated uwsgi.service has Restart=no, RemainAfterExit=yes and GuessMainPID=no (systemd-sysv-generator writes them for a SysV script without a pidfile: line), so systemd watches no uwsgi process";
        var related = ordered.DistinctBy(r => r.FrontEnd).Take(3)
            .Select(r => Related(r.FrontEnd.Directive, r.Intended ? $"{r.FrontEnd.DirectiveName} is meant for uwsgi application '{r.App.AppName}' (nothing listens at {r.FrontEnd.Target.Text})" : $"{r.FrontEnd.DirectiveName} sends requests to uwsgi application '{r.App.AppName}'"))
            .ToList();
        if (firstApp.File.Source is { } appSource)
        {
            related.Add(Related(Host.HostFiles.At(appSource, 0, appSource.LineCount > 0 ? appSource.GetLineSpan(1).Length : 0), $"uwsgi application '{firstApp.AppName}', started by {Script}"));
        }

        return Report(Host.HostFiles.At(source, provides.Start, provides.Length),
            $"{serves}, which runs from Debian's SysV script {Script}: {unit}; after its uwsgi master dies (a crash, an OOM kill) nothing starts it again " +
            $"and the proxy answers {ProxyStatus.Unreachable(ordered.Select(r => r.FrontEnd))} until someone runs service uwsgi restart",
            related,
            new Fix(pidFile
                    ? "Run the application from a native unit with Restart=on-failure (one service per application, or the uwsgi emperor under systemd)"
                    : "Run the application from a native unit with Restart=on-failure (one service per application, or the uwsgi emperor under systemd); a Restart= drop-in for uwsgi.service does nothing, as the generated unit has no main process to watch",
                Applicability.DisplayOnly, []));
    }

    /// <summary><c>restart: unless-stopped</c> written in the Compose file: the value replaced where it is set, else a line in the
    /// service. Safe: Docker then restarts the container after it exits, except after a deliberate stop.</summary>
    private static Fix ComposeFix(ComposeService service, ComposeNode? existing)
    {
        var title = $"Set restart: unless-stopped for service '{service.Name}'";
        return ComposeEdits.Set(service, "restart", "unless-stopped", existing) is { } edit
            ? new Fix(title, Applicability.Safe, [edit])
            : new Fix(title, Applicability.DisplayOnly, []);
    }

    /// <summary>What an OOM kill does to the service: with systemd's DefaultOOMPolicy=stop the whole unit is stopped and
    /// marked failed when the kernel kills any of its processes.</summary>
    /// <summary>
    /// <c>Restart=on-abort</c> (Debian's tomcat10 and apache2 units, Sonatype's Nexus unit): systemd starts the service
    /// again after a death by signal or a core dump (a crash, a kill), not after a non-zero exit nor an OOM kill, whose
    /// result under <c>OOMPolicy=stop</c> (systemd's <c>DefaultOOMPolicy=</c>) or <c>kill</c> is <c>oom-kill</c>
    /// (service.c, service_shall_restart). With <c>OOMPolicy=continue</c> the kernel's kill of the main process is a death
    /// by signal, restarted: nothing to say. Otherwise an <c>info</c>: the policy is a choice the distributions make, and
    /// only an OOM kill or the program's own failing exit leaves the proxy without it. The fix, <c>Restart=on-failure</c>,
    /// is unsafe: it also restarts a program that exits on a mistake of its own configuration, which on-abort leaves down.
    /// </summary>
    private Diagnostic? OnAbort(RuleContext context, MergedUnit unit, ConfigFile file, SystemdEntry restartEntry, string serves, List<(FrontEnd FrontEnd, bool Intended)> ordered, Duration restartSec)
    {
        if (unit.Get("Service", "OOMPolicy") == "continue")
        {
            context.Notes.Add($"{file.DisplayPath}: CL007 leaves {unit.Name} alone: Restart=on-abort starts it again after it dies by a signal (a crash, a kill), and OOMPolicy=continue makes an OOM kill of its main process one");
            return null;
        }

        var related = ServedBy(ordered).ToList();
        var fix = CreateFix(context.Workspace, unit, file, restartSec);
        return Report(restartEntry.Location,
            $"service '{unit.Name}' {serves} has Restart=on-abort: systemd starts it again after a crash by a signal, but not after an OOM kill " +
            $"({OomPolicy(unit)}, with the result 'oom-kill') nor a failing exit of its own; then it stays down and the proxy answers " +
            $"{ProxyStatus.Unreachable(ordered.Select(f => f.FrontEnd))} until someone restarts it",
            related,
            fix with { Applicability = fix.Edits.Count > 0 ? Applicability.Unsafe : fix.Applicability }) with { Severity = Severity.Info };
    }

    /// <summary>The related locations of a service's finding: up to three front ends that reach it (or are meant for it).</summary>
    private IEnumerable<RelatedLocation> ServedBy(List<(FrontEnd FrontEnd, bool Intended)> ordered) =>
        ordered.DistinctBy(f => f.FrontEnd).Take(3)
            .Select(f => Related(f.FrontEnd.Directive, f.Intended ? $"{f.FrontEnd.DirectiveName} is meant for this service (nothing listens at {f.FrontEnd.Target.Text})" : $"{f.FrontEnd.DirectiveName} sends requests to this service"));

    private static string OomPolicy(MergedUnit unit) => unit.Get("Service", "OOMPolicy") switch
    {
        "continue" => "OOMPolicy=continue keeps the unit running only while its main process lives",
        "kill" => "OOMPolicy=kill ends the whole unit",
        _ => "systemd's DefaultOOMPolicy=stop stops the whole service when the kernel kills one of its processes",
    };

    /// <summary>For each service, the front ends that reach it: directly, through its pools, vassals or sockets, or (when
    /// nothing listens where a front end points) as the back end the evidence says it is meant for (CL001).</summary>
    private static Dictionary<ServiceBackEnd, List<(FrontEnd FrontEnd, bool Intended)>> Reached(HostModel host)
    {
        var reached = new Dictionary<ServiceBackEnd, List<(FrontEnd, bool)>>();
        void Add(BackEnd backEnd, FrontEnd frontEnd, bool intended)
        {
            if (host.ServiceOf(backEnd) is { } service)
            {
                (reached.TryGetValue(service, out var list) ? list : reached[service] = []).Add((frontEnd, intended));
            }
        }

        foreach (var backEnd in host.BackEnds)
        {
            foreach (var frontEnd in host.ReachedBy(backEnd))
            {
                Add(backEnd, frontEnd, false);
            }
        }

        foreach (var (frontEnd, _, backEnd, _) in UnmatchedTargets.MeantForUnmatched(host))
        {
            Add(backEnd, frontEnd, true);
        }

        return reached;
    }

    /// <summary>The units that run a Tomcat and that no service back end stands for (the package's tomcat10.service, a
    /// vendor's confluence.service), each with the front ends that reach its Tomcat or are meant for it (CL001).</summary>
    private static List<(MergedUnit Unit, ConfigFile File, string Role, List<(FrontEnd FrontEnd, bool Intended)> Reach)> TomcatUnits(HostModel host)
    {
        var found = new List<(MergedUnit Unit, ConfigFile File, string Role, List<(FrontEnd FrontEnd, bool Intended)> Reach)>();
        foreach (var tomcat in host.Tomcat)
        {
            if (tomcat.UnitName is not { } name || !host.ServiceUnits.TryGetValue(name, out var service) || host.BackEndsOf<ServiceBackEnd>().Any(s => s.UnitName == name))
            {
                continue;
            }

            var index = found.FindIndex(f => f.Unit.Name == name);
            if (index < 0)
            {
                found.Add((service.Unit, service.File, $"runs Tomcat ({tomcat.ServerXml.DisplayPath})", []));
                index = found.Count - 1;
            }

            found[index].Reach.AddRange(host.ReachedBy(tomcat).Select(f => (f, false)));
            foreach (var (frontEnd, _, backEnd, _) in UnmatchedTargets.MeantForUnmatched(host))
            {
                if (ReferenceEquals(backEnd, tomcat))
                {
                    found[index].Reach.Add((frontEnd, true));
                }
            }
        }

        return found;
    }

    /// <summary><c>Restart=on-failure</c> and <c>RestartSec=</c> in the unit's [Service] section: edited where the policy is set
    /// or missing in a unit the administrator owns (under /etc, or linted as a plain file); for a vendor unit (under /lib or
    /// /usr/lib), a drop-in named to sort after any drop-in that sets <c>Restart=</c>, so that it is applied last.</summary>
    private static Fix CreateFix(ConfigWorkspace workspace, MergedUnit service, ConfigFile main, Duration restartSec)
    {
        var restartSecText = restartSec.ToNginx();
        var needsRestartSec = service.EffectiveEntry("Service", "RestartSec") is null;
        var title = $"Add Restart=on-failure{(needsRestartSec ? $" and RestartSec={restartSecText}" : string.Empty)} to {service.Name}";

        // Restart= set to something else in a file the administrator owns: change it there.
        if (service.EffectiveEntry("Service", "Restart") is { IsEmpty: false } set && workspace.FileOf(set.Tree) is { } setFile && !IsVendor(setFile.ServerPath) && set.ValueToken is { } value)
        {
            var edits = new List<FileEdit> { Edits.ReplaceToken(setFile, value, "on-failure") };
            if (needsRestartSec)
            {
                edits.Add(Edits.InsertLineAfter(setFile, set, $"RestartSec={restartSecText}"));
            }

            return new Fix(title, Applicability.Safe, edits);
        }

        if (!IsVendor(main.ServerPath) && main.Tree?.Root is SystemdUnitFile unit)
        {
            var lines = new List<string> { "Restart=on-failure" };
            if (needsRestartSec)
            {
                lines.Add($"RestartSec={restartSecText}");
            }

            var section = unit.SectionsNamed("Service").LastOrDefault();
            if (section is not null)
            {
                var last = section.Entries.Count > 0 ? (SyntaxNode)section.Entries[^1] : section;
                return new Fix(title, Applicability.Safe, [Edits.InsertLinesAfter(main, last, lines)]);
            }
        }

        // An instance's drop-in goes to its template's folder: every instance shares the template's policy.
        var unitName = service.Files.Template ?? service.Name;
        var name = DropInName(workspace, service);
        var text = "[Service]\nRestart=on-failure\n" + (needsRestartSec ? $"RestartSec={restartSecText}\n" : string.Empty);
        return new Fix($"{title} in a drop-in, /etc/systemd/system/{unitName}.d/{name}", Applicability.Safe,
            [Edits.CreateFile(workspace.FileIdAt($"/etc/systemd/system/{unitName}.d/{name}"), text)]);
    }

    /// <summary>A service whose <c>Restart=</c> would restart it after a crash, but whose <c>SuccessExitStatus=</c> counts
    /// the crash as a clean exit (or whose <c>RestartPreventExitStatus=</c> forbids the restart): reported at the word
    /// that hides the first crash.</summary>
    private Diagnostic ReportHidden(ConfigWorkspace workspace, MergedUnit unit, ConfigFile file, string serves, string restart, SystemdEntry restartEntry,
        List<(RestartStatuses.Status Status, string How, RestartStatuses.Listed By)> hidden, List<RestartStatuses.Listed> listed, List<(FrontEnd FrontEnd, bool Intended)> ordered)
    {
        var settings = hidden.Select(h => h.By.Setting).Distinct().ToList();
        var said = string.Join("; ", settings.Select(setting => $"{setting}={string.Join(' ', listed.Where(l => l.Setting == setting).Select(l => l.Word))}" +
            (setting == "SuccessExitStatus" ? " counts " : " forbids a restart after ") + Join(hidden.Where(h => h.By.Setting == setting).Select(h => h.How).ToList()) +
            (setting == "SuccessExitStatus" ? " as clean exits" : string.Empty)));
        var related = new List<RelatedLocation> { Related(restartEntry, $"Restart={restart} " + restart switch
        {
            "on-failure" => "restarts only after an unclean exit (an exit status or signal not counted clean), a timeout or the watchdog",
            "always" => "restarts after every exit except those RestartPreventExitStatus= lists",
            _ => "restarts only after an unclean signal, a timeout or the watchdog",
        }) };
        related.AddRange(ServedBy(ordered));
        return Report(hidden[0].By.Entry.Location,
            $"service '{unit.Name}' {serves} has Restart={restart}, but {said}: after such a crash systemd does not restart it, " +
            $"it stays down and the proxy answers {ProxyStatus.Unreachable(ordered.Select(f => f.FrontEnd))} until someone restarts it",
            related,
            StatusFix(workspace, unit, hidden, listed));
    }

    private static string Join(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    /// <summary>A drop-in that empties each setting that hides a crash and lists again its other words: the statuses a
    /// graceful stop needs (143, SIGTERM, a program's own clean codes) stay; exit 0, SIGHUP, SIGINT, SIGTERM and SIGPIPE are
    /// clean for every service anyway. Safe for <c>SuccessExitStatus=</c> (a crash is not a clean exit whatever the unit
    /// meant); unsafe for <c>RestartPreventExitStatus=</c>, which the administrator writes to stop a restart loop.</summary>
    private static Fix StatusFix(ConfigWorkspace workspace, MergedUnit service, List<(RestartStatuses.Status Status, string How, RestartStatuses.Listed By)> hidden, List<RestartStatuses.Listed> listed)
    {
        var settings = hidden.Select(h => h.By.Setting).Distinct().ToList();
        var text = "[Service]\n";
        var kept = new List<string>();
        var dropped = new List<string>();
        foreach (var setting in settings)
        {
            var words = listed.Where(l => l.Setting == setting).ToList();
            var keep = words.Where(w => !hidden.Any(h => h.Status == w.Status)).Select(w => w.Word).ToList();
            dropped.Add($"{string.Join(' ', words.Where(w => hidden.Any(h => h.Status == w.Status)).Select(w => w.Word))} from {setting}=");
            kept.AddRange(keep);
            text += $"{setting}=\n" + (keep.Count > 0 ? $"{setting}={string.Join(' ', keep)}\n" : string.Empty);
        }

        var unitName = service.Files.Template ?? service.Name;
        var name = DropInName(workspace, service, settings, "restart-status.conf");
        var path = $"/etc/systemd/system/{unitName}.d/{name}";
        var prevent = settings.Contains("RestartPreventExitStatus");
        var title = $"Drop {Join(dropped)} of {service.Name} in a drop-in, {path}, keeping " +
            (kept.Count > 0 ? $"{string.Join(' ', kept)} and " : string.Empty) +
            "the clean stops (exit 0, SIGTERM, SIGHUP, SIGINT, SIGPIPE are clean for every service)" +
            (prevent ? "; review: RestartPreventExitStatus= may be there to stop a restart loop" : string.Empty);
        return new Fix(title, prevent ? Applicability.Unsafe : Applicability.Safe, [Edits.CreateFile(workspace.FileIdAt(path), text)]);
    }

    /// <summary>
    /// Services ConfLint does not read as servers (<see cref="HostModel.UnreadPrograms"/>) that serve a front end: the
    /// program's own command line or environment names the front end's target exactly (a listen, bind or port word:
    /// <c>--web.listen-address=127.0.0.1:9093</c>, <c>PORT=4533</c> for a local target, the socket's path), or a file it
    /// names does on a line whose key speaks of a listen, a bind, a port or an address (navidrome.toml's <c>Port = 4533</c>,
    /// for a local target); and the front end is named for it (<see cref="SameApplication.UnreadProgramTie"/>: the
    /// upstream's name, a server name's label, a location's path segment). One without the tie is noted, not judged.
    /// </summary>
    private static List<(MergedUnit Unit, ConfigFile File, string Role, List<(FrontEnd FrontEnd, bool Intended)> Reach)> UnreadServices(RuleContext context, IEnumerable<string> tomcats)
    {
        var host = context.Host;
        var found = new List<(MergedUnit Unit, ConfigFile File, string Role, List<(FrontEnd FrontEnd, bool Intended)> Reach)>();
        var untied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var program in host.UnreadPrograms)
        {
            if (program.Unit?.Name is not { } name || !program.Daemon || program.Words.Count == 0 || UnreadProgramFiles.ServesNoHttp(program.Words) || UnreadProgramFiles.IsInfrastructure(program.Words)
                || UnreadProgramFiles.IsManager(program.Words) || !host.ServiceUnits.TryGetValue(name, out var service)
                || host.BackEndsOf<ServiceBackEnd>().Any(s => s.UnitName == name) || tomcats.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            foreach (var frontEnd in host.FrontEnds)
            {
                var targets = frontEnd.Targets.Count > 0 ? frontEnd.Targets.Select(t => t.Endpoint) : frontEnd.Target.Endpoint is { } single ? [single] : [];
                foreach (var target in targets.Where(t => t.Kind is EndpointKind.Tcp or EndpointKind.Unix))
                {
                    if (NamesTarget(host, program.Words, target) is not { } naming)
                    {
                        continue;
                    }

                    if (SameApplication.UnreadProgramTie(host, frontEnd, program) is not { } part)
                    {
                        if (untied.Add(name))
                        {
                            context.Notes.Add($"{service.File.DisplayPath}: CL007 did not judge {name}: {naming} names {target.Address}, where {frontEnd.DirectiveName} {frontEnd.Target.Text} connects, but nothing ties the front end to it by name");
                        }

                        continue;
                    }

                    var index = found.FindIndex(f => f.Unit.Name == name);
                    if (index < 0)
                    {
                        found.Add((service.Unit, service.File, $"runs {Path.GetFileName(program.Words[0])} (which ConfLint does not read; {naming} names {target.Address}, and the front end is named for '{part}')", []));
                        index = found.Count - 1;
                    }

                    if (!found[index].Reach.Any(r => r.FrontEnd == frontEnd))
                    {
                        found[index].Reach.Add((frontEnd, false));
                    }
                }
            }
        }

        return found;
    }

    /// <summary>What names <paramref name="target"/> as the place an unread program listens, said for a message: a word of
    /// its command line or environment keyed by a listen, bind or port word (the flag itself, <c>--port 4533</c>, or the
    /// key before <c>=</c>) whose address accepts the target (a wildcard host accepts a local one; a bare port only a local
    /// target), or a file it names, on a line keyed so, for a local target. Null when nothing does.</summary>
    private static string? NamesTarget(HostModel host, IReadOnlyList<string> words, Endpoint target)
    {
        var keyedPrevious = false;
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            var pieces = word.Split('=', ',');
            for (var j = 0; j < pieces.Length; j++)
            {
                var piece = pieces[j].Trim('"', '\'');
                var keyed = keyedPrevious || (j > 0 && ListenWord(pieces[j - 1]));
                if (keyed && Matches(piece, target))
                {
                    return $"its command line ('{word}')";
                }
            }

            keyedPrevious = pieces.Length == 1 && word.StartsWith('-') && ListenWord(word);
        }

        if (!target.IsLocal)
        {
            return null;
        }

        foreach (var file in UnreadProgramFiles.Named(words))
        {
            if (host.Workspace.FindFile(file) is null && UnreadProgramFiles.Naming(host, file, target, keyedOnly: true) is { } found)
            {
                return $"{file}, which its command line names, at line {found.Line} ('{found.Word}')";
            }
        }

        return null;

        static bool ListenWord(string text) =>
            text.Contains("listen", StringComparison.OrdinalIgnoreCase) || text.Contains("bind", StringComparison.OrdinalIgnoreCase)
            || text.Contains("port", StringComparison.OrdinalIgnoreCase);

        static bool Matches(string piece, Endpoint target)
        {
            if (target.Kind == EndpointKind.Unix)
            {
                return target.Path is { } path && (piece == path || piece == "unix:" + path || piece == "unix://" + path);
            }

            if (piece.Length > 0 && piece.All(char.IsAsciiDigit))
            {
                return target.IsLocal && int.TryParse(piece, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port == target.Port;
            }

            return piece.Contains(':') && !piece.Contains('/') && Endpoint.TrySplitHostPort(piece, 0, out var host, out var at) && at == target.Port
                && Endpoint.Tcp(host.Length == 0 ? "0.0.0.0" : host, at).Accepts(target);
        }
    }

    private static bool IsVendor(string path) =>
        path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/usr/lib/", StringComparison.Ordinal);

    /// <summary>restart.conf, unless a drop-in whose name sorts after it assigns Restart= (then this one must come later).</summary>
    private static string DropInName(ConfigWorkspace workspace, MergedUnit service) => DropInName(workspace, service, ["Restart"], "restart.conf");

    /// <summary><paramref name="name"/>, unless a drop-in whose name sorts after it assigns one of <paramref name="keys"/>
    /// (then this one must come later).</summary>
    private static string DropInName(ConfigWorkspace workspace, MergedUnit service, IReadOnlyList<string> keys, string name)
    {
        var own = name;
        foreach (var dropIn in service.Files.DropIns)
        {
            var file = Path.GetFileName(dropIn);
            if (string.CompareOrdinal(file, name) >= 0 && keys.Any(k => service.Assignments("Service", k).Any(e => workspace.FileOf(e.Tree).ServerPath == dropIn)))
            {
                name = "zz-" + file.Replace(".conf", string.Empty, StringComparison.Ordinal) + "-" + own;
            }
        }

        return name;
    }
}
