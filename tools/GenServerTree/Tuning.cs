namespace ConfLint.Tools.GenServerTree;

/// <summary>
/// The values hosting boxes use for timeouts and buffers, with a few per cent too small. Buffers are
/// written as a set nginx accepts: it rejects a <c>*_buffer_size</c> alone once twice it exceeds all
/// <c>*_buffers</c> but one (the default busy size), so the busy size is always given and kept below that.
/// </summary>
public static class Tuning
{
    public static readonly string[] Short = ["10s", "15s", "30s", "60s"];

    private static readonly string[] Timeouts = ["60s", "90s", "120s", "180s", "300s", "600", "3600s"];
    private static readonly string[] TooShortTimeouts = ["5s", "10s", "15"];
    private static readonly int[] BufferKilobytes = [8, 16, 32, 64, 128];
    private static readonly int[] BufferCounts = [8, 16, 32];
    private static readonly int[] BufferSizes = [16, 32, 64];

    /// <summary>A read timeout; 3% are shorter than the apps behind them need.</summary>
    public static string ReadTimeout(Rng rng) => rng.Chance(3) ? rng.Pick(TooShortTimeouts) : rng.Pick(Timeouts);

    /// <summary>Writes <c>{prefix}_buffer_size</c>, <c>_buffers</c> and <c>_busy_buffers_size</c>; 3% use a
    /// 4k buffer size, too small for large cookies and headers.</summary>
    public static void Buffers(ConfigWriter w, Rng rng, string prefix)
    {
        var bufferSize = rng.Chance(3) ? 4 : rng.Pick(BufferKilobytes);
        var count = rng.Pick(BufferCounts);
        var size = rng.Pick(BufferSizes);
        var busy = Math.Max(bufferSize, size);
        while (busy >= (count - 1) * size)
        {
            count *= 2;
        }

        w.Line($"{prefix}_buffer_size {bufferSize}k;");
        w.Line($"{prefix}_buffers {count} {size}k;");
        w.Line($"{prefix}_busy_buffers_size {busy}k;");
    }
}
