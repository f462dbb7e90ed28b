namespace ConfLint.Diagnostics;

/// <summary>
/// The words of a finding as every report carries them: at most <see cref="MaxLength"/> characters. A message quotes
/// the tree (a directive, a value, a target), and a tree can make one word 64 MiB long: quoted whole, thrice in a
/// CL015 message, it made a JSON report of 4 bytes and a JUnit report of 8 bytes for each byte of the word. Longer
/// text keeps its start and says how much was left out.
/// </summary>
public static class MessageText
{
    public const int MaxLength = 2000;

    private const int Kept = MaxLength - 40;

    public static string Clip(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var kept = char.IsHighSurrogate(text[Kept - 1]) ? Kept - 1 : Kept;
        return $"{text[..kept]}\u2026 ({text.Length - kept} more characters)";
    }
}
