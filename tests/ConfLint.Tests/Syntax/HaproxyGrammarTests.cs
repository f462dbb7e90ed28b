using System.Text;
using ConfLint.Reporting.Trees;
using ConfLint.Syntax;
using ConfLint.Syntax.Haproxy;
using ConfLint.Text;
using static ConfLint.Tests.Support.Parsing;

namespace ConfLint.Tests.Syntax;

/// <summary>The HAProxy grammar, against what HAProxy 2.6.12's <c>parse_line</c> and <c>readcfgfile</c> do (each case
/// below was checked with <c>haproxy -c</c>; the differential test keeps checking the validator on top of it).</summary>
public class HaproxyGrammarTests
{
    private static HaproxyConfigFile File(string text) => (HaproxyConfigFile)RoundTrip(ConfigKind.Haproxy, text).Root;

    private static string[] Words(string line)
    {
        var parsed = File("global\n" + line + "\n").Sections[0].Lines[0];
        return [parsed.Name, .. parsed.Args];
    }

    [Fact]
    public void Lines_group_into_sections_until_the_next_section_keyword()
    {
        var file = File("global\n    maxconn 100\n\ndefaults\n    mode http\n    timeout server 30s\nfrontend web\n    bind :80\n    default_backend app\nbackend app\n    server s1 127.0.0.1:8000 check\n");
        Assert.Empty(file.Lines);
        Assert.Equal(["global", "defaults", "frontend", "backend"], file.Sections.Select(s => s.Kind));
        Assert.Equal([null, null, "web", "app"], file.Sections.Select(s => s.Name));
        var backend = file.Sections[3];
        var server = Assert.Single(backend.Lines);
        Assert.Equal("server", server.Name);
        Assert.Equal(["s1", "127.0.0.1:8000", "check"], server.Args);
        Assert.Same(backend, server.Section);
        Assert.Same(backend, backend.Header.Section);
        Assert.Equal(new LinePosition(11, 5), server.Position);
        Assert.Equal(["server", "30s"], file.Sections[1].Lines[1].Args);
        Assert.Equal("backend 'app'", backend.Describe());
        Assert.Equal(10, file.AllLines().Count());
    }

    [Fact]
    public void Every_section_keyword_of_haproxy_2_6_opens_a_section()
    {
        foreach (var keyword in HaproxySections.All)
        {
            var file = File($"{keyword} x\n    something 1\n");
            Assert.Equal(keyword, Assert.Single(file.Sections).Kind);
        }

        // "default" (a modifier) is not "defaults"; a keyword before any section stays at the top.
        var top = File("maxconn 10\ndefault option httplog\n");
        Assert.Equal(2, top.Lines.Count);
        Assert.Empty(top.Sections);
    }

    [Fact]
    public void A_hash_starts_a_comment_anywhere_outside_quotes_even_inside_a_word()
    {
        Assert.Equal(["log-tag", "abc"], Words("log-tag abc#def"));
        Assert.Equal(["log-tag", "a#b"], Words("log-tag \"a#b\""));
        Assert.Equal(["log-tag", "a#b"], Words("log-tag 'a#b'"));
        Assert.Equal(["log-tag", "a#b"], Words("log-tag a\\#b"));
        Assert.Equal(["log-tag", "x"], Words("log-tag x # a comment"));
    }

    [Fact]
    public void Quotes_open_and_close_anywhere_in_a_word()
    {
        Assert.Equal(["description", "ab cd"], Words("description a\"b c\"d"));
        Assert.Equal(["description", "it's here"], Words("description \"it's here\""));
        Assert.Equal(["description", "say \"hi\""], Words("description 'say \"hi\"'"));
        Assert.Equal(["description", ""], Words("description \"\""));
        var line = File("global\n  description \"a b\" 'c' d\"e\"\n").Sections[0].Lines[0];
        Assert.Equal([TokenKind.QuotedString, TokenKind.QuotedString, TokenKind.Word], line.Arguments.Select(a => a.Kind));
    }

    [Fact]
    public void Backslashes_escape_what_parse_line_escapes_and_stay_elsewhere()
    {
        Assert.Equal(["description", "a b"], Words("description a\\ b"));
        Assert.Equal(["description", "a\\b"], Words("description a\\\\b"));
        Assert.Equal(["description", "a\tb\nc\rd"], Words("description a\\tb\\nc\\rd"));
        Assert.Equal(["description", "\"'"], Words("description \\\"\\'"));
        Assert.Equal(["description", "AB"], Words("description \\x41\\x42"));
        Assert.Equal(["description", "a\\.b"], Words("description a\\.b"));
        Assert.Equal(["description", "a\\.b"], Words("description 'a\\.b'"));
        Assert.Equal(["description", "$1"], Words("description \"\\$1\""));
        Assert.Equal(["description", "\\$1"], Words("description \\$1"));
    }

    [Fact]
    public void A_backslash_before_the_line_break_is_no_continuation()
    {
        // haproxy -c: "'bind 127.0.0.1:8000' in section 'frontend': unknown keyword '\'", then "unknown keyword 'name'".
        var file = File("frontend f\n  bind 127.0.0.1:8000 \\\n  name x\n");
        var lines = file.Sections[0].Lines;
        Assert.Equal(2, lines.Count);
        Assert.Equal(["127.0.0.1:8000", "\\"], lines[0].Args);
        Assert.Equal("name", lines[1].Name);
    }

    [Fact]
    public void Environment_variables_are_read_inside_double_quotes_only_and_kept_as_written()
    {
        Assert.Equal(["description", "${HOST}:${PORT-80}"], Words("description \"${HOST}:${PORT-80}\""));
        Assert.Equal(["description", "$HOME"], Words("description $HOME"));
        Assert.Equal(["description", "$HOME"], Words("description '$HOME'"));
        var token = File("global\n  description \"$HOME\" $HOME\n").Sections[0].Lines[0].Arguments;
        Assert.True(HaproxyText.HasVariable(token[0]));
        Assert.False(HaproxyText.HasVariable(token[1]));
        var environment = new Dictionary<string, string> { ["PORT"] = "8080" };
        Assert.Equal("127.0.0.1:8080", HaproxyText.Expand("\"127.0.0.1:${PORT}\"", environment, out var unknown));
        Assert.False(unknown);
        Assert.Equal("127.0.0.1:80", HaproxyText.Expand("\"127.0.0.1:${HTTP-80}\"", environment, out unknown));
        Assert.False(unknown);
        Assert.Equal("127.0.0.1:", HaproxyText.Expand("\"127.0.0.1:$HTTP\"", environment, out unknown));
        Assert.True(unknown);
    }

    [Fact]
    public void A_cr_right_after_a_word_ends_the_line_and_hides_the_rest()
    {
        // haproxy -c accepts "bind 127.0.0.1:8000\r  garbage here": the CR ends parse_line.
        var file = File("frontend f\n  bind 127.0.0.1:8000\r  garbage here\n  default_backend b\n");
        var lines = file.Sections[0].Lines;
        Assert.Equal(["bind", "default_backend"], lines.Select(l => l.Name));
        Assert.Equal(["127.0.0.1:8000"], lines[0].Args);

        // After a blank, isspace() skips the CR and the words go on.
        Assert.Equal(["description", "a", "b"], Words("description a \rb"));
    }

    [Fact]
    public void Crlf_lines_tabs_and_blank_lines_round_trip()
    {
        var file = File("global\r\n\tmaxconn 10\r\n\r\n# c\r\ndefaults\r\n\tmode http \r\n");
        Assert.Equal(["10"], file.Sections[0].Lines[0].Args);
        Assert.Equal(["http"], file.Sections[1].Lines[0].Args);
    }

    [Fact]
    public void Modifiers_no_and_default_come_before_the_keyword()
    {
        var line = File("defaults\n  no option httplog\n").Sections[0].Lines[0];
        Assert.Equal("no", line.Modifier);
        Assert.Equal("option", line.Keyword);
        Assert.Equal(["httplog"], line.KeywordArgs);
        Assert.Equal("option", line.EffectiveKeywordToken.Text);
        var plain = File("defaults\n  option httplog\n").Sections[0].Lines[0];
        Assert.Null(plain.Modifier);
        Assert.Equal("option", plain.Keyword);
    }

    [Fact]
    public void Scope_lines_are_one_token()
    {
        var file = File("[scope-1] # note\nglobal\n  maxconn 1\n");
        var scope = Assert.Single(file.Lines);
        Assert.True(scope.IsScope);
        Assert.Equal("[scope-1]", scope.KeywordToken.Text);
        Assert.Empty(scope.Args);
    }

    [Theory]
    [InlineData("global\n  description \"abc\n", 2, 15, "unmatched quote")]
    [InlineData("global\n  description 'a\" b\n", 2, 15, "unmatched quote")]
    [InlineData("global\n  description \"a\rb\"\n", 2, 15, "unmatched quote")]
    [InlineData("global\n  description \\xZZ\n", 2, 15, "truncated or invalid hexadecimal sequence")]
    [InlineData("global\n  description \"$1\"\n", 2, 17, "forbidden first char in environment variable name")]
    [InlineData("global\n  description \"${.FOO}\"\n", 2, 18, "forbidden first char in environment variable name")]
    [InlineData("global\n  description \"${PORT\"\n", 2, 17, "unmatched brace in environment variable name")]
    [InlineData("global\n  description \"${PORT[x]}\"\n", 2, 22, "truncated or invalid word expansion sequence")]
    [InlineData("[]\n", 1, 1, "empty scope name is forbidden")]
    [InlineData("[a b]\n", 1, 3, "character ' ' is not permitted in a scope name")]
    [InlineData("[ab] x\n", 1, 6, "character 'x' is not permitted after scope declaration")]
    [InlineData("global\n  maxconn 1\0\n", 2, 12, "stray NUL character")]
    public void What_parse_line_refuses_is_a_syntax_error_where_haproxy_points(string text, int line, int column, string message) =>
        AssertSyntaxError(ConfigKind.Haproxy, text, line, column, message);

    [Fact]
    public void Pseudo_variables_and_word_expansion_are_words()
    {
        Assert.Equal(["description", "${.LINE}"], Words("description \"${.LINE}\""));
        Assert.Equal(["description", "${ADDRS[*]}"], Words("description \"${ADDRS[*]}\""));
    }

    [Fact]
    public void A_file_without_a_final_line_break_a_bom_and_an_empty_file_round_trip()
    {
        Assert.Equal("maxconn", File("global\n  maxconn 1").Sections[0].Lines[0].Name);
        AssertRoundTripBytes(ConfigKind.Haproxy, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("global\n  maxconn 1\n")]);
        Assert.Empty(File(string.Empty).Sections);
        Assert.Empty(File("# only a comment\n\n").Sections);
    }

    [Fact]
    public void Quote_writes_values_haproxy_reads_back_unchanged()
    {
        foreach (var value in new[] { "127.0.0.1:8000", "a b", "it's", "a#b", "say \"x\" $HOME \\", "" })
        {
            var quoted = HaproxyText.Quote(value);
            Assert.Equal(["description", value], Words("description " + quoted));
        }

        Assert.Equal("127.0.0.1:8000", HaproxyText.Quote("127.0.0.1:8000"));
        Assert.Throws<ArgumentException>(() => HaproxyText.Quote("a\nb"));
    }

    [Fact]
    public void Json_lists_sections_with_blocks_and_comments_where_they_stand()
    {
        var tree = Parse(ConfigKind.Haproxy, "# top\nglobal # g\n  maxconn 10 # m\nbackend app\n  no option httplog\n# end\n");
        var json = new HaproxyJsonWriter().Write(tree);
        Assert.Contains("\"comment\": \" top\"", json);
        Assert.Contains("\"comment\": \" g\"", json);
        Assert.Contains("\"comment\": \" m\"", json);
        Assert.Contains("\"directive\": \"no\"", json);
        Assert.Contains("\"block\"", json);
        Assert.True(json.IndexOf(" end", StringComparison.Ordinal) > json.IndexOf("httplog", StringComparison.Ordinal));
    }

    [Fact]
    public void Random_bytes_never_crash_the_grammar() =>
        AssertRandomBytesNeverCrash(ConfigKind.Haproxy, "a \t\n\r#\"'\\$x{}[]-.*global backend");
}
