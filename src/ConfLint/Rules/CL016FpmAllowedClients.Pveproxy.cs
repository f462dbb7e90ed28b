using System.Net;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Rules.Support;
using ConfLint.Text;

namespace ConfLint.Rules;

public sealed partial class CL016FpmAllowedClients
{
    /// <summary>
    /// pveproxy's host access list (<see cref="PveproxyAccess"/>) against the address each front end's connection comes
    /// from: pve-http-server's <c>accept_connections</c> runs <c>check_host_access</c> on the peer as it accepts, and closes a
    /// refused connection before reading anything, so the proxy meets a connection closed during its TLS handshake (nginx
    /// answers 502; Apache's mod_proxy 502 too, "Error during SSL Handshake with remote server"). The real-IP header
    /// settings (<c>PROXY_REAL_IP_HEADER</c>) change only the address pveproxy logs, after this check. A list ConfLint
    /// cannot read as pveproxy does, or a source address the configuration does not prove, leaves it unjudged.
    /// </summary>
    private IEnumerable<Diagnostic> CheckPveproxy(RuleContext context)
    {
        var host = context.Host;
        foreach (var service in host.BackEndsOf<ServiceBackEnd>())
        {
            if (service.Server is not { PveproxyAccess: { } access } server)
            {
                continue;
            }

            var paths = Paths(host, service, "pveproxy").ToList();
            if (paths.Count == 0)
            {
                continue;
            }

            var where = access.Source?.File.Display ?? PveproxyAccess.File;
            if (access.Unreadable is { } unreadable)
            {
                context.Notes.Add($"{where}: CL016 did not judge {service.Describe()}'s access list: {unreadable}");
                continue;
            }

            foreach (var unknown in paths.Where(p => p.Source is null))
            {
                context.Notes.Add($"{where}: CL016 did not judge {unknown.FrontEnd} against {service.Describe()}'s access list: {unknown.Why}");
            }

            var refused = paths.Where(p => p.Source is { } source && !access.Decide(source).Allowed).ToList();
            if (refused.Count == 0)
            {
                continue;
            }

            // nginx moves to a name's next address when the connection is closed (proxy_next_upstream error); Apache does not.
            var shutOut = paths.GroupBy(p => p.FrontEnd)
                .Where(g => g.All(refused.Contains) || (g.Key.Daemon == Syntax.ConfigKind.Apache && First(host, g.ToList()) is { } first && refused.Contains(first)))
                .Select(g => g.Key).ToList();
            var who = string.Join("; ", refused.Select(p => $"{p.FrontEnd.DirectiveName} at {p.FrontEnd.File.DisplayPath}:{p.FrontEnd.Directive.Position.Line} connects to {p.Destination} from {AllowedClients.Text(p.Source!)}{p.Why}: {access.Decide(p.Source!).Why}").Distinct());
            var message = $"pveproxy's access list shuts the proxy out ({Lists(access, where)}): {who}; pveproxy checks the peer's address as it accepts a connection " +
                "(pve-http-server's check_host_access) and closes a refused one at once, before the TLS handshake (its access log says 403), " +
                $"and the proxy answers {PveproxyStatus(refused.Select(p => p.FrontEnd).Distinct())}" +
                (shutOut.Count > 0 ? string.Empty : ", unless it retries another address of the same name (nginx does for an idempotent request, and marks this one failed)");
            var anchor = Anchor(access, refused[0].Source!);
            var related = new List<RelatedLocation>();
            foreach (var setting in new[] { access.Allow, access.Deny, access.Policy })
            {
                if (setting.At is { } at && !ReferenceEquals(setting, anchor))
                {
                    related.Add(Related(at, $"{setting.Name} is set here"));
                }
            }

            related.AddRange(refused.Select(p => Related(p.Site.Location, $"{p.FrontEnd.DirectiveName} connects to {p.Destination} from {AllowedClients.Text(p.Source!)}{p.Why}")));
            var location = anchor?.ValueAt ?? anchor?.At ?? server.LocationOf(null);
            var diagnostic = Report(location, message, related, PveproxyFix(access, refused));
            yield return shutOut.Count > 0 ? diagnostic : diagnostic with { Severity = Severity.Info };
        }
    }

    /// <summary>The three settings as pveproxy has them, for messages: <c>ALLOW_FROM="192.168.10.0/24", DENY_FROM="all",
    /// POLICY unset (allow) in etc/default/pveproxy</c>.</summary>
    private static string Lists(PveproxyAccess access, string file)
    {
        var settings = new[] { access.Allow, access.Deny, access.Policy }
            .Select(s => s.At is not null ? $"{s.Name}={s.Written}" : s.Value is { } value ? $"{s.Name}={value} from pveproxy's environment" : $"{s.Name} unset{(s.Name == "POLICY" ? " (allow)" : string.Empty)}");
        return string.Join(", ", settings) + (access.Source is not null ? $" in {file}" : string.Empty);
    }

    /// <summary>The status a proxy answers when pveproxy closes its connection: 502 from nginx (the connection closed in the
    /// TLS handshake or before a response header) and from Apache's mod_proxy_http ("Error during SSL Handshake with remote
    /// server", "Error reading from remote server").</summary>
    private static string PveproxyStatus(IEnumerable<FrontEnd> frontEnds) =>
        frontEnds.Any(f => f.Daemon == Syntax.ConfigKind.Haproxy) ? ProxyStatus.Unreachable(frontEnds) : "502";

    /// <summary>The setting a finding points at: <c>ALLOW_FROM</c> where the file writes it (what the fix edits), else the
    /// one that refuses <paramref name="peer"/> (<c>DENY_FROM</c> where it covers the peer, else <c>POLICY</c>), else any
    /// the file writes; null where it writes none.</summary>
    private static PveproxyAccess.Setting? Anchor(PveproxyAccess access, IPAddress peer)
    {
        var deciding = access.DenyFrom.Any(r => r.Contains(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer)) ? access.Deny : access.Policy;
        return new[] { access.Allow, deciding, access.Deny, access.Policy }.FirstOrDefault(s => s.At is not null);
    }

    /// <summary>
    /// The proxy's address added to <c>ALLOW_FROM</c>: a peer that matches only <c>DENY_FROM</c> then matches both, which
    /// <c>POLICY=allow</c> (the default) allows; one that matches neither then matches <c>ALLOW_FROM</c> only, allowed under
    /// either policy. Safe when exactly one address is added (the proxy's, proven) and <c>ALLOW_FROM</c> is written in the
    /// file as a plain value (or not written, and then added as a line of its own); unsafe with several. Where adding cannot
    /// help (<c>POLICY=deny</c> and the peer matches <c>DENY_FROM</c>: <c>DENY_FROM</c> must stop covering it, and
    /// <c>all</c> covers everything), or the value is not the file's own, it is advice.
    /// </summary>
    private static Fix PveproxyFix(PveproxyAccess access, List<Path> refused)
    {
        var sources = refused.Select(p => p.Source!).Select(s => s.IsIPv4MappedToIPv6 ? s.MapToIPv4() : s).Distinct().ToList();
        var texts = sources.Select(AllowedClients.Text).ToList();
        var addresses = string.Join(",", texts);
        if (sources.Any(s => !access.PolicyAllows && access.DenyFrom.Any(r => r.Contains(s))))
        {
            return new Fix($"Let {addresses} in: with POLICY=deny an address DENY_FROM covers is denied even when ALLOW_FROM lists it, so narrow DENY_FROM so that it does not cover {addresses} (\"all\" covers every address) and add {addresses} to ALLOW_FROM, or set POLICY=\"allow\", then restart pveproxy and spiceproxy: which one is meant is not known",
                Applicability.DisplayOnly, []);
        }

        var title = $"Add {addresses} to ALLOW_FROM in {PveproxyAccess.File}, then run systemctl restart pveproxy.service spiceproxy.service";
        var applicability = sources.Count == 1 ? Applicability.Safe : Applicability.Unsafe;
        if (access.Allow is { ValueAt: { } valueAt, Written: { } written, Value: var value } && Plain(written, value))
        {
            var pieces = string.IsNullOrEmpty(value) ? texts : value.Split(',').Concat(texts).ToList();
            var quote = written.Length > 0 && written[0] is '"' or '\'' ? written[0].ToString() : string.Empty;
            return new Fix(title, applicability, [new FileEdit(valueAt.File, new TextEdit(valueAt.Span, quote + string.Join(",", pieces) + quote))]);
        }

        if (access.Allow is { At: null, Value: null } && access.Source is { } source)
        {
            // No ALLOW_FROM at all: a line of its own, after the last of DENY_FROM and POLICY the file writes, else at the end.
            var after = new[] { access.Deny.At, access.Policy.At }.OfType<Location>().OrderBy(l => l.Start.Line).LastOrDefault();
            var newline = source.PreferredNewLine;
            var line = $"ALLOW_FROM=\"{string.Join(",", texts)}\"";
            var at = after is not null ? source.GetLineSpan(after.Start.Line).End : source.Length;
            var text = after is not null || source.Length == 0 || source.Text.EndsWith('\n') ? (after is not null ? newline + line : line + newline) : newline + line + newline;
            return new Fix(title, applicability, [new FileEdit(source.File, TextEdit.Insert(at, text))]);
        }

        return new Fix(title + $" ({access.Allow.Describe()} is not a plain value of the file: write it there yourself)", Applicability.DisplayOnly, []);
    }

    /// <summary>Whether a value is written as itself: bare, or in one pair of quotes, with nothing the shell expands.</summary>
    private static bool Plain(string written, string? value)
    {
        var inner = written.Length >= 2 && written[0] is '"' or '\'' && written[^1] == written[0] ? written[1..^1] : written;
        return inner == (value ?? string.Empty) && inner.IndexOfAny(['$', '`', '\\', '"', '\'', ' ']) < 0;
    }
}
