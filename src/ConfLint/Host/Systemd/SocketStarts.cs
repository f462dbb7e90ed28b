using ConfLint.Workspace.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>
/// Whether a socket unit is started at boot, as the root's links show it. A socket unit listens only once it is started
/// (systemd.socket(5)), and a service is handed only the sockets of socket units that are started (systemd.service(5),
/// <c>Sockets=</c>; sd_listen_fds(3): <c>LISTEN_FDS</c> is set only where the manager passes descriptors). It is started
/// when a link enables it (<c>sockets.target.wants/</c>, an alias), when a unit that runs pulls it in (<c>Requires=</c>,
/// <c>Wants=</c>, <c>BindsTo=</c>, <c>Upholds=</c>, a service's <c>Sockets=</c>: <see cref="UnitEnablements"/>), or when
/// an enabled unit names it in <c>[Install]</c>'s <c>Also=</c> (<c>systemctl enable</c> of that unit enables it too,
/// systemd.unit(5)). A socket unit with an <c>[Install]</c> section that none of these names, in a root that enables its
/// units by links, is provably not started: its service, started on its own, gets no socket from systemd and binds what
/// its own configuration says (puma's <c>bind_to_activated_sockets</c>, binder.rb's
/// <c>synthesize_binds_from_activated_fs</c>: "return binds unless activated_sockets.any?"; gunicorn's arbiter reads
/// <c>LISTEN_FDS</c> only where it is set).
/// </summary>
internal static class SocketStarts
{
    /// <summary><see cref="UnitEnablement.Enabled"/> where the root shows the socket unit started at boot,
    /// <see cref="UnitEnablement.Disabled"/> where it shows it is not, else <see cref="UnitEnablement.Unknown"/> (no links
    /// in the root, a static unit).</summary>
    public static UnitEnablement Of(HostModel model, MergedUnit socket)
    {
        var enablements = HostEnablements.Of(model);
        var found = enablements.Of(socket);
        return found == UnitEnablement.Disabled && NamedByAlso(model, enablements, socket) ? UnitEnablement.Enabled : found;
    }

    /// <summary>Whether an enabled unit's <c>Also=</c> names the socket unit (by its name or an alias).</summary>
    private static bool NamedByAlso(HostModel model, UnitEnablements enablements, MergedUnit socket)
    {
        var workspace = model.Workspace;
        foreach (var files in workspace.Units)
        {
            if (files.IsMasked || files.IsTemplate || files.MainPath is null || files.Name == socket.Name)
            {
                continue;
            }

            MergedUnit unit;
            try
            {
                unit = workspace.MergedUnit(files);
            }
            catch (IOException)
            {
                continue;
            }

            var also = unit.GetAll("Install", "Also");
            if (also.Count == 0 || enablements.Of(unit) != UnitEnablement.Enabled)
            {
                continue;
            }

            // Also= names units as the dependency settings do, its specifiers expanded for the enabled unit (an instance's
            // Also=app@%i.socket is its own socket instance).
            if (UnitPulls.Also(unit).Any(p => p.Name is { } name && (name == socket.Name || socket.Files.Aliases.Contains(name))))
            {
                return true;
            }
        }

        return false;
    }
}
