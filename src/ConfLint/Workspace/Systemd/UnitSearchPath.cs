namespace ConfLint.Workspace.Systemd;

/// <summary>
/// Where systemd looks for system units, highest priority first: what <c>systemd-analyze unit-paths</c> prints
/// on Debian 12 (systemd 252, <c>lookup_paths_init()</c> in src/basic/path-lookup.c). A name found in an
/// earlier folder hides the same name in a later one.
/// </summary>
public static class UnitSearchPath
{
    public static readonly IReadOnlyList<string> System =
    [
        "/etc/systemd/system.control",
        "/run/systemd/system.control",
        "/run/systemd/transient",
        "/run/systemd/generator.early",
        "/etc/systemd/system",
        "/etc/systemd/system.attached",
        "/run/systemd/system",
        "/run/systemd/system.attached",
        "/run/systemd/generator",
        "/usr/local/lib/systemd/system",
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
        "/run/systemd/generator.late",
    ];

    /// <summary>The folders where packages put unit files, with their slash (<c>/lib</c> is <c>/usr/lib</c> on a
    /// merged-/usr system): a unit there came with a package.</summary>
    public static readonly string[] Vendor = ["/lib/systemd/system/", "/usr/lib/systemd/system/"];
}
