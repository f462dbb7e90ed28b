using ConfLint.Knowledge;

namespace ConfLint.Tests.Knowledge;

/// <summary>The official images' defaults (data/images/images.txt): the reader's format and errors, the lookup by
/// repository and tag, and the facts the embedded table holds.</summary>
public sealed class ImageTableTests
{
    [Theory]
    [InlineData("php:8.2-fpm-alpine", "php-fpm", 9000, "www-data")]
    [InlineData("docker.io/library/php:fpm@sha256:0123", "php-fpm", 9000, "www-data")]
    [InlineData("library/php:8.3.4-fpm-bookworm", "php-fpm", 9000, "www-data")]
    [InlineData("php:8.3-apache", "apache", 80, "www-data")]
    [InlineData("nginx", "nginx", 80, "nginx")]
    [InlineData("nginx:1.27-alpine-slim", "nginx", 80, "nginx")]
    [InlineData("nginxinc/nginx-unprivileged:1.27-alpine", "nginx", 8080, "nginx")]
    [InlineData("httpd:2.4", "apache", 80, "www-data")]
    [InlineData("nextcloud:34-fpm", "php-fpm", 9000, "www-data")]
    [InlineData("nextcloud:fpm-alpine", "php-fpm", 9000, "www-data")]
    [InlineData("nextcloud:34-apache", "apache", 80, "www-data")]
    [InlineData("nextcloud", "apache", 80, "www-data")]
    [InlineData("wordpress:6.8-php8.3-fpm-alpine", "php-fpm", 9000, "www-data")]
    [InlineData("wordpress:latest", "apache", 80, "www-data")]
    [InlineData("drupal:11-fpm-alpine", "php-fpm", 9000, "www-data")]
    public void The_embedded_table_knows_the_common_official_images(string image, string server, int port, string user)
    {
        var facts = ImageTable.Instance.Find(image)!;
        Assert.Equal(server, facts.Server);
        Assert.Equal([(string.Empty, port)], facts.Listen);
        Assert.Equal(user, facts.User);
        Assert.False(facts.CommandOnly);
    }

    [Theory]
    [InlineData("php:8.3-cli")]
    [InlineData("example/php:8.2-fpm")]
    [InlineData("ghcr.io/library/nginx:1.27")]
    [InlineData("bitnami/php-fpm:8.2")]
    [InlineData("nextcloud:34")]
    [InlineData("wordpress:cli")]
    public void An_image_no_line_names_is_unknown_or_listens_nowhere_by_default(string image)
    {
        var facts = ImageTable.Instance.Find(image);
        Assert.True(facts is null || facts.Listen.Count == 0, $"{image}: {facts}");
    }

    [Fact]
    public void Base_images_are_known_only_through_their_command()
    {
        Assert.True(ImageTable.Instance.Find("python:3.12-slim")!.CommandOnly);
        Assert.True(ImageTable.Instance.Find("node:20")!.CommandOnly);
        Assert.Empty(ImageTable.Instance.Find("node:20")!.Listen);
    }

    [Fact]
    public void The_php_fpm_facts_name_the_files_that_set_listen_and_the_pool_folder()
    {
        var facts = ImageTable.Instance.Find("php:8.2-fpm")!;
        Assert.Equal(["/usr/local/etc/php-fpm.d/docker.conf", "/usr/local/etc/php-fpm.d/zz-docker.conf"], facts.ListenSetBy);
        Assert.Equal("www", facts.ListenPool);
        Assert.Equal("/usr/local/etc/php-fpm.d", facts.IncludeFolder);
        Assert.True(facts.MountReplacesListen("/usr/local/etc"));
        Assert.True(facts.MountReplacesListen("/usr/local/etc/php-fpm.d/zz-docker.conf"));
        Assert.True(facts.MountReplacesListen("/usr/local/etc/php-fpm.conf"));
        Assert.False(facts.MountReplacesListen("/usr/local/etc/php-fpm.d/www.conf"));
        Assert.False(facts.MountReplacesListen("/usr/local/etc/php/conf.d/uploads.ini"));
        Assert.False(facts.MountReplacesListen("/var/www/html"));
    }

    [Fact]
    public void Lines_add_up_per_matching_glob()
    {
        var table = ImageTable.Parse("t.txt", ["# comment", string.Empty, "app * listen *:80", "app *-tls listen 127.0.0.1:443", "app 1.* user web"]);
        Assert.Equal([(string.Empty, 80), ("127.0.0.1", 443)], table.Find("app:2-tls")!.Listen);
        Assert.Null(table.Find("app:2")!.User);
        Assert.Equal("web", table.Find("app:1.4")!.User);
        Assert.Single(table.Find("app")!.Listen);
        Assert.Null(table.Find("other:1"));
    }

    [Theory]
    [InlineData("portainer/portainer-ce:2.21.5")]
    [InlineData("docker.io/portainer/portainer-ee:lts")]
    [InlineData("portainer/portainer-ce")]
    public void Portainer_serves_plain_http_https_only_and_its_edge_tunnel(string image)
    {
        var facts = ImageTable.Instance.Find(image)!;
        Assert.Empty(facts.Listen);
        Assert.Equal("http", facts.ServedOn(9000)!.Protocol);
        Assert.Equal("https", facts.ServedOn(9443)!.Protocol);
        Assert.False(facts.ServedOn(8000)!.Http);
        Assert.Contains("Edge agents' tunnel", facts.ServedOn(8000)!.Describe(), StringComparison.Ordinal);
        Assert.Null(facts.ServedOn(80));
        Assert.Contains("--bind-https", facts.ServesSetBy);
    }

    [Fact]
    public void Serves_lines_take_a_port_a_protocol_and_a_note()
    {
        var table = ImageTable.Parse("t.txt", ["app * serves 8443 https the admin console", "app * serves 8080 http", "app * serves-set-by --port -p"]);
        var facts = table.Find("app:1")!;
        Assert.Equal(new ConfLint.Knowledge.ImagePort(8443, "https", "the admin console"), facts.ServedOn(8443));
        Assert.Equal("HTTPS only (the admin console)", facts.ServedOn(8443)!.Describe());
        Assert.Equal("plain HTTP", facts.ServedOn(8080)!.Describe());
        Assert.Equal(["--port", "-p"], facts.ServesSetBy);
    }

    [Theory]
    [InlineData("app * listen", "t.txt:3:")]
    [InlineData("app * serves 80", "t.txt:3: a value serves does not take")]
    [InlineData("app * serves 80 ftp", "t.txt:3: a value serves does not take")]
    [InlineData("app * serves x http", "t.txt:3: a value serves does not take")]
    [InlineData("app * serves-set-by port", "t.txt:3: a value serves-set-by does not take")]
    [InlineData("app * port 80", "t.txt:3: unknown fact 'port'")]
    [InlineData("app * listen 80", "t.txt:3: a value listen does not take")]
    [InlineData("app * server lighttpd", "t.txt:3: a value server does not take")]
    [InlineData("app  * user x", "t.txt:3: too few fields, or two spaces in a row")]
    [InlineData("app", "t.txt:3: too few fields")]
    [InlineData("app * config etc/x.conf", "t.txt:3: a value config does not take")]
    public void A_malformed_line_is_an_error_naming_file_and_line(string line, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ImageTable.Parse("t.txt", ["# head", string.Empty, line]));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(line, error.Message, StringComparison.Ordinal);
    }
}
