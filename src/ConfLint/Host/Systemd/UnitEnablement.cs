using ConfLint.Workspace.Systemd;

namespace ConfLint.Host.Systemd;

/// <summary>The host model's one reading of what <c>systemctl enable</c> has left in the root (<see cref="UnitEnablements"/>).</summary>
internal static class HostEnablements
{
    public static UnitEnablements Of(HostModel model) =>
        model.Shared("UnitEnablements", model.Workspace, () => UnitEnablements.For(model.Workspace));
}
