using ConfLint.Tests.Support;

namespace ConfLint.Tests.Workspace;

/// <summary><c>COMPOSE_FILE</c> in a project's <c>.env</c>: Compose reads the files it lists (in order, separated by
/// <c>COMPOSE_PATH_SEPARATOR</c>, <c>:</c> by default) instead of <c>docker-compose.yml</c> and its override. A production
/// file that publishes the port the host's nginx uses is read, so that port is not reported as unpublished (CL019); the
/// override the list leaves out is not read; a listed file that is missing or secret leaves the project unread.</summary>
public class ComposeFileListTests
{
    private const string Nginx = "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n";

    private const string Base = "services:\n  app:\n    image: example/app:1.0\n    restart: unless-stopped\n    expose:\n      - \"8000\"\n";

    private const string Publishes = "services:\n  app:\n    ports:\n      - \"127.0.0.1:8000:8000\"\n";

    private static CliRunner.Output Lint(string? dotEnv, params (string Name, string Text)[] files)
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", Nginx).Write("srv/app/docker-compose.yml", Base);
        foreach (var (name, text) in files)
        {
            tree.Write("srv/app/" + name, text);
        }

        if (dotEnv is not null)
        {
            tree.Write("srv/app/.env", dotEnv);
        }

        tree.Write("etc/shadow", "root:x:1:\n");
        return CliRunner.Run("lint", "--root", tree.Root, "--verbose");
    }

    [Theory]
    [InlineData("COMPOSE_FILE=docker-compose.yml:docker-compose.prod.yml\n")]
    [InlineData("COMPOSE_PATH_SEPARATOR=,\nCOMPOSE_FILE=docker-compose.yml,docker-compose.prod.yml\n")]
    [InlineData("COMPOSE_FILE=/srv/app/docker-compose.yml:deploy/../docker-compose.prod.yml\n")]
    public void The_files_compose_file_lists_are_read(string dotEnv)
    {
        var output = Lint(dotEnv, ("docker-compose.prod.yml", Publishes));
        Assert.Equal(0, output.ExitCode);
        Assert.DoesNotContain("CL019", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("No problems found in 3 files.", output.Stdout, StringComparison.Ordinal); // nginx.conf and both Compose files
    }

    /// <summary>Without the list, a production file beside the default one may be run over it (<c>-f docker-compose.yml -f
    /// docker-compose.prod.yml</c>, which publishes the port) or not at all: which files run is not known, so nothing of the
    /// project is judged (the CL019 warning of the default file alone would be false for the operator who runs both).</summary>
    [Fact]
    public void Without_compose_file_which_files_run_beside_a_production_file_is_not_known()
    {
        var output = Lint(null, ("docker-compose.prod.yml", Publishes));
        Assert.DoesNotContain("CL019", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("srv/app: which Compose files run there is not known (docker-compose.yml; docker-compose.yml with docker-compose.prod.yml; Compose refuses docker-compose.prod.yml (service 'app' has neither image nor build))", output.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Compose refuses a project whose <c>env_file</c> is missing: the production file naming one the server does
    /// not have is not what runs, so the default file is the project (and its unpublished port is CL019's warning); a
    /// missing file that is not <c>required</c> rules nothing out.</summary>
    [Theory]
    [InlineData("      - ./.env.prod\n", true)]
    [InlineData("      - path: ./.env.prod\n        required: false\n", false)]
    public void A_production_file_whose_env_file_is_missing_does_not_run(string envFile, bool ruledOut)
    {
        var output = Lint(null, ("docker-compose.prod.yml", Publishes + "    env_file:\n" + envFile));
        Assert.Equal(ruledOut, output.Stdout.Contains("warning CL019", StringComparison.Ordinal));
        if (ruledOut)
        {
            Assert.Contains("srv/app: the Compose project read there is docker-compose.yml; Compose refuses docker-compose.prod.yml (service 'app' has neither image nor build); docker-compose.yml with docker-compose.prod.yml (env file srv/app/.env.prod of service 'app' not found)", output.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_override_a_list_leaves_out_is_not_read()
    {
        Assert.DoesNotContain("CL019", Lint(null, ("docker-compose.override.yml", Publishes)).Stdout, StringComparison.Ordinal);
        Assert.Contains("warning CL019", Lint("COMPOSE_FILE=docker-compose.yml\n", ("docker-compose.override.yml", Publishes)).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("COMPOSE_FILE=docker-compose.yml:docker-compose.missing.yml\n", "srv/app/docker-compose.missing.yml")]
    [InlineData("COMPOSE_FILE=docker-compose.yml:/etc/shadow\n", "etc/shadow")]
    [InlineData("COMPOSE_FILE=docker-compose.yml:../../../../../../etc/passwd\n", "etc/passwd")]
    public void A_project_whose_listed_file_is_not_read_is_left_unread(string dotEnv, string named)
    {
        var output = Lint(dotEnv);
        Assert.Equal(0, output.ExitCode);
        Assert.DoesNotMatch(@": (error|warning|info) CL\d+", output.Stdout);
        Assert.Contains($"srv/app/.env: COMPOSE_FILE names {named}, which is not read", output.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A list from a variable without a value: which files Compose reads is not known (the server's environment
    /// may set it), so the default files are not taken for them and nothing is judged.</summary>
    [Fact]
    public void A_list_whose_value_is_not_known_leaves_the_project_unread()
    {
        var output = Lint("COMPOSE_FILE=${DEPLOY_FILES}\n", ("docker-compose.prod.yml", Publishes));
        Assert.Equal(0, output.ExitCode);
        Assert.DoesNotMatch(@": (error|warning|info) CL\d+", output.Stdout);
        Assert.Contains("srv/app/.env: COMPOSE_FILE's value is not known", output.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A project whose only Compose files are named for their use (cookiecutter-django's
    /// <c>docker-compose.production.yml</c> beside <c>docker-compose.local.yml</c>) is found through the list, in a folder
    /// a root's projects are kept in, and the file the list leaves out is not read; without the list either may be the
    /// one started with <c>-f</c>, and nothing rules one out: no project is read there, with a note.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_project_without_a_default_file_is_read_through_the_list(bool listed)
    {
        const string Production = "services:\n  django:\n    image: example/shop:2.1\n    restart: unless-stopped\n    command: [\"gunicorn\", \"--bind\", \"0.0.0.0:5000\", \"config.wsgi\"]\n    expose:\n      - \"5000\"\n";
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx.Replace("127.0.0.1:8000", "127.0.0.1:5000", StringComparison.Ordinal))
            .Write("srv/shop/docker-compose.production.yml", Production)
            .Write("srv/shop/docker-compose.local.yml", Production.Replace("expose", "ports", StringComparison.Ordinal));
        if (listed)
        {
            tree.Write("srv/shop/.env", "COMPOSE_FILE=docker-compose.production.yml\n");
        }

        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose", "--format", "json");
        Assert.Contains("\"srv/shop/docker-compose.production.yml\"", output.Stdout, StringComparison.Ordinal);
        Assert.Equal(listed, !output.Stdout.Contains("docker-compose.local.yml", StringComparison.Ordinal));
        Assert.Equal(!listed, output.Stderr.Contains("srv/shop: which Compose files run there is not known (docker-compose.local.yml; docker-compose.production.yml)", StringComparison.Ordinal));

        // Read, the project's only service exposes 5000 without publishing it: the host's nginx cannot reach it.
        Assert.Equal(listed, output.Stdout.Contains("\"code\": \"CL019\"", StringComparison.Ordinal));
    }
}
