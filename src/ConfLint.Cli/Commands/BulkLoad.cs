using System.Runtime;

namespace ConfLint.Cli.Commands;

/// <summary>
/// The garbage collector's plan for loading a large tree. Nearly everything a parse allocates lives until the process
/// ends (the lossless trees), so each collection during the load only copies survivors forward, gen0 to gen1 to gen2,
/// while the other core waits (workstation collections run on one thread). On a tree of a thousand files or more the
/// load runs in a no-GC region instead, and one blocking, non-compacting collection after it promotes the trees where
/// they lie. A load that allocates more than the budget simply ends the region (the runtime collects as usual).
/// The heap's range is also marked for transparent huge pages (<see cref="HugePages"/>): the load and what follows it
/// write some 280 MB of fresh memory on such a tree, and 4 KB page faults were a third of the run's CPU.
/// Only in the executable's own process (<see cref="CliIO.OwnsProcess"/>): the setting is process-wide.
/// </summary>
internal sealed class BulkLoad
{
    /// <summary>Files in one parse wave from which the load counts as large.</summary>
    public const int LargeWave = 1000;

    /// <summary>What the load may allocate without a collection: the 10,000-server tree (19.8 MB of files) allocates about
    /// 220 MB while it loads. Committed up front, but pages count against memory only once written.</summary>
    private const long Budget = 240_000_000;

    private bool _started;

    /// <summary>What the plan did, for <c>CONFLINT_TIMINGS</c>: not used, held through the load, or ended by the budget.</summary>
    public string Outcome { get; private set; } = "not used";

    /// <summary>The heap's range marked for huge pages, for <c>CONFLINT_TIMINGS</c>.</summary>
    public string Pages { get; private set; } = "not advised";

    public void BeforeParse(int files)
    {
        if (_started || files < LargeWave || GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return;
        }

        if (HugePages.Advise() is var (_, length))
        {
            Pages = $"advised for {length >> 20} MB of the heap";
        }

        try
        {
            _started = GC.TryStartNoGCRegion(Budget);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A runtime whose ephemeral space is smaller than the budget: collect as usual.
        }
    }

    public void AfterLoad()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            Outcome = "ended by its budget"; // the runtime collected already
            return;
        }

        Outcome = "held";

        GC.EndNoGCRegion();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
    }
}
