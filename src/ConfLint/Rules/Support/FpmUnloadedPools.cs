using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Syntax.PhpFpm;

namespace ConfLint.Rules.Support;

/// <summary>
/// Pool files php-fpm does not load: a file in the folder of an <c>include=</c> glob whose name the glob does not match
/// (<c>pool.d/site.conf.disabled</c>, <c>.bak</c>, <c>.orig</c>, <c>.dpkg-old</c>, an editor's <c>~</c>). php-fpm expands
/// <c>include=</c> with glob(3) (fpm_conf.c, fpm_conf_load_ini_file: each path glob returns is parsed, nothing else), so
/// such a file is never read, whatever pools it defines; glob's <c>*</c> does not match a name's leading dot either. So is
/// a pool file in a folder beside the glob's that no <c>include=</c> names (<c>pools-available/</c>, <c>pool.d.disabled/</c>,
/// <c>/etc/php-fpm.d.bak/</c>): a sibling whose name starts with the include folder's stem or names pools or fpm.
/// These files are read here only to say which pool would listen at a socket nothing serves (CL001's advice), never as
/// live pools: only a section's name and an absolute <c>listen</c> path (<c>$pool</c> expanded) are taken from them.
/// </summary>
public static class FpmUnloadedPools
{
    /// <summary>A pool of a file php-fpm does not load that would listen at <see cref="Socket"/>.</summary>
    /// <param name="Pool">The section's name.</param>
    /// <param name="File">The file's server path.</param>
    /// <param name="Pattern">The include glob that does not match it.</param>
    /// <param name="Listen">Where its <c>listen</c> value is written.</param>
    /// <param name="RenameTo">The file's name with the suffix that hides it taken off, where the glob matches that name and
    /// no file holds it; null otherwise.</param>
    /// <param name="Install">The installation whose main file includes the glob.</param>
    /// <param name="MoveInto">The glob's folder, where the file lies in another folder; null where it lies in that one.</param>
    public sealed record Unloaded(string Pool, string Socket, string File, string Pattern, Location Listen, string? RenameTo, PhpInstall Install, string? MoveInto = null);


    /// <summary>The unloaded pool that would listen at <paramref name="endpoint"/> (a socket: <c>/var/run/x.sock</c> and
    /// <c>/run/x.sock</c> are one file, <see cref="HostModel.SocketFile"/>), or null. Every include folder of the host's
    /// installations is looked at once per host.</summary>
    public static Unloaded? At(HostModel host, Endpoint endpoint)
    {
        if (endpoint.Kind != EndpointKind.Unix || endpoint.Path is not { } path || host.PhpInstalls.Count == 0)
        {
            return null;
        }

        var bySocket = host.Shared("FpmUnloadedPools", host, () => Find(host));
        return bySocket.GetValueOrDefault(host.SocketFile(path));
    }

    /// <summary>What the pool's file says and how to bring it back: part of CL001's message.</summary>
    public static string Said(HostModel host, Unloaded unloaded) =>
        $"pool [{unloaded.Pool}] in {host.Files.FileSystem.DisplayPath(unloaded.File)} listens on {unloaded.Socket}, but php-fpm loads only {unloaded.Pattern} (include= in {unloaded.Install.FpmConfig.DisplayPath}), which "
        + (unloaded.MoveInto is null ? "does not match the file's name" : "does not reach the file's folder");

    /// <summary>The advice: rename the file back (not a fix: the fix engine edits contents, it does not rename), then reload.</summary>
    public static string Advice(HostModel host, Unloaded unloaded)
    {
        var service = unloaded.Install.Service is { } unit ? unit.UnitName.EndsWith(".service", StringComparison.Ordinal) ? unit.UnitName[..^8] : unit.UnitName : "php-fpm";
        var file = host.Files.FileSystem.DisplayPath(unloaded.File);
        var rename = unloaded.MoveInto is { } folder ? $"move {file} into {folder} (or link it there) under a name {unloaded.Pattern} matches"
            : unloaded.RenameTo is { } to ? $"rename {file} back to {to}" : $"give {file} a name {unloaded.Pattern} matches";
        return $"If pool [{unloaded.Pool}] is the one meant, {rename} (php-fpm loads only {unloaded.Pattern}), check it with php-fpm -t, then reload {service}";
    }

    private static Dictionary<string, Unloaded> Find(HostModel host)
    {
        var found = new Dictionary<string, Unloaded>(StringComparer.Ordinal);
        // Renaming a file back into a PHP-FPM whose service provably does not start serves nothing: where another
        // installation's does start, such an installation's folders are not looked at (HostModel.ProvablyOff).
        var anyStarts = host.PhpInstalls.Any(i => i.Service is { } s && !host.ProvablyOff(s));
        foreach (var install in host.PhpInstalls)
        {
            if (install.FpmConfig.Tree?.Root is not PhpFpmConfigFile root || (anyStarts && install.Service is { } off && host.ProvablyOff(off)))
            {
                continue;
            }

            var patterns = root.AllEntries().Select(host.Workspace.IncludeAt).OfType<Workspace.IncludeSite>().Select(site => site.Pattern).ToList();
            var included = patterns.Select(pattern => pattern.LastIndexOf('/') is var slash and > 0 ? pattern[..slash] : pattern).ToHashSet(StringComparer.Ordinal);
            foreach (var pattern in patterns)
            {
                AddFolder(host, install, pattern, included, found);
            }
        }

        return found;
    }

    /// <summary>The files of a glob's folder that the glob does not match, and the pools in them with a socket.</summary>
    private static void AddFolder(HostModel host, PhpInstall install, string pattern, HashSet<string> included, Dictionary<string, Unloaded> found)
    {
        var slash = pattern.LastIndexOf('/');
        if (slash <= 0)
        {
            return;
        }

        var folder = pattern[..slash];
        var glob = pattern[(slash + 1)..];
        // Only a glob of * and ? in its last part is matched here as glob(3) would; a [class] or a glob in a folder is not.
        if (folder.IndexOfAny(['*', '?', '[']) >= 0 || glob.IndexOf('[') >= 0 || glob.IndexOfAny(['*', '?']) < 0)
        {
            return;
        }

        foreach (var path in host.Files.FileSystem.EnumerateEntries(folder))
        {
            var name = Path.GetFileName(path);
            if (Loads(glob, name) || !host.Files.Exists(path) || host.Files.Read(path) is not { } text)
            {
                continue;
            }

            foreach (var (pool, socket, start, length) in Listens(text.Text))
            {
                found.TryAdd(host.SocketFile(socket), new Unloaded(pool, socket, path, pattern, HostFiles.At(text, start, length), RenameTo(host, folder, glob, name), install));
            }
        }

        // The folders beside it that hold pools php-fpm never reads. The glob's own folder comes first, so a socket both
        // define is told as the rename there.
        var cut = folder.LastIndexOf('/');
        if (cut <= 0)
        {
            return;
        }

        var parent = folder[..cut];
        var stem = StemOf(folder[(cut + 1)..]);
        foreach (var sibling in host.Files.FileSystem.EnumerateEntries(parent))
        {
            var siblingName = Path.GetFileName(sibling);
            if (included.Contains(sibling) || !IsPoolFolder(siblingName, stem) || !host.Files.FileSystem.DirectoryExists(sibling))
            {
                continue;
            }

            foreach (var path in host.Files.FileSystem.EnumerateEntries(sibling))
            {
                if (!host.Files.Exists(path) || host.Files.Read(path) is not { } text)
                {
                    continue;
                }

                foreach (var (pool, socket, start, length) in Listens(text.Text))
                {
                    found.TryAdd(host.SocketFile(socket), new Unloaded(pool, socket, path, pattern, HostFiles.At(text, start, length), null, install, folder));
                }
            }
        }
    }

    /// <summary>A folder's name without its <c>.d</c>: <c>pool</c> of <c>pool.d</c>, <c>php-fpm</c> of <c>php-fpm.d</c>.</summary>
    private static string StemOf(string name) => name.EndsWith(".d", StringComparison.Ordinal) && name.Length > 2 ? name[..^2] : name;

    /// <summary>Whether a folder beside the include folder is one of pools set aside: its name starts with the include
    /// folder's stem (<c>pool.d.disabled</c>, <c>php-fpm.d.bak</c>) or names pools or fpm (<c>pools-available</c>).</summary>
    internal static bool IsPoolFolder(string name, string stem) =>
        (stem.Length >= 3 && name.StartsWith(stem, StringComparison.OrdinalIgnoreCase))
        || name.Contains("pool", StringComparison.OrdinalIgnoreCase) || name.Contains("fpm", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether glob(3) matches <paramref name="name"/> with <paramref name="glob"/> (no leading dot matched by a
    /// wildcard), as php-fpm's include does.</summary>
    internal static bool Loads(string glob, string name) => Workspace.GlobMatcher.IsMatch(glob, name);

    /// <summary>The name with hiding suffixes taken off (<c>site.conf.disabled</c>: <c>site.conf</c>) where the glob
    /// matches it and no file of the folder has it.</summary>
    private static string? RenameTo(HostModel host, string folder, string glob, string name)
    {
        var stem = HidingSuffixes.Strip(name, candidate => Loads(glob, candidate));
        return stem != name && Loads(glob, stem) && !host.Files.FileSystem.FileExists(folder + "/" + stem) ? stem : null;
    }

    /// <summary>Each pool section's absolute <c>listen</c> socket in a file's text, with where its value is written: the
    /// ini lines php-fpm reads (<c>[name]</c>, <c>key = value</c>, <c>;</c> comments), no more.</summary>
    internal static IEnumerable<(string Pool, string Socket, int Start, int Length)> Listens(string text)
    {
        string? section = null;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var end = text.IndexOf('\n', lineStart);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text[lineStart..end].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                section = trimmed[1..^1].Trim();
            }
            else if (section is not null && !section.Equals("global", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith(';') && !trimmed.StartsWith('#')
                && line.IndexOf('=') is var equals and > 0 && line[..equals].Trim() == "listen")
            {
                var raw = line[(equals + 1)..];
                var value = raw.Trim().Trim('"', '\'').Replace("$pool", section, StringComparison.Ordinal);
                if (value.StartsWith('/'))
                {
                    var offset = raw.Length - raw.TrimStart().Length;
                    yield return (section, value, lineStart + equals + 1 + offset, raw.Trim().Length);
                }
            }

            lineStart = end + 1;
        }
    }
}
