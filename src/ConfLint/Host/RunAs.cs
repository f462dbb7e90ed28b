namespace ConfLint.Host;

/// <summary>
/// The user (and group) a daemon's main process runs as, and how that is known: a systemd unit's <c>User=</c> (none
/// means root), the user of a container's first process (<c>/proc/1/status</c> under the root: what the image's
/// <c>USER</c> made it, inherited by everything it starts), or, with neither, root as init starts daemons.
/// A daemon whose main process is not root cannot switch users: nginx and Apache ignore <c>user</c>/<c>User</c>,
/// PHP-FPM ignores a pool's <c>user</c>/<c>group</c> and cannot <c>chown</c> its sockets to anyone else.
/// </summary>
/// <param name="Group">The main process's group, when known.</param>
/// <param name="Source">For messages: "User= of nginx.service", "the container's user (proc/1/status)".</param>
/// <param name="Proven">Whether the root shows it (a unit, a container's process), rather than assumed.</param>
public sealed record RunAs(string User, string? Group, string Source, bool Proven)
{
    public bool IsRoot => User is "root" or "0";

    /// <summary>Root, as init starts a daemon when nothing in the root says otherwise.</summary>
    public static RunAs AssumedRoot { get; } = new("root", "root", "started as root (no unit or container process in the root says otherwise)", false);

    public override string ToString() => Group is null ? User : $"{User}:{Group}";
}
