using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Why a back end a fix would send a site to is not shown to start, so that the move is no sure remedy (a fix is safe
/// only where exactly one outcome fits the evidence): a socket unit the root's links do not show started at boot
/// (<see cref="SocketStarts"/>: a socket unit that is not started creates no socket, and its service, started on its
/// own, binds what its configuration says), a service that needs a masked unit (its start job fails: "Unit NAME is
/// masked"), or a unit that names an account the host does not have (<see cref="UnitAccounts"/>).
/// </summary>
internal static class StartDoubts
{
    /// <summary>Why <paramref name="backEnd"/> may not be listening when the site is sent there, said; null where nothing
    /// the root shows says so.</summary>
    public static string? Of(HostModel host, BackEnd backEnd)
    {
        if (backEnd is SocketBackEnd { Starts: not UnitEnablement.Enabled } socket)
        {
            return socket.Starts == UnitEnablement.Disabled
                ? $"{socket.Describe()} is not started at boot (no link enables it, and no unit that runs pulls it in): systemd creates no socket, so enable it first"
                : $"the root does not show {socket.Describe()} started at boot (no link enables it, and no unit the root enables pulls it in): check that systemd creates the socket";
        }

        var service = host.ServiceOf(backEnd);
        if (service is not null && MaskedUnits.NeededMask(host, service.Unit) is var (masked, key))
        {
            return $"{service.UnitName} cannot start: it {key}= {masked}, which is masked";
        }

        return UnitAccounts.Of(host, backEnd) is { } missing
            ? $"{missing.Unit.Name} cannot start: {missing.Key}={missing.Name} names no account of the host"
            : null;
    }
}
