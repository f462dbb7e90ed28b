using ConfLint.Diagnostics;
using ConfLint.Syntax;

namespace ConfLint.Workspace;

/// <summary>
/// Resolves the include directives of parsed files into the files they bring in, in each daemon's order and with
/// its rules (a missing literal path, an empty glob, a folder). Hostile patterns end in a diagnostic on the
/// directive: a NUL or other character no path may hold, a folder recursion Apache refuses.
/// </summary>
internal static class IncludeResolver
{
    /// <summary>Apache's <c>AP_MAX_FNMATCH_DIR_DEPTH</c>: deeper folder includes are refused as a recursion.</summary>
    private const int ApacheMaxFolderDepth = 128;

    private static readonly char[] InvalidPathCharacters = ['\0', .. Path.GetInvalidPathChars()];

    /// <summary>The include directives of a file (safe to run for several files at once).</summary>
    public static List<IncludeRequest> FindIncludes(LoadState state, ConfigFile file)
    {
        if (file.Tree is null)
        {
            return [];
        }

        var variables = file.Kind == ConfigKind.Apache ? state.ApacheEnvironment(file.Prefix) : null;
        return IncludeFinder.Find(file.Tree, file.Prefix, variables).ToList();
    }

    /// <summary>Resolves a file's includes and queues the files they bring in, in order.</summary>
    public static void FollowIncludes(LoadState state, ConfigFile file, List<IncludeRequest> requests, List<ConfigFile> next)
    {
        // The files each include matches, gathered in one list for all (a large tree has thousands of includes, resolved
        // while its files are loaded: what they leave behind is garbage among the trees).
        var files = new List<string>();
        var unplaced = new List<string>();
        foreach (var request in requests)
        {
            var rules = request.Rules;
            var patternToken = request.PatternToken;
            if (request.Pattern.IndexOfAny(InvalidPathCharacters) >= 0 || rules.BaseDirectory.IndexOfAny(InvalidPathCharacters) >= 0)
            {
                state.AddSyntaxError(patternToken.Location, $"include path holds a NUL or another character no file name may hold: {DaemonName(file.Kind)} would read another path than the one written; not read");
                continue;
            }

            var pattern = request.Pattern.StartsWith('/') ? request.Pattern : RootedFileSystem.Normalize(rules.BaseDirectory + "/" + request.Pattern);
            if (file.Container is { } container)
            {
                // Inside a container an include names the container's files: a bind mount's, or the image's (not read).
                if (container.HostPathOf(pattern) is not { } mounted)
                {
                    if (RootedFileSystem.HasWildcard(pattern) && container.FilesMountedInto(pattern) is { Count: > 0 } singles)
                    {
                        // A folder of the image with files mounted into it one by one: those are read, the image's are not.
                        state.Notes.Add($"{file.DisplayPath}:{request.PatternToken.Position.Line}: include {request.Pattern} also matches files of service '{container.Service.Name}''s image, which are not read");
                        var partial = new IncludeSite(file, request.Directive, request.PatternToken, pattern, false);
                        state.Sites.Add(partial);
                        Attach(state, file, partial, singles, next);
                        continue;
                    }

                    state.Notes.Add($"{file.DisplayPath}:{request.PatternToken.Position.Line}: include {request.Pattern} names a file of service '{container.Service.Name}''s image, not of the repository; not read");
                    if (!container.Service.Build && container.Service.Image?.Value is { } image && Knowledge.ImageTable.Instance.Find(image) is { } facts
                        && facts.NoDefinitions.Contains(pattern, StringComparer.Ordinal))
                    {
                        // The image's own file, which its facts say defines nothing (nginx's mime.types: one types block).
                        state.ImageIncludesWithoutDefinitions.Add(request.Directive);
                    }

                    continue;
                }

                pattern = mounted;
            }

            var site = new IncludeSite(file, request.Directive, request.PatternToken, pattern, rules.MissingLiteralIsError || rules.EmptyGlobIsError);
            state.Sites.Add(site);

            if (state.Options.Root is null && !state.IsInsideLintedPaths(pattern))
            {
                state.Notes.Add($"{file.DisplayPath}:{request.PatternToken.Position.Line}: include {request.Pattern} lies outside the linted paths; not read (use --root to lint a whole server)");
                continue;
            }

            unplaced.Clear();
            var problem = Expand(state.FileSystem, pattern, rules, files, unplaced);
            if (problem is not null)
            {
                state.AddSyntaxError(patternToken.Location, $"include {request.Pattern}: {problem}");
            }

            if (unplaced.Count > 0)
            {
                site.UnplacedLinks = unplaced.ToList();
                foreach (var link in unplaced)
                {
                    state.Notes.Add($"{file.DisplayPath}:{request.PatternToken.Position.Line}: include {request.Pattern} matches {link}, a link to {state.FileSystem.LinkTargetOf(link)} in a folder the root does not hold: what it brings in is not read (its directives, and the modules it loads, are not known)");
                }
            }

            if (files.Count == 0)
            {
                var wildcard = RootedFileSystem.HasWildcard(pattern);
                if (MayBeInstalledElsewhere(state, file, request.Pattern))
                {
                    state.Notes.Add($"{file.DisplayPath}:{request.PatternToken.Position.Line}: include {request.Pattern} matches nothing in the linted paths; a package or an image may install it (use --root to judge it)");
                }
                else if (!wildcard && PackageFilesAbsent(state.FileSystem, file, pattern))
                {
                    state.Notes.Add($"{file.DisplayPath}:{request.PatternToken.Position.Line}: include {request.Pattern}: {pattern} is a file nginx's package installs, and the tree holds none of that package's files in {Path.GetDirectoryName(pattern)} (a configuration an image's Dockerfile copies over the package's): not judged");
                }
                else if (problem is null && !wildcard && file.Kind == ConfigKind.Nginx && state.FileSystem.DirectoryExists(pattern))
                {
                    // ngx_conf_parse opens a folder as it opens a file (open() succeeds), and the first read fails: nginx
                    // says so in these words.
                    state.AddSyntaxError(patternToken.Location, $"include {request.Pattern}: pread() \"{pattern}\" failed (21: Is a directory): nginx refuses to start");
                }
                else if (problem is null && (wildcard ? rules.EmptyGlobIsError : rules.MissingLiteralIsError))
                {
                    var what = wildcard ? "matches no file" : "names a file that does not exist";
                    var lookedFor = pattern == request.Pattern ? string.Empty : $" (looked for {pattern})";
                    state.AddSyntaxError(patternToken.Location, $"include {request.Pattern} {what}{lookedFor}: {DaemonName(file.Kind)} refuses to start");
                }

                continue;
            }

            Attach(state, file, site, files, next);
        }
    }

    /// <summary>Makes the matched files the targets of a recorded site (queued to be read), seen from the including file's container.</summary>
    private static void Attach(LoadState state, ConfigFile file, IncludeSite site, IReadOnlyList<string> matches, List<ConfigFile> next)
    {
        var targets = new List<ConfigFile>(matches.Count);
        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            var target = state.GetOrAdd(match, file.Kind, file.Prefix, next);
            if (file.Container is { } inside && target.Container is null)
            {
                target.Container = inside with { ContainerPath = inside.Service.ContainerPathOf(match, inside.Project.Folder) ?? match };
            }

            targets.Add(target);
        }

        site.Targets = targets;
        for (var i = 0; i < targets.Count; i++)
        {
            targets[i].AddIncludedFrom(site);
        }
    }

    /// <summary>The files a pattern brings in, in the daemon's order, put in <paramref name="files"/> (emptied first),
    /// and what the daemon would refuse in it.</summary>
    private static string? Expand(RootedFileSystem fs, string pattern, IncludeRules rules, List<string> files, List<string> unplaced)
    {
        files.Clear();
        if (!RootedFileSystem.HasWildcard(pattern))
        {
            // A literal path (most includes): no list of matches.
            return fs.Resolve(pattern) is null ? null : Add(fs, pattern, rules, files, null, unplaced);
        }

        string? problem = null;
        foreach (var match in fs.Glob(pattern, rules.Dialect))
        {
            problem = Add(fs, match, rules, files, problem, unplaced);
        }

        return problem;
    }

    /// <summary>Adds what one match brings in; the first problem found is kept. A match that is a link whose target is not
    /// there (glob(3) lists the link; the daemon then fails to open it) is a problem where the target's folder is in the
    /// root and the daemon refuses a missing file; where the folder is not in the root, the link is unplaced: the server
    /// may well have the file (a root of /etc alone).</summary>
    private static string? Add(RootedFileSystem fs, string match, IncludeRules rules, List<string> files, string? problem, List<string> unplaced)
    {
        switch (fs.TypeOf(match))
        {
            case FileType.Directory when rules.DirectoryIncludesFiles:
                problem ??= FolderFiles(fs, match, files);
                break;
            case FileType.Regular:
                files.Add(match);
                break;
            case FileType.Other:
                problem ??= $"{match} is not a regular file (a FIFO, socket or device): the daemon would block or fail reading it; not read";
                break;
            case FileType.Missing when fs.EntryTypeOf(match) == FileType.Link && fs.LinkTargetOf(match) is { } target:
                var absolute = target.StartsWith('/') ? target : RootedFileSystem.Normalize(Path.GetDirectoryName(match) + "/" + target);
                var folder = Path.GetDirectoryName(absolute);
                if (folder is not null && fs.DirectoryExists(folder))
                {
                    if (rules.MissingLiteralIsError)
                    {
                        problem ??= $"{match} is a link to {target}, which does not exist: the daemon fails to open it and refuses to start";
                    }
                }
                else
                {
                    unplaced.Add(match);
                }

                break;
            case FileType.Missing when match.Contains('\uFFFD', StringComparison.Ordinal):
                // Listed, yet not found again by its name: bytes that are not UTF-8 were decoded to U+FFFD.
                problem ??= $"{match} has a name that is not UTF-8 (each byte that is not shown as \uFFFD): the daemon reads it, ConfLint cannot; it is not checked";
                break;
        }

        return problem;
    }

    /// <summary>
    /// Apache's folder include (<c>ap_dir_nofnmatch</c>): every entry but <c>.</c> and <c>..</c>, dot files too,
    /// sorted by bytes, folders recursively. A folder that contains itself through a link is a recursion Apache
    /// refuses after 128 levels: reported once here, without walking it. A folder reached again by another way
    /// is read once.
    /// </summary>
    private static string? FolderFiles(RootedFileSystem fs, string folder, List<string> files)
    {
        var visited = new HashSet<(ulong, ulong)>();
        var onPath = new List<(ulong, ulong)>();
        string? problem = null;

        void Walk(string current, int depth)
        {
            if (fs.IdentityOf(current) is not { } identity)
            {
                return;
            }

            if (onPath.Contains(identity) || depth > ApacheMaxFolderDepth)
            {
                problem ??= $"the folder {current} contains itself through a link: Apache stops at {ApacheMaxFolderDepth} nested folders ('You have probably a recursion somewhere') and refuses to start";
                return;
            }

            if (!visited.Add(identity))
            {
                return;
            }

            onPath.Add(identity);
            foreach (var entry in fs.EnumerateEntries(current))
            {
                switch (fs.TypeOf(entry))
                {
                    case FileType.Directory:
                        Walk(entry, depth + 1);
                        break;
                    case FileType.Regular:
                        files.Add(entry);
                        break;
                }
            }

            onPath.RemoveAt(onPath.Count - 1);
        }

        Walk(folder, 1);
        return problem;
    }

    public static string DaemonName(ConfigKind kind) => kind switch
    {
        ConfigKind.Nginx => "nginx",
        ConfigKind.Apache => "Apache",
        ConfigKind.PhpFpm => "PHP-FPM",
        ConfigKind.Supervisor => "supervisord",
        _ => "systemd",
    };

    /// <summary>The files nginx's own distribution (conf/) and Debian's package put beside nginx.conf.</summary>
    private static readonly string[] NginxPackageFiles =
        ["mime.types", "fastcgi_params", "fastcgi.conf", "scgi_params", "uwsgi_params", "koi-utf", "koi-win", "win-utf", "proxy_params"];

    /// <summary>
    /// A literal nginx include of one of the package's files (<c>mime.types</c>, <c>fastcgi_params</c>) that the tree does
    /// not hold, where the tree shows no installed system (no package database, no /usr/sbin/nginx) and the folder holds
    /// at most one other of the package's files: the tree is a configuration laid over an installed package (a
    /// repository's <c>etc/</c> that <c>COPY etc/ /etc/</c> puts into an image, with perhaps its own fastcgi_params), not
    /// the whole server, so the file's absence is not shown. A server's /etc/nginx holds the package's files, and a
    /// missing one is still refused.
    /// </summary>
    private static bool PackageFilesAbsent(RootedFileSystem fs, ConfigFile file, string pattern)
    {
        var folder = Path.GetDirectoryName(pattern);
        if (file.Kind != ConfigKind.Nginx || folder is null || !NginxPackageFiles.Contains(Path.GetFileName(pattern), StringComparer.Ordinal))
        {
            return false;
        }

        if (fs.FileExists("/usr/sbin/nginx") || fs.FileExists("/var/lib/dpkg/status") || fs.FileExists("/lib/apk/db/installed"))
        {
            return false;
        }

        return NginxPackageFiles.Count(name => fs.FileExists(folder + "/" + name)) <= 1;
    }

    /// <summary>In path mode (no --root) the files a package or an image installs beside the configuration
    /// (fastcgi_params, mime.types, modules' .load files) are not there to see: a relative include that matches nothing
    /// proves nothing. With --root, or inside a container whose mounts are known, it does.</summary>
    private static bool MayBeInstalledElsewhere(LoadState state, ConfigFile file, string written) =>
        state.Options.Root is null && file.Container is null && !written.StartsWith('/');
}
