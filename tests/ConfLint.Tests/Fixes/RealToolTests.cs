using ConfLint.Fixing;
using ConfLint.Io;
using ConfLint.Tests.Rules;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Fixes;

/// <summary>
/// Every bad fixture, once fixed, passes the daemons' own checks: <c>nginx -t</c>, <c>php-fpm8.2 -t</c> and
/// <c>apache2 -t</c> where the tree has their configuration. The trees are staged and checked in the same bubblewrap
/// sandbox as <c>fix --verify</c>; CI installs bubblewrap and the daemons, so there it must not skip.
/// </summary>
public class RealToolTests
{
    /// <summary>Trees the real tools reject for a reason no fix can remove on a build machine, and why.</summary>
    private static readonly Dictionary<string, string> Unverifiable = new(StringComparer.Ordinal)
    {
        ["CL004/bad-upstream-server-hostname"] = "its upstream names a host that does not resolve here, and the finding has no fix",
        ["CL000/bad-missing-semicolon"] = "a syntax error has no fix",
        ["CL000/bad-missing-include"] = "a missing include has no fix",
        ["CL013/bad-verify-without-trusted-certificate"] = "nginx refuses proxy_ssl_verify without a CA, and which CA is right is not in the configuration (the finding has no fix)",
        ["CL001/bad-compose-port-mismatch"] = "the nginx file is a container's (bind-mounted into the nginx image): the build machine does not stage the image's file system around it",
        ["CL001/bad-compose-fpm-image-port"] = "the nginx file is a container's (bind-mounted into the nginx image): the build machine does not stage the image's file system around it",
        ["CL001/bad-compose-fpm-mounted-pool"] = "the nginx file is a container's (bind-mounted into the nginx image): the build machine does not stage the image's file system around it",
        ["CL001/bad-compose-env-port"] = "the nginx file is a container's (bind-mounted into the nginx image): the build machine does not stage the image's file system around it",
        ["CL001/bad-compose-loopback-bind"] = "the fix edits a Compose file, which no daemon of the build machine checks (Docker is not there)",
        ["CL004/bad-compose-service-name"] = "the nginx file is a container's (bind-mounted into the nginx image): the build machine does not stage the image's file system around it",
        ["CL007/bad-compose-no-restart"] = "the fix edits a Compose file, which no daemon of the build machine checks (Docker is not there)",
        ["CL007/bad-compose-published-port"] = "the fix edits a Compose file, which no daemon of the build machine checks (Docker is not there)",
        ["CL007/bad-compose-restart-no"] = "the fix edits a Compose file, which no daemon of the build machine checks (Docker is not there)",
        ["CL013/bad-hostname-without-sni"] = "nginx resolves the partner's host name at start, which does not resolve on a build machine",
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (code, name) in RuleFixtures.All().Where(c => c.Case.StartsWith("bad-", StringComparison.Ordinal)))
        {
            if (!Unverifiable.ContainsKey($"{code}/{name}"))
            {
                data.Add(code, name);
            }
        }

        return data;
    }

    internal static void RequireStaging()
    {
        if (Verifier.CanStage && HostTools.Exists("nginx") && HostTools.Exists("php-fpm8.2"))
        {
            return;
        }

        Assert.False(Repository.IsCI, "CI must have bubblewrap, nginx-full, php8.2-fpm and apache2 installed (the sandbox of --verify)");
        Assert.Skip("needs bubblewrap, nginx and php-fpm8.2 to check trees with the real tools");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fixed_bad_fixtures_pass_the_real_tools(string code, string name)
    {
        RequireStaging();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder(code, name));
        var fix = CliRunner.Run("fix", "--unsafe-fixes", "--root", tree.Root);
        Assert.True(fix.ExitCode is 0 or 1, fix.Stderr);

        var results = Verifier.CheckTree(tree.Root);
        Assert.NotEmpty(results);
        foreach (var (tool, ok, output) in results)
        {
            Assert.True(ok, $"{tool} rejects the fixed {code}/{name}:\n{output}");
        }
    }

    [Fact]
    public void The_real_tools_reject_what_they_should()
    {
        RequireStaging();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL006", "bad-fpm-terminate-timeout"));
        var pool = tree.Path("etc/php/8.2/fpm/pool.d/www.conf");
        File.WriteAllText(pool, File.ReadAllText(pool).Replace("pm.max_spare_servers = 6", "pm.max_spare_servers = 60"));
        var site = tree.Path("etc/nginx/sites-enabled/shop.conf");
        File.WriteAllText(site, File.ReadAllText(site).Replace("fastcgi_buffer_size 16k;", "fastcgi_buffer_size 16k;\n        fastcgi_busy_buffers_size 1m;"));
        var results = Verifier.CheckTree(tree.Root).ToDictionary(r => r.Name, r => r);
        Assert.False(results["nginx -t"].Ok, "nginx must refuse a busy size above all buffers but one");
        Assert.Contains("fastcgi_busy_buffers_size", results["nginx -t"].Output);
        Assert.False(results["php-fpm8.2 -t"].Ok, "php-fpm must refuse max_spare_servers above max_children");
    }
}
