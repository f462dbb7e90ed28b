using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Node applications that name their own address: HedgeDoc 1.x (lib/config/index.js: CMD_PORT, HMD_PORT, PORT
/// over config.json[NODE_ENV] over 3000; CMD_HOST over the file's host over 0.0.0.0; CMD_PATH or the file's path for a
/// socket), Etherpad (settings.json with comments and <c>${VAR:default}</c> values, EP__port, PORT or 9001 where the file
/// names no port) and Misskey (.config/default.yml's port, else PORT; socket), and the generic config.json read at its top
/// level only.</summary>
public class NodeAppsTests
{
    private static ServiceBackEnd Service(TempTree tree) => Assert.Single(HostTrees.Model(tree).BackEndsOf<ServiceBackEnd>());

    /// <summary>The service's listeners, and " (unknown)" where its address is unknown.</summary>
    private static string Read(TempTree tree)
    {
        var model = HostTrees.Model(tree);
        var service = Assert.Single(model.BackEndsOf<ServiceBackEnd>());
        return string.Join(", ", service.Listeners.Select(l => l.Endpoint.Describe())) + (model.UnknownListeners.Any(u => ReferenceEquals(u.BackEnd, service)) ? " (unknown)" : string.Empty);
    }

    private const string HedgeDocConfig = "{\n  \"production\": {\n    \"host\": \"127.0.0.1\",\n    \"port\": 3030,\n    \"db\": { \"port\": 5432 }\n  },\n  \"development\": {\n    \"port\": 3100\n  }\n}\n";

    private static TempTree HedgeDoc(string environment, string? config = HedgeDocConfig)
    {
        var tree = new TempTree()
            .Write("etc/systemd/system/hedgedoc.service", $"[Service]\nWorkingDirectory=/opt/hedgedoc\n{environment}ExecStart=/usr/bin/yarn start\nRestart=always\n")
            .Write("opt/hedgedoc/package.json", "{\n  \"name\": \"HedgeDoc\",\n  \"scripts\": { \"start\": \"node app.js\" }\n}\n");
        return config is null ? tree : tree.Write("opt/hedgedoc/config.json", config);
    }

    [Theory]
    [InlineData("Environment=NODE_ENV=production\n", "127.0.0.1:3030")]
    [InlineData("", "0.0.0.0:3100")]
    [InlineData("Environment=NODE_ENV=production CMD_PORT=3000\n", "127.0.0.1:3000")]
    [InlineData("Environment=NODE_ENV=production PORT=4000 HMD_PORT=4100\n", "127.0.0.1:4100")]
    [InlineData("Environment=NODE_ENV=production PORT=4000\n", "127.0.0.1:4000")]
    [InlineData("Environment=NODE_ENV=production CMD_HOST=0.0.0.0\n", "0.0.0.0:3030")]
    [InlineData("Environment=NODE_ENV=staging\n", "0.0.0.0:3000")]
    [InlineData("Environment=NODE_ENV=production CMD_PATH=/run/hedgedoc/hedgedoc.sock\n", "unix:/run/hedgedoc/hedgedoc.sock")]
    [InlineData("Environment=NODE_ENV=production CMD_PORT=\n", " (unknown)")]
    [InlineData("Environment=NODE_ENV=production\nEnvironmentFile=/etc/hedgedoc.env\n", " (unknown)")]
    [InlineData("Environment=NODE_ENV=production CMD_HOST=localhost\n", " (unknown)")]
    public void HedgeDoc_takes_the_environment_over_its_config_sections_port(string environment, string expected)
    {
        using var tree = HedgeDoc(environment);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void HedgeDoc_reads_the_file_CMD_CONFIG_FILE_names_and_its_defaults_without_one()
    {
        using var moved = HedgeDoc("Environment=NODE_ENV=production CMD_CONFIG_FILE=/etc/hedgedoc/config.json\n")
            .Write("etc/hedgedoc/config.json", "{ \"production\": { \"port\": 3210 } }\n");
        Assert.Equal("0.0.0.0:3210", Read(moved));

        using var none = HedgeDoc("Environment=NODE_ENV=production\n", config: null);
        Assert.Equal("0.0.0.0:3000", Read(none));

        using var broken = HedgeDoc("Environment=NODE_ENV=production\n", config: "{ \"production\": { \"port\": 3030 ");
        Assert.Equal(" (unknown)", Read(broken));
    }

    [Fact]
    public void HedgeDoc_is_known_by_its_config_module_and_a_file_port_it_overrides_is_unread()
    {
        using var tree = HedgeDoc("Environment=NODE_ENV=production CMD_PORT=3000\n")
            .Write("opt/hedgedoc/package.json", "{ \"name\": \"something-else\" }\n")
            .Write("opt/hedgedoc/lib/config/environment.js", "module.exports = {\n  port: toIntegerConfig(process.env.CMD_PORT),\n}\n");
        var server = HostTrees.Model(tree).AppServerOf(Service(tree))!;
        Assert.Equal("127.0.0.1:3000", Assert.Single(server.Binds).Endpoint.Describe());
        var unread = Assert.Single(server.UnreadPorts);
        Assert.Equal((3030, 4), (unread.Port, unread.Location.Start.Line));
    }

    private static TempTree Etherpad(string settings, string environment = "", string command = "/usr/bin/pnpm run prod") => new TempTree()
        .Write("etc/systemd/system/etherpad.service", $"[Service]\nWorkingDirectory=/opt/etherpad-lite\n{environment}ExecStart={command}\nRestart=always\n")
        .Write("opt/etherpad-lite/src/package.json", "{ \"name\": \"ep_etherpad-lite\" }\n")
        .Write("opt/etherpad-lite/settings.json", settings);

    [Theory]
    [InlineData("/* Etherpad */\n{\n  \"ip\": \"127.0.0.1\", // the proxy is local\n  \"port\": 9011,\n  \"dbSettings\": { \"port\": 5432 },\n}\n", "", "127.0.0.1:9011")]
    [InlineData("{ \"ip\": \"${IP:127.0.0.1}\", \"port\": \"${PORT:9001}\" }", "", "127.0.0.1:9001")]
    [InlineData("{ \"ip\": \"${IP:127.0.0.1}\", \"port\": \"${PORT:9001}\" }", "Environment=PORT=9200\n", "127.0.0.1:9200")]
    [InlineData("{ \"ip\": \"127.0.0.1\", \"port\": \"${ETHERPAD_PORT}\" }", "", " (unknown)")]
    [InlineData("{ \"ip\": \"127.0.0.1\" }", "", "127.0.0.1:9001")]
    [InlineData("{ \"ip\": \"127.0.0.1\" }", "Environment=PORT=9300\n", "127.0.0.1:9300")]
    [InlineData("{ \"ip\": \"127.0.0.1\", \"port\": 9001 }", "Environment=EP__port=9400\n", "127.0.0.1:9400")]
    [InlineData("{ \"ip\": \"\", \"port\": \"/run/etherpad/etherpad.sock\" }", "", "unix:/run/etherpad/etherpad.sock")]
    [InlineData("{ \"ip\": \"127.0.0.1\", \"port\": \"${PORT:9001}\" }", "EnvironmentFile=/etc/etherpad.env\n", " (unknown)")]
    public void Etherpad_listens_where_its_settings_say_after_substitution(string settings, string environment, string expected)
    {
        using var tree = Etherpad(settings, environment);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void Etherpad_reads_the_settings_file_its_option_names_and_credentials_json_and_leaves_a_1_8_unit_alone()
    {
        using var tree = Etherpad("{ \"port\": 9001 }", command: "/usr/bin/node --require tsx/cjs /opt/etherpad-lite/src/node/server.ts --settings conf/prod.json")
            .Write("opt/etherpad-lite/conf/prod.json", "{ \"ip\": \"127.0.0.1\", \"port\": 9555 }");
        Assert.Equal("127.0.0.1:9555", Read(tree));

        using var leftover = Etherpad("{ \"skinName\": \"colibris\", \"dbType\": \"dirty\", \"port\": 9001 }", command: "/usr/bin/node /opt/etherpad-lite/node_modules/ep_etherpad-lite/node/server.js");
        Assert.Equal(" (unknown)", Read(leftover));

        using var credentials = Etherpad("{ \"ip\": \"127.0.0.1\", \"port\": 9001 }").Write("opt/etherpad-lite/credentials.json", "{ \"port\": 9002 }");
        Assert.Equal("127.0.0.1:9002", Read(credentials));
    }

    private static TempTree Misskey(string yaml, string environment = "") => new TempTree()
        .Write("etc/systemd/system/misskey.service", $"[Service]\nWorkingDirectory=/home/misskey/misskey\n{environment}ExecStart=/usr/bin/npm start\nRestart=always\n")
        .Write("home/misskey/misskey/package.json", "{ \"name\": \"misskey\" }\n")
        .Write("home/misskey/misskey/.config/default.yml", yaml);

    [Theory]
    [InlineData("url: https://mk.example.net/\nport: 3000\ndb:\n  host: localhost\n  port: 5432\nredis:\n  port: 6379\n", "", "0.0.0.0:3000")]
    [InlineData("url: https://mk.example.net/\nport: 3000\n", "Environment=PORT=4000\n", "0.0.0.0:3000")]
    [InlineData("url: https://mk.example.net/\ndb:\n  port: 5432\n", "Environment=PORT=4000\n", "0.0.0.0:4000")]
    [InlineData("url: https://mk.example.net/\ndb:\n  port: 5432\n", "", " (unknown)")]
    [InlineData("url: https://mk.example.net/\nport: 3000\nsocket: /run/misskey/misskey.sock\n", "", "unix:/run/misskey/misskey.sock")]
    [InlineData("url: https://mk.example.net/\n#socket: /run/misskey/misskey.sock\nport: 3000\n", "Environment=MISSKEY_CONFIG_YML=prod.yml\n", "0.0.0.0:3100")]
    public void Misskey_listens_on_its_yaml_port_or_socket(string yaml, string environment, string expected)
    {
        using var tree = Misskey(yaml, environment).Write("home/misskey/misskey/.config/prod.yml", "url: https://mk.example.net/\nport: 3100\n");
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void A_generic_config_json_is_read_at_its_top_level_only()
    {
        using var nested = new TempTree()
            .Write("etc/systemd/system/app.service", "[Service]\nWorkingDirectory=/srv/app\nEnvironment=PORT=3000\nExecStart=/usr/bin/node index.js\n")
            .Write("srv/app/config.json", "{\n  \"db\": {\n    \"port\": 5432\n  },\n\"port\": 3000\n}\n");
        Assert.Equal("0.0.0.0:3000", Read(nested));

        using var shallow = new TempTree()
            .Write("etc/systemd/system/app.service", "[Service]\nWorkingDirectory=/srv/app\nEnvironment=PORT=3000\nExecStart=/usr/bin/node index.js\n")
            .Write("srv/app/config.json", "{ \"server\": {\n\"port\": 4000 } }\n");
        Assert.Equal("0.0.0.0:3000", Read(shallow));

        using var top = new TempTree()
            .Write("etc/systemd/system/app.service", "[Service]\nWorkingDirectory=/srv/app\nEnvironment=PORT=3000\nExecStart=/usr/bin/node index.js\n")
            .Write("srv/app/config.json", "{\n        \"port\": 4000 // moved\n}\n");
        Assert.Equal(" (unknown)", Read(top));
    }

    private static TempTree Meteor(string environment, string command = "/usr/bin/node /opt/Rocket.Chat/main.js", bool programsFolder = false)
    {
        var tree = new TempTree()
            .Write("etc/systemd/system/rocketchat.service", $"[Service]\n{environment}ExecStart={command}\nRestart=always\n")
            .Write("opt/Rocket.Chat/main.js", programsFolder ? "// a main.js of another shape\n" : "process.argv.splice(2, 0, 'program.json');\nprocess.chdir(require('path').join(__dirname, 'programs', 'server'));\nrequire('./programs/server/boot.js');\n");
        return programsFolder ? tree.Write("opt/Rocket.Chat/programs/server/boot.js", "// boot\n") : tree;
    }

    [Theory]
    [InlineData("Environment=PORT=3100\nEnvironment=BIND_IP=127.0.0.1\n", "127.0.0.1:3100")]
    [InlineData("Environment=PORT=3000\n", "0.0.0.0:3000")]
    [InlineData("Environment=PORT=3000 BIND_IP=\n", "0.0.0.0:3000")]
    [InlineData("Environment=PORT=3000 BIND_IP=10.0.0.5\n", "10.0.0.5:3000")]
    [InlineData("Environment=PORT=3000 BIND_IP=::1\n", "[::1]:3000")]
    [InlineData("Environment=PORT=3000 UNIX_SOCKET_PATH=/run/rocketchat/rocketchat.sock\n", "unix:/run/rocketchat/rocketchat.sock")]
    [InlineData("Environment=PORT=3000 UNIX_SOCKET_PATH=meteor.sock\n", "unix:/opt/Rocket.Chat/programs/server/meteor.sock")]
    [InlineData("Environment=BIND_IP=127.0.0.1\n", " (unknown)")]
    [InlineData("Environment=PORT=3000 BIND_IP=localhost\n", " (unknown)")]
    [InlineData("Environment=PORT=3000\nEnvironmentFile=/etc/rocketchat.env\n", " (unknown)")]
    public void A_Meteor_bundle_listens_on_PORT_at_BIND_IP_or_on_UNIX_SOCKET_PATH(string environment, string expected)
    {
        using var tree = Meteor(environment);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void A_Meteor_bundle_is_known_by_its_programs_folder_from_a_relative_script_and_reads_no_port_option()
    {
        using var relative = Meteor("WorkingDirectory=/opt/Rocket.Chat\nEnvironment=PORT=3000 BIND_IP=127.0.0.1\n", "/usr/bin/node --max-old-space-size=2048 main.js", programsFolder: true);
        Assert.Equal("127.0.0.1:3000", Read(relative));

        using var option = Meteor("Environment=BIND_IP=127.0.0.1\n", "/usr/bin/node /opt/Rocket.Chat/main.js --port 3000");
        Assert.Equal(" (unknown)", Read(option));

        // Another application's main.js is read by the convention: PORT at every address.
        using var other = new TempTree()
            .Write("etc/systemd/system/app.service", "[Service]\nEnvironment=PORT=3000 BIND_IP=127.0.0.1\nExecStart=/usr/bin/node /srv/app/main.js\n")
            .Write("srv/app/main.js", "require('./server').listen(process.env.PORT);\n");
        Assert.Equal("0.0.0.0:3000", Read(other));
    }

    private static TempTree Bench(string? common, string environment = "", string? benchConfig = null)
    {
        var tree = new TempTree()
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/frappe-bench.conf", $"[program:frappe-bench-node-socketio]\ncommand=/usr/bin/node /home/frappe/frappe-bench/apps/frappe/socketio.js\ndirectory=/home/frappe/frappe-bench\n{environment}")
            .Write("home/frappe/frappe-bench/apps/frappe/socketio.js", "require(\"./realtime\");\n");
        tree = common is null ? tree : tree.Write("home/frappe/frappe-bench/sites/common_site_config.json", common);
        return benchConfig is null ? tree : tree.Write("home/frappe/frappe-bench/config.json", benchConfig);
    }

    private static string ReadProgram(TempTree tree)
    {
        var model = HostTrees.Model(tree);
        var program = Assert.Single(model.BackEnds, b => b.Name.Contains("socketio", StringComparison.Ordinal));
        return string.Join(", ", program.Listeners.Select(l => l.Endpoint.Describe())) + (model.UnknownListeners.Any(u => ReferenceEquals(u.BackEnd, program)) ? " (unknown)" : string.Empty);
    }

    [Theory]
    [InlineData("{\n \"socketio_port\": 9000,\n \"webserver_port\": 8000\n}\n", "", null, "0.0.0.0:9000")]
    [InlineData("{ \"socketio_port\": \"9100\" }", "", null, "0.0.0.0:9100")]
    [InlineData("{ \"webserver_port\": 8000 }", "", null, "0.0.0.0:3000")]
    [InlineData("{ \"webserver_port\": 8000 }", "", "{ \"socketio_port\": 9200 }", "0.0.0.0:9200")]
    [InlineData("{ \"socketio_port\": 9000 }", "", "{ \"socketio_port\": 9200 }", "0.0.0.0:9000")]
    [InlineData("{ \"socketio_port\": 0 }", "", "{ \"socketio_port\": 9200 }", "0.0.0.0:9200")]
    [InlineData("{ \"socketio_port\": 9000 }", "environment=FRAPPE_SOCKETIO_PORT=\"9300\"\n", null, "0.0.0.0:9300")]
    [InlineData("{ \"socketio_port\": 9000 ", "", null, " (unknown)")]
    [InlineData(null, "", null, " (unknown)")]
    public void Frappes_socketio_server_listens_on_the_benchs_socketio_port(string? common, string environment, string? benchConfig, string expected)
    {
        using var tree = Bench(common, environment, benchConfig);
        Assert.Equal(expected, ReadProgram(tree));
    }
}
