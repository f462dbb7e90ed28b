namespace ConfLint.Workspace;

/// <summary>
/// Server paths ConfLint never reads as configuration, whatever includes them: password hashes, SSH host keys,
/// root's home, and the kernel's views (<c>/proc</c>, <c>/sys</c>). A configuration that includes one would have
/// its first words quoted in a syntax error; on a live root (<c>--root /</c>) that would put secrets in a log.
/// </summary>
public static class SecretPaths
{
    private static readonly string[] Secrets =
        ["/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/security/opasswd", "/etc/ssh", "/root", "/proc", "/sys"];

    /// <summary>The kernel's files ConfLint reads, for numbers and a user id only (memory, a container's first process, its
    /// cgroup's limit): every other file of <c>/proc</c> and <c>/sys</c> (<c>/proc/self/environ</c>, this process's
    /// environment and its secrets) is read by no reader, whatever names it.</summary>
    private static readonly string[] KernelFacts =
        ["/proc/meminfo", "/proc/1/status", "/proc/1/cmdline", "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"];

    /// <summary>Whether no reader may read the file: a secret path that is not one of the kernel's facts.</summary>
    public static bool IsUnreadable(string serverPath)
    {
        var normalized = RootedFileSystem.Normalize(serverPath);
        return IsSecret(normalized) && !KernelFacts.Contains(normalized, StringComparer.Ordinal);
    }

    public static bool IsSecret(string serverPath)
    {
        var normalized = RootedFileSystem.Normalize(serverPath);
        foreach (var secret in Secrets)
        {
            // The path itself or one below it; asked for every file read, so without a string made per secret.
            if (normalized.StartsWith(secret, StringComparison.Ordinal) && (normalized.Length == secret.Length || normalized[secret.Length] == '/'))
            {
                return true;
            }
        }

        return false;
    }
}
