using ConfLint.Text;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Text;

/// <summary>A compacted source (ASCII kept as bytes) answers every question as the string it came from did.</summary>
public class SourceTextCompactTests
{
    private const string Site = "server {\r\n\tlisten 80;  # conflint: ignore CL005 -- lab\r\n\tlocation / {\n\t\tproxy_pass http://app:8000;\n\t}\n}";

    [Fact]
    public void A_compacted_text_reads_the_same_as_the_string()
    {
        var plain = new SourceText("site.conf", Site);
        var compact = new SourceText("site.conf", Site);
        compact.Compact();

        Assert.Equal(plain.Length, compact.Length);
        for (var i = 0; i < Site.Length; i++)
        {
            Assert.Equal(plain[i], compact[i]);
        }

        Assert.Equal(plain.LineStarts, compact.LineStarts);
        Assert.Equal(plain.PreferredNewLine, compact.PreferredNewLine);
        foreach (var offset in new[] { 0, 9, 10, 30, Site.Length })
        {
            Assert.Equal(plain.GetLinePosition(offset), compact.GetLinePosition(offset));
        }

        for (var line = 1; line <= plain.LineCount; line++)
        {
            Assert.Equal(plain.GetLineText(line), compact.GetLineText(line));
        }

        var span = new TextSpan(Site.IndexOf("proxy_pass", StringComparison.Ordinal), "proxy_pass".Length);
        Assert.Equal("proxy_pass", compact.ToString(span));
        Assert.True(compact.SpanEquals(span, "proxy_pass"));
        Assert.False(compact.SpanEquals(span, "proxy_pasS"));
        Assert.Equal(plain.IndexOf("conflint:", 0), compact.IndexOf("conflint:", 0));
        Assert.Equal(-1, compact.IndexOf("conflint:", plain.IndexOf("conflint:", 0) + 1));
        Assert.Equal(plain.IndexOf('\n', 12), compact.IndexOf('\n', 12));
        Assert.Equal(-1, compact.IndexOf('é', 0));
        Assert.Equal(-1, compact.IndexOf("é", 0));
        Assert.Equal(plain.GetBytes(), compact.GetBytes());

        // The string is made again when asked for, equal to the original; the copy known by another name shares it.
        Assert.Equal(Site, compact.Text);
        Assert.Equal(Site, compact.WithFile(FileId.Named("other.conf")).Text);
    }

    [Fact]
    public void A_copy_of_a_compacted_text_stays_compacted_and_equal()
    {
        var compact = new SourceText("site.conf", Site);
        compact.Compact();
        var copy = compact.WithFile(FileId.Named("other.conf"));
        Assert.Equal(compact.Length, copy.Length);
        Assert.Equal(compact.LineStarts, copy.LineStarts);
        Assert.Equal(Site, copy.ToString());
    }

    [Fact]
    public void An_ascii_file_read_for_the_parse_is_its_bytes_with_a_parse_buffer_until_released()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(Site);
        var source = SourceText.FromStream("site.conf", new MemoryStream(bytes), bytes.Length, forParse: true);

        // The parse reads the characters from the buffer; no string is made for it.
        Assert.Equal(Site, source.Chars.ToString());
        Assert.Equal(Site, new string(source.ParseBuffer!, 0, source.Length));
        Assert.Equal(Site.Length, source.Length);
        Assert.Equal(Site[12], source[12]);
        Assert.Equal(bytes, source.GetBytes());

        // Known by another name (as the loader does), the copy takes the buffer; the text reads the same either way.
        var named = source.WithFile(FileId.Named("other.conf"));
        Assert.Equal(Site, named.Chars.ToString());
        Assert.Null(source.ParseBuffer);
        Assert.NotNull(named.ParseBuffer);
        named.ReleaseParseBuffer();
        named.ReleaseParseBuffer();
        Assert.Null(named.ParseBuffer);
        Assert.Equal(Site, named.Chars.ToString());
        Assert.Equal(Site, named.Text);
        Assert.Equal(Site, source.Text);
    }

    [Theory]
    [InlineData("server_name caf\u00e9.example;\n")]
    [InlineData("\uFEFFserver { }\n")]
    public void A_file_beyond_ascii_read_for_the_parse_is_a_string_as_before(string escaped)
    {
        var text = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var source = SourceText.FromStream("site.conf", new MemoryStream(bytes), bytes.Length, forParse: true);
        Assert.Equal(text, source.Chars.ToString());
        Assert.Same(source.Text, source.Text);
        Assert.Equal(text, source.Text);
        source.ReleaseParseBuffer();
        Assert.Equal(bytes, source.GetBytes());
    }

    [Fact]
    public void A_loaded_nginx_file_is_parsed_from_its_parse_buffer_and_reads_the_same_after()
    {
        const string conf = "events {}\nhttp {\n    server {\n        listen 8080;\n        location / { content_by_lua_block { ngx.say(\"}\") } }\n        return 200 \"a\\\"b\";\n    }\n}\n";
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", conf);
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var file = Assert.Single(workspace.Files, f => f.ServerPath == "/etc/nginx/nginx.conf");
        Assert.Null(file.Error);
        var directives = ((ConfLint.Syntax.Nginx.NginxConfigFile)file.Tree!.Root).Directives;
        var server = directives[1].Block!.Directives[0].Block!;
        Assert.Equal(["8080"], server.Directives[0].Args);
        Assert.Equal(" ngx.say(\"}\") ", server.Directives[1].Block!.Directives[0].Block!.RawBody!.Value.Text);
        Assert.Equal(["200", "a\"b"], server.Directives[2].Args);
        Assert.Equal(new LinePosition(6, 9), server.Directives[2].Position);
        Assert.Equal(conf, file.Source!.Text);
    }

    [Fact]
    public void A_syntax_error_in_a_file_parsed_from_its_parse_buffer_is_placed_as_before()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 8080\n    }\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var file = Assert.Single(workspace.Files, f => f.ServerPath == "/etc/nginx/nginx.conf");
        var error = Assert.IsType<ConfLint.Syntax.SyntaxError>(file.Error);
        Assert.Contains("expected ';' or '{' after 'listen 8080'", error.Message, StringComparison.Ordinal);
        Assert.Equal(new LinePosition(5, 5), error.LinePosition);
    }

    [Fact]
    public void Text_beyond_ascii_is_kept_as_a_string()
    {
        const string text = "\uFEFFserver_name caf\u00e9.example;\n";
        var source = new SourceText("site.conf", text);
        source.Compact();
        Assert.Equal(text.Length, source.Length);
        Assert.Equal('\u00e9', source[text.IndexOf('\u00e9')]);
        Assert.Equal(text.IndexOf('\u00e9'), source.IndexOf('\u00e9', 0));
        Assert.Same(text, source.Text);
    }

    [Fact]
    public void A_linted_tree_with_findings_and_fixes_reads_the_same_from_compacted_nginx_files()
    {
        // The loader compacts every ASCII nginx file once parsed; findings, their lines and the fix's diff come from the
        // bytes. The same tree given as non-ASCII (a comment with é) is not compacted: both must agree.
        const string site = "upstream app {\n    server 127.0.0.1:8000;\n    keepalive 16;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://app;\n    }\n}\n";
        using var ascii = new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include sites-enabled/*;\n}\n").Write("etc/nginx/sites-enabled/app.conf", site);
        using var latin = new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include sites-enabled/*;\n}\n").Write("etc/nginx/sites-enabled/app.conf", "# caf\u00e9\n" + site);
        var fromBytes = CliRunner.RunIn(ascii.Root, "fix", "--dry-run", "--root", ".", "--select", "CL012");
        var fromString = CliRunner.RunIn(latin.Root, "fix", "--dry-run", "--root", ".", "--select", "CL012");
        static string Added(string diff) => string.Join("\n", diff.Split('\n').Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)));
        Assert.Contains("proxy_http_version 1.1;", Added(fromBytes.Stdout));
        Assert.Equal(Added(fromString.Stdout), Added(fromBytes.Stdout));
        Assert.Contains("app.conf:8:20:", fromBytes.Stderr);
        Assert.Contains("app.conf:9:20:", fromString.Stderr);
    }
}
