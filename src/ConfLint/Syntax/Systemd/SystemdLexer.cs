using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.Systemd;

/// <summary>
/// The lexical productions of unit files, written as Sprache parsers that scan the text directly. systemd's
/// <c>parse_line()</c> (src/shared/conf-parser.c) reads one logical line at a time (see <see cref="SystemdLines"/>),
/// so each production reads a whole logical line in one step and appends all of its tokens:
/// <list type="bullet">
/// <item>a line starting with <c>[</c> is a section header and must end with <c>]</c>; the name is everything
/// between the first <c>[</c> and the last <c>]</c>, blanks included (systemd: "Invalid section header");</item>
/// <item>any other line is an assignment: the key is what precedes the first <c>=</c> and the value what
/// follows it, both stripped of blanks; there are no trailing comments, so <c>#</c> and <c>;</c> inside a value
/// are part of it. A line without <c>=</c> (systemd: "Missing '=', ignoring line.") or with nothing before it is
/// kept as an invalid line: systemd logs it and reads on.</item>
/// </list>
/// Tokens own trivia as everywhere in ConfLint: a token's trailing trivia runs to the end of its physical line.
/// A token may span a continued line; its value is the logical text (see <see cref="SystemdText"/>).
/// </summary>
internal static class SystemdLexer
{
    private static readonly Expected ExpectedAssignment = new("an assignment");
    private static readonly Expected ExpectedSection = new("a section header");
    private static readonly Expected ExpectedEndOfFile = new("the end of the file");

    /// <summary>A <c>Key=Value</c> line. Fails without consuming at a section header or the end of the file.</summary>
    public static readonly Parser<EntryTokens> Entry = input =>
    {
        var source = (SourceInput)input;
        return ReadEntry(source.Context, source.Position, out var tokens, out var end)
            ? Result.Success(tokens, source.At(end))
            : Combinators.Soft<EntryTokens>(input, ExpectedAssignment);
    };

    /// <summary><see cref="Entry"/> without a result or an input object: false (nothing appended) at a section header or
    /// the end of the file, else the line's tokens appended and <paramref name="end"/> after its trailing trivia.</summary>
    internal static bool ReadEntry(ParseContext context, int position, out EntryTokens tokens, out int end)
    {
        var text = context.Text;
        var start = SystemdLines.SkipTrivia(text, position);
        if (start >= text.Length || text[start] == '[')
        {
            tokens = default;
            end = position;
            return false;
        }

        var line = ScanAssignment(text, start);
        if (line.EqualsSign < 0 || line.EqualsSign == start)
        {
            // systemd logs the line and ignores it; the unit is loaded all the same.
            end = TrailingEnd(text, line.ContentEnd, -1);
            var whole = context.Token(TokenKind.Word, position, start, line.ContentEnd, end);
            var problem = line.EqualsSign < 0 ? "Missing '=', ignoring line." : "Missing key name before '=', ignoring line.";
            tokens = new EntryTokens(whole, default, null, problem);
            return true;
        }

        var afterEquals = line.EqualsSign + 1;
        var key = context.Token(TokenKind.Word, position, start, line.KeyEnd, TrailingEnd(text, line.KeyEnd, line.EqualsSign));
        var equalsEnd = TrailingEnd(text, afterEquals, line.ValueStart);
        var equals = context.Token(TokenKind.Punctuation, key.FullEnd, line.EqualsSign, afterEquals, equalsEnd);
        if (line.ValueStart < 0)
        {
            tokens = new EntryTokens(key, equals, null, null);
            end = equalsEnd;
            return true;
        }

        end = TrailingEnd(text, line.ContentEnd, -1);
        var value = context.Token(TokenKind.Word, equalsEnd, line.ValueStart, line.ContentEnd, end);
        tokens = new EntryTokens(key, equals, value, null);
        return true;
    }

    /// <summary>A <c>[Name]</c> line. Fails without consuming where the next line does not start with <c>[</c>.</summary>
    public static readonly Parser<HeaderTokens> SectionHeader = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        switch (ReadHeader(context, source.Position, out var tokens, out var end))
        {
            case HeaderRead.Read:
                return Result.Success(tokens, source.At(end));
            case HeaderRead.None:
                return Combinators.Soft<HeaderTokens>(input, ExpectedSection);
            default:
                var text = context.Text;
                var start = SystemdLines.SkipTrivia(text, source.Position);
                return InvalidHeader(input, text, start, ScanContentEnd(text, start));
        }
    };

    /// <summary>What <see cref="ReadHeader"/> found.</summary>
    internal enum HeaderRead
    {
        /// <summary>No header: the next line does not start with <c>[</c> (nothing appended).</summary>
        None,

        /// <summary>A header, its tokens appended.</summary>
        Read,

        /// <summary>A line that starts with <c>[</c> but is not a header (nothing appended; <see cref="SectionHeader"/>
        /// gives the error).</summary>
        Invalid,
    }

    /// <summary><see cref="SectionHeader"/> without a result or an input object.</summary>
    internal static HeaderRead ReadHeader(ParseContext context, int position, out HeaderTokens tokens, out int end)
    {
        var text = context.Text;
        var start = SystemdLines.SkipTrivia(text, position);
        tokens = default;
        end = position;
        if (start >= text.Length || text[start] != '[')
        {
            return HeaderRead.None;
        }

        var contentEnd = ScanContentEnd(text, start);
        var close = contentEnd - 1;
        if (close == start || text[close] != ']')
        {
            return HeaderRead.Invalid;
        }

        var open = context.Token(TokenKind.Punctuation, position, start, start + 1, start + 1);
        var name = context.Token(TokenKind.Word, start + 1, start + 1, close, close);
        end = TrailingEnd(text, close + 1, -1);
        var closeToken = context.Token(TokenKind.Punctuation, close, close, close + 1, end);
        tokens = new HeaderTokens(open, name, closeToken);
        return HeaderRead.Read;
    }

    public static readonly Parser<SyntaxToken> EndOfFile = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var start = SystemdLines.SkipTrivia(context.Text, source.Position);
        if (start < context.Length)
        {
            return Combinators.Soft<SyntaxToken>(input, ExpectedEndOfFile);
        }

        var token = context.Token(TokenKind.EndOfFile, source.Position, start, start, start);
        return Result.Success(token, context.At(start));
    };

    /// <summary>
    /// Where the trailing trivia of a token that ends at <paramref name="end"/> stops: at the next token of the
    /// same physical line (<paramref name="next"/>, or -1 for none), else after the line break.
    /// </summary>
    private static int TrailingEnd(string text, int end, int next)
    {
        if (next < 0)
        {
            return SystemdLines.NextLine(text, end);
        }

        var newline = text.AsSpan(end, next - end).IndexOf('\n');
        return newline < 0 ? next : end + newline + 1;
    }

    /// <summary>Finds the first <c>=</c> of the logical line and where the key and the value lie around it.</summary>
    private static AssignmentLine ScanAssignment(string text, int start)
    {
        int equalsSign = -1, keyEnd = -1, valueStart = -1, contentEnd = start;
        var segments = new LogicalSegments(text, start);
        while (segments.MoveNext())
        {
            var from = segments.Start;
            var end = segments.End;
            if (equalsSign < 0)
            {
                var found = text.AsSpan(from, end - from).IndexOf('=');
                var keyPartEnd = found < 0 ? end : from + found;
                var lastKey = SystemdLines.LastNonBlank(text, from, keyPartEnd);
                if (lastKey >= 0)
                {
                    keyEnd = contentEnd = lastKey + 1;
                }

                if (found < 0)
                {
                    continue;
                }

                equalsSign = from + found;
                from = equalsSign + 1;
            }

            if (valueStart < 0)
            {
                valueStart = SystemdLines.FirstNonBlank(text, from, end);
            }

            var last = SystemdLines.LastNonBlank(text, from, end);
            if (last >= 0)
            {
                contentEnd = last + 1;
            }
        }

        return new AssignmentLine(equalsSign, keyEnd, valueStart, contentEnd);
    }

    /// <summary>The offset after the last character of the logical line that is not a blank.</summary>
    private static int ScanContentEnd(string text, int start)
    {
        var contentEnd = start;
        var segments = new LogicalSegments(text, start);
        while (segments.MoveNext())
        {
            var last = SystemdLines.LastNonBlank(text, segments.Start, segments.End);
            if (last >= 0)
            {
                contentEnd = last + 1;
            }
        }

        return contentEnd;
    }

    /// <summary>
    /// A line that starts with <c>[</c> but does not end with <c>]</c>: either no <c>]</c> closes it, or text
    /// follows the last <c>]</c> (an inline comment, most often, which systemd does not allow).
    /// </summary>
    private static IResult<HeaderTokens> InvalidHeader(IInput input, string text, int start, int contentEnd)
    {
        var lastClose = -1;
        var after = -1;
        var segments = new LogicalSegments(text, start);
        while (segments.MoveNext())
        {
            var close = text.AsSpan(segments.Start, segments.End - segments.Start).LastIndexOf(']');
            if (close >= 0 && segments.Start + close > start)
            {
                lastClose = segments.Start + close;
                after = -1;
            }

            if (lastClose >= 0 && after < 0)
            {
                after = SystemdLines.FirstNonBlank(text, Math.Max(segments.Start, lastClose + 1), segments.End);
            }
        }

        if (lastClose < 0)
        {
            return Combinators.Fatal<HeaderTokens>(input, contentEnd,
                $"expected ']' to close the section header '{ErrorText.Shorten(SystemdText.Logical(text, start, contentEnd))}'");
        }

        return Combinators.Fatal<HeaderTokens>(input, after,
            $"expected the end of the line after the section header '{ErrorText.Shorten(SystemdText.Logical(text, start, lastClose + 1))}'");
    }

    private readonly record struct AssignmentLine(int EqualsSign, int KeyEnd, int ValueStart, int ContentEnd);

    /// <summary>The tokens of one assignment: the value is absent for an empty assignment (<c>ExecStart=</c>). For a
    /// line systemd ignores, <paramref name="Problem"/> says why and <paramref name="Key"/> is the whole line.</summary>
    internal readonly record struct EntryTokens(SyntaxToken Key, SyntaxToken EqualsSign, SyntaxToken? Value, string? Problem);

    /// <summary>The tokens of one section header: <c>[</c>, the name (possibly empty), <c>]</c>.</summary>
    internal readonly record struct HeaderTokens(SyntaxToken Open, SyntaxToken Name, SyntaxToken Close);
}
