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

    internal FpmPool(string name, PhpFpmSection section, ConfigFile file, ConfigFile mainFile, string? version)
        : base($"pool '{name}'", file)
    {
        PoolName = name;
        Section = section;
        MainFile = mainFile;
        Version = version;
    }

    public string PoolName { get; }

    /// <summary>The first section header of the pool.</summary>
    public PhpFpmSection Section { get; }

    /// <summary>The php-fpm.conf this pool was read from.</summary>
    public ConfigFile MainFile { get; }

    /// <summary>The PHP version from the path (<c>/etc/php/8.2/fpm</c> gives 8.2), when there is one.</summary>
    public string? Version { get; }

    public override BackendProtocol Protocol => BackendProtocol.FastCgi;

    internal void Set(PhpFpmEntry entry, ConfigFile file) => _values[entry.Key] = (entry, file);

    /// <summary>The entry that sets <paramref name="key"/> (the last one), or null.</summary>
    public (PhpFpmEntry Entry, ConfigFile File)? Entry(string key) => _values.TryGetValue(key, out var found) ? found : null;

    /// <summary>The value of <paramref name="key"/> with <c>$pool</c> expanded, or null when unset.</summary>
    public string? Get(string key) =>
        _values.TryGetValue(key, out var found) ? PhpFpmValues.Expand(found.Entry, PoolName, EmptyEnvironment) : null;

    public IEnumerable<(PhpFpmEntry Entry, ConfigFile File)> Entries => _values.Values;

    /// <summary>The pool's user (mandatory when php-fpm starts as root).</summary>
    public string? User => Get("user");

    /// <summary>The pool's group; unset, the user's own group, which on Debian has the user's name.</summary>
    public string? Group => Get("group") is { Length: > 0 } group ? group : User;

    public string? ListenOwner => Get("listen.owner") is { Length: > 0 } owner ? owner : User;

    public string? ListenGroup => Get("listen.group") is { Length: > 0 } group ? group : Group;

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

    /// <summary><c>memory_limit</c> set in the pool, in bytes; null when unset or unlimited (-1).</summary>
    public ByteSize? MemoryLimit =>
        PhpSetting("memory_limit") is { } setting && PhpFpmValues.TryParseSize(setting.Value, out var bytes) && bytes > 0 ? new ByteSize(bytes) : null;

    public override string Describe() => Version is null ? $"pool '{PoolName}'" : $"PHP {Version} pool '{PoolName}'";

    private static readonly Dictionary<string, string> EmptyEnvironment = new();
}
