using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001 where the only unit that would listen at a target is masked (precision round 31, zoneminder on Debian):
/// <c>systemctl mask</c> links the name to /dev/null, and "a masked unit cannot be started" (systemctl(1)), nor a service
/// that Requires= it (systemd.unit(5)); a socket unit whose service is masked is refused too (socket.c: "Socket service
/// NAME not loaded, refusing"). At least the warning a socket unit that is only disabled gets, naming the mask, with
/// advice (unmask and enable) and no edit.
/// </summary>
public class MaskedUnitTests
{
    private const string Socket = "[Unit]\nDescription=fcgiwrap Socket\n\n[Socket]\nListenStream=/run/fcgiwrap.socket\nSocketUser=www-data\nSocketGroup=www-data\nSocketMode=0660\n\n[Install]\nWantedBy=sockets.target\n";

    private const string Service = "[Unit]\nDescription=Simple CGI Server\nRequires=fcgiwrap.socket\n\n[Service]\nExecStart=/usr/sbin/fcgiwrap -f\nUser=www-data\nGroup=www-data\n\n[Install]\nAlso=fcgiwrap.socket\n";

    private static TempTree Tree(bool socketMasked, bool serviceMasked = false)
    {
        var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location /cgi-bin/ {\n            fastcgi_param SCRIPT_FILENAME /usr/lib$fastcgi_script_name;\n            fastcgi_pass unix:/run/fcgiwrap.socket;\n        }\n    }\n}\n")
            .Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("lib/systemd/system/fcgiwrap.socket", Socket)
            .Write("lib/systemd/system/fcgiwrap.service", Service)
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
            .Link("etc/systemd/system/sockets.target.wants/fcgiwrap.socket", "/lib/systemd/system/fcgiwrap.socket");
        if (socketMasked)
        {
            tree.Link("etc/systemd/system/fcgiwrap.socket", "/dev/null");
        }

        if (serviceMasked)
        {
            tree.Link("etc/systemd/system/fcgiwrap.service", "/dev/null");
        }

        return tree;
    }

    private static string Lint(TempTree tree, params string[] extra)
    {
        var lint = CliRunner.Run(["lint", "--root", tree.Root, "--select", "CL001", .. extra]);
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void A_masked_socket_unit_is_a_warning_naming_the_mask_with_advice()
    {
        using var tree = Tree(socketMasked: true);
        var output = Lint(tree);
        Assert.Contains("warning CL001 fastcgi_pass unix:/run/fcgiwrap.socket: only socket unit 'fcgiwrap.socket' would listen at unix:/run/fcgiwrap.socket, and it is masked (etc/systemd/system/fcgiwrap.socket links to /dev/null)", output, StringComparison.Ordinal);
        Assert.Contains("fcgiwrap.service, which Requires= it, cannot start either", output, StringComparison.Ordinal);
        Assert.Contains("lib/systemd/system/fcgiwrap.socket:5:1: socket unit 'fcgiwrap.socket' would listen here", output, StringComparison.Ordinal);
        Assert.Contains("help: Unmask and enable it: systemctl unmask fcgiwrap.socket && systemctl enable --now fcgiwrap.socket (advice: never applied automatically)", output, StringComparison.Ordinal);

        // No edit: `fix` changes nothing.
        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001", "--unsafe-fixes", "--dry-run");
        Assert.DoesNotContain("+++", fix.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_unit_file_masks_too()
    {
        using var tree = Tree(socketMasked: false);
        tree.Write("etc/systemd/system/fcgiwrap.socket", string.Empty);
        Assert.Contains("and it is masked (etc/systemd/system/fcgiwrap.socket is empty)", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_socket_unmasked_is_fine()
    {
        using var tree = Tree(socketMasked: false);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_masked_socket_unit_that_listens_elsewhere_says_nothing_of_the_mask()
    {
        using var tree = Tree(socketMasked: true);
        tree.Write("lib/systemd/system/fcgiwrap.socket", Socket.Replace("/run/fcgiwrap.socket", "/run/other.socket", StringComparison.Ordinal));
        Assert.DoesNotContain("masked", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_unit_whose_service_is_masked_is_a_warning_too()
    {
        using var tree = Tree(socketMasked: false, serviceMasked: true);
        var output = Lint(tree);
        Assert.Contains("warning CL001 fastcgi_pass unix:/run/fcgiwrap.socket: only socket unit 'fcgiwrap.socket' would listen at unix:/run/fcgiwrap.socket, and its service 'fcgiwrap.service' is masked (etc/systemd/system/fcgiwrap.service links to /dev/null)", output, StringComparison.Ordinal);
        Assert.Contains("Socket service fcgiwrap.service not loaded, refusing", output, StringComparison.Ordinal);
        Assert.Contains("help: Unmask the service and restart its socket: systemctl unmask fcgiwrap.service && systemctl restart fcgiwrap.socket", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_that_may_listen_there_leaves_it_to_a_note()
    {
        using var tree = Tree(socketMasked: true);
        tree.Write("etc/systemd/system/cgi.service", "[Service]\nExecStart=/usr/bin/spawn-cgi-thing --socket /run/fcgiwrap.socket\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/cgi.service", "/etc/systemd/system/cgi.service");
        var output = Lint(tree, "--verbose");
        Assert.DoesNotContain("warning CL001", output, StringComparison.Ordinal);
        Assert.Contains("CL001 did not judge whether anything listens at unix:/run/fcgiwrap.socket", output, StringComparison.Ordinal);
    }
}
