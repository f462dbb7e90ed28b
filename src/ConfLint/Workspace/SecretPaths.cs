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

    public static bool IsSecret(string serverPath)
    {
        var normalized = RootedFileSystem.Normalize(serverPath);
        return Secrets.Any(s => normalized == s || normalized.StartsWith(s + "/", StringComparison.Ordinal));
    }
}
