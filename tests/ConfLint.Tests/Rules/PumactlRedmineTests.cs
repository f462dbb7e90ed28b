using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>Redmine as a common Ansible role installs it: <c>bundle exec pumactl -F config/puma.rb start</c>, and a
/// puma.rb whose bind is built from a local variable (<c>app_root = '/srv/redmine'</c>, <c>bind
/// "unix://#{app_root}/tmp/sockets/redmine.sock"</c>). nginx's upstream names another socket: CL001 proves the drift
/// (puma is the one back end, its socket lies in its own folder) with a safe fix, and CL007 finds the unit's missing
/// Restart=.</summary>
public sealed class PumactlRedmineTests
{
    private static TempTree Tree() => new TempTree()
        .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nnginx:x:996:993:Nginx web server:/var/lib/nginx:/sbin/nologin\nredmine:x:1001:1001::/srv/redmine:/bin/bash\n")
        .Write("etc/group", "root:x:0:\nnginx:x:993:\nredmine:x:1001:\n")
        .Write("etc/nginx/nginx.conf", "user nginx;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n    server {\n        listen 80 default_server;\n        server_name _;\n        include /etc/nginx/default.d/*.conf;\n    }\n}\n")
        .Write("etc/nginx/conf.d/redmine-socket.conf", "upstream redmine-socket {\n    server unix:/run/redmine/redmine.sock;\n}\n")
        .Write("etc/nginx/default.d/redmine.conf", "location /redmine {\n    root /srv/redmine/public;\n    try_files $uri @redmine;\n}\n\nlocation @redmine {\n    proxy_set_header Host $http_host;\n    proxy_read_timeout 60;\n    proxy_pass http://redmine-socket;\n}\n")
        .Write("etc/systemd/system/redmine-webd.service", "[Unit]\nDescription=Redmine Puma Service\nAfter=postgresql.service\n\n[Service]\nWorkingDirectory=/srv/redmine\nEnvironment=RAILS_ENV=production\nUser=redmine\nGroup=redmine\nType=simple\nExecStart=/srv/redmine/bin/bundle exec pumactl -F config/puma.rb start\n\n[Install]\nWantedBy=multi-user.target\n")
        .Write("srv/redmine/config/puma.rb", "app_root = '/srv/redmine'\n\ndirectory app_root\nenvironment 'production'\npidfile \"#{app_root}/tmp/puma/puma.pid\"\nbind \"unix://#{app_root}/tmp/sockets/redmine.sock\"\nactivate_control_app\n")
        .Write("srv/redmine/public/404.html", "<html></html>\n")
        .Write("srv/redmine/tmp/sockets/.keep", string.Empty)
        .Write("run/redmine/.keep", string.Empty);

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
    public void CL001_finds_the_socket_puma_never_creates_and_CL007_the_missing_Restart()
    {
        using var tree = Tree();
        var findings = Lint(tree);
        Assert.Contains(("CL001", "error", "etc/nginx/conf.d/redmine-socket.conf:2", "safe"), findings);
        Assert.Contains(findings, f => f is { Code: "CL007", Severity: "warning", Fix: "safe" } && f.Where.StartsWith("etc/systemd/system/redmine-webd.service", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Severity is "warning" or "error" && f.Code is not ("CL001" or "CL007"));

        var output = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Contains("server unix:/srv/redmine/tmp/sockets/redmine.sock;", tree.Read("etc/nginx/conf.d/redmine-socket.conf"));
    }

    [Fact]
    public void A_bind_whose_variable_is_assigned_twice_is_not_judged()
    {
        using var tree = Tree().Write("srv/redmine/config/puma.rb", "app_root = '/srv/redmine'\napp_root = ENV['APP_ROOT'] if ENV['APP_ROOT']\nbind \"unix://#{app_root}/tmp/sockets/redmine.sock\"\n");
        Assert.DoesNotContain(Lint(tree), f => f.Code == "CL001" && f.Severity is "warning" or "error");
    }
}
