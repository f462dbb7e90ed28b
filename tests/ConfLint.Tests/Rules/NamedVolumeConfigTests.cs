using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A Compose service whose daemon configuration lives in a named volume (GeoNode's <c>nginx-confd:/etc/nginx</c>): Docker
/// keeps a local volume's files in <c>/var/lib/docker/volumes/NAME/_data</c>, NAME being <c>PROJECT_KEY</c>, or the
/// volume's <c>name:</c>, or for an <c>external</c> volume the key itself (compose-go's <c>loader/normalize.go</c>); the
/// project name from <c>COMPOSE_PROJECT_NAME</c>, the top-level <c>name</c>, or the folder. Where the root holds that
/// folder it is read as the folder the volume is mounted on, the way a bind mount's source is; a deeper mount lies over
/// it (moby's <c>sortMounts</c>); a fix there is advice only, and messages say which volume of which service.
/// </summary>
public class NamedVolumeConfigTests
{
    private const string Compose = "services:\n  web:\n    image: nginx:1.27\n    restart: always\n    ports:\n      - \"8080:80\"\n"
        + "    volumes:\n      - nginx-conf:/etc/nginx\n"
        + "  app:\n    image: python:3.12\n    command: gunicorn --bind 0.0.0.0:9000 app:app\n    restart: always\n"
        + "volumes:\n  nginx-conf:\n";

    private const string NginxConf = "events {}\nhttp {\n    include conf.d/*.conf;\n}\n";

    // Line 4: the app listens on 9000, not 8000 (CL001).
    private const string Site = "server {\n    listen 80;\n    location / {\n        proxy_pass http://app:8000;\n    }\n}\n";

    private const string Data = "var/lib/docker/volumes/shop_nginx-conf/_data";

    private static TempTree Tree(string compose = Compose, string data = Data, string site = Site) => new TempTree()
        .Write("opt/shop/docker-compose.yml", compose)
        .Write($"{data}/nginx.conf", NginxConf)
        .Write($"{data}/conf.d/app.conf", site);

    private static string At(JsonElement d) => $"{d.GetProperty("code").GetString()} {d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}:{d.GetProperty("column").GetInt32()}";

    private static string Verbose(TempTree tree) => CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose").Stderr;

    [Fact]
    public void A_site_in_a_named_volume_on_etc_nginx_is_read_as_the_containers_and_judged()
    {
        using var tree = Tree();
        var finding = Assert.Single(Findings(tree));
        Assert.Equal($"CL001 {Data}/conf.d/app.conf:4:20", At(finding));
        var message = finding.GetProperty("message").GetString()!;
        Assert.Contains("listens on 0.0.0.0:9000", message, StringComparison.Ordinal);
        Assert.Contains($"({Data}/conf.d/app.conf is in Docker volume 'shop_nginx-conf' of service 'web' (/etc/nginx/conf.d/app.conf in the container)", message, StringComparison.Ordinal);
        Assert.Contains("read from volume 'shop_nginx-conf'", Verbose(tree), StringComparison.Ordinal);
    }

    /// <summary>The volume holds the image's files and what its entrypoint writes at each start: never edited.</summary>
    [Fact]
    public void A_fix_into_a_volume_file_is_advice_only_and_the_file_is_left_as_it_is()
    {
        using var tree = Tree();
        foreach (var finding in Findings(tree).Where(f => f.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object))
        {
            Assert.Equal("display-only", finding.GetProperty("fix").GetProperty("applicability").GetString());
        }

        CliRunner.Run("fix", "--root", tree.Root, "--unsafe-fixes", "--select", "CL001");
        Assert.Equal(Site, tree.Read($"{Data}/conf.d/app.conf"));
    }

    [Theory]
    [InlineData("volumes:\n  nginx-conf:\n    name: edge-conf\n", "", "var/lib/docker/volumes/edge-conf/_data")] // name: as written
    [InlineData("volumes:\n  nginx-conf:\n    name: ${COMPOSE_PROJECT_NAME}-conf\n", "COMPOSE_PROJECT_NAME=geo\n", "var/lib/docker/volumes/geo-conf/_data")] // GeoNode's
    [InlineData("volumes:\n  nginx-conf:\n    name: ${COMPOSE_PROJECT_NAME}-conf\n", "", "var/lib/docker/volumes/shop-conf/_data")] // the project's name exposed to interpolation
    [InlineData("volumes:\n  nginx-conf:\n    external: true\n", "", "var/lib/docker/volumes/nginx-conf/_data")] // external: the key as is
    [InlineData("volumes:\n  nginx-conf:\n", "COMPOSE_PROJECT_NAME=edge\n", "var/lib/docker/volumes/edge_nginx-conf/_data")] // .env's project name
    [InlineData("name: edge\nvolumes:\n  nginx-conf:\n", "", "var/lib/docker/volumes/edge_nginx-conf/_data")] // top-level name
    public void The_volume_is_found_by_the_name_Compose_gives_it(string volumes, string dotEnv, string data)
    {
        var compose = Compose.Replace("volumes:\n  nginx-conf:\n", string.Empty, StringComparison.Ordinal);
        compose = volumes.StartsWith("name:", StringComparison.Ordinal) ? volumes[..volumes.IndexOf('\n', StringComparison.Ordinal)] + "\n" + compose + volumes[(volumes.IndexOf('\n', StringComparison.Ordinal) + 1)..] : compose + volumes;
        using var tree = Tree(compose, data);
        if (dotEnv.Length > 0)
        {
            tree.Write("opt/shop/.env", dotEnv);
        }

        Assert.Equal($"CL001 {data}/conf.d/app.conf:4:20", At(Assert.Single(Findings(tree))));
    }

    /// <summary>Controls: the folder of another name is not the volume's (an external volume is not scoped by the project;
    /// a volume given a name is not PROJECT_KEY).</summary>
    [Theory]
    [InlineData("volumes:\n  nginx-conf:\n    external: true\n")]
    [InlineData("volumes:\n  nginx-conf:\n    name: edge-conf\n")]
    [InlineData("volumes:\n  nginx-conf:\n    driver_opts:\n      type: none\n      o: bind\n      device: /srv/conf\n")] // the files are in the device
    public void A_data_folder_of_another_name_is_not_read(string volumes)
    {
        using var tree = Tree(Compose.Replace("volumes:\n  nginx-conf:\n", volumes, StringComparison.Ordinal));
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_volume_whose_files_are_not_in_the_root_is_silent_and_noted()
    {
        using var tree = new TempTree().Write("opt/shop/docker-compose.yml", Compose);
        Assert.Empty(Findings(tree));
        Assert.Contains("service 'web' of opt/shop/docker-compose.yml: named volume 'nginx-conf' on /etc/nginx: volume 'shop_nginx-conf' has no files in the root (var/lib/docker/volumes/shop_nginx-conf/_data)", Verbose(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_data_root_from_daemon_json_is_where_the_volume_is()
    {
        using var tree = Tree(data: "srv/docker/volumes/shop_nginx-conf/_data").Write("etc/docker/daemon.json", "{ \"data-root\": \"/srv/docker\" }\n");
        Assert.Equal("CL001 srv/docker/volumes/shop_nginx-conf/_data/conf.d/app.conf:4:20", At(Assert.Single(Findings(tree))));
    }

    /// <summary>Control: a volume on a folder no daemon ConfLint reads reads from (an application's data) is not looked into.</summary>
    [Fact]
    public void A_volume_on_a_folder_that_is_not_a_daemons_is_not_read()
    {
        using var tree = Tree(Compose.Replace("nginx-conf:/etc/nginx", "nginx-conf:/srv/nginx", StringComparison.Ordinal));
        Assert.Empty(Findings(tree));
        Assert.DoesNotContain("named volume 'nginx-conf'", Verbose(tree), StringComparison.Ordinal);
    }

    /// <summary>Docker mounts parents first: a bind mount on /etc/nginx/conf.d lies over the volume on /etc/nginx, whatever
    /// their order in the file; the volume's own conf.d is hidden.</summary>
    [Theory]
    [InlineData("      - ./conf.d:/etc/nginx/conf.d\n      - nginx-conf:/etc/nginx\n")]
    [InlineData("      - nginx-conf:/etc/nginx\n      - ./conf.d:/etc/nginx/conf.d\n")]
    public void A_bind_mount_below_the_volume_is_what_nginx_reads(string mounts)
    {
        var compose = Compose.Replace("      - nginx-conf:/etc/nginx\n", mounts, StringComparison.Ordinal);
        using (var hidden = Tree(compose).Write("opt/shop/conf.d/app.conf", Site.Replace("8000", "9000", StringComparison.Ordinal)))
        {
            Assert.Empty(Findings(hidden));
        }

        using var shown = Tree(compose, site: Site.Replace("8000", "9000", StringComparison.Ordinal)).Write("opt/shop/conf.d/app.conf", Site);
        Assert.Equal("CL001 opt/shop/conf.d/app.conf:4:20", At(Assert.Single(Findings(shown))));
    }

    /// <summary>nginx reads nginx.conf and what it includes: the image's conf.d/default.conf beside a main file that does
    /// not include conf.d, or a template beside its rendered file, is not read as a lone file.</summary>
    [Fact]
    public void A_file_of_the_volume_that_nginx_conf_does_not_include_is_not_judged()
    {
        using var tree = new TempTree()
            .Write("opt/shop/docker-compose.yml", Compose)
            .Write($"{Data}/nginx.conf", NginxConf.Replace("conf.d/*.conf", "sites-enabled/*.conf", StringComparison.Ordinal))
            .Write($"{Data}/sites-enabled/app.conf", Site.Replace("8000", "9000", StringComparison.Ordinal))
            .Write($"{Data}/conf.d/default.conf", Site);
        Assert.Empty(Findings(tree));
        Assert.Contains($"{Data}/conf.d/default.conf: /etc/nginx/conf.d/default.conf in service 'web', whose nginx reads /etc/nginx/nginx.conf ({Data}/nginx.conf) and what it includes: nothing includes this file", Verbose(tree), StringComparison.Ordinal);
    }
}
