using ConfLint.Syntax;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Workspace;

/// <summary>Discovery beyond Debian's layout: the builds' prefixes and the panels, relative includes taken from each
/// daemon's own prefix, and nothing read from outside the root whatever the links say.</summary>
public class LayoutDiscoveryTests
{
    private static ConfigWorkspace LoadRoot(TempTree tree) => WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });

    [Fact]
    public void The_php_images_prefix_relative_include_and_aapanels_nginx_are_followed()
    {
        using var tree = new TempTree()
            .Write("usr/local/etc/php-fpm.conf", "[global]\ninclude=etc/php-fpm.d/*.conf\n")
            .Write("usr/local/etc/php-fpm.d/www.conf", "[www]\nlisten = 9000\n")
            .Write("www/server/nginx/conf/nginx.conf", "events {}\nhttp { include enable-php.conf; }\n")
            .Write("www/server/nginx/conf/enable-php.conf", "server { location ~ \\.php$ { fastcgi_pass unix:/tmp/php-cgi-82.sock; } }\n");
        var workspace = LoadRoot(tree);
        Assert.Empty(workspace.Diagnostics);
        Assert.Equal(
            ["usr/local/etc/php-fpm.conf", "usr/local/etc/php-fpm.d/www.conf", "www/server/nginx/conf/enable-php.conf", "www/server/nginx/conf/nginx.conf"],
            workspace.Files.Select(f => f.DisplayPath).Order(StringComparer.Ordinal));
        Assert.Equal(ConfigKind.PhpFpm, workspace.FindFile("/usr/local/etc/php-fpm.d/www.conf")!.Kind);
    }

    [Fact]
    public void GitLab_Omnibus_nginx_is_read_from_its_prefix_with_its_relative_includes()
    {
        using var tree = new TempTree()
            .Write("var/opt/gitlab/nginx/conf/nginx.conf", "user gitlab-www gitlab-www;\nevents {}\nhttp { include gitlab-http.conf; }\n")
            .Write("var/opt/gitlab/nginx/conf/gitlab-http.conf", "server { listen *:80; location / { proxy_pass http://gitlab-workhorse; } }\nupstream gitlab-workhorse { server unix:/var/opt/gitlab/gitlab-workhorse/sockets/socket; }\n");
        var workspace = LoadRoot(tree);
        Assert.Empty(workspace.Diagnostics);
        Assert.Equal(
            ["var/opt/gitlab/nginx/conf/gitlab-http.conf", "var/opt/gitlab/nginx/conf/nginx.conf"],
            workspace.Files.Select(f => f.DisplayPath).Order(StringComparer.Ordinal));
        Assert.All(workspace.Files, f => Assert.Equal(ConfigKind.Nginx, f.Kind));
    }

    [Fact]
    public void A_layouts_main_file_that_links_out_of_the_root_is_not_read()
    {
        using var outside = new TempTree().Write("secret.conf", "[www]\nlisten = 9000\n");
        using var tree = new TempTree()
            .Link("etc/opt/remi/php81/php-fpm.conf", outside.Path("secret.conf"))
            .Link("etc/php83", "../../../../../../../../" + outside.Root.TrimStart('/'));
        var workspace = LoadRoot(tree);
        Assert.DoesNotContain(workspace.Files, f => f.Source?.Text.Contains("[www]", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Enabled_template_instances_are_units_masked_ones_are_not()
    {
        using var tree = new TempTree()
            .Write("lib/systemd/system/app@.service", "[Service]\nExecStart=/usr/bin/node /srv/app.js\n")
            .Link("etc/systemd/system/multi-user.target.wants/app@1.service", "/lib/systemd/system/app@.service")
            .Link("etc/systemd/system/multi-user.target.wants/app@2.service", "/lib/systemd/system/app@.service")
            .Link("etc/systemd/system/app@2.service", "/dev/null");
        var workspace = LoadRoot(tree);
        Assert.Equal(["app@1.service"], workspace.Units.Where(u => !u.IsTemplate).Select(u => u.Name));
        Assert.Equal("app@.service", workspace.Units.Single(u => u.Name == "app@1.service").Template);
    }
}
