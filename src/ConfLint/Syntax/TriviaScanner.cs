using ConfLint.Text;

namespace ConfLint.Syntax;

/// <summary>
/// Splits a run of trivia into its pieces. The grammars decide where trivia lies; this only names what
/// lies there, so that a token can keep two offsets instead of a list.
/// </summary>
internal static class TriviaScanner
{
    private static readonly SyntaxTrivia[] None = [];

    public static IReadOnlyList<SyntaxTrivia> Scan(SyntaxTree tree, int start, int end)
    {
        if (start == end)
        {
            return None;
        }

        var text = tree.Source.Text;
        var continuations = tree.Kind is ConfigKind.Apache or ConfigKind.Systemd;
        var commentsContinue = tree.Kind == ConfigKind.Apache;

        // PHP-FPM hands PHP's INI scanner one line at a time: a BOM starts any line, and a comment stops at a lone CR.
        var iniLines = tree.Kind == ConfigKind.PhpFpm;
        var list = new List<SyntaxTrivia>(2);
        var i = start;
        while (i < end)
        {
            var c = text[i];
            int next;
            TriviaKind kind;
            if (c == '\uFEFF' && (i == 0 || (iniLines && text[i - 1] == '\n')))
            {
                kind = TriviaKind.ByteOrderMark;
                next = i + 1;
            }
            else if (c == '\n')
            {
                kind = TriviaKind.EndOfLine;
                next = i + 1;
            }
            else if (c == '\r' && i + 1 < end && text[i + 1] == '\n')
            {
                kind = TriviaKind.EndOfLine;
                next = i + 2;
            }
            else if (IsBlank(c))
            {
                kind = TriviaKind.Whitespace;
                next = i + 1;
                while (next < end && IsBlank(text[next]) && !(text[next] == '\r' && next + 1 < end && text[next + 1] == '\n'))
                {
                    next++;
                }
            }
            else if (continuations && c == '\\' && LineBreakLength(text, i + 1, end) is var length and > 0)
            {
                kind = TriviaKind.LineContinuation;
                next = i + 1 + length;
            }
            else if (tree.Kind == ConfigKind.Systemd && c == '\\' && i + 1 == text.Length)
            {
                // systemd: a backslash that ends the file continues the last line into nothing.
                kind = TriviaKind.LineContinuation;
                next = i + 1;
            }
            else
            {
                kind = TriviaKind.Comment;
                next = iniLines ? IniCommentEnd(text, i, end) : CommentEnd(text, i, end, commentsContinue);
            }

            list.Add(new SyntaxTrivia(kind, TextSpan.FromBounds(i, next)));
            i = next;
        }

        return list;
    }

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v';

    private static int LineBreakLength(string text, int i, int end)
    {
        if (i < end && text[i] == '\n')
        {
            return 1;
        }

        return i + 1 < end && text[i] == '\r' && text[i + 1] == '\n' ? 2 : 0;
    }

    /// <summary>An INI comment runs to the next CR or LF.</summary>
    private static int IniCommentEnd(string text, int i, int end)
    {
        var stop = text.AsSpan(i, end - i).IndexOfAny('\r', '\n');
        return stop < 0 ? end : i + stop;
    }

    /// <summary>A comment runs to its line break; in Apache a comment line that ends in a backslash goes on.</summary>
    private static int CommentEnd(string text, int i, int end, bool commentsContinue)
    {
        while (true)
        {
            var newline = text.AsSpan(i, end - i).IndexOf('\n');
            if (newline < 0)
            {
                return end;
            }

            var lineBreak = i + newline;
            var contentEnd = lineBreak > i && text[lineBreak - 1] == '\r' ? lineBreak - 1 : lineBreak;
            if (commentsContinue && contentEnd > i && text[contentEnd - 1] == '\\' && lineBreak + 1 < end)
            {
                i = lineBreak + 1;
                continue;
            }

            return contentEnd;
        }
    }
}
