using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Haproxy;

namespace ConfLint.Rules.Support;

/// <summary>
/// A Unix socket server of a chrooted HAProxy (Debian's package keeps <c>chroot /var/lib/haproxy</c> in global). HAProxy
/// calls <c>chroot()</c> at start (the manual's <c>chroot</c>: "performs a chroot() there before dropping privileges"),
/// and its workers connect to their servers afterwards, so <c>server php1 /run/php/php8.2-fpm.sock</c> is the file
/// <c>/var/lib/haproxy/run/php/php8.2-fpm.sock</c> on the host. Certain only when the root shows the chroot folder and
/// nothing can put a socket there: no back end listens at that path, the root holds nothing at it, HAProxy's service
/// unit is known and binds nothing over it (<c>BindPaths=</c>, <c>BindReadOnlyPaths=</c>; none of <c>RootDirectory=</c>,
/// <c>RootImage=</c>), and neither <c>/etc/fstab</c> nor a mount unit mounts anything over it; and a back end creates
/// the written path outside the chroot, which is what the line was meant for. Then every connection fails with "No such
/// file or directory", and HAProxy answers 503 (<c>http_return_srv_error</c>, a connection error).
/// </summary>
public static class HaproxyChrootSockets
{
    private static readonly string[] UnitFolders = ["/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"];

    public sealed record Finding(Location Location, string Message, IReadOnlyList<RelatedLocation> Related);

    /// <summary>The finding on a server line that was given to the rules without an address
    /// (<see cref="HaproxyPass.NotJudged"/>), or why it is not judged; both null where a back end listens inside the
    /// chroot, where HAProxy looks.</summary>
    public static (Finding? Finding, string? Why) Judge(HostModel host, FrontEnd frontEnd, HaproxyPass pass)
    {
        if (pass.ChrootedSocket is not { } inside || pass.Instance.Chroot is not { } chroot || frontEnd.Target.SocketPath is not { } written)
        {
            return (null, pass.NotJudged);
        }

        if (host.Providers(Endpoint.Unix(inside)).Count > 0)
        {
            return (null, null);
        }

        var why = pass.NotJudged + $" ({inside})";
        var fs = host.Workspace.FileSystem;
        if (!fs.IsRooted || !fs.DirectoryExists(chroot))
        {
            return (null, why + $"; the root does not hold {chroot}, so what is inside the chroot is not known");
        }

        if (fs.TypeOf(inside) != Workspace.FileType.Missing)
        {
            return (null, why + $"; the root holds {inside}");
        }

        if (pass.Instance.UnitName is not { } unitName || !host.ServiceUnits.TryGetValue(unitName, out var service))
        {
            return (null, why + "; HAProxy's service unit is not known, nor the bind mounts it may set up");
        }

        var unit = service.Unit;
        if (unit.Get("Service", "RootDirectory") is { Length: > 0 } || unit.Get("Service", "RootImage") is { Length: > 0 })
        {
            return (null, why + $"; {unitName} runs HAProxy in another root (RootDirectory=, RootImage=)");
        }

        foreach (var key in new[] { "BindPaths", "BindReadOnlyPaths" })
        {
            foreach (var entry in unit.Effective("Service", key))
            {
                foreach (var item in entry.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = item.TrimStart('-', '+').Split(':');
                    var destination = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : parts[0];
                    if (Covers(destination, inside))
                    {
                        return (null, why + $"; {unitName} binds {parts[0]} over {destination} ({key}=)");
                    }
                }
            }
        }

        if (MountedOver(host, inside) is { } mount)
        {
            return (null, why + $"; {mount}");
        }

        var outside = host.Providers(Endpoint.Unix(written));
        if (outside.Count == 0)
        {
            return (null, why + $"; nothing creates {written} outside the chroot either");
        }

        var backEnd = outside[0];
        var listener = backEnd.Listeners.FirstOrDefault(l => l.Endpoint.Kind == EndpointKind.Unix && host.SocketFile(l.Endpoint.Path!) == host.SocketFile(written)) ?? backEnd.Listeners[0];
        var chrootLine = pass.Instance.GlobalSetting("chroot")!;
        var message = $"{frontEnd.DirectiveName} {written}: HAProxy chroots into {chroot} before it connects to its servers, so it looks for {inside}, where nothing listens "
            + $"(no back end, no bind mount of {unitName}); {backEnd.Describe()} creates {written} outside the chroot. Each connection fails with 'No such file or directory' "
            + $"and {pass.Proxy.Describe()} answers 503: move the socket inside the chroot, bind-mount its folder there, or connect over TCP";
        return (new Finding(frontEnd.TargetToken.Location, message,
        [
            new RelatedLocation(chrootLine.Line.Location, $"HAProxy chroots into {chroot}"),
            new RelatedLocation(listener.Location, $"{backEnd.Describe()} listens on {written}, outside the chroot"),
        ]), null);
    }

    /// <summary>A line of the root's /etc/fstab, or a mount unit (named after its mount point, as systemd requires), that
    /// mounts something over <paramref name="path"/> or a folder above it inside the chroot.</summary>
    private static string? MountedOver(HostModel host, string path)
    {
        if (host.Files.Read("/etc/fstab") is { } fstab)
        {
            foreach (var line in fstab.Text.Split('\n'))
            {
                var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 1 && !fields[0].StartsWith('#') && Covers(fields[1].Replace("\\040", " ", StringComparison.Ordinal), path))
                {
                    return $"/etc/fstab mounts {fields[0]} on {fields[1]}";
                }
            }
        }

        var fs = host.Workspace.FileSystem;
        foreach (var folder in UnitFolders)
        {
            foreach (var file in fs.EnumerateEntries(folder))
            {
                var name = Path.GetFileName(file);
                if (!name.EndsWith(".mount", StringComparison.Ordinal))
                {
                    continue;
                }

                var where = "/" + name[..^".mount".Length].Replace('-', '/').Replace("\\x2d", "-", StringComparison.Ordinal);
                if (Covers(where, path))
                {
                    return $"the mount unit {name} mounts something on {where}";
                }
            }
        }

        return null;
    }

    private static bool Covers(string mountPoint, string path)
    {
        var point = mountPoint.TrimEnd('/');
        return point.Length > 0 && (path == point || path.StartsWith(point + "/", StringComparison.Ordinal));
    }
}
