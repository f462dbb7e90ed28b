using ConfLint.Syntax.Parsing;
using Sprache;
using static ConfLint.Syntax.Apache.ApacheScanner;

namespace ConfLint.Syntax.Apache;

/// <summary>
/// The lexical productions of Apache configuration files, written as Sprache parsers that scan the text
/// directly (with <see cref="ApacheScanner"/>) and advance over a whole token and its trivia in one step.
/// A logical line (physical lines joined by line continuations) holds one directive, one section's open
/// tag or one close tag. A token's trailing trivia runs to the next word of its logical line, or through
/// the line break that ends the line; what lies before the first word of a line leads it.
/// </summary>
internal static class ApacheLexer
{
    private static readonly Expected ExpectedDirective = new("a directive");
    private static readonly Expected ExpectedArgument = new("an argument");
    private static readonly Expected ExpectedOpenTag = new("a section");
    private static readonly Expected ExpectedCloseTag = new("a close tag");

    /// <summary>The first word of a logical line that is not a tag: a directive's name.</summary>
    public static readonly Parser<SyntaxToken> DirectiveName = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var text = context.Text;
        var start = SkipTrivia(text, source.Position);
        if (start >= text.Length || text[start] == '<')
        {
            return Combinators.Soft<SyntaxToken>(input, ExpectedDirective);
        }

        return Word(source, start, text.Length);
    };

    /// <summary>A further word of the same logical line.</summary>
    public static readonly Parser<SyntaxToken> Argument = input =>
    {
        var source = (SourceInput)input;
        var text = source.Context.Text;
        var start = source.Position;
        if (start >= text.Length || IsLineStart(text, start) || text[start] == '\n' || IsBlank(text[start]))
        {
            return Combinators.Soft<SyntaxToken>(input, ExpectedArgument);
        }

        return Word(source, start, text.Length);
    };

    /// <summary>
    /// <c>&lt;Name args&gt;</c>: httpd takes the first word of the line as the name (less its <c>&lt;</c>, and
    /// less a final <c>&gt;</c>), and the section's handler cuts the rest of the line at its last <c>&gt;</c>
    /// (<c>ap_strrchr_c(arg, '&gt;')</c> in server/core.c), so arguments may be quoted and hold <c>&gt;</c>;
    /// what follows that last <c>&gt;</c> is ignored and kept as trivia.
    /// </summary>
    public static readonly Parser<OpenTag> Open = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var text = context.Text;
        var start = SkipTrivia(text, source.Position);
        if (start >= text.Length || text[start] != '<' || IsSlashAfter(text, start))
        {
            return Combinators.Soft<OpenTag>(input, ExpectedOpenTag);
        }

        var lineEnd = LogicalLineEnd(text, start);
        var nameStart = SkipContinuations(text, start + 1);
        var closeAt = text.LastIndexOf('>', lineEnd - 1, lineEnd - start);
        var nameEnd = ScanWord(text, nameStart, closeAt < 0 ? lineEnd : closeAt);
        if (nameEnd == nameStart)
        {
            return Combinators.Fatal<OpenTag>(input, nameStart, "expected a section name after '<'");
        }

        if (closeAt < 0 && ContentEnd(text, start, lineEnd) == nameEnd)
        {
            // ap_build_config_sub gives a '<Name' line with nothing after the name the arguments ">": it is read as
            // <Name> (httpd takes "<Else" alone). The '>' is an empty token where it would stand.
            var bareLessThan = context.Token(TokenKind.Punctuation, source.Position, start, start + 1, nameStart);
            var bareName = context.Token(TokenKind.Word, nameStart, nameStart, nameEnd, nameEnd);
            var none = context.TokensFrom(context.NextTokenIndex);
            var missing = context.Token(TokenKind.Punctuation, nameEnd, nameEnd, nameEnd, ScanTrailing(text, nameEnd, ignoredTail: true));
            return Result.Success(new OpenTag(bareLessThan, bareName, none, missing), context.At(missing.FullEnd));
        }

        if (closeAt < 0)
        {
            return Combinators.Fatal<OpenTag>(input, ContentEnd(text, start, lineEnd),
                $"expected '>' to close '<{ErrorText.Shorten(text.AsSpan(nameStart, nameEnd - nameStart))}'");
        }

        var lessThan = context.Token(TokenKind.Punctuation, source.Position, start, start + 1, nameStart);
        var name = context.Token(TokenKind.Word, nameStart, nameStart, nameEnd, ScanTrailing(text, nameEnd));
        var first = context.NextTokenIndex;
        var i = name.FullEnd;
        while (i < closeAt)
        {
            var end = ScanToken(text, i, closeAt);
            var fullEnd = ScanTrailing(text, end);
            context.Token(KindAt(text, i), i, i, end, fullEnd);
            i = fullEnd;
        }

        var arguments = context.TokensFrom(first);
        var greaterThan = context.Token(TokenKind.Punctuation, closeAt, closeAt, closeAt + 1, ScanTrailing(text, closeAt + 1, ignoredTail: true));
        return Result.Success(new OpenTag(lessThan, name, arguments, greaterThan), context.At(greaterThan.FullEnd));
    };

    /// <summary>
    /// <c>&lt;/Name&gt;</c>: httpd reads the first word of the line; it must end in <c>&gt;</c> (so no blank before
    /// it), and the rest of the line is ignored (kept as trivia).
    /// </summary>
    public static readonly Parser<CloseTag> Close = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var text = context.Text;
        var start = SkipTrivia(text, source.Position);
        if (start >= text.Length || text[start] != '<' || !IsSlashAfter(text, start))
        {
            return Combinators.Soft<CloseTag>(input, ExpectedCloseTag);
        }

        var slashEnd = SkipContinuations(text, start + 1) + 1;
        var nameStart = SkipContinuations(text, slashEnd);
        var wordEnd = ScanWord(text, nameStart, text.Length);
        if (wordEnd == nameStart || (wordEnd == nameStart + 1 && text[nameStart] == '>'))
        {
            return Combinators.Fatal<CloseTag>(input, nameStart, "expected a section name after '</'");
        }

        if (text[wordEnd - 1] != '>')
        {
            return Combinators.Fatal<CloseTag>(input, wordEnd, $"expected '>' to close '</{ErrorText.Shorten(text.AsSpan(nameStart, wordEnd - nameStart))}'");
        }

        var closeAt = wordEnd - 1;
        var lessThanSlash = context.Token(TokenKind.Punctuation, source.Position, start, slashEnd, nameStart);
        var name = context.Token(TokenKind.Word, nameStart, nameStart, closeAt, closeAt);
        var greaterThan = context.Token(TokenKind.Punctuation, closeAt, closeAt, wordEnd, ScanTrailing(text, wordEnd, ignoredTail: true));
        return Result.Success(new CloseTag(lessThanSlash, name, greaterThan), context.At(greaterThan.FullEnd));
    };

    public static readonly Parser<SyntaxToken> EndOfFile = Combinators.EndOfFile(SkipTrivia);

    /// <summary>The name a close tag at <paramref name="start"/> (past trivia) closes, without its <c>&gt;</c>: for messages.</summary>
    public static string CloseTagName(string text, int start)
    {
        var nameStart = SkipContinuations(text, SkipContinuations(text, start + 1) + 1);
        var wordEnd = ScanWord(text, nameStart, text.Length);
        if (wordEnd > nameStart && text[wordEnd - 1] == '>')
        {
            wordEnd--;
        }

        return ErrorText.Shorten(text.AsSpan(nameStart, wordEnd - nameStart));
    }

    private static IResult<SyntaxToken> Word(SourceInput source, int start, int limit)
    {
        var context = source.Context;
        var text = context.Text;
        var end = ScanToken(text, start, limit);
        var fullEnd = ScanTrailing(text, end);
        return Result.Success(context.Token(KindAt(text, start), source.Position, start, end, fullEnd), context.At(fullEnd));
    }

    private static TokenKind KindAt(string text, int i) => text[i] is '"' or '\'' ? TokenKind.QuotedString : TokenKind.Word;

    /// <summary>Whether the <c>&lt;</c> at <paramref name="i"/> opens a close tag.</summary>
    private static bool IsSlashAfter(string text, int i)
    {
        var next = SkipContinuations(text, i + 1);
        return next < text.Length && text[next] == '/';
    }

    /// <summary>The end of a logical line's text, trailing blanks and continuations excluded: where a missing mark goes.</summary>
    private static int ContentEnd(string text, int start, int lineEnd)
    {
        var end = lineEnd;
        while (end > start)
        {
            if (IsBlank(text[end - 1]))
            {
                end--;
            }
            else if (text[end - 1] == '\n' && IsContinued(text, end - 1))
            {
                end = text[end - 2] == '\r' ? end - 3 : end - 2;
            }
            else
            {
                break;
            }
        }

        return end;
    }

    /// <summary>The tokens of <c>&lt;Name args&gt;</c>.</summary>
    internal readonly record struct OpenTag(SyntaxToken LessThan, SyntaxToken Name, TokenList Arguments, SyntaxToken GreaterThan);

    /// <summary>The tokens of <c>&lt;/Name&gt;</c>.</summary>
    internal readonly record struct CloseTag(SyntaxToken LessThanSlash, SyntaxToken Name, SyntaxToken GreaterThan);
}
