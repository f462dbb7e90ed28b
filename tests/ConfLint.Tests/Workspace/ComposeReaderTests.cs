using ConfLint.Host.Compose;
using ConfLint.Tests.Support;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Tests.Workspace;

/// <summary>Compose projects as the loader reads them: files merged as Compose merges them, mounts, ports, unknowns.</summary>
public class ComposeReaderTests
{
    private const string Main = """
        services:
          web:
            image: nginx:1.27
            volumes:
              - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
            networks:
              front:
                aliases: [www]
          app:
            image: example/app:${TAG}
            command: "gunicorn --bind 0.0.0.0:8000 'app:create()'"
            environment:
              MODE: production
              SECRET:
            ports:
              - "127.0.0.1:8080:8000"
              - "9000-9001:9000-9001/tcp"
              - "8443"
            restart: "no"
            networks: [front]
        networks:
          front: {}
        """;

    private const string Override = """
        services:
          app:
            environment:
              - MODE=debug
            ports:
              - target: 7000
                published: "7001"
            restart: always
            command: ["gunicorn", "--bind", "127.0.0.1:5000", "app:app"]
          web:
            volumes: !reset []
        """;

    private static ComposeProject Load(TempTree tree, params string[] compose)
    {
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root, ComposeFiles = compose.Select(tree.Path).ToList() });
        return Assert.Single(workspace.ComposeProjects);
    }

    [Fact]
    public void A_single_file_gives_services_ports_mounts_and_unknowns()
    {
        using var tree = new TempTree().Write("compose.yaml", Main).Write("nginx/default.conf", "server { listen 80; }\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var project = Assert.Single(workspace.ComposeProjects);
        var app = project.Service("app")!;

        Assert.Null(app.Image!.Value);
        Assert.Equal(["gunicorn", "--bind", "0.0.0.0:8000", "app:create()"], app.Command!.Argv);
        Assert.Equal("production", app.Environment["MODE"]);
        Assert.Null(app.Environment["SECRET"]);
        Assert.Equal(
            [("127.0.0.1", (int?)8080, 8000), (string.Empty, 9000, 9000), (string.Empty, 9001, 9001), (string.Empty, null, 8443)],
            app.Ports.Select(p => (p.HostIp, p.Published, p.Target)).ToList());
        Assert.Equal(false, app.RestartsAfterCrash);
        Assert.Equal([8000], ContainerListeners.Of(app)!.Select(l => l.Port));

        // The mounted nginx file is read as nginx inside the web container; the web service answers to its alias there.
        var mounted = workspace.FindFile("/nginx/default.conf")!;
        Assert.Equal(ConfLint.Syntax.ConfigKind.Nginx, mounted.Kind);
        Assert.Equal("/etc/nginx/conf.d/default.conf", mounted.Container!.ContainerPath);
        Assert.Contains(project.Service("web")!, project.Answering(app, "www"));
        Assert.Empty(project.Answering(project.Service("web")!, "nosuch"));
    }

    /// <summary>Network aliases are interpolated like every value: a service answers to the alias's value, and an alias
    /// whose variable has no value may be any name, so no name on that network is taken for one nothing answers to.</summary>
    [Theory]
    [InlineData("${APP_ALIAS:-api}", null, "api", false)]
    [InlineData("${APP_ALIAS}", "APP_ALIAS=api\n", "api", false)]
    [InlineData("${APP_ALIAS}", null, null, true)]
    [InlineData("api", null, "api", false)]
    public void Network_aliases_are_interpolated(string alias, string? dotEnv, string? answers, bool unknown)
    {
        var compose = "services:\n  web:\n    image: nginx:1.27\n    networks: [back]\n  app:\n    image: example/app:1.0\n"
            + "    networks:\n      back:\n        aliases: [\"" + alias + "\"]\n  other:\n    image: example/other:1.0\n    networks: [side]\n"
            + "networks:\n  back: {}\n  side: {}\n";
        using var tree = new TempTree().Write("compose.yaml", compose);
        if (dotEnv is not null)
        {
            tree.Write(".env", dotEnv);
        }

        var project = Load(tree);
        var (web, app, other) = (project.Service("web")!, project.Service("app")!, project.Service("other")!);
        Assert.Equal(unknown, app.NamesUnknown);
        Assert.Equal(unknown, project.MayHaveOtherContainers(web));
        Assert.False(project.MayHaveOtherContainers(other)); // not on the alias's network
        Assert.DoesNotContain(app.NamesOn("back"), n => n.Contains('$', StringComparison.Ordinal));
        if (answers is not null)
        {
            Assert.Equal([app], project.Answering(web, answers));
        }
    }

    /// <summary>nginx in a container resolving a name per request: an alias from a variable answers to its value, one
    /// without a value may be that name (not "no service answers to it", an error CL001 gave), and a known alias that
    /// is another name still leaves the name unanswered.</summary>
    [Theory]
    [InlineData(null, false)]
    [InlineData("APP_ALIAS=apisvc\n", false)]
    [InlineData("APP_ALIAS=othersvc\n", true)]
    public void A_name_resolved_per_request_is_judged_with_interpolated_aliases(string? dotEnv, bool reported)
    {
        const string Compose = "services:\n  web:\n    image: nginx:1.27\n    ports: [\"80:80\"]\n    restart: unless-stopped\n"
            + "    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n    networks: [back]\n"
            + "  app:\n    image: example/app:1.0\n    command: [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:app\"]\n    restart: unless-stopped\n"
            + "    networks:\n      back:\n        aliases: [\"${APP_ALIAS}\"]\nnetworks:\n  back: {}\n";
        const string Nginx = "server {\n    listen 80;\n    resolver 127.0.0.11 valid=10s;\n    set $upstream apisvc;\n    location / {\n        proxy_pass http://$upstream:8000;\n    }\n}\n";
        using var tree = new TempTree().Write("compose.yaml", Compose).Write("nginx/default.conf", Nginx);
        if (dotEnv is not null)
        {
            tree.Write(".env", dotEnv);
        }

        var output = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Equal(reported, output.Stdout.Contains("error CL001 proxy_pass http://$upstream:8000 resolves 'apisvc' per request, but no service", StringComparison.Ordinal));
        Assert.Equal(reported ? 1 : 0, output.ExitCode);
    }

    [Fact]
    public void An_override_merges_as_compose_merges()
    {
        using var tree = new TempTree().Write("compose.yaml", Main).Write("compose.override.yaml", Override).Write("nginx/default.conf", "server { listen 80; }\n");
        var project = Load(tree);
        var app = project.Service("app")!;

        Assert.Equal("debug", app.Environment["MODE"]);
        Assert.Equal(5, app.Ports.Count);
        Assert.Equal(7001, app.Ports[^1].Published);
        Assert.Equal(true, app.RestartsAfterCrash);
        Assert.Equal(["gunicorn", "--bind", "127.0.0.1:5000", "app:app"], app.Command!.Argv);
        var listener = Assert.Single(ContainerListeners.Of(app)!);
        Assert.False(listener.Reachable);
        Assert.Empty(project.Service("web")!.Volumes);
    }

    /// <summary>A merge key whose mapping the service partly overrides (getsentry/self-hosted's healthchecks): the written
    /// keys win, the rest come from the anchor, and the file is read, not dropped as YamlDotNet's merging parser dropped it.</summary>
    [Fact]
    public void A_merge_key_the_service_overrides_is_read_as_compose_reads_it()
    {
        const string Compose = """
            x-restart: &restart
              restart: unless-stopped
            x-health: &health
              interval: 30s
              retries: 3
            x-started: &started
              condition: service_started
            services:
              queue:
                <<: [*restart]
                image: example/queue
                healthcheck:
                  <<: *health
                  interval: 10s
              api:
                <<: *restart
                restart: "no"
                image: example/api
              proxy:
                <<: *restart
                image: nginx:1.27
                depends_on:
                  api:
                    <<: *started
                    restart: true
                  queue:
                    <<: *started
                volumes:
                  - type: bind
                    source: ./nginx.conf
                    target: /etc/nginx/nginx.conf
            """;
        using var tree = new TempTree().Write("compose.yaml", Compose).Write("nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n    }\n}\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var project = Assert.Single(workspace.ComposeProjects);
        Assert.Equal(["queue", "api", "proxy"], project.Services.Select(s => s.Name));
        Assert.Equal(true, project.Service("queue")!.RestartsAfterCrash);
        Assert.True(project.Service("queue")!.HasHealthcheck);
        Assert.Equal(false, project.Service("api")!.RestartsAfterCrash);
        var proxy = project.Service("proxy")!;
        Assert.Equal(["api", "queue"], proxy.DependsOn);
        Assert.Equal(["api"], proxy.RestartsWith);
        Assert.Equal("/etc/nginx/nginx.conf", workspace.FindFile("/nginx.conf")!.Container!.ContainerPath);
    }

    [Fact]
    public void Compose_files_named_on_the_command_line_are_one_project_in_order()
    {
        using var tree = new TempTree().Write("deploy/base.yml", Main).Write("deploy/prod.yml", Override);
        var project = Load(tree, "deploy/base.yml", "deploy/prod.yml");
        Assert.Equal("/deploy", project.Folder);
        Assert.Equal(["/deploy/base.yml", "/deploy/prod.yml"], project.Files.Select(f => f.ServerPath));
        Assert.Equal("always", project.Service("app")!.RestartPolicy);
    }

    [Theory]
    [InlineData("compose.yaml", "services:\n  app:  # the app\n    image: x\n")]
    [InlineData("ecosystem.config.js", "// apps\nmodule.exports = { apps: [{ name: 'a', script: 'a.js' /* b */ }] };\n")]
    [InlineData("etc/supervisor/conf.d/app.conf", "[program:app]\ncommand=gunicorn -b :8000 app:app ; bind\n  --workers 2\n\n; end\n")]
    public void Documents_and_supervisord_files_print_back_byte_for_byte(string path, string text)
    {
        using var tree = new TempTree().Write(path, text);
        var parsed = CliRunner.Run("parse", "--format", "source", tree.Path(path));
        Assert.Equal(0, parsed.ExitCode);
        Assert.Equal(text, parsed.Stdout);
    }

    [Fact]
    public void A_compose_file_that_is_not_yaml_is_a_syntax_error_with_its_place()
    {
        using var tree = new TempTree().Write("compose.yaml", "services:\n  app:\n    image: [unclosed\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Equal(1, lint.ExitCode);
        Assert.Contains("compose.yaml:", lint.Stderr + lint.Stdout);
        Assert.Contains("CL000", lint.Stderr + lint.Stdout);
    }

    /// <summary>Compose refuses a key written twice in one mapping; one that overrides a merged key is not twice.</summary>
    [Fact]
    public void A_key_written_twice_is_refused_where_compose_refuses_it()
    {
        using var tree = new TempTree().Write("compose.yaml", "x-base: &base\n  image: example/app\n  restart: always\nservices:\n  app:\n    <<: *base\n    image: example/app:2\n    ports:\n      - \"80:80\"\n    image: example/app:3\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--format", "json");
        using var json = System.Text.Json.JsonDocument.Parse(lint.Stdout);
        var finding = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(("CL000", 10), (finding.GetProperty("code").GetString(), finding.GetProperty("line").GetInt32()));
        Assert.Equal("YAML: mapping key \"image\" already defined at line 7", finding.GetProperty("message").GetString());
    }
}
