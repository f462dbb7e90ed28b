using System.Diagnostics;

namespace ConfLint.Cli.Commands;

/// <summary>For <c>CONFLINT_TIMINGS=gc</c>: the stages' times and, after them, each garbage collection of the run (when
/// it was seen to end, its kind, its pauses, what it promoted, the heap before and after it and how much of that is
/// free space), read by a thread that looks at the runtime's record of the last collection of each kind every
/// millisecond.</summary>
internal sealed class GcLog
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _lines = [];
    private readonly Thread _thread;
    private volatile bool _stop;

    public GcLog()
    {
        _thread = new Thread(Watch) { IsBackground = true, Name = "gc log" };
        _thread.Start();
    }

    private readonly HashSet<long> _seen = [];

    private void Watch()
    {
        while (!_stop)
        {
            Look();
            Thread.Sleep(1);
        }
    }

    private void Look()
    {
        foreach (var kind in (ReadOnlySpan<GCKind>)[GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background])
        {
            var info = GC.GetGCMemoryInfo(kind);
            if (info.Index > 0 && _seen.Add(info.Index))
            {
                var pauses = info.PauseDurations;
                var paused = pauses.Length > 0 ? pauses[0].TotalMilliseconds + (pauses.Length > 1 ? pauses[1].TotalMilliseconds : 0) : 0;
                long before = 0;
                foreach (var generation in info.GenerationInfo)
                {
                    before += generation.SizeBeforeBytes;
                }
                lock (_lines)
                {
                    _lines.Add($"#{info.Index} gen{info.Generation}{(info.Concurrent ? " background" : "")}{(info.Compacted ? " compacting" : "")} seen at {_clock.ElapsedMilliseconds} ms: paused {paused:F0} ms, promoted {info.PromotedBytes / 1_000_000} MB, heap {before / 1_000_000} MB before, {info.HeapSizeBytes / 1_000_000} MB after, {info.FragmentedBytes / 1_000_000} MB of it free");
                }
            }
        }
    }

    public IReadOnlyList<string> Stop()
    {
        _stop = true;
        _thread.Join();
        Look(); // the last collection of each kind, had the thread not looked since
        lock (_lines)
        {
            return _lines.OrderBy(l => long.Parse(l.AsSpan(1, l.IndexOf(' ') - 1))).ToList();
        }
    }
}
