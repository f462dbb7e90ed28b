using ConfLint.Host.Systemd;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Node-RED as red.js reads its address (node-red/node-red: red.js, bin/node-red-pi, settings.js): <c>-p/--port</c>
/// first, then the settings' <c>uiPort</c> (a literal as it is, <c>process.env.PORT || N</c> as PORT then N, anything else
/// computed unknown), else 1880; at <c>uiHost</c> or 0.0.0.0. The settings file is <c>-s</c>, or <c>settings.js</c> of
/// <c>-u</c> or of <c>$HOME/.node-red</c> with the unit's User='s home. node-red-pi hands <c>--</c> words to node. And the
/// general node application, which takes PORT only where no settings file of its own that ConfLint does not read is there.</summary>
public class NodeRedTests
{
    /// <summary>The service's listeners, and " (unknown)" where its address is unknown.</summary>
    private static string Read(TempTree tree)
    {
        var model = HostTrees.Model(tree);
        var service = Assert.Single(model.BackEndsOf<ServiceBackEnd>());
        return string.Join(", ", service.Listeners.Select(l => l.Endpoint.Describe())) + (model.UnknownListeners.Any(u => ReferenceEquals(u.BackEnd, service)) ? " (unknown)" : string.Empty);
    }

    private const string RedJs = "/usr/bin/node /usr/lib/node_modules/node-red/red.js";

    private static TempTree NodeRed(string command, string environment, string? settings, string service = "User=pi\n") => Write(new TempTree()
        .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\npi:x:1000:1000:,,,:/home/pi:/bin/bash\nnodered:x:998:998::/srv/nodered:/usr/sbin/nologin\n")
        .Write("etc/group", "root:x:0:\npi:x:1000:\nnodered:x:998:\n")
        .Write("etc/systemd/system/nodered.service", $"[Service]\n{service}{environment}ExecStart={command}\nRestart=on-failure\n"), "home/pi/.node-red/settings.js", settings);

    private static TempTree Write(TempTree tree, string path, string? text) => text is null ? tree : tree.Write(path, text);

    private static string Settings(string members) => $"/** Node-RED settings */\nmodule.exports = {{\n    flowFile: 'flows.json',\n    // uiPort: 1999,\n{members}    editorTheme: {{ page: {{ title: \"https://example.net\" }} }},\n}};\n";

    [Theory]
    // A literal uiPort is what Node-RED listens on, whatever PORT says (the probe: a false CL001 once offered 1881).
    [InlineData(RedJs, "Environment=\"PORT=1881\"\n", "    uiPort: 1880,\n", "0.0.0.0:1880")]
    [InlineData(RedJs, "Environment=\"PORT=1881\"\n", "    uiPort: \"1885\",\n    uiHost: \"127.0.0.1\",\n", "127.0.0.1:1885")]
    // process.env.PORT || N: PORT where it is set, else N.
    [InlineData(RedJs, "Environment=\"PORT=1881\"\n", "    uiPort: process.env.PORT || 1880,\n", "0.0.0.0:1881")]
    [InlineData(RedJs, "", "    uiPort: process.env.PORT || 1880,\n    uiHost: \"127.0.0.1\",\n", "127.0.0.1:1880")]
    [InlineData(RedJs, "Environment=\"NR_PORT=1890\"\n", "    uiPort: process.env['NR_PORT'] || 1880,\n", "0.0.0.0:1890")]
    [InlineData(RedJs, "EnvironmentFile=/etc/nodered.env\n", "    uiPort: process.env.PORT || 1880,\n", " (unknown)")]
    // An environment file not in the root may set HOME (another settings.js) or NODE_RED_HOME: unknown even for a literal.
    [InlineData(RedJs, "EnvironmentFile=/etc/nodered.env\n", "    uiPort: 1880,\n", " (unknown)")]
    // No uiPort: 1880; an empty uiHost is every address.
    [InlineData(RedJs, "Environment=\"PORT=1881\"\n", "    uiHost: \"\",\n", "0.0.0.0:1880")]
    // -p/--port wins over uiPort; after a -- nopt reads no option.
    [InlineData(RedJs + " -p 1900", "", "    uiPort: 1880,\n", "0.0.0.0:1900")]
    [InlineData(RedJs + " --port=1901 -v", "", "    uiPort: process.env.PORT || 1880,\n", "0.0.0.0:1901")]
    [InlineData(RedJs + " -- -p 1900", "", "    uiPort: 1880,\n", "0.0.0.0:1880")]
    [InlineData(RedJs + " -D uiPort=1902", "", "    uiPort: 1880,\n", "0.0.0.0:1902")]
    // Computed, or set outside the exported object: unknown.
    [InlineData(RedJs, "Environment=\"PORT=1881\"\n", "    uiPort: parseInt(process.env.NR_PORT, 10),\n", " (unknown)")]
    [InlineData(RedJs, "", "    uiPort: 1880,\n    ...require('./local.js'),\n", " (unknown)")]
    [InlineData(RedJs, "", "    uiPort: 0,\n", " (unknown)")]
    [InlineData(RedJs + " --frobnicate", "", "    uiPort: 1880,\n", " (unknown)")]
    public void Node_red_listens_where_red_js_takes_its_port(string command, string environment, string members, string expected)
    {
        using var tree = NodeRed(command, environment, Settings(members));
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void A_uiPort_assigned_after_the_export_is_unknown()
    {
        using var tree = NodeRed(RedJs, "", Settings("    uiPort: 1880,\n") + "module.exports.uiPort = 1881;\n");
        Assert.Equal(" (unknown)", Read(tree));
    }

    [Theory]
    // The install script's unit: node-red-pi behind env, NODE_OPTIONS and "--" to node, NODE_RED_OPTIONS (unset: no word) to red.js.
    [InlineData("", "127.0.0.1:1880")]
    [InlineData("NODE_RED_OPTIONS=-p 1890 -v\n", "127.0.0.1:1890")]
    [InlineData("NODE_RED_OPTIONS=--port 1890\n", " (unknown)")]
    public void Node_red_pi_takes_NODE_RED_OPTIONS_from_the_units_environment_file(string environmentFile, string expected)
    {
        using var tree = NodeRed("/usr/bin/env node-red-pi $NODE_OPTIONS -- $NODE_RED_OPTIONS",
                "WorkingDirectory=/home/pi\nEnvironment=\"NODE_OPTIONS=--max_old_space_size=1024\"\nEnvironmentFile=-/home/pi/.node-red/environment\n",
                Settings("    uiPort: process.env.PORT || 1880,\n    uiHost: \"127.0.0.1\",\n"))
            .Write("home/pi/.node-red/environment", "XDG_RUNTIME_DIR=/run/user/1000\n" + environmentFile);
        Assert.Equal(expected, Read(tree));
    }

    [Fact]
    public void Node_red_pi_with_a_variable_the_environment_may_hold_is_unknown()
    {
        // EnvironmentFile= without "-" and not in the root: NODE_RED_OPTIONS may be there, with a -p.
        using var tree = NodeRed("/usr/bin/env node-red-pi $NODE_OPTIONS -- $NODE_RED_OPTIONS", "EnvironmentFile=/etc/default/nodered\n", Settings("    uiPort: 1880,\n"));
        Assert.Equal(" (unknown)", Read(tree));
    }

    [Fact]
    public void The_settings_file_is_the_options_or_the_user_folders_of_the_units_user()
    {
        // -s names the file; a relative path is the working folder's.
        using var named = NodeRed("/usr/bin/node-red -s settings/prod.js", "WorkingDirectory=/opt/flows\n", Settings("    uiPort: 1880,\n"))
            .Write("opt/flows/settings/prod.js", Settings("    uiPort: 1960,\n"));
        Assert.Equal("0.0.0.0:1960", Read(named));

        // -u with a settings.js there.
        using var userDir = NodeRed("/usr/bin/env node-red --userDir /srv/flows", "", Settings("    uiPort: 1880,\n"))
            .Write("srv/flows/settings.js", Settings("    uiPort: 1970,\n"));
        Assert.Equal("0.0.0.0:1970", Read(userDir));

        // $HOME/.node-red of User=nodered, whose home /etc/passwd gives.
        using var other = NodeRed(RedJs, "", null, service: "User=nodered\n").Write("srv/nodered/.node-red/settings.js", Settings("    uiPort: 1980,\n"));
        Assert.Equal("0.0.0.0:1980", Read(other));

        // No User=: HOME is not known; no settings.js in the root: unknown.
        using var noUser = NodeRed(RedJs, "", Settings("    uiPort: 1880,\n"), service: string.Empty);
        Assert.Equal(" (unknown)", Read(noUser));
        using var missing = NodeRed(RedJs, "Environment=PORT=1881\n", null);
        Assert.Equal(" (unknown)", Read(missing));
    }

    [Fact]
    public void Red_js_elsewhere_is_node_red_only_by_its_package()
    {
        using var local = NodeRed("/usr/bin/node /opt/nr/red.js", "", Settings("    uiPort: 1880,\n")).Write("opt/nr/package.json", "{ \"name\": \"node-red\", \"version\": \"4.1.0\" }\n");
        Assert.Equal("0.0.0.0:1880", Read(local));
    }

    [Theory]
    // A node application given PORT whose working folder (or Node-RED user folder) holds a settings file ConfLint does not
    // read: PORT is no proof of where it listens.
    [InlineData("opt/app/config.js", " (unknown)")]
    [InlineData("opt/app/config/default.json", " (unknown)")]
    [InlineData("home/pi/.node-red/settings.js", " (unknown)")]
    [InlineData(null, "0.0.0.0:3000")]
    public void A_node_app_with_an_unread_settings_file_does_not_take_PORT_as_certain(string? file, string expected)
    {
        using var tree = Write(NodeRed("/usr/bin/node /opt/app/server.js", "WorkingDirectory=/opt/app\nEnvironment=PORT=3000\n", null), file ?? "opt/app/README", "module.exports = { port: 3100 };\n");
        Assert.Equal(expected, Read(tree));
    }
}
