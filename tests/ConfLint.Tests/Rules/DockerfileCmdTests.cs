using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A service built from a Dockerfile that writes neither <c>command</c> nor <c>entrypoint</c> runs the image's ENTRYPOINT
/// with its CMD (Dockerfile reference, "Understand how CMD and ENTRYPOINT interact"; Compose file reference,
/// <c>command</c>, <c>entrypoint</c>): CMD is the program where the ENTRYPOINT is empty or a script that ends
/// <c>exec "$@"</c>, and the bind it gives is located in the Dockerfile. A Compose <c>command</c> replaces CMD, a Compose
/// <c>entrypoint</c> clears it, an ENTRYPOINT the root does not show leaves it unread, and a variable in the exec form is
/// not substituted by Docker; the shell form's is the Dockerfile's ENV under the Compose environment.
/// </summary>
public class DockerfileCmdTests
{
    private const string Base = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n";

    private const string ExecsItsArguments = "#!/bin/sh\nset -e\nflask db upgrade\nexec \"$@\"\n";

    /// <summary>A web service built from /opt/app/Dockerfile (its Compose lines <paramref name="web"/>) behind an nginx
    /// container that connects to web:8000.</summary>
    private static TempTree Tree(string dockerfile, string web = "", string build = "    build: .\n") => new TempTree()
        .Write("opt/app/Dockerfile", dockerfile)
        .Write("opt/app/entrypoint.sh", ExecsItsArguments)
        .Write("opt/app/docker-compose.yml", "services:\n  web:\n" + build + "    restart: always\n" + web
            + "  nginx:\n    image: nginx:1.27\n    restart: always\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n")
        .Write("opt/app/nginx/default.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://web:8000;\n    }\n}\n")
        .Write("etc/hosts", "127.0.0.1\tlocalhost\n")
        .Write("etc/hostname", "app01\n");

    /// <summary>One CL001 at the proxy_pass: web listens on <paramref name="listens"/>, shown at <paramref name="evidence"/>.</summary>
    private static JsonElement AssertRefused(TempTree tree, string listens, string evidence)
    {
        var refused = Assert.Single(Findings(tree));
        Assert.Equal("CL001", refused.GetProperty("code").GetString());
        Assert.Equal("opt/app/nginx/default.conf:4", At(refused));
        Assert.Contains($"connects to service 'web' on port 8000, but it listens on {listens}", Message(refused), StringComparison.Ordinal);
        Assert.Contains(evidence, RelatedAt(refused));
        return refused;
    }

    /// <summary>The exec-form CMD binds 9000: refused, the related line is the Dockerfile's CMD; the nginx port is changed
    /// safely. Binding 8000 is silent.</summary>
    [Fact]
    public void An_exec_form_cmd_is_the_program()
    {
        using var tree = Tree(Base + "EXPOSE 8000\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:9000\", \"app:app\"]\n");
        var refused = AssertRefused(tree, "0.0.0.0:9000", "opt/app/Dockerfile:5");
        Assert.Contains("gunicorn --bind 0.0.0.0:9000 in the CMD of opt/app/Dockerfile:5", refused.GetProperty("related")[0].GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.Equal("safe", refused.GetProperty("fix").GetProperty("applicability").GetString());

        using var match = Tree(Base + "CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:app\"]\n");
        Assert.Empty(Findings(match));
    }

    /// <summary>The shell form runs under /bin/sh -c: its script's bind is read. A loopback bind is unreachable from the
    /// nginx container (a real 502); no fix edits the Dockerfile.</summary>
    [Fact]
    public void A_shell_form_cmd_is_read_through_its_shell()
    {
        using var tree = Tree(Base + "CMD gunicorn -b :9000 app:app\n");
        AssertRefused(tree, "0.0.0.0:9000", "opt/app/Dockerfile:4");

        using var loopback = Tree(Base + "CMD gunicorn -b 127.0.0.1:8000 app:app\n");
        var inside = AssertRefused(loopback, "127.0.0.1:8000 inside its container", "opt/app/Dockerfile:4");
        Assert.True(!inside.TryGetProperty("fix", out var fix) || fix.ValueKind != JsonValueKind.Object || fix.GetProperty("applicability").GetString() != "safe");
    }

    /// <summary>The Compose command replaces CMD: its bind wins, whichever way round.</summary>
    [Fact]
    public void A_compose_command_overrides_the_cmd()
    {
        using var overridden = Tree(Base + "CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:app\"]\n", "    command: gunicorn app:app --bind 0.0.0.0:9000\n");
        var refused = Assert.Single(Findings(overridden));
        Assert.Contains("it listens on 0.0.0.0:9000", Message(refused), StringComparison.Ordinal);
        Assert.Contains("opt/app/docker-compose.yml:5", RelatedAt(refused));

        using var fixedByCommand = Tree(Base + "CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:9000\", \"app:app\"]\n", "    command: gunicorn app:app --bind 0.0.0.0:8000\n");
        Assert.Empty(Findings(fixedByCommand));

        // A command ConfLint cannot read (an unknown variable) still replaces CMD: nothing is judged.
        using var unknown = Tree(Base + "CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:9000\", \"app:app\"]\n", "    command: ${WEB_COMMAND:?}\n");
        Assert.Empty(Findings(unknown));
    }

    /// <summary>A Compose entrypoint clears the image's CMD: the script runs with no arguments, and CMD is not read.</summary>
    [Fact]
    public void A_compose_entrypoint_clears_the_cmd()
    {
        using var tree = Tree(Base + "COPY entrypoint.sh /entrypoint.sh\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:9000\", \"app:app\"]\n", "    entrypoint: [\"/entrypoint.sh\"]\n");
        Assert.Empty(Findings(tree));
    }

    /// <summary>A base image whose ENTRYPOINT the root does not show may take CMD as its arguments: not judged, said in
    /// --verbose. The same CMD on a base image ConfLint knows (python: none) is read.</summary>
    [Fact]
    public void An_unknown_base_images_entrypoint_leaves_the_cmd_unread()
    {
        using var tree = Tree("FROM registry.example.org/team/base:1\nWORKDIR /app\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:9000\", \"app:app\"]\n");
        Assert.Empty(Findings(tree));
        Assert.Contains("the CMD of opt/app/Dockerfile:3 is given as arguments to the image's ENTRYPOINT: the ENTRYPOINT of registry.example.org/team/base:1", Verbose(tree), StringComparison.Ordinal);

        using var image = Tree("FROM python:3.12\n", "    image: registry.example.org/team/web:1\n", build: string.Empty);
        Assert.Empty(Findings(image));
    }

    /// <summary>An exec-form ENTRYPOINT script that ends exec "$@" runs CMD; a shell-form ENTRYPOINT gets no CMD; a program
    /// the root does not show as a script is not read as running it.</summary>
    [Theory]
    [InlineData("ENTRYPOINT [\"/entrypoint.sh\"]\n", true)]
    [InlineData("ENTRYPOINT /entrypoint.sh\n", false)]
    [InlineData("ENTRYPOINT [\"/usr/bin/tini\", \"--\"]\n", false)]
    public void An_entrypoint_script_that_execs_its_arguments_runs_the_cmd(string entrypoint, bool runs)
    {
        using var tree = Tree(Base + "COPY entrypoint.sh /entrypoint.sh\n" + entrypoint + "CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:9000\", \"app:app\"]\n");
        if (runs)
        {
            AssertRefused(tree, "0.0.0.0:9000", "opt/app/Dockerfile:6");
        }
        else
        {
            Assert.Empty(Findings(tree));
        }
    }

    /// <summary>ENTRYPOINT resets the CMD a base stage set; build.target picks the stage whose CMD runs.</summary>
    [Fact]
    public void The_built_stages_cmd_runs()
    {
        const string stages = "FROM python:3.12 AS base\nWORKDIR /app\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:9000\", \"app:app\"]\n\nFROM base AS dev\nRUN pip install watchdog\n\nFROM base AS prod\nENTRYPOINT [\"/usr/local/bin/start\"]\n";
        using var last = Tree(stages);
        Assert.Empty(Findings(last));

        using var dev = Tree(stages, build: "    build:\n      context: .\n      target: dev\n");
        AssertRefused(dev, "0.0.0.0:9000", "opt/app/Dockerfile:3");
    }

    /// <summary>The shell form expands the container's environment: the Dockerfile's ENV, which the Compose environment
    /// replaces; a variable neither sets (the base image may) is not known. The exec form substitutes nothing.</summary>
    [Theory]
    [InlineData("ENV PORT=9000\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n", "", "0.0.0.0:9000")]
    [InlineData("ENV PORT 9000\nCMD gunicorn -b 0.0.0.0:${PORT:-8000} app:app\n", "", "0.0.0.0:9000")]
    [InlineData("ENV PORT=9000\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n", "    environment:\n      PORT: \"8000\"\n", null)]
    [InlineData("CMD gunicorn -b 0.0.0.0:$PORT app:app\n", "", null)]
    [InlineData("ENV PORT=9000\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n", "    env_file: missing.env\n", null)]
    [InlineData("ENV PORT=9000\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:$PORT\", \"app:app\"]\n", "", null)]
    public void The_cmds_variables_are_the_containers(string lines, string web, string? listens)
    {
        using var tree = Tree(Base + lines, web);
        if (listens is not null)
        {
            AssertRefused(tree, listens, "opt/app/Dockerfile:5");
        }
        else
        {
            Assert.Empty(Findings(tree));
        }
    }

    [Fact]
    public void An_exec_form_variable_is_said_unread()
    {
        using var tree = Tree(Base + "CMD [\"gunicorn\", \"-b\", \"0.0.0.0:$PORT\", \"app:app\"]\n");
        Assert.Contains("the CMD of opt/app/Dockerfile:4 is in the exec form, in which Docker substitutes no variable", Verbose(tree), StringComparison.Ordinal);
    }

    /// <summary>gunicorn -c names a file the Dockerfile copies to its WORKDIR: its bind is read there; CL006 reads the
    /// CMD's --timeout at the Dockerfile's word (with the worker class and threads given, as a gunicorn.conf.py of the
    /// image's working folder could set them).</summary>
    [Fact]
    public void The_cmds_named_files_and_timeout_are_read()
    {
        using var tree = Tree(Base + "CMD [\"gunicorn\", \"-c\", \"gunicorn.conf.py\", \"app:app\"]\n").Write("opt/app/gunicorn.conf.py", "bind = \"0.0.0.0:9000\"\n");
        AssertRefused(tree, "0.0.0.0:9000", "opt/app/gunicorn.conf.py:1");

        using var timeout = Tree(Base + "CMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"--worker-class\", \"sync\", \"--threads\", \"1\", \"--timeout\", \"300\", \"app:app\"]\n");
        var slow = Assert.Single(Findings(timeout, "CL006"));
        Assert.Contains("lets a request run for 5m", Message(slow), StringComparison.Ordinal);
        Assert.Contains("opt/app/Dockerfile:4", RelatedAt(slow));

        using var quick = Tree(Base + "CMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"--worker-class\", \"sync\", \"--threads\", \"1\", \"--timeout\", \"30\", \"app:app\"]\n");
        Assert.Empty(Findings(quick, "CL006"));
    }
}
