using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A Compose service's application server read as its container runs it (GeoNode's django service): the file its
/// command names (<c>uwsgi --ini /usr/src/project/uwsgi.ini</c>) read where the container sees a file of the repository
/// (a bind mount's source, else the file the Dockerfile copied there; a mount over the path wins, as Docker mounts it
/// over the image's files), and an entrypoint script whose last line is <c>exec "$@"</c> (or <c>exec $cmd</c> with
/// <c>cmd="$@"</c>) taken to run the command (Docker appends the command to the entrypoint). CL001 then judges a
/// container nginx's target, and CL006 compares the read timeout with uwsgi's <c>harakiri</c>, in the network and
/// through a published port. Where the file is not in the root, or the entrypoint ends otherwise, nothing is judged.
/// </summary>
public class ContainerCommandFilesTests
{
    private const string Ini = "[uwsgi]\n; HTTP for the nginx container\nhttp-socket = 0.0.0.0:8000\nmodule = geonode_project.wsgi:application\nmaster = true\nharakiri = 600\n";

    private const string Entrypoint = "#!/bin/bash\nset -e\ninvoke () {\n    /usr/local/bin/invoke \"$@\"\n}\ninvoke migrations\ncmd=\"$@\"\necho \"uwsgi: $cmd\"\n\nexec $cmd\n";

    private const string Dockerfile = "FROM python:3.12\nWORKDIR /usr/src/project\nCOPY src/ /usr/src/project/\nRUN chmod +x /usr/src/project/entrypoint.sh\nEXPOSE 8000\n";

    private static string Compose(string django = "", string command = "uwsgi --ini /usr/src/project/uwsgi.ini", string nginxPorts = "") =>
        "services:\n  django:\n    build:\n      context: ./\n      dockerfile: Dockerfile\n    restart: unless-stopped\n"
        + "    entrypoint: [\"/usr/src/project/entrypoint.sh\"]\n"
        + $"    command: \"{command}\"\n" + django
        + "  nginx:\n    image: nginx:1.27\n    restart: unless-stopped\n" + nginxPorts
        + "    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n";

    private static string Site(int port, string timeout = "") =>
        $"server {{\n    listen 80;\n    server_name geonode.example.org;\n    location / {{\n        proxy_pass http://django:{port};\n{timeout}    }}\n}}\n";

    private static TempTree Tree(string compose, string site, string ini = Ini, string entrypoint = Entrypoint) => new TempTree()
        .Write("opt/geonode/docker-compose.yml", compose)
        .Write("opt/geonode/Dockerfile", Dockerfile)
        .Write("opt/geonode/src/uwsgi.ini", ini)
        .Write("opt/geonode/src/entrypoint.sh", entrypoint)
        .Write("opt/geonode/nginx/default.conf", site);

    [Fact]
    public void The_ini_the_Dockerfile_copied_is_read_through_an_entrypoint_that_execs_its_command()
    {
        using var tree = Tree(Compose(), Site(8001));
        var refused = Assert.Single(Findings(tree));
        Assert.Equal("opt/geonode/nginx/default.conf", refused.GetProperty("path").GetString());
        Assert.Equal(5, refused.GetProperty("line").GetInt32());
        Assert.Contains("connects to service 'django' on port 8001, but it listens on 0.0.0.0:8000", Message(refused), StringComparison.Ordinal);
        Assert.Contains("opt/geonode/src/uwsgi.ini:3", RelatedAt(refused));
    }

    [Fact]
    public void The_ini_a_bind_mount_brings_is_read_and_exec_quoted_arguments_is_taken()
    {
        var compose = Compose(django: "    volumes:\n      - ./src:/usr/src/project\n").Replace("    build:\n      context: ./\n      dockerfile: Dockerfile\n", "    image: geonode/geonode:4.4\n", StringComparison.Ordinal);
        using var tree = Tree(compose, Site(8001), entrypoint: "#!/bin/sh\nset -eo pipefail\n# run the command\nexec \"$@\"\n");
        var refused = Assert.Single(Findings(tree));
        Assert.Contains("listens on 0.0.0.0:8000", Message(refused), StringComparison.Ordinal);
    }

    [Fact]
    public void Gunicorns_config_file_named_by_c_is_read_through_a_bind_mount()
    {
        var compose = "services:\n  web:\n    image: python:3.12\n    restart: always\n    command: gunicorn -c /app/gunicorn.conf.py app.wsgi\n"
            + "    volumes:\n      - ./app:/app\n  nginx:\n    image: nginx:1.27\n    restart: always\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n";
        using var tree = new TempTree()
            .Write("opt/web/docker-compose.yml", compose)
            .Write("opt/web/app/gunicorn.conf.py", "bind = \"0.0.0.0:8000\"\nworkers = 3\ntimeout = 300\n")
            .Write("opt/web/nginx/default.conf", Site(8001).Replace("django", "web", StringComparison.Ordinal));
        var refused = Assert.Single(Findings(tree));
        Assert.Contains("connects to service 'web' on port 8001, but it listens on 0.0.0.0:8000", Message(refused), StringComparison.Ordinal);
        Assert.Contains("opt/web/app/gunicorn.conf.py:1", RelatedAt(refused));
        tree.Write("opt/web/nginx/default.conf", Site(8000).Replace("django", "web", StringComparison.Ordinal));
        var cut = Assert.Single(Findings(tree, "CL006"));
        Assert.Contains("lets a request run for 5m", Message(cut), StringComparison.Ordinal);
    }

    [Fact]
    public void The_right_port_stays_silent()
    {
        using var tree = Tree(Compose(), Site(8000));
        Assert.Empty(Findings(tree));
    }

    /// <summary>A bind mount over the copied folder hides the image's file: its own uwsgi.ini (port 8001) is the one read.</summary>
    [Fact]
    public void A_mount_over_the_copied_file_wins()
    {
        using var tree = Tree(Compose(django: "    volumes:\n      - ./live:/usr/src/project\n"), Site(8001));
        tree.Write("opt/geonode/live/uwsgi.ini", Ini.Replace("8000", "8001", StringComparison.Ordinal))
            .Write("opt/geonode/live/entrypoint.sh", Entrypoint);
        Assert.Empty(Findings(tree));
    }

    /// <summary>A named volume over the folder: what the container sees there is not in the root.</summary>
    [Fact]
    public void A_named_volume_over_the_copied_file_leaves_it_unknown()
    {
        using var tree = Tree(Compose(django: "    volumes:\n      - code:/usr/src/project\n") + "volumes:\n  code: {}\n", Site(8001));
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void An_ini_the_root_does_not_hold_is_not_judged_and_the_note_names_it()
    {
        using var tree = Tree(Compose(command: "uwsgi --ini /etc/uwsgi/geonode.ini"), Site(8001));
        Assert.Empty(Findings(tree));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("CL001 did not judge django:8001: where service 'django' listens is not known", output.Stderr, StringComparison.Ordinal);
        Assert.Contains("/etc/uwsgi/geonode.ini", output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#!/bin/bash\nexec gosu geonode \"$@\"\n")]
    [InlineData("#!/bin/bash\ncmd=\"$@\"\nshift\nexec $cmd\n")]
    [InlineData("#!/bin/bash\ncmd=\"$@\"\ncmd=\"$cmd --http-socket :8001\"\nexec $cmd\n")]
    [InlineData("#!/bin/bash\nexec \"$@\"\necho done\n")]
    [InlineData("#!/bin/bash\nset -- uwsgi --http-socket :8001\nexec \"$@\"\n")]
    [InlineData("exec \"$@\"\n")]
    public void An_entrypoint_that_does_not_end_by_running_its_command_is_not_judged(string entrypoint)
    {
        using var tree = Tree(Compose(), Site(8001), entrypoint: entrypoint);
        Assert.Empty(Findings(tree));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("the entrypoint /usr/src/project/entrypoint.sh is opt/geonode/src/entrypoint.sh, not read as running its command", output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_container_nginx_that_gives_up_before_harakiri_is_found()
    {
        using var tree = Tree(Compose(), Site(8000, "        proxy_read_timeout 60s;\n"));
        tree.Write("opt/web/nginx/default.conf", Site(8000).Replace("django", "web", StringComparison.Ordinal));
        var cut = Assert.Single(Findings(tree, "CL006"));
        Assert.Equal(6, cut.GetProperty("line").GetInt32());
        Assert.Contains("Compose service 'django' lets a request run for 10m (harakiri)", Message(cut), StringComparison.Ordinal);
        Assert.Contains("opt/geonode/src/uwsgi.ini:6", RelatedAt(cut));
    }

    /// <summary>wger's web service: gunicorn in an image whose working folder is not in the root (a gunicorn.conf.py there is
    /// not seen), with the worker class, threads and timeout all on the command line, which override that file: the
    /// timeout is known and CL006 compares it. One of them left to the file leaves the timeout unknown, said by --verbose.</summary>
    [Theory]
    [InlineData("--worker-class sync --threads 1 --timeout 240", true)]
    [InlineData("--threads 1 --timeout 240", false)]
    [InlineData("--worker-class sync --threads 1", false)]
    [InlineData("--worker-class sync --threads 4 --timeout 240", false)]
    public void A_gunicorn_whose_command_line_sets_its_timeout_is_compared_though_its_folder_is_unseen(string options, bool compared)
    {
        var compose = "services:\n  web:\n    image: wger/server:latest\n    restart: unless-stopped\n"
            + $"    command: [\"gunicorn\", \"wger.wsgi:application\", \"--bind\", \"0.0.0.0:8000\", {string.Join(", ", options.Split(' ').Select(o => $"\"{o}\""))}]\n"
            + "  nginx:\n    image: nginx:1.27\n    restart: unless-stopped\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n";
        using var tree = new TempTree()
            .Write("opt/wger/docker-compose.yml", compose)
            .Write("opt/wger/nginx/default.conf", Site(8000, "        proxy_read_timeout 120s;\n").Replace("django", "web", StringComparison.Ordinal));
        var cuts = Findings(tree, "CL006");
        if (compared)
        {
            var cut = Assert.Single(cuts);
            Assert.Contains("lets a request run for 4m (--timeout)", Message(cut), StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(cuts);
            if (!options.Contains("--threads 4", StringComparison.Ordinal))
            {
                var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--verbose");
                Assert.Contains("reads gunicorn.conf.py of a working folder ConfLint cannot see", output.Stderr, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Equal_timeouts_are_at_most_info()
    {
        using var tree = Tree(Compose(), Site(8000, "        proxy_read_timeout 600s;\n"));
        Assert.All(Findings(tree, "CL006"), d => Assert.Equal("info", d.GetProperty("severity").GetString()));
    }

    [Fact]
    public void A_host_nginx_reaching_the_published_port_meets_harakiri()
    {
        using var tree = Tree(Compose(django: "    ports:\n      - \"127.0.0.1:8000:8000\"\n"), Site(8000));
        tree.Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name geonode.example.org;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n            proxy_read_timeout 120s;\n        }\n    }\n}\n");
        var cut = Assert.Single(Findings(tree, "CL006"), d => d.GetProperty("path").GetString() == "etc/nginx/nginx.conf");
        Assert.Equal(8, cut.GetProperty("line").GetInt32());
        Assert.Contains("opt/geonode/src/uwsgi.ini:6", RelatedAt(cut));
    }

    /// <summary>The published port is not one the container's uwsgi listens on: whose limit the host meets is not known.</summary>
    [Fact]
    public void A_published_port_the_server_does_not_listen_on_is_not_compared()
    {
        using var tree = Tree(Compose(django: "    ports:\n      - \"127.0.0.1:9000:9000\"\n"), Site(8000, "        proxy_read_timeout 600s;\n"));
        tree.Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name geonode.example.org;\n        location / {\n            proxy_pass http://127.0.0.1:9000;\n            proxy_read_timeout 120s;\n        }\n    }\n}\n");
        Assert.DoesNotContain(Findings(tree, "CL006"), d => d.GetProperty("path").GetString() == "etc/nginx/nginx.conf" && d.GetProperty("severity").GetString() != "info");
    }
}
