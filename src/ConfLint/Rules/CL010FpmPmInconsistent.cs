using ConfLint.Diagnostics;
using ConfLint.Host.PhpFpm;
using ConfLint.Knowledge;
using ConfLint.Rules.Support;

namespace ConfLint.Rules;

public sealed class CL010FpmPmInconsistent : Rule<CL010FpmPmInconsistent.Options>
{
    /// <param name="MaxChildren">The pm.max_children the fix writes where the pool has none (or one below 1).</param>
    public sealed record Options(int MaxChildren);

    public override string Code => "CL010";

    protected override Options ReadOptions(RuleOptions options) => new(options.Integer("max-children"));

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        foreach (var pool in context.Host.BackEndsOf<FpmPool>())
        {
            if (FpmPmValues.Read(key => Value(pool, key)) is not { } values)
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL010 did not judge {pool.Describe()}: a pm.* value holds a variable or a value php-fpm's parser refuses (CL000)");
                continue;
            }

            var events = pool.Install.Global("events.mechanism");
            if (FpmProcessManager.Refusal(values, events) is not { } refusal)
            {
                continue;
            }

            if (pool.Install.MayBeCompletedElsewhere && pool.Entry(refusal.Key) is null)
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL010 did not judge {pool.Describe()}: it sets no {refusal.Key}, and its file is read on its own (php-fpm merges a pool's sections across the files its php-fpm.conf includes)");
                continue;
            }

            var entry = pool.Entry(refusal.Key);
            var location = entry is var (found, _) && found.ValueToken is { } token ? token.Location : pool.Section.NameToken.Location;
            var related = FpmProcessManager.Keys
                .Where(k => k != refusal.Key && refusal.Message.Contains(k + "(", StringComparison.Ordinal) && pool.Entry(k) is not null)
                .Select(k => Related(pool.Entry(k)!.Value.Entry, $"{k} = {pool.Get(k)}"))
                .ToList();
            if (refusal.Key == "pm" && values.Pm == "ondemand" && pool.Install.GlobalEntry("events.mechanism") is { } mechanism)
            {
                related.Add(Related(mechanism, $"events.mechanism = {events} in [global]"));
            }

            // A pool read in a container is its service's php-fpm; on the host, the installation's (PHP 8.2's, or the one reading a file).
            var daemon = pool.File.Container is { } container ? $"the php-fpm of service '{container.Service.Name}'"
                : pool.Install.Version is { } version ? $"PHP {version}'s php-fpm" : $"the php-fpm reading {pool.Install.FpmConfig.DisplayPath}";
            yield return Report(location,
                $"[pool {pool.PoolName}] {refusal.Message}: php-fpm refuses this at start, so {daemon} does not run and " +
                $"every pool it serves is down (the proxy's connect() fails: {ProxyStatus.Unreachable(pool.Install.Pools.SelectMany(context.Host.ReachedBy))})",
                related, CreateFix(pool, values, refusal, events, options));
        }
    }

    /// <summary>The value php-fpm reads for a key; a value with <c>${VAR}</c> stays unexpanded (php-fpm's environment is not known).</summary>
    private static string? Value(FpmPool pool, string key) => pool.Entry(key) is var (entry, _)
        ? entry.Value.Contains("${", StringComparison.Ordinal) ? entry.Value : pool.Get(key)
        : null;

    /// <summary>The nearest values php-fpm accepts (<see cref="FpmProcessManager.Nearest"/>). Safe when it only moves spare and
    /// start counts, a spawn rate or an idle timeout into range: pm.max_children, the capacity, stays. Unsafe when it must
    /// choose the process manager or pm.max_children itself. An ondemand pool under a level-triggered events.mechanism
    /// gets advice only: that setting is global to every pool.</summary>
    private static Fix CreateFix(FpmPool pool, FpmPmValues values, FpmPmRefusal refusal, string? events, Options options)
    {
        if (refusal.Key == "pm" && values.Pm == "ondemand")
        {
            return new Fix($"Remove events.mechanism = {events} from [global] (php-fpm then takes epoll), or use pm = dynamic in {pool.Describe()}", Applicability.DisplayOnly, []);
        }

        var pm = values.Pm ?? (values.MinSpareServers > 0 || values.MaxSpareServers > 0 || values.StartServers > 0 ? "dynamic"
            : pool.Entry("pm.process_idle_timeout") is not null ? "ondemand" : "static");
        var nearest = FpmProcessManager.Nearest(values, pm, options.MaxChildren);
        var changes = FpmProcessManager.Changes(values, nearest);
        var chosen = values.Pm is null || values.MaxChildren < 1;
        var anchor = FpmProcessManager.Keys.LastOrDefault(k => pool.Entry(k) is not null) ?? "listen";
        return new Fix($"Set {string.Join(", ", changes.Select(c => $"{c.Key} = {c.Value}"))} in {pool.Describe()}",
            chosen ? Applicability.Unsafe : Applicability.Safe, PoolEdits.Set(pool, anchor, [.. changes]));
    }
}
