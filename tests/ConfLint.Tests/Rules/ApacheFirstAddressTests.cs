using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL016 for Apache: mod_proxy moves to a name's next address only while connect() fails, and php-fpm accepts
/// before it drops a client it does not allow. So Apache is shut out when the first address is refused: ::1 before
/// 127.0.0.1 where the host has an IPv6 address of its own (getaddrinfo's AI_ADDRCONFIG and RFC 6724's order), and
/// 127.0.0.1 alone where it has none.</summary>
public class ApacheFirstAddressTests
{
    private static string Lint(string interfaces)
    {
        using var tree = new TempTree()
            .Write("etc/hosts", "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n")
            .Write("etc/network/interfaces", interfaces)
            .Write("etc/apache2/apache2.conf", "User www-data\nGroup www-data\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/sites-enabled/shop.conf", "<VirtualHost *:80>\n    DocumentRoot /var/www/shop/public\n    <FilesMatch \\.php$>\n        SetHandler proxy:fcgi://localhost:9000\n    </FilesMatch>\n</VirtualHost>\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = 9000\nlisten.allowed_clients = 127.0.0.1\npm = static\npm.max_children = 4\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL016");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Fact]
    public void With_an_ipv6_address_of_its_own_the_host_sends_apache_to_the_refused_loopback_first()
    {
        var output = Lint("auto eth0\niface eth0 inet6 static\n    address 2001:db8::10/64\n");
        Assert.Contains("error CL016 [*] listen.allowed_clients = 127.0.0.1 shuts the proxy out: SetHandler at etc/apache2/sites-enabled/shop.conf:4 connects to [::1]:9000 from ::1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_one_apache_reaches_127_0_0_1_and_the_finding_stays_info()
    {
        var output = Lint("auto eth0\niface eth0 inet static\n    address 192.0.2.10/24\n");
        Assert.Contains("info CL016", output, StringComparison.Ordinal);
    }
}
