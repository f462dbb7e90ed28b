using ConfLint.Syntax.Parsing;
using ConfLint.Text;

namespace ConfLint.Syntax.Documents;

/// <summary>Builds a <see cref="DocumentFile"/>: every run of characters that is neither a blank, a line break nor
/// inside one of the given comments is a token, owning the trivia after it to the end of its line.</summary>
internal static class DocumentBuilder
{
    public static ParseResult Build(ParseContext context, IReadOnlyList<TextSpan> comments)
    {
        var text = context.Text;
        var runs = new List<(int Start, int End)>();
        var next = 0;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        while (i < text.Length)
        {
            while (next < comments.Count && comments[next].End <= i)
            {
                next++;
            }

            if (next < comments.Count && comments[next].Start <= i)
            {
                i = comments[next].End;
                continue;
            }

            if (IsTrivia(text, i))
            {
                i++;
                continue;
            }

            var start = i;
            var stop = next < comments.Count ? comments[next].Start : text.Length;
            while (i < stop && !IsTrivia(text, i))
            {
                i++;
            }

            runs.Add((start, i));
        }

        var first = context.NextTokenIndex;
        var fullStart = 0;
        for (var r = 0; r < runs.Count; r++)
        {
            var (start, end) = runs[r];
            var following = r + 1 < runs.Count ? runs[r + 1].Start : text.Length;
            var newline = text.IndexOf('\n', end, following - end);
            var fullEnd = newline < 0 ? following : newline + 1;
            context.Token(TokenKind.RawText, fullStart, start, end, fullEnd);
            fullStart = fullEnd;
        }

        var runTokens = context.TokensFrom(first);
        var endOfFile = context.Token(TokenKind.EndOfFile, fullStart, text.Length, text.Length, text.Length);
        context.Tree.Root = new DocumentFile(context.Tree, runTokens, endOfFile);
        return ParseResult.Ok(context.Tree);
    }

    private static bool IsTrivia(string text, int i) => text[i] is ' ' or '\t' or '\n' || (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n');
}
