namespace ConfLint.Syntax.Supervisor;

/// <summary>
/// How supervisord's configuration parser (Python's <c>RawConfigParser</c> as supervisor 4's <c>UnhosedConfigParser</c>
/// sets it up: <c>inline_comment_prefixes=(';', '#')</c>, <c>strict=False</c>, empty lines allowed in values) sees one
/// physical line (<c>configparser._read</c>):
/// <list type="bullet">
/// <item>a line whose stripped text starts with <c>;</c> or <c>#</c> is a comment, wherever it is indented;</item>
/// <item>elsewhere <c>;</c> or <c>#</c> starts a comment only at the start of the line or after whitespace
/// (<c>command=a;b</c> keeps <c>;b</c>);</item>
/// <item>a line's indent is the offset of its first non-whitespace character: a line indented deeper than the option
/// line before it continues that option's value.</item>
/// </list>
/// Lines end at LF (a CR before it is whitespace, as Python strips it).
/// </summary>
internal static class SupervisorLines
{
    /// <summary>The offset of the next LF at or after <paramref name="i"/>, or the end of the text.</summary>
    public static int LineEnd(string text, int i)
    {
        var end = text.AsSpan(i).IndexOf('\n');
        return end < 0 ? text.Length : i + end;
    }

    /// <summary>The offset after the line break that ends the line holding <paramref name="i"/>.</summary>
    public static int NextLine(string text, int i)
    {
        var end = LineEnd(text, i);
        return end < text.Length ? end + 1 : end;
    }

    public static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v' or '\uFEFF';

    /// <summary>The first character of the line that is not whitespace, or <paramref name="end"/>.</summary>
    public static int FirstNonSpace(string text, int start, int end)
    {
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        return start;
    }

    /// <summary>The offset after the last character before <paramref name="end"/> that is not whitespace, or <paramref name="start"/>.</summary>
    public static int TrimEnd(string text, int start, int end)
    {
        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }

    /// <summary>Whether the line from <paramref name="lineStart"/> to <paramref name="end"/> is a whole-line comment.</summary>
    public static bool IsCommentLine(string text, int lineStart, int end)
    {
        var first = FirstNonSpace(text, lineStart, end);
        return first < end && text[first] is ';' or '#';
    }

    /// <summary>Where an inline comment starts in the text from <paramref name="from"/> to <paramref name="end"/> of a
    /// line starting at <paramref name="lineStart"/>: a <c>;</c> or <c>#</c> at the line's start or after whitespace;
    /// <paramref name="end"/> when there is none.</summary>
    public static int CommentStart(string text, int lineStart, int from, int end)
    {
        for (var i = from; i < end; i++)
        {
            if (text[i] is ';' or '#' && (i == lineStart || char.IsWhiteSpace(text[i - 1])))
            {
                return i;
            }
        }

        return end;
    }

    /// <summary>The content of a line without its comment and outer whitespace, as (start, end); empty when the line is
    /// blank or a comment.</summary>
    public static (int Start, int End) Content(string text, int lineStart, int lineEnd)
    {
        if (IsCommentLine(text, lineStart, lineEnd))
        {
            return (lineStart, lineStart);
        }

        var end = CommentStart(text, lineStart, lineStart, lineEnd);
        var start = FirstNonSpace(text, lineStart, end);
        return (start, TrimEnd(text, start, end));
    }
}
