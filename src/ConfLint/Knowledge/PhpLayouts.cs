using System.Text.RegularExpressions;

namespace ConfLint.Knowledge;

/// <summary>
/// Where one PHP installation keeps its files, as its build and package put them: PHP-FPM's main file, the prefix its
/// relative <c>include=</c> patterns start from (php-fpm's <c>-p</c>, else the build's <c>--prefix</c>), the php.ini
/// and scan folder it reads (<c>--with-config-file-path</c>, <c>--with-config-file-scan-dir</c>), its version when
/// the layout names it, and the names its binary and systemd service have.
/// </summary>
/// <param name="Layout">The layout's name, for messages: "Debian", "RHEL", "Remi", "Alpine", "php image".</param>
/// <param name="FpmConfig">The main php-fpm.conf (a server path).</param>
/// <param name="Prefix">The folder relative <c>include=</c> patterns start from.</param>
/// <param name="Ini">The php.ini PHP-FPM reads, or null when the build reads none.</param>
/// <param name="ScanDir">The folder whose <c>*.ini</c> files are read after php.ini, or null.</param>
/// <param name="Version">The PHP version the path names (<c>8.2</c>), or null.</param>
/// <param name="Binaries">The php-fpm binaries that read this file without <c>-y</c> (full paths or base names).</param>
/// <param name="Services">The systemd services the packages install for it.</param>
public sealed record PhpInstallPaths(
    string Layout,
    string FpmConfig,
    string Prefix,
    string? Ini,
    string? ScanDir,
    string? Version,
    IReadOnlyList<string> Binaries,
    IReadOnlyList<string> Services)
{
    /// <summary>The folder the packages make for the pools' sockets, where they make one: Debian's and Ubuntu's
    /// <c>/run/php</c> (each php<i>X.Y</i>-fpm package's tmpfiles.d file, <c>d /run/php 0755 www-data www-data</c>), Fedora's
    /// and RHEL's <c>/run/php-fpm</c> (the package's folder and its unit's <c>RuntimeDirectory=php-fpm</c>), Remi's
    /// <c>/var/opt/remi/phpNN/run/php-fpm</c> (a folder of the package); null for the others.</summary>
    public string? RunFolder { get; init; }
}

/// <summary>
/// The PHP installation layouts ConfLint discovers under a root. Each has a glob of its main php-fpm.conf (what
/// discovery looks for) and, from a path that glob matched, the installation's other paths. Facts from the packages:
/// Debian and Ubuntu (php-fpm<i>X.Y</i>, <c>/etc/php/X.Y/fpm</c>), RHEL and Fedora (<c>/etc/php-fpm.conf</c>,
/// <c>/etc/php.ini</c>, <c>/etc/php.d</c>), Remi's collections (<c>/etc/opt/remi/phpNN</c>, binary under
/// <c>/opt/remi/phpNN/root/usr</c>), Alpine (<c>/etc/phpNN</c>, binary php-fpmNN), the official php container image
/// (built with prefix <c>/usr/local</c>: <c>/usr/local/etc/php-fpm.conf</c>, <c>PHP_INI_DIR=/usr/local/etc/php</c>
/// with <c>conf.d</c>), aaPanel (<c>/www/server/php/NN</c>, the panel's own build), Plesk (<c>/opt/plesk/php/X.Y</c>),
/// cPanel's EasyApache (<c>/opt/cpanel/ea-phpNN/root</c>), the LNMP one-click builds (<c>/usr/local/php</c>) and Arch
/// Linux (<c>/etc/php/php-fpm.conf</c> with <c>/etc/php/php.ini</c> and <c>conf.d</c>, binary <c>/usr/bin/php-fpm</c>;
/// php-legacy's under <c>/etc/php-legacy</c>).
/// </summary>
public static partial class PhpLayouts
{
    private sealed record Layout(string Name, string Glob, Regex Match, Func<Match, PhpInstallPaths> Paths);

    private static readonly Layout[] All =
    [
        new("Debian", "/etc/php/*/fpm/php-fpm.conf", DebianPath(), m =>
        {
            var v = m.Groups["v"].Value;
            return new("Debian", m.Value, "/usr", $"/etc/php/{v}/fpm/php.ini", $"/etc/php/{v}/fpm/conf.d", v, [$"php-fpm{v}"], [$"php{v}-fpm.service"]) { RunFolder = "/run/php" };
        }),
        new("Debian", "/etc/php5/fpm/php-fpm.conf", Php5Path(), m =>
            new("Debian", m.Value, "/usr", "/etc/php5/fpm/php.ini", "/etc/php5/fpm/conf.d", "5", ["php5-fpm"], ["php5-fpm.service"])),
        new("Arch", "/etc/php/php-fpm.conf", ArchPath(), m =>
            new("Arch", m.Value, "/usr", "/etc/php/php.ini", "/etc/php/conf.d", null, ["/usr/bin/php-fpm"], ["php-fpm.service"])),
        new("Arch", "/etc/php-legacy/php-fpm.conf", ArchLegacyPath(), m =>
            new("Arch", m.Value, "/usr", "/etc/php-legacy/php.ini", "/etc/php-legacy/conf.d", null, ["/usr/bin/php-fpm-legacy"], ["php-fpm-legacy.service"])),
        new("RHEL", "/etc/php-fpm.conf", RhelPath(), m =>
            new("RHEL", m.Value, "/usr", "/etc/php.ini", "/etc/php.d", null, ["/usr/sbin/php-fpm"], ["php-fpm.service"]) { RunFolder = "/run/php-fpm" }),
        new("Remi", "/etc/opt/remi/php*/php-fpm.conf", RemiPath(), m =>
        {
            var n = m.Groups["n"].Value;
            return new("Remi", m.Value, $"/opt/remi/php{n}/root/usr", $"/etc/opt/remi/php{n}/php.ini", $"/etc/opt/remi/php{n}/php.d", Dotted(n),
                [$"/opt/remi/php{n}/root/usr/sbin/php-fpm"], [$"php{n}-php-fpm.service"]) { RunFolder = $"/var/opt/remi/php{n}/run/php-fpm" };
        }),
        new("Alpine", "/etc/php*/php-fpm.conf", AlpinePath(), m =>
        {
            var n = m.Groups["n"].Value;
            return new("Alpine", m.Value, "/usr", $"/etc/php{n}/php.ini", $"/etc/php{n}/conf.d", Dotted(n), [$"php-fpm{n}"], [$"php-fpm{n}.service"]);
        }),
        new("php image", "/usr/local/etc/php-fpm.conf", LocalPath(), m =>
            new("php image", m.Value, "/usr/local", "/usr/local/etc/php/php.ini", "/usr/local/etc/php/conf.d", null, ["/usr/local/sbin/php-fpm"], ["php-fpm.service"])),
        new("aaPanel", "/www/server/php/*/etc/php-fpm.conf", PanelPath(), m =>
        {
            var n = m.Groups["n"].Value;
            return new("aaPanel", m.Value, $"/www/server/php/{n}", $"/www/server/php/{n}/etc/php.ini", null, Dotted(n), [$"/www/server/php/{n}/sbin/php-fpm"], []);
        }),
        new("Plesk", "/opt/plesk/php/*/etc/php-fpm.conf", PleskPath(), m =>
        {
            var v = m.Groups["v"].Value;
            return new("Plesk", m.Value, $"/opt/plesk/php/{v}", $"/opt/plesk/php/{v}/etc/php.ini", $"/opt/plesk/php/{v}/etc/php.d", v,
                [$"/opt/plesk/php/{v}/sbin/php-fpm"], [$"plesk-php{v.Replace(".", string.Empty, StringComparison.Ordinal)}-fpm.service"]);
        }),
        new("cPanel", "/opt/cpanel/ea-php*/root/etc/php-fpm.conf", CpanelPath(), m =>
        {
            var n = m.Groups["n"].Value;
            return new("cPanel", m.Value, $"/opt/cpanel/ea-php{n}/root/usr", $"/opt/cpanel/ea-php{n}/root/etc/php.ini", $"/opt/cpanel/ea-php{n}/root/etc/php.d", Dotted(n),
                [$"/opt/cpanel/ea-php{n}/root/usr/sbin/php-fpm"], [$"ea-php{n}-php-fpm.service"]);
        }),
        new("LNMP", "/usr/local/php/etc/php-fpm.conf", LnmpPath(), m =>
            new("LNMP", m.Value, "/usr/local/php", "/usr/local/php/etc/php.ini", null, null, ["/usr/local/php/sbin/php-fpm"], ["php-fpm.service"])),
    ];

    /// <summary>The globs of main php-fpm.conf files to look for under a root.</summary>
    public static IEnumerable<string> FpmConfigGlobs => All.Select(l => l.Glob);

    /// <summary>The installation whose main php-fpm.conf is at <paramref name="fpmConfig"/>, or null for a path no layout knows.</summary>
    public static PhpInstallPaths? ForFpmConfig(string fpmConfig)
    {
        foreach (var layout in All)
        {
            if (layout.Match.Match(fpmConfig) is { Success: true } match)
            {
                return layout.Paths(match);
            }
        }

        return null;
    }

    /// <summary>A version written without its dot, as Remi, Alpine, aaPanel and cPanel name folders: <c>81</c> is 8.1.</summary>
    private static string Dotted(string digits) => digits.Length >= 2 ? digits[..1] + "." + digits[1..] : digits;

    [GeneratedRegex(@"^/etc/php/(?<v>\d+\.\d+)/fpm/php-fpm\.conf$")]
    private static partial Regex DebianPath();

    [GeneratedRegex(@"^/etc/php5/fpm/php-fpm\.conf$")]
    private static partial Regex Php5Path();

    [GeneratedRegex(@"^/etc/php/php-fpm\.conf$")]
    private static partial Regex ArchPath();

    [GeneratedRegex(@"^/etc/php-legacy/php-fpm\.conf$")]
    private static partial Regex ArchLegacyPath();

    [GeneratedRegex(@"^/etc/php-fpm\.conf$")]
    private static partial Regex RhelPath();

    [GeneratedRegex(@"^/etc/opt/remi/php(?<n>\d{2,3})/php-fpm\.conf$")]
    private static partial Regex RemiPath();

    [GeneratedRegex(@"^/etc/php(?<n>\d{1,3})/php-fpm\.conf$")]
    private static partial Regex AlpinePath();

    [GeneratedRegex(@"^/usr/local/etc/php-fpm\.conf$")]
    private static partial Regex LocalPath();

    [GeneratedRegex(@"^/www/server/php/(?<n>\d{2,3})/etc/php-fpm\.conf$")]
    private static partial Regex PanelPath();

    [GeneratedRegex(@"^/opt/plesk/php/(?<v>\d+\.\d+)/etc/php-fpm\.conf$")]
    private static partial Regex PleskPath();

    [GeneratedRegex(@"^/opt/cpanel/ea-php(?<n>\d{2,3})/root/etc/php-fpm\.conf$")]
    private static partial Regex CpanelPath();

    [GeneratedRegex(@"^/usr/local/php/etc/php-fpm\.conf$")]
    private static partial Regex LnmpPath();
}
