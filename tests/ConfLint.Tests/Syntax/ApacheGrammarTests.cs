using System.Text;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Reporting.Trees;
using ConfLint.Text;
using static ConfLint.Tests.Support.Parsing;

namespace ConfLint.Tests.Syntax;

public class ApacheGrammarTests
{
    private static ApacheConfigFile File(string text) => (ApacheConfigFile)RoundTrip(ConfigKind.Apache, text).Root;

    private static string[] Args(string text, int index = 0) => File(text).Items[index].Args.ToArray();

    [Fact]
    public void Directives_and_sections_nest_in_document_order()
    {
        var file = File("Listen 80\n<VirtualHost *:80>\n    ServerName a.example\n    <Directory /var/www/>\n        Require all granted\n    </Directory>\n</VirtualHost>\n");
        Assert.Equal(["Listen", "VirtualHost"], file.Items.Select(i => i.Name));
        Assert.IsType<ApacheDirective>(file.Items[0]);
        var vhost = Assert.IsType<ApacheSection>(file.Items[1]);
        Assert.Equal(["*:80"], vhost.Args);
        Assert.Equal(["ServerName", "Directory"], vhost.Items.Select(i => i.Name));
        var directory = Assert.IsType<ApacheSection>(vhost.Items[1]);
        Assert.Equal(["/var/www/"], directory.Args);
        var require = Assert.Single(directory.Items);
        Assert.Same(directory, require.ParentSection);
        Assert.Same(vhost, directory.ParentSection);
        Assert.Null(vhost.ParentSection);
        Assert.Equal(new LinePosition(5, 9), require.Position);
        Assert.Equal(new LinePosition(4, 5), directory.Position);
        Assert.Equal(new LinePosition(4, 6), directory.NameToken.Position);
        Assert.Equal(new LinePosition(6, 7), directory.CloseNameToken.Position);
        Assert.Equal(["Listen", "VirtualHost", "ServerName", "Directory", "Require"], file.DescendantItems().Select(i => i.Name));
    }

    [Fact]
    public void Section_tags_are_split_into_their_marks_name_and_arguments()
    {
        var section = (ApacheSection)File("<Proxy balancer://app>\n</Proxy>\n").Items[0];
        Assert.Equal("<", section.LessThanToken.Text);
        Assert.Equal("Proxy", section.NameToken.Text);
        Assert.Equal("balancer://app", Assert.Single(section.Arguments).Text);
        Assert.Equal(">", section.GreaterThanToken.Text);
        Assert.Equal("</", section.LessThanSlashToken.Text);
        Assert.Equal("Proxy", section.CloseNameToken.Text);
        Assert.Equal(">", section.CloseGreaterThanToken.Text);
        Assert.Empty(section.Items);
    }

    [Fact]
    public void Names_keep_their_case_and_match_ignoring_it()
    {
        var file = File("<virtualhost *:80>\nservername a\n</VIRTUALHOST>\n");
        var section = (ApacheSection)file.Items[0];
        Assert.Equal("virtualhost", section.Name);
        Assert.True(section.IsNamed("VirtualHost"));
        Assert.True(section.Items[0].IsNamed("ServerName"));
        Assert.False(section.Items[0].IsNamed("ServerAlias"));
    }

    [Fact]
    public void A_hash_starts_a_comment_only_as_the_first_character_of_a_line()
    {
        var file = File("  # indented comment\nHeader set X-A a#b # not a comment\n");
        var header = Assert.Single(file.Items);
        Assert.Equal(["set", "X-A", "a#b", "#", "not", "a", "comment"], header.Args);
        Assert.Equal([TriviaKind.Whitespace, TriviaKind.Comment, TriviaKind.EndOfLine], header.NameToken.LeadingTrivia.Select(t => t.Kind));
    }

    [Fact]
    public void Quoted_words_lose_their_quotes_and_their_escapes()
    {
        Assert.Equal(["a b", "it's", "b\\.c", "say \"hi\"", "a\\b", "x\\y"], Args("Foo \"a b\" 'it\\'s' \"b\\.c\" \"say \\\"hi\\\"\" \"a\\\\b\" x\\\\y\n"));
        Assert.Equal(["a\\\"b"], Args("Foo 'a\\\"b'\n"));
    }

    [Fact]
    public void Quotes_split_words_only_where_a_word_starts_with_one()
    {
        Assert.Equal(["abc", "def"], Args("Foo \"abc\"def\n"));
        Assert.Equal(["a\"b", "c\""], Args("Foo a\"b c\"\n"));
        var tokens = File("Foo \"abc\"def\n").Items[0].Arguments;
        Assert.Equal(tokens[0].End, tokens[1].Start);
    }

    [Fact]
    public void An_unclosed_quote_runs_to_the_end_of_the_line_as_httpd_accepts_it()
    {
        var file = File("Header set X-A \"abc def   \nListen 80\n");
        Assert.Equal(["set", "X-A", "abc def"], file.Items[0].Args);
        Assert.Equal("\"abc def", file.Items[0].Arguments[2].Text);
        Assert.Equal(["80"], file.Items[1].Args);
    }

    [Fact]
    public void A_continuation_between_words_is_trivia()
    {
        var file = File("ProxyHTMLEvents \\\n\tonclick ondblclick \\\n\tonmouseup\nListen 80\n");
        Assert.Equal(["onclick", "ondblclick", "onmouseup"], file.Items[0].Args);
        Assert.Equal(2, file.Items.Count);
        var trailing = file.Items[0].NameToken.TrailingTrivia;
        Assert.Equal([TriviaKind.Whitespace, TriviaKind.LineContinuation, TriviaKind.Whitespace], trailing.Select(t => t.Kind));
        Assert.Equal(new LinePosition(3, 2), file.Items[0].Arguments[2].Position);
    }

    [Fact]
    public void A_continuation_inside_a_word_joins_it_as_httpd_removes_only_the_backslash_and_line_break()
    {
        var file = File("Require\\\nAll granted\nOptions Indexes\\\r\nFollowSymLinks\nHeader set X \"a \\\n b\"\n");
        Assert.Equal("RequireAll", file.Items[0].Name);
        Assert.Equal(["granted"], file.Items[0].Args);
        Assert.Equal(["IndexesFollowSymLinks"], file.Items[1].Args);
        Assert.Equal(["set", "X", "a  b"], file.Items[2].Args);
    }

    [Fact]
    public void A_backslash_is_a_continuation_only_right_before_the_line_break()
    {
        var file = File("Header set X-A a \\ \nListen 80\nFoo a\\\\\nb\n");
        Assert.Equal(["set", "X-A", "a", "\\"], file.Items[0].Args);
        Assert.Equal("Listen", file.Items[1].Name);
        Assert.Equal(["a\\b"], file.Items[2].Args);
    }

    [Fact]
    public void A_comment_that_ends_in_a_backslash_takes_the_next_line_with_it()
    {
        var file = File("# ServerAlias \\\nServerAlias hidden.example\nServerAlias shown.example\n");
        var item = Assert.Single(file.Items);
        Assert.Equal(["shown.example"], item.Args);
        var comment = Assert.Single(item.NameToken.LeadingTrivia, t => t.Kind == TriviaKind.Comment);
        Assert.Equal("# ServerAlias \\\nServerAlias hidden.example", file.Tree.Source.ToString(comment.Span));
    }

    [Fact]
    public void A_continued_line_can_begin_with_a_hash_that_is_an_argument()
    {
        Assert.Equal(["#", "x"], Args("Foo \\\n# x\n"));
    }

    [Fact]
    public void The_open_tag_ends_at_the_last_greater_than_of_its_line()
    {
        var file = File("<If \"%{HTTP_HOST} =~ m#a>b#\">\n</If>\n<FilesMatch \"\\.php$\">\n</FilesMatch>\n<Else>\n</Else>\n");
        Assert.Equal(["%{HTTP_HOST} =~ m#a>b#"], file.Items[0].Args);
        Assert.Equal(["\\.php$"], file.Items[1].Args);
        Assert.Empty(file.Items[2].Args);
    }

    [Fact]
    public void An_open_tag_may_span_continued_lines()
    {
        var section = (ApacheSection)File("<VirtualHost 10.0.0.1:80 \\\n             10.0.0.2:80>\n</VirtualHost>\n").Items[0];
        Assert.Equal(["10.0.0.1:80", "10.0.0.2:80"], section.Args);
        Assert.Equal(new LinePosition(2, 25), section.GreaterThanToken.Position);
    }

    [Fact]
    public void Text_httpd_ignores_after_a_tag_is_trivia_and_a_hash_there_is_a_json_comment()
    {
        var tree = RoundTrip(ConfigKind.Apache, "<Directory /srv> # the app\n</Directory> done\n");
        var section = (ApacheSection)((ApacheConfigFile)tree.Root).Items[0];
        Assert.Equal(["/srv"], section.Args);
        Assert.Equal([TriviaKind.Whitespace, TriviaKind.Comment, TriviaKind.EndOfLine], section.GreaterThanToken.TrailingTrivia.Select(t => t.Kind));
        Assert.Equal([TriviaKind.Whitespace, TriviaKind.Comment, TriviaKind.EndOfLine], section.CloseGreaterThanToken.TrailingTrivia.Select(t => t.Kind));
        var json = new ApacheJsonWriter().Write(tree);
        Assert.Contains("\"comment\": \" the app\"", json);
        Assert.DoesNotContain("done", json);
    }

    [Fact]
    public void Variables_stay_as_written()
    {
        Assert.Equal(["${APACHE_LOG_DIR}/error.log"], Args("ErrorLog ${APACHE_LOG_DIR}/error.log\n"));
        Assert.Equal(["${DOCROOT}"], File("<Directory ${DOCROOT}>\n</Directory>\n").Items[0].Args);
    }

    [Fact]
    public void Json_lists_sections_with_blocks_and_comments_where_they_stand()
    {
        var tree = RoundTrip(ConfigKind.Apache, "# top\n<VirtualHost *:80>\n  SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n  # inner\n</VirtualHost>\n# tail\n");
        const string expected = """
            [
              {
                "directive": "#",
                "line": 1,
                "args": [],
                "comment": " top"
              },
              {
                "directive": "VirtualHost",
                "line": 2,
                "args": [
                  "*:80"
                ],
                "block": [
                  {
                    "directive": "SetHandler",
                    "line": 3,
                    "args": [
                      "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"
                    ]
                  },
                  {
                    "directive": "#",
                    "line": 4,
                    "args": [],
                    "comment": " inner"
                  }
                ]
              },
              {
                "directive": "#",
                "line": 6,
                "args": [],
                "comment": " tail"
              }
            ]

            """;
        Assert.Equal(expected, new ApacheJsonWriter().Write(tree));
    }

    [Theory]
    [InlineData("Listen 80\r\n<Directory />\r\n\tRequire all denied  \r\n</Directory>\r\n")]
    [InlineData("\uFEFFListen 80\n")]
    [InlineData("Listen 80\n  # trailing comment without newline")]
    [InlineData("Listen 80")]
    [InlineData("")]
    [InlineData("   \n\n\t\n")]
    [InlineData("# only a comment\n")]
    [InlineData("Listen 80\\\n")]
    [InlineData("Listen 80 \\")]
    [InlineData("# comment \\\n")]
    [InlineData("\\\n\\\nListen 80\n")]
    [InlineData("<a>\n</A> ignored\n")]
    [InlineData("Listen\r80\n")]
    public void Printing_the_tree_gives_back_the_text(string text)
    {
        RoundTrip(ConfigKind.Apache, text);
    }

    [Fact]
    public void Invalid_utf8_and_a_bom_round_trip_byte_for_byte()
    {
        AssertRoundTripBytes(ConfigKind.Apache, [0x41, 0x20, 0xFF, 0xFE, 0x0A]);
        AssertRoundTripBytes(ConfigKind.Apache, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("ServerName caf\u00e9.example\r\n")]);
    }

    [Theory]
    [InlineData("<VirtualHost *:80>\n  <Directory /x>\n  </Directory>\n</Directory>\n", 4, 1, "expected </VirtualHost> but saw </Directory>")]
    [InlineData("Listen 80\n</Directory>\n", 2, 1, "</Directory> without matching <Directory> section")]
    [InlineData("<VirtualHost *:80>\n  <Location /a>\n    ProxyPass http://b/\n", 4, 1, "unexpected end of file: expected </Location> to close the section opened at 2:3")]
    [InlineData("<VirtualHost *:80>\n\n# end\n", 4, 1, "unexpected end of file: expected </VirtualHost> to close the section opened at 1:1")]
    [InlineData("<VirtualHost *:80  \nServerName a\n</VirtualHost>\n", 1, 18, "expected '>' to close '<VirtualHost'")]
    [InlineData("<Directory /tmp>\n</Directory >\n", 2, 12, "expected '>' to close '</Directory'")]
    [InlineData("< VirtualHost *:80>\n", 1, 2, "expected a section name after '<'")]
    [InlineData("<Directory />\n</>\n", 2, 3, "expected a section name after '</'")]
    public void Errors_name_the_line_column_and_what_was_expected(string text, int line, int column, string message)
    {
        var error = ParseError(ConfigKind.Apache, text, "sites-enabled/shop.conf");
        Assert.Equal(message, error.Message);
        Assert.Equal(new LinePosition(line, column), error.LinePosition);
        Assert.StartsWith($"sites-enabled/shop.conf:{line}:{column}: ", error.ToString());
    }

    [Theory]
    [InlineData("<If \"true\">\n</If>\n<Else\n  Require all denied\n</Else>\n")]
    [InlineData("<Else  \r\n</Else>\r\n")]
    public void A_section_name_alone_on_its_line_is_read_as_if_closed_by_a_greater_than(string text)
    {
        // ap_build_config_sub gives "<Name" with nothing after it the arguments ">": httpd takes "<Else" as "<Else>".
        var file = File(text);
        var section = Assert.IsType<ApacheSection>(file.Items[^1]);
        Assert.Equal("Else", section.Name);
        Assert.Empty(section.Args);
        Assert.Equal(section.GreaterThanToken.Start, section.GreaterThanToken.End);
    }

    [Fact]
    public void Ten_thousand_nested_sections_give_a_depth_error_not_a_crash()
    {
        var text = string.Concat(Enumerable.Repeat("<a>\n", 10_000)) + string.Concat(Enumerable.Repeat("</a>\n", 10_000));
        var error = ParseError(ConfigKind.Apache, text);
        Assert.Equal("sections nested deeper than 100 levels", error.Message);
        Assert.Equal(new LinePosition(101, 3), error.LinePosition);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var text = string.Concat(Enumerable.Repeat("<a>\n", 100)) + string.Concat(Enumerable.Repeat("</a>\n", 100));
        RoundTrip(ConfigKind.Apache, text);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("two words")]
    [InlineData("proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost")]
    [InlineData("\\.php$")]
    [InlineData("ends in \\")]
    [InlineData("a\\\\b")]
    [InlineData("say \"hi\" \\\" there")]
    [InlineData("'single'")]
    [InlineData("#hash")]
    [InlineData("")]
    public void Quoted_values_read_back_unchanged(string value)
    {
        var args = Args("Foo " + ApacheText.Quote(value) + "\n");
        Assert.Equal([value], args);
    }

    [Fact]
    public void Binary_input_is_an_error_or_a_tree_never_a_crash()
    {
        AssertRandomBytesNeverCrash(ConfigKind.Apache, marks: "<>/\\\n \"'#ab", count: 300);
    }

    [Fact]
    public void Every_apache_file_under_etc_apache2_parses_and_round_trips()
    {
        const string root = "/etc/apache2";
        Assert.SkipUnless(Directory.Exists(root), "no /etc/apache2 on this machine");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("envvars" or "magic"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            var bytes = System.IO.File.ReadAllBytes(path);
            var result = ConfigParser.Parse(SourceText.FromBytes(path, bytes), ConfigKind.Apache);
            Assert.True(result.Success, result.Error?.ToString());
            Assert.Equal(bytes, result.Tree!.ToBytes());
        }
    }
}
