using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// pveproxy's host access list, as pve-http-server reads and applies it. <c>read_proxy_config</c> (PVE/APIServer/Utils.pm)
/// has bash source <c>/etc/default/pveproxy</c> and echo <c>ALLOW_FROM</c>, <c>DENY_FROM</c> and <c>POLICY</c>; an empty value
/// counts as unset. Each list is cut at every comma and nothing else; each piece is <c>all</c> (<c>0/0</c> and <c>::/0</c>)
/// or what <c>Net::IP-&gt;new</c> reads after <c>normalize_v4_in_v6</c> (an IPv4-mapped IPv6 address taken as IPv4): an
/// address, a prefix (<c>192.168.10.0/24</c>, <c>10/8</c>: an IPv4 prefix's missing parts are 0; bits set past the prefix
/// are refused) or a range (<c>10.0.0.1-10.0.0.5</c>). A piece Net::IP refuses makes <c>read_proxy_config</c> die, and
/// pveproxy does not start; <c>POLICY</c> other than <c>allow</c> or <c>deny</c> too. Unset, the policy is <c>allow</c>
/// (AnyEvent.pm's <c>new</c>). <c>accept_connections</c> runs <c>check_host_access</c> on the peer's address (IPv4-mapped
/// taken as IPv4) right after <c>accept()</c> and closes a refused connection at once (logged as 403 in the access log):
/// a peer that matches only <c>ALLOW_FROM</c> is allowed, one that matches only <c>DENY_FROM</c> is denied, and one that
/// matches both or neither gets the policy. pveproxy's own documentation (pve-docs' pveproxy.adoc) gives the same table.
/// </summary>
public sealed class PveproxyAccess
{
    /// <summary>The file bash sources.</summary>
    public const string File = "/etc/default/pveproxy";

    /// <summary>One of the three variables as bash leaves it: its value (null: unset or empty), and where the file assigns
    /// it last (null when the file does not: the default, or pveproxy's environment).</summary>
    /// <param name="ValueAt">The assignment's value as written (its quotes included), for a fix that rewrites it; null where
    /// it is not one piece of one line.</param>
    /// <param name="Written">The value as written there (quotes included).</param>
    public sealed record Setting(string Name, string? Value, Location? At, Location? ValueAt, string? Written)
    {
        /// <summary>For messages: <c>ALLOW_FROM="192.168.10.0/24" (/etc/default/pveproxy:6)</c>, or the default.</summary>
        public string Describe() =>
            At is { } at ? $"{Name}={Written ?? Value} ({at.Path}:{at.Start.Line})"
            : Value is { } value ? $"{Name}={value} (pveproxy's environment)"
            : $"{Name} unset";
    }

    /// <summary>A piece of a list as Net::IP holds it: the first and last address of its range.</summary>
    public sealed record Range(string Text, IPAddress First, IPAddress Last)
    {
        public bool Contains(IPAddress address) =>
            address.AddressFamily == First.AddressFamily && Compare(First, address) <= 0 && Compare(address, Last) <= 0;
    }

    internal PveproxyAccess(Setting allow, Setting deny, Setting policy, IReadOnlyList<Range> allowFrom, IReadOnlyList<Range> denyFrom, SourceText? source)
    {
        Allow = allow;
        Deny = deny;
        Policy = policy;
        AllowFrom = allowFrom;
        DenyFrom = denyFrom;
        Source = source;
    }

    public Setting Allow { get; }

    public Setting Deny { get; }

    public Setting Policy { get; }

    public IReadOnlyList<Range> AllowFrom { get; }

    public IReadOnlyList<Range> DenyFrom { get; }

    /// <summary>The policy pveproxy applies: <c>allow</c> unless <c>POLICY=deny</c>.</summary>
    public bool PolicyAllows => Policy.Value != "deny";

    /// <summary><c>/etc/default/pveproxy</c>'s text, where the root has the file.</summary>
    public SourceText? Source { get; }

    /// <summary>Why the lists or the policy cannot be known as pveproxy reads them (a value bash computes, a piece Net::IP
    /// may read otherwise); null when they can. An access list that is not known is not judged.</summary>
    public string? Unreadable { get; init; }

    /// <summary>Whether pveproxy admits a connection from <paramref name="peer"/> (<c>check_host_access</c>), and why, in the
    /// words of pveproxy's table: "matches DENY_FROM only", "matches neither list, and POLICY is deny".</summary>
    public (bool Allowed, string Why) Decide(IPAddress peer)
    {
        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        var allow = Matches(AllowFrom, address);
        var deny = Matches(DenyFrom, address);
        var policy = PolicyAllows ? "allow" : "deny";
        return (allow, deny) switch
        {
            (true, false) => (true, "it matches ALLOW_FROM only"),
            (false, true) => (false, "it matches DENY_FROM only (denied under either POLICY)"),
            (true, true) => (PolicyAllows, $"it matches both lists, and POLICY is {policy}"),
            _ => (PolicyAllows, $"it matches neither list, and POLICY is {policy}"),
        };
    }

    private static bool Matches(IReadOnlyList<Range> list, IPAddress address)
    {
        foreach (var range in list)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A list as <c>read_proxy_config</c> reads it; null (with the piece it cannot read) where a piece is not one
    /// ConfLint reads as Net::IP does.</summary>
    public static List<Range>? ParseList(string? value, out string? unreadable)
    {
        unreadable = null;
        var ranges = new List<Range>();
        if (string.IsNullOrEmpty(value))
        {
            return ranges;
        }

        foreach (var piece in value.Split(','))
        {
            if (piece == "all")
            {
                ranges.Add(new Range(piece, IPAddress.Any, IPAddress.Broadcast));
                ranges.Add(new Range(piece, IPAddress.IPv6Any, IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
                continue;
            }

            if (ParseRange(piece) is not { } range)
            {
                unreadable = piece;
                return null;
            }

            ranges.Add(range);
        }

        return ranges;
    }

    /// <summary>One piece as Net::IP reads it (<c>ip_normalize</c>): <c>ADDRESS/LENGTH</c> with no bit set past the prefix,
    /// <c>FIRST-LAST</c>, or one address; an IPv4-mapped IPv6 address as its IPv4 one (<c>normalize_v4_in_v6</c>). Null for
    /// anything else (blanks, names, <c>ADDRESS + N</c>, a zone): Net::IP refuses most of them, and ConfLint reads none.</summary>
    public static Range? ParseRange(string piece)
    {
        if (piece.Length == 0 || piece.Any(char.IsWhiteSpace))
        {
            return null;
        }

        var slash = piece.IndexOf('/');
        if (slash > 0)
        {
            return ParsePrefix(piece, piece[..slash], piece[(slash + 1)..]);
        }

        var dash = piece.IndexOf('-');
        if (dash > 0)
        {
            return Address(piece[..dash], shortened: false) is { } first && Address(piece[(dash + 1)..], shortened: false) is { } last
                && first.AddressFamily == last.AddressFamily && Compare(first, last) <= 0
                ? new Range(piece, first, last)
                : null;
        }

        return Address(piece, shortened: false) is { } address ? new Range(piece, address, address) : null;
    }

    private static Range? ParsePrefix(string piece, string addressText, string lengthText)
    {
        if (Address(addressText, shortened: true) is not { } address
            || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        if (length > bytes.Length * 8)
        {
            return null;
        }

        var last = (byte[])bytes.Clone();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((bytes[bit / 8] & mask) != 0)
            {
                // Net::IP's ip_check_prefix: "Invalid prefix": read_proxy_config dies on it.
                return null;
            }

            last[bit / 8] |= mask;
        }

        return new Range(piece, address, new IPAddress(last));
    }

    /// <summary>An address as Net::IP takes it: IPv4 in four decimal parts (with <paramref name="shortened"/>, a prefix's
    /// one to four, the rest 0), or IPv6 without zone or brackets; an IPv4-mapped one as IPv4.</summary>
    private static IPAddress? Address(string text, bool shortened)
    {
        if (text.Contains(':'))
        {
            if (text.Contains('%') || text.Contains('[') || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return null;
            }

            return v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
        }

        var parts = text.Split('.');
        if (parts.Length is < 1 or > 4 || (parts.Length < 4 && !shortened))
        {
            return null;
        }

        var bytes = new byte[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 3 || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return null;
            }
        }

        return new IPAddress(bytes);
    }

    private static int Compare(IPAddress a, IPAddress b)
    {
        var x = a.GetAddressBytes();
        var y = b.GetAddressBytes();
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] != y[i])
            {
                return x[i].CompareTo(y[i]);
            }
        }

        return 0;
    }
}
