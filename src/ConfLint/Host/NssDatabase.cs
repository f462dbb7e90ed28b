using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>
/// The entries of one account database (<c>passwd</c> or <c>group</c>) as glibc's name service switch gives them to
/// a daemon that calls <c>getpwnam</c>/<c>getgrnam</c> (php-fpm's <c>user</c> and <c>listen.owner</c>, fpm_unix.c; nginx's
/// <c>user</c>; Apache's <c>User</c>), read from the root: the sources its <c>/etc/nsswitch.conf</c> lists for the database,
/// in order (nss/nss_database.c; <c>files</c> when the file or the line is missing), up to a
/// <c>[NOTFOUND=return]</c> after one of them. ConfLint reads <c>files</c> and <c>compat</c> (<c>/etc/passwd</c>,
/// <c>/etc/group</c>; compat's <c>+</c> entries pull accounts from NIS, which it cannot read, and its <c>-</c> entries
/// are not accounts) and <c>extrausers</c> (libnss-extrausers, as hosting panels such as Froxlor keep their customers:
/// <c>/var/lib/extrausers/passwd</c> and <c>group</c>, in the same format). <c>systemd</c> (nss-systemd: root, nobody,
/// <c>DynamicUser=</c> accounts and the JSON records of <c>/etc/userdb</c>) and <c>mymachines</c> (containers' users)
/// are not read and serve no account a configuration names by its own choice, so they leave a name the files lack
/// missing: Debian's <c>passwd: files systemd</c> stays as conclusive as <c>files</c>. Any other source (ldap, sss,
/// winbind, mysql, nis, db, ...) may hold any name: a name missing from what ConfLint read is then unknown, not missing.
/// </summary>
public sealed class NssDatabase
{
    /// <summary>Sources that hold no account a configuration chooses: a name missing elsewhere is still missing.</summary>
    private static readonly HashSet<string> NamesNothingChosen = new(StringComparer.Ordinal) { "systemd", "mymachines" };

    private NssDatabase(string database, List<string> entries, List<string> files, List<string> unread, bool primaryExists)
    {
        Database = database;
        Entries = entries;
        Files = files;
        Unread = unread;
        PrimaryExists = primaryExists;
    }

    /// <summary><c>passwd</c> or <c>group</c>.</summary>
    public string Database { get; }

    /// <summary>The entries (one line each, comments, blank lines and compat's <c>+</c>/<c>-</c> lines left out) of the
    /// files read, in the order NSS consults them: the first entry of a name is the one a lookup returns.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>The files read (server paths), in order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The sources nsswitch.conf lists for the database that ConfLint cannot read (<c>ldap</c>, <c>sss</c>, and
    /// <c>nis</c> for compat's <c>+</c> entries): empty when what it read is all NSS answers from.</summary>
    public IReadOnlyList<string> Unread { get; }

    /// <summary>Whether the root has <c>/etc/passwd</c> (or <c>/etc/group</c>).</summary>
    public bool PrimaryExists { get; }

    /// <summary>Whether a name missing from <see cref="Entries"/> is surely missing on the host.</summary>
    public bool IsComplete => Unread.Count == 0;

    /// <summary>Why a name missing from the files read is not known to be missing, for a note; null when it is.</summary>
    public string? WhyUnknown(string name) => IsComplete ? null
        : $"'{name}' is not in {string.Join(" or ", Files.DefaultIfEmpty($"/etc/{Database}"))}, and /etc/nsswitch.conf's '{Database}:' line also lists {string.Join(", ", Unread)}, which ConfLint cannot read";

    /// <summary>The names the entries give (the first field of each line).</summary>
    public HashSet<string> Names()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            var colon = entry.IndexOf(':');
            if (colon > 0)
            {
                names.Add(entry[..colon]);
            }
        }

        return names;
    }

    /// <summary>Reads <paramref name="database"/> (<c>passwd</c> or <c>group</c>) as the root's NSS would give it.</summary>
    public static NssDatabase Read(RootedFileSystem fs, string database)
    {
        var primary = $"/etc/{database}";
        var entries = new List<string>();
        var files = new List<string>();
        var unread = new List<string>();
        var primaryExists = fs.Root is not null && fs.FileExists(primary);
        if (fs.Root is null)
        {
            return new NssDatabase(database, entries, files, unread, primaryExists);
        }

        foreach (var source in Sources(fs, database))
        {
            switch (source)
            {
                case "files" or "compat":
                    if (!files.Contains(primary) && primaryExists)
                    {
                        files.Add(primary);
                        var nis = Add(fs, primary, entries);
                        if (nis && source == "compat" && !unread.Contains("nis"))
                        {
                            // nss_compat: '+' and '+name' entries import accounts from NIS (passwd_compat:, nis by default).
                            unread.Add("nis");
                        }
                    }

                    break;
                case "extrausers":
                    var extra = $"/var/lib/extrausers/{database}";
                    if (!files.Contains(extra) && fs.FileExists(extra))
                    {
                        files.Add(extra);
                        Add(fs, extra, entries);
                    }

                    break;
                default:
                    if (!NamesNothingChosen.Contains(source) && !unread.Contains(source))
                    {
                        unread.Add(source);
                    }

                    break;
            }
        }

        return new NssDatabase(database, entries, files, unread, primaryExists);
    }

    /// <summary>The services of the database's line of <c>/etc/nsswitch.conf</c>, in order, up to the first one followed
    /// by <c>[NOTFOUND=return]</c> (a name that one does not have is then looked up nowhere else); <c>files</c> without
    /// the file or the line (glibc's default for passwd and group).</summary>
    internal static List<string> Sources(RootedFileSystem fs, string database)
    {
        if (fs.FileExists("/etc/nsswitch.conf"))
        {
            foreach (var raw in fs.ReadLines("/etc/nsswitch.conf"))
            {
                var line = raw.Split('#', 2)[0];
                var colon = line.IndexOf(':');
                if (colon <= 0 || !line[..colon].Trim().Equals(database, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                return Services(line[(colon + 1)..]);
            }
        }

        return ["files"];
    }

    private static List<string> Services(string text)
    {
        var services = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                var words = string.Join(' ', text[(i + 1)..(end < 0 ? text.Length : end)].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                    .Replace(" =", "=", StringComparison.Ordinal).Replace("= ", "=", StringComparison.Ordinal).Split(' ');
                if (services.Count > 0 && words.Any(a => a.Equals("NOTFOUND=return", StringComparison.OrdinalIgnoreCase)))
                {
                    return services;
                }

                i = end < 0 ? text.Length : end + 1;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '[')
            {
                i++;
            }

            services.Add(text[start..i]);
        }

        return services.Count > 0 ? services : ["files"];
    }

    /// <summary>Adds the file's entries; whether it has compat's <c>+</c> entries.</summary>
    private static bool Add(RootedFileSystem fs, string path, List<string> entries)
    {
        var plus = false;
        foreach (var raw in fs.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] is '+' or '-')
            {
                plus |= line[0] == '+';
                continue;
            }

            entries.Add(line);
        }

        return plus;
    }
}
