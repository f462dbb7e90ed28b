using ConfLint.Host;
using ConfLint.Host.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Targets in the form Debian's uwsgi package gives its applications' sockets, <c>/run/uwsgi/app/NAME/socket</c>: the
/// init script (<c>/usr/share/uwsgi/init/specific_daemon</c>) makes the folder <c>/run/uwsgi/app/NAME</c> for each file
/// <c>/etc/uwsgi/apps-enabled/NAME.EXT</c> it starts (NAME is the file's name without its extension, <c>extract_confname</c>
/// of the path without it), and the package's inherited <c>default.ini</c> puts the socket there. Such a target names an
/// application. Where none of that name is enabled, it is meant for the one enabled application named for it
/// (<c>weblate</c> and <c>weblate.uwsgi.ini</c>), or, with no such one, for the only application the script starts; where
/// a file of that name is only in <c>/etc/uwsgi/apps-available</c>, the application was never enabled.
/// </summary>
public static class DebianUwsgiTargets
{
    /// <summary>The extensions of the files the init script starts (<c>UWSGI_CONFFILE_TYPES</c> of its snippets).</summary>
    private static readonly string[] Extensions = [".db", ".ini", ".js", ".json", ".sqlite", ".sqlite3", ".xml", ".yaml", ".yml"];

    private const string Available = "/etc/uwsgi/apps-available";
    private const string Enabled = "/etc/uwsgi/apps-enabled";

    /// <summary>The application a socket path in the package's form names (<c>/run/uwsgi/app/NAME/socket</c>, or under
    /// <c>/var/run</c>, Debian's link to <c>/run</c>); null for any other path.</summary>
    public static string? AppNamed(Endpoint endpoint)
    {
        if (endpoint.Kind != EndpointKind.Unix || endpoint.Path is not { } written)
        {
            return null;
        }

        var path = Workspace.RootedFileSystem.Normalize(written);
        foreach (var prefix in (string[])["/run/uwsgi/app/", "/var/run/uwsgi/app/"])
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.EndsWith("/socket", StringComparison.Ordinal)
                && path[prefix.Length..^"/socket".Length] is { Length: > 0 } name && !name.Contains('/'))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The names of the files the init script starts (every extension it knows), from the root's
    /// <c>/etc/uwsgi/apps-enabled</c>.</summary>
    private static List<string> EnabledNames(HostModel host) =>
        host.Shared("DebianUwsgiTargets.Enabled", host, () => NamesIn(host, Enabled));

    /// <remarks>A loop, not <c>Where(...).Select(...)</c>: on a LINQ iterator that chain is a generic virtual call, which
    /// the native executable resolves through its type loader on every lint (3% of a one-file lint's time).</remarks>
    private static List<string> NamesIn(HostModel host, string folder)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in host.Files.FileSystem.EnumerateEntries(folder))
        {
            if (Array.IndexOf(Extensions, Path.GetExtension(path)) >= 0 && host.Files.Exists(path)
                && Path.GetFileNameWithoutExtension(path) is { Length: > 0 } name && seen.Add(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>Whether the package's socket form is this host's: an enabled application listens on its own
    /// <c>/run/uwsgi/app/NAME/socket</c> (the inherited configuration makes it).</summary>
    private static bool PackageForm(HostModel host) =>
        host.BackEndsOf<DebianUwsgiApp>().Any(app => app.Listeners.Any(l => AppNamed(l.Endpoint) == app.AppName));

    /// <summary>The application a target in the package's form is meant for, when none of its name is enabled or
    /// available: the one enabled application named for it (its name followed by <c>.</c>, <c>-</c> or <c>_</c>; certain),
    /// else the only application the script starts (not certain: another may never have been added). Null when the
    /// target is in no such form, the form is not the host's, or nothing or more than one fits.</summary>
    public static (DebianUwsgiApp App, string Evidence, bool Certain)? Meant(HostModel host, EndpointSite target)
    {
        if (AppNamed(target.Endpoint) is not { } name || !PackageForm(host))
        {
            return null;
        }

        var enabled = EnabledNames(host);
        if (enabled.Contains(name, StringComparer.Ordinal) || AvailableFile(host, name) is not null)
        {
            return null;
        }

        var apps = host.BackEndsOf<DebianUwsgiApp>().ToList();
        var named = enabled.Where(n => n.Length > name.Length && n.StartsWith(name, StringComparison.Ordinal) && n[name.Length] is '.' or '-' or '_').ToList();
        var made = $"Debian's uwsgi init script makes /run/uwsgi/app/{name}/ only for a file {name}.ini (or .xml, .yaml, ...) in {Enabled}, and none is there";
        if (named.Count == 1)
        {
            return apps.FirstOrDefault(a => a.AppName == named[0]) is { } app
                ? (app, $"{made}; {Path.GetFileName(app.File.ServerPath)} is the only enabled application named for '{name}'", true)
                : null;
        }

        if (named.Count == 0 && enabled.Count == 1 && apps.Count == 1 && apps[0].AppName == enabled[0])
        {
            return (apps[0], $"{made}; {Path.GetFileName(apps[0].File.ServerPath)} is the only application it starts", false);
        }

        return null;
    }

    /// <summary>The file of <c>/etc/uwsgi/apps-available</c> for an application the target names where no file of that
    /// name is enabled: the init script never starts it, so nothing makes its socket. The target names it by its folder
    /// (<c>/run/uwsgi/app/NAME/socket</c>, the inherited configuration's socket), or the file's own <c>socket =</c> (or
    /// <c>uwsgi-socket</c>, <c>http-socket</c>) names the target's path (<paramref name="names"/> says where). With whether
    /// the root shows the real apps-enabled folder: some application is enabled there, or it holds the README the package
    /// ships in it (a tree of a role's files may leave the links, and the folder, out).</summary>
    public static (string File, bool EnabledKnown)? NotEnabled(HostModel host, Endpoint endpoint, out string? names)
    {
        names = null;
        var enabled = EnabledNames(host);
        var known = enabled.Count > 0 || host.Files.Exists(Enabled + "/README");
        if (AppNamed(endpoint) is { } name)
        {
            if (enabled.Contains(name, StringComparer.Ordinal) || AvailableFile(host, name) is not { } file)
            {
                return null;
            }

            // The package's form: an enabled application listens in it, or none is enabled and the inherited configuration
            // is the package's own.
            if (enabled.Count > 0 ? !PackageForm(host) : !DebianUwsgiApps.InheritsPackageDefault(host.Files))
            {
                return null;
            }

            return (file, known);
        }

        if (SocketNamedIn(host, endpoint, enabled) is not var (named, line, text))
        {
            return null;
        }

        names = $"line {line} binds it ('{text}')";
        return (named, known);
    }

    /// <summary>The first file of apps-available, not enabled, whose <c>[uwsgi]</c> section binds the target's path, with
    /// the line and its text; null for none (or for a TCP target).</summary>
    private static (string File, int Line, string Text)? SocketNamedIn(HostModel host, Endpoint endpoint, List<string> enabled)
    {
        if (endpoint.Kind != EndpointKind.Unix || endpoint.CanonicalPath is not { } wanted)
        {
            return null;
        }

        foreach (var file in host.Files.FileSystem.EnumerateEntries(Available))
        {
            if (Path.GetExtension(file) != ".ini" || enabled.Contains(Path.GetFileNameWithoutExtension(file), StringComparer.Ordinal) || !host.Files.Exists(file))
            {
                continue;
            }

            var section = string.Empty;
            var number = 0;
            foreach (var raw in host.Files.FileSystem.ReadLines(file))
            {
                number++;
                var line = raw.Trim();
                if (line.StartsWith('['))
                {
                    section = line.Trim('[', ']').Trim();
                    continue;
                }

                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (section != "uwsgi" || equals <= 0 || line.StartsWith('#') || line.StartsWith(';'))
                {
                    continue;
                }

                var key = line[..equals].Trim();
                var value = line[(equals + 1)..].Trim().Trim('"', '\'');
                if (key is "socket" or "uwsgi-socket" or "http-socket" && value.StartsWith('/') && !value.Contains('%', StringComparison.Ordinal)
                    && Endpoint.CanonicalizeRunPath(value) == wanted)
                {
                    return (file, number, line);
                }
            }
        }

        return null;
    }

    private static string? AvailableFile(HostModel host, string name) =>
        Extensions.Select(e => $"{Available}/{name}{e}").FirstOrDefault(host.Files.Exists);
}
