using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>nginx in front of Apache or HAProxy on the same host: a target that Apache's <c>Listen</c> or HAProxy's
/// <c>bind</c> covers is not "nothing on this host listens there". CL001 leaves it unjudged and says which line listens;
/// a port none of them covers, a <c>Listen</c> in an inactive section and one whose variable is not known are still
/// judged. Each configuration is one <c>apache2 -t</c> and <c>haproxy -c</c> of this machine accept.</summary>
public class NeighbourListenTests
{
    private const string Apache = "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nErrorLog /dev/null\nServerName app.example.com\n"
        + "Listen 127.0.0.1:8080\nListen 8090 http\nListen [::1]:8095\n<IfDefine NOPE>\nListen 127.0.0.1:8081\n</IfDefine>\nListen ${APP_PORT}\n"
        + "<VirtualHost 127.0.0.1:8080>\n    ServerName app.example.com\n</VirtualHost>\n";

    private const string Haproxy = "defaults\n    mode http\n    timeout connect 5s\n    timeout client 50s\n    timeout server 50s\n\n"
        + "frontend web\n    bind 127.0.0.1:9000-9002,:8443\n    bind unix@/run/haproxy/web.sock\n    bind abns@web\n    default_backend app\n\n"
        + "backend app\n    server a 127.0.0.1:80\n";

    private static CliRunner.Output Lint(string target)
    {
        using var tree = Tree(target);
        return CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
    }

    private static TempTree Tree(string target) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name app.example.com;\n        location / {\n            proxy_pass http://" + target + ";\n        }\n    }\n}\n")
        .Write("etc/apache2/apache2.conf", Apache)
        .Write("etc/haproxy/haproxy.cfg", Haproxy)
        .Write("etc/systemd/system/app.service", "[Service]\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app:app\n");

    [Theory]
    [InlineData("127.0.0.1:8080", "Apache listens there (etc/apache2/apache2.conf:4)")]
    [InlineData("localhost:8080", "Apache listens there (etc/apache2/apache2.conf:4)")]
    [InlineData("127.0.0.1:8090", "Apache listens there (etc/apache2/apache2.conf:5)")]
    [InlineData("[::1]:8095", "Apache listens there (etc/apache2/apache2.conf:6)")]
    [InlineData("127.0.0.1:9001", "HAProxy listens there (etc/haproxy/haproxy.cfg:8)")]
    [InlineData("127.0.0.1:8443", "HAProxy listens there (etc/haproxy/haproxy.cfg:8)")]
    [InlineData("unix:/run/haproxy/web.sock", "HAProxy listens there (etc/haproxy/haproxy.cfg:9)")]
    public void A_target_apache_or_haproxy_listens_on_is_not_judged(string target, string why)
    {
        var output = Lint(target);
        Assert.Equal(0, output.ExitCode);
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("etc/nginx/nginx.conf:7: CL001 did not judge ", output.Stderr, StringComparison.Ordinal);
        Assert.Contains($": {why}", output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8081")] // only in an inactive <IfDefine>
    [InlineData("127.0.0.1:9003")] // past the end of the bind's range
    [InlineData("127.0.0.1:8099")] // Listen ${APP_PORT}: the variable is not known here
    public void A_port_no_listen_covers_is_still_judged(string target)
    {
        var output = Lint(target);
        Assert.Matches(@"etc/nginx/nginx.conf:7:\d+: \w+ CL001", output.Stdout);
        Assert.DoesNotContain("Apache listens there", output.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("HAProxy listens there", output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configurations_are_ones_the_daemons_accept()
    {
        using var tree = Tree("127.0.0.1:8080");
        if (HostTools.Exists("apache2"))
        {
            // The variable is set as Debian's envvars would; without it httpd refuses the line.
            var (exit, output) = HostTools.Run(tree.Root, "env", "APP_PORT=8099", "apache2", "-t", "-d", tree.Path("etc/apache2"), "-f", tree.Path("etc/apache2/apache2.conf"));
            Assert.True(exit == 0, output);
        }

        if (HostTools.Exists("haproxy"))
        {
            var (exit, output) = HostTools.Run(tree.Root, "haproxy", "-c", "-f", tree.Path("etc/haproxy/haproxy.cfg"));
            Assert.True(exit == 0, output);
        }
    }

    /// <summary>CL019 (a container port not published) also leaves alone a loopback port the host's own Apache listens
    /// on: the front end reaches Apache there, not the container.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_unpublished_container_port_apache_listens_on_is_not_reported(bool apacheListens)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8080;\n        }\n    }\n}\n")
            .Write("srv/app/compose.yaml", "services:\n  app:\n    image: example/app:1.0\n    expose:\n      - \"8080\"\n");
        if (apacheListens)
        {
            tree.Write("etc/apache2/apache2.conf", Apache);
        }

        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL019", "--verbose");
        if (apacheListens)
        {
            Assert.DoesNotContain("CL019", output.Stdout, StringComparison.Ordinal);
            Assert.Contains("etc/nginx/nginx.conf:6: CL019 did not judge 127.0.0.1:8080: Apache listens there (etc/apache2/apache2.conf:4)", output.Stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.Matches(@"etc/nginx/nginx.conf:6:\d+: \w+ CL019", output.Stdout);
        }
    }

    /// <summary>A Compose project kept two folders down (lemmy-ansible's /srv/lemmy/DOMAIN) is read, and a host port that
    /// matches no container port (the published port moved) is CL001's: nothing listens there, and the project named for
    /// the site ties the service that publishes. A target port that is a container's stays CL019's.</summary>
    [Theory]
    [InlineData("17204", "error CL001", "Point proxy_pass at 127.0.0.1:17203")]
    [InlineData("17203", "error CL001", "Publish port 80 of the container instead of 8536")]
    [InlineData("8536", "CL019", null)]
    public void A_moved_published_port_two_folders_down_is_reported(string port, string? expected, string? help)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name lemmy.example.org;\n        location / {\n            proxy_pass http://0.0.0.0:" + port + ";\n        }\n    }\n}\n")
            .Write("srv/lemmy/lemmy.example.org/docker-compose.yml", "services:\n  proxy:\n    image: nginx:1-alpine\n    ports:\n      - \"127.0.0.1:17203:8536\"\n    restart: always\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL019");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        if (expected is null)
        {
            Assert.Equal(0, output.ExitCode);
            return;
        }

        Assert.Contains(expected, output.Stdout, StringComparison.Ordinal);
        if (help is not null)
        {
            Assert.Contains(help, output.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>A database's or mail server's published port is never offered as the back end a proxy was meant for
    /// (mailcow publishes Redis on 127.0.0.1:7654): with nothing else to compare with, the target is not judged.</summary>
    [Fact]
    public void A_published_database_port_is_no_candidate()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name mail.example.org;\n        location / {\n            proxy_pass http://127.0.0.1:8080;\n        }\n    }\n}\n")
            .Write("opt/mail/docker-compose.yml", "services:\n  redis:\n    image: redis:7\n    ports:\n      - \"127.0.0.1:7654:6379\"\n    restart: always\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL019", "--verbose");
        Assert.Equal(0, output.ExitCode);
        Assert.Contains("CL001 did not judge 127.0.0.1:8080: no back end ConfLint reads listens there, and none is left unreached", output.Stderr, StringComparison.Ordinal);
    }
}
