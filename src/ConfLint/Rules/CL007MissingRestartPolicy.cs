using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Systemd;

namespace ConfLint.Rules;

/// <summary>
/// CL007 missing-restart-policy: a back-end service whose merged unit (drop-ins included) has no
/// <c>Restart=on-failure</c> or <c>Restart=always</c>. Back ends are services that run a known application
/// server or PHP-FPM, and the services that a reached socket unit starts; other units are not judged.
/// </summary>
public sealed class CL007MissingRestartPolicy : Rule
{
    public override string Code => "CL007";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
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
                CL007MissingRestartPolicyFix.Create(context, service));
        }
    }

    /// <summary>Pools served by a PHP-FPM service: those of the php-fpm.conf its ExecStart names, or every pool when it names none.</summary>
    private static Func<BackEnd, bool> IsPoolOf(ServiceBackEnd service)
    {
        var exec = service.ExecStart?.Value ?? string.Empty;
        return backEnd => backEnd is Host.PhpFpm.FpmPool pool && (pool.Version is null || exec.Contains("php-fpm" + pool.Version, StringComparison.Ordinal)
            || exec.Contains(pool.MainFile.ServerPath, StringComparison.Ordinal));
    }
}
