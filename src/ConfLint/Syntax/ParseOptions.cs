namespace ConfLint.Syntax;

public sealed record ParseOptions
{
    public static readonly ParseOptions Default = new();

    /// <summary>How deep blocks or sections may nest. Real configs stay below ten; the limit keeps a hostile
    /// file from exhausting the stack.</summary>
    public int MaxDepth { get; init; } = 100;
}
