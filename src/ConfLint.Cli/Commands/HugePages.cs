using System.Globalization;
using System.Runtime.InteropServices;

namespace ConfLint.Cli.Commands;

/// <summary>
/// Transparent huge pages for the collector's heap while a large tree loads (Linux). Nearly all a large run allocates
/// is fresh memory: each 4 KB page of it costs a page fault, in which the kernel clears it, before the allocator clears it
/// again. On the 10,000-server tree that was about 50,000 faults and a third of the process's CPU samples
/// (docs/benchmarks.md). Where the kernel's setting is <c>madvise</c> (Debian's and Ubuntu's default), a range the
/// process marks with <c>MADV_HUGEPAGE</c> is faulted in 2 MB at a time; where it is <c>always</c> this changes
/// nothing, where <c>never</c> the advice is ignored. Only the range the runtime reserved for the heap is marked, from
/// the region the heap is allocating in, so no other memory of the process grows to 2 MB pages; the heap's peak
/// moves by at most the unused end of a few pages.
/// </summary>
internal static partial class HugePages
{
    private const int MadvHugePage = 14;
    private const long HugePage = 2L << 20;

    /// <summary>How far past the object allocated last the advice reaches: the regions a large run fills are taken from
    /// the start of the heap's reserved range, one after the other. Advice on reserved memory costs nothing until it is
    /// used.</summary>
    private const long Reach = 1L << 30;

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);

    /// <summary>Marks the heap's range from where it allocates now; the range marked, or null where nothing was (not
    /// Linux, the range not found, or the kernel refused).</summary>
    public static (long Start, long Length)? Advise()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var probe = new byte[16];
        var handle = GCHandle.Alloc(probe, GCHandleType.Pinned);
        long address;
        try
        {
            address = handle.AddrOfPinnedObject();
        }
        finally
        {
            handle.Free();
        }

        string maps;
        try
        {
            maps = File.ReadAllText("/proc/self/maps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (AnonymousRun(maps, address) is not var (runStart, runEnd))
        {
            return null;
        }

        var start = Math.Max(runStart, address & ~(HugePage - 1));
        var end = Math.Min(runEnd, start + Reach);
        return Madvise((nint)start, (nuint)(end - start), MadvHugePage) == 0 ? (start, end - start) : null;
    }

    /// <summary>The run of adjacent anonymous mappings (no file, no name but an <c>[anon:...]</c> one) that holds
    /// <paramref name="address"/>, from <c>/proc/self/maps</c> text: the runtime's reservation for the heap, split by
    /// what it has committed. Null where the address lies in no anonymous mapping.</summary>
    internal static (long Start, long End)? AnonymousRun(string maps, long address)
    {
        var ranges = new List<(long Start, long End, bool Anonymous)>();
        foreach (var line in maps.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // start-end perms offset dev inode [path]
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var dash = fields[0].IndexOf('-');
            if (fields.Length < 5 || dash < 0
                || !long.TryParse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                continue;
            }

            var path = fields.Length > 5 ? fields[5].Trim() : string.Empty;
            ranges.Add((start, end, fields[4] == "0" && (path.Length == 0 || path.StartsWith("[anon:", StringComparison.Ordinal))));
        }

        var at = ranges.FindIndex(r => r.Start <= address && address < r.End);
        if (at < 0 || !ranges[at].Anonymous)
        {
            return null;
        }

        var (first, last) = (at, at);
        while (first > 0 && ranges[first - 1].Anonymous && ranges[first - 1].End == ranges[first].Start)
        {
            first--;
        }

        while (last + 1 < ranges.Count && ranges[last + 1].Anonymous && ranges[last + 1].Start == ranges[last].End)
        {
            last++;
        }

        return (ranges[first].Start, ranges[last].End);
    }
}
