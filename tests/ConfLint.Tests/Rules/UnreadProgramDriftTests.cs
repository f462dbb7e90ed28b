using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001 beside programs ConfLint does not read (precision round 25, the corpus roots gotify-nginx-websocket,
/// rspamd-webui-nginx and prometheus-alertmanager-nginx-prefix). (a) A program's folder in /etc goes by its unit's name and
/// by its binary's name without a platform suffix (a relay shipped as pushd-linux-amd64 reads /etc/pushd/config.yml; Gotify itself is read since the same round). (b) A file that
/// includes others may have its address overridden there: never taken as naming the target. (c) A program tied to the
/// site whose main listen option (its command line or environment, never another of its ports such as Alertmanager's
/// --cluster.listen-address) gives an address no front end reaches is the candidate: a warning with an unsafe fix. (d) A
/// program tied to the site that names the target, whose unit is not enabled, is said as a read service is.
/// </summary>
public class UnreadProgramDriftTests
{
    private const string NginxConf = "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n";

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    private const string Finding = @"(error|warning|info) CL001";

    private const string Relay = "[Service]\nUser=relay\nWorkingDirectory=/opt/relay\nExecStart=/opt/relay/venv/bin/gunicorn -b 127.0.0.1:8000 relay:app\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Pushd(string unitName, string environment) => new TempTree()
        .Write("etc/nginx/nginx.conf", NginxConf)
        .Write("etc/nginx/conf.d/push.conf", "upstream pushd {\n    server 127.0.0.1:8090;\n}\nserver {\n    listen 80;\n    server_name push.example.net;\n    location / {\n        proxy_pass http://pushd;\n    }\n}\n")
        .Write("etc/systemd/system/push.service", Relay)
        .Write($"etc/systemd/system/{unitName}", $"[Service]\nUser=pushd\nWorkingDirectory=/var/lib/pushd\n{environment}ExecStart=/opt/pushd/pushd-linux-amd64\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
        .Write("etc/pushd/config.yml", "server:\n  keepaliveperiodseconds: 0\n  listenaddr: \"127.0.0.1\"\n  port: 8090\n");

    /// <summary>(a) /etc/pushd/config.yml names the port, found through the unit's name and through the binary's name
    /// without -linux-amd64: the relay named like the site is not offered.</summary>
    [Theory]
    [InlineData("pushd.service")]
    [InlineData("notifications.service")]
    public void The_programs_own_folder_goes_by_its_unit_and_its_binary_without_a_platform_suffix(string unitName)
    {
        using var tree = Pushd(unitName, string.Empty);
        var output = Lint(tree);
        Assert.DoesNotMatch(Finding, output);
        Assert.Contains("/etc/pushd/config.yml, in the folder of /etc named for it, names port 8090", output, StringComparison.Ordinal);
    }

    /// <summary>(a) and (c): the unit's PUSHD_SERVER_PORT=8080 wins over the file's 8090 (as such programs apply the environment
    /// after the file): the file no longer hides the drift, and pushd, tied to the site by name, is the candidate.</summary>
    [Fact]
    public void An_environment_port_wins_over_the_programs_own_file()
    {
        using var tree = Pushd("pushd.service", "Environment=PUSHD_SERVER_PORT=8080\n");
        var output = Lint(tree);
        Assert.Contains("warning CL001", output, StringComparison.Ordinal);
        Assert.Contains("service 'pushd.service' listens on 0.0.0.0:8080", output, StringComparison.Ordinal);
        Assert.Contains("PUSHD_SERVER_PORT=8080", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", output, StringComparison.Ordinal);
    }

    /// <summary>(b) rspamd.conf names the controller's port, and includes local.d files that may bind it elsewhere: the
    /// address is not known, so nothing is judged, and the note says why.</summary>
    [Fact]
    public void A_file_that_includes_others_is_not_taken_as_naming_the_target()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", NginxConf)
            .Write("etc/nginx/conf.d/mail.conf", "server {\n    listen 80;\n    server_name mail.example.com;\n    location /rspamd/ {\n        proxy_pass http://127.0.0.1:11334/;\n    }\n}\n")
            .Write("etc/systemd/system/mail.service", Relay)
            .Write("lib/systemd/system/rspamd.service", "[Service]\nExecStart=/usr/bin/rspamd -c /etc/rspamd/rspamd.conf -f\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/rspamd/rspamd.conf", "worker \"controller\" {\n  bind_socket = \"localhost:11334\";\n  .include \"$LOCAL_CONFDIR/local.d/worker-controller.inc\"\n}\n");
        var output = Lint(tree);
        Assert.DoesNotMatch(Finding, output);
        Assert.Contains("but includes other files (line 3) that may set another address: where it listens is not known", output, StringComparison.Ordinal);
    }

    private static TempTree Alertmanager(string flags, int target) => new TempTree()
        .Write("etc/nginx/nginx.conf", NginxConf)
        .Write("etc/nginx/conf.d/ops.conf", $"server {{\n    listen 80;\n    server_name ops.example.com;\n    location /alertmanager/ {{\n        proxy_pass http://127.0.0.1:{target};\n    }}\n}}\n")
        .Write("etc/systemd/system/reports.service", Relay)
        .Write("etc/systemd/system/alertmanager.service", $"[Service]\nUser=alertmanager\nExecStart=/usr/local/bin/alertmanager --config.file=/etc/alertmanager/alertmanager.yml {flags}\n\n[Install]\nWantedBy=multi-user.target\n")
        .Write("etc/alertmanager/alertmanager.yml", "route:\n  receiver: ops\nreceivers:\n  - name: ops\n")
        .Write("etc/systemd/system/prometheus.service", "[Service]\nExecStart=/usr/local/bin/prometheus --config.file=/etc/prometheus/prometheus.yml --web.listen-address=127.0.0.1:9090\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
        .Write("etc/prometheus/prometheus.yml", "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:9093']\n");

    /// <summary>(c) Alertmanager moved to 9094, nginx still at 9093: Alertmanager, tied by the location's path, is offered
    /// before the unrelated gunicorn, at warning with an unsafe fix; prometheus.yml's alerting target (where Prometheus
    /// connects, its own address given on its command line) hides nothing. Tied by its external URL's path alone too.</summary>
    [Theory]
    [InlineData("alertmanager.service")]
    [InlineData("am.service")]
    public void A_tied_program_moved_to_another_port_is_the_candidate(string unitName)
    {
        using var tree = Alertmanager("--web.listen-address=127.0.0.1:9094 --web.external-url=https://ops.example.com/alertmanager/ --cluster.listen-address=", 9093);
        if (unitName != "alertmanager.service")
        {
            tree.Write($"etc/systemd/system/{unitName}", tree.Read("etc/systemd/system/alertmanager.service"));
            File.Delete(tree.Path("etc/systemd/system/alertmanager.service"));
        }

        var output = Lint(tree);
        Assert.Matches(@"warning CL001 (\[\*\] )?proxy_pass http://127\.0\.0\.1:9093: nothing on this host listens there", output);
        Assert.Contains($"service '{unitName}' listens on 127.0.0.1:9094", output, StringComparison.Ordinal);
        Assert.Contains("Point proxy_pass at 127.0.0.1:9094", output, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Point proxy_pass at 127.0.0.1:8000", output, StringComparison.Ordinal);
    }

    /// <summary>The cluster trap: --cluster.listen-address names Alertmanager's gossip port (0.0.0.0:9094 by default), never
    /// where its web interface is. A target at another port is not pointed there; one at 9094 is left unjudged.</summary>
    [Fact]
    public void Another_port_of_the_program_is_never_its_address()
    {
        using (var moved = Alertmanager("--cluster.listen-address=0.0.0.0:9094", 9095))
        {
            var output = Lint(moved);
            Assert.DoesNotContain("9094", output.Split('\n').Where(l => l.Contains("CL001", StringComparison.Ordinal) || l.Contains("help:", StringComparison.Ordinal)).Aggregate(string.Empty, (a, b) => a + b), StringComparison.Ordinal);
            Assert.DoesNotContain("warning CL001", output, StringComparison.Ordinal);
            Assert.DoesNotContain("error CL001", output, StringComparison.Ordinal);
        }

        using var at = Alertmanager("--cluster.listen-address=0.0.0.0:9094", 9094);
        Assert.DoesNotMatch(Finding, Lint(at));
    }

    /// <summary>(d) Alertmanager names the target and is tied to the site, but its unit is not enabled while the root enables
    /// others by links: a warning with advice, as for a read service. Enabled, nothing.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tied_program_naming_the_target_that_is_not_enabled_is_a_warning(bool enabled)
    {
        using var tree = Alertmanager("--web.listen-address=127.0.0.1:9093 --cluster.listen-address=", 9093)
            .Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service")
            .Link("etc/systemd/system/multi-user.target.wants/reports.service", "/etc/systemd/system/reports.service");
        if (enabled)
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/alertmanager.service", "/etc/systemd/system/alertmanager.service");
        }

        var output = Lint(tree);
        if (enabled)
        {
            Assert.DoesNotMatch(Finding, output);
            return;
        }

        Assert.Matches(@"warning CL001 (\[\*\] )?proxy_pass http://127\.0\.0\.1:9093: only service 'alertmanager\.service' \(it runs a program ConfLint does not read", output);
        Assert.Contains("only service 'alertmanager.service' (it runs a program ConfLint does not read", output, StringComparison.Ordinal);
        Assert.Contains("it is not enabled", output, StringComparison.Ordinal);
        Assert.Contains("help: Enable it: systemctl enable alertmanager.service", output, StringComparison.Ordinal);
    }
}
