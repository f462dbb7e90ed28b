using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Gotify and SOGo read as they read their settings (precision round 25): Gotify 2.x's <c>GOTIFY_SERVER_PORT</c> in the
/// unit wins over <c>config.yml</c>'s port, so a proxy that followed the file meets nothing (CL001, its fix safe); sogod
/// listens on its default <c>WOPort</c> unless sogo.conf or the command line moves it (CL001 on the drift, silence on the
/// default), and holds ActiveSync's Ping and Sync up to its intervals, which the ActiveSync proxy must wait for (CL006 on
/// that path only, its fix safe within the hour).
/// </summary>
public class GotifySogoTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\ngotify:x:996:996::/var/lib/gotify:/usr/sbin/nologin\nsogo:x:105:109::/var/lib/sogo:/usr/sbin/nologin\n";

    private const string Group = "root:x:0:\ngotify:x:996:\nsogo:x:109:\n";

    private static TempTree Gotify(int upstream, string environment) => new TempTree()
        .Write("etc/passwd", Passwd)
        .Write("etc/group", Group)
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write("etc/nginx/conf.d/gotify.conf", $"upstream gotify {{\n    server 127.0.0.1:{upstream};\n}}\nserver {{\n    listen 80;\n    server_name push.example.net;\n    location / {{\n        proxy_pass http://gotify;\n        proxy_http_version 1.1;\n    }}\n}}\n")
        .Write("etc/gotify/config.yml", "server:\n  listenaddr: \"127.0.0.1\"\n  port: 8090\n")
        .Write("etc/systemd/system/gotify.service", $"[Service]\nUser=gotify\nWorkingDirectory=/var/lib/gotify\nExecStart=/opt/gotify/gotify-linux-amd64\n{environment}Restart=always\n\n[Install]\nWantedBy=multi-user.target\n");

    private static List<JsonElement> Findings(TempTree tree, string code)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", code, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = JsonDocument.Parse(output.Stdout);
        return report.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code).Select(d => d.Clone()).ToList();
    }

    [Fact]
    public void The_units_port_wins_over_the_file_the_proxy_followed()
    {
        using var tree = Gotify(8090, "Environment=GOTIFY_SERVER_PORT=8080\n");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        var message = finding.GetProperty("message").GetString()!;
        Assert.Contains("127.0.0.1:8090: nothing on this host listens there", message, StringComparison.Ordinal);
        Assert.Contains("listens on 127.0.0.1:8080, Gotify: GOTIFY_SERVER_PORT=8080 in the environment (over the files), listenaddr: 127.0.0.1 in /etc/gotify/config.yml", message, StringComparison.Ordinal);
        Assert.Equal("safe", finding.GetProperty("fix").GetProperty("applicability").GetString());
    }

    [Theory]
    [InlineData(8080, "Environment=GOTIFY_SERVER_PORT=8080\n")]
    [InlineData(8090, "")]
    public void The_proxy_on_the_port_Gotify_takes_is_fine(int upstream, string environment)
    {
        using var tree = Gotify(upstream, environment);
        Assert.Empty(Findings(tree, "CL001"));
    }

    private const string SogoApache = "ProxyRequests Off\nProxyPass /Microsoft-Server-ActiveSync \\\n http://127.0.0.1:20000/SOGo/Microsoft-Server-ActiveSync \\\n retry=60 connectiontimeout=5 timeout={0}\n\nProxyPass /SOGo http://127.0.0.1:20000/SOGo retry=0 nocanon\n";

    private static TempTree Sogo(string settings, int easTimeout = 360) => new TempTree()
        .Write("etc/passwd", Passwd)
        .Write("etc/group", Group)
        .Write("etc/apache2/apache2.conf", "Timeout 300\nIncludeOptional mods-enabled/*.load\nIncludeOptional conf-enabled/*.conf\n")
        .Write("etc/apache2/mods-enabled/proxy.load", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n")
        .Write("etc/apache2/mods-enabled/proxy_http.load", "LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n")
        .Write("etc/apache2/conf-enabled/SOGo.conf", SogoApache.Replace("{0}", easTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        .Write("etc/default/sogo", "PREFORK=15\n")
        .Write("etc/sogo/sogo.conf", "{\n  SOGoMailDomain = example.org;\n" + settings + "}\n")
        .Write("lib/systemd/system/sogo.service", "[Service]\nType=forking\nUser=sogo\nEnvironment=\"PREFORK=3\"\nEnvironmentFile=-/etc/default/sogo\nExecStart=/usr/sbin/sogod -WOWorkersCount ${PREFORK} -WOPidFile /run/sogo/sogo.pid\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");

    [Fact]
    public void Sogod_on_its_default_WOPort_is_where_the_proxy_points()
    {
        using var tree = Sogo(string.Empty);
        Assert.Empty(Findings(tree, "CL001"));
    }

    [Fact]
    public void A_WOPort_moved_in_sogo_conf_leaves_the_proxies_on_nothing()
    {
        using var tree = Sogo("  WOPort = \"127.0.0.1:20001\";\n");
        var findings = Findings(tree, "CL001");
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("error", f.GetProperty("severity").GetString()));
        Assert.Contains("listens on 127.0.0.1:20001, SOGo: WOPort = 127.0.0.1:20001 in /etc/sogo/sogo.conf", findings[0].GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ActiveSync_proxy_must_wait_as_long_as_SOGo_holds_a_Ping()
    {
        using var tree = Sogo("  SOGoMaximumPingInterval = 3540;\n  SOGoMaximumSyncInterval = 3540;\n  WOWatchDogRequestTimeout = 60;\n");
        var finding = Assert.Single(Findings(tree, "CL006"));
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(4, finding.GetProperty("line").GetInt32());
        Assert.Contains("timeout=360", finding.GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.Contains("SOGoMaximumPingInterval = 3540 in /etc/sogo/sogo.conf", finding.GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.Equal("safe", finding.GetProperty("fix").GetProperty("applicability").GetString());
    }

    [Theory]
    [InlineData("  SOGoMaximumPingInterval = 3540;\n  WOWatchDogRequestTimeout = 60;\n", 3600)]
    [InlineData("", 360)]
    [InlineData("  WOWatchDogRequestTimeout = 60;\n", 360)]
    public void A_timeout_covering_the_hold_or_SOGos_defaults_are_fine(string settings, int easTimeout)
    {
        // By default SOGo answers a Ping after 10 s and a Sync after 30 s; the watchdog's minutes alone limit no request.
        using var tree = Sogo(settings, easTimeout);
        Assert.Empty(Findings(tree, "CL006"));
    }
    [Fact]
    public void A_watchdog_shorter_than_the_ActiveSync_hold_kills_the_Ping()
    {
        // SOPE's default watchdog (10 minutes) under an hour-long Ping: the child holding it is killed.
        using var tree = Sogo("  SOGoMaximumPingInterval = 3540;\n  SOGoMaximumSyncInterval = 3540;\n", 3600);
        var finding = Assert.Single(Findings(tree, "CL006"));
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(3, finding.GetProperty("line").GetInt32());
        Assert.Contains("SOPE's default WOWatchDogRequestTimeout of 10 min kills a child of sogod in service 'sogo.service' busy for 10m", finding.GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.Contains("Set WOWatchDogRequestTimeout = 61;", finding.GetProperty("fix").GetProperty("description").GetString()!, StringComparison.Ordinal);
        Assert.Equal("display-only", finding.GetProperty("fix").GetProperty("applicability").GetString());
    }

    [Fact]
    public void A_watchdog_written_short_is_reported_at_its_line()
    {
        using var tree = Sogo("  SOGoMaximumSyncInterval = 1800;\n  WOWatchDogRequestTimeout = 20;\n", 3600);
        var finding = Assert.Single(Findings(tree, "CL006"));
        Assert.Equal(4, finding.GetProperty("line").GetInt32());
        Assert.Contains("Set WOWatchDogRequestTimeout = 32;", finding.GetProperty("fix").GetProperty("description").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_ActiveSync_proxy_no_Ping_comes()
    {
        using var tree = Sogo("  SOGoMaximumPingInterval = 3540;\n", 3600);
        File.WriteAllText(Path.Combine(tree.Root, "etc/apache2/conf-enabled/SOGo.conf"), "ProxyRequests Off\nProxyPass /SOGo http://127.0.0.1:20000/SOGo retry=0 nocanon\n");
        Assert.Empty(Findings(tree, "CL006"));
    }
}
