using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Haproxy;
using ConfLint.Rules.Support;
using ConfLint.Units;

namespace ConfLint.Rules.Haproxy;

/// <summary>
/// CL006 for HAProxy: the <c>timeout server</c> a server's backend uses (its own, else the one of the defaults it
/// inherits) below the minimum, or shorter than the back end's own limit. HAProxy then answers 504 and logs <c>sH</c>.
/// A backend with no <c>timeout server</c>, or with <c>timeout server 0</c> (HAProxy's eternity), waits without limit
/// (HAProxy warns about it at start): not judged here.
/// </summary>
internal static class HaproxyTimeouts
{
    public static IEnumerable<Finding> Check(RuleContext context, CL006ShortUpstreamTimeout.Options options)
    {
        var reported = new HashSet<(object, object?)>();
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            if (frontEnd.Details is not HaproxyPass { Proxy: var proxy, Server: var server })
            {
                continue;
            }

            if (proxy.Timeout("server") is not var (value, setting, owner))
            {
                context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL006 did not judge {proxy.Describe()}: no 'timeout server' applies, so HAProxy waits without limit");
                continue;
            }

            // HAProxy keeps timeouts as ticks, and 0 is TICK_ETERNITY: "timeout server 0" sets no limit at all (it also
            // replaces a value inherited from defaults, and HAProxy warns at start that the timeout is missing).
            if (value.Milliseconds == 0)
            {
                context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL006 did not judge {proxy.Describe()}: 'timeout server {setting.Arg(1)}' is no limit in HAProxy (0 means eternity), so it waits without limit");
                continue;
            }

            var min = options.Min;
            var limit = CL006ShortUpstreamTimeout.BackEndLimit(context, frontEnd);
            if (CL006ShortUpstreamTimeout.Verdict(value, limit, options) is not { } required || !reported.Add((setting.Line, limit?.Key)))
            {
                continue;
            }

            var where = owner == proxy ? proxy.Describe() : $"{owner.Describe()}, inherited by {proxy.Describe()}";
            var head = $"timeout server {setting.Arg(1)} ({where}) for {frontEnd.DirectiveName} {frontEnd.Target.Text}";
            var related = new List<RelatedLocation> { new(frontEnd.Directive.Location, $"server {server.Name} gets at most {value} to answer") };
            string message;
            if (limit is { } backEnd && backEnd.Value > value)
            {
                message = $"{head}, but {backEnd.BackEnd} lets a request run for {backEnd.Value} ({backEnd.Setting}): HAProxy gives up first and answers 504 Gateway Timeout ('sH' in its log)";
                if (backEnd.Location is { } at)
                {
                    related.Add(new RelatedLocation(at, $"the back end lets a request run for {backEnd.Value} here"));
                }
            }
            else
            {
                message = $"{head}, below the minimum of {min}: slow requests are cut off with 504 Gateway Timeout ('sH' in HAProxy's log)";
            }

            var token = setting.Line.KeywordArguments[1];
            var text = HaproxyValues.FormatTime(Duration.FromSeconds(Math.Ceiling(required.TotalSeconds)));
            yield return new Finding(token.Location, message, related,
                new Fix(CL006ShortUpstreamTimeout.Describe($"Raise timeout server to {text}", value, limit, required), CL006ShortUpstreamTimeout.Grade(value, limit, required), [Edits.ReplaceToken(setting.File, token, text)]));
        }
    }
}
