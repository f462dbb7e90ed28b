namespace ConfLint.Workspace;

/// <summary>
/// Runs independent pieces of work side by side, or one after the other when there are few files: for a site file
/// or two, starting the thread pool costs more than the work (a few milliseconds of a run that nginx -t does in ten).
/// </summary>
public static class WorkSplit
{
    /// <summary>Below this many files a workspace is read, modelled and judged on one thread.</summary>
    public const int SmallWorkspace = 16;

    public static void For(int count, bool parallel, int maxDegree, Action<int> body)
    {
        if (!parallel || count < 2 || maxDegree <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegree }, body);
    }

    /// <summary>Runs <paramref name="first"/> beside <paramref name="second"/>, or before it.</summary>
    public static void Both(bool parallel, Action first, Action second)
    {
        if (!parallel)
        {
            first();
            second();
            return;
        }

        var task = Task.Run(first);
        second();
        task.Wait();
    }
}
