using System.Text.RegularExpressions;
using ConfLint.Knowledge;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Workspace;

/// <summary>
/// A Debian or Ubuntu PHP version that was removed but not purged. <c>apt remove php8.1-fpm</c> keeps the package's
/// conffiles (<c>/etc/php/8.1/fpm/php-fpm.conf</c>, <c>pool.d/www.conf</c>; php.ini is kept by ucf) until
/// <c>purge</c>, takes the unit file <c>/lib/systemd/system/php8.1-fpm.service</c> away with the package, and the
/// <c>postrm</c> that debhelper's <c>dh_installsystemd</c> writes masks the name on <c>remove</c>
/// (<c>deb-systemd-helper mask</c>: <c>/etc/systemd/system/php8.1-fpm.service -&gt; /dev/null</c>); dpkg then lists
/// the package as <c>deinstall ok config-files</c>. No php-fpm reads such a folder: its pools listen nowhere.
/// <para>
/// The evidence, for <c>/etc/php/X.Y/fpm</c> (Debian's layout only, whose service is <c>phpX.Y-fpm.service</c>):
/// the service is masked (a link to <c>/dev/null</c> or an empty file: systemd's <c>unit_file_load()</c> refuses it
/// whatever starts it); or it has no unit file while the distribution's unit folder holds another version's
/// <c>phpA.B-fpm.service</c> (the root is an installed system whose PHP-FPM units were carried: a repository tree of
/// <c>/etc/php</c> and <c>/etc/nginx</c>, or a container without systemd, shows no such thing, and there a missing
/// unit proves nothing); or it has no unit file while a link in a <c>.wants/</c> folder of <c>/etc/systemd/system</c>
/// still enables it (the link dangles: <c>remove</c> takes the unit file, only <c>purge</c> the links), the distribution's
/// unit folder holds units and the package's binary (<c>/usr/sbin/php-fpmX.Y</c>) is not there; or dpkg's status file lists <c>phpX.Y-fpm</c> with its configuration files only. A service,
/// or a supervisord program, that runs that version's php-fpm (its binary <c>php-fpmX.Y</c>, or <c>-y</c>/
/// <c>--fpm-config</c> naming its php-fpm.conf) outweighs all of these: the version then runs.
/// </para>
/// </summary>
internal static partial class LeftoverPhp
{
    [GeneratedRegex(@"^php\d+(\.\d+)?-fpm\.service$")]
    private static partial Regex DebianFpmService();

    /// <summary>
    /// Why the installation is the leftover of a removed package and not running (for the note that says so), or
    /// null when it may run: not Debian's layout, no evidence, no root (a repository has no installed system), or a
    /// service or supervisord program that starts it.
    /// </summary>
    /// <param name="units">Every unit of the root (masked ones included), as <see cref="UnitResolver.Units"/> lists them.</param>
    /// <param name="masked">The service, where the package is installed and its administrator masked it (<c>systemctl
    /// unmask</c> would start it again); null otherwise.</param>
    public static string? Why(RootedFileSystem fs, UnitResolver resolver, IReadOnlyList<UnitFileSet> units, PhpInstallPaths install, out string? masked)
    {
        masked = null;
        if (fs.Root is null || install.Layout != "Debian" || install.Services is not [var service])
        {
            return null;
        }

        var unit = resolver.Find(service);
        if (unit is { IsMasked: false })
        {
            return null;
        }

        var package = service[..^".service".Length];
        var status = DpkgStatus.StatusOf(fs, package);
        string? why;
        if (unit is not null)
        {
            // An installed package masked by its administrator is not started either, but is no leftover.
            masked = IsInstalled(fs, status, service) ? service : null;
            why = masked is not null
                ? $"{service} is masked, so systemd does not start it"
                : $"leftover configuration of a removed package ({service} is masked)";
        }
        else if (status is { } listed && listed.EndsWith(" config-files", StringComparison.Ordinal))
        {
            why = $"leftover configuration of a removed package (dpkg lists {package} as '{listed}')";
        }
        else if (status is null && units.FirstOrDefault(u => IsOtherVersionsUnit(u, service)) is { } other)
        {
            why = $"leftover configuration of a removed package ({service} has no unit file, while {other.Path} is installed)";
        }
        else if (status is null && DanglingEnablement(fs, service) is { } link && units.Any(IsVendorUnit) && !install.Binaries.Any(b => fs.FileExists("/usr/sbin/" + b)))
        {
            why = $"leftover configuration of a removed package ({service} has no unit file, while {link} still enables it: the package's removal leaves its enablement links, which only a purge takes away)";
        }
        else
        {
            why = null;
        }

        if (why is null || StartedElsewhere(fs, units, install))
        {
            masked = null;
            return null;
        }

        return why;
    }

    /// <summary>
    /// The service a masked PHP-FPM installation's package installed, where <paramref name="fpmConfig"/> (a php-fpm.conf not
    /// read as running) is such an installation's: its layout's one service is among the root's masked units
    /// (<see cref="ConfigWorkspace.MaskedUnits"/>) and its package is installed (<c>systemctl unmask</c> would start it
    /// again); null for a removed package's leftover. Worked out from the one record of masked units and the layout's
    /// service names, as <see cref="Why"/> does.
    /// </summary>
    public static string? MaskedService(ConfigWorkspace workspace, string fpmConfig)
    {
        if (PhpLayouts.ForFpmConfig(fpmConfig) is not { Services: [var service] })
        {
            return null;
        }

        foreach (var unit in workspace.MaskedUnits)
        {
            if (unit.Name == service)
            {
                var fs = workspace.FileSystem;
                return IsInstalled(fs, DpkgStatus.StatusOf(fs, service[..^".service".Length]), service) ? service : null;
            }
        }

        return null;
    }

    /// <summary>Whether the package of a masked <paramref name="service"/> is installed: dpkg's status says so, or its unit
    /// file is in a unit folder of the distribution.</summary>
    private static bool IsInstalled(RootedFileSystem fs, string? status, string service) =>
        (status is { } installed && installed.EndsWith(" installed", StringComparison.Ordinal)) || UnitSearchPath.Vendor.Any(f => fs.FileExists(f + service));

    /// <summary>A unit in a unit folder of the distribution (<c>/lib/systemd/system</c>): the root is an installed system whose
    /// packages' units were carried.</summary>
    private static bool IsVendorUnit(UnitFileSet unit) =>
        UnitSearchPath.Vendor.Any(f => unit.Path.StartsWith(f, StringComparison.Ordinal));

    /// <summary>
    /// The enablement link of <paramref name="service"/> in a <c>.wants/</c> or <c>.requires/</c> folder of
    /// <c>/etc/systemd/system</c> that dangles (its target, a file of that name, is gone), or null. <c>systemctl enable</c>
    /// made it from the unit's <c>[Install] WantedBy=</c>; debhelper's <c>postrm</c> (autoscripts/postrm-systemd) runs
    /// <c>deb-systemd-helper purge</c>, which removes such links, on <c>purge</c> only, while <c>remove</c> takes the unit
    /// file away with the package: a link that outlives its own unit file is a removed package's.
    /// </summary>
    private static string? DanglingEnablement(RootedFileSystem fs, string service)
    {
        const string folder = "/etc/systemd/system";
        if (!fs.DirectoryExists(folder))
        {
            return null;
        }

        foreach (var path in fs.EnumerateEntries(folder))
        {
            var name = path[(path.LastIndexOf('/') + 1)..];
            if (!UnitResolver.IsDependencyFolder(name))
            {
                continue;
            }

            var link = path + "/" + service;
            if (fs.LinkTargetOf(link) is { } target && target[(target.LastIndexOf('/') + 1)..] == service && fs.Resolve(link) is null)
            {
                return link;
            }
        }

        return null;
    }

    /// <summary>Another Debian PHP version's service, in a unit folder of the distribution and not masked.</summary>
    private static bool IsOtherVersionsUnit(UnitFileSet unit, string service) =>
        unit.Name != service && !unit.IsMasked && DebianFpmService().IsMatch(unit.Name)
        && IsVendorUnit(unit);

    /// <summary>Whether a unit that systemd would start (not masked) or a supervisord program runs this installation's
    /// php-fpm: a command word that is its binary, or <c>-y</c>/<c>--fpm-config</c> naming its php-fpm.conf. Only the
    /// files that mention php-fpm are read line by line.</summary>
    /// <param name="except">A unit left out (the installation's own service, where the question is what else runs it).</param>
    internal static bool StartedElsewhere(RootedFileSystem fs, IReadOnlyList<UnitFileSet> units, PhpInstallPaths install, string? except = null)
    {
        foreach (var unit in units.Where(u => !u.IsMasked && !u.IsTemplate && u.Name != except))
        {
            if (unit.Files.Any(path => fs.FileContains(path, "php-fpm"u8) && Runs(fs.ReadLines(path), "ExecStart", install)))
            {
                return true;
            }
        }

        // The supervisord files discovery reads: Debian's and RHEL's main files and their include folders.
        return WorkspaceDiscovery.SupervisorFiles.SelectMany(f => (string[])[f.Main, f.Folder]).SelectMany(pattern => fs.Glob(pattern)).Distinct(StringComparer.Ordinal)
            .Any(path => fs.FileExists(path) && fs.FileContains(path, "php-fpm"u8) && Runs(fs.ReadLines(path), "command", install));
    }

    /// <summary>Whether a line <c>KEY=...</c> (systemd's <c>ExecStart=</c>, supervisord's <c>command =</c>) runs the
    /// installation's php-fpm. Words are split on blanks; quotes around a word are dropped.</summary>
    private static bool Runs(IEnumerable<string> lines, string key, PhpInstallPaths install)
    {
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith(key, StringComparison.Ordinal) || trimmed[key.Length..].TrimStart() is not ['=', .. var rest])
            {
                continue;
            }

            var words = rest.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('"', '\'')).ToList();
            for (var i = 0; i < words.Count; i++)
            {
                // ExecStart='s prefixes (@, -, :, +, !) stand before the program.
                var program = words[i].TrimStart('-', '@', ':', '+', '!');
                if (WorkspaceDiscovery.FpmConfigAt(words, i)?.Trim('"', '\'') == install.FpmConfig
                    || install.Binaries.Contains(program[(program.LastIndexOf('/') + 1)..], StringComparer.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
