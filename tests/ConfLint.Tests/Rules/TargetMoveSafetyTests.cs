using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's fixes that move a target to where the back end listens (TargetMoves): safe only where the site works
/// there. The scheme the pass keeps against the listener's TLS, a Compose port whose image says (or does not say) what it
/// serves, a back end with several listeners, a socket whose folder is not known to be there or whose path is written
/// relative; and the plain move that stays safe. Each safe fix is applied, and a second lint must not report CL001.</summary>
public sealed class TargetMoveSafetyTests
{
    private const string Unit = "[Unit]\nDescription=app\n\n[Service]\nUser=www-data\nWorkingDirectory=/opt/myapp\nExecStart={0}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Upstream(string server, string pass, string command) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
        .Write("etc/nginx/sites-enabled/myapp", $"upstream myapp {{\n    server {server};\n}}\nserver {{\n    listen 80;\n    server_name myapp.example.net;\n    location / {{\n        {pass}\n    }}\n}}\n")
        .Write("etc/systemd/system/myapp.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Unit, command))
        .Write("opt/myapp/app.py", "# app\n");

    private static TempTree Portainer(string server, string scheme, params string[] ports) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write("etc/nginx/conf.d/portainer.conf", $"upstream portainer {{\n    server {server};\n}}\nserver {{\n    listen 80;\n    server_name portainer.example.net;\n    location / {{\n        proxy_pass {scheme}://portainer/;\n    }}\n}}\n")
        .Write("opt/portainer/compose.yaml", "services:\n  portainer:\n    image: portainer/portainer-ce:2.21.5\n    restart: always\n    ports:\n"
            + string.Concat(ports.Select(p => $"      - \"{p}\"\n")) + "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - portainer_data:/data\nvolumes:\n  portainer_data:\n");

    private static TempTree Ledger(string bind) => new TempTree()
        .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nledger:x:997:997::/srv/ledger:/usr/sbin/nologin\n")
        .Write("etc/group", "root:x:0:\nwww-data:x:33:\nledger:x:997:\n")
        .Write("etc/systemd/system/ledger.service", $"[Service]\nType=notify\nUser=ledger\nWorkingDirectory=/srv/ledger\nRuntimeDirectory=ledger\nExecStart=/usr/bin/bundle exec puma -b {bind}\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n\tupstream ledger {\n\t\tserver unix:/run/ledger/puma.sock fail_timeout=0;\n\t}\n\tserver {\n\t\tlisten 80;\n\t\tserver_name ledger.example.org;\n\t\tlocation / {\n\t\t\tproxy_pass http://ledger;\n\t\t}\n\t}\n}\n")
        .Write("srv/ledger/config.ru", "run ->(env) { [200, {}, [\"ok\"]] }\n");

    private sealed record Finding(string Severity, string Where, string Message, string? Fix, string? Help);

    private static List<Finding> Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json", "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => new Finding(
            d.GetProperty("severity").GetString()!, $"{d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}",
            d.GetProperty("message").GetString()!,
            d.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("applicability").GetString() : null,
            d.TryGetProperty("fix", out var help) && help.ValueKind == JsonValueKind.Object ? help.GetProperty("description").GetString() : null)).ToList();
    }

    private static void Fix(TempTree tree, bool unsafeFixes = false)
    {
        var output = unsafeFixes
            ? CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001", "--unsafe-fixes")
            : CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
    }

    private static string Read(TempTree tree, string path) => File.ReadAllText(tree.Path(path));

    [Fact]
    public void A_plain_gunicorn_moved_on_http_stays_safe_and_is_not_reported_again()
    {
        using var tree = Upstream("127.0.0.1:8000", "proxy_pass http://myapp;", "/opt/myapp/venv/bin/gunicorn --bind 127.0.0.1:8001 app:app");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal(("error", "safe"), (finding.Severity, finding.Fix));
        Assert.DoesNotContain("but", finding.Help, StringComparison.Ordinal);

        Fix(tree);
        Assert.Contains("server 127.0.0.1:8001;", Read(tree, "etc/nginx/sites-enabled/myapp"), StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://myapp;", Read(tree, "etc/nginx/sites-enabled/myapp"), StringComparison.Ordinal);
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_move_to_a_tls_listener_behind_http_is_unsafe_names_both_remedies_and_writes_https()
    {
        using var tree = Upstream("127.0.0.1:8000", "proxy_pass http://myapp;", "/opt/myapp/venv/bin/gunicorn --bind 127.0.0.1:8443 --certfile /etc/ssl/myapp.pem --keyfile /etc/ssl/myapp.key app:app");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal(("error", "unsafe"), (finding.Severity, finding.Fix));
        Assert.Contains("write https:// in proxy_pass http://myapp", finding.Help, StringComparison.Ordinal);
        Assert.Contains("serves TLS only there (--certfile is set)", finding.Help, StringComparison.Ordinal);
        Assert.Contains("serve plain HTTP there", finding.Help, StringComparison.Ordinal);

        Fix(tree);
        Assert.Contains("server 127.0.0.1:8000;", Read(tree, "etc/nginx/sites-enabled/myapp"), StringComparison.Ordinal);

        Fix(tree, unsafeFixes: true);
        var site = Read(tree, "etc/nginx/sites-enabled/myapp");
        Assert.Contains("server 127.0.0.1:8443;", site, StringComparison.Ordinal);
        Assert.Contains("proxy_pass https://myapp;", site, StringComparison.Ordinal);
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_move_from_https_to_a_plain_listener_writes_http_in_every_pass_of_the_upstream_and_stays_safe()
    {
        using var tree = Upstream("127.0.0.1:8000", "proxy_pass https://myapp;\n        }\n        location /api/ {\n            proxy_pass https://myapp/api/;", "/opt/myapp/venv/bin/gunicorn --bind 127.0.0.1:8001 app:app");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("safe", finding.Fix);
        Assert.Contains("write http:// in the 2 passes that use it", finding.Help, StringComparison.Ordinal);

        Fix(tree);
        var site = Read(tree, "etc/nginx/sites-enabled/myapp");
        Assert.Contains("server 127.0.0.1:8001;", site, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://myapp;", site, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://myapp/api/;", site, StringComparison.Ordinal);
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_direct_https_pass_moved_to_a_plain_listener_takes_the_plain_scheme()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        server_name myapp.example.net;\n        location / {\n            proxy_pass https://127.0.0.1:8000/;\n        }\n    }\n}\n")
            .Write("etc/systemd/system/myapp.service", string.Format(System.Globalization.CultureInfo.InvariantCulture, Unit, "/opt/myapp/venv/bin/gunicorn --bind 127.0.0.1:8001 app:app"));
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("safe", finding.Fix);
        Fix(tree);
        Assert.Contains("proxy_pass http://127.0.0.1:8001/;", Read(tree, "etc/nginx/nginx.conf"), StringComparison.Ordinal);
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void An_upstream_with_another_server_keeps_its_scheme_and_the_move_is_unsafe()
    {
        // The pass's scheme is the other server's too: writing http:// would break it.
        using var tree = Upstream("127.0.0.1:8000;\n    server 10.0.0.5:8443", "proxy_pass https://myapp;", "/opt/myapp/venv/bin/gunicorn --bind 127.0.0.1:8001 app:app");
        var finding = Assert.Single(Lint(tree), f => f.Where == "etc/nginx/sites-enabled/myapp:2");
        Assert.Equal("unsafe", finding.Fix);
        Assert.Contains("opens TLS (https://) where gunicorn in service 'myapp.service' speaks plain HTTP", finding.Help, StringComparison.Ordinal);
        Assert.DoesNotContain("write http://", finding.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void Portainer_published_on_its_https_port_only_is_no_safe_move_for_plain_http()
    {
        using var tree = Portainer("127.0.0.1:9000", "http", "127.0.0.1:9443:9443");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal(("error", "unsafe"), (finding.Severity, finding.Fix));
        Assert.Contains("where portainer/portainer-ce:2.21.5 serves HTTPS only", finding.Message, StringComparison.Ordinal);
        Assert.Contains("write https:// in proxy_pass http://portainer/", finding.Help, StringComparison.Ordinal);
        Assert.Contains("publish port 9000 of the container (where portainer/portainer-ce:2.21.5 serves plain HTTP)", finding.Help, StringComparison.Ordinal);

        Fix(tree, unsafeFixes: true);
        Assert.Contains("proxy_pass https://portainer/;", Read(tree, "etc/nginx/conf.d/portainer.conf"), StringComparison.Ordinal);
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void Plain_http_to_portainers_published_https_port_is_the_tls_warning()
    {
        using var tree = Portainer("127.0.0.1:9443", "http", "127.0.0.1:9443:9443");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("warning", finding.Severity);
        Assert.Contains("speaks plain HTTP to 127.0.0.1:9443, where every listener serves TLS only", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_that_moves_portainers_ports_leaves_them_unknown()
    {
        using var tree = Portainer("127.0.0.1:9443", "http", "127.0.0.1:9443:9443");
        File.WriteAllText(tree.Path("opt/portainer/compose.yaml"), Read(tree, "opt/portainer/compose.yaml").Replace("    restart: always\n", "    restart: always\n    command: --bind-https :9000 --bind :9443\n", StringComparison.Ordinal));
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_compose_port_of_an_image_the_table_does_not_describe_is_no_safe_move()
    {
        using var tree = Portainer("127.0.0.1:9000", "http", "127.0.0.1:8081:8080");
        File.WriteAllText(tree.Path("opt/portainer/compose.yaml"), Read(tree, "opt/portainer/compose.yaml").Replace("portainer/portainer-ce:2.21.5", "ghcr.io/example/portainer-dashboard:1.4", StringComparison.Ordinal));
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("unsafe", finding.Fix);
        Assert.Contains("what Compose service 'portainer' serves on port 8080 of its container is not known", finding.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_published_ports_of_the_tied_service_are_both_named_and_the_move_is_unsafe()
    {
        using var tree = Portainer("127.0.0.1:8443", "https", "127.0.0.1:8000:8000", "127.0.0.1:9443:9443");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("unsafe", finding.Fix);
        Assert.Contains("127.0.0.1:8000 (published by Docker for port 8000", finding.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9443 (published by Docker for port 9443", finding.Message, StringComparison.Ordinal);
        Assert.Contains("listens on 2 addresses the site could be sent to", finding.Help, StringComparison.Ordinal);
        // The fix goes to the port that serves what the pass speaks (HTTPS), not to the nearer Edge tunnel.
        Assert.StartsWith("Point the upstream server at 127.0.0.1:9443", finding.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_binds_of_one_gunicorn_are_one_server_and_the_move_stays_safe()
    {
        using var tree = Upstream("127.0.0.1:8000", "proxy_pass http://myapp;", "/opt/myapp/venv/bin/gunicorn --bind 127.0.0.1:8001 --bind 127.0.0.1:8002 app:app");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("safe", finding.Fix);
    }

    [Fact]
    public void A_relative_puma_socket_is_said_relative_and_the_fix_writes_the_bind_absolute()
    {
        using var tree = Ledger("unix://run/ledger/puma.sock");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal(("error", "unsafe"), (finding.Severity, finding.Fix));
        Assert.Contains("puma takes 'unix://run/ledger/puma.sock' as a path relative to the folder it runs in, /srv/ledger", finding.Message, StringComparison.Ordinal);
        Assert.Contains("nothing shows that /srv/ledger/run/ledger exists", finding.Message, StringComparison.Ordinal);
        Assert.Contains("'unix:///run/ledger/puma.sock' for 'unix://run/ledger/puma.sock'", finding.Help, StringComparison.Ordinal);
        Assert.Contains("RuntimeDirectory=ledger of ledger.service makes it", finding.Help, StringComparison.Ordinal);

        Fix(tree);
        Assert.Contains("server unix:/run/ledger/puma.sock", Read(tree, "etc/nginx/nginx.conf"), StringComparison.Ordinal);
        Fix(tree, unsafeFixes: true);
        Assert.Contains("puma -b unix:///run/ledger/puma.sock", Read(tree, "etc/systemd/system/ledger.service"), StringComparison.Ordinal);
        Assert.Contains("server unix:/run/ledger/puma.sock", Read(tree, "etc/nginx/nginx.conf"), StringComparison.Ordinal);
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_socket_in_a_folder_nothing_shows_is_no_safe_move()
    {
        using var tree = Ledger("unix:///srv/ledger/sockets/puma.sock");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("unsafe", finding.Fix);
        Assert.Contains("nothing shows that /srv/ledger/sockets exists", finding.Help, StringComparison.Ordinal);
        Assert.DoesNotContain("relative", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("srv/ledger/sockets/.keep", "")]
    [InlineData("etc/tmpfiles.d/ledger.conf", "d /srv/ledger/sockets 0755 ledger ledger -\n")]
    [InlineData("usr/lib/tmpfiles.d/ledger.conf", "# the ledger's socket folder\nd! /srv/ledger/sockets 0750 ledger www-data\n")]
    public void A_socket_whose_folder_the_root_holds_or_tmpfiles_makes_is_a_safe_move(string file, string content)
    {
        using var tree = Ledger("unix:///srv/ledger/sockets/puma.sock").Write(file, content);
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("safe", finding.Fix);
        Fix(tree);
        Assert.Contains("server unix:/srv/ledger/sockets/puma.sock", Read(tree, "etc/nginx/nginx.conf"), StringComparison.Ordinal);
        Assert.Empty(Lint(tree));
    }

    [Fact]
    public void A_socket_in_the_units_runtime_folder_is_a_safe_move()
    {
        using var tree = Ledger("unix:///run/ledger/app.sock");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("safe", finding.Fix);
    }

    [Fact]
    public void A_tmpfiles_line_of_another_type_or_a_file_masked_by_etc_makes_no_folder()
    {
        using var tree = Ledger("unix:///srv/ledger/sockets/puma.sock")
            .Write("usr/lib/tmpfiles.d/ledger.conf", "d /srv/ledger/sockets 0755 ledger ledger -\n")
            .Write("etc/tmpfiles.d/ledger.conf", "# masked\ne /srv/ledger/sockets - - - 1d\n");
        Assert.Equal("unsafe", Assert.Single(Lint(tree)).Fix);
    }
    /// <summary>gunicorn bound to an address the root does not give this host (a VM cloned from another, an IP changed):
    /// bind() fails there, so the move to it is no safe fix; bound to the host's own address, it stays safe.</summary>
    [Theory]
    [InlineData("10.10.0.21", "unsafe")]
    [InlineData("10.10.0.35", "safe")]
    public void A_move_to_an_address_this_host_does_not_have_is_unsafe(string bind, string applicability)
    {
        using var tree = Upstream("127.0.0.1:8000", "proxy_pass http://myapp;", $"/opt/myapp/venv/bin/gunicorn --bind {bind}:8000 app:app")
            .Write("etc/hostname", "tools\n")
            .Write("etc/hosts", "127.0.0.1 localhost\n10.10.0.35 tools.example.com tools\n")
            .Write("etc/network/interfaces", "auto lo\niface lo inet loopback\n\nauto ens18\niface ens18 inet static\n    address 10.10.0.35/24\n    gateway 10.10.0.1\n");
        var finding = Assert.Single(Lint(tree));
        Assert.Equal("error", finding.Severity);
        Assert.Equal(applicability, finding.Fix);
        if (applicability == "unsafe")
        {
            Assert.Contains("it binds 10.10.0.21, which is not an address of this host (10.10.0.35)", finding.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("not an address of this host", finding.Message, StringComparison.Ordinal);
        }
    }
}
