namespace ConfLint.Syntax.Systemd;

/// <summary>
/// The pieces of one logical line, from a starting offset: each is the content of one physical line (without its
/// line break and without the backslash that continues it), in the order systemd joins them. Comment lines after
/// a continued line are skipped, as <see cref="SystemdLines"/> describes. A struct enumerator: no allocation.
/// </summary>
internal struct LogicalSegments
{
    private readonly string _text;
    private int _next;

    public LogicalSegments(string text, int start)
    {
        _text = text;
        _next = start;
    }

    /// <summary>Where the current piece starts.</summary>
    public int Start { get; private set; }

    /// <summary>Where the current piece ends: before its continuing backslash, or before its line break.</summary>
    public int End { get; private set; }

    /// <summary>Whether a backslash at <see cref="End"/> continues the line; systemd reads it as a space.</summary>
    public bool Continued { get; private set; }

    public bool MoveNext()
    {
        if (_next < 0)
        {
            return false;
        }

        var text = _text;
        var start = _next;
        var newline = text.IndexOf('\n', start);
        var contentEnd = newline < 0 ? text.Length : newline;
        if (contentEnd > start && newline >= 0 && text[contentEnd - 1] == '\r')
        {
            contentEnd--;
        }

        Continued = SystemdLines.EndsWithContinuation(text, contentEnd);
        Start = start;
        End = Continued ? contentEnd - 1 : contentEnd;
        if (!Continued || newline < 0)
        {
            _next = -1;
            return true;
        }

        var next = SystemdLines.SkipCommentLines(text, newline + 1);
        _next = next < text.Length ? next : -1;
        return true;
    }
}
