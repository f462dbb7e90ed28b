using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Systemd;
using ConfLint.Rules.Support;
using ConfLint.Units;

namespace ConfLint.Rules;

public sealed class CL006ShortUpstreamTimeout : Rule<CL006ShortUpstreamTimeout.Options>
{
    public sealed record Options(Duration Min);

    public override string Code => "CL006";

    protected override Options ReadOptions(RuleOptions options) => new(options.Duration("min"));

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var min = options.Min;
        var reported = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            if (frontEnd.Details is not NginxPass { Scope: var scope } || !NginxSettings.HasReadTimeout(frontEnd.DirectiveName))
            {
                continue;
            }

            var name = NginxSettings.Module(frontEnd.DirectiveName) + "_read_timeout";
            var effective = NginxSettings.Time(scope, name, NginxSettings.DefaultReadTimeout);
            var limit = BackEndLimit(context.Host, frontEnd);
            var required = limit is { } l && l.Value > min ? l.Value : min;
            if (effective.Value >= required)
            {
                continue;
            }

            var key = effective.Directive ?? (object)frontEnd.Directive;
            if (!reported.Add((key, limit?.Source)))
            {
                continue;
            }

            var where = effective.Directive is { } directive ? directive.Arguments[0].Location : frontEnd.Directive.Location;
            var value = effective.IsDefault ? $"{name} is nginx's default of {effective.Value}" : $"{name} {effective.Value}";
            var related = new List<RelatedLocation>();
            string message;
            if (limit is { } backEnd && backEnd.Value > effective.Value && backEnd.Value >= min)
            {
                message = $"{value} for {frontEnd.DirectiveName} {frontEnd.Target.Text}, but {backEnd.Source} lets a request run for {backEnd.Value} ({backEnd.Setting}): " +
                          "nginx gives up first, with 'upstream timed out' or 'upstream prematurely closed connection' for the client";
                related.Add(Related(backEnd.Location, $"{backEnd.Setting} here"));
            }
            else
            {
                message = $"{value} for {frontEnd.DirectiveName} {frontEnd.Target.Text}, below the minimum of {min}: slow requests are cut off with 'upstream timed out'";
            }

            if (effective.Directive is not null)
            {
                related.Insert(0, Related(frontEnd.Directive, $"{frontEnd.DirectiveName} waits at most {effective.Value} for a response"));
            }

            yield return Report(where, message, related, CreateFix(frontEnd, effective, name, required));
        }

        foreach (var haproxy in Haproxy.HaproxyTimeouts.Check(context, min))
        {
            yield return Report(haproxy.Location, haproxy.Message, haproxy.Related, haproxy.Fix);
        }
    }

    /// <summary>The longest a back end of this front end lets one request run, and where that is set.</summary>
    internal static (Duration Value, string Source, string Setting, Location Location)? BackEndLimit(HostModel host, FrontEnd frontEnd)
    {
        (Duration Value, string Source, string Setting, Location Location)? longest = null;
        foreach (var target in frontEnd.Targets)
        {
            foreach (var backEnd in host.Providers(target.Endpoint))
            {
                var limit = backEnd switch
                {
                    FpmPool pool => PoolLimit(pool),
                    ServiceBackEnd { Server.RequestTimeout: { } timeout } service => (timeout, service.Describe(),
                        service.Server.RequestTimeoutAt is null ? $"{service.Server.Program}'s default --timeout" : "--timeout",
                        service.Server.RequestTimeoutAt ?? service.ExecStart?.Location ?? service.Listeners[0].Location),
                    _ => ((Duration, string, string, Location)?)null,
                };
                if (limit is { } found && (longest is null || found.Item1 > longest.Value.Value))
                {
                    longest = found;
                }
            }
        }

        return longest;
    }

    private static (Duration, string, string, Location)? PoolLimit(FpmPool pool)
    {
        if (pool.RequestTerminateTimeout is { } terminate && pool.Entry("request_terminate_timeout") is var (entry, _))
        {
            return (terminate, pool.Describe(), "request_terminate_timeout", entry.Location);
        }

        if (pool.PhpSetting("max_execution_time") is { } setting && int.TryParse(setting.Value, out var seconds) && seconds > 0)
        {
            return (Duration.FromSeconds(seconds), pool.Describe(), "max_execution_time", setting.Entry.Location);
        }

        return null;
    }

    /// <summary>The read timeout raised to cover the back end's limit (or the minimum) where it is set, or set beside the
    /// pass; in seconds, the unit the back ends' limits are read in.</summary>
    private static Fix CreateFix(FrontEnd frontEnd, NginxSettings.Effective<Duration> effective, string name, Duration required)
    {
        var value = (long)Math.Ceiling(required.TotalSeconds) + "s";
        var edit = effective.Directive is { } directive
            ? Edits.ReplaceToken(effective.File!, directive.Arguments[0], value)
            : Edits.InsertLineAfter(frontEnd.File, frontEnd.Directive, $"{name} {value};");
        return new Fix($"Raise {name} to {value}", Applicability.Safe, [edit]);
    }
}
