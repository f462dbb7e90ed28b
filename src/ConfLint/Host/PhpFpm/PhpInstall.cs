using ConfLint.Host.Systemd;
using ConfLint.Knowledge;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Workspace;

namespace ConfLint.Host.PhpFpm;

/// <summary>
/// One PHP-FPM installation: its main php-fpm.conf and the pools read from it, where its layout keeps php.ini and the
/// scan folder (<see cref="PhpLayouts"/>) and the settings they hold, the systemd service that runs it, and the user
/// its master process runs as.
/// </summary>
public sealed class PhpInstall
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly Dictionary<string, PhpFpmEntry> _globals = new(StringComparer.OrdinalIgnoreCase);

    internal PhpInstall(ConfigFile fpmConfig, PhpInstallPaths? paths, string? version, HostAccounts accounts)
    {
        FpmConfig = fpmConfig;
        Paths = paths;
        Version = version;
        Accounts = accounts;
    }

    public ConfigFile FpmConfig { get; }

    /// <summary>Where the layout keeps the installation's files; null for a php-fpm.conf in no known layout.</summary>
    public PhpInstallPaths? Paths { get; }

    /// <summary>The PHP version its paths name (<c>8.2</c>), or null.</summary>
    public string? Version { get; }

    public HostAccounts Accounts { get; }

    public List<FpmPool> Pools { get; } = [];

    /// <summary>Its main file is a pool file read on its own (<see cref="FpmPoolFiles.MayBeCompletedElsewhere"/>): a
    /// setting its pools lack may stand in a file of the same include folder that ConfLint did not read.</summary>
    public bool MayBeCompletedElsewhere { get; internal set; }

    /// <summary>A <c>[global]</c> setting of its php-fpm.conf (<c>events.mechanism</c>), the last one read; null when unset.</summary>
    public string? Global(string key) => _globals.TryGetValue(key, out var found) ? PhpFpmValues.Expand(found, null, NoEnvironment) : null;

    /// <summary>The entry that sets a <c>[global]</c> key, or null.</summary>
    public PhpFpmEntry? GlobalEntry(string key) => _globals.GetValueOrDefault(key);

    internal void SetGlobal(PhpFpmEntry entry) => _globals[entry.Key] = entry;

    /// <summary>The prefix its pools' relative paths are taken from when they set none (<see cref="PhpFpmPaths.GlobalPrefix"/>):
    /// the <c>-p</c> of the command that runs it, else the prefix its layout's build has, else
    /// <see cref="PhpFpmPaths.UnknownPrefix"/>.</summary>
    public string GlobalPrefix { get; internal set; } = PhpFpmPaths.UnknownPrefix;

    /// <summary>The php.ini settings of its FPM SAPI; <see cref="PhpIni.Unknown"/> when the layout is not known.</summary>
    public PhpIni Ini { get; internal set; } = PhpIni.Unknown;

    /// <summary>The systemd service that starts it, when the root has one.</summary>
    public ServiceBackEnd? Service { get; internal set; }

    /// <summary>The supervisord program that runs it (<c>command=php-fpm83 -F</c>), when the root has one and no service does.</summary>
    public Supervisor.SupervisorBackEnd? Supervisor { get; internal set; }

    /// <summary>Who the master process runs as: root, unless a unit's <c>User=</c> or a container's user says otherwise.</summary>
    public RunAs Master { get; internal set; } = RunAs.AssumedRoot;

    /// <summary>For messages: "PHP 8.2", "PHP-FPM of usr/local/etc/php-fpm.conf".</summary>
    public string Describe() => Version is null ? $"PHP-FPM of {FpmConfig.DisplayPath}" : $"PHP {Version}";

    /// <summary>Whether a service's php-fpm command runs this installation: it names this php-fpm.conf (<c>-y</c>,
    /// <c>--fpm-config</c>), or runs the binary that reads it by default and names no other.</summary>
    internal bool IsRunBy(string? configOption, string program, string programPath)
    {
        if (configOption is not null)
        {
            return configOption == FpmConfig.ServerPath || configOption == FpmConfig.ResolvedPath;
        }

        return Paths is not null && Paths.Binaries.Any(b => b.StartsWith('/') ? b == programPath : b == program);
    }
}
