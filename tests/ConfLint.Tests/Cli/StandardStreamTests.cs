using System.Runtime.InteropServices;
using ConfLint.Cli;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Tests.Cli;

/// <summary>
/// Standard output over its descriptor: a descriptor another process made non-blocking (a shared pipe) refuses a write
/// with EAGAIN while it is full; the report waits for the reader instead of ending at 64 kB with "Resource temporarily
/// unavailable" and exit 2.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public partial class StandardStreamTests
{
    private const int SetFlags = 4;
    private const int NonBlocking = 0x800;

    [Fact]
    public async Task A_non_blocking_output_that_fills_up_takes_the_whole_report()
    {
        var descriptors = new int[2];
        Assert.Equal(0, Pipe(descriptors));
        Assert.Equal(0, Fcntl(descriptors[1], SetFlags, NonBlocking));
        var report = new byte[1 << 20];
        new Random(7).NextBytes(report);

        using var reading = new FileStream(new SafeFileHandle(descriptors[0], ownsHandle: true), FileAccess.Read, 1);
        var reader = Task.Run(async () =>
        {
            // The pipe fills (64 kB) long before the reader starts.
            await Task.Delay(300, TestContext.Current.CancellationToken);
            var received = new MemoryStream();
            await reading.CopyToAsync(received, TestContext.Current.CancellationToken);
            return received.ToArray();
        }, TestContext.Current.CancellationToken);

        using (var writing = new SafeFileHandle(descriptors[1], ownsHandle: true))
        {
            new StandardStream(descriptors[1], canRead: false).Write(report);
        }

        Assert.Equal(report, await reader);
    }

    [LibraryImport("libc", EntryPoint = "pipe", SetLastError = true)]
    private static partial int Pipe([Out] int[] descriptors);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);
}
