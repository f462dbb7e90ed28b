using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// <c>server NAME resolve</c> in an upstream (nginx 1.27.3 and later; precision round 42, Nextcloud probe): nginx refuses to
/// start unless the upstream is in shared memory (<c>zone</c>) and a resolver with servers is in effect for it, the
/// upstream's own <c>resolver</c> or the one of the <c>http</c> (<c>stream</c>) level (ngx_http_upstream_init_round_robin:
/// "resolving names at run time requires upstream ... to be in shared memory", "no resolver defined to resolve names at
/// run time in upstream"). A resolver of a server or location does not count. An unknown release is not judged.
/// </summary>
public class NginxUpstreamResolveTests
{
    private static string Lint(string http, string? version = "1.27.4", bool stream = false)
    {
        var body = stream
            ? "events {}\nstream {\n" + http + "    server {\n        listen 9000;\n        proxy_pass app;\n    }\n}\n"
            : "events {}\nhttp {\n" + http + "    server {\n        listen 80;\n        location / {\n            resolver 127.0.0.11;\n            proxy_pass http://app;\n        }\n    }\n}\n";
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", body);
        if (version is not null)
        {
            tree.Write(".conflint.yml", $"host:\n  nginx-version: {version}\n");
        }

        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL000");
        return lint.Stdout;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resolve_without_a_zone_is_refused(bool stream)
    {
        var output = Lint("    resolver 127.0.0.11;\n    upstream app {\n        server app:9000 resolve;\n    }\n", stream: stream);
        Assert.Contains("etc/nginx/nginx.conf:4:5: error CL000 resolving names at run time requires upstream \"app\" in /etc/nginx/nginx.conf:4 to be in shared memory", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resolve_without_a_resolver_is_refused(bool stream)
    {
        var output = Lint("    upstream app {\n        zone app 64k;\n        server app:9000 resolve;\n    }\n", stream: stream);
        Assert.Contains("etc/nginx/nginx.conf:3:5: error CL000 no resolver defined to resolve names at run time in upstream \"app\" in /etc/nginx/nginx.conf:3", output, StringComparison.Ordinal);
    }

    /// <summary>Controls: a resolver at the http level or in the upstream, with a zone; no resolve; an unknown release.</summary>
    [Theory]
    [InlineData("    resolver 127.0.0.11;\n    upstream app {\n        zone app 64k;\n        server app:9000 resolve;\n    }\n", "1.27.4")]
    [InlineData("    upstream app {\n        zone app 64k;\n        resolver 127.0.0.11 valid=10s;\n        server app:9000 resolve;\n    }\n", "1.27.4")]
    [InlineData("    upstream app {\n        server 127.0.0.1:9000;\n    }\n", "1.27.4")]
    [InlineData("    resolver 127.0.0.11;\n    upstream app {\n        zone app 64k;\n        server app:9000 resolve;\n    }\n", null)]
    public void Resolve_with_a_zone_and_a_resolver_is_fine(string http, string? version) =>
        Assert.DoesNotContain("run time", Lint(http, version), StringComparison.Ordinal);

    /// <summary>Every release refuses a resolve server without a zone: 1.27.3+ with these words, an earlier one at the
    /// parameter. Where the release is not known, the finding says both; where it is known to be earlier, the parameter
    /// check speaks and this one does not.</summary>
    [Fact]
    public void An_unknown_release_is_told_both_ways_and_a_known_old_one_is_left_to_the_parameter_check()
    {
        const string http = "    upstream app {\n        server app:9000 resolve;\n    }\n";
        Assert.Contains("error CL000 resolving names at run time requires upstream \"app\" in /etc/nginx/nginx.conf:3 to be in shared memory (nginx 1.27.3 or later; an earlier release refuses the parameter \"resolve\" itself)", Lint(http, null), StringComparison.Ordinal);
        var old = Lint(http, "1.22.1");
        Assert.DoesNotContain("run time", old, StringComparison.Ordinal);
        Assert.Contains("resolve", old, StringComparison.Ordinal);
    }
}
