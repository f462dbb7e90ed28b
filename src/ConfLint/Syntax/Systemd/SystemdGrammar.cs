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
    private static readonly Parser<SyntaxNode> Entry = SystemdLexer.Entry.Map(SyntaxNode (tokens) => tokens.Problem is { } problem
        ? new SystemdInvalidLine(tokens.Key.Tree, tokens.Key, problem)
        : new SystemdEntry(tokens.Key.Tree, tokens.Key, tokens.EqualsSign, tokens.Value));

    private static readonly Parser<IReadOnlyList<SyntaxNode>> Entries = Entry.Repeated();

    private static readonly Parser<SystemdSection> Section = Combinators.Sequence(
        SystemdLexer.SectionHeader,
        Entries,
        (header, entries) => new SystemdSection(header.Open.Tree, header.Open, header.Name, header.Close, entries));

    private static readonly Parser<IReadOnlyList<SystemdSection>> Sections = Section.Repeated();

    public static readonly Parser<SystemdUnitFile> File = Combinators.Sequence(
        Entries,
        Sections,
        SystemdLexer.EndOfFile,
        (entries, sections, endOfFile) => new SystemdUnitFile(endOfFile.Tree, entries, sections, endOfFile));
}
