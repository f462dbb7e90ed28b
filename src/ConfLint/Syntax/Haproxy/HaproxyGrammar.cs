using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.Haproxy;

/// <summary>
/// The structure of a HAProxy configuration file, as HAProxy 2.6's <c>readcfgfile</c> (src/cfgparse.c) reads it: one
/// line per keyword; a line whose keyword names a section (<see cref="HaproxySections"/>) starts that section, and the
/// lines after it belong to it until the next one. The lexical productions are in <see cref="HaproxyLexer"/>.
/// </summary>
/// <remarks>
/// What HAProxy refuses while it splits lines into words is a syntax error here, with its message: an unmatched
/// quote, a bad <c>\x</c> sequence, a bad environment variable name or brace, a bad scope line, a NUL character.
/// Checked against <c>haproxy -c</c> 2.6.12: a backslash before the line break is not a continuation (it is read
/// as a word <c>\</c>); text after a CR that ends a word is ignored; <c>.if</c> blocks are lines like any other.
/// What HAProxy refuses after that (unknown keywords, a missing LF at the end of the file, keywords before any
/// section) is judged by the validator, on a tree that keeps every byte.
/// </remarks>
internal static class HaproxyGrammar
{
    private static readonly Parser<HaproxyLine> Line = Combinators.Sequence(
        HaproxyLexer.Keyword,
        HaproxyLexer.Argument.RepeatedTokens(),
        (keyword, arguments) => new HaproxyLine(keyword.Tree, keyword, arguments));

    private static readonly Parser<HaproxyLine> Header = Combinators.Sequence(
        HaproxyLexer.SectionKeyword,
        HaproxyLexer.Argument.RepeatedTokens(),
        (keyword, arguments) => new HaproxyLine(keyword.Tree, keyword, arguments));

    private static readonly Parser<IReadOnlyList<HaproxyLine>> Lines = Line.Repeated();

    private static readonly Parser<HaproxySection> Section = Combinators.Sequence(
        Header,
        Lines,
        (header, lines) => new HaproxySection(header.Tree, header, lines));

    private static readonly Parser<HaproxyConfigFile> Body = Combinators.Sequence(
        Lines,
        Section.Repeated(),
        HaproxyLexer.EndOfFile,
        (lines, sections, endOfFile) => new HaproxyConfigFile(endOfFile.Tree, lines, sections, endOfFile));

    /// <summary>The file; a NUL character anywhere stops HAProxy ("Stray NUL character"), and stops this grammar there.</summary>
    public static readonly Parser<HaproxyConfigFile> File = input =>
    {
        var context = ((SourceInput)input).Context;
        var nul = context.Text.IndexOf('\0');
        return nul >= 0 ? Combinators.Fatal<HaproxyConfigFile>(input, nul, "stray NUL character") : Body(input);
    };
}
