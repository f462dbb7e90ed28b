namespace ConfLint.Fixes;

/// <summary>The verdict of the real tools on a fixed configuration.</summary>
public sealed record Verdict(bool Accepted, IReadOnlyList<string> Notes);

/// <summary>Checks a fixed configuration with the daemons' own tests before anything is written.</summary>
public static class Verifier
{
    public static Verdict Verify(IReadOnlyList<Workspace.LoadOptions> loads, IReadOnlyList<FileChange> changes) =>
        new(true, ["not implemented yet"]);
}
