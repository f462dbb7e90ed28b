using System.Text;
using ConfLint.Text;

namespace ConfLint.Cli;

/// <summary>
/// Standard error as conflint writes it: notes, the daemons' words from <c>--verify</c>, the findings of <c>fix</c>,
/// error messages naming paths. All of it may quote a tree, so every control character but the line break and the
/// tab is shown as <see cref="TerminalText"/> shows it, never passed to the terminal (nothing conflint itself writes
/// there is coloured). And no line of it begins with <c>::</c>, leading blanks aside: GitHub's runner would read such
/// a line as a workflow command (<c>::add-mask::</c>, <c>::stop-commands::</c>), and conflint writes none there, so a
/// line that would is a tree's text (a file name holding a line break, as a daemon quotes it); its first colon is
/// shown as U+FF1A.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    private bool _lineStart = true;

    public override Encoding Encoding => inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var text = TerminalText.Escape(value, keepLineBreaks: true);
        StringBuilder? changed = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                _lineStart = true;
            }
            else if (_lineStart && c is not (' ' or '\t' or '\r'))
            {
                _lineStart = false;
                if (c == ':' && i + 1 < text.Length && text[i + 1] == ':')
                {
                    changed ??= new StringBuilder(text);
                    changed[i] = '\uff1a';
                }
            }
        }

        inner.Write(changed?.ToString() ?? text);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + NewLine);

    public override void WriteLine() => Write(NewLine);

    public override void Flush() => inner.Flush();
}
