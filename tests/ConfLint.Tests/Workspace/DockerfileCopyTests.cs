using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Workspace;

/// <summary>A Compose service built from a context in the tree: the files its image's stage copies from the context into a
/// daemon's configuration folders are read as that container's files, exactly as bind-mounted ones (the official nginx
/// image's <c>conf.d</c> takes <c>COPY nginx.conf /etc/nginx/conf.d</c> inside it); what cannot be read maps nothing.</summary>
public class DockerfileCopyTests
{
    private const string Site = "upstream app {\n    server web:8000;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://app;\n    }\n}\n";

    private const string Compose = """
        services:
          web:
            image: example/web:1.0
            restart: unless-stopped
            command: gunicorn app:app --bind 127.0.0.1:8000
          nginx:
            build: ./nginx
            restart: unless-stopped
            ports:
              - 80:80
        """;

    private static (string? ContainerPath, IReadOnlyList<string> Notes) Mapped(string dockerfile, string file = "nginx/nginx.conf", string compose = Compose, params (string Path, string Text)[] more)
    {
        using var tree = new TempTree().Write("srv/app/compose.yaml", compose).Write("srv/app/nginx/Dockerfile", dockerfile).Write("srv/app/" + file, Site);
        foreach (var (path, text) in more)
        {
            tree.Write("srv/app/" + path, text);
        }

        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        return (workspace.FindFile("/srv/app/" + file)?.Container?.ContainerPath, workspace.Notes);
    }

    [Theory]
    [InlineData("FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/conf.d\n", "/etc/nginx/conf.d/nginx.conf")] // a folder the image has
    [InlineData("FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/conf.d/\n", "/etc/nginx/conf.d/nginx.conf")]
    [InlineData("FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\n", "/etc/nginx/conf.d/default.conf")] // a file's new path
    [InlineData("FROM nginx:1.25\nCOPY --chown=nginx:nginx [\"nginx.conf\", \"/etc/nginx/conf.d/site.conf\"]\n", "/etc/nginx/conf.d/site.conf")]
    [InlineData("FROM nginx:1.25\nWORKDIR /etc/nginx\nCOPY nginx.conf conf.d/\n", "/etc/nginx/conf.d/nginx.conf")] // relative to WORKDIR
    [InlineData("FROM nginx:1.25\nCOPY mime.types nginx.conf /etc/nginx/conf.d\n", "/etc/nginx/conf.d/nginx.conf")] // several sources: a folder
    [InlineData("FROM nginx:1.25\nCOPY *.conf /etc/nginx/conf.d/\n", "/etc/nginx/conf.d/nginx.conf")]
    [InlineData("FROM nginx:1.25\nADD /nginx.conf \\\n    /etc/nginx/conf.d/\n", "/etc/nginx/conf.d/nginx.conf")] // from the context's top, continued
    public void A_copied_file_is_read_in_the_container(string dockerfile, string expected) =>
        Assert.Equal(expected, Mapped(dockerfile, more: ("nginx/mime.types", "types {}\n")).ContainerPath);

    [Fact]
    public void A_copied_folder_brings_its_files()
    {
        var (inside, _) = Mapped("FROM nginx:1.25\nCOPY conf/ /etc/nginx/conf.d\n", "nginx/conf/app.conf");
        Assert.Equal("/etc/nginx/conf.d/app.conf", inside);
    }

    /// <summary>The final stage is what runs (or <c>build.target</c>'s); <c>--from</c> copies another stage's file.</summary>
    [Theory]
    [InlineData("FROM nginx:1.25 AS base\nCOPY nginx.conf /etc/nginx/conf.d/\nFROM nginx:1.25\nRUN true\n", null)]
    [InlineData("FROM alpine AS build\nCOPY nginx.conf /tmp/\nFROM nginx:1.25\nCOPY --from=build /tmp/nginx.conf /etc/nginx/conf.d/\n", null)]
    [InlineData("FROM nginx:1.25 AS web\nCOPY nginx.conf /etc/nginx/conf.d/\nFROM alpine AS tools\nRUN true\n", "/etc/nginx/conf.d/nginx.conf")]
    public void Only_the_built_stage_s_copies_of_context_files_count(string dockerfile, string? expected)
    {
        var compose = expected is null ? Compose : Compose.Replace("build: ./nginx", "build:\n      context: ./nginx\n      target: web", StringComparison.Ordinal);
        Assert.Equal(expected, Mapped(dockerfile, compose: compose).ContainerPath);
    }

    /// <summary>What cannot be read maps nothing: a destination with a variable (noted), a relative one before any WORKDIR
    /// (the base image's is not known), a file <c>.dockerignore</c> leaves out of the context, a volume over the folder
    /// (the image's files are hidden), and an application's <c>COPY . /app</c> (no daemon reads <c>/app/nginx.conf</c>).</summary>
    [Theory]
    [InlineData("FROM nginx:1.25\nARG CONF=/etc/nginx/conf.d\nCOPY nginx.conf $CONF/\n", "holds a variable")]
    [InlineData("FROM nginx:1.25\nCOPY nginx.conf conf.d/\n", "is relative to a WORKDIR the image inherits")]
    [InlineData("FROM nginx:1.25\nCOPY . /app\n", null)]
    public void A_copy_that_cannot_be_read_maps_nothing(string dockerfile, string? note)
    {
        var (inside, notes) = Mapped(dockerfile);
        Assert.Null(inside);
        if (note is not null)
        {
            Assert.Contains(notes, n => n.StartsWith("srv/app/nginx/Dockerfile:", StringComparison.Ordinal) && n.Contains(note, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_file_dockerignore_leaves_out_is_not_copied()
    {
        var (inside, notes) = Mapped("FROM nginx:1.25\nCOPY . /etc/nginx/conf.d/\n", more: ("nginx/.dockerignore", "# not for the image\n*.conf\n"));
        Assert.Null(inside);
        Assert.Contains("srv/app/nginx/Dockerfile:2: srv/app/nginx/nginx.conf is left out of the build context by .dockerignore's '*.conf'; not read as /etc/nginx/conf.d/nginx.conf of service 'nginx'", notes);
    }

    [Fact]
    public void A_volume_over_the_folder_hides_the_image_s_file() =>
        Assert.Null(Mapped("FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/conf.d\n", compose: Compose + "\n    volumes:\n      - confd:/etc/nginx/conf.d\nvolumes:\n  confd: {}\n").ContainerPath);

    /// <summary>The whole verdict, as with a bind mount: gunicorn binds the web container's loopback, and nginx (from the
    /// copied file) connects to web:8000 from its own container.</summary>
    [Fact]
    public void The_copied_file_is_judged_as_the_container_s_nginx()
    {
        using var tree = new TempTree().Write("srv/app/compose.yaml", Compose).Write("srv/app/nginx/Dockerfile", "FROM nginx:1.25\nRUN rm /etc/nginx/conf.d/default.conf\nCOPY nginx.conf /etc/nginx/conf.d\n")
            .Write("srv/app/nginx/nginx.conf", Site);
        var output = CliRunner.Run("lint", "--root", tree.Root);
        Assert.Contains("srv/app/nginx/nginx.conf:7:20: error CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("it listens on 127.0.0.1:8000 inside its container", output.Stdout, StringComparison.Ordinal);
    }
}
