using System.Net;
using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Proxmox VE's pveproxy as PVE/Service/pveproxy.pm, pve-common's PVE/Daemon.pm and pve-http-server read it: port
/// 8006 compiled in, HTTPS only, <c>LISTEN_IP</c> of /etc/default/pveproxy (sourced by bash) or <c>::</c> (0.0.0.0 without
/// IPv6 in the kernel), and the access list <c>ALLOW_FROM</c>/<c>DENY_FROM</c>/<c>POLICY</c> as Net::IP and
/// <c>check_host_access</c> read it.</summary>
public class PveproxyReaderTests
{
    private const string Unit = "[Unit]\nDescription=PVE API Proxy Server\n\n[Service]\nExecStart=/usr/bin/pveproxy {0}\nExecStop=/usr/bin/pveproxy stop\nType=forking\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Tree(string? defaults = null, string command = "start")
    {
        var tree = new TempTree().Write("lib/systemd/system/pveproxy.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Unit, command));
        if (defaults is not null)
        {
            tree.Write("etc/default/pveproxy", defaults);
        }

        return tree;
    }

    private static AppServer Server(TempTree tree) =>
        HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "pveproxy.service").Server!;

    private static string Binds(AppServer server) => string.Join(" ", server.Binds.Select(b => $"{b.Endpoint.Describe()}/{b.Tls}"));

    [Fact]
    public void Without_its_file_it_serves_HTTPS_on_8006_on_every_address_and_allows_everyone()
    {
        using var tree = Tree();
        var server = Server(tree);
        Assert.Equal("pveproxy", server.Program);
        Assert.False(server.BindsUnknown);
        Assert.Equal("[::]:8006/Yes", Binds(server));
        Assert.Contains("no setting serves plain HTTP", server.Binds[0].TlsEvidence, StringComparison.Ordinal);
        var access = server.PveproxyAccess!;
        Assert.Null(access.Unreadable);
        Assert.True(access.PolicyAllows);
        Assert.Equal((true, "it matches neither list, and POLICY is allow"), access.Decide(IPAddress.Loopback));
    }

    [Fact]
    public void Only_start_runs_the_server()
    {
        using var tree = Tree(command: "status");
        Assert.Empty(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>());
    }

    [Theory]
    [InlineData("LISTEN_IP=\"192.0.2.1\"\n", "192.0.2.1:8006/Yes")]
    [InlineData("LISTEN_IP='2001:db8:85a3::1'\n", "[2001:db8:85a3::1]:8006/Yes")]
    [InlineData("export LISTEN_IP=0.0.0.0\n", "0.0.0.0:8006/Yes")]
    [InlineData("NET=192.0.2\nLISTEN_IP=\"$NET.1\"\n", "192.0.2.1:8006/Yes")]
    [InlineData("LISTEN_IP=\"\"\n", "[::]:8006/Yes")]
    public void Listen_ip_is_the_address_bash_leaves(string defaults, string expected)
    {
        using var tree = Tree(defaults);
        var server = Server(tree);
        Assert.False(server.BindsUnknown, string.Join("; ", server.Unknowns));
        Assert.Equal(expected, Binds(server));
    }

    [Fact]
    public void A_written_listen_ip_is_located_at_its_value()
    {
        using var tree = Tree("# the management network only\nLISTEN_IP=\"192.0.2.1\"\n");
        var bind = Server(tree).Binds.Single();
        Assert.Equal("etc/default/pveproxy:2:11", $"{bind.Location.Path}:{bind.Location.Start.Line}:{bind.Location.Start.Column}");
    }

    [Theory]
    [InlineData("LISTEN_IP=\"fe80::c463:8cff:feb9:6a4e%vmbr0\"\n")]
    [InlineData("LISTEN_IP=\"pve1.example.lan\"\n")]
    [InlineData("LISTEN_IP=\"$(hostname -i)\"\n")]
    [InlineData("if true; then LISTEN_IP=192.0.2.1; fi\n")]
    public void A_listen_ip_ConfLint_cannot_place_leaves_the_address_unknown(string defaults)
    {
        using var tree = Tree(defaults);
        var server = Server(tree);
        Assert.True(server.BindsUnknown);
        Assert.Empty(server.Binds);
    }

    [Theory]
    [InlineData("etc/kernel/cmdline", "root=ZFS=rpool/ROOT/pve-1 boot=zfs ipv6.disable=1\n", "0.0.0.0:8006/Yes")]
    [InlineData("etc/default/grub", "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet ipv6.disable=1\"\nGRUB_CMDLINE_LINUX=\"\"\n", "0.0.0.0:8006/Yes")]
    [InlineData("etc/default/grub", "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet ipv6.disable=0\"\n", "[::]:8006/Yes")]
    public void Without_IPv6_in_the_kernel_it_binds_every_IPv4_address(string file, string content, string expected)
    {
        using var tree = Tree().Write(file, content);
        Assert.Equal(expected, Binds(Server(tree)));
    }

    [Fact]
    public void Bindv6only_makes_the_wildcard_socket_IPv6_only_which_is_not_placed()
    {
        using var tree = Tree().Write("etc/sysctl.d/90-v6only.conf", "net.ipv6.bindv6only = 1\n");
        var server = Server(tree);
        Assert.True(server.BindsUnknown);
        Assert.Contains("bindv6only = 1", string.Join("; ", server.Unknowns), StringComparison.Ordinal);
    }

    [Fact]
    public void The_access_list_is_read_as_bash_leaves_it_with_each_settings_place()
    {
        using var tree = Tree("# review 2025-03\nNET=\"192.168.10.0/24\"\nALLOW_FROM=\"$NET,10.0.0.1-10.0.0.5\"\nexport DENY_FROM=all\nPOLICY=\"allow\"\n");
        var access = Server(tree).PveproxyAccess!;
        Assert.Null(access.Unreadable);
        Assert.Equal("192.168.10.0/24,10.0.0.1-10.0.0.5", access.Allow.Value);
        Assert.Equal(3, access.Allow.At!.Start.Line);
        Assert.Equal("\"$NET,10.0.0.1-10.0.0.5\"", access.Allow.Written);
        Assert.Equal("all", access.Deny.Value);
        Assert.Equal("all", access.Deny.Written);
        Assert.Equal(4, access.Deny.At!.Start.Line);
        Assert.Equal((false, "it matches DENY_FROM only (denied under either POLICY)"), access.Decide(IPAddress.Loopback));
        Assert.Equal((true, "it matches both lists, and POLICY is allow"), access.Decide(IPAddress.Parse("192.168.10.40")));
        Assert.Equal((true, "it matches both lists, and POLICY is allow"), access.Decide(IPAddress.Parse("::ffff:10.0.0.3")));
        Assert.False(access.Decide(IPAddress.Parse("10.0.0.6")).Allowed);
        Assert.False(access.Decide(IPAddress.IPv6Loopback).Allowed);
    }

    [Theory]
    [InlineData("ALLOW_FROM=\"127.0.0.1, ::1\"\n", "' ::1'")]
    [InlineData("ALLOW_FROM=\"localhost\"\n", "'localhost'")]
    [InlineData("DENY_FROM=\"192.168.10.1/24\"\n", "'192.168.10.1/24'")]
    [InlineData("ALLOW_FROM=\"$(hostname -i)\"\n", "ALLOW_FROM (/etc/default/pveproxy:1 gives it a value bash computes) is not known")]
    [InlineData("POLICY=\"Deny\"\n", "neither allow nor deny")]
    [InlineData(". /etc/pve/local/acl\n", "runs commands whose effect ConfLint does not work out")]
    public void A_list_ConfLint_does_not_read_as_pveproxy_does_is_unreadable(string defaults, string why)
    {
        using var tree = Tree(defaults);
        var access = Server(tree).PveproxyAccess!;
        Assert.NotNull(access.Unreadable);
        Assert.Contains(why, access.Unreadable, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all", "203.0.113.9", null)]
    [InlineData("all", "2001:db8::1", null)]
    [InlineData("127.0.0.1", "127.0.0.1", "127.0.0.2")]
    [InlineData("10/8", "10.255.255.255", "11.0.0.0")]
    [InlineData("192.168.10.0/24", "192.168.10.200", "192.168.11.0")]
    [InlineData("10.0.0.1-10.0.0.5", "10.0.0.5", "10.0.0.6")]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1", "::1")]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", "2001:db9::")]
    [InlineData("::1", "::1", "127.0.0.1")]
    public void Pieces_are_read_as_Net_IP_reads_them(string list, string inside, string? outside)
    {
        var ranges = PveproxyAccess.ParseList(list, out var unreadable)!;
        Assert.Null(unreadable);
        Assert.Contains(ranges, r => r.Contains(IPAddress.Parse(inside)));
        if (outside is not null)
        {
            Assert.DoesNotContain(ranges, r => r.Contains(IPAddress.Parse(outside)));
        }
    }

    [Theory]
    [InlineData(" 127.0.0.1")]
    [InlineData("127.1")]
    [InlineData("ALL")]
    [InlineData("10.0.0.5-10.0.0.1")]
    [InlineData("10.0.0.0 + 255")]
    [InlineData("192.168.10.1/24")]
    [InlineData("fe80::1%vmbr0")]
    [InlineData("")]
    public void Pieces_Net_IP_refuses_or_ConfLint_does_not_read_are_not_taken(string piece)
    {
        Assert.Null(PveproxyAccess.ParseRange(piece));
    }

    [Theory]
    [InlineData("deny", "127.0.0.1", "", true, "it matches ALLOW_FROM only")]
    [InlineData("deny", "", "127.0.0.1", false, "it matches DENY_FROM only (denied under either POLICY)")]
    [InlineData("deny", "", "", false, "it matches neither list, and POLICY is deny")]
    [InlineData("deny", "127.0.0.1", "all", false, "it matches both lists, and POLICY is deny")]
    [InlineData("allow", "", "all", false, "it matches DENY_FROM only (denied under either POLICY)")]
    [InlineData("allow", "", "", true, "it matches neither list, and POLICY is allow")]
    [InlineData("allow", "127.0.0.0/8", "all", true, "it matches both lists, and POLICY is allow")]
    public void Check_host_access_follows_pveproxys_table(string policy, string allow, string deny, bool allowed, string why)
    {
        using var tree = Tree($"ALLOW_FROM=\"{allow}\"\nDENY_FROM=\"{deny}\"\nPOLICY=\"{policy}\"\n");
        Assert.Equal((allowed, why), Server(tree).PveproxyAccess!.Decide(IPAddress.Loopback));
    }
}
