using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A Rails application under unicorn behind nginx, in capistrano-unicorn-nginx's shape: <c>bundle exec unicorn -D
/// -c shared/config/unicorn.rb -E production</c>, the socket written through Ruby local variables, no <c>Restart=</c>.
/// Once unicorn is read, CL001 judges the socket, CL006 compares nginx's read timeout with unicorn's <c>timeout</c>, CL007
/// finds the unit without Restart=, and a socket in a PrivateTmp= service's /tmp is judged like any back end's.</summary>
public sealed class UnicornRuleTests
{
    private const string Unit = "[Unit]\nDescription=unicorn\n\n[Service]\nType=forking\nUser=deploy\nWorkingDirectory=/var/www/shop/current\n"
        + "PIDFile=/var/www/shop/shared/tmp/pids/unicorn.pid\nExecStart=/usr/local/bin/bundle exec unicorn -D -c /var/www/shop/shared/config/unicorn.rb -E production\n";

    private static TempTree Tree(string upstream, string unicorn, string unitExtra = "") => new TempTree()
        .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\ndeploy:x:1000:1000::/home/deploy:/bin/bash\n")
        .Write("etc/group", "root:x:0:\nwww-data:x:33:\ndeploy:x:1000:\n")
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write("etc/nginx/conf.d/shop.conf", $"upstream unicorn_shop {{\n    server {upstream} fail_timeout=0;\n}}\n\nserver {{\n    listen 80;\n    server_name shop.example.com;\n    location / {{\n        proxy_pass http://unicorn_shop;\n    }}\n}}\n")
        .Write("etc/systemd/system/unicorn_shop.service", Unit + unitExtra + "\n[Install]\nWantedBy=multi-user.target\n")
        .Write("var/www/shop/shared/config/unicorn.rb", unicorn)
        .Write("var/www/shop/shared/tmp/sockets/.keep", string.Empty)
        .Write("run/shop/.keep", string.Empty)
        .Link("var/www/shop/current", "/var/www/shop/releases/1")
        .Write("var/www/shop/releases/1/config.ru", "run Rails.application\n");

    private const string Config = "app_dir = \"/var/www/shop\"\nshared_dir = \"#{app_dir}/shared\"\nworking_directory \"#{app_dir}/current\"\nworker_processes 3\n"
        + "listen \"#{shared_dir}/tmp/sockets/unicorn.sock\", :backlog => 64\n";

    private static List<(string Code, string Severity, string Where, string? Fix)> Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => (
            d.GetProperty("code").GetString()!, d.GetProperty("severity").GetString()!, $"{d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}",
            d.GetProperty("fix").ValueKind == JsonValueKind.Null ? null : d.GetProperty("fix").GetProperty("applicability").GetString())).ToList();
    }

    [Fact]
    public void The_socket_unicorn_listens_on_is_no_finding_and_CL007_finds_the_missing_Restart()
    {
        using var tree = Tree("unix:/var/www/shop/shared/tmp/sockets/unicorn.sock", Config);
        var findings = Lint(tree);
        Assert.DoesNotContain(findings, f => f.Code is "CL001" or "CL006");
        Assert.Contains(findings, f => f is { Code: "CL007", Severity: "warning", Fix: "safe" } && f.Where.StartsWith("etc/systemd/system/unicorn_shop.service", StringComparison.Ordinal));
    }

    [Fact]
    public void CL001_finds_the_socket_unicorn_never_creates_with_a_safe_fix()
    {
        // The socket moved from capistrano-unicorn-nginx's /tmp/unicorn.NAME.sock into the shared folder; nginx still names
        // a path no one binds. unicorn is the one back end and its socket lies in its own folder: the fix is safe.
        using var tree = Tree("unix:/run/shop/unicorn.sock", Config, "Restart=on-failure\n");
        var findings = Lint(tree);
        Assert.Contains(("CL001", "error", "etc/nginx/conf.d/shop.conf:2", "safe"), findings);

        var output = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Contains("server unix:/var/www/shop/shared/tmp/sockets/unicorn.sock fail_timeout=0;", tree.Read("etc/nginx/conf.d/shop.conf"));
    }

    [Fact]
    public void A_socket_path_built_from_a_variable_assigned_twice_is_not_judged()
    {
        using var tree = Tree("unix:/run/shop/unicorn.sock", "shared_dir = '/var/www/shop/shared'\nshared_dir = ENV['SHARED'] if ENV['SHARED']\nlisten \"#{shared_dir}/tmp/sockets/unicorn.sock\"\n", "Restart=on-failure\n");
        Assert.DoesNotContain(Lint(tree), f => f.Code == "CL001" && f.Severity is "warning" or "error");
    }

    [Fact]
    public void CL006_compares_nginx_with_unicorns_timeout_and_its_default()
    {
        using var raised = Tree("unix:/var/www/shop/shared/tmp/sockets/unicorn.sock", Config + "timeout 120\n", "Restart=on-failure\n");
        Assert.Contains(("CL006", "warning", "etc/nginx/conf.d/shop.conf:9", "safe"), Lint(raised));

        // unicorn's default 60 s is nginx's default: neither gives up first.
        using var standard = Tree("unix:/var/www/shop/shared/tmp/sockets/unicorn.sock", Config, "Restart=on-failure\n");
        Assert.DoesNotContain(Lint(standard), f => f.Code == "CL006");
    }

    [Fact]
    public void A_unicorn_socket_in_a_private_tmp_is_an_error()
    {
        using var tree = Tree("unix:/tmp/unicorn.shop.sock", "listen '/tmp/unicorn.shop.sock'\n", "Restart=on-failure\nPrivateTmp=true\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.Contains("error CL001", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("PrivateTmp=true", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Lint(tree), f => f is { Code: "CL001", Fix: "safe" });
    }
}
