using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Supervisor;
using ConfLint.Host.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Two programs given one address: two services (or supervisord programs, uWSGI applications, Tomcat instances) whose
/// configuration binds the same TCP port on overlapping addresses. The kernel lets one of
/// them listen there; the other's <c>bind()</c> fails (<c>EADDRINUSE</c>: gunicorn "Connection in use", node "EADDRINUSE",
/// uWSGI "Address already in use") and its service exits and is restarted in a loop, while every site sent to that address
/// reaches whichever program started first. A PHP-FPM pool counts only where its PHP-FPM service and every other
/// claimant are proven to start at boot and all bind exactly the one address (php-fpm's "unable to bind listening socket
/// ... (98)"; a spawn-fcgi on RT's documented 127.0.0.1:9000 beside a pool moved there); the pools of one master are one
/// program (the master shares a socket among its pools). A Unix socket path counts only where every claimant is a pool of
/// a PHP-FPM master that starts at boot, each master another: php-fpm connects to the path before it binds
/// (fpm_sockets.c, fpm_sockets_new_listening_socket: fpm_socket_unix_test_connect), and where another master answers it
/// refuses ("Another FPM instance seems to already listen on ...") and exits with all its pools ("FPM initialization
/// failed"); the one that started first keeps the path, and removes the socket when it stops (fpm_sockets_cleanup), after
/// which nothing answers there until the other is started again. Left alone where the address may be shared on purpose or where
/// the two do not run together: socket units (systemd holds the socket), PM2
/// and Compose back ends (PM2's cluster mode shares a port among apps; a container listens in its own network), several
/// back ends of one service (instances of one template, a supervisord program's processes, an emperor's vassals), a
/// service proven not started at boot, a supervisord program with <c>autostart=false</c>, two units one of which names the
/// other in <c>Conflicts=</c>, and a program that sets <c>SO_REUSEPORT</c> (<c>--reuse-port</c>, <c>reuse_port</c>).
/// </summary>
public static class PortCollisions
{
    /// <summary>One program at an address: the back end and its listener there.</summary>
    public sealed record Holder(BackEnd BackEnd, EndpointSite Listener)
    {
        /// <summary>Whether the root proves it starts at boot: its unit enabled by a link, or a supervisord program (supervisord
        /// starts each program without <c>autostart=false</c>). A unit whose enablement the root does not show (a repository of
        /// units) may or may not run.</summary>
        public bool Starts { get; init; }
    }

    /// <summary>The programs that claim the address <paramref name="connect"/> (a front end's target), one back end for each
    /// program, in the order of their files; fewer than two where nothing collides. <paramref name="why"/> says why a
    /// collision was left unjudged (a reuse-port setting), else null.</summary>
    public static IReadOnlyList<Holder> At(HostModel host, Endpoint connect, out string? why)
    {
        why = null;
        // TCP, and a Unix socket path only PHP-FPM masters claim: other programs differ on a socket file they find (gunicorn
        // and uWSGI remove it and take the path; others fail), so which one a site reaches is not one outcome.
        if (connect.Kind is not (EndpointKind.Tcp or EndpointKind.Unix))
        {
            return [];
        }

        var claimants = host.Claimants(connect);
        if (claimants.Count < 2 || (connect.Kind == EndpointKind.Unix && !OnlyFpmMasters(host, claimants)))
        {
            return [];
        }

        var holders = new List<Holder>();
        var programs = new List<object>();
        foreach (var backEnd in claimants)
        {
            if (!Counts(host, backEnd) || Program(host, backEnd) is not { } program || programs.Contains(program))
            {
                continue;
            }

            var listener = backEnd.Listeners.FirstOrDefault(l => l.Endpoint.Accepts(connect)) ?? backEnd.Listeners.FirstOrDefault();
            if (listener is null)
            {
                continue;
            }

            programs.Add(program);
            holders.Add(new Holder(backEnd, listener) { Starts = backEnd is SupervisorBackEnd || host.ServiceOf(backEnd) is { Enablement: UnitEnablement.Enabled } });
        }

        if (holders.Count < 2 || !PoolsProven(holders))
        {
            return [];
        }

        foreach (var holder in holders)
        {
            if (ReusesPort(host, holder.BackEnd) is { } setting)
            {
                why = $"{holder.BackEnd.Describe()} sets {setting}: programs that all set SO_REUSEPORT may share a port";
                return [];
            }
        }

        if (Conflicting(holders))
        {
            why = "the units name each other in Conflicts=: they do not run together";
            return [];
        }

        holders.Sort((a, b) => string.CompareOrdinal(a.Listener.File.DisplayPath, b.Listener.File.DisplayPath) is var byPath and not 0
            ? byPath
            : a.Listener.Location.Span.Start.CompareTo(b.Listener.Location.Span.Start));
        return holders;
    }

    /// <summary>Whether the back end is a program that binds its own address and starts at boot as far as the root shows.</summary>
    private static bool Counts(HostModel host, BackEnd backEnd)
    {
        switch (backEnd)
        {
            case ServiceBackEnd service:
                return !service.IsPhpFpm && !service.IsSocketActivated && service.Server is not null && service.Enablement != UnitEnablement.Disabled;
            case SupervisorBackEnd program:
                return program.PhpFpm is null && program.AutoStartOff is null && program.Server is not null;
            case FpmPool:
                return host.ServiceOf(backEnd) is { Enablement: UnitEnablement.Enabled };
            case VassalBackEnd or DebianUwsgiApp or Host.Tomcat.TomcatInstance:
                return host.ServiceOf(backEnd) is not { Enablement: UnitEnablement.Disabled };
            default:
                return false;
        }
    }

    /// <summary>Whether a collision with a PHP-FPM pool among the holders is proven: each holder starts at boot and binds the
    /// very same address (a pool on 0.0.0.0:9000 beside a program on 127.0.0.1:9000 is left alone).</summary>
    private static bool PoolsProven(List<Holder> holders)
    {
        if (!holders.Any(h => h.BackEnd is FpmPool))
        {
            return true;
        }

        var address = holders[0].Listener.Endpoint;
        return holders.All(h => h.Starts && (address.Kind == EndpointKind.Unix
            ? h.Listener.Endpoint.Kind == EndpointKind.Unix && h.Listener.Endpoint.CanonicalPath == address.CanonicalPath
            : h.Listener.Endpoint.Host == address.Host && h.Listener.Endpoint.Port == address.Port));
    }

    /// <summary>Whether every claimant of a Unix socket is a pool whose master makes the socket itself: a socket systemd
    /// hands over (a socket unit, FPM_SOCKETS) is inherited, not bound, and php-fpm makes no test connect for it.</summary>
    private static bool OnlyFpmMasters(HostModel host, IReadOnlyList<BackEnd> claimants)
    {
        foreach (var claimant in claimants)
        {
            if (claimant is not FpmPool || (host.ServiceOf(claimant) is { } service && (service.IsSocketActivated || service.Environment.ContainsKey("FPM_SOCKETS"))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What makes two back ends one program: the service (a template's instances are one), the supervisord
    /// program section, the emperor.</summary>
    private static object? Program(HostModel host, BackEnd backEnd) => backEnd switch
    {
        SupervisorBackEnd program => program.Section,
        _ when host.ServiceOf(backEnd) is { } service => TemplateOf(service.UnitName),
        _ => backEnd,
    };

    private static string TemplateOf(string unitName) => unitName.IndexOf('@') is var at and > 0 ? unitName[..at] + "@" : unitName;

    /// <summary>A reuse-port setting in the program's command or its server's configuration files, said; null when none.</summary>
    private static string? ReusesPort(HostModel host, BackEnd backEnd)
    {
        var server = backEnd switch
        {
            ServiceBackEnd service => service.Server,
            SupervisorBackEnd program => program.Server,
            VassalBackEnd vassal => vassal.Server,
            _ => null,
        };

        var texts = new List<string>();
        if (host.ServiceOf(backEnd)?.ExecStart is { } execStart)
        {
            texts.Add(execStart.Value);
        }

        if (backEnd is SupervisorBackEnd { Section: var section } && section.Find("command") is { } command)
        {
            texts.Add(command.Value);
        }

        foreach (var id in server?.ConfigFiles ?? [])
        {
            if (host.Workspace.FileOf(id)?.Source?.Text is { } text)
            {
                texts.Add(text);
            }
        }

        foreach (var text in texts)
        {
            foreach (var word in ReusePortWords)
            {
                if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
                {
                    return word;
                }
            }
        }

        return null;
    }

    private static readonly string[] ReusePortWords = ["reuse-port", "reuse_port", "reuseport"];

    /// <summary>Whether two of the services name each other (either way) in <c>Conflicts=</c>.</summary>
    private static bool Conflicting(IReadOnlyList<Holder> holders)
    {
        var units = holders.Select(h => h.BackEnd as ServiceBackEnd).OfType<ServiceBackEnd>().ToList();
        foreach (var unit in units)
        {
            foreach (var value in unit.Unit.GetAll("Unit", "Conflicts"))
            {
                foreach (var name in value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (units.Any(other => !ReferenceEquals(other, unit) && other.UnitName == name))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
