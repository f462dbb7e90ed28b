using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 where the back end binds its Unix socket under /tmp or /var/tmp of a service with a private /tmp
/// (<c>PrivateTmp=</c> true or <c>disconnected</c>, or <c>DynamicUser=yes</c>, which implies it): the socket is in the
/// service's own namespace, nginx finds nothing at the path in the host's /tmp and answers 502. An error with advice only,
/// never a fix pointing nginx at the private path; a socket unit's <c>ListenStream=</c> (made by systemd on the host), a
/// shared /tmp and a TCP bind are no finding.</summary>
public class PrivateTmpSocketTests
{
    private const string Upstream = "upstream chat_app {\n    server unix:/tmp/chat.sock fail_timeout=0;\n}\n\n";

    private static TempTree Tree(string nginxTarget, string bind, string hardening, bool socketUnit = false)
    {
        var site = (nginxTarget == "upstream" ? Upstream : string.Empty)
            + "server {\n    listen 80;\n    server_name chat.example.org;\n    location / {\n        proxy_pass "
            + (nginxTarget == "upstream" ? "http://chat_app" : nginxTarget) + ";\n    }\n}\n";
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/chat.conf", site)
            .Write("etc/systemd/system/chat.service", "[Unit]\nDescription=chat\n\n[Service]\nUser=chat\nWorkingDirectory=/srv/chat\n"
                + $"ExecStart=/srv/chat/venv/bin/gunicorn chat.main:app {bind}\nRestart=on-failure\n{hardening}\n[Install]\nWantedBy=multi-user.target\n");
        if (socketUnit)
        {
            tree.Write("etc/systemd/system/chat.socket", "[Socket]\nListenStream=/tmp/chat.sock\nSocketUser=www-data\n\n[Install]\nWantedBy=sockets.target\n");
        }

        return tree;
    }

    /// <summary>The report and the notes --verbose writes to stderr.</summary>
    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    /// <summary>No CL001 finding of any severity (the notes of --verbose may name the rule).</summary>
    private static void NoFinding(string output)
    {
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("info CL001", output, StringComparison.Ordinal);
    }

    /// <summary>Whether <c>conflint fix</c> would change anything (a safe fix): exit code 1 on a dry run that edits.</summary>
    private static bool HasSafeFix(TempTree tree)
    {
        var dryRun = CliRunner.Run("fix", "--dry-run", "--root", tree.Root, "--select", "CL001");
        Assert.True(dryRun.ExitCode is 0 or 1, dryRun.Stderr);
        return dryRun.ExitCode == 1;
    }

    [Fact]
    public void A_socket_in_the_services_private_tmp_is_an_error_with_advice_only()
    {
        using var tree = Tree("upstream", "--bind unix:/tmp/chat.sock", "PrivateTmp=true\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 proxy_pass http://chat_app reaches /tmp/chat.sock: gunicorn in service 'chat.service' binds /tmp/chat.sock inside its service's own /tmp (PrivateTmp=true in chat.service)", output, StringComparison.Ordinal);
        Assert.Contains("nginx connects to /tmp/chat.sock in the host's /tmp, where nothing listens", output, StringComparison.Ordinal);
        Assert.Contains("chat.service:9:1: PrivateTmp=true: chat.service gets /tmp and /var/tmp of its own", output, StringComparison.Ordinal);
        Assert.Contains("help: Give the socket a folder the proxy and the service both see: RuntimeDirectory=chat in chat.service, bind it at unix:/run/chat/chat.sock", output, StringComparison.Ordinal);
        Assert.Contains("or remove PrivateTmp= from chat.service (advice", output, StringComparison.Ordinal);
        Assert.False(HasSafeFix(tree));
    }

    [Fact]
    public void A_drifted_target_is_never_pointed_at_the_private_path()
    {
        using var tree = Tree("http://unix:/run/chat/chat.sock", "--bind unix:/tmp/chat.sock", "PrivateTmp=yes\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 proxy_pass http://unix:/run/chat/chat.sock: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("but /tmp/chat.sock is inside the service's own /tmp (PrivateTmp=yes in chat.service), which nginx does not see", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Point proxy_pass at", output, StringComparison.Ordinal);
        Assert.Contains("help: Give the socket a folder the proxy and the service both see", output, StringComparison.Ordinal);
        Assert.False(HasSafeFix(tree));
    }

    [Theory]
    [InlineData("DynamicUser=yes\n", "DynamicUser=yes, implying PrivateTmp=, in chat.service")]
    [InlineData("DynamicUser=yes\nPrivateTmp=no\n", "DynamicUser=yes, implying PrivateTmp=, in chat.service")]
    [InlineData("PrivateTmp=disconnected\n", "PrivateTmp=disconnected in chat.service")]
    public void DynamicUser_and_disconnected_make_the_tmp_private_too(string hardening, string said)
    {
        using var tree = Tree("upstream", "--bind unix:/tmp/chat.sock", hardening);
        var output = Lint(tree);
        Assert.Contains("error CL001", output, StringComparison.Ordinal);
        Assert.Contains(said, output, StringComparison.Ordinal);
        Assert.False(HasSafeFix(tree));
    }

    [Fact]
    public void Var_tmp_is_private_as_well()
    {
        using var tree = Tree("http://unix:/var/tmp/chat.sock", "--bind unix:/var/tmp/chat.sock", "PrivateTmp=true\n");
        Assert.Contains("binds /var/tmp/chat.sock inside its service's own /tmp", Lint(tree), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PrivateTmp=no\n")]
    [InlineData("PrivateTmp=false\nProtectSystem=full\n")]
    [InlineData("")]
    public void A_shared_tmp_is_no_finding(string hardening)
    {
        using var tree = Tree("upstream", "--bind unix:/tmp/chat.sock", hardening);
        NoFinding(Lint(tree));
    }

    [Fact]
    public void A_socket_units_listen_stream_is_made_on_the_host()
    {
        using var tree = Tree("upstream", "--bind unix:/tmp/chat.sock", "PrivateTmp=true\n", socketUnit: true);
        NoFinding(Lint(tree));
    }

    [Fact]
    public void A_tcp_bind_is_unaffected()
    {
        using var tree = Tree("http://127.0.0.1:8000", "--bind 127.0.0.1:8000", "PrivateTmp=true\nDynamicUser=yes\n");
        NoFinding(Lint(tree));
    }

    [Theory]
    [InlineData("PrivateTmp=true\n", true)]
    [InlineData("", false)]
    public void A_php_fpm_pool_of_a_service_with_a_private_tmp_is_reported(string hardening, bool reported)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/php.conf", "server {\n    listen 80;\n    root /var/www/html;\n    location ~ \\.php$ {\n        fastcgi_pass unix:/tmp/php-fpm.sock;\n    }\n}\n")
            .Write("etc/php-fpm.conf", "[global]\npid = /run/php-fpm/php-fpm.pid\ninclude=/etc/php-fpm.d/*.conf\n")
            .Write("etc/php-fpm.d/www.conf", "[www]\nuser = apache\ngroup = apache\nlisten = /tmp/php-fpm.sock\nlisten.owner = nginx\nlisten.group = nginx\npm = dynamic\npm.max_children = 50\npm.start_servers = 5\npm.min_spare_servers = 5\npm.max_spare_servers = 35\n")
            .Write("usr/lib/systemd/system/php-fpm.service", $"[Unit]\nDescription=The PHP FastCGI Process Manager\n\n[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm --nodaemonize\n{hardening}\n[Install]\nWantedBy=multi-user.target\n");
        var output = Lint(tree);
        if (reported)
        {
            Assert.Contains("error CL001 fastcgi_pass unix:/tmp/php-fpm.sock: pool 'www' binds /tmp/php-fpm.sock inside its service's own /tmp (PrivateTmp=true in php-fpm.service)", output, StringComparison.Ordinal);
        }
        else
        {
            NoFinding(output);
        }
    }

    [Fact]
    public void A_shared_namespace_is_not_judged()
    {
        using var tree = Tree("upstream", "--bind unix:/tmp/chat.sock", "PrivateTmp=true\n");
        tree.Write("etc/systemd/system/chat.service.d/ns.conf", "[Unit]\nJoinsNamespaceOf=nginx.service\n");
        var output = Lint(tree);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
        Assert.Contains("(JoinsNamespaceOf=), so who sees /tmp/chat.sock is not judged", output, StringComparison.Ordinal);
    }
}
