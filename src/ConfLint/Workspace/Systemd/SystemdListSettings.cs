namespace ConfLint.Workspace.Systemd;

/// <summary>
/// The settings that systemd accumulates when they are assigned more than once, and resets with an empty
/// assignment (the manual pages say "may be specified more than once" and "if the empty string is assigned
/// ... the list is reset"): systemd.unit(5), systemd.service(5), systemd.socket(5), systemd.exec(5),
/// systemd.resource-control(5), systemd.timer(5), systemd.path(5). Every other setting is single-valued:
/// the last assignment wins, and an empty one restores the default.
/// </summary>
public static class SystemdListSettings
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        // [Unit] dependencies and documentation.
        "Documentation", "Wants", "Requires", "Requisite", "BindsTo", "PartOf", "Upholds", "Conflicts", "Before", "After",
        "OnFailure", "OnSuccess", "PropagatesReloadTo", "ReloadPropagatedFrom", "PropagatesStopTo", "StopPropagatedFrom",
        "JoinsNamespaceOf", "RequiresMountsFor",

        // [Install].
        "Alias", "WantedBy", "RequiredBy", "UpheldBy", "Also",

        // Commands ([Service], [Socket]).
        "ExecCondition", "ExecStartPre", "ExecStart", "ExecStartPost", "ExecReload", "ExecStop", "ExecStopPre", "ExecStopPost",

        // [Service].
        "RestartPreventExitStatus", "RestartForceExitStatus", "SuccessExitStatus", "Sockets", "OpenFile",

        // [Socket].
        "ListenStream", "ListenDatagram", "ListenSequentialPacket", "ListenFIFO", "ListenSpecial", "ListenNetlink",
        "ListenMessageQueue", "ListenUSBFunction", "Symlinks",

        // Execution environment.
        "Environment", "EnvironmentFile", "PassEnvironment", "UnsetEnvironment", "ReadWritePaths", "ReadOnlyPaths",
        "InaccessiblePaths", "ExecPaths", "NoExecPaths", "ExecSearchPath", "BindPaths", "BindReadOnlyPaths",
        "TemporaryFileSystem", "SupplementaryGroups", "RuntimeDirectory", "StateDirectory", "CacheDirectory",
        "LogsDirectory", "ConfigurationDirectory", "LoadCredential", "LoadCredentialEncrypted", "SetCredential",
        "SetCredentialEncrypted", "ImportCredential", "LogExtraFields", "SystemCallFilter", "SystemCallArchitectures",
        "SystemCallLog", "RestrictAddressFamilies", "RestrictFileSystems", "RestrictNetworkInterfaces",
        "CapabilityBoundingSet", "AmbientCapabilities", "ExtensionImages", "ExtensionDirectories", "MountImages",
        "CPUAffinity", "StandardInputText", "StandardInputData",

        // Resource control.
        "DeviceAllow", "IPAddressAllow", "IPAddressDeny", "IPIngressFilterPath", "IPEgressFilterPath", "SocketBindAllow",
        "SocketBindDeny", "IODeviceWeight", "IOReadBandwidthMax", "IOWriteBandwidthMax", "IOReadIOPSMax", "IOWriteIOPSMax",
        "IODeviceLatencyTargetSec", "BlockIODeviceWeight", "BlockIOReadBandwidth", "BlockIOWriteBandwidth",
        "DisableControllers", "BPFProgram",

        // [Timer] and [Path].
        "OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec", "OnUnitInactiveSec", "OnCalendar",
        "PathExists", "PathExistsGlob", "PathChanged", "PathModified", "DirectoryNotEmpty",
    };

    /// <summary>Whether assignments of <paramref name="key"/> accumulate (conditions and asserts do too).</summary>
    public static bool IsList(string key) =>
        Keys.Contains(key) || key.StartsWith("Condition", StringComparison.Ordinal) || key.StartsWith("Assert", StringComparison.Ordinal);
}
