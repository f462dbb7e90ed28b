using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.Systemd;

/// <summary>
/// The structure of a unit file (systemd.syntax(7)): assignments that precede any section, then sections, each
/// a header and the assignments up to the next header. Sections do not nest. The lexical productions, one per
/// logical line, are in <see cref="SystemdLexer"/>. Every line that is not trivia is a header or an assignment,
/// so the end of the file always follows the sections: an error can only come from a line's production. A line
/// systemd ignores with a warning (no <c>=</c>) is a <see cref="SystemdInvalidLine"/> among the assignments.
/// </summary>
internal static class SystemdGrammar
{
    private static readonly Parser<SyntaxNode> Entry = SystemdLexer.Entry.Map(Line);

    private static readonly Parser<IReadOnlyList<SyntaxNode>> Entries = Entry.Repeated();

    private static readonly Parser<SystemdSection> Section = Combinators.Sequence(
        SystemdLexer.SectionHeader,
        Entries,
        (header, entries) => new SystemdSection(header.Open.Tree, header.Open, header.Name, header.Close, entries));

    private static readonly Parser<IReadOnlyList<SystemdSection>> Sections = Section.Repeated();

    /// <summary>The same production, composed (kept for what it says, and as the oracle of the tests; <see cref="File"/>
    /// reads it line by line).</summary>
    internal static readonly Parser<SystemdUnitFile> ComposedFile = Combinators.Sequence(
        Entries,
        Sections,
        SystemdLexer.EndOfFile,
        (entries, sections, endOfFile) => new SystemdUnitFile(endOfFile.Tree, entries, sections, endOfFile));

    // The list each thread gathers a section's lines in, for all the unit files it parses.
    [ThreadStatic]
    private static List<SyntaxNode>? t_lines;

    /// <summary>
    /// <see cref="ComposedFile"/> read in one loop: each line is scanned and its node made with no result or input
    /// object of its own (those were most of what a unit file's parse allocated, on a host of thousands of units). A
    /// line that starts with <c>[</c> but is no header goes through <see cref="Section"/> for its error.
    /// </summary>
    public static readonly Parser<SystemdUnitFile> File = input =>
    {
        var source = (SourceInput)input;
        var context = source.Context;
        var position = source.Position;
        var lines = t_lines ??= [];
        var top = ReadLines(context, ref position, lines);
        List<SystemdSection>? sections = null;
        while (true)
        {
            switch (SystemdLexer.ReadHeader(context, position, out var header, out var next))
            {
                case SystemdLexer.HeaderRead.Read:
                    position = next;
                    var entries = ReadLines(context, ref position, lines);
                    (sections ??= []).Add(new SystemdSection(header.Open.Tree, header.Open, header.Name, header.Close, entries));
                    continue;
                case SystemdLexer.HeaderRead.Invalid:
                    var failed = Section(source.At(position));
                    return Result.Failure<SystemdUnitFile>(failed.Remainder, failed.Message, failed.Expectations);
            }

            break;
        }

        var endOfFile = SystemdLexer.EndOfFile(source.At(position));
        return endOfFile.WasSuccessful
            ? Result.Success(
                new SystemdUnitFile(endOfFile.Value.Tree, top, sections ?? (IReadOnlyList<SystemdSection>)[], endOfFile.Value),
                endOfFile.Remainder)
            : Result.Failure<SystemdUnitFile>(endOfFile.Remainder, endOfFile.Message, endOfFile.Expectations);
    };

    /// <summary>The lines from <paramref name="position"/> up to the next header or the end of the file, gathered in
    /// <paramref name="lines"/> (emptied first) and kept as an array of exactly them: of <see cref="SystemdEntry"/> when
    /// they all are.</summary>
    private static IReadOnlyList<SyntaxNode> ReadLines(ParseContext context, ref int position, List<SyntaxNode> lines)
    {
        lines.Clear();
        var invalid = false;
        while (SystemdLexer.ReadEntry(context, position, out var tokens, out var end))
        {
            var line = Line(tokens);
            invalid |= line is SystemdInvalidLine;
            lines.Add(line);
            position = end;
        }

        if (lines.Count == 0)
        {
            return [];
        }

        SyntaxNode[] kept;
        if (invalid)
        {
            kept = lines.ToArray();
        }
        else
        {
            // All assignments (nearly every section): an array of entries, which the section keeps as its entries too.
            kept = new SystemdEntry[lines.Count];
            for (var i = 0; i < kept.Length; i++)
            {
                kept[i] = (SystemdEntry)lines[i];
            }
        }

        lines.Clear(); // the list outlives the parse: it must not keep the tree
        return kept;
    }

    private static SyntaxNode Line(SystemdLexer.EntryTokens tokens) => tokens.Problem is { } problem
        ? new SystemdInvalidLine(tokens.Key.Tree, tokens.Key, problem)
        : new SystemdEntry(tokens.Key.Tree, tokens.Key, tokens.EqualsSign, tokens.Value);
}
