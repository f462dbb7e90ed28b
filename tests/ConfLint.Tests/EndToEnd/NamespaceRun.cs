using System.Diagnostics;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.EndToEnd;

/// <summary>
/// A shell script run in private mount, network and PID namespaces (<c>unshare</c>), with <c>$TREE</c> (the fixture
/// copy) and <c>$STATE</c> (a folder the script and the test share) in its environment. The scripts of the end-to-end
/// tests start the daemons, write what they saw into <c>$STATE</c>, touch <c>$STATE/ready</c>, wait for
/// <c>$STATE/go</c> (the test's fix is written by then), and look again. Disposing kills whatever still runs.
/// </summary>
internal sealed class NamespaceRun : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly CancellationTokenSource _timeout;

    private NamespaceRun(string script, TempTree tree, TempTree state, TimeSpan limit)
    {
        State = state;
        var start = new ProcessStartInfo("unshare", ["--mount", "--net", "--pid", "--fork", "--mount-proc", "--propagation", "private", "sh", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TREE"] = tree.Root;
        start.Environment["STATE"] = state.Root;
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _timeout.CancelAfter(limit);
        _process = Process.Start(start)!;
        _stdout = _process.StandardOutput.ReadToEndAsync(_timeout.Token);
        _stderr = _process.StandardError.ReadToEndAsync(_timeout.Token);
    }

    public TempTree State { get; }

    /// <summary>Starts the script and waits until it touches <c>$STATE/ready</c>; fails with its error output if it
    /// ends first.</summary>
    public static async Task<NamespaceRun> StartAsync(string script, TempTree tree, TempTree state, TimeSpan limit)
    {
        var run = new NamespaceRun(script, tree, state, limit);
        while (!File.Exists(state.Path("ready")) && !run._process.HasExited)
        {
            await Task.Delay(100, run._timeout.Token);
        }

        if (!File.Exists(state.Path("ready")))
        {
            var error = await run._stderr;
            run.Dispose();
            Assert.Fail("the daemons did not start: " + error);
        }

        return run;
    }

    /// <summary>Runs a script that needs no signal from the test to its end.</summary>
    public static async Task<string> RunToEndAsync(string script, TempTree tree, TempTree state, TimeSpan limit)
    {
        using var run = new NamespaceRun(script, tree, state, limit);
        return await run.WaitAsync();
    }

    /// <summary>Touches <c>$STATE/go</c> and waits for the script to end, which must be with status 0; returns its output.</summary>
    public async Task<string> GoAsync()
    {
        await File.WriteAllTextAsync(State.Path("go"), string.Empty, _timeout.Token);
        return await WaitAsync();
    }

    private async Task<string> WaitAsync()
    {
        await _process.WaitForExitAsync(_timeout.Token);
        var output = await _stdout + await _stderr;
        Assert.True(_process.ExitCode == 0, $"the namespace ended with {_process.ExitCode}: {output}");
        return output;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _timeout.Dispose();
    }
}
