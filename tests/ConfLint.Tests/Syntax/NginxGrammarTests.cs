using System.Text;
using ConfLint.Syntax;
using ConfLint.Reporting.Trees;
using ConfLint.Syntax.Nginx;
using ConfLint.Text;
using static ConfLint.Tests.Support.Parsing;

namespace ConfLint.Tests.Syntax;

public class NginxGrammarTests
{
    private static NginxConfigFile File(string text) => (NginxConfigFile)RoundTrip(ConfigKind.Nginx, text).Root;

    private static string[] Args(string text, int index = 0) => File(text).Directives[index].Args.ToArray();

    [Fact]
    public void Simple_and_block_directives_nest()
    {
        var file = File("user www-data;\nhttp {\n    server {\n        listen 80;\n    }\n}\n");
        Assert.Equal(["user", "http"], file.Directives.Select(d => d.Name));
        var server = Assert.Single(file.Directives[1].Block!.Directives);
        Assert.Equal("server", server.Name);
        var listen = Assert.Single(server.Block!.Directives);
        Assert.Equal(["80"], listen.Args);
        Assert.Same(server, listen.ParentDirective);
        Assert.Equal(new LinePosition(4, 9), listen.Position);
        Assert.Equal(new LinePosition(4, 16), listen.Arguments[0].Position);
    }

    [Fact]
    public void Quoted_strings_lose_their_quotes_and_only_their_own_escapes()
    {
        Assert.Equal(["a b", "it's", "b\\.c", "say \"hi\""], Args("set \"a b\" 'it\\'s' \"b\\.c\" \"say \\\"hi\\\"\";"));
        Assert.Equal(["a\\\"b"], Args("x 'a\\\"b';"));
    }

    [Fact]
    public void A_backslash_keeps_a_blank_inside_a_word()
    {
        Assert.Equal(["d\\ e", "f"], Args("x d\\ e f;"));
        Assert.Equal(["a\\;b"], Args("x a\\;b;"));
    }

    [Fact]
    public void Variables_in_both_spellings_stay_in_one_word()
    {
        Assert.Equal(["$host${request_uri}x", "${a}"], Args("return $host${request_uri}x ${a};"));
    }

    [Fact]
    public void A_hash_starts_a_comment_only_where_a_token_could_start()
    {
        var file = File("add_header X-A a#b; # real comment\n#another\nlisten 80;\n");
        Assert.Equal(["X-A", "a#b"], file.Directives[0].Args);
        Assert.Equal(2, file.Directives.Count);
        var trailing = file.Directives[0].Semicolon!.Value.TrailingTrivia;
        Assert.Equal([TriviaKind.Whitespace, TriviaKind.Comment, TriviaKind.EndOfLine], trailing.Select(t => t.Kind));
        var leading = file.Directives[1].NameToken.LeadingTrivia;
        Assert.Equal([TriviaKind.Comment, TriviaKind.EndOfLine], leading.Select(t => t.Kind));
    }

    [Fact]
    public void Regex_arguments_keep_their_backslashes_and_quoted_braces()
    {
        var file = File("location ~* \\.php$ { }\nlocation ~ \"^/(a{2})$\" { }\n");
        Assert.Equal(["~*", "\\.php$"], file.Directives[0].Args);
        Assert.Equal(["~", "^/(a{2})$"], file.Directives[1].Args);
    }

    [Fact]
    public void If_conditions_parse_and_json_drops_the_parentheses()
    {
        var file = File("if ($a ~ \"^x{2}$\") { return 403; }\nif ($request_method = POST) { }\n");
        Assert.Equal(["($a", "~", "^x{2}$", ")"], file.Directives[0].Args);
        Assert.Equal(["$a", "~", "^x{2}$"], NginxJsonWriter.JsonArgs(file.Directives[0]));
        Assert.Equal(["$request_method", "=", "POST"], NginxJsonWriter.JsonArgs(file.Directives[1]));
    }

    [Fact]
    public void Map_types_geo_and_split_clients_bodies_are_directives_of_any_name()
    {
        var file = File("""
            map $uri $new {
                default 0;
                "~^/old/(.*)" /new/$1;
                ~*\.jpg$ 1;
            }
            types { text/html html htm; }
            geo $country { 127.0.0.0/8 local; default zz; }
            split_clients "${remote_addr}AAA" $variant { 0.5% .one; * ""; }
            """);
        var map = file.Directives[0].Block!.Directives;
        Assert.Equal(["default", "~^/old/(.*)", "~*\\.jpg$"], map.Select(d => d.Name));
        Assert.Equal(["html", "htm"], file.Directives[1].Block!.Directives[0].Args);
        Assert.Equal("127.0.0.0/8", file.Directives[2].Block!.Directives[0].Name);
        Assert.Equal(["0.5%", "*"], file.Directives[3].Block!.Directives.Select(d => d.Name));
        Assert.Equal([""], file.Directives[3].Block!.Directives[1].Args);
    }

    [Fact]
    public void Lua_block_bodies_are_kept_as_raw_text_with_lua_braces_and_strings()
    {
        const string body = "\n    local t = { a = \"}\" } -- }\n    ngx.say([[}]], '{')\n";
        var file = File("content_by_lua_block {" + body + "}\nlisten 80;\n");
        var block = file.Directives[0].Block!;
        Assert.Equal(body, block.RawBody!.Value.Text);
        Assert.Empty(block.Directives);
        Assert.Equal("listen", file.Directives[1].Name);
    }

    [Theory]
    [InlineData("a;\r\nb {\r\n\tc  d ;  \r\n}\r\n")]
    [InlineData("\uFEFFuser nginx;\n")]
    [InlineData("a;\n  # trailing comment without newline")]
    [InlineData("a;")]
    [InlineData("")]
    [InlineData("   \n\n\t\n")]
    [InlineData("# only a comment\n")]
    [InlineData("a\n  b\n  ;  # end\n\n\n")]
    [InlineData("a{b{c;}}d;")]
    public void Printing_the_tree_gives_back_the_text(string text)
    {
        RoundTrip(ConfigKind.Nginx, text);
    }

    [Fact]
    public void Invalid_utf8_and_a_bom_round_trip_byte_for_byte()
    {
        AssertRoundTripBytes(ConfigKind.Nginx, [0x61, 0x20, 0xFF, 0xFE, 0x3B, 0x0A]);
        AssertRoundTripBytes(ConfigKind.Nginx, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("server_name caf\u00e9.example;\r\n")]);
    }

    [Theory]
    [InlineData("server {\n  location / {\n    proxy_pass http://app\n    }\n", 4, 5, "expected ';' or '{' after 'proxy_pass http://app'")]
    [InlineData("listen 80", 1, 10, "unexpected end of file: expected ';' or '{' after 'listen 80'")]
    [InlineData("http {\n  server {\n    listen 80;\n", 4, 1, "unexpected end of file: expected '}' to close the 'server' block opened at 2:10")]
    [InlineData("listen 80;\n}\n", 2, 1, "unexpected '}': no block is open here")]
    [InlineData("set $a \"abc;\n", 1, 8, "unterminated string: expected a closing \" before the end of the file")]
    [InlineData("return 200 \"ok\"x;", 1, 16, "unexpected 'x' after a quoted string: expected a space, ';' or '{'")]
    [InlineData("a;\n;\n", 2, 1, "unexpected ';': expected a directive name before it")]
    [InlineData("{ a; }", 1, 1, "unexpected '{': expected a directive name before the block")]
    [InlineData("content_by_lua_block {\n ngx.say('x')\n", 3, 1, "unexpected end of file: expected '}' to close the Lua block opened at 1:22")]
    public void Errors_name_the_line_column_and_what_was_expected(string text, int line, int column, string message)
    {
        var error = ParseError(ConfigKind.Nginx, text, "sites-enabled/shop");
        Assert.Equal(message, error.Message);
        Assert.Equal(new LinePosition(line, column), error.LinePosition);
        Assert.StartsWith($"sites-enabled/shop:{line}:{column}: ", error.ToString());
    }

    [Fact]
    public void Ten_thousand_nested_blocks_give_a_depth_error_not_a_crash()
    {
        var text = string.Concat(Enumerable.Repeat("a {", 10_000)) + string.Concat(Enumerable.Repeat("}", 10_000));
        var error = ParseError(ConfigKind.Nginx, text);
        Assert.Equal("blocks nested deeper than 100 levels", error.Message);
        Assert.Equal(new LinePosition(1, 303), error.LinePosition);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var text = string.Concat(Enumerable.Repeat("a {", 100)) + string.Concat(Enumerable.Repeat("}", 100));
        RoundTrip(ConfigKind.Nginx, text);
    }

    [Fact]
    public void Binary_input_is_an_error_or_a_tree_never_a_crash()
    {
        AssertRandomBytesNeverCrash(ConfigKind.Nginx);
    }
}
