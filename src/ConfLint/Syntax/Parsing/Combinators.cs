using Sprache;

namespace ConfLint.Syntax.Parsing;

/// <summary>
/// Combinators for ConfLint's grammars. They compose Sprache parsers like Sprache's own, but are built once
/// and allocate nothing per call beyond their results: Sprache's <c>SelectMany</c> (LINQ <c>from</c>),
/// <c>Select</c> and <c>XOr</c> build new parsers or closures every time they run, which costs about
/// a hundred bytes of garbage per byte of input on nginx.conf. They also give precise errors: a failure
/// that consumed input is never swallowed by a repetition or a choice.
/// </summary>
internal static class Combinators
{
    private static readonly Expected ExpectedEndOfFile = new("the end of the file");

    /// <summary>
    /// Zero or more items. Stops at the first item that fails without consuming input; an item that fails
    /// after consuming input fails the whole repetition with that item's error (Sprache's XMany, without
    /// parsing the last item twice, which would cost exponential time in nested blocks).
    /// </summary>
    public static Parser<IReadOnlyList<T>> Repeated<T>(this Parser<T> item)
    {
        return input =>
        {
            List<T>? items = null;
            var remainder = input;
            while (true)
            {
                var result = item(remainder);
                if (!result.WasSuccessful)
                {
                    if (!result.Remainder.Equals(remainder))
                    {
                        return Result.Failure<IReadOnlyList<T>>(result.Remainder, result.Message, result.Expectations);
                    }

                    return Result.Success<IReadOnlyList<T>>(items ?? (IReadOnlyList<T>)Array.Empty<T>(), remainder);
                }

                if (result.Remainder.Equals(remainder))
                {
                    throw new InvalidOperationException("a repeated item succeeded without consuming input");
                }

                (items ??= new List<T>()).Add(result.Value);
                remainder = result.Remainder;
            }
        };
    }

    /// <summary>
    /// Zero or more tokens, as one <see cref="TokenList"/> over the token table: no list is allocated.
    /// The token parser must append its token only when it succeeds.
    /// </summary>
    public static Parser<TokenList> RepeatedTokens(this Parser<SyntaxToken> token)
    {
        return input =>
        {
            var context = ((SourceInput)input).Context;
            var first = context.NextTokenIndex;
            var remainder = input;
            while (true)
            {
                var result = token(remainder);
                if (!result.WasSuccessful)
                {
                    return result.Remainder.Equals(remainder)
                        ? Result.Success(context.TokensFrom(first), remainder)
                        : Result.Failure<TokenList>(result.Remainder, result.Message, result.Expectations);
                }

                remainder = result.Remainder;
            }
        };
    }

    /// <summary>
    /// A run of tokens read by a lexical scanner in one loop: the tokens it appends to the table become one
    /// <see cref="TokenList"/>, with no result or input object per token (the runs of arguments make up most
    /// of a file's tokens). The run ends where the scanner finds no token; a lexical error fails it.
    /// </summary>
    public static Parser<TokenList> TokenRun(TokenScanner scan)
    {
        return input =>
        {
            var source = (SourceInput)input;
            var context = source.Context;
            var first = context.NextTokenIndex;
            var position = source.Position;
            var last = position;
            while (true)
            {
                switch (scan(context, ref position))
                {
                    case TokenScan.Token:
                        last = position;
                        continue;
                    case TokenScan.Fatal:
                        return FatalRecorded<TokenList>(input);
                    default:
                        return Result.Success(context.TokensFrom(first), last == source.Position ? input : context.At(last));
                }
            }
        };
    }

    /// <summary>A failure for an error the scanner has already recorded in the context.</summary>
    public static IResult<T> FatalRecorded<T>(IInput input)
    {
        var context = ((SourceInput)input).Context;
        return Result.Failure<T>(context.At(context.Length), context.Fatal!.Message, []);
    }

    /// <summary>Transforms a parser's value.</summary>
    public static Parser<TResult> Map<T, TResult>(this Parser<T> parser, Func<T, TResult> map)
    {
        return input =>
        {
            var result = parser(input);
            return result.WasSuccessful
                ? Result.Success(map(result.Value), result.Remainder)
                : Result.Failure<TResult>(result.Remainder, result.Message, result.Expectations);
        };
    }

    /// <summary><paramref name="first"/>, then <paramref name="second"/>.</summary>
    public static Parser<TResult> Sequence<T1, T2, TResult>(Parser<T1> first, Parser<T2> second, Func<T1, T2, TResult> combine)
    {
        return input =>
        {
            var r1 = first(input);
            if (!r1.WasSuccessful)
            {
                return Result.Failure<TResult>(r1.Remainder, r1.Message, r1.Expectations);
            }

            var r2 = second(r1.Remainder);
            return r2.WasSuccessful
                ? Result.Success(combine(r1.Value, r2.Value), r2.Remainder)
                : Result.Failure<TResult>(r2.Remainder, r2.Message, r2.Expectations);
        };
    }

    /// <summary><paramref name="first"/>, <paramref name="second"/>, then <paramref name="third"/>.</summary>
    public static Parser<TResult> Sequence<T1, T2, T3, TResult>(Parser<T1> first, Parser<T2> second, Parser<T3> third, Func<T1, T2, T3, TResult> combine)
    {
        return input =>
        {
            var r1 = first(input);
            if (!r1.WasSuccessful)
            {
                return Result.Failure<TResult>(r1.Remainder, r1.Message, r1.Expectations);
            }

            var r2 = second(r1.Remainder);
            if (!r2.WasSuccessful)
            {
                return Result.Failure<TResult>(r2.Remainder, r2.Message, r2.Expectations);
            }

            var r3 = third(r2.Remainder);
            return r3.WasSuccessful
                ? Result.Success(combine(r1.Value, r2.Value, r3.Value), r3.Remainder)
                : Result.Failure<TResult>(r3.Remainder, r3.Message, r3.Expectations);
        };
    }

    /// <summary>
    /// <paramref name="first"/>, then the parser <paramref name="next"/> picks from its value (pick a parser
    /// built beforehand, not a new one). When that second part fails, <paramref name="onFailure"/> may turn
    /// the failure into a better error, knowing what the first part read.
    /// </summary>
    public static Parser<TResult> Then<T1, T2, TResult>(
        Parser<T1> first,
        Func<T1, Parser<T2>> next,
        Func<T1, T2, TResult> combine,
        Func<T1, IInput, IResult<T2>, IResult<TResult>>? onFailure = null)
    {
        return input =>
        {
            var r1 = first(input);
            if (!r1.WasSuccessful)
            {
                return Result.Failure<TResult>(r1.Remainder, r1.Message, r1.Expectations);
            }

            var r2 = next(r1.Value)(r1.Remainder);
            if (r2.WasSuccessful)
            {
                return Result.Success(combine(r1.Value, r2.Value), r2.Remainder);
            }

            return onFailure is not null
                ? onFailure(r1.Value, r1.Remainder, r2)
                : Result.Failure<TResult>(r2.Remainder, r2.Message, r2.Expectations);
        };
    }

    /// <summary>
    /// The first alternative that succeeds, or that fails after consuming input. When every alternative
    /// fails without consuming, the failure lists what each expected.
    /// </summary>
    public static Parser<T> Choice<T>(params Parser<T>[] alternatives)
    {
        return input =>
        {
            IResult<T>? soft = null;
            foreach (var alternative in alternatives)
            {
                var result = alternative(input);
                if (result.WasSuccessful || !result.Remainder.Equals(input))
                {
                    return result;
                }

                soft = soft is null
                    ? result
                    : Result.Failure<T>(input, soft.Message, soft.Expectations.Concat(result.Expectations));
            }

            return soft!;
        };
    }

    /// <summary>When <paramref name="parser"/> fails without consuming input, <paramref name="fallback"/>
    /// decides: usually a fatal error that says what was expected there.</summary>
    public static Parser<T> OrElse<T>(this Parser<T> parser, Func<IInput, IResult<T>> fallback)
    {
        return input =>
        {
            var result = parser(input);
            return result.WasSuccessful || !result.Remainder.Equals(input) ? result : fallback(input);
        };
    }

    /// <summary>
    /// A forward reference to a parser defined later. Unlike Sprache's <c>Parse.Ref</c> it keeps no memo
    /// table on the input, which would cost a dictionary for every directive.
    /// </summary>
    public static Parser<T> Ref<T>(Func<Parser<T>> reference)
    {
        Parser<T>? parser = null;
        return input => (parser ??= reference())(input);
    }

    /// <summary>
    /// Recursion into a nested construct (a block, a section). The parser is built on first use; past the
    /// context's depth limit the parse fails with a clear message instead of exhausting the stack.
    /// </summary>
    /// <remarks>Place it after the token that opens the construct (a brace, a section tag): the error is
    /// reported at that token, the last one appended.</remarks>
    /// <param name="reference">What lies inside the construct.</param>
    /// <param name="what">What nests, for the message: "blocks", "sections".</param>
    public static Parser<T> Nested<T>(Func<Parser<T>> reference, string what)
    {
        Parser<T>? parser = null;
        return input =>
        {
            parser ??= reference();
            var context = ((SourceInput)input).Context;
            if (context.Depth >= context.MaxDepth)
            {
                var tokens = context.Tree.Tokens;
                var at = tokens.Count > 0 ? tokens[tokens.Count - 1].Start : input.Position;
                return Fatal<T>(input, at, $"{what} nested deeper than {context.MaxDepth} levels");
            }

            context.Depth++;
            try
            {
                return parser(input);
            }
            finally
            {
                context.Depth--;
            }
        };
    }

    /// <summary>
    /// Fails in a way no alternative recovers from: the message is recorded with its position, and the
    /// failure claims to have consumed the rest of the input, so that no enclosing choice backtracks.
    /// Beware: Sprache's <c>Or</c> and <c>XOr</c> also run their second branch when the first succeeds
    /// without consuming input (an end-of-file token), so a branch that reports a fatal error must first
    /// check that its error is really there.
    /// </summary>
    public static IResult<T> Fatal<T>(IInput input, int position, string message)
    {
        var source = (SourceInput)input;
        source.Context.RecordFatal(position, message);
        return Result.Failure<T>(source.Context.At(source.Context.Length), message, []);
    }

    /// <summary>
    /// The empty end-of-file token that every file ends with: its leading trivia is what
    /// <paramref name="skipTrivia"/> (a grammar's own trivia rules: text, offset → offset of the next token)
    /// skips up to the end. Fails without consuming anything where a token is still left.
    /// </summary>
    public static Parser<SyntaxToken> EndOfFile(Func<string, int, int> skipTrivia) =>
        EndOfFileWith((context, position) => skipTrivia(context.Text, position));

    /// <summary>A grammar's trivia rules over the characters of the text: text, offset → offset of the next token.</summary>
    public delegate int SkipTrivia(ReadOnlySpan<char> text, int position);

    /// <summary>As <see cref="EndOfFile(Func{string, int, int})"/>, for a grammar that reads the characters (nginx's).</summary>
    public static Parser<SyntaxToken> EndOfFileOfChars(SkipTrivia skipTrivia) =>
        EndOfFileWith((context, position) => skipTrivia(context.Chars, position));

    private static Parser<SyntaxToken> EndOfFileWith(Func<ParseContext, int, int> skip)
    {
        return input =>
        {
            var source = (SourceInput)input;
            var context = source.Context;
            var start = skip(context, source.Position);
            if (start < context.Length)
            {
                return Soft<SyntaxToken>(input, ExpectedEndOfFile);
            }

            var token = context.Token(TokenKind.EndOfFile, source.Position, start, start, start);
            return Result.Success(token, context.At(start));
        };
    }

    /// <summary>A failure that consumed nothing, so that a choice may try its next branch.</summary>
    public static IResult<T> Soft<T>(IInput input, Expected expected) =>
        Result.Failure<T>(input, expected.Message, expected.Items);

    /// <summary>Whether a fatal error has been recorded in this parse.</summary>
    public static bool HasFatal(IInput input) => ((SourceInput)input).Context.Fatal is not null;
}
