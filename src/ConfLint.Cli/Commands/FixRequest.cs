using ConfLint.Diagnostics;

namespace ConfLint.Cli.Commands;

/// <summary>What <c>conflint fix</c> was asked to do.</summary>
internal sealed record FixRequest(
    IReadOnlyList<string> Paths,
    TargetOptions Target,
    bool DryRun,
    bool UnsafeFixes,
    bool Verify,
    bool VerifyBestEffort,
    Severity FailOn);
