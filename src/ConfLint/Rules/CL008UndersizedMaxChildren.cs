using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Units;

namespace ConfLint.Rules;

/// <summary>
/// CL008 undersized-max-children: a pool's <c>pm.max_children</c> far below its share of the host's memory.
/// Budget: the host's memory less the reserve; per child: the <c>process-size</c> option, capped by the pool's
/// <c>memory_limit</c>; the budget is shared equally between the host's pools. A pool more than <c>ratio</c>
/// times below its share is reported. Without a known memory size the rule is silent.
/// </summary>
public sealed class CL008UndersizedMaxChildren : Rule
{
    public override string Code => "CL008";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var pools = context.Host.BackEndsOf<FpmPool>().ToList();
        if (pools.Count == 0)
        {
            yield break;
        }

        if (HostMemory(context) is not { } memory)
        {
            context.Notes.Add("CL008 did not run: the host's memory is unknown (set host.memory in .conflint.yml, or lint a live server with --root /)");
            yield break;
        }

        var reserve = context.Options.Size("reserve");
        var ratio = context.Options.Integer("ratio");
        foreach (var pool in pools)
        {
            var share = Share(context, pool, memory, pools.Count);
            if (share is null || pool.Entry("pm.max_children") is not var (entry, _) || pool.Integer("pm.max_children") is not { } children || children <= 0)
            {
                continue;
            }

            var (allowed, perChild) = share.Value;
            if (children * ratio >= allowed)
            {
                continue;
            }

            var poolsText = pools.Count == 1 ? "its one pool" : $"each of its {pools.Count} pools";
            yield return Report(entry.ValueToken!.Value.Location,
                $"pm.max_children = {children} in {pool.Describe()}: the host's {memory} (less {reserve} reserved) at {perChild} per child allows {allowed.ToString(CultureInfo.InvariantCulture)} children for {poolsText}; " +
                $"at {children}, requests queue ('server reached pm.max_children') and time out with 502/504 while memory sits idle",
                fix: CL008UndersizedMaxChildrenFix.Create(pool, allowed));
        }
    }

    /// <summary>How many children the pool's share of memory allows, and the size per child used; null when none fit.</summary>
    internal static (long Allowed, ByteSize PerChild)? Share(RuleContext context, FpmPool pool, ByteSize memory, int poolCount)
    {
        var processSize = context.Options.Size("process-size");
        var perChild = pool.MemoryLimit is { } limit && limit < processSize ? limit : processSize;
        var budget = memory.Bytes - context.Options.Size("reserve").Bytes;
        if (budget <= 0 || perChild.Bytes <= 0)
        {
            return null;
        }

        var allowed = budget / perChild.Bytes / poolCount;
        return allowed > 0 ? (allowed, perChild) : null;
    }

    /// <summary><c>host.memory</c>, else MemTotal of /proc/meminfo under the root.</summary>
    internal static ByteSize? HostMemory(RuleContext context)
    {
        if (context.Config.HostMemory is { } configured)
        {
            return configured;
        }

        var fs = context.Workspace.FileSystem;
        if (fs.Root is null)
        {
            return null;
        }

        foreach (var line in fs.ReadLines("/proc/meminfo"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "MemTotal:" && long.TryParse(fields[1], out var kilobytes))
            {
                return ByteSize.FromKilobytes(kilobytes);
            }
        }

        return null;
    }
}
