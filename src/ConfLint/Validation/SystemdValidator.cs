using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// What systemd logs and ignores when it loads a unit: lines without <c>=</c>, assignments outside a section, unknown
/// sections and unknown keys. systemd loads the unit all the same, so each is a warning, never an error.
/// </summary>
internal static class SystemdValidator
{
    private static readonly SystemdKeyTable Table = SystemdKeyTable.Instance;

    public static void Check(ConfigWorkspace workspace, Findings findings)
    {
        foreach (var file in workspace.FilesOfKind(ConfigKind.Systemd))
        {
            if (file.Tree?.Root is not SystemdUnitFile unit)
            {
                continue;
            }

            foreach (var line in unit.InvalidLines.Concat(unit.Sections.SelectMany(s => s.InvalidLines)))
            {
                findings.Warning(file, line, line.Problem);
            }

            foreach (var entry in unit.Entries)
            {
                findings.Warning(file, entry, "Assignment outside of section. Ignoring.");
            }

            var own = OwnSection(file.ServerPath);
            foreach (var section in unit.Sections)
            {
                var name = section.Name;
                if (name.StartsWith("X-", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!(name is "Unit" or "Install" || name == own) || !Table.HasSection(name))
                {
                    // Without a known unit type (an odd file name) only names systemd knows nowhere are judged.
                    if (own is null && Table.HasSection(name))
                    {
                        continue;
                    }

                    findings.Warning(file, section, $"Unknown section '{name}'. Ignoring.");
                    continue;
                }

                foreach (var entry in section.Entries)
                {
                    if (!entry.Key.StartsWith("X-", StringComparison.Ordinal) && Table.Find(name, entry.Key) is null)
                    {
                        var suggestion = Table.Suggest(name, entry.Key);
                        var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
                        findings.Warning(file, entry, $"Unknown key name '{entry.Key}' in section '{name}', ignoring.{hint}");
                    }
                }
            }
        }
    }

    /// <summary>The section of a unit's own type: <c>Service</c> for <c>web.service</c> and for
    /// <c>web.service.d/override.conf</c>; null where the name does not tell.</summary>
    internal static string? OwnSection(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".conf", StringComparison.Ordinal))
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(path) ?? string.Empty);
            name = folder.EndsWith(".d", StringComparison.Ordinal) ? folder[..^2] : string.Empty;
        }

        return Path.GetExtension(name) switch
        {
            ".service" => "Service",
            ".socket" => "Socket",
            ".mount" => "Mount",
            ".automount" => "Automount",
            ".swap" => "Swap",
            ".timer" => "Timer",
            ".path" => "Path",
            ".slice" => "Slice",
            ".scope" => "Scope",
            ".target" or ".device" => string.Empty,
            _ => null,
        };
    }
}
