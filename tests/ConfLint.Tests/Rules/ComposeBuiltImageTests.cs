using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A Compose service built from a Dockerfile whose stage derives FROM an image ConfLint knows (php:8.3-fpm) keeps that
/// image's facts where the Dockerfile leaves alone what they rest on: its ENTRYPOINT and CMD (a CMD of the same server
/// keeps them), RUNs naming the files that set listen, copies into them ConfLint does not read. A pool file the
/// Dockerfile COPYs into php-fpm.d is read as a bind-mounted one is: sorting after zz-docker.conf, its listen wins. And
/// the official application images built FROM a php variant (nextcloud:fpm) take that variant's facts.
/// </summary>
public class ComposeBuiltImageTests
{
    private const string LoopbackPool = "[www]\nlisten = 127.0.0.1:9000\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n";

    private const string CopyPool = "FROM php:8.3-fpm\nCOPY zz-www.conf /usr/local/etc/php-fpm.d/zz-www.conf\n";

    /// <summary>An nginx container passing PHP to app:<paramref name="port"/>, and app given by <paramref name="app"/>'s lines.</summary>
    private static TempTree Tree(string app, string dockerfile, string pool = LoopbackPool, int port = 9000) => new TempTree()
        .Write("opt/stack/compose.yaml", "services:\n  app:\n" + app + "    restart: always\n"
            + "  web:\n    image: nginx:1.27\n    restart: always\n    ports:\n      - 8080:80\n    volumes:\n      - ./web/default.conf:/etc/nginx/conf.d/default.conf:ro\n")
        .Write("opt/stack/app/Dockerfile", dockerfile)
        .Write("opt/stack/app/zz-www.conf", pool)
        .Write("opt/stack/web/default.conf", $"server {{\n    listen 80;\n    root /var/www/html;\n    location ~ \\.php$ {{\n        include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        fastcgi_pass app:{port};\n    }}\n}}\n")
        .Write("etc/hosts", "127.0.0.1\tlocalhost\n")
        .Write("etc/hostname", "app01\n");

    [Fact]
    public void A_pool_copied_by_a_build_from_the_php_fpm_image_sorts_last_and_moves_listen_to_loopback()
    {
        using var tree = Tree("    build: ./app\n", CopyPool);
        var refused = Assert.Single(Findings(tree));
        Assert.Contains("127.0.0.1:9000", Message(refused), StringComparison.Ordinal);
        Assert.Contains("zz-www.conf", Message(refused), StringComparison.Ordinal);

        // Control: copied as zz-app.conf it sorts before zz-docker.conf, whose place depends on the php image's build: unknown.
        using var between = Tree("    build: ./app\n", "FROM php:8.3-fpm\nCOPY zz-www.conf /usr/local/etc/php-fpm.d/zz-app.conf\n");
        Assert.Empty(Findings(between));

        // Control: the same copy listening on every address is what web reaches.
        using var everywhere = Tree("    build: ./app\n", CopyPool, LoopbackPool.Replace("127.0.0.1:9000", "9000", StringComparison.Ordinal));
        Assert.Empty(Findings(everywhere));
    }

    [Fact]
    public void The_base_images_default_holds_through_FROM_and_a_CMD_of_the_same_server()
    {
        using var plain = Tree("    build: ./app\n", "FROM php:8.3-fpm-alpine\nRUN docker-php-ext-install pdo_mysql\n", port: 9001);
        var refused = Assert.Single(Findings(plain));
        Assert.Contains("listens on *:9000", Message(refused), StringComparison.Ordinal);

        using var sameCmd = Tree("    build: ./app\n", CopyPool + "CMD [\"php-fpm\", \"-F\"]\n");
        Assert.Single(Findings(sameCmd));
    }

    [Theory]
    [InlineData("CMD [\"supervisord\", \"-n\"]\n")]
    [InlineData("ENTRYPOINT [\"/usr/local/bin/start.sh\"]\n")]
    [InlineData("RUN sed -i 's/9000/9001/' /usr/local/etc/php-fpm.d/zz-docker.conf\n")]
    [InlineData("COPY --from=builder /conf/ /usr/local/etc/php-fpm.d/\n")]
    public void A_Dockerfile_that_changes_what_the_facts_rest_on_leaves_the_listeners_unknown(string line)
    {
        using var tree = Tree("    build: ./app\n", CopyPool + line);
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_build_target_stage_derived_from_an_earlier_stage_keeps_the_base_image()
    {
        using var staged = Tree("    build:\n      context: ./app\n      target: prod\n",
            "FROM php:8.3-fpm AS base\nRUN docker-php-ext-install opcache\nFROM base AS prod\nCOPY zz-www.conf /usr/local/etc/php-fpm.d/\nFROM node:20 AS assets\n");
        Assert.Single(Findings(staged));

        // Control: an unknown base image is not judged.
        using var unknown = Tree("    build: ./app\n", "FROM example/php:8.3-fpm\nCOPY zz-www.conf /usr/local/etc/php-fpm.d/zz-www.conf\n");
        Assert.Empty(Findings(unknown));
    }

    [Fact]
    public void The_nextcloud_fpm_image_is_the_php_fpm_layout_and_its_apache_tags_are_not()
    {
        const string Mounted = "    volumes:\n      - ./app/zz-www.conf:/usr/local/etc/php-fpm.d/zz-www.conf:ro\n";
        using var fpm = Tree("    image: nextcloud:34-fpm\n" + Mounted, "FROM scratch\n");
        Assert.Contains("127.0.0.1:9000", Message(Assert.Single(Findings(fpm))), StringComparison.Ordinal);

        // Control: the Apache variant listens on 80, whatever a pool file says: nothing answers FastCGI on 9000.
        using var apache = Tree("    image: nextcloud:34-apache\n" + Mounted, "FROM scratch\n");
        Assert.DoesNotContain("127.0.0.1:9000", Message(Assert.Single(Findings(apache))), StringComparison.Ordinal);
    }
}
