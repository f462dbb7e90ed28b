using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>Who nginx's workers run as in a container whose nginx.conf is the image's: the image's default from
/// data/images/images.txt, or the Compose service's <c>user</c>; a mounted nginx.conf or an unknown image decides as before.</summary>
public class ContainerUserTests
{
    private const string Site = "server {\n    listen 80;\n    location / { proxy_pass http://app:8000; }\n}\n";

    private static string WebUser(string image, string extra = "", params (string Path, string Text)[] files)
    {
        using var tree = new TempTree()
            .Write("compose.yaml", $"services:\n  web:\n    image: {image}\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n{extra}  app:\n    image: python:3.12\n")
            .Write("nginx/default.conf", Site);
        foreach (var (path, text) in files)
        {
            tree.Write(path, text);
        }

        return Assert.Single(HostTrees.Model(tree).FrontEnds).Web.User;
    }

    [Theory]
    [InlineData("nginx:1.27-alpine", "", "nginx")]
    [InlineData("nginxinc/nginx-unprivileged:1.27", "", "nginx")]
    [InlineData("nginx:1.27", "    user: \"1000:1000\"\n", "1000")]
    [InlineData("nginx:1.27", "    user: root\n", "nginx")]
    [InlineData("example/nginx:1", "", "nobody")]
    [InlineData("httpd:2.4", "", "nobody")]
    public void The_image_or_the_service_says_who_the_workers_are(string image, string extra, string user)
    {
        Assert.Equal(user, WebUser(image, extra));
    }

    /// <summary>The mounted nginx.conf includes conf.d, a folder of the image into which the site is mounted on its own:
    /// the include reaches the mounted site, so its workers are the mounted nginx.conf's user, not the image's.</summary>
    [Fact]
    public void A_mounted_nginx_conf_replaces_the_images_user()
    {
        var user = WebUser(
            "nginx:1.27",
            "      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n",
            ("nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n"));
        Assert.Equal("www-data", user);
    }
}
