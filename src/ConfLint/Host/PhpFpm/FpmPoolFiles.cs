using ConfLint.Syntax.PhpFpm;
using ConfLint.Workspace;

namespace ConfLint.Host.PhpFpm;

/// <summary>
/// Which PHP-FPM files php-fpm starts with and which only add to a configuration: php-fpm merges every section of one
/// name across the files its main file includes (fpm_conf_ini_parser_section continues the pool it finds by name), so
/// a pool read from a file of an include folder may be completed by another file of that folder (Debian's www.conf
/// beside an image's <c>zz-docker.conf</c> that only adds <c>catch_workers_output</c> to <c>[www]</c>).
/// </summary>
public static class FpmPoolFiles
{
    /// <summary>A file php-fpm may start with: named php-fpm.conf (where it is read), or including others at the global level.</summary>
    public static bool IsMainFile(ConfigFile file, PhpFpmConfigFile root) =>
        Name(file).Equals("php-fpm.conf", StringComparison.Ordinal)
        || root.Entries.Any(e => e.Key.Equals("include", StringComparison.OrdinalIgnoreCase))
        || root.Sections.Any(s => s.IsGlobal && s.Entries.Any(e => e.Key.Equals("include", StringComparison.OrdinalIgnoreCase)));

    /// <summary>A pool file bind-mounted into a container whose main configuration the tree does not hold (nothing in it
    /// includes the file).</summary>
    public static bool IsMounted(ConfigFile file) =>
        file.Container is not null && !Name(file).Equals("php-fpm.conf", StringComparison.Ordinal);

    /// <summary>
    /// Whether the pools of a file no read file includes may be completed by files ConfLint did not read: it is mounted
    /// into a container beside the image's pool files, or it is no main file (a file of <c>pool.d</c> or
    /// <c>php-fpm.d</c> read on its own). A setting such a pool lacks (<c>listen</c>, <c>pm</c>, <c>user</c>) is then not
    /// missing, only not seen.
    /// </summary>
    public static bool MayBeCompletedElsewhere(ConfigFile file, PhpFpmConfigFile root) =>
        file.IncludedFrom.Count == 0 && (IsMounted(file) || !IsMainFile(file, root));

    /// <summary>The name php-fpm knows the file by: in the container it is mounted into, else its own.</summary>
    public static string Name(ConfigFile file) => Path.GetFileName(file.DaemonPath);
}
