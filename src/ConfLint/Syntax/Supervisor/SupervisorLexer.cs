using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.Supervisor;

/// <summary>
/// The lexical productions of supervisord's configuration files, written as Sprache parsers that scan the text
/// directly, one element at a time as Python's <c>configparser</c> reads them (see <see cref="SupervisorLines"/>):
/// <list type="bullet">
/// <item>a line whose content matches <c>\[(.+)\]</c> is a section header; the name is everything between the first
/// <c>[</c> and the last <c>]</c>;</item>
/// <item>any other line is an option, <c>key = value</c> or <c>key: value</c>, split at its first <c>=</c> or
/// <c>:</c>; the key is lower-cased by the parser. The value continues over the following lines that are indented
/// deeper than the option line, blank and comment lines between them included;</item>
/// <item>an option line without <c>=</c> or <c>:</c>, or with nothing before it, makes supervisord refuse the file
/// ("File contains parsing errors"), and so does an option before the first section ("File contains no section
/// headers"): both are errors here.</item>
/// </list>
/// A value token may span continued lines; its value is the joined text (see <see cref="SupervisorText"/>).
/// </summary>
internal static class SupervisorLexer
{
    private static readonly Expected ExpectedEntry = new("an option");
    private static readonly Expected ExpectedSection = new("a section header");
    private static readonly Expected ExpectedEndOfFile = new("the end of the file");

    /// <summary>A <c>key = value</c> element. Fails without consuming at a section header or the end of the file.</summary>
    public static readonly Parser<EntryTokens> Entry = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var text = context.Text;
        var lineStart = SkipTrivia(text, source.Position);
        if (lineStart >= text.Length)
        {
            return Combinators.Soft<EntryTokens>(input, ExpectedEntry);
        }

        var lineEnd = SupervisorLines.LineEnd(text, lineStart);
        var (start, end) = SupervisorLines.Content(text, lineStart, lineEnd);
        if (IsSectionHeader(text, start, end))
        {
            return Combinators.Soft<EntryTokens>(input, ExpectedEntry);
        }

        var delimiter = text.AsSpan(start, end - start).IndexOfAny('=', ':');
        if (delimiter < 0)
        {
            return Combinators.Fatal<EntryTokens>(input, start,
                $"expected '=' or ':' after '{ErrorText.Shorten(text.AsSpan(start, end - start))}': supervisord refuses a line that is neither a section nor an option");
        }

        delimiter += start;
        var keyEnd = SupervisorLines.TrimEnd(text, start, delimiter);
        if (keyEnd == start)
        {
            return Combinators.Fatal<EntryTokens>(input, start, $"expected an option name before '{text[delimiter]}'");
        }

        var indent = start - lineStart;
        var valueStart = SupervisorLines.FirstNonSpace(text, delimiter + 1, end);
        var valueEnd = valueStart < end ? end : -1;
        var lastLineEnd = lineEnd;

        // Lines indented deeper than the option line continue its value; blank and comment lines between them do not end it.
        var next = lineEnd < text.Length ? lineEnd + 1 : lineEnd;
        var firstValueStart = valueStart < end ? valueStart : -1;
        while (next < text.Length)
        {
            var nextEnd = SupervisorLines.LineEnd(text, next);
            var (contentStart, contentEnd) = SupervisorLines.Content(text, next, nextEnd);
            if (contentStart < contentEnd)
            {
                if (contentStart - next <= indent)
                {
                    break;
                }

                firstValueStart = firstValueStart < 0 ? contentStart : firstValueStart;
                valueEnd = contentEnd;
                lastLineEnd = nextEnd;
            }

            if (nextEnd >= text.Length)
            {
                break;
            }

            next = nextEnd + 1;
        }

        var key = context.Token(TokenKind.Word, source.Position, start, keyEnd, delimiter);
        if (valueEnd < 0)
        {
            var aloneEnd = Trailing(text, delimiter + 1, lineEnd);
            var alone = context.Token(TokenKind.Punctuation, delimiter, delimiter, delimiter + 1, aloneEnd);
            return Result.Success(new EntryTokens(key, alone, null), context.At(aloneEnd));
        }

        var delimiterEnd = firstValueStart <= lineEnd ? firstValueStart : lineEnd + 1;
        var delimiterToken = context.Token(TokenKind.Punctuation, delimiter, delimiter, delimiter + 1, delimiterEnd);
        var fullEnd = Trailing(text, valueEnd, lastLineEnd);
        var value = context.Token(TokenKind.Word, delimiterEnd, firstValueStart, valueEnd, fullEnd);
        return Result.Success(new EntryTokens(key, delimiterToken, value), context.At(fullEnd));
    };

    /// <summary>A <c>[name]</c> line. Fails without consuming where the next element is no section header.</summary>
    public static readonly Parser<HeaderTokens> SectionHeader = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var text = context.Text;
        var lineStart = SkipTrivia(text, source.Position);
        if (lineStart >= text.Length)
        {
            return Combinators.Soft<HeaderTokens>(input, ExpectedSection);
        }

        var lineEnd = SupervisorLines.LineEnd(text, lineStart);
        var (start, end) = SupervisorLines.Content(text, lineStart, lineEnd);
        if (!IsSectionHeader(text, start, end))
        {
            return Combinators.Soft<HeaderTokens>(input, ExpectedSection);
        }

        var close = text.LastIndexOf(']', end - 1, end - start);
        var open = context.Token(TokenKind.Punctuation, source.Position, start, start + 1, start + 1);
        var name = context.Token(TokenKind.Word, start + 1, start + 1, close, close);
        var fullEnd = Trailing(text, close + 1, lineEnd);
        var closeToken = context.Token(TokenKind.Punctuation, close, close, close + 1, fullEnd);
        return Result.Success(new HeaderTokens(open, name, closeToken), context.At(fullEnd));
    };

    public static readonly Parser<SyntaxToken> EndOfFile = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var start = SkipTrivia(context.Text, source.Position);
        if (start < context.Length)
        {
            return Combinators.Soft<SyntaxToken>(input, ExpectedEndOfFile);
        }

        var token = context.Token(TokenKind.EndOfFile, source.Position, start, start, start);
        return Result.Success(token, context.At(start));
    };

    /// <summary>An option before any section: supervisord stops with "File contains no section headers".</summary>
    public static readonly Parser<EntryTokens> EntryBeforeSection = input =>
    {
        var source = (SourceInput)input;
        var text = source.Context.Text;
        var lineStart = SkipTrivia(text, source.Position);
        if (lineStart >= text.Length)
        {
            return Combinators.Soft<EntryTokens>(input, ExpectedSection);
        }

        var (start, end) = SupervisorLines.Content(text, lineStart, SupervisorLines.LineEnd(text, lineStart));
        return IsSectionHeader(text, start, end)
            ? Combinators.Soft<EntryTokens>(input, ExpectedSection)
            : Combinators.Fatal<EntryTokens>(input, start, "expected a section header such as '[supervisord]' or '[program:NAME]' before the first option: supervisord refuses a file that does not start with one");
    };

    /// <summary>The start of the next line that is not blank or a comment (the start of that line, not of its content).</summary>
    public static int SkipTrivia(string text, int i)
    {
        while (i < text.Length)
        {
            var end = SupervisorLines.LineEnd(text, i);
            var (start, contentEnd) = SupervisorLines.Content(text, i, end);
            if (start < contentEnd)
            {
                return i;
            }

            if (end >= text.Length)
            {
                return text.Length;
            }

            i = end + 1;
        }

        return i;
    }

    /// <summary><c>\[(.+)\]</c> matched at the start of a line's content, as <c>configparser.SECTCRE</c>.</summary>
    private static bool IsSectionHeader(string text, int start, int end) =>
        end - start >= 3 && text[start] == '[' && text.LastIndexOf(']', end - 1, end - start - 1) > start + 1;

    /// <summary>Where a token ending at <paramref name="end"/> on the line ending at <paramref name="lineEnd"/> stops
    /// owning trivia: after the line break.</summary>
    private static int Trailing(string text, int end, int lineEnd) => lineEnd < text.Length ? lineEnd + 1 : lineEnd;

    /// <summary>The tokens of one option: the value is absent when it is empty.</summary>
    internal readonly record struct EntryTokens(SyntaxToken Key, SyntaxToken Delimiter, SyntaxToken? Value);

    /// <summary>The tokens of one section header: <c>[</c>, the name, <c>]</c>.</summary>
    internal readonly record struct HeaderTokens(SyntaxToken Open, SyntaxToken Name, SyntaxToken Close);
}
