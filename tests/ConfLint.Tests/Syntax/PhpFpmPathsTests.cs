using ConfLint.Syntax.PhpFpm;

namespace ConfLint.Tests.Syntax;

/// <summary>fpm_evaluate_full_path as php-fpm8.2 applies it in fpm_conf_process_all_pools; each expected path is what
/// <c>php-fpm8.2 -tt</c> printed for the same pool (prefix /usr, or -p /tmp/fpmt).</summary>
public class PhpFpmPathsTests
{
    [Theory]
    [InlineData("php-fpm.sock", "/var/www/vhosts/system/example.com", "/usr", "/var/www/vhosts/system/example.com/php-fpm.sock")]
    [InlineData("php.sock", null, "/usr", "/usr/php.sock")]
    [InlineData("php.sock", null, "/opt/plesk/php/8.2", "/opt/plesk/php/8.2/php.sock")]
    [InlineData("php.sock", "", "/usr", "/php.sock")]
    [InlineData("../fpmt/x.sock", "/tmp/fpmt", "/usr", "/tmp/fpmt/../fpmt/x.sock")]
    [InlineData("/run/php/www.sock", "/srv", "/usr", "/run/php/www.sock")]
    [InlineData("1x.sock", "/tmp/fpmt/pools", "/usr", "/tmp/fpmt/pools/1x.sock")]
    [InlineData("127.0.0.1:9000", "/srv", "/usr", "127.0.0.1:9000")]
    [InlineData("9000", "/srv", "/usr", "9000")]
    [InlineData("[::1]:9000", "/srv", "/usr", "[::1]:9000")]
    public void A_relative_socket_is_taken_from_the_pools_prefix_else_the_global_one(string listen, string? poolPrefix, string global, string expected)
    {
        Assert.Equal(expected, PhpFpmPaths.Listen(listen, poolPrefix, global));
    }

    [Theory]
    [InlineData("pools/b", "/usr", "/usr/pools/b")]
    [InlineData("pools/b", "/tmp/fpmt", "/tmp/fpmt/pools/b")]
    [InlineData("/var/www/vhosts/system/shop", "/usr", "/var/www/vhosts/system/shop")]
    [InlineData("", "/usr", "")]
    [InlineData(null, "/usr", null)]
    public void A_relative_pool_prefix_is_taken_from_the_global_prefix(string? value, string global, string? expected)
    {
        Assert.Equal(expected, PhpFpmPaths.PoolPrefix(value, global));
    }

    [Fact]
    public void Log_paths_and_chdir_take_the_pools_prefix_and_chroot_expands_a_leading_prefix_token()
    {
        Assert.Equal("/tmp/fpmt/pools/a/acc.log", PhpFpmPaths.PoolPath("acc.log", "/tmp/fpmt/pools/a", "/usr"));
        Assert.Equal("/tmp/fpmt/pools/a/.", PhpFpmPaths.PoolPath(".", "/tmp/fpmt/pools/a", "/usr"));
        Assert.Equal("/usr/log/slow.log", PhpFpmPaths.PoolPath("log/slow.log", null, "/usr"));
        Assert.Equal("/tmp/fpmt//pools", PhpFpmPaths.Chroot("$prefix/pools", "/tmp/fpmt", "/usr"));
        Assert.Equal("/tmp/fpmt", PhpFpmPaths.Chroot("$prefix", "/tmp/fpmt", "/usr"));
        Assert.Equal("/usr/jail", PhpFpmPaths.Chroot("jail", null, "/usr"));
        Assert.Null(PhpFpmPaths.Chroot("jail/$prefix", "/tmp/fpmt", "/usr"));
    }

    [Fact]
    public void A_prefix_relative_to_a_relative_global_prefix_is_evaluated_again_without_the_pool()
    {
        // -p rel: the pool's prefix "rel/p" is still relative, so php-fpm evaluates "rel/p/x.sock" once more from -p.
        Assert.Equal("rel/rel/p/x.sock", PhpFpmPaths.Listen("x.sock", PhpFpmPaths.PoolPrefix("p", "rel"), "rel"));
    }

    [Fact]
    public void A_path_from_an_unknown_prefix_is_no_host_path_but_compares_as_php_fpm_would()
    {
        var global = PhpFpmPaths.GlobalPrefix(null, null);
        var a = PhpFpmPaths.Listen("x.sock", PhpFpmPaths.PoolPrefix("pools", global), global);
        Assert.False(PhpFpmPaths.IsKnown(a));
        Assert.Equal(a, PhpFpmPaths.Listen("pools/x.sock", null, global));
        Assert.NotEqual(a, PhpFpmPaths.Listen("/usr/pools/x.sock", null, global));
        Assert.Equal("/opt/p", PhpFpmPaths.GlobalPrefix("/opt/p", "/usr"));
        Assert.Equal("/usr", PhpFpmPaths.GlobalPrefix(null, "/usr"));
    }

    [Theory]
    [InlineData("php.sock", true)]
    [InlineData("/run/php/www.sock", true)]
    [InlineData("9000", false)]
    [InlineData("", false)]
    [InlineData("localhost:9000", false)]
    [InlineData("a:b.sock", false)]
    public void The_address_family_is_fpm_sockets_domain_from_address(string address, bool unix)
    {
        Assert.Equal(unix, PhpFpmPaths.IsUnixAddress(address));
    }
}
