namespace ConfLint.Workspace.Compose;

/// <summary>
/// The files of a service's build context that the stage its image is built from copies into a daemon's configuration
/// folders (<c>COPY nginx.conf /etc/nginx/conf.d</c>): in the container they are that daemon's files as surely as a bind
/// mount's, so they are read the same way (<see cref="ComposeService.ImageFiles"/>). Read as BuildKit's dockerfile2llb
/// reads <c>COPY</c>/<c>ADD</c> (<c>dispatchCopy</c>): the sources are relative to the context (a leading <c>/</c>
/// too), a folder's contents are copied, and the destination is a folder when it ends with <c>/</c>, when there are
/// several sources or a wildcard, or when the image already has that folder (here: the folders the official images and
/// the distributions' packages create, <see cref="ImageFolders"/>); else it is the file's new path. A relative
/// destination is taken from the stage's <c>WORKDIR</c>. What cannot be read this way (a destination or source with a
/// variable, a relative destination before any <c>WORKDIR</c>, a heredoc, <c>--parents</c>, <c>--exclude</c>, a
/// <c>.dockerignore</c> that could leave the file out) maps nothing, with a note; <c>--from</c> copies from another
/// stage or image, not from the context, and <c>ADD</c> of a URL or a local archive (which it unpacks) is not a file of
/// the context as it is.
/// </summary>
internal static class DockerfileCopies
{
    /// <summary>Folders that exist in the images daemons are run from, so that <c>COPY FILE FOLDER</c> without a trailing
    /// slash puts FILE inside: the official nginx image's <c>conf.d</c> (docker-nginx's Dockerfiles), Debian's and
    /// Ubuntu's packages' <c>sites-*</c> and <c>conf-*</c>, the httpd image's <c>conf</c> and <c>conf/extra</c>, the php
    /// image's <c>php-fpm.d</c>.</summary>
    private static readonly string[] ImageFolders =
    [
        "/etc/nginx", "/etc/nginx/conf.d", "/etc/nginx/sites-available", "/etc/nginx/sites-enabled", "/etc/nginx/snippets",
        "/etc/apache2", "/etc/apache2/sites-available", "/etc/apache2/sites-enabled", "/etc/apache2/conf-available", "/etc/apache2/conf-enabled",
        "/etc/httpd/conf", "/etc/httpd/conf.d", "/usr/local/apache2/conf", "/usr/local/apache2/conf/extra",
        "/usr/local/etc/php-fpm.d", "/etc/php-fpm.d", "/etc/haproxy", "/usr/local/etc/haproxy", "/etc/supervisor/conf.d",
    ];

    /// <summary>Where daemons' configuration lives in an image: only files copied below one of these are read as a
    /// daemon's (an application's <c>COPY . /app</c> brings its own <c>nginx/</c> folder along, which no daemon reads).</summary>
    private static readonly string[] ConfigurationRoots =
    [
        "/etc/", "/usr/local/etc/", "/usr/local/apache2/conf/", "/usr/local/openresty/nginx/conf/", "/usr/local/nginx/conf/",
    ];

    private static readonly string[] Archives = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"];

    private const int MaxFilesPerFolder = 500;

    /// <summary>The context files the image's final stage (or <c>build.target</c>'s) copies into a daemon's configuration
    /// folders, with their path in the image.</summary>
    /// <param name="copied">When given, receives every context file the stage copies, wherever it puts it (an application's
    /// <c>uwsgi.ini</c>, its entrypoint script), that no <c>.dockerignore</c> leaves out, by its path in the image: the files
    /// the service's command may name (<see cref="ComposeService.ContextFiles"/>).</param>
    public static List<ComposeImageFile> Of(ComposeService service, RootedFileSystem fs, ICollection<string> notes, Dictionary<string, ComposeImageFile>? copied = null)
    {
        var found = new List<ComposeImageFile>();
        var build = service.BuildFile(fs);
        if (build is not { Path: { } path, Unseen: null } || service.BuildContext is not { } context)
        {
            return found;
        }

        var stage = build.Target(service);
        if (stage is null)
        {
            if (service.BuildTarget is not null)
            {
                notes.Add($"{build.Shown} (service '{service.Name}'): build.target '{service.BuildTarget}' names no stage of the Dockerfile: the files its image copies are not read");
            }

            return found;
        }

        var ignore = Ignored(fs, context, path);
        string? workdir = null;
        var madeFolders = new HashSet<string>(StringComparer.Ordinal);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (keyword, written0, line) in stage.Instructions)
        {
            if (keyword == "ENV")
            {
                DockerfileText.Assign(env, written0);
                continue;
            }

            var rest = keyword is "WORKDIR" or "COPY" or "ADD" ? Substitute(written0, env) : written0;
            if (keyword == "WORKDIR")
            {
                workdir = rest.Contains('$', StringComparison.Ordinal) || rest.Length == 0 ? null
                    : RootedFileSystem.Normalize(rest.StartsWith('/') ? rest : (workdir ?? "/").TrimEnd('/') + "/" + rest);
                continue;
            }

            if (keyword is not ("COPY" or "ADD"))
            {
                continue;
            }

            var at = $"{fs.DisplayPath(path)}:{line}";
            var words = Words(rest);
            var flags = words.TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)).ToList();
            var operands = words.Skip(flags.Count).ToList();
            if (flags.Any(f => f.StartsWith("--from", StringComparison.Ordinal)) || operands.Count < 2)
            {
                continue;
            }

            if (operands.Any(o => o.StartsWith("<<", StringComparison.Ordinal)) || flags.Any(f => f.StartsWith("--parents", StringComparison.Ordinal) || f.StartsWith("--exclude", StringComparison.Ordinal)))
            {
                notes.Add($"{at}: {keyword} with a heredoc, --parents or --exclude: which files it puts where in service '{service.Name}' is not read");
                continue;
            }

            var written = operands[^1];
            var sources = operands.Take(operands.Count - 1).ToList();
            if (written.Contains('$', StringComparison.Ordinal) || (!written.StartsWith('/') && workdir is null))
            {
                if (Relevant(sources, fs, context))
                {
                    notes.Add($"{at}: {keyword}'s destination '{written}' {(written.Contains('$', StringComparison.Ordinal) ? "holds a variable" : "is relative to a WORKDIR the image inherits")}: where it puts its files in service '{service.Name}' is not known, so they are not read as its configuration");
                }

                continue;
            }

            var dest = RootedFileSystem.Normalize(written.StartsWith('/') ? written : workdir!.TrimEnd('/') + "/" + written);
            var intoFolder = written.EndsWith('/') || sources.Count > 1 || sources.Any(RootedFileSystem.HasWildcard)
                || ImageFolders.Contains(dest, StringComparer.Ordinal) || madeFolders.Contains(dest);
            foreach (var source in sources)
            {
                if (keyword == "ADD" && (source.Contains("://", StringComparison.Ordinal) || source.StartsWith("git@", StringComparison.Ordinal) || Archives.Any(a => source.EndsWith(a, StringComparison.OrdinalIgnoreCase))))
                {
                    continue;
                }

                if (source.Contains('$', StringComparison.Ordinal))
                {
                    notes.Add($"{at}: {keyword}'s source '{source}' holds a variable: what it copies into service '{service.Name}' is not read");
                    continue;
                }

                var full = RootedFileSystem.Normalize(context.TrimEnd('/') + "/" + source.TrimStart('/'));
                if (full != context.TrimEnd('/') && !full.StartsWith(context.TrimEnd('/') + "/", StringComparison.Ordinal))
                {
                    continue;
                }

                var slash = full.LastIndexOf('/');
                if (RootedFileSystem.HasWildcard(full[..slash]))
                {
                    notes.Add($"{at}: {keyword}'s source '{source}' has a wildcard in a folder's name: what it copies into service '{service.Name}' is not read");
                    continue;
                }

                var matched = RootedFileSystem.HasWildcard(full[(slash + 1)..]) ? fs.Glob(full) : [full];
                foreach (var each in matched)
                {
                    switch (fs.TypeOf(each))
                    {
                        case FileType.Regular:
                            var target = intoFolder ? dest.TrimEnd('/') + "/" + Path.GetFileName(each) : dest;
                            Add(found, copied, service, fs, ignore, context, each, target, at, notes);
                            if (intoFolder)
                            {
                                madeFolders.Add(dest);
                            }

                            break;
                        case FileType.Directory:
                            madeFolders.Add(dest);
                            foreach (var file in FilesBelow(fs, each))
                            {
                                Add(found, copied, service, fs, ignore, context, file, dest.TrimEnd('/') + file[each.TrimEnd('/').Length..], at, notes);
                            }

                            break;
                    }
                }
            }
        }

        return found;
    }

    private static void Add(List<ComposeImageFile> found, Dictionary<string, ComposeImageFile>? copied, ComposeService service, RootedFileSystem fs, IReadOnlyList<string>? ignore, string context, string source, string target, string at, ICollection<string> notes)
    {
        var relative = source[(context.TrimEnd('/').Length + 1)..];
        if (copied is not null && ignore is not null && Excluded(ignore, relative) is null)
        {
            // A later copy to the same path replaces the earlier one in the image.
            copied[target] = new ComposeImageFile(source, target, at);
        }

        if (!ConfigurationRoots.Any(r => target.StartsWith(r, StringComparison.Ordinal)))
        {
            return;
        }

        if (ignore is null)
        {
            notes.Add($"{at}: the build context's .dockerignore has exceptions ('!') or '**': whether {fs.DisplayPath(source)} reaches {target} in service '{service.Name}' is not read");
            return;
        }

        if (Excluded(ignore, relative) is { } excluded)
        {
            notes.Add($"{at}: {fs.DisplayPath(source)} is left out of the build context by .dockerignore's '{excluded}'; not read as {target} of service '{service.Name}'");
            return;
        }

        found.RemoveAll(f => f.Target == target);
        found.Add(new ComposeImageFile(source, target, at));
    }

    /// <summary>The text with each <c>$NAME</c> and <c>${NAME}</c> the stage's ENV knows replaced; others are left.</summary>
    private static string Substitute(string text, Dictionary<string, string?> env) =>
        env.Count == 0 || !text.Contains('$', StringComparison.Ordinal) ? text
            : System.Text.RegularExpressions.Regex.Replace(text, @"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))",
                m => env.TryGetValue(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, out var value) && value is not null ? value : m.Value);

    /// <summary>An instruction's operands: the JSON array form (<c>["a", "b"]</c>) or words split at white space.</summary>
    private static List<string> Words(string rest)
    {
        var flags = new List<string>();
        var text = rest;
        while (text.StartsWith("--", StringComparison.Ordinal))
        {
            var end = text.IndexOfAny([' ', '\t']);
            flags.Add(end < 0 ? text : text[..end]);
            text = end < 0 ? string.Empty : text[end..].TrimStart();
        }

        if (DockerfileText.ExecForm(text) is { } exec)
        {
            return flags.Concat(exec).ToList();
        }

        return flags.Concat(text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToList();
    }

    /// <summary>Whether a source the note would be about is a file of the context: an application's copy of the whole
    /// context or one of its folders (<c>COPY . $APP_HOME</c>) is left without a note.</summary>
    private static bool Relevant(List<string> sources, RootedFileSystem fs, string context) =>
        sources.Any(s => !s.Contains('$', StringComparison.Ordinal) && fs.TypeOf(RootedFileSystem.Normalize(context.TrimEnd('/') + "/" + s.TrimStart('/'))) == FileType.Regular);

    private static IEnumerable<string> FilesBelow(RootedFileSystem fs, string folder)
    {
        var queue = new Queue<(string Folder, int Depth)>([(folder, 0)]);
        var count = 0;
        while (queue.Count > 0)
        {
            var (current, depth) = queue.Dequeue();
            foreach (var entry in fs.EnumerateEntries(current))
            {
                if (++count > MaxFilesPerFolder)
                {
                    yield break;
                }

                switch (fs.TypeOf(entry))
                {
                    case FileType.Regular:
                        yield return entry;
                        break;
                    case FileType.Directory when depth < 4:
                        queue.Enqueue((entry, depth + 1));
                        break;
                }
            }
        }
    }

    /// <summary>The patterns of the context's <c>.dockerignore</c> (or <c>Dockerfile.dockerignore</c> beside the Dockerfile,
    /// which BuildKit prefers); empty without one; null when it has an exception (<c>!</c>) or <c>**</c>, whose outcome is
    /// not worked out here.</summary>
    private static IReadOnlyList<string>? Ignored(RootedFileSystem fs, string context, string dockerfile)
    {
        var path = new[] { dockerfile + ".dockerignore", context.TrimEnd('/') + "/.dockerignore" }.FirstOrDefault(p => fs.ReadablePath(p) is not null);
        if (path is null)
        {
            return [];
        }

        var patterns = fs.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return patterns.Any(p => p.StartsWith('!') || p.Contains("**", StringComparison.Ordinal))
            ? null
            : patterns.Select(p => RootedFileSystem.Normalize("/" + p).TrimStart('/')).ToList();
    }

    /// <summary>The <c>.dockerignore</c> pattern that leaves a context file out (matching it or a folder above it), or null.</summary>
    private static string? Excluded(IReadOnlyList<string> patterns, string relative)
    {
        var parts = relative.Split('/');
        foreach (var pattern in patterns)
        {
            var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0)
            {
                return pattern;
            }

            if (segments.Length <= parts.Length && segments.Select((s, i) => GlobMatcher.IsMatch(s, parts[i])).All(m => m))
            {
                return pattern;
            }
        }

        return null;
    }
}

/// <summary>A file of the build context the image holds at <paramref name="Target"/>, copied by the instruction at
/// <paramref name="CopiedAt"/> (the Dockerfile's path and line, for notes).</summary>
public sealed record ComposeImageFile(string Source, string Target, string CopiedAt);
