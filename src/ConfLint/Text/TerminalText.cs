using System.Text;

namespace ConfLint.Text;

/// <summary>
/// Text that came from a tree (a file name, a directive's value, a daemon's words about them) made safe to print where
/// a terminal or a CI log reads it: every C0 control character but the tab becomes its Unicode control picture
/// (ESC is shown as U+241B, so an escape sequence is seen, never obeyed), DEL becomes U+2421, and C1 controls and the
/// bidirectional overrides and isolates (which reorder what is shown) become U+FFFD. One character stands for one, so
/// a caret under a quoted line still points where it did.
/// </summary>
public static class TerminalText
{
    /// <summary>The text with its control characters made visible.</summary>
    /// <param name="keepLineBreaks">Keep <c>\n</c> and <c>\r\n</c> (a lone <c>\r</c>, which overwrites the line, is still shown).</param>
    public static string Escape(string text, bool keepLineBreaks = false)
    {
        var first = 0;
        while (first < text.Length && !Unsafe(text, first, keepLineBreaks))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            builder.Append(Unsafe(text, i, keepLineBreaks) ? Picture(text[i]) : text[i]);
        }

        return builder.ToString();
    }

    private static bool Unsafe(string text, int i, bool keepLineBreaks) => text[i] switch
    {
        '\t' => false,
        '\n' => !keepLineBreaks,
        '\r' => !keepLineBreaks || i + 1 >= text.Length || text[i + 1] != '\n',
        < ' ' or '\u007f' => true,
        >= '\u0080' and <= '\u009f' => true,
        >= '\u202a' and <= '\u202e' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };

    private static char Picture(char c) => c switch
    {
        < ' ' => (char)(0x2400 + c),
        '\u007f' => '\u2421',
        _ => '\uFFFD',
    };
}
