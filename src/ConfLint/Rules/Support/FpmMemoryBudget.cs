using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Units;

namespace ConfLint.Rules.Support;

/// <summary>
/// The memory arithmetic CL008 (pool far too small) and CL009 (pools too large) share, so that the two can never both
/// fire on one pool nor undo each other's fixes: one size per child, one budget per pool, one room for fixes.
/// <list type="bullet">
/// <item>A child may take its effective <c>memory_limit</c>, never less than <c>process-size</c>.</item>
/// <item>A pool's budget is what <see cref="HostModel.MemoryFor"/> gives (the host's memory, a container's cgroup limit, or
/// its service's <c>MemoryMax=</c>); pools with the same budget share it.</item>
/// <item>A fix aims at the budget less <c>reserve</c> (none from a service's own <c>MemoryMax=</c>).</item>
/// </list>
/// CL008 reports a pool whose <c>max_children</c> is <c>ratio</c> times below that room, CL009 a budget whose pools' worst
/// case is above the whole budget: a pool CL008 reports is far inside the room, and a fix of either lands inside it.
/// </summary>
/// <param name="ProcessSize">The least memory one child is taken to use.</param>
/// <param name="Reserve">The host memory kept for everything else.</param>
internal sealed record FpmMemoryBudget(ByteSize ProcessSize, ByteSize Reserve)
{
    /// <summary>CL008's options, which CL009 shares where its own are not set.</summary>
    public static FpmMemoryBudget Of(RuleOptions cl008) => new(cl008.Size("process-size"), cl008.Size("reserve"));

    /// <summary>The memory one child may take: its effective <c>memory_limit</c> (pool, php.ini, PHP's 128M), at least
    /// <see cref="ProcessSize"/>; null when memory_limit is unknown or unlimited.</summary>
    public (ByteSize Size, string Source)? PerChild(FpmPool pool)
    {
        if (pool.MemoryLimit is not { } limit || pool.Php("memory_limit") is not { } setting)
        {
            return null;
        }

        return limit < ProcessSize
            ? (ProcessSize, $"the process-size option, above memory_limit {setting.Value} from {setting.Source}")
            : (limit, $"memory_limit {setting.Value}, from {setting.Source}");
    }

    /// <summary>A pool's worst case: max_children children at their size (unknown sizes at <see cref="ProcessSize"/>).</summary>
    public long WorstCase(FpmPool pool) => (pool.Integer("pm.max_children") ?? 0) * (PerChild(pool)?.Size ?? ProcessSize).Bytes;

    /// <summary>Whether the budget is a service's own <c>MemoryMax=</c> (it is the service's whole room: no reserve).</summary>
    public static bool IsServiceLimit(string source) => source.StartsWith("MemoryMax=", StringComparison.Ordinal);

    /// <summary>The room fixes aim at within a budget: the budget less the reserve (not from a service's MemoryMax=).</summary>
    public long Room(ByteSize budget, string source) => budget.Bytes - (IsServiceLimit(source) ? 0 : Reserve.Bytes);
}
