using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// A target only socket units listen at whose service no unit file of the root holds. A socket unit starts the service
/// its <c>Service=</c> names, else the unit of its own name with <c>.service</c> (with <c>Accept=yes</c> an instance of
/// the template <c>NAME@.service</c> per connection: systemd.socket(5)). Where that unit is not found, systemd loads it as
/// "not-found" and refuses to start the socket (src/core/socket.c, <c>socket_start</c>: "Socket service NAME not loaded,
/// refusing"; <c>systemd-analyze verify</c>: "service NAME not loaded, socket cannot be started"); with <c>Accept=yes</c>
/// it listens, and the first connection fails to load an instance ("Failed to queue service startup job (Maybe the service
/// file is missing or not a template unit?)") and puts the socket unit in the failed state. A service that
/// <c>Requires=</c>, <c>BindsTo=</c> or <c>Requisite=</c> such a socket fails with it: the run queue runs the socket's
/// start job before the service's (unit.c, <c>unit_compare_priority</c>, by unit type), and a failed start job fails the
/// start jobs of the units that require it (job.c, <c>job_fail_dependencies</c>); its own bind of the same path is then
/// not where anything listens. The classic case is a service renamed (<c>nominatim.service</c> to
/// <c>nominatim-api.service</c>) with its socket unit left without <c>Service=</c>.
/// Evidence before verdict: the name is not the unit's where any unit file, alias link, drop-in folder or mask of the root
/// has it (a masked one is <see cref="MaskedUnits"/>'), nor where an init script <c>/etc/init.d/NAME</c> gives it
/// (systemd-sysv-generator makes <c>NAME.service</c> of it at boot); and a root without the packages' unit folders
/// (<c>/lib/systemd/system</c>, <c>/usr/lib/systemd/system</c>) may lack a packaged unit, so there a service of the root
/// must show what the socket unit was meant for (it needs the socket).
/// </summary>
public static class MissingSocketServices
{
    /// <summary>A socket unit whose service is not there.</summary>
    /// <param name="Socket">The socket unit that listens at the target.</param>
    /// <param name="Listen">Its line that listens at the target.</param>
    /// <param name="Service">The service it would start (the template with <c>Accept=yes</c>).</param>
    /// <param name="Accept">Whether it has <c>Accept=yes</c>.</param>
    /// <param name="Blocked">The services that need it, which cannot start either, each with the key that ties it.</param>
    /// <param name="Meant">The service the socket unit was likely meant for: one that needs it, else one that binds the
    /// target; null where none does.</param>
    public sealed record Missing(SocketBackEnd Socket, EndpointSite Listen, string Service, bool Accept, IReadOnlyDictionary<string, string> Blocked, string? Meant);

    private static readonly string[] UnitFolderPaths = ["/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"];

    private static readonly string[] VendorFolderPaths = ["/lib/systemd/system", "/usr/lib/systemd/system"];

    /// <summary>The socket unit whose missing service leaves <paramref name="endpoint"/> without a listener: every back end
    /// listening there is such a socket unit, or a program of a service that needs one; null otherwise.</summary>
    public static Missing? At(HostModel host, Endpoint endpoint)
    {
        if (!endpoint.IsLocal)
        {
            return null;
        }

        var providers = host.Providers(endpoint);
        Missing? found = null;
        for (var i = 0; i < providers.Count; i++)
        {
            if (providers[i] is SocketBackEnd { Service: null } socket && Of(host, socket, endpoint) is { } missing)
            {
                found ??= missing;
            }
        }

        if (found is null)
        {
            return null;
        }

        for (var i = 0; i < providers.Count; i++)
        {
            var provider = providers[i];
            if (provider is SocketBackEnd { Service: null } socket && Of(host, socket, endpoint) is not null)
            {
                continue;
            }

            // Another listener: only a program of a service that needs the socket, which cannot start.
            if (host.ServiceOf(provider) is not { } service || !found.Blocked.ContainsKey(service.UnitName))
            {
                return null;
            }
        }

        // The packages' unit folders are not in the root: a packaged service may be there on the host, unless a service of
        // the root shows that this socket unit was meant for it.
        return found.Meant is null && !VendorFolderPaths.Any(host.Workspace.FileSystem.DirectoryExists) ? null : found;
    }
    /// <summary>The socket unit's missing service, worked out once for each socket unit; null where the service is there
    /// or may be.</summary>
    private static Missing? Of(HostModel host, SocketBackEnd socket, Endpoint endpoint)
    {
        var missing = host.Shared("MissingSocketServices.Of", socket, () => Find(host, socket));
        if (missing is null)
        {
            return null;
        }

        foreach (var listener in socket.Listeners)
        {
            if (listener.Endpoint.Accepts(endpoint))
            {
                return missing with { Listen = listener };
            }
        }

        return missing;
    }

    private static Missing? Find(HostModel host, SocketBackEnd socket)
    {
        var fileSystem = host.Workspace.FileSystem;
        var accept = socket.Unit.Get("Socket", "Accept") is { } a && a.Trim().ToLowerInvariant() is "yes" or "true" or "1" or "on";
        var named = socket.Unit.Get("Socket", "Service") is { Length: > 0 };
        var service = socket.ServiceName.Trim();

        // A Service= with Accept=yes, or a template named for a socket without it, is a unit systemd refuses to load:
        // another failure, not this one.
        if (socket.Listeners.Count == 0 || (accept && named) || (!accept && UnitNames.IsTemplate(service)) || !UnitNames.IsValid(service)
            || !UnitFolderPaths.Any(fileSystem.DirectoryExists) || Known(host, service))
        {
            return null;
        }

        // systemd-sysv-generator makes NAME.service of /etc/init.d/NAME at boot.
        var stem = SystemdBackEnds.ProgramName(service);
        if (fileSystem.FileExists("/etc/init.d/" + stem))
        {
            return null;
        }

        var blocked = MaskedUnits.Blocked(host, socket.Unit.Name);
        foreach (var alias in socket.Unit.Files.Aliases)
        {
            foreach (var (name, key) in MaskedUnits.Blocked(host, alias))
            {
                blocked.TryAdd(name, key);
            }
        }

        var meant = blocked.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
        return new Missing(socket, socket.Listeners[0], service, accept, blocked, meant);
    }

    /// <summary>Whether the root has a unit of that name in any form: a unit file, an alias link, a drop-in folder, a
    /// mask, a link that dangles (its file may be on the host).</summary>
    private static bool Known(HostModel host, string name)
    {
        var workspace = host.Workspace;
        foreach (var unit in workspace.Units)
        {
            if (unit.Name == name || unit.Aliases.Contains(name))
            {
                return true;
            }
        }

        foreach (var unit in workspace.MaskedUnits)
        {
            if (unit.Name == name || unit.Aliases.Contains(name))
            {
                return true;
            }
        }

        foreach (var folder in UnitSearchPath.System)
        {
            var path = folder + "/" + name;
            if (workspace.FileSystem.FileExists(path) || workspace.FileSystem.DirectoryExists(path + ".d") || workspace.FileSystem.LinkTargetOf(path) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
