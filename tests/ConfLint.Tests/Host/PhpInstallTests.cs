using ConfLint.Configuration;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Tests.Support;
using ConfLint.Units;

namespace ConfLint.Tests.Host;

/// <summary>PHP-FPM as its layout installs it: the main file in every layout ConfLint knows, its prefix for relative
/// includes, php.ini and the scan folder, the service that runs it and who its master is.</summary>
public class PhpInstallTests
{
    private const string Pool = "[www]\nuser = www-data\nlisten = {0}\npm = static\npm.max_children = 5\n";

    [Theory]
    [InlineData("etc/php/8.2/fpm/php-fpm.conf", "include=/etc/php/8.2/fpm/pool.d/*.conf", "etc/php/8.2/fpm/pool.d/www.conf", "8.2", "/etc/php/8.2/fpm/php.ini")]
    [InlineData("usr/local/etc/php-fpm.conf", "include=etc/php-fpm.d/*.conf", "usr/local/etc/php-fpm.d/www.conf", null, "/usr/local/etc/php/php.ini")]
    [InlineData("etc/php83/php-fpm.conf", "include=/etc/php83/php-fpm.d/*.conf", "etc/php83/php-fpm.d/www.conf", "8.3", "/etc/php83/php.ini")]
    [InlineData("etc/php-fpm.conf", "include=/etc/php-fpm.d/*.conf", "etc/php-fpm.d/www.conf", null, "/etc/php.ini")]
    [InlineData("etc/opt/remi/php81/php-fpm.conf", "include=/etc/opt/remi/php81/php-fpm.d/*.conf", "etc/opt/remi/php81/php-fpm.d/www.conf", "8.1", "/etc/opt/remi/php81/php.ini")]
    [InlineData("www/server/php/82/etc/php-fpm.conf", "[global]\npid = var/run/php-fpm.pid", null, "8.2", "/www/server/php/82/etc/php.ini")]
    public void Every_layout_is_found_with_its_prefix_php_ini_and_version(string main, string mainText, string? poolFile, string? version, string ini)
    {
        using var tree = new TempTree().Write(main, mainText + "\n" + (poolFile is null ? string.Format(Pool, "/tmp/php-cgi.sock") : string.Empty));
        if (poolFile is not null)
        {
            tree.Write(poolFile, string.Format(Pool, "/run/php.sock"));
        }

        tree.Write(ini.TrimStart('/'), "memory_limit = 256M\n");
        var host = HostTrees.Model(tree);
        var install = Assert.Single(host.PhpInstalls);
        Assert.Equal(version, install.Version);
        Assert.Equal(ini, install.Paths!.Ini);
        var pool = Assert.Single(install.Pools);
        Assert.Equal("pool 'www'", pool.Name);
        Assert.Equal(256L * 1024 * 1024, pool.MemoryLimit!.Value.Bytes);
    }

    [Fact]
    public void Php_settings_pool_over_scan_folder_over_php_ini_over_defaults()
    {
        using var tree = new TempTree()
            .Write("etc/php/8.2/fpm/php-fpm.conf", "include=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/a.conf", string.Format(Pool, "/run/a.sock") + "php_admin_value[memory_limit] = 64M\n")
            .Write("etc/php/8.2/fpm/pool.d/b.conf", string.Format(Pool, "/run/b.sock").Replace("[www]", "[b]", StringComparison.Ordinal))
            .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmax_execution_time = 30 ; PHP's\nmemory_limit = \"128M\"\n[PATH=/srv/big]\nmemory_limit = 2G\n")
            .Write("etc/php/8.2/fpm/conf.d/20-app.ini", "max_execution_time=300\n")
            .Write("etc/php/8.2/fpm/conf.d/10-early.ini", "max_execution_time=5\nmemory_limit = ${PHP_MEMORY}\n");
        var host = HostTrees.Model(tree);
        var pools = host.BackEndsOf<FpmPool>().ToDictionary(p => p.PoolName);
        Assert.Equal("64M", pools["www"].Php("memory_limit")!.Value);
        Assert.Equal("300", pools["b"].Php("max_execution_time")!.Value);
        Assert.Equal("etc/php/8.2/fpm/conf.d/20-app.ini", pools["b"].Php("max_execution_time")!.Source);

        // 10-early.ini sets memory_limit from a variable the environment does not give: unknown, not php.ini's value.
        Assert.Null(pools["b"].Php("memory_limit"));
        tree.Write("etc/php/8.2/fpm/conf.d/10-early.ini", "max_execution_time=5\n");
        var b = HostTrees.Model(tree).BackEndsOf<FpmPool>().Single(p => p.PoolName == "b");
        Assert.Equal(("128M", "etc/php/8.2/fpm/php.ini"), (b.Php("memory_limit")!.Value, b.Php("memory_limit")!.Source));

        // The [PATH=...] section applies to one folder only; without php.ini's own value PHP's default applies.
        tree.Write("etc/php/8.2/fpm/php.ini", "[PHP]\n[PATH=/srv/big]\nmemory_limit = 2G\n");
        b = HostTrees.Model(tree).BackEndsOf<FpmPool>().Single(p => p.PoolName == "b");
        Assert.Equal("128M", b.Php("memory_limit")!.Value);
        Assert.StartsWith("PHP's built-in default", b.Php("memory_limit")!.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_php_fpm_conf_in_no_known_layout_has_no_php_ini_to_read()
    {
        using var tree = new TempTree();
        var path = Path.Combine(tree.Root, "srv", "conf");
        tree.Write("srv/conf/php-fpm.conf", string.Format(Pool, "/run/x.sock"));
        var host = ConfLint.Host.HostModelBuilder.Build(
            ConfLint.Workspace.WorkspaceLoader.Load(new ConfLint.Workspace.LoadOptions { Paths = [path], WorkingDirectory = tree.Root }), ConfLintConfig.Empty);
        var pool = Assert.Single(host.BackEndsOf<FpmPool>());
        Assert.False(pool.Install.Ini.IsKnown);
        Assert.Null(pool.Php("memory_limit"));
        Assert.Null(pool.MemoryLimit);
    }

    [Fact]
    public void The_service_that_runs_an_installation_and_its_masters_user()
    {
        using var tree = new TempTree()
            .Write("etc/php-fpm.conf", "include=/etc/php-fpm.d/*.conf\n")
            .Write("etc/php-fpm.d/www.conf", string.Format(Pool, "/run/php-fpm/www.sock"))
            .Write("usr/lib/systemd/system/php-fpm.service", "[Service]\nExecStart=/usr/sbin/php-fpm --nodaemonize\nMemoryMax=1G\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "include=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", string.Format(Pool, "/run/php/php8.2-fpm.sock"))
            .Write("lib/systemd/system/php8.2-fpm.service", "[Service]\nUser=php\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\n")
            .Write("etc/passwd", "root:x:0:0::/root:/bin/sh\nphp:x:990:991::/:/bin/false\n")
            .Write("etc/group", "root:x:0:\nphp:x:991:\n")
            .Write("proc/meminfo", "MemTotal: 8388608 kB\n");
        var host = HostTrees.Model(tree);
        var rhel = host.PhpInstalls.Single(i => i.Paths!.Layout == "RHEL");
        var debian = host.PhpInstalls.Single(i => i.Version == "8.2");
        Assert.Equal("php-fpm.service", rhel.Service!.UnitName);
        Assert.True(rhel.Master.IsRoot);
        Assert.Equal("php8.2-fpm.service", debian.Service!.UnitName);
        Assert.Equal(("php", "php"), (debian.Master.User, debian.Master.Group));

        // An unprivileged master: the pool's user is ignored, and the socket is the master's.
        var pool = debian.Pools.Single();
        Assert.Equal("php", pool.Children.User);
        Assert.Equal(("php", "php"), (pool.ListenOwner, pool.ListenGroup));

        // MemoryMax= narrows what the service's pools may use.
        Assert.Equal(ByteSize.FromKilobytes(1024 * 1024), host.MemoryFor(rhel.Pools.Single()).Bytes);
        Assert.Equal(ByteSize.FromKilobytes(8388608), host.MemoryFor(pool).Bytes);
    }

    [Fact]
    public void A_containers_first_process_and_cgroup_limit()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp { server { location ~ \\.php$ { fastcgi_pass unix:/run/php.sock; } } }\n")
            .Write("etc/php83/php-fpm.conf", string.Format(Pool, "/run/php.sock"))
            .Write("etc/passwd", "root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nnobody:x:65534:\n")
            .Write("proc/1/status", "Name:\tsupervisord\nUid:\t65534\t65534\t65534\t65534\nGid:\t65534\t65534\t65534\t65534\n")
            .Write("proc/meminfo", "MemTotal: 16777216 kB\n")
            .Write("sys/fs/cgroup/memory.max", "1073741824\n");
        var host = HostTrees.Model(tree);
        var web = Assert.Single(host.FrontEnds).Web;
        Assert.Equal(("nobody", "nobody"), (web.User, web.Group));
        var pool = host.BackEndsOf<FpmPool>().Single();
        Assert.Equal("nobody", pool.ListenOwner);
        Assert.Equal("nobody", pool.ListenGroup);
        Assert.Equal(1024L * 1024 * 1024, host.Memory!.Value.Bytes);
        Assert.Contains("container's limit", host.MemoryInfo.Describe(), StringComparison.Ordinal);
    }
}
