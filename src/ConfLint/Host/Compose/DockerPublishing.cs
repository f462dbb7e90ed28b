using System.Net;
using System.Text.Json;
using ConfLint.Host.Systemd;

namespace ConfLint.Host.Compose;

/// <summary>
/// Where Docker binds a published port whose Compose entry names no host address (<c>"8081:80"</c>, long syntax without
/// <c>host_ip</c>): on the daemon's default binding address, <c>ip</c> of <c>/etc/docker/daemon.json</c> (dockerd's
/// <c>--ip</c>, "Default IP when binding container ports", 0.0.0.0 unless set). For the unspecified default Docker binds
/// the port on every IPv4 address and on every IPv6 one (docker-proxy or the daemon listen on 0.0.0.0 and [::];
/// <c>docker ps</c> shows <c>0.0.0.0:8081->80/tcp, :::8081->80/tcp</c>), so a front end connecting to <c>[::1]:8081</c>
/// reaches it as one connecting to 127.0.0.1:8081 does; where the root shows the kernel has no IPv6
/// (<c>ipv6.disable=1</c>), on IPv4 only. An address written in the entry (<c>127.0.0.1:8081:80</c>,
/// <c>[::1]:8081:80</c>, <c>host_ip</c>) is kept as written. dockerd's own command line (<c>--ip</c> in a unit) is not read.
/// </summary>
public sealed record DockerPublishing(string Host, string Said)
{
    private const string DaemonJson = "/etc/docker/daemon.json";

    /// <summary>The address a publication without a host address binds on this host (read once per host): <c>*</c> for every
    /// IPv4 and IPv6 address, else the one address, with what says so.</summary>
    public static DockerPublishing Of(HostModel host) => host.Shared(nameof(DockerPublishing), host, () => Read(host));

    /// <summary>The address of one publication: its own where written, else the daemon's default.</summary>
    public string HostOf(string hostIp) => hostIp.Length == 0 ? Host : hostIp;

    private static DockerPublishing Read(HostModel host)
    {
        if (DefaultIp(host.Files) is { } ip && !ip.Equals("0.0.0.0", StringComparison.Ordinal) && !ip.Equals("::", StringComparison.Ordinal))
        {
            return new(ip, $"on {ip}, the default address of {DaemonJson}'s ip");
        }

        return KernelNetworking.Ipv6Disabled(host.Files) is { } noIpv6
            ? new("0.0.0.0", $"on every IPv4 address ({noIpv6})")
            : new("*", "on every IPv4 and IPv6 address");
    }

    /// <summary><c>ip</c> of <c>/etc/docker/daemon.json</c> where it is an IP address; null where the file, the key or its
    /// reading is missing.</summary>
    private static string? DefaultIp(HostFiles files)
    {
        if (files.Read(DaemonJson) is not { } source)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(source.Text);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("ip", out var ip)
                && ip.ValueKind == JsonValueKind.String && ip.GetString() is { } value && IPAddress.TryParse(value.Trim('[', ']'), out var address)
                ? address.ToString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
