using ConfLint.Host.PhpFpm;
using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// What <c>php-fpm -t</c> refuses (fpm_conf.c of PHP 8.2), for each PHP-FPM configuration read from its main file
/// with its includes: unknown entries, values its parsers refuse, no pool at all, a pool without <c>listen</c>,
/// <c>user</c> or <c>pm</c>, and the process manager's arithmetic.
/// </summary>
internal static class FpmValidator
{
    private static readonly FpmKeyTable Table = FpmKeyTable.Instance;

    public static void Check(ConfigWorkspace workspace, Findings findings)
    {
        foreach (var file in workspace.FilesOfKind(ConfigKind.PhpFpm).Where(f => f.Tree?.Root is PhpFpmConfigFile && f.IncludedFrom.Count == 0))
        {
            var root = (PhpFpmConfigFile)file.Tree!.Root;
            if (IsPoolFragment(workspace, file, root))
            {
                findings.Note($"CL000: {file.DisplayPath}: pool settings before any section: a file included after a pool's section (php-fpm keeps the section open across includes); not judged on its own");
                continue;
            }

            var pools = new Dictionary<string, Pool>(StringComparer.OrdinalIgnoreCase);
            var order = new List<Pool>();
            var seen = new HashSet<ConfigFile>();
            Pool? current = null;
            string? events = null;
            var globals = new Dictionary<string, (PhpFpmEntry Entry, ConfigFile File)>(StringComparer.OrdinalIgnoreCase);
            var unread = false;
            // An error while reading (an ini syntax error, an unknown entry, a value its parser refuses): fpm_conf_load_ini_file
            // fails, php-fpm says "failed to load configuration file" and stops before fpm_conf_post_process, whose checks
            // (no pool, a pool's pm numbers, listen, user, the global limits) it never reaches.
            var stopped = false;

            void ReadEntry(PhpFpmEntry entry, ConfigFile entryFile)
            {
                var key = TableKey(entry);
                var global = current is null;
                // fpm_conf_ini_parser_entry takes "include" (strcmp: this spelling only) before it looks at the section:
                // a pool may include files too, whose entries before any section continue that pool.
                if (entry.Key.Equals("include", StringComparison.Ordinal))
                {
                    JudgeIncludeFolder(workspace, file, entry, entryFile, findings);
                    // Without a root, an include of a path outside the linted ones is not read: its pools are unknown.
                    unread |= workspace.FileSystem.Root is null && workspace.IncludeAt(entry) is not { Targets.Count: > 0 };
                    if (workspace.IncludeAt(entry) is { ClosesCycle: false } site)
                    {
                        foreach (var target in site.Targets)
                        {
                            if (target.Tree?.Root is PhpFpmConfigFile included && seen.Add(target))
                            {
                                ReadFile(included, target);
                            }

                            stopped |= target.Error is not null;
                        }
                    }

                    return;
                }

                var kind = Table.Find(key, global);
                if (kind is null)
                {
                    findings.Error(entryFile, entry, $"[{entryFile.DisplayPath}:{entry.Position.Line}] unknown entry '{entry.Key}'");
                    stopped = true;
                    return;
                }

                if (entry.Subkey is "" && !global)
                {
                    // fpm_conf_ini_parser_array: env[], php_value[] and the like name nothing.
                    findings.Error(entryFile, entry, $"[{entryFile.DisplayPath}:{entry.Position.Line}] You must provide a key for field '{entry.BaseKey}'");
                    stopped = true;
                    return;
                }

                if (FpmValues.Problem(kind.Value, entry) is { } problem)
                {
                    findings.Error(entryFile, entry, $"[{entryFile.DisplayPath}:{entry.Position.Line}] unable to parse value for entry '{entry.Key}': {problem}");
                    stopped = true;
                    return;
                }

                if (current is not null && !entry.HasSubkey)
                {
                    current.Values[entry.Key.ToLowerInvariant()] = (entry, entryFile);
                }
                else if (current is null)
                {
                    globals[entry.Key] = (entry, entryFile);
                    if (entry.Key.Equals("events.mechanism", StringComparison.OrdinalIgnoreCase))
                    {
                        events = FpmValues.Ini(entry);
                    }
                }
            }

            void ReadFile(PhpFpmConfigFile tree, ConfigFile treeFile)
            {
                foreach (var entry in tree.Entries)
                {
                    ReadEntry(entry, treeFile);
                }

                foreach (var section in tree.Sections)
                {
                    if (section.IsGlobal)
                    {
                        current = null;
                    }
                    else
                    {
                        if (!pools.TryGetValue(section.Name, out current))
                        {
                            pools[section.Name] = current = new Pool(section.Name, section, treeFile);
                            order.Add(current);
                        }
                    }

                    foreach (var entry in section.Entries)
                    {
                        ReadEntry(entry, treeFile);
                    }
                }
            }

            seen.Add(file);
            ReadFile(root, file);
            if (IsMountedPoolFile(file))
            {
                // Its entries are judged; its pools are not, as the image's own php-fpm.conf includes it beside the
                // image's pool files, which may hold the rest of a pool of the same name ([www] in www.conf).
                var placed = file.Container!.Service.MountOf(file.Container.ContainerPath) is null ? "copied by its image's build into" : "mounted into";
                findings.Note($"CL000: {file.DisplayPath}: {placed} the {file.Container.Service.Name} container, where the image's php-fpm.conf includes it beside pool files ConfLint does not read: its pools are not judged whole");
                continue;
            }

            if (stopped)
            {
                findings.Note($"CL000: {file.DisplayPath}: php-fpm stops at an error while reading this configuration (fpm_conf_load_ini_file), before fpm_conf_post_process: its pools and global limits are not judged further");
                continue;
            }

            if (order.Count == 0)
            {
                // Only of the file php-fpm starts with: a file of an include folder that nothing here includes (an empty
                // placeholder, global settings only) adds to a configuration ConfLint did not see.
                if (IsMainFile(file, root) && !unread && NotStarted(workspace, file) is { } off)
                {
                    findings.Info(file, root, $"{NoPool}: {off.Binary} would refuse to start with this file, but {off.Why}, so no request meets the refusal; remove the package or mask the unit (systemctl mask {off.Unit})");
                }
                else if (IsMainFile(file, root) && !unread)
                {
                    findings.Error(file, root, NoPool);
                }
                else
                {
                    findings.Note($"CL000: {file.DisplayPath}: defines no pool, and is not a main file (php-fpm.conf, or one that includes others) or includes files that were not read: not judged on its own");
                }

                continue;
            }

            FpmGlobalCheck.Check(globals, findings);
            var listens = new Dictionary<string, Pool>(StringComparer.Ordinal);
            var host = FpmHost.For(workspace, file);
            var elsewhere = FpmPoolFiles.MayBeCompletedElsewhere(file, root);
            foreach (var pool in order)
            {
                FpmPoolCheck.Check(pool, listens, host, events, findings, elsewhere);
                PoolFolders(pool, workspace.FileSystem, findings);
            }

            // fpm_conf_process_all_pools: a pool's pm.status_listen makes a pool "NAME_status" of its own, appended after
            // the others, whose listen address is checked as any pool's.
            foreach (var pool in order)
            {
                // That pool has no prefix: a relative socket is taken from the global prefix.
                if (pool.Values.TryGetValue("pm.status_listen", out var status) && pool.Address("pm.status_listen", host.GlobalPrefix, ownPrefix: false) is { Length: > 0 } address)
                {
                    if (listens.TryGetValue(address, out var other))
                    {
                        findings.Error(status.File, status.Entry, $"[pool {pool.Name}_status] unable to set listen address as it's already used in another pool '{other.Name}'");
                    }
                    else
                    {
                        listens[address] = new Pool(pool.Name + "_status", pool.Section, pool.File);
                    }
                }
            }
        }
    }

    /// <summary>
    /// fpm_conf_process_all_pools: a pool's <c>prefix</c>, <c>chroot</c> and <c>chdir</c> (the latter without a chroot: with
    /// one it is looked for inside it) must be folders (fpm_conf_is_dir, a stat), else "[pool www] the chdir path '/x' does
    /// not exist or is not a directory" and php-fpm stops. Only absolute paths without <c>$prefix</c> are judged (a relative
    /// one is taken from a prefix, fpm_evaluate_full_path), and absence only where the root proves it: on the live machine
    /// (<c>--root /</c>, as DocumentRoot is judged), or where the root holds the path as a file. A repository seldom holds
    /// the site's folders: elsewhere a missing one is a --verbose note.
    /// </summary>
    private static void PoolFolders(Pool pool, RootedFileSystem fs, Findings findings)
    {
        foreach (var (key, what) in new[] { ("prefix", "prefix"), ("chroot", "chroot path"), ("chdir", "chdir path") })
        {
            if (pool.Get(key) is not { Length: > 1 } path || path[0] != '/' || path.Contains('$', StringComparison.Ordinal)
                || (key == "chdir" && pool.Get("chroot") is { Length: > 0 }) || !pool.Values.TryGetValue(key, out var set))
            {
                continue;
            }

            var normal = RootedFileSystem.Normalize(path);
            if (fs.Root is null || fs.DirectoryExists(normal))
            {
                continue;
            }

            if (fs.Root == "/" || fs.EntryTypeOf(normal) == FileType.Regular)
            {
                findings.Error(set.File, set.Entry, $"[pool {pool.Name}] the {what} '{path}' does not exist or is not a directory");
            }
            else
            {
                findings.Note($"CL000: {set.File.DisplayPath}: pool '{pool.Name}' sets {key} = {path}, a folder the root does not hold: not judged (php-fpm stops where it is missing, but a repository seldom holds the site's folders)");
            }
        }
    }

    /// <summary>What php-fpm says of a configuration without a pool (fpm_conf.c's fpm_conf_post_process), refusing to start.</summary>
    private const string NoPool = "No pool defined. at least one pool section must be specified in config file";

    /// <summary>
    /// Why nothing starts the php-fpm that reads <paramref name="file"/>, for a refusal no request can meet; null where
    /// something may. Of a package's layout with one service (Debian's <c>phpX.Y-fpm.service</c>), where that unit is
    /// provably not enabled (<see cref="ConfLint.Workspace.Systemd.UnitEnablement.Disabled"/>: the root enables units by links, it has an
    /// <c>[Install]</c> section, and no link or enabled unit names it) and no other unit or supervisord program runs that
    /// php-fpm (<see cref="LeftoverPhp.StartedElsewhere"/>): systemd does not start it at boot, and a package upgrade does not
    /// either (the maintainer scripts start it through <c>deb-systemd-invoke</c>, which skips a disabled unit: "is a
    /// disabled or a static unit, not starting it"). A version without a pool has no socket a front end could reach; a
    /// front end pointed where its pool would listen is CL001's finding. A masked unit's configuration is not read at all
    /// (<see cref="LeftoverPhp"/>).
    /// </summary>
    private static (string Unit, string Binary, string Why)? NotStarted(ConfigWorkspace workspace, ConfigFile file)
    {
        var fs = workspace.FileSystem;
        if (fs.Root is null || PhpLayouts.ForFpmConfig(file.ServerPath) is not { Services: [var service] } install)
        {
            return null;
        }

        Workspace.Systemd.UnitFileSet? unit = null;
        foreach (var each in workspace.Units)
        {
            if (each.Name == service || each.Aliases.Contains(service))
            {
                unit = each;
                break;
            }
        }

        if (unit is null || unit.IsMasked)
        {
            return null;
        }

        try
        {
            if (ConfLint.Workspace.Systemd.UnitEnablements.For(workspace).Of(workspace.MergedUnit(unit)) != ConfLint.Workspace.Systemd.UnitEnablement.Disabled)
            {
                return null;
            }
        }
        catch (IOException)
        {
            return null;
        }

        return LeftoverPhp.StartedElsewhere(fs, workspace.Units, install, except: unit.Name) ? null
            : (unit.Name, install.Binaries.Count > 0 ? install.Binaries[0] : "php-fpm",
                $"{unit.Name} is not enabled (the root enables other units by links, and none names it) and nothing else runs it: systemd does not start it at boot, nor does a package upgrade (deb-systemd-invoke skips a disabled unit)");
    }

    /// <summary>
    /// fpm_conf_ini_parser_include globs with GLOB_ERR: a pattern whose folder does not exist is refused ("Unable to
    /// globalize"), while a pattern that matches nothing in an existing folder is only a warning. Judged where the
    /// folder's absence is certain: it lies in the configuration's own folder, which ConfLint reads whole.
    /// </summary>
    private static void JudgeIncludeFolder(ConfigWorkspace workspace, ConfigFile main, PhpFpmEntry entry, ConfigFile entryFile, Findings findings)
    {
        var pattern = FpmValues.Ini(entry).Trim();
        var fs = workspace.FileSystem;
        if (fs.Root is null || !pattern.StartsWith('/') || pattern.Contains('$', StringComparison.Ordinal) || !RootedFileSystem.HasWildcard(pattern))
        {
            return;
        }

        var folder = Path.GetDirectoryName(pattern);
        if (folder is null || RootedFileSystem.HasWildcard(folder) || fs.DirectoryExists(folder))
        {
            return;
        }

        var own = Path.GetDirectoryName(main.ServerPath) is { Length: > 1 } mainFolder && (folder + "/").StartsWith(mainFolder + "/", StringComparison.Ordinal);
        if (own)
        {
            findings.Error(entryFile, entry, $"Unable to globalize '{pattern}' (ret=2) from {entryFile.DisplayPath} at line {entry.Position.Line}.");
        }
    }

    /// <summary>One pool: its first section and the last value of each option, across files.</summary>
    internal sealed class Pool(string name, PhpFpmSection section, ConfigFile file)
    {
        public string Name { get; } = name;

        public PhpFpmSection Section { get; } = section;

        public ConfigFile File { get; } = file;

        public Dictionary<string, (PhpFpmEntry Entry, ConfigFile File)> Values { get; } = new(StringComparer.Ordinal);

        public string? Get(string key) => Values.TryGetValue(key, out var v) ? FpmValues.Ini(v.Entry) : null;

        public int Int(string key) => Get(key) is { } text && int.TryParse(text, out var n) ? n : 0;

        /// <summary>
        /// The address php-fpm binds for <paramref name="key"/> (<c>listen</c>, <c>pm.status_listen</c>), as it compares
        /// pools' addresses: <c>$pool</c> expanded, a relative socket taken from the pool's prefix (with
        /// <paramref name="ownPrefix"/>) or the global one (<see cref="PhpFpmPaths"/>). Null when unset, or where a value
        /// it depends on holds another variable.
        /// </summary>
        public string? Address(string key, string globalPrefix, bool ownPrefix = true)
        {
            if (Get(key) is not { } value || PhpFpmValues.ExpandPool(value, Name) is var address && address.Contains('$', StringComparison.Ordinal))
            {
                return null;
            }

            string? prefix = null;
            if (ownPrefix && address.Length > 0 && address[0] != '/' && PhpFpmPaths.IsUnixAddress(address) && Get("prefix") is { } written)
            {
                prefix = PhpFpmValues.ExpandPool(written, Name);
                if (prefix.Contains('$', StringComparison.Ordinal))
                {
                    return null;
                }
            }

            return PhpFpmPaths.Listen(address, PhpFpmPaths.PoolPrefix(prefix, globalPrefix), globalPrefix);
        }
    }

    /// <summary>A file no configuration includes, not a main file, whose entries before any section are pool settings:
    /// php-fpm keeps the current section open across included files, so such a file (laradock's xlaravel.pool.conf,
    /// named to sort after www.conf) continues a pool ConfLint did not see.</summary>
    /// <remarks>Walking a repository (no root) even a file named php-fpm.conf is one when it has no section at all: a
    /// Dockerfile copies such a file into php-fpm.d (invoiceninja's one-line <c>pm.max_children</c>), and as a main file
    /// it could never have started.</remarks>
    private static bool IsPoolFragment(ConfigWorkspace workspace, ConfigFile file, PhpFpmConfigFile root) =>
        (!Name(file).Equals("php-fpm.conf", StringComparison.Ordinal) || (workspace.FileSystem.Root is null && root.Sections.Count == 0))
        && root.Entries.FirstOrDefault() is { } first
        && Table.Find(TableKey(first), true) is null
        && Table.Find(TableKey(first), false) is not null;

    private static bool IsMainFile(ConfigFile file, PhpFpmConfigFile root) => FpmPoolFiles.IsMainFile(file, root);

    private static bool IsMountedPoolFile(ConfigFile file) => FpmPoolFiles.IsMounted(file);

    private static string Name(ConfigFile file) => FpmPoolFiles.Name(file);

    /// <summary>An entry's key as the table lists it: <c>env[NAME]</c> as <c>env[]</c>.</summary>
    private static string TableKey(PhpFpmEntry entry) => entry.HasSubkey ? entry.BaseKey + "[]" : entry.Key;
}
