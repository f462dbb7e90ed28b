namespace ConfLint.Workspace.Systemd;

/// <summary>
/// Finds the unit files and drop-ins of system units as systemd 252 does, on a server's file system:
/// <list type="bullet">
/// <item>The folders of <see cref="UnitSearchPath.System"/> are read in order; one that is the same folder as an
/// earlier one (<c>/lib</c> linked to <c>usr/lib</c> on a merged-/usr system) is read once
/// (<c>lookup_paths_reduce()</c>). The first folder that holds a name wins (<c>unit_file_build_name_map()</c>
/// in src/basic/unit-file.c).</item>
/// <item>A regular file is a unit file. A link whose target lies in a search folder is an alias: the unit is
/// then found by the target's name (a link to its own name is ignored). Any other link is a linked unit file,
/// read through the link; a link to <c>/dev/null</c>, or an empty file, masks the unit.</item>
/// <item>An instance (<c>getty@tty1.service</c>) with no file of its own uses its template (<c>getty@.service</c>).</item>
/// <item>Drop-ins are the <c>*.conf</c> files of the <c>NAME.d/</c> folders of the unit's names, its template's,
/// its dash prefixes' (<c>foo-.service.d/</c>) and its type's (<c>service.d/</c>), in every search folder
/// (<c>unit_file_find_dropin_paths()</c> in src/shared/dropin.c). Of files with the same name, the one in the
/// folder that comes first wins (by search folder, then name, then specificity); the winners are applied in
/// the byte order of their file names, whatever folder they are in (systemd.unit(5)). A drop-in linked to
/// <c>/dev/null</c> masks the drop-ins of that name and is not applied.</item>
/// </list>
/// </summary>
public sealed class UnitResolver
{
    private const int MaxAliasHops = 32;

    private readonly RootedFileSystem _fs;
    private readonly IReadOnlyList<string> _configured;
    private readonly Dictionary<string, UnitEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _folderNames = new(StringComparer.Ordinal);
    private Dictionary<string, List<string>>? _names;

    public UnitResolver(RootedFileSystem fs, IReadOnlyList<string>? searchPath = null)
    {
        _fs = fs;
        _configured = searchPath ?? UnitSearchPath.System;
        var folders = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in _configured)
        {
            if (_fs.Resolve(folder) is { } resolved && _fs.DirectoryExists(folder) && seen.Add(resolved))
            {
                folders.Add(folder);
                ReadFolder(folder, resolved);
            }
        }

        SearchPath = folders;
    }

    /// <summary>The search folders that exist, highest priority first, each folder once.</summary>
    public IReadOnlyList<string> SearchPath { get; }

    /// <summary>Every unit that has a unit file (templates and masked units included), by name; aliases are
    /// listed under the unit they name.</summary>
    public IReadOnlyList<UnitFileSet> Units()
    {
        // A loop, not Where(...).Select(...): on a LINQ iterator that chain is a generic virtual call, which the native
        // executable resolves through its type loader (the first one of a run costs it about a millisecond).
        var names = new List<string>(_entries.Count);
        foreach (var (name, entry) in _entries)
        {
            if (entry.AliasOf is null)
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);

        // Each unit looked up side by side (a host may have thousands, each a few stats of the tree): the lookups only
        // read what the constructor gathered and the name map, which is made first.
        NamesMap();
        var units = new UnitFileSet[names.Count];
        WorkSplit.For(names.Count, names.Count >= WorkSplit.SmallWorkspace, Environment.ProcessorCount, i => units[i] = Find(names[i])!);
        return units;
    }

    /// <summary>
    /// The instances of templates that are enabled: named by a link in a <c>.wants/</c>, <c>.requires/</c> or
    /// <c>.upholds/</c> folder of a search folder (what <c>systemctl enable app@3000.service</c> creates, and what
    /// <c>[Install] WantedBy=</c> puts there), with no unit file of their own; each served by its template's file,
    /// once, in name order.
    /// </summary>
    public IReadOnlyList<UnitFileSet> EnabledInstances()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in SearchPath)
        {
            foreach (var dependencies in _folderNames[folder].Where(IsDependencyFolder))
            {
                foreach (var path in _fs.EnumerateEntries(folder + "/" + dependencies))
                {
                    var name = path[(path.LastIndexOf('/') + 1)..];
                    if (UnitNames.IsValid(name) && UnitNames.IsInstance(name) && !_entries.ContainsKey(name))
                    {
                        names.Add(name);
                    }
                }
            }
        }

        // An enabled socket instance (php-fpm@site.socket in sockets.target.wants) starts its service instance on the first
        // connection, though no link names that service: it runs as surely as the socket is enabled.
        foreach (var socket in names.Where(n => n.EndsWith(".socket", StringComparison.Ordinal)).ToList())
        {
            var service = socket[..^".socket".Length] + ".service";
            if (!_entries.ContainsKey(service))
            {
                names.Add(service);
            }
        }

        AddPulledInstances(names);
        return names.Select(Find).OfType<UnitFileSet>().Where(u => u.Template is not null).ToList();
    }

    /// <summary>
    /// The instances that the units the links enable pull in, and what those pull in in turn (<see cref="UnitPulls"/>: an
    /// enabled <c>gerrit@main.service</c> with <c>Requires=gerrit@%i.socket</c> starts <c>gerrit@main.socket</c>, which no
    /// link names), and those an enabled unit's <c>Also=</c> names (<c>systemctl enable</c> enables them with it). Each unit
    /// is read once; a word with a specifier that cannot be expanded names nothing.
    /// </summary>
    private void AddPulledInstances(SortedSet<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var folder in SearchPath)
        {
            foreach (var dependencies in _folderNames[folder].Where(IsDependencyFolder))
            {
                foreach (var path in _fs.EnumerateEntries(folder + "/" + dependencies))
                {
                    var name = path[(path.LastIndexOf('/') + 1)..];
                    if (UnitNames.IsValid(name) && seen.Add(name))
                    {
                        queue.Enqueue(name);
                    }
                }
            }
        }

        foreach (var name in names.Where(seen.Add))
        {
            queue.Enqueue(name);
        }

        while (queue.Count > 0)
        {
            if (Find(queue.Dequeue()) is not { IsMasked: false, MainPath: not null, IsTemplate: false } files)
            {
                continue;
            }

            MergedUnit unit;
            try
            {
                unit = MergedUnit.Load(_fs, files);
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var pulled in UnitPulls.Of(unit).Concat(UnitPulls.Also(unit)))
            {
                if (pulled.Name is not { } name || !seen.Add(name))
                {
                    continue;
                }

                queue.Enqueue(name);
                if (UnitNames.IsInstance(name) && !_entries.ContainsKey(name))
                {
                    names.Add(name);
                }
            }
        }
    }

    /// <summary>Whether a folder (its name or path) holds dependency links: <c>.wants</c>, <c>.requires</c> or <c>.upholds</c>.</summary>
    internal static bool IsDependencyFolder(string name) =>
        name.EndsWith(".wants", StringComparison.Ordinal) || name.EndsWith(".requires", StringComparison.Ordinal) || name.EndsWith(".upholds", StringComparison.Ordinal);

    /// <summary>The files of the unit <paramref name="name"/> (a name, an alias or an instance), or null when
    /// systemd would find no unit file for it.</summary>
    public UnitFileSet? Find(string name)
    {
        if (!UnitNames.IsValid(name))
        {
            return null;
        }

        var instance = UnitNames.Instance(name);
        var found = Follow(name);
        if (found is null && instance is not null)
        {
            found = Follow(UnitNames.Template(name));
        }

        if (found is not { } unit)
        {
            return null;
        }

        var fromTemplate = instance is not null && UnitNames.IsTemplate(unit.Name);
        var canonical = fromTemplate ? UnitNames.WithInstance(unit.Name, instance!) : unit.Name;
        var aliases = AliasesOf(name, unit.Name, canonical, instance);
        var mainPath = _fs.Resolve(unit.Entry.Path);
        return new UnitFileSet
        {
            Name = canonical,
            Path = unit.Entry.Path,
            MainPath = mainPath,
            IsMasked = mainPath == "/dev/null" || (mainPath is not null && IsEmptyFile(mainPath)),
            Template = fromTemplate ? unit.Name : null,
            Aliases = aliases,
            DropIns = DropIns([canonical, .. aliases], UnitNames.TypeOf(name)!),
        };
    }

    private void ReadFolder(string folder, string resolved)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        _folderNames[folder] = names;
        foreach (var path in _fs.EnumerateEntries(folder))
        {
            var name = path[(path.LastIndexOf('/') + 1)..];
            names.Add(name);
            if (!UnitNames.IsValid(name) || _entries.ContainsKey(name))
            {
                continue;
            }

            // Through the tree's confined reader (no link followed on the way, none outside the root read).
            var entryPath = (resolved == "/" ? string.Empty : resolved) + "/" + name;
            var target = _fs.LinkTargetOf(entryPath);
            if (target is null)
            {
                if (_fs.EntryTypeOf(entryPath) is FileType.Regular or FileType.Other)
                {
                    _entries[name] = new UnitEntry(path, null);
                }

                continue;
            }

            var targetPath = RootedFileSystem.Normalize(target.StartsWith('/') ? target : folder + "/" + target);
            if (!_configured.Any(d => targetPath.StartsWith(d + "/", StringComparison.Ordinal)))
            {
                _entries[name] = new UnitEntry(path, null);
                continue;
            }

            var targetName = targetPath[(targetPath.LastIndexOf('/') + 1)..];
            if (targetName != name && IsValidAlias(name, targetName))
            {
                _entries[name] = new UnitEntry(path, targetName);
            }
        }
    }

    /// <summary>The rules of <c>unit_validate_alias_symlink_or_warn()</c>: same type; a plain unit aliases a
    /// plain unit, a template a template, an instance an instance with the same instance or a template.</summary>
    private static bool IsValidAlias(string source, string target)
    {
        if (!UnitNames.IsValid(target) || UnitNames.TypeOf(source) != UnitNames.TypeOf(target))
        {
            return false;
        }

        if (UnitNames.IsInstance(source))
        {
            return UnitNames.IsTemplate(target) || UnitNames.Instance(source) == UnitNames.Instance(target);
        }

        return UnitNames.IsTemplate(source) == UnitNames.IsTemplate(target) && !UnitNames.IsInstance(target);
    }

    /// <summary>Follows alias links from <paramref name="name"/> to the entry that holds a unit file.</summary>
    private (string Name, UnitEntry Entry)? Follow(string name)
    {
        for (var hops = 0; hops < MaxAliasHops; hops++)
        {
            if (!_entries.TryGetValue(name, out var entry))
            {
                return null;
            }

            if (entry.AliasOf is null)
            {
                return (name, entry);
            }

            name = entry.AliasOf;
        }

        return null;
    }

    /// <summary>The unit's other names, as <c>add_names()</c> gathers them: every name whose aliases lead to the
    /// same unit file, with the instance put into template names.</summary>
    private IReadOnlyList<string> AliasesOf(string requested, string unitName, string canonical, string? instance)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal) { requested };
        foreach (var alias in NamesMap().GetValueOrDefault(unitName) ?? [])
        {
            names.Add(instance is not null && UnitNames.IsTemplate(alias) ? UnitNames.WithInstance(alias, instance) : alias);
        }

        if (instance is not null)
        {
            names.UnionWith(NamesMap().GetValueOrDefault(canonical) ?? []);
        }

        names.Remove(canonical);
        return names.ToList();
    }

    /// <summary>Unit name → every name that leads to it (itself included), as <c>unit_file_build_name_map()</c>
    /// fills its reverse map; an instance linked to a template names that template's instance.</summary>
    private Dictionary<string, List<string>> NamesMap()
    {
        if (_names is not null)
        {
            return _names;
        }

        var names = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in _entries.Keys)
        {
            if (Follow(name) is not { } unit)
            {
                continue;
            }

            var target = UnitNames.IsTemplate(unit.Name) && UnitNames.Instance(name) is { } instance
                ? UnitNames.WithInstance(unit.Name, instance)
                : unit.Name;
            if (!names.TryGetValue(target, out var list))
            {
                names[target] = list = [];
            }

            list.Add(name);
        }

        return _names = names;
    }

    private IReadOnlyList<string> DropIns(IReadOnlyList<string> names, string type)
    {
        var folders = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            foreach (var searchFolder in SearchPath)
            {
                foreach (var dropInName in UnitNames.DropInNames(name))
                {
                    AddDropInFolder(searchFolder, dropInName + ".d", folders, seen);
                }
            }
        }

        foreach (var searchFolder in SearchPath)
        {
            AddDropInFolder(searchFolder, type + ".d", folders, seen);
        }

        var winners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var path in _fs.EnumerateEntries(folder))
            {
                var fileName = path[(path.LastIndexOf('/') + 1)..];
                if (!fileName.StartsWith('.') && fileName.EndsWith(".conf", StringComparison.Ordinal))
                {
                    winners.TryAdd(fileName, path);
                }
            }
        }

        var files = winners.Keys.ToList();
        files.Sort(StringComparer.Ordinal);
        var found = new List<string>(files.Count);
        foreach (var name in files)
        {
            if (winners[name] is var path && _fs.Resolve(path) is { } resolved && resolved != "/dev/null" && _fs.FileExists(path))
            {
                found.Add(path);
            }
        }

        return found;
    }

    private void AddDropInFolder(string searchFolder, string name, List<string> folders, HashSet<string> seen)
    {
        if (!_folderNames[searchFolder].Contains(name))
        {
            return;
        }

        var folder = searchFolder + "/" + name;
        if (_fs.Resolve(folder) is { } resolved && _fs.DirectoryExists(folder) && seen.Add(resolved))
        {
            folders.Add(folder);
        }
    }

    private bool IsEmptyFile(string serverPath)
    {
        return _fs.SizeOf(serverPath) == 0;
    }

    /// <summary>A name found in a search folder: its path there, and for an alias the name it points to.</summary>
    private sealed record UnitEntry(string Path, string? AliasOf);
}
