using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Knowledge;
using ConfLint.Rules.Support;
using ConfLint.Units;

namespace ConfLint.Rules;

public sealed class CL009OversizedMaxChildren : Rule
{
    /// <summary>The fewest children a fix leaves: with one, every request waits for the one before it.</summary>
    private const long MinChildren = 2;

    public override string Code => "CL009";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var host = context.Host;
        var budget = Budget(context);
        var explicitSize = context.Options.IsSet("process-size");
        var judged = new List<(FpmPool Pool, long Children, ByteSize PerChild, string Why)>();
        HashSet<BackEnd>? meantFor = null;
        foreach (var pool in host.BackEndsOf<FpmPool>())
        {
            if (pool.Entry("pm.max_children") is null || pool.Integer("pm.max_children") is not > 0)
            {
                continue;
            }

            // A pool no front end reaches takes no load: its children stay at the start count (with no front end at all on
            // the host, its proxy is elsewhere and every pool counts). A pool a broken target is meant for (CL001: the
            // pass names a socket that drifted) counts as reached: once that is mended, it takes the site's load.
            if (host.FrontEnds.Count > 0 && host.ReachedBy(pool).Count == 0 && !(meantFor ??= MeantFor(host)).Contains(pool))
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL009 left {pool.Describe()} out of the sum: no front end of this host reaches it");
                continue;
            }

            if (budget.PerChild(pool) is var (size, why))
            {
                judged.Add((pool, pool.Integer("pm.max_children")!.Value, size, why));
            }
            else if (explicitSize)
            {
                judged.Add((pool, pool.Integer("pm.max_children")!.Value, budget.ProcessSize, $"the process-size option; memory_limit is {(pool.MemoryUnlimited ? "unlimited" : "unknown")}"));
            }
            else
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL009 left {pool.Describe()} out of the sum: its memory_limit is " +
                    $"{(pool.MemoryUnlimited ? "unlimited (-1)" : "unknown (no php.ini of a known layout)")}; set CL009's process-size to count it");
            }
        }

        foreach (var group in judged.GroupBy(j => host.MemoryFor(j.Pool).Source))
        {
            var (memory, source) = host.MemoryFor(group.First().Pool);
            if (memory is null)
            {
                context.Notes.Add($"CL009 did not judge {string.Join(", ", group.Select(j => j.Pool.Describe()))}: the host's memory is unknown (set host.memory in .conflint.yml, or lint a live server with --root /)");
                continue;
            }

            var total = group.Sum(j => j.Children * j.PerChild.Bytes);
            if (total <= memory.Value.Bytes)
            {
                continue;
            }

            var room = budget.Room(memory.Value, source);
            var sum = group.Count() > 1 ? $"; with {string.Join(", ", group.Select(j => $"{j.Pool.Describe()} ({j.Children} x {j.PerChild})"))}, {new ByteSize(total)} in all" : string.Empty;
            var (over, scaledTotal) = Oversized([.. group], room);
            foreach (var (pool, children, perChild, why) in over)
            {
                var entry = pool.Entry("pm.max_children")!.Value.Entry;
                var others = group.Where(j => !over.Any(o => ReferenceEquals(o.Pool, j.Pool))).ToList();
                yield return Report(entry.ValueToken!.Value.Location,
                    $"pm.max_children = {children} in {pool.Describe()}: at {perChild} per child ({why}), its children may take {new ByteSize(children * perChild.Bytes)}{sum}, " +
                    $"more than {source} allows; under load {OomPolicy.Describe(host, host.ServiceOf(pool))}",
                    related: others.Select(o => Related(o.Pool.Entry("pm.max_children")!.Value.Entry.Location, $"{o.Pool.Describe()} fits beside the room left ({o.Children} x {o.PerChild}); not changed")).ToList(),
                    fix: CreateFix(pool, values: FpmPmValues.Read(pool.Get), children, (double)Math.Max(room - (total - scaledTotal), 0) / scaledTotal, perChild));
            }
        }
    }

    /// <summary>
    /// The pools that make the sum too large: the largest first, as few as make the rest fit the room with two children
    /// each of those to spare, each at least twice the largest pool left; every pool when no such few exist (two pools
    /// alike share the blame alike). A pool the others crowd out is left alone: the stock
    /// <c>www</c> pool beside an application's pool of 50 children at 1 GB each is not what to cut. Returns them and
    /// their total (the part the fix scales down).
    /// </summary>
    private static (List<(FpmPool Pool, long Children, ByteSize PerChild, string Why)> Over, long Total) Oversized(
        List<(FpmPool Pool, long Children, ByteSize PerChild, string Why)> group, long room)
    {
        static long Share((FpmPool Pool, long Children, ByteSize PerChild, string Why) j) => j.Children * j.PerChild.Bytes;
        var largest = Text.StableSort.Sorted(group, (a, b) => Share(b).CompareTo(Share(a)));
        var total = group.Sum(Share);
        var takenTotal = 0L;
        var takenLeast = 0L;
        for (var count = 1; count < largest.Count; count++)
        {
            takenTotal += Share(largest[count - 1]);
            takenLeast += MinChildren * largest[count - 1].PerChild.Bytes;
            if (Share(largest[count - 1]) >= 2 * Share(largest[count]) && total - takenTotal + takenLeast <= room)
            {
                return (largest.Take(count).ToList(), takenTotal);
            }
        }

        return (group, total);
    }

    /// <summary>The pools a target that reaches nothing was meant for, by CL001's evidence (<see cref="UnmatchedTargets.Intended"/>).</summary>
    private static HashSet<BackEnd> MeantFor(HostModel host)
    {
        var meant = new HashSet<BackEnd>(ReferenceEqualityComparer.Instance);
        foreach (var (_, target, backEnd, evidence) in UnmatchedTargets.MeantForUnmatched(host))
        {
            if (backEnd is FpmPool && evidence is not null && target.Endpoint.IsLocal)
            {
                meant.Add(backEnd);
            }
        }

        return meant;
    }

    /// <summary>The sizes CL008 uses, so that the two rules agree (<see cref="FpmMemoryBudget"/>); this rule's own options
    /// where the user sets them.</summary>
    private static FpmMemoryBudget Budget(RuleContext context)
    {
        var shared = FpmMemoryBudget.Of(new RuleOptions(Catalog.RuleCatalog.Get("CL008"), context.Config.For("CL008")));
        return new FpmMemoryBudget(
            context.Options.IsSet("process-size") ? context.Options.Size("process-size") : shared.ProcessSize,
            context.Options.IsSet("reserve") ? context.Options.Size("reserve") : shared.Reserve);
    }

    /// <summary><c>pm.max_children</c> scaled down with every pool of the budget, so that together they fit its room (less the
    /// reserve); the spare and start counts then moved the least into the new range (<see
    /// cref="FpmProcessManager.Nearest"/>) so that php-fpm still starts. Unsafe: a child's real size is usually below its
    /// memory_limit, and fewer children queue requests sooner. Where the room leaves fewer than two children, advice only:
    /// one child serves one request at a time, so a slow page (a report, an upload) makes every other request wait until
    /// nginx gives up; memory_limit or the host's memory is what has to change.</summary>
    private static Fix CreateFix(FpmPool pool, FpmPmValues? values, long children, double factor, ByteSize perChild)
    {
        var target = (long)Math.Floor(children * factor);
        if (target < MinChildren)
        {
            return new Fix($"Lower memory_limit in {pool.Describe()} (or give the host more memory): at {perChild} per child the room leaves " +
                $"{(target < 1 ? "no child" : "one child")}, and one child serves one request at a time", Applicability.DisplayOnly, []);
        }

        var settings = new List<(string Key, string Value)> { ("pm.max_children", target.ToString(CultureInfo.InvariantCulture)) };
        if (values is not null && values.Pm is not null)
        {
            var scaled = values with { MaxChildren = target };
            settings.AddRange(FpmProcessManager.Changes(scaled, FpmProcessManager.Nearest(scaled, values.Pm, target)));
        }

        return new Fix($"Set pm.max_children = {target} in {pool.Describe()} ({new ByteSize(target * perChild.Bytes)} at {perChild} each; check the real size per child first)",
            Applicability.Unsafe, PoolEdits.Set(pool, "pm.max_children", [.. settings]));
    }
}
