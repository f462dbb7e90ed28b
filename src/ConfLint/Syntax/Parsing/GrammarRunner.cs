using Sprache;

namespace ConfLint.Syntax.Parsing;

internal static class GrammarRunner
{
    /// <summary>Runs a file grammar and turns its failure into one <see cref="SyntaxError"/>.</summary>
    public static ParseResult Run<T>(ParseContext context, Parser<T> grammar)
        where T : SyntaxNode
    {
        var result = grammar(context.Start);
        if (context.Fatal is { } fatal)
        {
            return ParseResult.Failed(fatal);
        }

        if (!result.WasSuccessful)
        {
            var expected = result.Expectations.Any() ? $"expected {string.Join(" or ", result.Expectations)}" : result.Message;
            return ParseResult.Failed(new SyntaxError(context.Source, result.Remainder.Position, expected));
        }

        if (!result.Remainder.AtEnd)
        {
            return ParseResult.Failed(new SyntaxError(context.Source, result.Remainder.Position, "expected the end of the file"));
        }

        context.Tree.Root = result.Value;
        return ParseResult.Ok(context.Tree);
    }
}
