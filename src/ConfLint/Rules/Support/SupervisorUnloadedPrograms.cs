using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Supervisor;
using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// Program files supervisord does not load: a file in the folder of an <c>[include] files</c> glob whose name no glob
/// matches (RHEL's <c>files = supervisord.d/*.ini</c> beside a guide's <c>app.conf</c>, Debian's <c>conf.d/*.conf</c>
/// beside <c>app.ini</c>, <c>app.conf.disabled</c>, <c>.bak</c>, a hidden <c>.app.conf</c>), or a file of a sibling
/// "available" folder that no file of the included folder links to (Open edX's <c>conf.available.d/insights.conf</c>,
/// enabled by a link in <c>conf.d/</c> as the others are, and left without one). supervisord reads the
/// <c>[include]</c> of its main file only (options.py, <c>ServerOptions.read_config</c>): <c>files</c> split on
/// whitespace, each pattern joined to that file's folder and expanded with Python's <c>glob.glob</c> (whose <c>*</c> and
/// <c>?</c> do not match a name's leading dot), the matches read in sorted order; nothing else is read, whatever programs
/// it defines. These files are read here (with the project's supervisord parser, each on its own) only to say which
/// program would listen at an address nothing serves (CL001), never as programs that run: their programs are computed as
/// <see cref="SupervisorBackEnds"/> computes a loaded one's, into a list of their own, and never join the model.
/// </summary>
public static class SupervisorUnloadedPrograms
{
    /// <summary>A program of a file supervisord does not load that would listen at <see cref="Listener"/>.</summary>
    /// <param name="Program">The program as it would run (its process, for <c>numprocs</c>).</param>
    /// <param name="Listener">Where it would listen, and where that is written.</param>
    /// <param name="File">The file's server path.</param>
    /// <param name="Patterns">The <c>[include]</c> globs of the file's folder, none of which matches its name.</param>
    /// <param name="Include">The <c>files</c> line that gives them.</param>
    /// <param name="RenameTo">A name in the same folder that a glob matches and no file holds: the file's with the suffix that
    /// hides it taken off, its leading dot dropped, or its extension swapped for the glob's; null where none is found. For a
    /// file of an "available" folder, the name a link to it in the included folder would take.</param>
    /// <param name="LinkInto">The included folder, where the file is one of a sibling "available" folder that nothing there
    /// links to; null for a file of the included folder itself.</param>
    public sealed record Unloaded(SupervisorBackEnd Program, EndpointSite Listener, string File, IReadOnlyList<string> Patterns, IncludeSite Include, string? RenameTo, string? LinkInto = null);


    /// <summary>A folder's file that no pattern matches, with the patterns of its folder and their <c>files</c> line.</summary>
    internal sealed record Skipped(string Path, IReadOnlyList<string> Patterns, IncludeSite Include, string? RenameTo, string? LinkInto = null);

    /// <summary>The unloaded program that would listen at <paramref name="endpoint"/>, or null. The include folders are
    /// looked at, and their files read, once per host.</summary>
    public static Unloaded? At(HostModel host, Endpoint endpoint)
    {
        if (!endpoint.IsLocal)
        {
            return null;
        }

        foreach (var unloaded in host.Shared("SupervisorUnloadedPrograms", host, () => Find(host)))
        {
            if (unloaded.Listener.Endpoint.Accepts(endpoint))
            {
                return unloaded;
            }
        }

        return null;
    }

    /// <summary>What the file says and why supervisord never runs it: part of CL001's message.</summary>
    public static string Said(Unloaded unloaded) => unloaded.LinkInto is { } folder
        ? $"{unloaded.Program.Describe()} in {unloaded.Program.File.DisplayPath} would listen on {unloaded.Listener.Endpoint.Address}, but supervisord loads only "
            + $"{Patterns(unloaded)} ([include] files in {unloaded.Include.From.DisplayPath}), and no file of {folder} links to it, so it never starts the program"
        : $"{unloaded.Program.Describe()} in {unloaded.Program.File.DisplayPath} would listen on {unloaded.Listener.Endpoint.Address}, but supervisord loads only "
            + $"{Patterns(unloaded)} from that folder ([include] files in {unloaded.Include.From.DisplayPath}), which does not match the file's name, so it never starts the program";

    /// <summary>The advice: rename the file (not a fix: the fix engine edits contents, it does not rename), then have
    /// supervisord read its files again and start what was added.</summary>
    public static string Advice(Unloaded unloaded)
    {
        var file = unloaded.Program.File.DisplayPath;
        if (unloaded.LinkInto is { } folder)
        {
            // Linked, the program runs; or the site sending requests there is the leftover: the files do not say which.
            var link = unloaded.RenameTo is { } name ? $"{folder}/{name}" : $"{folder}/";
            return $"If program '{unloaded.Program.Program}' is meant to run, link its file into the folder supervisord loads (ln -s {unloaded.File} {link}), "
                + "then run supervisorctl reread && supervisorctl update; if it was retired, take the site that sends requests there out of service: which one is meant is not known";
        }

        var rename = unloaded.RenameTo is { } to ? $"rename {file} to {to}" : $"give {file} a name {Patterns(unloaded)} matches";
        return $"If program '{unloaded.Program.Program}' is the one meant, {rename} (supervisord loads only {Patterns(unloaded)} there), then run supervisorctl reread && supervisorctl update";
    }

    private static string Patterns(Unloaded unloaded) => string.Join(" and ", unloaded.Patterns);

    private static List<Unloaded> Find(HostModel host)
    {
        var found = new List<Unloaded>();
        var skipped = SkippedFiles(host.Workspace);
        if (skipped.Count == 0)
        {
            return found;
        }

        var files = new List<ConfigFile>();
        var bySkipped = new Dictionary<ConfigFile, Skipped>(ReferenceEqualityComparer.Instance);
        foreach (var each in skipped)
        {
            if (Parse(host, each.Path) is { } file)
            {
                files.Add(file);
                bySkipped[file] = each;
            }
        }

        foreach (var program in SupervisorBackEnds.Apart(host, files))
        {
            var skip = bySkipped[program.File];
            foreach (var listener in program.Listeners)
            {
                found.Add(new Unloaded(program, listener, skip.Path, skip.Patterns, skip.Include, skip.RenameTo, skip.LinkInto));
            }
        }

        return found;
    }

    /// <summary>The file read and parsed as supervisord's, or null where it cannot be read or does not parse.</summary>
    private static ConfigFile? Parse(HostModel host, string path)
    {
        if (host.Files.Read(path) is not { } source || ConfigParser.Parse(source, ConfigKind.Supervisor).Tree is not { } tree)
        {
            return null;
        }

        return new ConfigFile(path, source.File.Path, source.File.Display, ConfigKind.Supervisor) { Source = source, Tree = tree, Prefix = path[..Math.Max(path.LastIndexOf('/'), 0)] };
    }

    /// <summary>
    /// The files of the include folders that supervisord does not load: for each main file's <c>[include]</c> (an included
    /// file's own <c>[include]</c> is never read), the folders of its patterns whose last part is a glob of <c>*</c> and
    /// <c>?</c> in a folder written out; there, each regular file no pattern matches, and the workspace did not load.
    /// Nothing where a pattern keeps an expansion whose value is not known (<c>%(ENV_X)s</c>, <c>%(host_node_name)s</c>):
    /// what it matches is not known.
    /// </summary>
    internal static List<Skipped> SkippedFiles(ConfigWorkspace workspace)
    {
        var sites = new List<IncludeSite>();
        foreach (var site in workspace.Includes)
        {
            if (site.From.Kind == ConfigKind.Supervisor && site.From.Container is null && site.From.IncludedFrom.Count == 0)
            {
                if (site.Pattern.Contains("%(", StringComparison.Ordinal))
                {
                    return [];
                }

                sites.Add(site);
            }
        }

        var skipped = new List<Skipped>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            if (SimpleFolder(site.Pattern) is not { } folder || !folders.Add(folder))
            {
                continue;
            }

            var patterns = sites.Where(s => SimpleFolder(s.Pattern) == folder).Select(s => s.Pattern).ToList();
            foreach (var path in workspace.FileSystem.EnumerateEntries(folder))
            {
                if (!workspace.FileSystem.FileExists(path) || sites.Any(s => Loads(s.Pattern, path)) || workspace.FindFile(path) is not null)
                {
                    continue;
                }

                skipped.Add(new Skipped(path, patterns, site, RenameTo(workspace.FileSystem, folder, patterns, Path.GetFileName(path))));
            }

            AddAvailable(workspace, folder, patterns, site, skipped);
        }

        return skipped;
    }

    /// <summary>
    /// The files of the included folder's sibling "available" folders (a name holding <c>available</c>: Open edX's
    /// <c>conf.available.d</c> beside <c>conf.d</c>, as Debian's <c>sites-available</c> beside <c>sites-enabled</c>) that
    /// the workspace did not load and no entry of the included folder leads to (a link there that no pattern matches is
    /// that folder's own skipped file). supervisord reads none of them: they are kept to be linked into the included folder.
    /// </summary>
    private static void AddAvailable(ConfigWorkspace workspace, string folder, IReadOnlyList<string> patterns, IncludeSite site, List<Skipped> skipped)
    {
        var fs = workspace.FileSystem;
        var parent = folder.LastIndexOf('/') is > 0 and var slash ? folder[..slash] : "/";
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in fs.EnumerateEntries(folder))
        {
            if (fs.Resolve(entry) is { } resolved)
            {
                linked.Add(resolved);
            }
        }

        foreach (var sibling in fs.EnumerateEntries(parent))
        {
            var name = Path.GetFileName(sibling);
            if (sibling == folder || !name.Contains("available", StringComparison.Ordinal) || name.StartsWith('.') || !fs.DirectoryExists(sibling))
            {
                continue;
            }

            foreach (var path in fs.EnumerateEntries(sibling))
            {
                var file = Path.GetFileName(path);
                if (file.StartsWith('.') || !fs.FileExists(path) || workspace.FindFile(path) is not null || (fs.Resolve(path) is { } real && linked.Contains(real)))
                {
                    continue;
                }

                // The name a link in the included folder would take: the file's own where a pattern matches it.
                var linkName = patterns.Any(p => GlobMatcher.IsMatch(p[(p.LastIndexOf('/') + 1)..], file)) && !fs.FileExists(folder + "/" + file) ? file
                    : RenameTo(fs, folder, patterns, file);
                skipped.Add(new Skipped(path, patterns, site, linkName, folder));
            }
        }
    }

    /// <summary>The folder of a pattern whose last part is a glob of <c>*</c> and <c>?</c> and whose folder is written out
    /// (no wildcard, no <c>[class]</c>, no backslash: Python's fnmatch and glob(3) read those two differently); else null.</summary>
    internal static string? SimpleFolder(string pattern)
    {
        var slash = pattern.LastIndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        var folder = pattern[..slash];
        var last = pattern[(slash + 1)..];
        return folder.IndexOfAny(['*', '?', '[', '\\']) >= 0 || last.IndexOfAny(['[', '\\']) >= 0 || last.IndexOfAny(['*', '?']) < 0 ? null : folder;
    }

    /// <summary>Whether Python's <c>glob.glob(pattern)</c> may return <paramref name="path"/>: part by part, as fnmatch does
    /// with a leading dot matched only where written (<see cref="GlobMatcher"/>, whose rules agree with Python's for
    /// <c>*</c> and <c>?</c>); a part with a <c>[class]</c> or a backslash, which the two read differently, may match.</summary>
    internal static bool Loads(string pattern, string path)
    {
        var wanted = pattern.Split('/');
        var parts = path.Split('/');
        if (wanted.Length != parts.Length)
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (wanted[i].IndexOfAny(['[', '\\']) < 0 && !GlobMatcher.IsMatch(wanted[i], parts[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A name the folder's patterns match and no file of the folder has: <paramref name="name"/> with its hiding
    /// suffixes taken off (<c>app.conf.disabled</c>: <c>app.conf</c>) and its leading dots dropped; failing that, with its
    /// extension swapped for that of the first pattern of the form <c>*.ext</c> (<c>app.conf</c> for <c>*.ini</c>:
    /// <c>app.ini</c>). Null where none is found.</summary>
    internal static string? RenameTo(RootedFileSystem fileSystem, string folder, IReadOnlyList<string> patterns, string name)
    {
        bool Matched(string candidate) => patterns.Any(p => GlobMatcher.IsMatch(p[(p.LastIndexOf('/') + 1)..], candidate));
        var stem = HidingSuffixes.Strip(name.TrimStart('.'), Matched);
        if (!Matched(stem))
        {
            var extension = patterns.Select(p => p[(p.LastIndexOf('/') + 1)..]).FirstOrDefault(p => p.StartsWith("*.", StringComparison.Ordinal) && p.IndexOfAny(['*', '?'], 1) < 0);
            var dot = stem.LastIndexOf('.');
            stem = extension is null || stem.Length == 0 ? stem : (dot > 0 ? stem[..dot] : stem) + extension[1..];
        }

        return stem.Length > 0 && stem != name && Matched(stem) && !fileSystem.FileExists(folder + "/" + stem) ? stem : null;
    }
}
