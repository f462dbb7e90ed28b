using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Host.PhpFpm;
using ConfLint.Rules.Support;
using ConfLint.Units;

namespace ConfLint.Rules;

public sealed class CL008UndersizedMaxChildren : Rule<CL008UndersizedMaxChildren.Options>
{
    /// <param name="ProcessSize">The memory one child uses.</param>
    /// <param name="Reserve">The memory kept for everything else.</param>
    /// <param name="Ratio">How many times below its share a pool must be to be reported.</param>
    public sealed record Options(ByteSize ProcessSize, ByteSize Reserve, int Ratio);

    public override string Code => "CL008";

    protected override Options ReadOptions(RuleOptions options) =>
        new(options.Size("process-size"), options.Size("reserve"), options.Integer("ratio"));

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var pools = context.Host.BackEndsOf<FpmPool>().ToList();
        if (pools.Count == 0)
        {
            yield break;
        }

        if (context.Host.Memory is not { } memory)
        {
            context.Notes.Add("CL008 did not run: the host's memory is unknown (set host.memory in .conflint.yml, or lint a live server with --root /)");
            yield break;
        }

        foreach (var pool in pools)
        {
            var share = Share(options, pool, memory, pools.Count);
            if (share is null || pool.Entry("pm.max_children") is not var (entry, _) || pool.Integer("pm.max_children") is not { } children || children <= 0)
            {
                continue;
            }

            var (allowed, perChild) = share.Value;
            if (children * options.Ratio >= allowed)
            {
                continue;
            }

            var poolsText = pools.Count == 1 ? "its one pool" : $"each of its {pools.Count} pools";
            yield return Report(entry.ValueToken!.Value.Location,
                $"pm.max_children = {children} in {pool.Describe()}: the host's {memory} (less {options.Reserve} reserved) at {perChild} per child allows {Text(allowed)} children for {poolsText}; " +
                $"at {children}, requests queue ('server reached pm.max_children') and time out with 502/504 while memory sits idle",
                fix: CreateFix(pool, allowed));
        }
    }

    /// <summary>How many children the pool's share of memory allows, and the size per child used (the option, capped by
    /// the pool's <c>memory_limit</c>); null when none fit.</summary>
    private static (long Allowed, ByteSize PerChild)? Share(Options options, FpmPool pool, ByteSize memory, int poolCount)
    {
        var perChild = pool.MemoryLimit is { } limit && limit < options.ProcessSize ? limit : options.ProcessSize;
        var budget = memory.Bytes - options.Reserve.Bytes;
        if (budget <= 0 || perChild.Bytes <= 0)
        {
            return null;
        }

        var allowed = budget / perChild.Bytes / poolCount;
        return allowed > 0 ? (allowed, perChild) : null;
    }

    /// <summary><c>pm.max_children</c> set to the pool's share; for <c>pm = dynamic</c> the spare-server settings follow (start
    /// 10%, min spare 5%, max spare 15% of max_children) so that PHP-FPM still accepts the pool (fpm_conf.c:
    /// 1 &lt;= min_spare &lt;= start &lt;= max_spare &lt; max_children). Unsafe: the size per child is an estimate.</summary>
    private static Fix CreateFix(FpmPool pool, long children)
    {
        var settings = new List<(string, string)> { ("pm.max_children", Text(children)) };
        if ((pool.Get("pm") ?? "dynamic").Trim() == "dynamic")
        {
            var minSpare = Math.Max(1, children / 20);
            var maxSpare = Math.Min(children - 1, Math.Max(minSpare + 1, children * 3 / 20));
            var start = Math.Clamp(children / 10, minSpare, maxSpare);
            settings.Add(("pm.start_servers", Text(start)));
            settings.Add(("pm.min_spare_servers", Text(minSpare)));
            settings.Add(("pm.max_spare_servers", Text(maxSpare)));
        }

        return new Fix($"Set pm.max_children = {children} in {pool.Describe()} (check the size per child first)", Applicability.Unsafe,
            PoolEdits.Set(pool, "pm.max_children", [.. settings]));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
