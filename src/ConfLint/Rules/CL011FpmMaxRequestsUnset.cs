using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Host.PhpFpm;
using ConfLint.Knowledge;
using ConfLint.Rules.Support;

namespace ConfLint.Rules;

public sealed class CL011FpmMaxRequestsUnset : Rule<CL011FpmMaxRequestsUnset.Options>
{
    /// <param name="MaxRequests">The pm.max_requests the fix writes.</param>
    public sealed record Options(int MaxRequests);

    public override string Code => "CL011";

    protected override Options ReadOptions(RuleOptions options) => new(options.Integer("max-requests"));

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var host = context.Host;
        foreach (var pool in host.BackEndsOf<FpmPool>())
        {
            var entry = pool.Entry("pm.max_requests");
            if (entry is var (written, _) && written.Value.Contains("${", StringComparison.Ordinal))
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL011 did not judge {pool.Describe()}: its pm.max_requests comes from php-fpm's environment");
                continue;
            }

            if (pool.Integer("pm.max_requests") is { } value && value != 0)
            {
                continue;
            }

            if (FpmNeverStarts.Skips(context, pool, Code))
            {
                continue;
            }

            var reachedBy = host.ReachedBy(pool);
            if (reachedBy.Count == 0)
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL011 did not judge {pool.Describe()}: no front end of this host reaches it");
                continue;
            }

            var location = entry is var (set, _) && set.ValueToken is { } token ? token.Location : pool.Section.NameToken.Location;
            var state = entry is null ? "is unset (php-fpm's default is 0)" : "is 0";
            var front = reachedBy[0];
            yield return Report(location,
                $"pm.max_requests {state} in {pool.Describe()}, which {front.DirectiveName} at {front.File.DisplayPath}:{front.Directive.Position.Line} reaches: " +
                "its children are never recycled, so memory a script or extension leaks stays taken until the OOM killer or a restart ends them (then 502)",
                [Related(front.Directive, $"{front.DirectiveName} reaches {pool.Describe()}")],
                CreateFix(pool, options));
        }
    }

    /// <summary><c>pm.max_requests</c> set to the option's value, after the pool's last <c>pm.*</c> setting. Unsafe: a child
    /// ends after that many requests, which costs a fork, and a script relying on state kept across requests loses it.</summary>
    private static Fix CreateFix(FpmPool pool, Options options)
    {
        var value = options.MaxRequests.ToString(CultureInfo.InvariantCulture);
        var anchor = FpmProcessManager.Keys.LastOrDefault(k => pool.Entry(k) is not null) ?? "listen";
        return new Fix($"Set pm.max_requests = {value} in {pool.Describe()}", Applicability.Unsafe,
            PoolEdits.Set(pool, anchor, ("pm.max_requests", value)));
    }
}
