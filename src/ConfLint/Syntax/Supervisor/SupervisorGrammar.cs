using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.Supervisor;

/// <summary>
/// The structure of a supervisord configuration file (supervisor 4's <c>UnhosedConfigParser</c> over Python's
/// <c>configparser</c>): sections, each a header and the options up to the next header; nothing may come before the
/// first header. The lexical productions, one element (a header, or an option with its continuation lines) at a
/// time, are in <see cref="SupervisorLexer"/>.
/// </summary>
internal static class SupervisorGrammar
{
    private static readonly Parser<SupervisorEntry> Entry = SupervisorLexer.Entry.Map(tokens =>
        new SupervisorEntry(tokens.Key.Tree, tokens.Key, tokens.Delimiter, tokens.Value));

    private static readonly Parser<SupervisorSection> Section = Combinators.Sequence(
        SupervisorLexer.SectionHeader,
        Entry.Repeated(),
        (header, entries) => new SupervisorSection(header.Open.Tree, header.Open, header.Name, header.Close, entries));

    public static readonly Parser<SupervisorConfigFile> File = Combinators.Sequence(
        SupervisorLexer.EntryBeforeSection.Repeated(),
        Section.Repeated(),
        SupervisorLexer.EndOfFile,
        (_, sections, endOfFile) => new SupervisorConfigFile(endOfFile.Tree, sections, endOfFile));
}
