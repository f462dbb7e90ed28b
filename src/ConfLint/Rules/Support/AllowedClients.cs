using System.Net;
using System.Net.Sockets;

namespace ConfLint.Rules.Support;

/// <summary>
/// <c>listen.allowed_clients</c> as a PHP-FPM 8.2 child reads it (<c>fcgi_set_allowed_clients</c> in php-src's
/// <c>main/fastcgi.c</c>, called for TCP pools only): the value is cut at every comma and nothing else, each piece read by
/// <c>inet_pton</c> as IPv4, else IPv6, so blanks around a comma, host names and the word <c>any</c> are no address; each
/// such piece is dropped with <c>Wrong IP address '...' in listen.allowed_clients</c>, and with none left the child says
/// <c>There are no allowed addresses</c> and refuses every connection. <c>fcgi_is_allowed</c> then admits an IPv4 peer
/// that equals an IPv4 entry; on an IPv6 socket an IPv4 peer arrives as <c>::ffff:a.b.c.d</c> and is admitted by that IPv4
/// entry or by the mapped IPv6 entry; an IPv6 peer is admitted by an equal IPv6 entry.
/// </summary>
internal sealed class AllowedClients
{
    private AllowedClients(IReadOnlyList<string> pieces, IReadOnlyList<IPAddress> addresses)
    {
        Pieces = pieces;
        Addresses = addresses;
    }

    /// <summary>The pieces between commas, as written.</summary>
    public IReadOnlyList<string> Pieces { get; }

    /// <summary>The addresses php-fpm admits.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>The pieces php-fpm cannot read as an address, and drops.</summary>
    public IEnumerable<string> Unreadable => Pieces.Where(p => Read(p) is null);

    public static AllowedClients Parse(string value)
    {
        var pieces = value.Split(',');
        return new AllowedClients(pieces, pieces.Select(Read).OfType<IPAddress>().ToList());
    }

    /// <summary>Whether a connection from <paramref name="peer"/> is admitted; <paramref name="socketMayBeIpv6"/> when the pool's
    /// socket may be an IPv6 one (a bare port, <c>[::]</c>, an IPv6 address or a name), where IPv4 peers arrive mapped.</summary>
    public bool Admits(IPAddress peer, bool socketMayBeIpv6)
    {
        if (Addresses.Contains(peer))
        {
            return true;
        }

        return peer.AddressFamily == AddressFamily.InterNetwork && socketMayBeIpv6 && Addresses.Contains(peer.MapToIPv6());
    }

    /// <summary>An address as <c>inet_pton</c> reads it: four decimal parts for IPv4 (no blanks, no leading zeros, no
    /// shortened forms), or an IPv6 address without brackets, zone or blanks; null for anything else.</summary>
    public static IPAddress? Read(string text)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiHexDigit(c) || c is '.' or ':')))
        {
            return null;
        }

        if (!text.Contains(':'))
        {
            var parts = text.Split('.');
            return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && !p.AsSpan().ContainsAnyExceptInRange('0', '9') && (p.Length == 1 || p[0] != '0') && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255)
                ? IPAddress.Parse(text)
                : null;
        }

        return IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 ? address : null;
    }

    /// <summary>An address as php-fpm writes it in its log (an IPv4-mapped IPv6 address as IPv4).</summary>
    public static string Text(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
}
