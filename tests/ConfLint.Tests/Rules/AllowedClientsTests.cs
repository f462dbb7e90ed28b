using System.Net;
using ConfLint.Rules.Support;

namespace ConfLint.Tests.Rules;

/// <summary><c>listen.allowed_clients</c> as a PHP-FPM 8.2 child reads it: cut at commas, each piece by inet_pton.</summary>
public sealed class AllowedClientsTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData(" 127.0.0.1", false)]
    [InlineData("127.0.0.1 ", false)]
    [InlineData("localhost", false)]
    [InlineData("any", false)]
    [InlineData("127.000.0.1", false)]
    [InlineData("127.1", false)]
    [InlineData("[::1]", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("10.0.0.0/8", false)]
    [InlineData("", false)]
    public void Each_piece_is_read_as_inet_pton_reads_it(string piece, bool isAddress)
    {
        Assert.Equal(isAddress, AllowedClients.Read(piece) is not null);
    }

    [Fact]
    public void A_client_is_admitted_by_its_own_family_or_mapped_on_an_ipv6_socket()
    {
        var v6Only = AllowedClients.Parse("::1");
        Assert.False(v6Only.Admits(IPAddress.Loopback, socketMayBeIpv6: true));
        Assert.True(v6Only.Admits(IPAddress.IPv6Loopback, socketMayBeIpv6: true));

        var v4 = AllowedClients.Parse("10.0.0.5, 127.0.0.1");
        Assert.Equal(["10.0.0.5"], v4.Addresses.Select(a => a.ToString()));
        Assert.Equal([" 127.0.0.1"], v4.Unreadable);
        Assert.False(v4.Admits(IPAddress.Loopback, socketMayBeIpv6: false));

        var mapped = AllowedClients.Parse("::ffff:127.0.0.1");
        Assert.True(mapped.Admits(IPAddress.Loopback, socketMayBeIpv6: true));
        Assert.False(mapped.Admits(IPAddress.Loopback, socketMayBeIpv6: false));
        Assert.True(AllowedClients.Parse("127.0.0.1").Admits(IPAddress.Loopback, socketMayBeIpv6: true));
    }
}
