namespace ConfLint.Syntax.Systemd;

/// <summary>
/// The commands of one <c>ExecStart=</c>-like value. <see cref="Error"/> says why systemd stops reading it
/// (unbalanced quotes, a prefix with no program): systemd keeps the commands before the error and ignores the rest.
/// </summary>
public sealed record SystemdCommandLines(IReadOnlyList<SystemdCommand> Commands, string? Error)
{
    public bool IsValid => Error is null;
}
