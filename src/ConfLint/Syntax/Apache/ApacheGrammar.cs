using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.Apache;

/// <summary>
/// The structure of an Apache configuration file, as httpd's <c>ap_build_config</c> (server/config.c) builds
/// it: one item per logical line; a line whose first word starts with <c>&lt;</c> opens a section, one whose
/// first word starts with <c>&lt;/</c> closes the innermost open section, whose name it must repeat (ignoring
/// case); every other line is a directive. The lexical productions are in <see cref="ApacheLexer"/>.
/// </summary>
/// <remarks>
/// The rules are httpd 2.4's (server/util.c <c>ap_cfg_getline</c>, <c>ap_getword_conf</c>; server/config.c
/// <c>ap_build_config</c>; the section handlers of server/core.c), checked against <c>apache2 -t</c>:
/// <list type="bullet">
/// <item>A backslash right before LF or CRLF joins the line with the next, removing only the backslash and the
/// line break: between words it is trivia (<see cref="TriviaKind.LineContinuation"/>); inside a word it joins
/// the halves (<c>Require\</c>, <c>All granted</c> reads <c>RequireAll granted</c>), and the token spans it.
/// A backslash followed by a blank is text.</item>
/// <item><c>#</c> starts a comment only as the first character of a (joined) line, so a comment line that ends
/// in a backslash swallows the next line; elsewhere <c>#</c> is text.</item>
/// <item>Quoted words (<c>"..."</c>, <c>'...'</c>) may be unclosed: httpd then reads to the end of the line, and
/// so does this grammar. A quote inside a word is text; a quoted word ends at its closing quote, even when text
/// follows without a blank (<c>"a"b</c> is two words).</item>
/// <item>An open tag ends at the last <c>&gt;</c> of its line; a close tag is the first word of its line and must
/// end in <c>&gt;</c>. httpd ignores what follows either; it is kept as trivia of the <c>&gt;</c> token.</item>
/// <item>A UTF-8 byte-order mark is kept as trivia, as in the other grammars. httpd on Unix does not skip it and
/// reads it as part of the first word (<c>Invalid command '\xef\xbb\xbfListen'</c>): a rule may report it.</item>
/// <item>Errors: <c>&lt;/X&gt; without matching &lt;X&gt; section</c>, <c>expected &lt;/X&gt; but saw &lt;/Y&gt;</c>,
/// <c>unexpected end of file: expected &lt;/X&gt; to close the section opened at L:C</c>,
/// <c>expected '&gt;' to close '&lt;X'</c>, and a missing section name.</item>
/// </list>
/// </remarks>
internal static class ApacheGrammar
{
    private static readonly Parser<ApacheItem> Directive = Combinators.Sequence(
        ApacheLexer.DirectiveName,
        ApacheLexer.Argument.RepeatedTokens(),
        (name, arguments) => (ApacheItem)new ApacheDirective(name.Tree, name, arguments));

    private static readonly Parser<IReadOnlyList<ApacheItem>> InnerItems = Combinators.Nested(() => Items!, "sections");

    /// <summary>The open tag, the items and the close tag.</summary>
    private static readonly Parser<ApacheItem> UncheckedSection = Combinators.Then(
        Combinators.Sequence(ApacheLexer.Open, InnerItems, (open, items) => new SectionHead(open, items)),
        _ => ApacheLexer.Close,
        (head, close) => (ApacheItem)new ApacheSection(
            head.Open.Name.Tree, head.Open.LessThan, head.Open.Name, head.Open.Arguments, head.Open.GreaterThan,
            head.Items, close.LessThanSlash, close.Name, close.GreaterThan),
        CloseFailed);

    /// <summary>A section whose close tag names it, or a fatal error at the close tag that names another.</summary>
    private static readonly Parser<ApacheItem> Section = input =>
    {
        var result = UncheckedSection(input);
        if (!result.WasSuccessful || result.Value is not ApacheSection section
            || section.IsUnclosed || SameName(section.CloseNameToken, section.NameToken))
        {
            return result;
        }

        return Combinators.Fatal<ApacheItem>(input, section.LessThanSlashToken.Start,
            $"expected </{ErrorText.Shorten(section.NameToken.Text)}> but saw </{ErrorText.Shorten(section.CloseNameToken.Text)}>");
    };

    private static readonly Parser<ApacheItem> Item = Combinators.Choice(Directive, Section);

    private static readonly Parser<IReadOnlyList<ApacheItem>> Items = Item.Repeated();

    /// <summary>At the top of a file, the only thing besides the end that stops the items is a close tag.</summary>
    private static readonly Parser<SyntaxToken> EndOfFile = ApacheLexer.EndOfFile.OrElse(input =>
    {
        var context = ((SourceInput)input).Context;
        var at = ApacheScanner.SkipTrivia(context.Text, input.Position);
        var name = ApacheLexer.CloseTagName(context.Text, at);
        return Combinators.Fatal<SyntaxToken>(input, at, $"</{name}> without matching <{name}> section");
    });

    public static readonly Parser<ApacheConfigFile> File = Combinators.Sequence(
        Items,
        EndOfFile,
        (items, endOfFile) => new ApacheConfigFile(endOfFile.Tree, items, endOfFile));

    /// <summary>
    /// No close tag after a section's items: without a fatal error inside, the items stopped at the end of the
    /// file, as a close tag would have been read.
    /// </summary>
    private static IResult<ApacheItem> CloseFailed(SectionHead head, IInput afterItems, IResult<ApacheLexer.CloseTag> failure)
    {
        if (Combinators.HasFatal(afterItems))
        {
            return Result.Failure<ApacheItem>(failure.Remainder, failure.Message, failure.Expectations);
        }

        var context = ((SourceInput)afterItems).Context;
        var at = ApacheScanner.SkipTrivia(context.Text, afterItems.Position);
        var open = head.Open.LessThan.Position;
        if (at >= context.Length && head.Open.Name.Text.StartsWith("If", StringComparison.OrdinalIgnoreCase))
        {
            // httpd reads an active <IfModule>, <IfDefine>... to the end of the file (ap_build_cont_config) and takes it
            // unclosed; an inactive one is refused. The section ends with an empty close tag; validation judges it.
            var lessThanSlash = context.Token(TokenKind.Punctuation, afterItems.Position, at, at, at);
            var name = context.Token(TokenKind.Word, at, at, at, at);
            var greaterThan = context.Token(TokenKind.Punctuation, at, at, at, at);
            return Result.Success<ApacheItem>(new ApacheSection(
                head.Open.Name.Tree, head.Open.LessThan, head.Open.Name, head.Open.Arguments, head.Open.GreaterThan,
                head.Items, lessThanSlash, name, greaterThan), context.At(at));
        }

        return Combinators.Fatal<ApacheItem>(afterItems, at,
            $"unexpected end of file: expected </{ErrorText.Shorten(head.Open.Name.Text)}> to close the section opened at {open.Line}:{open.Column}");
    }

    /// <summary>Compares the names' values ignoring case. The tree's value cache is sized only once parsing ends, so decode here.</summary>
    private static bool SameName(SyntaxToken close, SyntaxToken open) =>
        ApacheText.DecodeValue(close).Equals(ApacheText.DecodeValue(open), StringComparison.OrdinalIgnoreCase);

    private readonly record struct SectionHead(ApacheLexer.OpenTag Open, IReadOnlyList<ApacheItem> Items);
}
