using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 with n8n, MinIO and notify_push read as each reads its settings: a proxy left on a port the program no
/// longer listens on is an error with a safe fix where the program is tied to the site; the working shape is silent; a
/// node script of an installed package ConfLint does not read gets no error and no safe fix from PORT.</summary>
public class N8nMinioNotifyPushDriftTests
{
    private static TempTree Nginx(string name, string upstreams, string locations) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write($"etc/nginx/conf.d/{name}.conf", $"{upstreams}server {{\n    listen 80;\n    server_name {name}.example.net;\n{locations}}}\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    private static TempTree N8n(int proxied, string fileEnvironment) => Nginx("n8n", $"upstream n8n {{\n    server 127.0.0.1:{proxied};\n}}\n", "    location /n8n/ {\n        proxy_pass http://n8n/;\n    }\n")
        .Write("etc/systemd/system/n8n.service", "[Service]\nUser=n8n\nWorkingDirectory=/var/lib/n8n\nEnvironment=N8N_PORT=5678\nEnvironment=N8N_LISTEN_ADDRESS=127.0.0.1\nEnvironmentFile=/etc/n8n/n8n.env\nExecStart=/usr/bin/n8n start\nRestart=on-failure\n")
        .Write("etc/n8n/n8n.env", $"N8N_PATH=/n8n/\n{fileEnvironment}");

    [Fact]
    public void N8n_moved_by_its_environment_file_is_a_drift_with_a_safe_fix()
    {
        using var tree = N8n(5678, "N8N_PORT=5680\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://n8n/ reaches 127.0.0.1:5678: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("etc/n8n/n8n.env:2:1: n8n in service 'n8n.service' listens here", output, StringComparison.Ordinal);
        Assert.Contains("help: Point the upstream server at 127.0.0.1:5680", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(unsafe fix)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5678, "")]
    [InlineData(5680, "N8N_PORT=5680\n")]
    [InlineData(5678, "PORT=3000\n")]
    public void N8n_where_the_proxy_meets_it_is_silent(int proxied, string fileEnvironment)
    {
        using var tree = N8n(proxied, fileEnvironment);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void An_installed_packages_node_launcher_with_PORT_gets_no_error_and_no_safe_fix()
    {
        // The probe: n8n started through node with a guide's PORT=3000, nginx on n8n's 5678, where it listens.
        using var n8n = Nginx("n8n", string.Empty, "    location / {\n        proxy_pass http://127.0.0.1:5678;\n    }\n")
            .Write("etc/systemd/system/n8n.service", "[Service]\nWorkingDirectory=/var/lib/n8n\nEnvironment=PORT=3000\nExecStart=/usr/bin/node /usr/lib/node_modules/n8n/bin/n8n start\nRestart=on-failure\n");
        Assert.DoesNotContain("CL001", Lint(n8n), StringComparison.Ordinal);

        // Another package ConfLint does not read: where it listens is unknown, so no error and no fix.
        using var other = Nginx("flow", string.Empty, "    location / {\n        proxy_pass http://127.0.0.1:5600;\n    }\n")
            .Write("etc/systemd/system/flow.service", "[Service]\nWorkingDirectory=/var/lib/flow\nEnvironment=PORT=3000\nExecStart=/usr/bin/node /usr/lib/node_modules/flowtool/bin/flowtool start\nRestart=on-failure\n");
        var output = Lint(other);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[*]", output, StringComparison.Ordinal);
    }

    private static TempTree Minio(int console) => Nginx("minio", $"upstream minio_s3 {{\n    server 127.0.0.1:9000;\n    keepalive 16;\n}}\nupstream minio_console {{\n    server 127.0.0.1:{console};\n}}\n",
            "    location / {\n        proxy_http_version 1.1;\n        proxy_set_header Connection \"\";\n        proxy_pass http://minio_s3;\n    }\n    location /console/ {\n        proxy_pass http://minio_console/;\n    }\n")
        .Write("usr/lib/systemd/system/minio.service", "[Service]\nType=notify\nUser=minio-user\nEnvironmentFile=/etc/default/minio\nExecStart=/usr/local/bin/minio server --address :9000 --console-address :9001 /mnt/data\nRestart=always\n")
        .Write("etc/default/minio", "MINIO_ROOT_USER=admin\n");

    [Fact]
    public void Minios_console_moved_away_from_the_proxy_is_a_drift_with_a_safe_fix()
    {
        using var tree = Minio(9090);
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://minio_console/ reaches 127.0.0.1:9090: nothing on this host listens there (minio in service 'minio.service' listens on [::]:9001", output, StringComparison.Ordinal);
        Assert.Contains("help: Point the upstream server at 127.0.0.1:9001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(unsafe fix)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("9000: nothing", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Minio_where_both_upstreams_meet_it_is_silent()
    {
        using var tree = Minio(9001);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    private static TempTree NotifyPush(int proxied, string environment) => Nginx("cloud", string.Empty, $"    location ^~ /push/ {{\n        proxy_pass http://127.0.0.1:{proxied}/;\n    }}\n")
        .Write("etc/systemd/system/notify_push.service", $"[Service]\n{environment}ExecStart=/var/www/nextcloud/apps/notify_push/bin/x86_64/notify_push /var/www/nextcloud/config/config.php\nType=notify\nUser=www-data\nRestart=always\n");

    /// <summary>Nothing ties /push/ of the cloud site to notify_push.service by name: the daemon's port is offered as advice.</summary>
    [Fact]
    public void Notify_push_moved_away_from_the_proxy_is_offered_as_advice_where_nothing_ties_it_to_the_site()
    {
        using var tree = NotifyPush(7867, "Environment=PORT=7868\n");
        var output = Lint(tree);
        Assert.Contains("CL001", output, StringComparison.Ordinal);
        Assert.Contains("etc/systemd/system/notify_push.service:2:1: notify_push in service 'notify_push.service' listens here (notify_push: PORT=7868 in the environment, at ::)", output, StringComparison.Ordinal);
        Assert.Contains("point proxy_pass at 127.0.0.1:7868", output, StringComparison.Ordinal);
        Assert.Contains("(advice: never applied automatically)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7867, "")]
    [InlineData(7867, "Environment=PORT=7867\n")]
    [InlineData(7868, "Environment=PORT=7868\n")]
    public void Notify_push_where_the_proxy_meets_it_is_silent(int proxied, string environment)
    {
        using var tree = NotifyPush(proxied, environment);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }
}
