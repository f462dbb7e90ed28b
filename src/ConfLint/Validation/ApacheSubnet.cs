using System.Net;
using System.Net.Sockets;

namespace ConfLint.Validation;

/// <summary>
/// APR's <c>apr_ipsubnet_create</c> as Require ip, Allow and Deny read an address: a word of digits and dots is IPv4 (up
/// to four parts, each at most 255; "10.1" is a network), a word with ':' is IPv6, anything else is not an address
/// (EINVAL); after '/' a mask of bits (at most 32 or 128) or a dotted mask.
/// </summary>
internal static class ApacheSubnet
{
    /// <summary>What APR refuses: Reason is its message (APR_EBADIP, APR_EBADMASK), or null where the word is no address at
    /// all (EINVAL). Null where the subnet is taken.</summary>
    public static (string? Reason, bool Invalid)? Problem(string word)
    {
        var slash = word.IndexOf('/', StringComparison.Ordinal);
        var ip = slash < 0 ? word : word[..slash];
        var mask = slash < 0 ? null : word[(slash + 1)..];
        var v6 = ip.Contains(':', StringComparison.Ordinal);
        if (ip.Length == 0 || (!v6 && ip.Any(c => !char.IsAsciiDigit(c) && c != '.')))
        {
            return (null, true);
        }

        if (v6 ? !IPAddress.TryParse(ip, out var six) || six.AddressFamily != AddressFamily.InterNetworkV6 : !IsNetwork(ip))
        {
            return ("The specified IP address is invalid.", false);
        }

        if (mask is null)
        {
            return null;
        }

        var bits = mask.Length > 0 && mask.All(char.IsAsciiDigit) && mask.Length < 4 ? int.Parse(mask, System.Globalization.CultureInfo.InvariantCulture) : -1;
        var dotted = !v6 && mask.Count(c => c == '.') == 3 && IPAddress.TryParse(mask, out _);
        return (bits >= 0 && bits <= (v6 ? 128 : 32)) || dotted ? null : ("The specified network mask is invalid.", false);
    }

    /// <summary>APR's parse_network: one to four dot-separated numbers of at most 255, a trailing dot allowed ("10.").</summary>
    private static bool IsNetwork(string ip)
    {
        var parts = ip.EndsWith('.') ? ip[..^1].Split('.') : ip.Split('.');
        return parts.Length is >= 1 and <= 4
            && parts.All(p => p.Length is > 0 and <= 3 && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }
}
