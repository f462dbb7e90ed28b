using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001 where the only socket unit listening at a target starts a service the root does not have (precision round 32,
/// Nominatim: nominatim.service renamed nominatim-api.service, nominatim.socket left without Service=): systemd refuses
/// to start the socket ("Socket service nominatim.service not loaded, refusing"), the renamed service's
/// Requires=nominatim.socket fails with it, and its own -b is not where anything listens. An error at the target, the
/// socket unit's listen line related, advice only (Service= or renaming: two outcomes).
/// </summary>
public class MissingSocketServiceTests
{
    private const string Socket = "[Unit]\nDescription=Gunicorn socket for Nominatim\n\n[Socket]\nListenStream=/run/nominatim.sock\nSocketUser=www-data\n\n[Install]\nWantedBy=sockets.target\n";

    private const string Service = "[Unit]\nDescription=Nominatim\nAfter=network.target\nRequires=nominatim.socket\n\n[Service]\nUser=nominatim\nGroup=nominatim\nWorkingDirectory=/srv/nominatim/nominatim-project\nExecStart=/srv/nominatim/venv/bin/gunicorn -b unix:/run/nominatim.sock -w 4 -k uvicorn.workers.UvicornWorker nominatim.server.falcon.server:run_wsgi\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Tree(string serviceName = "nominatim-api.service", string socket = Socket, string service = Service)
    {
        var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nnominatim:x:1001:1001::/srv/nominatim:/bin/bash\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nnominatim:x:1001:\n")
            .Write("etc/os-release", "ID=ubuntu\nVERSION_ID=\"24.04\"\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://unix:/run/nominatim.sock;\n        }\n    }\n}\n")
            .Write("etc/systemd/system/nominatim.socket", socket)
            .Write("etc/systemd/system/" + serviceName, service);
        return tree;
    }

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Fact]
    public void A_socket_unit_whose_service_was_renamed_is_an_error_naming_the_renamed_service()
    {
        using var tree = Tree();
        var output = Lint(tree);
        Assert.Contains("etc/nginx/nginx.conf:7:24: error CL001 proxy_pass http://unix:/run/nominatim.sock: only socket unit 'nominatim.socket' listens at unix:/run/nominatim.sock, and nominatim.socket has no Service=, so it starts nominatim.service, which no unit folder of the root holds: systemd refuses to start the socket ('nominatim.socket: Socket service nominatim.service not loaded, refusing'", output, StringComparison.Ordinal);
        Assert.Contains("nominatim-api.service, which Requires= it, cannot start either", output, StringComparison.Ordinal);
        Assert.Contains("etc/systemd/system/nominatim.socket:5:1: socket unit 'nominatim.socket' would listen here, for nominatim.service", output, StringComparison.Ordinal);
        Assert.Contains("help: Name the service in nominatim.socket: Service=nominatim-api.service in its [Socket] section, or rename nominatim-api.service back to nominatim.service", output, StringComparison.Ordinal);

        // No edit: `fix` changes nothing.
        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001", "--unsafe-fixes", "--dry-run");
        Assert.DoesNotContain("+++", fix.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_under_the_socket_units_name_is_fine()
    {
        using var tree = Tree(serviceName: "nominatim.service");
        Assert.DoesNotContain("error CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Service_naming_the_renamed_unit_is_fine()
    {
        using var tree = Tree(socket: Socket.Replace("SocketUser=www-data\n", "SocketUser=www-data\nService=nominatim-api.service\n", StringComparison.Ordinal));
        Assert.DoesNotContain("error CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_link_of_the_services_name_is_the_service()
    {
        using var tree = Tree();
        tree.Link("etc/systemd/system/nominatim.service", "/etc/systemd/system/nominatim-api.service");
        Assert.DoesNotContain("error CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void An_init_script_of_the_name_gives_the_service()
    {
        using var tree = Tree();
        tree.Write("etc/init.d/nominatim", "#!/bin/sh\n");
        Assert.DoesNotContain("error CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_that_binds_the_path_without_needing_the_socket_listens()
    {
        // Nothing ties nominatim-api.service to the socket unit: its gunicorn binds the path itself.
        using var tree = Tree(service: Service.Replace("Requires=nominatim.socket\n", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("error CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_packages_unit_folders_a_socket_unit_nothing_needs_is_not_judged()
    {
        // Only /etc/systemd/system: a packaged nominatim.service may be in /lib/systemd/system on the host.
        using var tree = Tree(service: Service.Replace("Requires=nominatim.socket\n", string.Empty, StringComparison.Ordinal).Replace("-b unix:/run/nominatim.sock ", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("error CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_packages_unit_folders_a_socket_unit_nothing_needs_is_judged()
    {
        using var tree = Tree(service: Service.Replace("Requires=nominatim.socket\n", string.Empty, StringComparison.Ordinal).Replace("-b unix:/run/nominatim.sock ", string.Empty, StringComparison.Ordinal));
        tree.Write("lib/systemd/system/ssh.service", "[Service]\nExecStart=/usr/sbin/sshd -D\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 proxy_pass http://unix:/run/nominatim.sock: only socket unit 'nominatim.socket' listens at unix:/run/nominatim.sock", output, StringComparison.Ordinal);
        Assert.Contains("help: Name the service in nominatim.socket: Service=NAME.service in its [Socket] section, or give the service the name nominatim.service", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_yes_without_the_template_is_an_error()
    {
        using var tree = Tree(socket: Socket.Replace("SocketUser=www-data\n", "SocketUser=www-data\nAccept=yes\n", StringComparison.Ordinal));
        tree.Write("lib/systemd/system/ssh.service", "[Service]\nExecStart=/usr/sbin/sshd -D\n");
        var output = Lint(tree);
        Assert.Contains("nominatim.socket has Accept=yes, so it starts an instance of nominatim@.service for each connection, which no unit folder of the root holds", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_yes_with_the_template_is_fine()
    {
        using var tree = Tree(socket: Socket.Replace("SocketUser=www-data\n", "SocketUser=www-data\nAccept=yes\n", StringComparison.Ordinal));
        tree.Write("lib/systemd/system/nominatim@.service", "[Service]\nExecStart=/usr/bin/handler\nStandardInput=socket\n");
        Assert.DoesNotContain("error CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_masked_service_is_left_to_the_mask()
    {
        using var tree = Tree();
        tree.Link("etc/systemd/system/nominatim.service", "/dev/null");
        var output = Lint(tree);
        Assert.DoesNotContain("no unit folder of the root holds", output, StringComparison.Ordinal);
    }
}
