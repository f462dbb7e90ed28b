using ConfLint.Host;

namespace ConfLint.Rules.Support;

/// <summary>
/// A Unix socket path taken apart: its folder and its file name, each evidence of its own about which back end a target
/// that reaches nothing was meant for. A drifted target often keeps one and loses the other (pulp_installer's
/// <c>/var/run/pulpcore-content/pulpcore-content.sock</c> written as <c>/var/run/pulpcore-api/pulpcore-content.sock</c>:
/// the folder is the API's, the file name the content app's), so the two are compared apart, not as one string. A file
/// name is the application's own (<see cref="Distinctive"/>) where it is not a word every deployment uses
/// (<c>socket</c>, <c>gunicorn.sock</c>, <c>app.sock</c>, <c>web.sock</c>) and one back end alone binds a socket of that
/// name (<see cref="Namesake"/>): then it names that back end as a folder of its own does (<see cref="SocketFolderOwners"/>),
/// and more precisely, since one folder may hold several applications' sockets. The folders are compared with
/// <c>/var/run</c> as <c>/run</c> (<see cref="Endpoint.CanonicalizeRunPath"/>).
/// </summary>
internal static class SocketFileNames
{
    /// <summary>How alike two socket paths are, closest first: the same file name of an application's own
    /// (<see cref="Distinctive"/>), then the same folder, then the same file name every deployment uses, then neither.</summary>
    public static int Tier(string a, string b)
    {
        var (folderA, nameA) = Split(a);
        var (folderB, nameB) = Split(b);
        var sameName = string.Equals(nameA, nameB, StringComparison.Ordinal);
        return sameName && Distinctive(nameA) ? 0 : string.Equals(folderA, folderB, StringComparison.Ordinal) ? 1 : sameName ? 2 : 3;
    }

    /// <summary>The folder (<c>/var/run</c> as <c>/run</c>) and the file name of a socket path.</summary>
    public static (string Folder, string Name) Split(string path)
    {
        var canonical = Endpoint.CanonicalizeRunPath(path);
        var slash = canonical.LastIndexOf('/');
        return (slash <= 0 ? "/" : canonical[..slash], canonical[(slash + 1)..]);
    }

    /// <summary>Whether a socket's file name is an application's own: what is left without the socket suffixes
    /// (<c>.sock</c>, <c>.socket</c>) and trailing digits is three letters or more and no word every deployment uses
    /// (<see cref="SameApplication.GenericStems"/>, <see cref="SameApplication.RoleWords"/>, the daemons' names,
    /// <see cref="SocketWords"/>).</summary>
    public static bool Distinctive(string fileName)
    {
        var stem = fileName;
        foreach (var suffix in Suffixes)
        {
            if (stem.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                stem = stem[..^suffix.Length];
                break;
            }
        }

        var normalized = SameApplication.Normalize(stem).TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        return normalized.Length >= 3 && !SameApplication.GenericStems.Contains(normalized) && !SameApplication.RoleWords.Contains(normalized)
            && !SameApplication.DaemonFileNames.Contains(normalized) && !SocketWords.Contains(normalized);
    }

    private static readonly string[] Suffixes = [".socket", ".sock", ".sck"];

    /// <summary>Words (normalized) socket files are named by convention, whatever the application.</summary>
    private static readonly HashSet<string> SocketWords = new(StringComparer.Ordinal)
    {
        "socket", "sock", "run", "listen", "control", "admin", "fcgi", "fastcgi", "fcgiwrap", "cgi", "php", "fpm", "phpfpm", "scgi", "supervisor",
        "hypercorn", "waitress", "passenger", "thin", "rack", "rails", "starman", "plack", "mono", "fastcgimono", "dotnet", "kestrel",
    };

    /// <summary>
    /// The one back end ConfLint reads that binds a socket with <paramref name="target"/>'s file name in another folder,
    /// with that listener: a file name of an application's own (<see cref="Distinctive"/>) that no other back end binds and
    /// no program ConfLint does not read names (its words). Null where the file name is no application's, or where none or
    /// several bind it.
    /// </summary>
    public static (BackEnd BackEnd, EndpointSite Listener)? Namesake(HostModel host, Endpoint target)
    {
        if (target is not { Kind: EndpointKind.Unix, Path: { } path })
        {
            return null;
        }

        var (folder, name) = Split(path);
        if (!Distinctive(name) || !ByName(host).TryGetValue(name, out var binders) || binders.Count != 1)
        {
            return null;
        }

        var (backEnd, listener) = binders[0];
        if (Split(listener.Endpoint.Path!).Folder == folder || UnreadNames(host, name))
        {
            return null;
        }

        return (backEnd, listener);
    }

    /// <summary>Why <paramref name="listener"/>'s back end is the one its file name says, for the fix's words.</summary>
    public static string Evidence(EndpointSite listener) =>
        $"its socket {listener.Endpoint.Path} has the target's file name, {Split(listener.Endpoint.Path!).Name}, which no other back end's socket has";

    /// <summary>The back ends binding a Unix socket of each file name (a back end once per name), found once per host.</summary>
    private static Dictionary<string, List<(BackEnd BackEnd, EndpointSite Listener)>> ByName(HostModel host) =>
        host.Shared("SocketFileNames.ByName", host, () =>
        {
            var byName = new Dictionary<string, List<(BackEnd, EndpointSite)>>(StringComparer.Ordinal);
            foreach (var backEnd in host.BackEnds)
            {
                foreach (var listener in backEnd.Listeners)
                {
                    if (listener.Endpoint is not { Kind: EndpointKind.Unix, Path: { } own })
                    {
                        continue;
                    }

                    var name = Split(own).Name;
                    if (!byName.TryGetValue(name, out var list))
                    {
                        byName[name] = list = [];
                    }

                    if (!list.Exists(b => ReferenceEquals(b.Item1, backEnd)))
                    {
                        list.Add((backEnd, listener));
                    }
                }
            }

            return byName;
        });

    /// <summary>Whether a program ConfLint does not read names a path ending in <paramref name="name"/> (it may bind one).</summary>
    private static bool UnreadNames(HostModel host, string name)
    {
        foreach (var program in host.UnreadPrograms)
        {
            foreach (var word in program.Words)
            {
                if (word.EndsWith("/" + name, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
