using ConfLint.Host;
using ConfLint.Host.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// The one back end a Unix socket target's folder belongs to, where the target reaches nothing: the folder its own socket
/// is bound in (uWSGI's <c>socket = /usr/local/searxng/run/socket</c>), the folder its unit makes for it
/// (<c>RuntimeDirectory=shop</c>: systemd.exec(5) makes <c>/run/shop</c> for that service, owned by its <c>User=</c>), or
/// the folder Debian's uwsgi init script makes for an enabled application (<c>/run/uwsgi/app/NAME</c>: specific_daemon's
/// <c>install -d</c> with the application's uid). No server ConfLint reads makes a socket at a path nobody configured
/// (bind(2) creates only what it is given), so a path there that nothing names is a drift from that back end's socket,
/// even where another front end reaches it already. Folders many programs share (<c>/run</c>, <c>/tmp</c>,
/// <c>/run/php</c>, a user's home) belong to none; nor does one where two back ends ConfLint reads make sockets, nor one a
/// program ConfLint does not read names (its words or its unit's <c>RuntimeDirectory=</c>): that program may bind there.
/// </summary>
internal static class SocketFolderOwners
{
    /// <summary>The owner of the target's folder, why it is, and whether moving the target to its socket is the only
    /// outcome that fits: it makes exactly one socket the front end's protocol is spoken on in that folder, or, where it
    /// makes none there (the Debian folder of an application whose inherited file binds no socket), exactly one such
    /// listener at all. Null where the folder belongs to no one back end.</summary>
    public static (BackEnd BackEnd, string Evidence, bool Certain)? Of(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        if (target.Endpoint is not { Kind: EndpointKind.Unix, Path: { } path })
        {
            return null;
        }

        var folder = SocketFolders.FolderOf(Workspace.RootedFileSystem.Normalize(path));
        if (folder == "/" || SameApplication.SharedFolders.Contains(folder) || SameApplication.SharedSocketFolders.Contains(folder)
            || SameApplication.IsHomeFolder(folder) || UnreadMayBindIn(host, folder))
        {
            return null;
        }

        (BackEnd BackEnd, string Evidence)? owner = null;
        foreach (var backEnd in host.BackEnds)
        {
            if (Why(host, backEnd, folder) is not { } why)
            {
                continue;
            }

            if (owner is not null)
            {
                // Two back ends make sockets or the folder there: whose the target was is not known.
                return null;
            }

            owner = (backEnd, why);
        }

        if (owner is not var (found, evidence) || !UnmatchedTargets.Compatible(frontEnd.Protocol, found))
        {
            return null;
        }

        var spoken = target.Protocol != BackendProtocol.Other ? target.Protocol : frontEnd.Protocol;
        var inFolder = 0;
        var speaking = 0;
        foreach (var listener in found.Listeners)
        {
            if (listener.Protocol != BackendProtocol.Other && spoken != BackendProtocol.Other && !UnmatchedTargets.Understands(listener.Protocol, spoken))
            {
                continue;
            }

            speaking++;
            if (listener.Endpoint is { Kind: EndpointKind.Unix, Path: { } own } && SocketFolders.FolderOf(Workspace.RootedFileSystem.Normalize(own)) == folder)
            {
                inFolder++;
            }
        }

        return (found, evidence, inFolder == 1 || (inFolder == 0 && speaking == 1));
    }

    /// <summary>Why <paramref name="folder"/> is <paramref name="backEnd"/>'s own, or null.</summary>
    private static string? Why(HostModel host, BackEnd backEnd, string folder)
    {
        foreach (var listener in backEnd.Listeners)
        {
            if (listener.Endpoint is { Kind: EndpointKind.Unix, Path: { } own } && SocketFolders.FolderOf(Workspace.RootedFileSystem.Normalize(own)) == folder)
            {
                return $"the socket is in {folder}, where {backEnd.Describe()} creates its own ({own}) and no other program ConfLint reads or sees creates one";
            }
        }

        if (host.ServiceOf(backEnd) is { } service)
        {
            foreach (var made in UnitFolders.Above(service, folder + "/socket", host.Accounts, out _))
            {
                if (made.Path == folder)
                {
                    return $"the socket is in {folder}, which {made.Key}={made.Directory.Value.Trim()} of {service.UnitName} makes for that service alone";
                }
            }
        }

        if (backEnd is DebianUwsgiApp app && folder == $"/run/uwsgi/app/{app.AppName}")
        {
            return $"Debian's uwsgi init script makes {folder}/ for {Path.GetFileName(app.File.ServerPath)} alone, and the socket there comes only from the inherited configuration (default.ini's socket = /run/uwsgi/%(deb-confnamespace)/%(deb-confname)/socket), which this application's configuration does not bind";
        }

        return null;
    }

    /// <summary>Whether a program ConfLint does not read may bind a socket in <paramref name="folder"/>: its command line or
    /// environment names a path there, or its unit makes the folder (<c>RuntimeDirectory=</c> and its kin).</summary>
    private static bool UnreadMayBindIn(HostModel host, string folder)
    {
        foreach (var program in host.UnreadPrograms)
        {
            foreach (var word in program.Words)
            {
                if (word.Contains(folder + "/", StringComparison.Ordinal) || word.EndsWith(folder, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            // The folders its unit makes, read as for a service ConfLint reads (UnitFolders: RuntimeDirectory= and its
            // kin, specifiers expanded).
            if (program.Unit is { } unit)
            {
                foreach (var made in UnitFolders.Above(unit, folder + "/socket", host.Accounts, out _))
                {
                    if (made.Path == folder)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
