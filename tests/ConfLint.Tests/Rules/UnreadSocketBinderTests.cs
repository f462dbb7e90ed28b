using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001 at a Unix socket target beside a program ConfLint does not read whose address nothing names (precision round 34,
/// powerdns-admin-gunicorn-socket-nginx and friendica-apache-fpm-debian): bind(2) makes a socket only at the path a program
/// is given, so such a program may be what listens there only where its words, environment or unit's folders name the
/// path or its folder, the folder is named for it, or the folder belongs to no other application. pdns_server (its own
/// /run/pdns) and PHP CLI's <c>php bin/daemon.php</c> do not hide that nothing serves powerdnsadmin.socket's
/// /run/powerdnsadmin/socket or a pool's /run/php socket after the next boot. A TCP target is as before: an unread program
/// may listen on any port.
/// </summary>
public class UnreadSocketBinderTests
{
    /// <summary>nginx at <paramref name="target"/>; shop.socket (<paramref name="listen"/>) and its shop.service, neither
    /// enabled unless <paramref name="socketLinked"/>; the enabled unit <paramref name="unit"/> running what
    /// <paramref name="service"/> says.</summary>
    private static TempTree Tree(string target, string listen, string unit, string service, bool socketLinked = false)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/shop.conf", $"server {{\n    listen 80;\n    server_name shop.example.org;\n    location / {{\n        proxy_pass http://{target};\n    }}\n}}\n")
            .Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/shop.socket", $"[Socket]\nListenStream={listen}\n\n[Install]\nWantedBy=sockets.target\n")
            .Write("lib/systemd/system/shop.service", "[Unit]\nRequires=shop.socket\n\n[Service]\nWorkingDirectory=/srv/shop\nExecStart=/srv/shop/venv/bin/gunicorn shop.wsgi\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write($"etc/systemd/system/{unit}", $"[Service]\n{service}\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
            .Link($"etc/systemd/system/multi-user.target.wants/{unit}", $"/etc/systemd/system/{unit}");
        if (socketLinked)
        {
            tree.Link("etc/systemd/system/sockets.target.wants/shop.socket", "/etc/systemd/system/shop.socket");
        }

        return tree;
    }

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    private const string NotEnabled = "warning CL001 proxy_pass http://unix:/run/shop/app.sock: only socket unit 'shop.socket' listens at unix:/run/shop/app.sock, and it is not enabled";

    /// <summary>A program whose words name no path there, in a folder a back end ConfLint reads binds its socket in: it is
    /// not what listens there, and the socket unit not enabled is reported.</summary>
    [Theory]
    // PowerDNS: pdns_server reads /etc/powerdns/pdns.conf by itself; its sockets go to its own RuntimeDirectory=pdns.
    [InlineData("pdns.service", "ExecStart=/usr/sbin/pdns_server --guardian=no --daemon=no --write-pid=no\nRuntimeDirectory=pdns")]
    // Friendica's worker daemon: php is the interpreter's name, not an application's; its working folder is elsewhere.
    [InlineData("friendica-daemon.service", "WorkingDirectory=/srv/friendica\nExecStart=/usr/bin/php /srv/friendica/bin/daemon.php -f start")]
    [InlineData("friendica-daemon.service", "ExecStart=/usr/bin/php8.2 /srv/friendica/bin/daemon.php -f start")]
    // A configuration file that is not in the root may say any path; the folder is still shop.socket's.
    [InlineData("relay.service", "ExecStart=/opt/relay/bin/relay -c /etc/relay/relay.conf")]
    public void A_program_with_no_claim_on_the_folder_does_not_hide_the_finding(string unit, string service)
    {
        using var tree = Tree("unix:/run/shop/app.sock", "/run/shop/app.sock", unit, service);
        var output = Lint(tree);
        Assert.Contains(NotEnabled, output, StringComparison.Ordinal);
        Assert.Contains("systemd does not create it at boot, so after the next reboot nothing listens there and nginx answers 502", output, StringComparison.Ordinal);
        Assert.DoesNotContain("runs a program ConfLint does not read", output, StringComparison.Ordinal);
    }

    /// <summary>Controls: a program that names the path, its folder or a file in it, whose unit makes the folder or works
    /// in it, or that the folder is named for, may bind there: a note, no finding.</summary>
    [Theory]
    [InlineData("relay.service", "ExecStart=/opt/relay/bin/relay --socket /run/shop/app.sock")]
    [InlineData("relay.service", "ExecStart=/opt/relay/bin/relay --pid /run/shop/relay.pid")]
    [InlineData("relay.service", "ExecStart=/opt/relay/bin/relay\nEnvironment=RELAY_RUN=/run/shop")]
    [InlineData("relay.service", "ExecStart=/opt/relay/bin/relay\nEnvironmentFile=/etc/default/relay")]
    [InlineData("relay.service", "ExecStart=/opt/relay/bin/relay\nRuntimeDirectory=shop")]
    [InlineData("relay.service", "ExecStart=/opt/relay/bin/relay\nWorkingDirectory=/run/shop")]
    [InlineData("shop-relay.service", "ExecStart=/opt/relay/bin/relay")]
    public void A_program_that_may_bind_in_the_folder_keeps_the_silence(string unit, string service)
    {
        using var tree = Tree("unix:/run/shop/app.sock", "/run/shop/app.sock", unit, service)
            .Write("etc/default/relay", "RELAY_SOCKET_DIR=/run/shop\n");
        var output = Lint(tree);
        Assert.DoesNotContain("warning CL001", output, StringComparison.Ordinal);
        Assert.Contains($"CL001 did not judge whether anything listens at unix:/run/shop/app.sock after the next boot", output, StringComparison.Ordinal);
        Assert.Contains($"service '{unit}' runs a program ConfLint does not read", output, StringComparison.Ordinal);
    }

    /// <summary>Controls: a socket right in /run (a folder every program shares) is no one's, and at a TCP target an unread
    /// program may listen on any port; PHP's built-in server (<c>php -S</c>) listens at the address it is given.</summary>
    [Theory]
    [InlineData("unix:/run/shop.sock", "/run/shop.sock", "pdns.service", "ExecStart=/usr/sbin/pdns_server --guardian=no")]
    [InlineData("127.0.0.1:8000", "127.0.0.1:8000", "pdns.service", "ExecStart=/usr/sbin/pdns_server --guardian=no")]
    [InlineData("127.0.0.1:8000", "127.0.0.1:8000", "chat.service", "ExecStart=/usr/bin/php /srv/chat/bin/chat-server.php")]
    [InlineData("127.0.0.1:8000", "127.0.0.1:8000", "devserver.service", "ExecStart=/usr/bin/php -S 127.0.0.1:8000 -t /srv/www")]
    public void Shared_folders_and_tcp_targets_are_as_before(string target, string listen, string unit, string service)
    {
        using var tree = Tree(target, listen, unit, service);
        var output = Lint(tree);
        Assert.DoesNotContain("warning CL001", output, StringComparison.Ordinal);
        Assert.Contains($"service '{unit}' runs", output, StringComparison.Ordinal);
    }

    /// <summary>A target drifted within a socket unit's folder (the unit enabled): a program whose file is not in the root no
    /// longer leaves it info; the folder's owner is the one meant, and nothing listens there.</summary>
    [Fact]
    public void A_drift_in_another_applications_folder_is_judged_despite_an_unseen_file()
    {
        using var tree = Tree("unix:/run/shop/api.sock", "/run/shop/app.sock", "relay.service", "ExecStart=/opt/relay/bin/relay -c /etc/relay/relay.conf", socketLinked: true);
        Assert.Contains("error CL001 [*] proxy_pass http://unix:/run/shop/api.sock: nothing on this host listens there (socket unit 'shop.socket' listens on /run/shop/app.sock)", Lint(tree), StringComparison.Ordinal);

        // Its unit making the folder: it may be configured there, and the finding is info again.
        tree.Write("etc/systemd/system/relay.service", "[Service]\nExecStart=/opt/relay/bin/relay -c /etc/relay/relay.conf\nRuntimeDirectory=shop\n\n[Install]\nWantedBy=multi-user.target\n");
        Assert.Contains("info CL001 proxy_pass http://unix:/run/shop/api.sock: no back end ConfLint reads listens there, and service 'relay.service' runs a program ConfLint does not read, whose file /etc/relay/relay.conf is not in the root", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>The masked socket unit's target, with pdns_server beside it: reported as masked; with a program naming the
    /// folder, a note.</summary>
    [Theory]
    [InlineData("ExecStart=/usr/sbin/pdns_server --guardian=no\nRuntimeDirectory=pdns", true)]
    [InlineData("ExecStart=/opt/relay/bin/relay --pid /run/shop/relay.pid", false)]
    public void A_masked_socket_unit_beside_an_unread_program(string service, bool reported)
    {
        using var tree = Tree("unix:/run/shop/app.sock", "/run/shop/app.sock", "other.service", service, socketLinked: true)
            .Link("etc/systemd/system/shop.service", "/dev/null");
        var output = Lint(tree);
        Assert.Equal(reported, output.Contains("warning CL001 proxy_pass http://unix:/run/shop/app.sock: only socket unit 'shop.socket' would listen at unix:/run/shop/app.sock, and its service 'shop.service' is masked", StringComparison.Ordinal));
        Assert.Equal(!reported, output.Contains("service 'other.service' runs a program ConfLint does not read", StringComparison.Ordinal));
    }

    /// <summary>Sympa (round 35): a socket named for the back end given exactly that path (shop.socket's /run/shop/shop.sock)
    /// is that back end's; a program of the same family that keeps its pid file beside it (shop-archive.service,
    /// PIDFile=/run/shop/archived.pid) does not hide that nothing serves it after the next boot. Controls: a socket not
    /// named for it (app.sock) keeps the family's claim; a program naming the socket's folder itself still may bind it.</summary>
    [Fact]
    public void A_socket_named_for_its_back_end_is_not_claimed_by_a_family_programs_pid_file()
    {
        const string archive = "ExecStart=/opt/shop/bin/archived.pl\nType=forking\nPIDFile=/run/shop/archived.pid";
        using var named = Tree("unix:/run/shop/shop.sock", "/run/shop/shop.sock", "shop-archive.service", archive);
        var output = Lint(named);
        Assert.Contains("warning CL001 proxy_pass http://unix:/run/shop/shop.sock: only socket unit 'shop.socket' listens at unix:/run/shop/shop.sock, and it is not enabled", output, StringComparison.Ordinal);

        using var generic = Tree("unix:/run/shop/app.sock", "/run/shop/app.sock", "shop-archive.service", archive);
        Assert.DoesNotContain(NotEnabled, Lint(generic), StringComparison.Ordinal);

        using var folder = Tree("unix:/run/shop/shop.sock", "/run/shop/shop.sock", "shop-archive.service", "ExecStart=/opt/shop/bin/archived.pl --run-dir /run/shop");
        Assert.DoesNotContain("warning CL001", Lint(folder), StringComparison.Ordinal);
    }
}
