using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Rules.Support;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Rules;

public sealed class CL007MissingRestartPolicy : Rule<CL007MissingRestartPolicy.Options>
{
    /// <param name="RestartSec">The <c>RestartSec=</c> the fix writes.</param>
    public sealed record Options(Duration RestartSec);

    public override string Code => "CL007";

    protected override Options ReadOptions(RuleOptions options) => new(options.Duration("restart-sec"));

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var host = context.Host;
        var socketsByService = host.BackEndsOf<SocketBackEnd>().ToLookup(s => s.ServiceName, StringComparer.Ordinal);
        var pools = host.BackEndsOf<Host.PhpFpm.FpmPool>().ToList();
        foreach (var service in host.BackEndsOf<ServiceBackEnd>())
        {
            if (service.Restart is "on-failure" or "always")
            {
                continue;
            }

            var reached = host.ReachedBy(service)
                .Concat(service.IsPhpFpm ? pools.Where(IsPoolOf(service)).SelectMany(host.ReachedBy) : [])
                .Concat(socketsByService[service.UnitName].SelectMany(host.ReachedBy))
                .Distinct()
                .ToList();

            // A service that only a socket unit starts is a back end when a proxy reaches that socket.
            if (!service.IsPhpFpm && service.Server is null && reached.Count == 0)
            {
                continue;
            }
            var role = service.Role;
            var serves = reached.Count > 0 ? $", which {reached[0].DirectiveName} {reached[0].Target.Text} proxies to," : string.Empty;
            var restart = service.RestartEntry is { } entry && !entry.IsEmpty ? $"Restart={service.Restart}" : "no Restart= (systemd's default is no)";
            var location = service.RestartEntry is { IsEmpty: false } set ? set.Location : service.ExecStart!.Location;
            var related = reached.Take(3).Select(f => Related(f.Directive, $"{f.DirectiveName} sends requests to this service")).ToList();
            yield return Report(location,
                $"service '{service.UnitName}' {role}{serves} but has {restart}: after a crash or an OOM kill it stays down and the proxy answers 502 until someone restarts it",
                related,
                CreateFix(context.Workspace, service, options.RestartSec));
        }
    }

    /// <summary>Pools served by a PHP-FPM service: those of the php-fpm.conf its ExecStart names, or every pool when it names none.</summary>
    private static Func<BackEnd, bool> IsPoolOf(ServiceBackEnd service)
    {
        var exec = service.ExecStart?.Value ?? string.Empty;
        return backEnd => backEnd is Host.PhpFpm.FpmPool pool && (pool.Version is null || exec.Contains("php-fpm" + pool.Version, StringComparison.Ordinal)
            || exec.Contains(pool.MainFile.ServerPath, StringComparison.Ordinal));
    }

    /// <summary><c>Restart=on-failure</c> and <c>RestartSec=</c> in the unit's [Service] section: edited where the policy is set
    /// or missing in a unit the administrator owns (under /etc, or linted as a plain file); for a vendor unit (under /lib or
    /// /usr/lib), a drop-in named to sort after any drop-in that sets <c>Restart=</c>, so that it is applied last.</summary>
    private static Fix CreateFix(ConfigWorkspace workspace, ServiceBackEnd service, Duration restartSec)
    {
        var restartSecText = restartSec.ToNginx();
        var needsRestartSec = service.Unit.EffectiveEntry("Service", "RestartSec") is null;
        var title = $"Add Restart=on-failure{(needsRestartSec ? $" and RestartSec={restartSecText}" : string.Empty)} to {service.UnitName}";

        // Restart= set to something else in a file the administrator owns: change it there.
        if (service.RestartEntry is { IsEmpty: false } set && workspace.FileOf(set.Tree) is { } setFile && !IsVendor(setFile.ServerPath) && set.ValueToken is { } value)
        {
            var edits = new List<FileEdit> { Edits.ReplaceToken(setFile, value, "on-failure") };
            if (needsRestartSec)
            {
                edits.Add(Edits.InsertLineAfter(setFile, set, $"RestartSec={restartSecText}"));
            }

            return new Fix(title, Applicability.Safe, edits);
        }

        var main = service.File;
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

        var name = DropInName(workspace, service);
        var text = "[Service]\nRestart=on-failure\n" + (needsRestartSec ? $"RestartSec={restartSecText}\n" : string.Empty);
        return new Fix($"{title} in a drop-in, /etc/systemd/system/{service.UnitName}.d/{name}", Applicability.Safe,
            [Edits.CreateFile(workspace.FileIdAt($"/etc/systemd/system/{service.UnitName}.d/{name}"), text)]);
    }

    private static bool IsVendor(string path) =>
        path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/usr/lib/", StringComparison.Ordinal);

    /// <summary>restart.conf, unless a drop-in whose name sorts after it assigns Restart= (then this one must come later).</summary>
    private static string DropInName(ConfigWorkspace workspace, ServiceBackEnd service)
    {
        var name = "restart.conf";
        foreach (var dropIn in service.Unit.Files.DropIns)
        {
            var file = Path.GetFileName(dropIn);
            if (string.CompareOrdinal(file, name) >= 0 && service.Unit.Assignments("Service", "Restart").Any(e => workspace.FileOf(e.Tree).ServerPath == dropIn))
            {
                name = "zz-" + file.Replace(".conf", string.Empty, StringComparison.Ordinal) + "-restart.conf";
            }
        }

        return name;
    }
}
