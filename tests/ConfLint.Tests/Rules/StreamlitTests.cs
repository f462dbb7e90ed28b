using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Streamlit read as it reads its settings (precision round 24): <c>--server.port</c> over <c>STREAMLIT_SERVER_PORT</c>
/// over the project's <c>.streamlit/config.toml</c> (the working folder's) over the user's <c>~/.streamlit/config.toml</c>;
/// no port anywhere is unknown (Streamlit takes the next free one); <c>server.baseUrlPath</c> ties a location under it.
/// Two dashboards given the same port by hand cannot both start: where the one a site is meant for holds the other's
/// port and the site's own port is free, the safe fix moves the back end, never the site onto the other dashboard.
/// </summary>
public class StreamlitTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\ndash:x:1001:1001::/home/dash:/bin/bash\n";

    private static TempTree Tree(int proxied, string flags, string environment = "", string project = "", string global = "")
    {
        var tree = new TempTree()
            .Write("etc/passwd", Passwd)
            .Write("etc/group", "root:x:0:\ndash:x:1001:\n")
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/bi.conf", $"server {{\n    listen 80;\n    server_name bi.example.net;\n    location /forecast/ {{\n        proxy_pass http://127.0.0.1:{proxied};\n    }}\n}}\n")
            .Write("etc/systemd/system/streamlit-forecast.service", $"[Service]\nUser=dash\nWorkingDirectory=/home/dash/forecast\n{environment}ExecStart=/home/dash/forecast/.venv/bin/streamlit run app.py --server.baseUrlPath forecast {flags}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n");
        if (project.Length > 0)
        {
            tree.Write("home/dash/forecast/.streamlit/config.toml", project);
        }

        if (global.Length > 0)
        {
            tree.Write("home/dash/.streamlit/config.toml", global);
        }

        return tree;
    }

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Theory]
    [InlineData(8502, "--server.port 8502", "", "", "")]
    [InlineData(8502, "--server.port=8502", "Environment=STREAMLIT_SERVER_PORT=8600\n", "[server]\nport = 8700\n", "")]
    [InlineData(8600, "", "Environment=STREAMLIT_SERVER_PORT=8600\n", "[server]\nport = 8700\n", "")]
    [InlineData(8700, "", "", "# the project's\n[server]\nport = 8700 # moved\naddress = \"127.0.0.1\"\n", "[server]\nport = 8800\n")]
    [InlineData(8800, "", "", "[theme]\nbase = \"dark\"\n", "[server]\nheadless = true\nport = 8800\n")]
    [InlineData(8800, "", "", "", "server.port = 8800\n")]
    public void The_port_Streamlit_takes_is_where_the_site_meets_it(int proxied, string flags, string environment, string project, string global)
    {
        using var tree = Tree(proxied, flags, environment, project, global);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_above_the_one_the_operator_moved_wins()
    {
        // The project's file says 8700, but the unit's flag keeps 8502: the site on 8700 meets nothing.
        using var tree = Tree(8700, "--server.port 8502", project: "[server]\nport = 8700\n");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:8700: nothing on this host listens there (streamlit in service 'streamlit-forecast.service' listens on 0.0.0.0:8502, Streamlit: --server.port 8502, every address (server.address unset))", output, StringComparison.Ordinal);
        Assert.Contains("it asks for /forecast/, under the path /forecast the back end serves under (--server.baseUrlPath forecast)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("[server]\nport = [\n  8700,\n]\n", "")]
    public void No_port_set_or_one_ConfLint_cannot_read_is_not_judged(string project, string global)
    {
        // Streamlit takes 8501, or the next free port when that is taken: nothing to hold the site against.
        using var tree = Tree(8700, string.Empty, project: project, global: global);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    private static TempTree TwoDashboards(string salesFlags, bool salesProxied = true) => new TempTree()
        .Write("etc/passwd", Passwd)
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write("etc/nginx/conf.d/bi.conf", "server {\n    listen 80;\n    server_name bi.example.net;\n" + (salesProxied ? "    location /sales/ {\n        proxy_pass http://127.0.0.1:8501;\n    }\n" : string.Empty) + "    location /forecast/ {\n        proxy_pass http://127.0.0.1:8502;\n    }\n}\n")
        .Write("etc/systemd/system/streamlit-sales.service", $"[Service]\nUser=dash\nWorkingDirectory=/home/dash/sales\nExecStart=/home/dash/sales/.venv/bin/streamlit run app.py {salesFlags} --server.address 127.0.0.1 --server.baseUrlPath sales\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
        .Write("etc/systemd/system/streamlit-forecast.service", "[Service]\nUser=dash\nWorkingDirectory=/home/dash/forecast\nExecStart=/home/dash/forecast/.venv/bin/streamlit run app.py \\\n    --server.port 8501 \\\n    --server.address 127.0.0.1 \\\n    --server.baseUrlPath forecast\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
        .Write("home/dash/forecast/.streamlit/config.toml", "[server]\nport = 8502\n");

    [Fact]
    public void A_back_end_on_a_port_another_holds_is_moved_to_the_sites_free_port()
    {
        using var tree = TwoDashboards("--server.port 8501");
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:8502: nothing on this host listens there (streamlit in service 'streamlit-forecast.service' listens on 127.0.0.1:8501, Streamlit: --server.port 8501, --server.address 127.0.0.1); streamlit in service 'streamlit-sales.service' binds 127.0.0.1:8501 too and a front end reaches it there, so only one of them can start on that port", output, StringComparison.Ordinal);
        Assert.Contains("help: Move streamlit in service 'streamlit-forecast.service' to port 8502, where this site points and nothing listens: '8502' for '8501'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Point proxy_pass at 127.0.0.1:8501", output, StringComparison.Ordinal);

        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001");
        Assert.True(fix.ExitCode is 0 or 1, fix.Stderr);
        var unit = File.ReadAllText(Path.Combine(tree.Root, "etc/systemd/system/streamlit-forecast.service"));
        Assert.Contains("    --server.port 8502 \\\n    --server.address 127.0.0.1", unit, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://127.0.0.1:8502;", File.ReadAllText(Path.Combine(tree.Root, "etc/nginx/conf.d/bi.conf")), StringComparison.Ordinal);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void No_move_where_the_other_holder_is_reached_by_no_front_end()
    {
        // Which of the two holds 8501 is then not known, and no site needs the other: pointing the site at 8501 is one
        // remedy among others (unsafe), moving the dashboard is not offered.
        using var unreached = TwoDashboards("--server.port 8501", salesProxied: false);
        var output = Lint(unreached);
        Assert.Contains("error CL001 [*] proxy_pass http://127.0.0.1:8502", output, StringComparison.Ordinal);
        Assert.Contains("but streamlit in service 'streamlit-sales.service' also listens there: check which program holds the port before pointing the site there (unsafe fix)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Move streamlit", output, StringComparison.Ordinal);
    }
}
