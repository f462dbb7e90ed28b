using ConfLint.Syntax.Parsing;
using Sprache;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// The structure of a PHP-FPM configuration file (php-src <c>Zend/zend_ini_parser.y</c> as FPM drives it): entries
/// (<c>key = value</c>, <c>key[subkey] = value</c>) before any section, then sections (<c>[name]</c>), each holding
/// the entries up to the next one. Sections do not nest. The lexical productions are in <see cref="PhpFpmLexer"/>.
/// </summary>
/// <remarks>
/// PHP-FPM configuration files (<c>php-fpm.conf</c>, <c>pool.d/*.conf</c>) as php-fpm 8.2 reads them (see
/// <see cref="PhpFpmLexer"/>, <see cref="PhpFpmValueReader"/>, <see cref="PhpFpmScanner"/>). Checked line by line
/// against PHP 8.2's own INI parser and <c>php-fpm8.2 -t</c>: what FPM refuses to load is an error here, and values
/// read the same (<c>[]</c> is a section named "", which php-fpm takes as a pool of that name). This parser is
/// stricter in two places, each a mistake FPM lets pass: an unclosed <c>'</c> after the start of a value (PHP silently
/// drops the rest of the line), and a NUL byte (FPM silently drops the rest of the line).
/// </remarks>
internal static class PhpFpmGrammar
{
    private static readonly Parser<PhpFpmEntry> Entry = Combinators.Sequence(
        PhpFpmLexer.Key,
        PhpFpmLexer.Assignment,
        (key, assignment) => new PhpFpmEntry(key.Tree, key, assignment.EqualsSign, assignment.Value));

    private static readonly Parser<IReadOnlyList<PhpFpmEntry>> Entries = Entry.Repeated();

    private static readonly Parser<PhpFpmSection> Section = Combinators.Sequence(
        PhpFpmLexer.SectionHeader,
        Entries,
        (header, entries) => new PhpFpmSection(header.Name.Tree, header.OpenBracket, header.Name, header.CloseBracket, entries));

    private static readonly Parser<IReadOnlyList<PhpFpmSection>> Sections = Section.Repeated();

    /// <summary>Entries stop only at a section and sections only at the end of the file, so this holds unless a
    /// production already failed; it stays as a guard.</summary>
    private static readonly Parser<SyntaxToken> EndOfFile = PhpFpmLexer.EndOfFile.OrElse(input =>
    {
        var context = ((SourceInput)input).Context;
        var at = PhpFpmLexer.SkipTrivia(context.Text, input.Position);
        return Combinators.Fatal<SyntaxToken>(input, at, $"unexpected '{context.Text[at]}': expected a key or a '[section]'");
    });

    public static readonly Parser<PhpFpmConfigFile> File = Combinators.Sequence(
        Entries,
        Sections,
        EndOfFile,
        (entries, sections, endOfFile) => new PhpFpmConfigFile(endOfFile.Tree, entries, sections, endOfFile));
}
