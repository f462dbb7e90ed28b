namespace ConfLint.Io;

/// <summary>
/// The verdict of the real tools on a fix: whether one rejected it, which changed files no tool could judge, what
/// each tool said, or why the check could not run at all (<see cref="Refusal"/>: then nothing may be written).
/// </summary>
public sealed record Verdict(bool Rejected, IReadOnlyList<string> Unjudged, IReadOnlyList<string> Notes, string? Refusal = null)
{
    public static Verdict Refused(string why) => new(false, [], [], why);
}
