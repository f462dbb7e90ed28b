using ConfLint.Tests.Support;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Tests.Workspace;

/// <summary>Compose files named for <c>docker compose -f</c> (<c>docker-compose.prod.yml</c>): found in a project's folder,
/// and the project read is the way of starting it that Compose does not refuse (a missing <c>env_file</c>); where the
/// evidence leaves several, nothing is judged. <c>--compose</c> reads only the files it names, under <c>--root</c> when
/// given as the server's paths.</summary>
public class ComposeVariantTests
{
    private const string Nginx = "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n";

    /// <summary>The development file: Django's runserver published on 8000, but its env file was never created.</summary>
    private const string Development = "services:\n  web:\n    image: example/app:1.0\n    command: python manage.py runserver 0.0.0.0:8000\n    ports:\n      - 127.0.0.1:8000:8000\n    env_file:\n      - ./.env.dev\n";

    /// <summary>The production file: gunicorn, restarted, only exposed (not published): the host's nginx cannot reach it.</summary>
    private const string Production = "services:\n  web:\n    image: example/app:1.0\n    restart: unless-stopped\n    command: gunicorn app.wsgi --bind 0.0.0.0:8000\n    expose:\n      - 8000\n    env_file:\n      - ./.env.prod\n";

    [Theory]
    [InlineData("docker-compose.prod.yml", true)]
    [InlineData("docker-compose.production.yaml", true)]
    [InlineData("compose.prod.yaml", true)]
    [InlineData("docker-compose-prod.yml", true)]
    [InlineData("prod.docker-compose.yml", true)]
    [InlineData("docker-compose.yml", false)] // Compose's own name
    [InlineData("docker-compose.override.yml", false)]
    [InlineData(".docker-compose.prod.yml", false)]
    [InlineData("docker-compose.prod.yml.j2", false)]
    [InlineData("settings.yml", false)]
    public void Names_given_to_files_started_with_f(string name, bool variant) =>
        Assert.Equal(variant, ComposeDiscovery.IsVariantName(name));

    private static CliRunner.Output Lint(Action<TempTree> more, params string[] args)
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", Nginx).Write("srv/app/docker-compose.yml", Development)
            .Write("srv/app/docker-compose.prod.yml", Production).Write("srv/app/.env.prod", "DEBUG=0\n");
        more(tree);
        return CliRunner.Run(["lint", "--root", tree.Root, "--verbose", .. args]);
    }

    /// <summary>The development file's env file is missing: Compose refuses it (alone and under the production file), so
    /// the production file is what runs; its port is only exposed (CL019), and the development file's published
    /// runserver is not taken for a back end.</summary>
    [Fact]
    public void The_file_whose_env_file_exists_is_the_project()
    {
        var output = Lint(_ => { });
        Assert.Contains("etc/nginx/nginx.conf:6:24: warning CL019", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("srv/app: the Compose project read there is docker-compose.prod.yml; Compose refuses docker-compose.yml (env file srv/app/.env.dev of service 'web' not found)", output.Stderr, StringComparison.Ordinal);
    }

    /// <summary>With both env files there, either file may be the one that runs (and the development one publishes the
    /// port nginx uses): nothing of the project is judged, and the note says why.</summary>
    [Fact]
    public void Where_the_evidence_leaves_several_ways_nothing_is_judged()
    {
        var output = Lint(tree => tree.Write("srv/app/.env.dev", "DEBUG=1\n"));
        Assert.DoesNotMatch(@": (error|warning) CL\d+", output.Stdout);
        Assert.Contains("srv/app: which Compose files run there is not known (docker-compose.yml; docker-compose.prod.yml; docker-compose.yml with docker-compose.prod.yml)", output.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A file named like one but without <c>services</c> (a CI workflow) is not a Compose file: the default file
    /// stays the project, as before.</summary>
    [Fact]
    public void A_file_without_services_is_not_a_candidate()
    {
        var output = Lint(tree => tree.Write("srv/app/docker-compose.prod.yml", "name: deploy\non: push\njobs:\n  up:\n    runs-on: ubuntu-latest\n"));
        Assert.Contains("srv/app/docker-compose.prod.yml: named like a Compose file but has no top-level 'services' mapping; not read", output.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("CL019", output.Stdout, StringComparison.Ordinal); // the development file publishes 8000
    }

    /// <summary>A production file named on the command line is read as a Compose file, in its host, and its findings
    /// reported (here CL007: it had no restart policy).</summary>
    [Fact]
    public void A_named_file_is_read_as_a_compose_file()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", Nginx).Write("srv/app/docker-compose.yml", Development)
            .Write("srv/app/docker-compose.prod.yml", Production.Replace("expose:\n      - 8000", "ports:\n      - 127.0.0.1:8000:8000", StringComparison.Ordinal).Replace("    restart: unless-stopped\n", string.Empty, StringComparison.Ordinal))
            .Write("srv/app/.env.prod", "DEBUG=0\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, tree.Path("srv/app/docker-compose.prod.yml"));
        Assert.Contains("srv/app/docker-compose.prod.yml:2:3: warning CL007", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("in 1 of", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary><c>--compose</c> with <c>--root</c> takes a path of the server (relative or absolute) under the root, and,
    /// like <c>docker compose -f</c>, reads only the files it names: the development file beside it is not read, though
    /// its env file exists.</summary>
    [Theory]
    [InlineData("srv/app/docker-compose.prod.yml")]
    [InlineData("/srv/app/docker-compose.prod.yml")]
    public void Compose_names_a_server_path_and_reads_only_it(string named)
    {
        var output = Lint(tree => tree.Write("srv/app/.env.dev", "DEBUG=1\n"), "--compose", named);
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("warning CL019", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("srv/app/docker-compose.yml: not read: --compose names the project's files in this folder", output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_still_names_a_file_from_the_current_folder()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", Nginx).Write("srv/app/compose.yaml", Production).Write("srv/app/.env.prod", "DEBUG=0\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--compose", tree.Path("srv/app/compose.yaml"));
        Assert.Contains("warning CL019", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("--compose srv/app/nosuch.yml: no such file", CliRunner.Run("lint", "--root", tree.Root, "--compose", "srv/app/nosuch.yml").Stderr, StringComparison.Ordinal);
    }

    /// <summary>Outside a server tree: the project's folder linted as it is (the development file refused for its missing
    /// env file, nginx's file copied into its image), or the production file named alone, read as a Compose file.</summary>
    [Fact]
    public void A_project_folder_and_its_named_file_are_read_without_a_root()
    {
        const string Proxy = "upstream app {\n    server web:8000;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://app;\n    }\n}\n";
        using var tree = new TempTree().Write("docker-compose.yml", Development)
            .Write("docker-compose.prod.yml", Production.Replace("0.0.0.0:8000", "127.0.0.1:8000", StringComparison.Ordinal) + "  nginx:\n    build: ./nginx\n    restart: unless-stopped\n    ports:\n      - 80:80\n")
            .Write(".env.prod", "DEBUG=0\n").Write("nginx/Dockerfile", "FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/conf.d\n").Write("nginx/nginx.conf", Proxy);
        var folder = CliRunner.RunIn(tree.Root, "lint");
        Assert.Contains("nginx/nginx.conf:7:20: error CL001", folder.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("docker-compose.yml:", folder.Stdout, StringComparison.Ordinal);

        var named = CliRunner.RunIn(tree.Root, "lint", "docker-compose.prod.yml");
        Assert.Equal(0, named.ExitCode);
        Assert.Contains("No problems found in 1 file.", named.Stdout, StringComparison.Ordinal);
    }
}
