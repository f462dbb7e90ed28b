using ConfLint.Cli.Commands;

namespace ConfLint.Tests.Cli;

/// <summary>The heap's range marked for transparent huge pages during a large load: only the runtime's anonymous
/// reservation around the heap's current region, never a file's mapping or another named one.</summary>
public sealed class HugePagesTests
{
    private const string Maps = """
        55d4c0000000-55d4c1000000 r-xp 00000000 08:01 1234                       /usr/bin/conflint
        7f0000000000-7f0000400000 rw-p 00000000 00:00 0
        7f0000400000-7f4000000000 ---p 00000000 00:00 0
        7f4000000000-7f4000200000 rw-p 00000000 00:00 0                          [anon: .NET GC]
        7f4000200000-7f4000300000 rw-p 00000000 00:00 0                          [heap]
        7f4000400000-7f4000500000 rw-p 00000000 00:00 0
        7f5000000000-7f5000100000 r--p 00000000 08:01 99                         /usr/lib/libc.so.6

        """;

    [Theory]
    [InlineData(0x7f0000000010L, 0x7f0000000000L, 0x7f4000200000L)] // committed part: the run reaches through the reserved part and the named one
    [InlineData(0x7f3000000000L, 0x7f0000000000L, 0x7f4000200000L)] // reserved part: the same run
    [InlineData(0x7f4000400010L, 0x7f4000400000L, 0x7f4000500000L)] // after a gap: a run of its own
    public void The_run_of_adjacent_anonymous_mappings_holding_the_address_is_found(long address, long start, long end) =>
        Assert.Equal((start, end), HugePages.AnonymousRun(Maps, address));

    [Theory]
    [InlineData(0x55d4c0000010L)] // the executable's mapping
    [InlineData(0x7f4000200010L)] // the C heap
    [InlineData(0x7f5000000010L)] // a library
    [InlineData(0x1000L)] // nothing mapped
    public void An_address_outside_anonymous_memory_gives_no_run(long address) =>
        Assert.Null(HugePages.AnonymousRun(Maps, address));

    [Fact]
    public void The_advice_covers_where_the_heap_allocates_and_the_kernel_records_it()
    {
        var range = HugePages.Advise();
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel/mm/transparent_hugepage"))
        {
            Assert.Null(range); // madvise refuses MADV_HUGEPAGE where the kernel has no huge pages
            return;
        }

        var (start, length) = Assert.NotNull(range);
        Assert.Equal(0, start % (2 << 20));
        Assert.True(length > 0);

        // The mapping that holds the advised start is marked "hg" in its flags. Other tests of this process allocate
        // meanwhile, and the collector may map its reservation anew between the advice and the read (a fresh mapping has
        // no advice): advised again, up to five times, the kernel must record it once.
        var flags = Flags(start);
        for (var attempt = 1; attempt < 5 && !flags.Contains(" hg", StringComparison.Ordinal); attempt++)
        {
            (start, _) = Assert.NotNull(HugePages.Advise());
            flags = Flags(start);
        }

        Assert.Contains(" hg", flags, StringComparison.Ordinal);
    }

    private static string Flags(long address) =>
        File.ReadAllLines("/proc/self/smaps").SkipWhile(line => !Holds(line, address)).First(line => line.StartsWith("VmFlags:", StringComparison.Ordinal));

    private static bool Holds(string line, long address)
    {
        var dash = line.IndexOf('-');
        var space = line.IndexOf(' ');
        return dash > 0 && space > dash
            && long.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out var from)
            && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.HexNumber, null, out var to)
            && from <= address && address < to;
    }
}
