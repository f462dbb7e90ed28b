using ConfLint.Knowledge;

namespace ConfLint.Tests.Knowledge;

/// <summary>The span parser of nginx.txt: fields, comments, CRLF, shared fields, and its refusal of a short line.</summary>
public sealed class NginxTableParseTests
{
    [Fact]
    public void Lines_are_read_field_by_field_with_comments_and_crlf()
    {
        var table = NginxDirectiveTable.Parse(
            "# a comment\r\n" +
            "proxy_pass http_proxy location,lif,lmt 1 - - - *\r\n" +
            "\r\n" +
            "gzip http_gzip_filter http,server,location,lif flag d flag - *\r\n" +
            "http2 http_v2 http,server flag d flag - 1.25.1-\n" +
            "geoip2 http_geoip2 http 1 br - http_geoip2 *\n");
        var pass = Assert.Single(table.Named("proxy_pass"));
        Assert.Equal(NginxContext.Location | NginxContext.LocationIf | NginxContext.LimitExcept, pass.Contexts);
        Assert.False(pass.RefusesRepeat);
        var gzip = Assert.Single(table.Named("gzip"));
        Assert.True(gzip.RefusesRepeat);
        Assert.Equal(NginxValueKind.Flag, gzip.Value);
        Assert.Same(pass.Versions, gzip.Versions);
        var http2 = Assert.Single(table.Named("http2"));
        Assert.False(http2.ExistsIn(new NginxVersion(1, 24, 0)));
        Assert.True(http2.ExistsIn(new NginxVersion(1, 25, 1)));
        var geoip2 = Assert.Single(table.Named("geoip2"));
        Assert.True(geoip2.IsBlock && geoip2.HasRawBody);
        Assert.Equal("http_geoip2", geoip2.Load);
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void A_line_without_eight_fields_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => NginxDirectiveTable.Parse("gzip http_gzip_filter http flag d flag -\n"));
        Assert.Contains("expected 8 fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_table_parses_the_same_as_its_lines()
    {
        var whole = NginxDirectiveTable.Instance;
        Assert.True(whole.Count > 800);
        Assert.True(whole.IsAllowed("proxy_pass", NginxContext.Location));
        Assert.False(whole.IsAllowed("proxy_buffer_size", NginxContext.LocationIf));
        Assert.Equal(whole.Count, NginxDirectiveTable.Load().Count);
    }

    [Fact]
    public void A_table_out_of_name_order_is_found_by_name_with_each_names_lines_in_their_order()
    {
        var table = NginxDirectiveTable.Parse(
            "zeta core main 1 - - - *\n" +
            "listen http_core server 1+ - - - -1.25.0\n" +
            "alpha core main 1 - - - *\n" +
            "listen stream_core stream_server 1+ - - stream *\n" +
            "listen_x core main 1 - - - *\n");
        Assert.Equal(["http_core", "stream_core"], table.Named("listen").Select(i => i.Module));
        Assert.Single(table.Named("alpha"));
        Assert.Single(table.Named("zeta"));
        Assert.Single(table.Named("listen_x"));
        Assert.Empty(table.Named("listen_"));
        Assert.Empty(table.Named("zz"));
        Assert.Empty(table.Named("ä"));
        Assert.Empty(table.Named(string.Empty));
        Assert.Equal(5, table.Count);
    }

    [Fact]
    public void Every_name_of_the_embedded_table_is_found_and_the_dynamic_modules_are_its_load_fields()
    {
        var lines = File.ReadAllLines(Path.Combine(Support.Repository.Root, "data", "directives", "nginx.txt"))
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(' ')).ToList();
        var table = NginxDirectiveTable.Load();
        foreach (var group in lines.GroupBy(f => f[0]))
        {
            Assert.Equal(group.Select(f => f[1]), table.Named(group.Key).Select(i => i.Module));
        }

        var loads = lines.Select(f => f[6]).Where(l => l != "-").ToHashSet();
        Assert.Contains("stream", loads);
        Assert.True(loads.SetEquals(table.DynamicModules));
    }
}
