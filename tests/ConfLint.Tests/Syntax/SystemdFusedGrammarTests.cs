using System.Text;
using ConfLint.Syntax;
using ConfLint.Syntax.Parsing;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Tests.Syntax;

/// <summary>The unit-file grammar reads a file line by line in one loop; it must give the same tree (every token and
/// node, the same entries and ignored lines) and the same error as the production composed of Sprache parsers.</summary>
public class SystemdFusedGrammarTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\n# only a comment\n")]
    [InlineData("Before=section\n[Unit]\nDescription=x\n")]
    [InlineData("[Service]\nExecStart=\nExecStart=/bin/app \\\n  --flag\nno equals sign\n=no key\n[Install]\nWantedBy=multi-user.target")]
    [InlineData("[Service]\r\nUser=www-data\r\n[Service]\r\n\r\nGroup=www-data\r\n")]
    [InlineData("[Unit\nDescription=x\n")]
    [InlineData("[Unit] # comment\nDescription=x\n")]
    [InlineData("[Unit]\nA=1\n[Bad\n")]
    [InlineData("[]\n[Unit]\n")]
    public void The_loop_reads_as_the_composed_grammar(string text) => AssertSame(text);

    [Fact]
    public void Random_unit_files_read_as_with_the_composed_grammar()
    {
        string[] pieces = ["[Unit]", "[Service]", "[", "]", "Key=value", "Key = v ", "=v", "novalue", "A=", "\\", "#c", ";c", " ", "\t", "x\\", "[S] x", "[]", "B=a;b#c"];
        var random = new Random(7);
        for (var n = 0; n < 3_000; n++)
        {
            var text = new StringBuilder();
            var lines = random.Next(0, 12);
            for (var i = 0; i < lines; i++)
            {
                var parts = random.Next(1, 3);
                for (var j = 0; j < parts; j++)
                {
                    text.Append(pieces[random.Next(pieces.Length)]);
                }

                text.Append(random.Next(8) == 0 ? "\r\n" : "\n");
            }

            AssertSame(text.ToString());
        }
    }

    private static void AssertSame(string text)
    {
        var fused = Read(text, SystemdGrammar.File);
        var composed = Read(text, SystemdGrammar.ComposedFile);
        Assert.Equal(composed, fused);
    }

    /// <summary>The parse written out: its error, or its tokens (kind and offsets) and nodes (type, span, lines, entries and
    /// ignored lines of each section).</summary>
    private static string Read(string text, Sprache.Parser<SystemdUnitFile> grammar)
    {
        var tree = new SyntaxTree(new SourceText("/etc/systemd/system/a.service", text), ConfigKind.Systemd, SystemdText.DecodeValue);
        var result = GrammarRunner.Run(new ParseContext(tree, ParseOptions.Default.MaxDepth), grammar);
        if (result.Tree is null)
        {
            return $"error {result.Error!.Position} {result.Error.Message}";
        }

        var written = new StringBuilder();
        for (var i = 0; i < tree.Tokens.Count; i++)
        {
            var token = new SyntaxToken(tree, i);
            written.Append($"{token.Kind} {token.FullStart} {token.Start} {token.End} {token.FullEnd}\n");
        }

        var file = (SystemdUnitFile)tree.Root!;
        Assert.Equal(text, file.ToFullString());
        Write(written, "file", file.Lines, file.Entries, file.InvalidLines);
        foreach (var section in file.Sections)
        {
            Assert.Same(file, section.Parent);
            Write(written, $"section '{section.Name}' {section.Span}", section.Lines, section.Entries, section.InvalidLines);
        }

        return written.ToString();
    }

    private static void Write(StringBuilder written, string what, IReadOnlyList<SyntaxNode> lines, IReadOnlyList<SystemdEntry> entries, IReadOnlyList<SystemdInvalidLine> invalid)
    {
        written.Append($"{what}: {lines.Count} lines, {entries.Count} entries, {invalid.Count} ignored\n");
        foreach (var line in lines)
        {
            written.Append($"  {line.GetType().Name} {line.Span} parent {line.Parent?.GetType().Name}\n");
        }

        foreach (var entry in entries)
        {
            written.Append($"  entry {entry.Key}={entry.Value} empty {entry.IsEmpty}\n");
        }

        foreach (var line in invalid)
        {
            written.Append($"  ignored {line.Problem}\n");
        }
    }
}
