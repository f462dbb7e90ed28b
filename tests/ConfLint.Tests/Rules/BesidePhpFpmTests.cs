using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A PHP-FPM pool sharing its host with other programs (SonarQube and PostgreSQL beside Kanboard's pool): CL008's
/// "memory sits idle" is not proven where their memory is not counted, so it is info naming them; an HTTP proxy left on
/// PHP-FPM's 9000 gets CL001's advice of another port, never "the pool made to speak HTTP" (PHP-FPM speaks FastCGI only).</summary>
public class BesidePhpFpmTests
{
    private static TempTree Host(bool others)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    upstream sonarqube { server 127.0.0.1:9000; }\n    server {\n        listen 80;\n        server_name board.example;\n        root /var/www/kanboard;\n        location ~ \\.php$ {\n            include fastcgi_params;\n            fastcgi_pass 127.0.0.1:9000;\n        }\n    }\n    server {\n        listen 80;\n        server_name ci.example;\n        location /sonarqube { proxy_pass http://sonarqube; }\n    }\n}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmemory_limit = 128M\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = 127.0.0.1:9000\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
            .Write("proc/meminfo", "MemTotal:       16303412 kB\nMemFree:        12000000 kB\n")
            .Write("lib/systemd/system/ssh.service", "[Service]\nExecStart=/usr/sbin/sshd -D $SSHD_OPTS\nRestart=on-failure\n");
        return others
            ? tree.Write("lib/systemd/system/postgresql@.service", "[Service]\nType=forking\nUser=postgres\nExecStart=/usr/bin/pg_ctlcluster --skip-systemctl-redirect %i start\nRestart=on-failure\n")
                .Write("etc/systemd/system/sonarqube.service", "[Service]\nType=forking\nUser=sonar\nExecStart=/opt/sonarqube/bin/linux-x86-64/sonar.sh start\nRestart=always\n")
            : tree;
    }

    [Fact]
    public void An_undersized_pool_is_info_where_other_programs_share_the_memory()
    {
        using var alone = Host(others: false);
        var report = CliRunner.Run("lint", "--root", alone.Root, "--select", "CL008").Stdout;
        Assert.Contains("warning CL008", report, StringComparison.Ordinal);
        Assert.Contains("while memory sits idle", report, StringComparison.Ordinal);

        using var shared = Host(others: true);
        report = CliRunner.Run("lint", "--root", shared.Root, "--select", "CL008").Stdout;
        Assert.DoesNotContain("warning CL008", report, StringComparison.Ordinal);
        Assert.Contains("info CL008", report, StringComparison.Ordinal);
        Assert.Contains("whose memory is not counted, so the idle memory is not known", report, StringComparison.Ordinal);
        Assert.Contains("sonarqube.service", report, StringComparison.Ordinal);
        Assert.DoesNotContain("ssh.service", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_proxy_on_php_fpms_port_is_advised_another_port_not_a_pool_speaking_http()
    {
        using var tree = Host(others: true);
        var report = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001").Stdout;
        Assert.Contains("error CL001", report, StringComparison.Ordinal);
        Assert.Contains("PHP-FPM speaks nothing but FastCGI", report, StringComparison.Ordinal);
        Assert.DoesNotContain("made to speak HTTP", report, StringComparison.Ordinal);
        Assert.Contains("give the program meant for this site an address of its own", report, StringComparison.Ordinal);
    }
}
