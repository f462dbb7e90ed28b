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
        var services = host.BackEndsOf<ServiceBackEnd>().Select(s => (s.Unit, s.File, s.Role, s.IsSocketActivated, Reach: reached.GetValueOrDefault(s)))
            .Concat(tomcats.Select(t => (t.Unit, t.File, t.Role, IsSocketActivated: false, Reach: (List<(FrontEnd FrontEnd, bool Intended)>?)t.Reach)))
            .Concat(options.Services.Where(n => host.ServiceUnits.ContainsKey(n) && !host.BackEndsOf<ServiceBackEnd>().Any(s => s.UnitName == n) && !tomcats.Any(t => t.Unit.Name == n))
                .Select(n => (host.ServiceUnits[n].Unit, host.ServiceUnits[n].File, Role: "is named in rules.CL007.services", IsSocketActivated: false, Reach: (List<(FrontEnd FrontEnd, bool Intended)>?)null)));
        foreach (var (unit, file, role, socketActivated, reach) in services)
        {
            // on-abnormal restarts after signals, timeouts and OOM kills too (service.c, service_shall_restart).
            var restartEntry = unit.EffectiveEntry("Service", "Restart");
            var restart = unit.Get("Service", "Restart") is { Length: > 0 } value ? value : "no";
            if (restart is "on-failure" or "always" or "on-abnormal")
            {
                continue;
            }

            // Debian's tomcat9/tomcat10 units: on-abort restarts the JVM after the deaths that leave the proxy refused (a
            // crash by signal, a kill); only a clean non-zero exit, a start-up mistake, is not retried.
            if (restart == "on-abort" && tomcats.Any(t => t.Unit.Name == unit.Name))
            {
                context.Notes.Add($"{file.DisplayPath}: CL007 leaves {unit.Name} alone: Restart=on-abort starts Tomcat's JVM again after it dies by a signal (a crash, a kill)");
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
            var restartText = restartEntry is { IsEmpty: false } ? $"Restart={restart}" : "no Restart= (systemd's default is no)";
            var location = restartEntry is { IsEmpty: false } set ? set.Location : unit.EffectiveEntry("Service", "ExecStart")?.Location ?? Location.FileOnly(file.Id);
            var related = ordered.DistinctBy(f => f.FrontEnd).Take(3)
                .Select(f => Related(f.FrontEnd.Directive, f.Intended ? $"{f.FrontEnd.DirectiveName} is meant for this service (nothing listens at {f.FrontEnd.Target.Text})" : $"{f.FrontEnd.DirectiveName} sends requests to this service")).ToList();
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

    private static bool IsVendor(string path) =>
        path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/usr/lib/", StringComparison.Ordinal);

    /// <summary>restart.conf, unless a drop-in whose name sorts after it assigns Restart= (then this one must come later).</summary>
    private static string DropInName(ConfigWorkspace workspace, MergedUnit service)
    {
        var name = "restart.conf";
        foreach (var dropIn in service.Files.DropIns)
        {
            var file = Path.GetFileName(dropIn);
            if (string.CompareOrdinal(file, name) >= 0 && service.Assignments("Service", "Restart").Any(e => workspace.FileOf(e.Tree).ServerPath == dropIn))
            {
                name = "zz-" + file.Replace(".conf", string.Empty, StringComparison.Ordinal) + "-restart.conf";
            }
        }

        return name;
    }
}
