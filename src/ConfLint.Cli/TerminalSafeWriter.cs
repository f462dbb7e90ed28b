using System.Text;
using ConfLint.Text;

namespace ConfLint.Cli;

/// <summary>
/// Standard error as conflint writes it: notes, the daemons' words from <c>--verify</c>, the findings of <c>fix</c>,
/// error messages naming paths. All of it may quote a tree, so every control character but the line break and the
/// tab is shown as <see cref="TerminalText"/> shows it, never passed to the terminal (nothing conflint itself writes
/// there is coloured).
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value) => inner.Write(TerminalText.Escape(value.ToString(), keepLineBreaks: true));

    public override void Write(string? value)
    {
        if (value is not null)
        {
            inner.Write(TerminalText.Escape(value, keepLineBreaks: true));
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + NewLine);

    public override void WriteLine() => inner.Write(NewLine);

    public override void Flush() => inner.Flush();
}
