using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>spawn-fcgi as its main in src/spawn-fcgi.c reads its getopt command line: <c>-s</c> a Unix socket, else
/// <c>-p</c> on <c>-a</c> (0.0.0.0 without one); <c>-u</c>/<c>-g</c>/<c>-U</c>/<c>-G</c> only as root, the socket's owner
/// defaulting to <c>-u</c>/<c>-g</c>; <c>-M</c> octal, else 0660 less the umask; the program after <c>--</c>.</summary>
public class SpawnFcgiReaderTests
{
    private const string Rt = "/usr/share/request-tracker5/libexec/rt-server.fcgi";

    private static ServiceBackEnd Service(TempTree tree) =>
        HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>().Single(s => s.UnitName == "rt-fcgi.service");

    private static string Binds(AppServer server) => string.Join(" ", server.Binds.Select(b => b.Endpoint.Describe()));

    [Theory]
    [InlineData("/usr/bin/spawn-fcgi -F 6 -d / -u www-data -g www-data -s /run/rt5/rt.sock -M 0660 -P /run/rt-fcgi.pid -- " + Rt, "", "unix:/run/rt5/rt.sock")]
    [InlineData("/usr/bin/spawn-fcgi -a 127.0.0.1 -p 9000 -u www-data -- " + Rt, "", "127.0.0.1:9000")]
    [InlineData("/usr/bin/spawn-fcgi -p 9000 -- " + Rt, "", "0.0.0.0:9000")]
    [InlineData("/usr/bin/spawn-fcgi -a ::1 -p9001 -n -- " + Rt, "", "[::1]:9001")]
    [InlineData("/usr/bin/spawn-fcgi -ns/run/rt5/rt.sock -- " + Rt, "", "unix:/run/rt5/rt.sock")]
    // glibc's getopt permutes: -s after the program's name is spawn-fcgi's still.
    [InlineData("/usr/bin/spawn-fcgi " + Rt + " -s /run/rt5/rt.sock", "", "unix:/run/rt5/rt.sock")]
    [InlineData("/usr/bin/spawn-fcgi -s rt.sock -- " + Rt, "WorkingDirectory=/var/lib/rt", "unix:/var/lib/rt/rt.sock")]
    [InlineData("/usr/bin/spawn-fcgi -F ${workers} -s /run/%p.sock -- " + Rt, "Environment=workers=2", "unix:/run/rt-fcgi.sock")]
    public void Binds_as_spawn_fcgi_reads_its_command_line(string command, string lines, string binds)
    {
        using var tree = new TempTree().Service("rt-fcgi.service", command, lines.Length == 0 ? [] : [lines]);
        var service = Service(tree);
        var server = service.Server!;
        Assert.Equal("spawn-fcgi", server.Program);
        Assert.False(server.BindsUnknown, string.Join("; ", server.Unknowns));
        Assert.Equal(binds, Binds(server));
        Assert.Equal(BackendProtocol.FastCgi, service.Protocol);
        Assert.Equal(Rt, server.SpawnFcgi!.Program);
        Assert.False(server.SpawnFcgi.RunsPhpCgi);
    }

    [Theory]
    [InlineData("/usr/bin/spawn-fcgi -s /run/a.sock -p 9000 -- " + Rt, "not both")]
    [InlineData("/usr/bin/spawn-fcgi -F 2 -- " + Rt, "no socket given")]
    [InlineData("/usr/bin/spawn-fcgi -p 9000x -- " + Rt, "not one ConfLint can read")]
    [InlineData("/usr/bin/spawn-fcgi -a localhost -p 9000 -- " + Rt, "not an IP address")]
    [InlineData("/usr/bin/spawn-fcgi -x -s /run/a.sock -- " + Rt, "option it does not know")]
    [InlineData("/usr/bin/spawn-fcgi -c /srv/jail -s /run/a.sock -- " + Rt, "chroots to /srv/jail")]
    public void A_command_line_spawn_fcgi_refuses_or_ConfLint_cannot_place_leaves_it_unknown(string command, string why)
    {
        using var tree = new TempTree().Service("rt-fcgi.service", command);
        var server = Service(tree).Server!;
        Assert.True(server.BindsUnknown);
        Assert.Contains(why, string.Join("; ", server.Unknowns), StringComparison.Ordinal);
        Assert.Empty(server.Binds);
    }

    [Fact]
    public void A_chroot_with_S_binds_the_socket_before_it_and_a_chroot_not_as_root_is_ignored()
    {
        using var before = new TempTree().Service("rt-fcgi.service", "/usr/bin/spawn-fcgi -c /srv/jail -S -s /run/a.sock -- " + Rt);
        Assert.Equal("unix:/run/a.sock", Binds(Service(before).Server!));
        using var user = new TempTree().Service("rt-fcgi.service", "/usr/bin/spawn-fcgi -c /srv/jail -s /run/a.sock -- " + Rt, "User=rt");
        Assert.Equal("unix:/run/a.sock", Binds(Service(user).Server!));
    }

    [Theory]
    [InlineData("-u www-data -g www-data -s /run/rt5/rt.sock -M 0660 -U www-data -G www-data", "", "www-data:www-data 0660")]
    [InlineData("-u rt -g rt -s /run/rt5/rt.sock -M 0660", "", "rt:rt 0660")]
    [InlineData("-u rt -s /run/rt5/rt.sock -M 660", "", "rt:rtgroup 0660")]
    [InlineData("-u rt -g rt -U www-data -s /run/rt5/rt.sock", "", "www-data:www-data 0640")]
    [InlineData("-u rt -g rt -G www-data -s /run/rt5/rt.sock", "", "rt:www-data 0640")]
    [InlineData("-s /run/rt5/rt.sock", "UMask=0007", "root:root 0660")]
    // Not as root, spawn-fcgi ignores -u/-g/-U/-G: the socket is the process's.
    [InlineData("-u www-data -U www-data -G www-data -s /run/rt5/rt.sock -M 0600", "User=rt", "rt:rtgroup 0600")]
    public void The_socket_s_owner_and_mode_are_spawn_fcgi_s(string options, string lines, string expected)
    {
        using var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\nrt:x:990:991::/opt/rt:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nrt:x:990:\nrtgroup:x:991:\n")
            .Service("rt-fcgi.service", $"/usr/bin/spawn-fcgi {options} -- {Rt}", lines.Length == 0 ? [] : [lines]);
        var model = HostTrees.Model(tree);
        var service = model.BackEndsOf<ServiceBackEnd>().Single();
        var options2 = service.Server!.SpawnFcgi!;
        var (owner, group, _) = options2.SocketOwner(model.IdentityOf(service), model.Accounts.PrimaryGroup);
        var umask = lines == "UMask=0007" ? 0b000_000_111 : 0b000_010_010;
        Assert.Equal(expected, $"{owner}:{group} 0{Convert.ToString(options2.SocketMode(umask).Mode, 8)}");
    }

    [Theory]
    [InlineData("/usr/bin/php-cgi7.4", true)]
    [InlineData("/usr/bin/php-cgi", true)]
    [InlineData("/usr/bin/php5-cgi", true)]
    [InlineData("/usr/sbin/fcgiwrap", false)]
    [InlineData("/srv/app/script/app_fastcgi.pl", false)]
    public void A_spawn_fcgi_running_php_cgi_serves_php_and_another_program_does_not(string program, bool php)
    {
        using var tree = new TempTree().Service("rt-fcgi.service", $"/usr/bin/spawn-fcgi -a 127.0.0.1 -p 9000 -C 4 -u www-data -- {program} -x");
        var options = Service(tree).Server!.SpawnFcgi!;
        Assert.Equal(program, options.Program);
        Assert.Equal(php, options.RunsPhpCgi);
    }
}
