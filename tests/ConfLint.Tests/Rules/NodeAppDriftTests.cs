using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 on node applications that name their own address (HedgeDoc, Etherpad, Misskey): a proxy to a port the
/// application no longer listens on is an error; where a setting the application does not take names the proxy's port
/// (HedgeDoc's config.json beside CMD_PORT), either side may be the one meant and the fix is unsafe; a working setup is
/// silent.</summary>
public class NodeAppDriftTests
{
    private static TempTree Nginx(string name, int port) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write($"etc/nginx/conf.d/{name}.conf", $"server {{\n    listen 80;\n    server_name {name}.example.net;\n    location / {{\n        proxy_pass http://127.0.0.1:{port};\n    }}\n}}\n");

    private static TempTree HedgeDoc(int proxied, string environment) => Nginx("hedgedoc", proxied)
        .Write("etc/systemd/system/hedgedoc.service", $"[Service]\nWorkingDirectory=/opt/hedgedoc\nEnvironment=NODE_ENV=production\n{environment}ExecStart=/usr/bin/yarn start\nRestart=always\n")
        .Write("opt/hedgedoc/package.json", "{ \"name\": \"HedgeDoc\" }\n")
        .Write("opt/hedgedoc/config.json", "{\n  \"production\": {\n    \"host\": \"127.0.0.1\",\n    \"port\": 3030\n  }\n}\n");

    private static TempTree Etherpad(int proxied) => Nginx("etherpad", proxied)
        .Write("etc/systemd/system/etherpad.service", "[Service]\nWorkingDirectory=/opt/etherpad-lite\nExecStart=/usr/bin/pnpm run prod\nRestart=always\n")
        .Write("opt/etherpad-lite/src/package.json", "{ \"name\": \"ep_etherpad-lite\" }\n")
        .Write("opt/etherpad-lite/settings.json", "{\n  // local only\n  \"ip\": \"127.0.0.1\",\n  \"port\": \"${PORT:9011}\",\n}\n");

    private static TempTree Misskey(int proxied) => Nginx("misskey", proxied)
        .Write("etc/systemd/system/misskey.service", "[Service]\nWorkingDirectory=/home/misskey/misskey\nExecStart=/usr/bin/npm start\nRestart=always\n")
        .Write("home/misskey/misskey/.config/default.yml", "url: https://misskey.example.net/\nport: 3100\ndb:\n  port: 5432\nredis:\n  port: 6379\n");

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Fact]
    public void HedgeDoc_told_CMD_PORT_over_its_config_port_is_a_drift_with_two_fixes()
    {
        using var tree = HedgeDoc(3030, "Environment=CMD_PORT=3000\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:3030: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("listens on 127.0.0.1:3000, CMD_PORT=3000 in the environment", output, StringComparison.Ordinal);
        Assert.Contains("or make it listen on port 3030 as \"port\": 3030 in /opt/hedgedoc/config.json:4 (section production), which CMD_PORT=3000 in the environment overrides", output, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3030, "")]
    [InlineData(3000, "Environment=CMD_PORT=3000\n")]
    public void HedgeDoc_where_the_proxy_meets_it_is_silent(int proxied, string environment)
    {
        using var tree = HedgeDoc(proxied, environment);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Etherpad_and_Misskey_moved_away_from_the_proxy_are_drifts()
    {
        using var etherpad = Etherpad(9001);
        var output = Lint(etherpad);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:9001: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("listens on 127.0.0.1:9011, \"port\": \"${PORT:9011}\" in /opt/etherpad-lite/settings.json:4", output, StringComparison.Ordinal);

        using var misskey = Misskey(3000);
        output = Lint(misskey);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:3000: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("listens on 0.0.0.0:3100, port: 3100 in /home/misskey/misskey/.config/default.yml:2", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fix_to_a_port_another_back_end_also_claims_is_unsafe()
    {
        // Misskey on 0.0.0.0:3100 and Grafana on 127.0.0.1:3100: the two cannot both hold the port, and pointing the site at
        // 127.0.0.1:3100 could send it to Grafana.
        using var tree = Misskey(3000)
            .Write("etc/systemd/system/grafana-server.service", "[Service]\nUser=grafana\nExecStart=/usr/sbin/grafana-server --config=/etc/grafana/grafana.ini --homepath=/usr/share/grafana\nRestart=on-failure\n")
            .Write("etc/grafana/grafana.ini", "[server]\nhttp_addr = 127.0.0.1\nhttp_port = 3100\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:3000: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("but grafana-server in service 'grafana-server.service' also listens there: check which program holds the port before pointing the site there (unsafe fix)", output, StringComparison.Ordinal);

        // Without Grafana the same fix is safe.
        using var alone = Misskey(3000);
        var safe = Lint(alone);
        Assert.Contains("help: Point proxy_pass at 127.0.0.1:3100 (npm in service 'misskey.service': 'misskey.example.net' names it)", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("(unsafe fix)", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Etherpad_and_Misskey_where_the_proxy_meets_them_are_silent()
    {
        using var etherpad = Etherpad(9011);
        Assert.DoesNotContain("CL001", Lint(etherpad), StringComparison.Ordinal);

        using var misskey = Misskey(3100);
        Assert.DoesNotContain("CL001", Lint(misskey), StringComparison.Ordinal);
    }

    [Fact]
    public void A_Meteor_bundle_bound_to_another_address_than_the_proxys_is_a_drift()
    {
        using var tree = Nginx("rocketchat", 3000)
            .Write("etc/systemd/system/rocketchat.service", "[Service]\nEnvironment=PORT=3000\nEnvironment=BIND_IP=10.0.0.5\nExecStart=/usr/bin/node /opt/Rocket.Chat/main.js\nRestart=always\n")
            .Write("opt/Rocket.Chat/main.js", "process.chdir(require('path').join(__dirname, 'programs', 'server'));\nrequire('./programs/server/boot.js');\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:3000: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("listens on 10.0.0.5:3000, PORT=3000 and BIND_IP=10.0.0.5 in the environment", output, StringComparison.Ordinal);

        using var loopback = Nginx("rocketchat", 3000)
            .Write("etc/systemd/system/rocketchat.service", "[Service]\nEnvironment=PORT=3000\nEnvironment=BIND_IP=127.0.0.1\nExecStart=/usr/bin/node /opt/Rocket.Chat/main.js\nRestart=always\n")
            .Write("opt/Rocket.Chat/main.js", "require('./programs/server/boot.js');\n");
        Assert.DoesNotContain("CL001", Lint(loopback), StringComparison.Ordinal);
    }

    /// <summary>A bench made by <c>bench setup production</c>: nginx's two upstreams, gunicorn on webserver_port and the
    /// socket.io server on socketio_port of common_site_config.json.</summary>
    private static TempTree FrappeBench(int gunicornPort) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write("etc/nginx/conf.d/frappe-bench.conf", "upstream frappe-bench-frappe {\n\tserver 127.0.0.1:8000 fail_timeout=0;\n}\n\nupstream frappe-bench-socketio-server {\n\tserver 127.0.0.1:9000 fail_timeout=0;\n}\n\n"
            + "server {\n\tlisten 80;\n\tserver_name erp.example.com;\n\tlocation /socket.io {\n\t\tproxy_pass http://frappe-bench-socketio-server;\n\t}\n\tlocation / {\n\t\tproxy_pass http://frappe-bench-frappe;\n\t}\n}\n")
        .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
        .Write("etc/supervisor/conf.d/frappe-bench.conf",
            $"[program:frappe-bench-frappe-web]\ncommand=/home/frappe/frappe-bench/env/bin/gunicorn -b 127.0.0.1:{gunicornPort} -w 3 -t 120 frappe.app:application --preload\nautorestart=true\ndirectory=/home/frappe/frappe-bench/sites\n\n"
            + "[program:frappe-bench-node-socketio]\ncommand=/usr/bin/node /home/frappe/frappe-bench/apps/frappe/socketio.js\nautorestart=true\ndirectory=/home/frappe/frappe-bench\n")
        .Write("home/frappe/frappe-bench/apps/frappe/socketio.js", "require(\"./realtime\");\n")
        .Write("home/frappe/frappe-bench/sites/common_site_config.json", $"{{\n \"socketio_port\": 9000,\n \"webserver_port\": {gunicornPort}\n}}\n");

    [Fact]
    public void Gunicorns_port_drift_on_a_bench_is_judged_now_that_the_socketio_servers_port_is_known()
    {
        using var drifted = FrappeBench(8001);
        var output = Lint(drifted);
        Assert.Contains("error CL001 [*] proxy_pass http://frappe-bench-frappe reaches 127.0.0.1:8000: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("Point the upstream server at 127.0.0.1:8001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:9000", output, StringComparison.Ordinal);

        using var working = FrappeBench(8000);
        Assert.DoesNotContain("CL001", Lint(working), StringComparison.Ordinal);
    }

    /// <summary>Node-RED installed for the user pi, started as node red.js, and nginx in front.</summary>
    private static TempTree NodeRed(int proxied, string environment, string uiPort) => Nginx("nodered", proxied)
        .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\npi:x:1000:1000:,,,:/home/pi:/bin/bash\n")
        .Write("etc/group", "root:x:0:\npi:x:1000:\n")
        .Write("etc/systemd/system/nodered.service", $"[Service]\nUser=pi\nWorkingDirectory=/home/pi\n{environment}ExecStart=/usr/bin/node /usr/lib/node_modules/node-red/red.js\nRestart=on-failure\n")
        .Write("home/pi/.node-red/settings.js", $"module.exports = {{\n    flowFile: 'flows.json',\n    uiPort: {uiPort},\n    uiHost: \"127.0.0.1\",\n}};\n");

    [Fact]
    public void Node_red_on_its_literal_uiPort_despite_PORT_is_no_drift()
    {
        // The probe: PORT=1881 in the unit, uiPort: 1880 in settings.js; Node-RED listens on 1880, where nginx points.
        using var tree = NodeRed(1880, "Environment=\"PORT=1881\"\n", "1880");
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);

        // Likewise a node application whose working folder holds Node-RED's user folder, which ConfLint does not read.
        using var unread = Nginx("nodered", 1880)
            .Write("etc/systemd/system/nodered.service", "[Service]\nWorkingDirectory=/home/pi\nEnvironment=PORT=1881\nExecStart=/usr/bin/node /home/pi/flows/start.js\nRestart=on-failure\n")
            .Write("home/pi/.node-red/settings.js", "module.exports = { uiPort: 1880 };\n");
        Assert.DoesNotContain("error CL001", Lint(unread), StringComparison.Ordinal);
    }

    [Fact]
    public void Node_red_moved_away_from_the_proxy_is_a_drift_with_a_safe_fix()
    {
        using var tree = NodeRed(1881, string.Empty, "process.env.PORT || 1880");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:1881: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("listens on 127.0.0.1:1880, uiPort: process.env.PORT || 1880 in /home/pi/.node-red/settings.js:3, PORT unset", output, StringComparison.Ordinal);
        Assert.Contains("help: Point proxy_pass at 127.0.0.1:1880", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(unsafe fix)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_red_whose_literal_uiPort_overrides_the_PORT_the_proxy_names_has_an_unsafe_fix()
    {
        // PORT=1881 was meant for Node-RED, which takes its literal uiPort: either side may be the one meant.
        using var tree = NodeRed(1881, "Environment=\"PORT=1881\"\n", "1880");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:1881: nothing on this host listens there", output, StringComparison.Ordinal);
        Assert.Contains("or make it listen on port 1881 as PORT=1881 in the environment, which Node-RED does not take over uiPort: 1880", output, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", output, StringComparison.Ordinal);
    }
}
