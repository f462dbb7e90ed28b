using System.Runtime.InteropServices;

namespace ConfLint.Cli;

/// <summary>
/// Standard input, output or error as a plain stream over its file descriptor, read and written with libc's
/// <c>read</c> and <c>write</c>. <see cref="Console"/>'s streams first set the terminal up (its encoding, terminfo,
/// signal handlers): a sixth of what printing the version cost the native executable. As with Console's streams, a
/// reader gone away (EPIPE: <c>conflint lint | head -1</c>) makes further output vanish rather than fail.
/// </summary>
internal sealed partial class StandardStream(int descriptor, bool canRead) : Stream
{
    private const int Interrupted = 4;
    private const int WouldBlock = 11;
    private const int BrokenPipe = 32;
    private const short PollIn = 0x1;
    private const short PollOut = 0x4;
    private bool _readerGone;

    public static StandardStream Input { get; } = new(0, canRead: true);

    public static StandardStream Output { get; } = new(1, canRead: false);

    public static StandardStream Error { get; } = new(2, canRead: false);

    /// <summary>Whether the descriptor is a terminal (isatty).</summary>
    public bool IsTerminal => IsATty(descriptor) == 1;

    public override bool CanRead => canRead;

    public override bool CanSeek => false;

    public override bool CanWrite => !canRead;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        if (!canRead || buffer.IsEmpty)
        {
            return 0;
        }

        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = ReadNative(descriptor, start, buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                var error = Marshal.GetLastPInvokeError();
                if (error == WouldBlock)
                {
                    Wait(PollIn);
                }
                else if (error != Interrupted)
                {
                    throw new IOException($"cannot read standard input: {Marshal.GetPInvokeErrorMessage(error)}");
                }
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        if (canRead)
        {
            throw new NotSupportedException();
        }

        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length && !_readerGone)
            {
                var written = WriteNative(descriptor, start + done, buffer.Length - done);
                if (written >= 0)
                {
                    done += (int)written;
                    continue;
                }

                var error = Marshal.GetLastPInvokeError();
                if (error == BrokenPipe)
                {
                    _readerGone = true;
                }
                else if (error == WouldBlock)
                {
                    // A descriptor shared with a parent that made it non-blocking (as Console's streams do, wait until
                    // it takes more): the report went on for 64 kB, then ended with "Resource temporarily unavailable".
                    Wait(PollOut);
                }
                else if (error != Interrupted)
                {
                    throw new OutputFailedException($"cannot write to {(descriptor == 1 ? "standard output" : "standard error")}: {Marshal.GetPInvokeErrorMessage(error)}");
                }
            }
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadNative(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int PollNative(PollRequest* fds, nuint count, int timeout);

    /// <summary>Waits until the descriptor is ready (poll without a time limit; an interruption just returns).</summary>
    private unsafe void Wait(short events)
    {
        var request = new PollRequest { Descriptor = descriptor, Events = events, Returned = 0 };
        PollNative(&request, 1, -1);
    }

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PollRequest
    {
        public int Descriptor;
        public short Events;
        public short Returned;
    }
}

/// <summary>Standard output or error refused a write (a full disk, a device error): said as such, not as an internal error.</summary>
public sealed class OutputFailedException(string message) : IOException(message);
