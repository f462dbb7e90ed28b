namespace ConfLint.Host.Systemd;

/// <summary>What the root shows of the kernel's networking settings that decide where a wildcard socket listens: read by
/// Proxmox VE's pveproxy reader (its <c>::</c> or <c>0.0.0.0</c>) and by Docker's publications without a host address
/// (<see cref="Compose.DockerPublishing"/>).</summary>
internal static class KernelNetworking
{
    /// <summary>What shows the kernel has no IPv6 (<c>ipv6.disable=1</c>): the boot loaders' configuration Proxmox VE uses
    /// (<c>/etc/kernel/cmdline</c> of proxmox-boot-tool, GRUB's <c>GRUB_CMDLINE_LINUX</c> and
    /// <c>GRUB_CMDLINE_LINUX_DEFAULT</c> of <c>/etc/default/grub</c>); null where nothing does. The kernel's own
    /// <c>/proc/cmdline</c> is not read (ConfLint reads no file of <c>/proc</c> but a few numbers).</summary>
    public static string? Ipv6Disabled(HostFiles files)
    {
        if (files.Read("/etc/kernel/cmdline") is { } kernel && HasIpv6Disable(kernel.Text))
        {
            return "/etc/kernel/cmdline has ipv6.disable=1";
        }

        if (files.Read("/etc/default/grub") is { } grub && ShellSyntax.Parse(grub.Text) is { Error: null } syntax)
        {
            var variables = ShellScript.VariablesAfter(syntax.Commands, new Dictionary<string, string>(StringComparer.Ordinal), true).Variables;
            foreach (var name in new[] { "GRUB_CMDLINE_LINUX", "GRUB_CMDLINE_LINUX_DEFAULT" })
            {
                if (variables.GetValueOrDefault(name) is { } line && HasIpv6Disable(line))
                {
                    return $"{name} in /etc/default/grub has ipv6.disable=1";
                }
            }
        }

        return null;
    }

    private static bool HasIpv6Disable(string commandLine) =>
        commandLine.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Contains("ipv6.disable=1", StringComparer.Ordinal);
}
