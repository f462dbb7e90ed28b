using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// A target that only a masked unit would listen at. <c>systemctl mask</c> links the unit's name in
/// <c>/etc/systemd/system</c> to <c>/dev/null</c> (an empty file does the same): systemd then loads the unit as masked,
/// and "a masked unit cannot be started" (systemctl(1), <c>mask</c>), by hand, at boot, or by a unit that
/// <c>Requires=</c> or <c>Wants=</c> it; a unit that <c>Requires=</c> it cannot start either (systemd.unit(5)). Two cases:
/// a masked socket unit whose hidden file (the packaged <c>/lib/systemd/system/fcgiwrap.socket</c> the link hides), with the
/// unit's drop-ins applied after it as they would be once unmasked, has the target among its <c>ListenStream=</c> lines,
/// while nothing else ConfLint reads listens there (Debian's fcgiwrap.socket
/// masked behind nginx's <c>fastcgi_pass unix:/run/fcgiwrap.socket</c>); and a socket unit that listens there whose
/// service is masked: systemd's <c>socket_start()</c> (src/core/socket.c) refuses to start a socket whose service is not
/// loaded ("Socket service NAME not loaded, refusing"), so nothing listens there either. The mask does not stop a unit
/// that runs (<c>systemctl mask --now</c> does): it may answer until it stops or the next boot.
/// </summary>
public static class MaskedUnits
{
    /// <summary>The masked unit that keeps the target's only listener from starting.</summary>
    /// <param name="Unit">The masked unit's name (<c>fcgiwrap.socket</c>, or the service of a socket unit).</param>
    /// <param name="Mask">The mask: the link or empty file that hides the unit file.</param>
    /// <param name="Describe">What would listen, for the message (<c>socket unit 'fcgiwrap.socket'</c>).</param>
    /// <param name="Listen">The line that would listen at the target: the hidden file's, or the socket unit's.</param>
    /// <param name="How">How it is masked, for the message (<c>etc/systemd/system/fcgiwrap.socket links to /dev/null</c>).</param>
    /// <param name="Consequence">What else cannot start, for the message, or empty.</param>
    /// <param name="Advice">The commands that start it again.</param>
    /// <param name="Blocked">The units that cannot start while it is masked (a service that <c>Requires=</c> the socket):
    /// a program they run listens nowhere.</param>
    /// <param name="OfService">Whether the masked unit is the socket unit's service, not the socket unit itself.</param>
    public sealed record Masked(string Unit, FileId Mask, string Describe, Location? Listen, string How, string Consequence, string Advice, IReadOnlyDictionary<string, string> Blocked, bool OfService = false);

    /// <summary>The masked unit that alone would listen at <paramref name="endpoint"/>, or null.</summary>
    public static Masked? At(HostModel host, Endpoint endpoint)
    {
        var masked = host.Workspace.MaskedUnits;
        if (masked.Count == 0 || !endpoint.IsLocal)
        {
            return null;
        }

        var providers = host.Providers(endpoint);
        return providers.Count == 0 ? MaskedSocket(host, endpoint) : MaskedService(host, providers);
    }

    /// <summary>A masked socket unit whose hidden file listens at the endpoint.</summary>
    private static Masked? MaskedSocket(HostModel host, Endpoint endpoint)
    {
        var workspace = host.Workspace;
        foreach (var unit in host.Workspace.MaskedUnits)
        {
            if (!unit.Name.EndsWith(".socket", StringComparison.Ordinal) || unit.IsTemplate || HiddenFile(workspace.FileSystem, unit) is not { } hidden)
            {
                continue;
            }

            var merged = Unmasked(workspace, unit, hidden);
            foreach (var entry in merged.Effective("Socket", "ListenStream"))
            {
                var value = UnitSpecifiers.Expand(entry.Value.Trim(), unit.Name, out _);
                Endpoint? listens = value.StartsWith('/') ? Endpoint.Unix(value)
                    : Endpoint.TrySplitHostPort(value, -1, out var address, out var port) ? Endpoint.Tcp(address, port) : null;
                if (listens is not null && listens.Accepts(endpoint))
                {
                    var service = merged.Get("Socket", "Service")?.Trim() is { Length: > 0 } name ? name : unit.Name[..^".socket".Length] + ".service";
                    var mask = workspace.FileIdAt(unit.Path);
                    var blocked = Blocked(host, unit.Name);
                    var consequence = blocked.TryGetValue(service, out var key) ? $"{service}, which {key}= it, cannot start either" : string.Empty;
                    return new Masked(unit.Name, mask, $"socket unit '{unit.Name}'", entry.Location, How(workspace.FileSystem, unit, mask), consequence,
                        $"Unmask and enable it: systemctl unmask {unit.Name} && systemctl enable --now {unit.Name}", blocked);
                }
            }
        }

        return null;
    }

    /// <summary>Socket units, every one of the providers, whose services are masked.</summary>
    private static Masked? MaskedService(HostModel host, IReadOnlyList<BackEnd> providers)
    {
        Masked? found = null;
        foreach (var provider in providers)
        {
            if (provider is not SocketBackEnd { Service: null } socket || MaskOf(host, socket.ServiceName) is not { } mask)
            {
                return null;
            }

            var listen = socket.Listeners.Count > 0 ? socket.Listeners[0].Location : null;
            var id = host.Workspace.FileIdAt(mask.Path);
            found ??= new Masked(socket.ServiceName, id, socket.Describe(), listen, How(host.Workspace.FileSystem, mask, id),
                $"systemd refuses to start a socket unit whose service is masked ('{socket.Unit.Name}: Socket service {socket.ServiceName} not loaded, refusing'), so {socket.Unit.Name} does not listen either",
                $"Unmask the service and restart its socket: systemctl unmask {socket.ServiceName} && systemctl restart {socket.Unit.Name}", Blocked(host, socket.ServiceName), OfService: true);
        }

        return found;
    }

    /// <summary>How the unit is masked: a link to <c>/dev/null</c>, or an empty file.</summary>
    private static string How(RootedFileSystem fs, UnitFileSet unit, FileId mask) =>
        fs.Resolve(unit.Path) == "/dev/null" ? $"{mask.Display} links to /dev/null" : $"{mask.Display} is empty";

    private static UnitFileSet? MaskOf(HostModel host, string name)
    {
        foreach (var unit in host.Workspace.MaskedUnits)
        {
            if (unit.Name == name || unit.Aliases.Contains(name))
            {
                return unit;
            }
        }

        return null;
    }

    /// <summary>The services that cannot start while <paramref name="unit"/> is masked, each with the key that ties it: those
    /// that <c>Requires=</c>, <c>BindsTo=</c> or <c>Requisite=</c> it (systemd.unit(5): the job fails when the required unit
    /// cannot be started).</summary>
    internal static Dictionary<string, string> Blocked(HostModel host, string unit)
    {
        var blocked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, found) in host.ServiceUnits)
        {
            foreach (var key in NeedingKeys)
            {
                foreach (var value in found.Unit.GetAll("Unit", key))
                {
                    if (value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Contains(unit))
                    {
                        blocked.TryAdd(name, key);
                    }
                }
            }
        }

        return blocked;
    }

    internal static readonly string[] NeedingKeys = ["Requires", "BindsTo", "Requisite"];

    /// <summary>The masked unit <paramref name="unit"/> needs (<c>Requires=</c>, <c>BindsTo=</c>, <c>Requisite=</c>), with the
    /// key: its start job fails ("Unit NAME is masked"), so it cannot start. Null where it needs none.</summary>
    internal static (string Unit, string Key)? NeededMask(HostModel host, MergedUnit unit)
    {
        if (host.Workspace.MaskedUnits.Count == 0)
        {
            return null;
        }

        foreach (var key in NeedingKeys)
        {
            foreach (var value in unit.GetAll("Unit", key))
            {
                foreach (var word in value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (MaskOf(host, word) is not null)
                    {
                        return (word, key);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Why something ConfLint does not read may listen at the target after all (<see cref="UnmatchedTargets.UnreadMayListen"/>),
    /// leaving out the programs of the units the mask keeps from starting; null when nothing unread may.</summary>
    public static string? UnreadMayListen(HostModel host, Endpoint endpoint, Masked masked) => UnreadMayListen(host, endpoint, masked.Blocked);

    /// <summary>As <see cref="UnreadMayListen(HostModel, Endpoint, Masked)"/>, leaving out the programs of the services in
    /// <paramref name="blocked"/>, which cannot start.</summary>
    internal static string? UnreadMayListen(HostModel host, Endpoint endpoint, IReadOnlyDictionary<string, string> blocked)
    {
        foreach (var (backEnd, why) in host.UnknownListeners)
        {
            if (backEnd is Host.PhpFpm.FpmPool or ServiceBackEnd { IsPhpFpm: true })
            {
                continue;
            }

            var service = backEnd is null ? null : host.ServiceOf(backEnd);
            if (service is null || (service.Enablement != UnitEnablement.Disabled && !blocked.ContainsKey(service.UnitName)))
            {
                return $"a back end's address is unknown ({why})";
            }
        }

        if (host.UnreadProgramNaming(endpoint, ownFolders: true, out var program) is { } naming && !IsBlocked(program, blocked))
        {
            return naming;
        }

        foreach (var unread in host.UnreadProgramsAtUnknownAddresses())
        {
            if (unread is not { Unit: not null, Enablement: UnitEnablement.Disabled } && !IsBlocked(unread, blocked) && UnreadSocketBinders.MayBind(host, unread, endpoint))
            {
                return $"{unread.Who} runs a program ConfLint does not read, and ConfLint does not read where it listens";
            }
        }

        return null;
    }

    private static bool IsBlocked(UnreadProgram? program, IReadOnlyDictionary<string, string> blocked) => program?.Unit is { } unit && blocked.ContainsKey(unit.Name);

    /// <summary>The unit file a mask hides: the same name in a folder of lower priority (systemd's search path,
    /// <see cref="UnitSearchPath.System"/>), itself neither a mask nor empty; null where the mask hides nothing.</summary>
    internal static string? HiddenFile(RootedFileSystem fs, UnitFileSet masked)
    {
        var folder = masked.Path[..masked.Path.LastIndexOf('/')];
        var below = false;
        foreach (var each in UnitSearchPath.System)
        {
            if (!below)
            {
                below = each == folder;
                continue;
            }

            var path = each + "/" + masked.Name;
            if (fs.FileExists(path) && fs.Resolve(path) is { } resolved && resolved != "/dev/null")
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The masked unit as it would be loaded once unmasked: the hidden file, then the unit's drop-ins in systemd's
    /// order (an installer's <c>ListenStream=</c> reset and path, Foreman's foreman.socket.d/installer.conf). systemd reads
    /// none of them while the mask stands; the question is where the operator meant the unit to listen. Each file is
    /// parsed on its own (none is loaded); one that cannot be read is left out.</summary>
    private static MergedUnit Unmasked(ConfigWorkspace workspace, UnitFileSet masked, string hidden) =>
        MergedUnit.Load(workspace.FileSystem, masked with { MainPath = hidden, IsMasked = false }, path => Parse(workspace, path));

    /// <summary>One file of a masked unit, parsed on its own, or null.</summary>
    private static ParseResult? Parse(ConfigWorkspace workspace, string path)
    {
        try
        {
            var id = workspace.FileIdAt(path);
            var source = workspace.FileSystem.ReadSourceText(path, id.Display).WithFile(id);
            return ConfigParser.Parse(source, ConfigKind.Systemd);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
