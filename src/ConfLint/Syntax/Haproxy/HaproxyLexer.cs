using ConfLint.Syntax.Parsing;
using Sprache;
using static ConfLint.Syntax.Haproxy.HaproxyScanner;

namespace ConfLint.Syntax.Haproxy;

/// <summary>
/// The lexical productions of HAProxy configuration files, written as Sprache parsers that scan the text directly
/// (with <see cref="HaproxyScanner"/>) and advance over a whole word and its trivia in one step. A line holds one
/// keyword and its arguments; the first word decides whether it opens a section. A word's trailing trivia runs to the
/// next word of its line, or through the LF that ends the line (with a comment, or what HAProxy ignores after a CR);
/// what lies before the first word of a line leads it.
/// </summary>
internal static class HaproxyLexer
{
    private static readonly Expected ExpectedKeyword = new("a keyword");
    private static readonly Expected ExpectedSection = new("a section");
    private static readonly Expected ExpectedArgument = new("an argument");

    /// <summary>The first word of a line that does not open a section (a scope line <c>[name]</c> included).</summary>
    public static readonly Parser<SyntaxToken> Keyword = input => FirstWord(input, section: false);

    /// <summary>The first word of a line that opens a section: <c>global</c>, <c>defaults</c>, <c>frontend</c>...</summary>
    public static readonly Parser<SyntaxToken> SectionKeyword = input => FirstWord(input, section: true);

    /// <summary>A further word of the same line.</summary>
    public static readonly Parser<SyntaxToken> Argument = input =>
    {
        var source = (SourceInput)input;
        var text = source.Context.Text;
        var start = source.Position;
        if (start >= text.Length || IsLineStart(text, start))
        {
            return Combinators.Soft<SyntaxToken>(input, ExpectedArgument);
        }

        return Word(source, start);
    };

    public static readonly Parser<SyntaxToken> EndOfFile = Combinators.EndOfFile(SkipTrivia);

    private static IResult<SyntaxToken> FirstWord(IInput input, bool section)
    {
        var source = (SourceInput)input;
        var text = source.Context.Text;
        var start = SkipTrivia(text, source.Position);
        if (start >= text.Length)
        {
            return Combinators.Soft<SyntaxToken>(input, section ? ExpectedSection : ExpectedKeyword);
        }

        if (text[start] == '[')
        {
            return section ? Combinators.Soft<SyntaxToken>(input, ExpectedSection) : Scope(source, start);
        }

        var end = ScanWord(text, start, out var error);
        if (error is { } found)
        {
            return Combinators.Fatal<SyntaxToken>(input, found.Position, found.Message);
        }

        if (HaproxySections.IsSection(HaproxyText.Decode(text.AsSpan(start, end - start))) != section)
        {
            return Combinators.Soft<SyntaxToken>(input, section ? ExpectedSection : ExpectedKeyword);
        }

        return Token(source, start, end);
    }

    private static IResult<SyntaxToken> Word(SourceInput source, int start)
    {
        var end = ScanWord(source.Context.Text, start, out var error);
        return error is { } found ? Combinators.Fatal<SyntaxToken>(source, found.Position, found.Message) : Token(source, start, end);
    }

    private static IResult<SyntaxToken> Scope(SourceInput source, int start)
    {
        var end = ScanScope(source.Context.Text, start, out var error);
        return error is { } found ? Combinators.Fatal<SyntaxToken>(source, found.Position, found.Message) : Token(source, start, end);
    }

    private static IResult<SyntaxToken> Token(SourceInput source, int start, int end)
    {
        var context = source.Context;
        var fullEnd = ScanTrailing(context.Text, end);
        var token = context.Token(KindOf(context.Text, start, end), source.Position, start, end, fullEnd);
        return Result.Success(token, context.At(fullEnd));
    }

    /// <summary>A word that is one quoted string, quotes at both ends and none between; any other word is a
    /// <see cref="TokenKind.Word"/> (quotes may still open and close inside it).</summary>
    private static TokenKind KindOf(string text, int start, int end)
    {
        var quote = text[start];
        if (end - start < 2 || quote is not ('"' or '\'') || text[end - 1] != quote)
        {
            return TokenKind.Word;
        }

        var closing = quote == '\'' ? text.IndexOf('\'', start + 1, end - start - 1) : ClosingDoubleQuote(text, start + 1, end);
        return closing == end - 1 ? TokenKind.QuotedString : TokenKind.Word;
    }

    private static int ClosingDoubleQuote(string text, int i, int end)
    {
        while (i < end)
        {
            if (text[i] == '\\')
            {
                i += Math.Max(EscapeLength(text, i, dquote: true), 1);
                continue;
            }

            if (text[i] == '"')
            {
                return i;
            }

            i++;
        }

        return -1;
    }
}
