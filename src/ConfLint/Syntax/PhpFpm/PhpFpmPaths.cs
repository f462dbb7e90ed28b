using ConfLint.Syntax.Systemd;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// Where PHP-FPM 8.2 puts the paths a pool names once <c>fpm_conf_process_all_pools</c> has run (php-src
/// <c>sapi/fpm/fpm/fpm_conf.c</c>), shared by CL000's checks and the host model so that both compare the addresses
/// php-fpm binds. A relative path is taken from the pool's <c>prefix</c>, else the global prefix (php-fpm's <c>-p</c>),
/// else the prefix the binary was built with (<c>PHP_PREFIX</c>: <c>/usr</c> for Debian's and RHEL's packages,
/// <c>/opt/plesk/php/X.Y</c>, <c>/opt/remi/phpNN/root/usr</c>, <c>/usr/local</c> for the php image): that is
/// <c>fpm_evaluate_full_path</c>, which joins with one <c>/</c> and normalizes nothing (<c>../x.sock</c> stays in the
/// path, and php-fpm compares pools' addresses with strcmp).
/// </summary>
/// <remarks>
/// Resolved the same way: a relative <c>listen</c> that is a Unix socket, <c>access.log</c>, <c>slowlog</c>,
/// <c>chdir</c> (from the pool's prefix, not from the chroot: php-fpm then looks for it under the chroot) and
/// <c>chroot</c> (where a leading <c>$prefix</c> is the prefix itself). A relative pool <c>prefix</c> is taken from the
/// global prefix; an empty one (<c>prefix =</c>) stays empty, and a relative path then becomes <c>/path</c>.
/// <c>pm.status_listen</c> makes a pool of its own without a prefix: its relative socket is taken from the global
/// prefix. <c>$pool</c> is expanded before any of this (<c>fpm_conf_set_string</c>).
/// </remarks>
public static class PhpFpmPaths
{
    /// <summary>Stands for a global prefix ConfLint cannot know (a php-fpm.conf in no known layout). A path resolved
    /// from it starts with this text: two such paths are still equal exactly when php-fpm's are (one php-fpm has one
    /// prefix), but neither is a path of the host (<see cref="IsKnown"/>).</summary>
    public const string UnknownPrefix = "\0PHP_PREFIX";

    private const string PrefixToken = "$prefix";

    /// <summary>Whether a resolved path is a path of the host: absolute, and not taken from an unknown prefix.</summary>
    public static bool IsKnown(string path) => path.StartsWith('/');

    /// <summary>The global prefix of one php-fpm: its <c>-p</c>/<c>--prefix</c> option (fpm_globals.prefix), else the
    /// prefix it was built with, else <see cref="UnknownPrefix"/>.</summary>
    public static string GlobalPrefix(string? option, string? compiled) =>
        option is { Length: > 0 } ? option : compiled is { Length: > 0 } ? compiled : UnknownPrefix;

    /// <summary>The <c>-p</c>/<c>--prefix</c> a php-fpm command passes (php_getopt takes <c>-p X</c>, <c>-pX</c>,
    /// <c>--prefix X</c> and <c>--prefix=X</c>; the last wins), or null.</summary>
    public static string? PrefixOption(SystemdCommand command) =>
        command.OptionValues("--prefix", "-p").LastOrDefault().Value;

    /// <summary>
    /// <c>fpm_sockets_domain_from_address</c>: an address with a <c>:</c>, or of digits only (the empty one too), is
    /// TCP; anything else is a Unix socket path, relative or not.
    /// </summary>
    public static bool IsUnixAddress(string address) =>
        !address.Contains(':', StringComparison.Ordinal) && address.AsSpan().ContainsAnyExceptInRange('0', '9');

    /// <summary>The pool's <c>prefix</c> as fpm_conf_process_all_pools leaves it: a relative one taken from the global
    /// prefix (<c>fpm_evaluate_full_path(&amp;prefix, NULL, NULL, 0)</c>), an empty one left empty; null when unset.</summary>
    /// <param name="value">The value with <c>$pool</c> expanded, or null.</param>
    public static string? PoolPrefix(string? value, string globalPrefix) =>
        string.IsNullOrEmpty(value) ? value : FullPath(value, poolPrefix: null, globalPrefix, inPool: false)!;

    /// <summary>
    /// A pool's <c>listen</c> as php-fpm binds and compares it: a relative Unix socket path taken from the pool's prefix
    /// (else the global one); a TCP address as written.
    /// </summary>
    /// <param name="listen">The value with <c>$pool</c> expanded.</param>
    /// <param name="poolPrefix">The pool's prefix as <see cref="PoolPrefix"/> returns it, or null.</param>
    public static string Listen(string listen, string? poolPrefix, string globalPrefix) =>
        listen.Length > 0 && listen[0] != '/' && IsUnixAddress(listen) ? FullPath(listen, poolPrefix, globalPrefix, inPool: true)! : listen;

    /// <summary>A pool's <c>access.log</c>, <c>slowlog</c> or <c>chdir</c>: a relative path taken from the pool's prefix.</summary>
    public static string PoolPath(string path, string? poolPrefix, string globalPrefix) =>
        path.Length == 0 ? path : FullPath(path, poolPrefix, globalPrefix, inPool: true)!;

    /// <summary>A pool's <c>chroot</c>: as <see cref="PoolPath"/>, and a leading <c>$prefix</c> stands for the prefix
    /// (<c>$prefix/jail</c> is <c>PREFIX//jail</c>); null where php-fpm refuses <c>$prefix</c> elsewhere in the value
    /// ("'$prefix' must be use at the beginning of the value").</summary>
    public static string? Chroot(string path, string? poolPrefix, string globalPrefix) =>
        path.Length == 0 ? path : FullPath(path, poolPrefix, globalPrefix, inPool: true, expand: true);

    /// <summary>
    /// <c>fpm_evaluate_full_path</c>: an absolute path as it is; else <c>PREFIX/path</c> with the pool's prefix when it is
    /// set (even empty), else the global one; a result still relative (a relative prefix) is evaluated once more
    /// without the pool, as php-fpm does. Null only for a misplaced <c>$prefix</c> when <paramref name="expand"/> is set.
    /// </summary>
    private static string? FullPath(string path, string? poolPrefix, string globalPrefix, bool inPool, bool expand = false)
    {
        while (true)
        {
            if (path.StartsWith('/'))
            {
                return path;
            }

            var prefix = inPool && poolPrefix is not null ? poolPrefix : globalPrefix;
            string? rest = path;
            if (expand && path.IndexOf(PrefixToken, StringComparison.Ordinal) is var at and >= 0)
            {
                if (at != 0)
                {
                    return null;
                }

                rest = path.Length > PrefixToken.Length ? path[PrefixToken.Length..] : null;
            }

            var full = rest is null ? prefix : prefix + "/" + rest;
            if (full.StartsWith('/') || !inPool || full.StartsWith(UnknownPrefix, StringComparison.Ordinal))
            {
                return full;
            }

            (path, inPool) = (full, false);
        }
    }
}
