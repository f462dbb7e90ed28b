using ConfLint.Syntax.PhpFpm;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Host.PhpFpm;

/// <summary>
/// A PHP-FPM pool: its section (merged over every file that opens a section of that name, as php-fpm does),
/// the last value of each key, <c>$pool</c> expanded, and PHP-FPM's defaults where a key is unset.
/// </summary>
public sealed class FpmPool : BackEnd
{
    private readonly Dictionary<string, (PhpFpmEntry Entry, ConfigFile File)> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>PHP's built-in values of the php.ini settings rules read (main/main.c, Zend/zend.c), where php.ini and the
    /// pool leave them unset.</summary>
    private static readonly Dictionary<string, string> PhpDefaults = new(StringComparer.Ordinal)
    {
        ["memory_limit"] = "128M",
        ["max_execution_time"] = "30",
    };

    internal FpmPool(string name, PhpFpmSection section, ConfigFile file, ConfigFile mainFile, PhpInstall install)
        : base($"pool '{name}'", file)
    {
        PoolName = name;
        Section = section;
        MainFile = mainFile;
        Install = install;
        Version = install.Version;
    }

    /// <summary>The installation the pool belongs to: its php.ini, its service, its master's user.</summary>
    public PhpInstall Install { get; }

    public string PoolName { get; }

    /// <summary>The first section header of the pool.</summary>
    public PhpFpmSection Section { get; }

    /// <summary>The php-fpm.conf this pool was read from.</summary>
    public ConfigFile MainFile { get; }

    /// <summary>The PHP version from the path (<c>/etc/php/8.2/fpm</c> gives 8.2), when there is one.</summary>
    public string? Version { get; }

    public override BackendProtocol Protocol => BackendProtocol.FastCgi;

    public override bool? RunsPhp => true;

    internal void Set(PhpFpmEntry entry, ConfigFile file) => _values[entry.Key] = (entry, file);

    /// <summary>The entry that sets <paramref name="key"/> (the last one), or null.</summary>
    public (PhpFpmEntry Entry, ConfigFile File)? Entry(string key) => _values.TryGetValue(key, out var found) ? found : null;

    /// <summary>The value of <paramref name="key"/> with <c>$pool</c> expanded, or null when unset.</summary>
    public string? Get(string key) =>
        _values.TryGetValue(key, out var found) ? PhpFpmValues.Expand(found.Entry, PoolName, EmptyEnvironment) : null;

    public IEnumerable<(PhpFpmEntry Entry, ConfigFile File)> Entries => _values.Values;

    /// <summary>The pool's <c>prefix</c>, a relative one taken from its php-fpm's global prefix
    /// (<see cref="PhpFpmPaths.PoolPrefix"/>); null when unset.</summary>
    public string? Prefix => PhpFpmPaths.PoolPrefix(Get("prefix"), Install.GlobalPrefix);

    /// <summary>The address php-fpm binds for <c>listen</c>: a relative Unix socket taken from <see cref="Prefix"/>, else
    /// the global prefix (<see cref="PhpFpmPaths.Listen"/>); null when unset. A socket taken from a prefix ConfLint cannot
    /// know does not start with <c>/</c>.</summary>
    public string? ListenAddress => Get("listen") is { } listen ? PhpFpmPaths.Listen(listen.Trim(), Prefix, Install.GlobalPrefix) : null;

    /// <summary>
    /// The folder the pool's children <c>chroot()</c> into (fpm_unix_init_child, before <c>chdir</c> and the switch to
    /// <c>user</c>): <c>chroot</c> with <c>$pool</c> expanded, a relative one taken from the prefix as
    /// fpm_evaluate_full_path does (<see cref="PhpFpmPaths.Chroot"/>); null when unset or empty, and where php-fpm refuses
    /// it ("the chroot path '...' must start with a '/'": still relative after the prefix, or taken from a prefix ConfLint
    /// cannot know) or where it changes nothing (<c>/</c>). Under it, the paths a child opens (the
    /// <c>SCRIPT_FILENAME</c> a front end sends, <c>php_admin_value</c>s) are paths inside this folder; the listening
    /// socket is the master's, a path on the host.
    /// </summary>
    public string? Chroot => Get("chroot") is { } value && value.Trim() is { Length: > 0 } written
        && PhpFpmPaths.Chroot(written, Prefix, Install.GlobalPrefix) is { } path && PhpFpmPaths.IsKnown(path)
        && RootedFileSystem.Normalize(path).TrimEnd('/') is { Length: > 0 } folder ? folder : null;

    /// <summary>The pool's user (mandatory when php-fpm starts as root).</summary>
    public string? User => Get("user");

    /// <summary>The pool's group; unset, the user's primary group (/etc/passwd), else a group of the user's name.</summary>
    public string? Group => Get("group") is { Length: > 0 } group ? group : User is { } user ? Install.Accounts.PrimaryGroup(user) ?? user : null;

    /// <summary>The user the pool's children run as: its <c>user</c> under a root master; a master that is not root cannot
    /// switch, and its children run as the master's user (php-fpm: "'user' directive is ignored").</summary>
    public RunAs Children => Install.Master.IsRoot && User is { Length: > 0 } user
        ? new RunAs(user, Group, $"user = {user} in {Describe()}", true)
        : Install.Master;

    /// <summary>Whether POSIX ACLs decide who may connect: <c>listen.acl_users</c> or <c>listen.acl_groups</c> is set and
    /// not empty. php-fpm then adds a read-write entry for each user and group named, and ignores <c>listen.owner</c> and
    /// <c>listen.group</c> ("ACL set, listen.owner = '...' is ignored": fpm_unix_resolve_socket_premissions): the socket
    /// keeps the master's user and group, with <c>listen.mode</c>.</summary>
    public bool UsesAcl => Get("listen.acl_users") is { Length: > 0 } || Get("listen.acl_groups") is { Length: > 0 };

    /// <summary>The socket's owner: <c>listen.owner</c>, else whoever creates it, the master (php-fpm only chowns the socket
    /// when listen.owner or listen.group is set and no ACL is: fpm_unix_set_socket_premissions).</summary>
    public string ListenOwner => !UsesAcl && Get("listen.owner") is { Length: > 0 } owner ? owner : Install.Master.User;

    /// <summary>The socket's group: <c>listen.group</c>, else the primary group of <c>listen.owner</c> when that is set, else
    /// the master's group (always the master's where ACLs are set).</summary>
    public string? ListenGroup => UsesAcl ? Install.Master.Group
        : Get("listen.group") is { Length: > 0 } group ? group
        : Get("listen.owner") is { Length: > 0 } owner ? Install.Accounts.PrimaryGroup(owner)
        : Install.Master.Group;

    /// <summary>Whether the socket's owner and group are written in the pool, or known from a master whose user the root shows.</summary>
    public bool ListenOwnershipKnown => (!UsesAcl && Get("listen.owner") is { Length: > 0 }) || Install.Master.Proven;

    /// <summary><c>listen.mode</c>, 0660 by default.</summary>
    public string ListenMode => Get("listen.mode") is { Length: > 0 } mode ? mode : "0660";

    public long? Integer(string key) => Get(key) is { } value && PhpFpmValues.TryParseInteger(value, out var number) ? number : null;

    /// <summary><c>request_terminate_timeout</c>; 0 (the default) means never.</summary>
    public Duration? RequestTerminateTimeout =>
        Get("request_terminate_timeout") is { } value && PhpFpmValues.TryParseTime(value, out var seconds) && seconds > 0 ? Duration.FromSeconds(seconds) : null;

    /// <summary>A php.ini setting the pool sets with <c>php_admin_value[...]</c> or <c>php_value[...]</c> (admin wins).</summary>
    public (string Value, PhpFpmEntry Entry, ConfigFile File)? PhpSetting(string name)
    {
        foreach (var key in new[] { $"php_admin_value[{name}]", $"php_value[{name}]" })
        {
            if (Entry(key) is var (entry, file) && Get(key) is { } value)
            {
                return (value, entry, file);
            }
        }

        return null;
    }

    /// <summary>
    /// A php.ini setting as the pool's children see it: the pool's <c>php_admin_value</c>/<c>php_value</c>, else its
    /// installation's php.ini and scan folder, else PHP's built-in value when the layout is known (PHP runs without a
    /// php.ini on its defaults); null when it cannot be known.
    /// </summary>
    public PhpValue? Php(string name)
    {
        if (PhpSetting(name) is var (value, entry, file))
        {
            return new PhpValue(value, $"{entry.Key} of {Describe()}", entry.Location) { File = file };
        }

        if (Install.Ini.Get(name) is { } ini)
        {
            return new PhpValue(ini.Value, ini.Location.Path, ini.Location);
        }

        return Install.Ini.IsKnown && !Install.Ini.Unresolved.Contains(name) && PhpDefaults.TryGetValue(name, out var builtIn)
            ? new PhpValue(builtIn, $"PHP's built-in default: no php.ini of {Install.Describe()} sets it", null)
            : null;
    }

    /// <summary>The <c>memory_limit</c> each child may reach; null when unknown or unlimited (-1, see <see cref="MemoryUnlimited"/>).</summary>
    public ByteSize? MemoryLimit =>
        Php("memory_limit") is { } setting && PhpFpmValues.TryParseSize(setting.Value, out var bytes) && bytes > 0 ? new ByteSize(bytes) : null;

    /// <summary><c>memory_limit = -1</c>: a child may take any amount.</summary>
    public bool MemoryUnlimited => Php("memory_limit") is { } setting && setting.Value.Trim() == "-1";

    public override string Describe() => Version is null ? $"pool '{PoolName}'" : $"PHP {Version} pool '{PoolName}'";

    private static readonly Dictionary<string, string> EmptyEnvironment = new();
}

/// <summary>A php.ini setting as a pool sees it: its value, where it comes from (for messages: the php.ini's path, the pool's
/// <c>php_admin_value[...]</c>, PHP's built-in default), and where it is written (null for PHP's default).</summary>
public sealed record PhpValue(string Value, string Source, ConfLint.Diagnostics.Location? Location)
{
    /// <summary>The pool file that writes it, when the pool does.</summary>
    public ConfigFile? File { get; init; }
}
