using System.Text.RegularExpressions;
using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Tests.Support;
using ConfLint.Tools.GenServerTree;

namespace ConfLint.Tests.Tools;

public sealed class GenServerTreeTests
{
    private static readonly GeneratorOptions Small = new() { Servers = 400, Files = 60, Pools = 12, Units = 50, Seed = 3 };

    private static readonly Lazy<GeneratedFile[]> SmallTree = new(() => ServerTreeGenerator.Generate(Small).ToArray());

    [Fact]
    public void SameOptionsGiveTheSameFilesAndAnotherSeedOtherFiles()
    {
        var again = ServerTreeGenerator.Generate(Small).ToArray();
        Assert.Equal(SmallTree.Value, again);

        var reseeded = ServerTreeGenerator.Generate(Small with { Seed = 4 }).ToArray();
        const string site = "etc/nginx/sites-enabled/site-0001.conf";
        Assert.NotEqual(SmallTree.Value.Single(f => f.Path == site).Text, reseeded.Single(f => f.Path == site).Text);
    }

    [Fact]
    public void LaysOutTheRequestedNumbersOfFilesBlocksPoolsAndUnits()
    {
        var files = SmallTree.Value;
        var sites = files.Where(f => f.Path.StartsWith("etc/nginx/sites-enabled/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Small.Files, sites.Length);
        Assert.Equal(Small.Servers, sites.Sum(site => Parse(site).Directives.Count(d => d.Name == "server")));
        Assert.Equal(Small.Pools, files.Count(f => f.Path.StartsWith("etc/php/8.2/fpm/pool.d/", StringComparison.Ordinal)));
        Assert.Equal(Small.Units, files.Count(f => Regex.IsMatch(f.Path, @"^etc/systemd/system/app\d+\.service$")));
        Assert.Contains(files, f => f.Path == "etc/nginx/nginx.conf" && f.Text.Contains("include /etc/nginx/sites-enabled/*;"));
        Assert.Contains(files, f => f.Path == "etc/php/8.2/fpm/php-fpm.conf" && f.Text.Contains("include=/etc/php/8.2/fpm/pool.d/*.conf"));
        Assert.Contains(files, f => f.Path == "lib/systemd/system/php8.2-fpm.service");
        Assert.All(files, f => Assert.DoesNotContain('\r', f.Text));
    }

    [Fact]
    public void EveryNginxFileParsesAndRoundTrips()
    {
        var nginx = SmallTree.Value.Where(f => f.Path.StartsWith("etc/nginx/", StringComparison.Ordinal)).ToArray();
        Assert.True(nginx.Length > Small.Files);
        foreach (var file in nginx)
        {
            Parsing.AssertRoundTripBytes(ConfigKind.Nginx, System.Text.Encoding.UTF8.GetBytes(file.Text), file.Path);
        }
    }

    [Fact]
    public void BackendsPointAtTheGeneratedPoolsAndAppsButForAFewDeliberateMistakes()
    {
        var files = SmallTree.Value;
        var sockets = files.Select(f => Regex.Match(f.Text, @"^listen = (\S+)$", RegexOptions.Multiline))
            .Where(m => m.Success).Select(m => "unix:" + m.Groups[1].Value).ToHashSet();
        var ports = files.Select(f => Regex.Match(f.Text, @"^ExecStart=.*?(?:127\.0\.0\.1:|--port )(\d+)", RegexOptions.Multiline))
            .Where(m => m.Success).Select(m => "127.0.0.1:" + m.Groups[1].Value).ToHashSet();
        Assert.Equal(Small.Pools, sockets.Count);
        Assert.Equal(Small.Units, ports.Count);

        var directives = files.Where(f => f.Path.StartsWith("etc/nginx/sites-enabled/", StringComparison.Ordinal))
            .SelectMany(f => Descendants(Parse(f).Directives)).ToArray();
        var fastcgi = directives.Where(d => d.Name == "fastcgi_pass").Select(d => d.Args[0]).ToArray();
        var upstreamServers = directives.Where(d => d.Name == "server" && d.ParentDirective?.Name == "upstream").Select(d => d.Args[0]).ToArray();
        var upstreams = directives.Where(d => d.Name == "upstream").Select(d => d.Args[0]).ToHashSet();
        var proxied = directives.Where(d => d.Name == "proxy_pass").Select(d => d.Args[0]["http://".Length..].TrimEnd('/')).ToArray();

        Assert.NotEmpty(fastcgi);
        Assert.True(fastcgi.Count(sockets.Contains) >= fastcgi.Length * 0.95, "fastcgi_pass outside the pools");
        Assert.All(fastcgi.Where(s => !sockets.Contains(s)), s => Assert.Equal("unix:/run/php/php8.1-fpm.sock", s));
        Assert.Equal(Small.Units, upstreamServers.Length);
        Assert.True(upstreamServers.Count(ports.Contains) >= upstreamServers.Length * 0.95, "upstream servers outside the apps");
        Assert.NotEmpty(proxied);
        Assert.All(proxied, name => Assert.Contains(name, upstreams));
    }

    private static NginxConfigFile Parse(GeneratedFile file) =>
        (NginxConfigFile)Parsing.Parse(ConfigKind.Nginx, file.Text, file.Path).Root;

    private static IEnumerable<NginxDirective> Descendants(IEnumerable<NginxDirective> directives) =>
        directives.SelectMany(d => d.Block is { } block ? Descendants(block.Directives).Prepend(d) : [d]);
}
