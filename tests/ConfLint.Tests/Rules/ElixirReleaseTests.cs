using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Elixir releases read as they read their configuration (precision round 40): Mobilizon's <c>bin/mobilizon start</c>
/// (Mobilizon.ConfigProvider: <c>MOBILIZON_CONFIG_PATH</c> or <c>/etc/mobilizon/config.exs</c>, merged over the compiled
/// <c>http: [port: 4000]</c>) and Akkoma's <c>bin/pleroma start</c> (Pleroma.Config.ReleaseRuntimeProvider:
/// <c>AKKOMA_CONFIG_PATH</c>, <c>PLEROMA_CONFIG_PATH</c>, <c>/etc/pleroma/config.exs</c>, <c>/etc/akkoma/config.exs</c>,
/// merged over <c>http: [ip: {127, 0, 0, 1}, port: 4000]</c>): the endpoint's literal <c>http: [ip:, port:]</c> is where the
/// release listens, so a site proxying elsewhere reaches nothing (CL001 at error); anything computed, a file not in the
/// root, or a socket leaves the release unread, as before (no CL001 above info).
/// </summary>
public class ElixirReleaseTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nmobilizon:x:998:65534::/opt/mobilizon:/bin/false\nakkoma:x:997:65534::/opt/akkoma:/bin/false\n";

    private const string Group = "root:x:0:\nnogroup:x:65534:\n";

    private const string Launcher = "#!/bin/sh\nRELEASE_ROOT=\"$(CDPATH='' cd \"$(dirname \"$0\")/..\" && pwd -P)\"\n. \"$RELEASE_ROOT/releases/$RELEASE_VSN/env.sh\"\nexec \"$RELEASE_ROOT/erts-14.2.5/bin/erl\" -noshell\n";

    private static string Endpoint(string app, string module, string http, string extra = "") =>
        $"import Config\n\nconfig :{app}, {module},\n  server: true,\n  url: [host: \"example.org\"],\n  http: {http},\n  secret_key_base: \"x\"\n{extra}";

    private static string Site(int port) =>
        $"server {{\n    listen 80;\n    server_name example.org;\n    location / {{\n        proxy_pass http://127.0.0.1:{port};\n    }}\n}}\n";

    /// <summary>A Mobilizon release in /opt/mobilizon, its unit (with <paramref name="environment"/> lines), the site
    /// proxying to <paramref name="upstream"/>, and /etc/mobilizon/config.exs where <paramref name="config"/> is given.</summary>
    private static TempTree Mobilizon(int upstream, string? config, string environment = "")
    {
        var tree = new TempTree()
            .Write("etc/passwd", Passwd)
            .Write("etc/group", Group)
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/mobilizon.conf", Site(upstream))
            .Write("opt/mobilizon/bin/mobilizon", Launcher)
            .Write("opt/mobilizon/releases/start_erl.data", "14.2.5 5.1.3\n")
            .Write("opt/mobilizon/releases/5.1.3/env.sh", "#!/bin/sh\n# export RELEASE_NODE=mobilizon\n")
            .Write("etc/systemd/system/mobilizon.service", $"[Service]\nUser=mobilizon\nWorkingDirectory=/opt/mobilizon\nEnvironment=MIX_ENV=prod\n{environment}ExecStart=/opt/mobilizon/bin/mobilizon start\nExecStop=/opt/mobilizon/bin/mobilizon stop\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
        return config is null ? tree : tree.Write("etc/mobilizon/config.exs", config);
    }

    private static TempTree Akkoma(int upstream, string? config, bool akkomaFiles = true, string environment = "")
    {
        var tree = new TempTree()
            .Write("etc/passwd", Passwd)
            .Write("etc/group", Group)
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/akkoma.conf", Site(upstream))
            .Write("opt/akkoma/bin/pleroma", Launcher)
            .Write("opt/akkoma/releases/start_erl.data", "14.2.5 2025.10\n")
            .Write("opt/akkoma/releases/2025.10/env.sh", "#!/bin/sh\n")
            .Write("etc/systemd/system/akkoma.service", $"[Service]\nUser=akkoma\nEnvironment=\"HOME=/opt/akkoma\"\n{environment}WorkingDirectory=/opt/akkoma\nExecStart=/opt/akkoma/bin/pleroma start\nExecStop=/opt/akkoma/bin/pleroma stop\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
        if (akkomaFiles)
        {
            tree.Write("opt/akkoma/installation/akkoma.service", "[Service]\nExecStart=/opt/akkoma/bin/pleroma start\n");
        }

        return config is null ? tree : tree.Write("etc/akkoma/config.exs", config);
    }

    private static List<JsonElement> Findings(TempTree tree, string code)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", code, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = JsonDocument.Parse(output.Stdout);
        return report.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code).Select(d => d.Clone()).ToList();
    }

    /// <summary>Findings above info: what the controls must not have.</summary>
    private static List<JsonElement> Reported(TempTree tree, string code) =>
        Findings(tree, code).Where(f => f.GetProperty("severity").GetString() is "warning" or "error").ToList();

    private static string Message(JsonElement finding) => finding.GetProperty("message").GetString()!;

    [Fact]
    public void Mobilizon_listens_where_its_config_exs_says_and_a_site_elsewhere_reaches_nothing()
    {
        using var tree = Mobilizon(4001, Endpoint("mobilizon", "Mobilizon.Web.Endpoint", "[\n    ip: {127, 0, 0, 1},\n    port: 4000\n  ]"));
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Contains("127.0.0.1:4001: nothing on this host listens there", Message(finding), StringComparison.Ordinal);
        Assert.Contains("listens on 127.0.0.1:4000, Mobilizon: Mobilizon.Web.Endpoint http: ip {127, 0, 0, 1} at /etc/mobilizon/config.exs:7:9, port 4000 at /etc/mobilizon/config.exs:8:11", Message(finding), StringComparison.Ordinal);
    }

    [Fact]
    public void Mobilizon_on_the_sites_port_is_fine()
    {
        using var tree = Mobilizon(4000, Endpoint("mobilizon", "Mobilizon.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]"));
        Assert.Empty(Findings(tree, "CL001"));
    }

    [Fact]
    public void Without_the_config_file_the_release_stays_unread()
    {
        using var tree = Mobilizon(4001, null);
        Assert.Empty(Reported(tree, "CL001"));
    }

    [Theory]
    [InlineData("[ip: {127, 0, 0, 1}, port: String.to_integer(System.get_env(\"PORT\"))]")]
    [InlineData("[ip: {127, 0, 0, 1}, port: {:system, \"PORT\"}]")]
    [InlineData("[ip: {:local, \"/run/mobilizon/mobilizon.sock\"}, port: 0]")]
    [InlineData("[port: 4000]")]
    [InlineData("System.get_env(\"HTTP\")")]
    public void A_computed_or_unplaced_address_stays_unread(string http)
    {
        using var tree = Mobilizon(4001, Endpoint("mobilizon", "Mobilizon.Web.Endpoint", http));
        Assert.Empty(Reported(tree, "CL001"));
    }

    [Fact]
    public void A_statement_other_than_config_leaves_the_file_unread()
    {
        using var tree = Mobilizon(4001, "import Config\nport = 4000\nconfig :mobilizon, Mobilizon.Web.Endpoint, server: true, http: [ip: {127, 0, 0, 1}, port: port]\n");
        Assert.Empty(Reported(tree, "CL001"));
    }

    [Fact]
    public void Without_server_true_Mobilizon_is_not_judged()
    {
        using var tree = Mobilizon(4001, "import Config\nconfig :mobilizon, Mobilizon.Web.Endpoint, http: [ip: {127, 0, 0, 1}, port: 4000]\n");
        Assert.Empty(Reported(tree, "CL001"));
    }

    [Theory]
    [InlineData(4001, false)]
    [InlineData(4000, true)]
    public void MOBILIZON_CONFIG_PATH_names_the_file_read(int upstream, bool reported)
    {
        using var tree = Mobilizon(upstream, Endpoint("mobilizon", "Mobilizon.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]"), "Environment=MOBILIZON_CONFIG_PATH=/etc/mobilizon/agenda.exs\n")
            .Write("etc/mobilizon/agenda.exs", Endpoint("mobilizon", "Mobilizon.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4001]"));
        var findings = Reported(tree, "CL001");
        Assert.Equal(reported, findings.Count == 1);
        if (reported)
        {
            Assert.Contains("/etc/mobilizon/agenda.exs:6:", Message(findings[0]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MOBILIZON_INSTANCE_PORT_is_not_read_by_the_release()
    {
        using var tree = Mobilizon(4001, Endpoint("mobilizon", "Mobilizon.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]"), "Environment=MOBILIZON_INSTANCE_PORT=4001\n");
        Assert.Equal("error", Assert.Single(Findings(tree, "CL001")).GetProperty("severity").GetString());
    }

    [Theory]
    [InlineData(4001, false)]
    [InlineData(4000, true)]
    public void A_later_config_call_overrides_the_port_and_keeps_the_ip(int upstream, bool reported)
    {
        var config = Endpoint("mobilizon", "Mobilizon.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]")
            + "\nconfig :mobilizon, Mobilizon.Web.Endpoint, http: [port: 4001]\n";
        using var tree = Mobilizon(upstream, config);
        Assert.Equal(reported, Reported(tree, "CL001").Count == 1);
    }

    [Theory]
    [InlineData("{0, 0, 0, 0}", false)]
    [InlineData("{0, 0, 0, 0, 0, 0, 0, 0}", false)]
    [InlineData("{0, 0, 0, 0, 0, 0, 0, 1}", true)]
    public void The_ip_tuple_is_the_address_bound(string ip, bool reported)
    {
        using var tree = Mobilizon(4000, Endpoint("mobilizon", "Mobilizon.Web.Endpoint", $"[ip: {ip}, port: 4000]"));
        var findings = Reported(tree, "CL001");
        Assert.Equal(reported, findings.Count == 1);
        if (reported)
        {
            Assert.Contains("listens on [::1]:4000", Message(findings[0]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_wildcard_ip_still_leaves_another_port_unreached()
    {
        using var tree = Mobilizon(4001, Endpoint("mobilizon", "Mobilizon.Web.Endpoint", "[ip: {0, 0, 0, 0}, port: 4000]"));
        Assert.Equal("error", Assert.Single(Findings(tree, "CL001")).GetProperty("severity").GetString());
    }

    [Fact]
    public void Akkoma_on_its_config_exs_address_is_fine()
    {
        using var tree = Akkoma(4000, Endpoint("pleroma", "Pleroma.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]"));
        Assert.Empty(Findings(tree, "CL001"));
    }

    [Fact]
    public void Akkoma_takes_the_compiled_endpoint_where_the_file_sets_only_the_port()
    {
        using var tree = Akkoma(4000, "import Config\nconfig :pleroma, Pleroma.Web.Endpoint, http: [port: 4001]\n");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Contains("listens on 127.0.0.1:4001", Message(finding), StringComparison.Ordinal);
    }

    [Fact]
    public void AKKOMA_CONFIG_PATH_names_the_file_read()
    {
        using var tree = Akkoma(4000, Endpoint("pleroma", "Pleroma.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]"), environment: "Environment=AKKOMA_CONFIG_PATH=/srv/akkoma/config.exs\n")
            .Write("srv/akkoma/config.exs", Endpoint("pleroma", "Pleroma.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4005]"));
        Assert.Contains("listens on 127.0.0.1:4005", Message(Assert.Single(Reported(tree, "CL001"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Akkoma_reads_etc_pleroma_first_where_it_exists()
    {
        using var tree = Akkoma(4000, Endpoint("pleroma", "Pleroma.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]"))
            .Write("etc/pleroma/config.exs", Endpoint("pleroma", "Pleroma.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4006]"));
        Assert.Contains("listens on 127.0.0.1:4006", Message(Assert.Single(Reported(tree, "CL001"))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\nconfig :pleroma, configurable_from_database: true\n", "")]
    [InlineData("", "prod.exported_from_db.secret.exs")]
    public void Settings_Akkoma_keeps_elsewhere_leave_it_unread(string extra, string exported)
    {
        using var tree = Akkoma(4001, Endpoint("pleroma", "Pleroma.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]", extra));
        if (exported.Length > 0)
        {
            tree.Write("etc/akkoma/" + exported, "import Config\n");
        }

        Assert.Empty(Reported(tree, "CL001"));
    }

    [Fact]
    public void A_pleroma_launcher_without_Akkomas_files_stays_unread()
    {
        using var tree = Akkoma(4001, Endpoint("pleroma", "Pleroma.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]"), akkomaFiles: false);
        Assert.Empty(Reported(tree, "CL001"));
    }

    [Fact]
    public void Two_instances_on_one_port_collide()
    {
        using var tree = Mobilizon(4000, Endpoint("mobilizon", "Mobilizon.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]"))
            .Write("etc/mobilizon/agenda.exs", Endpoint("mobilizon", "Mobilizon.Web.Endpoint", "[ip: {127, 0, 0, 1}, port: 4000]"))
            .Write("etc/systemd/system/agenda.service", "[Service]\nUser=mobilizon\nEnvironment=MOBILIZON_CONFIG_PATH=/etc/mobilizon/agenda.exs\nExecStart=/opt/mobilizon/bin/mobilizon start\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/mobilizon.service", "/etc/systemd/system/mobilizon.service")
            .Link("etc/systemd/system/multi-user.target.wants/agenda.service", "/etc/systemd/system/agenda.service");
        var finding = Assert.Single(Reported(tree, "CL001"));
        Assert.Contains("binds it too", Message(finding), StringComparison.Ordinal);
    }
}
