namespace ConfLint.Io.Sandbox;

/// <summary>How a sandboxed program ended: its exit code and output, or that it ran out of time.</summary>
internal sealed record SandboxOutcome(int ExitCode, string Output, bool TimedOut)
{
    public bool Ok => ExitCode == 0 && !TimedOut;
}
