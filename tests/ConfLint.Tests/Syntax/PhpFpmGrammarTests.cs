using System.Text;
using ConfLint.Syntax;
using ConfLint.Reporting.Trees;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Text;
using static ConfLint.Tests.Support.Parsing;

namespace ConfLint.Tests.Syntax;

public class PhpFpmGrammarTests
{
    private static PhpFpmConfigFile File(string text) => (PhpFpmConfigFile)RoundTrip(ConfigKind.PhpFpm, text).Root;

    private static PhpFpmEntry Entry(string line) => Assert.Single(File(line).Entries);

    private static string Value(string line) => Entry(line).Value;

    [Fact]
    public void Entries_before_any_section_and_sections_with_their_entries()
    {
        var file = File("""
            pid = /run/php/php8.2-fpm.pid
            [global]
            error_log = /var/log/php8.2-fpm.log
            [www]
            user = www-data
              listen = /run/php/php8.2-fpm.sock
            """);
        var pid = Assert.Single(file.Entries);
        Assert.Equal(("pid", "/run/php/php8.2-fpm.pid"), (pid.Key, pid.Value));
        Assert.Null(pid.Section);
        Assert.Equal(["global", "www"], file.Sections.Select(s => s.Name));
        Assert.True(file.Sections[0].IsGlobal);
        Assert.False(file.Sections[1].IsGlobal);
        var www = file.Sections[1];
        Assert.Equal(["user", "listen"], www.Entries.Select(e => e.Key));
        Assert.Same(www, www.Entries[1].Section);
        Assert.Equal(new LinePosition(6, 3), www.Entries[1].Position);
        Assert.Equal(new LinePosition(6, 12), www.Entries[1].ValueToken!.Value.Position);
        Assert.Equal(new LinePosition(4, 1), www.Position);
        Assert.Equal(["pid", "error_log", "user", "listen"], file.AllEntries().Select(e => e.Key));
    }

    [Fact]
    public void A_later_entry_wins_and_keys_compare_without_case()
    {
        var www = File("[www]\npm.max_children = 5\nPM.MAX_CHILDREN = 9\n").Sections[0];
        Assert.Equal("9", www.Find("pm.max_children")!.Value);
        Assert.Null(www.Find("pm"));
    }

    [Fact]
    public void Array_keys_split_into_base_key_and_subkey()
    {
        var admin = Entry("php_admin_value[memory_limit] = 128M\n");
        Assert.Equal(("php_admin_value[memory_limit]", "php_admin_value", "memory_limit"), (admin.Key, admin.BaseKey, admin.Subkey));
        Assert.True(admin.HasSubkey);
        Assert.Equal("128M", admin.Value);

        var suppress = Entry("access.suppress_path[] = /ping\n");
        Assert.Equal(("access.suppress_path", ""), (suppress.BaseKey, suppress.Subkey));

        var plain = Entry("listen.owner = www-data\n");
        Assert.Equal(("listen.owner", null, false), (plain.BaseKey, plain.Subkey, plain.HasSubkey));
    }

    [Fact]
    public void Keys_keep_the_blanks_php_keeps()
    {
        // Blanks before '[' and after it go; blanks before ']' stay unless a quoted piece ends there.
        Assert.Equal("php_value[date.timezone ]", Entry("php_value [ date.timezone ] = UTC\n").Key);
        Assert.Equal("env[TMP]", Entry("env[ \"TMP\" ] = /tmp\n").Key);
        Assert.Equal("listen owner", Entry("listen owner = x\n").Key);
        Assert.Equal("a]b", Entry("a]b = 1\n").Key);
    }

    [Fact]
    public void Section_names_keep_their_blanks_and_lose_their_quotes()
    {
        Assert.Equal(" www ", File("[ www ]\n").Sections[0].Name);
        Assert.Equal("www", File("[ \"www\" ]\n").Sections[0].Name);
        Assert.Equal("$pool", File("[$pool]\n").Sections[0].Name);
        Assert.Equal("${POOL}", File("[${POOL}]\n").Sections[0].Name);
        Assert.Equal("a\\]b", File("[a\\]b]\n").Sections[0].Name);
        Assert.Equal("\tx", File("\t[\tx]\n").Sections[0].Name);
    }

    [Fact]
    public void An_empty_section_name_is_a_pool_named_the_empty_string()
    {
        // php-fpm8.2 -t takes "[]" (a pool named ""): it is no syntax error.
        var section = Assert.Single(File("[]\nuser = www-data\n").Sections);
        Assert.Equal("", section.Name);
        Assert.Equal("www-data", Assert.Single(section.Entries).Value);
    }

    [Fact]
    public void Semicolons_start_comments_before_keys_and_after_values()
    {
        var file = File("; pool\n[www] ; the pool\nlisten = /run/a.sock ; note\nuser=www-data;x\n  ;indented\n");
        var www = file.Sections[0];
        Assert.Equal(["/run/a.sock", "www-data"], www.Entries.Select(e => e.Value));
        Assert.Equal([TriviaKind.Comment, TriviaKind.EndOfLine], www.OpenBracket.LeadingTrivia.Select(t => t.Kind));
        Assert.Equal([TriviaKind.Whitespace, TriviaKind.Comment, TriviaKind.EndOfLine], www.CloseBracket.TrailingTrivia.Select(t => t.Kind));
        var note = www.Entries[0].ValueToken!.Value.TrailingTrivia[1];
        Assert.Equal("; note", file.Tree.Source.ToString(note.Span));
        Assert.Equal([TriviaKind.Whitespace, TriviaKind.Comment, TriviaKind.EndOfLine], file.EndOfFile.LeadingTrivia.Select(t => t.Kind));
    }

    [Theory]
    [InlineData("listen = /run/a.sock # note\n", "/run/a.sock # note")] // '#' is text inside a value
    [InlineData("x = a#b\n", "a#b")]
    [InlineData("php_admin_value[sendmail_path] =   /usr/sbin/sendmail -t  -i \t \n", "/usr/sbin/sendmail -t  -i")] // trimmed, inner blanks kept
    [InlineData("access.format = %{mili}d [x]\n", "%{mili}d [x]")]
    [InlineData("listen = \"/run/a;b.sock\" ; comment\n", "/run/a;b.sock")] // ';' inside double quotes is text
    [InlineData("x = \"say \\\"hi\\\" \\\\ \\$x \\n\"\n", "say \"hi\" \\ $x \\n")] // only \" \\ \$ are escapes
    [InlineData("x = \"C:\\path\\\"\n", "C:\\path\\")] // \" at the end of the line closes the string
    [InlineData("access.format = \"%R - %u %t \\\"%m %r\\\" %s\"\n", "%R - %u %t \"%m %r\" %s")]
    [InlineData("x = 'a\\\"b;c'\n", "a\\\"b;c")] // single quotes are raw
    [InlineData("x = x\"y\"z\n", "xyz")] // touching pieces make one string
    [InlineData("x = \"a\" \"b\"\n", "ab")] // blanks next to double quotes go
    [InlineData("x = 'a' 'b'\n", "a b")]
    [InlineData("x = x 'y z' w\n", "x y z w")]
    [InlineData("slowlog = /var/log/$pool.slow.log\n", "/var/log/$pool.slow.log")] // variables stay as written
    [InlineData("env[HOME] = ${HOME}/x\n", "${HOME}/x")]
    [InlineData("env[HOME] = \"${HOME}/x\"\n", "${HOME}/x")]
    [InlineData("x = $;x\n", "$;x")] // '$' takes the next character, even ';'
    [InlineData("env[A] = x$\n", "x$\n")] // ... even the line break, as PHP reads it
    [InlineData("env[A] = x$", "x$\n")]
    [InlineData("env[A] = x$$\n", "x$$")]
    [InlineData("php_admin_value[error_reporting] = E_ALL & ~E_DEPRECATED & ~E_STRICT\n", "E_ALL & ~E_DEPRECATED & ~E_STRICT")] // not evaluated
    [InlineData("x = (E_ALL | E_STRICT) ^ !x\n", "(E_ALL | E_STRICT) ^ !x")]
    [InlineData("php_flag[display_errors] = Off\n", "Off")] // booleans kept as written
    [InlineData("x = yes ; comment\n", "yes")]
    [InlineData("x = \"\"\n", "")]
    [InlineData("x =", "")]
    public void Values_read_as_php_reads_them(string line, string expected)
    {
        Assert.Equal(expected, Value(line));
    }

    [Fact]
    public void A_value_is_quoted_only_when_it_is_one_quoted_string()
    {
        Assert.True(Entry("x = 'y'\n").IsQuoted);
        Assert.Equal(TokenKind.QuotedString, Entry("x = \"y\"\n").ValueToken!.Value.Kind);
        Assert.False(Entry("x = \"y\"z\n").IsQuoted);
    }

    [Fact]
    public void A_key_with_no_value_reads_the_empty_string()
    {
        var entry = Entry("listen.allowed_clients =   ; none\n");
        Assert.Null(entry.ValueToken);
        Assert.Equal("", entry.Value);
        Assert.Equal(entry.EqualsSign, entry.LastToken);
    }

    [Fact]
    public void Include_is_an_ordinary_entry()
    {
        var file = File("[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n");
        var include = Assert.Single(file.Sections[0].Entries);
        Assert.Equal(("include", "/etc/php/8.2/fpm/pool.d/*.conf"), (include.Key, include.Value));
    }

    [Fact]
    public void An_entry_may_follow_a_section_header_on_its_line()
    {
        var www = File("[www] listen = /run/a.sock\n").Sections[0];
        Assert.Equal("/run/a.sock", Assert.Single(www.Entries).Value);
    }

    [Fact]
    public void A_lone_carriage_return_ends_a_line_as_in_php()
    {
        var file = File("a = 1\rb = 2\r\n; c\rd = 3\n");
        Assert.Equal(["a", "b", "d"], file.Entries.Select(e => e.Key));
        Assert.Equal(["1", "2", "3"], file.Entries.Select(e => e.Value));
        var comment = file.Entries[2].KeyToken.LeadingTrivia.Single(t => t.Kind == TriviaKind.Comment);
        Assert.Equal("; c", file.Tree.Source.ToString(comment.Span));
    }

    [Fact]
    public void A_byte_order_mark_may_start_any_line()
    {
        var file = File("\uFEFF[global]\n\uFEFFpid = /run/a.pid\n");
        Assert.Equal("pid", file.Sections[0].Entries[0].Key);
        var kinds = file.Sections[0].Entries[0].KeyToken.LeadingTrivia.Select(t => t.Kind);
        Assert.Equal([TriviaKind.ByteOrderMark], kinds);
    }

    [Fact]
    public void Tab_indented_section_headers_are_sections()
    {
        Assert.Equal("www", File("\t[www]\n").Sections[0].Name);
        Assert.Equal("www", File("\t  [www]\n").Sections[0].Name);
    }

    [Theory]
    [InlineData("[global]\r\npid = /run/a.pid\r\n\r\n[www]\r\n\tlisten = /run/a.sock\t\r\n")]
    [InlineData("\uFEFF[www]\nuser = www-data")]
    [InlineData("[www]\nlisten =")]
    [InlineData("listen = x   ")]
    [InlineData("")]
    [InlineData("   \n\n\t\n")]
    [InlineData("; only a comment")]
    [InlineData(";a\r\n;b\r\n")]
    [InlineData("a = \"x\"  ;c\n[b]  \n")]
    [InlineData("a = 1\r")]
    public void Printing_the_tree_gives_back_the_text(string text)
    {
        RoundTrip(ConfigKind.PhpFpm, text);
    }

    [Fact]
    public void Invalid_utf8_and_a_bom_round_trip_byte_for_byte()
    {
        AssertRoundTripBytes(ConfigKind.PhpFpm, [0x61, 0x20, 0x3D, 0x20, 0xFF, 0xFE, 0x0A]);
        AssertRoundTripBytes(ConfigKind.PhpFpm, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("[www]\r\nenv[NAME] = caf\u00e9\r\n")]);
    }

    [Theory]
    [InlineData("[www\nlisten = x\n", 1, 5, "expected ']' to close the section name")]
    [InlineData("[www", 1, 5, "unexpected end of file: expected ']' to close the section name")]
    [InlineData("[w;w]\n", 1, 3, "expected ']' to close the section name")]
    [InlineData(" [www]\n", 1, 1, "spaces before '[' make PHP read this line as an array key with an empty name, not a section: remove them")]
    [InlineData("[www]\nlisten\n", 2, 7, "expected '=' after 'listen'")]
    [InlineData("[www]\nlisten ; x\n", 2, 8, "expected '=' after 'listen'")]
    [InlineData("listen", 1, 7, "unexpected end of file: expected '=' after 'listen'")]
    [InlineData("listen /run/a.sock\n", 1, 19, "expected '=' after 'listen /run/a.sock'")]
    [InlineData("[www] x\n", 1, 8, "expected '=' after 'x'")]
    [InlineData("a$b = 1\n", 1, 2, "unexpected '$' after 'a': expected '='")]
    [InlineData("php_value[x] y = 1\n", 1, 14, "unexpected 'y' after 'php_value[x]': expected '='")]
    [InlineData("env[PATH = x\n", 1, 13, "expected ']' to close 'env['")]
    [InlineData("# listen = x\n", 1, 1, "'#' does not start a comment in PHP-FPM configuration files (PHP 7 dropped it): use ';'")]
    [InlineData("= x\n", 1, 1, "expected a key before '='")]
    [InlineData("(x = 1\n", 1, 1, "unexpected '(': expected a key or a '[section]'")]
    [InlineData("yes = 1\n", 1, 1, "'yes' cannot be a key: PHP's INI scanner reads it as a boolean")]
    [InlineData("listen = \"/run/a.sock\n", 1, 10, "unterminated string: expected a closing '\"' before the end of the line")]
    [InlineData("listen = '/run/a.sock\n", 1, 10, "unterminated string: expected a closing \"'\" before the end of the line")]
    [InlineData("ping.response = it's\n", 1, 19, "unterminated string: expected a closing \"'\" before the end of the line (PHP-FPM would silently ignore the rest of the line)")]
    [InlineData("listen = ''\n", 1, 10, "empty single-quoted string: PHP's INI scanner rejects ''; write \"\" instead")]
    [InlineData("ping.response = a=b\n", 1, 18, "unexpected '=' in the value of 'ping.response': quote the value to use '='")]
    [InlineData("ping.response = pong (ok)\n", 1, 22, "unexpected '(' in the value of 'ping.response': outside quotes PHP reads & | ^ ~ ! ( ) as an expression; quote the value")]
    [InlineData("ping.response = say yes\n", 1, 21, "unexpected 'yes' in the value of 'ping.response': outside quotes PHP reads it as a boolean; quote the value")]
    [InlineData("x = (E_ALL\n", 1, 11, "expected ')' to close '(' in the value of 'x'")]
    [InlineData("x = E_ALL &\n", 1, 12, "expected a value after '&' in the value of 'x'")]
    [InlineData("x = (a) b\n", 1, 9, "unexpected 'b' after ')' in the value of 'x'; quote the value")]
    [InlineData("env[A] = ${HOME\n", 1, 16, "expected '}' to close '${'")]
    [InlineData("env[A] = ${}\n", 1, 12, "expected a variable name after '${'")]
    [InlineData("x = a\0b\n", 1, 6, "unexpected NUL byte")]
    public void Errors_name_the_line_column_and_what_was_expected(string text, int line, int column, string message)
    {
        AssertSyntaxError(ConfigKind.PhpFpm, text, line, column, message);
    }

    [Fact]
    public void Deeply_nested_parentheses_give_an_error_not_a_crash()
    {
        var text = "x = " + new string('(', 10_000) + "a" + new string(')', 10_000) + "\n";
        var error = ParseError(ConfigKind.PhpFpm, text);
        Assert.Equal("parentheses nested deeper than 100 levels in the value of 'x'", error.Message);
        Assert.Equal(new LinePosition(1, 105), error.LinePosition);
        Assert.Equal("((a))", Value("x = ((a))\n"));
    }

    [Fact]
    public void Ten_thousand_sections_and_a_megabyte_value_parse()
    {
        var sections = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"[pool{i}]\nlisten = /run/{i}.sock\n"));
        Assert.Equal(10_000, File(sections).Sections.Count);
        var long1 = new string('v', 1 << 20);
        Assert.Equal(long1, Value("x = " + long1 + "\n"));
    }

    [Fact]
    public void Json_puts_comments_in_the_section_open_where_they_stand()
    {
        var tree = RoundTrip(ConfigKind.PhpFpm, "; top\npid = /run/a.pid ; p\n[global] ; g\n; before www\n[www]\nlisten = \"/run/a.sock\"\n; tail\n");
        var json = new PhpFpmJsonWriter().Write(tree);
        Assert.Equal("""
            [
              {
                "comment": " top",
                "line": 1
              },
              {
                "key": "pid",
                "line": 2,
                "value": "/run/a.pid"
              },
              {
                "comment": " p",
                "line": 2
              },
              {
                "section": "global",
                "line": 3,
                "entries": [
                  {
                    "comment": " g",
                    "line": 3
                  },
                  {
                    "comment": " before www",
                    "line": 4
                  }
                ]
              },
              {
                "section": "www",
                "line": 5,
                "entries": [
                  {
                    "key": "listen",
                    "line": 6,
                    "value": "/run/a.sock"
                  },
                  {
                    "comment": " tail",
                    "line": 7
                  }
                ]
              }
            ]

            """.ReplaceLineEndings("\n"), json);
    }

    [Fact]
    public void Binary_input_is_an_error_or_a_tree_never_a_crash()
    {
        var random = new Random(502);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            if (i % 3 == 0)
            {
                // Lines of the characters that matter reach deeper into the grammar than raw noise.
                const string alphabet = "ab =[]\"';$\n\r\t{}()&!#\\x\0";
                for (var j = 0; j < bytes.Length; j++)
                {
                    bytes[j] = (byte)alphabet[bytes[j] % alphabet.Length];
                }
            }

            var source = SourceText.FromBytes("blob", bytes);
            var result = ConfigParser.Parse(source, ConfigKind.PhpFpm);
            if (result.Success)
            {
                Assert.Equal(bytes, result.Tree!.ToBytes());
                _ = new PhpFpmJsonWriter().Write(result.Tree);
            }
            else
            {
                Assert.InRange(result.Error!.Position, 0, source.Length);
            }
        }
    }
}
