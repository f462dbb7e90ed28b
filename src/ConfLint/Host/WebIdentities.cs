using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Host;

/// <summary>
/// The user the web servers' workers really run as. nginx's <c>user</c> and Apache's <c>User</c> only take effect when
/// the master process is root; a master started as another user (a unit's <c>User=</c>, a container's <c>USER</c> as
/// its first process shows) keeps its own user and group for the workers ("the 'user' directive makes sense only if the
/// master process runs with super-user privileges, ignored"). The master's service is the unit whose ExecStart runs
/// the daemon.
/// </summary>
internal static class WebIdentities
{
    private static readonly Dictionary<ConfigKind, string[]> Programs = new()
    {
        [ConfigKind.Nginx] = ["nginx"],
        [ConfigKind.Apache] = ["apache2", "httpd", "apachectl", "apache2ctl"],
        [ConfigKind.Haproxy] = ["haproxy"],
    };

    public static void Apply(HostModel model)
    {
        var masters = new Dictionary<ConfigKind, RunAs>();
        for (var i = 0; i < model.FrontEnds.Count; i++)
        {
            var frontEnd = model.FrontEnds[i];
            if (!masters.TryGetValue(frontEnd.Daemon, out var master))
            {
                master = masters[frontEnd.Daemon] = MasterOf(model, frontEnd.Daemon);
            }

            if (master.IsRoot)
            {
                continue;
            }

            var daemon = frontEnd.Daemon switch { ConfigKind.Nginx => "nginx", ConfigKind.Haproxy => "HAProxy", _ => "Apache" };
            var group = master.Group ?? model.Accounts.PrimaryGroup(master.User) ?? master.User;
            model.FrontEnds[i] = frontEnd with
            {
                Web = new WebIdentity(master.User, group, $"{daemon}'s master runs as '{master.User}' ({master.Source}), so its workers do too"),
            };
        }
    }

    /// <summary>Whether a command line may run one of the programs: it names one as written, or holds a quote, an escape
    /// or a specifier that could spell one (a host's thousands of other services are not parsed).</summary>
    private static bool MayName(string execStart, string[] programs)
    {
        if (execStart.AsSpan().IndexOfAny("\\\"'%$") >= 0)
        {
            return true;
        }

        foreach (var program in programs)
        {
            if (execStart.Contains(program, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Who the daemon's master runs as: the unit that runs it, else the root's first process, else root.</summary>
    private static RunAs MasterOf(HostModel model, ConfigKind daemon)
    {
        foreach (var (unit, _) in model.ServiceUnits.Values)
        {
            if (unit.Get("Service", "ExecStart") is { } execStart
                && Programs.TryGetValue(daemon, out var programs) && MayName(execStart, programs)
                && SystemdCommandLine.Parse(execStart).Commands.Any(c => programs.Contains(c.ProgramName)))
            {
                return model.IdentityOfUnit(unit);
            }
        }

        return model.IdentityOfUnit(null);
    }
}
