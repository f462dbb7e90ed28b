using System.Net;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Host.PhpFpm;
using ConfLint.Rules.Support;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Text;

namespace ConfLint.Rules;

/// <summary>
/// An allow-list on the back end that shuts the proxy out: PHP-FPM's <c>listen.allowed_clients</c> (here), pveproxy's
/// <c>ALLOW_FROM</c>/<c>DENY_FROM</c>/<c>POLICY</c> (<see cref="CheckPveproxy"/>), each judged against the address the
/// proxy's connection comes from.
/// </summary>
public sealed partial class CL016FpmAllowedClients : Rule
{
    public override string Code => "CL016";

    /// <summary>One way a front end reaches the pool: the address it connects to, and the address the connection comes
    /// from (null when the configuration does not prove it, with why).</summary>
    private sealed record Path(FrontEnd FrontEnd, EndpointSite Site, string Destination, IPAddress? Source, string Why);

    public override IEnumerable<Diagnostic> Check(RuleContext context) => CheckPools(context).Concat(CheckPveproxy(context));

    private IEnumerable<Diagnostic> CheckPools(RuleContext context)
    {
        var host = context.Host;
        foreach (var pool in host.BackEndsOf<FpmPool>())
        {
            if (pool.Entry("listen.allowed_clients") is not var (entry, file) || entry.ValueToken is not { } token
                || pool.Listeners.FirstOrDefault(l => l.DefinedAt is PhpFpmEntry { Key: "listen" })?.Endpoint is not { Kind: EndpointKind.Tcp } listen)
            {
                continue;
            }

            if (entry.Value.Contains("${", StringComparison.Ordinal))
            {
                context.Notes.Add($"{file.DisplayPath}: CL016 did not judge {pool.Describe()}: its listen.allowed_clients comes from php-fpm's environment");
                continue;
            }

            var value = pool.Get("listen.allowed_clients") ?? string.Empty;
            var clients = AllowedClients.Parse(value);
            var mayBeIpv6 = listen.Host is "" or "::" || !Endpoint.IsIpAddress(listen.Host!) || listen.Host!.Contains(':');
            var paths = Paths(host, pool, "the pool").ToList();
            foreach (var unknown in paths.Where(p => p.Source is null))
            {
                context.Notes.Add($"{file.DisplayPath}: CL016 did not judge {unknown.FrontEnd} against {pool.Describe()}: {unknown.Why}");
            }

            var refused = paths.Where(p => p.Source is { } source && !clients.Admits(source, mayBeIpv6)).ToList();
            if (clients.Addresses.Count > 0 && refused.Count == 0)
            {
                if (paths.Count == 0)
                {
                    context.Notes.Add($"{file.DisplayPath}: CL016 did not judge {pool.Describe()}: no front end of this host connects to it, so the client's address is not known");
                }

                continue;
            }

            // A front end is shut out when every address it may connect through is refused; otherwise nginx retries the next one.
            // Apache's mod_proxy moves to the next address only while connect() fails (ap_proxy_connect_backend), and
            // php-fpm accepts the connection before it drops it: Apache is shut out when the first address is refused.
            var shutOut = paths.GroupBy(p => p.FrontEnd)
                .Where(g => g.All(refused.Contains) || (g.Key.Daemon == Syntax.ConfigKind.Apache && First(host, g.ToList()) is { } first && refused.Contains(first)))
                .Select(g => g.Key).ToList();
            var unreadable = clients.Unreadable.Select(p => $"'{p}'").ToList();
            var dropped = unreadable.Count == 0 ? string.Empty
                : $" (php-fpm cannot read {string.Join(", ", unreadable)} as an address and drops it: \"Wrong IP address '{clients.Unreadable.First()}' in listen.allowed_clients\")";
            var related = refused.Select(p => Related(p.Site.Location, $"{p.FrontEnd.DirectiveName} connects to {p.Destination} from {AllowedClients.Text(p.Source!)}{p.Why}")).ToList();
            string message;
            if (clients.Addresses.Count == 0)
            {
                message = $"listen.allowed_clients = {value} admits no address{dropped}: each PHP-FPM child says \"There are no allowed addresses\" and closes every " +
                    $"connection at once, so the proxy answers {ProxyStatus.Unreachable(paths.Select(p => p.FrontEnd).Distinct())} for every request";
            }
            else
            {
                var who = string.Join("; ", refused.Select(p => $"{p.FrontEnd.DirectiveName} at {p.FrontEnd.File.DisplayPath}:{p.FrontEnd.Directive.Position.Line} connects to {p.Destination} from {AllowedClients.Text(p.Source!)}{p.Why}").Distinct());
                message = $"listen.allowed_clients = {value} shuts the proxy out{dropped}: {who}; a PHP-FPM child closes such a connection at once " +
                    $"(\"Connection disallowed: IP address '{AllowedClients.Text(refused[0].Source!)}' has been dropped.\") and the proxy answers {ProxyStatus.Unreachable(refused.Select(p => p.FrontEnd).Distinct())}" +
                    (shutOut.Count > 0 ? string.Empty : ", unless it retries another address of the same name (it does for an idempotent request, and marks this one failed)");
            }

            var diagnostic = Report(token.Location, message, related, CreateFix(host, pool, listen, clients, refused));
            yield return clients.Addresses.Count == 0 || shutOut.Count > 0 ? diagnostic : diagnostic with { Severity = Severity.Info };
        }
    }

    /// <summary>The address Apache connects to first among a name's: getaddrinfo with AI_ADDRCONFIG (APR's resolver for an
    /// unspecified family) gives IPv6 addresses only where the host has an IPv6 address of its own other than the loopback,
    /// and RFC 6724's order then puts ::1 before 127.0.0.1. Null where the root does not show the host's addresses.</summary>
    private static Path? First(HostModel host, List<Path> paths)
    {
        if (paths.Count == 1)
        {
            return paths[0];
        }

        var own = host.Resolution.OwnAddresses.Keys.Select(a => IPAddress.TryParse(a, out var address) ? address : null).OfType<IPAddress>().ToList();
        if (own.Count == 0)
        {
            return null;
        }

        var ipv6 = own.Any(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal);
        return paths.FirstOrDefault(p => p.Destination.StartsWith('[') == ipv6) ?? (ipv6 ? paths[0] : null);
    }

    /// <summary>Every address each front end that reaches the back end connects to (a name through the root's /etc/hosts, as
    /// nginx resolves it at start), with the source address of that connection.</summary>
    /// <param name="who">How the source's reason names the back end: "the pool", "pveproxy".</param>
    private static IEnumerable<Path> Paths(HostModel host, BackEnd pool, string who)
    {
        foreach (var frontEnd in host.ReachedBy(pool))
        {
            foreach (var site in frontEnd.Targets.Where(t => t.Endpoint.Kind == EndpointKind.Tcp && pool.Listeners.Any(l => l.Endpoint.Accepts(t.Endpoint))))
            {
                IEnumerable<string> destinations = [site.Endpoint.Host!];
                if (site.Target?.Name is { } name)
                {
                    if (!host.Resolution.HostsFile.TryGetValue(name, out var addresses))
                    {
                        yield return new Path(frontEnd, site, name, null, $"{name} is not in the root's /etc/hosts, so the addresses it resolves to are not known");
                        continue;
                    }

                    destinations = addresses;
                }

                foreach (var destination in destinations.Select(d => Endpoint.NormalizeHost(d)).Distinct())
                {
                    if (pool.Listeners.Any(l => l.Endpoint.Accepts(Endpoint.Tcp(destination, site.Endpoint.Port))))
                    {
                        var (source, why) = Source(host, frontEnd, destination, pool, who);
                        yield return new Path(frontEnd, site, destination.Contains(':') ? $"[{destination}]:{site.Endpoint.Port}" : $"{destination}:{site.Endpoint.Port}", source, why);
                    }
                }
            }
        }
    }

    /// <summary>The address a connection to <paramref name="destination"/> comes from: nginx's <c>*_bind</c> where set; the
    /// kernel's choice for a local destination (127.0.0.1 for all of 127.0.0.0/8, ::1, and an address of the host's own,
    /// which its local route gives as the source: one the back end itself binds, or one the root says is the host's); unknown
    /// for any other.</summary>
    private static (IPAddress? Source, string Why) Source(HostModel host, FrontEnd frontEnd, string destination, BackEnd pool, string who)
    {
        if (frontEnd.Details is NginxPass pass && pass.Scope.Effective(NginxSettings.ModuleSetting(frontEnd.DirectiveName, "_bind")) is var (bind, _) && bind.Args.Count > 0)
        {
            if (bind.Args[0] == "off")
            {
                // nginx's default: the kernel chooses, as below.
            }
            else
            {
                return AllowedClients.Read(bind.Args[0]) is { } bound && bind.Args.Count == 1
                    ? (bound, $" ({bind.Name} {bind.Args[0]})")
                    : (null, $"{bind.Name} {string.Join(' ', bind.Args)} sets a source nginx chooses per request");
            }
        }

        var address = IPAddress.Parse(destination);
        if (address.ToString().StartsWith("127.", StringComparison.Ordinal))
        {
            return (IPAddress.Loopback, address.Equals(IPAddress.Loopback) ? string.Empty : " (a connection to 127.0.0.0/8 comes from 127.0.0.1)");
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return (address, string.Empty);
        }

        if (pool.Listeners.Any(l => l.Endpoint.Host == destination))
        {
            return (address, $" ({who} binds {destination}, so it is this host's own address, and a connection to it comes from it)");
        }

        return host.Resolution.OwnAddresses.TryGetValue(destination, out var evidence)
            ? (address, $" ({destination} is this host's own address: {evidence}; a connection to it comes from it)")
            : (null, $"{destination} may be another host's address, so the address the connection comes from is not known");
    }

    /// <summary>
    /// The list php-fpm reads as the user meant it, plus the proxy's address: blanks around commas removed, a name the
    /// root's /etc/hosts knows replaced by its addresses, then each refused source address added. Safe when one address is
    /// added (the proxy's, proven); unsafe with more. A list that is only <c>any</c> (php-fpm's documented default, which it
    /// cannot read when written) or empty is removed: safe for a pool on the loopback, unsafe where that opens it wider.
    /// </summary>
    private static Fix? CreateFix(HostModel host, FpmPool pool, Endpoint listen, AllowedClients clients, List<Path> refused)
    {
        var (entry, file) = pool.Entry("listen.allowed_clients")!.Value;
        if (clients.Pieces.All(p => p.Trim().Length == 0 || p.Trim().Equals("any", StringComparison.OrdinalIgnoreCase)))
        {
            var source = file.Source!;
            var line = entry.Position.Line;
            var span = TextSpan.FromBounds(source.LineStarts[line - 1], line < source.LineCount ? source.LineStarts[line] : source.Length);
            return new Fix($"Remove listen.allowed_clients from {pool.Describe()}: unset, php-fpm admits every client", listen.IsLoopback ? Applicability.Safe : Applicability.Unsafe,
                [Edits.Replace(file, span, string.Empty)]);
        }

        var pieces = new List<string>();
        foreach (var piece in clients.Pieces.Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            pieces.AddRange(AllowedClients.Read(piece) is null && host.Resolution.HostsFile.TryGetValue(piece, out var addresses) ? addresses : [piece]);
        }

        var normalized = AllowedClients.Parse(string.Join(',', pieces));
        var mayBeIpv6 = listen.Host is "" or "::" || !Endpoint.IsIpAddress(listen.Host!) || listen.Host!.Contains(':');
        var added = refused.Select(p => p.Source!).Where(s => !normalized.Admits(s, mayBeIpv6)).Distinct().Select(AllowedClients.Text).ToList();
        var value = string.Join(',', pieces.Concat(added).Distinct());
        if (value == pool.Get("listen.allowed_clients"))
        {
            return null;
        }

        return new Fix($"Set listen.allowed_clients = {value} in {pool.Describe()}", added.Count <= 1 ? Applicability.Safe : Applicability.Unsafe,
            PoolEdits.Set(pool, "listen.allowed_clients", ("listen.allowed_clients", value)));
    }
}
