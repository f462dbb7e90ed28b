using ConfLint.Io.Native;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Io.Writing;

/// <summary>
/// An exclusive <c>flock</c> on the root folder itself (no lock file is left in the tree): two <c>conflint fix</c>
/// runs on one root take turns, the second waiting for the first; the lock ends with the process that holds it,
/// however that process ends.
/// </summary>
public sealed class RootLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private RootLock(SafeFileHandle handle, string root)
    {
        _handle = handle;
        Root = root;
    }

    public string Root { get; }

    /// <summary>Takes the lock of <paramref name="root"/>, waiting up to <paramref name="wait"/> for another run to
    /// end (saying so once through <paramref name="waiting"/>).</summary>
    /// <exception cref="WriteException">the other run did not end in time.</exception>
    public static RootLock Acquire(string root, TimeSpan wait, Action<string>? waiting = null, CancellationToken cancel = default)
    {
        var full = Path.GetFullPath(root);
        var handle = PosixCalls.OpenFolder(full);
        try
        {
            var deadline = DateTime.UtcNow + wait;
            var told = false;
            while (!PosixCalls.Flock(handle, PosixCalls.LockExclusive | PosixCalls.LockNonBlocking))
            {
                if (!told)
                {
                    waiting?.Invoke($"another conflint fix is working on {full}; waiting for it to finish");
                    told = true;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new WriteException($"another conflint fix has been working on {full} for over {wait.TotalSeconds:F0} s; nothing was written");
                }

                cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
                cancel.ThrowIfCancellationRequested();
            }

            return new RootLock(handle, full);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        PosixCalls.Flock(_handle, PosixCalls.LockUnlock);
        _handle.Dispose();
    }
}
