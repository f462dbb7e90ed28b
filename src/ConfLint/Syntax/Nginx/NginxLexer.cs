using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.Nginx;

/// <summary>
/// The lexical productions of nginx.conf, written as Sprache parsers that scan the text directly and advance
/// over a whole token and its trivia in one step. The rules are those of nginx's <c>ngx_conf_read_token</c>:
/// blanks are space, tab, CR and LF; <c>#</c> starts a comment only where a token could start; a word runs
/// to a blank, <c>;</c> or <c>{</c> (but <c>${</c> stays in the word); a backslash keeps the next character
/// in the word; a quoted string must be followed by a blank, <c>;</c>, <c>{</c> or <c>)</c>.
/// </summary>
internal static class NginxLexer
{
    /// <summary>A directive name or argument: a word or a quoted string.</summary>
    public static readonly Parser<SyntaxToken> Argument = input => ScanArgument(input, isName: false);

    /// <summary>Like <see cref="Argument"/>, but a stray <c>;</c> or <c>{</c> here is an error, as in nginx.</summary>
    public static readonly Parser<SyntaxToken> DirectiveName = input => ScanArgument(input, isName: true);

    private static readonly Expected ExpectedDirective = new("a directive");
    private static readonly Expected ExpectedArgument = new("an argument");
    private static readonly Expected ExpectedOpenBrace = new("'{'");

    public static readonly Parser<SyntaxToken> OpenBrace = Punctuation('{', ExpectedOpenBrace);

    public static readonly Parser<SyntaxToken> CloseBrace = Punctuation('}', new Expected("'}'"));

    /// <summary>The <c>{</c> of a raw block: no trailing trivia, the body starts right after it.</summary>
    public static readonly Parser<SyntaxToken> RawOpenBrace = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var start = SkipTrivia(context.Chars, source.Position);
        if (start >= context.Length || context.Chars[start] != '{')
        {
            return Combinators.Soft<SyntaxToken>(input, ExpectedOpenBrace);
        }

        var token = context.Token(TokenKind.Punctuation, source.Position, start, start + 1, start + 1);
        return Result.Success(token, context.At(start + 1));
    };

    public static readonly Parser<SyntaxToken> EndOfFile = Combinators.EndOfFileOfChars(SkipTrivia);

    /// <summary>The offset of the next character that is not a blank or inside a comment.</summary>
    public static int SkipTrivia(ReadOnlySpan<char> text, int i)
    {
        if (i == 0 && text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }
            else if (c == '#')
            {
                var newline = text[i..].IndexOf('\n');
                i = newline < 0 ? text.Length : i + newline;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>Where a token's trailing trivia ends: blanks, a comment, and one line break, all on its line.</summary>
    public static int ScanTrailing(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t' or '\r')
        {
            i++;
        }

        if (i < text.Length && text[i] == '#')
        {
            var newline = text[i..].IndexOf('\n');
            i = newline < 0 ? text.Length : i + newline;
        }

        if (i < text.Length && text[i] == '\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>What may end a word, or needs a look: blanks, <c>;</c>, <c>{</c> and the backslash.</summary>
    private static readonly System.Buffers.SearchValues<char> WordStops = System.Buffers.SearchValues.Create(" \t\r\n;{\\");

    /// <summary>The end of an unquoted word starting at <paramref name="i"/>.</summary>
    public static int ScanWord(ReadOnlySpan<char> text, int i)
    {
        // The plain characters between stops are passed over in one vectorised search. A backslash keeps the next
        // character in the word; a '{' right after a '$' that is not the escaped character stays in it too ("${name}").
        var runStart = i;
        while (i < text.Length)
        {
            var stop = text[i..].IndexOfAny(WordStops);
            if (stop < 0)
            {
                return text.Length;
            }

            i += stop;
            var c = text[i];
            if (c == '\\')
            {
                i = Math.Min(i + 2, text.Length);
                runStart = i;
                continue;
            }

            if (c == '{' && i > runStart && text[i - 1] == '$')
            {
                i++;
                runStart = i;
                continue;
            }

            break;
        }

        return i;
    }

    /// <summary>The offset after the closing quote of the string opening at <paramref name="i"/>, or -1.</summary>
    public static int ScanQuoted(ReadOnlySpan<char> text, int i)
    {
        var quote = text[i];
        var j = i + 1;
        while (j < text.Length)
        {
            var c = text[j];
            if (c == '\\')
            {
                j += 2;
                continue;
            }

            if (c == quote)
            {
                return j + 1;
            }

            j++;
        }

        return -1;
    }

    private static IResult<SyntaxToken> ScanArgument(IInput input, bool isName)
    {
        var source = (SourceInput)input;
        var position = source.Position;
        return ScanArgument(source.Context, ref position) switch
        {
            TokenScan.Token => Result.Success(new SyntaxToken(source.Context.Tree, source.Context.NextTokenIndex - 1), source.Context.At(position)),
            TokenScan.Fatal => Combinators.FatalRecorded<SyntaxToken>(input),
            _ when isName && position < source.Context.Length && source.Context.Chars[position] is ';' or '{' =>
                Combinators.Fatal<SyntaxToken>(input, position, source.Context.Chars[position] == ';'
                    ? "unexpected ';': expected a directive name before it"
                    : "unexpected '{': expected a directive name before the block"),
            _ => Combinators.Soft<SyntaxToken>(input, isName ? ExpectedDirective : ExpectedArgument),
        };
    }

    /// <summary>
    /// A directive's argument (a word or a quoted string) at <paramref name="position"/>, appended to the token
    /// table, <paramref name="position"/> moved past its trailing trivia. Without a token (<c>;</c>, <c>{</c>,
    /// <c>}</c> or the end next), <paramref name="position"/> is left at that character. A lexical error is
    /// recorded in the context.
    /// </summary>
    internal static TokenScan ScanArgument(ParseContext context, ref int position)
    {
        var text = context.Chars;
        var start = SkipTrivia(text, position);
        if (start >= text.Length || text[start] is '}' or ';' or '{')
        {
            position = start;
            return TokenScan.None;
        }

        var c = text[start];
        int end;
        TokenKind kind;
        if (c is '"' or '\'')
        {
            end = ScanQuoted(text, start);
            if (end < 0)
            {
                context.RecordFatal(start, $"unterminated string: expected a closing {c} before the end of the file");
                return TokenScan.Fatal;
            }

            if (end < text.Length && text[end] is not (' ' or '\t' or '\r' or '\n' or ';' or '{' or ')'))
            {
                context.RecordFatal(end, $"unexpected '{text[end]}' after a quoted string: expected a space, ';' or '{{'");
                return TokenScan.Fatal;
            }

            kind = TokenKind.QuotedString;
        }
        else
        {
            end = ScanWord(text, start);
            kind = TokenKind.Word;
        }

        var fullEnd = ScanTrailing(text, end);
        context.Token(kind, position, start, end, fullEnd);
        position = fullEnd;
        return TokenScan.Token;
    }

    /// <summary>Arguments until <c>;</c>, <c>{</c>, <c>}</c> or the end: one run over the token table, with
    /// no result object per token.</summary>
    public static readonly Parser<TokenList> Arguments = Combinators.TokenRun(ScanArgument);

    private static Parser<SyntaxToken> Punctuation(char mark, Expected expected)
    {
        return input =>
        {
            var source = (SourceInput)input;
            var context = source.Context;
            var start = SkipTrivia(context.Chars, source.Position);
            if (start >= context.Length || context.Chars[start] != mark)
            {
                return Combinators.Soft<SyntaxToken>(input, expected);
            }

            var fullEnd = ScanTrailing(context.Chars, start + 1);
            var token = context.Token(TokenKind.Punctuation, source.Position, start, start + 1, fullEnd);
            return Result.Success(token, context.At(fullEnd));
        };
    }
}
