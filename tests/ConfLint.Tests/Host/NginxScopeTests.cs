using ConfLint.Configuration;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Host;

/// <summary>A level's own settings are found by a scan when it holds few and by an index when it holds many: both must
/// give the last directive of a name, with included files spliced in, and fall back to the enclosing level.</summary>
public sealed class NginxScopeTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(30)]
    [InlineData(200)]
    public void Own_gives_the_last_setting_of_a_name_and_effective_falls_back(int parameters)
    {
        var lines = string.Concat(Enumerable.Range(0, parameters).Select(i => $"fastcgi_param P{i} v{i};\n"));
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    fastcgi_read_timeout 90s;\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/params", lines + "fastcgi_buffer_size 8k;\n")
            .Write("etc/nginx/sites-enabled/app",
                "server {\n    listen 80;\n    location / {\n        fastcgi_buffer_size 4k;\n        include params;\n"
                + "        fastcgi_pass 127.0.0.1:9000;\n        fastcgi_read_timeout 30s;\n    }\n}\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var host = ConfLint.Host.HostModelBuilder.Build(workspace, ConfLintConfig.Empty);
        var location = Assert.Single(host.Nginx[0].Passes).Scope;

        Assert.Equal(parameters + 5, location.Settings.Count); // the include stands among them too
        Assert.Equal(["8k"], location.Own("fastcgi_buffer_size")!.Value.Directive.Args);
        Assert.Equal("/etc/nginx/params", location.Own("fastcgi_buffer_size")!.Value.File.ServerPath);
        Assert.Equal(["30s"], location.Own("fastcgi_read_timeout")!.Value.Directive.Args);
        Assert.Equal("P0", location.Settings.First(s => s.Directive.Name == "fastcgi_param").Directive.Args[0]);
        Assert.Equal($"P{parameters - 1}", location.Own("fastcgi_param")!.Value.Directive.Args[0]);
        Assert.Null(location.Own("proxy_pass"));
        Assert.Null(location.Own("listen"));
        Assert.Equal(["80"], location.Effective("listen")!.Value.Directive.Args);
        Assert.Equal(["30s"], location.Effective("fastcgi_read_timeout")!.Value.Directive.Args);
        Assert.Equal(["90s"], location.Parent!.Effective("fastcgi_read_timeout")!.Value.Directive.Args);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    [InlineData(100)]
    public void Every_name_set_is_found_and_no_other_whatever_its_bit(int names)
    {
        // Names of many lengths and letters, so that every bit of a level's name summary is used and shared.
        static string Name(int i) => $"x{new string((char)('a' + (i % 26)), 1 + (i % 9))}_{i}";
        var lines = string.Concat(Enumerable.Range(0, names).Select(i => $"        {Name(i)} v{i};\n"));
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", "server {\n    listen 80;\n    location / {\n" + lines + "        proxy_pass http://127.0.0.1:8000;\n    }\n}\n");
        var host = ConfLint.Host.HostModelBuilder.Build(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty);
        var location = Assert.Single(host.Nginx[0].Passes).Scope;

        for (var i = 0; i < names; i++)
        {
            Assert.Equal([$"v{i}"], location.Own(Name(i))!.Value.Directive.Args);
        }

        for (var i = names; i < names + 300; i++)
        {
            Assert.Null(location.Own(Name(i)));
        }

        Assert.Null(location.Own(string.Empty));
        Assert.NotNull(location.Own("proxy_pass"));
        Assert.Null(location.Parent!.Own("proxy_pass"));
    }

    [Fact]
    public void Each_setting_names_the_file_it_stands_in_whether_read_in_order_or_by_index()
    {
        // The location's settings come from its own file, an include, a nested include, the include again and the file
        // again; the server's from an include between two of its own.
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/head", "client_max_body_size 8m;\n")
            .Write("etc/nginx/outer", "fastcgi_param A a;\ninclude inner;\nfastcgi_param C c;\n")
            .Write("etc/nginx/inner", "fastcgi_param B b;\n")
            .Write("etc/nginx/sites-enabled/app",
                "server {\n    include head;\n    listen 80;\n    location / {\n        fastcgi_buffer_size 4k;\n        include outer;\n"
                + "        fastcgi_pass 127.0.0.1:9000;\n    }\n}\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var host = ConfLint.Host.HostModelBuilder.Build(workspace, ConfLintConfig.Empty);
        var location = Assert.Single(host.Nginx[0].Passes).Scope;

        string[] expected =
        [
            "fastcgi_buffer_size@/etc/nginx/sites-enabled/app", "include@/etc/nginx/sites-enabled/app", "fastcgi_param@/etc/nginx/outer",
            "include@/etc/nginx/outer", "fastcgi_param@/etc/nginx/inner", "fastcgi_param@/etc/nginx/outer", "fastcgi_pass@/etc/nginx/sites-enabled/app",
        ];
        var settings = location.Settings;
        Assert.Equal(expected, settings.Select(s => $"{s.Directive.Name}@{s.File.ServerPath}"));
        Assert.Equal(expected, Enumerable.Range(0, settings.Count).Select(i => $"{settings[i].Directive.Name}@{settings[i].File.ServerPath}"));
        var inOrder = new List<string>();
        foreach (var (directive, file) in settings)
        {
            inOrder.Add($"{directive.Name}@{file.ServerPath}");
        }

        Assert.Equal(expected, inOrder);
        var own = location.Own("fastcgi_param")!.Value;
        Assert.Equal(("C", "/etc/nginx/outer"), (own.Directive.Args[0], own.File.ServerPath));

        var server = location.Parent!;
        Assert.Equal(["include@/etc/nginx/sites-enabled/app", "client_max_body_size@/etc/nginx/head", "listen@/etc/nginx/sites-enabled/app"],
            server.Settings.Select(s => $"{s.Directive.Name}@{s.File.ServerPath}"));
        Assert.Equal("/etc/nginx/head", server.Effective("client_max_body_size")!.Value.File.ServerPath);
    }
}
