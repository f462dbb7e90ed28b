namespace ConfLint.Workspace.Systemd;

/// <summary>
/// The files systemd reads for one unit, in the order it applies them: the unit file, then the drop-ins.
/// Paths are server paths (read them through <see cref="RootedFileSystem"/>).
/// </summary>
public sealed record UnitFileSet
{
    /// <summary>The unit's name: the name of its unit file, or for an instance of a template <c>getty@tty1.service</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Where systemd found the unit in its search path: a file, or a link (alias target, linked unit file, mask).</summary>
    public required string Path { get; init; }

    /// <summary>The file that holds the unit's text, links followed: <c>/dev/null</c> for a unit masked by a
    /// link, null when the link dangles or nothing was found.</summary>
    public required string? MainPath { get; init; }

    /// <summary>Masked: the unit file is a link to <c>/dev/null</c> or an empty file; systemd will not load it.</summary>
    public required bool IsMasked { get; init; }

    /// <summary>The template whose file serves an instance (<c>getty@.service</c>), or null.</summary>
    public string? Template { get; init; }

    /// <summary>The other names of the unit: aliases by symlink (<c>Alias=</c> once enabled).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The drop-ins (<c>*.conf</c>), in the order systemd applies them: by file name.</summary>
    public IReadOnlyList<string> DropIns { get; init; } = [];

    /// <summary>What systemd applies, in order: the unit file (when there is one) and the drop-ins; nothing for a
    /// masked unit.</summary>
    public IReadOnlyList<string> Files =>
        IsMasked ? [] : MainPath is { } main ? [main, .. DropIns] : DropIns;

    public bool IsTemplate => UnitNames.IsTemplate(Name);
}
