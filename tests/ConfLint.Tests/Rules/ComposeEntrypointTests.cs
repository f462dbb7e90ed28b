using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A Compose service's <c>command</c> is the image's CMD: the arguments of its ENTRYPOINT (Dockerfile reference,
/// "Understand how CMD and ENTRYPOINT interact"; Compose file reference, <c>command</c>, <c>entrypoint</c>). Its words
/// are the program only where the entrypoint is empty (no ENTRYPOINT in the Dockerfile of a <c>build:</c>, a Compose
/// <c>entrypoint</c>, an image ConfLint knows to run its command) or a script that ends <c>exec "$@"</c>; a shell-form
/// ENTRYPOINT ignores them, as does a script that runs something else, and an unknown image's entrypoint leaves them
/// unjudged. The Dockerfile's EXPOSE gives the service a container port for CL019; a service published on the host's
/// loopback only that no host front end reaches ties a host loopback target where nothing listens (never certain).
/// </summary>
public class ComposeEntrypointTests
{
    private const string Command = "    command: gunicorn app:app --bind 0.0.0.0:9000\n";

    private const string ExecsItsArguments = "#!/bin/sh\nset -e\nflask db upgrade\nexec \"$@\"\n";

    private const string IgnoresItsArguments = "#!/bin/sh\nset -e\nflask db upgrade\nexec gunicorn app:app --bind 0.0.0.0:8000\n";

    private const string ExecEntrypoint = "FROM python:3.12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n";

    /// <summary>A web service built from the folder (or <paramref name="web"/>'s own build/image lines) behind an nginx
    /// container that connects to web:8000.</summary>
    private static TempTree ContainerTree(string dockerfile, string script, string web = "    build: .\n", string command = Command) => new TempTree()
        .Write("opt/app/Dockerfile", dockerfile)
        .Write("opt/app/entrypoint.sh", script)
        .Write("opt/app/docker-compose.yml", "services:\n  web:\n" + web + "    restart: always\n" + command
            + "  nginx:\n    image: nginx:1.27\n    restart: always\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n")
        .Write("opt/app/nginx/default.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://web:8000;\n    }\n}\n")
        .Write("etc/hosts", "127.0.0.1\tlocalhost\n")
        .Write("etc/hostname", "app01\n");

    /// <summary>A Compose project in /opt/stack and a host nginx site (portal) proxying to <paramref name="target"/>.</summary>
    private static TempTree HostTree(string services, string target, string dockerfile = "", string? other = null)
    {
        var tree = new TempTree()
            .Write("opt/stack/docker-compose.yml", "services:\n" + services)
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/portal", $"server {{\n    listen 80;\n    server_name portal.example.net;\n    location / {{\n        proxy_pass {target};\n    }}\n}}\n")
            .Write("etc/hosts", "127.0.0.1\tlocalhost\n")
            .Write("etc/hostname", "app01\n");
        if (dockerfile.Length > 0)
        {
            tree.Write("opt/stack/Dockerfile", dockerfile);
        }

        if (other is not null)
        {
            tree.Write("etc/nginx/sites-enabled/other", $"server {{\n    listen 80;\n    server_name other.example.net;\n    location / {{\n        proxy_pass {other};\n    }}\n}}\n");
        }

        return tree;
    }

    private static void AssertRefusedAt9000(TempTree tree)
    {
        var refused = Assert.Single(Findings(tree));
        Assert.Equal("CL001", refused.GetProperty("code").GetString());
        Assert.Equal("opt/app/nginx/default.conf:4", At(refused));
        Assert.Contains("connects to service 'web' on port 8000, but it listens on 0.0.0.0:9000", Message(refused), StringComparison.Ordinal);
    }

    /// <summary>The Dockerfile's exec-form ENTRYPOINT runs a script that starts gunicorn on 8000 whatever it is given: the
    /// command's --bind 0.0.0.0:9000 is only its ignored arguments.</summary>
    [Fact]
    public void A_command_given_to_an_entrypoint_script_that_ignores_it_is_not_the_program()
    {
        using var tree = ContainerTree(ExecEntrypoint, IgnoresItsArguments);
        Assert.Empty(Findings(tree));
        var verbose = Verbose(tree);
        Assert.Contains("its command is given as arguments to the image's ENTRYPOINT /entrypoint.sh (opt/app/Dockerfile:3), opt/app/entrypoint.sh, not read as running them", verbose, StringComparison.Ordinal);
    }

    /// <summary>A Compose entrypoint replaces the image's (and clears its CMD): the words given are what runs.</summary>
    [Theory]
    [InlineData("    entrypoint: []\n" + Command)]
    [InlineData("    entrypoint: gunicorn app:app --bind 0.0.0.0:9000\n")]
    public void A_compose_entrypoint_makes_the_words_the_program(string command)
    {
        using var tree = ContainerTree(ExecEntrypoint, IgnoresItsArguments, command: command);
        AssertRefusedAt9000(tree);
    }

    [Fact]
    public void A_command_given_to_an_entrypoint_script_that_execs_its_arguments_runs()
    {
        using var tree = ContainerTree(ExecEntrypoint, ExecsItsArguments);
        AssertRefusedAt9000(tree);
    }

    /// <summary>A shell-form ENTRYPOINT runs under /bin/sh -c and no command reaches it.</summary>
    [Fact]
    public void A_shell_form_entrypoint_ignores_the_command()
    {
        using var tree = ContainerTree("FROM python:3.12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT /entrypoint.sh\n", ExecsItsArguments);
        Assert.Empty(Findings(tree));
        Assert.Contains("the shell-form ENTRYPOINT of opt/app/Dockerfile:3 runs without its command (Docker ignores CMD", Verbose(tree), StringComparison.Ordinal);
    }

    private const string MultiStage = "FROM python:3.12 AS base\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n\nFROM base AS prod\nENTRYPOINT [\"/usr/local/bin/start\"]\n";

    /// <summary>The image is the last stage: its own ENTRYPOINT (a program not in the root) takes the command.</summary>
    [Fact]
    public void The_last_stages_entrypoint_takes_the_command()
    {
        using var tree = ContainerTree(MultiStage, ExecsItsArguments);
        Assert.Empty(Findings(tree));
        Assert.Contains("the image's ENTRYPOINT /usr/local/bin/start (opt/app/Dockerfile:6), not read as running them", Verbose(tree), StringComparison.Ordinal);
    }

    /// <summary>build.target names the stage the image is: its entrypoint execs the command.</summary>
    [Fact]
    public void The_build_targets_stage_is_the_image()
    {
        using var tree = ContainerTree(MultiStage, ExecsItsArguments, web: "    build:\n      context: .\n      target: base\n");
        AssertRefusedAt9000(tree);
    }

    /// <summary>An image whose ENTRYPOINT the root does not show is taken to run its command, as the official images'
    /// entrypoints do (exec "$@"); only an entrypoint the root shows (the build's Dockerfile) is judged.</summary>
    [Fact]
    public void An_unknown_images_command_is_taken_to_run()
    {
        using var tree = ContainerTree(ExecEntrypoint, ExecsItsArguments, web: "    image: registry.example.org/team/web:1.4\n");
        AssertRefusedAt9000(tree);
    }

    /// <summary>data/images/images.txt: inventree/inventree's init.sh ends exec "$@" (command-runs).</summary>
    [Fact]
    public void A_command_runs_image_runs_its_command()
    {
        using var tree = ContainerTree(ExecEntrypoint, ExecsItsArguments, web: "    image: inventree/inventree:0.16.0\n");
        AssertRefusedAt9000(tree);
    }

    /// <summary>COPY entrypoint.sh $APP_HOME/ puts the script at /app/ (Docker substitutes the stage's ENV in COPY): the
    /// entrypoint /app/entrypoint.sh is read and execs its command. A value ConfLint cannot know leaves it unread.</summary>
    [Theory]
    [InlineData("ENV APP_HOME=/app\n", true)]
    [InlineData("ENV APP_HOME /app\n", true)]
    [InlineData("ENV APP_HOME=$HOME/app\n", false)]
    public void The_stages_env_is_substituted_in_copy(string env, bool read)
    {
        using var tree = ContainerTree("FROM python:3.12\n" + env + "WORKDIR /srv\nCOPY entrypoint.sh $APP_HOME/\nENTRYPOINT [\"/app/entrypoint.sh\"]\n", ExecsItsArguments);
        if (read)
        {
            AssertRefusedAt9000(tree);
        }
        else
        {
            Assert.Empty(Findings(tree));
        }
    }

    private const string Gunicorn = "FROM python:3.12\n{0}CMD [\"gunicorn\", \"app:app\", \"--bind\", \"0.0.0.0:8000\"]\n";

    /// <summary>The Dockerfile EXPOSEs 8000, which publishes nothing: the host nginx's 127.0.0.1:8000 is refused (CL019,
    /// citing the EXPOSE line). Without EXPOSE the container has no port ConfLint knows: no CL019, and CL001 only a note.</summary>
    [Fact]
    public void A_dockerfile_expose_not_published_is_refused_on_the_host()
    {
        const string services = "  web:\n    build: .\n    restart: always\n";
        using var tree = HostTree(services, "http://127.0.0.1:8000", string.Format(System.Globalization.CultureInfo.InvariantCulture, Gunicorn, "EXPOSE 8000\n"));
        var refused = Assert.Single(Findings(tree, "CL001,CL019"));
        Assert.Equal("CL019", refused.GetProperty("code").GetString());
        Assert.Equal("etc/nginx/sites-enabled/portal:5", At(refused));
        Assert.Contains("service 'web' only exposes port 8000 (its Dockerfile's EXPOSE, which publishes nothing)", Message(refused), StringComparison.Ordinal);
        var related = refused.GetProperty("related").EnumerateArray().Select(r => $"{r.GetProperty("path").GetString()}:{r.GetProperty("line").GetInt32()}").ToList();
        Assert.Contains("opt/stack/Dockerfile:2", related);

        using var unexposed = HostTree(services, "http://127.0.0.1:8000", string.Format(System.Globalization.CultureInfo.InvariantCulture, Gunicorn, string.Empty));
        Assert.Empty(Findings(unexposed, "CL001,CL019"));
        Assert.Contains("CL001 did not judge 127.0.0.1:8000", Verbose(unexposed, "CL001,CL019"), StringComparison.Ordinal);
    }

    private const string LoopbackWeb = "  web:\n    image: nginx:1.27\n    restart: always\n    ports:\n      - \"127.0.0.1:8081:80\"\n";

    /// <summary>A service published on the host's loopback only, which no host front end reaches, is no proof of what a
    /// host target on the loopback was meant for (as ComposeSiteSettingTests: only the site's own setting ties a project):
    /// no finding, CL001 says in --verbose what it did not judge.</summary>
    [Fact]
    public void An_unreached_loopback_publication_alone_ties_nothing()
    {
        using var tree = HostTree(LoopbackWeb, "http://127.0.0.1:8080");
        Assert.Empty(Findings(tree));
        Assert.Contains("CL001 did not judge 127.0.0.1:8080", Verbose(tree), StringComparison.Ordinal);
        using var two = HostTree(LoopbackWeb + "  api:\n    image: nginx:1.27\n    restart: always\n    ports:\n      - \"127.0.0.1:8082:80\"\n", "http://127.0.0.1:8080");
        Assert.Empty(Findings(two));
    }

    /// <summary>Another host site already reaches the publication: nothing ties it to the target.</summary>
    [Fact]
    public void A_loopback_publication_another_site_reaches_is_not_offered()
    {
        using var tree = HostTree(LoopbackWeb, "http://127.0.0.1:8080", other: "http://127.0.0.1:8081");
        Assert.Empty(Findings(tree));
    }
}
