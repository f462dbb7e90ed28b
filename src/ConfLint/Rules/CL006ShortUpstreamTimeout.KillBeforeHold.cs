using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Rules.Support;

namespace ConfLint.Rules;

public sealed partial class CL006ShortUpstreamTimeout
{
    /// <summary>
    /// A back end whose own kill timer comes before the time it holds requests by design
    /// (<see cref="Host.Systemd.AppServer.KillBeforeHold"/>): SOGo's watchdog (<c>WOWatchDogRequestTimeout</c>, minutes,
    /// 10 by default: "the number of minutes after which a busy child process will be killed by the parent process",
    /// SOGo's installation guide) below its ActiveSync <c>SOGoMaximumPingInterval</c> or <c>SOGoMaximumSyncInterval</c>
    /// (seconds). A Ping a device asks to hold that long is killed with its child, and the front end meets the connection
    /// closed without a response (nginx: "upstream prematurely closed connection", a 502); the device retries, and push
    /// never lasts. Judged only where a front end reaching the server sends it requests on that path (a location for
    /// <c>Microsoft-Server-ActiveSync</c>, a target under <c>/SOGo/Microsoft-Server-ActiveSync</c>): without one, no Ping
    /// comes. One finding per server, at the watchdog's line, or at the interval's where the watchdog is SOPE's default.
    /// The advice raises the watchdog to the interval's minutes and two more, as iRedMail's installer does
    /// (functions/sogo.sh); shortening the interval fits the evidence as well, so nothing is applied.
    /// </summary>
    private IEnumerable<Diagnostic> KilledBeforeHold(RuleContext context)
    {
        var host = context.Host;
        var seen = new HashSet<Host.Systemd.AppServer>(ReferenceEqualityComparer.Instance);
        foreach (var backEnd in host.BackEnds)
        {
            if (host.AppServerOf(backEnd) is not { KillsBeforeHold: { } kill } server || !seen.Add(server))
            {
                continue;
            }

            if (ReachingPath(host, backEnd, kill.Path) is not { } reaching || (kill.KillAt ?? kill.HeldAt) is not { } at)
            {
                continue;
            }

            yield return KillBeforeHoldReport(backEnd, kill, reaching, at);
        }
    }

    /// <summary>A front end reaching <paramref name="backEnd"/> that sends it requests on <paramref name="path"/>: its
    /// target's path is under it, or a location it stands in names its last segment; null for none.</summary>
    private static FrontEnd? ReachingPath(HostModel host, BackEnd backEnd, string path)
    {
        var handler = path[(path.LastIndexOf('/') + 1)..];
        var reachedBy = host.ReachedBy(backEnd);
        for (var i = 0; i < reachedBy.Count; i++)
        {
            var frontEnd = reachedBy[i];
            if (SameApplication.RequestedPath(frontEnd) is { } requested && SameApplication.IsUnder(requested, path))
            {
                return frontEnd;
            }

            foreach (var pattern in FrontEndSurroundings.Patterns(frontEnd))
            {
                if (pattern.Contains(handler, StringComparison.OrdinalIgnoreCase))
                {
                    return frontEnd;
                }
            }
        }

        return null;
    }

    private Diagnostic KillBeforeHoldReport(BackEnd backEnd, Host.Systemd.AppServer.KillBeforeHold kill, FrontEnd reaching, Location at)
    {
        var minutes = (long)Math.Ceiling(kill.Held.TotalSeconds / 60) + 2;
        var status = ProxyStatus.Unreachable([reaching]);
        var closed = reaching.Daemon == Syntax.ConfigKind.Nginx ? " (nginx: 'upstream prematurely closed connection')" : string.Empty;
        var message = $"{kill.KillSetting} kills a child of {backEnd.Describe()} busy for {kill.Kill}, before {kill.HeldSetting} (seconds), the {kill.Held} it holds an ActiveSync Ping or Sync "
            + $"open for a device that asks: the watchdog kills the child holding it, and {reaching.DirectiveName} {reaching.Target.Text} gets no response{closed}, a {status}; the device's push never lasts";
        var related = new List<RelatedLocation>();
        if (kill.KillAt is not null && kill.HeldAt is { } held)
        {
            related.Add(Related(held, $"SOGo holds an ActiveSync request up to {kill.Held} here"));
        }

        related.Add(Related(reaching.Directive, $"{reaching.DirectiveName} sends ActiveSync requests to {backEnd.Describe()}"));
        var fix = new Fix($"Set {kill.KillKey} = {minutes}; in /etc/sogo/sogo.conf (the interval's minutes and 2 more, as iRedMail's installer sets it), or shorten the interval below {kill.Kill}: either fits",
            Applicability.DisplayOnly, []);
        return Report(at, message, related, fix);
    }
}
