using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.Nginx;

/// <summary>
/// The structure of nginx.conf: a file is directives; a directive is a name and arguments ended by
/// <c>;</c> or by a block; a block is directives between braces, or a raw Lua body for the
/// <c>*_by_lua_block</c> directives. The lexical productions are in <see cref="NginxLexer"/>.
/// </summary>
internal static class NginxGrammar
{
    private static readonly Parser<DirectiveHead> Head = Combinators.Sequence(
        NginxLexer.DirectiveName,
        NginxLexer.Arguments,
        (name, arguments) => new DirectiveHead(name, arguments));

    private static readonly Parser<IReadOnlyList<NginxDirective>> InnerDirectives =
        Combinators.Nested(() => Directives!, "blocks");

    private static readonly Parser<NginxBlock> Block = Combinators.Sequence(
        NginxLexer.OpenBrace,
        InnerDirectives,
        NginxLexer.CloseBrace,
        (open, directives, close) => new NginxBlock(open.Tree, open, directives, null, close));

    private static readonly Parser<NginxBlock> LuaBlock = input =>
    {
        var opened = NginxLexer.RawOpenBrace(input);
        if (!opened.WasSuccessful)
        {
            return Result.Failure<NginxBlock>(opened.Remainder, opened.Message, opened.Expectations);
        }

        var open = opened.Value;
        var context = ((SourceInput)input).Context;
        var closeAt = LuaBlockScanner.FindClosingBrace(context.Chars, open.End);
        if (closeAt < 0)
        {
            var at = open.Position;
            return Combinators.Fatal<NginxBlock>(input, context.Length,
                $"unexpected end of file: expected '}}' to close the Lua block opened at {at.Line}:{at.Column}");
        }

        var body = context.Token(TokenKind.RawText, open.End, open.End, closeAt, closeAt);
        var fullEnd = NginxLexer.ScanTrailing(context.Chars, closeAt + 1);
        var close = context.Token(TokenKind.Punctuation, closeAt, closeAt, closeAt + 1, fullEnd);
        return Result.Success(new NginxBlock(open.Tree, open, [], body, close), context.At(fullEnd));
    };

    private static readonly Parser<DirectiveEnding> BlockEnding = Block.Map(block => new DirectiveEnding(null, block));

    /// <summary>What ends a directive: <c>;</c> (read here directly: most directives end so) or a block.</summary>
    private static readonly Parser<DirectiveEnding> Ending = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var at = NginxLexer.SkipTrivia(context.Chars, source.Position);
        if (at < context.Length && context.Chars[at] == ';')
        {
            var fullEnd = NginxLexer.ScanTrailing(context.Chars, at + 1);
            var semicolon = context.Token(TokenKind.Punctuation, source.Position, at, at + 1, fullEnd);
            return Result.Success(new DirectiveEnding(semicolon, null), context.At(fullEnd));
        }

        return BlockEnding(input);
    };

    private static readonly Parser<DirectiveEnding> LuaEnding = LuaBlock.Map(block => new DirectiveEnding(null, block));

    /// <summary>The same production, composed (kept for what it says; <see cref="Directives"/> runs its commonest shape fused).</summary>
    private static readonly Parser<NginxDirective> ComposedDirective = Combinators.Then(
        Head,
        head => IsLuaBlock(head.Name) ? LuaEnding : Ending,
        (head, ending) => new NginxDirective(head.Name.Tree, head.Name, head.Arguments, ending.Semicolon, ending.Block),
        EndingFailed);

    /// <summary>
    /// Directives, one after another, each as <see cref="ComposedDirective"/> reads it, with the commonest shape fused
    /// into the loop: the name, the arguments and a <c>;</c> are scanned in one pass and the directive is added with no
    /// result or input object of its own (those objects made up most of what a parse allocated). Anything else (a
    /// block, a Lua block, a missing name, an error) goes through the composed parsers from where the fused scan
    /// stopped, and the loop ends as <see cref="Combinators.Repeated{T}"/> does: at the first directive that fails
    /// without consuming anything.
    /// </summary>
    private static readonly Parser<IReadOnlyList<NginxDirective>> Directives = input =>
    {
        var source = (SourceInput)input;
        var directives = ReadDirectives(source.Context, source.Position, out var end, out var failure);
        return failure ?? Result.Success(directives, source.At(end));
    };

    /// <summary>The loop of <see cref="Directives"/>: the directives from <paramref name="position"/> and where they end,
    /// or a failure that consumed input.</summary>
    private static IReadOnlyList<NginxDirective> ReadDirectives(ParseContext context, int position, out int end, out IResult<IReadOnlyList<NginxDirective>>? failure)
    {
        // Gathered in the list lent for this depth (a directive's block is read one deeper), kept as an array of exactly
        // the directives read.
        var depth = context.Depth;
        var lent = context.LendDirectiveList(depth);
        var items = lent ?? [];
        try
        {
            return Read(context, items, position, out end, out failure);
        }
        finally
        {
            if (lent is not null)
            {
                context.ReturnDirectiveList(depth, lent);
            }
        }
    }

    private static NginxDirective[] Read(ParseContext context, List<NginxDirective> items, int position, out int end, out IResult<IReadOnlyList<NginxDirective>>? failure)
    {
        while (true)
        {
            if (ReadPlain(context, position, out var next, out var other) is { } plain)
            {
                items.Add(plain);
                position = next;
                continue;
            }

            if (other is not { } result)
            {
                end = position;
                failure = null;
                return items.Count == 0 ? [] : items.ToArray();
            }

            if (!result.WasSuccessful)
            {
                end = position;
                failure = result.Remainder.Position != position
                    ? Result.Failure<IReadOnlyList<NginxDirective>>(result.Remainder, result.Message, result.Expectations)
                    : null;
                return items.Count == 0 ? [] : items.ToArray();
            }

            if (result.Remainder.Position == position)
            {
                throw new InvalidOperationException("a directive succeeded without consuming input");
            }

            items.Add(result.Value);
            position = result.Remainder.Position;
        }
    }

    /// <summary>
    /// One directive at <paramref name="position"/>: a plain <c>name args;</c> or a block of them is returned with
    /// <paramref name="end"/> after it; any other shape is read by the composed parsers and its result (success or
    /// failure) is <paramref name="other"/>; at a <c>}</c> or the end of the text both are null (the list ends there).
    /// </summary>
    private static NginxDirective? ReadPlain(ParseContext context, int position, out int end, out IResult<NginxDirective>? other)
    {
        end = position;
        var start = position;
        var firstToken = context.NextTokenIndex;
        if (NginxLexer.ScanArgument(context, ref position) is var first and not TokenScan.Token)
        {
            // At a '}' or the end of the text the list ends, as the composed parser's soft failure would end it.
            var listEnds = first == TokenScan.None && (position >= context.Length || context.Chars[position] == '}');
            other = listEnds ? null : ComposedDirective(context.At(start));
            return null;
        }

        var name = new SyntaxToken(context.Tree, firstToken);
        var afterHead = position;
        while (true)
        {
            var next = afterHead;
            var scan = NginxLexer.ScanArgument(context, ref next);
            if (scan == TokenScan.Fatal)
            {
                other = Combinators.FatalRecorded<NginxDirective>(context.At(start));
                return null;
            }

            if (scan != TokenScan.Token)
            {
                break;
            }

            afterHead = next;
        }

        var arguments = context.TokensFrom(firstToken + 1);
        var text = context.Chars;
        var at = NginxLexer.SkipTrivia(text, afterHead);
        var lua = IsLuaBlock(name);
        if (at < context.Length && text[at] == ';' && !lua)
        {
            end = NginxLexer.ScanTrailing(text, at + 1);
            var semicolon = context.Token(TokenKind.Punctuation, afterHead, at, at + 1, end);
            other = null;
            return new NginxDirective(context.Tree, name, arguments, semicolon, null);
        }

        if (at < context.Length && text[at] == '{' && !lua && context.Depth < context.MaxDepth)
        {
            // A block, as Block reads it (open brace, InnerDirectives, close brace), with no result objects on the way.
            var openEnd = NginxLexer.ScanTrailing(text, at + 1);
            var open = context.Token(TokenKind.Punctuation, afterHead, at, at + 1, openEnd);
            IReadOnlyList<NginxDirective> inner;
            int innerEnd;
            IResult<IReadOnlyList<NginxDirective>>? innerFailure;
            context.Depth++;
            try
            {
                inner = ReadDirectives(context, openEnd, out innerEnd, out innerFailure);
            }
            finally
            {
                context.Depth--;
            }

            IResult<DirectiveEnding> failed;
            if (innerFailure is null)
            {
                var closeAt = NginxLexer.SkipTrivia(text, innerEnd);
                if (closeAt < context.Length && text[closeAt] == '}')
                {
                    end = NginxLexer.ScanTrailing(text, closeAt + 1);
                    var close = context.Token(TokenKind.Punctuation, innerEnd, closeAt, closeAt + 1, end);
                    other = null;
                    return new NginxDirective(context.Tree, name, arguments, null, new NginxBlock(context.Tree, open, inner, null, close));
                }

                var noClose = NginxLexer.CloseBrace(context.At(innerEnd));
                failed = Result.Failure<DirectiveEnding>(noClose.Remainder, noClose.Message, noClose.Expectations);
            }
            else
            {
                failed = Result.Failure<DirectiveEnding>(innerFailure.Remainder, innerFailure.Message, innerFailure.Expectations);
            }

            other = EndingFailed(new DirectiveHead(name, arguments), context.At(afterHead), failed);
            return null;
        }

        var head = new DirectiveHead(name, arguments);
        var rest = context.At(afterHead);
        var ending = (lua ? LuaEnding : Ending)(rest);
        other = ending.WasSuccessful
            ? Result.Success(new NginxDirective(context.Tree, name, arguments, ending.Value.Semicolon, ending.Value.Block), ending.Remainder)
            : EndingFailed(head, rest, ending);
        return null;
    }

    private static readonly Parser<SyntaxToken> EndOfFile = NginxLexer.EndOfFile.OrElse(input =>
    {
        var context = ((SourceInput)input).Context;
        var at = NginxLexer.SkipTrivia(context.Chars, input.Position);
        return Combinators.Fatal<SyntaxToken>(input, at, "unexpected '}': no block is open here");
    });

    public static readonly Parser<NginxConfigFile> File = Combinators.Sequence(
        Directives,
        EndOfFile,
        (directives, endOfFile) => new NginxConfigFile(endOfFile.Tree, directives, endOfFile));

    /// <summary>
    /// The directive's ending failed. Without consuming anything: neither <c>;</c> nor <c>{</c> follows the
    /// arguments. After consuming a block's directives without a fatal error: the file ended before its
    /// closing brace.
    /// </summary>
    private static IResult<NginxDirective> EndingFailed(DirectiveHead head, IInput afterHead, IResult<DirectiveEnding> failure)
    {
        if (Combinators.HasFatal(afterHead))
        {
            return Result.Failure<NginxDirective>(failure.Remainder, failure.Message, failure.Expectations);
        }

        var context = ((SourceInput)afterHead).Context;
        var signature = ErrorText.Shorten(SyntaxTree.Join(head.Arguments.Prepend(head.Name)));
        if (failure.Remainder.Equals(afterHead))
        {
            var at = NginxLexer.SkipTrivia(context.Chars, afterHead.Position);
            return Combinators.Fatal<NginxDirective>(afterHead, at, at >= context.Length
                ? $"unexpected end of file: expected ';' or '{{' after '{signature}'"
                : $"expected ';' or '{{' after '{signature}'");
        }

        var open = context.Source.GetLinePosition(NginxLexer.SkipTrivia(context.Chars, afterHead.Position));
        var end = NginxLexer.SkipTrivia(context.Chars, failure.Remainder.Position);
        return Combinators.Fatal<NginxDirective>(afterHead, end,
            $"unexpected end of file: expected '}}' to close the '{ErrorText.Shorten(head.Name.Text)}' block opened at {open.Line}:{open.Column}");
    }

    private static bool IsLuaBlock(SyntaxToken name) =>
        name.Kind == TokenKind.Word && name.Tree.Source.Chars.Slice(name.Start, name.End - name.Start).EndsWith("_by_lua_block", StringComparison.Ordinal);

    private readonly record struct DirectiveHead(SyntaxToken Name, TokenList Arguments);

    private readonly record struct DirectiveEnding(SyntaxToken? Semicolon, NginxBlock? Block);
}
