using ConfLint.Diagnostics;

namespace ConfLint.Cli.Commands;

/// <summary>What <c>conflint lint</c> was asked to do.</summary>
internal sealed record LintRequest(
    IReadOnlyList<string> Paths,
    TargetOptions Target,
    string Format,
    Severity FailOn,
    bool ExitZero,
    string? Output,
    bool Statistics,
    bool Quiet,
    string? StdinFilename,
    string Color,
    bool Verbose);
