using System.Text.Json;
using ConfLint.Tests.Corpus;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 on a Unix socket target that drifted inside the folder of one back end's own (its socket's folder, its
/// unit's <c>RuntimeDirectory=</c>, Debian's <c>/run/uwsgi/app/NAME</c>) while another front end reaches that back end
/// already; the Debian uwsgi application left in apps-available, named by either socket; and CL006's fix for a harakiri
/// under and over the hour (the SearXNG root of the precision round 28).</summary>
public sealed class OwnSocketFolderTests
{
    private const string Uwsgi = "[uwsgi]\nuid = searxng\ngid = searxng\nchmod-socket = 666\nplugin = python3\nmodule = searx.webapp\nsocket = /usr/local/searxng/run/socket\n";

    private static string TwoLocations(string second) =>
        "events {}\nhttp {\n    server {\n        listen 80;\n        location /searxng {\n            include uwsgi_params;\n            uwsgi_pass unix:/usr/local/searxng/run/socket;\n        }\n"
        + "        location /search {\n            include uwsgi_params;\n            uwsgi_pass unix:" + second + ";\n        }\n    }\n}\n";

    private static TempTree Searxng(string second, string? ini = null) => new TempTree()
        .Write("etc/nginx/nginx.conf", TwoLocations(second))
        .Write("etc/nginx/uwsgi_params", "uwsgi_param QUERY_STRING $query_string;\n")
        .Write("etc/uwsgi/apps-enabled/searxng.ini", ini ?? Uwsgi);

    private const string ShopUnit = "[Unit]\nDescription=shop gunicorn\n\n[Service]\nUser=shop\nRuntimeDirectory=shop\nWorkingDirectory=/srv/shop\n"
        + "ExecStart=/srv/shop/venv/bin/gunicorn --bind unix:/run/shop/gunicorn.sock shop.wsgi\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Shop(string name, string unit = ShopUnit) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name " + name + ";\n        location / {\n            proxy_pass http://unix:/run/shop/gunicorn.sock;\n        }\n    }\n"
            + "    server {\n        listen 8080;\n        server_name " + name + ";\n        location / {\n            proxy_pass http://unix:/run/shop/shop.sock;\n        }\n    }\n}\n")
        .Write("etc/systemd/system/shop.service", unit)
        .Link("etc/systemd/system/multi-user.target.wants/shop.service", "/etc/systemd/system/shop.service");

    private static List<JsonElement> Findings(TempTree tree, string code)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", code, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var document = JsonDocument.Parse(output.Stdout);
        return document.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code).Select(d => d.Clone()).ToList();
    }

    private static string? Applicability(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("applicability").GetString() : null;

    private static string Edit(JsonElement finding) => finding.GetProperty("fix").GetProperty("edits")[0].GetProperty("content").GetString()!;

    private static int Line(JsonElement finding) => finding.GetProperty("line").GetInt32();

    [Fact]
    public void A_second_pass_drifted_in_the_applications_own_socket_folder_is_an_error_with_a_safe_fix()
    {
        using var tree = Searxng("/usr/local/searxng/run/searxng.sock");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", 11, "safe"), (finding.GetProperty("severity").GetString(), Line(finding), Applicability(finding)));
        Assert.Equal("unix:/usr/local/searxng/run/socket", Edit(finding));
    }

    [Fact]
    public void Two_sockets_of_the_application_in_that_folder_leave_the_fix_unsafe()
    {
        using var tree = Searxng("/usr/local/searxng/run/searxng.sock", Uwsgi + "socket = /usr/local/searxng/run/admin.sock\n");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "unsafe"), (finding.GetProperty("severity").GetString(), Applicability(finding)));
    }

    [Fact]
    public void A_program_ConfLint_does_not_read_that_names_the_folder_keeps_it_silent()
    {
        using var tree = Searxng("/usr/local/searxng/run/searxng.sock")
            .Write("etc/systemd/system/morty.service", "[Service]\nExecStart=/usr/local/bin/morty --listen /usr/local/searxng/run/morty.sock\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/morty.service", "/etc/systemd/system/morty.service");
        Assert.DoesNotContain(Findings(tree, "CL001"), f => Line(f) == 11);
    }

    [Fact]
    public void A_program_ConfLint_does_not_read_whose_unit_makes_the_folder_keeps_it_silent()
    {
        // shop-ws names no path, but its unit makes /run/shop too: its websocket server may bind shop.sock there.
        using var tree = Shop("shop.example.org")
            .Write("etc/systemd/system/shop-ws.service", "[Service]\nUser=shop\nRuntimeDirectory=shop\nExecStart=/usr/local/bin/shop-ws\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/shop-ws.service", "/etc/systemd/system/shop-ws.service");
        Assert.DoesNotContain(Findings(tree, "CL001"), f => f.GetProperty("severity").GetString() == "error");
    }

    [Theory]
    [InlineData("/run/searxng.sock")]
    [InlineData("/tmp/searxng.sock")]
    public void A_shared_folder_belongs_to_no_back_end(string second)
    {
        using var tree = Searxng("/usr/local/searxng/run/searxng.sock", Uwsgi.Replace("/usr/local/searxng/run/socket", second[..second.LastIndexOf('/')] + "/uwsgi.sock", StringComparison.Ordinal));
        tree.Write("etc/nginx/nginx.conf", TwoLocations(second).Replace("unix:/usr/local/searxng/run/socket", "unix:" + second[..second.LastIndexOf('/')] + "/uwsgi.sock", StringComparison.Ordinal));
        Assert.Empty(Findings(tree, "CL001"));
    }

    [Fact]
    public void The_second_server_blocks_socket_in_the_services_runtime_directory_gets_a_safe_fix()
    {
        using var tree = Shop("shop.example.org");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "safe"), (finding.GetProperty("severity").GetString(), Applicability(finding)));
        Assert.Equal("http://unix:/run/shop/gunicorn.sock", Edit(finding));
    }

    [Fact]
    public void The_runtime_directory_ties_where_no_name_does()
    {
        // The socket is bound elsewhere: only RuntimeDirectory=shop says whose /run/shop is.
        using var tree = Shop("www.example.org", ShopUnit.Replace("unix:/run/shop/gunicorn.sock", "unix:/srv/shop/gunicorn.sock", StringComparison.Ordinal));
        tree.Write("etc/nginx/nginx.conf", tree.Read("etc/nginx/nginx.conf").Replace("http://unix:/run/shop/gunicorn.sock", "http://unix:/srv/shop/gunicorn.sock", StringComparison.Ordinal));
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Contains("RuntimeDirectory=shop of shop.service", finding.GetProperty("fix").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("http://unix:/srv/shop/gunicorn.sock", Edit(finding));
    }

    [Fact]
    public void An_inherited_configuration_without_a_socket_leaves_the_debian_folder_empty()
    {
        using var tree = Searxng("/run/uwsgi/app/searxng/socket")
            .Write("etc/default/uwsgi", "INHERITED_CONFIG=/etc/uwsgi/inherited.ini\n")
            .Write("etc/uwsgi/inherited.ini", "[uwsgi]\nmaster = true\nuid = www-data\ngid = www-data\n");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", 11, "safe"), (finding.GetProperty("severity").GetString(), Line(finding), Applicability(finding)));
        Assert.Equal("unix:/usr/local/searxng/run/socket", Edit(finding));

        // The package's default.ini binds it: nothing to say.
        tree.Write("etc/default/uwsgi", "# INHERITED_CONFIG=/usr/share/uwsgi/conf/default.ini\n");
        Assert.Empty(Findings(tree, "CL001"));
    }

    private static TempTree NotEnabled(bool readme)
    {
        var tree = new TempTree()
            .Write("etc/uwsgi/apps-available/searxng.ini", Uwsgi)
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 10.20.0.5:80;\n        location /searxng {\n            include uwsgi_params;\n            uwsgi_pass unix:/run/uwsgi/app/searxng/socket;\n        }\n    }\n}\n")
            .Write("etc/nginx/uwsgi_params", "uwsgi_param QUERY_STRING $query_string;\n")
            .Write("etc/apache2/apache2.conf", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nErrorLog /var/log/apache2/error.log\nLoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_uwsgi_module /usr/lib/apache2/modules/mod_proxy_uwsgi.so\nListen 203.0.113.10:80\n"
                + "<VirtualHost *:80>\n    ServerName search.example.org\n    <Location /searxng>\n        ProxyPass unix:/usr/local/searxng/run/socket|uwsgi://uwsgi-uds-searxng/\n    </Location>\n</VirtualHost>\n");
        return readme ? tree.Write("etc/uwsgi/apps-enabled/README", "Symlinks to the files in apps-available of the applications to start.\n") : tree;
    }

    [Theory]
    [InlineData(true, "error")]
    [InlineData(false, "info")]
    public void An_application_left_in_apps_available_is_judged_alike_through_either_socket(bool readme, string severity)
    {
        using var tree = NotEnabled(readme);
        var findings = Findings(tree, "CL001");
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(severity, f.GetProperty("severity").GetString()));
        Assert.All(findings, f => Assert.Contains("searxng.ini", f.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.Contains(findings, f => f.GetProperty("path").GetString() == "etc/apache2/apache2.conf" && f.GetProperty("message").GetString()!.Contains("line 7 binds it", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("120", "safe", "uwsgi_read_timeout 125s")]
    [InlineData("3600", "unsafe", "uwsgi_read_timeout 3605s")]
    public void Harakiri_under_the_hour_is_met_safely_and_an_hours_backstop_is_not(string harakiri, string applicability, string set)
    {
        // Under an hour, the admin's harakiri is how long a request may run, and nginx's unwritten 60 s default the one
        // thing to change; an hour or more (Weblate's 3600) is a backstop that lowering fits as well (SafeWait).
        using var tree = new TempTree().CopyFrom(Path.Combine(CorpusRoot.Corpus, "searxng-uwsgi-apache-nginx"));
        var ini = "etc/uwsgi/apps-available/searxng.ini";
        tree.Write(ini, tree.Read(ini) + "harakiri = " + harakiri + "\n");
        var finding = Assert.Single(Findings(tree, "CL006"), f => f.GetProperty("path").GetString()!.Contains("nginx", StringComparison.Ordinal));
        Assert.Equal(applicability, Applicability(finding));
        Assert.StartsWith("Set " + set, finding.GetProperty("fix").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
