namespace ConfLint.Workspace.Systemd;

/// <summary>Whether a service runs at boot, as far as the root's links show it.</summary>
public enum UnitEnablement
{
    /// <summary>Not known: the root shows no <c>.wants/</c> links (a repository of units, a container), or the unit has no
    /// <c>[Install]</c> section (static: started by whatever names it).</summary>
    Unknown,

    /// <summary>A link in a <c>.wants/</c>, <c>.requires/</c> or <c>.upholds/</c> folder names it (or an alias of it), or an
    /// enabled unit pulls it in (<c>Wants=</c>, <c>Requires=</c>, <c>Upholds=</c>, <c>BindsTo=</c>, a service's <c>Sockets=</c>), or an enabled socket,
    /// timer or path unit starts it; the names in those settings with their specifiers expanded (<see cref="UnitPulls"/>).</summary>
    Enabled,

    /// <summary>Provably not started at boot: the root has links in <c>/etc/systemd/system</c>'s <c>.wants/</c> folders (units
    /// are enabled there), this unit has an <c>[Install]</c> section that <c>systemctl enable</c> would link, and no link, no
    /// enabled unit, socket, timer or path unit names it, nor may name it through a specifier ConfLint cannot expand.</summary>
    Disabled,
}

/// <summary>
/// What <c>systemctl enable</c> has left in the root: the units that run at boot, found as systemd finds them (the
/// dependency folders of every search folder, aliases followed, then what those units pull in or start), and the units
/// that provably do not. See <see cref="UnitEnablement"/>.
/// </summary>
internal sealed class UnitEnablements
{
    /// <summary>What <c>systemctl enable</c> links (<c>[Install]</c>).</summary>
    private static readonly string[] InstallKeys = ["WantedBy", "RequiredBy", "UpheldBy", "Alias"];

    private readonly HashSet<string> _enabled = new(StringComparer.Ordinal);

    /// <summary>What enabled units name with a specifier ConfLint cannot expand (<c>Wants=app@%H.service</c>), each with the
    /// unit that names it: a unit it may be is not known to be disabled.</summary>
    private readonly List<(PulledUnit Word, string By)> _unknown = [];
    private readonly bool _linksKnown;
    private readonly ConfigWorkspace _workspace;
    private readonly Dictionary<string, UnitFileSet> _byName;

    private UnitEnablements(ConfigWorkspace workspace)
    {
        var fs = workspace.FileSystem;
        var byName = _byName = new Dictionary<string, UnitFileSet>(StringComparer.Ordinal);
        _workspace = workspace;
        foreach (var unit in workspace.Units)
        {
            byName.TryAdd(unit.Name, unit);
            foreach (var alias in unit.Aliases)
            {
                byName.TryAdd(alias, unit);
            }
        }

        string Canonical(string name) => byName.TryGetValue(name, out var unit) ? unit.Name : name;

        var queue = new Queue<string>();
        void Enable(string name)
        {
            if (_enabled.Add(Canonical(name)))
            {
                queue.Enqueue(Canonical(name));
            }
        }

        foreach (var folder in UnitSearchPath.System)
        {
            if (!fs.DirectoryExists(folder))
            {
                continue;
            }

            foreach (var dependencies in fs.EnumerateEntries(folder).Where(UnitResolver.IsDependencyFolder))
            {
                foreach (var path in fs.EnumerateEntries(dependencies))
                {
                    var name = path[(path.LastIndexOf('/') + 1)..];
                    if (!UnitNames.IsValid(name))
                    {
                        continue;
                    }

                    Enable(name);
                    if (folder == "/etc/systemd/system" && byName.ContainsKey(name))
                    {
                        _linksKnown = true;
                    }
                }
            }
        }

        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (!byName.TryGetValue(name, out var files) || files.IsMasked || files.MainPath is null)
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

            // systemd.unit(5), systemd.service(5), systemd.socket(5): what starting the unit starts along, the specifiers of
            // each name expanded for this unit (gerrit@main.service's Requires=gerrit@%i.socket is gerrit@main.socket).
            foreach (var pulled in UnitPulls.Of(unit))
            {
                if (pulled.Name is { } pulledName)
                {
                    Enable(pulledName);
                }
                else if (pulled.Written.Contains('%', StringComparison.Ordinal))
                {
                    _unknown.Add((pulled, name));
                }
            }
        }
    }

    /// <summary>Worked out from the workspace alone (the host model keeps one: <c>HostEnablements.Of</c>); each call reads
    /// the links again, so it is asked only where a finding depends on it (the validation, discovery's supervisord
    /// launches: <see cref="WorkspaceDiscovery"/>).</summary>
    public static UnitEnablements For(ConfigWorkspace workspace) => new(workspace);

    /// <summary>
    /// The unit a service belongs to as one of a group, where that unit is what is meant to be enabled: the service is
    /// <c>PartOf=</c> it (systemd.unit(5): stopped and restarted with it), it pulls the service in (its <c>Wants=</c>,
    /// <c>Requires=</c>, <c>Upholds=</c> or <c>BindsTo=</c>), and it has an <c>[Install]</c> section of its own that
    /// <c>systemctl enable</c> would link (Funkwhale's <c>funkwhale.target</c>, which its guide enables instead of the three
    /// services). Null where there is none, or several.
    /// </summary>
    public string? GroupOf(MergedUnit service)
    {
        string? found = null;
        foreach (var value in service.GetAll("Unit", "PartOf"))
        {
            foreach (var written in value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                // PartOf= is read as the other dependency settings are (config_parse_unit_deps): its specifiers expanded.
                var word = UnitSpecifiers.ExpandName(written, service.Name, out var complete);
                if (!complete || !_byName.TryGetValue(word, out var files) || files.IsMasked || files.MainPath is null)
                {
                    continue;
                }

                MergedUnit group;
                try
                {
                    group = _workspace.MergedUnit(files);
                }
                catch (IOException)
                {
                    continue;
                }

                if (!Pulls(group, service) || !InstallKeys.Any(k => group.GetAll("Install", k).Any(v => v.Trim().Length > 0)))
                {
                    continue;
                }

                if (found is not null && found != group.Name)
                {
                    return null;
                }

                found = group.Name;
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="unit"/>'s <c>[Unit]</c> pulls in <paramref name="service"/> (by its name or an alias).</summary>
    private static bool Pulls(MergedUnit unit, MergedUnit service) =>
        UnitPulls.Dependencies(unit).Any(p => p.Name is { } name && (name == service.Name || service.Files.Aliases.Contains(name)));

    /// <summary>Whether <paramref name="unit"/> runs at boot, is provably disabled, or neither is known.</summary>
    public UnitEnablement Of(MergedUnit unit)
    {
        if (_enabled.Contains(unit.Name) || unit.Files.Aliases.Any(_enabled.Contains))
        {
            return UnitEnablement.Enabled;
        }

        var installs = InstallKeys.Any(k => unit.GetAll("Install", k).Any(v => v.Trim().Length > 0));
        var mayBePulled = _unknown.Any(u => u.Word.MayBe(unit.Name, u.By) || unit.Files.Aliases.Any(a => u.Word.MayBe(a, u.By)));
        return _linksKnown && installs && unit.Files.Template is null && !mayBePulled ? UnitEnablement.Disabled : UnitEnablement.Unknown;
    }
}
