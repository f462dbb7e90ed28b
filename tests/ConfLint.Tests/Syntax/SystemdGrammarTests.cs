using System.Text;
using ConfLint.Syntax;
using ConfLint.Reporting.Trees;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;
using static ConfLint.Tests.Support.Parsing;

namespace ConfLint.Tests.Syntax;

public class SystemdGrammarTests
{
    private static SystemdUnitFile File(string text) => (SystemdUnitFile)RoundTrip(ConfigKind.Systemd, text).Root;

    private static SystemdEntry Entry(string text, int index = 0) => File(text).Sections.SelectMany(s => s.Entries).ElementAt(index);

    [Fact]
    public void Sections_hold_the_assignments_up_to_the_next_header()
    {
        var file = File("[Unit]\nDescription=web\nAfter=network.target\n\n[Service]\nExecStart=/usr/bin/web\n");
        Assert.Equal(["Unit", "Service"], file.Sections.Select(s => s.Name));
        Assert.Equal(["Description", "After"], file.Sections[0].Entries.Select(e => e.Key));
        var exec = Assert.Single(file.Sections[1].Entries);
        Assert.Equal("/usr/bin/web", exec.Value);
        Assert.Same(file.Sections[1], exec.Section);
        Assert.Equal("Service", exec.SectionName);
        Assert.Equal(new LinePosition(6, 1), exec.Position);
        Assert.Equal(new LinePosition(6, 11), exec.ValueToken!.Value.Position);
        Assert.Equal(new LinePosition(5, 2), file.Sections[1].NameToken.Position);
    }

    [Fact]
    public void Blanks_around_the_key_and_the_value_are_trivia_and_inner_blanks_stay()
    {
        var entry = Entry("[Service]\n  Key with spaces \t=\t value  with  blanks \t\n");
        Assert.Equal("Key with spaces", entry.Key);
        Assert.Equal("value  with  blanks", entry.Value);
        Assert.Equal(new LinePosition(2, 3), entry.Position);
        Assert.Equal(new LinePosition(2, 20), entry.EqualsToken.Position);
    }

    [Fact]
    public void The_first_equals_sign_splits_and_the_rest_belongs_to_the_value()
    {
        Assert.Equal("A=1 B=2", Entry("[Service]\nEnvironment=A=1 B=2\n").Value);
        Assert.Equal("Environment", Entry("[Service]\nEnvironment = =x\n").Key);
        Assert.Equal("=x", Entry("[Service]\nEnvironment = =x\n").Value);
    }

    [Fact]
    public void Hash_and_semicolon_start_comments_only_at_the_start_of_a_line()
    {
        var file = File("# one\n  ; two\n[Service]\n\t# three\nExecStart=/bin/echo a # b ; c\n");
        var entry = Assert.Single(file.Sections[0].Entries);
        Assert.Equal("/bin/echo a # b ; c", entry.Value);
        Assert.Equal([TriviaKind.Comment, TriviaKind.EndOfLine, TriviaKind.Whitespace, TriviaKind.Comment, TriviaKind.EndOfLine],
            file.Sections[0].OpenBracket.LeadingTrivia.Select(t => t.Kind));
        Assert.Equal([TriviaKind.Whitespace, TriviaKind.Comment, TriviaKind.EndOfLine], entry.KeyToken.LeadingTrivia.Select(t => t.Kind));
    }

    [Fact]
    public void Repeated_keys_are_kept_in_order_and_an_empty_assignment_has_no_value_token()
    {
        var section = File("[Service]\nExecStart=/a\nExecStart=\nExecStart=  \nExecStart=/b\n").Sections[0];
        Assert.Equal(["/a", "", "", "/b"], section.EntriesOf("ExecStart").Select(e => e.Value));
        Assert.Equal([false, true, true, false], section.Entries.Select(e => e.IsEmpty));
        Assert.Null(section.Entries[1].ValueToken);
        Assert.Equal(section.Entries[1].EqualsToken, section.Entries[1].LastToken);
    }

    [Fact]
    public void A_continued_value_is_one_token_whose_value_joins_the_lines_with_a_space_for_each_backslash()
    {
        const string text = "[Service]\nExecStart=/venv/bin/gunicorn \\\n    --workers 3 \\\n    --bind unix:/run/g.sock app:wsgi\nUser=www\n";
        var file = File(text);
        var exec = file.Sections[0].Entries[0];
        Assert.Equal("/venv/bin/gunicorn      --workers 3      --bind unix:/run/g.sock app:wsgi", exec.Value);
        Assert.Equal(new LinePosition(4, 37), file.Tree.Source.GetLinePosition(exec.ValueToken!.Value.End));
        Assert.Equal("User", file.Sections[0].Entries[1].Key);
        Assert.Equal(new LinePosition(5, 1), file.Sections[0].Entries[1].Position);
    }

    [Fact]
    public void Comment_lines_inside_a_continued_line_are_skipped_and_listed()
    {
        var entry = Entry("[C]\nKeyThree=value 3\\\n# this line is ignored\n; this line is ignored too\n       value 3 continued\n");
        Assert.Equal("value 3        value 3 continued", entry.Value);
        var comments = SystemdText.CommentLines(entry.ValueToken!.Value);
        Assert.Equal(["# this line is ignored", "; this line is ignored too"], comments.Select(c => entry.Tree.Source.ToString(c)));
    }

    [Fact]
    public void An_empty_line_ends_a_continued_line()
    {
        var section = File("[S]\nA=one \\\n\nB=two\n").Sections[0];
        Assert.Equal(["A", "B"], section.Entries.Select(e => e.Key));
        Assert.Equal("one", section.Entries[0].Value);
    }

    [Fact]
    public void A_line_continues_into_whatever_follows_even_an_assignment()
    {
        var entry = Assert.Single(File("[S]\nA=one \\\nB=two\n").Sections[0].Entries);
        Assert.Equal("one  B=two", entry.Value);
    }

    [Fact]
    public void Only_an_odd_run_of_backslashes_at_the_very_end_of_a_line_continues_it()
    {
        var section = File("[S]\nA=x\\\\\nB=y\\ \nC=z\\\\\\\nD\n").Sections[0];
        Assert.Equal(["A", "B", "C"], section.Entries.Select(e => e.Key));
        Assert.Equal(["x\\\\", "y\\", "z\\\\ D"], section.Entries.Select(e => e.Value));
    }

    [Fact]
    public void A_backslash_before_a_crlf_continues_and_a_backslash_at_the_end_of_the_file_continues_into_nothing()
    {
        Assert.Equal("a   b", Entry("[S]\r\nA=a \\\r\n b\r\n").Value);
        var entry = Entry("[S]\nA=last \\");
        Assert.Equal("last", entry.Value);
        Assert.Equal([TriviaKind.Whitespace, TriviaKind.LineContinuation], entry.ValueToken!.Value.TrailingTrivia.Select(t => t.Kind));
    }

    [Fact]
    public void Lines_of_blanks_and_a_backslash_only_prefix_blanks_to_the_next_line()
    {
        var section = File("[S]\nA=one \\\n   \\\n\n  \\\nB=two\n").Sections[0];
        Assert.Equal(["A", "B"], section.Entries.Select(e => e.Key));
        Assert.Equal(["one", "two"], section.Entries.Select(e => e.Value));
        Assert.Equal(new LinePosition(6, 1), section.Entries[1].Position);
    }

    [Fact]
    public void A_key_and_a_section_header_may_be_continued_too()
    {
        var file = File("[Se\\\nrvice]\nExec\\\nStart\\\n= /bin/x\n");
        Assert.Equal("Se rvice", file.Sections[0].Name);
        Assert.Equal("Exec Start", file.Sections[0].Entries[0].Key);
        Assert.Equal("/bin/x", file.Sections[0].Entries[0].Value);
        Assert.Equal(new LinePosition(5, 1), file.Sections[0].Entries[0].EqualsToken.Position);
    }

    [Fact]
    public void Section_names_are_taken_verbatim_between_the_first_and_the_last_bracket()
    {
        var file = File("[ Spaced ]\n[]\n[a]b]\n  [Unit]  \n[Unit]\n");
        Assert.Equal([" Spaced ", "", "a]b", "Unit", "Unit"], file.Sections.Select(s => s.Name));
        Assert.Equal(2, file.SectionsNamed("Unit").Count());
        Assert.Equal(0, file.Sections[1].NameToken.Span.Length);
    }

    [Fact]
    public void Assignments_before_the_first_section_are_kept_outside_the_sections()
    {
        var file = File("# header\nFoo=bar\n\n[Unit]\nA=b\n");
        var outside = Assert.Single(file.Entries);
        Assert.Equal(("Foo", "bar"), (outside.Key, outside.Value));
        Assert.Null(outside.Section);
        Assert.Same(outside.KeyToken.Tree.Root, outside.Parent);
        Assert.Equal(outside.KeyToken, file.FirstToken);
    }

    [Fact]
    public void Values_keep_quotes_specifiers_and_variables_as_written()
    {
        Assert.Equal("\"A=%i\" '$HOME' %h/bin ${PORT}", Entry("[S]\nEnvironment=\"A=%i\" '$HOME' %h/bin ${PORT}\n").Value);
    }

    [Fact]
    public void Value_spans_map_characters_of_a_continued_value_back_to_the_file()
    {
        var entry = Entry("[S]\nExecStart=/bin/g \\\n# note\n  --bind 127.0.0.1:8000\n");
        var value = entry.Value;
        var start = value.IndexOf("127", StringComparison.Ordinal);
        var span = entry.ValueSpan(start, start + "127.0.0.1:8000".Length);
        Assert.Equal("127.0.0.1:8000", entry.Tree.Source.ToString(span));
        Assert.Equal(new LinePosition(4, 10), entry.Tree.Source.GetLinePosition(span.Start));
        var across = entry.ValueSpan(value.IndexOf("/g", StringComparison.Ordinal), value.IndexOf("--", StringComparison.Ordinal) + 2);
        Assert.Equal("/g \\\n# note\n  --", entry.Tree.Source.ToString(across));
    }

    [Fact]
    public void Json_lists_sections_entries_and_comments_where_they_stand()
    {
        var tree = Parse(ConfigKind.Systemd, "; top\nOutside=1\n[Service]\n# before\nExecStart=/a \\\n# inside\n  -b\nExecStart=\n");
        var json = new SystemdJsonWriter().Write(tree);
        var compact = string.Concat(json.Where(c => !char.IsWhiteSpace(c)));
        Assert.Equal(
            "[{\"comment\":\"top\",\"line\":1},{\"key\":\"Outside\",\"line\":2,\"value\":\"1\"}," +
            "{\"section\":\"Service\",\"line\":3,\"entries\":[{\"comment\":\"before\",\"line\":4}," +
            "{\"key\":\"ExecStart\",\"line\":5,\"value\":\"/a-b\"},{\"comment\":\"inside\",\"line\":6}," +
            "{\"key\":\"ExecStart\",\"line\":8,\"value\":\"\"}]}]",
            compact);
        Assert.Contains("\"value\": \"/a    -b\"", json);
    }

    [Theory]
    [InlineData("[Unit]\r\nDescription=x\r\n\r\n[Service]\r\nExecStart=/a \\\r\n\t-b\r\n")]
    [InlineData("\uFEFF[Unit]\nDescription=x")]
    [InlineData("\uFEFF# only a comment")]
    [InlineData("[Unit]\nDescription=x")]
    [InlineData("[Unit]")]
    [InlineData("")]
    [InlineData("   \n\n\t\n")]
    [InlineData("# only a comment\n")]
    [InlineData("\\")]
    [InlineData("[S]\nA= \\")]
    [InlineData("[S]\nA=\\\n")]
    [InlineData("[S]\n\tA = b  \t \n  # c  \n\n")]
    [InlineData("[S]\nA=a\rb\n")]
    [InlineData("[S]\nA=x\\\n# c\n# d\n")]
    public void Printing_the_tree_gives_back_the_text(string text)
    {
        RoundTrip(ConfigKind.Systemd, text);
    }

    [Fact]
    public void Invalid_utf8_and_a_bom_round_trip_byte_for_byte()
    {
        AssertRoundTripBytes(ConfigKind.Systemd, [.. "[S]\nA="u8.ToArray(), 0xFF, 0xFE, 0x0A]);
        AssertRoundTripBytes(ConfigKind.Systemd, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("[Unit]\r\nDescription=caf\u00e9\r\n")]);
    }

    [Theory]
    [InlineData("[Unit]\nDescription=web\n\n[Service\nExecStart=/a\n", 4, 9, "expected ']' to close the section header '[Service'")]
    [InlineData("[Service] # main\n", 1, 11, "expected the end of the line after the section header '[Service]'")]
    [InlineData("[Service]x]y\n", 1, 12, "expected the end of the line after the section header '[Service]x]'")]
    [InlineData("[\n", 1, 2, "expected ']' to close the section header '['")]
    [InlineData("[Unit]\\\nDescription=x\n", 2, 1, "expected the end of the line after the section header '[Unit]'")]
    public void Errors_name_the_line_column_and_what_was_expected(string text, int line, int column, string message)
    {
        AssertSyntaxError(ConfigKind.Systemd, text, line, column, message, "system/web.service");
    }

    [Theory]
    [InlineData("[Service]\nExecStart=/a\nRestart on-failure\nUser=www\n", "Restart on-failure", "Missing '=', ignoring line.")]
    [InlineData("[Service]\n  Foo \\\n  bar\nUser=www\n", "Foo \\\n  bar", "Missing '=', ignoring line.")]
    [InlineData("Foo\n[Service]\nUser=www\n", "Foo", "Missing '=', ignoring line.")]
    [InlineData("[Service]\n  =x\nUser=www\n", "=x", "Missing key name before '=', ignoring line.")]
    [InlineData("[Service]\n.include /etc/x.service\nUser=www", ".include /etc/x.service", "Missing '=', ignoring line.")]
    public void A_line_systemd_ignores_stays_in_the_tree_and_the_rest_is_read(string text, string line, string problem)
    {
        var file = File(text);
        var invalid = Assert.Single(file.InvalidLines.Concat(file.Sections.SelectMany(s => s.InvalidLines)));
        Assert.Equal(line, invalid.TextToken.Text);
        Assert.Equal(problem, invalid.Problem);
        Assert.Equal("www", Assert.Single(file.EntriesOf("Service", "User")).Value);
        Assert.Equal(text, RoundTrip(ConfigKind.Systemd, text).ToFullString());
    }

    [Fact]
    public void Ten_thousand_sections_and_a_hundred_thousand_lines_parse()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            builder.Append("[S").Append(i).Append("]\n");
            for (var j = 0; j < 10; j++)
            {
                builder.Append("Key").Append(j).Append("=value \\\n  continued\n");
            }
        }

        var file = File(builder.ToString());
        Assert.Equal(10_000, file.Sections.Count);
        Assert.Equal("value    continued", file.Sections[^1].Entries[^1].Value);
    }

    [Fact]
    public void Binary_input_is_an_error_or_a_tree_never_a_crash()
    {
        var random = new Random(502);
        var alphabet = "[]=#;\\ \t\r\nab"u8.ToArray();
        for (var i = 0; i < 400; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            if (i % 2 == 1)
            {
                for (var k = 0; k < bytes.Length; k++)
                {
                    bytes[k] = alphabet[bytes[k] % alphabet.Length];
                }
            }

            if (AssertTreeOrError(ConfigKind.Systemd, bytes) is { } tree)
            {
                _ = new SystemdJsonWriter().Write(tree);
            }
        }
    }
}
