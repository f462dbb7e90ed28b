using ConfLint.Workspace;

namespace ConfLint.Host.Nginx;

/// <summary>
/// The worker user of the nginx build a host runs, which nginx takes when its configuration has no <c>user</c> directive:
/// ngx_core_module_init_conf (src/core/nginx.c) then calls getpwnam(NGX_USER) and getgrnam(NGX_GROUP), the configure
/// <c>--user</c>/<c>--group</c> (default <c>nobody</c>, and <c>nogroup</c> where that group exists), when the master runs
/// as root. Which package the host installed decides it, so the root's evidence of the package comes before its
/// distribution:
/// <list type="bullet">
/// <item>nginx.org's packages (pkg-oss: debian/Makefile, rpm/SPECS/Makefile and alpine/Makefile pass
/// <c>--user=nginx --group=nginx</c>; the official Docker image installs them) ship a unit whose
/// <c>Documentation=https://nginx.org/en/docs/</c> (debian/debian/nginx.service; <c>http://</c> in rpm/SOURCES/nginx.service),
/// are installed from <c>nginx.org/packages</c> (nginx.org/en/linux_packages.html: an APT list or deb822 file, a yum or
/// zypper .repo), make the user <c>nginx</c> with home <c>/nonexistent</c> (debian/debian/nginx.preinst) or
/// <c>/var/cache/nginx</c> (rpm/SPECS/nginx.spec.in, alpine/alpine/nginx.pre-install), and ship
/// <c>/etc/nginx/conf.d/default.conf</c> serving <c>/usr/share/nginx/html</c>, with no <c>sites-enabled</c>.</item>
/// <item>Debian's and Ubuntu's own package passes no <c>--user</c> (debian/rules, common_configure_flags), so nginx's
/// default, <c>nobody</c>, stands (its nginx.conf says <c>user www-data;</c>); its unit says
/// <c>Documentation=man:nginx(8)</c>.</item>
/// <item>Fedora's, RHEL's and its rebuilds' (nginx.spec: <c>--user=%{nginx_user} --group=%{nginx_user}</c>, nginx_user
/// nginx) and Alpine's are <c>nginx</c>; Arch Linux's is <c>http</c> (its nginx.conf ships <c>#user http;</c>).</item>
/// </list>
/// The unit or the package source is the package's own evidence: nginx.org's build then, unless the root also shows
/// Debian's unit (which package is installed is then not shown). The account or the default.conf alone is a hint: where
/// the distribution's package has another user, the build is unknown. The distribution is the one the root's
/// <c>/etc/os-release</c> names (<c>ID</c>, then <c>ID_LIKE</c>); one ConfLint does not know leaves the build unknown.
/// The files are read once per host (a few fixed paths and the package-source folders), not per socket.
/// </summary>
internal static class NginxBuildUser
{
    private static readonly (string Id, string User)[] Packages =
    [
        ("arch", "http"),
        ("fedora", "nginx"),
        ("rhel", "nginx"),
        ("centos", "nginx"),
        ("rocky", "nginx"),
        ("almalinux", "nginx"),
        ("alpine", "nginx"),
        ("debian", "nobody"),
    ];

    private const string NginxOrgPackages = "nginx.org/packages";

    /// <summary>The build user, once per host: <see cref="NginxBuild.User"/> null when the root does not show it.</summary>
    public static NginxBuild Of(HostModel model) =>
        model.Shared("nginx build user", model.Workspace.FileSystem, () => Decide(model.Workspace.FileSystem, model.Accounts));

    private static NginxBuild Decide(RootedFileSystem fs, HostAccounts accounts)
    {
        if (fs.Root is null)
        {
            return NginxBuild.Unknown("no /etc/os-release");
        }

        var (orgUnit, debianUnit) = Units(fs);
        var orgSource = Sources(fs);
        var strong = orgUnit ?? orgSource;
        if (strong is not null && debianUnit is not null)
        {
            return NginxBuild.Unknown($"it shows nginx.org's package ({strong}) and Debian's ({debianUnit}), built without --user");
        }

        if (strong is not null)
        {
            return new NginxBuild("nginx", "nginx", $"nginx.org's package, built with --user=nginx --group=nginx ({strong}); no 'user' directive");
        }

        var distribution = Distribution(fs);
        if (distribution is not var (id, user))
        {
            return NginxBuild.Unknown(DistributionShown(fs)
                ? $"its /etc/os-release names a distribution whose nginx package's --user ConfLint does not know"
                : "no /etc/os-release");
        }

        if (user != "nginx" && debianUnit is null && Hint(fs, accounts) is { } hint)
        {
            return NginxBuild.Unknown($"{hint}, as nginx.org's package makes it, while the {id} nginx package is built {(user == "nobody" ? "without --user" : "with --user=" + user)}");
        }

        return user == "nobody"
            ? new NginxBuild("nobody", accounts.PrimaryGroup("nobody") ?? "nogroup", "nginx's default (no 'user' directive)")
            : new NginxBuild(user, accounts.PrimaryGroup(user) ?? user, $"the {id} nginx package's build user; no 'user' directive");
    }

    /// <summary>Whether the root names its distribution (<c>/etc/os-release</c> with an <c>ID</c>).</summary>
    private static bool DistributionShown(RootedFileSystem fs) =>
        fs.ReadLines("/etc/os-release").Any(l => l.StartsWith("ID=", StringComparison.Ordinal));

    /// <summary>The distribution's package user, and the ID it was found by; null when the root does not name one ConfLint knows.</summary>
    private static (string Id, string User)? Distribution(RootedFileSystem fs)
    {
        string? id = null;
        string? like = null;
        foreach (var line in fs.ReadLines("/etc/os-release"))
        {
            if (line.StartsWith("ID=", StringComparison.Ordinal))
            {
                id = line[3..].Trim().Trim('"', '\'');
            }
            else if (line.StartsWith("ID_LIKE=", StringComparison.Ordinal))
            {
                like = line[8..].Trim().Trim('"', '\'');
            }
        }

        foreach (var candidate in new[] { id }.Concat(like?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []))
        {
            foreach (var (known, user) in Packages)
            {
                if (string.Equals(candidate, known, StringComparison.Ordinal))
                {
                    return (id ?? known, user);
                }
            }
        }

        return null;
    }

    /// <summary>The package's unit (an administrator's copy in /etc/systemd/system says nothing of the package): nginx.org's
    /// when its Documentation= names nginx.org/en/docs, Debian's when it names man:nginx(8). Each as file:line.</summary>
    private static (string? NginxOrg, string? Debian) Units(RootedFileSystem fs)
    {
        string? org = null;
        string? debian = null;
        foreach (var path in new[] { "/lib/systemd/system/nginx.service", "/usr/lib/systemd/system/nginx.service" })
        {
            var number = 0;
            foreach (var line in fs.ReadLines(path))
            {
                number++;
                var text = line.Trim();
                if (!text.StartsWith("Documentation=", StringComparison.Ordinal))
                {
                    continue;
                }

                if (text.Contains("nginx.org/en/docs", StringComparison.Ordinal))
                {
                    org ??= $"{fs.DisplayPath(path)}:{number}: {text}";
                }
                else if (text.Contains("man:nginx(8)", StringComparison.Ordinal))
                {
                    debian ??= $"{fs.DisplayPath(path)}:{number}: {text}";
                }
            }
        }

        return (org, debian);
    }

    /// <summary>An enabled package source on nginx.org/packages, as file:line: a <c>deb</c> line of sources.list or a
    /// .list file, a deb822 .sources stanza (Types: deb, not Enabled: no), a yum or zypper .repo section whose baseurl is
    /// there (not enabled=0: nginx.org's own nginx.repo carries a disabled nginx-mainline section beside nginx-stable).</summary>
    private static string? Sources(RootedFileSystem fs)
    {
        var files = new List<string> { "/etc/apt/sources.list" };
        foreach (var (folder, endings) in new[] { ("/etc/apt/sources.list.d", new[] { ".list", ".sources" }), ("/etc/yum.repos.d", [".repo"]), ("/etc/zypp/repos.d", [".repo"]) })
        {
            if (fs.DirectoryExists(folder))
            {
                files.AddRange(fs.EnumerateEntries(folder).Where(e => endings.Any(end => e.EndsWith(end, StringComparison.Ordinal))).Order(StringComparer.Ordinal)
                    .Select(e => e.StartsWith('/') ? e : folder + "/" + e));
            }
        }

        foreach (var file in files)
        {
            if (file.EndsWith(".list", StringComparison.Ordinal) && AptList(fs, file) is { } list)
            {
                return list;
            }

            if (file.EndsWith(".sources", StringComparison.Ordinal) && Stanzas(fs, file, "URIs", "Enabled", "no", "Types", "deb") is { } sources)
            {
                return sources;
            }

            if (file.EndsWith(".repo", StringComparison.Ordinal) && Stanzas(fs, file, "baseurl", "enabled", "0", null, null) is { } repo)
            {
                return repo;
            }
        }

        return null;
    }

    private static string? AptList(RootedFileSystem fs, string file)
    {
        var number = 0;
        foreach (var line in fs.ReadLines(file))
        {
            number++;
            var text = line.Trim();
            if (text.StartsWith("deb ", StringComparison.Ordinal) && text.Contains(NginxOrgPackages, StringComparison.Ordinal))
            {
                return $"{fs.DisplayPath(file)}:{number}: {text}";
            }
        }

        return null;
    }

    /// <summary>A stanza (deb822, blank-line separated) or section (.repo, [name]) whose <paramref name="urlKey"/> is on
    /// nginx.org/packages, not turned off by <paramref name="enabledKey"/> = <paramref name="off"/>, and, where
    /// <paramref name="typesKey"/> is given, whose types include <paramref name="type"/>.</summary>
    private static string? Stanzas(RootedFileSystem fs, string file, string urlKey, string enabledKey, string off, string? typesKey, string? type)
    {
        string? hit = null;
        var disabled = false;
        var typed = typesKey is null;
        var number = 0;

        string? Close()
        {
            var found = hit is not null && !disabled && typed ? hit : null;
            (hit, disabled, typed) = (null, false, typesKey is null);
            return found;
        }

        foreach (var line in fs.ReadLines(file))
        {
            number++;
            var text = line.Trim();
            if (text.StartsWith('#') || text.StartsWith(';'))
            {
                continue;
            }

            if ((typesKey is not null && text.Length == 0) || (typesKey is null && text.StartsWith('[')))
            {
                if (Close() is { } found)
                {
                    return found;
                }

                continue;
            }

            var colon = typesKey is not null ? text.IndexOf(':') : text.IndexOf('=');
            if (colon <= 0)
            {
                continue;
            }

            var key = text[..colon].Trim();
            var value = text[(colon + 1)..].Trim();
            if (key.Equals(urlKey, StringComparison.OrdinalIgnoreCase) && value.Contains(NginxOrgPackages, StringComparison.Ordinal))
            {
                hit ??= $"{fs.DisplayPath(file)}:{number}: {text}";
            }
            else if (key.Equals(enabledKey, StringComparison.OrdinalIgnoreCase) && value.Equals(off, StringComparison.OrdinalIgnoreCase))
            {
                disabled = true;
            }
            else if (typesKey is not null && key.Equals(typesKey, StringComparison.OrdinalIgnoreCase))
            {
                typed = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(type, StringComparer.Ordinal);
            }
        }

        return Close();
    }

    /// <summary>A hint of nginx.org's package that is not the package's own file: the account nginx.org's preinst makes
    /// (user nginx with home /nonexistent or /var/cache/nginx), or its conf.d/default.conf where no sites-enabled is.</summary>
    private static string? Hint(RootedFileSystem fs, HostAccounts accounts)
    {
        if (accounts.Home("nginx") is "/nonexistent" or "/var/cache/nginx" && accounts.PrimaryGroup("nginx") == "nginx")
        {
            return $"the root has user nginx with home {accounts.Home("nginx")}";
        }

        if (!fs.DirectoryExists("/etc/nginx/sites-enabled") && fs.ReadLines("/etc/nginx/conf.d/default.conf").Any(l => l.Contains("/usr/share/nginx/html", StringComparison.Ordinal)))
        {
            return $"{fs.DisplayPath("/etc/nginx/conf.d/default.conf")} serves /usr/share/nginx/html and there is no /etc/nginx/sites-enabled";
        }

        return null;
    }
}

/// <summary>A build's worker user and group and why; <see cref="User"/> null when the root does not show the build
/// (<see cref="Why"/> then says what is missing or conflicts).</summary>
internal sealed record NginxBuild(string? User, string? Group, string Why)
{
    public static NginxBuild Unknown(string why) => new(null, null, why);
}
