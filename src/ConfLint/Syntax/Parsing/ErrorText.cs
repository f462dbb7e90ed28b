namespace ConfLint.Syntax.Parsing;

/// <summary>Text quoted in an error message, cut to a readable length.</summary>
internal static class ErrorText
{
    /// <summary>The text, or its first <c>max - 3</c> characters and <c>...</c> when it is longer than <paramref name="max"/>.</summary>
    public static string Shorten(ReadOnlySpan<char> text, int max = 60) =>
        text.Length <= max ? text.ToString() : string.Concat(text[..(max - 3)], "...");
}
