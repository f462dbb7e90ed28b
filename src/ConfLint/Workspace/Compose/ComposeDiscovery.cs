using ConfLint.Syntax;

namespace ConfLint.Workspace.Compose;

/// <summary>
/// Finds Compose files (the names Compose looks for, the names of files started with <c>-f</c>, and <c>--compose</c>
/// files), groups them into projects (deciding by evidence which of a folder's files run), and
/// brings in the repository files they bind-mount into containers: each is read as the daemon of its container path
/// reads it (<c>/etc/nginx/conf.d/default.conf</c> as nginx, <c>/usr/local/etc/php-fpm.d/www.conf</c> as PHP-FPM),
/// with its includes resolved inside the container (<see cref="ContainerView"/>).
/// </summary>
internal static class ComposeDiscovery
{
    /// <summary>The files Compose reads without <c>-f</c>, in its order of preference.</summary>
    public static readonly string[] MainNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    public static readonly string[] OverrideNames = ["compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml"];

    public static bool IsComposeName(string name) => MainNames.Contains(name, StringComparer.Ordinal) || OverrideNames.Contains(name, StringComparer.Ordinal);

    /// <summary>A name people give the files they pass to <c>docker compose -f</c> (<c>docker-compose.prod.yml</c>,
    /// <c>compose.production.yaml</c>, <c>docker-compose-prod.yml</c>): YAML whose name holds <c>compose</c>, other than
    /// the names Compose reads by itself. Read as a Compose file only when it has a top-level <c>services</c> mapping.</summary>
    public static bool IsVariantName(string name) =>
        !name.StartsWith('.') && !IsComposeName(name) && name.Contains("compose", StringComparison.OrdinalIgnoreCase)
        && (name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase));

    /// <summary>The folders of a server where Compose projects are kept by convention (each project in a folder of its
    /// own, <c>/opt/wiki/compose.yaml</c>): read with a root besides its top.</summary>
    private static readonly string[] ProjectParents = ["/srv", "/opt"];

    private const int MaxHomeEntries = 20_000;

    /// <summary>With a root: the Compose and PM2 ecosystem files at its top, in each folder of <c>/srv</c> and <c>/opt</c>
    /// and the folders in those (projects are kept one or two levels down on a server), and in each user's home under <c>/home</c> and its folders
    /// (<c>/home/deploy/app/docker-compose.yml</c>, the way a project is cloned and started by hand). <c>/root</c> is not
    /// looked into: ConfLint reads nothing there (its secrets).</summary>
    public static void DiscoverRoot(LoadState state, List<ConfigFile> pending)
    {
        var fs = state.FileSystem;
        var folders = new List<string> { "/" };

        // Projects one or two folders down (lemmy-ansible's /srv/lemmy/DOMAIN, /opt/stacks/NAME), up to a bound, as for the homes.
        var looked = 0;
        foreach (var parent in ProjectParents)
        {
            if (!AddFoldersTwoDown(fs, parent, folders, ref looked))
            {
                state.Notes.Add($"Compose and PM2 files: only the first {MaxHomeEntries} entries of the folders of {string.Join(" and ", ProjectParents)} were looked into");
                break;
            }
        }

        folders.AddRange(HomeFolders(state));
        foreach (var folder in folders)
        {
            var prefix = folder.TrimEnd('/') + "/";
            AddList(state, folder, pending);
            foreach (var name in MainNames.Concat(OverrideNames))
            {
                if (fs.FileExists(prefix + name))
                {
                    state.AddEntry(prefix + name, ConfigKind.Compose, folder, pending);
                }
            }

            // The files of a project started with -f: read as candidates (Projects decides which of them runs).
            foreach (var path in fs.EnumerateEntries(folder).Where(p => IsVariantName(Path.GetFileName(p)) && fs.FileExists(p)))
            {
                state.AddEntry(path, ConfigKind.Compose, folder, pending);
            }

            foreach (var name in KindDetector.Pm2Names.Where(n => fs.FileExists(prefix + n)))
            {
                state.AddEntry(prefix + name, ConfigKind.Pm2, folder, pending);
            }
        }
    }

    /// <summary>Each home under <c>/home</c> and the folders in it (not the hidden ones). A hosting server may have
    /// thousands of homes: entries are looked at up to a bound, and the rest is noted.</summary>
    private static List<string> HomeFolders(LoadState state)
    {
        var found = new List<string>();
        var looked = 0;
        if (!AddFoldersTwoDown(state.FileSystem, "/home", found, ref looked))
        {
            state.Notes.Add($"Compose and PM2 files: only the first {MaxHomeEntries} entries of /home and its homes were looked into");
        }

        return found;
    }

    /// <summary>Each entry of <paramref name="parent"/> and the entries in it (not the hidden ones) that are folders, in
    /// that order, each entry looked at counted in <paramref name="looked"/>: false, and the rest left, once that passes
    /// <see cref="MaxHomeEntries"/>.</summary>
    private static bool AddFoldersTwoDown(RootedFileSystem fs, string parent, List<string> found, ref int looked)
    {
        foreach (var top in fs.EnumerateEntries(parent))
        {
            foreach (var folder in fs.EnumerateEntries(top).Where(p => !Path.GetFileName(p).StartsWith('.')).Prepend(top))
            {
                if (++looked > MaxHomeEntries)
                {
                    return false;
                }

                if (fs.TypeOf(folder) == FileType.Directory)
                {
                    found.Add(folder);
                }
            }
        }

        return true;
    }

    /// <summary>
    /// <c>COMPOSE_FILE</c> in a project folder's <c>.env</c>: Compose reads that variable from the <c>.env</c> of the folder
    /// it is started in, and then reads the files it lists (separated by <c>COMPOSE_PATH_SEPARATOR</c>, <c>:</c> by
    /// default on Linux; relative to that folder) instead of <c>compose.yaml</c> and its override. Those files are loaded
    /// as Compose files whatever their names (<c>docker-compose.production.yml</c>): for each folder a Compose file was
    /// found in (the folders a root's projects are kept in are looked at by <see cref="DiscoverRoot"/>).
    /// </summary>
    public static void AddListedFiles(LoadState state, List<ConfigFile> pending)
    {
        // A plain loop: a LINQ chain (Select over Where) is a generic virtual call, which costs the native executable its
        // type loader's start on first use, half a millisecond of a one-file lint.
        List<string>? folders = null;
        foreach (var file in state.Files)
        {
            if (file.Kind == ConfigKind.Compose && !state.ComposeFiles.Contains(file.ServerPath) && Folder(file.ServerPath) is var folder
                && !(folders ??= []).Contains(folder, StringComparer.Ordinal))
            {
                folders.Add(folder);
            }
        }

        foreach (var folder in folders ?? [])
        {
            AddList(state, folder, pending);
        }
    }

    private static void AddList(LoadState state, string folder, List<ConfigFile> pending)
    {
        // Each folder's .env read once: kept for the project read from that folder (Read).
        if (state.DotEnvs.ContainsKey(folder))
        {
            return;
        }

        var variables = ComposeVariables.Load(state.FileSystem, folder);
        state.DotEnvs[folder] = variables;
        if (Listed(folder, variables) is not { } paths)
        {
            // Set from a variable without a value: which files Compose reads is not known (an empty list stands for that).
            if (variables.DotEnvDisplay is { } dotEnv && variables.Values.TryGetValue("COMPOSE_FILE", out var unknown) && unknown is null)
            {
                state.ComposeFileLists.Add((folder, [], dotEnv));
            }

            return;
        }

        state.ComposeFileLists.Add((folder, paths, variables.DotEnvDisplay ?? folder));
        foreach (var path in paths)
        {
            // Not a secret path, whatever .env says (a stranger's tree may name /etc/shadow): the project is then
            // left unread, as one whose listed file is missing.
            if (Inside(state, path) && state.FileSystem.ReadablePath(path) is not null)
            {
                state.AddEntry(path, ConfigKind.Compose, folder, pending);
            }
        }
    }

    /// <summary>The files <c>COMPOSE_FILE</c> names, as paths of the server, in its order; null where <c>.env</c> does not set it.</summary>
    private static List<string>? Listed(string folder, ComposeVariables variables)
    {
        if (variables.Values.TryGetValue("COMPOSE_FILE", out var list) is false || string.IsNullOrWhiteSpace(list))
        {
            return null;
        }

        var separator = variables.Values.TryGetValue("COMPOSE_PATH_SEPARATOR", out var set) && !string.IsNullOrEmpty(set) ? set : ":";
        var prefix = folder.TrimEnd('/') + "/";
        return list.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => RootedFileSystem.Normalize(p.StartsWith('/') ? p : prefix + p))
            .ToList();
    }

    /// <summary>
    /// The files the loaded Compose files name in their top-level <c>include:</c> (<see cref="ComposeIncludes"/>), and the
    /// files those include in turn (up to <see cref="ComposeIncludes.MaxDepth"/>): loaded as Compose files and parsed
    /// with <paramref name="parse"/>, so the projects that include them read them (<see cref="Read"/>); they are not
    /// projects of their own. Only files inside the root (or the linted folders) that ConfLint may read: an include that
    /// leaves them is left unread, and the project that names it counts as not fully known. The paths are interpolated here
    /// with the including file's folder's <c>.env</c>; <see cref="Read"/> resolves them again with the project's variables.
    /// </summary>
    public static List<ConfigFile> AddIncludedFiles(LoadState state, Action<ConfigFile> parse)
    {
        var added = new List<ConfigFile>();
        var round = new List<(ConfigFile File, string Folder)>();
        foreach (var file in state.Files)
        {
            if (file.Kind == ConfigKind.Compose && file.Source is { } source && ComposeIncludes.MayInclude(source.Text))
            {
                round.Add((file, Folder(file.ServerPath)));
            }
        }

        for (var depth = 0; depth < ComposeIncludes.MaxDepth && round.Count > 0; depth++)
        {
            var next = new List<(ConfigFile File, string Folder)>();
            foreach (var (file, folder) in round)
            {
                if (file.Source is not { } source || file.Error is not null || !ComposeIncludes.MayInclude(source.Text) || ComposeReader.Root(source.Text) is not { } root)
                {
                    continue;
                }

                var variables = source.Text.Contains('$', StringComparison.Ordinal) ? ComposeVariables.Load(state.FileSystem, folder) : ComposeVariables.None();
                foreach (var entry in ComposeIncludes.Entries(root, file, variables, folder))
                {
                    foreach (var path in entry.Paths.OfType<string>())
                    {
                        if (!state.ComposeIncluded.Add(path) || !Inside(state, path) || state.FileSystem.ReadablePath(path) is null || !state.FileSystem.FileExists(path))
                        {
                            continue;
                        }

                        var pending = new List<ConfigFile>();
                        var included = state.GetOrAdd(path, ConfigKind.Compose, entry.ProjectDirectory ?? folder, pending);
                        foreach (var fresh in pending)
                        {
                            parse(fresh);
                            added.Add(fresh);
                        }

                        if (included.Kind == ConfigKind.Compose)
                        {
                            next.Add((included, entry.ProjectDirectory ?? ComposeIncludes.Folder(path)));
                        }
                    }
                }
            }

            round = next;
        }

        return added;
    }

    /// <summary>The projects of the Compose files loaded: the <c>--compose</c> files as one project, merged in order
    /// (the other Compose files of their folders are not read: <c>docker compose -f</c> reads only the files it names);
    /// else per folder the files its <c>.env</c>'s <c>COMPOSE_FILE</c> lists, or, where evidence decides
    /// (<see cref="Choose"/>), its main file (the first of <see cref="MainNames"/>) and its override, or the files named
    /// for <c>-f</c> (<see cref="IsVariantName"/>) alone or over the main file.</summary>
    public static List<ComposeProject> Projects(LoadState state)
    {
        var projects = new List<ComposeProject>();
        var compose = state.Files.Where(f => f.Kind == ConfigKind.Compose).ToList();
        var named = state.ComposeFiles.Select(p => compose.FirstOrDefault(f => f.ServerPath == p)).OfType<ConfigFile>().ToList();
        if (named.Count > 0)
        {
            projects.Add(Read(state, Folder(named[0].ServerPath), named));
        }

        // A folder whose .env lists the files: that list is the project (a file it names that is missing stops Compose).
        var used = new HashSet<ConfigFile>(named);
        var listing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (folder, paths, dotEnv) in state.ComposeFileLists)
        {
            listing.Add(folder);
            if (paths.Count == 0)
            {
                state.Notes.Add($"{dotEnv}: COMPOSE_FILE's value is not known (a variable without a value): which files 'docker compose' reads there is not known, so the project's services are not read");
                continue;
            }

            var files = paths.Select(p => compose.FirstOrDefault(f => f.ServerPath == p && !named.Contains(f))).ToList();
            if (files.IndexOf(null) is var missing and >= 0)
            {
                state.Notes.Add($"{dotEnv}: COMPOSE_FILE names {state.FileSystem.DisplayPath(paths[missing])}, which is not read (missing, outside the root, or a secret path): 'docker compose' refuses to start this project, so its services are not read");
                used.UnionWith(files.OfType<ConfigFile>());
                continue;
            }

            projects.Add(Read(state, Folder(files[0]!.ServerPath), files!));
            used.UnionWith(files!);
        }

        // A file only named like one passed to -f is a Compose file when it has services: others (a CI workflow, a
        // process-compose file) are left out, unless named on the command line or listed.
        foreach (var file in compose.Except(used).Where(f => IsVariantName(Path.GetFileName(f.ServerPath)) && !NamedAsPath(state, f)).ToList())
        {
            if (file.Error is not null || file.Source is null || !ComposeReader.HasServices(file.Source.Text))
            {
                state.Notes.Add($"{file.DisplayPath}: named like a Compose file but has no top-level 'services' mapping{(file.Error is null ? string.Empty : " (it does not parse)")}; not read");
                state.Files.Remove(file);
                compose.Remove(file);
            }
        }

        // Where the files that run are named (--compose, COMPOSE_FILE), a file named for -f that they leave out is not read.
        foreach (var file in compose.Except(used).Where(f => listing.Contains(Folder(f.ServerPath)) && IsVariantName(Path.GetFileName(f.ServerPath)) && !NamedAsPath(state, f)).ToList())
        {
            state.Notes.Add($"{file.DisplayPath}: not read: the folder's .env lists the files 'docker compose' reads there (COMPOSE_FILE), and not this one");
            state.Files.Remove(file);
            LeftOut(projects, file);
        }

        // A file another Compose file includes is read into that project (Read), not as a project of its own.
        foreach (var file in compose.Except(used).Where(f => state.ComposeIncluded.Contains(f.ServerPath)).ToList())
        {
            compose.Remove(file);
            if (!file.IsEntry || !IsComposeName(Path.GetFileName(file.ServerPath)) && !IsVariantName(Path.GetFileName(file.ServerPath)))
            {
                continue;
            }

            state.Notes.Add($"{file.DisplayPath}: another Compose file's include: names it; read as part of that project, not as a project of its own");
        }

        var namedFolders = named.Select(f => Folder(f.ServerPath)).ToHashSet(StringComparer.Ordinal);
        foreach (var group in compose.Except(used).Where(f => !listing.Contains(Folder(f.ServerPath))).GroupBy(f => Folder(f.ServerPath)))
        {
            if (namedFolders.Contains(group.Key))
            {
                foreach (var file in group)
                {
                    state.Notes.Add($"{file.DisplayPath}: not read: --compose names the project's files in this folder, and 'docker compose -f' reads only the files it names");
                    state.Files.Remove(file);
                    LeftOut(projects, file);
                }

                continue;
            }

            var main = MainNames.Select(n => group.FirstOrDefault(f => Path.GetFileName(f.ServerPath) == n)).OfType<ConfigFile>().FirstOrDefault();
            var over = main is null ? null : OverrideNames.Select(n => group.FirstOrDefault(f => Path.GetFileName(f.ServerPath) == n)).OfType<ConfigFile>().FirstOrDefault();
            var variants = group.Where(f => IsVariantName(Path.GetFileName(f.ServerPath))).OrderBy(f => f.ServerPath, StringComparer.Ordinal).ToList();
            if (variants.Count == 0)
            {
                if (main is not null)
                {
                    projects.Add(Read(state, group.Key, over is null ? [main] : [main, over]));
                }

                continue;
            }

            if (Choose(state, group.Key, main, over, variants) is { } chosen)
            {
                projects.Add(Read(state, group.Key, chosen));
            }
        }

        return projects;
    }

    /// <summary>Records the services a Compose file of a project's folder that does not run defines, on the project of
    /// that folder (<see cref="ComposeProject.LeftOutDefinition"/>).</summary>
    private static void LeftOut(List<ComposeProject> projects, ConfigFile file)
    {
        var folder = Folder(file.ServerPath);
        if (file.Error is not null || file.Source is null || projects.FirstOrDefault(p => p.Folder == folder) is not { } project
            || ComposeReader.Root(file.Source.Text) is not { } root || ComposeReader.Child(root, "services") is not YamlDotNet.RepresentationModel.YamlMappingNode services)
        {
            return;
        }

        foreach (var key in services.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>())
        {
            if (key.Value is { Length: > 0 } name)
            {
                project.AddLeftOut(name, file.DisplayPath);
            }
        }
    }

    /// <summary>
    /// Which files run in a folder that holds files named for <c>-f</c> beside (or without) the default ones: the ways
    /// the project can be started are the default files (<c>docker compose up</c>), each such file alone
    /// (<c>-f docker-compose.prod.yml</c>) and over the main file (<c>-f docker-compose.yml -f docker-compose.prod.yml</c>).
    /// Compose refuses a way whose running services have a required <c>env_file</c> that does not exist (compose-go's
    /// <c>loader</c>: "env file ... not found", unless <c>required: false</c>) or a service with neither <c>image</c> nor
    /// <c>build</c> ("has neither an image nor a build context specified"): that way is not what runs. The one way left
    /// is the project; where none or several are left, which files run is not known and nothing is read (a finding from
    /// files that may not run would be false for the operator who runs the others), with a note.
    /// </summary>
    private static List<ConfigFile>? Choose(LoadState state, string folder, ConfigFile? main, ConfigFile? over, List<ConfigFile> variants)
    {
        var ways = new List<List<ConfigFile>>();
        if (main is not null)
        {
            ways.Add(over is null ? [main] : [main, over]);
        }

        foreach (var variant in variants)
        {
            ways.Add([variant]);
            if (main is not null)
            {
                ways.Add([main, variant]);
            }
        }

        var left = new List<List<ConfigFile>>();
        var refused = new List<string>();
        foreach (var way in ways)
        {
            var project = Layered(state, folder, way, ComposeVariables.Load(state.FileSystem, folder), null);
            if (Refusal(state, project) is { } why)
            {
                refused.Add($"{Names(way)} ({why})");
            }
            else
            {
                left.Add(way);
            }
        }

        var shown = state.FileSystem.DisplayPath(folder);
        if (left.Count == 1)
        {
            if (refused.Count > 0)
            {
                state.Notes.Add($"{shown}: the Compose project read there is {Names(left[0])}; Compose refuses {string.Join("; ", refused)}");
            }

            return left[0];
        }

        state.Notes.Add(left.Count == 0
            ? $"{shown}: Compose refuses every way of starting the project there ({string.Join("; ", refused)}): its services are not read"
            : $"{shown}: which Compose files run there is not known ({string.Join("; ", left.Select(Names))}{(refused.Count > 0 ? "; Compose refuses " + string.Join("; ", refused) : string.Empty)}): the project's services are not read (--compose names the files, or COMPOSE_FILE in the folder's .env)");
        return null;
    }

    private static string Names(List<ConfigFile> files) => string.Join(" with ", files.Select(f => Path.GetFileName(f.ServerPath)));

    /// <summary>Why Compose refuses to start a project read from some files, or null: a running service with neither image
    /// nor build, or a required <c>env_file</c> that is not there (known only for a path without variables, in the root or
    /// the linted folders, and not a secret path, which ConfLint does not look at).</summary>
    private static string? Refusal(LoadState state, ComposeProject project)
    {
        var fs = state.FileSystem;
        foreach (var service in project.Running)
        {
            if (service.Image is null && !service.Build)
            {
                return $"service '{service.Name}' has neither image nor build";
            }

            foreach (var env in service.EnvFiles.Where(e => e.Required && e.Path is not null))
            {
                if (Inside(state, env.Path!) && !SecretPaths.IsUnreadable(env.Path!) && fs.TypeOf(env.Path!) == FileType.Missing)
                {
                    return $"env file {fs.DisplayPath(env.Path!)} of service '{service.Name}' not found";
                }
            }
        }

        return null;
    }

    /// <summary>Whether the file was named on the command line (not found in a folder).</summary>
    private static bool NamedAsPath(LoadState state, ConfigFile file)
    {
        var host = state.FileSystem.IsRooted ? state.FileSystem.ToHostPath(file.ServerPath) : file.ServerPath;
        return state.Options.Paths.Any(p => Path.GetFullPath(p, state.Options.WorkingDirectory) == host);
    }

    /// <summary>A project read with the variables of its folder's <c>.env</c> (Compose's project folder is the first file's),
    /// and the note of what its interpolation could not see.</summary>
    private static ComposeProject Read(LoadState state, string folder, IReadOnlyList<ConfigFile> files)
    {
        // The .env read when the folder was looked at for COMPOSE_FILE, taken by one project only (each counts the
        // variables its own files use, for its note).
        var variables = state.DotEnvs.Remove(folder, out var loaded) ? loaded : ComposeVariables.Load(state.FileSystem, folder);
        var notes = new List<string>();
        var project = Layered(state, folder, files, variables, notes);
        state.Notes.AddRange(notes);
        if (project.Variables.Note(files[0].DisplayPath) is { } note)
        {
            state.Notes.Add(note);
        }

        foreach (var (service, included, including) in project.IncludeMerges)
        {
            state.Notes.Add($"{including.DisplayPath}: service '{service}' is defined in {included.DisplayPath}, which include: brings in, and given settings here too: "
                + "Docker Compose 5 (compose-go 2.10, importResource) merges them, this file's settings over the included ones, as read here; Compose 2.20 to 2.x refuses the project ('services." + service + " conflicts with imported resource')");
        }

        return project;
    }

    /// <summary>
    /// A project read from its files and what their <c>include:</c> brings in, in the order Compose merges them
    /// (compose-go <c>loader/loader.go</c>, loadYamlFile: a file's includes are loaded and imported into it before the file is
    /// merged over the files before it; <c>loader/include.go</c>, importResource: a resource both included and written in
    /// the including file is merged, the including file's over the included one's). Where a file of the project cannot be
    /// read or parsed, or an include names a file not read (missing, outside the root, a secret path, a remote resource, a
    /// path from a variable without a value, a cycle, or deeper than <see cref="ComposeIncludes.MaxDepth"/>), the project is
    /// not fully known (<see cref="ComposeProject.Incomplete"/>) and a note says why.
    /// </summary>
    private static ComposeProject Layered(LoadState state, string folder, IReadOnlyList<ConfigFile> files, ComposeVariables variables, List<string>? notes)
    {
        var layers = new List<ComposeLayer>();
        string? incomplete = null;
        void Unknown(string why)
        {
            incomplete ??= why;
            notes?.Add(why);
        }

        foreach (var file in files)
        {
            if (file.Source is null || file.Error is not null)
            {
                Unknown($"{file.DisplayPath}: {(file.Source is null ? "not read" : "does not parse")}: 'docker compose' refuses the project; what its services lack is not judged");
            }

            Expand(state, file, folder, variables, null, [file.ServerPath], layers, notes, Unknown);
        }

        var project = ComposeReader.Read(folder, files, variables, layers);
        project.Incomplete = incomplete;
        return project;
    }

    /// <summary>Adds <paramref name="file"/>'s layer to <paramref name="layers"/>, after the layers of what its <c>include:</c>
    /// brings in (each entry's files merged as one model, with its own project directory and variables).</summary>
    private static void Expand(LoadState state, ConfigFile file, string workingDirectory, ComposeVariables variables, ConfigFile? includedBy,
        List<string> chain, List<ComposeLayer> layers, List<string>? notes, Action<string> unknown)
    {
        if (file.Error is null && file.Source is { } source && ComposeIncludes.MayInclude(source.Text) && ComposeReader.Root(source.Text) is { } root)
        {
            foreach (var entry in ComposeIncludes.Entries(root, file, variables, workingDirectory))
            {
                var where = $"{file.DisplayPath}:{entry.At.Location.Start.Line}";
                if (entry.Paths.Any(p => p is null) || entry.ProjectDirectory is null)
                {
                    unknown($"{where}: include: names a file whose path is not known (a variable without a value, a remote resource or '~'); the project's services are not fully known, so what they lack is not judged");
                    continue;
                }

                if (chain.Count >= ComposeIncludes.MaxDepth)
                {
                    unknown($"{where}: include: deeper than {ComposeIncludes.MaxDepth} files; not followed, so the project's services are not fully known");
                    continue;
                }

                var own = new List<ComposeVariables>();
                if (entry.EnvFiles is null)
                {
                    own.Add(ComposeVariables.Load(state.FileSystem, entry.ProjectDirectory));
                }
                else
                {
                    foreach (var env in entry.EnvFiles)
                    {
                        if (env is null || !Inside(state, env) || state.FileSystem.ReadablePath(env) is null || !state.FileSystem.FileExists(env))
                        {
                            unknown($"{where}: the include's env_file {(env is null ? "(a path not known)" : state.Display(env))} is not read (missing, outside the root, or a secret path): 'docker compose' refuses a missing one; the project's services are not fully known");
                            continue;
                        }

                        own.Add(ComposeVariables.LoadFile(state.FileSystem, env));
                    }
                }

                var imported = ComposeVariables.Imported(variables, own);
                foreach (var path in entry.Paths.OfType<string>())
                {
                    if (chain.Contains(path, StringComparer.Ordinal))
                    {
                        unknown($"{where}: include: names {state.Display(path)}, which includes this file in turn: 'docker compose' refuses the project ('include cycle detected'); its services are not judged");
                        continue;
                    }

                    var included = Inside(state, path) && state.FileSystem.ReadablePath(path) is not null
                        ? state.Files.FirstOrDefault(f => f.Kind == ConfigKind.Compose && f.ServerPath == path)
                        : null;
                    if (included is null)
                    {
                        unknown($"{where}: include: names {state.Display(path)}, which is not read (missing, outside {(state.Options.Root is null ? "the linted folders" : "--root")}, or a secret path): the services it defines or extends are not seen, so what the project's services lack is not judged");
                        continue;
                    }

                    if (included.Source is null || included.Error is not null)
                    {
                        unknown($"{where}: include: names {included.DisplayPath}, which {(included.Source is null ? "is not read" : "does not parse")}: 'docker compose' refuses the project; its services are not judged");
                        continue;
                    }

                    notes?.Add($"{included.DisplayPath}: brought in by include: of {where}, read as a Compose model of its own: its relative paths from {state.Display(entry.ProjectDirectory)}, its variables {(own.Any(o => o.DotEnvDisplay is not null) ? "from " + string.Join(", ", own.Select(o => o.DotEnvDisplay).OfType<string>()) + " under" : "those of")} the including project's (which win)");
                    Expand(state, included, entry.ProjectDirectory, imported, file, [.. chain, path], layers, notes, unknown);
                }
            }
        }

        layers.Add(new ComposeLayer(file, workingDirectory, variables, includedBy));
    }

    /// <summary>Marks the files mounted into a service, or copied into its image from the build context
    /// (<see cref="DockerfileCopies"/>), and queues the ones ConfLint reads that are not loaded yet.</summary>
    public static void AddMounts(LoadState state, ComposeProject project, List<ConfigFile> pending)
    {
        var fs = state.FileSystem;
        foreach (var service in project.Running)
        {
            var files = new List<string>();
            ReadVolumes(state, project, service);
            foreach (var volume in service.Volumes)
            {
                if (volume.HostSource(project.Folder) is not { } source || !Inside(state, source))
                {
                    continue;
                }

                files.AddRange(fs.TypeOf(source) switch
                {
                    FileType.Regular => [source],
                    FileType.Directory => fs.Glob(source.TrimEnd('/') + "/*").Concat(fs.Glob(source.TrimEnd('/') + "/*/*")).Where(p => fs.TypeOf(p) == FileType.Regular).ToList(),
                    _ => (IReadOnlyList<string>)[],
                });
            }

            if (service.BuildContext is { } context && Inside(state, context))
            {
                service.ImageFiles.Clear();
                service.ContextFiles.Clear();
                service.ImageFiles.AddRange(DockerfileCopies.Of(service, fs, state.Notes, service.ContextFiles));
                files.AddRange(service.ImageFiles.Select(f => f.Source));
            }

            // Only for a service of an image whose entrypoint renders templates (the nginx images) that mounts some.
            var templates = files.Count == 0 ? null : NginxTemplates.Of(service, state.Options.Root is null ? null : fs);
            foreach (var path in files.Distinct(StringComparer.Ordinal))
            {
                if (service.ContainerPathOf(path, project.Folder) is not { } inside)
                {
                    continue;
                }

                var existing = state.Files.FirstOrDefault(f => f.ServerPath == path);
                string? template = null;
                if (existing is null && templates?.OutputOf(inside) is { } output && Renders(state, service, templates, path, output))
                {
                    (template, inside) = (inside, output);
                }

                if (KindDetector.Detect(inside) is not { } kind || kind is ConfigKind.Compose or ConfigKind.Systemd)
                {
                    continue;
                }

                if (existing is not null && existing.Kind != kind)
                {
                    continue;
                }

                var file = existing ?? state.GetOrAdd(path, kind, PrefixInside(inside, kind), pending);
                file.IsEntry = true;
                if (file.Container is null)
                {
                    file.Container = new ContainerView(project, service, inside);
                    file.Prefix = PrefixInside(inside, kind);
                    if (template is not null)
                    {
                        file.RenderedFrom = template;
                        file.Templates = templates;
                        service.RenderedFiles[inside] = path;
                    }
                }
            }
        }
    }

    /// <summary>The file nginx reads at start in the nginx images (their <c>CMD ["nginx", "-g", "daemon off;"]</c>, no
    /// <c>-c</c>): the build's <c>--conf-path</c>.</summary>
    private const string NginxMain = "/etc/nginx/nginx.conf";

    /// <summary>
    /// After the includes are followed: in a container whose <c>/etc/nginx/nginx.conf</c> is read (a mounted folder, or a
    /// named volume whose files the root holds), nginx reads that file and what it includes, nothing else
    /// (ngx_conf_file.c: <c>include</c> is the only way another file is read). The container's other files that nothing
    /// includes (a template beside its rendered file, a site file the entrypoint leaves unlinked, the image's
    /// <c>conf.d/default.conf</c> under a main file that does not include <c>conf.d</c>) are set aside with a note,
    /// not read as lone files. Left alone where the service's command or entrypoint has a <c>-c</c> (another main file,
    /// or a shell script that may start nginx otherwise).
    /// </summary>
    public static void SetAsideUnincluded(LoadState state)
    {
        List<ConfigFile>? aside = null;
        HashSet<string>? parsed = null;
        foreach (var file in state.Files)
        {
            if (file.Kind != ConfigKind.Nginx || file.Container is not { } container || file.IncludedFrom.Count > 0 || container.ContainerPath == NginxMain
                || container.HostPathOf(NginxMain) is not { } main || main == file.ServerPath || MayNameOtherConfig(container.Service))
            {
                continue;
            }

            parsed ??= state.Files.Where(f => f.Kind == ConfigKind.Nginx && f.Container is not null && f.Tree is not null).Select(f => f.ServerPath).ToHashSet(StringComparer.Ordinal);
            if (parsed.Contains(main))
            {
                (aside ??= []).Add(file);
            }
        }

        foreach (var file in aside ?? [])
        {
            state.Notes.Add($"{file.DisplayPath}: {file.Container!.ContainerPath} in {file.Container.Service}, whose nginx reads {NginxMain} ({state.Display(file.Container.HostPathOf(NginxMain)!)}) and what it includes: nothing includes this file, so nginx does not read it; not judged");
            state.Files.Remove(file);
        }
    }

    private static bool MayNameOtherConfig(ComposeService service) =>
        (service.Command?.Argv ?? []).Concat(service.Entrypoint?.Argv ?? []).Any(w => w == "-c" || w.StartsWith("-c", StringComparison.Ordinal) && w.Length > 2 && !w.StartsWith("--", StringComparison.Ordinal));

    /// <summary>The folders (and files) of the daemons ConfLint reads, as their images and packages lay them out: a named
    /// volume mounted on one of them, above one or inside one holds what the daemon reads there.</summary>
    private static readonly string[] DaemonFolders =
    [
        "/etc/nginx", "/usr/local/nginx/conf", "/usr/local/openresty/nginx/conf", "/etc/apache2", "/etc/httpd", "/usr/local/apache2/conf",
        "/usr/local/etc/php-fpm.conf", "/usr/local/etc/php-fpm.d", "/etc/php", "/etc/supervisor", "/etc/supervisord.conf", "/etc/supervisord.d",
        "/etc/haproxy", "/usr/local/etc/haproxy", "/usr/local/tomcat/conf",
    ];

    /// <summary>Docker's data folder (dockerd's <c>--data-root</c> default, <c>/var/lib/docker</c>): a local volume's
    /// files are in <c>volumes/NAME/_data</c> below it (moby's <c>volume/local/local.go</c>).</summary>
    private const string DockerDataRoot = "/var/lib/docker";

    /// <summary>
    /// The named volumes of a service mounted on (above, or inside) a daemon's folder (<see cref="DaemonFolders"/>), read as
    /// that folder the way a bind mount's source is: the volume's name as Docker knows it (<see cref="ComposeProject.VolumeNameOf"/>),
    /// its files in <c>DATA_ROOT/volumes/NAME/_data</c> under the root (<c>data-root</c> of <c>/etc/docker/daemon.json</c>
    /// when it sets one). A named volume holds the image's files, copied in when it was new and empty, and whatever the
    /// container wrote since (an entrypoint that renders its templates at each start): the root's copy is what the last
    /// start left. A volume whose files are not in the root (or whose name is not known, or a driver that keeps them
    /// elsewhere) is left unread, and a note says so (--verbose). Other volumes (data, statics) are never looked into.
    /// </summary>
    private static void ReadVolumes(LoadState state, ComposeProject project, ComposeService service)
    {
        foreach (var volume in service.Volumes)
        {
            if (volume.Type != "volume" || volume.Source is not { Length: > 0 } key || !OnDaemonFolder(volume.Target))
            {
                continue;
            }

            var what = $"{service} of {state.Display(project.Files[0].ServerPath)}: named volume '{key}' on {volume.Target}";
            if (!project.DeclaredVolumes.TryGetValue(key, out var declared))
            {
                continue;
            }

            if (state.Options.Root is null)
            {
                state.Notes.Add($"{what}: its files are not read without --root (what the daemon reads there is not seen)");
                continue;
            }

            if (declared.OtherStorage)
            {
                state.Notes.Add($"{what}: its driver or driver_opts keep its files outside Docker's volumes folder; not read (what the daemon reads there is not seen)");
                continue;
            }

            if (project.VolumeNameOf(key) is not { } name || name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
            {
                state.Notes.Add($"{what}: its name as Docker knows it is not known (a variable without a known value, or 'docker compose -p'); its files are not read (what the daemon reads there is not seen)");
                continue;
            }

            volume.VolumeName = name;
            var data = $"{DataRoot(state)}/volumes/{name}/_data";
            if (state.FileSystem.TypeOf(data) != FileType.Directory)
            {
                state.Notes.Add($"{what}: volume '{name}'{(declared.External ? " (external)" : string.Empty)} has no files in the root ({state.Display(data)}); what the daemon reads there (the image's files and what its entrypoint writes) is not seen");
                continue;
            }

            volume.DataPath = data;
            state.Notes.Add($"{what}: read from volume '{name}' ({state.Display(data)}), as the last start left it: the image's files and what its entrypoint writes at each start; a fix there is advice only");
        }
    }

    private static bool OnDaemonFolder(string target)
    {
        var mount = target.TrimEnd('/');
        return mount.Length > 0 && DaemonFolders.Any(d => mount == d || d.StartsWith(mount + "/", StringComparison.Ordinal) || mount.StartsWith(d + "/", StringComparison.Ordinal));
    }

    /// <summary>Docker's data folder: <c>data-root</c> of <c>/etc/docker/daemon.json</c> (an absolute path), else
    /// <see cref="DockerDataRoot"/>.</summary>
    private static string DataRoot(LoadState state)
    {
        const string daemonJson = "/etc/docker/daemon.json";
        var fs = state.FileSystem;
        if (!fs.FileExists(daemonJson) || fs.ReadablePath(daemonJson) is null)
        {
            return DockerDataRoot;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(fs.ReadSourceText(daemonJson, state.Display(daemonJson)).Text);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && json.RootElement.TryGetProperty("data-root", out var root)
                && root.ValueKind == System.Text.Json.JsonValueKind.String && root.GetString() is { } path && path.StartsWith('/')
                ? RootedFileSystem.Normalize(path).TrimEnd('/')
                : DockerDataRoot;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return DockerDataRoot;
        }
    }

    /// <summary>Whether a mounted template is read as the file the image's entrypoint renders from it
    /// (<see cref="NginxTemplates"/>): only when every value it takes is known. Either way a note says so (--verbose).</summary>
    private static bool Renders(LoadState state, ComposeService service, NginxTemplates templates, string path, string output)
    {
        string text;
        try
        {
            text = state.FileSystem.ReadSourceText(path, state.Display(path)).Text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var (rendered, _, names, why) = templates.Render(text);
        var what = $"{state.Display(path)}: a template the nginx image's entrypoint of {service} renders into {output} at the container's start (20-envsubst-on-templates.sh, envsubst of the variables the container defines)";
        state.Notes.Add(rendered is null
            ? $"{what}; not rendered here: {why}; set aside as a template"
            : $"{what}; read as that file{(names.Count == 0 ? " (it takes no value)" : $" with {string.Join(", ", names.Select(n => "$" + n))} replaced")}, its findings at the template's lines");
        return rendered is not null;
    }

    /// <summary>The daemon's folder for relative paths, as the container's image has it.</summary>
    private static string PrefixInside(string containerPath, ConfigKind kind) => kind switch
    {
        ConfigKind.Nginx => "/etc/nginx",
        ConfigKind.Apache => containerPath.StartsWith("/usr/local/apache2/", StringComparison.Ordinal) ? "/usr/local/apache2" : "/etc/apache2",
        ConfigKind.PhpFpm => containerPath.StartsWith("/usr/local/etc/", StringComparison.Ordinal) ? "/usr/local" : "/",
        _ => "/",
    };

    private static bool Inside(LoadState state, string path) =>
        state.Options.Root is not null || state.IsInsideLintedPaths(path) || state.ComposeFiles.Count > 0;

    private static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
