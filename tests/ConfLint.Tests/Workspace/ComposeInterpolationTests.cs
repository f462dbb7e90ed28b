using ConfLint.Host.Compose;
using ConfLint.Tests.Support;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Tests.Workspace;

/// <summary>Compose's interpolation as compose-go's template and dotenv packages do it, with what ConfLint cannot see
/// (the environment Compose is started from on the server) left unknown, never empty.</summary>
public class ComposeInterpolationTests
{
    private static readonly Dictionary<string, string?> Known = new(StringComparer.Ordinal)
    {
        ["PORT"] = "5000",
        ["EMPTY"] = string.Empty,
        ["HOST"] = "0.0.0.0",
        ["FROM_SHELL"] = null,
    };

    private static ComposeVariable Lookup(string name) =>
        Known.TryGetValue(name, out var value) ? (value is null ? ComposeVariable.Unresolved : ComposeVariable.Of(value)) : ComposeVariable.Unset;

    [Theory]
    [InlineData("8000", "8000")]
    [InlineData("$PORT", "5000")]
    [InlineData("${PORT}", "5000")]
    [InlineData("${HOST}:${PORT}", "0.0.0.0:5000")]
    [InlineData("$HOST:$PORT/tcp", "0.0.0.0:5000/tcp")]
    [InlineData("${UNSET}", null)]
    [InlineData("$UNSET", null)]
    [InlineData("${UNSET:-8000}", "8000")]
    [InlineData("${UNSET-8000}", "8000")]
    [InlineData("${EMPTY:-8000}", "8000")]
    [InlineData("${EMPTY-8000}", "")]
    [InlineData("${PORT:-8000}", "5000")]
    [InlineData("${UNSET:?set APP_PORT}", null)]
    [InlineData("${EMPTY:?set it}", null)]
    [InlineData("${EMPTY?set it}", "")]
    [InlineData("${PORT:?set it}", "5000")]
    [InlineData("${PORT:+9000}", "9000")]
    [InlineData("${EMPTY:+9000}", "")]
    [InlineData("${EMPTY+9000}", "9000")]
    [InlineData("${UNSET+9000}", "")]
    [InlineData("${UNSET:-${PORT}}", "5000")]
    [InlineData("${UNSET:-${ALSO_UNSET:-7000}}", "7000")]
    [InlineData("${UNSET:-${ALSO_UNSET}}", null)]
    [InlineData("${FROM_SHELL:-8000}", null)]
    [InlineData("${FROM_SHELL}", null)]
    [InlineData("$$PORT", "$PORT")]
    [InlineData("a$$b", "a$b")]
    [InlineData("cost $5 or $", "cost $5 or $")]
    [InlineData("${PORT", null)]
    [InlineData("${1BAD}", null)]
    [InlineData("${PORT/5/6}", null)]
    [InlineData("${}", null)]
    public void Values_are_substituted_as_compose_substitutes_them(string text, string? expected) =>
        Assert.Equal(expected, ComposeInterpolation.Substitute(text, Lookup));

    [Fact]
    public void An_env_file_is_read_as_compose_reads_it()
    {
        const string text = """
            # a comment
            export APP_PORT=5000
            QUOTED="a # kept"  # dropped
            SINGLE='${APP_PORT} as written'
            DOUBLE="port ${APP_PORT}\tend"
            PLAIN=${APP_PORT}1 # comment
            NOT_A_COMMENT=a#b
            YAML_STYLE: yes
            FROM_SHELL
            USES_SHELL=${FROM_SHELL:-x}
            DEFAULTED=${NOWHERE:-8000}
            MULTI="one
            two"
            ESCAPED_DOLLAR="\$APP_PORT"
            EMPTY=
            """;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        Assert.Null(DotEnv.Read(text, values, _ => ComposeVariable.Unset));
        Assert.Equal("5000", values["APP_PORT"]);
        Assert.Equal("a # kept", values["QUOTED"]);
        Assert.Equal("${APP_PORT} as written", values["SINGLE"]);
        Assert.Equal("port 5000\tend", values["DOUBLE"]);
        Assert.Equal("50001", values["PLAIN"]);
        Assert.Equal("a#b", values["NOT_A_COMMENT"]);
        Assert.Equal("yes", values["YAML_STYLE"]);
        Assert.True(values.ContainsKey("FROM_SHELL"));
        Assert.Null(values["FROM_SHELL"]);
        Assert.Null(values["USES_SHELL"]);
        Assert.Equal("8000", values["DEFAULTED"]);
        Assert.Equal("one\ntwo", values["MULTI"]);
        Assert.Equal("$APP_PORT", values["ESCAPED_DOLLAR"]);
        Assert.Equal(string.Empty, values["EMPTY"]);
    }

    [Theory]
    [InlineData("A=\"never closed\n", "not closed")]
    [InlineData("A B=1\n", "blank")]
    [InlineData("A/B=1\n", "unexpected character")]
    public void An_env_file_compose_refuses_says_why(string text, string why)
    {
        var problem = DotEnv.Read(text, new Dictionary<string, string?>(), _ => ComposeVariable.Unset);
        Assert.NotNull(problem);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    private const string Project = """
        services:
          app:
            image: example/app:${TAG:-1.0}
            command: gunicorn --bind 0.0.0.0:${APP_PORT} app:app
            environment:
              - APP_PORT
              - MODE
            ports:
              - "127.0.0.1:${HTTP_PORT:-8080}:${APP_PORT}"
            volumes:
              - ${DATA:-./data}:/srv/data
            restart: ${RESTART:-always}
          worker:
            image: example/worker:1.0
            profiles: [jobs]
        """;

    [Fact]
    public void The_project_env_file_sets_the_values_of_the_compose_file()
    {
        using var tree = new TempTree().Write("srv/app/compose.yaml", Project)
            .Write("srv/app/.env", "APP_PORT=5000\nHTTP_PORT=9090\nCOMPOSE_PROFILES=jobs\n");
        var project = Assert.Single(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }).ComposeProjects);
        var app = project.Service("app")!;

        Assert.Equal("example/app:1.0", app.Image!.Value);
        Assert.Equal(["gunicorn", "--bind", "0.0.0.0:5000", "app:app"], app.Command!.Argv);
        Assert.True(app.Command.Interpolated);
        Assert.Equal([("127.0.0.1", (int?)9090, 5000)], app.Ports.Select(p => (p.HostIp, p.Published, p.Target)).ToList());
        Assert.False(app.PortsIncomplete);
        Assert.Equal("/srv/app/data", ComposeProject.SourcePath(Assert.Single(app.Volumes).Source, project.Folder));
        Assert.Equal("always", app.Restart!.Value);
        Assert.True(app.Restart.Interpolated);

        // A name without a value takes it from .env where .env sets it; otherwise it is unknown, never empty.
        Assert.Equal("5000", app.Environment["APP_PORT"]);
        Assert.Null(app.Environment["MODE"]);

        // COMPOSE_PROFILES in .env enables the profile: the worker runs.
        Assert.Contains(project.Service("worker")!, project.Running);
        Assert.Equal([5000], ContainerListeners.Of(app)!.Select(l => l.Port));
    }

    [Fact]
    public void Without_env_file_a_variable_without_default_is_unknown_and_the_defaults_apply()
    {
        using var tree = new TempTree().Write("srv/app/compose.yaml", Project);
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var project = Assert.Single(workspace.ComposeProjects);
        var app = project.Service("app")!;

        Assert.Null(app.Command);
        Assert.Empty(app.Ports);
        Assert.True(app.PortsIncomplete);
        Assert.Equal("always", app.Restart!.Value);
        Assert.DoesNotContain(project.Service("worker")!, project.Running);
        Assert.Equal(["APP_PORT"], project.Variables.Unresolved);
        var note = Assert.Single(workspace.Notes, n => n.Contains("Compose interpolation", StringComparison.Ordinal));
        Assert.Contains("no .env beside it; ${APP_PORT} without a known value or a default", note, StringComparison.Ordinal);
        Assert.Contains("the environment of the machine running ConfLint is not read", note, StringComparison.Ordinal);
    }

    [Fact]
    public void An_env_file_linked_outside_the_root_is_not_read()
    {
        using var outside = new TempTree().Write("secret.env", "APP_PORT=5000\n");
        using var tree = new TempTree().Write("srv/app/compose.yaml", Project).Link("srv/app/.env", outside.Path("secret.env"));
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var app = Assert.Single(workspace.ComposeProjects).Service("app")!;

        Assert.Null(app.Command);
        Assert.Null(app.Environment["APP_PORT"]);
    }

    [Fact]
    public void An_env_file_compose_refuses_leaves_every_variable_unknown()
    {
        using var tree = new TempTree().Write("srv/app/compose.yaml", Project).Write("srv/app/.env", "APP_PORT=5000\nBROKEN=\"open\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var app = Assert.Single(workspace.ComposeProjects).Service("app")!;

        Assert.Null(app.Command);
        Assert.Null(app.Restart!.Value);
        Assert.Contains(workspace.Notes, n => n.Contains("srv/app/.env not used: Compose refuses it (line", StringComparison.Ordinal));
    }

    /// <summary>The linting machine's environment is not the server's: a variable set there changes nothing.</summary>
    [Fact]
    public void The_environment_of_the_linting_machine_is_not_used()
    {
        const string name = "CONFLINT_TEST_ONLY_APP_PORT_3F9";
        using var tree = new TempTree()
            .Write("compose.yaml", $"services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./default.conf:/etc/nginx/conf.d/default.conf:ro\n  app:\n    image: python:3.12-slim\n    command: gunicorn --bind 0.0.0.0:${{{name}}} app:app\n")
            .Write("default.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://app:8000;\n    }\n}\n");
        Environment.SetEnvironmentVariable(name, "5000");
        try
        {
            var output = CliRunner.RunWith(tree.Root, null, new Dictionary<string, string> { [name] = "5000" }, ["lint", "--root", tree.Root, "--select", "CL001", "--verbose"]);
            Assert.Equal(0, output.ExitCode);
            Assert.Contains("CL001 did not judge app:8000", output.Stderr, StringComparison.Ordinal);
            Assert.Contains($"${{{name}}} without a known value", output.Stderr, StringComparison.Ordinal);

            tree.Write(".env", $"{name}=5000\n");
            var judged = CliRunner.RunWith(tree.Root, null, null, ["lint", "--root", tree.Root, "--select", "CL001", "--format", "json"]);
            Assert.Equal(1, judged.ExitCode);
            Assert.Contains("listens on 0.0.0.0:5000", judged.Stdout, StringComparison.Ordinal);
            Assert.Contains("\"applicability\": \"unsafe\"", judged.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void An_env_file_of_a_service_is_interpolated_with_the_project_env_file()
    {
        using var tree = new TempTree()
            .Write("srv/app/compose.yaml", "services:\n  app:\n    image: python:3.12-slim\n    command: uvicorn main:app --host 0.0.0.0\n    env_file: app.env\n")
            .Write("srv/app/app.env", "UVICORN_PORT=${APP_PORT:-8000}\n")
            .Write("srv/app/.env", "APP_PORT=5000\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var host = ConfLint.Host.HostModelBuilder.Build(workspace, ConfLint.Configuration.ConfLintConfig.Empty);
        var app = Assert.Single(workspace.ComposeProjects).Service("app")!;

        Assert.Equal([5000], ContainerListeners.Of(app, host)!.Select(l => l.Port));
    }

    /// <summary>A restart policy given through a variable is judged by the value it gives, and its fix is advice: rewriting
    /// the reference would cut the variable out.</summary>
    [Fact]
    public void A_restart_policy_from_a_variable_is_judged_and_its_fix_is_advice()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n")
            .Write("srv/app/compose.yaml", "services:\n  app:\n    image: example/app:1.4\n    ports:\n      - \"127.0.0.1:8000:8000\"\n    restart: ${RESTART:-no}\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL007", "--format", "json");
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("restart: ${RESTART:-no}, which gives no", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"applicability\": \"display-only\"", output.Stdout, StringComparison.Ordinal);

        tree.Write("srv/app/.env", "RESTART=unless-stopped\n");
        Assert.Equal(0, CliRunner.Run("lint", "--root", tree.Root, "--select", "CL007").ExitCode);
    }
}
