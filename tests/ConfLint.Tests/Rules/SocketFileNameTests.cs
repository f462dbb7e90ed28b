using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's choice among the back ends a Unix socket target that reaches nothing was meant for, with the folder
/// and the file name compared apart (Pulp 3's two gunicorn services of the precision round 32, each with its own
/// <c>RuntimeDirectory=</c>: the content app's file name written in the API's folder must not send the content upstream to
/// the API the other upstream of the same server already reaches); and CL003's <c>RuntimeDirectory=</c> folder reached
/// through the <c>/var/run</c> spelling.</summary>
public sealed class SocketFileNameTests
{
    private const string Api = "[Service]\nUser=pulp\nRuntimeDirectory=pulpcore-api\n"
        + "ExecStart=/usr/local/lib/pulp/bin/gunicorn pulpcore.app.wsgi:application --name pulp-api --bind unix:/var/run/pulpcore-api/pulpcore-api.sock --timeout 90\nRestart=always\n";

    private const string Content = "[Service]\nUser=pulp\nRuntimeDirectory=pulpcore-content\n"
        + "ExecStart=/usr/local/lib/pulp/bin/gunicorn pulpcore.content:server --name pulp-content --worker-class aiohttp.GunicornWebWorker --bind unix:/var/run/pulpcore-content/pulpcore-content.sock\nRestart=always\n";

    private static TempTree Pulp(string contentTarget, string? secondServer = null, string api = Api, string content = Content) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n"
            + $"    upstream pulp-content {{ server unix:{contentTarget}; }}\n"
            + "    upstream pulp-api { server unix:/var/run/pulpcore-api/pulpcore-api.sock; }\n"
            + "    server {\n        listen 80;\n        location /pulp/content/ { proxy_pass http://pulp-content; }\n        location / { proxy_pass http://pulp-api; }\n    }\n"
            + (secondServer ?? string.Empty) + "}\n")
        .Write("lib/systemd/system/pulpcore-api.service", api)
        .Write("lib/systemd/system/pulpcore-content.service", content);

    private static List<JsonElement> Findings(TempTree tree, string code)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", code, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var document = JsonDocument.Parse(output.Stdout);
        return document.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == code).Select(d => d.Clone()).ToList();
    }

    private static string Severity(JsonElement finding) => finding.GetProperty("severity").GetString()!;

    private static string? Applicability(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object ? fix.GetProperty("applicability").GetString() : null;

    private static string Description(JsonElement finding) => finding.GetProperty("fix").GetProperty("description").GetString()!;

    private static string Edit(JsonElement finding) => finding.GetProperty("fix").GetProperty("edits")[0].GetProperty("content").GetString()!;

    [Fact]
    public void The_content_apps_file_name_in_the_apis_folder_points_at_the_content_app_not_the_api()
    {
        using var tree = Pulp("/var/run/pulpcore-api/pulpcore-content.sock");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "unsafe"), (Severity(finding), Applicability(finding)));
        Assert.Equal("unix:/var/run/pulpcore-content/pulpcore-content.sock", Edit(finding));
        // Both readings are said: the file name's and the folder's, whose back end the other upstream already reaches.
        var description = Description(finding);
        Assert.Contains("has the target's file name, pulpcore-content.sock", description, StringComparison.Ordinal);
        Assert.Contains("the target's folder is that of gunicorn in service 'pulpcore-api.service'", description, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://pulp-api of the same server already reaches", description, StringComparison.Ordinal);

        // The content location's timeout is not judged by the API's --timeout 90.
        Assert.DoesNotContain(Findings(tree, "CL006"), f => f.GetProperty("message").GetString()!.Contains("http://pulp-content", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_name_in_a_folder_no_back_end_makes_is_a_tie_of_its_own()
    {
        // Before: info, nothing tying the content app to the upstream.
        using var tree = Pulp("/run/gunicorn/pulpcore-content.sock");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "safe"), (Severity(finding), Applicability(finding)));
        Assert.Equal("unix:/var/run/pulpcore-content/pulpcore-content.sock", Edit(finding));
    }

    [Fact]
    public void Two_sockets_in_one_folder_still_take_the_unreached_one()
    {
        using var tree = Pulp("/srv/pulp/run/pulpcore-contnet.sock",
            api: Api.Replace("/var/run/pulpcore-api/pulpcore-api.sock", "/srv/pulp/run/pulpcore-api.sock", StringComparison.Ordinal),
            content: Content.Replace("/var/run/pulpcore-content/pulpcore-content.sock", "/srv/pulp/run/pulpcore-content.sock", StringComparison.Ordinal));
        tree.Write("etc/nginx/nginx.conf", tree.Read("etc/nginx/nginx.conf").Replace("/var/run/pulpcore-api/pulpcore-api.sock", "/srv/pulp/run/pulpcore-api.sock", StringComparison.Ordinal))
            .Write("srv/pulp/run/.keep", string.Empty);
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "safe"), (Severity(finding), Applicability(finding)));
        Assert.Equal("unix:/srv/pulp/run/pulpcore-content.sock", Edit(finding));
    }

    [Fact]
    public void With_every_back_end_reached_the_file_name_goes_first_and_the_fix_is_unsafe()
    {
        using var tree = Pulp("/var/run/pulpcore-api/pulpcore-content.sock",
            "    server {\n        listen 8080;\n        location /pulp/content/ { proxy_pass http://unix:/var/run/pulpcore-content/pulpcore-content.sock; }\n    }\n");
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "unsafe"), (Severity(finding), Applicability(finding)));
        Assert.Equal("unix:/var/run/pulpcore-content/pulpcore-content.sock", Edit(finding));
        Assert.Contains("pulpcore-api.service", Description(finding), StringComparison.Ordinal);
    }

    private const string Shop = "[Service]\nUser=shop\nRuntimeDirectory=shop\nExecStart=/srv/shop/venv/bin/gunicorn --bind unix:/run/shop/shop.sock shop.wsgi\nRestart=always\n";

    private const string Blog = "[Service]\nUser=blog\nRuntimeDirectory=blog\nExecStart=/srv/blog/venv/bin/gunicorn --bind unix:/run/blog/gunicorn.sock blog.wsgi\nRestart=always\n";

    private static TempTree ShopAndBlog(bool sameServer) => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / { proxy_pass http://unix:/run/shop/shop.sock; }\n"
            + (sameServer ? "        location /admin/ { proxy_pass http://unix:/run/shop/gunicorn.sock; }\n    }\n"
                : "    }\n    server {\n        listen 8080;\n        location / { proxy_pass http://unix:/run/shop/gunicorn.sock; }\n    }\n")
            + "}\n")
        .Write("lib/systemd/system/shop.service", Shop)
        .Write("lib/systemd/system/blog.service", Blog);

    [Fact]
    public void A_file_name_every_deployment_uses_does_not_outweigh_the_folder()
    {
        // gunicorn.sock is blog's too, but says nothing: /run/shop is shop.service's, reached by another server only.
        using var tree = ShopAndBlog(sameServer: false);
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "safe"), (Severity(finding), Applicability(finding)));
        Assert.Equal("http://unix:/run/shop/shop.sock", Edit(finding));
    }

    [Fact]
    public void A_folder_owner_another_location_of_the_same_server_reaches_is_no_safe_choice_while_a_back_end_is_unreached()
    {
        using var tree = ShopAndBlog(sameServer: true);
        var finding = Assert.Single(Findings(tree, "CL001"));
        Assert.Equal(("error", "unsafe"), (Severity(finding), Applicability(finding)));
        Assert.Equal("http://unix:/run/shop/shop.sock", Edit(finding));
        Assert.Contains("gunicorn in service 'blog.service' is reached by no front end", Description(finding), StringComparison.Ordinal);
    }

    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\npulp:x:997:997::/var/lib/pulp:/usr/sbin/nologin\n";

    [Theory]
    [InlineData("/var/run/pulpcore-api/pulpcore-api.sock", "/var/run/pulpcore-api/pulpcore-api.sock", "link")]
    [InlineData("/var/run/pulpcore-api/pulpcore-api.sock", "/var/run/pulpcore-api/pulpcore-api.sock", "folder")]
    [InlineData("/var/run/pulpcore-api/pulpcore-api.sock", "/var/run/pulpcore-api/pulpcore-api.sock", "none")]
    [InlineData("/var/run/pulpcore-api/pulpcore-api.sock", "/run/pulpcore-api/pulpcore-api.sock", "none")]
    [InlineData("/run/pulpcore-api/pulpcore-api.sock", "/var/run/pulpcore-api/pulpcore-api.sock", "none")]
    [InlineData("/run/pulpcore-api/pulpcore-api.sock", "/run/pulpcore-api/pulpcore-api.sock", "none")]
    public void The_runtime_folder_is_judged_however_var_run_is_spelled_or_held(string bind, string target, string varRun)
    {
        // On a systemd host /var/run is the link to ../run (tmpfiles.d's var.conf; systemd taints a host where it is not):
        // a real var/run folder in the root is a copy that lost the link.
        using var tree = new TempTree()
            .Write("etc/passwd", Passwd)
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\npulp:x:997:\n")
            .Write("etc/nginx/nginx.conf", $"user www-data;\nevents {{}}\nhttp {{\n    server {{\n        listen 80;\n        location / {{ proxy_pass http://unix:{target}; }}\n    }}\n}}\n")
            .Write("lib/systemd/system/pulpcore-api.service",
                $"[Service]\nUser=pulp\nGroup=pulp\nRuntimeDirectory=pulpcore-api\nRuntimeDirectoryMode=0750\nExecStart=/usr/local/lib/pulp/bin/gunicorn pulpcore.app.wsgi:application --bind unix:{bind}\nRestart=always\n");
        if (varRun == "link")
        {
            tree.Link("var/run", "/run");
        }
        else if (varRun == "folder")
        {
            tree.Write("var/run/.keep", string.Empty);
        }

        var finding = Assert.Single(Findings(tree, "CL003"));
        Assert.Equal(("error", 5), (Severity(finding), finding.GetProperty("line").GetInt32()));
        Assert.Contains("inside /run/pulpcore-api, which systemd makes at each start of pulpcore-api.service as pulp:pulp mode 0750", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
