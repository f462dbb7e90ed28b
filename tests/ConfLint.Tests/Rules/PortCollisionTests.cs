using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Two programs given one port (precision round 25): two gunicorn services both bound to 127.0.0.1:8000, each with its own
/// site sent there. The kernel lets one listen; the other exits with "Connection in use" and both sites reach the first.
/// CL001 says so once, at the later bind; CL006 does not compare a site's wait with a program it may not reach (it named
/// the other site's program's --timeout and offered a "safe" raise). Left alone where the programs may share the port on
/// purpose (SO_REUSEPORT), do not run together (Conflicts=, a unit proven disabled), or are one program (a template's
/// instances).
/// </summary>
public class PortCollisionTests
{
    private static TempTree Tree(string blogBind = "127.0.0.1:8000", string blogExtra = "", string blogUnitExtra = "", bool enableBlog = true)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/shop.conf", "server {\n    listen 80;\n    server_name shop.example.com;\n    root /srv/shop/static;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n")
            .Write("etc/nginx/conf.d/blog.conf", "server {\n    listen 80;\n    server_name blog.example.com;\n    root /srv/blog/static;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n")
            .Write("etc/systemd/system/shop.service", "[Service]\nUser=www-data\nWorkingDirectory=/srv/shop\nExecStart=/srv/shop/venv/bin/gunicorn --workers 3 --timeout 300 --bind 127.0.0.1:8000 shop.wsgi:application\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Write("etc/systemd/system/blog.service", $"[Unit]\nDescription=blog\n{blogUnitExtra}\n[Service]\nUser=www-data\nWorkingDirectory=/srv/blog\nExecStart=/srv/blog/venv/bin/gunicorn --workers 3 --timeout 30 {blogExtra}--bind {blogBind} blog.wsgi:application\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/shop.service", "../shop.service");
        if (enableBlog)
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/blog.service", "../blog.service");
        }

        return tree;
    }

    private static (string Out, string Err) Lint(TempTree tree, params string[] more)
    {
        var lint = CliRunner.Run(["lint", "--root", tree.Root, "--select", "CL001,CL006", "--verbose", .. more]);
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return (lint.Stdout, lint.Stderr);
    }

    [Fact]
    public void Two_programs_on_one_port_are_reported_once_and_CL006_stays_out()
    {
        using var tree = Tree();
        var (output, notes) = Lint(tree);
        Assert.Contains("etc/systemd/system/shop.service:4:", output, StringComparison.Ordinal);
        Assert.Contains("warning CL001 gunicorn in service 'shop.service' binds 127.0.0.1:8000, and gunicorn in service 'blog.service' binds it too: two programs cannot listen on one port", output, StringComparison.Ordinal);
        Assert.Contains("both front ends sent to 127.0.0.1:8000 reach the one that started first", output, StringComparison.Ordinal);
        Assert.Contains("etc/systemd/system/blog.service:7:", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l.Contains("CL001", StringComparison.Ordinal) && l.Contains("warning", StringComparison.Ordinal));
        Assert.DoesNotContain("CL006", output, StringComparison.Ordinal);
        Assert.Contains("CL006 did not judge proxy_pass 127.0.0.1:8000: two programs are given that address (CL001)", notes, StringComparison.Ordinal);
        Assert.Contains("never applied automatically", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wildcard_bind_collides_with_a_loopback_one()
    {
        using var tree = Tree(blogBind: "0.0.0.0:8000");
        Assert.Contains("and gunicorn in service 'blog.service' binds 0.0.0.0:8000: two programs cannot listen on one port", Lint(tree).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_program_on_its_own_port_gives_CL006_its_own_limit()
    {
        using var tree = Tree(blogBind: "127.0.0.1:8001");
        var (output, _) = Lint(tree);
        Assert.DoesNotContain("two programs cannot listen", output, StringComparison.Ordinal);
        Assert.Contains("shop.conf:6:9: warning CL006", output, StringComparison.Ordinal); // shop's 300 s against nginx's 60 s
    }

    [Fact]
    public void Reuse_port_is_left_unjudged_with_a_note()
    {
        using var tree = Tree(blogExtra: "--reuse-port ");
        var (output, notes) = Lint(tree);
        Assert.DoesNotContain("two programs cannot listen", output, StringComparison.Ordinal);
        Assert.Contains("sets reuse-port: programs that all set SO_REUSEPORT may share a port", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Conflicting_units_do_not_collide()
    {
        using var tree = Tree(blogUnitExtra: "Conflicts=shop.service\n");
        var (output, notes) = Lint(tree);
        Assert.DoesNotContain("two programs cannot listen", output, StringComparison.Ordinal);
        Assert.Contains("name each other in Conflicts=", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_links_that_show_what_starts_the_collision_is_info()
    {
        using var tree = Tree();
        Directory.Delete(tree.Path("etc/systemd/system/multi-user.target.wants"), recursive: true);
        var (output, _) = Lint(tree);
        Assert.Contains("info CL001 gunicorn in service 'shop.service' binds 127.0.0.1:8000", output, StringComparison.Ordinal);
        Assert.Contains("unless one of them is not started (the root does not show which units start at boot)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning CL001", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_proven_disabled_does_not_collide()
    {
        using var tree = Tree(enableBlog: false);
        Assert.DoesNotContain("two programs cannot listen", Lint(tree).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Instances_of_one_template_are_one_program_here()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8000;\n        }\n    }\n}\n")
            .Write("etc/systemd/system/app@.service", "[Service]\nExecStart=/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app.wsgi\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/app@1.service", "../app@.service")
            .Link("etc/systemd/system/multi-user.target.wants/app@2.service", "../app@.service");
        Assert.DoesNotContain("two programs cannot listen", Lint(tree).Out, StringComparison.Ordinal);
    }
}
