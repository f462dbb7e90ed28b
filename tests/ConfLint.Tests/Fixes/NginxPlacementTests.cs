using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Fixing;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Rules.Support;
using ConfLint.Tests.Support;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Tests.Fixes;

/// <summary>
/// Where fixes put nginx directives (issue 10, item 3): the nearest level whose context takes the directive, never an
/// <c>if</c> or <c>limit_except</c> that does not; an outer setting overridden for one block rather than changed for all;
/// a list directive added at an inner level with the outer entries it would drop; and the fix engine rejecting a fix
/// whose result the directive tables refuse.
/// </summary>
public sealed class NginxPlacementTests
{
    private const string Site = """
        upstream app {
            server 127.0.0.1:8000;
        }

        server {
            listen 80;
            server_name shop.example.com;
            proxy_http_version 1.0;
            include proxy_params;
            proxy_set_header X-Site shop;

            location / {
                if ($request_method = POST) {
                    proxy_pass http://app;
                }
                proxy_pass http://app;
            }

            location /admin/ {
                limit_except GET {
                    proxy_pass http://app;
                }
            }

            location /own/ {
                proxy_set_header X-Own yes;
                proxy_pass http://app;
            }
        }

        """;

    private static (TempTree Tree, ConfigWorkspace Workspace, HostModel Host) Load(string site = Site)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/proxy_params", "proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;\n")
            .Write("etc/nginx/sites-enabled/shop", site);
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        return (tree, workspace, HostModelBuilder.Build(workspace, ConfLintConfig.Empty));
    }

    private static NginxScope PassScope(HostModel host, NginxContext context, int index = 0) =>
        host.Nginx[0].Passes.Where(p => p.Scope.Context == context).Select(p => p.Scope).ElementAt(index);

    private static string Applied(ConfigWorkspace workspace, params FileEdit?[] edits)
    {
        Assert.All(edits, e => Assert.NotNull(e));
        var file = workspace.FileOf(edits[0]!.File)!;
        return TextEdit.Apply(file.Source!.Text, edits.Select(e => e!.Edit));
    }

    [Fact]
    public void A_directive_nginx_refuses_in_if_goes_to_the_location_around_it()
    {
        var (tree, _, host) = Load();
        using var _tree = tree;
        var inIf = PassScope(host, NginxContext.LocationIf);
        Assert.True(NginxDirectiveTable.Instance.IsAllowed("proxy_pass", NginxContext.LocationIf));
        Assert.False(NginxDirectiveTable.Instance.IsAllowed("proxy_buffer_size", NginxContext.LocationIf));
        Assert.Equal(NginxContext.Location, NginxEdits.NearestAllowed(inIf, "proxy_buffer_size", NginxVersion.Newest)!.Context);
        Assert.Same(inIf, NginxEdits.NearestAllowed(inIf, "proxy_pass", NginxVersion.Newest));

        var inLimitExcept = PassScope(host, NginxContext.LimitExcept);
        Assert.Equal(NginxContext.Location, NginxEdits.NearestAllowed(inLimitExcept, "proxy_http_version", NginxVersion.Newest)!.Context);
        Assert.Same(inLimitExcept, NginxEdits.NearestAllowed(inLimitExcept, "proxy_pass", NginxVersion.Newest));
        Assert.Equal(NginxContext.Server, NginxEdits.NearestAllowed(inLimitExcept, "listen", NginxVersion.Newest)!.Context);
        Assert.Null(NginxEdits.NearestAllowed(inLimitExcept, "worker_connections", NginxVersion.Newest));
    }

    [Fact]
    public void An_outer_setting_is_overridden_for_the_block_not_changed_for_every_block()
    {
        var (tree, workspace, host) = Load();
        using var _tree = tree;
        var location = PassScope(host, NginxContext.Location);
        var edit = NginxEdits.Set(location, "proxy_http_version", "1.1", NginxVersion.Newest);
        var text = Applied(workspace, edit);
        Assert.Contains("    proxy_http_version 1.0;\n", text);
        Assert.Contains("    location / {\n        proxy_http_version 1.1;\n        if ($request_method = POST) {\n", text);
    }

    [Fact]
    public void A_setting_of_the_same_block_is_changed_in_place()
    {
        var (tree, workspace, host) = Load(Site.Replace("        proxy_set_header X-Own yes;\n", "        proxy_set_header X-Own yes;\n        proxy_http_version 1.0;\n"));
        using var _tree = tree;
        var own = host.Nginx[0].Passes.Single(p => p.Scope.Directive?.Args is ["/own/"]).Scope;
        var text = Applied(workspace, NginxEdits.Set(own, "proxy_http_version", "1.1", NginxVersion.Newest));
        Assert.Contains("        proxy_http_version 1.1;\n", text);
        Assert.Equal(2, text.Split("proxy_http_version 1.1").Length);
        Assert.Contains("    proxy_http_version 1.0;\n", text);
    }

    [Fact]
    public void A_list_entry_added_where_no_list_starts_copies_the_outer_entries_in()
    {
        var (tree, workspace, host) = Load();
        using var _tree = tree;
        var location = PassScope(host, NginxContext.Location);
        var text = Applied(workspace, NginxListEdits.Add(workspace, location, "proxy_set_header", "Connection \"\"", NginxVersion.Newest));
        Assert.Contains("    location / {\n        include proxy_params;\n        proxy_set_header X-Site shop;\n        proxy_set_header Connection \"\";\n        if (", text);
    }

    /// <summary>Where the list the new one would replace may stand in text not read (the http block around a lone site
    /// file, an include outside the root), no edit is made: the copies could not be complete.</summary>
    [Fact]
    public void A_list_entry_is_not_added_where_the_entries_it_drops_may_be_unseen()
    {
        using var lone = new TempTree().Write("sites/shop.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Paths = ["sites"], WorkingDirectory = lone.Root });
        var host = HostModelBuilder.Build(workspace, ConfLintConfig.Empty);
        Assert.Null(NginxListEdits.Add(workspace, PassScope(host, NginxContext.Location), "proxy_set_header", "Connection \"\"", NginxVersion.Newest));

        var (tree, rooted, rootedHost) = Load(Site.Replace("    include proxy_params;\n", "    include /opt/shared/proxy-headers.conf;\n", StringComparison.Ordinal));
        using var _tree = tree;
        Assert.Null(NginxListEdits.Add(rooted, PassScope(rootedHost, NginxContext.Location), "proxy_set_header", "Connection \"\"", NginxVersion.Newest));
    }

    [Fact]
    public void A_list_entry_is_added_to_the_list_a_block_already_has()
    {
        var (tree, workspace, host) = Load();
        using var _tree = tree;
        var own = host.Nginx[0].Passes.Single(p => p.Scope.Directive?.Args is ["/own/"]).Scope;
        var text = Applied(workspace, NginxListEdits.Add(workspace, own, "proxy_set_header", "Connection \"\"", NginxVersion.Newest));
        Assert.Contains("        proxy_set_header X-Own yes;\n        proxy_set_header Connection \"\";\n        proxy_pass http://app;\n", text);
        Assert.DoesNotContain("include proxy_params;\n        proxy_set_header", text.Split("location /own/")[1]);
    }

    [Fact]
    public void A_line_after_a_directive_that_shares_its_line_stays_inside_the_block()
    {
        var (tree, workspace, host) = Load("server {\n    listen 80;\n    location = /x { proxy_pass http://127.0.0.1:8000; }\n}\n");
        using var _tree = tree;
        var (pass, file, scope) = host.Nginx[0].Passes[0];
        var text = Applied(workspace, NginxEdits.InsertInto(scope, ["proxy_http_version 1.1;"], (pass, file)));
        Assert.Contains("location = /x { proxy_pass http://127.0.0.1:8000; proxy_http_version 1.1; }", text);
    }

    [Fact]
    public void The_fix_engine_rejects_a_fix_whose_result_the_tables_refuse()
    {
        var (tree, workspace, host) = Load();
        using var _tree = tree;
        var (pass, file, _) = host.Nginx[0].Passes.First(p => p.Scope.Context == NginxContext.LocationIf);
        var diagnostic = new Diagnostic("CL005", "small-proxy-buffer", Severity.Warning, pass.Location, "test");
        var intoIf = new Fix("Put proxy_buffer_size into the if", Applicability.Safe, [NginxEdits.InsertAfter(file, pass, ["proxy_buffer_size 8k;"])]);
        var location = PassScope(host, NginxContext.Location);
        var intoLocation = new Fix("Put proxy_buffer_size into the location", Applicability.Safe,
            [NginxEdits.InsertInto(NginxEdits.NearestAllowed(location, "proxy_buffer_size", NginxVersion.Newest)!, ["proxy_buffer_size 8k;"])!]);
        var rejected = new List<string>();
        var load = new LoadOptions { Root = tree.Root };

        var (accepted, loaded) = TableCheck.Filter(workspace, load, new Dictionary<string, byte[]>(), ConfLintConfig.Empty, [(diagnostic, intoIf)], rejected);
        Assert.Empty(accepted);
        Assert.Null(loaded);
        Assert.Contains("\"proxy_buffer_size\" directive is not allowed here", Assert.Single(rejected));

        rejected.Clear();
        (accepted, loaded) = TableCheck.Filter(workspace, load, new Dictionary<string, byte[]>(), ConfLintConfig.Empty, [(diagnostic, intoLocation)], rejected);
        Assert.Single(accepted);
        Assert.NotNull(loaded);
        Assert.Empty(rejected);
    }
}
