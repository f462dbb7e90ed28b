namespace ConfLint.Tests.Differential.Mutation;

/// <summary>
/// One variation of a corpus case: the file it edits (a path under the daemon's configuration folder), its new text,
/// any files it adds, and what was done. <see cref="Harmless"/> marks the edits meant to keep the configuration valid
/// (comments, spacing, quoting, order, includes); the daemon still decides, the test only compares.
/// </summary>
internal sealed record Mutant(string Daemon, string Case, string File, string Operator, string Detail, string Text, bool Harmless)
{
    public IReadOnlyDictionary<string, string> ExtraFiles { get; init; } = new Dictionary<string, string>();

    public override string ToString() => $"{Daemon}/{Case}: {Operator} in {File} ({Detail})";
}
