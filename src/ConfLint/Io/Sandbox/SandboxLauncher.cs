using System.Collections.Concurrent;
using System.Diagnostics;

namespace ConfLint.Io.Sandbox;

/// <summary>
/// Starts the sandboxes from one thread that lives as long as ConfLint. bwrap's <c>--die-with-parent</c> is
/// <c>prctl(PR_SET_PDEATHSIG)</c>, and Linux sends that signal when the <em>thread</em> that forked the child ends,
/// not the process: a check started from a pool thread would be killed whenever that thread retired, and a
/// check started from a thread that ended before bwrap set the signal would outlive ConfLint. This thread never
/// ends before the process does, so the sandbox dies exactly when ConfLint does.
/// </summary>
internal static class SandboxLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];

    private static readonly Lazy<Thread> Worker = new(() =>
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "conflint sandbox launcher" };
        thread.Start();
        return thread;
    });

    /// <summary>Starts a process from the launcher thread and returns it once it runs.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        _ = Worker.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static void Serve()
    {
        foreach (var (start, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new IOException($"cannot start {start.FileName}"));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
