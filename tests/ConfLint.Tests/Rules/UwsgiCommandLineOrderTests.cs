using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// uWSGI's command line in its own order, and socket paths as the kernel spells them (precision round 37, AWX's web
/// container). uwsgi_commandline_config (core/uwsgi.c) runs getopt_long over the line first, loading an <c>--ini</c> where
/// it stands and queueing the other options, then loads each bare <c>.ini</c>/<c>.xml</c> word; the last value of an
/// option wins. Checked with uWSGI 2.0.21: <c>uwsgi h.ini --harakiri 2</c> (the file says 10) lets a 4 s request finish,
/// <c>uwsgi --ini h.ini --harakiri 2</c> kills it. A <c>//</c> in a socket path is one slash to the kernel.
/// </summary>
public class UwsgiCommandLineOrderTests
{
    private const string Nginx = """
        user www-data;
        events {}
        http {
            server {
                listen 80;
                location / { include uwsgi_params; uwsgi_pass unix:/etc/tower/uwsgi.sock; uwsgi_read_timeout 125s; }
            }
        }
        """;

    private static string Unit(string execStart) =>
        $"[Service]\nExecStart={execStart}\nUser=awx\nGroup=www-data\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Tree(string execStart, string socket = "/etc/tower/uwsgi.sock") =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx)
            .Write("etc/systemd/system/awx-web.service", Unit(execStart))
            .Link("etc/systemd/system/multi-user.target.wants/awx-web.service", "/etc/systemd/system/awx-web.service")
            .Write("etc/tower/uwsgi.ini", $"[uwsgi]\nmaster = true\nsocket = {socket}\nchmod-socket = 660\nharakiri = 120\n")
            .Write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nawx:x:1000:33:awx:/var/lib/awx:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void A_bare_ini_file_is_read_after_the_options_so_its_harakiri_wins()
    {
        using var tree = Tree("/usr/bin/uwsgi /etc/tower/uwsgi.ini --harakiri 300");
        Assert.DoesNotContain("warning CL006", Lint(tree), StringComparison.Ordinal);

        // The option before the bare file changes nothing either: getopt moves the file to the end.
        using var before = Tree("/usr/bin/uwsgi --harakiri 300 /etc/tower/uwsgi.ini");
        Assert.DoesNotContain("warning CL006", Lint(before), StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_after_ini_wins_over_the_file()
    {
        using var tree = Tree("/usr/bin/uwsgi --ini /etc/tower/uwsgi.ini --harakiri 300");
        Assert.Contains("warning CL006 [*] uwsgi_read_timeout 125s for uwsgi_pass unix:/etc/tower/uwsgi.sock, but uwsgi in service 'awx-web.service' lets a request run for 5m (harakiri)", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_doubled_slash_in_a_socket_path_is_the_same_file_not_a_link()
    {
        using var doubled = Tree("/usr/bin/uwsgi --ini /etc/tower/uwsgi.ini", socket: "/etc/tower//uwsgi.sock");
        var output = Lint(doubled);
        Assert.DoesNotContain("CL002", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);

        using var dotted = Tree("/usr/bin/uwsgi --ini /etc/tower/uwsgi.ini", socket: "/etc/./tower/uwsgi.sock");
        Assert.DoesNotContain("CL002", Lint(dotted), StringComparison.Ordinal);

        // Another folder is still another file: CL001 (info here: nothing ties the service to this site), the path as plain.
        using var other = Tree("/usr/bin/uwsgi --ini /etc/tower/uwsgi.ini", socket: "/etc/tower/web//uwsgi.sock");
        Assert.Contains("info CL001 uwsgi_pass unix:/etc/tower/uwsgi.sock: nothing on this host listens there (uwsgi in service 'awx-web.service' listens on /etc/tower/web/uwsgi.sock,", Lint(other), StringComparison.Ordinal);
    }
}
