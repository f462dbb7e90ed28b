using ConfLint.Knowledge;

namespace ConfLint.Tests.Knowledge;

public sealed class KnowledgeTests
{
    private static readonly NginxDirectiveTable Nginx = NginxDirectiveTable.Instance;

    [Fact]
    public void The_tables_load_with_their_facts()
    {
        Assert.True(Nginx.Count > 700);
        Assert.True(ApacheDirectiveTable.Instance.Count > 700);
        Assert.Equal(FpmValueKind.Integer, FpmKeyTable.Instance.Find("pm.max_children", global: false));
        Assert.Equal("BOOLEAN", SystemdKeyTable.Instance.Find("Unit", "StopWhenUnneeded"));
        Assert.Contains("stream", Nginx.DynamicModules);
    }

    [Theory]
    [InlineData("http2", "1.25.0", false)]
    [InlineData("http2", "1.25.1", true)]
    [InlineData("ssl", "1.22.1", true)]
    [InlineData("ssl", "1.25.1", false)]
    public void Directives_exist_in_the_releases_that_have_them(string name, string version, bool exists)
    {
        Assert.True(NginxVersion.TryParse(version, out var v));
        Assert.Equal(exists, Nginx.Find(name, NginxContext.Server, v).Status == NginxLookupStatus.Allowed);
    }

    [Fact]
    public void Upstream_keepalive_takes_a_second_argument_from_1_29_7()
    {
        var old = Nginx.Find("keepalive", NginxContext.Upstream, new NginxVersion(1, 29, 6)).Info!;
        var current = Nginx.Find("keepalive", NginxContext.Upstream, new NginxVersion(1, 29, 7)).Info!;
        Assert.False(old.Arguments.Accepts(2));
        Assert.True(current.Arguments.Accepts(2));
    }

    [Fact]
    public void Fix_placement_skips_if_and_limit_except_where_a_directive_is_not_allowed()
    {
        Assert.False(Nginx.IsAllowed("proxy_buffer_size", NginxContext.LocationIf));
        Assert.True(Nginx.IsAllowed("proxy_pass", NginxContext.LocationIf));
        NginxContext[] around = [NginxContext.LocationIf, NginxContext.Location, NginxContext.Server, NginxContext.Http];
        Assert.Equal(1, Nginx.NearestAllowed("proxy_buffer_size", around));
        Assert.Equal(0, Nginx.NearestAllowed("proxy_pass", around));
        Assert.Equal(2, Nginx.NearestAllowed("listen", around));
        Assert.Equal(-1, Nginx.NearestAllowed("worker_processes", around));
    }

    [Fact]
    public void Unknown_and_misplaced_names_are_told_apart_and_typos_get_a_suggestion()
    {
        Assert.Equal(NginxLookupStatus.NotAllowedHere, Nginx.Find("listen", NginxContext.Location, NginxVersion.Newest).Status);
        Assert.Equal(NginxLookupStatus.Unknown, Nginx.Find("proxy_pas", NginxContext.Location, NginxVersion.Newest).Status);
        Assert.Equal("proxy_pass", Nginx.Suggest("proxy_pas", NginxContext.Location, NginxVersion.Newest));
        Assert.Equal(NginxLookupStatus.Unknown, Nginx.Find("stream", NginxContext.Main, NginxVersion.Newest, _ => false).Status);
    }

    [Theory]
    [InlineData("10m", true, 10L * 1024 * 1024)]
    [InlineData("512K", true, 512L * 1024)]
    [InlineData("10MB", false, 0)]
    [InlineData("1g", false, 0)]
    [InlineData("", false, 0)]
    public void Sizes_read_as_ngx_parse_size(string text, bool ok, long bytes)
    {
        Assert.Equal(ok, NginxValues.TryParseSize(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("30s", false, true, 30_000)]
    [InlineData("1h30m", false, true, 5_400_000)]
    [InlineData("1h 5s", false, true, 3_605_000)]
    [InlineData("500ms", false, true, 500)]
    [InlineData("1y", false, false, 0)]
    [InlineData("1y", true, true, 31_536_000)]
    [InlineData("500ms", true, false, 0)]
    [InlineData("30x", false, false, 0)]
    [InlineData("m", false, false, 0)]
    public void Times_read_as_ngx_parse_time(string text, bool seconds, bool ok, long expected)
    {
        Assert.Equal(ok, NginxValues.TryParseTime(text, seconds, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Buffer_arithmetic_follows_the_merge_checks()
    {
        // proxy_buffer_size 64k alone: busy defaults to 128k, above 7 x 4k.
        Assert.Equal("\"proxy_busy_buffers_size\" must be less than the size of all \"proxy_buffers\" minus one buffer",
            NginxBuffers.Check("proxy", new(null, null, 64 * 1024, null, null, null)));
        Assert.Null(NginxBuffers.Check("proxy", new(8, 16 * 1024, 16 * 1024, null, null, null)));
        Assert.Equal("there must be at least 2 \"fastcgi_buffers\"", NginxBuffers.Check("fastcgi", new(1, 4096, null, null, null, null)));
        Assert.Null(NginxBuffers.Check("proxy", new(null, null, 8 * 1024, null, null, null)));
        Assert.Equal(14 * 1024, NginxBuffers.LargestHeaderBuffer("proxy", new(null, null, null, null, null, null)));
    }

    [Theory]
    [InlineData("1.22.1", true)]
    [InlineData("1.25", true)]
    [InlineData("one", false)]
    [InlineData("1.2.3.4", false)]
    public void Versions_parse(string text, bool ok) => Assert.Equal(ok, NginxVersion.TryParse(text, out _));
}
