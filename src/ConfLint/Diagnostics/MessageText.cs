namespace ConfLint.Diagnostics;

/// <summary>
/// The words of a finding as every report carries them: at most <see cref="MaxLength"/> characters. A message quotes
/// the tree (a directive, a value, a target), and a tree can make one word 64 MiB long: quoted whole, thrice in a
/// CL015 message, it made a JSON report of 4 bytes and a JUnit report of 8 bytes for each byte of the word. Longer
/// text keeps its start and its end (where a message says what is wrong), and says how much was left out between.
/// </summary>
public static class MessageText
{
    public const int MaxLength = 2000;

    private const int Head = 1400;

    private const int Tail = 500;

    public static string Clip(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var head = char.IsHighSurrogate(text[Head - 1]) ? Head - 1 : Head;
        var tail = char.IsLowSurrogate(text[^Tail]) ? Tail - 1 : Tail;
        return $"{text[..head]}\u2026 ({text.Length - head - tail} more characters) \u2026{text[^tail..]}";
    }
}
